"""Sanity checks on WGS-84 coordinates."""

from __future__ import annotations

import math

# Rough bounding box of China, for the "latitude and longitude swapped?" hint.
CHINA_LAT = (18.0, 54.0)
CHINA_LON = (73.0, 135.0)


def in_china(lat: float, lon: float) -> bool:
    """True when the point falls in China's rough bounding box.

    >>> in_china(31.23, 121.47), in_china(121.47, 31.23)
    (True, False)
    """
    return CHINA_LAT[0] <= lat <= CHINA_LAT[1] and CHINA_LON[0] <= lon <= CHINA_LON[1]


def coordinate_problems(lat: float, lon: float) -> list[tuple[str, str]]:
    """(field, message) for coordinates that cannot be right.

    >>> coordinate_problems(121.47, 31.23)
    [('lat', 'must be between -90 and 90, got 121.47; lat and lon look swapped: (31.23, 121.47) is in China')]
    """
    found: list[tuple[str, str]] = []
    if not math.isfinite(lat) or not math.isfinite(lon):
        return [("lat" if not math.isfinite(lat) else "lon", "must be a finite number")]
    if not -90 <= lat <= 90:
        found.append(("lat", f"must be between -90 and 90, got {lat}"))
    if not -180 <= lon <= 180:
        found.append(("lon", f"must be between -180 and 180, got {lon}"))
    if not in_china(lat, lon) and in_china(lon, lat):
        hint = f"lat and lon look swapped: ({lon}, {lat}) is in China"
        if found:
            found[0] = (found[0][0], f"{found[0][1]}; {hint}")
        else:
            found.append(("lat", hint))
    return found
