"""Time `mapgen build` as a person runs it: a fresh process each time.

    .venv/bin/python bench/cold_build.py [--runs 7]

Prints the median and range of wall time for the default map and for the floor
of merely importing folium, and writes bench/cold_build.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wall_times(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "map.html"
        cases = {
            "mapgen build": [sys.executable, "-m", "mapgen", "build", "--out", str(out)],
            "import folium (floor)": [sys.executable, "-c", "import folium"],
        }
        results = {}
        for name, command in cases.items():
            times = wall_times(command, args.runs)
            results[name] = {"median_s": round(statistics.median(times), 3),
                             "min_s": round(min(times), 3), "max_s": round(max(times), 3)}
            print(f"{name:24} median {results[name]['median_s']:.3f} s "
                  f"(min {results[name]['min_s']:.3f}, max {results[name]['max_s']:.3f}, "
                  f"{args.runs} runs)")
        size = out.stat().st_size
    report = {"machine": f"{platform.machine()}, {platform.python_version()}",
              "runs": args.runs, "results": results, "html_bytes": size}
    print(f"HTML size: {size:,} bytes")
    (ROOT / "bench" / "cold_build.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
