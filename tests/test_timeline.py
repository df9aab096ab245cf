"""The timeline: the map as of a date — later facts hidden, cities that joined later not yet
members, the title block saying the date — stepped through, played, and in the address."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, OfflinePage, Project
from test_page_languages import _hash, _open

from mapgen import DataError, MapOptions, build, check

pytestmark = pytest.mark.browser

JOINED = """    joined: "2019-06-06"
    joined_source:
      article: zh_g60
      quote: "九城市在合肥签署合作协议"
"""


def joined_project(root: Path) -> Project:
    """The project with the test's Chinese article, which says when Jinhua joined."""
    project = Project(root)
    project.write(
        "seeds/zh_g60.txt", (REPO / "tests" / "data" / "zh_article.txt").read_text(encoding="utf-8")
    )
    project.replace(
        "geo/cities.yaml",
        "    role_note: Southern end of the G60 Expressway axis.\n",
        "    role_note: Southern end of the G60 Expressway axis.\n" + JOINED,
    )
    return project


@pytest.fixture(scope="module")
def page_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("timeline")
    project = joined_project(folder / "project")
    out = folder / "map.html"
    build(project.root, out, MapOptions())
    return out


def _state(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => ({
        title: (document.querySelector('.g60-title-asof') || {}).textContent || null,
        notYet: Array.from(document.querySelectorAll('.g60-not-yet [data-place-id], .g60-not-yet'))
            .map((n) => n.dataset.placeId).filter(Boolean),
        shown: document.querySelector('.g60-timeline-date').textContent,
        later: document.querySelectorAll('.g60-timeline-later').length,
    })""")


def _facts(page: Any, place: str) -> tuple[list[str], str | None]:
    page.click(f'[data-place-id="{place}"]')
    popup = page.locator(".leaflet-popup-content").last
    ids = [f.get_attribute("data-fact-id") for f in popup.locator(".g60-fact").all()]
    note = popup.locator(".g60-later-hidden")
    text = note.inner_text() if note.count() else None
    page.click(".leaflet-popup-close-button")
    page.wait_for_function("() => !document.querySelector('.leaflet-popup')")
    return ids, text


def test_the_map_as_of_several_dates(page_path: Path, offline_page: Callable[..., OfflinePage]) -> None:
    session = offline_page()
    page = _open(session, page_path)
    everything = _state(page)
    assert everything["title"] is None and everything["notYet"] == [] and everything["later"] == 0
    assert everything["shown"] == "All dates"
    all_corridor, note = _facts(page, "shanghai")
    assert note is None

    page = _open(session, page_path, "#asof=2019-01-01")
    before = _state(page)
    assert before["title"] == "The map as of 2019-01-01"  # not one of the timeline's: as written
    assert before["notYet"] == ["jinhua"]  # joins on 6 June 2019
    ids, note = _facts(page, "jinhua")
    assert ids == [] and note == "1 fact dated later is hidden"  # its fact holds from 2022

    page = _open(session, page_path, "#asof=2019-07")  # a month is shown as of its first day
    july = _state(page)
    assert july["notYet"] == [] and july["title"] == "The map as of 2019-07"

    page = _open(session, page_path, "#asof=2017")
    early = _state(page)
    assert early["notYet"] == ["jinhua"] and early["later"] > before["later"]
    shown, note = _facts(page, "shanghai")
    assert set(shown) < set(all_corridor) or note is not None
    assert session.errors == []


def test_the_slider_and_the_events_choose_the_date_and_the_address_follows(
    page_path: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = _open(session, page_path)
    page.click(".g60-timeline summary")
    slider = page.locator(".g60-timeline-slider")
    slider.focus()
    page.keyboard.press("Home")  # the first date
    first = _state(page)
    assert first["title"] is not None and "jinhua" in first["notYet"]
    page.keyboard.press("End")  # all dates
    assert _state(page)["title"] is None
    page.locator(".g60-timeline-go", has_text="Jinhua joins the corridor").click()
    assert _state(page)["title"] == "The map as of 6 June 2019" and _state(page)["notYet"] == []
    page.wait_for_timeout(500)
    assert _hash(page)["asof"] == "2019-06-06"
    page.click(".g60-language-choice[lang='zh-CN']")
    assert _state(page)["title"] == "截至2019年6月6日的地图"


def test_play_steps_through_the_dates_and_stops_at_all_dates(
    page_path: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    page = _open(session, page_path)
    page.click(".g60-timeline summary")
    page.click(".g60-timeline-play")
    assert page.locator(".g60-timeline-play").get_attribute("aria-pressed") == "true"
    assert page.locator(".g60-timeline-play").inner_text() == "Pause"
    seen = {_state(page)["shown"]}
    page.wait_for_timeout(1500)
    seen.add(_state(page)["shown"])
    assert len(seen) == 2  # it moved on by itself
    page.click(".g60-timeline-play")  # pause
    paused = _state(page)["shown"]
    page.wait_for_timeout(1500)
    assert _state(page)["shown"] == paused


def test_a_joined_date_must_be_quoted_from_its_article(tmp_path: Path) -> None:
    project = joined_project(tmp_path / "project")
    project.replace("geo/cities.yaml", "九城市在合肥签署合作协议", "九城市在杭州签署合作协议")
    with pytest.raises(DataError) as error:
        check(project.root)
    assert "city 'jinhua': quote not found in article zh_g60" in str(error.value)
    project.replace("geo/cities.yaml", '      quote: "九城市在杭州签署合作协议"\n', "")
    project.replace("geo/cities.yaml", "    joined_source:\n      article: zh_g60\n", "")
    with pytest.raises(DataError) as error:
        check(project.root)
    assert "joined and joined_source go together" in str(error.value)
