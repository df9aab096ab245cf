"""Both languages in one page: two editions of a payload merged into one.

The page carries its words in English and Chinese and switches between them without
reloading. Each payload is built once per language (the builders take a
:class:`~mapgen.present.catalogue.Words`), and the two editions are merged: where they
agree (coordinates, geometry, point columns, names) the value is kept once; where they
differ, the value becomes ``{"g60_text": {"en": ..., "zh": ...}}``. The runtime's
``localize(data, lang)`` (``runtime/lang.js``) picks one edition back out.

A key of a payload dict is always the code's, never the data's (data reaches the page
only as values), so ``g60_text`` cannot be forged by a name or a CSV cell.

>>> bilingual({"lat": 31.0, "heading": "Legend"}, {"lat": 31.0, "heading": "图例"})
{'lat': 31.0, 'heading': {'g60_text': {'en': 'Legend', 'zh': '图例'}}}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mapgen.present.catalogue import LANGS, Lang, Words

CHOICE = "g60_text"


def bilingual(en: Any, zh: Any) -> Any:
    """One payload from the English and the Chinese edition (same shape, text may differ).

    Lists of the same length are merged item by item; lists whose lengths differ (a
    popup with more lines in one language) are chosen whole.

    >>> bilingual(["a", "b"], ["a", "乙"])
    ['a', {'g60_text': {'en': 'b', 'zh': '乙'}}]
    >>> bilingual(["a"], ["甲", "乙"])
    {'g60_text': {'en': ['a'], 'zh': ['甲', '乙']}}
    """
    if en == zh:  # deep comparison in C: coordinates and geometry are kept once, fast
        return en
    if isinstance(en, Mapping) and isinstance(zh, Mapping) and en.keys() == zh.keys():
        return {key: bilingual(en[key], zh[key]) for key in en}
    if isinstance(en, list | tuple) and isinstance(zh, list | tuple) and len(en) == len(zh):
        return [bilingual(a, b) for a, b in zip(en, zh, strict=True)]
    return {CHOICE: {"en": en, "zh": zh}}


def both_editions(build: Callable[[Words], Any]) -> Any:
    """A payload builder run in each language, its editions merged.

    >>> both_editions(lambda words: {"close": words("controls.close_popup")})
    {'close': {'g60_text': {'en': 'Close popup', 'zh': '关闭弹窗'}}}
    """
    editions = [build(Words(lang)) for lang in LANGS]
    return bilingual(*editions)


def edition(payload: Any, lang: Lang) -> Any:
    """One language's edition of a merged payload (what the page's ``localize`` does).

    >>> edition({"a": {"g60_text": {"en": "x", "zh": "甲"}}, "b": [1, 2]}, "zh")
    {'a': '甲', 'b': [1, 2]}
    """
    if isinstance(payload, Mapping):
        if payload.keys() == {CHOICE}:
            return payload[CHOICE][lang]
        return {key: edition(value, lang) for key, value in payload.items()}
    if isinstance(payload, list | tuple):
        return [edition(item, lang) for item in payload]
    return payload
