"""The sizes and languages of exported files: a printed page, or a picture of the web map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mapgen.model import parse_partial_date
from mapgen.present.catalogue import LANGS, Lang

MM_PER_INCH = 25.4

# The print map's editions: one language, or both (each word in English, then in Chinese).
PrintLang = Literal["en", "zh", "both"]
PRINT_LANGS: tuple[PrintLang, ...] = (*LANGS, "both")


def edition_langs(lang: PrintLang) -> tuple[Lang, ...]:
    """The languages an edition writes its words in, the leading one first.

    >>> edition_langs("zh"), edition_langs("both")
    (('zh',), ('en', 'zh'))
    """
    if lang == "both":
        return LANGS
    if lang not in LANGS:  # a caller of the Python API, unchecked by the type checker
        raise ValueError(f"lang {lang!r} is not one of {', '.join(PRINT_LANGS)}")
    return (lang,)


def as_of_date(value: object) -> str:
    """A date a map is drawn as of, checked: YYYY, YYYY-MM or YYYY-MM-DD; else ValueError.

    >>> as_of_date("2019-06")
    '2019-06'
    >>> as_of_date("2019-13")
    Traceback (most recent call last):
    ...
    ValueError: asof: '2019-13': there is no month 13
    """
    if not isinstance(value, str):
        raise ValueError(f"asof: {value!r} is not a date as text: YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        parse_partial_date(value)
    except ValueError as error:
        raise ValueError(f"asof: {error}") from None
    return value


@dataclass(frozen=True)
class PageSize:
    """The page in millimetres; A4 landscape unless told otherwise.

    >>> [round(v, 2) for v in PageSize().inches]
    [11.69, 8.27]
    """

    width_mm: float = 297.0
    height_mm: float = 210.0

    def __post_init__(self) -> None:
        if not (50 <= self.width_mm <= 2000 and 50 <= self.height_mm <= 2000):
            raise ValueError("width and height must be between 50 and 2000 mm")

    @property
    def inches(self) -> tuple[float, float]:
        return self.width_mm / MM_PER_INCH, self.height_mm / MM_PER_INCH


@dataclass(frozen=True)
class Snapshot:
    """The picture's size in CSS pixels; ``scale`` 2 gives a sharp image for print and slides."""

    width: int = 1600
    height: int = 1000
    scale: float = 1.0

    def __post_init__(self) -> None:
        if not (200 <= self.width <= 8000 and 200 <= self.height <= 8000):
            raise ValueError("width and height are 200 to 8000 pixels")
        if not 0.5 <= self.scale <= 4:
            raise ValueError("scale is 0.5 to 4")

    @property
    def pixels(self) -> tuple[int, int]:
        """The PNG's size in pixels.

        >>> Snapshot(800, 500, 2).pixels
        (1600, 1000)
        """
        return round(self.width * self.scale), round(self.height * self.scale)
