"""The page's Content-Security-Policy: only its own scripts run, nothing else loads but tiles."""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, OfflinePage

from mapgen import MapOptions, build
from mapgen.web.basemaps import BASEMAPS
from mapgen.web.frame import FrameSize
from mapgen.web.policy import inline_sources, sha256_source, tile_hosts

_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)" />')

# Records every violation of the page's policy, from before the page's first script.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
    window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sample);
});
"""


def policy_of(page: str) -> dict[str, list[str]]:
    match = _META.search(page)
    assert match is not None, "no Content-Security-Policy meta"
    directives = [d.split() for d in html.unescape(match[1]).split("; ")]
    return {d[0]: d[1:] for d in directives}


def write_layer(folder: Path, count: int = 300) -> Path:
    """A layer of points around Songjiang, each with a name."""
    path = folder / "enterprises.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "category", "lat", "lon"])
        for i in range(count):
            row, col = divmod(i, 20)
            writer.writerow(
                [f"Enterprise {i}", "AI" if i % 3 else "Chips", 30.9 + row * 0.02, 121.0 + col * 0.02]
            )
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("security")
    layer = write_layer(folder)
    built = {}
    for name, options in {
        "en": MapOptions(),
        "zh": MapOptions(lang="zh"),
        "fragment": MapOptions(fragment=FrameSize(800, 500)),
    }.items():
        built[name] = folder / f"{name}.html"
        build(REPO, built[name], options, layers=[layer])
    return built


def test_the_policy_comes_first_and_is_strict(pages: dict[str, Path]) -> None:
    page = pages["en"].read_text(encoding="utf-8")
    head = page.split("</head>", 1)[0]
    assert (
        head.index('<meta charset="utf-8" />') < head.index("Content-Security-Policy") < head.index("<script")
    )
    assert head.index("Content-Security-Policy") < head.index("<style")
    policy = policy_of(page)
    assert policy["default-src"] == ["'none'"]
    for directive in ("connect-src", "base-uri", "form-action", "object-src"):
        assert policy[directive] == ["'none'"], directive
    for directive in ("script-src", "style-src"):
        assert all(source.startswith("'sha256-") for source in policy[directive]), directive
    assert "unsafe" not in _META.search(page)[0]  # type: ignore[index]
    # Exactly the page's own inline scripts and styles, hashed from the page as written.
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.DOTALL)
    styles = re.findall(r"<style\b[^>]*>(.*?)</style>", page, re.DOTALL)
    assert len(scripts) == 3 and len(styles) == 4
    assert policy["script-src"] == [sha256_source(s) for s in scripts]
    assert policy["style-src"] == [sha256_source(s) for s in styles]
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", page, flags=re.DOTALL)
    assert re.search(r"<[a-z][^>]*\sstyle=", markup) is None  # no style attribute to allow


def test_images_come_from_data_and_the_basemaps_tile_hosts_only(pages: dict[str, Path]) -> None:
    img_src = policy_of(pages["en"].read_text(encoding="utf-8"))["img-src"]
    assert img_src == ["data:", *tile_hosts()]
    expected = {
        "https://tile.openstreetmap.org",
        *(f"https://{s}.basemaps.cartocdn.com" for s in "abcd"),
        *(f"https://webrd0{s}.is.autonavi.com" for s in "1234"),
    }
    assert set(tile_hosts()) == expected
    for basemap in BASEMAPS:  # each basemap's tiles, from the table, are allowed
        if basemap.url is not None:
            for sub in basemap.subdomains:
                origin = "/".join(basemap.url.replace("{s}", sub).split("/")[:3])
                assert origin in img_src


def test_the_same_data_gives_the_same_policy_and_a_fragment_none(
    pages: dict[str, Path], tmp_path: Path
) -> None:
    first, second = (tmp_path / "one.html"), (tmp_path / "two.html")
    build(REPO, first)
    build(REPO, second)
    assert first.read_bytes() == second.read_bytes()
    fragment = pages["fragment"].read_text(encoding="utf-8")
    assert "Content-Security-Policy" not in fragment
    assert "<title>" not in fragment and "<html" not in fragment


def _exercise(page: Any, session: OfflinePage) -> None:
    """Click through everything the page does: popups, panels, the layer control, point layers."""
    page.click('[data-place-id="hangzhou"]')
    page.locator(".leaflet-popup-content").wait_for()
    page.click(".g60-sources summary")
    page.click(".g60-legend summary")
    page.dispatch_event('[data-axis-id="g60_expressway"]', "mouseover")
    # The axis's tooltip (the mouse, where the folded legend left it, may be over an area too).
    page.locator(".leaflet-tooltip", has_text="G60 Expressway").wait_for()
    page.dispatch_event('[data-area-id="city-330100"]', "mouseover")
    page.hover(".leaflet-control-layers")
    for basemap in (
        "CartoDB Positron (report style)",
        "AMap 高德地图 (GCJ-02)",
        "No background",
        "OpenStreetMap",
    ):
        page.click(f"text={basemap}")
    page.mouse.move(5, 400)
    page.click(".g60-point-list-button")
    page.locator(".g60-point-list-point").first.click()
    page.locator(".g60-point-popup").wait_for()
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_timeout(300)


def test_everything_works_under_the_policy_with_no_violation(
    pages: dict[str, Path], offline_page: Callable[..., OfflinePage]
) -> None:
    session = offline_page()
    session.page.add_init_script(WATCH_VIOLATIONS)
    page = session.open(pages["en"])
    assert page.locator(".g60-marker").count() == 16
    page.wait_for_function("() => document.querySelectorAll('canvas.g60-point-tile').length > 0")
    _exercise(page, session)
    assert page.evaluate("() => window.__violations") == []
    assert session.errors == [] and session.dialogs == []
    # Every request that left the page was a tile of a basemap (and the router blocked it).
    assert session.blocked
    assert {"/".join(url.split("/")[:3]) for url in session.blocked} <= set(tile_hosts())


def test_an_injected_inline_script_is_blocked(
    pages: dict[str, Path], tmp_path: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    page_text = pages["en"].read_text(encoding="utf-8")
    injected = tmp_path / "injected.html"
    injected.write_text(
        page_text.replace(
            "</body>",
            '<script>window.injected = 1;</script>\n<div id="x" style="color: red">x</div>\n</body>',
        ),
        encoding="utf-8",
    )
    session = offline_page()
    session.page.add_init_script(WATCH_VIOLATIONS)
    page = session.open(injected)
    assert page.evaluate("() => window.injected") is None
    violations = page.evaluate("() => window.__violations")
    assert any(v.startswith("script-src-elem inline") for v in violations), violations
    assert any(v.startswith("style-src-attr inline") for v in violations), violations
    assert any("Content Security Policy" in error for error in session.errors)
    # The page's own scripts still ran.
    assert page.locator(".g60-marker").count() == 16


HOST = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>A report with a strict policy</title></head>
<body><h1>Report</h1>
{fragment}
</body></html>
"""


def test_a_fragment_works_in_a_host_page_that_allows_its_hashes(
    pages: dict[str, Path], tmp_path: Path, offline_page: Callable[..., OfflinePage]
) -> None:
    fragment = pages["fragment"].read_text(encoding="utf-8")
    sources = inline_sources(fragment)
    # The fragment's box is a style attribute: a strict host allows it by hash ('unsafe-hashes').
    assert len(sources["style_attribute"]) == 1
    policy = "; ".join(
        (
            "default-src 'none'",
            "script-src " + " ".join(sources["script"]),
            "style-src 'unsafe-hashes' " + " ".join(sources["style"] + sources["style_attribute"]),
            "img-src data: " + " ".join(tile_hosts()),
        )
    )
    host = tmp_path / "host.html"
    host.write_text(HOST.format(policy=policy, fragment=fragment), encoding="utf-8")
    session = offline_page()
    session.page.add_init_script(WATCH_VIOLATIONS)
    page = session.open(host)
    page.click('[data-place-id="hangzhou"]')
    page.locator(".leaflet-popup-content").wait_for()
    assert page.locator(".g60-fragment").bounding_box()["width"] == 800  # type: ignore[index]
    page.click(".g60-point-list-button")
    assert page.locator(".g60-point-list-point").count() > 0
    assert page.evaluate("() => window.__violations") == []
    assert session.errors == []
