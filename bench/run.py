"""Benchmark extra point layers (issue 16, "A million points"): this project against a
naive floor, geopandas ``.explore()``, plain folium and lonboard.

    .venv/bin/python bench/run.py --sizes 10000,100000,1000000  # the standard run: ~8 minutes on 2 cores
    .venv/bin/python bench/run.py --sizes 1000,10000 --skip plain_folium --skip-browser --skip-cold

One run on one machine. The same random points (a fixed seed, inside the corridor, a
name and a category each) are written as one CSV per size; then each contender turns
that CSV into a page in a fresh Python process, so its wall time includes the
interpreter's start and its imports:

- ``floor`` (every size): the issue's naive floor, pandas ``read_csv`` and then
  ``json.dump`` (compact separators, the default ``ensure_ascii``) of the same columns:
  coordinates as integers of 1e-5 degrees, the names, the categories dictionary-coded;
- ``mapgen`` (every size): ``python -m mapgen build --layer points.csv --basemap none``
  (the page also holds the corridor's own data: see the ``mapgen, no layer`` row);
- ``explore`` (up to 100,000 points): pandas reads the CSV,
  ``GeoDataFrame.explore(column="category", popup=["name", "category"], tiles=None)``, ``.save()``;
- ``plain_folium`` (up to 100,000): one ``folium.Marker`` with a ``folium.Popup`` per point;
- ``lonboard`` (up to 100,000): pandas reads the CSV, ``ScatterplotLayer.from_geopandas``
  with a colour per category, ``Map(layer, basemap=None).to_html()`` (a deck.gl widget page).

The floor and ``mapgen`` are built three times at each size (``--build-runs``) and the run
of median wall time stands for them: their ratio is a target, and one run moves by ±5%.
The builds are started by a small launcher process that begins before the points are
made, and peak memory is each build's own ``ru_maxrss`` from ``os.wait4``, in MB (10^6
bytes). (A child started straight from this process would report at least this
process's own peak, which holds the million points.) Each page is then opened in
headless Chromium (Debian's, software WebGL, every request that is not a local file
answered from a local copy or aborted) and timed from ``goto`` until its points are
drawn (at most 120 s: a slower page's renderer is stopped, and its larger sizes are not
opened). folium's pages load Leaflet and jQuery from CDNs: the benchmark points them at
local copies (Leaflet 1.9.4 from the ``django-js-lib-leaflet`` wheel, Debian's jQuery)
and drops the Bootstrap, Font Awesome, awesome-markers and jQuery UI files, which
drawing does not need. lonboard's page loads require.js, the widgets' HTML manager,
anywidget and parquet-wasm's WebAssembly from CDNs: each is answered from the npm
package the URL names, fetched once with ``npm pack`` into ``bench/work/npm``. For this
project's page it also times a pan, a click's popup (at the first view, and zoomed in
on a point) and the search box.

Last, the default map's cold build (``mapgen build``) against merely importing folium
and geopandas. It prints a table with ratios to the floor and to ``.explore()``, then
issue 16's targets at the largest size (met or missed), and writes everything to
``bench/results.json``. ``pip install -e '.[bench]'`` installs Playwright and lonboard.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
NPM_CACHE = WORK / "npm"
SIZES = (10_000, 100_000, 1_000_000)
SEED = 6  # issue 6
SOUTH, NORTH, WEST, EAST = 29.0, 32.2, 117.2, 121.9
CATEGORIES = (
    "Manufacturing",
    "Software",
    "Biomedicine",
    "New materials",
    "Integrated circuits",
    "Artificial intelligence",
    "New energy",
    "Logistics",
    "Finance",
    "Education",
)
CATEGORY_WEIGHTS = np.array([30, 20, 12, 9, 8, 7, 6, 4, 3, 1], dtype=float)
CHINESE_SHARE = 0.2
CHINESE_PLACES = ("松江", "嘉兴", "杭州", "金华", "苏州", "湖州", "宣城", "芜湖", "合肥")
CHINESE_TRADES = ("智能科技", "新材料", "生物医药", "精密机械", "电子信息", "新能源")

BUILD_TIMEOUT_S = 15 * 60
DRAW_TIMEOUT_S = 120
VIEWPORT = {"width": 1280, "height": 800}
MB = 1e6  # sizes and memory are in MB of 10^6 bytes
EXPLORE = "explore"
LONBOARD = "lonboard"
# Debian's Chromium with mapgen.export.png's settings (never `playwright install`).
CHROMIUM = Path(os.environ.get("MAPGEN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Each contender reads sys.argv[1] (the CSV) and writes sys.argv[2].
PLAIN_FOLIUM = """
import csv, sys
import folium
src, out = sys.argv[1:3]
m = folium.Map(tiles=None)
lats, lons = [], []
with open(src, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        lat, lon = float(row["lat"]), float(row["lon"])
        popup = folium.Popup(f"{row['name']}<br>{row['category']}")
        folium.Marker([lat, lon], popup=popup).add_to(m)
        lats.append(lat)
        lons.append(lon)
m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
m.save(out)
"""
GEOPANDAS_EXPLORE = """
import sys
import geopandas as gpd
import pandas as pd
src, out = sys.argv[1:3]
df = pd.read_csv(src, dtype={"name": str, "category": str})
gdf = gpd.GeoDataFrame(df[["name", "category"]],
                       geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
gdf.explore(column="category", popup=["name", "category"], tiles=None).save(out)
"""
# Issue 16: "A naive floor (pandas read_csv plus compact JSON of the same columns)".
JSON_FLOOR = """
import json, sys
import pandas as pd
src, out = sys.argv[1:3]
df = pd.read_csv(src, dtype={"name": str, "category": str})
category = df["category"].astype("category")
with open(out, "w", encoding="utf-8") as f:
    json.dump({"scale": 100000,
               "lat": (df["lat"] * 100000).round().astype("int64").tolist(),
               "lon": (df["lon"] * 100000).round().astype("int64").tolist(),
               "name": df["name"].tolist(),
               "category": {"dict": category.cat.categories.tolist(),
                            "codes": category.cat.codes.tolist()}},
              f, separators=(",", ":"))
"""
# lonboard's own way: a categorical column, a colour per category, the deck.gl widget's page.
LONBOARD_HTML = """
import sys
import geopandas as gpd
import pandas as pd
from lonboard import Map, ScatterplotLayer
from lonboard.colormap import apply_categorical_cmap
src, out = sys.argv[1:3]
colours = dict(zip(sys.argv[3].split("|"), [
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
    (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207)]))
df = pd.read_csv(src, dtype={"name": str, "category": "category"})
gdf = gpd.GeoDataFrame(df[["name", "category"]],
                       geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
layer = ScatterplotLayer.from_geopandas(
    gdf, get_fill_color=apply_categorical_cmap(gdf["category"], colours),
    radius_min_pixels=2, pickable=True)
Map(layer, basemap=None).to_html(out)
"""


def mapgen_command(source: Path | None, out: Path) -> list[str]:
    """``mapgen build`` of the map without background tiles, with the points as a layer."""
    layer = ["--layer", str(source)] if source else []
    return [
        sys.executable,
        "-m",
        "mapgen",
        "build",
        "--root",
        str(ROOT),
        *layer,
        "--out",
        str(out),
        "--basemap",
        "none",
    ]


def snippet(code: str, *extra: str) -> Callable[[Path | None, Path], list[str]]:
    def command(source: Path | None, out: Path) -> list[str]:
        return [sys.executable, "-c", code, str(source), str(out), *extra]

    return command


CONTENDERS: dict[str, Callable[[Path | None, Path], list[str]]] = {
    "floor": snippet(JSON_FLOOR),
    "mapgen": mapgen_command,
    EXPLORE: snippet(GEOPANDAS_EXPLORE),
    "plain_folium": snippet(PLAIN_FOLIUM),
    LONBOARD: snippet(LONBOARD_HTML, "|".join(CATEGORIES)),
}
SUFFIX = {"floor": ".json"}
# The largest size each contender is built at; the others run at every size.
MAX_POINTS = {EXPLORE: 100_000, "plain_folium": 100_000, LONBOARD: 100_000}


def missing_module(contender: str) -> str | None:
    """Why a contender cannot run here, or None."""
    if contender == LONBOARD and importlib.util.find_spec("lonboard") is None:
        return "lonboard is not installed (pip install -e '.[bench]')"
    return None


# --- the points -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Points:
    """The benchmark's points; every size takes the first ``n``."""

    lat: np.ndarray
    lon: np.ndarray
    names: list[str]
    categories: list[str]


def make_points(count: int, seed: int = SEED) -> Points:
    """Uniform points in the corridor's box, skewed categories, some Chinese names.

    >>> points = make_points(5)
    >>> len(points.names), all(SOUTH <= v <= NORTH for v in points.lat)
    (5, True)
    """
    rng = np.random.default_rng(seed)
    lat = np.round(rng.uniform(SOUTH, NORTH, count), 6)
    lon = np.round(rng.uniform(WEST, EAST, count), 6)
    chosen = rng.choice(len(CATEGORIES), size=count, p=CATEGORY_WEIGHTS / CATEGORY_WEIGHTS.sum())
    chinese = rng.random(count) < CHINESE_SHARE
    places = rng.integers(len(CHINESE_PLACES), size=count)
    trades = rng.integers(len(CHINESE_TRADES), size=count)
    names = [
        f"{CHINESE_PLACES[places[i]]}{CHINESE_TRADES[trades[i]]}有限公司{i + 1}"
        if chinese[i]
        else f"Enterprise {i + 1:05d}"
        for i in range(count)
    ]
    return Points(lat, lon, names, [CATEGORIES[c] for c in chosen])


def write_csv(points: Points, count: int, path: Path) -> Path:
    """The first ``count`` points as a UTF-8 CSV: name, category, lat, lon."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "category", "lat", "lon"])
        for i in range(count):
            writer.writerow(
                [points.names[i], points.categories[i], f"{points.lat[i]:.6f}", f"{points.lon[i]:.6f}"]
            )
    return path


# --- building pages in fresh processes ------------------------------------------------------


@dataclass
class ProcessRun:
    """One child process: how long, how much CPU and memory, and how it ended."""

    status: str  # ok | failed | timeout | killed | skipped
    wall_s: float | None
    cpu_s: float | None
    peak_mb: float | None  # ru_maxrss, in MB of 10^6 bytes
    detail: str = ""


# The launcher: started before the points are made, it starts every build and reports the
# build's own figures. On Linux a child's ru_maxrss is at least the peak of the process it
# was started from (the exec keeps the old image's high-water mark), so builds started from
# this process, which holds the million points, would all report at least its peak.
LAUNCHER = r"""
import json, os, signal, subprocess, sys, tempfile, threading, time
for line in sys.stdin:
    job = json.loads(line)
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(job["command"], cwd=job["cwd"], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=errors)
        fired = threading.Event()
        def kill(pid=child.pid):
            fired.set()
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(job["timeout_s"], kill)
        timer.start()
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # ended, not yet reaped
        wall = time.perf_counter() - started
        timer.cancel()
        timer.join()  # the id stays this child's until wait4 reaps it: a late kill is harmless
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    print(json.dumps({"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                      "maxrss_kib": usage.ru_maxrss, "code": child.returncode,
                      "timed_out": fired.is_set(), "stderr": tail}), flush=True)
"""


class Launcher:
    """A small Python process (no site-packages) that runs commands and measures each."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def run(self, command: list[str], timeout_s: float) -> dict[str, Any]:
        assert self._process.stdin and self._process.stdout
        job = {"command": command, "cwd": str(ROOT), "timeout_s": max(timeout_s, 0.1)}
        self._process.stdin.write(json.dumps(job) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise SystemExit("the benchmark's launcher process ended")
        return dict(json.loads(line))

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        self._process.wait(timeout=30)


_launcher: Launcher | None = None


def launcher() -> Launcher:
    """The launcher, started at the first call (main() calls it before making the points)."""
    global _launcher
    if _launcher is None:
        _launcher = Launcher()
    return _launcher


class Watchdog:
    """Kills processes this benchmark started (by id) unless cancelled in time."""

    def __init__(self, pids: list[int], seconds: float) -> None:
        self.fired = threading.Event()
        self._timer = threading.Timer(max(seconds, 0.1), self._kill, [pids])
        self._timer.start()

    def _kill(self, pids: list[int]) -> None:
        self.fired.set()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def cancel(self) -> None:
        self._timer.cancel()


def run_process(command: list[str], timeout_s: float = BUILD_TIMEOUT_S) -> ProcessRun:
    """Run a command through the launcher: wall and CPU time, and its own peak RSS (ru_maxrss)."""
    result = launcher().run(command, timeout_s)
    code = result["code"]
    if result["timed_out"]:
        outcome, detail = "timeout", f"stopped after {timeout_s:.0f} s"
    elif code == -signal.SIGKILL:
        outcome, detail = "killed", "SIGKILL (out of memory?)"
    elif code != 0:
        outcome, detail = "failed", f"exit {code}: " + " | ".join(result["stderr"])
    else:
        outcome, detail = "ok", ""
    return ProcessRun(
        outcome,
        round(result["wall_s"], 3),
        round(result["cpu_s"], 3),
        round(result["maxrss_kib"] * 1024 / MB, 1),  # KiB on Linux
        detail,
    )


@dataclass
class Drawn:
    """A page in headless Chromium: seconds from ``goto`` until its points are drawn."""

    status: str  # ok | late (after the limit) | timeout | error | skipped
    drawn_s: float | None = None
    pan_s: float | None = None
    popup_s: float | None = None  # a click where there is data, at the first view
    popup_kind: str | None = None  # point | cell: what that click's popup was for
    popup_zoomed_s: float | None = None  # a click on a point, zoomed in to ZOOMED_IN
    popup_zoomed_kind: str | None = None
    search_index_s: float | None = None  # the search box gets the focus: its names indexed
    search_s: float | None = None  # the slowest keystroke of a query, results listed
    search_query: str | None = None
    detail: str = ""
    dropped: list[str] = field(default_factory=list)  # CDN files left out of folium's page
    served: list[str] = field(default_factory=list)  # CDN files answered from local copies
    aborted: list[str] = field(default_factory=list)  # requests off the machine, aborted


@dataclass
class Build:
    """One contender at one size: the process, the page and how the browser drew it."""

    contender: str
    points: int
    html: str
    process: ProcessRun
    html_bytes: int | None = None
    bytes_per_point: float | None = None
    extra_bytes_per_point: float | None = None  # without the page's own content (mapgen only)
    drawn: Drawn = field(default_factory=lambda: Drawn("skipped"))
    load_before: float = 0.0
    load_after: float = 0.0


def build_page(contender: str, source: Path | None, points: int, runs: int = 1) -> Build:
    """Run one contender on one CSV and measure its output; with ``runs`` above one, the
    run of median wall time stands for it (every run's wall time is in its detail)."""
    out = WORK / f"{contender}-{points}{SUFFIX.get(contender, '.html')}"
    out.unlink(missing_ok=True)
    why_not = missing_module(contender)
    if why_not:
        skipped = ProcessRun("skipped", None, None, None, why_not)
        return Build(contender, points, str(out.relative_to(ROOT)), skipped, drawn=Drawn("skipped"))
    load_before = os.getloadavg()[0]
    every = [run_process(CONTENDERS[contender](source, out)) for _ in range(max(runs, 1))]
    timed = sorted((r for r in every if r.wall_s is not None), key=lambda r: r.wall_s or 0.0)
    process = timed[len(timed) // 2] if len(timed) == len(every) else every[-1]
    if len(every) > 1:
        walls = ", ".join(f"{r.wall_s:.2f}" for r in every if r.wall_s is not None)
        process = ProcessRun(
            process.status,
            process.wall_s,
            process.cpu_s,
            process.peak_mb,
            f"median of {len(every)} runs (wall s: {walls}) {process.detail}".strip(),
        )
    build = Build(
        contender,
        points,
        str(out.relative_to(ROOT)),
        process,
        load_before=round(load_before, 2),
        load_after=round(os.getloadavg()[0], 2),
    )
    if process.status == "ok" and out.exists():
        build.html_bytes = out.stat().st_size
        build.bytes_per_point = round(build.html_bytes / points, 1) if points else None
    return build


# --- local copies of the files pages load from CDNs -----------------------------------------


def leaflet_folder() -> Path:
    import js_lib_leaflet  # the django-js-lib-leaflet wheel: Leaflet's dist files

    return Path(js_lib_leaflet.__file__).parent / "static" / "js_lib_leaflet"


JQUERY = Path("/usr/share/javascript/jquery/jquery.min.js")  # Debian's libjs-jquery
_ASSET = re.compile(
    r'<script src="(https?://[^"]+)"></script>|'
    r'<link rel="stylesheet" href="(https?://[^"]+)"/>'
)


def local_asset(url: str) -> Path | None:
    """The local copy of a file a folium page loads from a CDN; None to drop it."""
    name = url.rsplit("/", 1)[-1]
    if name in ("leaflet.js", "leaflet.css"):
        return leaflet_folder() / name
    if name.startswith("jquery-") and "/ui/" not in url:
        return JQUERY
    return None  # Bootstrap, Font Awesome, awesome-markers, jQuery UI: not needed to draw


def offline_copy(page: Path) -> tuple[Path, list[str]]:
    """A copy of a folium page that loads Leaflet and jQuery from local files."""
    dropped: list[str] = []

    def swap(match: re.Match[str]) -> str:
        url = match[1] or match[2]
        local = local_asset(url)
        if local is None:
            dropped.append(url.rsplit("/", 1)[-1])
            return ""
        return match[0].replace(url, local.as_uri())

    text = _ASSET.sub(swap, page.read_text(encoding="utf-8"))
    copy = page.with_suffix(".offline.html")
    copy.write_text(text, encoding="utf-8")
    return copy, dropped


# lonboard's page: the URLs it loads name npm packages (jsDelivr and unpkg serve npm), and
# cdnjs' require.js is npm's `requirejs`. Each is answered from the package `npm pack` gets.
_NPM_CDN = re.compile(r"^https://(?:cdn\.jsdelivr\.net/npm|unpkg\.com)/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")
_CDNJS_REQUIRE = re.compile(
    r"^https://cdnjs\.cloudflare\.com/ajax/libs/require\.js/([^/]+)/require(?:\.min)?\.js$"
)
_SCRIPT_SRC = re.compile(r'<script src="(https://[^"]+)"')
_WIDGET_MODULE = re.compile(r'"model_module": "([^"]+)",\s*"model_module_version": "([^"]+)"')
# A URL the widget's code makes at run time: var v="0.7.1",u=`https://…/parquet-wasm@${v}/…`
_VERSIONED_URL = re.compile(
    r'([\w$]+)=\\?"([^"\\]+)\\?",[\w$]+=`(https://cdn\.jsdelivr\.net/npm/[^`$]*)\$\{\1\}([^`$]*)`'
)
_INTEGRITY = re.compile(r'(<script src="https://[^"]+") integrity="[^"]*"')


def npm_file(url: str) -> tuple[str, str, str] | None:
    """The npm package, version (or range) and file a CDN URL names, or None.

    >>> npm_file("https://cdn.jsdelivr.net/npm/@jupyter-widgets/html-manager@%5E1.0.1/dist/embed-amd.js")
    ('@jupyter-widgets/html-manager', '^1.0.1', 'dist/embed-amd.js')
    >>> npm_file("https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.4/require.min.js")
    ('requirejs', '2.3.4', 'require.js')
    """
    url = unquote(urlsplit(url)._replace(query="", fragment="").geturl())
    if match := _CDNJS_REQUIRE.match(url):
        return "requirejs", match[1], "require.js"
    if match := _NPM_CDN.match(url):
        return match[1], match[2], match[3]
    return None


def npm_package(name: str, spec: str) -> Path:
    """The files of an npm package (``npm pack``, once, into NPM_CACHE); RuntimeError if not."""
    folder = NPM_CACHE / re.sub(r"[^\w.@+-]", "_", f"{name}@{spec}")
    if (folder / "package").is_dir():
        return folder / "package"
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed")
    with tempfile.TemporaryDirectory() as scratch:
        packed = subprocess.run(
            [npm, "pack", f"{name}@{spec}", "--json", "--pack-destination", scratch],
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if packed.returncode != 0:
            errors = [line for line in packed.stderr.splitlines() if line.startswith("npm error")]
            raise RuntimeError(f"npm pack {name}@{spec}: " + " ".join(errors[:2] or ["failed"]))
        tarball = Path(scratch) / json.loads(packed.stdout)[0]["filename"]
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        with tarfile.open(tarball) as tar:
            tar.extractall(partial, filter="data")
        shutil.rmtree(folder, ignore_errors=True)
        partial.rename(folder)
    return folder / "package"


def lonboard_urls(text: str) -> list[str]:
    """The CDN files a lonboard page will load: its scripts, its widget modules (which the
    HTML manager loads from jsDelivr) and URLs its code makes from a version (parquet-wasm)."""
    urls = _SCRIPT_SRC.findall(text)
    for module, version in _WIDGET_MODULE.findall(text):
        if not module.startswith("@jupyter-widgets/"):
            urls.append(f"https://cdn.jsdelivr.net/npm/{module}@{version}/dist/index.js")
    urls += [prefix + version + suffix for _, version, prefix, suffix in _VERSIONED_URL.findall(text)]
    return list(dict.fromkeys(urls))


def lonboard_offline(page: Path) -> tuple[Path, dict[str, Path], list[str]]:
    """A copy of a lonboard page, the npm packages for its CDN files, and the files that
    could not be had (each with the reason). The copy drops the script tags' ``integrity``:
    npm's require.js is the same release as cdnjs' but not minified."""
    text = page.read_text(encoding="utf-8")
    packages: dict[str, Path] = {}
    problems: list[str] = []
    for url in lonboard_urls(text):
        named = npm_file(url)
        if named is None:
            problems.append(f"{url}: no npm package serves it")
            continue
        name, spec, path = named
        try:
            folder = npm_package(name, spec)
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            problems.append(f"{url}: {error}")
            continue
        if not (folder / path).is_file():
            problems.append(f"{url}: npm's {name}@{spec} has no {path}")
            continue
        packages[f"{name}@{spec}"] = folder
    copy = page.with_suffix(".offline.html")
    copy.write_text(_INTEGRITY.sub(r"\1", text), encoding="utf-8")
    return copy, packages, problems


CONTENT_TYPES = {".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css"}


# --- drawing pages in Chromium --------------------------------------------------------------

# For lonboard (deck.gl, WebGL2): the most point instances drawn in one frame. deck.gl draws
# every layer each frame it renders, so all n points are drawn once this reaches n.
COUNT_INSTANCES = """(() => {
  let frame = 0, counted = -1, sum = 0;
  window.__benchInstances = 0;
  const tick = () => { frame++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const wrap = (name, at) => {
    const draw = WebGL2RenderingContext.prototype[name];
    WebGL2RenderingContext.prototype[name] = function (...args) {
      if (counted !== frame) { counted = frame; sum = 0; }
      sum += args[at];
      if (sum > window.__benchInstances) {
        window.__benchInstances = sum;
        window.__benchInstancesAt = performance.now();
      }
      return draw.apply(this, args);
    };
  };
  wrap('drawArraysInstanced', 3);
  wrap('drawElementsInstanced', 4);
})();"""
# Drawn: mapgen's point layer says so; folium: every point has its element; lonboard: above.
DRAWN_WHEN = {
    "mapgen": "() => document.querySelector('[data-points-drawn]') !== null",
    "plain_folium": "(n) => document.querySelectorAll('.leaflet-marker-icon').length >= n",
    EXPLORE: "(n) => document.querySelectorAll('path.leaflet-interactive').length >= n",
    LONBOARD: "(n) => (window.__benchInstances || 0) >= n",
}
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
FIND_MAP = "Object.values(window).find(v => window.L && v instanceof L.Map)"
# Until the point layer has drawn again (it sets data-points-drawn when its tiles are drawn).
_REDRAWN = """
  while (!box.hasAttribute('data-points-drawn')) {
    if (performance.now() - started > 10000) { return -1; }
    await new Promise(r => requestAnimationFrame(r));
  }
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return (performance.now() - started) / 1000;
"""
PAN = (
    """async ([dx, dy]) => {
  const map = @MAP@, box = map.getContainer();
  box.removeAttribute('data-points-drawn');
  const started = performance.now();
  map.panBy([dx, dy], {animate: false});"""
    + _REDRAWN
    + "}"
).replace("@MAP@", FIND_MAP)
ZOOMED_IN = 15  # a zoom with a few hundred of a million points in view: dots, not a grid
ZOOM_TO = (
    """async ([lat, lon, zoom]) => {
  const map = @MAP@, box = map.getContainer();
  map.closePopup();
  box.removeAttribute('data-points-drawn');
  const started = performance.now();
  map.setView([lat, lon], Math.min(zoom, map.getMaxZoom()), {animate: false});"""
    + _REDRAWN
    + "}"
).replace("@MAP@", FIND_MAP)
# A pixel over one of the given points where nothing else is on top: a control, a marker,
# a popup, or a line or area that opens its own popup when clicked.
POINT_ON_SCREEN = """(points) => {
  const map = @MAP@, size = map.getSize(), box = map.getContainer().getBoundingClientRect();
  const covers = '.leaflet-control, .leaflet-marker-icon, .leaflet-popup, .leaflet-tooltip';
  const ownPopups = new Set(Object.values(map._layers)
    .filter(l => l._path && l.getPopup && l.getPopup()).map(l => l._path));
  for (const [lat, lon] of points) {
    const p = map.latLngToContainerPoint([lat, lon]);
    if (p.x < 20 || p.y < 20 || p.x > size.x - 20 || p.y > size.y - 20) { continue; }
    const x = box.left + p.x, y = box.top + p.y, under = document.elementFromPoint(x, y);
    if (under && map.getContainer().contains(under) && !under.closest(covers) && !ownPopups.has(under)) {
      return [x, y];
    }
  }
  return null;
}""".replace("@MAP@", FIND_MAP)
# Before a click: no popup open (a closed one fades out for 200 ms); then the time of the
# mouse button's press, and of the first frame after a popup is in the page (its paint).
ARM_POPUP = """async () => {
  const map = @MAP@, started = performance.now();
  map.closePopup();
  while (document.querySelector('.leaflet-popup')) {
    if (performance.now() - started > 2000) { return false; }
    await new Promise(r => setTimeout(r, 20));
  }
  const timing = window.__benchPopup = {down: null, shown: null};
  addEventListener('mousedown', e => { timing.down = e.timeStamp; }, {capture: true, once: true});
  const seen = new MutationObserver(() => {
    if (document.querySelector('.leaflet-popup')) {
      seen.disconnect();
      requestAnimationFrame(() => { timing.shown = performance.now(); });
    }
  });
  seen.observe(map.getContainer(), {childList: true, subtree: true});
  return true;
}""".replace("@MAP@", FIND_MAP)
POPUP_SHOWN = "() => window.__benchPopup && window.__benchPopup.shown !== null"
POPUP_TIMING = "() => [window.__benchPopup.down, window.__benchPopup.shown]"
# A point's popup has the point's name as its title; any other is a grid cell's.
POPUP_TITLE = """() => {
  const box = document.querySelector('.leaflet-popup-content');
  const title = box && box.querySelector('h1, h2, h3, h4, h5, h6');
  return ((title || box || {}).textContent || '').trim();
}"""
POINT_NAME = re.compile(r"^(Enterprise \d+|\S+有限公司\d+)$")


class Chromium:
    """Debian's headless Chromium with the project's launch settings."""

    def __init__(self, timeout_s: float = DRAW_TIMEOUT_S) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        self.version = self.browser.version
        self.timeout_s = timeout_s
        self._cdp = self.browser.new_browser_cdp_session()

    def renderers(self) -> list[int]:
        """Process ids of this browser's renderers, as Chromium reports them."""
        info = self._cdp.send("SystemInfo.getProcessInfo")
        return [int(p["id"]) for p in info["processInfo"] if p["type"] == "renderer"]

    def close(self) -> None:
        self.browser.close()
        self._playwright.stop()

    def draw(self, build: Build, sample: list[list[float]], query: str | None = None) -> Drawn:
        """Open the page in a fresh context, off the network, and time its drawing."""
        page_file, notes, dropped = ROOT / build.html, [], []
        packages: dict[str, Path] = {}
        if build.contender == LONBOARD:
            page_file, packages, problems = lonboard_offline(page_file)
            if problems:
                return Drawn("skipped", detail="not served locally: " + "; ".join(problems))
        elif build.contender != "mapgen":
            page_file, dropped = offline_copy(page_file)
        context = self.browser.new_context(viewport=VIEWPORT)
        served: list[str] = []
        aborted: list[str] = []

        def answer(route: Any) -> None:
            url = route.request.url
            if url.startswith(("file:", "data:", "about:")):
                route.continue_()
                return
            named = npm_file(url)
            folder = packages.get(f"{named[0]}@{named[1]}") if named else None
            if named and folder and (folder / named[2]).is_file():
                local = folder / named[2]
                served.append(url)
                route.fulfill(
                    path=str(local),
                    content_type=CONTENT_TYPES.get(local.suffix, "application/octet-stream"),
                    headers={"Access-Control-Allow-Origin": "*"},
                )
                return
            aborted.append(url)
            route.abort()

        try:
            if build.contender == LONBOARD:
                context.add_init_script(COUNT_INSTANCES)
            page = context.new_page()
            # blob: URLs are not routed: Playwright fails to continue a worker's request for one.
            page.route(lambda url: not url.startswith("blob:"), answer)
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)[:80]))
            drawn = self._time_drawn(page, page_file, build)
            if drawn.status == "ok" and build.contender == "mapgen":
                drawn.pan_s = _rounded(page.evaluate(PAN, [-VIEWPORT["width"] // 4, 0]))
                drawn.popup_s, drawn.popup_kind = _time_popup(page, sample)
                if sample and page.evaluate(ZOOM_TO, [*sample[0], ZOOMED_IN]) >= 0:
                    drawn.popup_zoomed_s, drawn.popup_zoomed_kind = _time_popup(page, sample)
                drawn.search_query = query
                drawn.search_index_s, drawn.search_s = _time_search(page, query)
            if drawn.status == "ok" and build.contender == LONBOARD:
                passed = page.evaluate("() => window.__benchInstancesAt / 1000")
                notes.append(f"every point passed to WebGL {passed:.2f} s after navigation, painted later")
            if errors:
                notes.append(f"page errors: {len(errors)}, first: {errors[0]}")
            if aborted:
                notes.append(f"aborted {len(aborted)} requests off the machine, first: {aborted[0][:100]}")
            drawn.detail = "; ".join(filter(None, [drawn.detail, *notes]))
            drawn.dropped = dropped
            drawn.served = list(dict.fromkeys(served))
            drawn.aborted = list(dict.fromkeys(aborted))
            return drawn
        finally:
            context.close()

    def _time_drawn(self, page: Any, page_file: Path, build: Build) -> Drawn:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        limit = self.timeout_s
        started = time.perf_counter()
        watchdog = None
        try:
            page.goto(page_file.as_uri(), wait_until="commit", timeout=limit * 1000)
            left = limit - (time.perf_counter() - started)
            # A renderer busy for minutes holds off Playwright's timeout: stop it instead.
            watchdog = Watchdog(self.renderers(), left + 5)
            page.wait_for_function(
                DRAWN_WHEN[build.contender], arg=build.points, polling=50, timeout=max(left * 1000, 1)
            )
            page.evaluate(TWO_FRAMES)  # painted, not just in the DOM
        except PlaywrightTimeout:
            return Drawn("timeout", detail=f"not drawn within {limit:g} s")
        except PlaywrightError as error:
            if watchdog and watchdog.fired.is_set():
                return Drawn("timeout", detail=f"not drawn within {limit:g} s; renderer stopped")
            return Drawn("error", detail=str(error).splitlines()[0][:120])
        finally:
            if watchdog:
                watchdog.cancel()
        seconds = round(time.perf_counter() - started, 3)
        if seconds > limit:
            return Drawn("late", drawn_s=seconds, detail=f"drawn after the {limit:g} s limit")
        return Drawn("ok", drawn_s=seconds)


def search_query(names: list[str], count: int, start: int = 4241) -> str | None:
    """Part of one point's name to search for, among the first ``count``: "prise 04242" of
    "Enterprise 04242", or of the next point with an English name (which points have one
    depends on the largest size: the generator draws each column for all points at once).

    >>> search_query(["Enterprise 00001", "松江新材料有限公司2", "Enterprise 00003"], 3, start=1)
    'prise 00003'
    >>> search_query(["Enterprise 00001", "松江新材料有限公司2"], 2, start=1)
    'prise 00001'
    """
    first = min(start, count)
    order = [*range(first, count), *range(first)]
    name = next((names[i] for i in order if names[i].startswith("Enterprise ")), None)
    return name[len("Enter") :] if name else None


SEARCH = """(query) => {
    const input = document.querySelector('.g60-search-input');
    if (!input) { return null; }
    let started = performance.now();
    input.focus();  // the search indexes the points' names when it gets the focus
    const indexed = performance.now() - started;
    let slowest = 0;
    for (let i = 1; i <= query.length; i++) {  // one keystroke at a time, as typed
        started = performance.now();
        input.value = query.slice(0, i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        slowest = Math.max(slowest, performance.now() - started);
    }
    return [indexed / 1000, slowest / 1000, document.querySelectorAll('.g60-search-option').length];
}"""


def _time_search(page: Any, query: str | None) -> tuple[float | None, float | None]:
    """Seconds the search box takes to index the names on focus, and its slowest keystroke."""
    if not query:
        return None, None
    measured = page.evaluate(SEARCH, query)
    if not measured or not measured[2]:  # no box, or no result: nothing was searched
        return None, None
    return _rounded(measured[0]), _rounded(measured[1])


def _time_popup(page: Any, sample: list[list[float]]) -> tuple[float | None, str | None]:
    """Seconds from pressing the mouse button over one of the points until the popup that
    click opens is painted, and whether it is a point's or a grid cell's; None if none."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if not page.evaluate(ARM_POPUP):  # a popup still open: what opens next is not known
        return None, None
    where = page.evaluate(POINT_ON_SCREEN, sample)
    if where is None:
        return None, None
    page.mouse.click(*where)
    try:
        page.wait_for_function(POPUP_SHOWN, polling="raf", timeout=10_000)
    except PlaywrightTimeout:
        return None, None
    down, shown = page.evaluate(POPUP_TIMING)
    if down is None:
        return None, None
    kind = "point" if POINT_NAME.match(page.evaluate(POPUP_TITLE)) else "cell"
    return _rounded((shown - down) / 1000), kind


def _rounded(seconds: float) -> float | None:
    return round(seconds, 3) if seconds >= 0 else None


# --- the cold build -------------------------------------------------------------------------


@dataclass
class ColdBuild:
    """Fresh-process wall times of one command."""

    command: str
    runs: list[float]
    cpu: list[float]
    failures: list[str] = field(default_factory=list)

    @property
    def median_s(self) -> float | None:
        return round(statistics.median(self.runs), 3) if self.runs else None

    @property
    def median_cpu_s(self) -> float | None:
        return round(statistics.median(self.cpu), 3) if self.cpu else None


def cold_builds(runs: int) -> dict[str, ColdBuild]:
    """The default map's build against importing folium (and geopandas); runs interleaved."""
    out = WORK / "cold-build.html"
    cases = {
        "mapgen build": [sys.executable, "-m", "mapgen", "build", "--root", str(ROOT), "--out", str(out)],
        "import folium, geopandas": [sys.executable, "-c", "import folium, geopandas"],
        "import folium": [sys.executable, "-c", "import folium"],
    }
    results = {
        name: ColdBuild(shlex.join(["python", *command[1:]]), [], []) for name, command in cases.items()
    }
    for _ in range(runs):  # round robin, so a busy moment hits every case alike
        for name, command in cases.items():
            run = run_process(command, timeout_s=120)
            if run.status != "ok" or run.wall_s is None or run.cpu_s is None:
                results[name].failures.append(f"{run.status}: {run.detail}")
                print(f"cold build: {name} {run.status}: {run.detail}", flush=True)
                continue
            results[name].runs.append(run.wall_s)
            results[name].cpu.append(run.cpu_s)
    return results


# --- the report -----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "",
    )
    versions = {}
    for package in (
        "folium",
        "branca",
        "geopandas",
        "pandas",
        "shapely",
        "numpy",
        "mapclassify",
        "playwright",
        "django-js-lib-leaflet",
        "lonboard",
        "anywidget",
        "ipywidgets",
        "g60-corridor-map",
    ):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9, 1),
    }


def git_state() -> dict[str, Any]:
    """The commit measured, and files under mapgen/ that differ from it (others' work)."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    return {
        "commit": git("rev-parse", "HEAD"),
        "uncommitted_mapgen_files": git("status", "--porcelain", "mapgen").splitlines(),
    }


def ratio(value: float | None, base: float | None) -> float | None:
    """value / base, or None when either is missing.

    >>> ratio(1.0, 4.0), ratio(None, 2.0)
    (0.25, None)
    """
    return round(value / base, 3) if value is not None and base else None


def ratios_to(builds: list[Build], anchor: str) -> dict[tuple[str, int], dict[str, float | None]]:
    """Each build's wall time, CPU, peak memory, bytes and drawing time over the anchor's."""
    anchors = {b.points: b for b in builds if b.contender == anchor and b.process.status == "ok"}
    table = {}
    for b in builds:
        base = anchors.get(b.points)
        if base is None or b.process.status != "ok":
            continue
        table[(b.contender, b.points)] = {
            "wall": ratio(b.process.wall_s, base.process.wall_s),
            "cpu": ratio(b.process.cpu_s, base.process.cpu_s),
            "peak": ratio(b.process.peak_mb, base.process.peak_mb),
            "bytes": ratio(b.html_bytes, base.html_bytes),
            "drawn": ratio(b.drawn.drawn_s, base.drawn.drawn_s),
        }
    return table


def _cell(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def table_rows(builds: list[Build]) -> list[list[str]]:
    """The printed (and README) table, one row per build."""
    to_floor, to_explore = ratios_to(builds, "floor"), ratios_to(builds, EXPLORE)
    rows = []
    for b in builds:
        f, r = to_floor.get((b.contender, b.points), {}), to_explore.get((b.contender, b.points), {})
        ok = b.process.status == "ok"
        drawn = b.drawn.status if b.drawn.drawn_s is None else _cell(b.drawn.drawn_s, ".2f")
        name = b.contender if b.points else f"{b.contender} (no layer)"
        rows.append(
            [
                name,
                f"{b.points:,}",
                _cell(b.process.wall_s, ".2f") if ok else b.process.status,
                _cell(b.process.cpu_s, ".2f"),
                _cell(b.process.peak_mb, ".0f"),
                _cell(b.html_bytes / MB if b.html_bytes else None, ".2f"),
                _cell(b.bytes_per_point, ".0f")
                + (f" ({b.extra_bytes_per_point:.0f})" if b.extra_bytes_per_point else ""),
                drawn,
                _cell(f.get("wall"), ".3f"),
                _cell(r.get("wall"), ".3f"),
                _cell(r.get("cpu"), ".3f"),
                _cell(r.get("peak"), ".2f"),
                _cell(r.get("bytes"), ".3f"),
                _cell(r.get("drawn"), ".3f"),
            ]
        )
    return rows


HEADER = [
    "contender",
    "points",
    "wall s",
    "CPU s",
    "peak MB",
    "HTML MB",
    "bytes/point",
    "drawn s",
    "wall ÷ floor",
    "wall ÷ explore",
    "CPU ÷ explore",
    "peak ÷ explore",
    "bytes ÷ explore",
    "drawn ÷ explore",
]


def markdown_table(header: list[str], rows: Iterable[list[str]]) -> str:
    """A GitHub table.

    >>> print(markdown_table(["a", "b"], [["1", "2"]]))
    | a | b |
    | --- | --- |
    | 1 | 2 |
    """
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def targets(builds: list[Build], largest: int) -> list[dict[str, Any]]:
    """Issue 16's targets for mapgen at the largest size, each with its value and met or not
    (a value not measured is not met). The popup's is the slower of its two clicks."""
    found = {b.contender: b for b in builds if b.points == largest and b.process.status == "ok"}
    ours, floor = found.get("mapgen"), found.get("floor")
    drawn = ours.drawn if ours else Drawn("skipped")
    clicks = [s for s in (drawn.popup_s, drawn.popup_zoomed_s) if s is not None]
    measured: list[tuple[str, float | None, float, str]] = [
        (
            "build time ÷ the naive floor's",
            ratio(ours.process.wall_s, floor.process.wall_s) if ours and floor else None,
            1.0,
            "×",
        ),
        ("page size", ours.html_bytes / MB if ours and ours.html_bytes else None, 12.0, "MB"),
        ("peak memory of the build", ours.process.peak_mb if ours else None, 400.0, "MB"),
        ("drawn in Chromium", drawn.drawn_s, 2.5, "s"),
        ("pan, until redrawn", _ms(drawn.pan_s), 50.0, "ms"),
        ("a click's popup (the slower click)", _ms(max(clicks)) if clicks else None, 100.0, "ms"),
        ("search, slowest keystroke", _ms(drawn.search_s), 50.0, "ms"),
    ]
    return [
        {
            "name": name,
            "points": largest,
            "value": None if value is None else round(value, 3),
            "target": limit,
            "unit": unit,
            "met": value is not None and value <= limit,
        }
        for name, value, limit, unit in measured
    ]


def cold_target(cold: dict[str, ColdBuild] | None) -> list[dict[str, Any]]:
    """Issue 6's cold build target: mapgen build ≤ 1.5 × importing folium and geopandas."""
    if not cold:
        return []
    value = ratio(cold["mapgen build"].median_s, cold["import folium, geopandas"].median_s)
    return [
        {
            "name": "cold build ÷ import folium, geopandas (medians)",
            "points": 0,
            "value": value,
            "target": 1.5,
            "unit": "×",
            "met": value is not None and value <= 1.5,
        }
    ]


UNIT_FORMAT = {"×": ".2f", "MB": ".1f", "s": ".2f", "ms": ".0f"}


def target_rows(goals: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            g["name"],
            "not measured" if g["value"] is None else f"{g['value']:,{UNIT_FORMAT[g['unit']]}} {g['unit']}",
            f"≤ {g['target']:g} {g['unit']}",
            "met" if g["met"] else "MISSED",
        ]
        for g in goals
    ]


def print_report(
    builds: list[Build],
    cold: dict[str, ColdBuild] | None,
    goals: list[dict[str, Any]],
    earlier: list[dict[str, Any]],
) -> None:
    print()
    print(markdown_table(HEADER, table_rows(builds)))
    print(
        "\npeak MB: the build's own ru_maxrss, MB of 10^6 bytes. bytes/point of mapgen: whole page "
        "(and without the corridor's own page, the 'no layer' row). drawn: headless Chromium, "
        "every request off the machine answered from a local copy or blocked."
    )
    for b in builds:
        d = b.drawn
        extras = [
            f"pan {d.pan_s} s" if d.pan_s is not None else "",
            f"popup {d.popup_s} s ({d.popup_kind})" if d.popup_s is not None else "",
            f"zoomed in, popup {d.popup_zoomed_s} s ({d.popup_zoomed_kind})"
            if d.popup_zoomed_s is not None
            else "",
            f"search: indexed on focus {d.search_index_s} s, slowest key {d.search_s} s"
            if d.search_s is not None
            else "",
            b.process.detail,
            d.detail,
        ]
        extras = [e for e in extras if e]
        if extras:
            print(f"  {b.contender} {b.points:,}: " + "; ".join(extras))
    if cold:
        print()
        print(
            markdown_table(
                ["command (fresh process)", "median wall s", "median CPU s", "runs"],
                [
                    [
                        c.command,
                        _cell(c.median_s, ".3f"),
                        _cell(c.median_cpu_s, ".3f"),
                        ", ".join(f"{t:.2f}" for t in c.runs)
                        + (f" ({len(c.failures)} failed)" if c.failures else ""),
                    ]
                    for c in cold.values()
                ],
            )
        )
    if goals:
        print(f"\nIssue 16's targets at {goals[0]['points']:,} points (mapgen):\n")
        print(markdown_table(["target", "measured", "limit", ""], target_rows(goals)))
    if earlier:
        print()
        print(markdown_table(["issue 6's target", "measured", "limit", ""], target_rows(earlier)))


# --- the run --------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="comma-separated point counts (default %(default)s: the standard run); "
        + ", ".join(f"{c} runs up to {n:,}" for c, n in MAX_POINTS.items()),
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=sorted(CONTENDERS),
        help="leave a contender out (repeatable)",
    )
    parser.add_argument("--skip-browser", action="store_true", help="do not time drawing")
    parser.add_argument("--skip-cold", action="store_true", help="do not time the cold build")
    parser.add_argument(
        "--draw-timeout",
        type=float,
        default=DRAW_TIMEOUT_S,
        help="seconds a page may take to draw (default %(default)s)",
    )
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument(
        "--build-runs", type=int, default=3, help="runs of the floor and mapgen at each size (median)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    contenders = [c for c in CONTENDERS if c not in args.skip]
    WORK.mkdir(parents=True, exist_ok=True)
    launcher()  # before the points are made: see LAUNCHER
    try:
        report = run(args, sizes, contenders)
    finally:
        if _launcher is not None:
            _launcher.close()
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")


def run(args: argparse.Namespace, sizes: list[int], contenders: list[str]) -> dict[str, Any]:
    started, git_before = dt.datetime.now(dt.UTC), git_state()
    points = make_points(max(sizes))
    builds: list[Build] = []
    if "mapgen" in contenders:
        builds.append(build_page("mapgen", None, 0))
        print(
            f"mapgen, no layer: {builds[-1].process.status} {_cell(builds[-1].process.wall_s, '.2f')} s, "
            f"{builds[-1].html_bytes or 0:,} bytes {builds[-1].process.detail}",
            flush=True,
        )
    for size in sizes:
        source = write_csv(points, size, WORK / f"points-{size}.csv")
        for contender in contenders:
            if size > MAX_POINTS.get(contender, size):
                continue
            # The floor and this project, whose ratio is a target: the median of a few runs.
            runs = args.build_runs if contender in ("floor", "mapgen") else 1
            build = build_page(contender, source, size, runs)
            builds.append(build)
            print(
                f"{contender:13} {size:>9,} points: {build.process.status} "
                f"{_cell(build.process.wall_s, '.2f')} s, {_cell(build.process.peak_mb, '.0f')} MB, "
                f"{build.html_bytes or 0:,} bytes {build.process.detail}",
                flush=True,
            )
    base = next((b for b in builds if b.contender == "mapgen" and b.points == 0), None)
    for b in builds:
        if b.contender == "mapgen" and b.points and b.html_bytes and base and base.html_bytes:
            b.extra_bytes_per_point = round((b.html_bytes - base.html_bytes) / b.points, 1)
    chromium_version = None
    if not args.skip_browser:
        chromium_version = draw_all(builds, points, args.draw_timeout)
    cold = None if args.skip_cold else cold_builds(args.cold_runs)
    goals, earlier = targets(builds, max(sizes)), cold_target(cold)
    print_report(builds, cold, goals, earlier)
    return {
        "date": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": shlex.join(["python", *sys.argv]),
        "machine": {**machine(), "chromium": chromium_version},
        "git": {"start": git_before, "end": git_state()},
        "settings": {
            "sizes": sizes,
            "max_points": MAX_POINTS,
            "seed": SEED,
            "build_timeout_s": BUILD_TIMEOUT_S,
            "draw_timeout_s": args.draw_timeout,
            "viewport": VIEWPORT,
            "zoomed_in": ZOOMED_IN,
            "cold_runs": None if args.skip_cold else args.cold_runs,
            "build_runs": args.build_runs,
            "units": {"peak_mb": "MB of 10^6 bytes (ru_maxrss × 1024 / 10^6)", "HTML MB": "10^6 bytes"},
        },
        "notes": NOTES,
        "builds": [asdict(b) for b in builds],
        "ratios_to_floor": [
            {"contender": c, "points": n, **r} for (c, n), r in ratios_to(builds, "floor").items()
        ],
        "ratios_to_explore": [
            {"contender": c, "points": n, **r} for (c, n), r in ratios_to(builds, EXPLORE).items()
        ],
        "table": {"header": HEADER, "rows": table_rows(builds)},
        "cold_build": None
        if cold is None
        else {
            name: {**asdict(c), "median_s": c.median_s, "median_cpu_s": c.median_cpu_s}
            for name, c in cold.items()
        },
        "targets": goals,
        "earlier_targets": earlier,
    }


NOTES = [
    "Every contender starts from the same CSV in a fresh Python process; wall time includes "
    "interpreter start, imports, reading the CSV and writing the file.",
    "floor: pandas read_csv, then json.dump with separators=(',', ':') and the default "
    "ensure_ascii of the same columns (coordinates as integers of 1e-5 degrees, names, "
    "categories dictionary-coded): the issue's 'naive floor'.",
    "explore, plain_folium and lonboard are built up to 100,000 points only (MAX_POINTS); "
    "floor and mapgen at every size.",
    "peak MB is the build's own ru_maxrss from os.wait4, in MB of 10^6 bytes; CPU s is its user "
    "+ system time. Builds are started by a launcher process that starts before the points are "
    "made: on Linux a child's ru_maxrss is at least the peak of the process it was started from.",
    "mapgen's page also holds the corridor's own map (the 'no layer' row); its bytes/point "
    "in parentheses leaves that out.",
    "drawn s: from page.goto until drawn, then two animation frames; mapgen: its point layer "
    "sets data-points-drawn on the map when its tiles are drawn; plain_folium: one "
    ".leaflet-marker-icon per point; explore: one path.leaflet-interactive per point; lonboard: "
    "deck.gl has drawn every point in one frame (instances passed to WebGL2's "
    "drawArraysInstanced/drawElementsInstanced within one animation frame reach the point count). "
    "Chromium runs with --disable-gpu: WebGL is software (SwiftShader), which costs deck.gl "
    "(lonboard) far more than it would on a GPU: its detail gives when every point was passed "
    "to WebGL, before the frames that paint them.",
    "folium and explore pages load Leaflet 1.9.4 (django-js-lib-leaflet) and Debian's jQuery "
    "from local files instead of their CDNs; Bootstrap, Font Awesome, awesome-markers and "
    "jQuery UI are dropped (not needed to draw; explore's legend then cannot be dragged).",
    "lonboard's page loads require.js (cdnjs), @jupyter-widgets/html-manager and anywidget "
    "(jsDelivr) and parquet-wasm's .wasm (jsDelivr): each request is answered by Playwright from "
    "the npm package the URL names (npm pack, cached in bench/work/npm; npm's require.js is not "
    "minified, so the copy of the page drops the script tag's integrity attribute). Its basemap "
    "is off (basemap=None); any other request is aborted and listed in drawn.aborted. The page "
    "reports 8 errors from web workers it starts from blob: URLs (threads.js' importScripts "
    "workaround, which fails in a file:// page, routed or not); its points are drawn regardless.",
    "mapgen's pan: map.panBy a quarter of the viewport's width, without animation, until its "
    "point layer has drawn the new tiles. popup: from the mouse button's press (the event's "
    "timeStamp) until the first animation frame after a popup is in the page, clicking over "
    "one of the points (where there is data) with no other popup open; once at the first view "
    "(a point's popup, or a grid cell's where the layer draws a grid) and once zoomed in to "
    "ZOOMED_IN on a point. The popup target takes the slower of the two. search: the slowest "
    "keystroke of a query (part of one point's name: drawn.search_query) typed one letter at a "
    "time, results listed.",
    "A page not drawn within the limit is stopped (its renderer killed) and larger sizes of "
    "that contender are not opened.",
    "The machine is shared: load_before/load_after are the 1-minute load averages around each build.",
]


def draw_all(builds: list[Build], points: Points, timeout_s: float) -> str:
    """Time every built page in Chromium; returns Chromium's version."""
    sample = [[float(points.lat[i]), float(points.lon[i])] for i in range(min(200, len(points.lat)))]
    too_slow: dict[str, int] = {}  # contender -> the size it was not drawn in time at
    chromium = Chromium(timeout_s)
    try:
        for b in builds:
            if b.process.status != "ok" or b.contender not in DRAWN_WHEN or not b.points:
                continue
            if b.contender in too_slow:
                b.drawn = Drawn("skipped", detail=f"not drawn in time at {too_slow[b.contender]:,}")
                continue
            b.drawn = chromium.draw(b, sample, search_query(points.names, b.points))
            if b.drawn.status in ("timeout", "late"):
                too_slow[b.contender] = b.points
            d = b.drawn
            print(
                f"drawn {b.contender:13} {b.points:>9,}: {d.status} {d.drawn_s} s pan {d.pan_s} "
                f"popup {d.popup_s} ({d.popup_kind}) zoomed {d.popup_zoomed_s} ({d.popup_zoomed_kind}) "
                f"search {d.search_s} {d.detail}",
                flush=True,
            )
        dropped = sorted({name for b in builds for name in b.drawn.dropped})
        if dropped:
            print("left out of folium's pages: " + ", ".join(dropped))
        return str(chromium.version)
    finally:
        chromium.close()


if __name__ == "__main__":
    main()
