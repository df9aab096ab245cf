"""Choropleths: tables of figures (``--table``, ``geo/tables/``) and site layers' points counted
per city and per district, through validation, the page, the GeoJSON and the print map.

Every table, layer and settings file is written by the tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Project, payloads
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mapgen import build, check, export_file
from mapgen.cli import app
from mapgen.errors import DataError
from mapgen.geometry import count_in_areas
from mapgen.model import Classing
from mapgen.pipeline import Checked
from mapgen.present.catalogue import Words
from mapgen.present.classes import choropleths, classify
from mapgen.present.legend import choropleth_legend
from mapgen.present.style import SEQUENTIAL
from mapgen.validate.figures import PlaceNames
from mapgen.web import render_map
from mapgen.web.elements import AreaLayer

# Distinct cities, each named another way: a name with 市, an English name, a short
# Chinese name, a code, an English name with "City"; then a district after its city.
GDP_CSV = """城市,GDP (亿元),人口（万）
杭州市,"18,753",1237
Huzhou,3900,340
嘉兴,7062,555
330700,6011,712
Suzhou City,"24,653",1291
上海市,"47,219",2487
合肥,12673,963
芜湖,4741,373
宣城市,1914,250
"""
GDP_SETTINGS = """value: GDP (亿元)
unit: 100 million yuan
unit_zh: 亿元
title: GDP 2023
title_zh: 2023年地区生产总值
source: Statistical yearbooks
as_of: 2023
"""
GDP_BY_CITY = {
    "hangzhou": 18753.0,
    "huzhou": 3900.0,
    "jiaxing": 7062.0,
    "jinhua": 6011.0,
    "suzhou": 24653.0,
    "shanghai": 47219.0,
    "hefei": 12673.0,
    "wuhu": 4741.0,
    "xuancheng": 1914.0,
}


def write_table(project: Project, name: str, text: str, settings: str, encoding: str = "utf-8") -> Path:
    """A table and its settings beside it, outside geo/ (given with --table)."""
    project.write_bytes(f"tables/{name}.csv", text.encode(encoding))
    project.write(f"tables/{name}.yaml", settings)
    return project.path(f"tables/{name}.csv")


def known_points(checked: Checked) -> tuple[str, dict[str, int]]:
    """A layer whose points lie at known places: three at Hangzhou's seat, one at Jiaxing's,
    two at Songjiang District's (in Shanghai), one in Beijing (in no city of the corridor)."""
    atlas = checked.atlas
    city = {c.id: c.point for c in atlas.cities}
    at = [city["hangzhou"]] * 3 + [city["jiaxing"]] + [atlas.district.point] * 2
    rows = [f"firm {i},{p.lat:.6f},{p.lon:.6f}" for i, p in enumerate(at)] + ["far away,39.9042,116.4074"]
    expected = {c.id: 0 for c in atlas.cities} | {"hangzhou": 3, "jiaxing": 1, "shanghai": 2}
    return "name,lat,lon\n" + "\n".join(rows) + "\n", expected


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A project with the GDP table (in GBK, as Chinese Excel saves CSV) and a layer of known points."""
    project = Project(tmp_path_factory.mktemp("figures") / "project")
    table = write_table(project, "gdp", GDP_CSV, GDP_SETTINGS, encoding="gbk")
    layer_text, expected = known_points(check(project.root))
    project.write("layers/firms.csv", layer_text)
    layer = project.path("layers/firms.csv")
    yield {"project": project, "table": table, "layer": layer, "expected": expected}


def checked_of(made: dict[str, Any]) -> Checked:
    return check(made["project"].root, [made["layer"]], [made["table"]])


# --- keys -------------------------------------------------------------------------------


def test_a_key_names_its_place_in_any_form() -> None:
    places = PlaceNames.of(check(".").atlas)
    found = {
        key: [(a.level, a.adcode) for a in places.find(key)]
        for key in (
            "杭州市",
            "Hangzhou",
            "嘉兴",
            "330400",
            "Suzhou City",
            "ＨＡＮＧＺＨＯＵ",
            " hangzhou city ",
            "松江区",
            "Songjiang",
            "Songjiang District",
            "310117",
            "上海市松江区",
            "上海",
        )
    }
    assert found == {
        "杭州市": [("city", 330100)],
        "Hangzhou": [("city", 330100)],
        "嘉兴": [("city", 330400)],
        "330400": [("city", 330400)],
        "Suzhou City": [("city", 320500)],
        "ＨＡＮＧＺＨＯＵ": [("city", 330100)],
        " hangzhou city ": [("city", 330100)],
        "松江区": [("district", 310117)],
        "Songjiang": [("district", 310117)],
        "Songjiang District": [("district", 310117)],
        "310117": [("district", 310117)],
        "上海市松江区": [("district", 310117)],
        "上海": [("city", 310000)],
    }
    assert places.find("Hangzou") == () and places.suggestion("Hangzou") == "Hangzhou"
    assert places.suggestion("杭洲市") == "杭州市"


# --- a table through validate, build and the exports ----------------------------------------


def test_table_values_and_keys_in_mixed_forms(made: dict[str, Any]) -> None:
    checked = checked_of(made)
    (table,) = checked.tables
    by_code = {c.adcode: c.id for c in checked.atlas.cities}
    assert {by_code[row.area.adcode]: row.value for row in table.rows} == GDP_BY_CITY
    assert table.level == "city" and table.columns == ("城市", "GDP (亿元)", "人口（万）")
    assert table.key_column == "城市" and table.value_column == "GDP (亿元)"
    assert table.rows[0].cells == ("杭州市", "18,753", "1237")  # as written


def test_validate_counts_the_table(made: dict[str, Any]) -> None:
    project = made["project"]
    result = CliRunner().invoke(app, ["validate", "--root", str(project.root), "--table", str(made["table"])])
    assert result.exit_code == 0, result.output
    assert "9 figures in 1 table" in result.output


def test_classes_cut_the_values_into_quantiles(made: dict[str, Any]) -> None:
    (choropleth, *_) = choropleths(checked_of(made))
    classes = choropleth.classes
    assert classes.method == "quantiles" and len(classes.bins) == 5
    assert [b.colour for b in classes.bins] == list(SEQUENTIAL[5])
    assert [(b.lower, b.upper) for b in classes.bins] == [
        (1914, 3900),
        (4741, 6011),
        (7062, 7062),
        (12673, 18753),
        (24653, 47219),
    ]
    assert sum(b.count for b in classes.bins) == 9
    shade = {a.area.name_en: choropleth.colour_of(a) for a in choropleth.areas}
    assert shade["Xuancheng"] == SEQUENTIAL[5][0] and shade["Shanghai"] == SEQUENTIAL[5][4]


def test_other_schemes_and_given_breaks() -> None:
    values = [0.0, 1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 50.0, 52.0]
    jenks = classify(values, Classing("natural_breaks", 3))
    assert [(b.lower, b.upper) for b in jenks.bins] == [(0, 3), (10, 12), (50, 52)]
    equal = classify(values, Classing("equal_interval", 4))
    assert [(b.lower, b.upper) for b in equal.bins] == [(0, 13), (13, 26), (26, 39), (39, 52)]
    assert [b.count for b in equal.bins] == [7, 0, 0, 2]  # every interval kept, even an empty one
    given = classify(values, Classing(breaks=(5.0, 20.0)))
    assert [(b.lower, b.upper, b.count) for b in given.bins] == [(None, 5, 4), (5, 20, 3), (20, None, 2)]
    words = Words("en")
    from mapgen.present.describe import class_label

    assert [class_label(b, 0, words) for b in given.bins] == ["up to 5", "5 – 20", "above 20"]
    assert [class_label(b, 0, Words("zh")) for b in given.bins] == ["5及以下", "5–20", "20以上"]


def test_settings_choose_the_classes(made: dict[str, Any], tmp_path: Path) -> None:
    project = Project(tmp_path / "project")
    table = write_table(
        project, "gdp", GDP_CSV, GDP_SETTINGS + "scheme: natural_breaks\nclasses: 3\nshow: false\n"
    )
    (choropleth,) = choropleths(check(project.root, tables=[table]))
    assert choropleth.classes.method == "natural_breaks" and len(choropleth.classes.bins) == 3
    assert not choropleth.show
    both = write_table(project, "both", GDP_CSV, GDP_SETTINGS + "classes: 3\nbreaks: [5000, 10000]\n")
    with pytest.raises(DataError) as error:
        check(project.root, tables=[both])
    assert [str(p) for p in error.value.problems] == [
        "tables/both.yaml:1: give breaks, or scheme and classes, not both"
    ]


def test_geojson_areas_carry_the_tables_columns_and_the_counts(made: dict[str, Any]) -> None:
    project = made["project"]
    out = project.path("out/g60.geojson")
    result = CliRunner().invoke(
        app,
        [
            "export",
            "geojson",
            "--root",
            str(project.root),
            "--out",
            str(out),
            "--layer",
            str(made["layer"]),
            "--table",
            str(made["table"]),
        ],
    )
    assert result.exit_code == 0, result.output
    collection = json.loads(out.read_text(encoding="utf-8"))
    areas = {
        f["properties"]["name_en"]: f["properties"]
        for f in collection["features"]
        if f["properties"]["kind"] == "city_area"
    }
    names = {c.id: c.name_en for c in check(project.root).atlas.cities}
    for city, gdp in GDP_BY_CITY.items():
        assert areas[names[city]]["gdp:GDP (亿元)"] == gdp
        assert areas[names[city]]["count:firms"] == made["expected"][city]
    assert areas["Hangzhou"]["gdp:城市"] == "杭州市" and areas["Hangzhou"]["gdp:人口（万）"] == "1237"
    districts = [
        f["properties"] for f in collection["features"] if f["properties"]["kind"] == "district_area"
    ]
    songjiang = next(d for d in districts if d["adcode"] == 310117)
    assert songjiang["count:firms"] == 2 and "gdp:GDP (亿元)" not in songjiang
    members = {c["id"]: c for c in collection["choropleths"]}
    gdp = members["table-gdp"]
    assert (gdp["title"], gdp["unit"], gdp["source"], gdp["as_of"]) == (
        "GDP 2023",
        "100 million yuan",
        "Statistical yearbooks",
        "2023",
    )
    assert [c["colour"] for c in gdp["classes"]] == list(SEQUENTIAL[5])
    assert members["counts-firms-city"]["property"] == "count:firms"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_svg_draws_the_choropleth_with_its_classed_legend(made: dict[str, Any], lang: str) -> None:
    project = made["project"]
    out = project.path(f"out/g60_{lang}.svg")
    export_file(project.root, "svg", out, layers=[made["layer"]], tables=[made["table"]], lang=lang)
    svg = out.read_text(encoding="utf-8")
    for colour in SEQUENTIAL[5]:
        assert f"fill: {colour.lower()}" in svg.lower()
    if lang == "en":
        texts = [
            "GDP 2023 (100 million yuan)",
            "1,914 – 3,900",
            "Quantiles: 5 classes",
            "Source: Statistical yearbooks, as of 2023",
        ]
    else:
        texts = [
            "2023年地区生产总值（亿元）",
            "1,914–3,900",
            "分位数分级：5级",
            "来源：Statistical yearbooks，截至2023年",
        ]
    for text in texts:
        assert text in svg, text
    assert "points per city" not in svg  # a layer's counts are off, on paper as on opening


# --- the page -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(made: dict[str, Any]) -> str:
    project = made["project"]
    out = project.path("out/map.html")
    build(project.root, out, layers=[made["layer"]], tables=[made["table"]])
    return out.read_text(encoding="utf-8")


def _area_layer(page: str, lang: str, choropleth: str) -> dict[str, Any]:
    return next(
        data
        for factory, data in payloads(page, lang)
        if factory == "areaLayer" and data.get("choropleth") == choropleth
    )


def _legend_section(page: str, lang: str, choropleth: str) -> list[dict[str, Any]]:
    (legend,) = [data for factory, data in payloads(page, lang) if factory == "legend"]
    return next(s["entries"] for s in legend["sections"] if s["layer"] == choropleth)


@pytest.mark.parametrize(
    ("lang", "heading", "first_class", "notes"),
    [
        (
            "en",
            "GDP 2023 (100 million yuan)",
            "1,914 – 3,900",
            ["Quantiles: 5 classes", "Source: Statistical yearbooks, as of 2023"],
        ),
        (
            "zh",
            "2023年地区生产总值（亿元）",
            "1,914–3,900",
            ["分位数分级：5级", "来源：Statistical yearbooks，截至2023年"],
        ),
    ],
)
def test_page_has_the_choropleth_and_its_classed_legend(
    page: str, lang: str, heading: str, first_class: str, notes: list[str]
) -> None:
    layer = _area_layer(page, lang, "table-gdp")
    fills = {f["name_en"]: f["fill"] for f in layer["features"]}
    assert fills["Xuancheng"] == SEQUENTIAL[5][0] and fills["Shanghai"] == SEQUENTIAL[5][4]
    hangzhou = next(f for f in layer["features"] if f["name_en"] == "Hangzhou")
    rows = [line["data"] for line in hangzhou["data_lines"]]
    colon = ": " if lang == "en" else "："
    assert rows == [f"城市{colon}杭州市", f"GDP (亿元){colon}18,753", f"人口（万）{colon}1237"]
    assert hangzhou["geometry"] is None  # the city areas' layer carries Hangzhou's outline
    entries = _legend_section(page, lang, "table-gdp")
    assert entries[0] == {"heading": True, "label": heading}
    classes = [e for e in entries if "area" in e]
    assert [e["area"]["fillColor"] for e in classes] == list(SEQUENTIAL[5])
    assert classes[0]["label"] == first_class
    assert [e["label"] for e in entries if "note" in e] == notes
    names = [
        entry["name"]
        for factory, data in payloads(page, lang)
        if factory == "layerSwitcher"
        for entry in data["entries"]
    ]
    assert ("GDP 2023" if lang == "en" else "2023年地区生产总值") in names
    assert ("Firms: points per city" if lang == "en" else "Firms：各城市点数") in names


def test_each_outline_is_in_the_page_once(page: str) -> None:
    shapes = page.count('"type":"MultiPolygon"') + page.count('"type":"Polygon"')
    atlas = check(".").atlas
    areas = len(atlas.boundaries.at_level("province")) + 1 + len(atlas.cities)
    districts = len(atlas.boundaries.at_level("district"))
    assert shapes == areas + districts  # provinces, the region, cities; the districts once


def _city_area_lines(page: str, lang: str, adcode: int) -> list[str]:
    """The tooltip lines of a city in the city areas' layer (the one that carries its outline)."""
    for factory, data in payloads(page, lang):
        if factory == "areaLayer" and "choropleth" not in data:
            for feature in data["features"]:
                if feature["id"] == f"city-{adcode}":
                    return list(feature["lines"])
    raise AssertionError(f"no city area {adcode}")


def test_counts_per_city_are_right_and_shown(made: dict[str, Any], page: str) -> None:
    checked = checked_of(made)
    (layer,) = checked.atlas.layers
    counts = checked.geometry.counts_of(layer, "city")
    assert counts is not None
    ids = {c.adcode: c.id for c in checked.atlas.cities}
    assert {ids[c.area.adcode]: c.count for c in counts.areas} == made["expected"]
    district = checked.geometry.counts_of(layer, "district")
    assert district is not None and district.count_in(checked.atlas.district_area) == 2
    # The city areas' tooltips and the counts' own layer say them.
    assert "Firms: 3 points" in _city_area_lines(page, "en", 330100)
    assert "Firms：3个点" in _city_area_lines(page, "zh", 330100)
    assert "Firms: 0 points" in _city_area_lines(page, "en", 340200)
    shown = _area_layer(page, "en", "counts-firms-city")
    wuhu = next(f for f in shown["features"] if f["name_en"] == "Wuhu")
    assert [line["before"] for line in wuhu["data_lines"]] == ["Firms: 0 points"]
    # And the popups of the cities and of the district.
    places = {p["id"]: p for _, data in payloads(page) if "places" in data for p in data["places"]}
    assert "Firms: 3 points" in [line["before"] for line in places["hangzhou"]["popup"]["lines"]]
    assert "Firms: 2 points" in [line["before"] for line in places["songjiang_district"]["popup"]["lines"]]


def test_tables_are_on_and_counts_off_on_opening(made: dict[str, Any]) -> None:
    fmap = render_map(checked_of(made))
    shown = {
        layer.names["en"]: layer.show
        for layer in fmap._children.values()
        if isinstance(layer, AreaLayer) and ("GDP" in layer.names["en"] or "Firms" in layer.names["en"])
    }
    assert shown == {
        "GDP 2023": True,
        "Firms: points per city": False,
        "Firms: points per district": False,
    }


def test_counting_is_vectorised_and_each_point_counted_once() -> None:
    import numpy as np
    import shapely

    squares = [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(5, 5, 6, 6)]
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(0, 2, 100_000), rng.uniform(0, 1, 100_000)
    counts = count_in_areas(lon, lat, squares)
    assert sum(counts) == 100_000 and counts[2] == 0
    assert counts[0] == int((lon <= 1).sum())  # a point on the shared border is the first's


def test_same_inputs_same_bytes(made: dict[str, Any], tmp_path: Path) -> None:
    project = made["project"]
    options = {"layers": [made["layer"]], "tables": [made["table"]]}
    pages = [build(project.root, tmp_path / f"map{i}.html", **options).path.read_bytes() for i in (1, 2)]
    assert pages[0] == pages[1]
    for fmt in ("geojson", "svg"):
        files = [
            export_file(project.root, fmt, tmp_path / f"g{i}.{fmt}", **options).read_bytes() for i in (1, 2)
        ]
        assert files[0] == files[1]


# --- workbooks and geo/tables/ -----------------------------------------------------------------


def test_xlsx_table_in_geo_tables_with_a_title_above_its_header(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    project = Project(tmp_path / "project")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2023"
    sheet.append(["各市研发投入（2023年）"])
    sheet.append([])
    sheet.append(["代码", "城市", "研发投入"])
    for code, name, value in ((330100, "杭州", 667.0), (320500, "苏州", "1,012.5"), (330400, "嘉兴", 300)):
        sheet.append([code, name, value])
    project.path("geo/tables").mkdir(parents=True)
    book.save(project.path("geo/tables/rd.xlsx"))
    # No key: the first column, the codes (numbers in the workbook).
    project.write("geo/tables/rd.yaml", "value: 研发投入\nsheet: 2023\nbreaks: [500, 1000]\n")
    (table,) = check(project.root).tables
    assert [(r.area.adcode, r.value) for r in table.rows] == [
        (330100, 667.0),
        (320500, 1012.5),
        (330400, 300.0),
    ]
    (choropleth,) = choropleths(check(project.root))
    assert [(b.lower, b.upper, b.count) for b in choropleth.classes.bins] == [
        (None, 500, 1),
        (500, 1000, 1),
        (1000, None, 1),
    ]
    project.write("geo/tables/rd.yaml", "value: 研发投入\nkey: 城市\nsheet: 2024\n")
    with pytest.raises(DataError) as error:
        check(project.root)
    assert [str(p) for p in error.value.problems] == [
        "geo/tables/rd.yaml:3: sheet: no sheet '2024' in geo/tables/rd.xlsx; its sheets: 2023"
    ]


def test_a_table_colours_cities_or_districts_not_both(tmp_path: Path) -> None:
    project = Project(tmp_path / "project")
    table = write_table(project, "mixed", "城市,GDP\n杭州,1\n苏州,2\n上海市松江区,3\n", "value: GDP\n")
    with pytest.raises(DataError) as error:
        check(project.root, tables=[table])
    assert [str(p) for p in error.value.problems] == [
        "tables/mixed.csv:4: 城市: names a district (Songjiang District 松江区 (district 310117)), but the "
        "table's other keys name cities: a table colours cities or districts, not both"
    ]
    districts = write_table(project, "districts", "区,企业数\n松江区,120\n", "value: 企业数\n")
    (table,) = check(project.root, tables=[districts]).tables
    assert table.level == "district" and table.rows[0].area.adcode == 310117


# --- bad tables ------------------------------------------------------------------------------


def test_bad_keys_and_values_are_reported_all_at_once(tmp_path: Path) -> None:
    project = Project(tmp_path / "project")
    # An alias that two places share: "Jiaxing" names the city and (here) the district too.
    project.replace(
        "geo/sites.yaml",
        "aliases: [Songjiang, Songjiang District, 松江, 松江区]",
        "aliases: [Songjiang, Songjiang District, 松江, 松江区, Jiaxing]",
    )
    table = write_table(
        project,
        "bad",
        "城市,GDP\n杭洲市,1\nJiaxing,2\n湖州,abc\n杭州,4\nHangzhou,5\n",
        "value: GDP\n",
    )
    result = CliRunner().invoke(app, ["build", "--root", str(project.root), "--table", str(table)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "tables/bad.csv:2: 城市: no city or district is named '杭洲市'; did you mean 杭州市?",
        "tables/bad.csv:3: 城市: 'Jiaxing' names 2 places: Jiaxing 嘉兴 (city 330400), Songjiang District "
        "松江区 (district 310117); write its GB/T 2260 code or full name",
        "tables/bad.csv:4: GDP: is not a number: 'abc'",
        "tables/bad.csv:6: 城市: 'Hangzhou' names Hangzhou 杭州 (city 330100) again (first on line 5)",
        "4 problems found; nothing was written.",
    ]
    assert not project.path("output/g60_corridor.html").exists()


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        (
            None,
            "tables/t.csv: a table of figures needs its settings beside it, in tables/t.yaml: at least "
            "'value:' naming the column to colour by",
        ),
        ("unit: yuan\n", "tables/t.yaml:1: value: Field required"),
        ("value: GDP2\n", "tables/t.yaml:1: value: no column 'GDP2' in tables/t.csv (columns: 城市, GDP)"),
        (
            "value: GDP\nkey: GDP\n",
            "tables/t.yaml:2: key: the key and the value are both column 'GDP'; "
            "name the places' column under 'key:'",
        ),
        ("value: GDP\nclasses: 12\n", "tables/t.yaml:2: classes: Input should be less than or equal to 9"),
        (
            "value: GDP\nbreaks: [10, 5]\n",
            "tables/t.yaml:2: breaks: breaks must increase: each class's upper bound above the one before",
        ),
        ("value: GDP\nsheet: x\n", "tables/t.yaml:2: sheet: only a workbook (.xlsx, .xls, .ods) has sheets"),
    ],
)
def test_bad_settings_say_what_to_write(tmp_path: Path, settings: str | None, problem: str) -> None:
    project = Project(tmp_path / "project")
    project.write("tables/t.csv", "城市,GDP\n杭州,1\n")
    if settings is not None:
        project.write("tables/t.yaml", settings)
    with pytest.raises(DataError) as error:
        check(project.root, tables=[project.path("tables/t.csv")])
    assert [str(p) for p in error.value.problems] == [problem]


def test_a_table_is_an_input_never_an_output(made: dict[str, Any]) -> None:
    project = made["project"]
    with pytest.raises(DataError) as error:
        build(project.root, made["table"].with_suffix(".yaml"), tables=[made["table"]])
    assert "is an input of the map" in str(error.value.problems[0])
    with pytest.raises(DataError):
        build(project.root, project.path("geo/tables/map.html"))


def test_every_choropleth_legend_names_its_figure_in_both_languages(made: dict[str, Any]) -> None:
    for choropleth in choropleths(checked_of(made)):
        for lang in ("en", "zh"):
            entries = choropleth_legend(choropleth, Words(lang))
            assert entries[0].is_heading and entries[-1].note
            assert all(e.area is not None for e in entries[1 : len(choropleth.classes.bins) + 1])


@pytest.mark.browser
def test_the_legend_shows_the_classes_of_the_choropleths_shown(
    made: dict[str, Any], page: str, offline_page: Any
) -> None:
    session = offline_page()
    opened = session.open(made["project"].path("out/map.html"))
    sections = opened.locator(".g60-legend-section")
    assert sections.evaluate_all("nodes => nodes.map(n => n.dataset.choropleth)") == ["table-gdp"]
    assert "GDP 2023 (100 million yuan)" in sections.first.inner_text()
    opened.hover(".leaflet-control-layers")
    opened.get_by_label("Firms: points per city").check()
    assert sections.evaluate_all("nodes => nodes.map(n => n.dataset.choropleth)") == [
        "table-gdp",
        "counts-firms-city",
    ]
    opened.get_by_label("GDP 2023").uncheck()
    assert sections.evaluate_all("nodes => nodes.map(n => n.dataset.choropleth)") == ["counts-firms-city"]
    opened.click('.g60-language-choice[lang="zh-CN"]')
    assert "Firms：各城市点数" in sections.first.inner_text()
    assert session.errors == [] and session.dialogs == []


@given(st.lists(st.integers(0, 10_000), min_size=2, max_size=300), st.integers(2, 9))
@settings(max_examples=200, deadline=None)
def test_quantiles_are_cut_as_mapclassify_cuts_them(values: list[int], count: int) -> None:
    import warnings

    import mapclassify
    import numpy as np

    from mapgen.present.classes import quantile_bins

    count = min(count, len(set(values)))  # as classify asks: at most a class a distinct value
    assume(count >= 2)
    data = np.asarray(values, dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = [float(b) for b in mapclassify.Quantiles(data, k=count).bins]
    assert quantile_bins(data, count) == pytest.approx(expected)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), spread=st.sampled_from([0.001, 0.3, 3.0, 40.0]))
def test_the_grid_counts_as_testing_every_point(seed: int, spread: float) -> None:
    """The grid of area_of_points gives each point the area testing it alone gives: points
    on shared borders, on vertices, in holes, outside every area, all in one cell."""
    import numpy as np
    import shapely

    from mapgen.geometry import _first_area, area_of_points

    rng = np.random.default_rng(seed)
    ring = shapely.Point(0.5, 0.5).buffer(0.45, quad_segs=3).difference(shapely.box(0.4, 0.4, 0.6, 0.6))
    areas = [
        ring,
        shapely.box(0, 0, 1, 1),
        shapely.box(1, 0, 2, 1),
        shapely.Polygon([(0, 1), (2, 1), (1, 1.3)]),
    ]
    vertices = shapely.get_coordinates(shapely.boundary(np.asarray(areas, dtype=object)))
    centre = rng.uniform(-0.2, 2.2, 2)
    lon = np.concatenate([centre[0] + rng.normal(0, spread, 3_000), vertices[:, 0], [1.0, 0.5]])
    lat = np.concatenate([centre[1] + rng.normal(0, spread, 3_000), vertices[:, 1], [0.5, 0.4]])
    expected = np.full(len(lon), -1)
    _first_area(lon, lat, areas, expected, np.ones(len(lon), dtype=bool))
    assert area_of_points(lon, lat, areas).tolist() == expected.tolist()
