"""YAML is read as plain data with line numbers; anything that could run code is refused."""

from __future__ import annotations

import math
import time

import pytest
from conftest import REPO

from mapgen.errors import DataError
from mapgen.read.yamldoc import MAX_YAML_DEPTH, parse_yaml, yaml_too_deep


def test_every_value_knows_its_line() -> None:
    doc = parse_yaml("cities:\n  - id: a\n    lat: 31.2\n  - id: b\n    lat: 30\n", "c.yaml")
    assert doc.data == {"cities": [{"id": "a", "lat": 31.2}, {"id": "b", "lat": 30}]}
    assert doc.line_of(("cities", 1, "lat")) == 5
    assert doc.line_of(("cities", 1, "missing")) == 4  # falls back to the record


def test_dates_stay_text_for_the_schema_to_judge() -> None:
    assert parse_yaml("as_of: 2023-02-30\n", "f.yaml").data == {"as_of": "2023-02-30"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!python/object/apply:os.system ['echo hi']\n", "f.yaml:1: YAML tag"),
        ("a: &x [1, 2]\nb: *x\n", "YAML aliases (*name) are not allowed"),
        ("a: 1\na: 2\n", "f.yaml:2: key 'a' appears twice"),
        ("a: [1, 2\nb: 3\n", "f.yaml:2: YAML syntax"),
        ("base: &b {x: 1}\nc:\n  <<: *b\n", "not allowed"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "f.yaml:1: YAML nested more than 64 levels deep"),
    ],
)
def test_unsafe_or_broken_yaml_is_a_data_error(text: str, message: str) -> None:
    with pytest.raises(DataError) as caught:
        parse_yaml(text, "f.yaml")
    assert message in str(caught.value)


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    with pytest.raises(DataError, match="aliases"):
        parse_yaml(bomb, "bomb.yaml")


# --- YAML 1.2 core schema ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("", None),
        ("true", True),
        ("FALSE", False),
        ("12", 12),
        ("-12", -12),
        ("+7", 7),
        ("017", 17),  # YAML 1.1: octal 15
        ("0o17", 15),
        ("0x1F", 31),
        ("31.2", 31.2),
        ("1e3", 1000.0),  # YAML 1.1: a string
        (".5", 0.5),
        ("1.", 1.0),
        ("-.inf", -math.inf),
        (".Inf", math.inf),
        # YAML 1.1 reads each of these as a number or a boolean; YAML 1.2 as text
        ("31:12:00", "31:12:00"),
        ("3_1.2", "3_1.2"),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("yes", "yes"),
        ("No", "No"),
        ("on", "on"),
        ("OFF", "OFF"),
        ("0x_1F", "0x_1F"),
        ("+.5e", "+.5e"),
        ("2023-11", "2023-11"),
        ("2023-02-30", "2023-02-30"),
        ("1" * 5000, "1" * 5000),  # more digits than Python converts: text, for the schema
    ],
)
def test_plain_scalars_resolve_by_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    assert parse_yaml(f"v: {text}\n", "f.yaml").data == {"v": value}


def test_nan_is_a_float() -> None:
    assert math.isnan(parse_yaml("v: .NaN\n", "f.yaml").data["v"])


def test_quoted_scalars_and_keys_stay_text() -> None:
    data = parse_yaml("'1': \"12\"\n2: '0x1F'\ntrue: x\n", "f.yaml").data
    assert data == {"1": "12", "2": "0x1F", "true": "x"}


def test_explicit_tags_keep_what_pyyaml_builds() -> None:
    data = parse_yaml("a: !!int 31:12:00\nb: !!float '1_0.5'\nc: !!str 12\nd: !!bool yes\n", "f.yaml").data
    assert data == {"a": 112320, "b": 10.5, "c": "12", "d": True}


def test_merge_keys_are_still_refused() -> None:
    with pytest.raises(DataError, match=r"f.yaml:3: YAML merge keys"):
        parse_yaml("a: {x: 1}\nb:\n  <<: {x: 2}\n", "f.yaml")


# --- Nesting depth ------------------------------------------------------------------------


def nested(depth: int) -> str:
    return "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"


def test_yaml_at_the_depth_limit_is_read_and_beyond_it_refused_at_its_line() -> None:
    doc = parse_yaml(nested(MAX_YAML_DEPTH), "f.yaml")
    assert isinstance(doc.data["a"], list)
    with pytest.raises(DataError) as caught:
        parse_yaml("x: 1\n" + nested(MAX_YAML_DEPTH + 1), "f.yaml")
    assert str(caught.value) == f"f.yaml:2: YAML nested more than {MAX_YAML_DEPTH} levels deep"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", 1),
        ("a: " + "{b: " * 50_000 + "1" + "}" * 50_000 + "\n", 1),
        ("a:\n" + "- " * 50_000 + "x\n", 2),
        ("a:\n  " + "-\t" * 50_000 + "x\n", 2),
        ("- " + "? " * 50_000 + "x\n", 1),
        ("".join(" " * i + "k:\n" for i in range(100)), 65),
        ("".join(" " * i + "- \n" for i in range(100)), 65),
        ("a: " + "[\n" * 100, 64),  # unclosed: refused for the depth before the syntax
        ("a: [\n" + "[b: " * 100, 2),  # [b: c] is a sequence of a one-pair mapping
        ("---\nx\n--- " + "[" * 100, 3),
    ],
)
def test_deep_yaml_is_refused_at_the_line_that_passes_the_limit(text: str, line: int) -> None:
    assert yaml_too_deep(text) == line


@pytest.mark.parametrize(
    "text",
    [
        "a: '" + "[" * 100 + "'\n",  # inside quotes
        'a: "' + "[" * 100 + '\\"' + "{" * 100 + '"\n',  # an escaped quote does not end it
        "a: '[[[[\n" + "[" * 100 + "\n  ''[[[['\n",  # a quoted scalar over lines
        "a: text[" + "[" * 100 + "\n",  # in a plain scalar
        "a: text\n  - - - - " + "- " * 100 + "\n",  # the plain scalar's next line
        "a: x # " + "[" * 100 + "\n",  # a comment
        "# " + "- " * 100 + "\n",
        "a: |\n  " + "- " * 100 + "\n  " + "[" * 100 + "\nb: 1\n",  # a block scalar
        "a: >-\n" + "".join(" " * (i + 1) + "k:\n" for i in range(100)),
        "a: [x # " + "[" * 100 + "\n  ]\n",  # a comment inside a flow collection
        "a: [it's, " + "'[', " * 100 + "]\n",  # quotes inside plain scalars of flow
        "a: [http://x:1" + ", u:v" * 100 + "]\n",  # colons inside plain scalars of flow
        "- " * MAX_YAML_DEPTH + "x\n",
        "\ufeff" + "- " * MAX_YAML_DEPTH + "x\n",
    ],
)
def test_brackets_and_dashes_that_do_not_nest_are_not_counted(text: str) -> None:
    assert yaml_too_deep(text) is None


def test_the_depth_scan_of_the_data_files_is_quick() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "geo").glob("*.yaml"))]
    started = time.process_time()
    for _ in range(10):
        assert [yaml_too_deep(text) for text in texts] == [None] * len(texts)
    assert (time.process_time() - started) / 10 < 0.01


def test_the_depth_scan_is_linear_in_the_worst_text_of_its_size() -> None:
    flow = "x: [" + "[a, 'b', {c: d}, \"e\"], " * 12_000 + "]\n"
    block = "- a: 1\n  b: 'x'\n  c: [1, 2]\n" * 9_000
    started = time.process_time()
    assert yaml_too_deep(flow) is None and yaml_too_deep(block) is None
    assert time.process_time() - started < 0.5  # about 0.1 s for these 500 kB
