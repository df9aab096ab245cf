"""Benchmark extra point layers: this project against plain folium and geopandas ``.explore()``.

    .venv/bin/python bench/run.py             # the full run: about 12 minutes on 2 cores
    .venv/bin/python bench/run.py --sizes 1000,10000 --skip plain_folium --skip-browser --skip-cold

One run on one machine. The same random points (a fixed seed, inside the corridor, a
name and a category each) are written as one CSV per size; then each contender turns
that CSV into a page in a fresh Python process, so its wall time includes the
interpreter's start and its imports:

- ``mapgen``: ``python -m mapgen build --layer points.csv --basemap none`` (the page
  also holds the corridor's own data: see the ``mapgen, no layer`` row);
- ``explore``: pandas reads the CSV, ``GeoDataFrame.explore(column="category",
  popup=["name", "category"], tiles=None)``, ``.save()``;
- ``plain_folium``: one ``folium.Marker`` with a ``folium.Popup`` per point, ``.save()``;
- ``floor``: the csv module reads the points and ``json.dump`` writes them compactly
  (coordinates as integers of 1e-5 degrees, categories dictionary-coded).

Peak memory is the child's own ``ru_maxrss`` from ``os.wait4``. Each page is then
opened in headless Chromium (Debian's, with every request that is not a local file
aborted) and timed from ``goto`` until its points are drawn (at most 120 s: a slower
page's renderer is stopped, and its larger sizes are not opened). folium's pages load
Leaflet and jQuery from CDNs: the benchmark points them at local copies (Leaflet
1.9.4 from the ``django-js-lib-leaflet`` wheel, Debian's jQuery) and drops the
Bootstrap, Font Awesome, awesome-markers and jQuery UI files, which drawing does not
need. For this project's page it also times a pan and opening a point's popup.

Last, the default map's cold build (``mapgen build``) against the floor of merely
importing folium and geopandas. It prints a table with ratios to ``.explore()`` and
the issue's targets, and writes everything to ``bench/results.json``.
``.explore()`` needs ``mapclassify`` (``pip install mapclassify``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import platform
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
SIZES = (1_000, 10_000, 50_000, 100_000)
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
EXPLORE = "explore"

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
JSON_FLOOR = """
import csv, json, sys
src, out = sys.argv[1:3]
lat, lon, name, codes, categories = [], [], [], [], {}
with open(src, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        lat.append(round(float(row["lat"]) * 100000))
        lon.append(round(float(row["lon"]) * 100000))
        name.append(row["name"])
        codes.append(categories.setdefault(row["category"], len(categories)))
with open(out, "w", encoding="utf-8") as f:
    json.dump({"scale": 100000, "lat": lat, "lon": lon, "name": name,
               "category": {"dict": list(categories), "codes": codes}},
              f, ensure_ascii=False, separators=(",", ":"))
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


def snippet(code: str) -> Callable[[Path | None, Path], list[str]]:
    def command(source: Path | None, out: Path) -> list[str]:
        return [sys.executable, "-c", code, str(source), str(out)]

    return command


CONTENDERS: dict[str, Callable[[Path | None, Path], list[str]]] = {
    "floor": snippet(JSON_FLOOR),
    "mapgen": mapgen_command,
    EXPLORE: snippet(GEOPANDAS_EXPLORE),
    "plain_folium": snippet(PLAIN_FOLIUM),
}
SUFFIX = {"floor": ".json"}


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

    status: str  # ok | failed | timeout | killed
    wall_s: float
    cpu_s: float
    peak_mib: float
    detail: str = ""


class Watchdog:
    """Kills processes this benchmark started (by id) unless cancelled in time."""

    def __init__(self, pids: list[int], seconds: float) -> None:
        self.fired = threading.Event()
        self._timer = threading.Timer(max(seconds, 0.1), self._kill, [pids])
        self._timer.start()

    def _kill(self, pids: list[int]) -> None:
        self.fired.set()
        for pid in pids:  # os.kill, not Popen.kill: that could reap a child before wait4
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def cancel(self) -> None:
        self._timer.cancel()


def run_process(command: list[str], timeout_s: float = BUILD_TIMEOUT_S) -> ProcessRun:
    """Run a command; its own peak RSS comes from ``os.wait4`` (ru_maxrss, KiB on Linux)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        watchdog = Watchdog([child.pid], timeout_s)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        watchdog.cancel()
        child.returncode = code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    if watchdog.fired.is_set():
        outcome, detail = "timeout", f"stopped after {timeout_s:.0f} s"
    elif code == -signal.SIGKILL:
        outcome, detail = "killed", "SIGKILL (out of memory?)"
    elif code != 0:
        outcome, detail = "failed", f"exit {code}: " + " | ".join(tail)
    else:
        outcome, detail = "ok", ""
    return ProcessRun(
        outcome,
        round(wall, 3),
        round(usage.ru_utime + usage.ru_stime, 3),
        round(usage.ru_maxrss / 1024, 1),
        detail,
    )


@dataclass
class Drawn:
    """A page in headless Chromium: seconds from ``goto`` until its points are drawn."""

    status: str  # ok | late (after the limit) | timeout | error | skipped
    drawn_s: float | None = None
    pan_s: float | None = None
    popup_s: float | None = None
    search_index_s: float | None = None  # the search box gets the focus: its names indexed
    search_s: float | None = None  # the slowest keystroke of a query, results listed
    detail: str = ""
    dropped: list[str] = field(default_factory=list)  # CDN files left out of folium's page


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


def build_page(contender: str, source: Path | None, points: int) -> Build:
    """Run one contender on one CSV and measure its output."""
    out = WORK / f"{contender}-{points}{SUFFIX.get(contender, '.html')}"
    out.unlink(missing_ok=True)
    load_before = os.getloadavg()[0]
    process = run_process(CONTENDERS[contender](source, out))
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


# --- drawing pages in Chromium --------------------------------------------------------------


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


# Drawn: for mapgen, its point layer says so; for folium, every point has its marker element.
DRAWN_WHEN = {
    "mapgen": "() => document.querySelector('[data-points-drawn]') !== null",
    "plain_folium": "(n) => document.querySelectorAll('.leaflet-marker-icon').length >= n",
    EXPLORE: "(n) => document.querySelectorAll('path.leaflet-interactive').length >= n",
}
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
FIND_MAP = "Object.values(window).find(v => window.L && v instanceof L.Map)"
PAN = """async ([dx, dy]) => {
  const map = @MAP@, box = map.getContainer();
  box.removeAttribute('data-points-drawn');
  const started = performance.now();
  map.panBy([dx, dy], {animate: false});
  while (!box.hasAttribute('data-points-drawn')) {
    if (performance.now() - started > 10000) { return -1; }
    await new Promise(r => requestAnimationFrame(r));
  }
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return (performance.now() - started) / 1000;
}""".replace("@MAP@", FIND_MAP)
# A pixel over one of the given points where nothing else (a control, a marker) is on top.
POINT_ON_SCREEN = """(points) => {
  const map = @MAP@, size = map.getSize(), box = map.getContainer().getBoundingClientRect();
  const covers = '.leaflet-control, .leaflet-marker-icon, .leaflet-popup, .leaflet-tooltip';
  for (const [lat, lon] of points) {
    const p = map.latLngToContainerPoint([lat, lon]);
    if (p.x < 20 || p.y < 20 || p.x > size.x - 20 || p.y > size.y - 20) { continue; }
    const x = box.left + p.x, y = box.top + p.y, under = document.elementFromPoint(x, y);
    if (under && map.getContainer().contains(under) && !under.closest(covers)) { return [x, y]; }
  }
  return null;
}""".replace("@MAP@", FIND_MAP)


class Chromium:
    """Debian's headless Chromium with the project's launch settings."""

    def __init__(self, timeout_s: float = DRAW_TIMEOUT_S) -> None:
        from playwright.sync_api import sync_playwright

        from mapgen.export.png import CHROMIUM_ARGS, chromium

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=str(chromium()), args=CHROMIUM_ARGS)
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

    def draw(self, build: Build, sample: list[list[float]]) -> Drawn:
        """Open the page in a fresh context, off the network, and time its drawing."""
        page_file, notes, dropped = ROOT / build.html, [], []
        if build.contender != "mapgen":
            page_file, dropped = offline_copy(page_file)
        context = self.browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(("file:", "data:", "blob:", "about:"))
                    else route.abort()
                ),
            )
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)[:80]))
            drawn = self._time_drawn(page, page_file, build)
            if drawn.status == "ok" and build.contender == "mapgen":
                drawn.pan_s = _rounded(page.evaluate(PAN, [-VIEWPORT["width"] // 4, 0]))
                drawn.popup_s = _time_popup(page, sample)
                drawn.search_index_s, drawn.search_s = _time_search(page)
            if errors:
                notes.append(f"page errors: {len(errors)}, first: {errors[0]}")
            drawn.detail = "; ".join(filter(None, [drawn.detail, *notes]))
            drawn.dropped = dropped
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


POINT_NAME = re.compile("Enterprise|有限公司")


SEARCH_QUERY = "prise 04242"  # any part of a point's name ("Enterprise 04242"; search.js)
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


def _time_search(page: Any) -> tuple[float | None, float | None]:
    """Seconds the search box takes to index the names on focus, and its slowest keystroke."""
    measured = page.evaluate(SEARCH, SEARCH_QUERY)
    if not measured or not measured[2]:  # no box, or no result: nothing was searched
        return None, None
    return _rounded(measured[0]), _rounded(measured[1])


def _time_popup(page: Any, sample: list[list[float]]) -> float | None:
    """Seconds from clicking a point until its popup shows; None if that failed."""
    where = page.evaluate(POINT_ON_SCREEN, sample)
    if where is None:
        return None
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = time.perf_counter()
    page.mouse.click(*where)
    try:
        page.locator(".leaflet-popup-content", has_text=POINT_NAME).wait_for(timeout=10_000)
    except PlaywrightTimeout:
        return None
    return round(time.perf_counter() - started, 3)


def _rounded(seconds: float) -> float | None:
    return round(seconds, 3) if seconds >= 0 else None


# --- the cold build -------------------------------------------------------------------------


@dataclass
class ColdBuild:
    """Fresh-process wall times of one command."""

    command: str
    runs: list[float]
    cpu: list[float]

    @property
    def median_s(self) -> float:
        return round(statistics.median(self.runs), 3)

    @property
    def median_cpu_s(self) -> float:
        return round(statistics.median(self.cpu), 3)


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
            if run.status != "ok":
                raise SystemExit(f"{name} failed: {run.detail}")
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
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
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


def ratios_to_explore(builds: list[Build]) -> dict[tuple[str, int], dict[str, float | None]]:
    """Each build's wall time, peak memory, bytes and drawing time over explore's."""
    explore = {b.points: b for b in builds if b.contender == EXPLORE and b.process.status == "ok"}
    table = {}
    for b in builds:
        base = explore.get(b.points)
        if base is None or b.process.status != "ok":
            continue
        table[(b.contender, b.points)] = {
            "wall": ratio(b.process.wall_s, base.process.wall_s),
            "cpu": ratio(b.process.cpu_s, base.process.cpu_s),
            "peak": ratio(b.process.peak_mib, base.process.peak_mib),
            "bytes": ratio(b.html_bytes, base.html_bytes),
            "drawn": ratio(b.drawn.drawn_s, base.drawn.drawn_s),
        }
    return table


def _cell(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def table_rows(builds: list[Build]) -> list[list[str]]:
    """The printed (and README) table, one row per build."""
    ratios = ratios_to_explore(builds)
    rows = []
    for b in builds:
        r = ratios.get((b.contender, b.points), {})
        ok = b.process.status == "ok"
        drawn = b.drawn.status if b.drawn.drawn_s is None else _cell(b.drawn.drawn_s, ".2f")
        name = b.contender if b.points else f"{b.contender} (no layer)"
        rows.append(
            [
                name,
                f"{b.points:,}",
                _cell(b.process.wall_s, ".2f") if ok else b.process.status,
                _cell(b.process.cpu_s, ".2f"),
                _cell(b.process.peak_mib, ".0f"),
                _cell(b.html_bytes / 1e6 if b.html_bytes else None, ".2f"),
                _cell(b.bytes_per_point, ".0f")
                + (f" ({b.extra_bytes_per_point:.0f})" if b.extra_bytes_per_point else ""),
                drawn,
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
    "peak MiB",
    "HTML MB",
    "bytes/point",
    "drawn s",
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


def targets(builds: list[Build], cold: dict[str, ColdBuild] | None) -> list[dict[str, Any]]:
    """The issue's targets at the largest size measured, each met or missed."""
    ok = [b for b in builds if b.process.status == "ok"]
    largest = max((b.points for b in ok), default=0)
    ours = next((b for b in ok if b.contender == "mapgen" and b.points == largest), None)
    explore = next((b for b in ok if b.contender == EXPLORE and b.points == largest), None)
    found: list[dict[str, Any]] = []

    def check(what: str, value: float | None, limit: float | None, strict: bool = False) -> None:
        if value is None or limit is None:
            return
        met = value < limit if strict else value <= limit
        found.append({"target": what, "value": round(value, 3), "limit": round(limit, 3), "met": met})

    if ours and explore:
        check(
            f"build wall at {largest:,} points ≤ ¼ of explore's (s)",
            ours.process.wall_s,
            explore.process.wall_s / 4,
        )
        check(
            f"HTML at {largest:,} points ≤ ⅓ of explore's (bytes)",
            ours.html_bytes,
            (explore.html_bytes or 0) / 3,
        )
        check(
            f"peak memory at {largest:,} points < explore's (MiB)",
            ours.process.peak_mib,
            explore.process.peak_mib,
            strict=True,
        )
    if ours:
        check(f"drawn in Chromium at {largest:,} points ≤ 3 s", ours.drawn.drawn_s, 3.0)
        check(f"search: slowest keystroke at {largest:,} points ≤ 50 ms (s)", ours.drawn.search_s, 0.05)
    if cold:
        floor = cold["import folium, geopandas"].median_s
        check("cold build ≤ 1.5 × import folium, geopandas (s)", cold["mapgen build"].median_s, 1.5 * floor)
    return found


def print_report(builds: list[Build], cold: dict[str, ColdBuild] | None, goals: list[dict[str, Any]]) -> None:
    print()
    print(markdown_table(HEADER, table_rows(builds)))
    print(
        "\nbytes/point of mapgen: whole page (and without the corridor's own page, the "
        "'no layer' row). drawn: headless Chromium, every request off the machine blocked."
    )
    for b in builds:
        extras = [
            f"pan {b.drawn.pan_s} s" if b.drawn.pan_s is not None else "",
            f"popup {b.drawn.popup_s} s" if b.drawn.popup_s is not None else "",
            f"search: indexed on focus {b.drawn.search_index_s} s, slowest key {b.drawn.search_s} s"
            if b.drawn.search_s is not None
            else "",
            b.process.detail,
            b.drawn.detail,
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
                        f"{c.median_s:.3f}",
                        f"{c.median_cpu_s:.3f}",
                        ", ".join(f"{t:.2f}" for t in c.runs),
                    ]
                    for c in cold.values()
                ],
            )
        )
    print()
    for goal in goals:
        verdict = "met" if goal["met"] else "MISSED"
        print(f"{verdict:6} {goal['target']}: {goal['value']:,} (limit {goal['limit']:,})")


# --- the run --------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="comma-separated point counts (default %(default)s)",
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
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    contenders = [c for c in CONTENDERS if c not in args.skip]
    WORK.mkdir(parents=True, exist_ok=True)
    started, git_before = dt.datetime.now(dt.UTC), git_state()
    points = make_points(max(sizes))
    builds: list[Build] = []
    if "mapgen" in contenders:
        builds.append(build_page("mapgen", None, 0))
        print(
            f"mapgen, no layer: {builds[-1].process.wall_s:.2f} s, {builds[-1].html_bytes:,} bytes",
            flush=True,
        )
    for size in sizes:
        source = write_csv(points, size, WORK / f"points-{size}.csv")
        for contender in contenders:
            build = build_page(contender, source, size)
            builds.append(build)
            print(
                f"{contender:13} {size:>7,} points: {build.process.status} "
                f"{build.process.wall_s:.2f} s, {build.process.peak_mib:.0f} MiB, "
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
    goals = targets(builds, cold)
    print_report(builds, cold, goals)
    report = {
        "date": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": shlex.join(["python", *sys.argv]),
        "machine": {**machine(), "chromium": chromium_version},
        "git": {"start": git_before, "end": git_state()},
        "settings": {
            "sizes": sizes,
            "seed": SEED,
            "build_timeout_s": BUILD_TIMEOUT_S,
            "draw_timeout_s": args.draw_timeout,
            "viewport": VIEWPORT,
            "cold_runs": None if args.skip_cold else args.cold_runs,
        },
        "notes": NOTES,
        "builds": [asdict(b) for b in builds],
        "ratios_to_explore": [
            {"contender": c, "points": n, **r} for (c, n), r in ratios_to_explore(builds).items()
        ],
        "table": {"header": HEADER, "rows": table_rows(builds)},
        "cold_build": None
        if cold is None
        else {
            name: {**asdict(c), "median_s": c.median_s, "median_cpu_s": c.median_cpu_s}
            for name, c in cold.items()
        },
        "targets": goals,
    }
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")


NOTES = [
    "Every contender starts from the same CSV in a fresh Python process; wall time includes "
    "interpreter start, imports, reading the CSV and writing the file.",
    "peak MiB is the child's ru_maxrss from os.wait4; CPU s is its user + system time.",
    "mapgen's page also holds the corridor's own map (the 'no layer' row); its bytes/point "
    "in parentheses leaves that out.",
    "drawn s: from page.goto until drawn, then two animation frames; mapgen: its point layer "
    "sets data-points-drawn; plain_folium: one .leaflet-marker-icon per point; explore: one "
    "path.leaflet-interactive per point. Every request that is not a local file is aborted.",
    "folium and explore pages load Leaflet 1.9.4 (django-js-lib-leaflet) and Debian's jQuery "
    "from local files instead of their CDNs; Bootstrap, Font Awesome, awesome-markers and "
    "jQuery UI are dropped (not needed to draw; explore's legend then cannot be dragged).",
    "mapgen's pan: map.panBy a quarter of the viewport's width, without animation, until its "
    "point layer has drawn the new tiles; popup: a click on a point until its popup shows.",
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
            b.drawn = chromium.draw(b, sample)
            if b.drawn.status in ("timeout", "late"):
                too_slow[b.contender] = b.points
            print(
                f"drawn {b.contender:13} {b.points:>7,}: {b.drawn.status} {b.drawn.drawn_s} s "
                f"pan {b.drawn.pan_s} popup {b.drawn.popup_s} search {b.drawn.search_s} {b.drawn.detail}",
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
