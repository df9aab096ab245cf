"""The numbers a text states, what a fact's values are checked against and what the review of
articles looks for: digits, English words up to twenty, and Chinese numbers and dates.

Chinese articles write numbers in Arabic digits or Chinese numerals, often with a multiplier
(1.2万 is 12,000; 2500万元 is 25,000,000 yuan), and counts with a measure word (九城市, 三个).
A :class:`StatedNumber` keeps the article's own text beside the value it amounts to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ENGLISH_NUMBER_WORDS: tuple[str, ...] = tuple(
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
_WORD_NUMBERS = {word: value for value, word in enumerate(ENGLISH_NUMBER_WORDS)}
# Digits stand alone unless a Latin letter, digit or point touches them ("G60", "v2.1" are names);
# Chinese characters around them are fine: 共有6164家企业.
_DIGITS = r"(?<![A-Za-z0-9_.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![A-Za-z0-9_])"
_NUMBER = re.compile(_DIGITS + r"|\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)

_ZH_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000}
_ZH_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
# What follows a count in Chinese: measure words and units. A numeral counts as a number only
# before one of these (or after 第), so 一体化 and 统一 are words, not numbers.
MEASURE_WORDS = (
    "万人次",
    "人次",
    "平方公里",
    "公里",
    "亿元",
    "万元",
    "美元",
    "元",
    "个百分点",
    "城市",
    "个",
    "家",
    "项",
    "条",
    "座",
    "所",
    "名",
    "位",
    "次",
    "人",
    "倍",
    "批",
    "届",
    "期",
    "省",
    "市",
    "区",
    "县",
    "镇",
    "年",
    "月",
    "日",
    "天",
    "周",
    "小时",
    "吨",
    "台",
    "件",
    "款",
    "种",
    "类",
    "场",
    "轮",
    "篇",
    "部",
    "大",
    "支",
    "只",
    "亩",
    "米",
    "层",
    "栋",
    "张",
    "颗",
    "枚",
    "架",
    "艘",
    "辆",
    "期",
    "号",
    "岁",
    "份",
    "股",
    "套",
    "片",
    "园",
    "中心",
    "基地",
)
_MEASURE = "|".join(sorted(MEASURE_WORDS, key=len, reverse=True))
_ZH_COUNT = re.compile(rf"(第)?([{_ZH_NUMERAL}]+)(?=(?:{_MEASURE}))|(第)([{_ZH_NUMERAL}]+)")
_MULTIPLIED = re.compile(_DIGITS + r"\s*(万亿|亿|万|千)")
_PERCENT = re.compile(_DIGITS + r"\s*(%|％|个百分点)|百分之([" + _ZH_NUMERAL + r"点]+)")
# Dates in digits or in Chinese numerals: 2019年6月6日, 二〇一九年六月六日, 2019年6月, 2019年, 6月6日.
# Months and days only as they can be (13月 is 13 months, not a date).
_ZH_YEAR = r"\d{4}|[〇零一二三四五六七八九]{4}"
_ZH_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_ZH_DAY = r"3[01]|[12]\d|0?[1-9]|[二三]十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_NOT_AFTER = r"(?<![\d〇零一二三四五六七八九十])"
_ZH_DATE = re.compile(
    rf"{_NOT_AFTER}(?P<year>{_ZH_YEAR})年(?:(?P<month>{_ZH_MONTH})月(?:(?P<day>{_ZH_DAY})[日号])?)?"
    rf"|{_NOT_AFTER}(?P<month_only>{_ZH_MONTH})月(?P<day_only>{_ZH_DAY})[日号]"
)
# Full-width digits, letters and point as ASCII, one character for one: ２０１９年 is 2019年,
# and the ６０ of Ｇ６０ is part of a name, as in G60.
_DIGIT_FORMS = str.maketrans(
    {
        chr(code + 0xFEE0): chr(code)
        for code in (*range(0x30, 0x3A), *range(0x41, 0x5B), *range(0x61, 0x7B), 0x2E)
    }
)

Kind = Literal["number", "percent", "date"]


@dataclass(frozen=True)
class StatedNumber:
    """A number as a text states it: what it amounts to, and the text's own words for it."""

    value: float  # 1.2万 -> 12000.0
    text: str  # "1.2万", as written
    start: int
    end: int
    kind: Kind = "number"


def _zh_int(text: str) -> int:
    """A whole number in Arabic digits or Chinese numerals."""
    return int(text) if text.isascii() else chinese_numeral(text)


def zh_date_parts(text: str) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) of a Chinese date as written, None where it does not say; None when
    ``text`` is not one.

    >>> zh_date_parts("2019年6月"), zh_date_parts("二〇一九年六月六日"), zh_date_parts("6月6日")
    ((2019, 6, None), (2019, 6, 6), (None, 6, 6))
    >>> zh_date_parts("13月5日") is None
    True
    """
    match = _ZH_DATE.fullmatch(text.translate(_DIGIT_FORMS))
    if match is None:
        return None
    year, month, day = match["year"], match["month"] or match["month_only"], match["day"] or match["day_only"]
    return _zh_part(year), _zh_part(month), _zh_part(day)


def _zh_part(text: str | None) -> int | None:
    return _zh_int(text) if text else None


def chinese_numeral(text: str) -> int:
    """A number in Chinese numerals.

    >>> [chinese_numeral(t) for t in ("九", "十五", "二十", "两百零三", "一千零一十", "三万五千")]
    [9, 15, 20, 203, 1010, 35000]
    >>> chinese_numeral("一亿两千万")
    120000000
    >>> chinese_numeral("二〇一九")  # a year, digit by digit
    2019
    """
    if len(text) > 1 and all(char in _ZH_DIGIT for char in text):
        return int("".join(str(_ZH_DIGIT[char]) for char in text))
    total, ten_thousands, section, digit = 0, 0, 0, 0
    for char in text:
        if char in _ZH_DIGIT:
            digit = _ZH_DIGIT[char]
        elif char in _ZH_UNIT:
            section += (digit or 1) * _ZH_UNIT[char]
            digit = 0
        elif char == "万":
            ten_thousands = (section + digit or 1) * 10_000
            section, digit = 0, 0
        elif char == "亿":
            total = (total + ten_thousands + section + digit or 1) * 100_000_000
            ten_thousands, section, digit = 0, 0, 0
    return total + ten_thousands + section + digit


_MULTIPLIERS = {"千": 1_000, "万": 10_000, "亿": 100_000_000, "万亿": 1_000_000_000_000}


def _digits(text: str) -> float:
    return float(text.replace(",", ""))


def stated_quantities(text: str) -> list[StatedNumber]:
    """Every number a text states, in order, each once (the longest reading of its words).

    >>> [(n.value, n.text, n.kind) for n in stated_quantities("共有1.2万家企业，增长41.6%，九城市")]
    [(12000.0, '1.2万', 'number'), (41.6, '41.6%', 'percent'), (9.0, '九', 'number')]
    >>> [(n.value, n.text, n.kind) for n in stated_quantities("2019年6月6日，第三届，2500万元")]
    [(2019.0, '2019年6月6日', 'date'), (3.0, '第三', 'number'), (25000000.0, '2500万', 'number')]
    >>> [(n.value, n.text) for n in stated_quantities("6,164 companies, nine cities, G60")]
    [(6164.0, '6,164'), (9.0, 'nine')]
    >>> [(n.value, n.text, n.kind) for n in stated_quantities("二〇一九年六月六日，Ｇ６０，１．２万家")]
    [(2019.0, '二〇一九年六月六日', 'date'), (12000.0, '１．２万', 'number')]

    A date's value is its year, or its month when it names none (6月6日 is 6).
    """
    written, text = text, text.translate(_DIGIT_FORMS)  # the same positions in both
    found: list[StatedNumber] = []
    for match in _ZH_DATE.finditer(text):
        year, month = match["year"], match["month_only"]
        value = float(_zh_int(year) if year else _zh_int(month))
        found.append(
            StatedNumber(value, written[match.start() : match.end()], match.start(), match.end(), "date")
        )
    for match in _PERCENT.finditer(text):
        value = _digits(match[1]) if match[1] else _percent_words(match[3])
        found.append(
            StatedNumber(value, written[match.start() : match.end()], match.start(), match.end(), "percent")
        )
    for match in _MULTIPLIED.finditer(text):
        value = _digits(match[1]) * _MULTIPLIERS[match[2]]
        found.append(StatedNumber(value, written[match.start() : match.end()], match.start(), match.end()))
    for match in _ZH_COUNT.finditer(text):
        numeral = match[2] or match[4]
        ordinal = match[1] or match[3] or ""
        found.append(
            StatedNumber(float(chinese_numeral(numeral)), ordinal + numeral, match.start(), match.end())
        )
    for match in _NUMBER.finditer(text):
        digits, word = match.groups()
        value = _digits(digits) if digits else float(_WORD_NUMBERS[word.lower()])
        found.append(StatedNumber(value, written[match.start() : match.end()], match.start(), match.end()))
    return _longest_first(found)


def _percent_words(text: str) -> float:
    """百分之四十一点六 -> 41.6."""
    whole, _, fraction = text.partition("点")
    value = float(chinese_numeral(whole)) if whole else 0.0
    if fraction:
        value += float("0." + "".join(str(_ZH_DIGIT.get(char, 0)) for char in fraction))
    return value


def _longest_first(found: list[StatedNumber]) -> list[StatedNumber]:
    """Readings that overlap a longer one are dropped ("2019" inside "2019年6月6日"); text order."""
    kept: list[StatedNumber] = []
    for number in sorted(found, key=lambda n: (n.start - n.end, n.start)):
        if all(number.end <= k.start or number.start >= k.end for k in kept):
            kept.append(number)
    return sorted(kept, key=lambda n: n.start)


def numbers_in(text: str) -> list[float]:
    """Every number a text states, in digits, words or Chinese; a multiplied number also as written.

    A fact's value may give 1.2万 as 12,000 or as 1.2 (with the unit 万家): both are stated.

    >>> numbers_in("6,164 companies, 41.6 percent, nine cities, (2021-25)")
    [6164.0, 41.6, 9.0, 2021.0, 25.0]
    >>> numbers_in("长三角G60科创走廊九城市共有1.2万家企业")
    [9.0, 12000.0, 1.2]
    """
    values: list[float] = []
    for number in stated_quantities(text):
        values.append(number.value)
        plain = _MULTIPLIED.match(number.text.translate(_DIGIT_FORMS))
        if plain:
            values.append(_digits(plain[1]))
    return values


def stated_numbers(text: str) -> list[tuple[float, int]]:
    """Every number a text states, with where its words end (for what follows it).

    >>> stated_numbers("6,164 companies and nine cities")
    [(6164.0, 5), (9.0, 24)]
    """
    return [(number.value, number.end) for number in stated_quantities(text)]
