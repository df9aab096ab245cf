"""Regenerate the README screenshots: python docs/screenshot.py (after `make map`).

Opens output/g60_corridor.html in Debian's headless Chromium with the network
blocked (so no tiles: the map as it looks offline) and saves the map, a popup and the
corridor popup on a desktop (1280x800), and the map on a phone (375x667); the map, the
popup and the phone again in Chinese (``#lang=zh``, the ``-zh`` files).

And a million points as a register of enterprises has them, crowded round the nine
cities (:func:`clustered_points`, a fixed seed): the map as it opens with its grid of
counts, a cell's counts by category, in both languages and on a phone
(``map-million*.png``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from playwright.sync_api import Browser, Route, sync_playwright

from mapgen import MapOptions, build, load_atlas
from mapgen.export.png import CHROMIUM_ARGS, chromium

ROOT = Path(__file__).resolve().parent.parent
PHONE = {"width": 375, "height": 667}


def offline_only(route: Route) -> None:
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


PAGE = ROOT / "output" / "g60_corridor.html"
LANGUAGES = {"": "", "-zh": "#lang=zh"}  # file name suffix: the page's hash


def desktop_screenshots(browser: Browser, suffix: str, hash_: str) -> None:
    """The map as it opens, and Hangzhou's popup."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route("**/*", offline_only)
    page.goto(PAGE.as_uri() + hash_)
    page.wait_for_selector(".g60-marker")
    page.screenshot(path=str(ROOT / "docs" / f"map{suffix}.png"))
    page.click('[data-place-id="hangzhou"]')
    page.wait_for_selector(".leaflet-popup-content")
    page.wait_for_timeout(500)  # the popup fades in
    page.screenshot(path=str(ROOT / "docs" / f"map-popup{suffix}.png"))
    page.close()


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium()), args=CHROMIUM_ARGS)
        for suffix, hash_ in LANGUAGES.items():
            desktop_screenshots(browser, suffix, hash_)
            phone_screenshot(browser, suffix, hash_)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", offline_only)
        # The corridor popup: the article's 76,200 km² next to what the boundaries measure.
        page.goto(PAGE.as_uri())
        page.wait_for_selector(".g60-marker")
        point = page.evaluate("""() => {  // the middle of the expressway's last segment
            const map = Object.values(window).find(v => v instanceof L.Map);
            let at = null;
            map.eachLayer(layer => {
                const node = layer.getElement && layer.getElement();
                if (layer.getLatLngs && node && node.dataset.axisId === "g60_expressway") {
                    const points = layer.getLatLngs(), a = points[points.length - 2],
                          b = points[points.length - 1];
                    at = map.latLngToContainerPoint([(a.lat + b.lat) / 2, (a.lng + b.lng) / 2]);
                }
            });
            return [at.x, at.y];
        }""")
        page.mouse.click(*point)
        page.wait_for_selector(".g60-fact-checks")
        page.mouse.move(1270, 790)  # no tooltip over the popup
        page.wait_for_timeout(500)  # the popup fades in
        page.evaluate("document.querySelector('.g60-fact-checks').scrollIntoView({block: 'center'})")
        page.screenshot(path=str(ROOT / "docs" / "map-area-check.png"))
        timeline_screenshot(browser)
        search_screenshot(browser)
        million_screenshots(browser)
        browser.close()


# A register's trades, as Chinese registers name them.
TRADES = (
    "智能制造",
    "软件和信息服务",
    "生物医药",
    "新材料",
    "集成电路",
    "人工智能",
    "新能源",
    "现代物流",
    "金融服务",
    "教育培训",
)


def clustered_points(path: Path, count: int = 1_000_000, seed: int = 16) -> Path:
    """A CSV of ``count`` enterprises: nine in ten round the nine cities (a wider crowd
    round the larger), the rest anywhere in the corridor; each city has its own mix of
    trades, so the grid by category differs from the grid of all."""
    rng = np.random.default_rng(seed)
    cities = load_atlas(ROOT).cities
    weight = rng.uniform(0.5, 2.0, len(cities)) * np.array([3.0 if c.origin else 1.0 for c in cities])
    city = rng.choice(len(cities), size=count, p=weight / weight.sum())
    spread = rng.uniform(0.06, 0.22, len(cities))[city]
    lon = np.array([c.lon for c in cities])[city] + rng.normal(0, 1, count) * spread
    lat = np.array([c.lat for c in cities])[city] + rng.normal(0, 1, count) * spread * 0.8
    anywhere = rng.random(count) < 0.1
    lon[anywhere], lat[anywhere] = (
        rng.uniform(117.2, 121.9, anywhere.sum()),
        rng.uniform(29.0, 32.2, anywhere.sum()),
    )
    mixes = rng.dirichlet(np.full(len(TRADES), 0.8), len(cities))
    kind = (rng.random(count)[:, None] > np.cumsum(mixes[city], axis=1)).sum(axis=1).clip(0, len(TRADES) - 1)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("企业名称,行业,纬度,经度\n")
        f.writelines(
            f"企业{i + 1:07d},{TRADES[k]},{a:.5f},{o:.5f}\n"
            for i, (k, a, o) in enumerate(zip(kind.tolist(), lat.tolist(), lon.tolist(), strict=True))
        )
    return path


def million_screenshots(browser: Browser) -> None:
    """A million points as the map opens: a grid of counts, and a cell's counts by category."""
    with tempfile.TemporaryDirectory() as folder:
        points = clustered_points(Path(folder) / "enterprises.csv")
        settings = "name: Enterprises\nname_zh: 企业\nlabel: 企业名称\ncategory: 行业\n"
        (Path(folder) / "enterprises.yaml").write_text(settings, encoding="utf-8")
        page_path = Path(folder) / "million.html"
        build(ROOT, page_path, layers=[points], options=MapOptions(basemap="none"))
        for suffix, hash_ in LANGUAGES.items():
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", offline_only)
            page.goto(page_path.as_uri() + hash_)
            page.wait_for_selector("[data-points-drawn]", timeout=60_000)
            page.wait_for_timeout(300)
            page.screenshot(path=str(ROOT / "docs" / f"map-million{suffix}.png"))
            cell = page.evaluate("""() => {  // a crowded cell between Huzhou and Suzhou, no marker on it
                const map = Object.values(window).find(v => v instanceof L.Map);
                const at = map.latLngToContainerPoint([30.95, 120.45]);
                return [at.x, at.y];
            }""")
            page.mouse.click(*cell)
            page.wait_for_selector(".g60-density-popup")
            page.wait_for_timeout(500)  # the popup fades in
            page.screenshot(path=str(ROOT / "docs" / f"map-million-cell{suffix}.png"))
            page.close()
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.route("**/*", offline_only)
        page.goto(page_path.as_uri() + "#lang=zh")
        page.wait_for_selector("[data-points-drawn]", timeout=60_000)
        page.wait_for_timeout(300)
        page.screenshot(path=str(ROOT / "docs" / "map-million-phone-zh.png"))
        context.close()


def search_screenshot(browser: Browser) -> None:
    """The search box with its results for a few letters, in Chinese."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route("**/*", offline_only)
    page.goto(PAGE.as_uri() + "#lang=zh")
    page.wait_for_selector(".g60-marker")
    page.keyboard.press("/")
    page.keyboard.type("松江")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    page.screenshot(path=str(ROOT / "docs" / "map-search.png"))
    page.close()


def timeline_screenshot(browser: Browser) -> None:
    """The map as of a date, its timeline open and Shanghai's popup with the later facts hidden."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route("**/*", offline_only)
    page.goto(PAGE.as_uri() + "#asof=2021-04&place=songjiang_district")
    page.wait_for_selector(".leaflet-popup-content")
    page.click(".g60-timeline summary")
    page.wait_for_timeout(500)
    page.screenshot(path=str(ROOT / "docs" / "map-timeline.png"))
    page.close()


def phone_screenshot(browser: Browser, suffix: str, hash_: str) -> None:
    """The map on a phone as it opens: the controls leave the view to the map."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.route("**/*", offline_only)
    page.goto(PAGE.as_uri() + hash_)
    page.wait_for_selector(".g60-marker")
    page.wait_for_timeout(300)
    page.screenshot(path=str(ROOT / "docs" / f"map-phone{suffix}.png"))
    context.close()


if __name__ == "__main__":
    main()
