"""What every output says about the data: the lines of a popup, the title block's notes,
the names of layers, the comparison of measured and stated areas.

Each function takes the checked data and :class:`~mapgen.present.catalogue.Words` in
one language and returns text; counts and names come from the data, words from the
catalogue. The web map, the print map and the GeoJSON export all say it this way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Protocol

from mapgen.geometry import AxisGeometry, LayerCounts
from mapgen.model import Atlas, Boundary, Category, City, Fact, Place, PointLayer, Quantity, Site
from mapgen.pipeline import Checked
from mapgen.present.catalogue import Bilingual, Lang, Words
from mapgen.present.classes import Choropleth, Classes, ShadedArea, ValueClass
from mapgen.present.formats import (
    ZH_SYMBOL_UNITS,
    count_word,
    format_km,
    format_km2,
    format_number,
    format_partial_date,
    format_radius,
    percent_change,
)
from mapgen.read.articles import Article, detect_lang

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


def city_lines(city: City, checked: Checked, words: Words) -> list[Marked]:
    atlas = checked.atlas
    province = next((p for p in atlas.provinces if p.name_en == city.province), None)
    province_name = Bilingual(city.province, province.name_zh if province else city.province)
    region = words(
        "place.municipality" if is_municipality(city, atlas) else "place.province", province=province_name
    )
    role = words("place.role_origin" if city.role == "origin" else "place.role_member")
    return [
        words_only(words("place.city_line", region=region, role=role, adcode=city.adcode)),
        in_reader_language(city.role_note, city.role_note_zh, words),
        words_only(city_measure_line(city, checked, words)),
        *joined_lines(city, atlas, words),
        # How many points of each site layer lie in the city.
        *map(words_only, area_count_lines(checked.geometry.counts, atlas.city_area(city), words)),
    ]


def joined_lines(city: City, atlas: Atlas, words: Words) -> list[Marked]:
    """When the city joined the corridor, in its article's words; nothing when undated."""
    source = city.joined_source
    if city.joined is None or source is None:
        return []
    article = atlas.article(source.article)
    before, after = words.around("place.joined", "quote", date=format_partial_date(city.joined, words.lang))
    return [Marked(before, source.quote, article.lang if article else "en", after)]


def site_lines(site: Site, checked: Checked, words: Words) -> list[Marked]:
    atlas = checked.atlas
    category = next(c for c in atlas.categories if c.id == site.category)
    lines = [
        words_only(
            words(
                "place.site_line",
                category=Bilingual(category.label, category.label_zh or category.label),
                district=names(atlas.district),
                city=names(atlas.origin_city),
            )
        ),
        in_reader_language(site.description, site.description_zh, words),
    ]
    if site.adcode is not None:
        lines.append(
            words_only(
                words("place.district_code", area_line=district_area_line(checked, words), adcode=site.adcode)
            )
        )
        # The site that is the district itself: how many points of each layer lie in it.
        lines += map(words_only, area_count_lines(checked.geometry.counts, atlas.district_area, words))
    return lines


def place_lines(place: Place, checked: Checked, words: Words) -> list[Marked]:
    if isinstance(place, City):
        return city_lines(place, checked, words)
    if isinstance(place, Site):
        return site_lines(place, checked, words)
    return []


def location_note(place: Place, words: Words) -> Marked:
    """How exact the point is and where it was read (converted from GCJ-02 where it was)."""
    if place.precision == "approximate" and place.radius_m is not None:
        note = words("location.approximate", radius=format_radius(place.radius_m, words.lang))
    else:
        note = words("location.exact")
    key = "location.with_converted_source" if place.datum == "gcj02" else "location.with_source"
    before, after = words.around(key, "source", note=note)
    return Marked(before, place.source, data_in(place.source), after)


@dataclass(frozen=True)
class Marked:
    """A line of words around one piece of data: ``before`` + ``data`` + ``after``, where the
    data (a note from geo/, an article's words, a source) is in its own language,
    ``data_lang``. ``fallback`` is true when the data is in the other language than the
    reader's because the reader's is missing.

    >>> Marked("Area ", "12 km²", "en").text, Marked("只有词").text
    ('Area 12 km²', '只有词')
    """

    before: str
    data: str = ""
    data_lang: Lang = "en"
    after: str = ""
    fallback: bool = False

    @property
    def text(self) -> str:
        return self.before + self.data + self.after


def words_only(text: str) -> Marked:
    """A line of the catalogue's words, with no data in it."""
    return Marked(text)


def in_reader_language(en: str | None, zh: str | None, words: Words) -> Marked:
    """A text from geo/ in the reader's language, or in the other one where it has none.

    >>> in_reader_language("Southern end", None, Words("zh"))
    Marked(before='', data='Southern end', data_lang='en', after='', fallback=True)
    """
    own = zh if words.lang == "zh" else en
    if own:
        return Marked("", own, words.lang)
    other: Lang = "en" if words.lang == "zh" else "zh"
    return Marked("", (en if other == "en" else zh) or "", other, fallback=True)


def data_in(text: str) -> Lang:
    """The language a text from the data is written in (as for an article)."""
    return detect_lang(text)


@dataclass(frozen=True)
class Headline:
    """A fact's summary in the reader's language, or in the other one where the data has
    none in the reader's (``fallback`` then says so, in the reader's language)."""

    text: str
    lang: Lang
    fallback: str | None


def fact_headline(fact: Fact, words: Words) -> Headline:
    """The summary a reader of ``words.lang`` sees.

    >>> fact = Fact(id="f", place="p", article="a", quote="q", summary="Nine cities", as_of="2024",
    ...             as_of_text="2024")
    >>> fact_headline(fact, Words("en")).text, fact_headline(fact, Words("zh")).fallback
    ('Nine cities', '此事实暂无中文摘要，显示英文摘要')
    """
    own = fact.summary_zh if words.lang == "zh" else fact.summary
    if own:
        return Headline(own, words.lang, None)
    other: Lang = "en" if words.lang == "zh" else "zh"
    text = fact.summary if other == "en" else fact.summary_zh
    return Headline(text or "", other, words("fact.summary_fallback"))


def as_of_label(fact: Fact, words: Words, article_lang: Lang) -> Marked:
    """When a fact holds, with the article's own words for it (in the article's language)."""
    before, after = words.around("fact.as_of", "as_of_text", date=format_partial_date(fact.as_of, words.lang))
    return Marked(before, fact.as_of_text, article_lang, after)


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


def axis_lines(axis_geometry: AxisGeometry, checked: Checked, words: Words) -> list[Marked]:
    axis = axis_geometry.axis
    lines = [
        words_only(words(f"axis.kind_{axis.kind}", corridor=names(checked.atlas.corridor))),
        words_only(axis_length_label(axis_geometry, words)),
    ]
    if axis.note or axis.note_zh:
        lines.append(in_reader_language(axis.note, axis.note_zh, words))
    if axis.schematic:
        lines.append(words_only(words("axis.schematic")))
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


# ---- choropleths: tables of figures and counts of points ----


def point_layer_title(layer: PointLayer, words: Words) -> str:
    """A site layer's name in the reader's language (``name_zh`` in Chinese, where its settings give one)."""
    return (layer.name_zh if words.lang == "zh" else None) or layer.name


def choropleth_title(choropleth: Choropleth, words: Words) -> str:
    """What the layer control and the legend call a choropleth: a table's title, or the
    layer and the areas its points are counted in (``'Enterprises: points per city'``)."""
    if choropleth.table is not None:
        settings = choropleth.table.settings
        return (settings.title_zh if words.lang == "zh" else None) or choropleth.table.title
    assert choropleth.counts is not None, "a choropleth is of a table or of counts"
    key = "counts.layer_city" if choropleth.level == "city" else "counts.layer_district"
    return words(key, name=point_layer_title(choropleth.counts.layer, words))


def choropleth_unit(choropleth: Choropleth, words: Words) -> str | None:
    """The unit of a table's figures in the reader's language (counts need none: the title says points)."""
    if choropleth.table is None:
        return None
    settings = choropleth.table.settings
    if words.lang == "zh" and settings.unit:
        return settings.unit_zh or ZH_SYMBOL_UNITS.get(settings.unit, settings.unit)
    return settings.unit or settings.unit_zh  # in the other language where the settings have only it


def choropleth_heading(choropleth: Choropleth, words: Words) -> str:
    """The legend's heading of a choropleth: its title, with the unit where there is one.

    >>> from mapgen.present.classes import Classes
    >>> from mapgen.model import FigureSettings, FigureTable
    >>> settings = FigureSettings(value="GDP", unit="100 million yuan", unit_zh="亿元", title="GDP 2023")
    >>> columns = ("城市", "GDP")
    >>> table = FigureTable("gdp", "gdp.csv", "GDP 2023", settings, "city", columns, "城市", "GDP", ())
    >>> gdp = Choropleth("table-gdp", "table", "city", Classes("quantiles", (), ()), (), True, table=table)
    >>> choropleth_heading(gdp, Words("en")), choropleth_heading(gdp, Words("zh"))
    ('GDP 2023 (100 million yuan)', 'GDP 2023（亿元）')
    """
    title, unit = choropleth_title(choropleth, words), choropleth_unit(choropleth, words)
    return words("choropleth.heading_unit", title=title, unit=unit) if unit else title


def bound_text(value: float, places: int) -> str:
    """A class bound as the legend writes it: thousands separated, at most ``places`` decimals.

    >>> bound_text(18753.0, 0), bound_text(2.3456, 2)
    ('18,753', '2.35')
    """
    return format_number(round(value, places))


def class_label(value_class: ValueClass, places: int, words: Words) -> str:
    """A class as the legend names it: ``'1,000 – 5,000'``, ``'up to 10'``, ``'above 50'``, ``'7'``.

    >>> en, zh = Words("en"), Words("zh")
    >>> class_label(ValueClass(1e3, 5e3, "#fff", 2), 0, en), class_label(ValueClass(None, 10, "#f", 1), 0, zh)
    ('1,000 – 5,000', '10及以下')
    >>> class_label(ValueClass(50, None, "#fff", 1), 0, en), class_label(ValueClass(7, 7, "#fff", 2), 0, en)
    ('above 50', '7')
    """
    lower, upper = value_class.lower, value_class.upper
    if lower is None and upper is not None:
        return words("choropleth.at_most", upper=bound_text(upper, places))
    if upper is None and lower is not None:
        return words("choropleth.above", lower=bound_text(lower, places))
    assert lower is not None and upper is not None, "a class is bounded on one side at least"
    if bound_text(lower, places) == bound_text(upper, places):
        return bound_text(lower, places)
    return words("choropleth.range", lower=bound_text(lower, places), upper=bound_text(upper, places))


# How each way of cutting the values is named, with its number of classes.
_METHODS = {
    "quantiles": "choropleth.quantiles",
    "natural_breaks": "choropleth.natural_breaks",
    "equal_interval": "choropleth.equal_interval",
    "breaks": "choropleth.breaks",
}


def classes_note(classes: Classes, words: Words) -> str:
    """How the values were cut: ``'Quantiles: 5 classes'``."""
    return words(_METHODS[classes.method], count=len(classes.bins))


def choropleth_source(choropleth: Choropleth, words: Words) -> str | None:
    """Where a choropleth's figures come from and the date they hold for, as the table's
    settings say (``'Source: yearbooks, as of 2023'``); for counts, the layer's file."""
    if choropleth.counts is not None:
        layer = choropleth.counts.layer
        # A reader's map names the layer's file by its name, never the folders it came from.
        return words("counts.note", file=layer.source or PureWindowsPath(layer.path).name)
    assert choropleth.table is not None, "a choropleth is of a table or of counts"
    settings = choropleth.table.settings
    date = format_partial_date(settings.as_of, words.lang) if settings.as_of else None
    if settings.source and date:
        return words("choropleth.source_as_of", source=settings.source, date=date)
    if settings.source:
        return words("choropleth.source", source=settings.source)
    return words("choropleth.as_of", date=date) if date else None


def shaded_area_lines(choropleth: Choropleth, shaded: ShadedArea, words: Words) -> list[Marked]:
    """What an area of a choropleth says: a table's row, each column with its cell as the
    table writes it (in the data's own language), or the layer's count of points there."""
    if choropleth.counts is not None:
        return [words_only(count_line(choropleth.counts.layer, int(shaded.value), words))]
    lines = []
    for column, cell in shaded.row:
        if cell:
            text = words("choropleth.cell", column=column, value=cell)
            lines.append(Marked("", text, data_in(text)))
    return lines


def count_line(layer: PointLayer, count: int, words: Words) -> str:
    """``'Enterprises: 1,234 points'``."""
    return words("counts.area_line", name=point_layer_title(layer, words), count=format_number(count))


def area_count_lines(counts: Iterable[LayerCounts], area: Boundary, words: Words) -> list[str]:
    """What a city's or the district's area says of the site layers: each layer's count of
    points in it (layers counted at another level say nothing)."""
    lines = []
    for layer_counts in counts:
        count = layer_counts.count_in(area)
        if count is not None:
            lines.append(count_line(layer_counts.layer, count, words))
    return lines


def as_of_words(asof: str, words: Words) -> str:
    """What a map drawn as of a date says of it: ``'As of June 2019'``, ``'截至2019年6月'``."""
    return words("print.as_of", date=format_partial_date(asof, words.lang))


def not_yet_members(atlas: Atlas, asof: str | None) -> list[City]:
    """The cities a map as of ``asof`` draws as not yet members (none without a date)."""
    return [city for city in atlas.cities if not city.member_at(asof)]
