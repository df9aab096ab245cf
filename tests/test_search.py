"""The search box: places, facts, sentences and points found as you type, by keyboard too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import OfflinePage
from test_accessibility import serious_violations
from test_page_languages import _open, pages  # noqa: F401  (pages: the fixture)

pytestmark = pytest.mark.browser


def _results(page: Any) -> list[tuple[str, str]]:
    return [
        (label, detail)
        for label, detail in page.evaluate("""() => Array.from(document.querySelectorAll('.g60-search-option'))
        .map((o) => [o.querySelector('.g60-search-label').textContent,
                     o.querySelector('.g60-search-detail').textContent])""")
    ]


def _type(page: Any, text: str) -> None:
    page.fill(".g60-search-input", "")
    page.type(".g60-search-input", text)


def test_a_place_is_found_as_you_type_and_chosen_by_keyboard(
    pages: dict[str, Path],  # noqa: F811
    offline_page: Callable[..., OfflinePage],
) -> None:
    session = offline_page()
    page = _open(session, pages["en"])
    page.keyboard.press("/")  # the shortcut
    assert page.evaluate("() => document.activeElement.classList.contains('g60-search-input')")
    page.keyboard.type("hang")
    box = page.locator(".g60-search-input")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "true"
    results = _results(page)
    assert results[0] == ("Hangzhou 杭州", "City")
    assert ("Shanghai 上海", "City") in results  # any part of a name
    assert any(detail.startswith("Fact · ") for _, detail in results)  # facts' words too
    assert page.locator(".g60-search-status").inner_text() == f"{len(results)} results"
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == page.locator(
        ".g60-search-option"
    ).first.get_attribute("id")
    assert page.locator(".g60-search-option").first.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator(".g60-popup-title").inner_text() == "Hangzhou杭州"
    assert box.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.classList.contains('leaflet-popup-content')")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.leaflet-popup')")
    assert page.evaluate("() => document.activeElement.classList.contains('g60-search-input')")
    assert session.errors == []


def test_names_in_chinese_and_folded_forms_find_the_same_place(
    pages: dict[str, Path],  # noqa: F811
    offline_page: Callable[..., OfflinePage],
) -> None:
    session = offline_page()
    page = _open(session, pages["en"], "#lang=zh")
    for query in ("杭州", "ＨＡＮＧＺＨＯＵ", "hangzhou"):
        _type(page, query)
        assert _results(page)[0] == ("杭州 Hangzhou", "城市"), query
    _type(page, "zzzz")
    assert _results(page) == [] and page.locator(".g60-search-status").inner_text() == "未找到"
    assert page.locator(".g60-search-input").get_attribute("aria-expanded") == "false"
    assert page.locator(".g60-search-input").get_attribute("placeholder").startswith("搜索")


def test_points_are_found_by_any_part_of_their_name(
    pages: dict[str, Path],  # noqa: F811
    offline_page: Callable[..., OfflinePage],
) -> None:
    session = offline_page()
    page = _open(session, pages["en"])
    _type(page, "prise 42")
    results = _results(page)
    assert results[0] == ("Enterprise 42", "Point · Enterprises")
    page.locator(".g60-search-option").first.dispatch_event("mousedown")
    popup = page.locator(".g60-point-popup")
    assert popup.locator(".g60-popup-title").inner_text() == "Enterprise 42"


def test_a_sentence_in_the_news_takes_the_reader_to_its_place(
    pages: dict[str, Path],  # noqa: F811
    offline_page: Callable[..., OfflinePage],
) -> None:
    session = offline_page()
    page = _open(session, pages["en"])
    _type(page, "共建协同")  # words of the Chinese article, found whatever the page's language
    _type(page, "最初只连接嘉兴")
    results = _results(page)
    assert results and all(detail.startswith("In the news · ") for _, detail in results)
    page.keyboard.press("Enter")
    assert page.locator(".leaflet-popup-content .g60-news").count() == 1


def test_the_search_passes_axe_with_its_results_open(
    pages: dict[str, Path],  # noqa: F811
    offline_page: Callable[..., OfflinePage],
) -> None:
    session = offline_page()
    for lang in ("en", "zh"):
        page = _open(session, pages["en"], f"#lang={lang}")
        _type(page, "song")
        page.keyboard.press("ArrowDown")
        assert serious_violations(page, f"search open ({lang})") == []
