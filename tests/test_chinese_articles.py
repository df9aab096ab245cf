"""Chinese news articles as seeds: read, split, linked to places, reviewed and curated.

The article in ``tests/data/zh_article.txt`` was written for these tests. It names all nine
cities in its story; its byline, captions and heading name places the story does not (九亭镇,
临港松江科技城, G60科创之眼), so a leak shows in those places' news. It wraps a sentence over
line breaks (杭\\n州, 1.2万\\n家, G60\\n科创走廊), uses full-width punctuation and digits, and
states numbers and dates in every way the review must find: 2019年6月6日, 6月6日, 2016年5月,
2023年, 九城市, 三个, 第二个, 1.2万家, 1.2万人次, 2500万元, 百分之十二点五, 41.6%, 2.5平方公里.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
import yaml
from conftest import Project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from news_articles import NEW_PATH, add_news_articles
from test_cli import mapgen  # the command as a person runs it: a process of its own

from mapgen import api, review
from mapgen.link.mentions import is_story_text, split_sentences, story_sentences
from mapgen.link.numbers import chinese_numeral, numbers_in, stated_quantities, zh_date_parts
from mapgen.model import Fact, Quantity
from mapgen.pipeline import check
from mapgen.read.articles import comparable, detect_lang, fold_forms, parse_article, read_article
from mapgen.read.yamldoc import parse_yaml

ZH_TEXT = (Path(__file__).parent / "data" / "zh_article.txt").read_text(encoding="utf-8")
ZH_ID = "950_g60_zh"
ZH_PATH = f"seeds/{ZH_ID}.txt"
FAST = settings(
    max_examples=200, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def add_zh_article(project: Project) -> None:
    project.write(ZH_PATH, ZH_TEXT)


# --- Reading: wrapped lines, language, full-width forms ---------------------------------------


def test_wrapped_lines_join_without_a_space_where_chinese_goes_on() -> None:
    article = read_article(Path(__file__).parent / "data" / "zh_article.txt", ZH_PATH)
    assert article.lang == "zh"
    first = next(p for p in article.paragraphs if p.text.startswith("2016年"))
    assert first.line == 9
    assert first.text.startswith("2016年5月，G60科创走廊从松江起步，最初只连接嘉兴和杭州。2019年6月6日")
    # A quote over a line break is found, and so is one over the break before 家.
    assert article.find("最初只连接嘉兴和杭州") is first
    assert article.find("九城市共有高新技术企业1.2万家") is not None
    # The ideographic spaces that indent a Chinese paragraph are not part of it.
    assert any(p.text.startswith("宣城的园区") for p in article.paragraphs)


def test_english_lines_still_join_with_a_space_and_chinese_within_them_without() -> None:
    article = parse_article(
        " date 2024-06-10 T\n\nSongjiang (松\n江) and\nJiaxing grew 1.2\nper cent.\n", "a", "a.txt"
    )
    assert article.lang == "en"
    assert article.paragraphs[0].text == "Songjiang (松江) and Jiaxing grew 1.2 per cent."


def test_the_language_is_told_from_the_title_and_the_paragraphs() -> None:
    assert detect_lang(ZH_TEXT) == "zh"
    assert detect_lang("Songjiang District (松江区) is home to the G60 corridor's 九城市 office.") == "en"
    # A Chinese article that names firms in English is still Chinese.
    assert detect_lang("海克斯康（Hexagon）在松江建设双智赋能中心，引进Ingram Micro等企业。") == "zh"
    assert detect_lang("2024-06-10 1,200") == "en"  # no letters at all: English, the default
    english = parse_article(" date 2024-06-10 Jiaxing grows\n\nJiaxing grew.\n", "a", "a.txt")
    assert english.lang == "en"


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("松江，嘉兴", "松江,嘉兴"),
        ("一是；二是", "一是;二是"),
        ("记者：张三", "记者:张三"),
        ("（含３个）", "(含3个)"),
        ("好！", "好!"),
        ("吗？", "吗?"),
        ("ＡＢＣ１２３", "ABC123"),
        ("松江\u3000嘉兴", "松江 嘉兴"),
        ("「小巨人」", '"小巨人"'),
        ("『小巨人』", "'小巨人'"),
        ("“小巨人”", '"小巨人"'),
        ("‘小巨人’", "'小巨人'"),
    ],
)
def test_full_width_and_half_width_forms_compare_equal(written: str, typed: str) -> None:
    assert comparable(written) == comparable(typed)
    article = parse_article(f" date 2024-06-10 标题\n\n据悉，{written}等。\n", "a", "a.txt")
    assert article.find(typed) is article.paragraphs[0]


def test_the_fold_keeps_every_position() -> None:
    text = "松江区已建成１２个联合创新中心（含３个国家级平台）。「好」"
    assert len(fold_forms(text)) == len(text)
    assert fold_forms(text) == '松江区已建成12个联合创新中心(含3个国家级平台)。"好"'


@FAST
@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)))
def test_any_ascii_quote_finds_its_full_width_printing(typed: str) -> None:
    printed = "".join(chr(ord(char) + 0xFEE0) for char in typed)
    assert comparable(printed) == comparable(typed)
    article = parse_article(f" date 2024-06-10 T\n\n松江{printed}嘉兴\n", "a", "a.txt")
    if comparable(typed):
        assert article.find(typed) is article.paragraphs[0]


# --- Sentences, captions, bylines and headings ------------------------------------------------


def test_chinese_sentences_end_at_their_stops_with_closing_quotes_and_brackets() -> None:
    assert split_sentences("嘉兴很好。 松江也好！杭州呢？湖州；合肥……芜湖…宣城。") == [
        "嘉兴很好。",
        "松江也好！",
        "杭州呢？",
        "湖州；",
        "合肥……",
        "芜湖…",
        "宣城。",
    ]
    assert split_sentences("他说：“好。”「对。」『是。』（完。）《书。》他走了。") == [
        "他说：“好。”",
        "「对。」",
        "『是。』",
        "（完。）",
        "《书。》",
        "他走了。",
    ]
    # An opening quote after a stop starts the next sentence; it is not closing the last one.
    assert split_sentences("他走了。“我们走吧。”") == ["他走了。", "“我们走吧。”"]
    # Decimals, percentages and English inside Chinese text stay whole.
    assert split_sentences("增长41.6%，达到1.2万家。Acme Co. Ltd.落户松江。") == [
        "增长41.6%，达到1.2万家。",
        "Acme Co. Ltd.落户松江。",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "G60科创之眼点亮夜空",  # a heading: short, no sentence punctuation
        "九城市携手共建科创走廊",
        "记者 张三 九亭镇报道。编辑：李四。",  # bylines
        "（记者 王五）",
        "本报记者 张三 通讯员 李四",
        "来源：新华网。",
        "责任编辑：王五。",
        "2024-06-06 10:00 来源：解放日报",
        "九亭镇的一处科创园区。新华社记者 王五 摄",  # captions and photo credits
        "临港松江科技城的新厂房。（图片来源：松江区融媒体中心）",
        "湖州港。(图片来源:湖州日报)",
        "图/新华社",
        "图：张三",
        "【图/视觉中国】湖州的码头。",
        "图为嘉兴的一处科创园区。",
        "嘉兴港的夜景。图片由嘉兴市政府提供。",
        "嘉兴港的夜景（张三 摄）",
    ],
)
def test_chinese_captions_bylines_and_headings_are_not_story(text: str) -> None:
    assert not is_story_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "记者了解到，嘉兴今年新增企业三千家。",  # "the reporter learned": a story sentence
        "新华社杭州6月6日电（记者 张三）九城市在杭州签署协议。",  # a dateline leads the story
        "松江区共有1.2万家企业。",
        "杭州新增科创企业41.6%，达到3200家；",
        "“我们将在金华建设第二个产业园。”",
        "宣城的园区预计2025年建成……",
        "他们拍摄了九城市的科创园区。",
    ],
)
def test_chinese_story_sentences_are_story(text: str) -> None:
    assert is_story_text(text)


# --- In the news: sentences reach the places they name ----------------------------------------


def news_texts(project: Project) -> dict[str, list[str]]:
    """The sentences of the Chinese article that each place's news shows, by place id."""
    links = check(project.root).links
    found = {
        place_id: [s.text for group in groups if group.article.id == ZH_ID for s in group.sentences]
        for place_id, groups in links.news_by_place.items()
    }
    return {place_id: sentences for place_id, sentences in found.items() if sentences}


def test_chinese_sentences_reach_the_places_they_name(project: Project) -> None:
    add_zh_article(project)
    news = news_texts(project)
    began = "2016年5月，G60科创走廊从松江起步，最初只连接嘉兴和杭州。"
    signed = "2019年6月6日，九城市在合肥签署合作协议，走廊延伸到金华、苏州、湖州、宣城、芜湖和合肥。"
    assert news["songjiang_district"] == [began, "松江区已建成１２个联合创新中心（含３个国家级平台）。"]
    assert news["jiaxing"] == [began, "嘉兴今年设立了三个联合实验室，总投资2500万元；"]
    assert news["hangzhou"] == [began, "杭州新增科创企业41.6%，达到3200家。"]  # named over a line break
    assert began in news["g60_corridor"]
    assert news["hefei"] == [signed]
    assert news["jinhua"] == [signed, '"我们将在金华建设第二个产业园。"']
    assert (
        news["suzhou"]
        == news["wuhu"][:2]
        == [
            signed,
            "苏州、芜湖两地的合作项目共计15项，6月6日当天吸引参观者1.2万人次！",
        ]
    )
    assert news["xuancheng"] == [signed, "宣城的园区占地约2.5平方公里（约3750亩），预计2025年建成……"]
    assert news["huzhou"] == [signed, "湖州则把重点放在绿色制造上。"]
    # Named only in the byline, a caption and the heading: no news from this article.
    for place_id in ("jiuting_town", "lingang_songjiang_stc", "g60_innovation_eye"):
        assert place_id not in news, place_id
    shown = " ".join(s for sentences in news.values() for s in sentences)
    for noise in ("记者", "编辑", "摄", "图片来源", "新华社", "点亮夜空", "负责人说"):
        assert noise not in shown


def test_story_sentences_keep_the_articles_punctuation() -> None:
    sentences = [
        s.text
        for s in story_sentences(read_article(Path(__file__).parent / "data" / "zh_article.txt", ZH_PATH))
    ]
    assert "松江区已建成１２个联合创新中心（含３个国家级平台）。" in sentences  # not folded
    assert len(sentences) == 11


# --- mapgen facts --unreviewed ----------------------------------------------------------------

UNREVIEWED = f"""\
{ZH_PATH}:9: dates 2016年5月; places g60_corridor, songjiang_core, songjiang_district, jiaxing, hangzhou
    2016年5月，G60科创走廊从松江起步，最初只连接嘉兴和杭州。
{ZH_PATH}:9: numbers 九 (9); dates 2019年6月6日; places hefei, jinhua, suzhou, huzhou, xuancheng, wuhu
    2019年6月6日，九城市在合肥签署合作协议，走廊延伸到金华、苏州、湖州、宣城、芜湖和合肥。
{ZH_PATH}:13: numbers 九 (9) · 1.2万 (12,000) · 百分之十二点五 (12.5%); dates 2023年; places (none named)
    截至2023年底，九城市共有高新技术企业1.2万家，比上年增长百分之十二点五。
{ZH_PATH}:18: numbers 三 (3) · 2500万 (25,000,000); places jiaxing
    嘉兴今年设立了三个联合实验室，总投资2500万元；
{ZH_PATH}:18: numbers 41.6% · 3,200; places hangzhou
    杭州新增科创企业41.6%，达到3200家。
{ZH_PATH}:20: numbers 第二 (2); places jinhua
    "我们将在金华建设第二个产业园。"
{ZH_PATH}:20: numbers 15 · 1.2万 (12,000); dates 6月6日; places suzhou, wuhu
    苏州、芜湖两地的合作项目共计15项，6月6日当天吸引参观者1.2万人次！
{ZH_PATH}:24: numbers 2.5 · 3,750; dates 2025年; places xuancheng
    宣城的园区占地约2.5平方公里（约3750亩），预计2025年建成……
{ZH_PATH}:26: numbers １２ (12) · ３ (3); places songjiang_district
    松江区已建成１２个联合创新中心（含３个国家级平台）。
9 sentences state numbers or dates that no fact in geo/facts.yaml quotes yet.
"""


def test_unreviewed_lists_every_number_and_date_of_a_chinese_article(project: Project) -> None:
    add_zh_article(project)
    result = mapgen("facts", "--unreviewed", "--root", str(project.root))
    assert result.returncode == 0, result.stderr
    assert result.stdout == UNREVIEWED
    # Each number and date the story states is listed, in the article's own words.
    items = api.unreviewed_sentences(project.root)
    numbers = {(n.text, n.value) for item in items for n in item.numbers}
    assert {("九", 9), ("三", 3), ("第二", 2), ("1.2万", 12_000), ("2500万", 25_000_000)} <= numbers
    assert {("百分之十二点五", 12.5), ("41.6%", 41.6), ("2.5", 2.5), ("3200", 3200), ("１２", 12)} <= numbers
    dates = [d for item in items for d in item.dates]
    assert dates == ["2016年5月", "2019年6月6日", "2023年", "6月6日", "2025年"]
    # Nothing of the byline, captions or heading: not their date, not the places they name.
    assert "2024年6月6日" not in result.stdout and "九亭" not in result.stdout


def test_yaml_stubs_of_a_chinese_article_paste_into_facts_yaml_and_validate(project: Project) -> None:
    add_zh_article(project)
    result = mapgen("facts", "--unreviewed", "--format", "yaml", "--root", str(project.root))
    assert result.returncode == 0, result.stderr
    stubs = {stub["quote"]: stub for stub in yaml.safe_load(result.stdout)}
    assert len(stubs) == 9
    for stub in stubs.values():
        assert "summary_zh" in stub and "summary" not in stub
        Fact.model_validate(stub)
    visitors = stubs["苏州、芜湖两地的合作项目共计15项，6月6日当天吸引参观者1.2万人次！"]
    assert visitors["place"] == "suzhou"
    assert (visitors["as_of"], visitors["as_of_text"]) == ("2024-06-06", "6月6日")
    assert visitors["values"] == [
        {"number": 15, "unit": "项", "unit_zh": "项"},
        {"number": 12000, "unit": "人次", "unit_zh": "人次"},
    ]
    labs = stubs["嘉兴今年设立了三个联合实验室，总投资2500万元；"]
    assert (labs["as_of"], labs["as_of_text"]) == ("2024-06", "文章日期")
    assert labs["values"] == [
        {"number": 3, "unit": "个", "unit_zh": "个"},
        {"number": 25000000, "unit": "元", "unit_zh": "元"},
    ]
    assert labs["summary_zh"] == "嘉兴今年设立了三个联合实验室，总投资2500万元"
    firms = stubs["截至2023年底，九城市共有高新技术企业1.2万家，比上年增长百分之十二点五。"]
    assert (firms["place"], firms["as_of"], firms["as_of_text"]) == ("g60_corridor", "2023", "2023年")
    assert firms["values"] == [
        {"number": 9, "unit": "城市", "unit_zh": "城市"},
        {"number": 12000, "unit": "家", "unit_zh": "家"},
        {"number": 12.5, "unit": "%"},
    ]
    signed = stubs["2019年6月6日，九城市在合肥签署合作协议，走廊延伸到金华、苏州、湖州、宣城、芜湖和合肥。"]
    assert (signed["as_of"], signed["as_of_text"]) == ("2019-06-06", "2019年6月6日")
    assert len(signed["summary_zh"]) <= review.SUMMARY_CHARS_ZH + 1
    assert signed["summary_zh"].endswith("…")
    began = stubs["2016年5月，G60科创走廊从松江起步，最初只连接嘉兴和杭州。"]
    assert (began["as_of"], began["as_of_text"], "values" in began) == ("2016-05", "2016年5月", False)
    # The stubs read back with the project's own YAML reader too.
    assert len(parse_yaml("facts:\n" + result.stdout, "stubs.yaml").data["facts"]) == 9

    project.write("geo/facts.yaml", project.read("geo/facts.yaml") + "\n" + result.stdout)
    checked = mapgen("validate", "--root", str(project.root))
    assert checked.returncode == 0, checked.stderr
    assert "44 facts checked against 3 articles" in checked.stdout
    after = mapgen("facts", "--unreviewed", "--root", str(project.root))
    assert after.stdout.startswith("Every number and date the articles state is quoted by a fact")
    listing = mapgen("facts", "--root", str(project.root))
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.splitlines()[-1] == "44 facts: 44 found in their articles."
    assert f"{ZH_PATH}:20" in listing.stdout


# --- Curated facts quoting Chinese articles ---------------------------------------------------

HALF_WIDTH_FACTS = f"""
  - id: songjiang_joint_centres
    place: songjiang_district
    article: {ZH_ID}
    quote: "松江区已建成12个联合创新中心(含3个国家级平台)"
    summary_zh: 松江区已建成12个联合创新中心
    as_of: "2024-06"
    as_of_text: 文章日期
    values:
      - number: 12
        unit: joint innovation centres
        unit_zh: 个联合创新中心

  - id: corridor_high_tech_firms
    place: g60_corridor
    article: {ZH_ID}
    quote: "截至2023年底,九城市共有高新技术企业1.2万家,比上年增长百分之十二点五"
    summary: 12,000 high-tech firms in the nine cities
    summary_zh: 九城市共有高新技术企业1.2万家
    as_of: "2023-12"
    as_of_text: 2023年底
    values:
      - number: 12000
        unit: high-tech firms
        unit_zh: 家
      - number: 12.5
        unit: "%"

  - id: jinhua_second_park
    place: jinhua
    article: {ZH_ID}
    quote: "「我们将在金华建设第二个产业园。」"
    summary: A second industrial park planned in Jinhua
    as_of: "2024-06"
    as_of_text: 文章日期
"""


def test_a_fact_quoting_a_chinese_article_with_half_width_punctuation_is_found(project: Project) -> None:
    add_zh_article(project)
    project.write("geo/facts.yaml", project.read("geo/facts.yaml") + HALF_WIDTH_FACTS)
    checked = mapgen("validate", "--root", str(project.root))
    assert checked.returncode == 0, checked.stderr
    statuses = {s.fact.id: s for s in api.fact_statuses(project.root)}
    for fact_id, line in (
        ("songjiang_joint_centres", 26),
        ("corridor_high_tech_firms", 13),
        ("jinhua_second_park", 20),
    ):
        assert statuses[fact_id].label == "found", statuses[fact_id].problems
        assert statuses[fact_id].paragraph is not None and statuses[fact_id].paragraph.line == line
    facts = {f.id: f for f in check(project.root).atlas.facts}
    assert facts["songjiang_joint_centres"].summary is None
    assert facts["songjiang_joint_centres"].values[0].unit_zh == "个联合创新中心"
    # Quoted sentences are reviewed, and a place's news leaves out what its facts show.
    out = mapgen("facts", "--unreviewed", "--root", str(project.root)).stdout
    for reviewed in ("联合创新中心", "高新技术企业", "第二个产业园"):
        assert reviewed not in out
    assert "6 sentences state numbers or dates" in out
    news = news_texts(project)
    assert news["songjiang_district"] == ["2016年5月，G60科创走廊从松江起步，最初只连接嘉兴和杭州。"]
    assert '"我们将在金华建设第二个产业园。"' not in news["jinhua"]


def test_a_number_not_in_a_chinese_quote_is_named(project: Project) -> None:
    add_zh_article(project)
    wrong = HALF_WIDTH_FACTS.replace("- number: 12000", "- number: 1.3")
    project.write("geo/facts.yaml", project.read("geo/facts.yaml") + wrong)
    result = mapgen("validate", "--root", str(project.root))
    assert result.returncode == 2
    assert "facts[36].values[0].number: 1.3 does not appear in the quote" in result.stderr


def test_a_fact_needs_a_summary_in_english_or_chinese(project: Project) -> None:
    add_zh_article(project)
    nameless = HALF_WIDTH_FACTS.replace("    summary_zh: 松江区已建成12个联合创新中心\n", "")
    project.write("geo/facts.yaml", project.read("geo/facts.yaml") + nameless)
    line = project.line_of("geo/facts.yaml", "- id: songjiang_joint_centres")
    result = mapgen("validate", "--root", str(project.root))
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        f"geo/facts.yaml:{line}: facts[35]: fact 'songjiang_joint_centres' has no summary: "
        "give summary (English), summary_zh (Chinese) or both"
    )
    base = {"id": "x", "place": "hefei", "article": "a", "quote": "q", "as_of": "2024", "as_of_text": "t"}
    assert Fact.model_validate({**base, "summary_zh": "合肥"}).summary is None
    assert Fact.model_validate({**base, "summary": "Hefei"}).summary_zh is None
    assert Quantity.model_validate({"number": 3, "unit": "parks"}).unit_zh is None


# --- English and Chinese articles together ----------------------------------------------------


def test_english_and_chinese_articles_work_together(project: Project) -> None:
    add_news_articles(project)
    add_zh_article(project)
    checked = check(project.root)
    assert {a.id: a.lang for a in checked.atlas.articles} == {
        "000_7da6f8e916943f80": "en",
        "001_5c34163c4dee47d7": "en",
        "899_jiaxing_plan": "en",
        "900_jiaxing_pact": "en",
        ZH_ID: "zh",
    }
    jiaxing = [g.article.id for g in checked.links.news_for("jiaxing")]
    assert jiaxing == [ZH_ID, "900_jiaxing_pact", "001_5c34163c4dee47d7", "899_jiaxing_plan"]  # newest first
    # The review lists both, each in its own way; every stub validates.
    out = mapgen("facts", "--unreviewed", "--root", str(project.root)).stdout
    assert f"{NEW_PATH}:7: numbers 3,200 · 2025; months March; places jiaxing, songjiang_district" in out
    assert f"{ZH_PATH}:18: numbers 三 (3) · 2500万 (25,000,000); places jiaxing" in out
    assert (
        out.splitlines()[-1]
        == "12 sentences state numbers or dates that no fact in geo/facts.yaml quotes yet."
    )
    stubs_text = api.unreviewed_fact_stubs(project.root)
    stubs = yaml.safe_load(stubs_text)
    english = [s for s in stubs if s["article"] == "900_jiaxing_pact"]
    chinese = [s for s in stubs if s["article"] == ZH_ID]
    assert len(english) == 3 and len(chinese) == 9
    assert all("summary" in s and "summary_zh" not in s for s in english)
    assert all("summary_zh" in s and "summary" not in s for s in chinese)
    project.write("geo/facts.yaml", project.read("geo/facts.yaml") + "\n" + stubs_text)
    validated = mapgen("validate", "--root", str(project.root))
    assert validated.returncode == 0, validated.stderr
    assert "47 facts checked against 5 articles" in validated.stdout


# --- Numbers and dates, as properties ---------------------------------------------------------

DIGITS_ZH = "零一二三四五六七八九"


def section_zh(number: int) -> str:
    """1 to 9999 in Chinese numerals, as a reference: 一千零五, 一百二十, 十五 written 一十五."""
    out, gap = "", False
    for size, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // size % 10
        if digit:
            out += ("零" if gap else "") + DIGITS_ZH[digit] + unit
            gap = False
        elif out:
            gap = True
    return out


def write_zh(number: int) -> str:
    """0 to 10^12 in Chinese numerals: 一万零一, 三千零五万, 一万二千亿零七."""
    if number == 0:
        return "零"
    for size, unit in ((10**8, "亿"), (10**4, "万")):
        if number >= size:
            high, low = divmod(number, size)
            text = write_zh(high) + unit
            return text + (("零" if low < size // 10 else "") + write_zh(low) if low else "")
    return section_zh(number)


def colloquial(text: str) -> str:
    """一十五 as people write it: 十五."""
    return text[1:] if text.startswith("一十") else text


def test_the_reference_writer_writes_what_chinese_readers_write() -> None:
    assert [write_zh(n) for n in (9, 15, 105, 1010, 10001, 35000, 30050000, 120000000)] == [
        "九",
        "一十五",
        "一百零五",
        "一千零一十",
        "一万零一",
        "三万五千",
        "三千零五万",
        "一亿二千万",
    ]
    assert write_zh(10**12) == "一万亿"


@FAST
@given(st.integers(min_value=0, max_value=10**12), st.booleans())
def test_chinese_numerals_read_back_to_their_number(number: int, plain: bool) -> None:
    written = colloquial(write_zh(number)) if plain else write_zh(number)
    assert chinese_numeral(written) == number
    [stated] = stated_quantities(f"共有{written}家企业")
    assert (stated.value, stated.text, stated.kind) == (number, written, "number")
    assert number in numbers_in(f"走廊内{written}个项目")


@FAST
@given(
    st.integers(min_value=0, max_value=99_999),
    st.text(alphabet="0123456789", max_size=3),
    st.sampled_from([("万", 10**4), ("亿", 10**8), ("万亿", 10**12)]),
    st.sampled_from(["家", "元", "人次", "平方公里", "，"]),
)
def test_multiplied_numbers_amount_to_the_whole_and_keep_their_text(
    whole: int, decimals: str, multiplier: tuple[str, int], after: str
) -> None:
    digits = f"{whole}.{decimals}" if decimals else str(whole)
    written = digits + multiplier[0]
    [stated] = stated_quantities(f"投资{written}{after}")
    assert stated.text == written and stated.kind == "number"
    assert math.isclose(stated.value, float(digits) * multiplier[1], rel_tol=1e-12)
    assert float(digits) in numbers_in(written)  # a value may give it as written, with the unit 万家


def date_zh(day: dt.date, parts: int) -> str:
    """A date as Chinese numerals write it: 二〇一九年六月六日."""
    year = "".join("〇一二三四五六七八九"[int(d)] for d in f"{day.year:04d}")
    text = year + "年"
    if parts >= 2:
        text += colloquial(write_zh(day.month)) + "月"
    if parts == 3:
        text += colloquial(write_zh(day.day)) + "日"
    return text


def date_digits(day: dt.date, parts: int, padded: bool, full_width: bool) -> str:
    """A date in digits: 2019年6月6日, 2019年06月06日, ２０１９年６月６日."""
    month, date = (f"{day.month:02d}", f"{day.day:02d}") if padded else (str(day.month), str(day.day))
    text = f"{day.year}年" + (f"{month}月" if parts >= 2 else "") + (f"{date}日" if parts == 3 else "")
    return "".join(chr(ord(c) + 0xFEE0) if full_width and c.isdigit() else c for c in text)


@FAST
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.integers(min_value=1, max_value=3),
    st.sampled_from(["digits", "padded", "full width", "numerals"]),
)
def test_chinese_dates_read_back_to_their_date(day: dt.date, parts: int, style: str) -> None:
    if style == "numerals":
        written = date_zh(day, parts)
    else:
        written = date_digits(day, parts, style == "padded", style == "full width")
    expected = (day.year, day.month if parts >= 2 else None, day.day if parts == 3 else None)
    assert zh_date_parts(written) == expected
    [stated] = stated_quantities(f"截至{written}，共有三个")[:1]
    assert (stated.text, stated.kind, stated.value) == (written, "date", day.year)
    iso = day.isoformat()[: {1: 4, 2: 7, 3: 10}[parts]]
    article = parse_article(" date 2024-06-10 标题\n\n正文。\n", "a", "seeds/a.txt")
    assert review.as_of_guess(f"截至{written}，共有三个。", article) == (iso, written)


@FAST
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_a_month_and_day_is_a_date_in_the_articles_year(day: dt.date) -> None:
    written = f"{day.month}月{day.day}日"
    [stated] = stated_quantities(f"{written}开幕")
    assert (stated.text, stated.kind, stated.value) == (written, "date", day.month)
    article = parse_article(f" date {day.year}-12-31 标题\n\n正文。\n", "a", "seeds/a.txt")
    assert review.as_of_guess(f"{written}开幕。", article) == (day.isoformat(), written)
