"""``mapgen export png``: the interactive map as the browser draws it, as a PNG.

The page is opened in headless Chromium (Debian's, never a downloaded one). Tiles
load when the network reaches them; when it does not, the picture shows the
vector context (areas, lines, markers) that the page draws on its own.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mapgen.errors import DataError, Problem

CHROMIUM = Path(os.environ.get("MAPGEN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TILE_WAIT_MS = 8000  # at most this long for tiles; a blocked network fails fast


@dataclass(frozen=True)
class Snapshot:
    """The picture's size in CSS pixels; ``scale`` 2 gives a sharp image for print and slides."""

    width: int = 1600
    height: int = 1000
    scale: float = 1.0

    def __post_init__(self) -> None:
        if not (200 <= self.width <= 8000 and 200 <= self.height <= 8000):
            raise ValueError("width and height are 200 to 8000 pixels")
        if not 0.5 <= self.scale <= 4:
            raise ValueError("scale is 0.5 to 4")

    @property
    def pixels(self) -> tuple[int, int]:
        """The PNG's size in pixels.

        >>> Snapshot(800, 500, 2).pixels
        (1600, 1000)
        """
        return round(self.width * self.scale), round(self.height * self.scale)


def _missing(what: str, fix: str) -> DataError:
    return DataError([Problem("mapgen export png", 0, "", f"{what}; {fix}")])


def png_bytes(page_html: str, snapshot: Snapshot = Snapshot()) -> bytes:
    """A PNG of the map page once Leaflet has drawn it (and tiles have loaded or failed)."""
    try:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise _missing("Playwright is not installed", "run pip install -e '.[png]'") from None
    if not CHROMIUM.exists():
        raise _missing(f"no Chromium at {CHROMIUM}",
                       "run apt-get install -y chromium, or set MAPGEN_CHROMIUM") from None
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        page_path = Path(scratch) / "map.html"
        page_path.write_text(page_html, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": snapshot.width, "height": snapshot.height},
                                    device_scale_factor=snapshot.scale)
            page.emulate_media(media="print")  # a picture has no buttons: the print styles
            page.goto(page_path.as_uri())
            page.wait_for_selector(".g60-marker")
            with contextlib.suppress(PlaywrightTimeout):  # slow tiles: the picture as it is
                page.wait_for_load_state("networkidle", timeout=TILE_WAIT_MS)
            return bytes(page.screenshot(type="png", full_page=False))
        finally:
            browser.close()
