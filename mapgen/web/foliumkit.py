"""Every use of folium's and branca's internals, in one place.

folium builds a page as a tree of branca elements; each renders Jinja macros
(``header``, ``html``, ``script``) into the root :class:`~branca.element.Figure`. The map
relies on these parts of that machinery, which are not public API:

- ``MacroElement._template.module`` holds the macros, called as ``macro(element, kwargs)``;
- a ``Figure`` has ``header``, ``html`` and ``script`` sections whose ``_children`` keep
  their order and whose ``add_child(child, name=...)`` files a part under a name;
- an element's ``_children``, ``_name`` and ``_id`` (``get_name()`` is ``_name`` lowercased,
  ``_`` and ``_id``), and ``_parent`` once added;
- ``folium.Map`` makes a branca ``Figure`` its root when it is made; ``Figure.add_child``
  files the map under a new root instead (:func:`use_page_figure`), and a new Figure's
  header holds its ``<meta http-equiv="content-type">`` under the name ``meta_http``.

``tests/test_foliumkit.py`` checks each of these against the installed folium and
branca, so an upgrade that changes one fails loudly there, not in a page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from branca.element import Element, Figure, MacroElement
from jinja2 import Template


class _Text(Element):
    """Rendered text, kept as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class PreRendered(MacroElement):
    """A MacroElement whose rendered parts stay text.

    branca wraps each rendered part in a new Element, which compiles it as a Jinja
    template once more. With data in the part (a layer name in the layer control, a
    CSV cell), ``{{ ... }}`` in the data would run as template code at build time;
    and for parts that hold Leaflet's source or 100,000 points, the lexing alone cost
    more than the rest of the build. Every element of the map renders this way.
    """

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        assert isinstance(figure, Figure)
        macros = self._template.module.__dict__
        for part, section in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            if part in macros:
                section.add_child(_Text(macros[part](self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)
        return ""  # the parts are in the figure now, as with MacroElement

    @property
    def parent_name(self) -> str:
        """The JavaScript variable of the element this one was added to (the map)."""
        assert self._parent is not None, "rendered only once added to the map"
        return str(self._parent.get_name())


# Where the head's first markup goes, until the rest of the page is rendered. A NUL
# character is in no rendered part: data reaches the page as JSON, which escapes it.
_HEAD_SLOT = "\x00g60-head-first\x00"


class PageFigure(Figure):
    """branca's Figure as a page of its own: ``<html lang>``, a ``<title>``, the map in
    ``<main>``, and markup made from the rendered page first in ``<head>``.

    ``head_first(page)`` gets the page as rendered (a marker where it goes) and returns what goes
    right after ``<meta charset>``, before any style or script: a Content-Security-Policy
    made of the hashes of the page's own scripts (:mod:`mapgen.web.policy`).
    """

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.lang|e }}">\n'
        "<head>\n"
        '<meta charset="utf-8" />\n'
        "{{ first }}\n"
        "<title>{{ this.title|e }}</title>\n"
        "{{ header }}\n"
        "</head>\n"
        "<body>\n"
        '<main class="g60-page">\n{{ html }}\n</main>\n'
        "<script>\n{{ script }}\n</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, lang: str, title: str, head_first: Callable[[str], str] | None = None) -> None:
        super().__init__(title=title)
        del self.header._children["meta_http"]  # the template writes <meta charset> itself
        self.lang = lang
        self.head_first = head_first

    def render(self, **kwargs: Any) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        page: str = self._template.render(
            this=self,
            first=_HEAD_SLOT,
            header=self.header.render(**kwargs),
            html=self.html.render(**kwargs),
            script=self.script.render(**kwargs),
        )
        # The marker stays in what head_first reads: it is markup outside every element,
        # and a page of a million points is not copied once more to take it out.
        first: str = self.head_first(page) if self.head_first else ""
        return page.replace(_HEAD_SLOT, first, 1)


def use_page_figure(element: Element, figure: PageFigure) -> None:
    """Make ``figure`` the root of ``element`` (a map) in place of the Figure folium made."""
    figure.add_child(element)


def name_kind(element: Element, kind: str) -> None:
    """Set the word that starts an element's JavaScript variable (``legend_<id>``)."""
    element._name = kind


def siblings(element: Element) -> list[Element]:
    """The children of the element ``element`` was added to (the map's layers and controls), in
    the order they were added."""
    assert element._parent is not None, "added to the map first"
    return list(element._parent._children.values())


def walk(element: Element) -> list[Element]:
    """Every element below ``element`` (itself first), in document order."""
    found = [element]
    for child in element._children.values():
        found.extend(walk(child))
    return found


def set_ids(elements: Iterable[Element], ids: Iterable[str]) -> None:
    """Give elements the ids their JavaScript variables and HTML ids are made of."""
    for element, element_id in zip(elements, ids, strict=True):
        element._id = element_id


def render_page(element: Element) -> str:
    """The whole page of the figure an element belongs to."""
    html: str = element.get_root().render()
    return html


def own_parts(element: Element) -> tuple[str, str, str]:
    """The header, body and script parts that ``element`` and the elements below it
    render, without the figure's own (its ``<meta charset>``): what a fragment holds."""
    figure = element.get_root()
    assert isinstance(figure, Figure)
    figure.render()  # every element writes its parts into the figure's header, html and script
    own = {e.get_name() for e in walk(element)}

    def parts(section: Element) -> str:
        return "\n".join(child.render().strip() for name, child in section._children.items() if name in own)

    return parts(figure.header), parts(figure.html), parts(figure.script)
