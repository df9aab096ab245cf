"""Records from YAML: each item validated by its pydantic model, each problem at its line.

Validation is strict about scalars: the YAML reader has already decided, by the YAML 1.2
core schema, which plain scalars are numbers and booleans, so a string where the model
wants a number (``lat: 31:12:00``, ``lat: 3_1.2``) or a boolean (``show: yes``) is refused,
not converted the way Python's ``float()`` and pydantic's lax mode would. YAML sequences
are handed over as tuples, which is what the records hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from mapgen.errors import DataError, Problem
from mapgen.model import Origin, Record
from mapgen.read.text import read_text
from mapgen.read.yamldoc import MAX_YAML_BYTES, Path_, YamlDocument, format_path, parse_yaml

R = TypeVar("R", bound=Record)


def _pydantic_problems(error: ValidationError, doc: YamlDocument, at: Path_) -> Iterator[Problem]:
    for detail in error.errors(include_url=False):
        loc = (*at, *(part for part in detail["loc"] if isinstance(part, str | int)))
        message = str(detail["msg"]).removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = "unknown field (a typo?)"
        yield Problem(doc.shown_as, doc.line_of(loc), format_path(loc), message)


def _tuples(value: Any) -> Any:
    """YAML data with every sequence as a tuple (strict validation takes no list for a tuple).

    >>> _tuples({"a": [1, {"b": [2]}]})
    {'a': (1, {'b': (2,)})}
    """
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    if isinstance(value, dict):
        return {key: _tuples(item) for key, item in value.items()}
    return value


def validate_record(
    model: type[R], item: Any, doc: YamlDocument, at: Path_, problems: list[Problem]
) -> R | None:
    """Validate one YAML item as ``model``; on failure add its problems and return None."""
    try:
        record = model.model_validate(_tuples(item), strict=True)
    except ValidationError as error:
        problems.extend(_pydantic_problems(error, doc, at))
        return None
    record._origin = Origin(doc, at)
    return record


def validate_list(
    model: type[R], doc: YamlDocument | None, key: str, problems: list[Problem], required: bool = True
) -> list[R]:
    """Validate every item of the top-level list ``key`` (nothing if the file was unreadable)."""
    if doc is None:
        return []
    data = doc.data
    if not isinstance(data, dict) or (key not in data and required):
        problems.append(
            Problem(doc.shown_as, doc.line_of(()), key, f"the file needs a top-level '{key}:' list")
        )
        return []
    items = data.get(key, [])
    if not isinstance(items, list):
        problems.append(Problem(doc.shown_as, doc.line_of((key,)), key, "must be a list"))
        return []
    records = (validate_record(model, item, doc, (key, i), problems) for i, item in enumerate(items))
    return [r for r in records if r is not None]


def read_yaml(path: Path, shown: str, problems: list[Problem]) -> YamlDocument | None:
    """A YAML file as a document, or None with its problems added when it cannot be read."""
    try:
        return parse_yaml(read_text(path, shown, MAX_YAML_BYTES), shown)
    except DataError as error:
        problems.extend(error.problems)
        return None
