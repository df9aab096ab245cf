"""Regenerate the README screenshots: python docs/screenshot.py (after `make map`).

Opens output/g60_corridor.html in Debian's headless Chromium with the network
blocked (so no tiles: the map as it looks offline) and saves two PNGs.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Route, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def offline_only(route: Route) -> None:
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", offline_only)
        page.goto((ROOT / "output" / "g60_corridor.html").as_uri())
        page.wait_for_selector(".g60-marker")
        page.screenshot(path=str(ROOT / "docs" / "map.png"))
        page.click('[data-place-id="hangzhou"]')
        page.wait_for_selector(".leaflet-popup-content")
        page.screenshot(path=str(ROOT / "docs" / "map-popup.png"))
        browser.close()


if __name__ == "__main__":
    main()
