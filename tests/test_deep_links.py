"""Deep links: the page's address keeps the view, the background, the layers, the language and
the open popup; a link opens the map as its sender saw it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, OfflinePage
from test_page_languages import _hash, _open, pages  # noqa: F401  (pages: the fixture)

pytestmark = pytest.mark.browser

MAP = "Object.values(window).find((v) => v instanceof L.Map)"


def _view(page: Any) -> dict[str, Any]:
    return page.evaluate(f"""() => {{
        const map = {MAP};
        const shown = Array.from(document.querySelectorAll('.leaflet-control-layers-selector'))
            .filter((input) => input.checked)
            .map((input) => input.nextElementSibling.textContent.trim());
        return {{ zoom: map.getZoom(), centre: [map.getCenter().lat, map.getCenter().lng], shown: shown,
                  popup: (document.querySelector('.leaflet-popup-content .g60-popup-title') || {{}}).textContent
                      || null }};
    }}""")


def _settled_hash(page: Any) -> dict[str, str]:
    """The hash once the map has rested long enough for the address to follow it."""
    page.wait_for_timeout(500)
    return _hash(page)


def test_a_link_opens_the_view_background_layers_and_popup_it_names(
    pages: dict[str, Path],  # noqa: F811
    offline_page: Callable[..., OfflinePage],
) -> None:
    session = offline_page()
    page = _open(session, pages["en"], "#view=30.2,120.1,9&base=none&layers=cities,axis-g60_expressway")
    view = _view(page)
    # Leaflet puts the centre on a whole pixel: within a pixel of the link's (at zoom 9, 300 m).
    assert view["zoom"] == 9
    assert abs(view["centre"][0] - 30.2) < 3e-3 and abs(view["centre"][1] - 120.1) < 3e-3
    assert view["shown"] == ["No background", "G60 Expressway axis", "The nine cities"]
    assert page.locator(".leaflet-tile").count() == 0 and session.blocked == []  # no tiles asked for
    assert view["popup"] is None

    page = _open(session, pages["en"], "#place=hangzhou&lang=zh")
    assert _view(page)["popup"] == "杭州Hangzhou"
    page = _open(session, pages["en"], "#point=enterprises/5")
    assert page.locator(".g60-point-popup .g60-popup-title").inner_text() == "Enterprise 5"
    assert session.errors == []


def test_moving_the_map_updates_the_address_without_filling_the_history(
    pages: dict[str, Path],  # noqa: F811
    offline_page: Callable[..., OfflinePage],
) -> None:
    session = offline_page()
    page = _open(session, pages["en"])
    history = page.evaluate("() => history.length")
    for lat in (30.0, 30.5, 31.0):
        page.evaluate(f"() => {MAP}.setView([{lat}, 120.5], 8, {{animate: false}})")
        page.wait_for_timeout(50)
    written = _settled_hash(page)
    lat, lon, zoom = (float(part) for part in written["view"].split(","))
    assert abs(lat - 31.0) < 5e-3 and abs(lon - 120.5) < 5e-3 and zoom == 8
    assert written["base"] == "osm" and written["lang"] == "en"
    assert "cities" in written["layers"].split(",")
    page.click('[data-place-id="jiaxing"]')
    assert _settled_hash(page)["place"] == "jiaxing"
    page.click(".leaflet-popup-close-button")
    assert "place" not in _settled_hash(page)
    page.hover(".leaflet-control-layers")
    page.locator(".leaflet-control-layers-overlays label", has_text="The nine cities").click()
    assert "cities" not in _settled_hash(page)["layers"].split(",")
    page.locator(".leaflet-control-layers-base label", has_text="No background").click()
    assert _settled_hash(page)["base"] == "none"
    page.evaluate(f"() => {MAP}.setView([30.6, 120.2], 9, {{animate: false}})")
    page.click(".g60-point-list-button")
    page.locator(".g60-point-list-point").first.click()
    title = page.locator(".g60-point-popup .g60-popup-title").inner_text()
    layer, row = _settled_hash(page)["point"].split("/")
    assert layer == "enterprises" and title in (f"Enterprise {row}", f"Enterprises, point {int(row) + 1}")
    assert page.evaluate("() => history.length") == history

    # The address as written opens the same map elsewhere.
    link = page.evaluate("() => location.href")
    again = offline_page()
    other = again.page
    other.goto(link)
    other.wait_for_function("() => window.L && document.querySelector('.g60-title')")
    seen, reopened = _view(page), _view(other)
    assert reopened["zoom"] == seen["zoom"] and reopened["shown"] == seen["shown"]
    assert abs(reopened["centre"][0] - seen["centre"][0]) < 1e-3
    assert session.errors == [] and again.errors == []


def test_a_link_followed_within_the_page_opens_its_place(
    pages: dict[str, Path],  # noqa: F811
    offline_page: Callable[..., OfflinePage],
) -> None:
    session = offline_page()
    page = _open(session, pages["en"])
    page.evaluate("() => { location.hash = 'place=jiaxing'; }")
    page.wait_for_selector(".leaflet-popup-content .g60-popup-title")
    assert _view(page)["popup"] == "Jiaxing嘉兴"


def test_a_popup_copies_the_link_to_what_is_seen(
    pages: dict[str, Path],  # noqa: F811
    offline_page: Callable[..., OfflinePage],
) -> None:
    session = offline_page()
    page = _open(session, pages["en"])
    page.click('[data-place-id="hangzhou"]')
    # What the page puts on the clipboard (reading it back needs a permission a test has not).
    page.evaluate("""() => { if (navigator.clipboard) {
        navigator.clipboard.writeText = (text) => { window.copied = text; return Promise.resolve(); };
    } }""")
    page.click(".g60-copy-link-button")
    status = page.locator(".g60-copy-link-status")
    page.wait_for_function("() => document.querySelector('.g60-copy-link-status').childNodes.length > 0")
    field = status.locator("input")
    if field.count():  # no clipboard here: the link is shown, selected, to copy by hand
        link = field.input_value()
    else:
        assert status.inner_text().startswith("Link copied")
        link = page.evaluate("() => window.copied")
    assert "place=hangzhou" in link and "view=" in link
    page.click(".g60-language-choice[lang='zh-CN']")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 1")
    assert page.locator(".g60-copy-link-button").inner_text() == "复制链接"


def test_nonsense_in_the_address_changes_nothing(
    pages: dict[str, Path],  # noqa: F811
    offline_page: Callable[..., OfflinePage],
) -> None:
    session = offline_page()
    plain = _view(_open(session, pages["en"]))
    for hash_ in (
        "#view=abc&layers=nothing-here&place=nowhere&point=enterprises/99999&base=moon",
        "#view=91,200,40&point=/&point=x/-1",
        "#layers=%3Cscript%3E&place=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E",
    ):
        assert _view(_open(session, pages["en"], hash_)) == plain, hash_
    assert session.errors == [] and session.dialogs == []


def test_a_fragment_leaves_its_host_pages_address_alone(
    pages: dict[str, Path],  # noqa: F811
    offline_page: Callable[..., OfflinePage],
    tmp_path: Path,
) -> None:
    host = tmp_path / "report.html"
    fragment = pages["fragment"].read_text(encoding="utf-8")
    host.write_text(f"<!DOCTYPE html><html lang='en'><title>Report</title><body>{fragment}</body></html>")
    session = offline_page()
    page = _open(session, host, "#place=hangzhou")
    assert page.locator(".leaflet-popup").count() == 0  # the host's hash is the host's
    page.focus(".g60-map")
    for _ in range(3):
        page.keyboard.press("ArrowLeft")  # Leaflet pans with the keyboard
    page.wait_for_timeout(800)
    assert page.evaluate("() => location.hash") == "#place=hangzhou"
    assert page.locator(".g60-copy-link-button").count() == 0


def test_embed_focus_opens_the_frame_on_a_place() -> None:
    run = [sys.executable, "-m", "mapgen", "embed", "--root", str(REPO)]
    done = subprocess.run([*run, "--focus", "hangzhou", "--lang", "zh"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert 'src="g60_corridor.html#lang=zh&amp;place=hangzhou"' in done.stdout
    wrong = subprocess.run([*run, "--focus", "hangzou"], capture_output=True, text=True)
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert wrong.stderr.strip() == (
        "--focus: 'hangzou' is not the id of a city or site in geo/; did you mean hangzhou, huzhou?"
    )
