"""Link: tie each curated fact to its place and to the article text that states it.

A fact is only shown when its quote is found in its article and every number of
its value is found in its quote; anything else is a problem for a person to fix.
Besides the facts, every sentence that names a place is linked to it as news
(:mod:`mapgen.link.mentions`), unless a fact of that place already quotes it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from mapgen.errors import Problem
from mapgen.link.mentions import ArticleMentions, NameIndex, find_mentions, without_quoted
from mapgen.link.numbers import numbers_in
from mapgen.model import Atlas, Fact
from mapgen.read.articles import Article, Paragraph


@dataclass(frozen=True)
class SourcedFact:
    """A fact together with the article and paragraph its quote was found in."""

    fact: Fact
    article: Article
    paragraph: Paragraph


@dataclass(frozen=True)
class ArticleFacts:
    """The facts one article states about one place."""

    article: Article
    facts: tuple[SourcedFact, ...]


@dataclass(frozen=True)
class Links:
    """Facts by place id, grouped by article, newest article first; and the news likewise."""

    facts_by_place: dict[str, tuple[ArticleFacts, ...]]
    # Sentences that name the place and that none of its facts quotes yet.
    news_by_place: dict[str, tuple[ArticleMentions, ...]] = field(default_factory=dict)

    def for_place(self, place_id: str) -> tuple[ArticleFacts, ...]:
        return self.facts_by_place.get(place_id, ())

    def news_for(self, place_id: str) -> tuple[ArticleMentions, ...]:
        return self.news_by_place.get(place_id, ())


def source_fact(fact: Fact, atlas: Atlas) -> SourcedFact | list[Problem]:
    """Find a fact's quote in its article and its numbers in the quote."""
    article = atlas.article(fact.article)
    if article is None:  # load already reported the unknown article
        return []
    paragraph = article.find(fact.quote)
    problems = []
    if paragraph is None:
        problems.append(
            fact.origin.problem(
                "quote", f"fact {fact.id!r}: quote not found in article {article.id} ({article.path})"
            )
        )
    stated = numbers_in(fact.quote)
    for index, quantity in enumerate(fact.values):
        if not any(abs(quantity.number - n) < 1e-9 for n in stated):
            problems.append(
                fact.origin.problem(
                    ("values", index, "number"), f"{quantity.number:g} does not appear in the quote"
                )
            )
    if problems or paragraph is None:
        return problems
    return SourcedFact(fact, article, paragraph)


def joined_problems(atlas: Atlas) -> list[Problem]:
    """The date a city joined is a fact too: its quote must be in its article."""
    problems = []
    for city in atlas.cities:
        source = city.joined_source
        if source is None:
            continue
        article = atlas.article(source.article)
        if article is None:
            problems.append(
                city.origin.problem(("joined_source", "article"), f"no article {source.article!r} in seeds/")
            )
        elif article.find(source.quote) is None:
            problems.append(
                city.origin.problem(
                    ("joined_source", "quote"),
                    f"city {city.id!r}: quote not found in article {article.id} ({article.path})",
                )
            )
    return problems


def link(atlas: Atlas) -> tuple[Links, list[Problem]]:
    """Link every fact to its article; return the links and the problems found."""
    problems: list[Problem] = joined_problems(atlas)
    by_place: dict[str, dict[str, list[SourcedFact]]] = defaultdict(lambda: defaultdict(list))
    for fact in atlas.facts:
        result = source_fact(fact, atlas)
        if isinstance(result, list):
            problems.extend(result)
        else:
            by_place[fact.place][fact.article].append(result)
    facts_by_place = {}
    for place_id, by_article in by_place.items():
        groups = [
            ArticleFacts(found[0].article, tuple(sorted(found, key=lambda s: s.fact.as_of, reverse=True)))
            for found in by_article.values()
        ]
        groups.sort(key=lambda g: (g.article.date, g.article.id), reverse=True)
        facts_by_place[place_id] = tuple(groups)
    return Links(facts_by_place, news(atlas, facts_by_place)), problems


def news(
    atlas: Atlas, facts_by_place: dict[str, tuple[ArticleFacts, ...]]
) -> dict[str, tuple[ArticleMentions, ...]]:
    """The sentences that name each place, less those its shown facts already quote."""
    found = {}
    for place_id, groups in find_mentions(atlas.articles, NameIndex.of(atlas)).items():
        quotes = [(s.fact.article, s.fact.quote) for g in facts_by_place.get(place_id, ()) for s in g.facts]
        kept = without_quoted(groups, quotes)
        if kept:
            found[place_id] = kept
    return found
