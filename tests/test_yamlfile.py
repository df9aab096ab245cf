"""YAML is read as plain data with line numbers; anything that could run code is refused."""

from __future__ import annotations

import pytest

from mapgen.errors import DataError
from mapgen.read.yamldoc import parse_yaml


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
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "f.yaml"),
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
