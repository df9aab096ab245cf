"""mapgen embed: an iframe snippet that escapes what it is given and shows the map."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, OfflinePage

from mapgen import build


def embed(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", "embed", *args], cwd=REPO, text=True, capture_output=True, timeout=60
    )


def test_default_snippet_is_responsive_and_sandboxed() -> None:
    result = embed()
    assert result.returncode == 0, result.stderr
    snippet = result.stdout.strip()
    assert "aspect-ratio:16/10" in snippet and "width:100%" in snippet
    assert 'src="g60_corridor.html"' in snippet
    assert 'sandbox="allow-scripts allow-popups"' in snippet
    assert 'title="Map of the G60 Science and Technology Innovation Corridor" lang="en"' in snippet


def test_lang_zh_titles_the_frame_in_chinese_and_opens_the_page_in_it() -> None:
    result = embed("--lang", "zh", "--width", "640", "--height", "400")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        '<iframe src="g60_corridor.html#lang=zh" title="G60科创走廊地图" lang="zh-CN" width="640" '
        'height="400" style="border:0" loading="lazy" sandbox="allow-scripts allow-popups"></iframe>\n'
    )
    kept = embed("--lang", "en", "--src", "maps/g60.html?v=2#zoom=9&lang=zh").stdout
    assert 'src="maps/g60.html?v=2#zoom=9&amp;lang=en"' in kept


def test_a_title_given_is_said_to_be_in_lang() -> None:
    result = embed("--lang", "zh", "--title", "松江 <地图>")
    assert result.returncode == 0, result.stderr
    assert 'title="松江 &lt;地图&gt;" lang="zh-CN"' in result.stdout
    assert 'src="g60_corridor.html#lang=zh"' in result.stdout


def test_the_api_makes_the_same_snippet() -> None:
    from mapgen import api
    from mapgen.web.frame import FrameSize

    snippet = api.embed_snippet(REPO, "g60_corridor.html", FrameSize(640, 400), lang="zh")
    assert snippet + "\n" == embed("--lang", "zh", "--width", "640", "--height", "400").stdout
    with pytest.raises(ValueError, match="'fr' is not one of en, zh"):
        api.embed_snippet(REPO, lang="fr")  # type: ignore[arg-type]


def test_fixed_size_and_hostile_source_is_escaped() -> None:
    result = embed("--src", 'x.html" onload="alert(1)', "--width", "640", "--height", "400")
    assert result.returncode == 0, result.stderr
    assert 'src="x.html&quot; onload=&quot;alert(1)"' in result.stdout
    assert 'width="640" height="400"' in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (("--width", "640"), "give both --width and --height"),
        (("--aspect", "wide"), "aspect 'wide' is not W:H"),
        (("--lang", "cn"), "--lang: 'cn' is not one of en, zh"),
    ],
)
def test_bad_sizes_are_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = embed(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.browser
def test_the_snippet_shows_the_map_inside_a_host_page(
    tmp_path: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    build(REPO, tmp_path / "g60_corridor.html")
    snippet = embed("--aspect", "4:3").stdout
    host = tmp_path / "report.html"
    host.write_text(
        f"<!doctype html><html><body style='width:800px'><h1>Report</h1>{snippet}"
        "<p>After the map.</p></body></html>",
        encoding="utf-8",
    )
    session = offline_page()
    session.page.goto(host.as_uri())
    frame = session.page.frame_locator("iframe")
    frame.locator(".g60-marker-city").first.wait_for()
    assert frame.locator(".g60-marker-city").count() == 9
    box = session.page.locator("iframe").bounding_box()
    assert box is not None and box["width"] == pytest.approx(800, abs=1)
    assert box["height"] == pytest.approx(600, abs=1)
    assert session.page.inner_text("h1") == "Report"  # the host page is untouched


@pytest.mark.browser
def test_a_chinese_snippet_opens_an_english_build_in_chinese(
    tmp_path: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    build(REPO, tmp_path / "g60_corridor.html")  # opens in English when the hash names no language
    snippet = embed("--lang", "zh").stdout
    host = tmp_path / "report.html"
    host.write_text(
        f"<!doctype html><html lang='en'><body style='width:800px'>{snippet}</body></html>", encoding="utf-8"
    )
    session = offline_page()
    session.page.goto(host.as_uri())
    frame = session.page.frame_locator("iframe")
    frame.locator(".g60-legend").wait_for()
    assert "图例" in frame.locator(".g60-legend").inner_text()
    assert frame.locator("html").get_attribute("lang") == "zh-CN"
