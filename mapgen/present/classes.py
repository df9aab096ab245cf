"""Choropleths: a figure per area, cut into classes, each class shaded with its colour.

Two kinds, drawn alike by every output (the web map, the print map, the GeoJSON):

- a table of figures (:class:`~mapgen.model.FigureTable`): its value column per city or
  district, its row shown with each area;
- the points of a site layer counted in each city and in each district
  (:class:`~mapgen.geometry.LayerCounts`).

mapclassify cuts the values (``quantiles``, ``natural_breaks`` as Fisher–Jenks, which
is exact and so the same every time, or ``equal_interval``), or the table's settings
give the classes' upper bounds (``breaks``). Quantiles and natural breaks follow the
data, so their classes are named by the values in them (``12 – 40``) and a class that
holds no area is left out; equal intervals and given breaks are named by their bounds,
every class kept. The colours are :data:`~mapgen.present.style.SEQUENTIAL`'s.

mapclassify (with scipy) takes most of a second to import: it is imported when a
choropleth is first classified, never for a map without tables and layers.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from mapgen.geometry import LayerCounts
from mapgen.model import Boundary, Classing, ClassScheme, FigureLevel, FigureTable
from mapgen.pipeline import Checked
from mapgen.present.style import sequential_colours

Method = ClassScheme | Literal["breaks"]
ChoroplethKind = Literal["table", "counts"]
# Class bounds are shown with at most this many decimals (the values' own, if fewer).
MAX_DECIMALS = 3


@dataclass(frozen=True)
class ValueClass:
    """One class: its values run from ``lower`` to ``upper`` (None: open below or above)."""

    lower: float | None
    upper: float | None
    colour: str
    count: int  # the areas in it


@dataclass(frozen=True)
class Classes:
    """The classes of a choropleth's values, lowest first; ``of[i]`` is value i's class.

    >>> classes = classify([1, 2, 3, 10, 20, 30], Classing("quantiles", 3))
    >>> [(c.lower, c.upper, c.count) for c in classes.bins], classes.of
    ([(1.0, 2.0, 2), (3.0, 10.0, 2), (20.0, 30.0, 2)], (0, 0, 1, 1, 2, 2))
    """

    method: Method
    bins: tuple[ValueClass, ...]
    of: tuple[int, ...]


def decimals(values: Sequence[float]) -> int:
    """How many decimals the values have at most (up to :data:`MAX_DECIMALS`).

    >>> decimals([1.0, 2.5, 3.25]), decimals([1e6, 7]), decimals([1 / 3])
    (2, 0, 3)
    """
    places = [len(f"{v:.{MAX_DECIMALS}f}".rstrip("0").partition(".")[2]) for v in values]
    return max(places, default=0)


def classify(values: Sequence[float], classing: Classing) -> Classes:
    """The classes of ``values`` as ``classing`` asks (at most one class per distinct value).

    >>> [(c.lower, c.upper) for c in classify([5, 12, 60], Classing(breaks=(10.0, 50.0))).bins]
    [(None, 10.0), (10.0, 50.0), (50.0, None)]
    >>> [(c.lower, c.upper) for c in classify([0, 1, 9, 10], Classing("equal_interval", 2)).bins]
    [(0.0, 5.0), (5.0, 10.0)]
    >>> [(c.lower, c.upper, c.colour) for c in classify([7, 7], Classing()).bins]
    [(7.0, 7.0, '#41B6C4')]
    """
    data = np.asarray(values, dtype=np.float64)
    if classing.breaks is not None:
        return _by_bounds(data, classing.breaks, "breaks")
    count = min(classing.classes, len(np.unique(data)))
    if count < 2:
        low, high = float(data.min()), float(data.max())
        return Classes(
            classing.scheme, (ValueClass(low, high, sequential_colours(1)[0], len(data)),), (0,) * len(data)
        )
    upper_bounds = _mapclassify_bins(data, classing.scheme, count)
    if classing.scheme == "equal_interval":
        rounded = tuple(float(round(b, decimals(values))) for b in upper_bounds[:-1])
        return _by_bounds(data, rounded, "equal_interval", closed=True)
    return _by_data(data, upper_bounds, classing.scheme)


def quantile_bins(data: Any, count: int) -> list[float]:
    """The upper bounds of ``count`` quantile classes, as ``mapclassify.Quantiles`` cuts them
    (tied bounds merge), without importing mapclassify and scipy: every map with a point
    layer counts its points in quantiles, and that import costs most of a second.

    >>> quantile_bins(np.arange(1000.0), 4)
    [249.75, 499.5, 749.25, 999.0]
    """
    step = 100.0 / count
    percents = np.minimum(np.arange(step, 100 + step, step), 100.0)[:count]
    return [float(b) for b in np.unique(np.percentile(data, percents))]


def _mapclassify_bins(data: Any, scheme: ClassScheme, count: int) -> list[float]:
    """The classes' upper bounds as mapclassify cuts them."""
    if scheme == "quantiles":
        return quantile_bins(data, count)
    import mapclassify  # slow to import (scipy): only for a map that asks for these classes

    kinds = {
        "quantiles": mapclassify.Quantiles,
        "natural_breaks": mapclassify.FisherJenks,  # exact Jenks: the same classes every time
        "equal_interval": mapclassify.EqualInterval,
    }
    with warnings.catch_warnings():
        # "Numba not installed" (Fisher–Jenks is fast enough for a few hundred areas in
        # plain Python) and "not enough unique values" (quantiles merge, as they should).
        warnings.simplefilter("ignore")
        return [float(b) for b in kinds[scheme](data, k=count).bins]


def _by_data(data: Any, upper_bounds: Sequence[float], method: Method) -> Classes:
    """Classes named by the values in them, empty ones left out."""
    cut = np.minimum(np.searchsorted(np.asarray(upper_bounds), data, side="left"), len(upper_bounds) - 1)
    used = sorted(set(cut.tolist()))
    colours = sequential_colours(len(used))
    renumber = {old: new for new, old in enumerate(used)}
    bins = tuple(
        ValueClass(
            float(data[cut == old].min()),
            float(data[cut == old].max()),
            colours[new],
            int((cut == old).sum()),
        )
        for old, new in renumber.items()
    )
    return Classes(method, bins, tuple(renumber[c] for c in cut.tolist()))


def _by_bounds(data: Any, upper_bounds: Sequence[float], method: Method, *, closed: bool = False) -> Classes:
    """Classes named by their bounds, every one kept: up to the first bound, between each two,
    and above the last when a value is above it. ``closed``: the lowest class starts at the
    smallest value and the highest ends at the largest (equal intervals span the data)."""
    bounds = list(upper_bounds)
    cut = np.searchsorted(np.asarray(bounds), data, side="left")
    above = bool((cut == len(bounds)).any())
    if closed:
        cut = np.minimum(cut, len(bounds))
        edges: list[float | None] = [float(data.min()), *bounds, float(data.max())]
    else:
        edges = [None, *bounds, *([None] if above else [])]
    count = len(edges) - 1
    colours = sequential_colours(count)
    bins = tuple(ValueClass(edges[i], edges[i + 1], colours[i], int((cut == i).sum())) for i in range(count))
    return Classes(method, bins, tuple(int(c) for c in cut))


@dataclass(frozen=True)
class ShadedArea:
    """One area of a choropleth: its value, its class, and (for a table) its row as written."""

    area: Boundary
    value: float
    shade: int
    row: tuple[tuple[str, str], ...] = ()  # (column, cell) in the table's order


@dataclass(frozen=True)
class Choropleth:
    """A figure shaded area by area: a table's (``table``) or a layer's counts (``counts``).

    ``id`` is unique on a map: ``table-gdp``, ``counts-firms-city``. ``show``: on when the
    map opens (a table unless its settings say ``show: false``; counts are off).
    """

    id: str
    kind: ChoroplethKind
    level: FigureLevel
    classes: Classes
    areas: tuple[ShadedArea, ...]
    show: bool
    table: FigureTable | None = None
    counts: LayerCounts | None = None

    def colour_of(self, shaded: ShadedArea) -> str:
        return self.classes.bins[shaded.shade].colour


def table_choropleth(table: FigureTable) -> Choropleth:
    """A table of figures as a choropleth, its rows in the table's order."""
    classes = classify(table.values, table.settings.classing)
    areas = tuple(
        ShadedArea(row.area, row.value, shade, tuple(zip(table.columns, row.cells, strict=True)))
        for row, shade in zip(table.rows, classes.of, strict=True)
    )
    return Choropleth(
        f"table-{table.id}", "table", table.level, classes, areas, table.settings.show, table=table
    )


def counts_choropleth(counts: LayerCounts, classing: Classing | None = None) -> Choropleth:
    """A layer's counts in one level's areas as a choropleth (every area, those with none too)."""
    values = [float(c.count) for c in counts.areas]
    classes = classify(values, classing or Classing())
    areas = tuple(
        ShadedArea(c.area, value, shade)
        for c, value, shade in zip(counts.areas, values, classes.of, strict=True)
    )
    return Choropleth(
        f"counts-{counts.layer.id}-{counts.level}",
        "counts",
        counts.level,
        classes,
        areas,
        False,
        counts=counts,
    )


def choropleths(checked: Checked) -> tuple[Choropleth, ...]:
    """Every choropleth of the map: the tables', then each layer's counts (cities, districts)."""
    return (
        *(table_choropleth(t) for t in checked.tables),
        *(counts_choropleth(c) for c in checked.geometry.counts),
    )
