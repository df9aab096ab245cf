"""Faults: a full disk, a killed build and a bug in a stage never cost the last good map.

Whatever stops a build, output/g60_corridor.html is afterwards either the page it
was before or the complete new page, byte for byte, and no temporary file stays
behind for long: the next successful build removes those that killed builds left.
"""

from __future__ import annotations

import errno
import importlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Project
from typer.testing import CliRunner

from mapgen.cli import app

OUTPUT = "output/g60_corridor.html"
TEMP_NAME = re.compile(r"\.g60_corridor\.html\.\w+\.tmp")


def disk_full(*args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class FillingDisk:
    """A file that stores half of what it is given, then finds the disk full."""

    def __init__(self, file: Any) -> None:
        self.file = file

    def __enter__(self) -> FillingDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def write(self, data: bytes) -> int:
        self.file.write(data[: len(data) // 2])
        self.file.flush()
        disk_full()
        return 0

    def flush(self) -> None:
        self.file.flush()

    def fileno(self) -> int:
        return int(self.file.fileno())


def _fail_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: FillingDisk(real_fdopen(*a, **k)))


FULL_DISK_AT: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "write": _fail_write,
    "fsync": lambda monkeypatch: monkeypatch.setattr(os, "fsync", disk_full),
    "rename": lambda monkeypatch: monkeypatch.setattr(os, "replace", disk_full),
}


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def last_good(project: Project) -> Path:
    """The project with a map from an earlier build in output/ (any bytes do)."""
    out = project.path(OUTPUT)
    out.parent.mkdir()
    out.write_bytes(b"<!doctype html><title>last good map</title>\n")
    return out


@pytest.mark.parametrize("step", FULL_DISK_AT)
def test_a_full_disk_keeps_the_last_map_and_says_so_in_one_line(
    project: Project, last_good: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    before = last_good.read_bytes()
    FULL_DISK_AT[step](monkeypatch)
    result = CliRunner().invoke(app, ["build", "--root", str(project.root)])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.output == (
        f"mapgen: cannot write or read {last_good}: No space left on device. "
        "Any earlier output is unchanged.\n"
    )
    assert last_good.read_bytes() == before
    assert files_in(last_good.parent) == ["g60_corridor.html"]  # no temp file left


# Each stage as the pipeline and the API call it.
STAGES = ["pipeline.read_atlas", "pipeline.link", "pipeline.measure", "api.render_map", "api.write_atomic"]


def zero_division(*args: object, **kwargs: object) -> None:
    raise ZeroDivisionError("division by zero")


@pytest.mark.parametrize("stage", STAGES)
def test_a_bug_in_any_stage_exits_1_with_a_short_message_and_keeps_the_map(
    project: Project, last_good: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    before = last_good.read_bytes()
    module, name = stage.split(".")
    monkeypatch.setattr(importlib.import_module(f"mapgen.{module}"), name, zero_division)
    result = CliRunner().invoke(app, ["build", "--root", str(project.root)])
    assert result.exit_code == 1
    assert result.output == (
        "mapgen: internal error: ZeroDivisionError: division by zero\n"
        "This is a bug. Rerun with --debug to see the traceback.\n"
    )
    assert last_good.read_bytes() == before
    assert files_in(last_good.parent) == ["g60_corridor.html"]


def test_ctrl_c_while_writing_keeps_the_map(
    project: Project, last_good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = last_good.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = CliRunner().invoke(app, ["build", "--root", str(project.root)])
    monkeypatch.undo()
    assert result.exit_code == 130
    assert result.output == "interrupted; nothing was written.\n"
    assert last_good.read_bytes() == before
    assert files_in(last_good.parent) == ["g60_corridor.html"]


# A real process with a broken geometry stage, to see what a person sees on the terminal.
BROKEN_BUILD = """
import sys
import mapgen.pipeline
def broken(*args, **kwargs):
    return 1 / 0
mapgen.pipeline.measure = broken
from mapgen.cli import main
sys.argv = ["mapgen", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "--debug"])
def test_debug_shows_the_traceback_of_an_internal_error(project: Project, debug: bool) -> None:
    args = ["--debug"] if debug else []
    result = subprocess.run(
        [sys.executable, "-c", BROKEN_BUILD, *args, "build", "--root", str(project.root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    if debug:
        assert result.stderr.startswith("Traceback (most recent call last):")
        assert "in broken" in result.stderr
        assert result.stderr.splitlines()[-1] == "ZeroDivisionError: division by zero"
    else:
        assert result.stderr == (
            "mapgen: internal error: ZeroDivisionError: division by zero\n"
            "This is a bug. Rerun with --debug to see the traceback.\n"
        )


def build(root: Path) -> float:
    """Build in a fresh process; the seconds it took."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mapgen", "build", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return time.perf_counter() - started


def test_a_killed_build_leaves_the_old_map_or_the_new_one_and_the_next_build_cleans_up(
    project: Project,
) -> None:
    out = project.path(OUTPUT)
    build(project.root)
    old = out.read_bytes()
    project.replace("geo/sites.yaml", "Town in north-eastern Songjiang", "Town in north-east Songjiang")
    seconds = build(project.root)
    new = out.read_bytes()
    assert new != old
    # Kills spread from before Python has started to after the page is written.
    delays = [seconds * step / 8 for step in range(10)]
    outcomes = []
    for delay in delays:
        out.write_bytes(old)
        process = subprocess.Popen(
            [sys.executable, "-m", "mapgen", "build", "--root", str(project.root)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        page = out.read_bytes()
        assert page in (old, new), f"killed after {delay:.2f} s: a page that is neither"
        outcomes.append("new" if page == new else "old")
        left = set(files_in(out.parent)) - {"g60_corridor.html"}
        assert all(TEMP_NAME.fullmatch(name) for name in left), left
    assert outcomes[0] == "old"  # killed at once: nothing written
    # A temp file a write killed long ago left behind; the next build must not trip on it.
    stale = out.parent / ".g60_corridor.html.killed01.tmp"
    stale.write_bytes(new[: len(new) // 2])
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    out.write_bytes(old)
    build(project.root)
    assert out.read_bytes() == new
    assert files_in(out.parent) == ["g60_corridor.html"]


def test_the_next_build_leaves_temp_files_that_are_not_stale_or_not_its_own(project: Project) -> None:
    out = project.path(OUTPUT)
    out.parent.mkdir()
    busy = out.parent / ".g60_corridor.html.busy0001.tmp"  # newer than the build: in progress
    busy.write_bytes(b"half a page")
    os.utime(busy, (time.time() + 3600, time.time() + 3600))
    other = out.parent / ".report.html.killed01.tmp"  # stale, but another output's
    other.write_bytes(b"half a report")
    os.utime(other, (0, 0))
    build(project.root)
    assert files_in(out.parent) == [busy.name, other.name, "g60_corridor.html"]
