"""Rows placed by their address: the corridor district a Chinese address names, a point
inside it, the popup that says so, and the rows that name no district, skipped with why.

Every file is written here: a CSV in UTF-8, a workbook by openpyxl (as Excel writes it),
a GeoJSON with unlocated features; each goes through ``mapgen build --layer`` and
``mapgen validate --layer`` in a scratch copy of the project.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import shapely
from conftest import REPO, Project, payloads
from pyproj import Geod

from mapgen.errors import DataError
from mapgen.model import Boundaries, PointLayer
from mapgen.validate.addresses import AddressBook, district_placement
from mapgen.validate.boundaries import read_boundaries
from mapgen.validate.layers import Addresses, read_layer
from mapgen.web.points import unpack_point_layer

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def boundaries() -> Boundaries:
    problems: list[Any] = []
    found = read_boundaries(REPO / "geo" / "boundaries.geojson", "geo/boundaries.geojson", problems)
    assert found is not None and problems == []
    return found


@pytest.fixture(scope="module")
def book(boundaries: Boundaries) -> AddressBook:
    return AddressBook.of(boundaries)


def mapgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", *args], text=True, capture_output=True, timeout=120, cwd=cwd
    )


# --- reading an address ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address, adcode",
    [
        ("上海市松江区广富林路1号", 310117),
        ("松江区九亭镇", 310117),
        ("松江", 310117),
        ("201600 上海市 松江区 人民北路", 310117),  # a postcode and spaces between the names
        ("中国（上海）松江区", 310117),
        ("上海市松江区１号", 310117),  # full-width digits, as a Chinese input method types them
        ("浙江省杭州市上城区解放路", 330102),
        ("杭州上城", 330102),
        ("杭州市西湖区文三路", 330106),
        ("江苏省苏州市昆山市玉山镇", 320583),  # a county-level city (县级市) under Suzhou
        ("昆山市玉山镇", 320583),
        ("苏州昆山", 320583),
        ("上海浦东新区张江", 310115),
        ("浦东张江", 310115),
        ("上海市普陀区", 310107),
        ("安徽省宣城市泾县", 341823),  # no short form: 泾 alone is too short to be a name
        ("合肥巢湖", 340181),
        ("芜湖市无为市", 340281),
        ("嘉兴嘉善县", 330421),
        ("金华义乌", 330782),
        ("湖州市长兴县", 330522),
        ("宣城广德", 341882),
    ],
)
def test_an_address_names_its_district(book: AddressBook, address: str, adcode: int) -> None:
    assert book.district_of(address) == adcode


@pytest.mark.parametrize(
    "address, why",
    [
        ("北京市海淀区中关村大街1号", "北京市 is outside the corridor's nine cities"),
        ("江苏省南京市玄武区", "南京市 is outside the corridor's nine cities"),
        ("浙江省宁波市海曙区", "宁波市 is outside the corridor's nine cities"),
        # Zhoushan has a 普陀区 too: its city says which, and it is not Shanghai's.
        ("浙江省舟山市普陀区", "舟山市 is outside the corridor's nine cities"),
        ("浙江省普陀区", "普陀区 of 舟山市 is outside the corridor's nine cities"),
        ("江西省南昌市西湖区", "江西省 is outside the corridor's nine cities"),
        ("西湖区文三路", "西湖区 names a district of 2 cities (杭州市 and 南昌市); write the city too"),
        ("普陀区", "普陀区 names a district of 2 cities (上海市 and 舟山市); write the city too"),
        ("asdfgh", "names no district of the corridor's nine cities: 'asdfgh'"),
        ("苏州工业园区星湖街328号", "names 苏州 but no district of the corridor's nine cities"),
        ("上海嘉定路1号", "names 上海 but no district of the corridor's nine cities"),  # a street
        ("杭州市松江区", "松江区 is not in 杭州市"),
        ("浙江省昆山市", "昆山市 is not in 浙江省"),
    ],
)
def test_an_address_that_names_no_corridor_district_says_why(
    book: AddressBook, address: str, why: str
) -> None:
    assert book.district_of(address) == why


def test_every_district_is_found_by_its_names(boundaries: Boundaries, book: AddressBook) -> None:
    shared = {"普陀", "普陀区", "西湖", "西湖区", "宝山", "宝山区", "长宁"}  # other cities have them
    for city in boundaries.at_level("city"):
        city_zh = city.name_zh if city.name_zh.endswith("市") else f"{city.name_zh}市"
        province = boundaries.find("province", city.adcode // 10_000 * 10_000)
        assert province is not None
        for district in boundaries.districts_in(city.adcode):
            names = [district.name_zh]
            short = district.name_zh[:-1] if len(district.name_zh) > 2 else None
            if district.name_zh.endswith("新区"):
                short = district.name_zh[:-2]
            names += [short] if short else []
            for name in names:
                for prefix in (f"{province.name_zh}{city_zh}", city_zh, city.name_zh):
                    assert book.district_of(f"{prefix}{name}某路1号") == district.adcode, prefix + name
                if name not in shared:
                    assert book.district_of(f"{name}某路1号") == district.adcode, name


def test_a_point_placed_in_each_district_lies_inside_it(boundaries: Boundaries) -> None:
    geod = Geod(ellps="WGS84")
    for district in boundaries.at_level("district"):
        placed = district_placement(district)
        point = shapely.Point(placed.lon, placed.lat)
        assert district.geometry.contains(point), district.label
        # Well inside: the pole of inaccessibility, not a point on a sliver by the border.
        assert district.geometry.boundary.distance(point) > 0.005, district.label
        area_m2 = abs(geod.geometry_area_perimeter(district.geometry)[0])
        assert placed.district.radius_m == pytest.approx(math.sqrt(area_m2 / math.pi), abs=10)
        assert district_placement(district) == placed  # the same every time
    songjiang = district_placement(boundaries.find("district", 310117))
    assert songjiang.district.radius_m == pytest.approx(13_890, abs=20)  # 606 km²


def test_reading_an_address_is_bounded(book: AddressBook) -> None:
    started = time.process_time()
    assert book.district_of("上海市松江区" + "路" * 5_000_000) == 310117
    assert book.district_of("上" * 5_000_000).startswith("names no district")
    for _ in range(20_000):
        book.district_of("浙江省杭州市上城区解放路100号")
    assert time.process_time() - started < 3.0


# --- layers ---------------------------------------------------------------------------------------

FIRMS_CSV = (
    "名称,地址,纬度,经度,行业\n"
    "松江芯片,上海市松江区广富林路1号,,,集成电路\n"  # line 2
    "杭州软件,浙江省杭州市上城区解放路,,,软件\n"
    "昆山制造,昆山市玉山镇,,,制造\n"
    "有坐标,松江区,31.05,121.20,软件\n"  # line 5: its coordinates win
    "北京公司,北京市海淀区中关村,,,软件\n"
    "南京公司,江苏省南京市玄武区,,,软件\n"
    "乱码,asdfgh,,,软件\n"
    "西湖公司,西湖区文三路,,,软件\n"
    "合肥科技,合肥蜀山,,,软件\n"  # line 10
    "空地址,,,,软件\n"
    "坏坐标,松江区,abc,121.2,软件\n"  # a coordinate given but wrong: not placed by address
)
FIRMS_SKIPPED = [
    "firms.csv:6: 地址: 北京市 is outside the corridor's nine cities; row skipped",
    "firms.csv:7: 地址: 南京市 is outside the corridor's nine cities; row skipped",
    "firms.csv:8: 地址: names no district of the corridor's nine cities: 'asdfgh'; row skipped",
    "firms.csv:9: 地址: 西湖区 names a district of 2 cities (杭州市 and 南昌市); write the city too; row skipped",
    "firms.csv:11: 地址: has no coordinates and no address; row skipped",
    "firms.csv:12: 纬度: is not a number: 'abc'; row skipped",
]


def assert_placed_inside(layer: PointLayer, boundaries: Boundaries) -> None:
    for index, code in enumerate(layer.placed_in):
        if code is None:
            continue
        area = boundaries.find("district", code)
        assert area is not None
        assert area.geometry.contains(shapely.Point(layer.lon[index], layer.lat[index])), area.label


def test_csv_rows_are_placed_by_district_and_keep_their_own_coordinates(
    tmp_path: Path, boundaries: Boundaries
) -> None:
    path = tmp_path / "firms.csv"
    path.write_text(FIRMS_CSV, encoding="utf-8")
    layer = read_layer(path, tmp_path, Addresses(boundaries))
    assert layer.column("名称") == ("松江芯片", "杭州软件", "昆山制造", "有坐标", "合肥科技")
    assert layer.columns == ("名称", "地址", "行业")  # the address stays a column
    assert layer.placed_in == (310117, 330102, 320583, None, 340104)
    assert layer.precision == ("district", "district", "district", "exact", "district")
    assert (layer.lon[3], layer.lat[3]) == (121.20, 31.05)
    assert [p.adcode for p in layer.placements] == [310117, 320583, 330102, 340104]
    assert [p.name_zh for p in layer.placements] == ["松江区", "昆山市", "上城区", "蜀山区"]
    assert layer.placement(0) is not None and layer.placement(0).name_en == "Songjiang District"
    assert layer.placement(3) is None
    assert layer.placed_counts() == {310117: 1, 330102: 1, 320583: 1, 340104: 1}
    assert [str(p) for p in layer.skipped] == FIRMS_SKIPPED
    assert_placed_inside(layer, boundaries)


def test_a_table_without_coordinate_columns_and_a_named_address_column(
    tmp_path: Path, boundaries: Boundaries
) -> None:
    path = tmp_path / "firms.csv"
    path.write_text(
        "name,注册地址,备注\nA,上海松江,x\nB,杭州市余杭区,y\nC,湖北省武汉市,z\n", encoding="utf-8"
    )
    (tmp_path / "firms.yaml").write_text("address: 注册地址\n", encoding="utf-8")
    layer = read_layer(path, tmp_path, Addresses(boundaries))
    assert layer.placed_in == (310117, 330110)
    assert [str(p) for p in layer.skipped] == [
        "firms.csv:4: 注册地址: 湖北省 is outside the corridor's nine cities; row skipped"
    ]


def test_an_address_column_the_settings_name_must_exist(tmp_path: Path, boundaries: Boundaries) -> None:
    path = tmp_path / "firms.csv"
    path.write_text("name,地址\nA,上海松江\n", encoding="utf-8")
    (tmp_path / "firms.yaml").write_text("address: 住所\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_layer(path, tmp_path, Addresses(boundaries))
    assert [str(p) for p in caught.value.problems] == [
        "firms.yaml:1: address: no column '住所' in the layer (columns: name, 地址)"
    ]


def test_gcj02_rows_are_converted_but_placed_points_are_not(tmp_path: Path, boundaries: Boundaries) -> None:
    path = tmp_path / "firms.csv"
    path.write_text("name,地址,lat,lon\nA,上海松江,,\nB,,31.0,121.2\n", encoding="utf-8")
    (tmp_path / "firms.yaml").write_text("datum: gcj02\n", encoding="utf-8")
    layer = read_layer(path, tmp_path, Addresses(boundaries))
    placed = district_placement(boundaries.find("district", 310117))
    assert (layer.lon[0], layer.lat[0]) == (placed.lon, placed.lat)
    assert (layer.lon[1], layer.lat[1]) != (121.2, 31.0)  # moved from GCJ-02 to WGS-84
    assert layer.converted_from == "gcj02"


def test_geojson_features_without_geometry_are_placed_by_their_address(
    tmp_path: Path, boundaries: Boundaries
) -> None:
    path = tmp_path / "sites.geojson"
    features = [
        {"type": "Feature", "properties": {"name": "A", "address": "上海市松江区"}, "geometry": None},
        {"type": "Feature", "properties": {"name": "B", "address": "北京市"}, "geometry": None},
        {
            "type": "Feature",
            "properties": {"name": "C"},
            "geometry": {"type": "Point", "coordinates": [121.2, 31.0]},
        },
    ]
    text = (
        '{"type": "FeatureCollection", "features": [\n'
        + ",\n".join(json.dumps(f) for f in features)
        + "\n]}\n"
    )
    path.write_text(text, encoding="utf-8")
    layer = read_layer(path, tmp_path, Addresses(boundaries))
    assert layer.placed_in == (310117, None)
    assert [str(p) for p in layer.skipped] == [
        "sites.geojson:3: features[1].properties.address: 北京市 is outside the corridor's nine cities; skipped"
    ]


def write_xlsx(path: Path, rows: list[list[Any]], sheet: str = "企业") -> Path:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


XLSX_ROWS: list[list[Any]] = [
    ["2024年G60企业名录"],  # a title row above the header
    [],
    ["名称", "地址", "纬度", "经度"],
    ["松江芯片", "上海市松江区广富林路1号", None, None],  # row 4
    ["嘉兴光电", "嘉兴南湖", None, None],
    ["芜湖汽车", "安徽省芜湖市鸠江区", None, None],
    ["有坐标", "杭州上城", 30.25, 120.17],
    ["外省", "广东省深圳市南山区", None, None],  # row 8
    ["含糊", "普陀区", None, None],
]


def test_a_workbook_of_addresses(tmp_path: Path, boundaries: Boundaries) -> None:
    path = write_xlsx(tmp_path / "firms.xlsx", XLSX_ROWS)
    layer = read_layer(path, tmp_path, Addresses(boundaries))
    assert layer.placed_in == (310117, 330402, 340207, None)
    assert [str(p) for p in layer.skipped] == [
        "firms.xlsx:8: sheet 企业, 地址 (B8): 广东省 is outside the corridor's nine cities; row skipped",
        "firms.xlsx:9: sheet 企业, 地址 (B9): 普陀区 names a district of 2 cities (上海市 and 舟山市); "
        "write the city too; row skipped",
    ]
    assert_placed_inside(layer, boundaries)


def test_the_project_boundaries_place_rows_when_none_are_given(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "firms.csv"
    path.write_text("name,address\nA,上海市松江区\n", encoding="utf-8")
    assert read_layer(path, project.root).placed_in == (310117,)
    (project.root / "geo" / "boundaries.geojson").unlink()
    with pytest.raises(DataError) as caught:
        read_layer(path, project.root)
    assert str(caught.value.problems[-1]).endswith(
        "address: cannot be placed by its address: geo/boundaries.geojson is missing or broken; row skipped"
    )


# --- through the command line: the page and the skipped rows ---------------------------------------


def point_layer(page: str, lang: str = "en") -> dict[str, Any]:
    packed = next(data for factory, data in payloads(page, lang) if factory == "pointLayer")
    return unpack_point_layer(packed)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_build_and_validate_place_rows_and_list_the_skipped(
    project: Project, tmp_path: Path, boundaries: Boundaries, kind: str
) -> None:
    if kind == "csv":
        source = tmp_path / "firms.csv"
        source.write_text(FIRMS_CSV, encoding="utf-8")
        skipped = [f"{source.as_posix()}:{line.split(':', 1)[1]}" for line in FIRMS_SKIPPED]
        placed_names = ["松江区", "上城区", "昆山市", None, "蜀山区"]
    else:
        source = write_xlsx(tmp_path / "firms.xlsx", XLSX_ROWS)
        skipped = [
            f"{source.as_posix()}:8: sheet 企业, 地址 (B8): 广东省 is outside the corridor's nine cities; row skipped",
            f"{source.as_posix()}:9: sheet 企业, 地址 (B9): 普陀区 names a district of 2 cities (上海市 and 舟山市); "
            "write the city too; row skipped",
        ]
        placed_names = ["松江区", "南湖区", "鸠江区", None]
    validated = mapgen("validate", "--root", str(project.root), "--layer", str(source), cwd=project.root)
    assert validated.returncode == 0, validated.stderr
    assert f"{len(placed_names)} points in 1 layer" in validated.stdout
    assert validated.stderr.splitlines()[: len(skipped)] == skipped
    out = tmp_path / "map.html"
    built = mapgen(
        "build", "--root", str(project.root), "--layer", str(source), "--out", str(out), cwd=project.root
    )
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines()[: len(skipped)] == skipped
    assert f"{len(skipped)} rows skipped" in built.stderr
    page = out.read_text(encoding="utf-8")
    for lang, before in (("en", "Placed by district: "), ("zh", "按区县定位：")):
        data = point_layer(page, lang)
        lines = data["placed_lines"]
        shown = [None if i < 0 else lines[i]["before"] + lines[i]["data"] for i in data["placed"]]
        assert shown == [None if name is None else before + name for name in placed_names]
        assert all(line["lang"] == "zh-CN" for line in lines)
    data = point_layer(page)
    for index, code in enumerate(data["placed"]):
        if code < 0:
            continue
        name = data["placed_lines"][code]["data"]
        area = next(b for b in boundaries.at_level("district") if b.name_zh == name)
        point = shapely.Point(data["lon"][index] / data["scale"], data["lat"][index] / data["scale"])
        assert area.geometry.contains(point), name
        assert data["placed_radius_m"][code] == district_placement(area).district.radius_m
    # The same input, the same page, byte for byte.
    again = tmp_path / "again.html"
    mapgen(
        "build", "--root", str(project.root), "--layer", str(source), "--out", str(again), cwd=project.root
    )
    assert again.read_bytes() == out.read_bytes()


def test_a_layer_of_coordinates_only_carries_no_placement(project: Project, tmp_path: Path) -> None:
    source = tmp_path / "firms.csv"
    source.write_text("name,地址,lat,lon\nA,上海市松江区,31.0,121.2\n", encoding="utf-8")
    layer = read_layer(source, project.root)
    assert layer.placed_in == () and layer.placements == () and layer.precision == ("exact",)
    out = tmp_path / "map.html"
    built = mapgen(
        "build", "--root", str(project.root), "--layer", str(source), "--out", str(out), cwd=project.root
    )
    assert built.returncode == 0, built.stderr
    assert "placed" not in point_layer(out.read_text(encoding="utf-8"))
