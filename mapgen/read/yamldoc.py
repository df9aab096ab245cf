"""Safe YAML reading that remembers the line of every value.

Only plain data is accepted: mappings, sequences, strings, numbers, booleans and
null. Tags that would build Python objects and aliases (the "billion laughs"
bomb) are refused. Dates stay strings so the schema, not YAML, judges them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from mapgen.errors import DataError, Problem

Path_ = tuple[str | int, ...]

# PyYAML's safe parser is pure Python: about 4 s and hundreds of MB per MB of YAML.
# The data files are about 15 kB; this keeps a stray big file under a second.
MAX_YAML_BYTES = 256 * 1024

_PLAIN_SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",  # kept as text
}


@dataclass(frozen=True)
class YamlDocument:
    """Plain data from a YAML file plus the line (1-based) of every value by its path."""

    shown_as: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """Line of the value at ``path``, or of its nearest enclosing value."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 0


def format_path(path: Path_) -> str:
    """``('cities', 2, 'lat')`` -> ``'cities[2].lat'``.

    >>> format_path(("cities", 2, "lat"))
    'cities[2].lat'
    """
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class _Converter:
    def __init__(self, shown_as: str) -> None:
        self.shown_as = shown_as
        self.lines: dict[Path_, int] = {}
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, message: str) -> DataError:
        return DataError([Problem(self.shown_as, node.start_mark.line + 1, "", message)])

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        # compose() turns an alias into a second reference to the same node.
        if id(node) in self.seen:
            raise self.fail(node, "YAML aliases (*name) are not allowed in data files")
        self.seen.add(id(node))
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed")
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(key_node, "YAML merge keys (<<) are not allowed")
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "mapping keys must be plain text")
                key = str(key_node.value)
                if key in result:
                    raise self.fail(key_node, f"key {key!r} appears twice in this mapping")
                result[key] = self.convert(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed")
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        if node.tag not in _PLAIN_SCALARS:
            raise self.fail(node, f"YAML tag {node.tag!r} is not allowed")
        if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return str(node.value)
        try:
            return self.constructor.construct_object(node)
        except (ValueError, IndexError, KeyError):  # an explicit tag on a wrong value: !!int key
            kind = node.tag.rsplit(":", 1)[-1]
            raise self.fail(node, f"{node.value!r} is not a valid YAML {kind}") from None


def _compose_with(loader_class: Any, text: str) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document.

    libyaml (C) composes valid files about ten times faster; any file it refuses is
    composed again by the pure-Python parser, whose error messages the tests hold.
    """
    fast_loader = getattr(yaml, "CSafeLoader", None)
    if fast_loader is not None:
        try:
            return _compose_with(fast_loader, text)
        except (yaml.YAMLError, RecursionError):
            pass
    return _compose_with(yaml.SafeLoader, text)


def parse_yaml(text: str, shown_as: str) -> YamlDocument:
    """Parse YAML text into plain data with line numbers.

    >>> doc = parse_yaml("cities:\\n  - id: x\\n    lat: 31.2\\n", "c.yaml")
    >>> doc.data, doc.line_of(("cities", 0, "lat"))
    ({'cities': [{'id': 'x', 'lat': 31.2}]}, 3)
    """
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise DataError([Problem(shown_as, line, "", f"YAML syntax: {exc.problem or exc}")]) from None
    except yaml.reader.ReaderError as exc:  # a control character: PyYAML gives its offset, no mark
        line = text[: exc.position].count("\n") + 1
        raise DataError(
            [Problem(shown_as, line, "", f"YAML syntax: {exc.reason} (U+{exc.character:04X})")]
        ) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())  # one line, whatever PyYAML wrote
        raise DataError([Problem(shown_as, 0, "", f"YAML syntax: {message}")]) from None
    except RecursionError:
        raise DataError([Problem(shown_as, 0, "", "YAML nested too deeply")]) from None
    if root is None:
        return YamlDocument(shown_as, None, {})
    converter = _Converter(shown_as)
    try:
        data = converter.convert(root, ())
    except RecursionError:
        raise DataError([Problem(shown_as, 0, "", "YAML nested too deeply")]) from None
    return YamlDocument(shown_as, data, converter.lines)
