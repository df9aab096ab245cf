"""The code's layout holds: stages import one way, folium stays in the web map, and what
needs no map loads no folium."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        text=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def copy_of_code(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "mapgen", tmp_path / "mapgen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_contracts_hold() -> None:
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "backwards_import", "contract"),
    [
        ("read/text.py", "import mapgen.validate", "Data flows one way"),
        ("geometry.py", "import mapgen.link", "Data flows one way"),  # siblings stay apart
        ("present/formats.py", "import folium", "folium and branca belong to the web map"),
        ("web/points.py", "import matplotlib", "matplotlib draws the print map only"),
    ],
)
def test_a_backwards_import_breaks_a_contract(
    copy_of_code: Path, module: str, backwards_import: str, contract: str
) -> None:
    path = copy_of_code / "mapgen" / module
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "from __future__ import annotations\n",
            f"from __future__ import annotations\n\n{backwards_import}\n",
            1,
        ),
        encoding="utf-8",
    )
    result = lint_imports(copy_of_code)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout


# folium's internals (underscored attributes of branca elements) are touched in one module.
_INTERNALS = re.compile(r"\._(children|parent|id|name)\b|_template\.module")


def test_folium_internals_stay_in_foliumkit() -> None:
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "mapgen").rglob("*.py"))
        if path.name != "foliumkit.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _INTERNALS.search(line)
    ]
    assert offenders == []


def test_writing_a_file_or_refreshing_boundaries_loads_no_folium() -> None:
    code = "import sys, mapgen.write, mapgen.boundaries, mapgen.pipeline; print(sorted(m for m in ('folium', 'branca', 'matplotlib') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_package_has_no_import_cycles() -> None:
    """Every module imports on its own, first, in a fresh interpreter (a cycle fails one of them)."""
    modules = sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for path in (REPO / "mapgen").rglob("*.py")
        if path.name != "__main__.py"
    )
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n    [sys.modules.pop(m) for m in list(sys.modules) if m.startswith('mapgen')]"
    result = subprocess.run(
        [sys.executable, "-c", code, *modules], capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
