"""What the map's search box finds besides the points of point layers: places by any of their
names, facts and "In the news" sentences by their words.

Each entry says what it is (``kind``), how a result names it (``label``, in the reader's
language; ``detail`` adds the place or the article) and where choosing it goes
(``target``: a city or site, or an axis for what the corridor as a whole is said to be).
``text`` is what a query is matched against, the same in both languages: both names and
every alias of a place, the summaries and quote of a fact, the sentence itself; lowercase
and with full-width forms folded, as the page folds the query. The points of point layers
are searched in the page, in their own columns (a million names are not written twice).
"""

from __future__ import annotations

import unicodedata

from mapgen.model import City, Corridor, Place
from mapgen.pipeline import Checked
from mapgen.present.catalogue import Words
from mapgen.present.describe import fact_headline, names
from mapgen.web.payloads import SearchEntryPayload, SearchPayload

NEWS_SHOWN = 60  # characters of a sentence in a result


def searchable(*texts: str) -> str:
    """Texts as a query is matched against them: NFKC (full-width forms folded), lowercase.

    >>> searchable("Hangzhou", "杭州市", "ＡＩ　Park")
    'hangzhou 杭州市 ai park'
    """
    return unicodedata.normalize("NFKC", " ".join(texts)).lower()


def _short(text: str, limit: int = NEWS_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def both_names(place: Place | Corridor, words: Words) -> str:
    """A place's names, the reader's language first.

    >>> from mapgen.model import Corridor
    >>> corridor = Corridor(id="g60", name_en="G60 Corridor", name_zh="G60走廊")
    >>> both_names(corridor, Words("zh"))
    'G60走廊 G60 Corridor'
    """
    first, second = (place.name_zh, place.name_en) if words.lang == "zh" else (place.name_en, place.name_zh)
    return f"{first} {second}" if second and second != first else first


def search_json(checked: Checked, words: Words) -> SearchPayload:
    """The search box's words and the entries it finds, in ``words``' language."""
    atlas, links = checked.atlas, checked.links
    places: list[Place] = [*atlas.cities, *atlas.sites]
    axis_id = checked.geometry.axes[0].axis.id if checked.geometry.axes else ""
    entries: list[SearchEntryPayload] = []

    def target(place_id: str) -> str:
        # The corridor has no marker: what is said of it shows in the axes' popups.
        return f"axis:{axis_id}" if place_id == atlas.corridor.id else f"place:{place_id}"

    def place_label(place_id: str) -> str:
        place = next((p for p in places if p.id == place_id), None)
        return words.name(names(place if place is not None else atlas.corridor))

    for place in places:
        entries.append(
            {
                "kind": "city" if isinstance(place, City) else "site",
                "label": both_names(place, words),
                "detail": words("search.kind_city") if isinstance(place, City) else words("search.kind_site"),
                "text": searchable(place.name_en, place.name_zh, *place.aliases),
                "target": target(place.id),
            }
        )
    for place_id in [*(p.id for p in places), atlas.corridor.id]:
        for group in links.for_place(place_id):
            for sourced in group.facts:
                fact = sourced.fact
                entries.append(
                    {
                        "kind": "fact",
                        "label": fact_headline(fact, words).text,
                        "detail": words("search.fact_of", place=place_label(place_id)),
                        "text": searchable(fact.summary or "", fact.summary_zh or "", fact.quote),
                        "target": target(place_id),
                    }
                )
        for mentions in links.news_for(place_id):
            for sentence in mentions.sentences:
                entries.append(
                    {
                        "kind": "news",
                        "label": _short(sentence.text),
                        "detail": words("search.news_of", place=place_label(place_id)),
                        "text": searchable(sentence.text),
                        "target": target(place_id),
                    }
                )
    return {
        "label": words("search.label"),
        "placeholder": words("search.placeholder"),
        "results": words("search.results", count="{count}"),
        "result_one": words("search.results", count=1),
        "none": words("search.none"),
        "point_of": words("search.point_of", layer="{layer}"),
        "limit": 20,
        "entries": entries,
    }
