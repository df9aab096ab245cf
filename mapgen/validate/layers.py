"""Site layers: spreadsheets and GeoJSON files of points -> :class:`~mapgen.model.PointLayer`.

Every file in ``geo/layers/`` and every ``--layer FILE`` is one layer: a text table
(CSV, or tab-separated text such as Excel's "Unicode text"), a workbook (``.xlsx``,
``.xls``, ``.ods``: one sheet of it), or GeoJSON. A YAML file with the same name beside
it (``enterprises.xlsx`` + ``enterprises.yaml``) may set the layer's name, which column
names each point, which column colours the points, which column holds links, the
datum, and where the table is::

    name: High-tech enterprises
    label: 企业名称
    category: 行业
    link: 网址
    datum: gcj02        # the coordinates came from AMap; converted to WGS-84 here
    sheet: 企业         # a workbook's sheet (else the first visible one)
    encoding: big5      # a text table's encoding (else UTF-8, UTF-16 by its BOM, or GB18030)

A workbook and a text table become the same rows of text, each with its line (a
sheet's row number), so every rule below holds for both. Above a sheet's header may
stand a few rows of titles; the header is the first row that names both coordinates.

Rows with bad coordinates are skipped and reported (``PointLayer.skipped``); a
file that cannot be read, or a layer with no valid row, is an error.

A row without coordinates but with an address (a column ``地址`` or ``address``, or the
one ``address:`` names in the settings) is placed in the corridor district its address
names, at a point inside it, approximate within the district's size
(:mod:`mapgen.validate.addresses`); an address that names none is a skipped row that
says why. A table may then have no coordinate columns at all. A row with coordinates
keeps them: its address is one more column.

Every column other than latitude and longitude goes into the popups, at most
:data:`MAX_LAYER_COLUMNS` of them; a wider file names the ones to show under
``columns:`` in its settings. Rows are kept as they were read (cells, or a
feature's properties) and only the columns shown are built, so memory stays linear
in the file even when each of 20,000 features carries a different property; every
lookup of a column by name is a dict lookup, so a header of 40,000 columns reads in
milliseconds.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from mapgen.coords import (
    CHINA_LAT,
    CHINA_LON,
    FloatArray,
    IntArray,
    LonLat,
    coordinate_problems,
    gcj02_to_wgs84,
    in_china,
)
from mapgen.errors import DataError, Problem
from mapgen.model import Boundaries, Datum, FigureSettings, LayerSettings, PointLayer
from mapgen.read.columns import (
    TextColumn,
    arrow,
    compute,
    csv_columns,
    prefetched,
    release_memory,
)
from mapgen.read.files import DataFiles
from mapgen.read.jsondoc import read_json
from mapgen.read.sheets import WORKBOOK_SUFFIXES, NoSuchSheet, Sheet, column_letters, read_sheet
from mapgen.read.tables import (
    MAX_TABLE_BYTES,
    cell_text,
    csv_records,
    feature_lines,
    finite_number,
    read_table_text,
)
from mapgen.read.text import display_path, open_regular
from mapgen.validate.addresses import AddressBook, Placement
from mapgen.validate.boundaries import read_boundaries
from mapgen.validate.records import read_yaml, validate_record

TEXT_TABLE_SUFFIXES = (".csv", ".tsv")
LAYER_SUFFIXES = (*TEXT_TABLE_SUFFIXES, *WORKBOOK_SUFFIXES, ".geojson", ".json")
# Read when given with --layer, not picked up from geo/layers/ (which may hold notes):
# Excel saves its tab-separated "Unicode text" as .txt.
GIVEN_TEXT_SUFFIXES = (".txt",)
READABLE_SUFFIXES = (*TEXT_TABLE_SUFFIXES, *GIVEN_TEXT_SUFFIXES, *WORKBOOK_SUFFIXES, ".geojson", ".json")
SETTINGS_SUFFIXES = (".yaml", ".yml")
# Rows of titles and notes a sheet may have above its header.
TITLE_ROWS = 10

# Popup columns of one layer. A register of enterprises has a few dozen; the page holds
# every shown column for every point, so a file whose features each carry their own
# property (a column per feature) would grow the page with the square of its size.
MAX_LAYER_COLUMNS = 200
# Column names an error message lists before saying how many more there are.
_NAMES_SHOWN = 20

LATITUDE_NAMES = ("lat", "latitude", "纬度")
LONGITUDE_NAMES = ("lon", "lng", "long", "longitude", "经度")
# The column whose address places a row without coordinates, unless the settings name one.
ADDRESS_NAMES = ("地址", "address")
_LONGEST_ADDRESS_NAME = max(map(len, ADDRESS_NAMES))
# The traditional characters (Big5 files from Taiwan and Hong Kong) name the same columns.
_TRADITIONAL = str.maketrans("緯經稱類別業網鏈", "纬经称类别业网链")
# A datum written into a column name ("lat_gcj02", "经度(GCJ-02)") says what the numbers are.
_DATUM_TAG = re.compile(r"[\s_\-()（）\[\]]*(wgs-?84|gcj-?02|gcj)[\s_\-()（）\[\]]*", re.IGNORECASE)


def layer_files(folder: Path) -> list[Path]:
    """The layer files in a folder (not their settings), sorted by name.

    Every name with a layer's suffix is listed, whatever it is: a FIFO, a device or a
    link that loops is then refused by name when read, not skipped in silence.
    Excel's lock file beside a workbook that is open (``~$enterprises.xlsx``) is no layer.
    """
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in LAYER_SUFFIXES and not p.name.startswith((".", "~$"))
    )


def name_list(names: Sequence[str]) -> str:
    """Column names for a message: the first twenty, then how many more.

    >>> name_list(["a", "b"]), name_list([f"c{i}" for i in range(25)])[-19:]
    ('a, b', 'c18, c19 and 5 more')
    """
    shown = ", ".join(names[:_NAMES_SHOWN])
    return shown if len(names) <= _NAMES_SHOWN else f"{shown} and {len(names) - _NAMES_SHOWN:,} more"


def coordinate_column(name: str) -> tuple[Literal["lat", "lon"], Datum | None] | None:
    """Whether a header names latitude or longitude, and the datum it states if any.

    >>> coordinate_column("Latitude"), coordinate_column("经度"), coordinate_column("lng_gcj02")
    (('lat', None), ('lon', None), ('lon', 'gcj02'))
    >>> coordinate_column("纬度(WGS84)"), coordinate_column("緯度"), coordinate_column("latency")
    (('lat', 'wgs84'), ('lat', None), None)
    """
    tag = _DATUM_TAG.search(name)
    datum: Datum | None = None
    if tag:
        datum = "gcj02" if tag[1].lower().startswith("gcj") else "wgs84"
        name = name[: tag.start()] + name[tag.end() :]
    bare = name.strip().lower().translate(_TRADITIONAL)
    if bare in LATITUDE_NAMES:
        return "lat", datum
    if bare in LONGITUDE_NAMES:
        return "lon", datum
    return None


# Digits grouped by thousands, as Excel writes a number it holds as text: "1,234.5".
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def parse_coordinate(text: str) -> float | None:
    """A coordinate cell as a number; None when it is not one.

    Spaces around it, thousands separators and full-width digits (typed with a Chinese
    input method) are read as Excel reads them; a decimal comma is not a number.

    >>> parse_coordinate(" 121.2275 "), parse_coordinate("1,234.5"), parse_coordinate("３１．０３")
    (121.2275, 1234.5, 31.03)
    >>> parse_coordinate("121,2"), parse_coordinate("nan"), parse_coordinate("")
    (None, None, None)
    """
    cell = text.strip() if text.isascii() else unicodedata.normalize("NFKC", text).strip()
    if _GROUPED.fullmatch(cell):
        cell = cell.replace(",", "")
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def point_problem(
    lat: float | None, lon: float | None, lat_text: str, lon_text: str
) -> tuple[Literal["lat", "lon"], str] | None:
    """Which coordinate makes a row's point unusable, and why; None when it can be drawn.

    >>> point_problem(31.03, 121.22, "31.03", "121.22") is None
    True
    >>> point_problem(121.22, 31.03, "121.22", "31.03")[1]
    'must be between -90 and 90, got 121.22; lat and lon look swapped: (31.03, 121.22) is in China'
    >>> point_problem(None, 121.2, " ", "121.2")
    ('lat', "is not a number: ''")
    """
    if lat is None:
        return "lat", f"is not a number: {lat_text.strip()!r}"
    if lon is None:
        return "lon", f"is not a number: {lon_text.strip()!r}"
    found = coordinate_problems(LonLat(lon, lat))
    if found:
        which: Literal["lat", "lon"] = "lon" if found[0][0] == "lon" else "lat"
        return which, "; ".join(message for _, message in found)
    if not in_china(LonLat(lon, lat)):
        return "lat", f"({lat}, {lon}) is outside China; is the row right?"
    return None


@dataclass
class _Rows:
    """Points and their rows as read, before they become a PointLayer.

    A table's rows are gathered column by column (``texts``); a GeoJSON file's are its
    features' properties (``rows``), and a column is built only when it is shown.
    """

    columns: list[str]
    line: int = 1  # where the columns are named: the header, or the feature with one too many
    lat: Sequence[float] | FloatArray = field(default_factory=list)
    lon: Sequence[float] | FloatArray = field(default_factory=list)
    rows: list[Any] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    placed: list[Placement | None] = field(default_factory=list)  # None: the row's own coordinates
    texts: _KeptColumns | None = None  # a table's columns, gathered column by column

    def add(self, lat: float, lon: float, row: Any, placed: Placement | None = None) -> None:
        assert isinstance(self.lat, list) and isinstance(self.lon, list)
        self.lat.append(lat)
        self.lon.append(lon)
        self.rows.append(row)
        self.placed.append(placed)

    def column(self, name: str) -> TextColumn:
        """Every point's text in one column."""
        if self.texts is not None:
            return self.texts[name]
        return TextColumn.of(cell_text(properties.get(name)) for properties in self.rows)


@dataclass(frozen=True)
class _Table:
    """How a table names its places in messages: a CSV's columns by number, a sheet's by letter.

    ``where`` heads the problems of the whole header (``sheet 企业``); a cell's problem
    names its column, and in a sheet also the cell (``sheet 企业, 纬度 (C5)``).
    """

    shown: str
    header_line: int = 1
    where: str = ""
    sheet: Sheet | None = None

    def column_label(self, index: int) -> str:
        return str(index + 1) if self.sheet is None else column_letters(self.sheet.first_column + index)

    def field(self, column: str = "", index: int = 0, line: int = 0) -> str:
        if self.sheet is None:
            return column
        if not column:
            return self.where
        return f"{self.where}, {column} ({self.column_label(index)}{line})"

    def header_problem(self, column: str, message: str) -> Problem:
        return Problem(
            self.shown, self.header_line, self.field() if not column else self._named(column), message
        )

    def _named(self, column: str) -> str:
        return f"{self.where}, {column}" if self.where else column


@dataclass
class Addresses:
    """Places rows by their addresses, with the boundaries of the map: given, or read from
    the project's ``geo/boundaries.geojson`` the first time a row needs them (a build
    without addresses never reads them twice)."""

    boundaries: Boundaries | None = None
    root: Path | None = None
    _book: AddressBook | str | None = None

    def place(self, address: str) -> Placement | str:
        """Where the address puts a row, or why it puts it nowhere."""
        if not address.strip():
            return "has no coordinates and no address"
        book = self._address_book()
        return book if isinstance(book, str) else book.place(address)

    def _address_book(self) -> AddressBook | str:
        if self._book is None:
            boundaries = self.boundaries
            if boundaries is None and self.root is not None:
                files = DataFiles.under(self.root)
                # The file's own problems are reported where it is read for the map.
                boundaries = read_boundaries(files.boundaries, files.shown(files.boundaries), [])
            self._book = (
                AddressBook.of(boundaries)
                if boundaries is not None
                else "cannot be placed by its address: geo/boundaries.geojson is missing or broken"
            )
        return self._book


@dataclass(frozen=True)
class _Placing:
    """How rows without coordinates are placed: the settings' address column, if named,
    and the address book."""

    column: str | None
    addresses: Addresses

    def column_of(self, names: Sequence[str]) -> str | None:
        """The address column among ``names``: the settings', else 地址 or address (also
        when the settings name a column there is not, which is reported with the settings).

        >>> _Placing(None, Addresses()).column_of(["name", "Address"])
        'Address'
        """
        if self.column is not None and self.column in names:
            return self.column
        # Only the short names can be one: a header of 40,000 columns stays quick.
        short = [name for name in names if len(name) <= _LONGEST_ADDRESS_NAME]
        return _guess(short, ADDRESS_NAMES)


def _read_csv(
    path: Path,
    shown: str,
    problems: list[Problem],
    settings: LayerSettings,
    placing: _Placing,
    settings_shown: str,
) -> tuple[_Rows, Datum | None] | None:
    # UTF-8 goes to pyarrow as it is, read as it goes; any other text, or UTF-8 it
    # refuses, is decoded (with the messages of a text that is wrong) and given to it
    # again as UTF-8.
    read = None
    if settings.encoding is None or codecs.lookup(settings.encoding).name == "utf-8":
        with open_regular(path, shown, MAX_TABLE_BYTES) as file:
            early = prefetched(path, file)
            read = csv_columns(file) if early is False else early
    text = "" if read is not None else read_table_text(path, shown, settings.encoding, settings_shown)
    if read is None:
        read = csv_columns(text.encode("utf-8"))
    release_memory()
    if read is not None:
        named = list(enumerate(cell.strip() for cell in read.header))
        return _gather_columns(_Table(shown), named, read.columns, read.lines, [], problems, placing)
    rows = csv_records(text, shown)
    first = next(rows, None)
    if first is None or not any(cell.strip() for cell in first[1]):
        problems.append(Problem(shown, 1, "", "the first line must be a header naming the columns"))
        return None
    header = [cell.strip() for cell in first[1]]
    return _gather(_Table(shown), list(enumerate(header)), len(header), rows, problems, placing)


def _read_sheet(
    path: Path, shown: str, problems: list[Problem], settings: LayerSettings, placing: _Placing
) -> tuple[_Rows, Datum | None] | None:
    try:
        sheet = read_sheet(path, shown, settings.sheet)
    except NoSuchSheet as missing:
        if settings.sheet is None:
            problems.append(Problem(shown, 0, "", "the workbook has no sheets"))
        else:
            problems.append(
                settings.origin.problem(
                    "sheet", f"no sheet {settings.sheet!r} in {shown}; its sheets: {name_list(missing.names)}"
                )
            )
        return None
    at = header_row(sheet.rows, placing.column)
    if at is None:
        problems.append(
            Problem(shown, 0, f"sheet {sheet.name}", "is empty: it needs a header naming the columns")
        )
        return None
    table = _Table(shown, sheet.line(at), f"sheet {sheet.name}", sheet)
    data = sheet.rows[at + 1 :]
    header = [cell.strip() for cell in sheet.rows[at]]
    # A column with neither a name nor data is the used area reaching past the table
    # (a cell formatted once, a note further right): not a column of the layer.
    named = [(i, name) for i, name in enumerate(header) if name or any(row[i].strip() for row in data)]
    rows = ((sheet.line(at + 1 + index), cells) for index, cells in enumerate(data))
    return _gather(table, named, len(header), rows, problems, placing)


def header_row(rows: Sequence[Sequence[str]], address: str | None = None) -> int | None:
    """Which row is a sheet's header: the first naming both coordinates, or an address
    column (``address``, else 地址 or address), among its first rows; else its first row
    with text (whose problems are then reported); None if empty.

    >>> header_row([["", ""], ["Firms of 2024", ""], ["name", "纬度", "经度"]])
    2
    >>> header_row([["", ""], ["name", "x"], ["A", "1"]]), header_row([["", ""]])
    (1, None)
    >>> header_row([["企业名单", ""], ["名称", "地址"], ["甲", "松江区"]])
    1
    """
    first = None
    for index, row in enumerate(rows):
        if not any(cell.strip() for cell in row):
            continue
        first = index if first is None else first
        kinds = {kind[0] for kind in map(coordinate_column, row) if kind is not None}
        names = [cell.strip() for cell in row]
        if kinds == {"lat", "lon"} or address in names or _Placing(None, Addresses()).column_of(names):
            return index
        if index - first >= TITLE_ROWS:
            break
    return first


def _gather(
    table: _Table,
    named: list[tuple[int, str]],
    width: int,
    records: Iterator[tuple[int, list[str]]],
    problems: list[Problem],
    placing: _Placing,
) -> tuple[_Rows, Datum | None] | None:
    """The rows of a table read row by row (a sheet, or a CSV that :func:`csv_columns`
    leaves to the csv module), gathered column by column as :func:`_gather_columns` does.

    ``named`` are the table's columns, ``(index in a row, name)``; ``width`` the cells a
    row must have: a row with another number is skipped and reported here.
    """
    kept: list[list[str]] = []
    lines: list[int] = []
    skipped: list[Problem] = []
    for line, cells in records:
        if not cells or not any(cell.strip() for cell in cells):
            continue  # a blank line, as spreadsheets leave at the end
        if len(cells) != width:
            skipped.append(Problem(table.shown, line, "", f"has {len(cells)} cells; the header has {width}"))
            continue
        kept.append(cells)
        lines.append(line)
    columns = [TextColumn.of(cells[i] for cells in kept) for i in range(width)]
    del kept
    return _gather_columns(table, named, columns, np.array(lines, dtype=np.int64), skipped, problems, placing)


# A coordinate cell that is plainly a number in range, read at C speed; any other cell
# (full-width digits, "1,234.5", "nan", text) is read by parse_coordinate, row by row.
_PLAIN_COORDINATE = r"^-?[0-9]{1,3}(\.[0-9]+)?$"


def _gather_columns(
    table: _Table,
    named: list[tuple[int, str]],
    columns: list[TextColumn],
    lines: IntArray,
    skipped: list[Problem],
    problems: list[Problem],
    placing: _Placing,
) -> tuple[_Rows, Datum | None] | None:
    """The rows of a table with usable points; those without are skipped and reported.

    ``columns`` hold every cell of the table's rows as read (``columns[i]`` the cells at
    index ``i`` of a row), ``lines`` each row's line, ``skipped`` the rows already left
    out. A row whose cells are all blank is no row. A row whose coordinate cells are
    both empty (or a table without coordinate columns) is placed by its address, if the
    table has an address column. Everything is decided column by column; only rows that
    are not plainly right are looked at one by one, for the message that says why.
    """
    address = placing.column_of([name for _, name in named])
    address_at = next((i for i, name in named if name == address), None)
    found = _coordinate_columns(table, named, problems, address is not None)
    if found is None:
        return None
    at, datum = found
    pc = compute()
    count = len(lines)
    # Only the cells that place a row are looked at for every row: a table of 40,000
    # columns is not 40,000 passes. Where they are all empty, the row is blank (no row)
    # unless another cell has text, which is asked of those rows alone.
    keys = [i for i in (*(at or ()), address_at) if i is not None]
    stripped = {i: pc.utf8_trim_whitespace(columns[i].array) for i in keys}
    filled = {i: np.asarray(pc.utf8_length(stripped[i]).to_numpy(zero_copy_only=False)) > 0 for i in keys}
    rows = np.logical_or.reduce(list(filled.values()))
    for row in np.flatnonzero(~rows).tolist():
        rows[row] = any(column[row].strip() for column in columns)
    lat, lon = np.zeros(count), np.zeros(count)
    usable = np.zeros(count, dtype=bool)
    placed: dict[int, Placement] = {}
    by_address = np.zeros(count, dtype=bool)
    if address is not None and address_at is not None:
        by_address = rows & (True if at is None else ~(filled[at[0]] | filled[at[1]]))
        for row in np.flatnonzero(by_address).tolist():
            place = placing.addresses.place(columns[address_at][row])
            if isinstance(place, str):
                line = int(lines[row])
                field = table.field(address, address_at, line)
                skipped.append(Problem(table.shown, line, field, f"{place}; row skipped"))
            else:
                lat[row], lon[row], usable[row] = place.lat, place.lon, True
                placed[row] = place
    if at is not None:
        lat_at, lon_at = at
        by_coordinates = rows & ~by_address
        fast = by_coordinates.copy()
        for index, into in ((lat_at, lat), (lon_at, lon)):
            plain = pc.match_substring_regex(stripped[index], _PLAIN_COORDINATE)
            fast &= np.asarray(plain.to_numpy(zero_copy_only=False), dtype=bool)
            numbers = pc.cast(pc.if_else(plain, stripped[index], "0"), arrow().float64())
            into[by_coordinates] = np.asarray(numbers.to_numpy(zero_copy_only=False))[by_coordinates]
        fast &= (CHINA_LAT[0] <= lat) & (lat <= CHINA_LAT[1]) & (CHINA_LON[0] <= lon) & (lon <= CHINA_LON[1])
        usable |= fast
        names = dict(named)
        for row in np.flatnonzero(by_coordinates & ~fast).tolist():
            line = int(lines[row])
            lat_text, lon_text = columns[lat_at][row], columns[lon_at][row]
            row_lat, row_lon = parse_coordinate(lat_text), parse_coordinate(lon_text)
            why = point_problem(row_lat, row_lon, lat_text, lon_text)
            if why is not None or row_lat is None or row_lon is None:
                which, message = why or ("lat", "")
                column, index = (names[lat_at], lat_at) if which == "lat" else (names[lon_at], lon_at)
                field = table.field(column, index, line)
                skipped.append(Problem(table.shown, line, field, f"{message}; row skipped"))
                continue
            lat[row], lon[row], usable[row] = row_lat, row_lon, True
    kept = np.flatnonzero(usable)
    shown_at = [(i, name) for i, name in named if at is None or i not in at]
    gathered = _Rows([name for _, name in shown_at], line=table.header_line)
    gathered.lat, gathered.lon = lat[kept], lon[kept]
    gathered.placed = [placed.get(row) for row in kept.tolist()] if placed else [None] * len(kept)
    gathered.skipped = sorted(skipped, key=lambda problem: problem.line)
    gathered.texts = _KeptColumns(columns, dict((name, i) for i, name in shown_at), kept, count)
    release_memory()
    return gathered, datum


@dataclass(frozen=True)
class _KeptColumns:
    """The columns of a table's kept rows, each stripped when it is asked for (a layer shows
    a few of a wide table's columns)."""

    columns: list[TextColumn]
    position: dict[str, int]
    kept: IntArray
    rows: int

    def __getitem__(self, name: str) -> TextColumn:
        cells = compute().utf8_trim_whitespace(self.columns[self.position[name]].array)
        cells = cells if len(self.kept) == self.rows else cells.take(self.kept)
        # One buffer per column (pyarrow reads in blocks): packed later without a copy.
        return TextColumn(cells.combine_chunks() if isinstance(cells, arrow().ChunkedArray) else cells)


def _coordinate_columns(
    table: _Table, named: list[tuple[int, str]], problems: list[Problem], has_address: bool = False
) -> tuple[tuple[int, int] | None, Datum | None] | None:
    """Where latitude and longitude are in a row (indexes into its cells), and their stated
    datum; ``(None, None)`` for a table that places every row by its address column."""
    names = [name for _, name in named]
    blank = [i for i, name in named if not name]
    duplicates = sorted(name for name, count in Counter(names).items() if name and count > 1)
    if blank or duplicates:
        if blank:
            problems.append(
                table.header_problem("", f"column {table.column_label(blank[0])} has no name in the header")
            )
        for name in duplicates:
            problems.append(table.header_problem(name, "two columns have this name"))
        return None
    kinds = {i: coordinate_column(name) for i, name in named}
    lats = [i for i, kind in kinds.items() if kind and kind[0] == "lat"]
    lons = [i for i, kind in kinds.items() if kind and kind[0] == "lon"]
    if has_address and not lats and not lons:
        return None, None
    if len(lats) != 1 or len(lons) != 1:
        which = "latitude" if len(lats) != 1 else "longitude"
        choices = LATITUDE_NAMES if which == "latitude" else LONGITUDE_NAMES
        count = "no" if not (lats if which == "latitude" else lons) else "more than one"
        problems.append(
            table.header_problem(
                "", f"{count} {which} column; name one of {', '.join(choices)} (found: {name_list(names)})"
            )
        )
        return None
    datums = {kinds[lats[0]][1], kinds[lons[0]][1]} - {None}  # type: ignore[index]
    return (lats[0], lons[0]), (datums.pop() if len(datums) == 1 else None)


def _read_geojson(
    path: Path, shown: str, problems: list[Problem], placing: _Placing
) -> tuple[_Rows, Datum | None] | None:
    data, text = read_json(path, shown, problems, MAX_TABLE_BYTES)
    if not text:
        return None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        problems.append(Problem(shown, 1, "type", "must be a GeoJSON FeatureCollection"))
        return None
    features = data["features"]
    lines = feature_lines(text, len(features))
    columns: dict[str, None] = {}
    line = 1
    for item, feature_line in zip(features, lines, strict=True):
        if isinstance(item, dict) and isinstance(item.get("properties"), dict):
            columns.update(dict.fromkeys(str(key).strip() for key in item["properties"]))
            if line == 1 and len(columns) > MAX_LAYER_COLUMNS:
                line = feature_line or 1
    gathered = _Rows(list(columns), line=line)
    address = placing.column_of(list(columns)) if any(_unlocated(item) for item in features) else None
    for index, (item, line) in enumerate(zip(features, lines, strict=True)):
        where = f"features[{index}]"
        geometry = item.get("geometry") if isinstance(item, dict) else None
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if address is not None and _unlocated(item):
            # A feature without geometry (RFC 7946: unlocated) is placed by its address.
            properties = _properties(item)
            placed = placing.addresses.place(cell_text(properties.get(address)))
            if isinstance(placed, str):
                field_name = f"{where}.properties.{address}"
                gathered.skipped.append(Problem(shown, line, field_name, f"{placed}; skipped"))
            else:
                gathered.add(placed.lat, placed.lon, properties, placed)
            continue
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") != "Point"
            or not isinstance(coords, list)
            or len(coords) < 2
        ):
            kind = geometry.get("type") if isinstance(geometry, dict) else "no geometry"
            gathered.skipped.append(Problem(shown, line, where, f"{kind} is not a Point; skipped"))
            continue
        lon, lat = finite_number(coords[0]), finite_number(coords[1])
        why = point_problem(lat, lon, str(coords[1]), str(coords[0]))
        if why is not None or lat is None or lon is None:
            which, message = why or ("lat", "")
            gathered.skipped.append(
                Problem(shown, line, f"{where}.geometry ({which})", f"{message}; skipped")
            )
            continue
        gathered.add(lat, lon, _properties(item))
    return gathered, None


def _unlocated(item: Any) -> bool:
    """Whether a feature has no geometry (RFC 7946: ``null``), as one to place by its address."""
    return isinstance(item, dict) and item.get("geometry") is None


def _properties(feature: dict[str, Any]) -> dict[str, Any]:
    """A feature's properties by their names as columns (stripped); {} when it has none."""
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return {}
    return {str(key).strip(): value for key, value in properties.items()}


def _settings_path(path: Path) -> Path:
    """The settings file beside a layer: the one there is, else where one would go."""
    candidates = [path.with_suffix(suffix) for suffix in SETTINGS_SUFFIXES]
    # anything by that name: a FIFO is refused when read, not skipped
    return next((candidate for candidate in candidates if os.path.lexists(candidate)), candidates[0])


def _settings(path: Path, root: Path | None, problems: list[Problem]) -> LayerSettings | None:
    """The layer's YAML settings beside it, if there is one."""
    candidate = _settings_path(path)
    if not os.path.lexists(candidate):
        return LayerSettings()
    doc = read_yaml(candidate, display_path(candidate, root), problems)
    if doc is None:
        return None
    if doc.data is None:
        return LayerSettings()
    return validate_record(LayerSettings, doc.data, doc, (), problems)


def setting_kind_problems(settings: LayerSettings | FigureSettings, suffix: str) -> list[Problem]:
    """``sheet:`` for a workbook only, ``encoding:`` for a text table only, and one Python knows
    (the settings of a layer and of a table of figures alike)."""
    found = []
    if settings.sheet is not None and suffix not in WORKBOOK_SUFFIXES:
        found.append(
            settings.origin.problem("sheet", f"only a workbook ({', '.join(WORKBOOK_SUFFIXES)}) has sheets")
        )
    if settings.encoding is not None:
        if suffix not in (*TEXT_TABLE_SUFFIXES, *GIVEN_TEXT_SUFFIXES):
            found.append(
                settings.origin.problem(
                    "encoding", "only a text table (.csv, .tsv, .txt) has an encoding to name"
                )
            )
        elif not known_encoding(settings.encoding):
            found.append(
                settings.origin.problem(
                    "encoding",
                    f"unknown encoding {settings.encoding!r}; name one such as utf-8, gb18030, gbk, big5, "
                    "utf-16 or cp1252",
                )
            )
    return found


def known_encoding(name: str) -> bool:
    """Whether Python can decode text in ``name`` (a codec that is not for text is no encoding).

    >>> known_encoding("GBK"), known_encoding("utf_16_le"), known_encoding("base64"), known_encoding("x")
    (True, True, False, False)
    """
    try:
        b"a".decode(name)  # non-empty: an empty decode skips the lookup
    except LookupError:
        return False
    except UnicodeDecodeError:
        pass  # a real encoding in which "a" alone is not text (UTF-16)
    return True


def _setting_column_problems(settings: LayerSettings, columns: list[str]) -> list[Problem]:
    found = []
    known = set(columns)
    for key in ("label", "category", "link", "address"):
        name = getattr(settings, key)
        if name is not None and name not in known:
            found.append(
                settings.origin.problem(
                    key, f"no column {name!r} in the layer (columns: {name_list(columns)})"
                )
            )
    for index, name in enumerate(settings.columns or ()):
        if name not in known:
            found.append(settings.origin.problem(("columns", index), f"no column {name!r} in the layer"))
    if settings.columns is not None and len(settings.columns) > MAX_LAYER_COLUMNS:
        found.append(
            settings.origin.problem(
                "columns",
                f"lists {len(settings.columns):,} columns; a layer's popups show at most {MAX_LAYER_COLUMNS}",
            )
        )
    return found


def _width_problems(
    rows: _Rows, settings: LayerSettings, path: Path, shown: str, root: Path | None
) -> list[Problem]:
    """A layer with more popup columns than the page can hold, unless its settings choose."""
    if settings.columns or len(rows.columns) <= MAX_LAYER_COLUMNS:
        return []
    beside = display_path(path.with_suffix(".yaml"), root)
    return [
        Problem(
            shown,
            rows.line,
            "",
            f"{len(rows.columns):,} columns besides latitude and longitude; a layer's popups show at "
            f"most {MAX_LAYER_COLUMNS}: list the ones to show under 'columns:' in {beside}",
        )
    ]


_LABEL_GUESSES = ("name", "名称", "企业名称", "title", "company", "企业")
_CATEGORY_GUESSES = ("category", "类别", "分类", "行业", "industry", "type", "类型")
_LINK_GUESSES = ("url", "link", "website", "网址", "链接")


def _guess(columns: list[str], guesses: tuple[str, ...]) -> str | None:
    """The first column whose name is one of ``guesses`` (case-insensitive).

    >>> _guess(["ID", "Name", "Category"], ("name", "title")), _guess(["名稱", "類別"], ("类别",))
    ('Name', '類別')
    """
    lowered = {name.lower().translate(_TRADITIONAL): name for name in reversed(columns)}
    return next((lowered[g] for g in guesses if g in lowered), None)


def layer_title(stem: str) -> str:
    """A layer's name from its file name.

    >>> layer_title("high_tech-enterprises")
    'High tech enterprises'
    """
    words = re.sub(r"[_\-]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else stem


def read_layer(path: Path, root: Path | None = None, addresses: Addresses | None = None) -> PointLayer:
    """Read one layer file and its settings; raises DataError with every problem found.

    ``addresses`` places rows without coordinates; by default with the boundaries of the
    project at ``root``.
    """
    shown = display_path(path, root)
    problems: list[Problem] = []
    settings = _settings(path, root, problems)
    suffix = path.suffix.lower()
    kind_problems = setting_kind_problems(settings, suffix) if settings is not None else []
    problems += kind_problems
    # A broken setting is reported; the file is still read without it, for its own problems.
    usable = settings if settings is not None and not kind_problems else LayerSettings()
    placing = _Placing(usable.address, addresses or Addresses(root=root))
    try:
        if suffix in (*TEXT_TABLE_SUFFIXES, *GIVEN_TEXT_SUFFIXES):
            settings_shown = display_path(_settings_path(path), root)
            read = _read_csv(path, shown, problems, usable, placing, settings_shown)
        elif suffix in WORKBOOK_SUFFIXES:
            read = _read_sheet(path, shown, problems, usable, placing)
        else:
            read = _read_geojson(path, shown, problems, placing)
    except DataError as error:
        problems.extend(error.problems)
        read = None
    if read is None or settings is None:
        raise DataError(problems)
    rows, column_datum = read
    problems += _setting_column_problems(settings, rows.columns)
    problems += _width_problems(rows, settings, path, shown, root)
    if len(rows.lat) == 0:
        problems.append(
            Problem(
                shown,
                0,
                "",
                f"no row has a usable point ({len(rows.skipped)} skipped); the layer would be empty",
            )
        )
        problems += rows.skipped[:20]
    if problems:
        raise DataError(problems)
    datum = settings.datum or column_datum or "wgs84"
    lon, lat = np.asarray(rows.lon, dtype=np.float64), np.asarray(rows.lat, dtype=np.float64)
    placements = {p.district.adcode: p.district for p in rows.placed if p is not None}
    # Only the rows' own coordinates are in the layer's datum: a point placed by its
    # address is WGS-84 already (the mask is made only when some are).
    own = np.array([p is None for p in rows.placed], dtype=bool) if placements else np.ones(len(lon), bool)
    if datum == "gcj02" and own.any():
        lon[own], lat[own] = gcj02_to_wgs84(lon[own], lat[own])
    shown_columns = list(settings.columns) if settings.columns else rows.columns
    return PointLayer(
        id=path.stem,
        path=shown,
        name=settings.name or layer_title(path.stem),
        name_zh=settings.name_zh,
        source=settings.source,
        show=settings.show,
        columns=tuple(shown_columns),
        label=settings.label or _guess(rows.columns, _LABEL_GUESSES),
        category=settings.category or _guess(rows.columns, _CATEGORY_GUESSES),
        link=settings.link or _guess(rows.columns, _LINK_GUESSES),
        lon=lon,
        lat=lat,
        values=tuple(rows.column(name) for name in shown_columns),
        skipped=tuple(rows.skipped),
        converted_from="gcj02" if datum == "gcj02" and own.any() else None,
        placed_in=tuple(p.district.adcode if p else None for p in rows.placed) if placements else (),
        placements=tuple(placements[code] for code in sorted(placements)),
    )


def distinct_files(
    paths: Iterable[Path], root: Path | None, suffixes: Sequence[str], what: str, problems: list[Problem]
) -> Iterator[tuple[Path, str]]:
    """Each file (and how messages name it) whose name no earlier file has and whose suffix
    is one of ``suffixes``; a problem in ``problems`` for each other one. A layer or table is
    known by its file's name, so two of one name would be one.
    """
    seen: dict[str, str] = {}
    for path in paths:
        shown = display_path(path, root)
        if path.stem in seen:
            message = f"a {what} named {path.stem!r} already comes from {seen[path.stem]}; rename one file"
            problems.append(Problem(shown, 0, "", message))
            continue
        seen[path.stem] = shown
        if path.suffix.lower() not in suffixes:
            kinds = ", ".join(suffixes[:-1])
            problems.append(Problem(shown, 0, "", f"a {what} must be {kinds} or {suffixes[-1]}"))
            continue
        yield path, shown


def read_layers(
    paths: Sequence[Path], root: Path | None = None, boundaries: Boundaries | None = None
) -> tuple[PointLayer, ...]:
    """Read every layer; raises one DataError with the problems of all of them.

    Rows without coordinates are placed by their addresses with ``boundaries``, else with
    the boundaries of the project at ``root``, read once when a row first needs them.
    """
    layers: list[PointLayer] = []
    problems: list[Problem] = []
    addresses = Addresses(boundaries, root)
    for path, _shown in distinct_files(paths, root, READABLE_SUFFIXES, "layer", problems):
        try:
            layers.append(read_layer(path, root, addresses))
        except DataError as error:
            problems.extend(error.problems)
        release_memory()  # what reading the file took, beyond the layer itself
    if problems:
        raise DataError(problems)
    return tuple(layers)
