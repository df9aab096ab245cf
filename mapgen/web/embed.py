"""``mapgen embed``: an ``<iframe>`` snippet for pages that prefer to keep the map isolated.

The map page runs in its own sandboxed frame: its scripts and styles cannot touch
the host page, and the host's cannot touch the map.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import parse_qsl, urldefrag, urlencode

from mapgen.pipeline import check
from mapgen.present.catalogue import Lang, Words
from mapgen.present.describe import names
from mapgen.web import HTML_LANGS
from mapgen.web.frame import FrameSize, frame_style

__all__ = ["FrameSize", "iframe_snippet", "map_title", "src_in_lang"]


def map_title(root: Path | str = ".", lang: Lang = "en") -> str:
    """The frame's accessible title: 'Map of the' corridor named in ``geo/``, in ``lang``."""
    return Words(lang)("embed.title", corridor=names(check(root).atlas.corridor))


def src_in_lang(src: str, lang: Lang) -> str:
    """The map page's address with its language in the hash: the page opens in it, whichever
    language it was built to open in (the page carries both). Other keys of the hash stay.

    >>> src_in_lang("maps/g60.html", "zh"), src_in_lang("g60.html?v=2#zoom=9&lang=en", "zh")
    ('maps/g60.html#lang=zh', 'g60.html?v=2#zoom=9&lang=zh')
    """
    return src_with_hash(src, lang=lang)


def src_with_hash(src: str, **keys: str) -> str:
    """The map page's address with keys of its deep link set in the hash (``lang``, ``place``…);
    the hash's other keys stay, in their order.

    >>> src_with_hash("maps/g60.html#lang=zh", place="hangzhou")
    'maps/g60.html#lang=zh&place=hangzhou'
    """
    address, fragment = urldefrag(src)
    kept = [(key, value) for key, value in parse_qsl(fragment, keep_blank_values=True) if key not in keys]
    return f"{address}#{urlencode([*kept, *keys.items()])}"


def iframe_snippet(src: str, title: str, size: FrameSize | None = None, lang: Lang = "en") -> str:
    """HTML to paste into a page; every value is escaped for its attribute.

    ``lang`` is the language of the title: the frame says it (``lang="zh-CN"``), so a
    screen reader on an English page reads a Chinese title with a Chinese voice.

    >>> snippet = iframe_snippet("maps/g60.html", "G60走廊地图", FrameSize(640, 400), "zh")
    >>> snippet.startswith('<iframe src="maps/g60.html" title="G60走廊地图" lang="zh-CN" width="640"')
    True
    """
    size = size or FrameSize()
    attributes = (
        f'src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}" '
        f'lang="{HTML_LANGS[lang]}"'
    )
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
