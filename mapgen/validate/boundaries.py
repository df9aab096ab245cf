"""The administrative areas of ``geo/boundaries.geojson``: each feature checked, and each
province, city and district of the YAML files matched to its area by GB/T 2260 code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mapgen.coords import Bounds
from mapgen.errors import Problem
from mapgen.geojson import feature_lines
from mapgen.model import Boundaries, Boundary, City, Province, Record, Site
from mapgen.read.jsondoc import read_json

BOUNDARY_LEVELS = ("province", "city", "district")


def boundary_feature(
    item: Any, shown: str, line: int, field: str, problems: list[Problem]
) -> Boundary | None:
    """One feature of the boundaries file, or None with its problems added."""
    from shapely.errors import ShapelyError  # geometry library only when there is geometry
    from shapely.geometry import shape

    properties = item.get("properties") if isinstance(item, dict) else None
    if not isinstance(properties, dict):
        problems.append(Problem(shown, line, field, "not a GeoJSON Feature with properties"))
        return None
    level: Any = properties.get("level")
    adcode: Any = properties.get("adcode")
    names = properties.get("name_en"), properties.get("name_zh")
    found = len(problems)
    if level not in BOUNDARY_LEVELS:
        problems.append(
            Problem(
                shown,
                line,
                f"{field}.properties.level",
                f"{level!r} is not one of {', '.join(BOUNDARY_LEVELS)}",
            )
        )
    if not isinstance(adcode, int) or isinstance(adcode, bool) or not 110000 <= adcode <= 829999:
        problems.append(
            Problem(
                shown, line, f"{field}.properties.adcode", f"{adcode!r} is not a six-digit GB/T 2260 code"
            )
        )
    if not all(isinstance(n, str) and n.strip() for n in names):
        problems.append(Problem(shown, line, f"{field}.properties", "needs name_en and name_zh"))
    try:
        geometry = shape(item["geometry"])
    except (KeyError, IndexError, TypeError, AttributeError, ValueError, ShapelyError):
        # shapely's and numpy's own words ("inhomogeneous shape after 2 dimensions") help no one.
        problems.append(
            Problem(
                shown,
                line,
                f"{field}.geometry",
                "not a GeoJSON geometry: missing, or its coordinates do not fit its type",
            )
        )
        return None
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or not geometry.is_valid:
        problems.append(
            Problem(shown, line, f"{field}.geometry", "must be one valid Polygon or MultiPolygon")
        )
    elif not _lon_lat_in_china(Bounds(*geometry.bounds)):
        problems.append(
            Problem(
                shown, line, f"{field}.geometry", "coordinates are not longitude, latitude in China (WGS-84)"
            )
        )
    if len(problems) > found:
        return None
    area = properties.get("source_area_km2")
    return Boundary(
        level,
        adcode,
        str(names[0]),
        str(names[1]),
        geometry,
        float(area) if isinstance(area, int | float) else None,
        line,
    )


def _lon_lat_in_china(bounds: Bounds) -> bool:
    return 73 <= bounds.west <= bounds.east <= 136 and 3 <= bounds.south <= bounds.north <= 54


def read_boundaries(path: Path, shown: str, problems: list[Problem]) -> Boundaries | None:
    """The administrative areas that ``mapgen boundaries refresh`` wrote (WGS-84 GeoJSON)."""
    data, text = read_json(path, shown, problems)
    if data is None:
        return None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        problems.append(Problem(shown, 1, "type", "must be a GeoJSON FeatureCollection"))
        return None
    lines = feature_lines(text)
    features = []
    for index, item in enumerate(data["features"]):
        line = lines[index] if index < len(lines) else 1
        boundary = boundary_feature(item, shown, line, f"features[{index}]", problems)
        if boundary is not None:
            features.append(boundary)
    names = division_names(data.get("division_names"), shown, text, problems)
    if len(features) < len(data["features"]) or names is None:
        return None  # its broken features are reported; "no area for adcode ..." would repeat them
    provenance = data.get("provenance")
    provenance = {str(k): str(v) for k, v in provenance.items()} if isinstance(provenance, dict) else {}
    return Boundaries(tuple(features), provenance, shown, names)


def division_names(
    value: Any, shown: str, text: str, problems: list[Problem]
) -> tuple[tuple[int, str], ...] | None:
    """The file's ``division_names`` (``[[adcode, name], ...]``); () when it has none.

    >>> division_names([[330100, "杭州市"]], "b.geojson", "", [])
    ((330100, '杭州市'),)
    >>> found = []
    >>> division_names([[330100]], "b.geojson", "", found), str(found[0])
    (None, 'b.geojson:1: division_names: must be a list of [adcode, Chinese name] pairs')
    """
    if value is None:
        return ()
    pairs = value if isinstance(value, list) else None
    if pairs is not None and all(
        isinstance(pair, list)
        and len(pair) == 2
        and isinstance(pair[0], int)
        and not isinstance(pair[0], bool)
        and isinstance(pair[1], str)
        and pair[1].strip()
        for pair in pairs
    ):
        return tuple((pair[0], pair[1].strip()) for pair in pairs)
    line = text.count("\n", 0, max(text.find('"division_names"'), 0)) + 1
    problems.append(Problem(shown, line, "division_names", "must be a list of [adcode, Chinese name] pairs"))
    return None


def check_boundaries(
    boundaries: Boundaries,
    provinces: list[Province],
    cities: list[City],
    sites: list[Site],
    problems: list[Problem],
) -> None:
    """Every province, city and district in the YAML files has its area in the boundaries file."""
    hint = f"in {boundaries.shown_as}; run `mapgen boundaries refresh` after changing codes"
    wanted: list[tuple[Record, Any, int]] = [(p, "province", p.adcode) for p in provinces]
    wanted += [(c, "city", c.adcode) for c in cities]
    wanted += [(s, "district", s.adcode) for s in sites if s.adcode is not None]
    for record, level, adcode in wanted:
        if boundaries.find(level, adcode) is None:
            problems.append(record.origin.problem("adcode", f"no {level} area with adcode {adcode} {hint}"))
    province_codes = {p.name_en: p.adcode for p in provinces}
    for city in cities:
        expected = province_codes.get(city.province)
        if expected is None:
            problems.append(
                city.origin.problem("province", f"{city.province!r} is not in the provinces: list")
            )
        elif city.adcode // 10000 != expected // 10000:
            problems.append(
                city.origin.problem("adcode", f"{city.adcode} is not a code in {city.province} ({expected})")
            )
