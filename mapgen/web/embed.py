"""``mapgen embed``: an ``<iframe>`` snippet for pages that prefer to keep the map isolated.

The map page runs in its own sandboxed frame: its scripts and styles cannot touch
the host page, and the host's cannot touch the map.
"""

from __future__ import annotations

import html
from pathlib import Path

from mapgen.pipeline import check
from mapgen.present.catalogue import Lang, Words
from mapgen.present.describe import names
from mapgen.web.frame import FrameSize, frame_style

__all__ = ["FrameSize", "iframe_snippet", "map_title"]


def map_title(root: Path | str = ".", lang: Lang = "en") -> str:
    """The frame's accessible title: 'Map of the' corridor named in ``geo/``."""
    return Words(lang)("embed.title", corridor=names(check(root).atlas.corridor))


def iframe_snippet(src: str, title: str, size: FrameSize | None = None) -> str:
    """HTML to paste into a page; every value is escaped for its attribute.

    >>> snippet = iframe_snippet("maps/g60.html", "G60 map", FrameSize(640, 400))
    >>> snippet.startswith('<iframe src="maps/g60.html" title="G60 map" width="640" height="400"')
    True
    """
    size = size or FrameSize()
    attributes = f'src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}"'
    common = 'loading="lazy" sandbox="allow-scripts allow-popups"'
    if size.width is not None and size.height is not None:
        return (
            f'<iframe {attributes} width="{size.width}" height="{size.height}" '
            f'style="border:0" {common}></iframe>'
        )
    return (
        f'<div style="{frame_style(size)}">'
        f'<iframe {attributes} style="position:absolute;inset:0;width:100%;height:100%;border:0" '
        f"{common}></iframe></div>"
    )
