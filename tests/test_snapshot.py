"""mapgen export png: the map photographed in Chromium, at the asked size, not blank."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO
from matplotlib.image import imread

from mapgen.export.png import Snapshot

pytestmark = pytest.mark.browser


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_export_png_has_the_asked_size_and_shows_the_map(tmp_path: Path) -> None:
    out = tmp_path / "corridor.png"
    result = subprocess.run(
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
            "--width",
            "640",
            "--height",
            "400",
            "--scale",
            "2",
            "--basemap",
            "none",
        ],
        text=True,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert png_size(out) == Snapshot(640, 400, 2).pixels == (1280, 800)
    pixels = imread(out)[:, :, :3]
    assert pixels.std() > 0.05  # not one flat colour
    # The city areas' light blue and the origin star's vermilion are both drawn.
    blue = np.all(np.abs(pixels - np.array([0.84, 0.90, 0.95])) < 0.06, axis=2).mean()
    vermilion = np.all(np.abs(pixels - np.array([0.835, 0.369, 0.0])) < 0.08, axis=2).sum()
    assert blue > 0.02 and vermilion > 50


def test_bad_snapshot_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="200 to 8000"):
        Snapshot(100, 400)
    with pytest.raises(ValueError, match="scale"):
        Snapshot(scale=10)
