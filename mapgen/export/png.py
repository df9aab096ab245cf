"""The PNG export: the interactive map as the browser draws it.

The page is opened in headless Chromium (Debian's, never a downloaded one). Tiles
load when the network reaches them; when it does not, the picture shows the
vector context (areas, lines, markers) that the page draws on its own.

A picture as of a date opens the page at ``#asof=DATE``: the page's timeline reads its
address and draws the map as of that date, as it does for a reader's link.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from urllib.parse import quote

from mapgen.errors import MissingTool
from mapgen.export.options import Snapshot, as_of_date
from mapgen.pipeline import Checked
from mapgen.web import MapOptions, render_map
from mapgen.web.page import page_html

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TILE_WAIT_MS = 8000  # at most this long for tiles; a blocked network fails fast


def chromium() -> Path:
    """Debian's Chromium, or the one ``MAPGEN_CHROMIUM`` names."""
    return Path(os.environ.get("MAPGEN_CHROMIUM", "/usr/bin/chromium"))


def page_address(page_path: Path, asof: str | None = None) -> str:
    """The address the picture is taken at: the page's file, with ``#asof=DATE`` for a date.

    >>> page_address(Path("/tmp/map.html")), page_address(Path("/tmp/map.html"), "2019-06")
    ('file:///tmp/map.html', 'file:///tmp/map.html#asof=2019-06')
    """
    uri = page_path.as_uri()
    return uri if asof is None else f"{uri}#asof={quote(as_of_date(asof), safe='-')}"


def png_bytes(page: str, snapshot: Snapshot | None = None, *, asof: str | None = None) -> bytes:
    """A PNG of a map page once Leaflet has drawn it (and tiles have loaded or failed),
    as of ``asof`` (YYYY[-MM[-DD]], read by the page from its address) if given."""
    try:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise MissingTool("Playwright (the [png] extra)", "pip install -e '.[png]'") from None
    snapshot = snapshot or Snapshot()
    browser_path = chromium()
    if not browser_path.exists():
        raise MissingTool(
            f"Chromium ({browser_path})", "apt-get install -y chromium, or set MAPGEN_CHROMIUM to its path"
        )
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        page_path = Path(scratch) / "map.html"
        page_path.write_text(page, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=str(browser_path), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(
                viewport={"width": snapshot.width, "height": snapshot.height},
                device_scale_factor=snapshot.scale,
            )
            tab.emulate_media(media="print")  # a picture has no buttons: the print styles
            tab.goto(page_address(page_path, asof))
            tab.wait_for_selector(".g60-marker")
            with contextlib.suppress(PlaywrightTimeout):  # slow tiles: the picture as it is
                tab.wait_for_load_state("networkidle", timeout=TILE_WAIT_MS)
            return bytes(tab.screenshot(type="png", full_page=False))
        finally:
            browser.close()


def map_png(
    checked: Checked,
    snapshot: Snapshot | None = None,
    options: MapOptions | None = None,
    *,
    asof: str | None = None,
) -> bytes:
    """The web map of the checked data, photographed (as of ``asof``, if given)."""
    return png_bytes(page_html(render_map(checked, options)), snapshot, asof=asof)
