"""News articles: the seed format and the text that facts quote.

An article file starts with a header line `` date YYYY-MM-DD Title`` and then has
paragraphs separated by blank lines::

     date 2024-02-19 Songjiang District is setting a new benchmark.

    First paragraph...

    Second paragraph...

Articles are in English or in Chinese (:attr:`Article.lang`, told from the text). Chinese
has no spaces between words, so a paragraph wrapped over several lines is joined without a
space where the break falls between Chinese characters, and quotes are compared with
full-width and half-width forms folded together (:func:`fold_forms`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Literal

from mapgen.errors import DataError, Problem
from mapgen.read.text import read_text

HEADER = re.compile(r"^[ \t]*date[ \t]+(?P<date>\S+)[ \t]+(?P<title>\S.*?)[ \t]*$")
HEADER_HELP = "the first line must be ' date YYYY-MM-DD Title'"

# News articles run to tens of kB. Linking scans every paragraph for every place and
# quote (about 4 s per MB), so a stray big text file is refused, not read for minutes.
MAX_ARTICLE_BYTES = 256 * 1024

# Typographic quotes that articles and editors swap freely for straight ones.
_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "″": '"',
    }
)
_SPACE = re.compile(r"\s+")

# What a person typing a quote swaps for what a Chinese article prints: full-width forms
# (，；：（）！？, digits, letters: U+FF01-U+FF5E are ASCII shifted by 0xFEE0), the ideographic
# space, and Chinese quotes for straight ones. One character for one, so a position in
# folded text is the same position in the text as written.
_FORMS = str.maketrans(
    {
        **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
        "\u3000": " ",
        "「": '"',
        "」": '"',
        "『": "'",
        "』": "'",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
    }
)
# CJK ideographs (the unified blocks, extension A, the compatibility block, the supplementary
# planes), and the punctuation that goes with them: CJK symbols (。、《》「」) and full-width forms.
IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_WIDE = re.compile(f"[{IDEOGRAPHS}\u3000-\u303f\uff00-\uffef]")
# Marks that Chinese and English text share: wide or not by the character on their other side.
_EITHER = "“”‘’…—·"
_IDEOGRAPH = re.compile(f"[{IDEOGRAPHS}]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
Lang = Literal["en", "zh"]


def normalise_text(text: str) -> str:
    """Text as compared when checking quotes: NFC, straight quotes, single spaces.

    >>> normalise_text("  “little  giant”\\n enterprises ")
    '"little giant" enterprises'
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_QUOTES)).strip()


def spaced_text(text: str) -> str:
    """Text as articles are shown: NFC and single spaces, quotes as written; a position in it is
    the same position in :func:`normalise_text` of the same text.

    >>> spaced_text("  他说：“好。”\\n 嘉兴 ")
    '他说：“好。” 嘉兴'
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold_forms(text: str) -> str:
    """Text with full-width forms and Chinese quotes folded to ASCII, one character for one.

    >>> fold_forms("松江，１２家（含“小巨人”）！　「好」")
    '松江,12家(含"小巨人")! "好"'
    """
    return text.translate(_FORMS)


def comparable(text: str) -> str:
    """Text as quotes are compared: normalised, then folded (positions as in normalised text).

    >>> comparable("共有1.2万家企业；增长41.6％。") == comparable("共有１.２万家企业;增长41.6%。")
    True
    """
    return fold_forms(normalise_text(text))


def detect_lang(text: str) -> Lang:
    """``"zh"`` for text mostly in Chinese, else ``"en"``.

    A Chinese word is one or two characters and an English one about five letters, so one
    ideograph weighs as three Latin letters: a Chinese article that names a few firms in
    English stays Chinese, and an English one that gives a few names in Chinese stays English.

    >>> detect_lang("G60科创走廊九城市共有1.2万家企业"), detect_lang("Songjiang (松江) grew fast.")
    ('zh', 'en')
    """
    ideographs = len(_IDEOGRAPH.findall(text))
    return "zh" if ideographs and 3 * ideographs >= len(_LATIN_LETTER.findall(text)) else "en"


def _wide_end(line: str) -> bool:
    """Whether a line (stripped) ends with a Chinese character or Chinese punctuation."""
    core = line.rstrip(_EITHER) or line
    return bool(_WIDE.match(core[-1]))


def _wide_start(line: str) -> bool:
    """Whether a line (stripped) starts with a Chinese character or Chinese punctuation."""
    core = line.lstrip(_EITHER) or line
    return bool(_WIDE.match(core[0]))


def join_lines(lines: list[str], lang: Lang) -> str:
    """A paragraph's stripped lines as one text: a space at each break, but none where Chinese
    goes on, which has no spaces between words.

    In an English article that is a break between two Chinese characters (or Chinese
    punctuation); in a Chinese one, a break next to a Chinese character on either side, so
    ``2019年`` + ``6月`` and ``G60`` + ``科创走廊`` join as they are printed.

    >>> join_lines(["Songjiang and", "Jiaxing (嘉", "兴) grew", "松江"], "en")
    'Songjiang and Jiaxing (嘉兴) grew 松江'
    >>> join_lines(["2019年", "6月6日，G60", "科创走廊“九", "城市”与Hexagon", "Group签约。"], "zh")
    '2019年6月6日，G60科创走廊“九城市”与Hexagon Group签约。'
    """
    joined = lines[0]
    for before, after in pairwise(lines):
        ends, starts = _wide_end(before), _wide_start(after)
        tight = (ends or starts) if lang == "zh" else (ends and starts)
        joined += ("" if tight else " ") + after
    return joined


@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based line where the paragraph starts
    text: str


@dataclass(frozen=True)
class Article:
    """One news article. ``id`` is its file name without the extension."""

    id: str
    path: str
    date: dt.date
    title: str
    paragraphs: tuple[Paragraph, ...]

    @cached_property
    def lang(self) -> Lang:
        """The article's language, ``"zh"`` or ``"en"``, told from its title and paragraphs."""
        return detect_lang("\n".join([self.title, *(p.text for p in self.paragraphs)]))

    def find(self, quote: str) -> Paragraph | None:
        """The paragraph that contains ``quote``, comparing normalised and folded text
        (:func:`comparable`): a quote typed with half-width punctuation is found.

        >>> a = parse_article(" date 2024-06-06 T\\n\\n松江：共有1.2万家（含“小巨人”）。\\n", "a", "a.txt")
        >>> a.find('松江:共有1.2万家(含"小巨人")') is a.paragraphs[0], a.lang
        (True, 'zh')
        """
        wanted = comparable(quote)
        if not wanted:
            return None
        for paragraph in self.paragraphs:
            if wanted in comparable(paragraph.text):
                return paragraph
        return None


def parse_article(text: str, article_id: str, shown_as: str) -> Article:
    """Parse an article's text (already decoded, LF newlines).

    >>> a = parse_article(" date 2022-11-07 Title\\n\\nOne.\\n\\nTwo\\nlines.\\n", "a", "a.txt")
    >>> a.date.isoformat(), a.title, [(p.line, p.text) for p in a.paragraphs]
    ('2022-11-07', 'Title', [(3, 'One.'), (5, 'Two lines.')])
    >>> b = parse_article(" date 2024-06-06 标题\\n\\n松江区与嘉兴\\n共建实验室。\\n", "b", "b.txt")
    >>> b.paragraphs[0].text
    '松江区与嘉兴共建实验室。'
    """
    lines = text.lstrip("\ufeff").split("\n")
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first == len(lines):
        raise DataError([Problem(shown_as, 1, "header", f"empty article; {HEADER_HELP}")])
    match = HEADER.match(lines[first])
    if match is None:
        raise DataError([Problem(shown_as, first + 1, "header", f"no header; {HEADER_HELP}")])
    try:
        date = dt.date.fromisoformat(match["date"])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", match["date"]):
            raise ValueError
    except ValueError:
        raise DataError(
            [
                Problem(
                    shown_as,
                    first + 1,
                    "date",
                    f"{match['date']!r} is not a real date in the form YYYY-MM-DD",
                )
            ]
        ) from None
    # The language decides how wrapped lines join; joining changes spaces only, so it is
    # the language that Article.lang later tells from the joined paragraphs too.
    lang = detect_lang("\n".join([match["title"], *lines[first + 1 :]]))
    paragraphs: list[Paragraph] = []
    chunk: list[str] = []
    start = 0
    for number, line in enumerate(lines[first + 1 :], start=first + 2):
        if line.strip():
            if not chunk:
                start = number
            chunk.append(line.strip())
        elif chunk:
            paragraphs.append(Paragraph(start, join_lines(chunk, lang)))
            chunk = []
    if chunk:
        paragraphs.append(Paragraph(start, join_lines(chunk, lang)))
    if not paragraphs:
        raise DataError([Problem(shown_as, first + 1, "body", "the article has no paragraphs")])
    return Article(article_id, shown_as, date, match["title"], tuple(paragraphs))


def read_article(path: Path, shown_as: str) -> Article:
    """Read and parse one article file."""
    return parse_article(read_text(path, shown_as, MAX_ARTICLE_BYTES), path.stem, shown_as)
