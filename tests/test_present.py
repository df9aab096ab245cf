"""One presentation for every output: the catalogue of words, formats, counts from the data."""

from __future__ import annotations

import re
import typing
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO, Project, payloads
from hypothesis import given
from hypothesis import strategies as st

from mapgen import ExportOptions, build, check, export_file
from mapgen.model import Axis
from mapgen.pipeline import Checked
from mapgen.present.catalogue import LANGS, Bilingual, Words, both, catalogue, placeholders
from mapgen.present.formats import count_word
from mapgen.present.legend import corridor_legend
from mapgen.web.basemaps import BASEMAP_KEYS

# --- the catalogue --------------------------------------------------------------------------


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGS), key
        assert placeholders(texts["en"]) == placeholders(texts["zh"]), key
        for text in texts.values():
            forms = text.values() if isinstance(text, dict) else [text]
            assert all(form.strip() for form in forms), key


def _keys_used_in_code() -> set[str]:
    known = set(catalogue())
    used = set()
    for path in (REPO / "mapgen").rglob("*.py"):
        used |= {
            key
            for key in re.findall(r'"([a-z0-9_]+\.[a-z0-9_]+)"', path.read_text(encoding="utf-8"))
            if key in known
        }
    axis_kinds = typing.get_args(Axis.model_fields["kind"].annotation)
    return used | {f"axis.kind_{kind}" for kind in axis_kinds} | {f"basemap.{key}" for key in BASEMAP_KEYS}


def test_every_message_is_used_and_every_used_message_exists() -> None:
    assert _keys_used_in_code() == set(catalogue())


def test_data_fills_placeholders_and_is_never_read_as_one() -> None:
    words = Words("en")
    assert words("layer.points", name="{count} {0} {__class__}", count="5") == "{count} {0} {__class__} (5)"
    assert words("layer.district_boundary", district=Bilingual("Songjiang District", "松江区")) == (
        "Songjiang District boundary"
    )
    assert (
        Words("zh")("layer.district_boundary", district=Bilingual("Songjiang District", "松江区"))
        == "松江区边界"
    )
    assert both("legend.heading") == "Legend 图例"


def test_plural_forms_follow_the_count() -> None:
    en = Words("en")
    assert en("title.sources_heading", count=1) == "Sources (1 article)"
    assert en("title.sources_heading", count=2) == "Sources (2 articles)"
    assert Words("zh")("title.sources_heading", count=2) == "资料来源（2篇文章）"


_ZH_VALUES = dict(zip("零一二三四五六七八九", range(10), strict=True))


def _zh_value(text: str) -> int:
    """Reads back a Chinese numeral as count_word writes it (两 for two)."""
    if text == "两":
        return 2
    total, digit = 0, 0
    for char in text:
        if char in _ZH_VALUES:
            digit = _ZH_VALUES[char]
        else:
            total += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            digit = 0
    return total + digit


@given(st.integers(min_value=0, max_value=9999))
def test_chinese_count_words_read_back_as_the_count(count: int) -> None:
    assert _zh_value(count_word(count, "zh")) == count


# --- one legend for every output -----------------------------------------------------------


def test_web_and_print_legends_say_the_same_words(tmp_path: Path) -> None:
    checked = check(REPO)
    for lang in LANGS:
        screen = {e.label for e in corridor_legend(checked, Words(lang), "screen")}
        paper = {e.label for e in corridor_legend(checked, Words(lang), "paper")}
        # Paper cannot be hovered and draws no corridor region; everything else is worded alike.
        assert len(paper - screen) == 1 and len(screen - paper) == 2
    page = payloads(build(REPO, tmp_path / "map.html").path.read_text(encoding="utf-8"))
    web_labels = {e["label"] for factory, data in page if factory == "legend" for e in data["entries"]}
    assert "Origin city (Shanghai, via Songjiang)" in web_labels


# --- counts come from the data -----------------------------------------------------------------


def add_tenth_city(project: Project, checked: Checked) -> None:
    """Shaoxing, as a square of land next to Hangzhou that no other city's area covers."""
    import json

    import shapely
    from shapely.geometry import mapping

    taken = shapely.union_all([b.geometry for b in checked.atlas.boundaries.at_level("city")])
    area = shapely.box(120.45, 29.75, 120.95, 30.10).difference(taken)
    area = max(shapely.get_parts(area), key=lambda part: part.area)
    point = area.representative_point()
    feature = {
        "type": "Feature",
        "properties": {"level": "city", "adcode": 330600, "name_en": "Shaoxing", "name_zh": "绍兴"},
        "geometry": mapping(area),
    }
    collection = json.loads(project.read("geo/boundaries.geojson"))
    collection["features"].append(feature)
    project.write("geo/boundaries.geojson", json.dumps(collection))
    project.write(
        "geo/cities.yaml",
        project.read("geo/cities.yaml")
        + f"""
  - id: shaoxing
    name_en: Shaoxing
    name_zh: 绍兴
    province: Zhejiang
    adcode: 330600
    role: member
    role_note: A tenth city, added by a test.
    lat: {point.y:.5f}
    lon: {point.x:.5f}
    source: a square of land next to Hangzhou, made by a test (WGS-84)
    precision: approximate
    radius_m: 500
""",
    )


def test_a_tenth_city_changes_every_count_the_map_shows(project: Project) -> None:
    add_tenth_city(project, check(REPO))
    checked = check(project.root)
    assert len(checked.atlas.cities) == 10
    page = build(project.root, project.root / "map.html").path.read_text(encoding="utf-8")
    # The search's entries are the data's words (names, summaries, sentences): not counts.
    # The search's and the timeline's entries are the data's words (names, summaries,
    # sentences): not counts.
    shown = "\n".join(
        _tool_words(data) for factory, data in payloads(page) if factory not in ("search", "timeline")
    )
    layer_names = [
        entry["name"]
        for factory, data in payloads(page)
        if factory == "layerSwitcher"
        for entry in data["entries"]
    ]
    assert "The ten cities" in layer_names
    assert "10 cities" in shown and "Corridor region, the ten cities" in shown
    assert "the ten cities cover" in shown and "plus the nine other cities" in shown
    assert "the ten whole cities cover" in shown  # the corridor popup's area comparison
    assert not re.search(r"\bnine (whole )?cities\b|\beight other\b", shown)

    svg = export_file(project.root, "svg", project.root / "map.svg", ExportOptions().with_lang("both"))
    texts = ["".join(t.itertext()) for t in ET.parse(svg).getroot().iter("{http://www.w3.org/2000/svg}text")]
    assert any(t.startswith("Ten cities along") and "十座城市" in t for t in texts)


@pytest.mark.parametrize("lang", LANGS)
def test_counted_words_for_the_corridor_today(lang: typing.Literal["en", "zh"]) -> None:
    words = Words(lang)
    assert (
        words("layer.cities", count_word=count_word(9, lang))
        == {"en": "The nine cities", "zh": "九座城市"}[lang]
    )


def _tool_words(value: object) -> str:
    """The text the tool writes in a payload, without what the data says (quotes, summaries,
    sentences): an article saying "nine cities" is no count of the map's."""
    data_keys = {"quote", "headline", "sentences", "role_note", "description", "title", "note", "data"}
    if isinstance(value, dict):
        return "\n".join(_tool_words(v) for k, v in value.items() if k not in data_keys)
    if isinstance(value, list):
        return "\n".join(_tool_words(v) for v in value)
    return value if isinstance(value, str) else ""
