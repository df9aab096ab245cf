"""The print map and the PNG as of a date (``mapgen export svg|pdf|png --asof DATE``): a city
that joined later drawn grey and hollow, as not yet a member, with its legend entry, and
the date in the subtitle; without a date, the same bytes as ever."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import REPO, Project

from mapgen import ExportOptions, check, export_file
from mapgen.export import png
from mapgen.export.options import PrintLang
from mapgen.present.style import NOT_YET_CITY

SVG = "{http://www.w3.org/2000/svg}"
ARTICLE = "001_5c34163c4dee47d7"  # seeds/: the China Daily article of 7 November 2022
JOINED = f"""    joined: "2019-06"
    joined_source:
      article: {ARTICLE}
      quote: "It began in Songjiang and initially connected just Jiaxing and Hangzhou."
"""
GREY = NOT_YET_CITY.colour.lower()
NOT_YET = {"en": "Not yet a member (joined later)", "zh": "尚未加入（其后加入）"}


def joined_project(root: Path) -> Project:
    """The project with Jinhua joining in June 2019, in the words of an article in seeds/."""
    project = Project(root)
    assert "initially connected just Jiaxing and Hangzhou." in project.read(f"seeds/{ARTICLE}.txt")
    project.replace(
        "geo/cities.yaml",
        "    role_note: Southern end of the G60 Expressway axis.\n",
        "    role_note: Southern end of the G60 Expressway axis.\n" + JOINED,
    )
    return project


@pytest.fixture(scope="module")
def joined(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = joined_project(tmp_path_factory.mktemp("asof") / "project")
    jinhua = next(c for c in check(project.root).atlas.cities if c.id == "jinhua")
    assert jinhua.joined == "2019-06" and not jinhua.member_at("2019-05-31") and jinhua.member_at("2019-06")
    return project


def mapgen(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", *args], cwd=cwd, text=True, capture_output=True, timeout=120
    )


def texts_of(svg: Path) -> list[str]:
    return ["".join(t.itertext()) for t in ET.parse(svg).getroot().iter(f"{SVG}text")]


def subtitle_of(texts: list[str]) -> str:
    """The line under the title: the one that names the axes."""
    return next(t for t in texts if "G60 Expressway axis" in t or "G60沪昆高速轴" in t)


def grey_marks(svg: Path) -> int:
    """How many drawn shapes are outlined in the not-yet grey (the ring and its legend sample)."""
    return sum(
        1
        for element in ET.parse(svg).getroot().iter()
        if f"stroke: {GREY}" in (element.get("style") or "") or element.get("stroke", "").lower() == GREY
    )


def label_of(texts: list[str], name: str) -> str:
    return next(t for t in texts if t.startswith(name))


# --- the print map as of a date -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "asof", "said"),
    [
        ("en", "2019-05", "As of May 2019"),
        ("en", "2019", "As of 2019"),
        ("zh", "2019-05-31", "截至2019年5月31日"),
        ("zh", "2018", "截至2018年"),
    ],
)
def test_before_a_city_joined_it_is_drawn_not_yet_a_member(
    joined: Project, tmp_path: Path, lang: PrintLang, asof: str, said: str
) -> None:
    out = export_file(joined.root, "svg", tmp_path / "asof.svg", lang=lang, asof=asof)
    texts = texts_of(out)
    assert subtitle_of(texts).endswith(" · " + said)
    assert NOT_YET[lang] in texts  # the legend says what the grey ring is
    legend = [t for t in texts if t in {NOT_YET[lang], "Member city", "成员城市"}]
    assert legend == [("Member city" if lang == "en" else "成员城市"), NOT_YET[lang]]  # after the cities
    assert grey_marks(out) >= 2  # Jinhua's ring and the legend's sample
    today = export_file(joined.root, "svg", tmp_path / "today.svg", lang=lang)
    assert grey_marks(today) == 0 and NOT_YET[lang] not in texts_of(today)


def test_the_both_languages_edition_says_the_date_in_each(joined: Project, tmp_path: Path) -> None:
    texts = texts_of(export_file(joined.root, "svg", tmp_path / "both.svg", lang="both", asof="2019-05"))
    subtitle = subtitle_of(texts)
    assert " · As of May 2019 · " in subtitle and subtitle.endswith(" · 截至2019年5月")
    assert f"{NOT_YET['en']} {NOT_YET['zh']}" in texts


def test_from_the_day_it_joined_the_city_is_a_member(joined: Project, tmp_path: Path) -> None:
    for asof in ("2019-06", "2019-06-01", "2024"):
        out = export_file(joined.root, "svg", tmp_path / f"{asof}.svg", asof=asof)
        texts = texts_of(out)
        assert NOT_YET["en"] not in texts and grey_marks(out) == 0  # no entry for nothing drawn so
        assert subtitle_of(texts).startswith("Nine cities") and "As of" in subtitle_of(texts)
    assert subtitle_of(texts_of(tmp_path / "2019-06.svg")).endswith(" · As of June 2019")


def test_without_a_date_the_map_is_byte_identical(joined: Project, tmp_path: Path) -> None:
    # A joined date is not drawn unless a date is asked for: the same bytes as the seeds' map.
    for fmt in ("svg", "pdf"):
        seeds = export_file(REPO, fmt, tmp_path / f"seeds.{fmt}").read_bytes()
        dated = export_file(joined.root, fmt, tmp_path / f"joined.{fmt}").read_bytes()
        explicit = export_file(joined.root, fmt, tmp_path / f"none.{fmt}", asof=None).read_bytes()
        assert seeds == dated == explicit
    texts = texts_of(tmp_path / "seeds.svg")
    assert not any("As of" in t for t in texts) and grey_marks(tmp_path / "seeds.svg") == 0


def test_the_same_date_gives_the_same_bytes(joined: Project, tmp_path: Path) -> None:
    first = export_file(joined.root, "pdf", tmp_path / "one.pdf", asof="2019-05").read_bytes()
    second = export_file(joined.root, "pdf", tmp_path / "two.pdf", asof="2019-05").read_bytes()
    assert first == second
    text = pypdf.PdfReader(tmp_path / "one.pdf").pages[0].extract_text()
    assert "As of May 2019" in text and NOT_YET["en"] in text


def test_the_api_takes_asof_and_the_options_carry_it(joined: Project, tmp_path: Path) -> None:
    by_argument = export_file(joined.root, "svg", tmp_path / "a.svg", asof="2019-05").read_bytes()
    by_options = export_file(joined.root, "svg", tmp_path / "b.svg", ExportOptions(asof="2019-05"))
    assert by_options.read_bytes() == by_argument
    # The argument replaces the options' date, as lang replaces their language.
    replaced = export_file(joined.root, "svg", tmp_path / "c.svg", ExportOptions(asof="2024"), asof="2019-05")
    assert replaced.read_bytes() == by_argument


@pytest.mark.parametrize(
    ("asof", "message"),
    [
        ("2019-13", "asof: '2019-13': there is no month 13"),
        ("2019-02-30", "asof: '2019-02-30' is not a date that exists"),
        ("June 2019", "asof: 'June 2019' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("", "asof: '' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        (2019, "asof: 2019 is not a date as text"),
    ],
)
def test_the_api_refuses_a_date_that_is_not_one(tmp_path: Path, asof: Any, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        export_file(REPO, "svg", tmp_path / "bad.svg", asof=asof)
    with pytest.raises(ValueError, match="asof: "):
        ExportOptions(asof=asof)
    assert not (tmp_path / "bad.svg").exists()


def test_the_api_refuses_a_geojson_as_of_a_date(tmp_path: Path) -> None:
    with pytest.raises(
        ValueError, match=re.escape("asof is for the maps (svg, pdf, png); the geojson holds every date")
    ):
        export_file(REPO, "geojson", tmp_path / "x.geojson", asof="2019")
    assert not (tmp_path / "x.geojson").exists()


# --- the command line -------------------------------------------------------------------------


def test_the_svg_command_takes_asof(joined: Project, tmp_path: Path) -> None:
    out = tmp_path / "zh.svg"
    result = mapgen(
        "export", "svg", "--root", str(joined.root), "--lang", "zh", "--asof", "2019-05", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    expected = export_file(joined.root, "svg", tmp_path / "api.svg", lang="zh", asof="2019-05")
    assert out.read_bytes() == expected.read_bytes()
    assert "截至2019年5月" in subtitle_of(texts_of(out)) and NOT_YET["zh"] in texts_of(out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "svg", "--asof", "2019-6"], "--asof: '2019-6' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        (["export", "pdf", "--asof", "2019-13"], "--asof: '2019-13': there is no month 13"),
        (["export", "png", "--asof", "2019-02-29"], "--asof: '2019-02-29' is not a date that exists"),
        (["export", "svg", "--asof", "yesterday"], "--asof: 'yesterday' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        (
            ["export", "geojson", "--asof", "2019"],
            "--asof: the GeoJSON holds every date, each fact with its as_of; "
            "the map as of a date is for export svg, pdf and png",
        ),
    ],
)
def test_a_bad_asof_is_a_one_line_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out.file"
    result = mapgen(*args, "--out", str(out))
    assert result.returncode == 2
    assert result.stderr == message + "\n"
    assert result.stdout == "" and not out.exists()


@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
def test_help_teaches_asof_with_an_example(fmt: str) -> None:
    result = mapgen("export", fmt, "--help")
    assert result.returncode == 0
    assert "--asof" in result.stdout and f"mapgen export {fmt} --asof 20" in result.stdout


# --- the PNG: the page opened at #asof=DATE ---------------------------------------------------


def test_the_png_opens_the_page_at_its_date(monkeypatch: pytest.MonkeyPatch) -> None:
    assert png.page_address(Path("/tmp/map.html")) == "file:///tmp/map.html"
    assert png.page_address(Path("/tmp/map.html"), "2019-06") == "file:///tmp/map.html#asof=2019-06"
    with pytest.raises(ValueError, match="no month 13"):
        png.page_address(Path("/tmp/map.html"), "2019-13")
    asked: list[str | None] = []
    monkeypatch.setattr(png, "png_bytes", lambda page, snapshot=None, *, asof=None: asked.append(asof) or b"")
    checked = check(REPO)
    png.map_png(checked, asof="2021-04")
    png.map_png(checked)
    assert asked == ["2021-04", None]


@pytest.mark.browser
def test_the_png_as_of_a_date_before_a_city_joined_differs(joined: Project, tmp_path: Path) -> None:
    # In processes of their own: Playwright's sync API will not start inside another test's
    # running browser (tests/conftest.py's, shared by the session).
    def png(name: str, *more: str) -> bytes:
        out = tmp_path / name
        command = [
            sys.executable,
            "-m",
            "mapgen",
            "export",
            "png",
            "--root",
            str(joined.root),
            "--out",
            str(out),
        ]
        size = ["--width", "800", "--height", "600", "--basemap", "none"]
        done = subprocess.run([*command, *size, *more], capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        return out.read_bytes()

    today = png("today.png")
    before = png("before.png", "--asof", "2019-05")
    assert today.startswith(b"\x89PNG") and before.startswith(b"\x89PNG")
    assert today != before
