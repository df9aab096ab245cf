"""Stage 3, geometry: lines, lengths, bounds and containment, on the WGS-84 ellipsoid.

Lengths and distances are geodesic (pyproj.Geod), never planar degrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyproj import Geod
from shapely.geometry import LineString, Point
from shapely.ops import nearest_points

from mapgen.coords import coordinate_problems
from mapgen.errors import Problem
from mapgen.model import Atlas, Axis


@cache
def wgs84() -> Geod:
    return Geod(ellps="WGS84")


def geodesic_length_km(coords: list[tuple[float, float]]) -> float:
    """Length in km of a line of (lon, lat) points along the WGS-84 ellipsoid.

    >>> round(geodesic_length_km([(121.0, 31.0), (121.0, 32.0)]), 1)
    110.9
    """
    lons, lats = zip(*coords, strict=True)
    return float(wgs84().line_length(lons, lats)) / 1000.0


def geodesic_distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in metres between two (lon, lat) points.

    >>> round(geodesic_distance_m((121.0, 31.0), (121.0, 31.001)))
    111
    """
    _, _, metres = wgs84().inv(a[0], a[1], b[0], b[1])
    return float(metres)


@dataclass(frozen=True)
class AxisGeometry:
    axis: Axis
    coords: tuple[tuple[float, float], ...]  # (lon, lat)
    length_km: float

    @property
    def line(self) -> LineString:
        return LineString(self.coords)


@dataclass(frozen=True)
class Geometry:
    """What the map draws beyond single points."""

    axes: tuple[AxisGeometry, ...]
    bounds: tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))


def axis_coords(axis: Axis, atlas: Atlas) -> tuple[tuple[float, float], ...]:
    """The (lon, lat) points an axis passes, with place waypoints at their places."""
    coords = []
    for waypoint in axis.waypoints:
        if waypoint.place is not None:
            place = atlas.place(waypoint.place)
            assert place is not None, "load checks every waypoint reference"
            coords.append((place.lon, place.lat))
        else:
            assert waypoint.lon is not None and waypoint.lat is not None
            coords.append((waypoint.lon, waypoint.lat))
    return tuple(coords)


def measure(atlas: Atlas) -> Geometry:
    """Axes with their geodesic lengths, and the bounds of every feature."""
    axes = []
    for axis in atlas.axes:
        coords = axis_coords(axis, atlas)
        axes.append(AxisGeometry(axis, coords, geodesic_length_km(list(coords))))
    lons = [p.lon for p in atlas.places] + [c[0] for a in axes for c in a.coords]
    lats = [p.lat for p in atlas.places] + [c[1] for a in axes for c in a.coords]
    return Geometry(tuple(axes), ((min(lats), min(lons)), (max(lats), max(lons))))


def containment_problems(atlas: Atlas) -> list[Problem]:
    """Every Songjiang site must lie inside Songjiang District."""
    problems = []
    outline = atlas.district_outline
    for site in atlas.sites:
        if coordinate_problems(site.lat, site.lon):
            continue  # already reported as impossible coordinates
        point = Point(site.lon, site.lat)
        if outline.covers(point):
            continue
        nearest = nearest_points(outline.boundary, point)[0]
        km = geodesic_distance_m((site.lon, site.lat), (nearest.x, nearest.y)) / 1000
        problems.append(site.origin.problem(
            "lat", f"{site.id} ({site.lat}, {site.lon}) lies {km:.1f} km outside Songjiang "
                   "District (geo/songjiang_district.geojson)"))
    return problems
