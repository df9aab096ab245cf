"""--lang across the outputs: the PNG photographs the page in the language asked, and the
Python API takes ``lang`` wherever the command takes ``--lang``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from mapgen import ExportOptions, MapOptions, check, export_file
from mapgen.export import export_bytes

SMALL = ("--width", "480", "--height", "300", "--basemap", "none")


def export_png(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mapgen",
            "export",
            "png",
            "--root",
            str(REPO),
            "--out",
            str(out),
            *SMALL,
            *args,
        ],
        text=True,
        capture_output=True,
        timeout=120,
    )


@pytest.mark.browser
def test_the_png_in_chinese_differs_from_the_png_in_english(tmp_path: Path) -> None:
    pictures = {}
    for name, args in (("en", ["--lang", "en"]), ("again", []), ("zh", ["--lang", "zh"])):
        result = export_png(tmp_path / f"{name}.png", *args)
        assert result.returncode == 0, result.stderr
        pictures[name] = (tmp_path / f"{name}.png").read_bytes()
    # The same page twice gives the same picture, so the difference is the language's.
    assert pictures["en"] == pictures["again"]
    assert pictures["zh"] != pictures["en"]


def test_the_options_of_an_export_carry_its_language() -> None:
    zh = ExportOptions(map=MapOptions(basemap="none")).with_lang("zh")
    assert (zh.map.lang, zh.map.basemap, zh.bilingual, zh.print_lang) == ("zh", "none", False, "zh")
    both = zh.with_lang("both")
    assert (both.map.lang, both.bilingual, both.print_lang) == ("en", True, "both")
    assert both.with_lang("zh") == zh
    with pytest.raises(ValueError, match="'fr' is not one of en, zh, both"):
        ExportOptions().with_lang("fr")  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["png", "geojson"])
def test_both_languages_at_once_are_for_the_print_map_only(tmp_path: Path, fmt: str) -> None:
    message = f"lang 'both' is for the print map \\(svg, pdf\\); a {fmt} is made in one language, en or zh"
    with pytest.raises(ValueError, match=message):
        export_file(REPO, fmt, tmp_path / f"map.{fmt}", lang="both")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=message):
        export_bytes(fmt, check(REPO), ExportOptions(bilingual=True))  # type: ignore[arg-type]
    assert not (tmp_path / f"map.{fmt}").exists()
