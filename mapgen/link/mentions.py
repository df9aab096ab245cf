"""Link: which sentences of the articles name which places ("In the news").

A sentence mentions a place when it contains one of the place's names from ``geo/``
(``name_en``, ``name_zh`` or an alias) as a whole word, ignoring case. Where names
overlap the longest wins, so "Lingang Songjiang Science and Technology City" names
the science city and not Songjiang District. Captions, photo credits, bylines and
headings are not part of the story and never mention anything.

Sentences are shown normalised (:func:`mapgen.read.articles.normalise_text`): straight
quotes and single spaces, Chinese punctuation as the article prints it. Quotes and names
are compared folded as well (:func:`mapgen.read.articles.comparable`: full-width forms and
Chinese quotes as ASCII, one character for one), so a sentence is always found again by
:meth:`mapgen.read.articles.Article.find` (a stub fact may quote it verbatim), and so is a
quote typed with half-width punctuation.

Chinese sentences end at 。！？； or an ellipsis after Chinese text, with or without a space
after; captions (图/新华社, （图片来源：…）, …摄), bylines (记者、编辑、来源：…) and headings
are told in Chinese as well as in English.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mapgen.read.articles import (
    IDEOGRAPHS,
    Article,
    Paragraph,
    comparable,
    detect_lang,
    normalise_text,
    spaced_text,
)

if TYPE_CHECKING:
    from mapgen.model import Atlas, Corridor, Place

# Words that end with a full stop without ending the sentence (case matters: "No. 1", not "no.").
_ABBREVIATIONS = frozenset(
    {
        "Co",
        "Ltd",
        "Inc",
        "Corp",
        "Bros",
        "No",
        "Nos",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "St",
        "Jr",
        "Sr",
        "Gov",
        "Gen",
        "Rep",
        "Sen",
        "Dept",
        "Univ",
        "Ave",
        "Rd",
        "approx",
        "vs",
        "Fig",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    }
)
_CLOSERS = "\"')\\]”’」』）》〉"  # closing quotes and brackets, for a character class
# A sentence ends at . ! ? (then closing quotes or brackets) before a capital, a digit or an
# opening quote; a Chinese one at 。！？； or at an ellipsis (…… or …) after Chinese text, with
# or without a space after. Sentences are split in text whose quotes are as written, where
# “ opens and ” closes: 他走了。“我们走吧。” is two sentences, each with its own quotes.
_BOUNDARY = re.compile(
    rf"(?P<stop>[.!?…]+)[{_CLOSERS}]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u3400-\u9fff])"
    rf"|(?:[。！？；]+|(?<=[{IDEOGRAPHS}，、：”’」』）》])…+)[{_CLOSERS}]*"
)
_LAST_WORD = re.compile(r"[\w.&'-]+$")
_SENTENCE_END = re.compile(rf"[.!?…。！？；][{_CLOSERS}]*$")
# Photo credits: "Photo: Xinhua", "Photo by ...", "[Photo provided to chinadaily.com.cn]",
# "[Photo/VCG]", "Courtesy of ...". A paragraph that carries one is a caption.
_CREDIT = re.compile(
    r"\b(?:photos?|images?|pictures?|video)\s*(?::|/|\bby\b|\bprovided\b|\bcourtesy\b)"
    r"|\bprovided to\b|\bcourtesy of\b|\[(?:photo|image|file)[^\]]*\]",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:editors?|reporters?|source|written by|translated by|updated)\s*:"
    r"|\|\s*updated\b",
    re.IGNORECASE,
)
# Chinese photo credits: （图片来源：新华社）, 【图/视觉中国】, 图/新华社, 图：张三, 图片由…提供, a
# caption that starts 图为 ("pictured is"), and one that ends with the photographer: 新华社记者 张三 摄.
_CREDIT_ZH = re.compile(
    r"[（(【\[]\s*(?:图片?|照片|视频)(?:来源)?\s*[:：/／]"
    r"|(?:图片|照片|视频)来源\s*[:：]|图片由[^。！？]{0,40}提供"
    r"|^\s*(?:图片?|照片)\s*[:：/／]|^图为"
    r"|(?:^|[。！？\s（(])[^。！？.!?（()）]{0,20}摄\s*[）)]?$"
)
# Chinese bylines: a role, then a colon, a slash, a bar or a space (记者 张三, 编辑：李四, 来源：新华网,
# （记者 王五）), at the start or after a space or bar. A story sentence that starts 记者了解到
# ("the reporter learned") has no such mark after the role and stays.
_ROLES_ZH = (
    "本报记者|新华社记者|特约记者|实习记者|记者|通讯员|责任编辑|责编|编辑|来源|作者|撰稿|撰文|摄影|摄像"
    "|校对|审核|审校|监制|出品|翻译|文字|图文|文|图"
)
_BYLINE_ZH = re.compile(rf"(?:^[（(【\[]?|[\s|丨])\s*(?:{_ROLES_ZH})\s*(?:[:：/／|丨]|\s(?=\S))")
HEADING_CHARS = 150  # a line without sentence punctuation shorter than this is a heading or byline
# The same for Chinese, which says in one character about what English says in two or three
# letters: a heading runs to some twenty characters, a paragraph to well over sixty.
HEADING_CHARS_ZH = 60
# A name's edge that is a Latin letter or digit must not touch another one ("Wuhu" is not in
# "Wuhuan"); Chinese names have no spaces around them, so their edges are free.
_LATIN = r"[0-9A-Za-z\u00c0-\u024f]"


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph, as normalised text, and where it lies in that text."""

    text: str
    paragraph: Paragraph
    start: int
    end: int

    @property
    def line(self) -> int:
        """The line of the article where the sentence's paragraph starts."""
        return self.paragraph.line

    def overlaps(self, quote: str) -> bool:
        """Whether ``quote`` (a curated fact's) shares text with this sentence in its paragraph.

        >>> paragraph = Paragraph(3, "Songjiang grew. It has 69 firms, second in the city.")
        >>> first, second = story_sentences_of(paragraph)
        >>> first.overlaps("Songjiang has 69 firms"), second.overlaps("69 firms")
        (False, True)
        """
        text, wanted = comparable(self.paragraph.text), comparable(quote)
        at = text.find(wanted) if wanted else -1
        while at >= 0:
            if at < self.end and self.start < at + len(wanted):
                return True
            at = text.find(wanted, at + 1)
        return False


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph's text."""
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match["stop"] == "." and _is_abbreviation(text[start : match.start()]):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [_trimmed(text, a, b) for a, b in spans if text[a:b].strip()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces at either end."""
    while text[start].isspace():
        start += 1
    while text[end - 1].isspace():
        end -= 1
    return start, end


def _is_abbreviation(before: str) -> bool:
    """Whether the word before a full stop is an abbreviation (Co., U.S., J. Smith)."""
    found = _LAST_WORD.search(before)
    word = found[0].lstrip("'") if found else ""
    return word in _ABBREVIATIONS or "." in word or bool(re.fullmatch(r"[A-Z]", word))


def split_sentences(text: str) -> list[str]:
    """A paragraph's sentences, keeping abbreviations, decimals and quotes whole.

    >>> split_sentences('Acme Co. Ltd. opened at No. 1 Road. Sales rose 41.6 percent in the U.S. '
    ...                 'last year. "We grew," he said. "Next: Jiaxing." 嘉兴很好。松江也好。')
    ['Acme Co. Ltd. opened at No. 1 Road.', 'Sales rose 41.6 percent in the U.S. last year.', \
'"We grew," he said.', '"Next: Jiaxing."', '嘉兴很好。', '松江也好。']
    >>> split_sentences("他说：“今年增长5%！”他走了。“明年呢？”有人问； 答案……是好的…… 对。")
    ['他说：“今年增长5%！”', '他走了。', '“明年呢？”', '有人问；', '答案……', '是好的……', '对。']
    """
    return [text[a:b] for a, b in sentence_spans(text)]


def is_story_text(text: str) -> bool:
    """Whether a paragraph is part of the story, not a caption, credit, byline or heading.

    >>> [is_story_text(t) for t in ["Photo: Xinhua", "Jiaxing at dawn. [Photo provided to chinadaily.com.cn]",
    ...     "By Li Wei in Jiaxing | China Daily | Updated: 2024-05-10", "A new chapter for Wuhu",
    ...     "By the end of 2023, the park had 6,164 companies."]]
    [False, False, False, False, True]
    >>> [is_story_text(t) for t in ["九城市携手共建科创走廊", "图为湖州的码头。（图片来源：新华社）",
    ...     "图/新华社", "湖州港。新华社记者 张三 摄", "记者 李四 编辑：王五", "来源：新华网。",
    ...     "记者了解到，嘉兴今年新增企业三千家。", "松江区共有1.2万家企业。"]]
    [False, False, False, False, False, False, True, True]
    """
    if _CREDIT.search(text) or _BYLINE.search(text) or _CREDIT_ZH.search(text) or _BYLINE_ZH.search(text):
        return False
    limit = HEADING_CHARS_ZH if detect_lang(text) == "zh" else HEADING_CHARS
    return bool(_SENTENCE_END.search(text)) or len(text) >= limit


def story_sentences_of(paragraph: Paragraph) -> tuple[Sentence, ...]:
    """The sentences of one paragraph; none when it is a caption, credit, byline or heading.

    Split where the quotes are as written (“ opens, ” closes), shown normalised: the two
    texts differ only in their quote characters, so a span is the same in both.
    """
    text = normalise_text(paragraph.text)
    if not is_story_text(text):
        return ()
    return tuple(Sentence(text[a:b], paragraph, a, b) for a, b in sentence_spans(spaced_text(paragraph.text)))


def story_sentences(article: Article) -> tuple[Sentence, ...]:
    """Every sentence of an article's story, in article order."""
    return tuple(s for paragraph in article.paragraphs for s in story_sentences_of(paragraph))


@dataclass(frozen=True)
class NameIndex:
    """Every name that an article may use for a place, ready to find in sentences."""

    patterns: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]  # a name and whose it is

    @classmethod
    def build(cls, names: Iterable[tuple[str, str]]) -> NameIndex:
        """From (place id, name) pairs; one name may belong to several places."""
        owners: dict[str, set[str]] = defaultdict(set)
        for place_id, name in names:
            key = comparable(name).casefold()
            if key:
                owners[key].add(place_id)
        return cls(tuple((_name_pattern(key), tuple(sorted(ids))) for key, ids in sorted(owners.items())))

    @classmethod
    def of(cls, atlas: Atlas) -> NameIndex:
        """The names of the cities, the sites (Songjiang District among them) and the corridor."""
        named: list[Place | Corridor] = [*atlas.cities, *atlas.sites, atlas.corridor]
        return cls.build((p.id, name) for p in named for name in (p.name_en, p.name_zh, *p.aliases))

    def places_named(self, text: str) -> tuple[str, ...]:
        """The places a text names, in order of first mention; the longest name wins an overlap.

        >>> index = NameIndex.build([("jiaxing", "Jiaxing"), ("jiaxing", "嘉兴"),
        ...     ("songjiang", "Songjiang"), ("songjiang", "Songjiang District"),
        ...     ("lingang", "Lingang Songjiang Sci-Tech City")])
        >>> index.places_named("Songjiang's ties with JIAXING and 嘉兴市")
        ('songjiang', 'jiaxing')
        >>> index.places_named("The Lingang Songjiang Sci-Tech City, not Jiaxingfu")
        ('lingang',)
        """
        folded = comparable(text).casefold()
        found = [
            (match.start(), match.end(), owners)
            for pattern, owners in self.patterns
            for match in pattern.finditer(folded)
        ]
        found.sort(key=lambda m: (m[0] - m[1], m[0], m[2]))  # longest first, then leftmost
        taken: list[tuple[int, int, tuple[str, ...]]] = []
        for start, end, owners in found:
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, owners))
        ordered: dict[str, None] = {}
        for _, _, owners in sorted(taken):
            ordered.update(dict.fromkeys(owners))
        return tuple(ordered)


def _name_pattern(folded_name: str) -> re.Pattern[str]:
    before = f"(?<!{_LATIN})" if re.match(_LATIN, folded_name) else ""
    after = f"(?!{_LATIN})" if re.match(_LATIN, folded_name[-1]) else ""
    return re.compile(before + re.escape(folded_name) + after)


@dataclass(frozen=True)
class ArticleMentions:
    """The sentences of one article that name one place, in article order."""

    article: Article
    sentences: tuple[Sentence, ...]


Mentions = dict[str, tuple[ArticleMentions, ...]]  # by place id, newest article first


def find_mentions(articles: Iterable[Article], index: NameIndex) -> Mentions:
    """Every sentence of every article that names a place, grouped by place and article."""
    by_place: dict[str, list[ArticleMentions]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: (a.date, a.id), reverse=True):
        by_article: dict[str, list[Sentence]] = defaultdict(list)
        for sentence in story_sentences(article):
            for place_id in index.places_named(sentence.text):
                by_article[place_id].append(sentence)
        for place_id, sentences in by_article.items():
            by_place[place_id].append(ArticleMentions(article, tuple(sentences)))
    return {place_id: tuple(groups) for place_id, groups in sorted(by_place.items())}


def without_quoted(
    groups: tuple[ArticleMentions, ...], quotes: Iterable[tuple[str, str]]
) -> tuple[ArticleMentions, ...]:
    """Leave out the sentences that an (article id, quote) already shows; drop emptied groups."""
    quoted = list(quotes)
    kept = []
    for group in groups:
        own = [quote for article_id, quote in quoted if article_id == group.article.id]
        sentences = tuple(s for s in group.sentences if not any(s.overlaps(q) for q in own))
        if sentences:
            kept.append(ArticleMentions(group.article, sentences))
    return tuple(kept)
