"""The page's Content-Security-Policy, made from the rendered page itself.

Nothing runs on the page but its own inline scripts, each allowed by its SHA-256, and
nothing styles it but its own ``<style>`` elements, each allowed the same way. The
hashes are computed from the rendered text, so the same page gives the same policy
(byte-identical rebuilds). Images come only from ``data:`` URIs (Leaflet's inlined
icons) and the tile hosts of :data:`~mapgen.web.basemaps.BASEMAPS`; nothing is fetched,
posted, framed or loaded as a plugin, and no ``<base>`` can redirect the page.

Styles are hashed too, with no ``'unsafe-inline'``: Leaflet and the runtime style
elements through the CSSOM (``element.style.left = ...``), which a policy does not
restrict, and neither writes a ``style="..."`` attribute into markup. A fragment
(``mapgen build --fragment``) carries no policy of its own: the host page sets one,
and :func:`inline_sources` gives the sources it must allow.

>>> policy = content_security_policy('<script>1</script><style>p{}</style>')
>>> policy.split("; ")[:2]
["default-src 'none'", "script-src 'sha256-a4ayc/80/OGda4BO/1o/V0etpOqiLx1JwB5S3beHW0s='"]
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from mapgen.web.basemaps import BASEMAPS

# An inline <script> or <style> element and its text. The page's texts never hold their
# own closing tag (assets.asset_text and safe.script_json escape it), so the first closing
# tag ends the element, as it does for the browser's parser.
_OPENING = re.compile(r"<(script|style)\b[^>]*>", re.IGNORECASE)
_CLOSING = {kind: re.compile(rf"</{kind}\s*>", re.IGNORECASE) for kind in ("script", "style")}
_STYLE_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sstyle=(["'])(.*?)\1""", re.DOTALL)


def sha256_source(text: str) -> str:
    """A CSP hash source for an inline element's text (its UTF-8 bytes, as browsers hash them).

    >>> sha256_source("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def tile_hosts() -> tuple[str, ...]:
    """Every origin the basemaps take tiles from, each ``{s}`` subdomain spelt out.

    >>> tile_hosts()[:3]
    ('https://tile.openstreetmap.org', 'https://a.basemaps.cartocdn.com', 'https://b.basemaps.cartocdn.com')
    """
    hosts: list[str] = []
    for basemap in BASEMAPS:
        if basemap.url is None:
            continue
        parts = urlsplit(basemap.url)
        netlocs = (
            [parts.netloc.replace("{s}", sub) for sub in basemap.subdomains]
            if "{s}" in parts.netloc
            else [parts.netloc]
        )
        hosts.extend(f"{parts.scheme}://{netloc}" for netloc in netlocs)
    return tuple(dict.fromkeys(hosts))


def inline_sources(html: str) -> dict[str, list[str]]:
    """The hash sources of a page's or fragment's inline parts, in document order.

    ``script`` and ``style`` hash the elements; ``style_attribute`` hashes ``style="..."``
    attributes, which a policy allows only with ``'unsafe-hashes'`` (a fragment's box has
    one; a page has none).

    >>> inline_sources('<div style="width:1px"><script>1</script></div>')["style_attribute"]
    ["'sha256-fxU8IPEqWwm1imODfieTU/jKzxPS+zA+bh6hIfdqtdc='"]
    """
    found: dict[str, list[str]] = {"script": [], "style": [], "style_attribute": []}
    outside = []
    for kind, start, end in _inline_parts(html):
        if kind:
            found[kind].append(_sha256_of(html, start, end))
        else:
            outside.append(html[start:end])
    found["style_attribute"] = [
        sha256_source(match[2]) for match in _STYLE_ATTRIBUTE.finditer("".join(outside))
    ]
    return {kind: list(dict.fromkeys(sources)) for kind, sources in found.items()}


def _sha256_of(html: str, start: int, end: int) -> str:
    """:func:`sha256_source` of ``html[start:end]``, a megabyte at a time: a layer of a
    million points is never copied whole to be hashed."""
    digest = hashlib.sha256()
    for at in range(start, end, _PIECE):
        digest.update(html[at : min(at + _PIECE, end)].encode("utf-8"))
    return f"'sha256-{base64.b64encode(digest.digest()).decode('ascii')}'"


_PIECE = 1 << 20


def _inline_parts(html: str) -> Iterator[tuple[str, int, int]]:
    """The page cut at its inline elements: ("script" or "style", where the element's text
    starts and ends) for each, ("", start, end) for the markup between them. The first
    closing tag ends an element, as it does for the browser's parser. No pattern spans an
    element's text: a page holds megabytes of packed points.

    >>> page = "<p><SCRIPT type=x>1</script ><style>a</style>"
    >>> [(kind, page[start:end]) for kind, start, end in _inline_parts(page)]
    [('', '<p>'), ('script', '1'), ('', ''), ('style', 'a'), ('', '')]
    """
    at = 0
    while (opening := _OPENING.search(html, at)) is not None:
        kind = opening[1].lower()
        closing = _CLOSING[kind].search(html, opening.end())
        if closing is None:
            break
        yield "", at, opening.start()
        yield kind, opening.end(), closing.start()
        at = closing.end()
    yield "", at, len(html)


def content_security_policy(html: str) -> str:
    """The policy of a page of its own: its inline scripts and styles, tiles and nothing else."""
    sources = inline_sources(html)
    if sources["style_attribute"]:
        raise ValueError("a page of its own must style nothing through style attributes")
    directives = (
        "default-src 'none'",
        "script-src " + " ".join(sources["script"] or ["'none'"]),
        "style-src " + " ".join(sources["style"] or ["'none'"]),
        "img-src " + " ".join(["data:", *tile_hosts()]),
        "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    )
    return "; ".join(directives)


def policy_meta(html: str) -> str:
    """The ``<meta>`` that sets the page's policy; it must come before the page's first script."""
    policy = content_security_policy(html)
    assert '"' not in policy and "<" not in policy and "&" not in policy  # one plain attribute value
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
