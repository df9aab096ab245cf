"""The GeoJSON export: the data as one file for GIS tools (QGIS, GDAL, geopandas).

One RFC 7946 FeatureCollection, written by :mod:`mapgen.geojson`: longitude-latitude
order (WGS-84), exterior rings counter-clockwise and holes clockwise, at most six
decimals, one feature per line. Foreign members before the features name the layer
and say where the boundaries come from; there is no ``crs`` member (RFC 7946 has none).

Features, in this order, areas first so that points draw on top (``kind``: ``id``):

- ``province``: ``province-310000``, each province, as in ``geo/boundaries.geojson``;
- ``city_area``: ``city_area-330100``, each city's area, in ``geo/cities.yaml`` order;
- ``district_area``: ``district_area-310117``, the district (Songjiang); when a table or a
  layer's counts shade districts, every district of ``geo/boundaries.geojson``, in its order;
- ``region``: ``region-g60_corridor``, the corridor as the union of the cities' areas;
- ``axis``: ``axis-g60_expressway``, each axis, in ``geo/corridor.yaml`` order;
- ``city``: ``hangzhou``, each city's point, in ``geo/cities.yaml`` order;
- ``site``: ``songjiang_core``, each Songjiang site's point, in ``geo/sites.yaml`` order.

Places keep their ids from ``geo/`` (load checks they are unique); every other id
starts with its kind and a ``-``, which no id in ``geo/`` may contain, so ids are
unique across the file.

Every feature has ``kind``, ``id``, ``name_en``, ``name_zh``, ``fact_count`` and
``facts``; the others depend on the kind (see the ``*_feature`` functions below).
A property has one JSON type wherever it appears (GDAL infers one type per column);
a feature leaves out the properties of other kinds, and a value its record lacks
(``radius_m`` of an exact location) is ``null``. Areas and lengths are geodesic
(WGS-84 ellipsoid), rounded to 0.1 km² and 0.1 km.

``facts`` lists what the articles state about the feature's place, each with its
verbatim quote and its article, newest article first: a city's facts are on its
point (``kind: city``), a site's on its point, and corridor-wide facts on the
``region`` feature only, not on the axes. Areas carry no facts (``fact_count: 0``).

The city and district areas also carry the choropleths' figures: each table of
figures of their level gives ``TABLE:COLUMN`` for each of its columns (the value
column a number, the others text, as the table writes them; null where the table
has no row for the area), and each site layer ``count:LAYER``, its points in the
area. The collection's ``choropleths`` member lists each with its title, unit,
source, date and classes (bounds and colours), as the map's legend shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shapely.geometry import Point

from mapgen.geojson import JSON, feature, feature_collection_text
from mapgen.geometry import AxisGeometry, Geometry, geodesic_area_km2
from mapgen.link import Links
from mapgen.model import Atlas, Boundary, City, Site
from mapgen.pipeline import Checked
from mapgen.present.catalogue import Words
from mapgen.present.classes import Choropleth, choropleths
from mapgen.present.describe import choropleth_title, choropleth_unit, short_names

KM_DECIMALS = 1  # 0.1 km and 0.1 km²: finer than the simplified boundaries can tell


def km(value: float) -> float:
    """A length or an area rounded for the file, always a JSON number with a fraction.

    >>> km(16876.4321), km(8002)
    (16876.4, 8002.0)
    """
    return float(round(value, KM_DECIMALS))


def facts_json(links: Links, place_id: str) -> list[JSON]:
    """The facts of a place as plain data: newest article first, as the map shows them."""
    return [
        {
            "id": sourced.fact.id,
            "summary": sourced.fact.summary,
            "summary_zh": sourced.fact.summary_zh,
            "values": [
                {"number": q.number, "unit": q.unit, "unit_zh": q.unit_zh} for q in sourced.fact.values
            ],
            "as_of": sourced.fact.as_of,
            "quote": sourced.fact.quote,
            "article": {
                "id": group.article.id,
                "title": group.article.title,
                "date": group.article.date.isoformat(),
                "lang": group.article.lang,
            },
        }
        for group in links.for_place(place_id)
        for sourced in group.facts
    ]


def properties(
    kind: str, feature_id: str, name_en: str, name_zh: str, facts: list[JSON], **fields: Any
) -> JSON:
    """The properties of one feature: the common keys first, then ``fields``, then the facts.

    >>> list(properties("axis", "axis-a", "A", "甲", [], length_km=1.5).items())[3:]
    [('name_zh', '甲'), ('length_km', 1.5), ('fact_count', 0), ('facts', [])]
    """
    return {
        "kind": kind,
        "id": feature_id,
        "name_en": name_en,
        "name_zh": name_zh,
        **fields,
        "fact_count": len(facts),
        "facts": facts,
    }


def area_feature(boundary: Boundary, kind: str, shaded: Sequence[Choropleth] = ()) -> JSON:
    """A province, city or district area with its GB/T 2260 code and geodesic area, and the
    figures of the choropleths of its level (:func:`area_figures`)."""
    return feature(
        boundary.geometry,
        properties(
            kind,
            f"{kind}-{boundary.adcode}",
            boundary.name_en,
            boundary.name_zh,
            [],
            level=boundary.level,
            adcode=boundary.adcode,
            area_km2=km(geodesic_area_km2(boundary.geometry)),
            **area_figures(boundary, shaded),
        ),
    )


def figure_property(choropleth: Choropleth, column: str | None = None) -> str:
    """The property a choropleth's figure goes in: ``TABLE:COLUMN``, or ``count:LAYER``."""
    if choropleth.counts is not None:
        return f"count:{choropleth.counts.layer.id}"
    assert choropleth.table is not None, "a choropleth is of a table or of counts"
    return f"{choropleth.table.id}:{column or choropleth.table.value_column}"


def area_figures(boundary: Boundary, shaded: Sequence[Choropleth]) -> JSON:
    """The figures of every choropleth of the area's level, each under its own property:
    every column of a table's row (the value a number, the rest text; null without a
    row), and each layer's count of points in the area.

    Every area of the level has every property, so GDAL finds one type per column.
    """
    found: JSON = {}
    for choropleth in shaded:
        if choropleth.level != boundary.level:
            continue
        mine = next((a for a in choropleth.areas if a.area.adcode == boundary.adcode), None)
        if choropleth.counts is not None:
            found[figure_property(choropleth)] = int(mine.value) if mine else 0
            continue
        assert choropleth.table is not None, "a choropleth is of a table or of counts"
        cells = dict(mine.row) if mine else {}
        for column in choropleth.table.columns:
            is_value = column == choropleth.table.value_column
            value = (mine.value if is_value else cells.get(column)) if mine else None
            found[figure_property(choropleth, column)] = value
    return found


def choropleths_member(shaded: Sequence[Choropleth], words: Words) -> list[JSON]:
    """What each choropleth is: its property, title, unit, source, date and classes."""
    found: list[JSON] = []
    for choropleth in shaded:
        settings = choropleth.table.settings if choropleth.table else None
        found.append(
            {
                "id": choropleth.id,
                "kind": choropleth.kind,
                "level": choropleth.level,
                "property": figure_property(choropleth),
                "title": choropleth_title(choropleth, words),
                "unit": choropleth_unit(choropleth, words),
                "source": settings.source if settings else None,
                "as_of": settings.as_of if settings else None,
                "method": choropleth.classes.method,
                "classes": [
                    {"lower": c.lower, "upper": c.upper, "colour": c.colour, "count": c.count}
                    for c in choropleth.classes.bins
                ],
            }
        )
    return found


def region_feature(atlas: Atlas, links: Links, geometry: Geometry) -> JSON:
    """The corridor as an area, with the corridor-wide facts."""
    corridor = atlas.corridor
    region = geometry.region
    return feature(
        region.geometry,
        properties(
            "region",
            f"region-{corridor.id}",
            corridor.name_en,
            corridor.name_zh,
            facts_json(links, corridor.id),
            area_km2=km(region.area_km2),
            with_district_km2=km(region.with_district_km2),
        ),
    )


def axis_feature(axis_geometry: AxisGeometry) -> JSON:
    """An axis as a line through its waypoints, with its geodesic length."""
    axis = axis_geometry.axis
    return feature(
        axis_geometry.line,
        properties(
            "axis",
            f"axis-{axis.id}",
            axis.name_en,
            axis.name_zh,
            [],
            axis_kind=axis.kind,
            schematic=axis.schematic,
            length_km=km(axis_geometry.length_km),
        ),
    )


def city_feature(city: City, links: Links, geometry: Geometry) -> JSON:
    """A city's point (its government seat) with its area, distance and facts."""
    measured = geometry.city(city.id)
    assert measured is not None, "measure measures every city"
    return feature(
        Point(city.point),
        properties(
            "city",
            city.id,
            city.name_en,
            city.name_zh,
            facts_json(links, city.id),
            adcode=city.adcode,
            province=city.province,
            role=city.role,
            precision=city.precision,
            radius_m=city.radius_m,
            point_source=city.source,
            point_datum_read=city.datum,
            area_km2=km(measured.area_km2),
            km_from_songjiang=km(measured.km_from_district),
        ),
    )


def site_feature(site: Site, links: Links) -> JSON:
    """A Songjiang site's point with its category, description and facts."""
    return feature(
        Point(site.point),
        properties(
            "site",
            site.id,
            site.name_en,
            site.name_zh,
            facts_json(links, site.id),
            category=site.category,
            description=site.description,
            precision=site.precision,
            radius_m=site.radius_m,
            point_source=site.source,
            point_datum_read=site.datum,
        ),
    )


def exported_districts(atlas: Atlas, shaded: Sequence[Choropleth]) -> tuple[Boundary, ...]:
    """The district areas of the export: Songjiang District; every district of the boundaries
    file when a choropleth shades districts (their figures are what the file is for)."""
    if any(c.level == "district" for c in shaded):
        return atlas.boundaries.at_level("district")
    return (atlas.district_area,)


def corridor_features(
    atlas: Atlas, links: Links, geometry: Geometry, shaded: Sequence[Choropleth] = ()
) -> list[JSON]:
    """Every feature of the export, in the order of the module's table."""
    return [
        *(area_feature(b, "province") for b in atlas.boundaries.at_level("province")),
        *(area_feature(atlas.city_area(c), "city_area", shaded) for c in atlas.cities),
        *(area_feature(b, "district_area", shaded) for b in exported_districts(atlas, shaded)),
        region_feature(atlas, links, geometry),
        *(axis_feature(a) for a in geometry.axes),
        *(city_feature(c, links, geometry) for c in atlas.cities),
        *(site_feature(s, links) for s in atlas.sites),
    ]


def collection_members(atlas: Atlas, words: Words, shaded: Sequence[Choropleth] = ()) -> JSON:
    """The foreign members before the features: GDAL takes ``name`` as the layer name.

    The title carries both names, the language of ``words`` first, as the print map's labels do;
    ``choropleths`` is there when the map has any.
    """
    both_names = (atlas.corridor.name_en, atlas.corridor.name_zh)
    members: JSON = {
        "name": atlas.corridor.id,
        "title": " ".join(both_names if words.lang == "en" else reversed(both_names)),
        "description": words("geojson.description", district=short_names(atlas.district)),
        "boundaries_provenance": atlas.boundaries.provenance,
    }
    if shaded:
        members["choropleths"] = choropleths_member(shaded, words)
    return members


def geojson_text(checked: Checked, words: Words | None = None) -> str:
    """The whole file: a FeatureCollection, one feature per line, the same bytes every time."""
    atlas, links, geometry = checked.atlas, checked.links, checked.geometry
    shaded = choropleths(checked)
    return feature_collection_text(
        corridor_features(atlas, links, geometry, shaded),
        collection_members(atlas, words or Words("en"), shaded),
    )
