"""A layer of many points is read as a grid of counts where its dots would overplot: the
legend explains the classes, a cell's popup counts its points by category (the counts of
the file, recounted here), a chosen category is counted alone, and zoomed in the dots
come back. In both languages, offline, with hostile category names kept as text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import REPO, OfflinePage

from mapgen import build

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.__pwned=1">'
CATEGORIES = ("Software", "Biomedicine", HOSTILE)
# Crowds away from the cities' markers (a click on a marker opens the city).
CENTRES = ((119.6, 30.75), (118.7, 29.8), (120.9, 30.0))
COUNT = 60_000
MAP = "Object.values(window).find((v) => v instanceof L.Map)"


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """60,000 points round three cities, each city with its own mix of categories."""
    rng = np.random.default_rng(16)
    centre = rng.integers(len(CENTRES), size=COUNT)
    lon = np.round(np.array(CENTRES)[centre, 0] + rng.normal(0, 0.05, COUNT), 5)
    lat = np.round(np.array(CENTRES)[centre, 1] + rng.normal(0, 0.05, COUNT), 5)
    mix = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
    kind = (rng.random(COUNT)[:, None] > np.cumsum(mix[centre], axis=1)).sum(axis=1)
    folder = tmp_path_factory.mktemp("crowded")
    source = folder / "firms.csv"
    lines = ["name,category,lat,lon"]
    rows = zip(kind.tolist(), lat.tolist(), lon.tolist(), strict=True)
    lines += [f"Firm {i},{CATEGORIES[k]},{a:.5f},{o:.5f}" for i, (k, a, o) in enumerate(rows)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "map.html"
    build(REPO, out, layers=[source])
    return out, (lon, lat, kind)


def drawn(session: OfflinePage, out: Path, hash_: str = "") -> Any:
    page = session.page
    page.goto(out.as_uri() + hash_)
    page.wait_for_selector("[data-points-drawn]")
    return page


def click_cell(page: Any, lon: float, lat: float) -> dict[str, Any]:
    """Click the map at a place; the cell whose popup opens, as bounds in degrees."""
    at = page.evaluate(
        f"([lat, lon]) => {{ const p = {MAP}.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }}",
        [lat, lon],
    )
    page.mouse.click(*at)
    page.wait_for_selector(".g60-density-popup")
    return dict(
        page.evaluate(
            f"""() => {{
            const map = {MAP};
            let cell = null;
            map.eachLayer((layer) => {{ if (layer.openCell) {{ cell = layer.openCell.cell; }} }});
            const nw = map.unproject(L.point(cell.left, cell.top), cell.zoom);
            const se = map.unproject(L.point(cell.right, cell.bottom), cell.zoom);
            return {{west: nw.lng, north: nw.lat, east: se.lng, south: se.lat}};
        }}"""
        )
    )


def counts_in(cell: dict[str, Any], points: Any) -> Counter[str]:
    lon, lat, kind = points
    inside = (lon >= cell["west"]) & (lon < cell["east"]) & (lat <= cell["north"]) & (lat > cell["south"])
    return Counter(CATEGORIES[k] for k in kind[inside])


def popup_counts(page: Any) -> tuple[int, dict[str, int]]:
    """The popup's total and its count per category."""
    popup = page.locator(".g60-density-popup")
    total = int(re.sub(r"\D", "", popup.locator("h3, .g60-popup-title").first.inner_text()))
    rows = {}
    for line in popup.locator(".g60-density-category").all_inner_texts():
        name, _, number = line.rpartition(":") if ":" in line else line.rpartition("：")
        rows[name.strip()] = int(re.sub(r"\D", "", number))
    return total, rows


def test_the_opening_view_is_a_grid_whose_cells_count_the_points(
    crowded: tuple[Path, Any], offline_page: Callable[..., OfflinePage]
) -> None:
    out, points = crowded
    session = offline_page()
    page = drawn(session, out)
    legend = page.locator(".g60-density-legend")
    assert legend.is_visible()
    assert "Firms: points per cell" in legend.inner_text()
    classes = legend.locator(".g60-legend-row").all_inner_texts()
    assert len(classes) >= 3 and classes[-1].endswith("or more")
    cell = click_cell(page, *CENTRES[1])
    total, rows = popup_counts(page)
    expected = counts_in(cell, points)
    assert total == sum(expected.values()) > 100
    assert rows == {name: count for name, count in expected.items() if count}
    assert page.evaluate("() => window.__pwned") is None
    assert session.errors == []  # (the basemap's tiles are blocked: offline)


def test_a_chosen_category_is_counted_alone(
    crowded: tuple[Path, Any], offline_page: Callable[..., OfflinePage]
) -> None:
    out, points = crowded
    page = drawn(offline_page(), out)
    legend = page.locator(".g60-density-legend")
    before = legend.locator(".g60-legend-row").all_inner_texts()
    options = legend.locator("select option").all_inner_texts()
    assert options[0] == "All categories" and HOSTILE in options  # the name as text, not markup
    legend.locator("select").select_option(label="Biomedicine")
    page.wait_for_timeout(300)
    after = legend.locator(".g60-legend-row").all_inner_texts()
    assert after != before  # the classes of fewer points
    # A cell's popup still counts every category; the grid's colour is Biomedicine's count.
    cell = click_cell(page, *CENTRES[1])
    total, rows = popup_counts(page)
    assert rows["Biomedicine"] == counts_in(cell, points)["Biomedicine"] < total


def test_zoomed_in_the_dots_come_back(
    crowded: tuple[Path, Any], offline_page: Callable[..., OfflinePage]
) -> None:
    out, points = crowded
    page = drawn(offline_page(), out)
    lon, lat, _ = points
    page.evaluate(
        f"([lat, lon]) => {MAP}.setView([lat, lon], 16, {{animate: false}})", [float(lat[5]), float(lon[5])]
    )
    page.wait_for_timeout(400)
    assert not page.locator(".g60-density-legend").is_visible()
    size = page.viewport_size
    page.mouse.click(size["width"] / 2, size["height"] / 2)
    page.locator(".g60-point-popup").wait_for()
    assert page.locator(".g60-point-popup .g60-popup-title").inner_text().startswith("Firm ")


def test_the_grid_speaks_chinese(crowded: tuple[Path, Any], offline_page: Callable[..., OfflinePage]) -> None:
    out, points = crowded
    page = drawn(offline_page(), out, "#lang=zh")
    legend = page.locator(".g60-density-legend")
    assert "每格点数" in legend.inner_text() and "及以上" in legend.inner_text()
    assert legend.locator("select option").first.inner_text() == "全部类别"
    cell = click_cell(page, *CENTRES[0])
    total, _ = popup_counts(page)
    assert "此格有" in page.locator(".g60-density-popup").inner_text()
    assert total == sum(counts_in(cell, points).values())
    # Switching language keeps the popup open, in the other language.
    page.locator(".g60-language button", has_text="English").click()
    page.wait_for_timeout(200)
    assert "points in this cell" in page.locator(".g60-density-popup").inner_text()
