"""The web map's payloads for places, axes, the legend and the title block, as JSON-ready data.

All wording comes from :mod:`mapgen.present`; g60.js only lays it out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mapgen.geometry import AxisGeometry
from mapgen.link import ArticleFacts, ArticleMentions, SourcedFact
from mapgen.model import Category, City, Fact, Place, period_start
from mapgen.pipeline import Checked
from mapgen.present.catalogue import Lang, Words
from mapgen.present.classes import Choropleth
from mapgen.present.describe import (
    NEWS_SENTENCES_SHOWN,
    Marked,
    article_date_label,
    as_of_label,
    axis_length_label,
    axis_lines,
    corridor_area_checks,
    fact_headline,
    location_note,
    more_sentences_label,
    newest_first,
    place_lines,
    subtitle,
    title_notes,
)
from mapgen.present.formats import ZH_SYMBOL_UNITS, format_partial_date, format_quantity
from mapgen.present.legend import LegendEntry, choropleth_legend, legend_entries
from mapgen.present.style import AXIS_STYLES, MEMBER_CITY, ORIGIN_CITY, AreaStyle, Symbol, category_symbol
from mapgen.read.articles import Article
from mapgen.web.langs import HTML_LANGS
from mapgen.web.payloads import (
    AreaStylePayload,
    ArticlePayload,
    AxisPayload,
    FactGroupPayload,
    FactPayload,
    LegendEntryPayload,
    LegendPayload,
    MarkedTextPayload,
    NewsPayload,
    PlaceLayerPayload,
    PlacePayload,
    SymbolPayload,
    TitlePayload,
)

FactChecks = Callable[[Fact], list[str]]

COORD_DECIMALS = 6  # about 0.1 m: finer than any source, and stable text


def symbol_json(symbol: Symbol) -> SymbolPayload:
    return {
        "shape": symbol.shape.name,
        "path": symbol.shape.svg_path,
        "colour": symbol.colour,
        "size": symbol.size,
    }


def area_style_json(style: AreaStyle) -> AreaStylePayload:
    """Leaflet's path options for an area style."""
    return {
        "color": style.colour,
        "weight": style.weight,
        "opacity": style.opacity,
        "dashArray": style.dash,
        "fill": style.fill_opacity > 0,
        "fillColor": style.colour,
        "fillOpacity": style.fill_opacity,
    }


def values_lang(fact: Fact, words: Words) -> Lang:
    """The language a fact's values read in: the reader's, unless a unit is only in English."""
    if words.lang == "zh" and any(
        q.unit_zh is None and q.unit not in ZH_SYMBOL_UNITS and _has_words(q.unit) for q in fact.values
    ):
        return "en"
    return words.lang


def _has_words(unit: str) -> bool:
    """Whether a unit is words (``companies``), not a symbol (``%``, ``km²``... read alike)."""
    return sum(char.isalpha() for char in unit) > 2


def marked_json(line: Marked) -> MarkedTextPayload:
    return {"before": line.before, "data": line.data, "lang": HTML_LANGS[line.data_lang], "after": line.after}


def lines_json(lines: list[Marked]) -> list[MarkedTextPayload]:
    return [marked_json(line) for line in lines]


def fallback_note(lines: list[Marked], words: Words) -> str | None:
    """What a popup says when some of its lines are not in the reader's language."""
    return words("place.notes_fallback") if any(line.fallback for line in lines) else None


def later_hidden(words: Words) -> str:
    """What a popup says of the facts the timeline hides (``{count}`` filled in the page)."""
    return words("timeline.later_hidden", count="{count}")


def later_hidden_one(words: Words) -> str:
    return words("timeline.later_hidden", count=1)


def fact_json(sourced: SourcedFact, words: Words, checks: FactChecks | None = None) -> FactPayload:
    fact = sourced.fact
    headline = fact_headline(fact, words)
    return {
        "id": fact.id,
        "as_of_start": period_start(fact.as_of),
        "headline": headline.text,
        "headline_lang": HTML_LANGS[headline.lang],
        "fallback": headline.fallback,
        "quote_lang": HTML_LANGS[sourced.article.lang],
        "value": " · ".join(format_quantity(q, words.lang, fact.quote) for q in fact.values),
        "value_lang": HTML_LANGS[values_lang(fact, words)],
        "as_of": marked_json(as_of_label(fact, words, sourced.article.lang)),
        "quote": fact.quote,
        "checks": checks(fact) if checks else [],
    }


def article_json(article: Article, words: Words) -> ArticlePayload:
    """How a popup names an article: its title and date."""
    return {
        "lang": HTML_LANGS[article.lang],
        "title": article.title,
        "date": article.date.isoformat(),
        "date_label": article_date_label(article, words),
    }


def fact_groups_json(
    groups: tuple[ArticleFacts, ...], words: Words, checks: FactChecks | None = None
) -> list[FactGroupPayload]:
    found: list[FactGroupPayload] = []
    for group in groups:
        article = article_json(group.article, words)
        found.append(
            {
                "lang": article["lang"],
                "title": article["title"],
                "date": article["date"],
                "date_label": article["date_label"],
                "facts": [fact_json(s, words, checks) for s in group.facts],
            }
        )
    return found


def news_json(groups: tuple[ArticleMentions, ...], words: Words) -> NewsPayload | None:
    """The "In the news" section: sentences that name the place, by article, newest first."""
    if not groups:
        return None
    return {
        "heading": words("news.heading"),
        "note": words("news.note"),
        "groups": [
            {
                "lang": HTML_LANGS[group.article.lang],
                "title": group.article.title,
                "date": group.article.date.isoformat(),
                "date_label": article_date_label(group.article, words),
                "sentences": [s.text for s in group.sentences[:NEWS_SENTENCES_SHOWN]],
                "more": more_sentences_label(len(group.sentences) - NEWS_SENTENCES_SHOWN, words),
            }
            for group in groups
        ],
    }


def place_json(place: Place, symbol: Symbol, checked: Checked, words: Words, label: bool) -> PlacePayload:
    approximate = place.precision == "approximate"
    links = checked.links
    lines = place_lines(place, checked, words)
    joined = place.joined if isinstance(place, City) else None
    return {
        "id": place.id,
        "lang": words.lang,
        "joined": period_start(joined) if joined else None,
        "kind": "city" if isinstance(place, City) else "site",
        "name_en": place.name_en,
        "name_zh": place.name_zh,
        "lat": round(place.point.lat, COORD_DECIMALS),
        "lon": round(place.point.lon, COORD_DECIMALS),
        "approximate": approximate,
        "radius_m": place.radius_m if approximate else None,
        "symbol": symbol_json(symbol),
        "label": label,
        "z": 1000 if isinstance(place, City) else 0,
        "popup": {
            "lang": words.lang,
            "name_en": place.name_en,
            "name_zh": place.name_zh,
            "lines": lines_json(lines),
            "fallback": fallback_note(lines, words),
            "later_hidden": later_hidden(words),
            "later_hidden_one": later_hidden_one(words),
            "location_note": marked_json(location_note(place, words)),
            "approximate": approximate,
            "fact_groups": fact_groups_json(links.for_place(place.id), words),
            "news": news_json(links.news_for(place.id), words),
        },
    }


def city_layer_json(checked: Checked, words: Words) -> PlaceLayerPayload:
    return {
        "places": [
            place_json(c, ORIGIN_CITY if c.role == "origin" else MEMBER_CITY, checked, words, label=True)
            for c in checked.atlas.cities
        ],
        "popup_close": words("controls.close_popup"),
    }


def site_layers_json(checked: Checked, words: Words) -> list[tuple[Category, PlaceLayerPayload]]:
    """(category, layer data) for each site category that has sites, in category order."""
    atlas = checked.atlas
    layers: list[tuple[Category, PlaceLayerPayload]] = []
    for index, category in enumerate(atlas.categories):
        sites = [s for s in atlas.sites if s.category == category.id]
        if sites:
            symbol = category_symbol(index)
            layers.append(
                (
                    category,
                    {
                        "places": [place_json(s, symbol, checked, words, label=False) for s in sites],
                        "popup_close": words("controls.close_popup"),
                    },
                )
            )
    return layers


def axis_json(axis_geometry: AxisGeometry, checked: Checked, words: Words) -> AxisPayload:
    axis, atlas = axis_geometry.axis, checked.atlas
    style = AXIS_STYLES[axis.kind]
    lines = axis_lines(axis_geometry, checked, words)
    return {
        "id": axis.id,
        "lang": words.lang,
        "name_en": axis.name_en,
        "name_zh": axis.name_zh,
        "coords": [
            (round(p.lat, COORD_DECIMALS), round(p.lon, COORD_DECIMALS)) for p in axis_geometry.coords
        ],
        "colour": style.colour,
        "dash": style.dash,
        "length_label": axis_length_label(axis_geometry, words),
        "popup": {
            "lang": words.lang,
            "name_en": atlas.corridor.name_en,
            "name_zh": atlas.corridor.name_zh,
            "lines": lines_json(lines),
            "fallback": fallback_note(lines, words),
            "later_hidden": later_hidden(words),
            "later_hidden_one": later_hidden_one(words),
            "fact_groups": fact_groups_json(
                checked.links.for_place(atlas.corridor.id),
                words,
                lambda fact: corridor_area_checks(fact.values, checked, words),
            ),
            "news": news_json(checked.links.news_for(atlas.corridor.id), words),
        },
        "popup_close": words("controls.close_popup"),
    }


def legend_entry_json(entry: LegendEntry) -> LegendEntryPayload:
    if entry.symbol is not None:
        return {
            "shape": entry.symbol.shape.name,
            "path": entry.symbol.shape.svg_path,
            "colour": entry.symbol.colour,
            "label": entry.label,
        }
    if entry.line is not None:
        return {"line": True, "colour": entry.line.colour, "dash": entry.line.dash, "label": entry.label}
    if entry.area is not None:
        return {"area": area_style_json(entry.area), "label": entry.label}
    if entry.dot is not None:
        return {"dot": entry.dot, "label": entry.label}
    if entry.note:
        return {"note": True, "label": entry.label}
    return {"heading": True, "label": entry.label}


def legend_json(checked: Checked, words: Words, shaded: Sequence[Choropleth] = ()) -> LegendPayload:
    """The legend, with a section for each choropleth of ``shaded`` (shown while its layer is)."""
    return {
        "position": "bottomleft",
        "heading": words("legend.heading"),
        "entries": [legend_entry_json(e) for e in legend_entries(checked, words)],
        "sections": [
            {"layer": c.id, "entries": [legend_entry_json(e) for e in choropleth_legend(c, words)]}
            for c in shaded
        ],
    }


def title_json(checked: Checked, words: Words, leaflet_version: str) -> TitlePayload:
    atlas = checked.atlas
    articles = newest_first(atlas.articles)
    return {
        "position": "topleft",
        "lang": words.lang,
        "name_en": atlas.corridor.name_en,
        "name_zh": atlas.corridor.name_zh,
        "subtitle": subtitle(checked, words),
        "sources_heading": words("title.sources_heading", count=len(articles)),
        "sources": [
            {
                "lang": HTML_LANGS[a.lang],
                "title": a.title,
                "date": a.date.isoformat(),
                "date_label": format_partial_date(a.date.isoformat(), words.lang),
            }
            for a in articles
        ],
        "notes": title_notes(checked, words, leaflet_version),
        "as_of_title": words("timeline.as_of_title", date="{date}"),
    }
