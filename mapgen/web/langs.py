"""The page's languages as HTML names them."""

from __future__ import annotations

from mapgen.present.catalogue import Lang

# As <html lang> names them (BCP 47): screen readers pick their voice by it.
HTML_LANGS: dict[Lang, str] = {"en": "en", "zh": "zh-CN"}

# Each language's name in itself, as the language switch shows it.
LANGUAGE_NAMES: dict[Lang, str] = {"en": "English", "zh": "中文"}
