"""Writing outputs: files appear whole or not at all.

Outputs go to a temporary file beside the target, are flushed to disk, then
renamed over it, so a crash or a full disk never leaves half a map and the last
good file stays in place until the new one is complete.

The new file takes the place of the old one as the same kind of file: it keeps the
old file's permission bits (and owner and group, where the system lets us), a file
that did not exist gets the mode the umask allows (``0o666 & ~umask``, as any new
file), and a target that is a symbolic link is written where the link points, which
keeps the link.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import secrets
import stat
import time
from pathlib import Path

# About when this process started: a temp file older than this, of a target it writes,
# is no other writer's work in progress but the remains of one that was killed
# mid-write (SIGKILL or power loss run no cleanup).
_STARTED = time.time()
_NEW_FILE_MODE = 0o666  # the kernel takes the umask (and any default ACL) off it


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (same-directory temp file + rename).

    On failure the old file is untouched, the temp file is gone, and the OSError
    names ``path`` (a full disk's error names no file by itself).
    """
    path = Path(path)
    target = _final_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    old = _existing(target, path)
    handle, temp_name = _create_temp(target, path)
    try:
        if old is not None:
            _take_over(handle, old)
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, target)
    except BaseException as error:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.errno and error.filename in (None, temp_name):
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise
    _remove_stale_temps(target)


def _final_target(path: Path) -> Path:
    """Where a write to ``path`` must go: through symbolic links to the file they name.

    Renaming over a link would replace the link by a file and leave the file it
    points to as it was. A dangling link is followed too: the file it names is created.
    """
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def _existing(target: Path, shown: Path) -> os.stat_result | None:
    """The target's status, None if there is none yet; refuses what is not a regular file."""
    try:
        status = target.stat()
    except FileNotFoundError:
        return None
    except OSError as error:  # a loop of links, a folder we may not enter
        raise OSError(error.errno, error.strerror, str(shown)) from error
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(shown))
    if not stat.S_ISREG(status.st_mode):
        raise OSError(errno.EINVAL, "not a regular file (outputs are whole files put in place)", str(shown))
    return status


def _create_temp(target: Path, shown: Path) -> tuple[int, str]:
    """A new temp file beside ``target``, ``.NAME.XXXXXXXX.tmp``, created with the mode of a new file.

    Unlike :func:`tempfile.mkstemp` (always 0600), the mode is 0666 less the umask, as
    the kernel applies it on creation: reading the umask would mean setting it, which
    is not safe while other threads create files.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(name, flags, _NEW_FILE_MODE), name
        except FileExistsError:
            continue
        except OSError as error:
            raise OSError(error.errno, error.strerror, str(shown)) from error
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(shown))


def _take_over(handle: int, old: os.stat_result) -> None:
    """Give the temp file the old file's owner and group where allowed, then its permission bits.

    Owner first: changing it clears the set-user-ID and set-group-ID bits.
    """
    if hasattr(os, "fchown"):
        for uid, gid in ((old.st_uid, old.st_gid), (-1, old.st_gid)):
            with contextlib.suppress(OSError):  # not ours to give away, or no owners here
                os.fchown(handle, uid, gid)
                break
    os.fchmod(handle, stat.S_IMODE(old.st_mode))


def _remove_stale_temps(path: Path) -> None:
    """Delete the temp files of ``path`` that killed writes left behind (see ``_STARTED``)."""
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if temp.stat().st_mtime < _STARTED:
                temp.unlink()
        except OSError:  # removed meanwhile, or not ours to remove: leave it
            continue
