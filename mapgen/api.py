"""The Python API: every command of the CLI as a function.

In Jupyter, ``fmap`` shows the map inline::

    import mapgen
    checked = mapgen.check(".")              # read, validate, link, measure
    fmap = mapgen.build_map(checked)         # a folium.Map
    mapgen.write_html(fmap, "output/g60_corridor.html")

``mapgen.build(".")`` does all of that in one call; ``mapgen.export_file(".", "geojson")``
writes the same data for GIS tools, ``"svg"``/``"pdf"`` a print map, ``"png"`` a picture.
Each takes ``lang``, as the commands take ``--lang``: ``mapgen.build(".", lang="zh")``,
``mapgen.export_file(".", "pdf", lang="zh")``; and ``layers`` and ``tables``, as they take
``--layer`` and ``--table``: ``mapgen.export_file(".", "svg", tables=["gdp.xlsx"])``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from mapgen.errors import DataError, Problem
from mapgen.export import ExportFormat, ExportOptions, export_bytes, refuse_as_of, refuse_bilingual
from mapgen.export.options import PrintLang
from mapgen.model import Atlas
from mapgen.outputs import OutputKind, default_path
from mapgen.pipeline import Checked, InputFile, Inputs, check, inputs
from mapgen.present.catalogue import LANGS, Lang
from mapgen.web import MapOptions, render_map
from mapgen.web.elements import OfflineMap
from mapgen.web.frame import FrameSize
from mapgen.web.page import document_html
from mapgen.write import write_atomic

if TYPE_CHECKING:  # loaded only by `mapgen facts`
    from mapgen import review

__all__ = [
    "BuildResult",
    "Checked",
    "build",
    "build_map",
    "check",
    "embed_snippet",
    "export_file",
    "load_atlas",
    "output_path",
    "write_html",
]


def load_atlas(root: Path | str = ".", layers: Sequence[Path | str] = ()) -> Atlas:
    """The validated data under ``root``; raises :class:`mapgen.DataError` with every problem."""
    return check(root, layers).atlas


def build_map(checked: Checked, options: MapOptions | None = None, *, lang: Lang | None = None) -> OfflineMap:
    """The interactive map of checked data, as a ``folium.Map``; ``lang`` the language it opens in."""
    return render_map(checked, in_lang(options, lang))


def in_lang(options: MapOptions | None, lang: Lang | None) -> MapOptions:
    """``options`` (or the defaults) in ``lang``, when given: what ``--lang`` does to the options.

    >>> in_lang(None, "zh").lang, in_lang(MapOptions(lang="zh"), None).lang
    ('zh', 'zh')
    """
    options = options or MapOptions()
    if lang is None:
        return options
    if lang not in LANGS:  # a caller of the Python API, unchecked by the type checker
        raise ValueError(f"lang {lang!r} is not one of {', '.join(LANGS)}")
    return replace(options, lang=lang)


def write_html(fmap: OfflineMap, path: Path | str | None = None) -> Path:
    """Write the map as one self-contained HTML page, atomically; returns the path.

    A map built with ``MapOptions(fragment=FrameSize(...))`` is written as a fragment
    to paste into another page instead: one ``<div>``, no ``<html>`` or ``<head>``.
    """
    target = (
        Path(path) if path is not None else default_path(".", "html" if fmap.fragment is None else "fragment")
    )
    write_atomic(target, document_html(fmap).encode("utf-8"))
    return target


@dataclass(frozen=True)
class BuildResult:
    path: Path
    checked: Checked
    size_bytes: int

    @property
    def atlas(self) -> Atlas:
        return self.checked.atlas

    @property
    def skipped(self) -> tuple[Problem, ...]:
        """Rows of site layers left off the map, each with its file, line and reason."""
        return self.checked.skipped


def build(
    root: Path | str = ".",
    out: Path | str | None = None,
    options: MapOptions | None = None,
    layers: Sequence[Path | str] = (),
    tables: Sequence[Path | str] = (),
    *,
    lang: Lang | None = None,
) -> BuildResult:
    """Check, render and write in one call (what ``mapgen build`` does).

    ``layers`` are files of points and ``tables`` tables of figures (``--layer``,
    ``--table``), besides those in ``geo/layers/`` and ``geo/tables/``. ``lang`` (``"en"``
    or ``"zh"``) is the language the page opens in; it replaces ``options.lang``. Raises
    :class:`mapgen.DataError` when ``out`` is one of the files the map is made from (an
    article, a file in ``geo/``, a layer or a table or their settings), before reading them.
    """
    options = in_lang(options, lang)
    fragment = options.fragment is not None
    target = output_path(root, out, "fragment" if fragment else "html", layers, tables)
    checked = check(root, layers, tables)
    refuse_input_as_output(target, checked.inputs, given=out is not None)
    write_html(render_map(checked, options), target)
    return BuildResult(target, checked, target.stat().st_size)


def export_file(
    root: Path | str = ".",
    fmt: ExportFormat = "geojson",
    out: Path | str | None = None,
    options: ExportOptions | None = None,
    layers: Sequence[Path | str] = (),
    tables: Sequence[Path | str] = (),
    *,
    lang: PrintLang | None = None,
    asof: str | None = None,
) -> Path:
    """Check the data and write it as ``fmt`` (``mapgen export FORMAT``), atomically.

    Writes ``ROOT/output/g60_corridor.<fmt>`` unless ``out`` says otherwise and returns
    the path; :mod:`mapgen.export` lists the formats. ``layers`` and ``tables`` are added
    to those of ``geo/layers/`` and ``geo/tables/``, as for :func:`build`. ``lang`` (``"en"`` or ``"zh"``;
    ``"both"`` for the print map, svg and pdf) replaces the options' language. Raises
    :class:`mapgen.DataError` when ``out`` is one of the files the map is made from, and
    ValueError for an unknown language or a PNG or GeoJSON in both.

    ``asof`` (``"2019"``, ``"2019-06"`` or ``"2019-06-06"``) replaces the options' date: the
    print map and the PNG as of it (``mapgen export svg|pdf|png --asof``), cities that joined
    later drawn as not yet members. ValueError for a date that is not one, and for a GeoJSON
    as of a date (it holds every date, each fact with its ``as_of``).
    """
    options = options or ExportOptions()
    if lang is not None:
        options = options.with_lang(lang)
    if asof is not None:
        options = replace(options, asof=asof)  # checked as the options are made: ValueError
    refuse_bilingual(fmt, options)  # before the data is read: the request alone is wrong
    refuse_as_of(fmt, options)
    target = output_path(root, out, fmt, layers, tables)
    checked = check(root, layers, tables)
    refuse_input_as_output(target, checked.inputs, given=out is not None)
    write_atomic(target, export_bytes(fmt, checked, options))
    return target


def output_path(
    root: Path | str = ".",
    out: Path | str | None = None,
    kind: OutputKind = "html",
    layers: Sequence[Path | str] = (),
    tables: Sequence[Path | str] = (),
) -> Path:
    """Where an output goes: ``out``, or the default path of ``kind`` under ``root``.

    Raises :class:`mapgen.DataError` when that is one of the files the map is made
    from (the articles, every file in ``geo/``, ``geo/layers/`` and ``geo/tables/``,
    each layer of ``layers`` and table of ``tables`` and the settings beside it),
    whatever the path's spelling: symbolic and hard links to an input are inputs too.
    """
    target = Path(out) if out is not None else default_path(root, kind)
    refuse_input_as_output(target, inputs(root, layers, tables), given=out is not None)
    return target


def refuse_input_as_output(target: Path, inputs: Inputs, *, given: bool = True) -> None:
    """Raise :class:`mapgen.DataError` when writing ``target`` would replace one of the ``inputs``,
    or put a file where it would become one (a new file in ``geo/``, a ``.txt`` in ``seeds/``).

    ``given``: whether the user named the target (``--out``), or it is the default.
    """
    for source in inputs.files:
        if _same_file(target, source.path):
            raise DataError([Problem("--out", 0, "", _input_as_output(target, source, given))])
    final = Path(os.path.realpath(target))
    for folder in inputs.folders:
        kind = folder.kind_of(final.name)
        if kind is not None and _same_file(final.parent, folder.path):
            named = _named(target, given)
            message = f"{named} is in {folder.shown}, so it would be an input of the map ({kind})"
            raise DataError([Problem("--out", 0, "", _choose(message, given))])


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file: the same inode (links of any kind), or the same
    final path once symbolic links are followed (for a file not there yet)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (or cannot be looked at)
        return os.path.realpath(a) == os.path.realpath(b)


def _input_as_output(target: Path, source: InputFile, given: bool) -> str:
    """The refusal; it names the input as the data's problems do when ``target`` is spelt otherwise.

    >>> source = InputFile(Path("geo/cities.yaml"), "geo/cities.yaml", "place data")
    >>> _input_as_output(Path("geo/cities.yaml"), source, True)
    'geo/cities.yaml is an input of the map (place data); choose another file'
    >>> _input_as_output(Path("link.yaml"), source, True)
    'link.yaml is geo/cities.yaml, an input of the map (place data); choose another file'
    """
    named = _named(target, given)
    if os.path.abspath(target) == os.path.abspath(source.path):
        return _choose(f"{named} is an input of the map ({source.kind})", given)
    return _choose(f"{named} is {source.shown}, an input of the map ({source.kind})", given)


def _named(target: Path, given: bool) -> str:
    """The target as the user named it, or said to be the default.

    >>> _named(Path("output/g60_corridor.html"), given=False)
    'output/g60_corridor.html, where the output goes by default,'
    """
    return target.as_posix() + ("" if given else ", where the output goes by default,")


def _choose(message: str, given: bool) -> str:
    return f"{message}; choose another file" + ("" if given else " with --out")


def export_geojson(
    root: Path | str = ".", out: Path | str | None = None, *, lang: Lang | None = None
) -> Path:
    """``export_file(root, "geojson", out, lang=lang)``."""
    return export_file(root, "geojson", out, lang=lang)


def embed_snippet(
    root: Path | str = ".",
    src: str = "g60_corridor.html",
    size: FrameSize | None = None,
    *,
    title: str | None = None,
    lang: Lang | None = None,
    focus: str | None = None,
) -> str:
    """An ``<iframe>`` snippet that shows the map page at ``src`` in another page (``mapgen embed``).

    Its title is ``title``, or 'Map of the' corridor named in ``geo/``, in ``lang``
    (English if None). A ``lang`` also goes into the address's hash (``#lang=zh``), so
    the page opens in it whichever language it was built to open in; ``focus``, the id of
    a city or site, opens with its popup (``#place=hangzhou``). An unknown id is a
    ValueError that names the nearest ones.
    """
    from mapgen.web.embed import iframe_snippet, map_title, src_with_hash

    if lang is not None and lang not in LANGS:  # a caller unchecked by the type checker
        raise ValueError(f"lang {lang!r} is not one of {', '.join(LANGS)}")
    keys: dict[str, str] = {}
    if lang is not None:
        keys["lang"] = lang
    if focus is not None:
        keys["place"] = focus_place(root, focus)
    words_lang: Lang = lang or "en"
    shown = title if title is not None else map_title(root, words_lang)
    return iframe_snippet(src_with_hash(src, **keys) if keys else src, shown, size, words_lang)


def focus_place(root: Path | str, place_id: str) -> str:
    """``place_id`` when it is a city or site of ``geo/`` (a place with a popup on the map);
    else ValueError with the nearest ids."""
    atlas = check(root).atlas
    ids = [place.id for place in (*atlas.cities, *atlas.sites)]
    if place_id in ids:
        return place_id
    near = difflib.get_close_matches(place_id, ids, n=3)
    hint = f"; did you mean {', '.join(near)}?" if near else f"; the places are: {', '.join(ids)}"
    raise ValueError(f"--focus: {place_id!r} is not the id of a city or site in geo/{hint}")


def fact_statuses(root: Path | str = ".") -> tuple[review.FactStatus, ...]:
    """Every curated fact of ``geo/facts.yaml`` with its article, date and the paragraph that
    quotes it, or that none does (``mapgen facts``)."""
    from mapgen import review

    return review.fact_statuses(check(root, quotes_must_be_found=False).atlas)


def unreviewed_sentences(root: Path | str = ".") -> tuple[review.Unreviewed, ...]:
    """Every sentence of the articles that states a number or a date no curated quote states,
    with the places it names (``mapgen facts --unreviewed``)."""
    from mapgen import review

    return review.unreviewed(check(root, quotes_must_be_found=False).atlas)


def unreviewed_fact_stubs(root: Path | str = ".") -> str:
    """Stub facts for the unreviewed sentences, as YAML to paste at the end of ``geo/facts.yaml``
    (``mapgen facts --unreviewed --format yaml``)."""
    from mapgen import review

    atlas = check(root, quotes_must_be_found=False).atlas
    return review.stubs_yaml(review.unreviewed(atlas), atlas)
