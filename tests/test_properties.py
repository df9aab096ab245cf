"""Properties of the readers: whatever a file holds, the only failure is a DataError.

A person's typo, a binary file saved as .txt or half a YAML file must give
``path:line: message`` lines, never a traceback. Hypothesis feeds the text-file
reader, the YAML loader, the article parser and the CSV reader of site layers random bytes, random text, YAML-ish
text built from YAML's own tokens, and mutated copies of the real files. Runs are
derandomized, so a failure reproduces and CI is not flaky.

Numbers written by YAML read back equal, and what only YAML 1.1 takes for a number or a
boolean stays text. The depth scanners are exact on nested structures of random depth
and style, and count at least what libyaml nests in any text it reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import tempfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mapgen.coords import LonLat, in_china
from mapgen.errors import DataError, Problem
from mapgen.read.articles import parse_article, read_article
from mapgen.read.jsondoc import MAX_JSON_DEPTH, json_too_deep, read_json
from mapgen.read.text import read_text
from mapgen.read.yamldoc import MAX_YAML_DEPTH, parse_yaml, yaml_too_deep
from mapgen.validate.layers import read_layer

SHOWN = "data/file"
FAST = settings(
    max_examples=200, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

REAL_YAML = [path.read_text(encoding="utf-8") for path in sorted((REPO / "geo").glob("*.yaml"))]
REAL_ARTICLES = [path.read_text(encoding="utf-8") for path in sorted((REPO / "seeds").glob("*.txt"))]

# Pieces of YAML syntax, put together at random: indentation, flow and block collections,
# anchors and aliases, tags (Python objects among them), quotes, block scalars, documents,
# directives, merge keys, and values YAML resolves to numbers, dates, booleans and null.
YAML_TOKENS = [
    "key",
    "id",
    ":",
    ": ",
    " ",
    "  ",
    "\t",
    "\n",
    "\n  ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!!python/object/apply:os.system ",
    "!!python/name:os.system",
    "!include ",
    "!!str ",
    "!!int ",
    "!!binary ",
    "!!set ",
    "!!omap ",
    "<<: ",
    "? ",
    "'",
    '"',
    "\\",
    "\\x",
    "|",
    ">-",
    "#",
    "---",
    "...",
    "%YAML 1.1",
    "%TAG ! tag:x,2000:",
    "1",
    "-1",
    "0x1F",
    "0o17",
    "1e309",
    ".nan",
    "-.inf",
    "1_000",
    "2023-02-30",
    "2024-02-19T10:00:00Z",
    "~",
    "null",
    "yes",
    "No",
    "on",
    "松江",
    "\u2028",
    "\x85",
    "\ufeff",
    "\x00",
    "\x07",
]


def yaml_ish() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)


@st.composite
def mutated(draw: st.DrawFn, originals: list[str]) -> str:
    """A real file after a few careless edits: cuts, pastes, stray tokens, swapped lines."""
    text = draw(st.sampled_from(originals))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["cut", "insert", "token", "duplicate", "swap"]))
        if edit == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif edit == "insert":
            text = text[:at] + draw(st.text(max_size=20)) + text[at:]
        elif edit == "token":
            text = text[:at] + draw(st.sampled_from(YAML_TOKENS)) + text[at:]
        else:
            lines = text.split("\n")
            i, j = (draw(st.integers(0, len(lines) - 1)) for _ in range(2))
            if edit == "duplicate":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


def refuses_only_with_data_error(read: Callable[[], Any], shown: str = SHOWN) -> None:
    """``read()`` succeeds, or fails with problems that each name the file."""
    try:
        read()
    except DataError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path == shown and problem.line >= 0 and problem.message
            assert "\n" not in str(problem)  # one line per problem


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


# --- The text-file reader ----------------------------------------------------------


@pytest.mark.parametrize("reader", [read_text, read_article], ids=["text file", "article file"])
@FAST
@given(data=st.binary(max_size=300))
def test_any_bytes_are_read_or_refused(
    scratch: Path, reader: Callable[[Path, str], Any], data: bytes
) -> None:
    path = scratch / "file.txt"
    path.write_bytes(data)
    refuses_only_with_data_error(lambda: reader(path, SHOWN))


@FAST
@given(text=st.text(max_size=300))
def test_read_text_drops_the_bom_and_gives_lf_newlines(scratch: Path, text: str) -> None:
    path = scratch / "text.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        read = read_text(path, SHOWN)
    except DataError as error:
        assert {p.message.split(" ")[0] for p in error.problems} <= {"not", "contains"}
        return
    assert read == text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --- The YAML loader ---------------------------------------------------------------


@FAST
@given(text=st.text(max_size=300))
def test_any_text_parses_as_yaml_or_is_refused(text: str) -> None:
    refuses_only_with_data_error(lambda: parse_yaml(text, SHOWN))


@FAST
@given(text=yaml_ish())
def test_yaml_built_from_yaml_tokens_parses_or_is_refused(text: str) -> None:
    refuses_only_with_data_error(lambda: parse_yaml(text, SHOWN))


@settings(FAST, max_examples=100)
@given(text=mutated(REAL_YAML))
def test_mutated_data_files_parse_or_are_refused(text: str) -> None:
    refuses_only_with_data_error(lambda: parse_yaml(text, SHOWN))


PLAIN = (dict, list, str, int, float, bool, type(None))


@FAST
@given(text=yaml_ish())
def test_what_the_yaml_loader_returns_is_plain_data(text: str) -> None:
    try:
        data = parse_yaml(text, SHOWN).data
    except DataError:
        return
    stack = [data]
    while stack:
        value = stack.pop()
        assert isinstance(value, PLAIN), type(value)
        if isinstance(value, dict):
            assert all(isinstance(key, str) for key in value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


# --- The article parser ------------------------------------------------------------


@FAST
@given(text=st.text(max_size=300))
def test_any_text_parses_as_an_article_or_is_refused(text: str) -> None:
    refuses_only_with_data_error(lambda: parse_article(text, "a", SHOWN))


@FAST
@given(
    text=st.lists(
        st.sampled_from(
            [
                " date ",
                "date",
                "2024-02-19",
                "2023-02-30",
                "99999-01-01",
                " ",
                "\t",
                "\n",
                "\n\n",
                "Title",
                "松江",
                "\ufeff",
                "\u2028",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_header_like_text_parses_as_an_article_or_is_refused(text: str) -> None:
    refuses_only_with_data_error(lambda: parse_article(text, "a", SHOWN))


@settings(FAST, max_examples=100)
@given(text=mutated(REAL_ARTICLES))
def test_mutated_articles_parse_or_are_refused(text: str) -> None:
    refuses_only_with_data_error(lambda: parse_article(text, "a", SHOWN))


# Words of one line: no line breaks or control characters, no surrounding whitespace.
ONE_LINE = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)


@FAST
@given(
    date=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    title=ONE_LINE,
    paragraphs=st.lists(st.lists(ONE_LINE, min_size=1, max_size=3), min_size=1, max_size=5),
    gaps=st.lists(st.integers(1, 3), min_size=5, max_size=5),
)
def test_a_written_article_parses_back_to_its_date_title_and_paragraphs(
    date: dt.date, title: str, paragraphs: list[list[str]], gaps: list[int]
) -> None:
    lines = [f" date {date.isoformat()} {title}"]
    starts = []
    for paragraph, gap in zip(paragraphs, gaps, strict=False):
        lines += [""] * gap
        starts.append(len(lines) + 1)
        lines += paragraph
    article = parse_article("\n".join(lines) + "\n", "a", SHOWN)
    assert (article.date, article.title) == (date, title)
    assert [p.text for p in article.paragraphs] == [" ".join(p) for p in paragraphs]
    assert [p.line for p in article.paragraphs] == starts


# --- The CSV reader of site layers ---------------------------------------------------

CSV_TOKENS = [
    ",",
    ";",
    "\t",
    '"',
    '""',
    "\n",
    "\r\n",
    "\r",
    " ",
    "31.03",
    "121.22",
    "-1",
    "95",
    "1e309",
    "nan",
    "inf",
    "abc",
    "松江",
    "\ufeff",
    "\x00",
    "=cmd()",
    "lat",
    "lon",
]


def read_csv_layer(scratch: Path, data: bytes) -> Any:
    path = scratch / "layer.csv"
    path.write_bytes(data)
    layer = read_layer(path, scratch)
    for problem in layer.skipped:  # skipped rows are reported like problems
        assert problem.path == "layer.csv" and problem.line >= 1 and "\n" not in str(problem)
    assert all(math.isfinite(v) for v in (*layer.lat, *layer.lon))
    assert all(in_china(LonLat(lon, lat)) for lat, lon in zip(layer.lat, layer.lon, strict=True))
    return layer


@FAST
@given(data=st.binary(max_size=300))
def test_any_bytes_are_a_layer_or_refused(scratch: Path, data: bytes) -> None:
    refuses_only_with_data_error(lambda: read_csv_layer(scratch, data), "layer.csv")


@FAST
@given(
    body=st.lists(st.sampled_from(CSV_TOKENS), max_size=80).map("".join),
    header=st.sampled_from(["name,lat,lon\n", "纬度;经度;名称\n", "lat\tlng\n", "x,y\n", ""]),
)
def test_csv_built_from_csv_tokens_is_a_layer_or_refused(scratch: Path, header: str, body: str) -> None:
    data = (header + body).encode("utf-8", "surrogatepass")
    refuses_only_with_data_error(lambda: read_csv_layer(scratch, data), "layer.csv")


CELL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=12).map(
    str.strip
)


@FAST
@given(rows=st.lists(st.tuples(CELL, st.floats(29, 32), st.floats(117, 122)), min_size=1, max_size=20))
def test_a_written_csv_reads_back_to_its_cells_and_points(
    scratch: Path, rows: list[tuple[str, float, float]]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "lat", "lon"])
    writer.writerows([(name, repr(lat), repr(lon)) for name, lat, lon in rows])
    layer = read_csv_layer(scratch, b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    assert layer.skipped == ()
    assert layer.column("name") == tuple(name for name, _, _ in rows)
    assert list(layer.lat) == [lat for _, lat, _ in rows]
    assert list(layer.lon) == [lon for _, _, lon in rows]


# --- YAML 1.2 scalars, and the depth scanners -----------------------------------------

BUDGET = settings(FAST, deadline=timedelta(seconds=2))  # each example, however deep, in time
DUMPER, LOADER = getattr(yaml, "CSafeDumper", yaml.SafeDumper), getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@BUDGET
@given(value=st.integers() | st.floats(allow_nan=True, allow_infinity=True))
def test_a_number_written_by_yaml_reads_back_equal(value: float) -> None:
    read = parse_yaml(yaml.safe_dump({"v": value}), SHOWN).data["v"]
    assert type(read) is type(value)
    assert read == value or (math.isnan(value) and math.isnan(read))


YAML_1_1_ONLY = st.one_of(
    st.from_regex(r"[1-9][0-9]?(:[0-5][0-9]){1,2}", fullmatch=True),  # base 60
    st.from_regex(r"[-+]?[1-9][0-9]*(_[0-9]+)+(\.[0-9]+)?", fullmatch=True),  # underscores
    st.from_regex(r"[-+]?[0-9]+\.[0-9]*_[0-9_]*", fullmatch=True),
    st.from_regex(r"0b[01]+(_[01]+)*", fullmatch=True),
    st.sampled_from(["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]),
)


@BUDGET
@given(text=YAML_1_1_ONLY)
def test_what_only_yaml_1_1_takes_for_a_number_or_a_boolean_stays_text(text: str) -> None:
    assert not isinstance(yaml.safe_load(f"v: {text}\n")["v"], str)  # YAML 1.1 did convert it
    assert parse_yaml(f"v: {text}\n", SHOWN).data == {"v": text}


# Scalars that look like YAML syntax: brackets, quotes, comments, indicators.
TRICKY = st.text(st.sampled_from("[]{}'\"#:,-?|>&*! \tab1松\n"), max_size=8)


def depth_of(value: Any) -> int:
    """Collections on the deepest path: 0 for a scalar, 1 for ``[]`` or ``{"a": 1}``."""
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    return 0


@st.composite
def nested(draw: st.DrawFn, max_depth: int = MAX_YAML_DEPTH + 12) -> tuple[Any, int]:
    """A structure of about a drawn depth, with siblings on the way, and its exact depth."""
    value: Any = draw(TRICKY | st.integers() | st.none())
    for level in range(draw(st.integers(0, max_depth))):
        siblings = draw(st.lists(TRICKY | st.builds(list) | st.builds(dict), max_size=2))  # new each
        if draw(st.booleans()):
            at = draw(st.integers(0, len(siblings)))
            value = [*siblings[:at], value, *siblings[at:]]
        else:
            keys = draw(st.lists(TRICKY, min_size=len(siblings), max_size=len(siblings)))
            value = {
                **{f"{key}{i}": item for i, (key, item) in enumerate(zip(keys, siblings, strict=True))},
                f"{draw(TRICKY)}!{level}": value,
            }
    return value, depth_of(value)


@BUDGET
@given(
    case=nested(),
    flow=st.sampled_from([None, True, False]),
    indent=st.integers(2, 5),
    width=st.sampled_from([12, 80, 10_000]),
)
def test_yaml_within_the_depth_limit_is_read_and_beyond_it_refused(
    case: tuple[Any, int], flow: bool | None, indent: int, width: int
) -> None:
    value, depth = case
    text = yaml.dump(
        value, Dumper=DUMPER, default_flow_style=flow, indent=indent, width=width, allow_unicode=True
    )
    assume(yaml.load(text, Loader=LOADER) == value)  # PyYAML's own round trip fails on a few keys
    if depth <= MAX_YAML_DEPTH:
        assert parse_yaml(text, SHOWN).data == value
    else:
        with pytest.raises(DataError, match=f"YAML nested more than {MAX_YAML_DEPTH} levels deep"):
            parse_yaml(text, SHOWN)
    if depth:  # exact at any limit, not only at MAX_YAML_DEPTH
        assert yaml_too_deep(text, depth) is None and yaml_too_deep(text, depth - 1) is not None


@BUDGET
@given(case=nested(), indent=st.sampled_from([None, 0, 2]), ascii_only=st.booleans())
def test_json_within_the_depth_limit_is_read_and_beyond_it_refused(
    scratch: Path, case: tuple[Any, int], indent: int | None, ascii_only: bool
) -> None:
    value, depth = case
    path = scratch / "nested.json"
    path.write_text(json.dumps(value, indent=indent, ensure_ascii=ascii_only), encoding="utf-8")
    problems: list[Problem] = []
    data, _ = read_json(path, SHOWN, problems)
    if depth <= MAX_JSON_DEPTH:
        assert problems == [] and data == value
    else:
        assert data is None
        assert [p.message for p in problems] == [f"JSON nested more than {MAX_JSON_DEPTH} levels deep"]
    text = path.read_text(encoding="utf-8")
    if depth:
        assert json_too_deep(text, depth) is None and json_too_deep(text, depth - 1) is not None


@FAST
@given(text=yaml_ish())
def test_the_depth_scan_counts_at_least_what_libyaml_nests(text: str) -> None:
    """Whatever libyaml reads, the scan never counts less: a file it passes cannot crash it."""
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return
    depth = node_depth(node)
    assert depth == 0 or yaml_too_deep(text, depth - 1) is not None


def node_depth(node: Any) -> int:
    if isinstance(node, yaml.MappingNode):
        return 1 + max((max(node_depth(k), node_depth(v)) for k, v in node.value), default=0)
    if isinstance(node, yaml.SequenceNode):
        return 1 + max((node_depth(item) for item in node.value), default=0)
    return 0
