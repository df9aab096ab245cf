"""No output replaces an input; an output keeps its target's mode, follows the umask, writes through links."""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import Project
from typer.testing import CliRunner

import mapgen
from mapgen import DataError, api
from mapgen.cli import app
from mapgen.write import write_atomic

LAYER = "name,lat,lon\nG60 Science Park,31.03,121.22\n"


def mapgen_cli(*args: str, cwd: Path) -> tuple[int, str]:
    """The command in this process; its exit status and everything it printed."""
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def inputs(project: Project) -> Iterator[dict[str, bytes]]:
    """Every file of the project and a layer beside it, with its bytes; checked unchanged after the test."""
    project.write("enterprises.csv", LAYER)
    project.write("geo/layers/parks.csv", LAYER.replace("G60 Science Park", "Park"))
    project.write("geo/layers/parks.yaml", "name: Parks\n")
    files = [p for p in project.root.rglob("*") if p.is_file()]
    before = {p.relative_to(project.root).as_posix(): p.read_bytes() for p in files}
    yield before
    after = {
        p.relative_to(project.root).as_posix(): p.read_bytes() for p in project.root.rglob("*") if p.is_file()
    }
    assert {name: after.get(name) for name in before} == before, "an input changed"


def article(project: Project) -> str:
    return sorted(p.name for p in project.path("seeds").glob("*.txt"))[0]


REFUSED = [
    # (command line, what the message says after "--out: ")
    (
        ["build", "-o", "enterprises.csv", "-l", "enterprises.csv"],
        "enterprises.csv is an input of the map (site layer); choose another file",
    ),
    (
        ["build", "-o", "geo/cities.yaml"],
        "geo/cities.yaml is an input of the map (place data); choose another file",
    ),
    (
        ["build", "--out", "geo/boundaries.geojson", "--fragment"],
        "geo/boundaries.geojson is an input of the map (place data); choose another file",
    ),
    (
        ["export", "geojson", "--out", "seeds/{article}"],
        "seeds/{article} is an input of the map (article); choose another file",
    ),
    (
        ["export", "svg", "-o", "geo/facts.yaml"],
        "geo/facts.yaml is an input of the map (place data); choose another file",
    ),
    (
        ["export", "pdf", "-o", "geo/sites.yaml"],
        "geo/sites.yaml is an input of the map (place data); choose another file",
    ),
    (
        ["export", "png", "-o", "geo/layers/parks.csv"],
        "geo/layers/parks.csv is an input of the map (site layer); choose another file",
    ),
    (
        ["build", "-o", "geo/layers/parks.yaml"],
        "geo/layers/parks.yaml is an input of the map (layer settings); choose another file",
    ),
    # Settings a layer would read, though there are none yet.
    (
        ["build", "-o", "enterprises.yaml", "-l", "enterprises.csv"],
        "enterprises.yaml is an input of the map (layer settings); choose another file",
    ),
    (
        ["build", "-o", "geo/layers/parks.yml"],
        "geo/layers/parks.yml is an input of the map (layer settings); choose another file",
    ),
    # Spelt otherwise.
    (
        ["build", "-o", "geo/../geo/./corridor.yaml"],
        "geo/../geo/corridor.yaml is an input of the map (place data); choose another file",
    ),
    (
        ["build", "-o", "link-to-sites.yaml"],
        "link-to-sites.yaml is geo/sites.yaml, an input of the map (place data); choose another file",
    ),
    (
        ["export", "geojson", "-o", "hard-link.yaml"],
        "hard-link.yaml is geo/facts.yaml, an input of the map (place data); choose another file",
    ),
    (
        ["build", "-o", "links/dangling.csv"],
        "links/dangling.csv is geo/layers/parks.yml, an input of the map (layer settings); choose another file",
    ),
    # New files where every file is an input: the next build would read them.
    (
        ["build", "-o", "geo/notes.html"],
        "geo/notes.html is in geo/, so it would be an input of the map (place data); choose another file",
    ),
    (
        ["export", "geojson", "-o", "geo/layers/export.geojson"],
        "geo/layers/export.geojson is in geo/layers/, so it would be an input of the map (site layer); "
        "choose another file",
    ),
    (
        ["build", "-o", "seeds/003_map.txt"],
        "seeds/003_map.txt is in seeds/, so it would be an input of the map (article); choose another file",
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_an_input_is_refused_as_out_before_anything_is_written(
    project: Project, inputs: dict[str, bytes], args: list[str], message: str
) -> None:
    os.symlink("geo/sites.yaml", project.path("link-to-sites.yaml"))
    os.link(project.path("geo/facts.yaml"), project.path("hard-link.yaml"))
    project.path("links").mkdir()
    os.symlink("../geo/layers/parks.yml", project.path("links/dangling.csv"))
    name = article(project)
    code, output = mapgen_cli(*(a.replace("{article}", name) for a in args), cwd=project.root)
    assert (code, output) == (2, f"--out: {message.replace('{article}', name)}\n")
    assert not project.path("output").exists()
    assert not project.path("links/dangling.csv").exists()  # the link still dangles: nothing written
    assert [p.name for p in project.root.rglob("*.tmp")] == []


def test_the_default_output_is_refused_when_it_is_an_input(
    project: Project, inputs: dict[str, bytes]
) -> None:
    project.path("output").mkdir()
    os.symlink("../enterprises.csv", project.path("output/g60_corridor.html"))
    code, output = mapgen_cli("build", "--layer", "enterprises.csv", cwd=project.root)
    assert code == 2
    assert output == (
        "--out: output/g60_corridor.html, where the output goes by default, is enterprises.csv, "
        "an input of the map (site layer); choose another file with --out\n"
    )


def test_root_elsewhere_names_the_output_as_given(project: Project, inputs: dict[str, bytes]) -> None:
    out = project.path("geo/cities.yaml")
    code, output = mapgen_cli(
        "build", "--root", str(project.root), "--out", str(out), cwd=project.root.parent
    )
    assert (code, output) == (2, f"--out: {out} is an input of the map (place data); choose another file\n")


def test_watch_refuses_an_input_as_out_and_does_not_start(project: Project, inputs: dict[str, bytes]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mapgen", "build", "--watch", "-o", "geo/corridor.yaml"],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        result.stderr == "--out: geo/corridor.yaml is an input of the map (place data); choose another file\n"
    )


def test_the_api_refuses_with_a_data_error(project: Project, inputs: dict[str, bytes]) -> None:
    with pytest.raises(DataError) as raised:
        mapgen.build(project.root, project.path("geo/cities.yaml"))
    assert [str(p) for p in raised.value.problems] == [
        f"--out: {project.path('geo/cities.yaml')} is an input of the map (place data); choose another file"
    ]
    with pytest.raises(DataError, match="an input of the map \\(site layer\\)"):
        mapgen.export_file(
            project.root, "geojson", project.path("enterprises.csv"), layers=[project.path("enterprises.csv")]
        )


def test_the_checked_data_names_its_inputs(project: Project, inputs: dict[str, bytes]) -> None:
    checked = mapgen.check(project.root, [project.path("enterprises.csv")])
    kinds = {item.shown: item.kind for item in checked.inputs.files}
    assert kinds[f"seeds/{article(project)}"] == "article"
    assert kinds["geo/cities.yaml"] == kinds["geo/boundaries.geojson"] == "place data"
    assert kinds["geo/layers/parks.csv"] == kinds["enterprises.csv"] == "site layer"
    assert kinds["geo/layers/parks.yaml"] == kinds["enterprises.yml"] == "layer settings"
    assert {folder.shown for folder in checked.inputs.folders} == {
        "seeds/",
        "geo/",
        "geo/layers/",
        "geo/tables/",
    }


def test_other_outputs_are_written(project: Project, inputs: dict[str, bytes]) -> None:
    code, output = mapgen_cli("build", "-o", "seeds/map.html", "-l", "enterprises.csv", cwd=project.root)
    assert code == 0, output
    code, output = mapgen_cli("export", "geojson", "-o", "report/g60.geojson", cwd=project.root)
    assert code == 0, output
    assert api.output_path(project.root, None, "svg") == project.path("output/g60_corridor.svg")


# -- write_atomic: mode, umask, links -------------------------------------------------------------


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("kept", [0o600, 0o640, 0o444, 0o755, 0o2750])
def test_a_target_keeps_its_mode(tmp_path: Path, kept: int) -> None:
    target = tmp_path / "map.html"
    target.write_bytes(b"old")
    target.chmod(kept)
    with umask(0o022):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert mode(target) == kept


@pytest.mark.parametrize(
    ("mask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600), (0o002, 0o664)]
)
def test_a_new_file_follows_the_umask(tmp_path: Path, mask: int, expected: int) -> None:
    target = tmp_path / "new" / "map.html"
    with umask(mask):
        write_atomic(target, b"new")
    assert mode(target) == expected


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_a_target_keeps_its_owner_and_group(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_bytes(b"old")
    os.chown(target, 12345, 23456)
    write_atomic(target, b"new")
    assert (target.stat().st_uid, target.stat().st_gid) == (12345, 23456)


def test_a_private_map_stays_private_through_the_command(project: Project) -> None:
    out = project.path("private/map.html")
    out.parent.mkdir()
    out.write_bytes(b"old")
    out.chmod(0o600)
    code, output = mapgen_cli("build", "-o", "private/map.html", cwd=project.root)
    assert code == 0, output
    assert mode(out) == 0o600 and out.read_bytes().startswith(b"<!DOCTYPE html>")


LinkMaker = Callable[[Path, Path], None]


@pytest.mark.parametrize(
    "make_link",
    [
        pytest.param(lambda link, real: link.symlink_to(real), id="absolute"),
        pytest.param(lambda link, real: link.symlink_to(os.path.relpath(real, link.parent)), id="relative"),
        pytest.param(
            lambda link, real: (link.parent / "hop").symlink_to(real) or link.symlink_to("hop"), id="chain"
        ),
    ],
)
def test_a_symlinked_target_is_written_where_it_points(tmp_path: Path, make_link: LinkMaker) -> None:
    real = tmp_path / "published" / "map.html"
    real.parent.mkdir()
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "work" / "map.html"
    link.parent.mkdir()
    make_link(link, real)
    write_atomic(link, b"new")
    assert link.is_symlink() and link.read_bytes() == b"new"
    assert real.read_bytes() == b"new" and not real.is_symlink() and mode(real) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["map.html"]
    assert sorted(p.name for p in link.parent.iterdir() if p.name != "hop") == ["map.html"]


def test_a_dangling_link_gets_its_file(tmp_path: Path) -> None:
    link = tmp_path / "map.html"
    link.symlink_to("reports/map.html")
    with umask(0o022):
        write_atomic(link, b"new")
    assert link.is_symlink() and (tmp_path / "reports/map.html").read_bytes() == b"new"
    assert mode(tmp_path / "reports/map.html") == 0o644


def test_a_failed_write_through_a_link_names_the_link_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real.html"
    real.write_bytes(b"old")
    link = tmp_path / "link.html"
    link.symlink_to(real)

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as raised:
        write_atomic(link, b"new")
    assert raised.value.filename == str(link)
    assert real.read_bytes() == b"old" and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.html", "real.html"]


def test_a_folder_as_target_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / "map.html").mkdir()
    with pytest.raises(IsADirectoryError) as raised:
        write_atomic(tmp_path / "map.html", b"new")
    assert raised.value.filename == str(tmp_path / "map.html")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
