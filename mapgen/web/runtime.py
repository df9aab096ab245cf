"""The page runtime: ES modules in ``runtime/``, joined into one classic script.

The modules are written as ES modules (``import``/``export``) so that ``tsc`` can
check them and Node can test the pure ones; the page gets one plain script, with
no module loader and no network. Joining is concatenation in a fixed dependency
order: the ``import`` lines go, the ``export`` keywords go, and everything shares
one function scope, so two modules must never declare the same top-level name.

>>> script = runtime_js()
>>> print(script[:len(GUARD)])
(function () {
"use strict";
if (window.G60) { return; }
<BLANKLINE>
>>> "import {" in script, "export " in script, script.endswith("}());\\n")
(False, False, True)
"""

from __future__ import annotations

import re
from importlib.resources import files
from importlib.resources.abc import Traversable

# Each module after the modules it imports from.
MODULE_ORDER: tuple[str, ...] = (
    "dom.js",
    "hash.js",
    "lang.js",
    "asof.js",
    "symbols.js",
    "popups.js",
    "places.js",
    "areas.js",
    "packed.js",
    "columns.js",
    "tileindex.js",
    "density.js",
    "densitylegend.js",
    "inview.js",
    "pointlist.js",
    "points.js",
    "gcj02.js",
    "datum.js",
    "controls.js",
    "timeline.js",
    "links.js",
    "find.js",
    "search.js",
    "main.js",
)

# Loads once per page, even when several maps (each with its copy of the script) share it.
GUARD = '(function () {\n"use strict";\nif (window.G60) { return; }\n'
END = "}());\n"

# `import { a, b } from "./dom.js";` on one line or several (and the blank line after it).
_IMPORT = re.compile(
    r'^import\s*\{(?P<names>[^}]*)\}\s*from\s*"\./(?P<module>[\w.-]+)";[ \t]*\n'
    r"(?:[ \t]*\n)?",
    re.MULTILINE,
)
_ANY_IMPORT = re.compile(r"^import\b.*$", re.MULTILINE)
# Conventions of the modules, which keep this simple: a top-level declaration starts a line
# (`[export] function|class|const|let|var name`, one name each), and nothing else does.
_DECLARATION = re.compile(
    r"^(?P<export>export\s+)?(?:async\s+)?(?:function\*?|class|const|let|var)\s+"
    r"(?P<name>[A-Za-z_$][\w$]*)",
    re.MULTILINE,
)
_EXPORT = re.compile(r"^export\s+(?=(?:async\s+)?(?:function|class|const|let|var)\b)", re.MULTILINE)
_ANY_EXPORT = re.compile(r"^export\b.*$", re.MULTILINE)
_DESTRUCTURING = re.compile(r"^(?:export\s+)?(?:const|let|var)\s*[\[{].*$", re.MULTILINE)
_TS_CHECK = re.compile(r"^// @ts-check\n", re.MULTILINE)


class JoinError(ValueError):
    """The runtime's modules cannot be joined into one script (the message says why)."""


def _imports(module: str, text: str) -> list[tuple[str, list[str]]]:
    """(module imported from, names) of each import statement; other forms are refused."""
    found = [
        (m["module"], [n.strip() for n in m["names"].split(",") if n.strip()]) for m in _IMPORT.finditer(text)
    ]
    leftover = _ANY_IMPORT.search(_IMPORT.sub("", text))
    if leftover:
        raise JoinError(
            f'{module}: only `import {{ names }} from "./module.js";` can be joined, not: {leftover[0]}'
        )
    for source, names in found:
        renamed = [n for n in names if " as " in n]
        if renamed:
            raise JoinError(
                f"{module}: `{renamed[0]}`: joined modules share one scope, so "
                f"an import cannot rename (import {source} names as they are)"
            )
    return found


def _join_one(module: str, text: str) -> str:
    """One module's text without its imports and export keywords."""
    text = _EXPORT.sub("", _IMPORT.sub("", _TS_CHECK.sub("", text)))
    leftover = _ANY_EXPORT.search(text)
    if leftover:
        raise JoinError(
            f"{module}: only `export function|class|const|let|var name` can be joined, not: {leftover[0]}"
        )
    return f"// ---- {module} ----\n{text.rstrip()}\n"


def runtime_js(folder: Traversable | None = None, order: tuple[str, ...] = MODULE_ORDER) -> str:
    """The runtime as one classic script: the modules of ``folder`` in ``order``, joined.

    Refused (JoinError) when two modules declare the same top-level name, or a
    module imports from a module that is not in ``order`` or comes after it there, or
    imports a name that module does not export. Same modules, same bytes.

    >>> runtime_js().startswith(GUARD + "// ---- dom.js ----\\n")
    True
    """
    folder = folder if folder is not None else files("mapgen.web") / "runtime"
    texts = {module: (folder / module).read_text(encoding="utf-8") for module in order}
    declared_in: dict[str, str] = {}
    exports: dict[str, set[str]] = {}
    for position, module in enumerate(order):
        text = texts[module]
        for source, names in _imports(module, text):
            if source not in order:
                raise JoinError(
                    f"{module} imports from {source}, which is not in the runtime's module order {order}"
                )
            if order.index(source) > position:
                raise JoinError(
                    f"{module} imports from {source}, which comes after it in the module order {order}"
                )
            missing = sorted(set(names) - exports[source])
            if missing:
                raise JoinError(
                    f"{module} imports {', '.join(missing)} from {source}, which does not export it"
                )
        destructuring = _DESTRUCTURING.search(text)
        if destructuring:
            raise JoinError(f"{module}: declare one name at a time at the top level, not: {destructuring[0]}")
        exports[module] = set()
        for match in _DECLARATION.finditer(text):
            name = match["name"]
            if name in declared_in:
                raise JoinError(
                    f"{module} and {declared_in[name]} both declare `{name}`: joined "
                    "into one script they share one scope; rename one of them"
                )
            declared_in[name] = module
            if match["export"]:
                exports[module].add(name)
    return GUARD + "\n".join(_join_one(module, texts[module]) for module in order) + END
