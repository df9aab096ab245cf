"""The built page: offline, complete, escaped and deterministic."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import folium
import pytest
from conftest import REPO, Project, payloads, text_of

from mapgen import build, build_map, check, load_atlas
from mapgen.geometry import geodesic_length_km, measure
from mapgen.web.page import page_html

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>${alert(3)}`'\"&amp;"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("page") / "map.html"
    build(REPO, out)
    return out.read_text(encoding="utf-8")


def layers(page: str, factory: str) -> list[dict]:  # type: ignore[type-arg]
    return [data for name, data in payloads(page) if name == factory]


def test_page_loads_nothing_from_the_network(page: str) -> None:
    assert re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=", page) == []
    for cdn in (
        "jquery",
        "bootstrap",
        "font-awesome",
        "fontawesome",
        "awesome-markers",
        "jsdelivr",
        "unpkg",
        "cdnjs",
    ):
        assert cdn not in page.lower()
    assert "Leaflet 1.9.4" in page
    assert "data:image/png;base64," in page  # Leaflet's CSS images are inlined


def test_nine_cities_with_the_origin_styled_apart(page: str) -> None:
    cities = [p for layer in layers(page, "placeLayer") for p in layer["places"] if p["kind"] == "city"]
    assert len(cities) == 9
    shapes = {p["id"]: p["symbol"]["shape"] for p in cities}
    assert shapes.pop("shanghai") == "star"
    assert set(shapes.values()) == {"circle"}


def test_sites_by_category_with_distinct_symbols(page: str) -> None:
    site_layers = [layer for layer in layers(page, "placeLayer") if layer["places"][0]["kind"] == "site"]
    atlas = load_atlas(REPO)
    assert sum(len(layer["places"]) for layer in site_layers) == len(atlas.sites)
    symbols = {
        (layer["places"][0]["symbol"]["shape"], layer["places"][0]["symbol"]["colour"])
        for layer in site_layers
    }
    assert len(symbols) == len(site_layers)
    approximate = [p for layer in site_layers for p in layer["places"] if p["approximate"]]
    assert all(
        "Approximate location: within about" in text_of(p["popup"]["location_note"]) for p in approximate
    )


def test_both_axes_with_geodesic_lengths(page: str) -> None:
    axes = {a["id"]: a for a in layers(page, "axisLayer")}
    assert set(axes) == {"g60_expressway", "shanghai_suzhou_huzhou_hefei_railway"}
    for axis in measure(load_atlas(REPO)).axes:
        shown = axes[axis.axis.id]
        length = geodesic_length_km([(lon, lat) for lat, lon in shown["coords"]])
        assert f"{round(length):,} km geodesic length" in shown["length_label"]
        assert len(shown["coords"]) == len(axis.coords)
    expressway = axes["g60_expressway"]
    assert len(expressway["coords"]) > 5  # follows the expressway, not one straight line
    assert 300 < geodesic_length_km([(lo, la) for la, lo in expressway["coords"]]) < 450


def test_every_fact_is_on_the_page_with_its_source(page: str) -> None:
    atlas = load_atlas(REPO)
    popups = [p["popup"] for layer in layers(page, "placeLayer") for p in layer["places"]]
    popups += [a["popup"] for a in layers(page, "axisLayer")]
    shown = {}
    for popup in popups:
        for group in popup["fact_groups"]:
            for fact in group["facts"]:
                shown[fact["id"]] = (fact, group)
    assert set(shown) == {f.id for f in atlas.facts}
    for fact in atlas.facts:
        on_page, group = shown[fact.id]
        article = atlas.article(fact.article)
        assert article is not None
        assert on_page["quote"] == fact.quote
        assert (group["title"], group["date"]) == (article.title, article.date.isoformat())
        assert text_of(on_page["as_of"]).startswith("As of ")
        assert on_page["as_of"]["data"] == fact.as_of_text  # the article's words, marked as its


def test_title_block_names_the_sources_with_dates(page: str) -> None:
    (title,) = layers(page, "titleBlock")
    assert [s["date"] for s in title["sources"]] == ["2024-02-19", "2022-11-07"]
    (legend,) = layers(page, "legend")
    assert len(legend["entries"]) >= 8


def test_hostile_text_stays_data(project: Project, tmp_path: Path) -> None:
    project.replace("geo/cities.yaml", "name_en: Hangzhou", f"name_en: {HOSTILE!r}".replace("\\'", "''"))
    project.replace("geo/sites.yaml", "label: Innovation hubs", f"label: {HOSTILE!r}".replace("\\'", "''"))
    out = tmp_path / "hostile.html"
    build(project.root, out)
    text = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in text
    assert "<img src=x" not in text
    names = [p["name_en"] for layer in layers(text, "placeLayer") for p in layer["places"]]
    assert HOSTILE in names
    # Leaflet's layer control shows names as HTML, so the name is HTML-escaped (then JSON).
    assert "Songjiang: \\u0026lt;/script\\u0026gt;\\u0026lt;script\\u0026gt;" in text


def test_build_map_returns_a_folium_map_for_jupyter() -> None:
    fmap = build_map(check(REPO))
    assert isinstance(fmap, folium.Map)
    assert "g60-" in fmap._repr_html_()


def _build_in_fresh_process(out: Path, seed: str, tz: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": "C.UTF-8"}
    subprocess.run(
        [sys.executable, "-m", "mapgen", "build", "--root", str(REPO), "--out", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    return out.read_bytes()


def test_same_inputs_give_byte_identical_pages(tmp_path: Path) -> None:
    first = _build_in_fresh_process(tmp_path / "a.html", "1", "UTC")
    second = _build_in_fresh_process(tmp_path / "b.html", "4242", "Asia/Shanghai")
    assert first == second


def test_the_articles_area_stands_next_to_the_measured_one(page: str) -> None:
    axis = layers(page, "axisLayer")[0]
    facts = [f for g in axis["popup"]["fact_groups"] for f in g["facts"]]
    area_fact = next(f for f in facts if "76,200" in f["quote"])
    checks = " ".join(area_fact["checks"])
    assert "the nine whole cities cover 84,657 km², 11.1% more than the stated 76,200 km²" in checks
    assert "Songjiang District plus the eight other cities cover 77,261 km², 1.4% more" in checks
    assert "counts Shanghai by Songjiang District only" in checks
    assert all(f["checks"] == [] for f in facts if f is not area_fact)


def test_city_popups_carry_measured_area_and_distance(page: str) -> None:
    cities = {p["id"]: p for layer in layers(page, "placeLayer") for p in layer["places"]}
    lines = {name: [text_of(line) for line in city["popup"]["lines"]] for name, city in cities.items()}
    assert "Area 16,876 km² · 131 km from Songjiang District" in lines["hangzhou"]
    assert "Area 8,002 km² (the whole municipality) · 32 km from Songjiang District" in lines["shanghai"]
    assert "Area 606 km² · GB/T 2260 310117" in lines["songjiang_district"]


def test_no_part_of_the_page_is_compiled_as_a_template(project: Project) -> None:
    # branca compiles each rendered part of a plain MacroElement as a Jinja template
    # again: data holding "{{ ... }}" would run at build time. Every element of the map
    # keeps its parts as text, except folium's own "add to map" lines (generated ids).
    from branca.element import MacroElement
    from folium.map import Layer

    from mapgen.web.foliumkit import PreRendered, walk

    project.replace(
        "geo/sites.yaml",
        "label: Innovation hubs",
        "label: 'Hubs {{ 7*7 }} {{ cycler.__init__.__globals__ }}'",
    )
    fmap = build_map(check(project.root))
    html = page_html(fmap)
    assert "Hubs {{ 7*7 }} {{ cycler.__init__.__globals__ }}" in html
    assert "Hubs 49" not in html and "jinja2.utils" not in html
    plain = [
        type(e).__name__
        for e in walk(fmap.get_root())
        if isinstance(e, MacroElement)
        and not isinstance(e, PreRendered)
        and type(e).__name__ != "ElementAddToElement"
    ]
    assert plain == []
    assert all(isinstance(e, PreRendered) for e in walk(fmap) if isinstance(e, Layer))
