"""mapgen build --fragment: maps pasted into someone else's page, several to a page."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, OfflinePage

from mapgen import MapOptions, build, load_atlas
from mapgen.web.frame import FrameSize


def mapgen_build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", "build", "--root", str(REPO), *args],
        text=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def fragments(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("fragments")
    wide = build(REPO, folder / "wide.html", MapOptions(fragment=FrameSize(aspect="2:1")))
    small = build(REPO, folder / "small.html", MapOptions(basemap="none", fragment=FrameSize(640, 400)))
    return {"wide": wide.path.read_text(encoding="utf-8"), "small": small.path.read_text(encoding="utf-8")}


def test_a_fragment_is_one_div_with_no_page_parts(fragments: dict[str, str]) -> None:
    for fragment in fragments.values():
        assert fragment.startswith('<div class="g60-fragment"')
        assert fragment.rstrip().endswith("</div>")
        # Nothing that belongs to a page, or styles one: the host page stays as it was.
        assert not re.search(r"<(!DOCTYPE|html|head|body|meta)\b", fragment, re.IGNORECASE)
        assert not re.search(r"(^|[\s}>])(html|body|#map)\s*[,{]", fragment)
    assert 'style="position:relative;width:100%;aspect-ratio:2/1"' in fragments["wide"]
    assert 'style="position:relative;width:640px;height:400px"' in fragments["small"]


def test_fragments_with_other_options_get_other_ids(fragments: dict[str, str]) -> None:
    def ids(fragment: str) -> set[str]:
        return set(re.findall(r"\b[a-z_]+_[0-9a-f]{16}\b", fragment))

    wide, small = ids(fragments["wide"]), ids(fragments["small"])
    assert len(wide) > 10 and len(small) > 10
    assert wide.isdisjoint(small)


def test_fragment_is_deterministic(tmp_path: Path, fragments: dict[str, str]) -> None:
    again = build(REPO, tmp_path / "again.html", MapOptions(fragment=FrameSize(aspect="2:1")))
    assert again.path.read_text(encoding="utf-8") == fragments["wide"]


def test_cli_writes_a_fragment_beside_the_page(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    result = mapgen_build("--fragment", "--out", str(out), "--aspect", "4:3")
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith('<div class="g60-fragment"')
    assert "aspect-ratio:4/3" in out.read_text(encoding="utf-8")


def test_cli_writes_a_fragment_in_the_language_asked(tmp_path: Path) -> None:
    written = {}
    for lang in ("en", "zh"):
        out = tmp_path / f"{lang}.html"
        result = mapgen_build(
            "--fragment", "--lang", lang, "--out", str(out), "--width", "640", "--height", "400"
        )
        assert result.returncode == 0, result.stderr
        written[lang] = out.read_text(encoding="utf-8")
    assert written["zh"].startswith('<div class="g60-fragment"')
    assert written["zh"] != written["en"]
    api_made = build(REPO, tmp_path / "api.html", MapOptions(fragment=FrameSize(640, 400)), lang="zh")
    assert api_made.path.read_text(encoding="utf-8") == written["zh"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fragment", "--width", "640"], "give both --width and --height"),
        (["--fragment", "--aspect", "wide"], "aspect 'wide' is not W:H"),
        (["--width", "640", "--height", "400"], "--width, --height and --aspect size a --fragment"),
    ],
)
def test_cli_refuses_sizes_that_do_not_fit(tmp_path: Path, args: list[str], message: str) -> None:
    result = mapgen_build("--out", str(tmp_path / "map.html"), *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "map.html").exists()


HOST_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>A report</title>
<style>#map {{ color: rgb(1, 2, 3); }}</style></head>
<body>
<h1>Quarterly report</h1>
<p id="map">The host's own element with id "map".</p>
<section id="first" style="width: 800px">{wide}</section>
<script>window.__firstLeaflet = window.L;</script>
<section id="second">{small}</section>
<section id="third" style="width: 500px">{wide}</section>
<p>End of the report.</p>
</body></html>
"""


@pytest.mark.browser
def test_three_fragments_in_one_page_all_work(
    tmp_path: Path, fragments: dict[str, str], offline_page: Callable[..., OfflinePage]
) -> None:
    host = tmp_path / "report.html"
    # The same fragment twice, too: a report may show one map in two places.
    host.write_text(HOST_PAGE.format(**fragments), encoding="utf-8")
    session = offline_page(width=1200, height=900)
    page = session.page
    page.goto(host.as_uri())
    page.wait_for_function("() => document.querySelectorAll('.g60-marker').length >= 48")
    markers_per_map = len(load_atlas(REPO).cities) + len(load_atlas(REPO).sites)

    def box(section: str) -> dict[str, float]:
        return page.locator(f"#{section} .g60-map").bounding_box()  # type: ignore[no-any-return]

    for section in ("first", "second", "third"):
        assert page.locator(f"#{section} .g60-marker").count() == markers_per_map
        assert page.locator(f"#{section} .g60-title").count() == 1
        assert page.locator(f"#{section} .g60-legend").count() == 1
    # Each map fills its own box: responsive at 2:1 in its column, or fixed pixels.
    assert box("first")["width"] == pytest.approx(800) and box("first")["height"] == pytest.approx(400)
    assert box("second")["width"] == pytest.approx(640) and box("second")["height"] == pytest.approx(400)
    assert box("third")["width"] == pytest.approx(500) and box("third")["height"] == pytest.approx(250)

    # Leaflet ran once; the fragments left no globals and did not restyle the host page.
    assert page.evaluate("() => window.L === window.__firstLeaflet && L.version") == "1.9.4"
    assert page.evaluate("() => Object.keys(window).filter(k => /_[0-9a-f]{16}$/.test(k))") == []
    assert page.evaluate("() => getComputedStyle(document.body).margin") == "8px"
    assert page.evaluate("() => getComputedStyle(document.getElementById('map')).color") == "rgb(1, 2, 3)"

    # A popup opens in the map that was clicked, and only there.
    page.locator('#third [data-place-id="hangzhou"]').click()
    page.locator("#third .leaflet-popup-content").wait_for()
    assert "Hangzhou" in page.locator("#third .leaflet-popup-content").inner_text()
    assert page.locator("#first .leaflet-popup, #second .leaflet-popup").count() == 0

    # Each map has its own layer control: hiding the cities in one leaves the others alone.
    page.locator("#second .leaflet-control-layers").hover()
    page.locator("#second .leaflet-control-layers-overlays label", has_text="The nine cities").locator(
        "input"
    ).uncheck()
    assert page.locator("#second .g60-marker").count() == markers_per_map - 9
    assert page.locator("#first .g60-marker").count() == markers_per_map
    assert page.locator("#third .g60-marker").count() == markers_per_map

    assert session.errors == []
    # Only tiles are asked of the network: the 'none' basemap of the second asks nothing.
    assert {url.split("/")[2] for url in session.blocked} == {"tile.openstreetmap.org"}


@pytest.mark.browser
def test_a_chinese_fragment_opens_in_chinese_in_an_english_page(
    tmp_path: Path, fragments: dict[str, str], offline_page: Callable[..., OfflinePage]
) -> None:
    zh = build(
        REPO, tmp_path / "zh.html", MapOptions(basemap="none", fragment=FrameSize(640, 400)), lang="zh"
    )
    host = tmp_path / "report.html"
    host.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Report</title></head><body>"
        f"<section id='zh'>{zh.path.read_text(encoding='utf-8')}</section>"
        f"<section id='en'>{fragments['small']}</section></body></html>",
        encoding="utf-8",
    )
    session = offline_page(width=900, height=1000)
    session.page.goto(host.as_uri())
    session.page.wait_for_function("() => document.querySelectorAll('.g60-marker').length >= 32")
    legend = {lang: session.page.locator(f"#{lang} .g60-legend").inner_text() for lang in ("zh", "en")}
    assert "图例" in legend["zh"] and "Legend" not in legend["zh"]
    assert "Legend" in legend["en"] and "图例" not in legend["en"]
    assert session.errors == []
