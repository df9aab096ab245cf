"""News articles: the seed format and the text that facts quote.

An article file starts with a header line `` date YYYY-MM-DD Title`` and then has
paragraphs separated by blank lines::

     date 2024-02-19 Songjiang District is setting a new benchmark.

    First paragraph...

    Second paragraph...
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

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


def normalise_text(text: str) -> str:
    """Text as compared when checking quotes: NFC, straight quotes, single spaces.

    >>> normalise_text("  “little  giant”\\n enterprises ")
    '"little giant" enterprises'
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_QUOTES)).strip()


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

    def find(self, quote: str) -> Paragraph | None:
        """The paragraph that contains ``quote``, comparing normalised text."""
        wanted = normalise_text(quote)
        if not wanted:
            return None
        for paragraph in self.paragraphs:
            if wanted in normalise_text(paragraph.text):
                return paragraph
        return None


def parse_article(text: str, article_id: str, shown_as: str) -> Article:
    """Parse an article's text (already decoded, LF newlines).

    >>> a = parse_article(" date 2022-11-07 Title\\n\\nOne.\\n\\nTwo\\nlines.\\n", "a", "a.txt")
    >>> a.date.isoformat(), a.title, [(p.line, p.text) for p in a.paragraphs]
    ('2022-11-07', 'Title', [(3, 'One.'), (5, 'Two lines.')])
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
    paragraphs: list[Paragraph] = []
    chunk: list[str] = []
    start = 0
    for number, line in enumerate(lines[first + 1 :], start=first + 2):
        if line.strip():
            if not chunk:
                start = number
            chunk.append(line.strip())
        elif chunk:
            paragraphs.append(Paragraph(start, " ".join(chunk)))
            chunk = []
    if chunk:
        paragraphs.append(Paragraph(start, " ".join(chunk)))
    if not paragraphs:
        raise DataError([Problem(shown_as, first + 1, "body", "the article has no paragraphs")])
    return Article(article_id, shown_as, date, match["title"], tuple(paragraphs))


def read_article(path: Path, shown_as: str) -> Article:
    """Read and parse one article file."""
    return parse_article(read_text(path, shown_as, MAX_ARTICLE_BYTES), path.stem, shown_as)
