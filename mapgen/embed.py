"""``mapgen embed``: an ``<iframe>`` snippet for pages that prefer to keep the map isolated.

The map page runs in its own sandboxed frame: its scripts and styles cannot touch
the host page, and the host's cannot touch the map.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

ASPECT = re.compile(r"^(\d{1,4}):(\d{1,4})$")


@dataclass(frozen=True)
class FrameSize:
    """Fixed pixels (``width`` and ``height``), or responsive at an aspect ratio (the default)."""

    width: int | None = None
    height: int | None = None
    aspect: str = "16:10"

    def __post_init__(self) -> None:
        if (self.width is None) != (self.height is None):
            raise ValueError("give both --width and --height, or neither (responsive)")
        match = ASPECT.match(self.aspect)
        if match is None or int(match[1]) == 0 or int(match[2]) == 0:
            raise ValueError(f"aspect {self.aspect!r} is not W:H, e.g. 16:10")


def iframe_snippet(src: str, title: str, size: FrameSize = FrameSize()) -> str:
    """HTML to paste into a page; every value is escaped for its attribute.

    >>> snippet = iframe_snippet("maps/g60.html", "G60 map", FrameSize(640, 400))
    >>> snippet.startswith('<iframe src="maps/g60.html" title="G60 map" width="640" height="400"')
    True
    """
    attributes = f'src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}"'
    common = 'loading="lazy" sandbox="allow-scripts allow-popups"'
    if size.width is not None and size.height is not None:
        return (f'<iframe {attributes} width="{size.width}" height="{size.height}" '
                f'style="border:0" {common}></iframe>')
    width, height = size.aspect.split(":")
    return (f'<div style="position:relative;width:100%;aspect-ratio:{width}/{height}">'
            f'<iframe {attributes} style="position:absolute;inset:0;width:100%;height:100%;border:0" '
            f"{common}></iframe></div>")
