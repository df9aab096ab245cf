"""Shared fixtures: a scratch copy of the project's data, built pages, a browser."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mapgen.export.png import CHROMIUM_ARGS, chromium
from mapgen.present.catalogue import Lang
from mapgen.web.bilingual import edition

REPO = Path(__file__).resolve().parent.parent
SHARED_SEEDS = REPO.parent / "shared" / "seeds"


class Project:
    """A copy of seeds/ and geo/ in a temp folder that a test may edit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(REPO / "seeds", root / "seeds")
        shutil.copytree(REPO / "geo", root / "geo")

    def path(self, relative: str) -> Path:
        return self.root / relative

    def read(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def write(self, relative: str, text: str) -> None:
        self.write_bytes(relative, text.encode("utf-8"))

    def write_bytes(self, relative: str, data: bytes) -> None:
        self.path(relative).parent.mkdir(parents=True, exist_ok=True)
        self.path(relative).write_bytes(data)

    def replace(self, relative: str, old: str, new: str, count: int = 1) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        self.write(relative, text.replace(old, new, count))

    def line_of(self, relative: str, needle: str) -> int:
        for number, line in enumerate(self.read(relative).splitlines(), start=1):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not in {relative}")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


_CALL = re.compile(r"G60\.(\w+)\((?:map_\w+, )?(?:\[[\w, ]*\], )?(\{.*\})\);\s*$", re.MULTILINE)


def text_of(line: dict[str, str]) -> str:
    """A marked line of a payload (words around data) as the reader reads it."""
    return line["before"] + line["data"] + line["after"]


def payloads(page: str, lang: Lang = "en") -> list[tuple[str, Any]]:
    """(factory, data) of every G60.* call in a built page, in order, in one language
    (the page carries both: see mapgen/web/bilingual.py)."""
    return [(m[1], edition(json.loads(m[2]), lang)) for m in _CALL.finditer(page)]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not chromium().exists():
        pytest.fail("Chromium is missing: run 'make test', which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium()), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class OfflinePage:
    """A browser page where every request that leaves the machine is blocked and recorded."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 800) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.on("dialog", self._dialog)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            url = (message.location or {}).get("url", "")
            # A blocked tile is expected; anything else failing is a real error.
            if not (message.text.startswith("Failed to load resource") and url in self.blocked):
                self.errors.append(f"console: {message.text} {url}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> Any:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("() => window.L && document.querySelector('.g60-marker')")
        self.settle()
        return self.page

    def settle(self) -> None:
        """Wait two frames: the map's first resize callback (which may move it) has run."""
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def still(self, quiet_ms: int = 300) -> None:
        """Wait until the map has not moved for ``quiet_ms`` (a pan Leaflet animates, such as
        the one that brings a marker focused with Tab into view, has ended)."""
        self.page.evaluate(
            """(quiet) => new Promise((resolve) => {
                const map = Object.values(window).find((v) => v instanceof L.Map);
                let timer = setTimeout(done, quiet);
                function done() { map.off("move", moved); resolve(); }
                function moved() { clearTimeout(timer); timer = setTimeout(done, quiet); }
                map.on("move", moved);
            })""",
            quiet_ms,
        )

    def open_popup(self, path: Path, place_id: str) -> Any:
        """Open the page, click a place's marker and return its popup, once shown."""
        self.open(path).click(f'[data-place-id="{place_id}"]')
        popup = self.page.locator(".leaflet-popup-content")
        popup.wait_for()
        return popup

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def offline_page(browser: Any) -> Iterator[Callable[..., OfflinePage]]:
    opened: list[OfflinePage] = []

    def make(**kwargs: Any) -> OfflinePage:
        page = OfflinePage(browser, **kwargs)
        opened.append(page)
        return page

    yield make
    for page in opened:
        page.close()
