"""Reading the text files a person edits: size limit, UTF-8 (with or without BOM), newlines."""

from __future__ import annotations

from pathlib import Path

from mapgen.errors import DataError, Problem

# Far above any real article or data file; stops a stray 100 MB file from eating memory.
MAX_FILE_BYTES = 8 * 1024 * 1024


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as a person should see it: relative to ``root`` when inside it.

    >>> display_path(Path("/data/geo/cities.yaml"), Path("/data"))
    'geo/cities.yaml'
    """
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def read_text(path: Path, shown_as: str, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, dropping a BOM and normalising CRLF/CR to LF.

    Raises DataError naming ``shown_as`` when the file is missing, over ``limit`` bytes
    or not UTF-8.
    """
    try:
        size = path.stat().st_size
        if size > limit:
            raise DataError([Problem(shown_as, 0, "", f"file is {size:,} bytes; the limit is {limit:,}")])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(shown_as, 0, "", "file not found")]) from None
    except IsADirectoryError:
        raise DataError([Problem(shown_as, 0, "", "is a directory, not a file")]) from None
    except OSError as exc:
        raise DataError([Problem(shown_as, 0, "", f"cannot read: {exc.strerror}")]) from None
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
