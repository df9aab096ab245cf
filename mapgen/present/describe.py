"""What every output says about the data: the lines of a popup, the title block's notes,
the names of layers, the comparison of measured and stated areas.

Each function takes the checked data and :class:`~mapgen.present.catalogue.Words` in
one language and returns text; counts and names come from the data, words from the
catalogue. The web map, the print map and the GeoJSON export all say it this way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from mapgen.geometry import AxisGeometry
from mapgen.model import Atlas, Category, City, Fact, Place, Quantity, Site
from mapgen.pipeline import Checked
from mapgen.present.catalogue import Bilingual, Words
from mapgen.present.formats import (
    count_word,
    format_km,
    format_km2,
    format_partial_date,
    format_radius,
    percent_change,
)
from mapgen.read.articles import Article

AREA_UNITS = ("km²", "km2", "square kilometres", "square kilometers", "平方公里")
NEWS_SENTENCES_SHOWN = 3  # per place and article: enough to see why; the popup stays short


class Named(Protocol):
    """Anything with an English and a Chinese name: a place, the corridor, an axis, an area."""

    @property
    def name_en(self) -> str: ...

    @property
    def name_zh(self) -> str: ...


def names(item: Named) -> Bilingual:
    """Its English and Chinese names."""
    return Bilingual(item.name_en, item.name_zh)


def short_names(place: Place) -> Bilingual:
    """The shortest name of a place that its full name starts with: how running text says it.

    >>> from mapgen.model import Site
    >>> site = Site(id="d", name_en="Songjiang District", name_zh="松江区", lat=31, lon=121,
    ...             precision="exact", category="c", description="x", source="a test",
    ...             aliases=("Songjiang", "松江", "Sheshan"))
    >>> short_names(site)
    Bilingual(en='Songjiang', zh='松江')
    """

    def shortest(full: str) -> str:
        return min((a for a in place.aliases if a and full.startswith(a)), key=len, default=full)

    return Bilingual(shortest(place.name_en), shortest(place.name_zh))


def other_cities(atlas: Atlas) -> int:
    """How many cities there are besides the one the corridor began in."""
    return len(atlas.cities) - 1


def is_municipality(city: City, atlas: Atlas) -> bool:
    """A city that is a province-level unit itself (Shanghai): its code is its province's."""
    return any(p.adcode == city.adcode for p in atlas.provinces)


def city_measure_line(city: City, checked: Checked, words: Words) -> str:
    """``'Area 16,876 km² · 131 km from Songjiang District'`` (both geodesic)."""
    measured = checked.geometry.city(city.id)
    assert measured is not None, "measure measures every city"
    key = "place.city_measure_whole" if is_municipality(city, checked.atlas) else "place.city_measure"
    return words(
        key,
        area=format_km2(measured.area_km2, words.lang),
        km=format_km(measured.km_from_district),
        district=names(checked.atlas.district),
    )


def district_area_line(checked: Checked, words: Words) -> str:
    return words("place.district_area", area=format_km2(checked.geometry.district_km2, words.lang))


def city_lines(city: City, checked: Checked, words: Words) -> list[str]:
    atlas = checked.atlas
    province = next((p for p in atlas.provinces if p.name_en == city.province), None)
    province_name = Bilingual(city.province, province.name_zh if province else city.province)
    region = words(
        "place.municipality" if is_municipality(city, atlas) else "place.province", province=province_name
    )
    role = words("place.role_origin" if city.role == "origin" else "place.role_member")
    return [
        words("place.city_line", region=region, role=role, adcode=city.adcode),
        city.role_note,
        city_measure_line(city, checked, words),
    ]


def site_lines(site: Site, checked: Checked, words: Words) -> list[str]:
    atlas = checked.atlas
    category = next(c.label for c in atlas.categories if c.id == site.category)
    lines = [
        words(
            "place.site_line",
            category=category,
            district=names(atlas.district),
            city=names(atlas.origin_city),
        ),
        site.description,
    ]
    if site.adcode is not None:
        lines.append(
            words("place.district_code", area_line=district_area_line(checked, words), adcode=site.adcode)
        )
    return lines


def place_lines(place: Place, checked: Checked, words: Words) -> list[str]:
    if isinstance(place, City):
        return city_lines(place, checked, words)
    if isinstance(place, Site):
        return site_lines(place, checked, words)
    return []


def location_note(place: Place, words: Words) -> str:
    """How exact the point is and where it was read (converted from GCJ-02 where it was)."""
    if place.precision == "approximate" and place.radius_m is not None:
        note = words("location.approximate", radius=format_radius(place.radius_m, words.lang))
    else:
        note = words("location.exact")
    key = "location.with_converted_source" if place.datum == "gcj02" else "location.with_source"
    return words(key, note=note, source=place.source)


def as_of_label(fact: Fact, words: Words) -> str:
    return words("fact.as_of", date=format_partial_date(fact.as_of, words.lang), as_of_text=fact.as_of_text)


def article_date_label(article: Article, words: Words) -> str:
    return words("article.date", date=format_partial_date(article.date.isoformat(), words.lang))


def more_sentences_label(hidden: int, words: Words) -> str:
    """What a popup says about the sentences it leaves out.

    >>> [more_sentences_label(n, Words("en")) for n in (0, 1, 4)]
    ['', '1 more sentence in this article', '4 more sentences in this article']
    """
    return words("news.more", count=hidden) if hidden > 0 else ""


def axis_length_label(axis_geometry: AxisGeometry, words: Words) -> str:
    key = "axis.length_schematic" if axis_geometry.axis.schematic else "axis.length"
    return words(key, km=format_km(axis_geometry.length_km))


def axis_lines(axis_geometry: AxisGeometry, checked: Checked, words: Words) -> list[str]:
    axis = axis_geometry.axis
    lines = [
        words(f"axis.kind_{axis.kind}", corridor=names(checked.atlas.corridor)),
        axis_length_label(axis_geometry, words),
    ]
    if axis.note:
        lines.append(axis.note)
    if axis.schematic:
        lines.append(words("axis.schematic"))
    return lines


def comparison(measured: float, stated: float, words: Words) -> str:
    """How a measured value compares with a stated one, in words.

    >>> comparison(84657, 76200, Words("en")), comparison(75000, 76200, Words("en"))
    ('11.1% more than', '1.6% less than')
    """
    change = percent_change(measured, stated)
    if round(abs(change), 1) == 0:
        return words("compare.same")
    return words("compare.more" if change > 0 else "compare.less", percent=f"{abs(change):.1f}")


def region_comparison(stated_km2: float, checked: Checked, words: Words) -> list[str]:
    """What the boundaries give next to an area an article states for the corridor.

    Two readings: the whole cities, and the origin city counted by its district only.
    """
    atlas, region = checked.atlas, checked.geometry.region
    whole, with_district = region.area_km2, region.with_district_km2
    stated = format_km2(stated_km2, words.lang)
    cities = count_word(len(atlas.cities), words.lang)
    lines = [
        words(
            "region.reading_whole",
            count_word=cities,
            area=format_km2(whole, words.lang),
            comparison=comparison(whole, stated_km2, words),
            stated=stated,
        ),
        words(
            "region.reading_district",
            district=names(atlas.district),
            others_word=count_word(other_cities(atlas), words.lang),
            area=format_km2(with_district, words.lang),
            comparison=comparison(with_district, stated_km2, words),
            stated=stated,
        ),
    ]
    if abs(with_district - stated_km2) < abs(whole - stated_km2):
        lines.append(
            words("region.matches_district", city=names(atlas.origin_city), district=names(atlas.district))
        )
    else:
        lines.append(words("region.matches_whole", count_word=cities, city=names(atlas.origin_city)))
    return lines


def corridor_area_checks(values: Iterable[Quantity], checked: Checked, words: Words) -> list[str]:
    """Comparison lines for each area value a corridor-wide fact states."""
    return [
        line for q in values if q.unit in AREA_UNITS for line in region_comparison(q.number, checked, words)
    ]


def newest_first(articles: Iterable[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date, a.id), reverse=True)


def shown_fact_count(checked: Checked) -> int:
    """The facts the map shows: those linked to their article's text."""
    return sum(len(g.facts) for groups in checked.links.facts_by_place.values() for g in groups)


def subtitle(checked: Checked, words: Words) -> str:
    atlas = checked.atlas
    return words(
        "title.subtitle",
        cities=len(atlas.cities),
        axes=len(atlas.axes),
        sites=len(atlas.sites),
        district=short_names(atlas.district),
        facts=shown_fact_count(checked),
        articles=len(atlas.articles),
    )


def boundaries_note(atlas: Atlas, words: Words) -> str:
    """Where the areas come from, in one short line (the file's provenance has the details)."""
    return words("boundaries.note", package=atlas.boundaries.provenance.get("package", "unknown source"))


def boundary_attribution(atlas: Atlas, words: Words) -> str:
    """Credit for the boundary data, as plain text; short, so it stays on one line in small maps."""
    provenance = atlas.boundaries.provenance
    return words(
        "boundaries.attribution",
        package=provenance.get("package", "unknown source"),
        licence=provenance.get("licence", "licence unknown"),
    )


def title_notes(checked: Checked, words: Words, leaflet_version: str) -> list[str]:
    atlas, region = checked.atlas, checked.geometry.region
    return [
        words("title.note_quotes"),
        words("title.note_coordinates"),
        words("title.note_areas", boundaries=boundaries_note(atlas, words)),
        words(
            "title.note_measured",
            count_word=count_word(len(atlas.cities), words.lang),
            area=format_km2(region.area_km2, words.lang),
            district=names(atlas.district),
            others_word=count_word(other_cities(atlas), words.lang),
            with_district=format_km2(region.with_district_km2, words.lang),
        ),
        words("title.note_drawn", version=leaflet_version),
    ]


def cities_layer_name(atlas: Atlas, words: Words) -> str:
    return words("layer.cities", count_word=count_word(len(atlas.cities), words.lang))


def site_category_label(atlas: Atlas, category: Category, words: Words) -> str:
    """A site category as the layer control and the legend name it: ``'Songjiang: Innovation hubs'``."""
    return words(
        "layer.sites",
        district=short_names(atlas.district),
        category=Bilingual(category.label, category.label_zh or category.label),
    )
