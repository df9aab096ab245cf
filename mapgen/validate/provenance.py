"""Where points come from: a point said to be WGS-84 that is in fact a GCJ-02 value read off
AMap (the usual way a 500 m error gets into the data) is told apart from a real one.

AMap's published division centres (``data/amap_centres_gcj02.csv``) are the values people
copy most: a point said to be WGS-84 that lies within :data:`COINCIDENCE_M` of one of them
was almost surely read off AMap. It is a warning, not a refusal: the point may be right.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from mapgen.coords import LonLat, gcj02_point_to_wgs84
from mapgen.errors import Problem
from mapgen.model import Place

# A value copied with four decimals is at most 0.00005° off: about 6 m; a real WGS-84 point of
# the same spot is about 500 m away.
COINCIDENCE_M = 20.0


@dataclass(frozen=True)
class KnownCentre:
    adcode: int
    name: str
    gcj02: LonLat


@cache
def amap_centres() -> tuple[KnownCentre, ...]:
    """AMap's centre of every division of Shanghai, Jiangsu, Zhejiang and Anhui (GCJ-02)."""
    text = (files("mapgen.validate") / "data" / "amap_centres_gcj02.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(
        io.StringIO("".join(line for line in text.splitlines(keepends=True) if not line.startswith("#")))
    )
    return tuple(
        KnownCentre(int(r["adcode"]), r["name"], LonLat(float(r["lon_gcj02"]), float(r["lat_gcj02"])))
        for r in rows
    )


def metres_apart(a: LonLat, b: LonLat) -> float:
    """Distance in metres, close enough for points metres apart (equirectangular).

    >>> round(metres_apart(LonLat(121.0, 31.0), LonLat(121.0, 31.001)))
    111
    """
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6_371_008.8 * math.hypot(x, y)


def gcj02_lookalikes(places: Iterable[Place], centres: Iterable[KnownCentre] | None = None) -> list[Problem]:
    """A warning for each WGS-84 point that is one of AMap's GCJ-02 centres."""
    known = tuple(centres if centres is not None else amap_centres())
    warnings = []
    for place in places:
        if place.datum != "wgs84":
            continue
        near = [
            (metres_apart(place.written, c.gcj02), c)
            for c in known
            if abs(c.gcj02.lat - place.lat) < 0.001 and abs(c.gcj02.lon - place.lon) < 0.001
        ]
        if not near:
            continue
        metres, centre = min(near, key=lambda found: found[0])
        if metres > COINCIDENCE_M:
            continue
        shift = metres_apart(place.written, gcj02_point_to_wgs84(place.written))
        warnings.append(
            place.origin.problem(
                "lat",
                f"warning: ({place.lat}, {place.lon}) is AMap's GCJ-02 centre of {centre.name} "
                f"({centre.adcode}) to within {metres:.0f} m, not a WGS-84 point; if it was read "
                f"off AMap, add datum: gcj02 (it is then drawn {shift:.0f} m from here)",
            )
        )
    return warnings
