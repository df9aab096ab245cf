"""Facts and their provenance: every number of the articles, each sourced and dated."""

from __future__ import annotations

import re

from conftest import REPO

from mapgen import load_atlas
from mapgen.link import link
from mapgen.link.numbers import numbers_in

# Numbers that are parts of names, not claims about a place.
NAME_NUMBERS = {"Long March 6", "G60", "14th Five-Year Plan"}


def test_every_fact_is_found_in_its_article_and_carries_its_source() -> None:
    atlas = load_atlas(REPO)
    links, problems = link(atlas)
    assert problems == []
    shown = [s for groups in links.facts_by_place.values() for g in groups for s in g.facts]
    assert len(shown) == len(atlas.facts) >= 30
    for sourced in shown:
        assert sourced.article.id == sourced.fact.article
        assert sourced.paragraph in sourced.article.paragraphs


def test_every_number_in_the_articles_is_covered_by_a_fact() -> None:
    atlas = load_atlas(REPO)
    covered = set()
    for fact in atlas.facts:
        covered.update(numbers_in(fact.quote))
    missing = []
    for article in atlas.articles:
        for paragraph in article.paragraphs:
            text = paragraph.text
            for name in NAME_NUMBERS:
                text = text.replace(name, "")
            missing += [
                (article.id, n) for n in numbers_in(re.sub(r"\bone network\b", "", text)) if n not in covered
            ]
    assert missing == []


def test_relative_dates_are_resolved_and_original_words_kept() -> None:
    facts = {f.id: f for f in load_atlas(REPO).facts}
    by_words = {f.as_of_text.lower(): f for f in facts.values()}
    end_of_last_year = next(f for f in facts.values() if "end of last year" in f.as_of_text.lower())
    assert end_of_last_year.as_of.startswith("2023")  # the 2024-02-19 article's "last year"
    august = next(f for words, f in by_words.items() if "august last year" in words)
    assert august.as_of == "2021-08"
    assert by_words["three months later"].as_of == "2021-11"


def test_headline_numbers_are_values_with_units() -> None:
    values = {(q.number, f.place) for f in load_atlas(REPO).facts for q in f.values}
    for expected in [
        (1633, "songjiang_district"),
        (69, "songjiang_district"),
        (653, "songjiang_district"),
        (31, "songjiang_district"),
        (1219, "songjiang_district"),
        (6164, "lingang_songjiang_stc"),
        (2450, "lingang_songjiang_stc"),
        (41.6, "lingang_songjiang_stc"),
        (76200, "g60_corridor"),
    ]:
        assert expected in values


def test_facts_group_by_article_newest_first() -> None:
    atlas = load_atlas(REPO)
    links, _ = link(atlas)
    groups = links.for_place("songjiang_district")
    assert [g.article.date.isoformat() for g in groups] == ["2024-02-19", "2022-11-07"]
