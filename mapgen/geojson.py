"""GeoJSON as RFC 7946 wants it, written the same way every time.

Used for the committed ``geo/boundaries.geojson`` and for ``mapgen export geojson``:
longitude-latitude order, counter-clockwise exterior rings, at most six decimals
(about 0.1 m), one feature per line so diffs and error lines stay readable.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

DECIMALS = 6

JSON = dict[str, Any]


def round_coordinates(geometry: BaseGeometry, decimals: int = DECIMALS) -> BaseGeometry:
    """The geometry with every coordinate rounded; shared vertices stay shared.

    >>> round_coordinates(shapely.Point(121.12345678, 31.0)).wkt
    'POINT (121.123457 31)'
    """
    return shapely.transform(geometry, lambda xy: np.round(xy, decimals))


def rfc7946_geometry(geometry: BaseGeometry) -> JSON:
    """A GeoJSON geometry object: exterior rings counter-clockwise, holes clockwise, 6 decimals.

    >>> square_cw = shapely.Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])
    >>> rfc7946_geometry(square_cw)["coordinates"][0]
    [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    """
    oriented = shapely.orient_polygons(round_coordinates(geometry), exterior_cw=False)
    return _plain(oriented)


def _plain(geometry: BaseGeometry) -> JSON:
    """The GeoJSON geometry object of a 2-D geometry, its coordinates as lists of floats.

    Each ring's coordinates come from numpy's ``tolist`` at once, not tuple by tuple: the
    corridor's boundaries are a quarter of a million vertices, on every build.

    >>> _plain(shapely.MultiPoint([(1, 2), (3, 4)])) == _lists(mapping(shapely.MultiPoint([(1, 2), (3, 4)])))
    True
    """
    kind = geometry.geom_type
    if geometry.is_empty or shapely.has_z(geometry) or kind == "GeometryCollection":
        plain: JSON = _lists(mapping(geometry))
        return plain
    if kind == "Polygon":
        coordinates: Any = _rings(geometry)
    elif kind == "MultiPolygon":
        coordinates = [_rings(part) for part in geometry.geoms]
    elif kind == "MultiLineString":
        coordinates = [shapely.get_coordinates(part).tolist() for part in geometry.geoms]
    elif kind == "Point":
        coordinates = shapely.get_coordinates(geometry).tolist()[0]
    else:  # LineString, MultiPoint
        coordinates = shapely.get_coordinates(geometry).tolist()
    return {"type": kind, "coordinates": coordinates}


def _rings(polygon: BaseGeometry) -> list[Any]:
    return [shapely.get_coordinates(ring).tolist() for ring in (polygon.exterior, *polygon.interiors)]


def _lists(value: Any) -> Any:
    """Tuples to lists, numpy floats to floats: plain JSON values."""
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    if isinstance(value, np.floating):
        return float(value)
    return value


def feature(geometry: BaseGeometry, properties: JSON) -> JSON:
    return {"type": "Feature", "properties": properties, "geometry": rfc7946_geometry(geometry)}


def dumps(value: Any) -> str:
    """Compact, deterministic JSON; UTF-8 text is kept readable, NaN is refused.

    >>> dumps({"name_zh": "松江区", "lon": 121.2})
    '{"name_zh":"松江区","lon":121.2}'
    """
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def feature_collection_text(features: list[JSON], members: JSON | None = None) -> str:
    """A FeatureCollection with one feature per line, foreign ``members`` first.

    >>> print(feature_collection_text([feature(shapely.Point(1, 2), {"id": "a"})]), end="")
    {"type":"FeatureCollection",
    "features":[
    {"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[1.0,2.0]}}
    ]}
    """
    head = ['{"type":"FeatureCollection",']
    head += [f"{dumps(key)}:{dumps(value)}," for key, value in (members or {}).items()]
    body = ",\n".join(dumps(f) for f in features)
    return "\n".join([*head, '"features":[', body, "]}"]) + "\n"


def feature_lines(text: str) -> list[int]:
    """The line number of each feature in text written by :func:`feature_collection_text`.

    >>> text = feature_collection_text([feature(shapely.Point(1, 2), {}), feature(shapely.Point(3, 4), {})])
    >>> feature_lines(text)
    [3, 4]
    """
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.startswith('{"type":"Feature",') or line.startswith('{"type":"Feature"}')
    ]
