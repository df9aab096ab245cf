"""Reading JSON files (GeoJSON among them) into plain data, with the problem at its line.

Before parsing, one linear pass measures how deeply arrays and objects nest, outside
strings: Python's parser recurses once per level and fails at about a thousand levels
with a RecursionError. GeoJSON needs at most 6 or 7 (a MultiPolygon's coordinates
inside a feature inside a collection); anything deeper than :data:`MAX_JSON_DEPTH` is
refused at the line where the limit is passed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from mapgen.errors import DataError, Problem
from mapgen.read.text import MAX_FILE_BYTES, read_text

# Levels of arrays and objects, ten times what a GeoJSON MultiPolygon needs.
MAX_JSON_DEPTH = 64

# Each byte's change of depth: +1 opens, -1 closes, 0 anything else; and which bytes matter.
_STEP = np.zeros(256, dtype=np.int8)
_STEP[[ord("["), ord("{")]] = 1
_STEP[[ord("]"), ord("}")]] = -1
_MATTERS = _STEP != 0
_MATTERS[ord('"')] = True
_QUOTE = ord('"')
_BLOCK = 1 << 22  # bytes per vectorised step: bounded memory for a layer of 256 MB


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> int | None:
    """The line where arrays and objects first nest more than ``limit`` deep, or None.

    Brackets inside strings do not count. Linear and vectorised: about 4 ms per MB.

    >>> json_too_deep('{"a": [[1], "[[[[\\\\\\"[["]}', limit=3) is None
    True
    >>> json_too_deep('{"a":\\n [[[1]]]}', limit=3)
    2
    """
    raw = text.encode("utf-8")
    # Escapes taken out, keeping every offset: each '"' left opens or closes a string.
    raw = raw.replace(b"\\\\", b"__").replace(b'\\"', b"__")
    data = np.frombuffer(raw, dtype=np.uint8)
    depth, in_string = 0, 0
    for start in range(0, len(data), _BLOCK):
        block = data[start : start + _BLOCK]
        at = np.flatnonzero(_MATTERS.take(block))  # brackets and quotes only
        if not at.size:
            continue
        marks = block.take(at)
        inside = np.bitwise_xor.accumulate((marks == _QUOTE).view(np.uint8)) ^ in_string
        depths = np.cumsum(_STEP.take(marks) * (inside ^ 1).view(np.int8), dtype=np.int64) + depth
        if depths.max() > limit:
            offset = start + int(at[np.argmax(depths > limit)])
            return raw.count(b"\n", 0, offset) + 1
        depth, in_string = int(depths[-1]), int(inside[-1])
    return None


def read_json(
    path: Path, shown: str, problems: list[Problem], limit: int = MAX_FILE_BYTES
) -> tuple[Any, str]:
    """The parsed JSON and its text; (None, "") with the problem added when it cannot be read."""
    try:
        text = read_text(path, shown, limit)
        line = json_too_deep(text)
        if line is not None:
            problems.append(Problem(shown, line, "", f"JSON nested more than {MAX_JSON_DEPTH} levels deep"))
            return None, ""
        return json.loads(text), text
    except DataError as error:
        problems.extend(error.problems)
    except json.JSONDecodeError as exc:
        problems.append(Problem(shown, exc.lineno, "", f"not valid JSON: {exc.msg}"))
    except RecursionError:  # not reached after the scan; kept so no input is a bug
        problems.append(Problem(shown, 0, "", "JSON nested too deeply"))
    return None, ""
