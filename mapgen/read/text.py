"""Reading the text files a person edits: only regular files, size limit, UTF-8 (with or
without BOM), newlines.

A path may name anything: a FIFO that never delivers a byte, a device such as
``/dev/zero`` whose size says 0 and that never ends, a symbolic link that loops. Only a
regular file is read. It is opened without blocking and checked again on the open file
(so nothing swapped in after the first check is read), and at most ``limit + 1`` bytes are
read whatever its size claims.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mapgen.errors import DataError, Problem

# Far above any real article or data file; stops a stray 100 MB file from eating memory.
MAX_FILE_BYTES = 8 * 1024 * 1024

NOT_REGULAR = "is not a regular file (a FIFO or a device?)"
LOOPS = "is a symbolic link that loops"
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


def _absolute(path: Path) -> Path:
    """``path`` made absolute with its folders' links resolved, never raising.

    The last part is kept as it is named, so a link shows as the link the person made,
    and a link that loops (on which ``Path.resolve`` raises) can still be named.
    """
    try:
        if path.name in ("", ".", ".."):
            return path.resolve()
        return path.parent.resolve() / path.name
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as a person should see it: relative to ``root`` when inside it.

    >>> display_path(Path("/data/geo/cities.yaml"), Path("/data"))
    'geo/cities.yaml'
    """
    if root is not None:
        try:
            return _absolute(path).relative_to(_absolute(root)).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _problem(shown_as: str, message: str) -> DataError:
    return DataError([Problem(shown_as, 0, "", message)])


def _os_problem(shown_as: str, exc: OSError) -> DataError:
    if exc.errno == errno.ENOENT:
        return _problem(shown_as, "file not found")
    if exc.errno == errno.EISDIR:
        return _problem(shown_as, "is a directory, not a file")
    if exc.errno == errno.ELOOP:
        return _problem(shown_as, LOOPS)
    if exc.errno == errno.ENXIO:  # a socket, or a FIFO on some systems
        return _problem(shown_as, NOT_REGULAR)
    return _problem(shown_as, f"cannot read: {exc.strerror or exc}")


def _kind_problem(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return "is a directory, not a file" if stat.S_ISDIR(mode) else NOT_REGULAR


def read_bytes(path: Path, shown_as: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; DataError naming ``shown_as``
    when it is missing, not a regular file, a link that loops, or too big.
    """
    with open_regular(path, shown_as, limit) as file:
        try:
            return file.read()
        except OSError as exc:
            raise _os_problem(shown_as, exc) from None


@contextmanager
def open_regular(path: Path, shown_as: str, limit: int = MAX_FILE_BYTES) -> Iterator[io.RawIOBase]:
    """A regular file of at most ``limit`` bytes, open for reading (a file that grows past
    the limit while it is read ends there, and reading it further is a DataError); a
    DataError as :func:`read_bytes` says when it is not one.
    """
    try:
        # Checked before opening: opening a device may do something (a tape rewinds).
        why = _kind_problem(os.stat(path).st_mode)
        if why is not None:
            raise _problem(shown_as, why)
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _os_problem(shown_as, exc) from None
    with open(fd, "rb", buffering=0) as raw:
        try:
            status = os.fstat(fd)  # the file now open, whatever the path names by now
        except OSError as exc:
            raise _os_problem(shown_as, exc) from None
        why = _kind_problem(status.st_mode)
        if why is not None:
            raise _problem(shown_as, why)
        if status.st_size > limit:
            raise _problem(shown_as, f"file is {status.st_size:,} bytes; the limit is {limit:,}")
        yield _Bounded(raw, limit, shown_as)


class _Bounded(io.RawIOBase):
    """A file read up to a limit: a byte past it is a DataError (the file grew)."""

    def __init__(self, raw: io.FileIO, limit: int, shown_as: str) -> None:
        super().__init__()
        self.raw, self.limit, self.shown_as = raw, limit, shown_as

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def fileno(self) -> int:
        return self.raw.fileno()

    def readinto(self, buffer: Any) -> int:
        room = self.limit + 1 - self.raw.tell()
        view = memoryview(buffer)[: max(room, 0)]
        count = self.raw.readinto(view) or 0
        if count and self.raw.tell() > self.limit:
            raise _problem(self.shown_as, f"file is over {self.limit:,} bytes, the limit")
        return count


def read_text(path: Path, shown_as: str, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, dropping a BOM and normalising CRLF/CR to LF.

    Raises DataError naming ``shown_as`` when the file is missing, not a regular file,
    over ``limit`` bytes or not UTF-8.
    """
    raw = read_bytes(path, shown_as, limit)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [
                Problem(
                    shown_as, line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
                )
            ]
        ) from None
    if "\x00" in text:
        raise DataError(
            [
                Problem(
                    shown_as,
                    text[: text.index("\x00")].count("\n") + 1,
                    "",
                    "contains a NUL character; is it a binary file?",
                )
            ]
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")
