"""mapgen export geojson: an RFC 7946 file that GDAL, geopandas and QGIS read as the map's data."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas
import pyogrio
import pytest
from conftest import REPO, Project
from shapely.geometry import LinearRing

from mapgen import check, export_geojson, load_atlas
from mapgen.geometry import measure
from mapgen.model import Atlas

Feature = dict[str, Any]
KINDS = (
    ["province"] * 4
    + ["city_area"] * 9
    + ["district_area", "region"]
    + ["axis"] * 2
    + ["city"] * 9
    + ["site"] * 7
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_geojson(REPO, tmp_path_factory.mktemp("export") / "corridor.geojson")


@pytest.fixture(scope="module")
def collection(exported: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(exported.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return load_atlas(REPO)


def features(collection: dict[str, Any], kind: str) -> list[Feature]:
    return [f for f in collection["features"] if f["properties"]["kind"] == kind]


def by_id(collection: dict[str, Any], feature_id: str) -> Feature:
    return next(f for f in collection["features"] if f["properties"]["id"] == feature_id)


def positions(geometry: dict[str, Any]) -> Iterator[list[float]]:
    """Every [x, y] of a GeoJSON geometry."""

    def walk(value: Any) -> Iterator[list[float]]:
        if isinstance(value[0], float | int):
            yield value
        else:
            for item in value:
                yield from walk(item)

    yield from walk(geometry["coordinates"])


def polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def mapgen(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", *args], cwd=cwd, text=True, capture_output=True, timeout=60
    )


# RFC 7946 shape


def test_a_feature_collection_without_crs_with_its_name_and_provenance(
    collection: dict[str, Any], atlas: Atlas
) -> None:
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946 section 4: WGS-84 is implied, crs is gone
    assert collection["name"] == "g60_corridor"
    assert collection["boundaries_provenance"] == atlas.boundaries.provenance
    assert {f["type"] for f in collection["features"]} == {"Feature"}
    assert [f["properties"]["kind"] for f in collection["features"]] == KINDS


def test_coordinates_have_at_most_six_decimals(exported: Path) -> None:
    geometries = [
        line[line.index('"geometry":') :]
        for line in exported.read_text(encoding="utf-8").splitlines()
        if line.startswith('{"type":"Feature"')
    ]
    decimals = [len(d) for g in geometries for d in re.findall(r"\d\.(\d+)", g)]
    assert len(geometries) == len(KINDS)
    assert max(decimals) == 6


def test_longitude_comes_first(collection: dict[str, Any], atlas: Atlas) -> None:
    for f in collection["features"]:
        for lon, lat in positions(f["geometry"]):
            assert 114 <= lon <= 123 and 27 <= lat <= 36, f["properties"]["id"]
    hangzhou = next(c for c in atlas.cities if c.id == "hangzhou")
    assert by_id(collection, "hangzhou")["geometry"] == {
        "type": "Point",
        "coordinates": [round(hangzhou.point.lon, 6), round(hangzhou.point.lat, 6)],
    }


def test_exterior_rings_counter_clockwise_and_holes_clockwise(collection: dict[str, Any]) -> None:
    holes = 0
    for f in collection["features"]:
        for exterior, *interiors in polygons(f["geometry"]):
            assert LinearRing(exterior).is_ccw, f["properties"]["id"]
            for hole in interiors:
                assert not LinearRing(hole).is_ccw, f["properties"]["id"]
                holes += 1
    assert len([f for f in collection["features"] if polygons(f["geometry"])]) == 15
    assert holes > 0  # Anhui has holes: the check has something to check


def test_ids_are_unique(collection: dict[str, Any]) -> None:
    ids = [f["properties"]["id"] for f in collection["features"]]
    assert len(ids) == len(set(ids)) == len(KINDS)


def test_each_property_has_one_json_type(collection: dict[str, Any]) -> None:
    types: dict[str, set[str]] = {}
    for f in collection["features"]:
        for key, value in f["properties"].items():
            if value is not None:
                types.setdefault(key, set()).add(type(value).__name__)
    assert {key: kinds for key, kinds in types.items() if len(kinds) > 1} == {}
    assert types["area_km2"] == types["length_km"] == {"float"}
    assert types["adcode"] == types["fact_count"] == {"int"}


# Content


def test_nine_cities_with_their_names_measures_and_every_fact(
    collection: dict[str, Any], atlas: Atlas
) -> None:
    cities = features(collection, "city")
    assert [c["properties"]["id"] for c in cities] == [c.id for c in atlas.cities]
    geometry = measure(atlas)
    for city, f in zip(atlas.cities, cities, strict=True):
        props = f["properties"]
        assert (props["name_en"], props["name_zh"], props["adcode"], props["province"], props["role"]) == (
            city.name_en,
            city.name_zh,
            city.adcode,
            city.province,
            city.role,
        )
        measured = geometry.city(city.id)
        assert measured is not None
        assert props["area_km2"] == pytest.approx(measured.area_km2, abs=0.05)
        assert props["km_from_songjiang"] == pytest.approx(measured.km_from_district, abs=0.05)
        quotes = sorted(fact.quote for fact in atlas.facts if fact.place == city.id)
        assert sorted(fact["quote"] for fact in props["facts"]) == quotes
        assert props["fact_count"] == len(quotes)
    hangzhou = by_id(collection, "hangzhou")["properties"]
    assert hangzhou["role"] == "member" and hangzhou["precision"] == "approximate"
    assert 100 < hangzhou["km_from_songjiang"] < 200
    assert by_id(collection, "shanghai")["properties"]["role"] == "origin"


def test_seven_sites_with_category_precision_and_facts(collection: dict[str, Any], atlas: Atlas) -> None:
    sites = features(collection, "site")
    assert [s["properties"]["id"] for s in sites] == [s.id for s in atlas.sites]
    assert len(sites) == 7
    for site, f in zip(atlas.sites, sites, strict=True):
        props = f["properties"]
        assert (props["category"], props["description"], props["precision"], props["radius_m"]) == (
            site.category,
            site.description,
            site.precision,
            site.radius_m,
        )
        assert sorted(fact["quote"] for fact in props["facts"]) == sorted(
            fact.quote for fact in atlas.facts if fact.place == site.id
        )


def test_facts_name_their_article_and_values(collection: dict[str, Any], atlas: Atlas) -> None:
    exported = [fact for f in collection["features"] for fact in f["properties"]["facts"]]
    assert len(exported) == len(atlas.facts)
    for fact in exported:
        source = next(f for f in atlas.facts if f.id == fact["id"])
        article = atlas.article(source.article)
        assert article is not None
        assert fact == {
            "id": source.id,
            "summary": source.summary,
            "summary_zh": source.summary_zh,
            "values": [{"number": q.number, "unit": q.unit, "unit_zh": q.unit_zh} for q in source.values],
            "as_of": source.as_of,
            "quote": source.quote,
            "article": {
                "id": article.id,
                "title": article.title,
                "date": article.date.isoformat(),
                "lang": article.lang,
            },
        }


def test_two_axes_as_lines_with_their_lengths(collection: dict[str, Any], atlas: Atlas) -> None:
    axes = features(collection, "axis")
    assert [a["properties"]["axis_kind"] for a in axes] == ["expressway", "railway"]
    shanghai = by_id(collection, "shanghai")["geometry"]["coordinates"]
    for axis_geometry, f in zip(measure(atlas).axes, axes, strict=True):
        assert f["geometry"]["type"] == "LineString"
        assert f["geometry"]["coordinates"][0] == shanghai
        assert f["properties"]["length_km"] == pytest.approx(axis_geometry.length_km, abs=0.05)
        assert f["properties"]["length_km"] > 100
        assert f["properties"]["schematic"] is True
        assert f["properties"]["facts"] == []  # corridor-wide facts are on the region


def test_areas_and_the_region_with_the_corridor_facts(collection: dict[str, Any], atlas: Atlas) -> None:
    assert len(features(collection, "province")) == 4
    city_areas = features(collection, "city_area")
    assert [a["properties"]["adcode"] for a in city_areas] == [c.adcode for c in atlas.cities]
    assert [a["properties"]["name_zh"] for a in city_areas] == [
        atlas.city_area(c).name_zh for c in atlas.cities
    ]
    (district,) = features(collection, "district_area")
    assert district["properties"]["adcode"] == atlas.district.adcode
    assert 500 < district["properties"]["area_km2"] < 700  # Songjiang is about 605 km²
    (region,) = features(collection, "region")
    props = region["properties"]
    geometry = measure(atlas)
    assert props["area_km2"] == pytest.approx(geometry.region.area_km2, abs=0.05)
    assert props["with_district_km2"] == pytest.approx(geometry.region.with_district_km2, abs=0.05)
    assert any("76,200" in fact["quote"] for fact in props["facts"])
    assert sorted(fact["id"] for fact in props["facts"]) == sorted(
        f.id for f in atlas.facts if f.place == atlas.corridor.id
    )


# GDAL and geopandas


def test_gdal_reads_every_feature_in_wgs84_with_typed_columns(
    exported: Path, collection: dict[str, Any]
) -> None:
    info = pyogrio.read_info(exported)
    assert info["driver"] == "GeoJSON"
    assert info["features"] == len(collection["features"])
    assert info["crs"] == "EPSG:4326"  # GDAL reads a GeoJSON without crs as WGS-84 (OGC:CRS84)
    assert info["layer_name"] == "g60_corridor"
    ogr_types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert ogr_types["adcode"] == ogr_types["fact_count"] == ogr_types["radius_m"] == "OFTInteger"
    assert ogr_types["area_km2"] == ogr_types["length_km"] == "OFTReal"
    subtypes = dict(zip(info["fields"], info["ogr_subtypes"], strict=True))
    assert subtypes["facts"] == "OFSTJSON"
    assert subtypes["schematic"] == "OFSTBoolean"

    frame = pyogrio.read_dataframe(exported)
    assert list(frame["id"]) == [f["properties"]["id"] for f in collection["features"]]
    hangzhou = frame.set_index("id").loc["hangzhou"]
    assert hangzhou["facts"] == by_id(collection, "hangzhou")["properties"]["facts"]
    assert hangzhou.geometry.x == pytest.approx(check(REPO).atlas.place("hangzhou").point.lon, abs=1e-6)


def test_geopandas_round_trip_keeps_rows_ids_geometries_and_facts(exported: Path, tmp_path: Path) -> None:
    first = geopandas.read_file(exported)
    assert first.crs.to_epsg() == 4326
    # geopandas would write a column of lists as Python text ('single quotes'), which GDAL
    # cannot always parse back; given JSON text, GDAL writes the facts as JSON arrays again.
    written = first.assign(facts=first["facts"].map(json.dumps))
    written.to_file(tmp_path / "again.geojson", driver="GeoJSON")
    again = geopandas.read_file(tmp_path / "again.geojson")
    assert len(again) == len(first) == len(KINDS)
    assert list(again["id"]) == list(first["id"])
    assert again.geometry.geom_equals_exact(first.geometry, tolerance=1e-6).all()
    assert again.crs.to_epsg() == 4326
    assert list(again["facts"]) == list(first["facts"])


# Determinism and the command


def test_exporting_twice_gives_the_same_bytes(exported: Path, tmp_path: Path) -> None:
    assert export_geojson(REPO, tmp_path / "twice.geojson").read_bytes() == exported.read_bytes()


def test_command_writes_the_file(exported: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.geojson"
    result = mapgen("export", "geojson", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} ({out.stat().st_size:,} bytes)"
    assert out.read_bytes() == exported.read_bytes()  # another process, another hash seed


def test_command_writes_the_default_output_under_root(project: Project) -> None:
    result = mapgen("export", "geojson", "--root", str(project.root), cwd=project.root.parent)
    assert result.returncode == 0, result.stderr
    assert f"wrote {project.path('output/g60_corridor.geojson')}" in result.stdout
    assert project.path("output/g60_corridor.geojson").stat().st_size > 100_000


def test_bad_data_exits_2_and_keeps_the_last_good_file(project: Project) -> None:
    out = project.path("out/g60.geojson")
    assert mapgen("export", "geojson", "--root", str(project.root), "--out", str(out)).returncode == 0
    good = out.read_bytes()
    project.replace("geo/cities.yaml", "lat: 30.24692", "lat: 95")
    result = mapgen("export", "geojson", "--root", str(project.root), "--out", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("geo/cities.yaml:") and ": cities[2].lat: must be between" in lines[0]
    assert lines[-1] == "1 problem found; nothing was written."
    assert out.read_bytes() == good
    assert [p.name for p in out.parent.iterdir()] == ["g60.geojson"]


def test_help_teaches_with_examples() -> None:
    result = mapgen("export", "geojson", "--help")
    assert result.returncode == 0
    assert "mapgen export geojson --out" in result.stdout
    assert "QGIS" in result.stdout


def test_lang_zh_writes_the_collection_s_words_in_chinese(exported: Path, tmp_path: Path) -> None:
    out = tmp_path / "zh.geojson"
    result = mapgen("export", "geojson", "--lang", "zh", "--out", str(out))
    assert result.returncode == 0, result.stderr
    zh, en = json.loads(out.read_text(encoding="utf-8")), json.loads(exported.read_text(encoding="utf-8"))
    assert zh["title"] == "G60科创走廊 G60 Science and Technology Innovation Corridor"
    assert en["title"] == "G60 Science and Technology Innovation Corridor G60科创走廊"
    assert zh["description"].startswith("城市、松江的地点") and en["description"].startswith(
        "Cities, Songjiang sites"
    )
    assert zh["features"] == en["features"]  # the data is the same: both names, every fact as quoted
    assert export_geojson(REPO, tmp_path / "api.geojson", lang="zh").read_bytes() == out.read_bytes()
