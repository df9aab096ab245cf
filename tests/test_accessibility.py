"""The page with a keyboard, a screen reader and a phone: axe-core, the points list, the layout."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, OfflinePage

from mapgen import MapOptions, build
from mapgen.present.catalogue import Lang

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
CONTROLS = (
    ".g60-title",
    ".g60-legend",
    ".leaflet-control-layers",
    ".g60-point-list",
    ".g60-language",
    ".g60-search",
    ".g60-timeline",
)


def write_layer(folder: Path, count: int = 1234) -> Path:
    """A layer of points across the corridor, most of them named, a few not."""
    path = folder / "enterprises.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "category", "lat", "lon"])
        for i in range(count):
            row, col = divmod(i, 40)
            name = "" if i % 50 == 7 else f"Enterprise {i}"
            writer.writerow(
                [name, ("AI", "Chips", "Biomedicine")[i % 3], 30.2 + row * 0.04, 119.6 + col * 0.05]
            )
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[Lang, Path]:
    folder = tmp_path_factory.mktemp("a11y")
    layer = write_layer(folder)
    built: dict[Lang, Path] = {}
    for lang in ("en", "zh"):
        built[lang] = folder / f"{lang}.html"
        build(REPO, built[lang], MapOptions(lang=lang), layers=[layer])
    return built


def serious_violations(page: Any, state: str) -> list[str]:
    """axe-core's violations of impact serious or critical; every violation is printed."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        targets = [node["target"] for node in violation["nodes"]]
        line = f"{state}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets[:5]}"
        print(line)
        if violation["impact"] in ("serious", "critical"):
            found.append(line)
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_axe_finds_nothing_serious(
    pages: dict[Lang, Path], lang: Lang, offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = session.open(pages[lang])
    assert page.get_attribute("html", "lang") == {"en": "en", "zh": "zh-CN"}[lang]
    assert (
        page.title()
        == {"en": "Map of the G60 Science and Technology Innovation Corridor", "zh": "G60科创走廊地图"}[lang]
    )
    found = serious_violations(page, f"{lang} on opening")
    # A popup open, the legend and the sources unfolded, the layer control and the list open.
    page.click('[data-place-id="hangzhou"]')
    page.locator(".leaflet-popup-content").wait_for()
    page.evaluate("() => document.querySelectorAll('.g60-legend, .g60-sources').forEach(d => d.open = true)")
    page.wait_for_timeout(400)  # the popup has faded in: axe measures contrast as shown
    found += serious_violations(page, f"{lang} with a popup, the legend and the sources open")
    page.click(".g60-point-list-button")
    page.hover(".leaflet-control-layers")
    found += serious_violations(page, f"{lang} with the layer control and the points list open")
    page.locator(".g60-point-list-point").first.click()
    page.locator(".g60-point-popup").wait_for()
    page.wait_for_timeout(400)
    found += serious_violations(page, f"{lang} with a point's popup")
    assert found == []
    assert session.errors == []


def _focused(page: Any) -> str:
    return str(
        page.evaluate("() => document.activeElement.className + ' ' + document.activeElement.textContent")
    )


def _tab_to(page: Any, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_points_are_reached_with_the_keyboard_only(
    pages: dict[Lang, Path], offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = session.open(pages["en"])
    page.evaluate("""() => {  // a view over part of the layer: more than 50 points in it
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.setView([30.6, 120.2], 9, {animate: false});
    }""")
    button = page.locator(".g60-point-list-button")
    assert button.get_attribute("aria-expanded") == "false"
    _tab_to(page, ".g60-point-list-button")
    session.still()  # markers passed on the way pan the map into view: the list follows the view
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    status = page.locator(".g60-point-list-status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text().startswith("50 of ")
    assert status.inner_text().endswith(" points in view, nearest to the centre first")
    in_view = int(status.inner_text().split(" of ")[1].split(" ")[0].replace(",", ""))
    assert 50 < in_view < 1234
    items = page.locator(".g60-point-list-point")
    assert items.count() == 50
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    second = items.nth(1).inner_text()
    assert page.evaluate("() => document.activeElement.textContent") == second
    page.keyboard.press("Enter")
    popup = page.locator(".g60-point-popup")
    popup.wait_for()
    assert popup.locator(".g60-popup-title").inner_text() == second
    # The focus is in the popup: its content scrolls with the keyboard; Escape closes it.
    assert page.evaluate("() => document.activeElement.classList.contains('leaflet-popup-content')"), (
        _focused(page)
    )
    assert page.get_attribute(".leaflet-popup-close-button", "aria-label") == "Close popup"
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.leaflet-popup')")
    # Back on the same point in the list (the popup's pan may have changed the list around it).
    assert page.evaluate("() => document.activeElement.textContent") == second, _focused(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    third = page.locator(".g60-point-popup .g60-popup-title").inner_text()
    assert third.startswith(("Enterprise ", "Enterprises, point "))
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")  # then the list closes, and the focus is on its button
    assert button.get_attribute("aria-expanded") == "false"
    assert page.locator(".g60-point-list-panel").is_hidden()
    assert page.evaluate("() => document.activeElement.classList.contains('g60-point-list-button')")
    assert session.errors == []


def test_the_list_follows_the_view_and_names_unnamed_points(
    pages: dict[Lang, Path], offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = session.open(pages["zh"])
    page.click(".g60-point-list-button")
    status = page.locator(".g60-point-list-status")
    assert status.inner_text() == "视野内有1,234个点，按离中心由近到远列出50个"
    page.evaluate("""() => {  // around the unnamed point 7 (30.2, 119.95) and nothing else
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.fitBounds([[30.199, 119.949], [30.201, 119.951]], {animate: false, maxZoom: 18});
    }""")
    assert status.inner_text() == "视野内有1个点"
    assert page.locator(".g60-point-list-point").inner_text() == "Enterprises第8个点"
    page.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.setView([20, 110], 10, {animate: false});
    }""")
    assert status.inner_text() == "视野内没有点：请缩小或移动地图"
    assert page.locator(".g60-point-list-point").count() == 0
    # Hiding the layer takes the button away; showing it again brings it back.
    page.hover(".leaflet-control-layers")
    # The layer of points (its counts per city and per district are layers of their own).
    label = page.locator(".leaflet-control-layers-overlays label", has_text="Enterprises（1,234）")
    label.locator("input").uncheck()
    assert page.locator(".g60-point-list").count() == 0
    label.locator("input").check()
    assert page.locator(".g60-point-list").count() == 1
    assert session.errors == []


def _coverage(page: Any) -> float:
    """The share of the viewport under the controls' union (counted on a 1-pixel grid)."""
    return float(
        page.evaluate(
            """(selectors) => {
        const w = window.innerWidth, h = window.innerHeight, covered = new Uint8Array(w * h);
        for (const selector of selectors) {
            for (const node of document.querySelectorAll(selector)) {
                const r = node.getBoundingClientRect();
                for (let y = Math.max(0, Math.floor(r.top)); y < Math.min(h, Math.ceil(r.bottom)); y++) {
                    covered.fill(1, y * w + Math.max(0, Math.floor(r.left)), y * w + Math.min(w, Math.ceil(r.right)));
                }
            }
        }
        return covered.reduce((a, b) => a + b, 0) / (w * h);
    }""",
            list(CONTROLS),
        )
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_phone_sees_mostly_map(
    pages: dict[Lang, Path], lang: Lang, offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page(**PHONE)
    page = session.open(pages[lang])
    for selector in CONTROLS:
        assert page.locator(selector).is_visible(), selector
    coverage = _coverage(page)
    print(f"{lang}: the controls cover {coverage:.1%} of a 375x667 phone on opening")
    assert coverage < 0.35
    # Every marker in view can be tapped: nothing lies over its centre.
    centres = page.evaluate("""() => Array.from(document.querySelectorAll('.g60-marker')).map(m => {
        const r = m.getBoundingClientRect();
        return [m.dataset.placeId, r.left + r.width / 2, r.top + r.height / 2];
    }).filter(([, x, y]) => x > 0 && y > 0 && x < innerWidth && y < innerHeight)""")
    assert len(centres) >= 9
    for place_id, x, y in centres:
        hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('.g60-marker')", [x, y])
        assert hit is not None, f"{place_id} is covered at ({x:.0f}, {y:.0f})"
    # A tap opens a popup that fits the screen.
    page.click('[data-place-id="hangzhou"]')
    page.locator(".leaflet-popup-content").wait_for()
    page.wait_for_timeout(300)  # the pan that brings the popup into view
    box = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    # The points list opens without leaving the screen, and a point's popup fits too.
    page.click(".g60-point-list-button")
    panel = page.locator(".g60-point-list-panel").bounding_box()
    assert panel is not None and panel["x"] >= 0 and panel["y"] + panel["height"] <= PHONE["height"]
    page.locator(".g60-point-list-point").first.click()
    assert page.locator(".g60-point-list-panel").is_hidden()  # out of the popup's way on a phone
    point_box = page.locator(".g60-point-popup").bounding_box()
    assert (
        point_box is not None
        and point_box["x"] >= 0
        and point_box["x"] + point_box["width"] <= PHONE["width"]
    )
    assert session.errors == []
