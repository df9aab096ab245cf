"""The page's JavaScript and CSS, declared as data and inlined so the map needs no network.

Leaflet comes from the ``django-js-lib-leaflet`` wheel (its dist files only; Django
is not imported); the styles sit in ``static/``, and the runtime is joined from its
modules in ``runtime/`` (:mod:`mapgen.web.runtime`).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

from mapgen.web.runtime import runtime_js


@dataclass(frozen=True)
class Asset:
    """A file of a package, or (``resource`` None) the runtime joined from its modules."""

    name: str
    kind: Literal["js", "css"]
    package: str
    resource: str | None
    # A script that must run once per page even when several maps are pasted into it
    # is skipped when this global already exists.
    loaded_global: str | None = None


ASSETS: tuple[Asset, ...] = (
    Asset("leaflet_css", "css", "js_lib_leaflet", "static/js_lib_leaflet/leaflet.css"),
    Asset("g60_css", "css", "mapgen.web", "static/g60.css"),
    Asset("leaflet_js", "js", "js_lib_leaflet", "static/js_lib_leaflet/leaflet.js", "L"),
    Asset("g60_js", "js", "mapgen.web", None),  # guards itself: if (window.G60) return
)

_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)  # the .map is not shipped
_CSS_URL = re.compile(r"url\((['\"]?)(images/[\w.-]+\.png)\1\)")


def _inline_images(css: str, package: str, folder: str) -> str:
    """Replace ``url(images/x.png)`` with data URIs so the CSS works when inlined."""

    def data_uri(match: re.Match[str]) -> str:
        png = (files(package) / folder / match[2]).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(png).decode('ascii')})"

    return _CSS_URL.sub(data_uri, css)


@cache
def asset_text(asset: Asset) -> str:
    """The asset's text, safe to put inside a <script> or <style> element."""
    if asset.resource is None:
        text, folder = runtime_js(), ""
    else:
        folder, _, _ = asset.resource.rpartition("/")
        text = (files(asset.package) / asset.resource).read_text(encoding="utf-8")
    if asset.kind == "css":
        text = _inline_images(text, asset.package, folder)
        closing = "</style"
    else:
        text = _SOURCE_MAP.sub("", text)
        if asset.loaded_global:
            text = f"if (!window.{asset.loaded_global}) {{\n{text}\n}}"
        closing = "</script"
    # A closing tag inside the text would end the element early.
    return re.sub(re.escape(closing), "<\\\\/" + closing[2:], text, flags=re.IGNORECASE)


def leaflet_version() -> str:
    """The inlined Leaflet's version, read from its banner."""
    leaflet_js = next(a for a in ASSETS if a.name == "leaflet_js")
    match = re.search(r"Leaflet (\d+\.\d+\.\d+)", asset_text(leaflet_js)[:400])
    return match[1] if match else "unknown"


def inline_assets() -> list[tuple[str, str, str]]:
    """(kind, name, text) of every asset, in the order the page loads them."""
    return [(asset.kind, asset.name, asset_text(asset)) for asset in ASSETS]
