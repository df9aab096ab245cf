"""Curating facts: where each curated quote stands, and what the articles say that no fact covers.

``mapgen facts`` lists every fact of ``geo/facts.yaml`` with its provenance: the
article, its date and the paragraph the quote was found in (or that it was not).
``mapgen facts --unreviewed`` lists the sentences that state a number or a date
that no curated quote states yet, and writes them as stub facts to paste into
``geo/facts.yaml`` (``--format yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

import yaml

from mapgen.errors import Problem
from mapgen.link.facts import SourcedFact, source_fact
from mapgen.link.mentions import NameIndex, Sentence, story_sentences
from mapgen.link.numbers import numbers_in, stated_numbers
from mapgen.model import Atlas, Fact
from mapgen.present.formats import MONTHS, format_number
from mapgen.read.articles import Article, Paragraph

_MONTHS = "January|February|March|April|June|July|August|September|October|November|December"
# Month names state dates; "May" only next to a day or year, where it cannot be the verb.
MONTH = re.compile(rf"\b(?:{_MONTHS})\b|\bMay(?=\s+\d)|(?<=\d\s)May\b")
_MONTH_NUMBER = {name: index for index, name in enumerate(MONTHS, start=1)}
# "In November 2023", "by the end of 2023", "2018": the time a stub fact holds for.
_WHEN = re.compile(
    r"(?:\b(?:[Ii]n|[Bb]y the end of|[Bb]y|[Aa]s of|[Aa]t the end of)\s+)?"
    rf"(?:(?P<month>{_MONTHS}|May)\s+)?(?P<year>(?:19|20)\d\d)\b"
)
_YEAR = re.compile(r"(?<![\w.,])(?:19|20)\d\d(?![\w,]|\.\d)")
# The words after a number, as a first guess at its unit ("6,164 companies, ..." -> companies).
_UNIT = re.compile(
    r"\s*(%|‰|[A-Za-z²-]+(?:\s+(?!(?:and|or|in|of|to|from|by|the|a|an|at|on|for|"
    r"with|as|than|which|that)\b)[A-Za-z²-]+){0,2})"
)
# The characters a YAML file may hold (YAML 1.1's printable set) but line breaks, the
# bidirectional overrides and a byte order mark: what a comment may hold as it is.
_NOT_IN_COMMENT = re.compile(
    "[^\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_PLAIN_ID = re.compile(r"[a-z0-9][a-z0-9_]*")
_ONE_LINE = float("inf")  # no folding: a scalar stays on its line, however long
SUMMARY_CHARS = 100
ID_CHARS = 64
T = TypeVar("T")


@dataclass(frozen=True)
class FactStatus:
    """A curated fact and where its quote stands in its article."""

    fact: Fact
    article: Article | None  # None: no such article (load reports it)
    paragraph: Paragraph | None  # where the quote was found; None: not found
    problems: tuple[Problem, ...]  # quote not found, numbers not in the quote

    @property
    def found(self) -> bool:
        return self.paragraph is not None

    @property
    def label(self) -> str:
        if self.paragraph is None:
            return "NOT FOUND"
        return "found" if not self.problems else "NUMBERS?"


def fact_statuses(atlas: Atlas) -> tuple[FactStatus, ...]:
    """Every curated fact, in file order, with the paragraph of its article that quotes it."""
    statuses = []
    for fact in atlas.facts:
        article = atlas.article(fact.article)
        result = source_fact(fact, atlas)
        problems = () if isinstance(result, SourcedFact) else tuple(result)
        statuses.append(FactStatus(fact, article, article.find(fact.quote) if article else None, problems))
    return tuple(statuses)


@dataclass(frozen=True)
class Unreviewed:
    """A sentence that states numbers or dates that no curated quote of its article states."""

    article: Article
    sentence: Sentence
    numbers: tuple[float, ...]  # stated and not yet in a quote, in order, each once
    months: tuple[str, ...]
    places: tuple[str, ...]  # the places it names, in order of mention

    @property
    def where(self) -> str:
        return f"{self.article.path}:{self.sentence.line}"


def unreviewed(atlas: Atlas) -> tuple[Unreviewed, ...]:
    """Every sentence of every article that states a number or a date no curated quote covers.

    A number or month counts as covered when a fact quoting this sentence (or part of it)
    states it too.
    """
    index = NameIndex.of(atlas)
    found = []
    for article in sorted(atlas.articles, key=lambda a: a.path):
        quotes = [f.quote for f in atlas.facts if f.article == article.id]
        for sentence in story_sentences(article):
            covering = [q for q in quotes if sentence.overlaps(q)]
            numbers = _new(
                [n for n in numbers_in(sentence.text) if not any(n in numbers_in(q) for q in covering)]
            )
            months = _new([m for m in MONTH.findall(sentence.text) if not any(m in q for q in covering)])
            if numbers or months:
                found.append(
                    Unreviewed(
                        article, sentence, tuple(numbers), tuple(months), index.places_named(sentence.text)
                    )
                )
    return tuple(found)


def _new(items: list[T]) -> list[T]:
    """Each item once, in first-seen order."""
    return list(dict.fromkeys(items))


def as_of_guess(text: str, article: Article) -> tuple[str, str]:
    """(as_of, as_of_text) for a stub: the first month and year or year the text names,
    else the article's month.

    >>> import datetime
    >>> article = Article("a", "seeds/a.txt", datetime.date(2024, 5, 10), "T", ())
    >>> as_of_guess("In November 2023, it opened.", article), as_of_guess("By 2025 it will.", article)
    (('2023-11', 'In November 2023'), ('2025', 'By 2025'))
    >>> as_of_guess("It opened.", article)
    ('2024-05', "at the article's date")
    """
    match = _WHEN.search(text)
    if match is None:
        return f"{article.date:%Y-%m}", "at the article's date"
    if match["month"]:
        return f"{match['year']}-{_MONTH_NUMBER[match['month']]:02d}", match[0]
    return match["year"], match[0]


def unit_guess(text: str, end: int) -> str:
    """The words after a number that ends at ``end``, as a first guess at its unit.

    >>> text = "6,164 companies, including 41.6 percent more than 2,450 physical firms in town"
    >>> unit_guess(text, 5), unit_guess(text, 31), unit_guess(text, 56)
    ('companies', 'percent more', 'physical firms')
    """
    match = _UNIT.match(text, end)
    return match[1] if match and match[1] else "TODO unit"


def values_of(item: Unreviewed) -> list[tuple[float, str]]:
    """(number, unit guess) for each new number of the sentence that is not a year."""
    text = item.sentence.text
    years = {float(y) for y in _YEAR.findall(text)}
    values: dict[float, str] = {}
    for number, end in stated_numbers(text):
        if number in item.numbers and number not in years and number not in values:
            values[number] = unit_guess(text, end)
    return list(values.items())


def summary_guess(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The sentence, cut at a word before ``limit`` characters: a summary claiming nothing more.

    >>> summary_guess("Jiaxing opened 3,200 new labs in the spring of 2024.", 30)
    'Jiaxing opened 3,200 new labs…'
    """
    text = text.rstrip(".")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _stub_id(place_id: str, item: Unreviewed, taken: set[str]) -> str:
    """A fact id, unique among ``taken``: place, article and line."""
    article = re.sub(r"[^a-z0-9_]+", "_", item.article.id.lower()).strip("_")
    base = f"{place_id}_{article}_l{item.sentence.line}"[: ID_CHARS - 3].rstrip("_")
    candidate, count = base, 1
    while candidate in taken:
        count += 1
        candidate = f"{base}_{count}"
    taken.add(candidate)
    return candidate


def _yaml_text(text: str) -> str:
    r"""``text`` as a YAML double-quoted scalar on one line, written by PyYAML's emitter: it loads
    back to exactly ``text``, whatever characters it holds (those YAML does not allow in a file,
    such as control characters, U+0085 or U+FFFE, are written as escapes).

    >>> print(_yaml_text('He said "$2 billion"\n\x1b[31m'))
    "He said \"$2 billion\"\n\e[31m"
    """
    return _yaml_scalar(text, style='"')


def _yaml_scalar(value: str | float, style: str | None = None) -> str:
    dumped = yaml.safe_dump(value, default_style=style, allow_unicode=True, width=_ONE_LINE)
    return dumped.removesuffix("\n").removesuffix("\n...").removesuffix("\n")


def _yaml_id(text: str) -> str:
    """An id as it is written in ``geo/facts.yaml``: plain where it reads back as the same text.

    >>> _yaml_id("hangzhou"), _yaml_id("2024"), _yaml_id("no")
    ('hangzhou', '"2024"', '"no"')
    """
    if _PLAIN_ID.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    return _yaml_text(text)


def _yaml_number(number: float) -> str:
    """A number as YAML reads it back (YAML 1.1 needs a dot in a float: ``1.0e-07``, not ``1e-07``).

    >>> _yaml_number(3200.0), _yaml_number(41.6), _yaml_number(1e-07)
    ('3200', '41.6', '1.0e-07')
    """
    return str(int(number)) if float(number).is_integer() else _yaml_scalar(float(number))


def _comment(text: str) -> str:
    r"""Text for a YAML comment: one line of characters any YAML reader accepts; the others,
    line breaks, control characters and bidirectional overrides, written out as escapes.

    >>> print(_comment("seeds/a\nb.txt:3 \x85\u202e\ufffe 杭州"))
    seeds/a\x0ab.txt:3 \x85\u202e\ufffe 杭州
    """
    return _NOT_IN_COMMENT.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def stub_yaml(item: Unreviewed, atlas: Atlas, taken: set[str]) -> str:
    """One stub fact for ``geo/facts.yaml``, indented to go under ``facts:``."""
    place, *others = item.places or (atlas.corridor.id,)
    if not item.places:
        place_note = "  # no place named in the sentence: pick one"
    else:
        place_note = f"  # also named: {_comment(', '.join(others))}" if others else ""
    as_of, as_of_text = as_of_guess(item.sentence.text, item.article)
    lines = [
        f"  # {_comment(item.where)} ({item.article.date}): check the place, summary, as_of and units",
        f"  - id: {_yaml_id(_stub_id(place, item, taken))}",
        f"    place: {_yaml_id(place)}{place_note}",
        f"    article: {_yaml_text(item.article.id)}",
        f"    quote: {_yaml_text(item.sentence.text)}",
        f"    summary: {_yaml_text(summary_guess(item.sentence.text))}",
        f"    as_of: {_yaml_text(as_of)}",
        f"    as_of_text: {_yaml_text(as_of_text)}",
    ]
    values = values_of(item)
    if values:
        lines.append("    values:")
        for number, unit in values:
            lines += [f"      - number: {_yaml_number(number)}", f"        unit: {_yaml_text(unit)}"]
    return "\n".join(lines) + "\n"


def stubs_yaml(items: tuple[Unreviewed, ...], atlas: Atlas) -> str:
    """Stub facts for every unreviewed sentence, ready to paste at the end of ``geo/facts.yaml``."""
    if not items:
        return "# Every number and date the articles state is quoted by a fact.\n"
    taken = {fact.id for fact in atlas.facts}
    return "\n".join(stub_yaml(item, atlas, taken) for item in items)


def statuses_text(statuses: tuple[FactStatus, ...]) -> str:
    """One aligned line per fact: status, id, place, article path:line and date; then a total."""
    rows = [("status", "fact", "place", "article", "date")]
    for status in statuses:
        article = status.article
        where = "" if article is None else article.path
        if article is not None and status.paragraph is not None:
            where += f":{status.paragraph.line}"
        rows.append(
            (
                status.label,
                status.fact.id,
                status.fact.place,
                where,
                article.date.isoformat() if article else "",
            )
        )
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    missing = sum(not s.found for s in statuses)
    total = f"{len(statuses)} facts: {len(statuses) - missing} found in their articles"
    return "\n".join([*lines, total + (f", {missing} not found." if missing else ".")])


def _number_label(number: float) -> str:
    """A number as a reader writes it; a year without a thousands separator.

    >>> _number_label(3200), _number_label(2025), _number_label(12.5)
    ('3,200', '2025', '12.5')
    """
    is_year = float(number).is_integer() and 1900 <= number <= 2100
    return str(int(number)) if is_year else format_number(number)


def unreviewed_text(items: tuple[Unreviewed, ...]) -> str:
    """Each unreviewed sentence: where, the new numbers and months, the places; then the text."""
    if not items:
        return "Every number and date the articles state is quoted by a fact in geo/facts.yaml."
    blocks = []
    for item in items:
        said = []
        if item.numbers:
            said.append("numbers " + " · ".join(_number_label(n) for n in item.numbers))
        if item.months:
            said.append("months " + ", ".join(item.months))
        said.append("places " + (", ".join(item.places) if item.places else "(none named)"))
        blocks.append(f"{item.where}: {'; '.join(said)}\n    {item.sentence.text}")
    count = len(items)
    return "\n".join(
        [
            *blocks,
            f"{count} sentence{'s' if count != 1 else ''} state numbers or dates "
            "that no fact in geo/facts.yaml quotes yet.",
        ]
    )
