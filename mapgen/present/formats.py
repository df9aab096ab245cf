"""Numbers, dates, lengths and areas as a reader writes them, in English or Chinese."""

from __future__ import annotations

from mapgen.link.numbers import ENGLISH_NUMBER_WORDS, stated_quantities
from mapgen.model import Quantity, parse_partial_date
from mapgen.present.catalogue import Lang

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_EN_NUMBER_WORDS = ENGLISH_NUMBER_WORDS  # the words the review of articles reads, too
_ZH_DIGITS = "零一二三四五六七八九"
UNITS_WITHOUT_SPACE = ("%", "‰")
# Units of measure a Chinese text writes in words: a value in km² reads 平方公里 in Chinese
# even where the data gives no unit_zh.
ZH_SYMBOL_UNITS = {"km²": "平方公里", "km2": "平方公里", "km": "公里", "m": "米", "percent": "%"}


def format_number(value: float) -> str:
    """Thousands separators, no trailing zeros.

    >>> format_number(1633), format_number(41.6), format_number(76200.0)
    ('1,633', '41.6', '76,200')
    """
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6f}".rstrip("0")


def count_word(count: int, lang: Lang = "en") -> str:
    """A count as words run in text write it: "nine cities", "九座城市".

    English spells out up to twenty and uses digits above; Chinese numerals up to 9,999.

    >>> count_word(9), count_word(21), count_word(9, "zh"), count_word(10, "zh"), count_word(15, "zh")
    ('nine', '21', '九', '十', '十五')
    >>> count_word(2, "zh"), count_word(202, "zh"), count_word(1010, "zh")
    ('两', '二百零二', '一千零一十')
    """
    if lang == "en":
        return _EN_NUMBER_WORDS[count] if 0 <= count < len(_EN_NUMBER_WORDS) else format_number(count)
    if count == 2:
        return "两"  # a count of two things: 两座城市, not 二座城市
    if not 0 <= count < 10_000:
        return format_number(count)
    if count < 10:
        return _ZH_DIGITS[count]
    if count < 20:
        return "十" + (_ZH_DIGITS[count - 10] if count > 10 else "")
    digits = [int(d) for d in f"{count:04d}"]
    text, zero = "", False
    for digit, unit in zip(digits, ("千", "百", "十", ""), strict=True):
        if digit == 0:
            zero = bool(text)
            continue
        text += ("零" if zero else "") + _ZH_DIGITS[digit] + unit
        zero = False
    return text


def format_quantity(quantity: Quantity, lang: Lang = "en", quote: str = "") -> str:
    """A value and its unit as a reader writes them.

    In Chinese the unit is ``unit_zh`` where the data has it, and a number that the quote
    states with 万 or 亿 is written as the quote writes it (2500万, not 25,000,000).

    >>> format_quantity(Quantity(number=41.6, unit="%")), format_quantity(Quantity(number=3, unit="hubs"))
    ('41.6%', '3 hubs')
    >>> yuan = Quantity(number=25_000_000, unit="yuan", unit_zh="元")
    >>> format_quantity(yuan, "zh", "投资2500万元"), format_quantity(yuan, "en", "投资2500万元")
    ('2500万元', '25,000,000 yuan')
    >>> format_quantity(Quantity(number=6164, unit="companies"), "zh")
    '6,164 companies'
    """
    unit = quantity.unit
    if lang == "zh":
        unit = quantity.unit_zh or ZH_SYMBOL_UNITS.get(unit, unit)
    number = format_number(quantity.number)
    if lang == "zh":
        number = multiplied_form(quote, quantity.number) or number
    glued = unit.startswith(UNITS_WITHOUT_SPACE) or (unit[:1] > "\u2e7f")  # CJK text takes no space
    return f"{number}{unit}" if glued else f"{number} {unit}"


def multiplied_form(quote: str, number: float) -> str | None:
    """How ``quote`` writes ``number`` with 万 or 亿, if it does.

    >>> multiplied_form("共有1.2万家企业", 12000), multiplied_form("共有12000家企业", 12000)
    ('1.2万', None)
    """
    for stated in stated_quantities(quote):
        if stated.value == number and stated.kind == "number" and stated.text.endswith(("万", "亿")):
            return stated.text
    return None


def format_partial_date(text: str, lang: Lang = "en") -> str:
    """A YYYY[-MM[-DD]] date in words.

    >>> format_partial_date("2023-11"), format_partial_date("2021-04-09"), format_partial_date("2018")
    ('November 2023', '9 April 2021', '2018')
    >>> format_partial_date("2022-11-07", "zh"), format_partial_date("2023-11", "zh")
    ('2022年11月7日', '2023年11月')
    """
    year, month, day = parse_partial_date(text)
    if lang == "zh":
        return f"{year}年" + (f"{month}月" if month else "") + (f"{day}日" if month and day else "")
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def format_radius(metres: int, lang: Lang = "en") -> str:
    """A radius in metres or kilometres.

    >>> format_radius(300), format_radius(1500), format_radius(5000), format_radius(1500, "zh")
    ('300 m', '1.5 km', '5 km', '1.5公里')
    """
    if metres < 1000:
        return f"{metres} m" if lang == "en" else f"{metres}米"
    km = format_number(round(metres / 1000, 1))
    return f"{km} km" if lang == "en" else f"{km}公里"


def format_km(value: float) -> str:
    """A whole number of kilometres, as digits.

    >>> format_km(131.4)
    '131'
    """
    return format_number(round(value))


def format_km2(value: float, lang: Lang = "en") -> str:
    """A whole number of square kilometres.

    >>> format_km2(84656.9), format_km2(84656.9, "zh")
    ('84,657 km²', '84,657平方公里')
    """
    return f"{round(value):,} km²" if lang == "en" else f"{round(value):,}平方公里"


def percent_change(measured: float, stated: float) -> float:
    """How much more (positive) or less a measured value is than a stated one, in percent.

    >>> round(percent_change(84657, 76200), 1)
    11.1
    """
    return (measured - stated) / stated * 100
