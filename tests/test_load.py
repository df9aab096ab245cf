"""Loading and validation: the real data passes; each mistake gets its own clear line."""

from __future__ import annotations

import os

import pytest
from conftest import REPO, Project

from mapgen import DataError, load_atlas
from mapgen.coords import LonLat, coordinate_problems


def problems_of(project: Project) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_atlas(project.root)
    return [str(p) for p in caught.value.problems]


def test_the_project_data_is_valid() -> None:
    atlas = load_atlas(REPO)
    assert len(atlas.cities) == 9
    assert [c.id for c in atlas.cities if c.role == "origin"] == ["shanghai"]
    assert {a.id for a in atlas.axes} == {"g60_expressway", "shanghai_suzhou_huzhou_hefei_railway"}
    assert len(atlas.articles) == 2


def test_city_traps_are_avoided() -> None:
    cities = {c.id: c for c in load_atlas(REPO).cities}
    suzhou = cities["suzhou"]
    assert (suzhou.name_zh, suzhou.province, suzhou.adcode) == ("苏州", "Jiangsu", 320500)
    assert suzhou.lat == pytest.approx(31.30, abs=0.05)
    assert suzhou.lon == pytest.approx(120.59, abs=0.05)
    assert (cities["jinhua"].name_zh, cities["jinhua"].province) == ("金华", "Zhejiang")
    assert cities["hangzhou"].adcode == 330100
    assert "Xiancheng" in cities["xuancheng"].aliases
    assert cities["xuancheng"].name_zh == "宣城"
    expected_codes = {
        "shanghai": 310000,
        "jiaxing": 330400,
        "hangzhou": 330100,
        "jinhua": 330700,
        "huzhou": 330500,
        "suzhou": 320500,
        "xuancheng": 341800,
        "wuhu": 340200,
        "hefei": 340100,
    }
    assert {k: c.adcode for k, c in cities.items()} == expected_codes


def test_required_sites_are_present_with_honest_precision() -> None:
    atlas = load_atlas(REPO)
    ids = {s.id for s in atlas.sites}
    assert {
        "songjiang_district",
        "songjiang_core",
        "lingang_songjiang_stc",
        "g60_innovation_eye",
        "g60_satellite_factory",
        "hexagon_center",
        "jiuting_town",
    } <= ids
    for site in atlas.sites:
        assert site.description and site.category
        assert (site.precision == "exact") == (site.radius_m is None)


def test_out_of_range_latitude_hints_at_a_swap(project: Project) -> None:
    project.replace(
        "geo/cities.yaml", "lat: 30.24692\n    lon: 120.209789", "lat: 120.209789\n    lon: 30.24692"
    )
    line = project.line_of("geo/cities.yaml", "lat: 120.209789")
    assert problems_of(project) == [
        f"geo/cities.yaml:{line}: cities[2].lat: must be between -90 and 90, got 120.209789; "
        "lat and lon look swapped: (30.24692, 120.209789) is in China"
    ]


def test_swap_inside_ranges_is_still_caught() -> None:
    assert coordinate_problems(LonLat(lon=30.0, lat=31.0)) == []  # plausible elsewhere, no swap hint
    assert coordinate_problems(LonLat(lon=30.0, lat=45.0)) == []
    assert coordinate_problems(LonLat(lon=120.0, lat=float("nan"))) == [("lat", "must be a finite number")]


def test_all_errors_are_reported_at_once(project: Project) -> None:
    project.replace(
        "geo/sites.yaml", "  - id: science_park", "  - id: district\n    label: Again\n  - id: science_park"
    )
    project.replace("geo/sites.yaml", "category: industrial", "category: factories")
    project.replace("geo/facts.yaml", "place: hexagon_center", "place: hexagon")
    project.replace("geo/corridor.yaml", "place: jinhua", "place: jinhwa")
    project.replace("geo/cities.yaml", "province: Anhui", "province: Anhwei")
    found = problems_of(project)
    assert len(found) == 5, found
    text = "\n".join(found)
    assert "categories[1].id: duplicate category id 'district'; first used at geo/sites.yaml:" in text
    assert "sites[4].category: unknown category 'factories'" in text
    assert "place: unknown place 'hexagon'" in text
    assert "axes[0].waypoints[13].place: unknown place 'jinhwa'" in text
    assert "cities[6].province: Input should be 'Shanghai', 'Jiangsu', 'Zhejiang' or 'Anhui'" in text


def test_missing_and_unknown_fields_name_the_record_line(project: Project) -> None:
    project.replace(
        "geo/sites.yaml", "    description: Town in north-eastern Songjiang", "    descr: x\n    #"
    )
    found = problems_of(project)
    line = project.line_of("geo/sites.yaml", "id: jiuting_town")
    assert f"geo/sites.yaml:{line}: sites[6].description: Field required" in found
    assert any("sites[6].descr: unknown field (a typo?)" in p for p in found)


def test_fact_quote_not_in_article_is_named(project: Project) -> None:
    project.replace("seeds/000_7da6f8e916943f80.txt", "with 1,633 companies", "with 1,700 companies")
    found = problems_of(project)
    assert any(
        "quote: fact 'songjiang_large_scale_industrial_enterprises': quote not found in "
        "article 000_7da6f8e916943f80 (seeds/000_7da6f8e916943f80.txt)" in p
        for p in found
    )


def test_fact_number_must_be_in_its_quote(project: Project) -> None:
    project.replace("geo/facts.yaml", "number: 1633", "number: 1636")
    found = problems_of(project)
    assert len(found) == 1
    assert found[0].endswith("facts[0].values[0].number: 1636 does not appear in the quote")
    assert found[0].startswith(f"geo/facts.yaml:{project.line_of('geo/facts.yaml', 'number: 1636')}:")


def test_fact_dates_must_exist(project: Project) -> None:
    project.replace("geo/facts.yaml", 'as_of: "2023-12-31"', 'as_of: "2023-02-30"')
    assert any("as_of: '2023-02-30' is not a date that exists" in p for p in problems_of(project))


def test_unknown_article_reference(project: Project) -> None:
    project.replace("geo/facts.yaml", "article: 000_7da6f8e916943f80", "article: 000_missing")
    assert any("article: unknown article '000_missing'" in p for p in problems_of(project))


def test_site_outside_songjiang_says_how_far(project: Project) -> None:
    project.replace("geo/sites.yaml", "lat: 31.1230\n    lon: 121.3240", "lat: 31.2304\n    lon: 121.4737")
    found = problems_of(project)
    assert len(found) == 1
    assert "jiuting_town (31.2304, 121.4737) lies" in found[0]
    assert (
        "16.5 km outside the area of Songjiang District 松江区 (district 310117) in "
        "geo/boundaries.geojson" in found[0]
    )


def test_approximate_location_needs_a_radius(project: Project) -> None:
    project.replace("geo/sites.yaml", "    radius_m: 1500\n    aliases: [Jiuting", "    aliases: [Jiuting")
    assert any("sites[6]: an approximate location needs radius_m" in p for p in problems_of(project))


def test_duplicate_fact_ids(project: Project) -> None:
    project.replace("geo/facts.yaml", "id: corridor_area", "id: corridor_nine_cities")
    assert any("duplicate fact id 'corridor_nine_cities'" in p for p in problems_of(project))


def test_missing_file_and_broken_yaml_are_reported_together(project: Project) -> None:
    project.path("geo/corridor.yaml").unlink()
    project.write("geo/sites.yaml", "sites: [\n")
    found = problems_of(project)
    assert "geo/corridor.yaml: file not found" in found
    assert any(p.startswith("geo/sites.yaml:2: YAML syntax") for p in found)


def test_fifos_and_link_loops_among_the_data_are_named_not_waited_for(project: Project) -> None:
    os.mkfifo(project.path("seeds/pipe.txt"))
    project.path("geo/layers").mkdir(exist_ok=True)
    os.mkfifo(project.path("geo/layers/pipe.csv"))
    project.path("seeds/loop.txt").symlink_to("loop.txt")
    found = problems_of(project)
    assert "seeds/pipe.txt: is not a regular file (a FIFO or a device?)" in found
    assert "seeds/loop.txt: is a symbolic link that loops" in found
    assert "geo/layers/pipe.csv: is not a regular file (a FIFO or a device?)" in found


def test_yaml_1_2_numbers_reach_the_schema_as_text(project: Project) -> None:
    text = project.read("geo/cities.yaml")
    start = text.index("id: jinhua")
    lat = text.index("lat: ", start)
    project.write("geo/cities.yaml", text[:lat] + "lat: 29:04:45" + text[text.index("\n", lat) :])
    line = project.line_of("geo/cities.yaml", "lat: 29:04:45")
    assert problems_of(project) == [f"geo/cities.yaml:{line}: cities[3].lat: Input should be a valid number"]
