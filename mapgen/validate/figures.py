"""Tables of figures: a number per city or district -> :class:`~mapgen.model.FigureTable`.

Every file in ``geo/tables/`` and every ``--table FILE`` is one table: CSV or
tab-separated text, or one sheet of a workbook, read as a point layer is
(:mod:`mapgen.read.figures`). The YAML beside it (``figures.yaml`` for ``figures.csv``)
is required, since it names the column to colour by::

    value: GDP (亿元)        # the column of numbers (required)
    key: 城市                # the column naming the place (else the first column)
    unit: 100 million yuan
    unit_zh: 亿元
    title: GDP 2023
    title_zh: 2023年地区生产总值
    source: Statistical yearbooks of the provinces
    as_of: 2023
    scheme: natural_breaks   # quantiles (the default), natural_breaks or equal_interval
    classes: 5               # or breaks: [1000, 5000, 10000], the classes' upper bounds

A key names a city or a district (a district-level area of ``geo/boundaries.geojson``)
by its GB/T 2260 code, or by a name or alias that ``geo/`` gives it, in Chinese or
English, with or without 市, 区, 县, City, District or County (``杭州市``, ``Hangzhou``,
``嘉兴``, ``330400``, ``Suzhou City``); a Chinese key may also name the district after
its city (``上海市松江区``). A table colours cities or districts, not both. Every key
that names no place or more than one, every value that is not a number (read as
coordinates are: ``"1,234.5"`` and full-width digits are numbers) and every place named
twice is a problem at its line, all reported at once.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mapgen.errors import DataError, Problem
from mapgen.model import Atlas, Boundary, FigureLevel, FigureRow, FigureSettings, FigureTable
from mapgen.read.figures import CellTable, read_sheet_cells, read_text_cells
from mapgen.read.sheets import WORKBOOK_SUFFIXES, NoSuchSheet
from mapgen.read.text import display_path
from mapgen.validate.layers import (
    GIVEN_TEXT_SUFFIXES,
    SETTINGS_SUFFIXES,
    TEXT_TABLE_SUFFIXES,
    distinct_files,
    layer_title,
    name_list,
    parse_coordinate,
    setting_kind_problems,
)
from mapgen.validate.records import read_yaml, validate_record

TABLE_SUFFIXES = (*TEXT_TABLE_SUFFIXES, *WORKBOOK_SUFFIXES)
# Given with --table, as a layer may be: Excel saves its tab-separated "Unicode text" as .txt.
GIVEN_TABLE_SUFFIXES = (*TABLE_SUFFIXES, *GIVEN_TEXT_SUFFIXES)
# A table of a million bad rows would print a million lines; the first ones tell what is wrong.
MAX_PROBLEMS = 100

# Written between the words of a name, or around it: not part of the name.
_SEPARATORS = re.compile(r"[\s\-_·・.,，、()（）'’]+")
# What a name may end in or go without: the longest first (新区 before 区).
_SUFFIXES = ("新区", "市", "区", "县", "newarea", "city", "district", "county")
_CODE = re.compile(r"\d{6}(?:\.0*)?")


def name_key(text: str) -> str:
    """A name as keys are compared: full-width folded, any case, without spaces or punctuation.

    >>> name_key(" Suzhou City "), name_key("上海市 松江区"), name_key("ＨＡＮＧＺＨＯＵ")
    ('suzhoucity', '上海市松江区', 'hangzhou')
    >>> name_key("Jing'an District")
    'jingandistrict'
    """
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).casefold())


def bare_key(key: str) -> str:
    """A compared name without the word for its kind of division (市, 区, 县, City, District...).

    >>> bare_key("suzhoucity"), bare_key("浦东新区"), bare_key("嘉兴"), bare_key("市")
    ('suzhou', '浦东', '嘉兴', '市')
    """
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def _in_city(district: Boundary, city: Boundary) -> bool:
    """Whether a district belongs to a city, by their codes (a municipality's are 3101xx).

    >>> city = Boundary("city", 330100, "Hangzhou", "杭州", None, None, 0)
    >>> _in_city(Boundary("district", 330102, "Shangcheng", "上城区", None, None, 0), city)
    True
    """
    if city.adcode % 10000 == 0:
        return district.adcode // 10000 == city.adcode // 10000
    return district.adcode // 100 == city.adcode // 100


@dataclass(frozen=True)
class PlaceNames:
    """The cities and districts a table may name, by every name ``geo/`` gives them.

    ``exact`` and ``bare`` map a compared name (:func:`name_key`, and that without 市,
    区... :func:`bare_key`) to the indexes of the areas it names; ``written`` maps a
    compared name back to the name as ``geo/`` writes it, for suggestions.
    """

    areas: tuple[Boundary, ...]
    by_code: dict[int, int]
    exact: dict[str, frozenset[int]]
    bare: dict[str, frozenset[int]]
    written: dict[str, str]

    @staticmethod
    def of(atlas: Atlas) -> PlaceNames:
        """The nine cities (names, aliases, codes) and every district of the boundaries file
        (with the aliases of the site that is the district, where there is one)."""
        named: list[tuple[Boundary, Sequence[str]]] = []
        for city in atlas.cities:
            area = atlas.boundaries.find("city", city.adcode)
            if area is not None:
                named.append((area, (city.name_en, city.name_zh, *city.aliases)))
        for district in atlas.boundaries.at_level("district"):
            site = next((s for s in atlas.sites if s.adcode == district.adcode), None)
            named.append((district, site.aliases if site else ()))
        return PlaceNames.from_names(named)

    @staticmethod
    def from_names(named: Sequence[tuple[Boundary, Sequence[str]]]) -> PlaceNames:
        """The index of areas, each with its own names and ``aliases``."""
        exact: dict[str, set[int]] = {}
        bare: dict[str, set[int]] = {}
        written: dict[str, str] = {}
        for index, (area, aliases) in enumerate(named):
            for name in (area.name_en, area.name_zh, *aliases):
                key = name_key(name)
                if not key:
                    continue
                exact.setdefault(key, set()).add(index)
                bare.setdefault(bare_key(key), set()).add(index)
                written.setdefault(key, name)
        return PlaceNames(
            tuple(area for area, _ in named),
            {area.adcode: index for index, (area, _) in enumerate(named)},
            {key: frozenset(found) for key, found in exact.items()},
            {key: frozenset(found) for key, found in bare.items()},
            written,
        )

    def find(self, key: str) -> tuple[Boundary, ...]:
        """The areas a table's key names: none, one, or (when it is ambiguous) several.

        A code names its area; else a name or alias as written, else without the word for
        its kind (市, District...), else a city's name followed by one of its districts'.
        """
        compact = unicodedata.normalize("NFKC", key).strip()
        if _CODE.fullmatch(compact):
            index = self.by_code.get(int(float(compact)))
            return () if index is None else (self.areas[index],)
        compared = name_key(key)
        for found in (self.exact.get(compared), self.bare.get(bare_key(compared))):
            if found:
                return tuple(self.areas[i] for i in sorted(found))
        return self._district_after_city(compared)

    def _district_after_city(self, compared: str) -> tuple[Boundary, ...]:
        """``上海市松江区``: a city's name, then the name of a district in that city."""
        found: set[int] = set()
        for name, cities in self.exact.items():
            if not compared.startswith(name) or len(compared) == len(name):
                continue
            rest = bare_key(compared[len(name) :])
            for city in (self.areas[i] for i in cities if self.areas[i].level == "city"):
                found |= {
                    i
                    for i in self.bare.get(rest, frozenset())
                    if self.areas[i].level == "district" and _in_city(self.areas[i], city)
                }
        return tuple(self.areas[i] for i in sorted(found))

    def suggestion(self, key: str) -> str | None:
        """The known name nearest to ``key`` (difflib's ratio), as ``geo/`` writes it."""
        near = difflib.get_close_matches(name_key(key), list(self.written), n=1, cutoff=0.5)
        return self.written[near[0]] if near else None


def table_files(folder: Path) -> list[Path]:
    """The tables in a folder (not their settings), sorted by name; Excel's lock files are none."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in TABLE_SUFFIXES and not p.name.startswith((".", "~$"))
    )


def settings_path(path: Path) -> Path:
    """The settings beside a table: the one there is, else where one goes (``figures.yaml``)."""
    candidates = [path.with_suffix(suffix) for suffix in SETTINGS_SUFFIXES]
    return next((candidate for candidate in candidates if os.path.lexists(candidate)), candidates[0])


def _settings(path: Path, shown: str, root: Path | None, problems: list[Problem]) -> FigureSettings | None:
    candidate = settings_path(path)
    settings_shown = display_path(candidate, root)
    if not os.path.lexists(candidate):
        problems.append(
            Problem(
                shown,
                0,
                "",
                f"a table of figures needs its settings beside it, in {settings_shown}: at least "
                "'value:' naming the column to colour by",
            )
        )
        return None
    doc = read_yaml(candidate, settings_shown, problems)
    if doc is None:
        return None
    return validate_record(FigureSettings, doc.data if doc.data is not None else {}, doc, (), problems)


def _cells(path: Path, shown: str, settings: FigureSettings, root: Path | None) -> CellTable:
    """The table's cells; DataError with the reason when it cannot be read."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        try:
            return read_sheet_cells(path, shown, settings.sheet, [settings.value])
        except NoSuchSheet as missing:
            if settings.sheet is None:
                raise DataError([Problem(shown, 0, "", "the workbook has no sheets")]) from None
            raise DataError(
                [
                    settings.origin.problem(
                        "sheet",
                        f"no sheet {settings.sheet!r} in {shown}; its sheets: {name_list(missing.names)}",
                    )
                ]
            ) from None
    return read_text_cells(path, shown, settings.encoding, display_path(settings_path(path), root))


@dataclass(frozen=True)
class _Columns:
    """Where the key and the value are in a row, and the named columns in order."""

    named: tuple[tuple[int, str], ...]  # (index in a row, name)
    key: int
    value: int


def _columns(cells: CellTable, settings: FigureSettings, problems: list[Problem]) -> _Columns | None:
    """The table's columns: every one named (a nameless one without data is the sheet's
    used area reaching past the table), none twice, the key and value columns among them."""
    header = cells.header
    named = [
        (i, name)
        for i, name in enumerate(header)
        if name or any(i < len(r) and r[i].strip() for _, r in cells.rows)
    ]
    where = f"sheet {cells.sheet}" if cells.sheet else ""
    found = len(problems)
    for i, name in named:
        if not name:
            problems.append(
                Problem(cells.shown, cells.header_line, where, f"column {i + 1} has no name in the header")
            )
    names = [name for _, name in named]
    for name in sorted(n for n, count in Counter(names).items() if n and count > 1):
        problems.append(Problem(cells.shown, cells.header_line, name, "two columns have this name"))
    position = {name: i for i, name in named}
    listing = f"(columns: {name_list(names)})"
    if settings.value not in position:
        problems.append(
            settings.origin.problem("value", f"no column {settings.value!r} in {cells.shown} {listing}")
        )
    key = settings.key or (names[0] if names else "")
    if settings.key is not None and settings.key not in position:
        problems.append(
            settings.origin.problem("key", f"no column {settings.key!r} in {cells.shown} {listing}")
        )
    elif key == settings.value:
        field = "key" if settings.key is not None else "value"
        problems.append(
            settings.origin.problem(
                field, f"the key and the value are both column {key!r}; name the places' column under 'key:'"
            )
        )
    if len(problems) > found:
        return None
    return _Columns(tuple(named), position[key], position[settings.value])


def _row_problem(cells: CellTable, columns: _Columns, at: int, line: int, message: str) -> Problem:
    name = dict(columns.named)[at]
    return Problem(cells.shown, line, cells.where(name, at, line), message)


def _no_place(key: str, places: PlaceNames) -> str:
    near = places.suggestion(key)
    hint = f"; did you mean {near}?" if near else ""
    return f"no city or district is named {key!r}{hint}"


def _rows(
    cells: CellTable, columns: _Columns, places: PlaceNames, problems: list[Problem]
) -> list[FigureRow]:
    """Each row's area and value; each key that names no place, or more than one, each value
    that is not a number, and each place named again is a problem at its line."""
    rows: list[FigureRow] = []
    first_line: dict[tuple[str, int], int] = {}  # (level, code) -> the line naming the area first
    width = len(cells.header)
    for line, row in cells.rows:
        if len(row) != width:
            problems.append(Problem(cells.shown, line, "", f"has {len(row)} cells; the header has {width}"))
            continue
        key, text = row[columns.key].strip(), row[columns.value]
        value = parse_coordinate(text)
        if value is None:
            problems.append(
                _row_problem(cells, columns, columns.value, line, f"is not a number: {text.strip()!r}")
            )
        found = places.find(key) if key else ()
        wrong = _key_problem(key, found, places, first_line)
        if wrong:
            problems.append(_row_problem(cells, columns, columns.key, line, wrong))
        elif value is not None:
            first_line[found[0].level, found[0].adcode] = line
            rows.append(FigureRow(line, found[0], value, row))
    return rows


def _key_problem(
    key: str, found: tuple[Boundary, ...], places: PlaceNames, first_line: dict[tuple[str, int], int]
) -> str | None:
    """What is wrong with a row's key (it names no place, several, or one named before), or None."""
    if not key:
        return "is empty: which place is this row?"
    if not found:
        return _no_place(key, places)
    if len(found) > 1:
        named = ", ".join(area.label for area in found)
        return f"{key!r} names {len(found)} places: {named}; write its GB/T 2260 code or full name"
    if (found[0].level, found[0].adcode) in first_line:
        earlier = first_line[found[0].level, found[0].adcode]
        return f"{key!r} names {found[0].label} again (first on line {earlier})"
    return None


_PLURAL = {"city": "cities", "district": "districts"}


def _level(
    rows: Sequence[FigureRow], cells: CellTable, columns: _Columns, problems: list[Problem]
) -> FigureLevel:
    """Whether the table colours cities or districts: its keys must all name one or the other."""
    counts = Counter(row.area.level for row in rows)
    level: FigureLevel = "district" if counts["district"] > counts["city"] else "city"
    other = "district" if level == "city" else "city"
    for row in rows:
        if row.area.level == other:
            problems.append(
                _row_problem(
                    cells,
                    columns,
                    columns.key,
                    row.line,
                    f"names a {other} ({row.area.label}), but the table's other keys name {_PLURAL[level]}: "
                    "a table colours cities or districts, not both",
                )
            )
    return level


def read_figure_table(path: Path, places: PlaceNames, root: Path | None = None) -> FigureTable:
    """Read one table of figures and its settings; raises DataError with every problem."""
    shown = display_path(path, root)
    problems: list[Problem] = []
    settings = _settings(path, shown, root, problems)
    if settings is None:
        raise DataError(problems)
    problems += setting_kind_problems(settings, path.suffix.lower())
    if problems:
        raise DataError(problems)
    cells = _cells(path, shown, settings, root)
    columns = _columns(cells, settings, problems)
    if columns is None:
        raise DataError(problems)
    rows = _rows(cells, columns, places, problems)
    level = _level(rows, cells, columns, problems)
    if not cells.rows:
        problems.append(Problem(shown, cells.header_line, "", "has a header but no rows of figures"))
    if problems:
        more = len(problems) - MAX_PROBLEMS
        if more > 0:
            problems = [*problems[:MAX_PROBLEMS], Problem(shown, 0, "", f"and {more:,} more problems")]
        raise DataError(problems)
    named = dict(columns.named)
    order = [i for i, _ in columns.named]
    return FigureTable(
        id=path.stem,
        path=shown,
        title=settings.title or settings.title_zh or layer_title(path.stem),
        settings=settings,
        level=level,
        columns=tuple(named[i] for i in order),
        key_column=named[columns.key],
        value_column=named[columns.value],
        rows=tuple(
            FigureRow(row.line, row.area, row.value, tuple(row.cells[i].strip() for i in order))
            for row in rows
        ),
    )


def read_figure_tables(
    paths: Iterable[Path], atlas: Atlas, root: Path | None = None
) -> tuple[tuple[FigureTable, ...], list[Problem]]:
    """Every table, and the problems of all of them (the tables read are those without any)."""
    places = PlaceNames.of(atlas)
    tables: list[FigureTable] = []
    problems: list[Problem] = []
    for path, _shown in distinct_files(paths, root, GIVEN_TABLE_SUFFIXES, "table of figures", problems):
        try:
            tables.append(read_figure_table(path, places, root))
        except DataError as error:
            problems.extend(error.problems)
    return tuple(tables), problems
