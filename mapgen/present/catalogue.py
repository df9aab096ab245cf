"""The catalogue of messages: every word a reader sees, in English and Chinese.

The texts live in ``messages.yaml`` beside this module, one entry per message id with
an ``en`` and a ``zh`` text. :class:`Words` looks them up in one language and fills
their ``{placeholders}``::

    >>> words = Words("en")
    >>> words("layer.cities", count_word="nine")
    'The nine cities'
    >>> Words("zh")("layer.cities", count_word="九")
    '九座城市'

A value from the data only ever fills a placeholder: ``str.format`` reads the
catalogue's own text as the template, never the value, so a name with braces in it
stays as it is. A :class:`Bilingual` value (a place's two names) is filled in the
language of the words that use it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal, cast

import yaml

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")

# Stands for the data in Words.around: no message or data holds it (NUL is not in YAML text).
_SLOT = "\x00slot\x00"

# A message is one text, or a `one:`/`other:` pair chosen by its {count}.
Text = str | dict[str, str]


@dataclass(frozen=True)
class Bilingual:
    """A value with a text in each language, such as a place's English and Chinese names.

    >>> Bilingual("Songjiang District", "松江区").get("zh")
    '松江区'
    """

    en: str
    zh: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.zh


@cache
def catalogue() -> dict[str, dict[Lang, Text]]:
    """Every message by id, as ``messages.yaml`` has it."""
    text = (files("mapgen.present") / "messages.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return cast(dict[str, dict[Lang, Text]], yaml.load(text, Loader=loader))


def placeholders(text: Text) -> frozenset[str]:
    """The ``{names}`` a message fills.

    >>> sorted(placeholders({"one": "{count} row", "other": "{count} rows of {name}"}))
    ['count', 'name']
    """
    forms = text.values() if isinstance(text, dict) else [text]
    return frozenset(name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name)


@dataclass(frozen=True)
class Words:
    """The catalogue in one language; calling it gives one message, filled."""

    lang: Lang = "en"

    def __call__(self, key: str, /, **values: object) -> str:
        """The message ``key`` with its placeholders filled (a KeyError for an unknown one).

        >>> Words("en")("news.more", count=1), Words("en")("news.more", count=3)
        ('1 more sentence in this article', '3 more sentences in this article')
        """
        text = catalogue()[key][self.lang]
        if isinstance(text, dict):
            text = text["one"] if values.get("count") in (1, "1") and "one" in text else text["other"]
        filled = {
            name: value.get(self.lang) if isinstance(value, Bilingual) else value
            for name, value in values.items()
        }
        return text.format_map(filled)

    def around(self, key: str, slot: str, /, **values: object) -> tuple[str, str]:
        """The message's words before and after its placeholder ``slot`` (the other ones
        filled): a page puts the data between them, marked with the data's own language.

        >>> Words("zh").around("fact.as_of", "as_of_text", date="2021年4月")
        ('截至2021年4月（文章原文：“', '”）')
        """
        text = self(key, **{slot: _SLOT}, **values)
        before, _, after = text.partition(_SLOT)
        return before, after

    def name(self, value: Bilingual) -> str:
        """A two-language value in this language."""
        return value.get(self.lang)


def both(key: str, /, **values: object) -> str:
    """A message in English then Chinese, for outputs that show both (the print map).

    >>> both("legend.heading")
    'Legend 图例'
    """
    return " ".join(Words(lang)(key, **values) for lang in LANGS)
