"""Watch mode: a build at the start and after every change, the last good map kept while the data is broken."""

from __future__ import annotations

import _thread
import contextlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import Project

from mapgen import api
from mapgen.watch import KEPT, watch

TIMEOUT_S = 10.0


class Watcher:
    """``watch`` running in a background thread, its report lines collected as they come."""

    def __init__(self, paths: Sequence[Path], rebuild: Callable[[], str], **options: Any) -> None:
        self.lines: list[str] = []
        self._arrived = threading.Condition()
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=watch,
            args=(paths, rebuild, self._report),
            kwargs={"stop_event": self.stop, **options},
            daemon=True,
        )
        self.thread.start()

    def _report(self, line: str) -> None:
        with self._arrived:
            self.lines.append(line)
            self._arrived.notify_all()

    def wait_until(self, done: Callable[[list[str]], bool], what: str) -> list[str]:
        with self._arrived:
            if not self._arrived.wait_for(lambda: done(self.lines), timeout=TIMEOUT_S):
                raise AssertionError(f"no {what} within {TIMEOUT_S} s; reported: {self.lines}")
            return list(self.lines)

    def reported(self) -> list[str]:
        with self._arrived:
            return list(self.lines)

    def started(self) -> list[str]:
        """The lines up to 'watching …', once the first build is done."""
        return self.wait_until(
            lambda lines: any(line.startswith("watching ") for line in lines), "first build"
        )

    def after(self, change: Callable[[], None]) -> list[str]:
        """Make a change; the lines reported for it, once its build has finished."""
        seen = len(self.reported())
        change()
        lines = self.wait_until(
            lambda lines: any(_ends_a_build(line) for line in lines[seen:]), "build after the change"
        )
        return lines[seen:]

    def end(self) -> None:
        self.stop.set()
        self.thread.join(timeout=TIMEOUT_S)
        assert not self.thread.is_alive(), "watch did not return after its stop event was set"


def _ends_a_build(line: str) -> bool:
    return line.startswith(("wrote ", "built")) or KEPT in line or line.endswith("still watching")


@pytest.fixture
def watching() -> Iterator[Callable[..., Watcher]]:
    started: list[Watcher] = []

    def start(paths: Sequence[Path], rebuild: Callable[[], str], **options: Any) -> Watcher:
        started.append(Watcher(paths, rebuild, **options))
        return started[-1]

    yield start
    for watcher in started:
        watcher.end()


def building(project: Project, out: Path) -> Callable[[], str]:
    """A rebuild that builds the project's map into ``out``, as ``mapgen build --watch`` does."""

    def rebuild() -> str:
        result = api.build(project.root, out)
        return f"wrote {result.path.relative_to(project.root).as_posix()} ({result.size_bytes:,} bytes)"

    return rebuild


def data_folders(project: Project) -> list[Path]:
    return [project.path("seeds"), project.path("geo")]


SITE_DESCRIPTION = "District of south-western Shanghai where the G60 corridor began"


def test_watch_rebuilds_after_a_change(project: Project, watching: Callable[..., Watcher]) -> None:
    out = project.path("output/g60_corridor.html")
    watcher = watching(data_folders(project), building(project, out), root=project.root)
    first = watcher.started()
    assert first[0].startswith("wrote output/g60_corridor.html (")
    assert first[1] == "watching seeds/, geo/ for changes (Ctrl-C stops)"
    before = out.read_bytes()

    lines = watcher.after(
        lambda: project.replace(
            "geo/sites.yaml", SITE_DESCRIPTION, "District where the watched corridor began"
        )
    )
    assert lines[0] == "changed: geo/sites.yaml (modified)"
    assert lines[1].startswith("wrote output/g60_corridor.html (") and len(lines) == 2
    assert out.read_bytes() != before
    assert "District where the watched corridor began" in out.read_text(encoding="utf-8")

    # One rebuild for the edit: a second would show here as another 'changed' line.
    lines = watcher.after(
        lambda: project.write(
            "seeds/002_watched.txt", " date 2025-01-01 An article added while watching\n\nSongjiang grows.\n"
        )
    )
    assert lines[0] == "changed: seeds/002_watched.txt (added)"
    assert lines[1].startswith("wrote output/g60_corridor.html (") and len(lines) == 2
    assert "An article added while watching" in out.read_text(encoding="utf-8")


def test_watch_keeps_the_last_good_map_while_the_data_is_broken(
    project: Project, watching: Callable[..., Watcher]
) -> None:
    out = project.path("output/g60_corridor.html")
    watcher = watching(data_folders(project), building(project, out), root=project.root)
    watcher.started()
    good = out.read_bytes()
    line = project.line_of("geo/sites.yaml", "lat: 31.0322")

    lines = watcher.after(lambda: project.replace("geo/sites.yaml", "lat: 31.0322", "lat: 31.0322: 121.2"))
    assert lines[0] == "changed: geo/sites.yaml (modified)"
    assert lines[1] == f"geo/sites.yaml:{line}: YAML syntax: mapping values are not allowed here"
    assert lines[2:] == ["1 problem found; the last good map is kept unchanged."]
    assert out.read_bytes() == good

    lines = watcher.after(lambda: project.replace("geo/sites.yaml", "lat: 31.0322: 121.2", "lat: 31.0322"))
    assert lines[0] == "changed: geo/sites.yaml (modified)"
    assert lines[1].startswith("wrote output/g60_corridor.html (") and len(lines) == 2


def test_watch_ignores_its_output_and_editor_files(
    project: Project, watching: Callable[..., Watcher]
) -> None:
    # The map written inside a watched folder: its own writes must not start a build.
    out = project.path("geo/preview/g60_corridor.html")
    watcher = watching(data_folders(project), building(project, out), root=project.root, ignore=[out.parent])
    assert watcher.started()[0].startswith("wrote geo/preview/g60_corridor.html (")

    noise = [
        project.path(name)
        for name in (
            "output/g60_corridor.html",
            "output/notes.json",
            "geo/preview/notes.json",
            "geo/.sites.yaml.swp",
            "geo/4913",
            "geo/sites.yaml~",
            "geo/.#sites.yaml",
            "geo/__pycache__/cache.json",
            "seeds/notes.yaml",
            "geo/.g60_corridor.html.x1y2.tmp",
        )
    ]

    def noise_then_an_edit() -> None:
        for path in noise:
            path.parent.mkdir(exist_ok=True)
            path.write_text("not data\n", encoding="utf-8")
        for path in noise:
            path.unlink()
        project.replace("geo/sites.yaml", SITE_DESCRIPTION, "District where the corridor began")

    lines = watcher.after(noise_then_an_edit)
    assert lines[0] == "changed: geo/sites.yaml (modified)"
    assert lines[1].startswith("wrote geo/preview/g60_corridor.html (") and len(lines) == 2
    assert sum(line.startswith("wrote ") for line in watcher.reported()) == 2


def _replace_by_a_new_folder(project: Project) -> None:
    """``rm -r geo && mv geo.new geo``, as a checkout or an editor's save of a folder may do,
    with an edit in the new folder."""
    new = project.path("geo.new")
    shutil.copytree(project.path("geo"), new)
    sites = new / "sites.yaml"
    sites.write_text(
        sites.read_text(encoding="utf-8").replace(SITE_DESCRIPTION, "District of the new folder"),
        encoding="utf-8",
    )
    shutil.rmtree(project.path("geo"))
    new.rename(project.path("geo"))


def _delete_and_make_again(project: Project) -> None:
    """``rm -r geo``, then a new ``geo/`` made in its place (its inode may be the old one's)."""
    kept = project.root.parent / "geo.kept"
    shutil.copytree(project.path("geo"), kept)
    shutil.rmtree(project.path("geo"))
    time.sleep(0.5)  # long enough for the watch to see the folder gone
    shutil.copytree(kept, project.path("geo"))
    project.replace("geo/sites.yaml", SITE_DESCRIPTION, "District of the new folder")


@pytest.mark.parametrize("replace", [_replace_by_a_new_folder, _delete_and_make_again])
def test_watch_follows_a_folder_replaced_by_a_new_one(
    project: Project, watching: Callable[..., Watcher], replace: Callable[[Project], None]
) -> None:
    out = project.path("output/g60_corridor.html")
    watcher = watching(data_folders(project), building(project, out), root=project.root)
    watcher.started()

    seen = len(watcher.reported())
    replace(project)
    # A folder missing for a while is reported as such (and the build fails) until the new one is there.
    lines = watcher.wait_until(lambda lines: any(line.startswith("wrote ") for line in lines[seen:]), "build")
    lines = lines[seen:]
    assert lines[-2].startswith("changed: geo/ (replaced)")
    assert lines[-1].startswith("wrote output/g60_corridor.html (")
    assert "District of the new folder" in out.read_text(encoding="utf-8")

    # The new folder is watched: an edit in it builds again, once.
    lines = watcher.after(
        lambda: project.replace(
            "geo/sites.yaml", "District of the new folder", "District edited in the new folder"
        )
    )
    assert lines[0] == "changed: geo/sites.yaml (modified)"
    assert lines[1].startswith("wrote output/g60_corridor.html (") and len(lines) == 2
    assert "District edited in the new folder" in out.read_text(encoding="utf-8")
    # And the other folder still is.
    lines = watcher.after(
        lambda: project.write(
            "seeds/002_watched.txt", " date 2025-01-01 Added after the swap\n\nSongjiang grows.\n"
        )
    )
    assert lines == [lines[0], lines[1]] and lines[0] == "changed: seeds/002_watched.txt (added)"


def test_watch_follows_a_single_file_outside_the_folders(
    project: Project, tmp_path: Path, watching: Callable[..., Watcher]
) -> None:
    layer = tmp_path / "elsewhere" / "parks.csv"
    layer.parent.mkdir()
    builds = iter(range(1, 100))
    watcher = watching([*data_folders(project), layer], lambda: f"built #{next(builds)}", root=project.root)
    assert watcher.started() == [
        "built #1",
        f"watching seeds/, geo/, {layer.as_posix()} for changes (Ctrl-C stops)",
    ]

    def save_by_rename(text: str) -> Callable[[], None]:
        def save() -> None:  # as many editors do: a new file renamed over the old one
            temp = layer.with_name("parks.csv.new")
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, layer)

        return save

    assert watcher.after(lambda: layer.write_text("name,lat,lon\n", encoding="utf-8")) == [
        f"changed: {layer.as_posix()} (added)",
        "built #2",
    ]
    assert watcher.after(save_by_rename("name,lat,lon\nA,31,121\n")) == [
        f"changed: {layer.as_posix()} (modified)",
        "built #3",
    ]
    # Neighbours of the file do not count; the file still does after being replaced.
    (layer.parent / "other.csv").write_text("x\n", encoding="utf-8")
    assert watcher.after(save_by_rename("name,lat,lon\n")) == [
        f"changed: {layer.as_posix()} (modified)",
        "built #4",
    ]


def test_watch_reports_a_bug_and_goes_on(project: Project, watching: Callable[..., Watcher]) -> None:
    calls = iter(range(1, 100))

    def rebuild() -> str:
        if next(calls) == 1:
            raise RuntimeError("the renderer tripped")
        return "built"

    watcher = watching(data_folders(project), rebuild, root=project.root)
    assert watcher.started()[0] == (
        "mapgen: internal error: RuntimeError: the renderer tripped "
        "(a bug: rerun with --debug for the traceback); still watching"
    )
    assert watcher.after(lambda: project.write("seeds/002_new.txt", " date 2025-01-01 New\n\nText.\n")) == [
        "changed: seeds/002_new.txt (added)",
        "built",
    ]


def test_watch_with_debug_lets_a_bug_through(project: Project) -> None:
    def rebuild() -> str:
        raise RuntimeError("the renderer tripped")

    with pytest.raises(RuntimeError, match="the renderer tripped"):
        watch(data_folders(project), rebuild, print, debug=True)


def test_watch_ends_cleanly_on_ctrl_c(project: Project) -> None:
    lines: list[str] = []

    def report(line: str) -> None:
        lines.append(line)
        if line.startswith("watching "):
            _thread.interrupt_main()  # what Ctrl-C does, while the watch waits for changes

    watch(data_folders(project), lambda: "built", report, root=project.root)
    assert lines == ["built", "watching seeds/, geo/ for changes (Ctrl-C stops)", "stopped watching."]


def test_watch_ends_cleanly_on_ctrl_c_during_a_build(project: Project) -> None:
    def rebuild() -> str:
        raise KeyboardInterrupt

    lines: list[str] = []
    watch(data_folders(project), rebuild, lines.append)
    assert lines == ["stopped watching."]


def test_watch_refuses_a_folder_that_does_not_exist(project: Project) -> None:
    with pytest.raises(FileNotFoundError, match="no such folder to watch"):
        watch([project.path("nowhere/seeds")], lambda: "built", print)


def test_mapgen_build_watch_rebuilds_and_stops_on_ctrl_c(project: Project) -> None:
    out = project.root / "output" / "map.html"
    process = subprocess.Popen(
        [sys.executable, "-m", "mapgen", "build", "--watch", "--root", str(project.root), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout or []], daemon=True).start()
    seen: list[str] = []

    def wait_until(text: str, times: int = 1) -> None:
        deadline = time.monotonic() + 30
        while sum(text in line for line in seen) < times:
            assert time.monotonic() < deadline, f"{text!r} x{times} not in {seen}"
            with contextlib.suppress(queue.Empty):
                seen.append(lines.get(timeout=0.5))

    try:
        wait_until("watching seeds/, geo/")
        assert sum("wrote" in line for line in seen) == 1
        first = out.read_bytes()
        project.replace("geo/sites.yaml", "description: ", "description: Watched. ")
        wait_until("changed: geo/sites.yaml (modified)")
        wait_until("wrote", times=2)
        assert out.read_bytes() != first
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
