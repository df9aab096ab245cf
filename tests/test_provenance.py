"""Coordinates with their provenance: GCJ-02 points stored as such and converted on loading,
and a WGS-84 point that is really one of AMap's GCJ-02 centres called out."""

from __future__ import annotations

import subprocess
import sys

import prcoords
import pytest
from conftest import REPO, Project

from mapgen import check
from mapgen.coords import LonLat
from mapgen.geometry import geodesic_distance_m
from mapgen.validate.provenance import amap_centres


def test_every_place_says_where_its_point_comes_from() -> None:
    atlas = check(REPO).atlas
    for place in atlas.places:
        assert place.source.strip(), place.id
    assert all(city.datum == "gcj02" and "AMap" in city.source for city in atlas.cities)


def test_gcj02_points_are_converted_to_wgs84_on_loading() -> None:
    for place in check(REPO).atlas.places:
        if place.datum != "gcj02":
            continue
        expected = prcoords.gcj_wgs_bored((place.lat, place.lon))
        assert geodesic_distance_m(place.point, LonLat(expected.lon, expected.lat)) < 0.01  # 1 cm
        assert 300 < geodesic_distance_m(place.point, place.written) < 700  # the GCJ-02 shift here


@pytest.mark.parametrize("place_id", ["shanghai", "hefei", "songjiang_district"])
def test_a_wgs84_point_that_is_an_amap_centre_is_warned_about(project: Project, place_id: str) -> None:
    """The data as it was before: AMap's values, said to be WGS-84."""
    relative = "geo/sites.yaml" if place_id == "songjiang_district" else "geo/cities.yaml"
    text = project.read(relative)
    start = text.index(f"  - id: {place_id}\n")
    end = text.index("    datum: gcj02\n", start)
    project.write(relative, text[:end] + text[end + len("    datum: gcj02\n") :])
    line = project.line_of(relative, f"  - id: {place_id}") + text[start:end].count("\n") - 2
    result = subprocess.run(
        [sys.executable, "-m", "mapgen", "validate", "--root", str(project.root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr  # a warning, not a refusal: the point may be right
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(f"{relative}:{line}: ")
    assert "is AMap's GCJ-02 centre of" in warning and "add datum: gcj02" in warning


def test_the_shipped_data_has_no_such_warning() -> None:
    assert check(REPO).atlas.warnings == ()


def test_a_real_wgs84_point_next_to_a_centre_is_not_warned_about(project: Project) -> None:
    """The government seat read off a WGS-84 map lies about 500 m from AMap's value."""
    atlas = check(REPO).atlas
    shanghai = next(c for c in atlas.cities if c.id == "shanghai")
    wgs = shanghai.point
    project.replace(
        "geo/cities.yaml",
        f"    lat: {shanghai.lat}\n    lon: {shanghai.lon}\n    datum: gcj02\n",
        f"    lat: {wgs.lat:.6f}\n    lon: {wgs.lon:.6f}\n",
    )
    assert check(project.root).atlas.warnings == ()


def test_the_centres_table_covers_every_division_the_data_names() -> None:
    codes = {c.adcode for c in amap_centres()}
    atlas = check(REPO).atlas
    assert {c.adcode for c in atlas.cities} | {atlas.district.adcode} <= codes
