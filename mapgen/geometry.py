"""Stage 3, geometry: lines, areas, lengths, distances and containment, on the WGS-84 ellipsoid.

Lengths and distances are geodesic (pyproj.Geod), never planar degrees. The points of
each site layer are counted in each city's area and each district's (:class:`LayerCounts`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from mapgen.coords import BoolArray, Bounds, FloatArray, IntArray, LonLat, coordinate_problems
from mapgen.errors import Problem
from mapgen.model import Atlas, Axis, Boundary, City, FigureLevel, Place, PointLayer


@cache
def wgs84() -> Geod:
    return Geod(ellps="WGS84")


def geodesic_length_km(coords: Sequence[LonLat]) -> float:
    """Length in km of a line of points along the WGS-84 ellipsoid.

    >>> round(geodesic_length_km([LonLat(121.0, 31.0), LonLat(121.0, 32.0)]), 1)
    110.9
    """
    lons, lats = zip(*coords, strict=True)
    return float(wgs84().line_length(lons, lats)) / 1000.0


def geodesic_distance_m(a: LonLat, b: LonLat) -> float:
    """Distance in metres between two points.

    >>> round(geodesic_distance_m(LonLat(121.0, 31.0), LonLat(121.0, 31.001)))
    111
    """
    _, _, metres = wgs84().inv(a.lon, a.lat, b.lon, b.lat)
    return float(metres)


def geodesic_area_km2(geometry: BaseGeometry) -> float:
    """Area in km² of a (lon, lat) polygon on the WGS-84 ellipsoid, whatever its ring order.

    >>> from shapely.geometry import box
    >>> round(geodesic_area_km2(box(121.0, 31.0, 122.0, 32.0)))
    10534
    """
    area, _ = wgs84().geometry_area_perimeter(geometry)
    return abs(float(area)) / 1e6


@dataclass(frozen=True)
class AxisGeometry:
    axis: Axis
    coords: tuple[LonLat, ...]
    length_km: float

    @property
    def line(self) -> LineString:
        return LineString(self.coords)


@dataclass(frozen=True)
class CityMeasure:
    city: City
    area_km2: float
    km_from_district: float  # geodesic, from the district's point (Songjiang) to the city's


@dataclass(frozen=True)
class Region:
    """The corridor as an area: the union of its cities' areas."""

    geometry: BaseGeometry
    area_km2: float  # the whole cities
    with_district_km2: float  # the origin city counted by its district only (Songjiang + the others)


@dataclass(frozen=True)
class AreaCount:
    """How many points of a layer lie in one area."""

    area: Boundary
    count: int


@dataclass(frozen=True)
class LayerCounts:
    """A site layer's points counted in each area of one level (every area, none left out)."""

    layer: PointLayer
    level: FigureLevel
    areas: tuple[AreaCount, ...]

    def count_in(self, area: Boundary) -> int | None:
        """The count of one area (by level and code); None for an area of another level."""
        return next(
            (c.count for c in self.areas if (c.area.level, c.area.adcode) == (area.level, area.adcode)),
            None,
        )


@dataclass(frozen=True)
class Geometry:
    """What the map draws beyond single points, and what it measures."""

    axes: tuple[AxisGeometry, ...]
    cities: tuple[CityMeasure, ...]
    district_km2: float
    region: Region
    bounds: Bounds  # every area, line and place
    counts: tuple[LayerCounts, ...] = ()  # per layer, its cities' counts, then its districts'

    def city(self, city_id: str) -> CityMeasure | None:
        return next((m for m in self.cities if m.city.id == city_id), None)

    def counts_of(self, layer: PointLayer, level: FigureLevel) -> LayerCounts | None:
        return next((c for c in self.counts if c.layer is layer and c.level == level), None)


def axis_coords(axis: Axis, atlas: Atlas) -> tuple[LonLat, ...]:
    """The points an axis passes, with place waypoints at their places."""
    coords = []
    for waypoint in axis.waypoints:
        if waypoint.place is not None:
            place = atlas.place(waypoint.place)
            assert place is not None, "load checks every waypoint reference"
            coords.append(place.point)
        else:
            assert waypoint.lon is not None and waypoint.lat is not None
            coords.append(LonLat(waypoint.lon, waypoint.lat))
    return tuple(coords)


def _union(areas: list[BaseGeometry]) -> BaseGeometry:
    """The union of areas; a coverage (shared borders, no overlaps), as the boundaries
    refresh writes, is merged along its borders, ten times faster than a general union.

    >>> squares = [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)]
    >>> _union(squares).area, _union([*squares, shapely.box(0.5, 0, 1.5, 1)]).area
    (2.0, 2.0)
    """
    if shapely.coverage_is_valid(areas):
        return shapely.coverage_union_all(areas)
    return shapely.union_all(areas)


def corridor_region(atlas: Atlas) -> Region:
    """The union of the cities, measured whole and with the origin city cut to its district."""
    areas = [atlas.city_area(c).geometry for c in atlas.cities]
    region = _union(areas)
    others = [atlas.city_area(c).geometry for c in atlas.cities if c.role != "origin"]
    with_district = _union([*others, atlas.district_area.geometry])
    return Region(region, geodesic_area_km2(region), geodesic_area_km2(with_district))


def count_in_areas(lon: FloatArray, lat: FloatArray, areas: Sequence[BaseGeometry]) -> list[int]:
    """How many of the points lie in each area, each point counted once: in the first area
    that covers it (a point on a border two areas share is in the first of them).

    >>> import numpy as np
    >>> squares = [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)]
    >>> count_in_areas(np.array([0.5, 1.0, 1.5, 3.0]), np.array([0.5, 0.5, 0.5, 0.5]), squares)
    [2, 1]
    """
    owner = area_of_points(lon, lat, areas)
    counts: list[int] = np.bincount(owner[owner >= 0], minlength=len(areas)).tolist()
    return counts


# The grid of area_of_points: at most this many cells a side, none finer than this (degrees).
_GRID_CELLS = 512
_GRID_MIN_CELL = 0.005


def area_of_points(lon: FloatArray, lat: FloatArray, areas: Sequence[BaseGeometry]) -> IntArray:
    """Each point's area (its index in ``areas``: the first that covers it), or -1.

    A million points in a hundred districts must not be a hundred passes of GEOS over
    them. The points' extent is cut into a grid: a cell that no area's border crosses
    lies wholly inside or outside each area, so its centre's area is the area of every
    point in it; only the points of cells a border crosses are tested one by one.

    >>> import numpy as np
    >>> ring = shapely.box(0, 0, 4, 4).difference(shapely.box(1, 1, 3, 3))
    >>> area_of_points(np.array([0.5, 2.0, 2.0, 5.0]), np.array([0.5, 2.0, 1.0, 5.0]), [ring]).tolist()
    [0, -1, 0, -1]
    """
    if len(lon) == 0 or not areas:
        return np.full(len(lon), -1, dtype=np.int64)
    west, south, east, north = float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())
    cell = max((east - west) / _GRID_CELLS, (north - south) / _GRID_CELLS, _GRID_MIN_CELL)
    # Sized by the very division that places the points, so the last point has a cell.
    columns, rows = int(np.floor((east - west) / cell)) + 1, int(np.floor((north - south) / cell)) + 1
    # Cells a border crosses: each border's vertices, no further apart than half a cell, and
    # the cells around them (a stretch of border is within half a cell of a vertex).
    borders = shapely.segmentize(shapely.boundary(np.asarray(areas, dtype=object)), cell / 2)
    vertices = shapely.get_coordinates(borders)
    crossed = np.zeros((rows + 2, columns + 2), dtype=bool)  # a margin of one cell all round
    at_x = np.clip(np.floor((vertices[:, 0] - west) / cell), -1, columns).astype(np.int64) + 1
    at_y = np.clip(np.floor((vertices[:, 1] - south) / cell), -1, rows).astype(np.int64) + 1
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            crossed[np.clip(at_y + dy, 0, rows + 1), np.clip(at_x + dx, 0, columns + 1)] = True
    crossed = crossed[1:-1, 1:-1]
    # The area of each cell no border crosses, from its centre.
    centre_x = west + (np.arange(columns) + 0.5) * cell
    centre_y = south + (np.arange(rows) + 0.5) * cell
    grid_x, grid_y = np.meshgrid(centre_x, centre_y)
    cell_owner = np.full(rows * columns, -1, dtype=np.int64)
    cell_owner[crossed.ravel()] = -2  # -2: look at its points one by one
    _first_area(grid_x.ravel(), grid_y.ravel(), areas, cell_owner, cell_owner == -1)
    point_x = np.clip(np.floor((lon - west) / cell).astype(np.int64), 0, columns - 1)
    point_y = np.clip(np.floor((lat - south) / cell).astype(np.int64), 0, rows - 1)
    owner: IntArray = cell_owner[point_y * columns + point_x]
    _first_area(lon, lat, areas, owner, owner == -2)
    owner[owner == -2] = -1
    return owner


def _first_area(
    lon: FloatArray, lat: FloatArray, areas: Sequence[BaseGeometry], owner: IntArray, unknown: BoolArray
) -> None:
    """Set ``owner`` of the ``unknown`` points to the first area that covers each, else -1."""
    candidates = np.flatnonzero(unknown)
    owner[candidates] = -1
    # Points in order of longitude: an area's candidates are one slice of them, found by
    # bisection, not a pass over every point per area.
    candidates = candidates[np.argsort(lon[candidates], kind="stable")]
    x, y = lon[candidates], lat[candidates]
    free = np.ones(len(candidates), dtype=bool)  # not yet in an earlier area
    for number, area in enumerate(areas):
        west, south, east, north = area.bounds
        start, stop = int(np.searchsorted(x, west, "left")), int(np.searchsorted(x, east, "right"))
        near = start + np.flatnonzero(free[start:stop] & (y[start:stop] >= south) & (y[start:stop] <= north))
        inside = near[shapely.intersects_xy(area, x[near], y[near])]
        free[inside] = False
        owner[candidates[inside]] = number


def layer_counts(atlas: Atlas) -> tuple[LayerCounts, ...]:
    """Each site layer's points counted in the cities' areas, then in every district's area.

    The districts are those of the boundaries file; without any, a layer has city counts only.
    """
    levels: list[tuple[FigureLevel, tuple[Boundary, ...]]] = [
        ("city", tuple(atlas.city_area(c) for c in atlas.cities)),
        ("district", atlas.boundaries.at_level("district")),
    ]
    jobs = [(layer, level, areas) for layer in atlas.layers for level, areas in levels if areas]
    # Each count on a core of its own: GEOS and numpy let go of the interpreter's lock.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        counted = list(
            pool.map(lambda job: count_in_areas(job[0].lon, job[0].lat, [a.geometry for a in job[2]]), jobs)
        )
    return tuple(
        LayerCounts(layer, level, tuple(map(AreaCount, areas, counts)))
        for (layer, level, areas), counts in zip(jobs, counted, strict=True)
    )


def measure(atlas: Atlas) -> Geometry:
    """Axes with their geodesic lengths, city areas and distances, the region, the bounds,
    and the points of each site layer counted in each city and district."""
    axes = []
    for axis in atlas.axes:
        coords = axis_coords(axis, atlas)
        axes.append(AxisGeometry(axis, coords, geodesic_length_km(coords)))
    origin = atlas.district.point
    cities = tuple(
        CityMeasure(
            c, geodesic_area_km2(atlas.city_area(c).geometry), geodesic_distance_m(origin, c.point) / 1000
        )
        for c in atlas.cities
    )
    region = corridor_region(atlas)
    west, south, east, north = region.geometry.bounds
    points = [*(p.point for p in atlas.places), *(c for a in axes for c in a.coords)]
    lons = [west, east, *(p.lon for p in points)]
    lats = [south, north, *(p.lat for p in points)]
    return Geometry(
        tuple(axes),
        cities,
        geodesic_area_km2(atlas.district_area.geometry),
        region,
        Bounds(min(lons), min(lats), max(lons), max(lats)),
        layer_counts(atlas),
    )


def _outside(place: Place, area: Boundary, shown_as: str) -> Problem | None:
    """A problem if the place's point is not in the area, saying how far outside it is."""
    if coordinate_problems(place.written):
        return None  # already reported as impossible coordinates
    point = Point(place.point)
    if area.geometry.covers(point):
        return None
    nearest = nearest_points(area.geometry.boundary, point)[0]
    km = geodesic_distance_m(place.point, LonLat(nearest.x, nearest.y)) / 1000
    return place.origin.problem(
        "lat",
        f"{place.id} ({place.lat}, {place.lon}) lies {km:.1f} km outside the area of "
        f"{area.label} in {shown_as}",
    )


def containment_problems(atlas: Atlas) -> list[Problem]:
    """Every city's point lies in its own city's area; every site in the district's area."""
    checks = ((place, atlas.area_of(place)) for place in atlas.places)
    # An area that is missing is reported by load; nothing to check against here.
    found = (_outside(place, area, atlas.boundaries.shown_as) for place, area in checks if area)
    return [p for p in found if p is not None]
