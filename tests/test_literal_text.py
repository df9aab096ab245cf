"""Text from data reaches every output as written: the print map draws it, the terminal shows it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import Project

from mapgen.cli.common import visible
from mapgen.read.yamldoc import parse_yaml

SVG = "{http://www.w3.org/2000/svg}"
# What mathtext, TeX or a format string would read as code.
TRICKY = [
    "$2 billion of projects, $500 million in R&D",
    r"$\foo^$",
    r"a \n b",
    "{} {0} {name}",
    "100% and %s",
    r"$x_1$ and \$y\$",
    "$",
]
# What a terminal would act on, in an article sentence or a CSV cell or a file name.
CONTROL = "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x08\x7f\x85\x9b2J \u202egnp.exe\u202c \u2066iso\u2069"


def mapgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def first_article(project: Project) -> str:
    return sorted(p.relative_to(project.root).as_posix() for p in project.path("seeds").glob("*.txt"))[0]


def retitle(project: Project, title: str) -> str:
    """Give the first article a new title; its path."""
    path = first_article(project)
    lines = project.read(path).split("\n")
    lines[0] = " ".join(lines[0].split(" ")[:3]) + " " + title
    project.write(path, "\n".join(lines))
    return path


def yaml_string(text: str) -> str:
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=float("inf")).strip()


def svg_texts(path: Path) -> list[str]:
    return ["".join(t.itertext()) for t in ET.parse(path).getroot().iter(f"{SVG}text")]


@pytest.mark.parametrize("text", TRICKY)
def test_the_print_map_draws_titles_and_names_as_written(project: Project, text: str) -> None:
    retitle(project, f"Songjiang {text}")
    project.replace(
        "geo/sites.yaml", "name_en: Songjiang District\n", f"name_en: {yaml_string(f'Songjiang {text}')}\n"
    )
    project.replace(
        "geo/corridor.yaml",
        "  name_en: G60 Science and Technology Innovation Corridor\n",
        f"  name_en: {yaml_string(f'G60 {text}')}\n",
    )
    out = project.path("map.svg")
    result = mapgen("export", "svg", "--out", str(out), cwd=project.root)
    assert result.returncode == 0, result.stderr
    texts = svg_texts(out)
    assert any(t.startswith(f"• Songjiang {text} (") for t in texts), texts  # the sources
    assert any(t.endswith(f"  Songjiang {text} 松江区") for t in texts), texts  # the inset's key
    assert any(t.startswith(f"G60 {text}  ") for t in texts), texts  # the title
    result = mapgen("export", "pdf", "--out", str(project.path("map.pdf")), cwd=project.root)
    assert result.returncode == 0, result.stderr


def test_the_print_map_ignores_a_matplotlibrc_that_asks_for_tex(project: Project, tmp_path: Path) -> None:
    retitle(project, r"Songjiang lands $2 billion, 100% {new} \n")
    config = tmp_path / "mplconfig"
    config.mkdir()
    (config / "matplotlibrc").write_text("text.usetex: True\n", encoding="utf-8")
    out = project.path("map.svg")
    result = subprocess.run(
        [sys.executable, "-m", "mapgen", "export", "svg", "--out", str(out)],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MPLCONFIGDIR": str(config)},
    )
    assert result.returncode == 0, result.stderr
    assert any(t.startswith(r"• Songjiang lands $2 billion, 100% {new} \n (") for t in svg_texts(out))


def add_sentence(project: Project, sentence: str) -> str:
    """Add a paragraph with ``sentence`` to the first article; its path."""
    path = first_article(project)
    project.write(path, project.read(path).rstrip("\n") + f"\n\n{sentence}\n")
    return path


def assert_shown_not_sent(output: str) -> None:
    sent = re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", output)
    assert sent == [], f"control characters sent to the terminal: {sent}"


def test_unreviewed_sentences_show_control_characters(project: Project) -> None:
    add_sentence(project, f"Songjiang opened 4,321 labs {CONTROL} in March 2024.")
    result = mapgen("facts", "--unreviewed", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert_shown_not_sent(result.stdout + result.stderr)
    assert (
        # U+0085 is a line break: the sentence has a space there, as for any whitespace.
        r"4,321 labs \x1b[31mred\x1b[0m \x1b]0;title\x07 \x08\x7f \x9b2J \u202egnp.exe\u202c \u2066iso\u2069"
        r" in March 2024." in result.stdout
    )


def test_yaml_stubs_show_control_characters_and_load_back_as_written(project: Project) -> None:
    sentence = f"Songjiang opened 4,321 labs {CONTROL} in March 2024."
    add_sentence(project, sentence)
    result = mapgen("facts", "--unreviewed", "--format", "yaml", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert_shown_not_sent(result.stdout)
    stubs = yaml.safe_load("facts:\n" + result.stdout)["facts"]
    sentence = sentence.replace("\x85", " ")  # a line break: whitespace in a sentence
    assert sentence in [stub["quote"] for stub in stubs]
    assert sentence in [
        s["quote"] for s in parse_yaml("facts:\n" + result.stdout, "stubs.yaml").data["facts"]
    ]


def test_problems_quoting_data_show_control_characters(project: Project) -> None:
    name = "bad\x1b[2J\rname\u202e.csv"
    project.write(name, f"name,lat,lon\nok,31.03,121.22\nx{CONTROL},{CONTROL},121.2\n")
    for command in (["validate"], ["build", "--out", "map.html"]):
        result = mapgen(*command, "--layer", name, cwd=project.root)
        assert result.returncode == 0, result.stderr
        assert_shown_not_sent(result.stdout + result.stderr)
        assert r"bad\x1b[2J\x0dname\u202e.csv:3: lat: " in result.stderr
    broken = project.path("seeds/zz\x1b]0;owned\x07.txt")
    broken.write_text("no header\n", encoding="utf-8")
    result = mapgen("validate", cwd=project.root)
    assert result.returncode == 2
    assert_shown_not_sent(result.stdout + result.stderr)
    assert r"seeds/zz\x1b]0;owned\x07.txt:1: " in result.stderr


@pytest.mark.parametrize(
    "code",
    [
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ],
)
def test_visible_writes_out_each_control_character(code: int) -> None:
    written = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    assert visible(f"a{chr(code)}b") == f"a{written}b"


def test_visible_keeps_text_tabs_and_newlines() -> None:
    text = "杭州 Hangzhou\tcafé €5 — “quoted” \\x1b\nnext line \u200b\U0001f600"
    assert visible(text) == text
