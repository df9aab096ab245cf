"""The legend's entries, the same for every output: the web map lays them out as HTML,
the print map as matplotlib handles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mapgen.model import PointLayer
from mapgen.pipeline import Checked
from mapgen.present.catalogue import Words
from mapgen.present.classes import Choropleth, decimals
from mapgen.present.describe import (
    choropleth_heading,
    choropleth_source,
    class_label,
    classes_note,
    names,
    not_yet_members,
    point_layer_title,
    short_names,
    site_category_label,
)
from mapgen.present.formats import count_word, format_km2, format_number
from mapgen.present.style import (
    AXIS_STYLES,
    CITY_AREA,
    DISTRICT_AREA,
    MEMBER_CITY,
    NOT_YET_CITY,
    ORIGIN_CITY,
    OTHER_POINTS,
    PLAIN_POINTS,
    PROVINCE_AREA,
    REGION_AREA,
    AreaStyle,
    LineStyle,
    Symbol,
    category_colours,
    category_symbol,
    shade,
)

# The web map can say what hovering shows and draws the corridor region; paper cannot.
Medium = Literal["screen", "paper"]


@dataclass(frozen=True)
class LegendEntry:
    """One row: a label with its sample (a symbol, a line, an area or a dot); none is a heading,
    unless it is a ``note`` (how a choropleth's classes were cut, where its figures come from)."""

    label: str
    symbol: Symbol | None = None
    line: LineStyle | None = None
    area: AreaStyle | None = None
    dot: str | None = None
    note: bool = False

    @property
    def is_heading(self) -> bool:
        samples = (self.symbol, self.line, self.area, self.dot)
        return not self.note and all(sample is None for sample in samples)


def corridor_legend(checked: Checked, words: Words, medium: Medium = "screen") -> list[LegendEntry]:
    """The corridor's own entries: cities, axes, site categories and areas."""
    atlas, geometry = checked.atlas, checked.geometry
    entries = [
        LegendEntry(
            words("legend.origin_city", city=names(atlas.origin_city), district=short_names(atlas.district)),
            symbol=ORIGIN_CITY,
        ),
        LegendEntry(words("legend.member_city"), symbol=MEMBER_CITY),
    ]
    entries += [LegendEntry(words.name(names(a.axis)), line=AXIS_STYLES[a.axis.kind]) for a in geometry.axes]
    entries += [
        LegendEntry(site_category_label(atlas, category, words), symbol=category_symbol(index))
        for index, category in enumerate(atlas.categories)
    ]
    entries.append(LegendEntry(words("legend.district", district=names(atlas.district)), area=DISTRICT_AREA))
    entries.append(
        LegendEntry(
            words("legend.city_areas_hover" if medium == "screen" else "legend.city_areas"), area=CITY_AREA
        )
    )
    if medium == "screen":
        entries.append(
            LegendEntry(
                words(
                    "legend.region",
                    count_word=count_word(len(atlas.cities), words.lang),
                    area=format_km2(geometry.region.area_km2, words.lang),
                ),
                area=REGION_AREA,
            )
        )
    entries.append(LegendEntry(words("legend.provinces"), area=PROVINCE_AREA))
    return entries


def point_layer_legend(layer: PointLayer, words: Words) -> list[LegendEntry]:
    """A point layer's entries: the layer with its point count, then each category with its count."""
    heading = words(
        "points.legend_heading", name=point_layer_title(layer, words), count=format_number(layer.count)
    )
    if layer.skipped:
        heading = words("points.skipped", heading=heading, count=format_number(len(layer.skipped)))
    if layer.category is None or layer.category not in layer.columns:
        return [LegendEntry(heading, dot=PLAIN_POINTS)]
    counts = layer.column(layer.category).counts()
    colour_of = category_colours(counts)
    entries = [LegendEntry(heading)]
    others = [v for v, colour in colour_of.items() if colour == OTHER_POINTS]
    for value, colour in colour_of.items():
        if colour != OTHER_POINTS:
            entries.append(
                LegendEntry(
                    words("points.category", value=value, count=format_number(counts[value])), dot=colour
                )
            )
    if others:
        total = format_number(sum(counts[v] for v in others))
        label = (
            words("points.no_category", count=total)
            if others == [""]
            else words("points.other_categories", categories=len(others), count=total)
        )
        entries.append(LegendEntry(label, dot=OTHER_POINTS))
    return entries


def legend_entries(checked: Checked, words: Words, medium: Medium = "screen") -> list[LegendEntry]:
    """Every entry: the corridor's, then each point layer's."""
    entries = corridor_legend(checked, words, medium)
    for layer in checked.atlas.layers:
        entries += point_layer_legend(layer, words)
    return entries


def choropleth_legend(choropleth: Choropleth, words: Words) -> list[LegendEntry]:
    """A choropleth's classed legend: its title and unit, each class's colour and range,
    then notes saying how the values were cut and where the figures come from (and when)."""
    classes = choropleth.classes
    bounds = [b for c in classes.bins for b in (c.lower, c.upper) if b is not None]
    places = decimals([*(a.value for a in choropleth.areas), *bounds])
    entries = [LegendEntry(choropleth_heading(choropleth, words))]
    entries += [LegendEntry(class_label(c, places, words), area=shade(c.colour)) for c in classes.bins]
    entries.append(LegendEntry(classes_note(classes, words), note=True))
    source = choropleth_source(choropleth, words)
    if source:
        entries.append(LegendEntry(source, note=True))
    return entries


def not_yet_legend(checked: Checked, words: Words, asof: str | None) -> list[LegendEntry]:
    """The entry of the cities a map as of ``asof`` draws as not yet members; none when every
    city drawn is a member then (or the map has no date)."""
    if not not_yet_members(checked.atlas, asof):
        return []
    return [LegendEntry(words("legend.not_yet_member"), symbol=NOT_YET_CITY)]
