"""Curating facts: where each curated quote stands, and what the articles say that no fact covers.

``mapgen facts`` lists every fact of ``geo/facts.yaml`` with its provenance: the
article, its date and the paragraph the quote was found in (or that it was not).
``mapgen facts --unreviewed`` lists the sentences that state a number or a date
that no curated quote states yet, and writes them as stub facts to paste into
``geo/facts.yaml`` (``--format yaml``).

English and Chinese articles alike: the numbers are what
:func:`mapgen.link.numbers.stated_quantities` reads (digits, English words, Chinese numerals,
万 and 亿, percentages, 年/月/日 dates), and English month names. A stub for a Chinese
article carries ``summary_zh``, its units are the measure words after the numbers, and its
``as_of`` comes from the sentence's 年/月/日 date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

import yaml

from mapgen.errors import Problem
from mapgen.link.facts import SourcedFact, source_fact
from mapgen.link.mentions import NameIndex, Sentence, story_sentences
from mapgen.link.numbers import MEASURE_WORDS, StatedNumber, numbers_in, stated_quantities, zh_date_parts
from mapgen.model import Atlas, Fact, parse_partial_date
from mapgen.present.formats import MONTHS, format_number
from mapgen.read.articles import Article, Paragraph, comparable, detect_lang

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
# The measure word or unit right after a number in Chinese (1.2万家 -> 家, 1.2万人次 -> 人次,
# 2500万元 -> 元): the longest that fits, as 平方公里 before 公里.
_UNIT_ZH = re.compile(r"\s*(" + "|".join(sorted(set(MEASURE_WORDS), key=len, reverse=True)) + ")")
_WIDE_AFTER = re.compile(r"\s*[\u3400-\u9fff]")
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
SUMMARY_CHARS_ZH = 40  # a Chinese character says about what two or three English letters do
# Where a Chinese summary may be cut short: after a clause.
_CLAUSE_ZH = "，；：、,;:"
_NUMBER_CHARS = "0123456789０１２３４５６７８９.,．%％零〇一二两三四五六七八九十百千万亿"
ARTICLE_DATE = {"en": "at the article's date", "zh": "文章日期"}
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
    numbers: tuple[StatedNumber, ...]  # numbers and percentages not yet in a quote, in order, each value once
    months: tuple[str, ...]  # English month names
    places: tuple[str, ...]  # the places it names, in order of mention
    dates: tuple[str, ...] = ()  # 年/月/日 dates not yet in a quote, as written (2019年6月6日)

    @property
    def where(self) -> str:
        return f"{self.article.path}:{self.sentence.line}"


def unreviewed(atlas: Atlas) -> tuple[Unreviewed, ...]:
    """Every sentence of every article that states a number or a date no curated quote covers.

    A number counts as covered when a fact quoting this sentence (or part of it) states the
    same amount (1.2万 or 12,000); a date or a month when that quote writes it too (full-width
    and half-width forms alike).
    """
    index = NameIndex.of(atlas)
    found = []
    for article in sorted(atlas.articles, key=lambda a: a.path):
        quotes = [f.quote for f in atlas.facts if f.article == article.id]
        for sentence in story_sentences(article):
            covering = [q for q in quotes if sentence.overlaps(q)]
            in_quotes = {n for q in covering for n in numbers_in(q)}
            quoted = [comparable(q) for q in covering]
            stated = stated_quantities(sentence.text)
            numbers = _each_value_once([n for n in stated if n.kind != "date" and n.value not in in_quotes])
            dates = _new([n.text for n in stated if n.kind == "date" and not _quoted(n.text, quoted)])
            months = _new([m for m in MONTH.findall(sentence.text) if not any(m in q for q in covering)])
            if numbers or dates or months:
                places = index.places_named(sentence.text)
                found.append(
                    Unreviewed(article, sentence, tuple(numbers), tuple(months), places, tuple(dates))
                )
    return tuple(found)


def _quoted(text: str, quoted: list[str]) -> bool:
    """Whether any of the (comparable) quotes writes ``text``."""
    wanted = comparable(text)
    return any(wanted in quote for quote in quoted)


def _new(items: list[T]) -> list[T]:
    """Each item once, in first-seen order."""
    return list(dict.fromkeys(items))


def _each_value_once(numbers: list[StatedNumber]) -> list[StatedNumber]:
    """The first statement of each amount, in order (12,000 stated twice is one number to curate)."""
    seen: dict[float, StatedNumber] = {}
    for number in numbers:
        seen.setdefault(number.value, number)
    return list(seen.values())


def as_of_guess(text: str, article: Article) -> tuple[str, str]:
    """(as_of, as_of_text) for a stub: the first Chinese date the text states (2019年6月), else
    the first month and year or year it names in English, else the article's month.

    >>> import datetime
    >>> article = Article("a", "seeds/a.txt", datetime.date(2024, 5, 10), "T", ())
    >>> as_of_guess("In November 2023, it opened.", article), as_of_guess("By 2025 it will.", article)
    (('2023-11', 'In November 2023'), ('2025', 'By 2025'))
    >>> as_of_guess("It opened.", article)
    ('2024-05', "at the article's date")
    >>> as_of_guess("截至2019年6月，共有1.2万家。", article), as_of_guess("6月6日开幕。", article)
    (('2019-06', '2019年6月'), ('2024-06-06', '6月6日'))
    >>> zh = Article("b", "seeds/b.txt", datetime.date(2024, 5, 10), "九城市", ())
    >>> as_of_guess("共有1.2万家。", zh)
    ('2024-05', '文章日期')
    """
    for number in stated_quantities(text):
        if number.kind == "date":
            guessed = _zh_as_of(number.text, article)
            if guessed:
                return guessed, number.text
    match = _WHEN.search(text)
    if match is None:
        return f"{article.date:%Y-%m}", ARTICLE_DATE[article.lang]
    if match["month"]:
        return f"{match['year']}-{_MONTH_NUMBER[match['month']]:02d}", match[0]
    return match["year"], match[0]


def _zh_as_of(written: str, article: Article) -> str | None:
    """A Chinese date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, in the article's year when it
    names none (6月6日); as much of it as exists (2月30日 gives the month); None for none."""
    parts = zh_date_parts(written)
    if parts is None:
        return None
    year, month, day = parts
    candidates = [f"{year or article.date.year:04d}"]
    if month is not None:
        candidates.append(f"{candidates[0]}-{month:02d}")
        if day is not None:
            candidates.append(f"{candidates[1]}-{day:02d}")
    for candidate in reversed(candidates):
        try:
            parse_partial_date(candidate)
        except ValueError:
            continue
        return candidate
    return None


def unit_guess(text: str, end: int) -> str:
    """The words after a number that ends at ``end``, as a first guess at its unit.

    >>> text = "6,164 companies, including 41.6 percent more than 2,450 physical firms in town"
    >>> unit_guess(text, 5), unit_guess(text, 31), unit_guess(text, 56)
    ('companies', 'percent more', 'physical firms')
    """
    match = _UNIT.match(text, end)
    return match[1] if match and match[1] else "TODO unit"


def unit_zh_guess(text: str, end: int) -> str | None:
    """The Chinese measure word or unit right after a number that ends at ``end``, if any.

    >>> text = "共有1.2万家企业，吸引1.2万人次，投资2500万元，占地2.5平方公里"
    >>> [unit_zh_guess(text, n.end) for n in stated_quantities(text)]
    ['家', '人次', '元', '平方公里']
    """
    match = _UNIT_ZH.match(text, end)
    return match[1] if match else None


@dataclass(frozen=True)
class ValueGuess:
    """A stub fact's value: the amount, and its unit as guessed (in Chinese too, when it is)."""

    number: float
    unit: str
    unit_zh: str | None = None


def value_guess(number: StatedNumber, text: str) -> ValueGuess:
    """The amount a stated number gives and a first guess at its unit: % for a percentage, the
    measure word after a Chinese number (1.2万人次 is 12,000 人次), else the English words after it.

    >>> text = "1.2万人次，增长百分之五，提高2个百分点, 6,164 companies"
    >>> [value_guess(n, text) for n in stated_quantities(text)]  # doctest: +NORMALIZE_WHITESPACE
    [ValueGuess(number=12000.0, unit='人次', unit_zh='人次'), ValueGuess(number=5.0, unit='%', unit_zh=None),
     ValueGuess(number=2.0, unit='个百分点', unit_zh='个百分点'),
     ValueGuess(number=6164.0, unit='companies', unit_zh=None)]
    """
    if number.kind == "percent":
        if number.text.endswith("个百分点"):
            return ValueGuess(number.value, "个百分点", "个百分点")
        return ValueGuess(number.value, "%")
    unit_zh = unit_zh_guess(text, number.end)
    if unit_zh:
        return ValueGuess(number.value, unit_zh, unit_zh)
    if _WIDE_AFTER.match(text, number.end) or not number.text.isascii():
        return ValueGuess(number.value, "TODO unit")  # Chinese words, but no unit among them
    return ValueGuess(number.value, unit_guess(text, number.end))


def values_of(item: Unreviewed) -> list[ValueGuess]:
    """A value guess for each new number of the sentence that is not a year or a date."""
    text = item.sentence.text
    years = {float(y) for y in _YEAR.findall(text)}
    return [value_guess(n, text) for n in item.numbers if n.kind != "date" and n.value not in years]


def summary_guess(text: str, limit: int | None = None) -> str:
    """The sentence, cut before ``limit`` characters: a summary claiming nothing more. English
    is cut at a word (``SUMMARY_CHARS``), Chinese, which has no spaces, after a clause or at a
    character (``SUMMARY_CHARS_ZH``).

    >>> summary_guess("Jiaxing opened 3,200 new labs in the spring of 2024.", 30)
    'Jiaxing opened 3,200 new labs…'
    >>> text = "截至2023年底，G60科创走廊九城市共有高新技术企业1.2万家，比上年增长百分之十二点五。"
    >>> summary_guess(text, 32)
    '截至2023年底，G60科创走廊九城市共有高新技术企业1.2万家…'
    >>> summary_guess(text, 30)  # never in the middle of a number
    '截至2023年底，G60科创走廊九城市共有高新技术企业…'
    >>> summary_guess("嘉兴今年设立了三个联合实验室。")
    '嘉兴今年设立了三个联合实验室'
    """
    if detect_lang(text) == "zh":
        return _summary_zh(text, SUMMARY_CHARS_ZH if limit is None else limit)
    limit = SUMMARY_CHARS if limit is None else limit
    text = text.rstrip(".")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _summary_zh(text: str, limit: int) -> str:
    """A Chinese sentence up to ``limit`` characters: cut after its last clause that ends in the
    second half, else at the limit, but before a number that the limit would cut in two
    (1.2万 cut to 1.2 would say something else)."""
    text = text.rstrip("。．.；;")
    if len(text) <= limit:
        return text
    cut = text[:limit]
    clause = max(cut.rfind(mark) for mark in _CLAUSE_ZH)
    if clause >= limit // 2:
        cut = cut[:clause]
    elif text[limit] in _NUMBER_CHARS:
        cut = cut.rstrip(_NUMBER_CHARS) or cut
    return cut + "…"


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
    # A Chinese article's fact is summarised in Chinese; its English summary is for a person to add.
    summary = "summary_zh" if item.article.lang == "zh" else "summary"
    lines = [
        f"  # {_comment(item.where)} ({item.article.date}): check the place, {summary}, as_of and units",
        f"  - id: {_yaml_id(_stub_id(place, item, taken))}",
        f"    place: {_yaml_id(place)}{place_note}",
        f"    article: {_yaml_text(item.article.id)}",
        f"    quote: {_yaml_text(item.sentence.text)}",
        f"    {summary}: {_yaml_text(summary_guess(item.sentence.text))}",
        f"    as_of: {_yaml_text(as_of)}",
        f"    as_of_text: {_yaml_text(as_of_text)}",
    ]
    values = values_of(item)
    if values:
        lines.append("    values:")
        for value in values:
            lines += [
                f"      - number: {_yaml_number(value.number)}",
                f"        unit: {_yaml_text(value.unit)}",
            ]
            if value.unit_zh:
                lines.append(f"        unit_zh: {_yaml_text(value.unit_zh)}")
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


def _number_label(number: StatedNumber) -> str:
    """A number as a reader writes it, a year without a thousands separator; beside the
    article's own words when they are not plain digits (1.2万, 九, 百分之五).

    >>> [_number_label(n) for n in stated_quantities("3,200 in 2025, 12.5 and 41.6%; nine")]
    ['3,200', '2025', '12.5', '41.6%', '9']
    >>> [_number_label(n) for n in stated_quantities("1.2万家，九城市，百分之五")]
    ['1.2万 (12,000)', '九 (9)', '百分之五 (5%)']
    """
    value = number.value
    is_year = float(value).is_integer() and 1900 <= value <= 2100
    label = str(int(value)) if is_year else format_number(value)
    if number.kind == "percent":
        label += "%"
    return label if number.text.isascii() else f"{number.text} ({label})"


def unreviewed_text(items: tuple[Unreviewed, ...]) -> str:
    """Each unreviewed sentence: where, the new numbers, dates and months, the places; then the text."""
    if not items:
        return "Every number and date the articles state is quoted by a fact in geo/facts.yaml."
    blocks = []
    for item in items:
        said = []
        if item.numbers:
            said.append("numbers " + " · ".join(_number_label(n) for n in item.numbers))
        if item.dates:
            said.append("dates " + ", ".join(item.dates))
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
