"""Coordinates: one order everywhere, (longitude, latitude), WGS-84 unless a name says otherwise.

:class:`LonLat` is a point and :class:`Bounds` a box, both in GeoJSON's and shapely's
order. GCJ-02, the shifted datum of Chinese web maps (AMap/Gaode, Tencent), appears only
in names that say so (``wgs84_to_gcj02``): data in it is converted where it enters.
The YAML files a person edits keep ``lat:`` and ``lon:`` fields, named, so no order applies.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
BoolArray = np.ndarray[Any, np.dtype[np.bool_]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]

# Rough bounding box of China, for the "latitude and longitude swapped?" hint.
CHINA_LAT = (18.0, 54.0)
CHINA_LON = (73.0, 135.0)


class LonLat(NamedTuple):
    """A WGS-84 point, longitude first.

    >>> LonLat(121.2277, 31.0322).lat
    31.0322
    """

    lon: float
    lat: float

    @property
    def swapped(self) -> LonLat:
        """The point with its numbers exchanged: what was meant if they were typed in the wrong order."""
        return LonLat(self.lat, self.lon)


class Bounds(NamedTuple):
    """A WGS-84 box, as shapely's ``bounds``: west, south, east, north.

    >>> Bounds(120.0, 30.0, 122.0, 31.0).centre
    LonLat(lon=121.0, lat=30.5)
    """

    west: float
    south: float
    east: float
    north: float

    @property
    def centre(self) -> LonLat:
        return LonLat((self.west + self.east) / 2, (self.south + self.north) / 2)


def in_china(point: LonLat) -> bool:
    """True when the point falls in China's rough bounding box.

    >>> in_china(LonLat(121.47, 31.23)), in_china(LonLat(31.23, 121.47))
    (True, False)
    """
    return CHINA_LAT[0] <= point.lat <= CHINA_LAT[1] and CHINA_LON[0] <= point.lon <= CHINA_LON[1]


def coordinate_problems(point: LonLat) -> list[tuple[str, str]]:
    """(field, message) for coordinates that cannot be right.

    >>> coordinate_problems(LonLat(lon=31.23, lat=121.47))
    [('lat', 'must be between -90 and 90, got 121.47; lat and lon look swapped: (31.23, 121.47) is in China')]
    """
    lon, lat = point
    found: list[tuple[str, str]] = []
    if not math.isfinite(lat) or not math.isfinite(lon):
        return [("lat" if not math.isfinite(lat) else "lon", "must be a finite number")]
    if not -90 <= lat <= 90:
        found.append(("lat", f"must be between -90 and 90, got {lat}"))
    if not -180 <= lon <= 180:
        found.append(("lon", f"must be between -180 and 180, got {lon}"))
    if not in_china(point) and in_china(point.swapped):
        hint = f"lat and lon look swapped: ({lon}, {lat}) is in China"
        if found:
            found[0] = (found[0][0], f"{found[0][1]}; {hint}")
        else:
            found.append(("lat", hint))
    return found


# GCJ-02, the datum of AMap (Gaode) and Tencent maps: the published forward formula
# (Krasovsky 1940 constants, as prcoords' wgs_gcj and the map page's G60.wgsToGcj), vectorised.
_GCJ_A = 6378245.0
_GCJ_EE = 0.00669342162296594323


def _gcj_in_range(lon: FloatArray, lat: FloatArray) -> BoolArray:
    return (lat >= 0.8293) & (lat <= 55.8271) & (lon >= 72.004) & (lon <= 137.8347)


def wgs84_to_gcj02(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """WGS-84 -> GCJ-02 for arrays of longitudes and latitudes; points outside China stay.

    >>> lon, lat = wgs84_to_gcj02(np.array([121.2275]), np.array([31.0322]))
    >>> round(float(lon[0]), 6), round(float(lat[0]), 6)
    (121.231917, 31.030081)
    """
    x, y = lon - 105.0, lat - 35.0
    d_lat = (
        -100
        + 2 * x
        + 3 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
        + (
            2 * np.sin(x * 6 * np.pi)
            + 2 * np.sin(x * 2 * np.pi)
            + 2 * np.sin(y * np.pi)
            + 4 * np.sin(y / 3 * np.pi)
            + 16 * np.sin(y / 12 * np.pi)
            + 32 * np.sin(y / 30 * np.pi)
        )
        * 20
        / 3
    )
    d_lon = (
        300
        + x
        + 2 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * np.sqrt(np.abs(x))
        + (
            2 * np.sin(x * 6 * np.pi)
            + 2 * np.sin(x * 2 * np.pi)
            + 2 * np.sin(x * np.pi)
            + 4 * np.sin(x / 3 * np.pi)
            + 15 * np.sin(x / 12 * np.pi)
            + 30 * np.sin(x / 30 * np.pi)
        )
        * 20
        / 3
    )
    rad_lat = lat / 180 * np.pi
    magic = 1 - _GCJ_EE * np.sin(rad_lat) ** 2
    lat_arc = (_GCJ_A * (1 - _GCJ_EE)) / magic**1.5 * np.pi / 180
    lon_arc = _GCJ_A * np.cos(rad_lat) / np.sqrt(magic) * np.pi / 180
    inside = _gcj_in_range(lon, lat)
    return (np.where(inside, lon + d_lon / lon_arc, lon), np.where(inside, lat + d_lat / lat_arc, lat))


def gcj02_to_wgs84(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 -> WGS-84 for arrays of longitudes and latitudes, iterated to below 1 mm.

    The formula has no closed inverse; each step moves the guess by the remaining
    error, which shrinks about a hundredfold per step.

    >>> lon, lat = gcj02_to_wgs84(*wgs84_to_gcj02(np.array([121.2275]), np.array([31.0322])))
    >>> round(float(lon[0]), 9), round(float(lat[0]), 9)
    (121.2275, 31.0322)
    """
    wgs_lon, wgs_lat = lon.astype(np.float64), lat.astype(np.float64)
    for _ in range(30):
        gcj_lon, gcj_lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
        error_lon, error_lat = gcj_lon - lon, gcj_lat - lat
        wgs_lon, wgs_lat = wgs_lon - error_lon, wgs_lat - error_lat
        if len(lon) == 0 or max(float(np.abs(error_lon).max()), float(np.abs(error_lat).max())) < 1e-10:
            break
    return wgs_lon, wgs_lat


@lru_cache(maxsize=4096)  # a place's point is asked for by every output
def gcj02_point_to_wgs84(point: LonLat) -> LonLat:
    """One GCJ-02 point (as read off AMap or Tencent) in WGS-84.

    >>> wgs = gcj02_point_to_wgs84(LonLat(121.473662, 31.230372))  # AMap's centre of Shanghai
    >>> round(wgs.lon, 6), round(wgs.lat, 6)
    (121.469124, 31.232301)
    """
    lon, lat = gcj02_to_wgs84(np.array([point.lon]), np.array([point.lat]))
    return LonLat(float(lon[0]), float(lat[0]))
