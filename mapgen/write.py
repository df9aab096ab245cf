"""Stage 5, write: files appear whole or not at all.

Outputs go to a temporary file beside the target, are flushed to disk, then
renamed over it, so a crash or a full disk never leaves half a map and the last
good file stays in place until the new one is complete.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (same-directory temp file + rename)."""
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
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def page_html(fmap: object) -> str:
    """The full HTML page of a folium Map."""
    html: str = fmap.get_root().render()  # type: ignore[attr-defined]
    return html if html.endswith("\n") else html + "\n"
