"""The print map: a vector SVG or PDF, drawn without a browser (matplotlib).

The same words, symbols and colours as the web map (:mod:`mapgen.present`): provinces
quiet and dotted, city areas light blue, the district pink and dashed, the axes,
cities (a star for the origin) and Songjiang's sites by category. A legend, a scale
bar, a north arrow and the sources complete it; an inset shows Songjiang District,
where the sites are too close to tell apart at the corridor's scale. The choropleths
that the web map shows on opening (the tables of figures) shade their cities or
districts, with their classed legend in the map's lower right corner.

Each edition (:class:`Wording`) writes every word in its language: English (the
default), Chinese, or both, each word in English then in Chinese. A place's label
carries both its names, the edition's language first (``杭州 Hangzhou`` in Chinese);
dates and areas are written as the language writes them (``2022年11月7日``, ``平方公里``).

A map as of a date (``--asof 2019-06``) draws each city that joined the corridor later
grey and hollow, as not yet a member, with a legend entry for them, and its subtitle
says the date (``As of June 2019``, ``截至2019年6月``). Without a date the map is the
data as it is today.

The data is WGS-84; the map is drawn in a Lambert conformal conic projection for East
China (:data:`PROJECTION`), so shapes and the scale bar's kilometres hold across the map.

Labels need a font with Chinese glyphs (Noto Sans CJK, ``apt-get install fonts-noto-cjk``);
without one the export stops with a clear message instead of drawing empty boxes. Text
stays text in SVG (searchable, the font named) and is embedded (TrueType) in PDF. The same
inputs give the same bytes: no dates in the files and a fixed SVG id salt.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import math
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import geopandas
import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Patch, Rectangle
from shapely.geometry import LineString, Point, box
from shapely.geometry.base import BaseGeometry

from mapgen.errors import MissingTool
from mapgen.export.options import PageSize, PrintLang, edition_langs
from mapgen.geometry import Geometry
from mapgen.model import Atlas, Boundary
from mapgen.pipeline import Checked
from mapgen.present.catalogue import Bilingual, Lang, Words
from mapgen.present.classes import Choropleth, choropleths
from mapgen.present.describe import as_of_words, names
from mapgen.present.formats import count_word, format_km2, format_partial_date
from mapgen.present.legend import LegendEntry, choropleth_legend, corridor_legend, not_yet_legend
from mapgen.present.style import (
    AXIS_STYLES,
    CHOROPLETH_AREA,
    CITY_AREA,
    DISTRICT_AREA,
    MEMBER_CITY,
    NOT_YET_CITY,
    ORIGIN_CITY,
    PROVINCE_AREA,
    AreaStyle,
    Symbol,
    category_symbol,
)

Format = Literal["svg", "pdf"]

# Lambert conformal conic, standard parallels 28° N and 33° N, centred on the corridor.
PROJECTION = "+proj=lcc +lat_1=28 +lat_2=33 +lat_0=30.5 +lon_0=120 +datum=WGS84 +units=m +no_defs"
# Noto Sans CJK first (fonts-noto-cjk); its twin Source Han Sans and the older WenQuanYi
# and Droid fallbacks draw the labels too where it is missing.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
# Their files, looked for when matplotlib's list has none of them and fc-list is missing.
CJK_FONT_FILES = ("Noto*CJK*", "NotoSansSC*", "SourceHanSans*", "wqy-*", "DroidSansFallback*")
FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})
PREVIEW_DPI = 150  # the README's preview, drawn by the same code as PNG
# Text objects take these when they are made: no mathtext for "$…$" and no TeX, whatever
# a matplotlibrc says, so every name, title and quote is drawn as the characters it has.
TEXT_AS_WRITTEN: dict[Any, Any] = {"text.parse_math": False, "text.usetex": False}
# Between two sentences on one line: Chinese runs them on after its full stop (。).
SENTENCE_GAP: dict[Lang, str] = {"en": " ", "zh": ""}


@dataclass(frozen=True)
class Wording:
    """The print map's words in one edition: each message in each of ``langs``, the first leading.

    >>> zh, both = Wording(("zh",)), Wording(("en", "zh"))
    >>> zh("print.km"), both("print.km")
    ('公里', 'km 公里')
    >>> zh.label(Bilingual("Hangzhou", "杭州")), both.label(Bilingual("Hangzhou", "杭州"))
    ('杭州 Hangzhou', 'Hangzhou 杭州')
    >>> zh.date(datetime.date(2022, 11, 7)), Wording(("en",)).date(datetime.date(2022, 11, 7))
    ('2022年11月7日', '7 November 2022')
    """

    langs: tuple[Lang, ...]

    @staticmethod
    def of(lang: PrintLang) -> Wording:
        return Wording(edition_langs(lang))

    @property
    def lead(self) -> Words:
        """The catalogue in the leading language, for what is said once (the north arrow)."""
        return Words(self.langs[0])

    @property
    def catalogues(self) -> list[Words]:
        """The catalogue in each language, for text said once per language on lines of its own."""
        return [Words(lang) for lang in self.langs]

    def __call__(self, key: str, /, **values: object) -> str:
        """The message ``key`` in each language, joined by a space (one language: just it)."""
        return " ".join(words(key, **values) for words in self.catalogues)

    def label(self, item: Bilingual, gap: str = " ") -> str:
        """Both names of a place, the leading language's first: a reader of either finds it."""
        first = self.langs[0]
        return gap.join((item.get(first), item.get("en" if first == "zh" else "zh")))

    def date(self, day: datetime.date) -> str:
        """A date as the language writes it; ISO 8601 in both languages, as one date for both."""
        if len(self.langs) > 1:
            return day.isoformat()
        return format_partial_date(day.isoformat(), self.langs[0])


def in_each(write: Callable[[Lang], str]) -> Bilingual:
    """A value written by each language its own way, to fill a message in either.

    >>> in_each(lambda lang: format_km2(605.6, lang))
    Bilingual(en='606 km²', zh='606平方公里')
    """
    return Bilingual(write("en"), write("zh"))


def cjk_font() -> str:
    """The family name of an installed font with Chinese glyphs; MissingTool saying how to get one.

    matplotlib lists the fonts it knows in a cache, made once: a font installed since
    (``apt-get install fonts-noto-cjk``, as the message says) is not in it. So before
    saying none is installed, the fonts with Chinese glyphs on the machine are looked
    up (fontconfig's ``fc-list``, else the usual folders) and added to matplotlib's list.
    """
    family = _known_cjk_family()
    if family is None:
        known = {Path(entry.fname) for entry in font_manager.fontManager.ttflist}
        for path in cjk_font_files():
            if path not in known:
                with contextlib.suppress(Exception):  # a broken or unreadable font file: skip it
                    font_manager.fontManager.addfont(path)
        family = _known_cjk_family()
    if family is None:
        raise MissingTool("a font with Chinese glyphs (Noto Sans CJK)", "apt-get install -y fonts-noto-cjk")
    return family


def _known_cjk_family() -> str | None:
    """The first of :data:`CJK_FAMILIES` that matplotlib's font list has."""
    for family in CJK_FAMILIES:
        try:
            font_manager.fontManager.findfont(
                font_manager.FontProperties(family=family), fallback_to_default=False
            )
        except ValueError:
            continue
        return family
    return None


def cjk_font_files() -> list[Path]:
    """The font files on this machine with Chinese glyphs, as fontconfig lists them; without
    fontconfig, the CJK fonts in the usual font folders."""
    fc_list = shutil.which("fc-list")
    if fc_list is not None:
        try:
            listed = subprocess.run(
                [fc_list, "--format", "%{file}\n", ":lang=zh"],
                capture_output=True,
                text=True,
                timeout=30,
                check=True,
            ).stdout.splitlines()
        except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
            listed = []
        found = [Path(line) for line in listed if Path(line).suffix.lower() in FONT_SUFFIXES]
        if found:
            return sorted(set(found))
    folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts"]
    return sorted(
        {
            path
            for folder in folders
            for pattern in CJK_FONT_FILES
            for path in folder.glob(f"**/{pattern}")
            if path.suffix.lower() in FONT_SUFFIXES and path.is_file()
        }
    )


def projected(geometries: Iterable[BaseGeometry]) -> geopandas.GeoSeries:
    return geopandas.GeoSeries(list(geometries), crs="EPSG:4326").to_crs(PROJECTION)


def mpl_dash(dash: str | None) -> Any:
    """An SVG dash array ("10 7") as a matplotlib line style, in points.

    >>> mpl_dash("10 7"), mpl_dash(None)
    ((0.0, (5.0, 3.5)), '-')
    """
    if dash is None:
        return "-"
    return (0.0, tuple(float(part) / 2 for part in dash.split()))


def draw_areas(ax: Axes, boundaries: Iterable[Boundary], style: AreaStyle, zorder: int) -> None:
    series = projected(b.geometry for b in boundaries)
    series.plot(ax=ax, facecolor=style.paper, edgecolor="none", zorder=zorder)
    series.boundary.plot(
        ax=ax,
        color=style.colour,
        linewidth=style.weight * 0.6,
        alpha=style.opacity,
        linestyle=mpl_dash(style.dash),
        zorder=zorder + 0.5,
    )


def draw_all_areas(ax: Axes, atlas: Atlas) -> None:
    draw_areas(ax, atlas.boundaries.at_level("province"), PROVINCE_AREA, 1)
    draw_areas(ax, (atlas.city_area(c) for c in atlas.cities), CITY_AREA, 2)
    draw_areas(ax, [atlas.district_area], DISTRICT_AREA, 3)


def printed_choropleths(checked: Checked) -> list[Choropleth]:
    """The choropleths the print map shows: those the web map shows on opening (tables,
    unless their settings say ``show: false``; a layer's counts are off there too)."""
    return [c for c in choropleths(checked) if c.show]


def draw_choropleths(ax: Axes, shown: Iterable[Choropleth]) -> None:
    """Each area filled with its class's colour, over the city areas and the district's fill,
    under the district's dashed border, the axes and the places."""
    for choropleth in shown:
        series = projected(a.area.geometry for a in choropleth.areas)
        colours = [choropleth.colour_of(a) for a in choropleth.areas]
        series.plot(ax=ax, facecolor=colours, edgecolor=CHOROPLETH_AREA.colour, linewidth=0.4, zorder=3.2)


def choropleth_handles(
    shown: Iterable[Choropleth], wording: Wording
) -> list[tuple[LegendEntry, Line2D | Patch]]:
    """The classed legends of the choropleths, one after another, each entry with its sample
    (a heading or a note has none) and labelled in the edition's languages."""
    found: list[tuple[LegendEntry, Line2D | Patch]] = []
    for choropleth in shown:
        legends = [choropleth_legend(choropleth, words) for words in wording.catalogues]
        for entries in zip(*legends, strict=True):
            entry, label = entries[0], " ".join(e.label for e in entries)
            if entry.area is not None:
                handle: Line2D | Patch = Patch(
                    facecolor=entry.area.paper, edgecolor=CHOROPLETH_AREA.colour, linewidth=0.4, label=label
                )
            else:
                handle = Line2D([], [], linestyle="none", label=label)
            found.append((entry, handle))
    return found


def draw_choropleth_legend(ax: Axes, shown: list[Choropleth], font: str, wording: Wording) -> None:
    """The choropleths' classes in the map's lower right corner, on white: headings bold,
    notes (how the values were cut, the source and date) small and grey."""
    rows = choropleth_handles(shown, wording)
    if not rows:
        return
    legend = ax.legend(
        handles=[handle for _, handle in rows],
        loc="lower right",
        fontsize=6.5,
        prop={"family": font, "size": 6.5},
        frameon=True,
        framealpha=0.92,
        edgecolor="#bbbbbb",
        fancybox=False,
        borderpad=0.6,
        handlelength=1.6,
        alignment="left",
    )
    legend.set_zorder(11)
    for (entry, _), text in zip(rows, legend.get_texts(), strict=True):
        if entry.is_heading:
            text.set_fontweight("bold")
        elif entry.note:
            text.set_color("#555555")
            text.set_fontsize(5.5)


def draw_axes(ax: Axes, geometry: Geometry) -> None:
    for axis in geometry.axes:
        style = AXIS_STYLES[axis.axis.kind]
        line = projected([LineString(axis.coords)])
        line.plot(
            ax=ax,
            color=style.colour,
            linewidth=3.0,
            linestyle=mpl_dash(style.dash),
            zorder=5,
            capstyle="round",
        )


def xy(lon: float, lat: float) -> tuple[float, float]:
    point = projected([Point(lon, lat)]).iloc[0]
    return float(point.x), float(point.y)


def symbol_size(symbol: Symbol, scale: float = 0.5) -> float:
    return symbol.size * scale


def draw_cities(ax: Axes, atlas: Atlas, font: str, wording: Wording, asof: str | None = None) -> None:
    """Each city's symbol and label; one not yet a member at ``asof`` grey and hollow
    (its own shape, outlined in :data:`NOT_YET_CITY`'s grey), its label grey and light."""
    for city in atlas.cities:
        symbol = ORIGIN_CITY if city.role == "origin" else MEMBER_CITY
        x, y = xy(*city.point)
        member = city.member_at(asof)
        look: dict[str, Any] = (
            {"color": symbol.colour, "markeredgecolor": "white", "markeredgewidth": 0.8}
            if member
            else {  # hollow: a grey ring, white inside (the axes do not show through)
                "color": NOT_YET_CITY.colour,
                "markerfacecolor": "white",
                "markeredgecolor": NOT_YET_CITY.colour,
                "markeredgewidth": 1.6,
            }
        )
        ax.plot(
            [x],
            [y],
            marker=symbol.shape.mpl_marker,
            markersize=symbol_size(symbol),
            zorder=8,
            linestyle="none",
            **look,
        )
        ax.annotate(
            wording.label(names(city)),
            (x, y),
            xytext=(6, 5),
            textcoords="offset points",
            fontsize=9,
            fontfamily=font,
            fontweight="bold" if member else "normal",
            zorder=9,
            color="#222222" if member else "#6E6E6E",
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
        )


def site_symbol(atlas: Atlas, category_id: str) -> Symbol:
    index = next(i for i, c in enumerate(atlas.categories) if c.id == category_id)
    return category_symbol(index)


def draw_sites(ax: Axes, atlas: Atlas, numbered: bool) -> None:
    """Each site's category symbol; numbered (with a leader line) for the inset's key."""
    count = len(atlas.sites)
    for number, site in enumerate(atlas.sites, start=1):
        symbol = site_symbol(atlas, site.category)
        x, y = xy(*site.point)
        ax.plot(
            [x],
            [y],
            marker=symbol.shape.mpl_marker,
            color=symbol.colour,
            markersize=symbol_size(symbol, 0.45),
            markeredgecolor="#333333",
            markeredgewidth=0.5,
            zorder=7,
            linestyle="none",
        )
        if numbered:
            angle = math.radians(90 - 360 * (number - 1) / count)
            ax.annotate(
                str(number),
                (x, y),
                xytext=(22 * math.cos(angle), 22 * math.sin(angle)),
                textcoords="offset points",
                fontsize=7,
                fontweight="bold",
                ha="center",
                va="center",
                zorder=9,
                color="#222222",
                arrowprops={
                    "arrowstyle": "-",
                    "color": "#555555",
                    "linewidth": 0.5,
                    "shrinkA": 5,
                    "shrinkB": 3,
                },
            )


def site_key(atlas: Atlas, wording: Wording) -> str:
    """The inset's key: each site's number and names."""
    return "\n".join(f"{n}  {wording.label(names(s))}" for n, s in enumerate(atlas.sites, start=1))


def view_box(geometry: Geometry, margin: float = 0.08) -> tuple[float, float, float, float]:
    """The corridor's bounds, projected, with a margin: (xmin, ymin, xmax, ymax)."""
    xmin, ymin, xmax, ymax = projected([box(*geometry.bounds)]).total_bounds
    dx, dy = (xmax - xmin) * margin, (ymax - ymin) * margin
    return float(xmin - dx), float(ymin - dy), float(xmax + dx), float(ymax + dy)


def nice_length_km(span_km: float) -> int:
    """A round scale bar length, about a fifth of the map's width.

    >>> nice_length_km(520), nice_length_km(80)
    (100, 10)
    """
    target = span_km / 5
    return max((n for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if n <= target), default=1)


def draw_scale_bar(ax: Axes, font: str, wording: Wording) -> None:
    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    length_km = nice_length_km((xmax - xmin) / 1000)
    x0, y0 = xmin + (xmax - xmin) * 0.04, ymin + (ymax - ymin) * 0.05
    height = (ymax - ymin) * 0.008
    half = length_km * 500
    for i, colour in enumerate(("#222222", "white")):
        ax.add_patch(
            Rectangle(
                (x0 + i * half, y0),
                half,
                height,
                facecolor=colour,
                edgecolor="#222222",
                linewidth=0.6,
                zorder=10,
            )
        )
    for value, x in ((0, x0), (length_km // 2, x0 + half), (length_km, x0 + 2 * half)):
        ax.text(
            x,
            y0 + height * 1.8,
            f"{value:g}",
            ha="center",
            va="bottom",
            fontsize=7,
            zorder=10,
            fontfamily=font,
        )
    ax.text(
        x0 + 2 * half + (xmax - xmin) * 0.01,
        y0,
        wording("print.km"),
        ha="left",
        va="bottom",
        fontsize=7,
        zorder=10,
        fontfamily=font,
    )


def draw_north_arrow(ax: Axes, font: str, wording: Wording) -> None:
    """An arrow along the grid's north at the map's top right (true north within 2° here).

    Its letter is said once, in the leading language: "N 北" over an arrow says nothing more.
    """
    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    x = xmax - (xmax - xmin) * 0.05
    y0, length = ymax - (ymax - ymin) * 0.17, (ymax - ymin) * 0.08
    ax.add_patch(
        FancyArrow(
            x,
            y0,
            0,
            length,
            width=(xmax - xmin) * 0.006,
            head_width=(xmax - xmin) * 0.02,
            head_length=length * 0.4,
            length_includes_head=True,
            color="#222222",
            zorder=10,
        )
    )
    ax.text(
        x,
        y0 + length * 1.05,
        wording.lead("print.north"),
        ha="center",
        va="bottom",
        fontsize=11,
        fontweight="bold",
        zorder=10,
        fontfamily=font,
    )


def legend_handle(entry: LegendEntry, label: str) -> Line2D | Patch:
    """A legend entry of :mod:`mapgen.present.legend` as matplotlib draws its sample."""
    if entry.symbol is NOT_YET_CITY:  # hollow, as the map draws a city not yet a member
        return Line2D(
            [],
            [],
            marker=entry.symbol.shape.mpl_marker,
            color=entry.symbol.colour,
            markerfacecolor="white",
            markeredgecolor=entry.symbol.colour,
            markeredgewidth=1.2,
            linestyle="none",
            markersize=7,
            label=label,
        )
    if entry.symbol is not None:
        big = entry.symbol in (ORIGIN_CITY, MEMBER_CITY)
        return Line2D(
            [],
            [],
            marker=entry.symbol.shape.mpl_marker,
            color=entry.symbol.colour,
            linestyle="none",
            markersize=(10 if entry.symbol is ORIGIN_CITY else 7) if big else 6,
            markeredgecolor="white" if big else "#333333",
            markeredgewidth=0 if big else 0.5,
            label=label,
        )
    if entry.line is not None:
        return Line2D(
            [], [], color=entry.line.colour, linewidth=2.5, linestyle=mpl_dash(entry.line.dash), label=label
        )
    area = entry.area
    assert area is not None, "the corridor's legend has no headings or dots"
    if area.paper == "none":  # an outline only: provinces
        return Line2D([], [], color=area.colour, linestyle=mpl_dash(area.dash), linewidth=1, label=label)
    return Patch(
        facecolor=area.paper,
        edgecolor=area.colour,
        linestyle="--" if area.dash else "-",
        linewidth=1 if area.dash else 0.6,
        label=label,
    )


def legend_handles(checked: Checked, wording: Wording, asof: str | None = None) -> list[Line2D | Patch]:
    """The web map's legend entries, each labelled in the edition's languages; as of a date
    before a city joined, the entry of the cities not yet members after the member city's."""
    legends = [paper_legend(checked, words, asof) for words in wording.catalogues]
    return [
        legend_handle(entries[0], " ".join(entry.label for entry in entries))
        for entries in zip(*legends, strict=True)
    ]


def paper_legend(checked: Checked, words: Words, asof: str | None) -> list[LegendEntry]:
    """The corridor's legend on paper, the not-yet-members' entry (if any) after the cities'."""
    entries = corridor_legend(checked, words, "paper")
    cities = 1 + max(i for i, entry in enumerate(entries) if entry.symbol in (ORIGIN_CITY, MEMBER_CITY))
    return [*entries[:cities], *not_yet_legend(checked, words, asof), *entries[cities:]]


def sources_text(checked: Checked, wording: Wording, width: int = 95) -> str:
    """The articles, newest first, then where the boundaries come from and the projection.

    A sentence of the catalogue gets a line per language: joined, two would run off the page.
    """
    atlas = checked.atlas
    articles = sorted(atlas.articles, key=lambda a: a.date, reverse=True)
    lines = [wording("print.sources")] + [
        textwrap.fill(
            wording.lead("print.article", title=a.title, date=wording.date(a.date)),
            width,
            subsequent_indent="  ",
        )
        for a in articles
    ]
    provenance = atlas.boundaries.provenance
    schematic = any(axis.schematic for axis in atlas.axes)
    for words in wording.catalogues:
        boundaries = words(
            "print.boundaries",
            package=provenance.get("package", "unknown"),
            licence=provenance.get("licence", ""),
        )
        lines.append(boundaries + (SENTENCE_GAP[words.lang] + words("print.schematic") if schematic else ""))
    for words in wording.catalogues:
        lines.append(words("print.projection", projection=words("print.projection_name")))
    return "\n".join(lines)


def inset_title(checked: Checked, wording: Wording) -> str:
    """The district's names and its geodesic area: ``'松江区 Songjiang District · 面积606平方公里'``."""
    area = in_each(lambda lang: format_km2(checked.geometry.district_km2, lang))
    district = wording.label(names(checked.atlas.district_area))
    return f"{district} · {wording('place.district_area', area=area)}"


def draw_inset(
    fig: Figure, checked: Checked, font: str, rect: tuple[float, float, float, float], wording: Wording
) -> None:
    """Songjiang District and its sites, labelled, in a frame of its own."""
    atlas = checked.atlas
    inset = fig.add_axes(rect)
    district = projected([atlas.district_area.geometry])
    district.plot(ax=inset, facecolor="#f5dcea", edgecolor="none")
    district.boundary.plot(
        ax=inset, color=DISTRICT_AREA.colour, linewidth=1.0, linestyle=mpl_dash(DISTRICT_AREA.dash)
    )
    draw_sites(inset, atlas, numbered=True)
    xmin, ymin, xmax, ymax = district.total_bounds
    pad = (xmax - xmin) * 0.12
    inset.set_xlim(xmin - pad, xmax + pad)
    inset.set_ylim(ymin - pad, ymax + pad)
    bare(inset)
    inset.set_title(
        inset_title(checked, wording),
        fontsize=8,
        fontfamily=font,
        pad=3,
    )


def bare(ax: Axes) -> None:
    """No ticks or axis titles; equal scale in x and y, the frame shrinking to fit."""
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")


Rect = tuple[float, float, float, float]  # left, bottom, width, height, as fractions of the page


@dataclass(frozen=True)
class Layout:
    """Where each part goes: beside the map on a landscape page, below it on a portrait one."""

    title_y: float
    map: Rect
    legend: tuple[float, float]  # its top left corner
    inset: Rect
    key: tuple[float, float]  # the inset's key, top left
    sources: tuple[float, float]  # bottom left

    @staticmethod
    def for_page(size: PageSize) -> Layout:
        if size.width_mm >= size.height_mm:
            return Layout(
                0.955,
                (0.02, 0.03, 0.62, 0.86),
                (0.66, 0.89),
                (0.66, 0.30, 0.32, 0.25),
                (0.66, 0.285),
                (0.66, 0.03),
            )
        return Layout(
            0.97, (0.03, 0.40, 0.94, 0.52), (0.03, 0.39), (0.55, 0.10, 0.42, 0.28), (0.03, 0.17), (0.03, 0.02)
        )


def draw_map(checked: Checked, size: PageSize, lang: PrintLang = "en", *, asof: str | None = None) -> Figure:
    """The whole printed map as a matplotlib Figure (no pyplot, no window), in edition ``lang``,
    as of the date ``asof`` (YYYY[-MM[-DD]]; None: as the data is today).

    Every text is drawn as written (:data:`TEXT_AS_WRITTEN`): names, titles and sources
    are data, and ``$2 billion, $500 million`` is not mathematics.
    """
    with matplotlib.rc_context(TEXT_AS_WRITTEN):
        return _draw_map(checked, size, Wording.of(lang), asof)


def _draw_map(checked: Checked, size: PageSize, wording: Wording, asof: str | None = None) -> Figure:
    atlas, geometry = checked.atlas, checked.geometry
    font = cjk_font()
    layout = Layout.for_page(size)
    fig = Figure(figsize=size.inches)
    fig.set_facecolor("white")
    ax = fig.add_axes(layout.map)
    ax.set_anchor("NW")
    draw_all_areas(ax, atlas)
    shown = printed_choropleths(checked)
    draw_choropleths(ax, shown)
    draw_axes(ax, geometry)
    draw_sites(ax, atlas, numbered=False)
    draw_cities(ax, atlas, font, wording, asof)
    xmin, ymin, xmax, ymax = view_box(geometry)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    bare(ax)
    for spine in ax.spines.values():
        spine.set_color("#888888")
    draw_scale_bar(ax, font, wording)
    draw_north_arrow(ax, font, wording)
    draw_choropleth_legend(ax, shown, font, wording)
    fig.text(
        0.02,
        layout.title_y,
        wording.label(names(atlas.corridor), gap="  "),
        fontsize=15,
        fontweight="bold",
        fontfamily=font,
        va="center",
    )
    fig.text(
        0.02,
        layout.title_y - 0.04 * 210 / size.height_mm,
        print_subtitle(checked, wording, asof),
        fontsize=9,
        fontfamily=font,
        va="center",
        color="#444444",
    )
    fig.legend(
        handles=legend_handles(checked, wording, asof),
        loc="upper left",
        bbox_to_anchor=layout.legend,
        fontsize=7,
        frameon=False,
        prop={"family": font, "size": 7},
        title=wording("legend.heading"),
        title_fontproperties={"family": font, "size": 8, "weight": "bold"},
        alignment="left",
        borderaxespad=0,
        borderpad=0,
    )
    draw_inset(fig, checked, font, layout.inset, wording)
    fig.text(
        *layout.key,
        site_key(atlas, wording),
        fontsize=6,
        fontfamily=font,
        va="top",
        color="#222222",
        linespacing=1.3,
    )
    fig.text(
        *layout.sources,
        sources_text(checked, wording),
        fontsize=5.5,
        fontfamily=font,
        va="bottom",
        color="#333333",
        linespacing=1.3,
    )
    return fig


def print_subtitle(checked: Checked, wording: Wording, asof: str | None = None) -> str:
    """``'Nine cities along the G60 Expressway axis and the … railway axis'``, in each language;
    as of a date, the date after it: ``'… railway axis · As of June 2019'``."""
    atlas = checked.atlas
    return " · ".join(
        words(
            "print.subtitle",
            count_word=count_word(len(atlas.cities), words.lang).capitalize(),
            axes=words("print.and").join(words.name(names(a)) for a in atlas.axes),
        )
        + ("" if asof is None else " · " + as_of_words(asof, words))
        for words in wording.catalogues
    )


def figure_bytes(fig: Figure, fmt: Format | Literal["png"]) -> bytes:
    """The figure as SVG, PDF (or PNG, for previews) bytes; the same figure gives the same bytes."""
    buffer = io.BytesIO()
    settings: dict[Any, Any] = {"svg.fonttype": "none", "svg.hashsalt": "mapgen", "pdf.fonttype": 42}
    no_date: dict[str, dict[str, Any]] = {
        "svg": {"Date": None},
        "pdf": {"CreationDate": None},
        "png": {"Software": None},
    }
    with matplotlib.rc_context(settings):
        fig.savefig(buffer, format=fmt, metadata=no_date[fmt], dpi=PREVIEW_DPI)
    return buffer.getvalue()


def map_bytes(
    checked: Checked,
    fmt: Format | Literal["png"],
    size: PageSize | None = None,
    lang: PrintLang = "en",
    *,
    asof: str | None = None,
) -> bytes:
    """Draw the map in edition ``lang`` (as of ``asof``, if given) and return the file's bytes;
    all text in the CJK font, which draws the Latin letters of the names and the English
    edition too."""
    settings: dict[Any, Any] = {"font.family": cjk_font(), **TEXT_AS_WRITTEN}
    with matplotlib.rc_context(settings):
        return figure_bytes(draw_map(checked, size or PageSize(), lang, asof=asof), fmt)
