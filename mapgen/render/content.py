"""What the page shows, as plain JSON-ready data: popups, layers, legend and title.

All wording is decided here, in Python, where it is tested; g60.js only lays it out.
"""

from __future__ import annotations

from typing import Any

from mapgen.geometry import AxisGeometry, Geometry
from mapgen.link import ArticleFacts, Links, SourcedFact
from mapgen.model import Atlas, City, Place, Quantity, Site, parse_partial_date
from mapgen.render.style import (
    AXIS_STYLES,
    DISTRICT_OUTLINE_COLOUR,
    MEMBER_CITY,
    ORIGIN_CITY,
    Symbol,
    category_symbol,
)

JSON = dict[str, Any]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
COORD_DECIMALS = 6  # about 0.1 m: finer than any source, and stable text


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


def fact_json(sourced: SourcedFact) -> JSON:
    fact = sourced.fact
    return {
        "id": fact.id,
        "headline": fact.summary,
        "value": " · ".join(format_quantity(q) for q in fact.values),
        "as_of_label": f"As of {format_partial_date(fact.as_of)} (article: “{fact.as_of_text}”)",
        "quote": fact.quote,
    }


def fact_groups_json(groups: tuple[ArticleFacts, ...]) -> list[JSON]:
    return [{
        "title": group.article.title,
        "date": group.article.date.isoformat(),
        "date_label": "Article of " + format_partial_date(group.article.date.isoformat()),
        "facts": [fact_json(s) for s in group.facts],
    } for group in groups]


def location_note(place: Place) -> str:
    if place.precision == "approximate" and place.radius_m is not None:
        return f"Approximate location: within about {format_radius(place.radius_m)} of this point"
    return "Exact location"


def place_lines(place: Place, atlas: Atlas) -> list[str]:
    if isinstance(place, City):
        region = "Shanghai municipality" if place.province == "Shanghai" else f"{place.province} province"
        role = "Origin of the corridor" if place.role == "origin" else "Member city"
        return [f"{region} · {role} · GB/T 2260 {place.adcode}", place.role_note]
    if isinstance(place, Site):
        label = next(c.label for c in atlas.categories if c.id == place.category)
        return [f"{label} · Songjiang District, Shanghai", place.description]
    return []


def place_json(place: Place, symbol: Symbol, atlas: Atlas, links: Links, label: bool) -> JSON:
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
            "lines": place_lines(place, atlas),
            "location_note": location_note(place),
            "approximate": approximate,
            "fact_groups": fact_groups_json(links.for_place(place.id)),
        },
    }


def city_layer_json(atlas: Atlas, links: Links) -> JSON:
    return {"places": [
        place_json(c, ORIGIN_CITY if c.role == "origin" else MEMBER_CITY, atlas, links, label=True)
        for c in atlas.cities
    ]}


def site_layers_json(atlas: Atlas, links: Links) -> list[tuple[str, JSON]]:
    """(layer label, layer data) for each site category that has sites, in category order."""
    layers = []
    for index, category in enumerate(atlas.categories):
        sites = [s for s in atlas.sites if s.category == category.id]
        if sites:
            symbol = category_symbol(index)
            layers.append((category.label, {"places": [
                place_json(s, symbol, atlas, links, label=False) for s in sites]}))
    return layers


def axis_json(axis_geometry: AxisGeometry, atlas: Atlas, links: Links) -> JSON:
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
            "fact_groups": fact_groups_json(links.for_place(atlas.corridor.id)),
        },
    }


def outline_json(atlas: Atlas) -> JSON:
    from shapely.geometry import mapping

    return {"geojson": {"type": "Feature", "properties": {},
                        "geometry": _rounded(mapping(atlas.district_outline))},
            "colour": DISTRICT_OUTLINE_COLOUR}


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, COORD_DECIMALS)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


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
    entries.append({"line": True, "colour": DISTRICT_OUTLINE_COLOUR, "dash": "6 4",
                    "label": "Songjiang District (approximate outline)"})
    return {"position": "bottomleft", "heading": "Legend", "entries": entries}


def title_json(atlas: Atlas, links: Links, leaflet_version: str) -> JSON:
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
            f"Songjiang District outline: {atlas.district_outline_source}.",
            f"Drawn with Leaflet {leaflet_version}; data edited in geo/ and seeds/.",
        ],
    }


