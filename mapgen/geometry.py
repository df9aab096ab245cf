"""Stage 3, geometry: lines, areas, lengths, distances and containment, on the WGS-84 ellipsoid.

Lengths and distances are geodesic (pyproj.Geod), never planar degrees. The points of
each site layer are counted in each city's area and each district's (:class:`LayerCounts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from mapgen.coords import Bounds, FloatArray, LonLat, coordinate_problems
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

    Vectorised: the points inside an area's bounding box are found with numpy, then
    tested all at once by GEOS, so 100,000 points in a hundred areas take a few tenths
    of a second.

    >>> import numpy as np
    >>> squares = [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)]
    >>> count_in_areas(np.array([0.5, 1.0, 1.5, 3.0]), np.array([0.5, 0.5, 0.5, 0.5]), squares)
    [2, 1]
    """
    free = np.ones(len(lon), dtype=bool)  # not yet counted in an earlier area
    counts = []
    for area in areas:
        west, south, east, north = area.bounds
        near = np.flatnonzero(free & (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north))
        inside = near[shapely.intersects_xy(area, lon[near], lat[near])]
        free[inside] = False
        counts.append(len(inside))
    return counts


def layer_counts(atlas: Atlas) -> tuple[LayerCounts, ...]:
    """Each site layer's points counted in the cities' areas, then in every district's area.

    The districts are those of the boundaries file; without any, a layer has city counts only.
    """
    levels: list[tuple[FigureLevel, tuple[Boundary, ...]]] = [
        ("city", tuple(atlas.city_area(c) for c in atlas.cities)),
        ("district", atlas.boundaries.at_level("district")),
    ]
    found = []
    for layer in atlas.layers:
        for level, areas in levels:
            if areas:
                counts = count_in_areas(layer.lon, layer.lat, [a.geometry for a in areas])
                found.append(LayerCounts(layer, level, tuple(map(AreaCount, areas, counts))))
    return tuple(found)


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
