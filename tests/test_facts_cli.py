"""`mapgen facts`: each curated fact's provenance, and the numbers no fact covers yet."""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path

import yaml
from conftest import REPO, Project, payloads
from hypothesis import example as case
from hypothesis import given, settings
from hypothesis import strategies as st
from news_articles import NEW_ID, NEW_LINE, NEW_PATH, add_news_articles
from test_cli import mapgen  # the command as a person runs it: a process of its own

from mapgen import api, build, load_atlas, review
from mapgen.cli.common import visible
from mapgen.link.mentions import Sentence
from mapgen.link.numbers import StatedNumber
from mapgen.model import Atlas, Fact
from mapgen.read.articles import Article, Paragraph
from mapgen.read.yamldoc import parse_yaml


def test_facts_lists_every_fact_with_its_article_date_and_paragraph_line() -> None:
    result = mapgen("facts")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    atlas = load_atlas(REPO)
    assert lines[-1] == f"{len(atlas.facts)} facts: {len(atlas.facts)} found in their articles."
    rows = {line.split()[1]: line.split() for line in lines[1:-1]}
    assert set(rows) == {f.id for f in atlas.facts}
    for fact in atlas.facts:
        article = atlas.article(fact.article)
        assert article is not None
        paragraph = article.find(fact.quote)
        assert paragraph is not None
        assert rows[fact.id] == [
            "found",
            fact.id,
            fact.place,
            f"{article.path}:{paragraph.line}",
            article.date.isoformat(),
        ]


def test_an_edited_article_fails_validation_naming_the_fact_and_the_article(project: Project) -> None:
    article = "seeds/000_7da6f8e916943f80.txt"
    project.replace(article, "with 1,633 companies", "with 1,700 companies")
    fact_line = project.line_of("geo/facts.yaml", 'quote: "boasting the highest number')
    result = mapgen("validate", "--root", str(project.root))
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        f"geo/facts.yaml:{fact_line}: facts[0].quote: fact 'songjiang_large_scale_industrial_enterprises': "
        f"quote not found in article 000_7da6f8e916943f80 ({article})"
    ) in result.stderr.splitlines()
    # `facts` still lists every fact, and says which one lost its quote.
    listing = mapgen("facts", "--root", str(project.root))
    assert listing.returncode == 2
    rows = [line.split() for line in listing.stdout.splitlines()]
    assert [
        "NOT",
        "FOUND",
        "songjiang_large_scale_industrial_enterprises",
        "songjiang_district",
        article,
        "2024-02-19",
    ] in rows
    assert listing.stdout.splitlines()[-1].endswith("34 found in their articles, 1 not found.")
    assert "quote not found in article" in listing.stderr
    assert [s.found for s in api.fact_statuses(project.root)].count(False) == 1


def test_unreviewed_lists_new_numbers_and_dates_with_places_and_where(project: Project) -> None:
    assert (
        mapgen("facts", "--unreviewed").stdout.strip()
        == "Every number and date the articles state is quoted by a fact in geo/facts.yaml."
    )
    add_news_articles(project)
    result = mapgen("facts", "--unreviewed", "--root", str(project.root))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert (
        f"{NEW_PATH}:{NEW_LINE}: numbers 3,200 · 2025; months March; places jiaxing, songjiang_district\n"
        "    Jiaxing will open 3,200 lab seats to firms from Songjiang's science parks by March 2025.\n"
    ) in out
    lingang_line = project.line_of(NEW_PATH, "The Lingang Songjiang Sci-Tech City")
    assert f"{NEW_PATH}:{lingang_line}: numbers 120 · 12.5; places lingang_songjiang_stc\n" in out
    # The byline's date and the caption's 300 workers are not claims of the story.
    assert "Huzhou" not in out and "300" not in out and "09:30" not in out
    # Curated sentences of the seed articles are not listed again.
    assert "seeds/000_" not in out and "seeds/001_" not in out
    assert (
        out.splitlines()[-1]
        == "3 sentences state numbers or dates that no fact in geo/facts.yaml quotes yet."
    )


def test_yaml_stubs_paste_into_facts_yaml_and_pass_validation(project: Project, tmp_path: Path) -> None:
    add_news_articles(project)
    result = mapgen("facts", "--unreviewed", "--format", "yaml", "--root", str(project.root))
    assert result.returncode == 0, result.stderr
    stubs = yaml.safe_load(result.stdout)
    assert [s["article"] for s in stubs] == [NEW_ID] * 3
    for stub in stubs:
        Fact.model_validate(stub)  # the schema of geo/facts.yaml
    lab_seats = next(s for s in stubs if "3,200" in s["quote"])
    assert lab_seats["place"] == "jiaxing"
    assert (lab_seats["as_of"], lab_seats["as_of_text"]) == ("2025-03", "by March 2025")
    assert lab_seats["values"] == [{"number": 3200, "unit": "lab seats"}]
    assert "also named: songjiang_district" in result.stdout

    facts_yaml = project.read("geo/facts.yaml")
    project.write("geo/facts.yaml", facts_yaml + "\n" + result.stdout)
    checked = mapgen("validate", "--root", str(project.root))
    assert checked.returncode == 0, checked.stderr
    assert "38 facts checked against 4 articles" in checked.stdout
    # Once curated, the sentences are reviewed, and shown as facts rather than as news.
    assert "Every number and date" in mapgen("facts", "--unreviewed", "--root", str(project.root)).stdout
    out = tmp_path / "map.html"
    build(project.root, out)
    jiaxing = next(
        p["popup"]
        for name, data in payloads(out.read_text(encoding="utf-8"))
        if name == "placeLayer"
        for p in data["places"]
        if p["id"] == "jiaxing"
    )
    values = [f["value"] for g in jiaxing["fact_groups"] for f in g["facts"]]
    assert "3,200 lab seats" in values
    news = [s for g in jiaxing["news"]["groups"] for s in g["sentences"]]
    assert lab_seats["quote"] not in news


def test_stub_ids_stay_unique_and_valid(project: Project) -> None:
    add_news_articles(project)
    project.write("seeds/900_jiaxing_pact_copy.txt", project.read(NEW_PATH))
    stubs = yaml.safe_load(api.unreviewed_fact_stubs(project.root))
    ids = [s["id"] for s in stubs]
    assert len(ids) == len(set(ids)) == 6
    assert all(len(i) <= 64 for i in ids)


def test_format_yaml_is_for_unreviewed_sentences_only() -> None:
    result = mapgen("facts", "--format", "yaml")
    assert result.returncode == 2
    assert "add --unreviewed" in result.stderr
    assert mapgen("facts", "--unreviewed", "--format", "csv").returncode == 2


def test_help_teaches_with_examples() -> None:
    result = mapgen("facts", "--help")
    assert result.returncode == 0
    for example in (
        "mapgen facts\n",
        "mapgen facts --unreviewed\n",
        "mapgen facts --unreviewed --format yaml > stubs.yaml",
    ):
        assert example in result.stdout
    assert "facts" in mapgen("--help").stdout


@cache
def repo_atlas() -> Atlas:
    return load_atlas(REPO)


@settings(max_examples=300, deadline=None)
@given(text=st.text(), path=st.text(), places=st.lists(st.text(), max_size=3))
@case(text="\x85 \ufffe \x1b[31m \u2028\u2029 \ufeff \x00 \t\r\n", path="seeds/a\nb.txt", places=["x\ny"])
@case(text="# not a comment: - [x] {y} & *z ! % @ ` '\" \\ \u202e", path="\x85\u2028#", places=["no", "2024"])
@case(text="  leading and trailing  ", path="", places=[])
@case(text="$2 billion, 6,164 companies in November 2023", path="seeds/x.txt", places=["songjiang", "null"])
@case(text="截至2023年底，九城市共有1.2万家企业“小巨人”。", path="seeds/zh.txt", places=["jiaxing"])
def test_a_stub_loads_back_to_exactly_its_sentence(text: str, path: str, places: list[str]) -> None:
    """Whatever the sentence, the file name and the place ids, the stub is YAML that gives them back,
    to PyYAML and to mapgen's own reader, as printed by the command (control characters shown) too."""
    article = Article("any", path, datetime.date(2024, 5, 10), "T", (Paragraph(3, text),))
    item = review.Unreviewed(
        article,
        Sentence(text, article.paragraphs[0], 0, len(text)),
        (StatedNumber(1.0, "1", 0, 1),),
        (),
        tuple(places),
    )
    stub = review.stub_yaml(item, repo_atlas(), set())
    for shown in (stub, visible(stub)):
        for loaded in (yaml.safe_load("facts:\n" + shown), parse_yaml("facts:\n" + shown, "stubs.yaml").data):
            [fact] = loaded["facts"]
            assert fact["quote"] == text
            assert fact["article"] == "any"
            assert fact["place"] == (places[0] if places else repo_atlas().corridor.id)
            # A Chinese article's stub is summarised in Chinese.
            summary = "summary_zh" if article.lang == "zh" else "summary"
            assert fact[summary] == review.summary_guess(text)
