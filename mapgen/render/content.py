"""What the page shows, as plain JSON-ready data: popups, layers, legend and title.

All wording is decided here, in Python, where it is tested; g60.js only lays it out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mapgen.articles import Article
from mapgen.geometry import AxisGeometry, Geometry
from mapgen.link import ArticleFacts, Links, SourcedFact
from mapgen.mentions import ArticleMentions
from mapgen.model import Atlas, City, Fact, Place, Quantity, Site, parse_partial_date
from mapgen.render.areas import city_measure_line, corridor_area_checks, district_line, format_km2
from mapgen.render.points import point_legend_entries
from mapgen.render.style import (
    AXIS_STYLES,
    CITY_AREA,
    DISTRICT_AREA,
    MEMBER_CITY,
    ORIGIN_CITY,
    PROVINCE_AREA,
    REGION_AREA,
    Symbol,
    category_symbol,
)

FactChecks = Callable[[Fact], list[str]]

JSON = dict[str, Any]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
COORD_DECIMALS = 6  # about 0.1 m: finer than any source, and stable text
NEWS_SENTENCES_SHOWN = 3  # per place and article: enough to see why; the popup stays short


def format_number(value: float) -> str:
    """Thousands separators, no trailing zeros.

    >>> format_number(1633), format_number(41.6), format_number(76200.0)
    ('1,633', '41.6', '76,200')
    """
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6f}".rstrip("0")


def format_quantity(quantity: Quantity) -> str:
    """A value and its unit as a reader writes them.

    >>> format_quantity(Quantity(number=41.6, unit="%"))
    '41.6%'
    """
    number = format_number(quantity.number)
    return f"{number}{quantity.unit}" if quantity.unit in ("%", "‰") else f"{number} {quantity.unit}"


def format_partial_date(text: str) -> str:
    """A YYYY[-MM[-DD]] date in words.

    >>> format_partial_date("2023-11"), format_partial_date("2021-04-09"), format_partial_date("2018")
    ('November 2023', '9 April 2021', '2018')
    """
    year, month, day = parse_partial_date(text)
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def format_radius(metres: int) -> str:
    """A radius in metres or kilometres.

    >>> format_radius(300), format_radius(1500), format_radius(5000)
    ('300 m', '1.5 km', '5 km')
    """
    return f"{metres} m" if metres < 1000 else f"{format_number(round(metres / 1000, 1))} km"


def fact_json(sourced: SourcedFact, checks: FactChecks | None = None) -> JSON:
    fact = sourced.fact
    return {
        "id": fact.id,
        "headline": fact.summary,
        "value": " · ".join(format_quantity(q) for q in fact.values),
        "as_of_label": f"As of {format_partial_date(fact.as_of)} (article: “{fact.as_of_text}”)",
        "quote": fact.quote,
        "checks": checks(fact) if checks else [],
    }


def article_json(article: Article) -> JSON:
    """How a popup names an article: its title and date."""
    return {
        "title": article.title,
        "date": article.date.isoformat(),
        "date_label": "Article of " + format_partial_date(article.date.isoformat()),
    }


def fact_groups_json(groups: tuple[ArticleFacts, ...], checks: FactChecks | None = None) -> list[JSON]:
    return [{**article_json(group.article), "facts": [fact_json(s, checks) for s in group.facts]}
            for group in groups]


def more_sentences_label(hidden: int) -> str:
    """What a popup says about the sentences it leaves out.

    >>> more_sentences_label(0), more_sentences_label(1), more_sentences_label(4)
    ('', '1 more sentence in this article', '4 more sentences in this article')
    """
    if hidden <= 0:
        return ""
    return f"{hidden} more sentence{'s' if hidden != 1 else ''} in this article"


def news_json(groups: tuple[ArticleMentions, ...]) -> JSON | None:
    """The "In the news" section: sentences that name the place, by article, newest first."""
    if not groups:
        return None
    return {
        "heading": "In the news",
        "note": "Sentences of the articles that name this place, found by name; not reviewed as facts.",
        "groups": [{
            **article_json(group.article),
            "sentences": [s.text for s in group.sentences[:NEWS_SENTENCES_SHOWN]],
            "more": more_sentences_label(len(group.sentences) - NEWS_SENTENCES_SHOWN),
        } for group in groups],
    }


def location_note(place: Place) -> str:
    if place.precision == "approximate" and place.radius_m is not None:
        return f"Approximate location: within about {format_radius(place.radius_m)} of this point"
    return "Exact location"


def place_lines(place: Place, atlas: Atlas, geometry: Geometry) -> list[str]:
    if isinstance(place, City):
        region = "Shanghai municipality" if place.province == "Shanghai" else f"{place.province} province"
        role = "Origin of the corridor" if place.role == "origin" else "Member city"
        return [f"{region} · {role} · GB/T 2260 {place.adcode}", place.role_note,
                city_measure_line(place, atlas, geometry)]
    if isinstance(place, Site):
        label = next(c.label for c in atlas.categories if c.id == place.category)
        lines = [f"{label} · Songjiang District, Shanghai", place.description]
        if place.adcode is not None:
            lines.append(f"{district_line(geometry)} · GB/T 2260 {place.adcode}")
        return lines
    return []


def place_json(place: Place, symbol: Symbol, atlas: Atlas, links: Links, geometry: Geometry,
               label: bool) -> JSON:
    approximate = place.precision == "approximate"
    return {
        "id": place.id,
        "kind": "city" if isinstance(place, City) else "site",
        "name_en": place.name_en,
        "name_zh": place.name_zh,
        "lat": round(place.lat, COORD_DECIMALS),
        "lon": round(place.lon, COORD_DECIMALS),
        "approximate": approximate,
        "radius_m": place.radius_m if approximate else None,
        "symbol": symbol.as_json(),
        "label": label,
        "z": 1000 if isinstance(place, City) else 0,
        "popup": {
            "name_en": place.name_en,
            "name_zh": place.name_zh,
            "lines": place_lines(place, atlas, geometry),
            "location_note": location_note(place),
            "approximate": approximate,
            "fact_groups": fact_groups_json(links.for_place(place.id)),
            "news": news_json(links.news_for(place.id)),
        },
    }


def city_layer_json(atlas: Atlas, links: Links, geometry: Geometry) -> JSON:
    return {"places": [
        place_json(c, ORIGIN_CITY if c.role == "origin" else MEMBER_CITY, atlas, links, geometry,
                   label=True)
        for c in atlas.cities
    ]}


def site_layers_json(atlas: Atlas, links: Links, geometry: Geometry) -> list[tuple[str, JSON]]:
    """(layer label, layer data) for each site category that has sites, in category order."""
    layers = []
    for index, category in enumerate(atlas.categories):
        sites = [s for s in atlas.sites if s.category == category.id]
        if sites:
            symbol = category_symbol(index)
            layers.append((category.label, {"places": [
                place_json(s, symbol, atlas, links, geometry, label=False) for s in sites]}))
    return layers


def axis_json(axis_geometry: AxisGeometry, atlas: Atlas, links: Links, geometry: Geometry) -> JSON:
    axis = axis_geometry.axis
    style = AXIS_STYLES[axis.kind]
    length = f"{format_number(round(axis_geometry.length_km))} km geodesic length"
    if axis.schematic:
        length += " (of the schematic line)"
    lines = [f"{axis.kind.capitalize()} axis of the {atlas.corridor.name_en}", length]
    if axis.note:
        lines.append(axis.note)
    if axis.schematic:
        lines.append("Schematic: the line joins approximate waypoints, not the surveyed route.")
    return {
        "id": axis.id,
        "name_en": axis.name_en,
        "name_zh": axis.name_zh,
        "coords": [[round(lat, COORD_DECIMALS), round(lon, COORD_DECIMALS)]
                   for lon, lat in axis_geometry.coords],
        "colour": style.colour,
        "dash": style.dash,
        "length_label": length,
        "popup": {
            "name_en": atlas.corridor.name_en,
            "name_zh": atlas.corridor.name_zh,
            "lines": lines,
            "fact_groups": fact_groups_json(
                links.for_place(atlas.corridor.id),
                lambda fact: corridor_area_checks(fact.values, atlas, geometry)),
            "news": news_json(links.news_for(atlas.corridor.id)),
        },
    }


def legend_json(atlas: Atlas, geometry: Geometry) -> JSON:
    entries: list[JSON] = [
        {"shape": ORIGIN_CITY.shape, "colour": ORIGIN_CITY.colour,
         "label": "Origin city (Shanghai, via Songjiang)"},
        {"shape": MEMBER_CITY.shape, "colour": MEMBER_CITY.colour, "label": "Member city"},
    ]
    for axis_geometry in geometry.axes:
        style = AXIS_STYLES[axis_geometry.axis.kind]
        entries.append({"line": True, "colour": style.colour, "dash": style.dash,
                        "label": axis_geometry.axis.name_en})
    for index, category in enumerate(atlas.categories):
        symbol = category_symbol(index)
        entries.append({"shape": symbol.shape, "colour": symbol.colour,
                        "label": f"Songjiang: {category.label}"})
    entries += [
        {"area": DISTRICT_AREA.as_json(), "label": f"{atlas.district.name_en} (boundary)"},
        {"area": CITY_AREA.as_json(), "label": "City areas (hover for name and area)"},
        {"area": REGION_AREA.as_json(),
         "label": f"Corridor region, the nine cities: {format_km2(geometry.region.area_km2)}"},
        {"area": PROVINCE_AREA.as_json(), "label": "Province borders"},
    ]
    for layer in atlas.layers:
        entries += point_legend_entries(layer)
    return {"position": "bottomleft", "heading": "Legend", "entries": entries}


def title_json(atlas: Atlas, links: Links, geometry: Geometry, leaflet_version: str) -> JSON:
    articles = sorted(atlas.articles, key=lambda a: (a.date, a.id), reverse=True)
    shown_facts = sum(len(g.facts) for groups in links.facts_by_place.values() for g in groups)
    return {
        "position": "topleft",
        "name_en": atlas.corridor.name_en,
        "name_zh": atlas.corridor.name_zh,
        "subtitle": (f"{len(atlas.cities)} cities · {len(atlas.axes)} axes · "
                     f"{len(atlas.sites)} Songjiang sites · {shown_facts} facts from "
                     f"{len(articles)} articles"),
        "sources_heading": f"Sources ({len(articles)} articles)",
        "sources": [{"title": a.title, "date": a.date.isoformat(),
                     "date_label": format_partial_date(a.date.isoformat())} for a in articles],
        "notes": [
            "Every fact is quoted verbatim from its article and checked against the text when "
            "the map is built.",
            "Coordinates are WGS-84. Dashed circles show how approximate a location is.",
            f"Areas: {boundaries_note(atlas)}.",
            f"Measured: the nine cities cover {format_km2(geometry.region.area_km2)}; "
            f"{atlas.district.name_en} plus the eight other cities "
            f"{format_km2(geometry.region.with_district_km2)} (geodesic). "
            "The corridor popup compares this with the article.",
            f"Drawn with Leaflet {leaflet_version}; data edited in geo/ and seeds/.",
        ],
    }




def boundaries_note(atlas: Atlas) -> str:
    """Where the areas come from, in one short line (the file's provenance has the details)."""
    package = atlas.boundaries.provenance.get("package", "unknown source")
    return (f"{package}, AMap-derived, converted from GCJ-02 to WGS-84 with the precise inverse "
            "and simplified together so neighbours share their borders")
