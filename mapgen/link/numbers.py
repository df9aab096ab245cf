"""The numbers a text states, in digits or in words: what a fact's values are checked against."""

from __future__ import annotations

import re

_WORD_NUMBERS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\w)"
    r"|\b(" + "|".join(_WORD_NUMBERS) + r")\b",
    re.IGNORECASE,
)


def numbers_in(text: str) -> list[float]:
    """Every number a text states, in digits or as an English word up to twenty.

    >>> numbers_in("6,164 companies, 41.6 percent, nine cities, (2021-25)")
    [6164.0, 41.6, 9.0, 2021.0, 25.0]
    """
    return [number for number, _ in stated_numbers(text)]


def stated_numbers(text: str) -> list[tuple[float, int]]:
    """Every number a text states, with where its words end (for what follows it).

    >>> stated_numbers("6,164 companies and nine cities")
    [(6164.0, 5), (9.0, 24)]
    """
    found = []
    for match in _NUMBER.finditer(text):
        digits, word = match.groups()
        found.append(
            (float(digits.replace(",", "")) if digits else float(_WORD_NUMBERS[word.lower()]), match.end())
        )
    return found
