"""Putting data into a page so that it is always data, never code."""

from __future__ import annotations

import json
from typing import Any

# Characters that could end a <script> element, start an HTML comment or an
# entity, or (in old engines) end a JavaScript string literal. Replaced one by one:
# str.replace is many times faster than str.translate on megabytes of layer data.
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("'", "\\u0027"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def script_json(value: Any) -> str:
    """JSON that is safe inline in a <script> element, and byte-stable.

    >>> script_json({"name": "</script><b>'x'</b>", "n": 1})
    '{"n":1,"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0027x\\\\u0027\\\\u003c/b\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for character, escape in _SCRIPT_ESCAPES:
        text = text.replace(character, escape)
    return text
