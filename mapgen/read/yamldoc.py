"""Safe YAML reading that remembers the line of every value.

Only plain data is accepted: mappings, sequences, strings, numbers, booleans and
null. Tags that would build Python objects and aliases (the "billion laughs"
bomb) are refused.

Plain (unquoted) scalars are resolved by the YAML 1.2 core schema, not by YAML 1.1
as PyYAML does: null is ``null``, ``Null``, ``NULL``, ``~`` or nothing; booleans are
``true``/``false`` (also ``True``, ``TRUE``, ``False``, ``FALSE``); integers are decimal,
``0o`` octal or ``0x`` hexadecimal; floats are decimal with an optional exponent,
``.inf`` and ``.nan``. Everything else is a string, for the schema to judge: ``31:12:00``
(base 60 in YAML 1.1), ``3_1.2``, ``1_000``, ``0b101``, ``yes``, ``on``, and dates
(``2023-11``). An explicit tag (``!!int 12``) is constructed as PyYAML does.

Nesting is bounded before parsing: libyaml's C composer recurses once per level and
overflows the process's stack at tens of thousands of levels, which 100 kB of
``[[[[`` or ``- - - -`` reach. :func:`yaml_too_deep` measures the depth in one linear
pass, and more than :data:`MAX_YAML_DEPTH` levels is refused at the line that passes it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from mapgen.errors import DataError, Problem

Path_ = tuple[str | int, ...]

# PyYAML's safe parser is pure Python: about 4 s and hundreds of MB per MB of YAML.
# The data files are about 15 kB; this keeps a stray big file under a second.
MAX_YAML_BYTES = 256 * 1024

# Levels of mappings and sequences. The data files need fewer than 10; libyaml's C
# composer overflows the stack somewhere beyond 5,000.
MAX_YAML_DEPTH = 64

_PLAIN_SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",  # kept as text
}
# The tag the loaders give a plain scalar without an explicit tag; resolved here by YAML 1.2.
_UNRESOLVED = "tag:mapgen,2024:plain"

# --- YAML 1.2 core schema ----------------------------------------------------------------

_NULL = frozenset({"null", "Null", "NULL", "~", ""})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INFINITY = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = frozenset({".nan", ".NaN", ".NAN"})


def resolve_plain(text: str) -> Any:
    """A plain scalar's value by the YAML 1.2 core schema.

    >>> [resolve_plain(t) for t in ("~", "TRUE", "-12", "0o17", "0x1F", "1e3", ".5", "-.inf")]
    [None, True, -12, 15, 31, 1000.0, 0.5, -inf]
    >>> [resolve_plain(t) for t in ("31:12:00", "3_1.2", "1_000", "0b101", "yes", "2023-11")]
    ['31:12:00', '3_1.2', '1_000', '0b101', 'yes', '2023-11']
    """
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    try:
        if _INT.fullmatch(text):
            return int(text)
        if _OCTAL.fullmatch(text):
            return int(text[2:], 8)
        if _HEX.fullmatch(text):
            return int(text[2:], 16)
    except ValueError:  # more digits than Python converts (4,300): text, for the schema to refuse
        return text
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INFINITY.fullmatch(text):
        return -math.inf if text.startswith("-") else math.inf
    if text in _NAN:
        return math.nan
    return text


class _Core12:
    """Mixed into a loader: a plain scalar without a tag keeps :data:`_UNRESOLVED`, so
    :func:`resolve_plain` decides, not YAML 1.1's implicit resolvers."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            return _UNRESOLVED
        return super().resolve(kind, value, implicit)  # type: ignore[misc]


class _SafeLoader(_Core12, yaml.SafeLoader):
    pass


_CSafeLoader: Any = None
if getattr(yaml, "CSafeLoader", None) is not None:

    class _CSafeLoader(_Core12, yaml.CSafeLoader):  # type: ignore[no-redef]
        pass


# --- Nesting depth, measured before parsing ------------------------------------------------

_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break
_BLANK = " \t"
_PLAIN_END = re.compile(r":(?=[ \t]|$)|[ \t]#")  # a key's colon, or a comment
_PROPERTY = re.compile(r"[&!][^ \t]*[ \t]*")  # an anchor or a tag before a node
_FLOW_MARK = re.compile(r"[\[\]{}'\"#,:?]")
_QUOTE_END = {
    "'": re.compile(r"[^']*(?:''[^']*)*'(?!')"),
    '"': re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"'),
}


class _TooDeep(Exception):
    pass


_FLOW_MAPPING, _FLOW_SEQUENCE, _FLOW_PAIR = 0, 1, 2  # a sequence holding a one-pair mapping


class _DepthScan:
    """One pass over YAML text that bounds how deeply its collections nest.

    Block collections are tracked by their columns (a sequence may sit at its key's
    column; ``- - x`` opens one sequence per dash), flow collections by their brackets
    (``[a: b]`` holds a mapping); quoted scalars, block scalars, comments and the
    continuation lines of plain scalars are skipped. It counts what libyaml nests in
    valid YAML, and at least that in what libyaml reads before its first error.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.line = 0
        self.blocks: list[tuple[int, bool]] = []  # (column, is a sequence) of open block collections
        self.flows: list[int] = []  # open flow collections, innermost last
        self.flow_depth = 0  # their depth, one-pair mappings in sequences counted
        self.flow_base = 0  # block collections around the outermost flow collection
        self.flow_prev = ""  # the last character that mattered in flow context
        self.flow_json_key = False  # the last ':' followed a quoted or bracketed key
        self.node_col = 0  # column of the quoted or flow node being read in block context
        self.node_peak = 0  # depth inside that node, should it turn out to be a key
        self.quote = ""  # the quote of a quoted scalar that goes on to the next line
        self.block_scalar: int | None = None  # a block scalar's lines are indented more than this
        self.plain_open = False  # the last line ended in a plain scalar that may go on

    def check(self, depth: int) -> None:
        if depth > self.limit:
            raise _TooDeep

    def scan(self, text: str) -> int | None:
        """The 1-based line where nesting first passes the limit, or None."""
        try:
            # The stream's byte order mark is dropped; libyaml skips one at the start of
            # a later line as a column of indentation.
            for self.line, line in enumerate(_BREAKS.split(text.removeprefix("\ufeff")), start=1):
                if line[:1] == "\ufeff":
                    content = line.lstrip("\ufeff")
                    line = " " * (len(line) - len(content)) + content
                self.scan_line(line)
        except _TooDeep:
            return self.line
        return None

    def open_block(self, column: int, sequence: bool) -> None:
        blocks = self.blocks
        while blocks and blocks[-1][0] > column:
            blocks.pop()
        if blocks and blocks[-1][0] == column:
            if blocks[-1][1] == sequence:
                return  # the same collection goes on
            if blocks[-1][1]:  # a key after the sequence that sat at its key's column
                blocks.pop()
                if blocks and blocks[-1][0] == column:
                    return
        blocks.append((column, sequence))
        self.check(len(blocks))

    def scan_line(self, line: str) -> None:
        if self.quote:
            pos = self.close_quote(line, 0)
            if pos >= 0 and self.flows:
                self.scan_flow(line, pos)
            elif pos >= 0:
                self.scan_after(line, pos)
            return
        if self.flows:
            self.scan_flow(line, 0)
            return
        content = line.lstrip(" ")
        indent = len(line) - len(content)
        blank = not content.strip()
        if self.block_scalar is not None:
            if blank or (indent > self.block_scalar and not _document_marker(line)):
                return
            self.block_scalar = None
        if blank or content[0] == "#":
            return
        if indent == 0 and _document_marker(line):
            self.blocks.clear()
            self.plain_open = False
            self.scan_node(line, 3)
            return
        if self.plain_open and indent > (self.blocks[-1][0] if self.blocks else -1):
            return  # more words of the plain scalar on the line before
        self.plain_open = False
        if indent == 0 and line[0] == "%" and not self.blocks:
            return  # a directive
        while self.blocks and self.blocks[-1][0] > indent:
            self.blocks.pop()
        self.scan_node(line, indent)

    def close_quote(self, line: str, pos: int) -> int:
        """Where the open quoted scalar ends on this line (after its quote), or -1."""
        match = _QUOTE_END[self.quote].match(line, pos)
        if match is None:
            return -1
        self.quote = ""
        return match.end()

    def scan_node(self, line: str, pos: int) -> None:
        """Block context, where a node may start at ``pos``."""
        end = len(line)
        node_col = -1  # where the node starts, its anchor or tag included
        while True:
            while pos < end and line[pos] in _BLANK:
                pos += 1
            if pos >= end:
                return
            char = line[pos]
            node_col = pos if node_col < 0 else node_col
            if char in "-?:" and line[pos + 1 : pos + 2] in ("", " ", "\t"):
                self.open_block(node_col, char == "-")
                pos, node_col = pos + 1, -1
            elif char in "&!":
                pos = _PROPERTY.match(line, pos).end()  # type: ignore[union-attr]
            elif char in "[{":
                self.flow_base, self.flow_depth, self.node_peak, self.node_col = (
                    len(self.blocks),
                    0,
                    0,
                    node_col,
                )
                self.scan_flow(line, pos)
                return
            elif char in "'\"":
                self.quote, self.node_peak, self.node_col = char, 0, node_col
                after = self.close_quote(line, pos + 1)
                if after >= 0:
                    self.scan_after(line, after)
                return
            elif char in "|>":
                self.block_scalar = self.blocks[-1][0] if self.blocks else -1
                return
            elif char == "#":
                return
            else:
                found = _PLAIN_END.search(line, pos)
                if found is None or found.group() != ":":
                    self.plain_open = char != "*"  # an alias is one word
                    return
                self.open_block(node_col, False)  # the scalar was a key
                pos, node_col = found.end(), -1

    def scan_after(self, line: str, pos: int) -> None:
        """Block context, after a quoted or flow node: a key's colon, or nothing."""
        end = len(line)
        while pos < end and line[pos] in _BLANK:
            pos += 1
        if pos < end and line[pos] == ":" and line[pos + 1 : pos + 2] in ("", " ", "\t"):
            self.open_block(self.node_col, False)
            self.check(self.node_peak + 1)  # [a, b]: c -- the key nests inside the mapping
            self.scan_node(line, pos + 1)

    def scan_flow(self, line: str, pos: int) -> None:
        """Flow context: brackets nest, and so does the one-pair mapping that ``key: value``
        makes inside a sequence; quotes start at a node; '#' after a blank is a comment."""
        blank_since = pos == 0
        flows = self.flows
        while True:
            found = _FLOW_MARK.search(line, pos)
            if found is None:
                return
            at, char = found.start(), found.group()
            between = line[pos:at]
            if between.strip(_BLANK):
                self.flow_prev = between.rstrip(_BLANK)[-1]
                blank_since = between[-1] in _BLANK
            elif between:
                blank_since = True
            prev = self.flow_prev
            pos = at + 1
            if char in "[{":
                flows.append(_FLOW_SEQUENCE if char == "[" else _FLOW_MAPPING)
                self.deeper(1)
            elif char in "]}":
                self.flow_depth -= 1 + (flows.pop() == _FLOW_PAIR)
                if not flows:
                    self.scan_after(line, pos)
                    return
            elif char in "'\"":
                if prev in "[{," or (prev in "?:" and (blank_since or (prev == ":" and self.flow_json_key))):
                    self.quote = char
                    pos = self.close_quote(line, pos)
                    if pos < 0:
                        return
            elif char == "#":
                if at == 0 or line[at - 1] in _BLANK:
                    return
            elif char == ",":
                if flows[-1] == _FLOW_PAIR:
                    flows[-1] = _FLOW_SEQUENCE
                    self.flow_depth -= 1
            elif flows[-1] == _FLOW_SEQUENCE and (
                char == "?"
                or prev in "[{,?:'\"]}"
                or blank_since
                or line[pos : pos + 1] in ("", " ", "\t", ",", "[", "]", "{", "}")
            ):  # not a colon inside a plain scalar (http://x) but [a: b], a mapping in the sequence
                flows[-1] = _FLOW_PAIR
                self.deeper(1)
            if char == ":":
                self.flow_json_key = prev in "'\"]}"
            self.flow_prev = char
            blank_since = False

    def deeper(self, levels: int) -> None:
        self.flow_depth += levels
        depth = self.flow_base + self.flow_depth
        self.node_peak = max(self.node_peak, depth)
        self.check(depth)


def _document_marker(line: str) -> bool:
    return line[:3] in ("---", "...") and line[3:4] in ("", " ", "\t")


def yaml_too_deep(text: str, limit: int = MAX_YAML_DEPTH) -> int | None:
    """The line where mappings and sequences first nest more than ``limit`` deep, or None.

    >>> yaml_too_deep("a:\\n  b: [1, {c: [2]}]\\n", limit=5) is None
    True
    >>> yaml_too_deep("a:\\n  - - - x\\n", limit=3), yaml_too_deep("a: '[[[['\\nb: [[\\n [x]]]\\n", limit=3)
    (2, 3)
    """
    return _DepthScan(limit).scan(text)


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
                if key_node.tag == "tag:yaml.org,2002:merge" or (
                    key_node.tag == _UNRESOLVED and key_node.value == "<<"
                ):
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
        if node.tag == _UNRESOLVED:
            return resolve_plain(str(node.value))
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
    if _CSafeLoader is not None:
        try:
            return _compose_with(_CSafeLoader, text)
        except (yaml.YAMLError, RecursionError):
            pass
    return _compose_with(_SafeLoader, text)


def parse_yaml(text: str, shown_as: str) -> YamlDocument:
    """Parse YAML text into plain data with line numbers.

    >>> doc = parse_yaml("cities:\\n  - id: x\\n    lat: 31.2\\n", "c.yaml")
    >>> doc.data, doc.line_of(("cities", 0, "lat"))
    ({'cities': [{'id': 'x', 'lat': 31.2}]}, 3)
    """
    too_deep = yaml_too_deep(text)
    if too_deep is not None:
        raise DataError(
            [Problem(shown_as, too_deep, "", f"YAML nested more than {MAX_YAML_DEPTH} levels deep")]
        )
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
