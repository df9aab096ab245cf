"""The map as a person meets it: headless Chromium with every off-machine request blocked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, OfflinePage, Project

from mapgen import MapOptions, build, load_atlas

pytestmark = pytest.mark.browser

HOSTILE = ('<img src=x onerror="window.__pwned=1">${window.__pwned=2}'
           '</script><script>window.__pwned=3</script>"><svg onload="window.__pwned=4">')


@pytest.fixture(scope="module")
def built_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "g60_corridor.html"
    build(REPO, out)
    return out


def test_map_loads_offline_with_every_marker(built_page: Path,
                                             offline_page: Callable[..., OfflinePage]) -> None:
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


def test_clicking_hangzhou_opens_its_popup_with_facts(built_page: Path,
                                                      offline_page: Callable[..., OfflinePage]
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
        built_page: Path, offline_page: Callable[..., OfflinePage]) -> None:
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


def test_phone_sized_popup_fits_and_scrolls(built_page: Path,
                                            offline_page: Callable[..., OfflinePage]) -> None:
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
        project: Project, tmp_path: Path, offline_page: Callable[..., OfflinePage]) -> None:
    yaml_text = HOSTILE.replace("'", "''")
    project.replace("geo/cities.yaml", "name_en: Hangzhou", f"name_en: '{yaml_text}'")
    project.replace("geo/cities.yaml", "role_note: One of the first two cities joined to Songjiang,"
                    " along the G60 Expressway.", f"role_note: '{yaml_text}'")
    project.replace("geo/sites.yaml", "label: Innovation hubs", f"label: '{yaml_text}'")
    project.write("seeds/900_hostile.txt", f" date 2024-03-01 {HOSTILE}\n\nHangzhou said {HOSTILE} today.\n")
    facts = project.read("geo/facts.yaml")
    project.write("geo/facts.yaml", facts + (
        "  - id: hostile\n    place: hangzhou\n    article: 900_hostile\n"
        f"    quote: '{yaml_text}'\n    summary: '{yaml_text}'\n    as_of: \"2024-03\"\n"
        f"    as_of_text: '{yaml_text}'\n"))
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


def test_axis_tooltip_names_the_axis_and_its_length(built_page: Path,
                                                    offline_page: Callable[..., OfflinePage]) -> None:
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
