"""A text table read column by column (pyarrow) gives exactly what reading it row by row
(the csv module) gives: the same points, the same texts, the same rows skipped with the
same messages at the same lines. Hypothesis writes the tables: blank lines, CRLF and lone
CR line ends, a BOM, cells with spaces of every kind, full-width digits, thousands
separators, numbers out of range or outside China, swapped coordinates, empty cells,
Chinese text, addresses without coordinates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mapgen.validate.layers as layers
from mapgen.errors import DataError
from mapgen.model import PointLayer
from mapgen.read.columns import TextColumn, csv_columns
from mapgen.validate.layers import read_layer

SPACES = [" ", "\t", "\u3000", "\xa0", "\u2003", "\x1f", ""]
COORDINATES = [
    "31.03",
    "121.22",
    "-0.5",
    "30",
    "３１．０３",
    "1,234.5",
    "200.1",
    "95.5",
    "nan",
    "inf",
    "",
    "abc",
    "31.0322449",
    "12.",
    ".5",
    "+31.2",
    "1e1",
    "0031.5",
]
TEXTS = ["", "松江", "Enterprise 1", "a;b", "x\ty", "«名»", "  padded  ", "\u3000全角\u3000", "😀"]
ADDRESSES = ["", "上海市松江区", "浙江省嘉兴市南湖区", "nowhere"]


# Mostly plain numbers (most rows of a register are right), sometimes anything.
coordinate_cells = st.one_of(
    st.sampled_from(["31.03", "121.22", "30.5", "120.1", "31.0322449"]),
    st.tuples(st.sampled_from(SPACES), st.sampled_from(COORDINATES), st.sampled_from(SPACES)).map("".join),
)


@st.composite
def tables(draw: st.DrawFn) -> str:
    """A CSV's text: a header, then rows (some blank, some of the wrong width)."""
    with_address = draw(st.booleans())
    header = ["name", "lat", "lon", *(["地址"] if with_address else []), "note"]
    lines = [",".join(header)]
    # Most tables are such as pyarrow reads; some have a row it refuses (then both ways
    # are the csv module's, which must still agree).
    kinds = ["row"] * 8 + ["blank", "commas"] + (["wide", "spaces"] if draw(st.booleans()) else [])
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.sampled_from(kinds))
        if kind in ("blank", "spaces"):
            lines.append("" if kind == "blank" else draw(st.sampled_from([" ", "\u3000"])))
            continue
        if kind == "commas":
            lines.append("," * (len(header) - 1))
            continue
        cells = [
            draw(st.sampled_from(TEXTS)),
            draw(st.sampled_from(SPACES))
            + draw(st.sampled_from(COORDINATES))
            + draw(st.sampled_from(SPACES)),
            draw(st.sampled_from(SPACES))
            + draw(st.sampled_from(COORDINATES))
            + draw(st.sampled_from(SPACES)),
            *([draw(st.sampled_from(ADDRESSES))] if with_address else []),
            draw(st.sampled_from(TEXTS)),
        ]
        if kind == "wide":
            cells.append("extra")
        lines.append(",".join(cells))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = end.join(lines) + draw(st.sampled_from(["", end]))
    return draw(st.sampled_from(["", "\ufeff"])) + text


def outcome(path: Path, root: Path) -> tuple[str, Any]:
    """What reading the layer gives: its points and texts, or its problems."""
    try:
        layer = read_layer(path, root)
    except DataError as error:
        return "error", [str(problem) for problem in error.problems]
    return "layer", summary(layer)


def summary(layer: PointLayer) -> dict[str, Any]:
    return {
        "lat": layer.lat.tolist(),
        "lon": layer.lon.tolist(),
        "columns": layer.columns,
        "values": [list(column) for column in layer.values],
        "skipped": [str(problem) for problem in layer.skipped],
        "placed_in": layer.placed_in,
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=tables())
def test_columns_and_rows_read_a_table_alike(
    tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "firms.csv"
    path.write_bytes(text.encode("utf-8"))
    by_columns = outcome(path, tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(layers, "csv_columns", lambda data: None)
        by_rows = outcome(path, tmp_path)
    assert by_columns == by_rows


def test_the_columnar_reader_takes_the_usual_table(tmp_path: Path) -> None:
    """The comparison above is worth something only if the fast reader is really used:
    plain UTF-8 with LF or CRLF, blank lines, a BOM."""
    for text in ("name,lat\n甲,31.0\n\n乙,30.5\n", "\ufeffname,lat\r\n甲,31.0\r\n\r\n乙,30.5"):
        read = csv_columns(text.encode("utf-8"))
        assert read is not None
        assert read.header == ["name", "lat"] and read.lines.tolist() == [2, 4]


def test_arrow_strips_what_python_strips() -> None:
    """Cells are stripped by pyarrow's utf8_trim_whitespace: the very characters of str.strip()."""
    from mapgen.read.columns import compute

    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    stripped = compute().utf8_trim_whitespace(TextColumn.of(chars).array).to_pylist()
    assert {c for c, s in zip(chars, stripped, strict=True) if not s} == {c for c in chars if c.isspace()}


def test_a_million_rows_stay_linear(tmp_path: Path) -> None:
    """A bad row among 200,000 is named by its line; the others are read at C speed."""
    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(29, 32, 200_000), rng.uniform(117, 122, 200_000)
    lines = [
        "name,lat,lon",
        *(f"n{i},{a:.5f},{o:.5f}" for i, (a, o) in enumerate(zip(lat, lon, strict=True))),
    ]
    lines[150_001] = "bad,x,121.0"
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    layer = read_layer(path, tmp_path)
    assert layer.count == 199_999
    assert [str(p) for p in layer.skipped] == ["big.csv:150002: lat: is not a number: 'x'; row skipped"]


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(
        st.sampled_from(["", "a", "ab", "abc", "松", "松江", "松汉", "😀", "x" * 40, "x" * 41])
        | st.text(max_size=50),
        max_size=200,
    )
)
def test_front_coding_shares_exactly_the_common_bytes(texts: list[str]) -> None:
    from mapgen.web.points import FRONT_RESTART, FRONT_WINDOW, front_coded

    encoded = [t.encode() for t in texts]
    lengths = np.array([len(b) for b in encoded], dtype=np.int64)
    prefix, rest = front_coded(lengths, np.frombuffer(b"".join(encoded), dtype=np.uint8))
    expected = []
    for i, b in enumerate(encoded):
        before = encoded[i - 1] if i else b""
        shared = 0
        while shared < min(len(b), len(before), FRONT_WINDOW) and b[shared] == before[shared]:
            shared += 1
        expected.append(0 if i % FRONT_RESTART == 0 else shared)
    assert prefix.tolist() == expected
    assert rest.tobytes() == b"".join(b[p:] for b, p in zip(encoded, expected, strict=True))
