"""Reading JSON files (GeoJSON among them) into plain data, with the problem at its line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mapgen.errors import DataError, Problem
from mapgen.read.text import MAX_FILE_BYTES, read_text


def read_json(
    path: Path, shown: str, problems: list[Problem], limit: int = MAX_FILE_BYTES
) -> tuple[Any, str]:
    """The parsed JSON and its text; (None, "") with the problem added when it cannot be read."""
    try:
        text = read_text(path, shown, limit)
        return json.loads(text), text
    except DataError as error:
        problems.extend(error.problems)
    except json.JSONDecodeError as exc:
        problems.append(Problem(shown, exc.lineno, "", f"not valid JSON: {exc.msg}"))
    return None, ""
