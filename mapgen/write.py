"""Stage 5, write: files appear whole or not at all.

Outputs go to a temporary file beside the target, are flushed to disk, then
renamed over it, so a crash or a full disk never leaves half a map and the last
good file stays in place until the new one is complete.
"""

from __future__ import annotations

import glob
import os
import tempfile
import time
from pathlib import Path

from branca.element import Element, Figure

from mapgen.frame import FrameSize, frame_style
from mapgen.render.elements import OfflineMap, walk

# About when this process started: a temp file older than this, of a target it writes,
# is no other writer's work in progress but the remains of one that was killed
# mid-write (SIGKILL or power loss run no cleanup).
_STARTED = time.time()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (same-directory temp file + rename).

    On failure the old file is untouched, the temp file is gone, and the OSError
    names ``path`` (a full disk's error names no file by itself).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException as error:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.errno and error.filename in (None, temp_name):
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise
    _remove_stale_temps(path)


def _remove_stale_temps(path: Path) -> None:
    """Delete the temp files of ``path`` that killed writes left behind (see ``_STARTED``)."""
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if temp.stat().st_mtime < _STARTED:
                temp.unlink()
        except OSError:  # removed meanwhile, or not ours to remove: leave it
            continue


def page_html(fmap: OfflineMap) -> str:
    """The full HTML page of a map."""
    html: str = fmap.get_root().render()
    return html if html.endswith("\n") else html + "\n"


def fragment_html(fmap: OfflineMap, size: FrameSize) -> str:
    """The map as a fragment for another page: one ``<div>`` holding its styles and scripts.

    No ``<html>``/``<head>``, no page-wide styles, no global variables; Leaflet and the
    runtime run once however many fragments share the page (the asset guards).
    """
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    figure.render()  # every element writes its parts into the figure's header, html and script
    own = {element.get_name() for element in walk(fmap)}  # not the figure's <meta charset>

    def parts(section: Element) -> str:
        return "\n".join(child.render().strip() for name, child in section._children.items()
                         if name in own)

    return (f'<div class="g60-fragment" id="fragment_{fmap.get_name()}" style="{frame_style(size)}">\n'
            f"{parts(figure.header)}\n{parts(figure.html)}\n"
            # A function scope keeps the map's variables out of the host page.
            f"<script>\n(function () {{\n{parts(figure.script)}\n}})();\n</script>\n</div>\n")


def document_html(fmap: OfflineMap) -> str:
    """The map as its options ask: a page of its own, or a fragment to paste."""
    return page_html(fmap) if fmap.fragment is None else fragment_html(fmap, fmap.fragment)
