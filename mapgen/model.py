"""The typed data model: what the files in ``geo/`` may say, and the validated Atlas.

Records are immutable pydantic models. Each remembers where it was read
(:class:`Origin`) so later stages can report ``path:line: field: message``.
:mod:`mapgen.validate` makes them from what :mod:`mapgen.read` read; nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from mapgen.coords import FloatArray, LonLat, gcj02_point_to_wgs84
from mapgen.errors import Problem
from mapgen.read.articles import Article
from mapgen.read.columns import TextColumn
from mapgen.read.yamldoc import Path_, YamlDocument, format_path

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]{0,63}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


@dataclass(frozen=True)
class Origin:
    """Where a record was read: its file and its path inside the YAML document."""

    doc: YamlDocument
    path: Path_

    def problem(self, field: str | tuple[str | int, ...], message: str) -> Problem:
        """A problem with ``field`` of this record, at the field's line."""
        sub = (field,) if isinstance(field, str) else field
        full = (*self.path, *sub)
        return Problem(self.doc.shown_as, self.doc.line_of(full), format_path(full), message)


class Record(BaseModel):
    """Base of every record: strict about unknown keys, NaN and infinity."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    _origin: Origin | None = PrivateAttr(default=None)

    @property
    def origin(self) -> Origin:
        if self._origin is None:  # built in code rather than read from a file
            return Origin(YamlDocument("<python>", None), ())
        return self._origin


Datum = Literal["wgs84", "gcj02"]


class Place(Record):
    """Anything with a point on the map and names that articles use for it.

    ``lat`` and ``lon`` are as written, in ``datum``: a point read off AMap or Tencent is
    written as read, ``datum: gcj02``, and :attr:`point` is its WGS-84 position. ``source``
    says where the point was read.
    """

    id: Id
    name_en: Text
    name_zh: Text
    lat: float
    lon: float
    datum: Datum = "wgs84"
    source: LongText
    precision: Literal["exact", "approximate"]
    radius_m: int | None = Field(default=None, gt=0, le=100_000)
    aliases: tuple[Text, ...] = ()

    @property
    def written(self) -> LonLat:
        """The point as the file writes it, in its own datum."""
        return LonLat(self.lon, self.lat)

    @property
    def point(self) -> LonLat:
        """The point in WGS-84, where every output draws it."""
        return gcj02_point_to_wgs84(self.written) if self.datum == "gcj02" else self.written

    @model_validator(mode="after")
    def _radius_matches_precision(self) -> Place:
        if self.precision == "approximate" and self.radius_m is None:
            raise ValueError("an approximate location needs radius_m (metres)")
        if self.precision == "exact" and self.radius_m is not None:
            raise ValueError("an exact location takes no radius_m")
        return self


ProvinceName = Literal["Shanghai", "Jiangsu", "Zhejiang", "Anhui"]
Adcode = Annotated[int, Field(ge=110000, le=829999)]  # GB/T 2260 division code


class Province(Record):
    """A provincial-level unit, drawn as context."""

    name_en: ProvinceName
    name_zh: Text
    adcode: Adcode

    @field_validator("adcode")
    @classmethod
    def _provincial_level(cls, value: int) -> int:
        if value % 10000:
            raise ValueError("a province's GB/T 2260 code ends in 0000 (e.g. Zhejiang 330000)")
        return value


class JoinSource(Record):
    """Where an article says when a city joined the corridor: the article and its words."""

    article: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    quote: LongText


class City(Place):
    kind: Literal["city"] = "city"
    province: ProvinceName
    adcode: Adcode
    role: Literal["origin", "member"]
    role_note: Text
    role_note_zh: Text | None = None  # in Chinese; the English one stands in without it
    # When the city joined the corridor (YYYY, YYYY-MM or YYYY-MM-DD), with the article that
    # says so; without it the city is a member at every date the map shows.
    joined: str | None = None
    joined_source: JoinSource | None = None

    @field_validator("joined", mode="before")
    @classmethod
    def _joined_is_partial_date(cls, value: Any) -> Any:
        return partial_date_text(value)

    @model_validator(mode="after")
    def _joined_has_its_source(self) -> City:
        if (self.joined is None) != (self.joined_source is None):
            raise ValueError(
                f"city {self.id!r}: joined and joined_source go together: "
                "the date and the article that states it"
            )
        return self

    def member_at(self, date: str | None) -> bool:
        """Whether the city belongs to the corridor at ``date`` (None: today, as the data is).

        >>> city = City(id="x", name_en="X", name_zh="X", lat=30, lon=120, source="s", precision="exact",
        ...             province="Zhejiang", adcode=330100, role="member", role_note="n",
        ...             joined="2019-06", joined_source={"article": "a", "quote": "q"})
        >>> city.member_at("2019-05-31"), city.member_at("2019-06-01"), city.member_at(None)
        (False, True, True)
        """
        return date is None or self.joined is None or period_start(self.joined) <= period_start(date)

    @field_validator("adcode")
    @classmethod
    def _prefecture_level(cls, value: int) -> int:
        if value % 100:
            raise ValueError("a city's GB/T 2260 code ends in 00 (e.g. Hangzhou 330100)")
        return value


class Category(Record):
    id: Id
    label: Text
    label_zh: Text | None = None  # the Chinese label; the English one stands in without it


class Site(Place):
    kind: Literal["site"] = "site"
    category: Id
    description: Text
    description_zh: Text | None = None  # in Chinese; the English one stands in without it
    adcode: Adcode | None = None  # set on the site that is the district itself


class Corridor(Record):
    """The corridor as a whole, the place that corridor-wide facts belong to."""

    id: Id
    name_en: Text
    name_zh: Text
    aliases: tuple[Text, ...] = ()


class Waypoint(Record):
    """A point an axis passes: a known place, or a named point of its own."""

    place: Id | None = None
    name: Text | None = None
    lat: float | None = None
    lon: float | None = None

    @model_validator(mode="after")
    def _place_or_point(self) -> Waypoint:
        own_point = (self.name, self.lat, self.lon)
        if self.place is not None and any(v is not None for v in own_point):
            raise ValueError("give either place, or name with lat and lon, not both")
        if self.place is None and any(v is None for v in own_point):
            raise ValueError("give either place: ID, or name, lat and lon")
        return self


class Axis(Record):
    id: Id
    name_en: Text
    name_zh: Text
    kind: Literal["expressway", "railway"]
    schematic: bool
    note: LongText | None = None
    note_zh: LongText | None = None  # in Chinese; the English one stands in without it
    waypoints: tuple[Waypoint, ...] = Field(min_length=2)


PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def partial_date_text(value: Any) -> Any:
    """A partial date as YAML may give it (a bare year reads as a number), checked; None stays.

    >>> partial_date_text(2023), partial_date_text("2023-11"), partial_date_text(None)
    ('2023', '2023-11', None)
    """
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if text is None:
        return None
    if not isinstance(text, str):
        raise ValueError("must be a date as text: YYYY, YYYY-MM or YYYY-MM-DD")
    parse_partial_date(text)
    return text


def period_start(text: str) -> str:
    """The first day of a partial date, as ISO text (so that periods compare as text).

    >>> period_start("2019"), period_start("2019-06"), period_start("2019-06-06")
    ('2019-01-01', '2019-06-01', '2019-06-06')
    """
    year, month, day = parse_partial_date(text)
    return f"{year:04d}-{month or 1:02d}-{day or 1:02d}"


def shown_at(as_of: str, date: str | None) -> bool:
    """Whether something that holds from ``as_of`` is shown on a map as of ``date`` (None: all).

    >>> shown_at("2021", "2020-12-31"), shown_at("2021", "2021-01-01"), shown_at("2030", None)
    (False, True, True)
    """
    return date is None or period_start(as_of) <= period_start(date)


def parse_partial_date(text: str) -> tuple[int, int | None, int | None]:
    """``'2023-11'`` -> ``(2023, 11, None)``; ValueError for a date that does not exist.

    >>> parse_partial_date("2021-08"), parse_partial_date("2023-12-31")
    ((2021, 8, None), (2023, 12, 31))
    """
    match = PARTIAL_DATE.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r}: there is no month {month}")
    if month is not None and day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"{text!r} is not a date that exists") from None
    return year, month, day


class Quantity(Record):
    number: float
    unit: Text
    unit_zh: Text | None = None  # the unit in Chinese (家, 人次, 平方公里); ``unit`` stands in without it


class Fact(Record):
    """A claim an article makes about a place, with the verbatim quote that states it.

    Its headline is ``summary`` in English, ``summary_zh`` in Chinese, or both: a fact of a
    Chinese article may come with a Chinese summary only, until someone writes the English.
    """

    id: Id
    place: Id
    article: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    quote: LongText
    summary: Text | None = None
    summary_zh: Text | None = None
    as_of: str
    as_of_text: Text
    values: tuple[Quantity, ...] = ()

    @model_validator(mode="after")
    def _summarised(self) -> Fact:
        if self.summary is None and self.summary_zh is None:
            raise ValueError(
                f"fact {self.id!r} has no summary: give summary (English), summary_zh (Chinese) or both"
            )
        return self

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of_is_partial_date(cls, value: Any) -> str:
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(text, str):
            raise ValueError("must be a date as text: YYYY, YYYY-MM or YYYY-MM-DD")
        parse_partial_date(text)
        return text


ColumnName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class LayerSettings(Record):
    """The optional YAML beside a layer file (``enterprises.yaml`` for ``enterprises.csv``).

    ``sheet`` picks a workbook's sheet by name (the first visible one otherwise);
    ``encoding`` names a text table's encoding (a Python codec name such as ``gbk`` or
    ``utf-16``) where detection would guess wrong. :mod:`mapgen.validate.layers` checks
    that each suits the file and that the encoding exists. ``address`` names the column
    whose address places a row without coordinates (else ``地址`` or ``address``).
    """

    name: Text | None = None
    name_zh: Text | None = None
    label: ColumnName | None = None
    category: ColumnName | None = None
    link: ColumnName | None = None
    columns: tuple[ColumnName, ...] | None = None
    source: Text | None = None
    datum: Datum | None = None
    show: bool = True
    sheet: Text | None = None
    encoding: Text | None = None
    address: ColumnName | None = None

    @field_validator("sheet", mode="before")
    @classmethod
    def _sheet_named_by_a_number(cls, value: Any) -> Any:
        # A sheet called 2024 is read by YAML as a number; its name is the text.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PointPrecision = Literal["exact", "district"]


@dataclass(frozen=True)
class DistrictPlacement:
    """A district that rows without coordinates were placed in, by the address they give.

    Such a row's point is one point inside the district (the same for each of its rows),
    approximate within ``radius_m``: the radius of a circle of the district's area.
    """

    adcode: int  # GB/T 2260, as in geo/boundaries.geojson
    name_en: str
    name_zh: str
    radius_m: int


@dataclass(frozen=True, eq=False)
class PointLayer:
    """The valid points of one layer file, column by column.

    ``columns`` are the popup fields in order; ``values[i]`` holds column ``i``'s text
    for every point ('' where the cell was empty), column by column as Arrow holds text.
    ``lon``/``lat`` are WGS-84.

    ``placed_in[i]`` is the district code a point was placed in by its row's address,
    None where the row gave its own coordinates; ``placed_in`` is empty when every row
    did. ``placements`` describes each district used, by code.
    """

    id: str
    path: str
    name: str
    name_zh: str | None
    source: str | None
    show: bool
    columns: tuple[str, ...]
    label: str | None
    category: str | None
    link: str | None
    lon: FloatArray
    lat: FloatArray
    values: tuple[TextColumn, ...]
    skipped: tuple[Problem, ...] = field(default=())
    converted_from: Datum | None = None
    placed_in: tuple[int | None, ...] = ()
    placements: tuple[DistrictPlacement, ...] = ()

    @property
    def count(self) -> int:
        return len(self.lon)

    @property
    def precision(self) -> tuple[PointPrecision, ...]:
        """Each point's precision: ``exact`` (the row's coordinates) or ``district``."""
        exact: PointPrecision = "exact"
        if not self.placed_in:
            return (exact,) * self.count
        return tuple(exact if code is None else "district" for code in self.placed_in)

    def placement(self, index: int) -> DistrictPlacement | None:
        """The district point ``index`` was placed in, None where its row had coordinates."""
        code = self.placed_in[index] if self.placed_in else None
        return next((p for p in self.placements if p.adcode == code), None) if code is not None else None

    def placed_counts(self) -> dict[int, int]:
        """How many points were placed in each district, by district code."""
        counts: dict[int, int] = {}
        for code in self.placed_in:
            if code is not None:
                counts[code] = counts.get(code, 0) + 1
        return counts

    def column(self, name: str) -> TextColumn:
        return self.values[self.columns.index(name)]


BoundaryLevel = Literal["province", "city", "district"]


@dataclass(frozen=True)
class Boundary:
    """One administrative area from ``geo/boundaries.geojson`` (WGS-84)."""

    level: BoundaryLevel
    adcode: int
    name_en: str
    name_zh: str
    geometry: BaseGeometry
    source_area_km2: float | None  # before simplification, as refresh measured it
    line: int  # the feature's line in the file

    @property
    def label(self) -> str:
        """How error messages and popups name the area: ``Hangzhou 杭州 (city 330100)``."""
        return f"{self.name_en} {self.name_zh} ({self.level} {self.adcode})"


@dataclass(frozen=True)
class Boundaries:
    """Every administrative area, and where the data came from.

    The districts are every district (区, 县, 县级市) of the nine cities; they tile their
    city. ``division_names`` are ``(adcode, Chinese name)`` of every province and
    prefecture-level city of China, and of every district elsewhere that has the name of
    one of the corridor's: they tell an address outside the corridor.
    """

    features: tuple[Boundary, ...]
    provenance: dict[str, str]
    shown_as: str  # the file, as error messages name it
    division_names: tuple[tuple[int, str], ...] = ()

    def find(self, level: BoundaryLevel, adcode: int) -> Boundary | None:
        return next((b for b in self.features if b.level == level and b.adcode == adcode), None)

    def at_level(self, level: BoundaryLevel) -> tuple[Boundary, ...]:
        return tuple(b for b in self.features if b.level == level)

    def districts_in(self, city: int) -> tuple[Boundary, ...]:
        """The districts of a city by its code (a municipality's, 310000: all of Shanghai's)."""
        # GB/T 2260: a city's districts share its first four digits, a municipality's its first two.
        scale = 10_000 if city % 10_000 == 0 else 100
        return tuple(b for b in self.at_level("district") if b.adcode // scale == city // scale)


@dataclass(frozen=True)
class Atlas:
    """Every piece of validated input: places, corridor, facts and the articles they quote."""

    provinces: tuple[Province, ...]
    cities: tuple[City, ...]
    categories: tuple[Category, ...]
    sites: tuple[Site, ...]
    corridor: Corridor
    axes: tuple[Axis, ...]
    facts: tuple[Fact, ...]
    articles: tuple[Article, ...]
    boundaries: Boundaries
    layers: tuple[PointLayer, ...] = ()  # site layers from geo/layers/ and --layer files
    warnings: tuple[Problem, ...] = ()  # what validation noticed but does not refuse

    @property
    def skipped(self) -> tuple[Problem, ...]:
        """Rows of the site layers left off the map, each with its file, line and reason."""
        return tuple(problem for layer in self.layers for problem in layer.skipped)

    @property
    def origin_city(self) -> City:
        """The city the corridor began in (load checks there is one)."""
        return next(c for c in self.cities if c.role == "origin")

    @property
    def places(self) -> tuple[Place, ...]:
        return (*self.cities, *self.sites)

    def place(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.articles if a.id == article_id), None)

    @property
    def district(self) -> Site:
        """The site that is Songjiang District itself (the one with an adcode); load checks it."""
        return next(s for s in self.sites if s.adcode is not None)

    def area_of(self, place: Place) -> Boundary | None:
        """The area a place must lie in: a city's own area; for a site, the district's."""
        if isinstance(place, City):
            return self.boundaries.find("city", place.adcode)
        district = next((s for s in self.sites if s.adcode is not None), None)
        return self.boundaries.find("district", district.adcode) if district and district.adcode else None

    def city_area(self, city: City) -> Boundary:
        found = self.area_of(city)
        assert found is not None, "load checks every city has its boundary"
        return found

    @property
    def district_area(self) -> Boundary:
        found = self.area_of(self.district)
        assert found is not None, "load checks the district has its boundary"
        return found


# ---- Tables of figures: a number per city or district, drawn as a choropleth ----

ClassScheme = Literal["quantiles", "natural_breaks", "equal_interval"]
# A sequential palette tells at most nine shades apart (ColorBrewer's longest has nine).
MAX_CLASSES = 9


@dataclass(frozen=True)
class Classing:
    """How a figure's values are cut into classes: a ``scheme`` with ``classes`` classes,
    or the upper bounds of the classes as given (``breaks``; values above the last one
    make one class more).

    >>> Classing().scheme, Classing().classes, Classing(breaks=(10.0, 50.0)).method
    ('quantiles', 5, 'breaks')
    """

    scheme: ClassScheme = "quantiles"
    classes: int = 5
    breaks: tuple[float, ...] | None = None

    @property
    def method(self) -> ClassScheme | Literal["breaks"]:
        return "breaks" if self.breaks is not None else self.scheme


class FigureSettings(Record):
    """The YAML beside a table of figures (``figures.yaml`` for ``figures.csv``).

    ``value`` names the column to colour by; ``key`` the column naming the place (the
    first column if not given). ``classes`` or ``breaks`` (upper bounds of the classes,
    increasing) say how the values are cut, not both. ``sheet`` and ``encoding`` are as
    for a layer's settings.
    """

    value: ColumnName
    key: ColumnName | None = None
    unit: Text | None = None
    unit_zh: Text | None = None  # the unit in Chinese; ``unit`` stands in without it
    title: Text | None = None
    title_zh: Text | None = None  # in Chinese; ``title`` stands in without it
    source: Text | None = None
    as_of: str | None = None
    scheme: ClassScheme | None = None
    classes: int | None = Field(default=None, ge=2, le=MAX_CLASSES)
    breaks: tuple[float, ...] | None = Field(default=None, min_length=1, max_length=MAX_CLASSES - 1)
    show: bool = True
    sheet: Text | None = None
    encoding: Text | None = None

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of_is_partial_date(cls, value: Any) -> Any:
        return partial_date_text(value)

    @field_validator("sheet", mode="before")
    @classmethod
    def _sheet_named_by_a_number(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("breaks")
    @classmethod
    def _breaks_increase(cls, value: tuple[float, ...] | None) -> tuple[float, ...] | None:
        if value is not None and any(b >= after for b, after in pairwise(value)):
            raise ValueError("breaks must increase: each class's upper bound above the one before")
        return value

    @model_validator(mode="after")
    def _classes_or_breaks(self) -> FigureSettings:
        if self.breaks is not None and (self.classes is not None or self.scheme is not None):
            raise ValueError("give breaks, or scheme and classes, not both")
        return self

    @property
    def classing(self) -> Classing:
        if self.breaks is not None:
            return Classing(breaks=self.breaks)
        return Classing(self.scheme or "quantiles", self.classes or 5)


FigureLevel = Literal["city", "district"]


@dataclass(frozen=True)
class FigureRow:
    """One row of a table of figures: the area its key names, its value, every cell as written."""

    line: int
    area: Boundary
    value: float
    cells: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class FigureTable:
    """A validated table of figures: one number per city, or per district, each row at its line.

    ``columns`` are the table's columns in order (``cells`` of each row follow them);
    ``title`` is the settings' title (else its ``title_zh``, else one made from the file's name).
    """

    id: str
    path: str
    title: str
    settings: FigureSettings
    level: FigureLevel
    columns: tuple[str, ...]
    key_column: str
    value_column: str
    rows: tuple[FigureRow, ...]

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(row.value for row in self.rows)
