"""Site layers from spreadsheets and GeoJSON: reading, skipped rows, encoding, the page."""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import REPO, OfflinePage, Project, payloads

from mapgen import MapOptions, build, load_atlas
from mapgen.coords import gcj02_to_wgs84, wgs84_to_gcj02
from mapgen.errors import DataError
from mapgen.validate.layers import MAX_LAYER_COLUMNS, layer_files, read_layer, read_layers
from mapgen.web.points import unpack_point_layer

HOSTILE = '<img src=x onerror="window.__pwned=1">${window.__pwned=2}</script>{{ 7*7 }}{% raw %}'

ENTERPRISES = (  # as Excel saves "CSV UTF-8": a BOM, CRLF line ends, quoted cells
    "企业名称,行业,纬度,经度,网址,员工\r\n"
    "Songjiang Chip Co.,Integrated circuits,31.0322,121.2275,https://example.com/chip,120\r\n"
    '"' + HOSTILE.replace('"', '""') + '",Biomedicine,31.05,121.20,javascript:alert(1),"1,200"\r\n'
    "Bad Latitude Ltd.,Software,abc,121.2,,5\r\n"
    "Swapped Ltd.,Software,121.2,31.0,,5\r\n"
    "Short Row Ltd.,Software,31.0\r\n"
    '"Line\nbreak Ltd.",Software,31.06,121.25,,7\r\n'
    "\r\n"
)


def write_csv(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def mapgen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", *args], text=True, capture_output=True, timeout=120
    )


def test_csv_with_bom_keeps_good_rows_and_reports_bad_ones(tmp_path: Path) -> None:
    layer = read_layer(write_csv(tmp_path / "enterprises.csv", ENTERPRISES), tmp_path)
    assert layer.count == 3
    assert layer.columns == ("企业名称", "行业", "网址", "员工")
    assert layer.column("企业名称") == ("Songjiang Chip Co.", HOSTILE, "Line\nbreak Ltd.")
    assert layer.column("员工") == ("120", "1,200", "7")
    assert (layer.label, layer.category, layer.link) == ("企业名称", "行业", "网址")
    assert [str(p) for p in layer.skipped] == [
        "enterprises.csv:4: 纬度: is not a number: 'abc'; row skipped",
        "enterprises.csv:5: 纬度: must be between -90 and 90, got 121.2; lat and lon look swapped: "
        "(31.0, 121.2) is in China; row skipped",
        "enterprises.csv:6: has 3 cells; the header has 6",
    ]


def test_cli_builds_with_layer_and_lists_skipped_rows(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "enterprises.csv", ENTERPRISES)
    out = tmp_path / "map.html"
    result = mapgen("build", "--root", str(REPO), "--layer", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{source.as_posix()}:4: 纬度: is not a number: 'abc'; row skipped" in result.stderr
    assert "3 rows skipped: the map shows the other rows" in result.stderr
    assert "Traceback" not in result.stderr
    layer = next(
        data for factory, data in payloads(out.read_text(encoding="utf-8")) if factory == "pointLayer"
    )
    assert layer["count"] == 3 and layer["name"] == "Enterprises"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,lat,lon\nA,north,east\nB,,\n", "no row has a usable point (2 skipped)"),
        ('name,latitude,longitude\n"A,31.0,121.2\nB,31.1,121.3\n', "broken CSV quoting"),
        ("name,x,y\nA,31.0,121.2\n", "no latitude column; name one of lat, latitude, 纬度"),
        ("name,lat,lat,lon\nA,31,31,121\n", "lat: two columns have this name"),
        ("", "the first line must be a header naming the columns"),
    ],
)
def test_a_layer_that_cannot_be_drawn_is_an_error(tmp_path: Path, text: str, message: str) -> None:
    source = write_csv(tmp_path / "bad.csv", text)
    out = tmp_path / "map.html"
    out.write_text("last good map", encoding="utf-8")
    result = mapgen("build", "--root", str(REPO), "--layer", str(source), "--out", str(out))
    assert result.returncode == 2
    assert message in result.stderr and "bad.csv" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "last good map"


def test_csv_in_gbk_is_read_and_one_in_neither_encoding_says_how_to_save_it(tmp_path: Path) -> None:
    source = tmp_path / "gbk.csv"
    source.write_bytes("名称,纬度,经度\n松江,31.03,121.22\n".encode("gbk"))
    assert read_layer(source, tmp_path).column("名称") == ("松江",)
    source.write_bytes("名称,纬度,经度\n松江,31.03,121.22\n".encode("gbk") + b"\xff,31,121\n")
    with pytest.raises(DataError) as error:
        read_layer(source, tmp_path)
    assert str(error.value).startswith("gbk.csv:3: neither UTF-8 nor GB18030 text")
    assert "CSV UTF-8" in str(error.value) and "'encoding:' in gbk.yaml" in str(error.value)


def test_layers_folder_and_settings_beside_the_file(project: Project) -> None:
    write_csv(
        project.path("geo/layers/parks.csv"),
        "Park,Kind,lat,lng\nG60 Brain Park,Incubator,31.05,121.22\nEye,Lab,31.04,121.21\n",
    )
    project.write(
        "geo/layers/parks.yaml",
        "name: Science parks\nname_zh: 科技园区\nlabel: Park\ncategory: Kind\nsource: District survey\n",
    )
    (layer,) = load_atlas(project.root).layers
    assert (layer.name, layer.name_zh, layer.label, layer.category) == (
        "Science parks",
        "科技园区",
        "Park",
        "Kind",
    )
    project.write("geo/layers/parks.yaml", "name: Science parks\ncategory: Type\n")
    with pytest.raises(DataError) as error:
        load_atlas(project.root)
    assert str(error.value) == (
        "geo/layers/parks.yaml:2: category: no column 'Type' in the layer (columns: Park, Kind)"
    )


def test_geojson_layer_takes_points_and_reports_other_geometries(tmp_path: Path) -> None:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [121.22, 31.03]},
            "properties": {"name": "A", "staff": 12, "tags": ["x"]},
        },
        {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[121, 31], [122, 31]]},
            "properties": {"name": "road"},
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [121.3, 31.1]},
            "properties": {"name": "B", "staff": None},
        },
    ]
    source = tmp_path / "places.geojson"
    source.write_text(
        '{"type":"FeatureCollection","features":[\n' + ",\n".join(json.dumps(f) for f in features) + "\n]}\n",
        encoding="utf-8",
    )
    layer = read_layer(source, tmp_path)
    assert layer.count == 2
    assert layer.column("staff") == ("12", "") and layer.column("tags") == ('["x"]', "")
    assert [str(p) for p in layer.skipped] == [
        "places.geojson:3: features[1]: LineString is not a Point; skipped"
    ]


def test_gcj02_layer_is_converted_to_wgs84(tmp_path: Path) -> None:
    prcoords = pytest.importorskip("prcoords")
    wgs = (31.0322, 121.2275)
    gcj = prcoords.wgs_gcj(wgs)
    source = write_csv(tmp_path / "amap.csv", f"name,lat_gcj02,lng_gcj02\nA,{gcj.lat},{gcj.lon}\n")
    layer = read_layer(source, tmp_path)
    assert layer.converted_from == "gcj02"
    assert abs(layer.lat[0] - wgs[0]) < 1e-8 and abs(layer.lon[0] - wgs[1]) < 1e-8


def test_vectorised_gcj02_matches_prcoords() -> None:
    prcoords = pytest.importorskip("prcoords")
    rng = np.random.default_rng(7)
    lat, lon = rng.uniform(20, 45, 200), rng.uniform(100, 125, 200)
    gcj_lon, gcj_lat = wgs84_to_gcj02(lon, lat)
    for i in range(200):
        expected = prcoords.wgs_gcj((lat[i], lon[i]))
        assert abs(gcj_lat[i] - expected.lat) < 1e-9 and abs(gcj_lon[i] - expected.lon) < 1e-9
    back_lon, back_lat = gcj02_to_wgs84(gcj_lon, gcj_lat)
    assert np.abs(back_lat - lat).max() < 1e-8 and np.abs(back_lon - lon).max() < 1e-8


def decode(layer: dict[str, Any]) -> tuple[list[float], list[float], dict[str, list[str]]]:
    """What g60.js does with a pointLayer payload, in Python."""
    layer = unpack_point_layer(layer)
    lat = [v / layer["scale"] for v in layer["lat"]]
    lon = [v / layer["scale"] for v in layer["lon"]]
    columns = {}
    for column in layer["columns"]:
        columns[column["name"]] = column["values"]
    return lat, lon, columns


def random_rows(count: int, seed: int = 5) -> list[list[str]]:
    rng = random.Random(seed)
    kinds = ["Integrated circuits", "Biomedicine", "AI", "New materials", "Aerospace", HOSTILE]
    return [
        [
            f"Enterprise {i} «{rng.randint(0, 999)}»",
            rng.choice(kinds),
            f"{rng.uniform(29.0, 32.0):.6f}",
            f"{rng.uniform(117.5, 121.8):.6f}",
        ]
        for i in range(count)
    ]


@pytest.fixture(scope="module")
def big_layer(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[str]]]:
    folder = tmp_path_factory.mktemp("big")
    rows = random_rows(50_000)
    with (folder / "enterprises.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "category", "lat", "lon"])
        writer.writerows(rows)
    out = folder / "map.html"
    build(REPO, out, layers=[folder / "enterprises.csv"])
    return out, rows


def test_encoding_round_trips_within_1e5_degrees(big_layer: tuple[Path, list[list[str]]]) -> None:
    out, rows = big_layer
    page = out.read_text(encoding="utf-8")
    assert "</script><" not in page.split('data-asset="g60_js"')[1].replace("</script>\n", "")
    layer = next(data for factory, data in payloads(page) if factory == "pointLayer")
    lat, lon, columns = decode(layer)
    assert len(lat) == 50_000
    assert max(abs(a - float(r[2])) for a, r in zip(lat, rows, strict=True)) <= 1e-5
    assert max(abs(a - float(r[3])) for a, r in zip(lon, rows, strict=True)) <= 1e-5
    assert columns["name"] == [r[0] for r in rows]
    assert columns["category"] == [r[1] for r in rows]
    # Compact: a few dozen bytes a point, not a JavaScript statement each.
    assert page.count("G60.pointLayer(") == 1
    assert out.stat().st_size < 800_000 + 60 * 50_000


@pytest.mark.browser
def test_50000_points_open_in_chromium_and_popups_show_text(
    big_layer: tuple[Path, list[list[str]]], offline_page: Callable[..., OfflinePage]
) -> None:
    out, rows = big_layer
    session = offline_page()
    page = session.open(out)
    page.wait_for_function("() => document.querySelectorAll('canvas.g60-point-tile').length > 0")
    legend = page.inner_text(".g60-legend")
    assert "Enterprises: 50,000 points" in legend and "Biomedicine (" in legend
    # Click exactly on a point with a hostile name: its popup shows the text literally.
    index = next(i for i, row in enumerate(rows) if row[1] == HOSTILE and 30.0 < float(row[2]) < 31)
    page.evaluate(
        """([lat, lon]) => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.setView([lat, lon], 14, {animate: false});
    }""",
        [float(rows[index][2]), float(rows[index][3])],
    )
    page.wait_for_timeout(200)
    size = page.viewport_size
    page.mouse.click(size["width"] / 2, size["height"] / 2)
    popup = page.locator(".g60-point-popup")
    popup.wait_for()
    assert popup.locator(".g60-popup-title").inner_text() == rows[index][0]
    assert HOSTILE in popup.inner_text()
    assert page.evaluate("() => window.__pwned") is None
    assert session.dialogs == [] and session.errors == []
    # Hiding the layer in the layer control removes its tiles.
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-overlays label", has_text="Enterprises (50,000)").locator(
        "input"
    ).uncheck()
    assert page.locator("canvas.g60-point-tile").count() == 0


@pytest.mark.browser
def test_only_http_links_become_links(tmp_path: Path, offline_page: Callable[..., OfflinePage]) -> None:
    source = write_csv(
        tmp_path / "links.csv",
        "name,lat,lon,url\n"
        "Web,30.95,120.9,https://example.com/a?b=1\n"
        "Script,31.2,121.0,javascript:window.__pwned=1\n",
    )
    out = tmp_path / "map.html"
    build(REPO, out, layers=[source])
    session = offline_page()
    page = session.open(out)

    def open_point(lat: float, lon: float) -> Any:
        page.evaluate(
            """([lat, lon]) => {
            const map = Object.values(window).find(v => v instanceof L.Map);
            map.closePopup();
            map.setView([lat, lon], 15, {animate: false});
        }""",
            [lat, lon],
        )
        # A closed popup fades out for a moment: wait until it is gone.
        page.wait_for_function("() => !document.querySelector('.leaflet-popup')")
        page.wait_for_timeout(150)
        page.mouse.click(page.viewport_size["width"] / 2, page.viewport_size["height"] / 2)
        popup = page.locator(".g60-point-popup")
        popup.wait_for()
        return popup

    web = open_point(30.95, 120.9)
    assert web.locator("a").get_attribute("href") == "https://example.com/a?b=1"
    assert web.locator("a").get_attribute("rel") == "noopener noreferrer"
    script = open_point(31.2, 121.0)
    assert script.locator("a").count() == 0
    assert "javascript:window.__pwned=1" in script.inner_text()
    assert session.errors == []


@pytest.mark.browser
def test_points_follow_the_amap_datum_shift(tmp_path: Path, offline_page: Callable[..., OfflinePage]) -> None:
    source = write_csv(tmp_path / "one.csv", "name,lat,lon\nOnly,30.95,120.9\n")
    out = tmp_path / "map.html"
    build(REPO, out, MapOptions(basemap="amap"), layers=[source])
    page = offline_page().open(out)
    found = page.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        const layer = Object.values(window).find(v => v && v.g60Id === "one");
        map.setView([30.95, 120.9], 15, {animate: false});
        const at = (latlng) => layer.pointAt(map.latLngToContainerPoint(latlng));
        return {wgs: at(L.latLng(30.95, 120.9)), gcj: at(G60.wgsToGcj(L.latLng(30.95, 120.9)))};
    }""")
    # AMap tiles are in GCJ-02: the point is drawn (and clicked) where AMap has the place.
    assert found == {"wgs": -1, "gcj": 0}


@pytest.mark.browser
def test_hostile_layer_names_columns_and_categories_stay_text(
    project: Project, offline_page: Callable[..., OfflinePage]
) -> None:
    quoted = HOSTILE.replace('"', '""')
    write_csv(
        project.path("geo/layers/hostile.csv"),
        f'name,"{quoted}",lat,lon,category\n"{quoted}","{quoted}",30.95,120.9,"{quoted}"\n',
    )
    yaml_text = HOSTILE.replace("'", "''")
    project.write("geo/layers/hostile.yaml", f"name: '{yaml_text}'\nsource: '{yaml_text}'\n")
    out = project.root / "map.html"
    build(project.root, out, MapOptions(basemap="none"))
    session = offline_page()
    page = session.open(out)
    page.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.setView([30.95, 120.9], 15, {animate: false});
    }""")
    page.wait_for_timeout(150)
    page.mouse.click(page.viewport_size["width"] / 2, page.viewport_size["height"] / 2)
    popup = page.locator(".g60-point-popup")
    popup.wait_for()
    page.hover(".leaflet-control-layers")
    # The title; a column name and its value; the category; the layer name and source line.
    assert popup.inner_text().count(HOSTILE) == 6
    assert HOSTILE in page.inner_text(".g60-legend")
    assert HOSTILE in page.inner_text(".leaflet-control-layers")
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0
    assert session.dialogs == [] and session.errors == []


def test_validate_checks_layers_and_lists_skipped_rows(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "enterprises.csv", ENTERPRISES)
    result = mapgen("validate", "--root", str(REPO), "--layer", str(source))
    assert result.returncode == 0, result.stderr
    assert "3 points in 1 layer" in result.stdout
    assert f"{source.as_posix()}:6: has 3 cells; the header has 6" in result.stderr


# --- Wide files: every column operation linear, popups bounded -------------------------


def test_a_csv_of_40000_columns_shows_the_columns_its_settings_list(tmp_path: Path) -> None:
    names = [f"c{i}" for i in range(40_000)]
    rows = [",".join(["31.03", "121.22", *(f"{name}-{row}" for name in names)]) for row in range(20)]
    source = write_csv(
        tmp_path / "wide.csv", ",".join(["lat", "lon", *names]) + "\n" + "\n".join(rows) + "\n"
    )
    (tmp_path / "wide.yaml").write_text("columns: [c39999, c1]\nlabel: c1\n", encoding="utf-8")
    # Loading pyarrow the first time is no part of reading a wide table.
    read_layer(write_csv(tmp_path / "warm.csv", "name,lat,lon\nA,31.03,121.22\n"), tmp_path)
    started = time.process_time()
    layer = read_layer(source, tmp_path)
    assert time.process_time() - started < 1.0  # 48 s when each column was looked up in a list
    assert layer.columns == ("c39999", "c1") and layer.label == "c1"
    assert layer.values == (tuple(f"c39999-{r}" for r in range(20)), tuple(f"c1-{r}" for r in range(20)))


def test_a_csv_wider_than_the_popups_is_refused_quickly(tmp_path: Path) -> None:
    header = ",".join(["lat", "lon", *(f"c{i}" for i in range(40_000))])
    source = write_csv(
        tmp_path / "wide.csv", header + "\n" + ",".join(["31.03", "121.22", *"v" * 40_000]) + "\n"
    )
    read_layer(write_csv(tmp_path / "warm.csv", "name,lat,lon\nA,31.03,121.22\n"), tmp_path)  # pyarrow loaded
    started = time.process_time()
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert time.process_time() - started < 1.0
    assert [str(p) for p in caught.value.problems] == [
        f"wide.csv:1: 40,000 columns besides latitude and longitude; a layer's popups show at most "
        f"{MAX_LAYER_COLUMNS}: list the ones to show under 'columns:' in wide.yaml"
    ]


def test_duplicate_columns_in_a_wide_header_are_found_in_one_pass(tmp_path: Path) -> None:
    names = [f"c{i % 20_000}" for i in range(40_000)]
    source = write_csv(tmp_path / "dup.csv", ",".join(["lat", "lon", *names]) + "\n")
    started = time.process_time()
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert time.process_time() - started < 1.0
    assert len(caught.value.problems) == 20_000
    assert str(caught.value.problems[0]) == "dup.csv:1: c0: two columns have this name"


def distinct_keys(count: int, keys: int) -> str:
    """GeoJSON of ``count`` points, the i-th with the one property ``k{i % keys}``."""
    features = (
        json.dumps(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [121.22, 31.03]},
                "properties": {f"k{i % keys}": i},
            }
        )
        for i in range(count)
    )
    return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(features) + "\n]}\n"


def test_geojson_with_a_property_per_feature_is_refused_at_the_feature_past_the_limit(tmp_path: Path) -> None:
    source = tmp_path / "keys.geojson"
    source.write_text(distinct_keys(20_000, 20_000), encoding="utf-8")
    started = time.process_time()
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert time.process_time() - started < 2.0  # was a MemoryError after 50 s
    line = 2 + MAX_LAYER_COLUMNS  # the feature that brings one column too many
    assert [str(p) for p in caught.value.problems] == [
        f"keys.geojson:{line}: 20,000 columns besides latitude and longitude; a layer's popups show at "
        f"most {MAX_LAYER_COLUMNS}: list the ones to show under 'columns:' in keys.yaml"
    ]


def test_geojson_with_a_property_per_feature_shows_the_columns_its_settings_list(tmp_path: Path) -> None:
    source = tmp_path / "keys.geojson"
    source.write_text(distinct_keys(20_000, 20_000), encoding="utf-8")
    (tmp_path / "keys.yaml").write_text("columns: [k7, k19999]\n", encoding="utf-8")
    layer = read_layer(source, tmp_path)
    assert layer.columns == ("k7", "k19999") and layer.count == 20_000
    assert [(i, v) for i, v in enumerate(layer.column("k7")) if v] == [(7, "7")]
    assert [(i, v) for i, v in enumerate(layer.column("k19999")) if v] == [(19_999, "19999")]


def test_geojson_at_the_column_limit_is_a_layer(tmp_path: Path) -> None:
    source = tmp_path / "keys.geojson"
    source.write_text(distinct_keys(1_000, MAX_LAYER_COLUMNS), encoding="utf-8")
    layer = read_layer(source, tmp_path)
    assert len(layer.columns) == MAX_LAYER_COLUMNS
    assert all(len(values) == 1_000 for values in layer.values)
    assert layer.column("k3")[3] == "3" and layer.column("k3")[4] == ""


def test_settings_may_not_list_more_columns_than_the_popups_show(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "firms.csv", "name,lat,lon\nA,31.03,121.22\n")
    (tmp_path / "firms.yaml").write_text("columns:\n" + "  - name\n" * 201, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_layer(source, tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"firms.yaml:2: columns: lists 201 columns; a layer's popups show at most {MAX_LAYER_COLUMNS}"
    ]


# --- Files that are not files ---------------------------------------------------------


def test_a_layer_folder_lists_fifos_devices_and_loops_so_they_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "layers"
    folder.mkdir()
    os.mkfifo(folder / "pipe.csv")
    (folder / "zero.csv").symlink_to("/dev/zero")
    (folder / "loop.geojson").symlink_to("loop.geojson")
    (folder / "notes.txt").write_text("not a layer", encoding="utf-8")
    assert [p.name for p in layer_files(folder)] == ["loop.geojson", "pipe.csv", "zero.csv"]
    with pytest.raises(DataError) as caught:
        read_layers(layer_files(folder), tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "layers/loop.geojson: is a symbolic link that loops",
        "layers/pipe.csv: is not a regular file (a FIFO or a device?)",
        "layers/zero.csv: is not a regular file (a FIFO or a device?)",
    ]


def test_settings_that_are_a_fifo_are_refused_not_skipped(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "firms.csv", "name,lat,lon\nA,31.03,121.22\n")
    os.mkfifo(tmp_path / "firms.yaml")
    with pytest.raises(DataError, match=r"^firms.yaml: is not a regular file"):
        read_layer(source, tmp_path)


def test_a_page_names_a_layers_file_never_its_folders(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "Users" / "zhang-san-private-notes"
    folder.mkdir(parents=True)
    layer = folder / "firms.csv"
    layer.write_text("name,lat,lon\nA,31.03,121.22\n", encoding="utf-8")
    table = folder / "figures.csv"
    table.write_text("城市,值\n杭州,1\n嘉兴,2\n", encoding="utf-8")
    (folder / "figures.yaml").write_text("value: 值\n", encoding="utf-8")
    out = project.root / "map.html"
    build(project.root, out, layers=[layer], tables=[table])
    page = out.read_text(encoding="utf-8")
    assert "firms.csv" in page and "zhang-san-private-notes" not in page and str(tmp_path) not in page
