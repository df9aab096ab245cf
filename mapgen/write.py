"""Writing outputs: files appear whole or not at all.

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
