"""The web map as text: a page of its own, or a fragment to paste into another page."""

from __future__ import annotations

from mapgen.web.elements import OfflineMap
from mapgen.web.foliumkit import own_parts, render_page
from mapgen.web.frame import FrameSize, frame_style


def page_html(fmap: OfflineMap) -> str:
    """The full HTML page of a map."""
    html = render_page(fmap)
    return html if html.endswith("\n") else html + "\n"


def fragment_html(fmap: OfflineMap, size: FrameSize) -> str:
    """The map as a fragment for another page: one ``<div>`` holding its styles and scripts.

    No ``<html>``/``<head>``, no page-wide styles, no global variables; Leaflet and the
    runtime run once however many fragments share the page (the asset guards).
    """
    header, body, script = own_parts(fmap)
    return (
        f'<div class="g60-fragment" id="fragment_{fmap.get_name()}" style="{frame_style(size)}">\n'
        f"{header}\n{body}\n"
        # A function scope keeps the map's variables out of the host page.
        f"<script>\n(function () {{\n{script}\n}})();\n</script>\n</div>\n"
    )


def document_html(fmap: OfflineMap) -> str:
    """The map as its options ask: a page of its own, or a fragment to paste."""
    return page_html(fmap) if fmap.fragment is None else fragment_html(fmap, fmap.fragment)
