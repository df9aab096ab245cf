"""In the news: every sentence of any article that names a place reaches that place's popup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, OfflinePage, Project, payloads
from news_articles import NEW_TITLE, add_news_articles

from mapgen import MapOptions, build, load_atlas
from mapgen.link.mentions import NameIndex, split_sentences, story_sentences_of
from mapgen.read.articles import Paragraph

Popups = dict[str, dict[str, Any]]


def built_popups(root: Path, out: Path) -> Popups:
    """Every popup of a built page by place id; the corridor's is on the axes."""
    build(root, out, MapOptions(basemap="none"))
    found: Popups = {}
    for factory, data in payloads(out.read_text(encoding="utf-8")):
        if factory == "placeLayer":
            found.update({place["id"]: place["popup"] for place in data["places"]})
        elif factory == "axisLayer":
            found["g60_corridor"] = data["popup"]
    return found


@pytest.fixture(scope="module")
def news_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("news")
    project = Project(folder / "project")
    add_news_articles(project)
    out = folder / "news.html"
    build(project.root, out, MapOptions(basemap="none"))
    return out


@pytest.fixture(scope="module")
def popups(news_page: Path, tmp_path_factory: pytest.TempPathFactory) -> Popups:
    return built_popups(news_page.parent / "project", tmp_path_factory.mktemp("again") / "news.html")


def news_sentences(popup: dict[str, Any], title: str | None = None) -> list[str]:
    news = popup["news"] or {"groups": []}
    return [s for g in news["groups"] if title in (None, g["title"]) for s in g["sentences"]]


def test_a_new_article_reaches_the_popups_of_the_places_it_names(popups: Popups) -> None:
    jiaxing = popups["jiaxing"]["news"]
    assert jiaxing["heading"] == "In the news"
    newest = jiaxing["groups"][0]
    assert (newest["title"], newest["date"], newest["date_label"]) == (
        NEW_TITLE,
        "2024-05-10",
        "Article of 10 May 2024",
    )
    assert newest["sentences"] == [
        "Officials from Jiaxing signed the pact with Acme Co. Ltd. at No. 1 Science Road on Friday.",
        "Jiaxing will open 3,200 lab seats to firms from Songjiang's science parks by March 2025.",
        "嘉兴与松江将共建<b>实验室</b>。",
    ]
    # "Songjiang's" and 松江 name the district, as "Songjiang District" would.
    district = news_sentences(popups["songjiang_district"], NEW_TITLE)
    assert district == [
        "Jiaxing will open 3,200 lab seats to firms from Songjiang's science parks by March 2025.",
        "嘉兴与松江将共建<b>实验室</b>。",
    ]
    # A site alias; the longer name wins over the "Songjiang" inside it.
    assert news_sentences(popups["lingang_songjiang_stc"], NEW_TITLE) == [
        "The Lingang Songjiang Sci-Tech City added 120 firms in the first quarter, a rise of 12.5 percent "
        "on the U.S. benchmark."
    ]
    assert news_sentences(popups["xuancheng"], NEW_TITLE) == ["Xuancheng agreed."]


def test_captions_credits_bylines_and_headings_never_become_news(popups: Popups, news_page: Path) -> None:
    # Huzhou, Hefei and Wuhu are named only in the caption, the credited caption and the heading.
    for place_id in ("huzhou", "hefei", "wuhu"):
        assert popups[place_id]["news"] is None, place_id
    shown = " ".join(s for popup in popups.values() for s in news_sentences(popup))
    for noise in ("Updated", "China Daily", "Photo", "ferry pier", "A new chapter", "skyline"):
        assert noise not in shown


def test_news_is_grouped_by_article_newest_first(popups: Popups) -> None:
    dates = [g["date"] for g in popups["songjiang_district"]["news"]["groups"]]
    assert dates == ["2024-05-10", "2024-02-19", "2022-11-07", "2021-01-05"]
    assert [g["date"] for g in popups["jiaxing"]["news"]["groups"]] == [
        "2024-05-10",
        "2022-11-07",
        "2021-01-05",
    ]


def test_a_long_list_shows_the_first_sentences_and_says_how_many_more(popups: Popups) -> None:
    newest = popups["jiaxing"]["news"]["groups"][0]
    # Seven sentences of the article name Jiaxing: three are shown.
    assert len(newest["sentences"]) == 3
    assert newest["more"] == "4 more sentences in this article"
    older = popups["jiaxing"]["news"]["groups"][-1]
    assert older["more"] == ""


def test_a_sentence_a_fact_of_the_popup_already_quotes_is_not_repeated(tmp_path: Path) -> None:
    popups = built_popups(REPO, tmp_path / "map.html")
    began = "It began in Songjiang and initially connected just Jiaxing and Hangzhou."
    jiaxing = popups["jiaxing"]
    assert began in [f["quote"] for g in jiaxing["fact_groups"] for f in g["facts"]]
    assert began not in news_sentences(jiaxing)
    assert any("connecting nine cities" in s for s in news_sentences(jiaxing))
    # No fact of Songjiang District quotes it, so its popup shows it as news.
    assert began in news_sentences(popups["songjiang_district"])
    # Huzhou is named only in a sentence that Huzhou's own fact quotes.
    assert popups["huzhou"]["news"] is None


def test_names_are_whole_words_any_case_and_the_longest_wins() -> None:
    index = NameIndex.of(load_atlas(REPO))
    assert index.places_named("HANGZHOU and hefei, not Wuhuan") == ("hangzhou", "hefei")
    assert index.places_named("Songjiang District and Lingang Songjiang Science and Technology City") == (
        "songjiang_district",
        "lingang_songjiang_stc",
    )
    assert index.places_named("在嘉兴市和九亭镇") == ("jiaxing", "jiuting_town")
    # A name that two places share names both.
    assert set(index.places_named("the G60 Science and Innovation Corridor")) == {
        "g60_corridor",
        "songjiang_core",
    }


def test_sentences_split_at_their_ends_only() -> None:
    assert split_sentences(
        "Output rose 41.6 percent at Huali Co. Ltd. in No. 2 Park. It hired "
        "Dr. Wang from the U.S. in March. Sales? Up!"
    ) == [
        "Output rose 41.6 percent at Huali Co. Ltd. in No. 2 Park.",
        "It hired Dr. Wang from the U.S. in March.",
        "Sales?",
        "Up!",
    ]
    assert split_sentences('He said: "Jiaxing is next." Then he left. "Why?" she asked.') == [
        'He said: "Jiaxing is next."',
        "Then he left.",
        '"Why?" she asked.',
    ]


def test_typographic_quotes_split_as_straight_ones_and_show_straight() -> None:
    """Sentences are split where the quotes are as written (for Chinese, where “ opens and ”
    closes); English splits the same either way, and shows straight quotes as before."""
    curly = Paragraph(3, "He said: “Jiaxing is next.” Then he left. “Why?” she asked. ‘Fine.’ Ok.")
    straight = Paragraph(3, 'He said: "Jiaxing is next." Then he left. "Why?" she asked. \'Fine.\' Ok.')
    shown = [s.text for s in story_sentences_of(straight)]
    assert shown == ['He said: "Jiaxing is next."', "Then he left.", '"Why?" she asked.', "'Fine.'", "Ok."]
    assert [s.text for s in story_sentences_of(curly)] == shown
    chinese = Paragraph(5, "嘉兴很好。“松江也好。”他说。")
    assert [s.text for s in story_sentences_of(chinese)] == ["嘉兴很好。", '"松江也好。"', "他说。"]


def test_a_caption_in_one_paragraph_with_the_story_drops_nothing_else() -> None:
    story = Paragraph(3, "Jiaxing grew fast. Its port doubled.")
    caption = Paragraph(5, "Jiaxing's port at dusk. Photo/Xinhua")
    heading = Paragraph(7, "Jiaxing looks ahead")
    assert [s.text for s in story_sentences_of(story)] == ["Jiaxing grew fast.", "Its port doubled."]
    assert story_sentences_of(caption) == story_sentences_of(heading) == ()


@pytest.mark.browser
def test_the_opened_popup_shows_the_news_as_text(
    news_page: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    popup = session.open_popup(news_page, "jiaxing")
    text = popup.inner_text()
    assert "In the news" in text
    assert NEW_TITLE in text and "Article of 10 May 2024" in text
    assert "Jiaxing will open 3,200 lab seats to firms from Songjiang's science parks by March 2025." in text
    assert "嘉兴与松江将共建<b>实验室</b>。" in text  # data is text, never markup
    assert popup.locator("b").count() == 0
    assert "4 more sentences in this article" in text
    assert "Jiaxing's roads are new." not in text  # beyond the first three
    assert "China Daily" not in text
    # Facts come first, then the news, newest article first.
    assert (
        text.index("It began in Songjiang")
        < text.index("In the news")
        < text.index(NEW_TITLE)
        < text.rindex("Article of 7 November 2022")
        < text.index("Article of 5 January 2021")
    )
    assert session.errors == []
