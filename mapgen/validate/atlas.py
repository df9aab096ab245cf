"""Stage 2, validate: what :mod:`mapgen.read` read -> :class:`~mapgen.model.Atlas`, checked.

Every problem in every file is collected before anything is raised, so a person
fixes their data in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mapgen.coords import LonLat, coordinate_problems
from mapgen.errors import DataError, Problem, raise_if_any
from mapgen.model import Atlas, Axis, Category, City, Corridor, Fact, Place, PointLayer, Province, Site
from mapgen.read.articles import Article, read_article
from mapgen.read.files import DataFiles
from mapgen.read.yamldoc import YamlDocument, format_path
from mapgen.validate.boundaries import check_boundaries, read_boundaries
from mapgen.validate.layers import LAYER_SUFFIXES, SETTINGS_SUFFIXES, layer_files, read_layers
from mapgen.validate.provenance import gcj02_lookalikes
from mapgen.validate.records import read_yaml, validate_list, validate_record


def _read_articles(paths: list[Path], files: DataFiles, problems: list[Problem]) -> list[Article]:
    if not paths:
        problems.append(Problem(files.shown(files.seeds), 0, "", "no articles (*.txt) found"))
    articles = []
    for path in paths:
        try:
            articles.append(read_article(path, files.shown(path)))
        except DataError as error:
            problems.extend(error.problems)
    return articles


def _check_one_district(sites: list[Site], sites_doc: YamlDocument | None, problems: list[Problem]) -> None:
    """Exactly one site is the district itself: the one that carries its adcode."""
    districts = [s for s in sites if s.adcode is not None]
    if sites_doc is None or len(districts) == 1:
        return
    message = f"exactly one site, the district itself, needs an adcode; found {len(districts)}"
    if districts:
        problems.append(districts[1].origin.problem("adcode", message))
    else:
        problems.append(Problem(sites_doc.shown_as, sites_doc.line_of(("sites",)), "sites", message))


def _check_one_origin(cities: list[City], cities_doc: YamlDocument | None, problems: list[Problem]) -> None:
    """Exactly one city is where the corridor began (``role: origin``).

    Counted in the file as written, so a city that failed validation for another
    reason is not reported again here.
    """
    items = (
        cities_doc.data.get("cities")
        if cities_doc is not None and isinstance(cities_doc.data, dict)
        else None
    )
    if not isinstance(items, list) or not items:
        return
    written = [i for i, item in enumerate(items) if isinstance(item, dict) and item.get("role") == "origin"]
    if len(written) == 1:
        return
    message = f"exactly one city is the corridor's origin (role: origin); found {len(written)}"
    assert cities_doc is not None
    where = ("cities", written[1], "role") if written else ("cities",)
    problems.append(Problem(cities_doc.shown_as, cities_doc.line_of(where), format_path(where), message))


def _check_places(places: Iterable[Place], problems: list[Problem]) -> None:
    for place in places:
        for field, message in coordinate_problems(place.written):
            problems.append(place.origin.problem(field, message))


def _check_unique(records: Iterable[Any], what: str, problems: list[Problem]) -> None:
    first_seen: dict[str, Any] = {}
    for record in records:
        if record.id in first_seen:
            earlier = first_seen[record.id].origin
            problems.append(
                record.origin.problem(
                    "id",
                    f"duplicate {what} id {record.id!r}; first used at "
                    f"{earlier.doc.shown_as}:{earlier.doc.line_of((*earlier.path, 'id'))}",
                )
            )
        else:
            first_seen[record.id] = record


def declared_ids(doc: YamlDocument | None, key: str) -> set[str] | None:
    """Ids the file declares, even on records that failed validation; None if it has no list.

    A reference to a record that has its own problem is not reported again, and
    references into a file that could not be read are not judged at all: the
    file's own problem says what is wrong, not one line per reference.
    """
    data = doc.data if doc is not None else None
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _unknown(ref: str, known: set[str] | None) -> bool:
    """True when ``ref`` is surely not declared (never when the ids could not be read)."""
    return known is not None and ref not in known


def _check_references(
    place_ids: set[str] | None,
    category_ids: set[str] | None,
    article_ids: set[str] | None,
    sites: list[Site],
    axes: list[Axis],
    facts: list[Fact],
    corridor: Corridor | None,
    problems: list[Problem],
) -> None:
    for site in sites:
        if _unknown(site.category, category_ids):
            problems.append(
                site.origin.problem(
                    "category", f"unknown category {site.category!r}; known: {sorted(category_ids or ())}"
                )
            )
    for axis in axes:
        for index, waypoint in enumerate(axis.waypoints):
            if waypoint.place is not None and _unknown(waypoint.place, place_ids):
                problems.append(
                    axis.origin.problem(("waypoints", index, "place"), f"unknown place {waypoint.place!r}")
                )
            if waypoint.lat is not None and waypoint.lon is not None:
                for field, message in coordinate_problems(LonLat(waypoint.lon, waypoint.lat)):
                    problems.append(axis.origin.problem(("waypoints", index, field), message))
    fact_places = (place_ids | {corridor.id}) if place_ids is not None and corridor else None
    for fact in facts:
        if _unknown(fact.place, fact_places):
            problems.append(fact.origin.problem("place", f"unknown place {fact.place!r}"))
        if _unknown(fact.article, article_ids):
            problems.append(
                fact.origin.problem(
                    "article",
                    f"unknown article {fact.article!r}; articles are the file names in seeds/ without .txt",
                )
            )


@dataclass(frozen=True)
class Divisions:
    """The administrative areas the data names: what ``mapgen boundaries refresh`` fetches."""

    provinces: tuple[Province, ...]
    cities: tuple[City, ...]
    districts: tuple[Site, ...]  # sites that carry an adcode


def read_divisions(files: DataFiles) -> Divisions:
    """Provinces and cities from ``geo/cities.yaml``, the district from ``geo/sites.yaml``.

    Raises :class:`DataError` with every problem; the boundaries file is not needed.
    """
    problems: list[Problem] = []
    records = _read_division_records(files, problems)
    raise_if_any(problems)
    return Divisions(
        tuple(records.provinces),
        tuple(records.cities),
        tuple(s for s in records.sites if s.adcode is not None),
    )


@dataclass(frozen=True)
class _DivisionRecords:
    cities_doc: YamlDocument | None
    sites_doc: YamlDocument | None
    provinces: list[Province]
    cities: list[City]
    sites: list[Site]


def _read_division_records(files: DataFiles, problems: list[Problem]) -> _DivisionRecords:
    """Provinces, cities and sites, with the documents they came from (for later checks)."""
    cities_doc = read_yaml(files.cities, files.shown(files.cities), problems)
    provinces = validate_list(Province, cities_doc, "provinces", problems)
    cities = validate_list(City, cities_doc, "cities", problems)
    sites_doc = read_yaml(files.sites, files.shown(files.sites), problems)
    sites = validate_list(Site, sites_doc, "sites", problems)
    _check_one_district(sites, sites_doc, problems)
    return _DivisionRecords(cities_doc, sites_doc, provinces, cities, sites)


def read_atlas(files: DataFiles, extra_layers: Sequence[Path] = ()) -> tuple[Atlas | None, list[Problem]]:
    """Read and validate every input: ``seeds/``, ``geo/``, the layers of ``geo/layers/``
    and ``extra_layers``.

    Returns the atlas of every record that passed (None when a whole file it
    cannot do without is unusable) and every problem found, so later checks can
    still run and a person sees all problems at once.
    """
    problems: list[Problem] = []
    article_paths = files.article_paths()
    articles = _read_articles(article_paths, files, problems)

    records = _read_division_records(files, problems)
    cities_doc, sites_doc = records.cities_doc, records.sites_doc
    provinces, cities, sites = records.provinces, records.cities, records.sites
    categories = validate_list(Category, sites_doc, "categories", problems)

    corridor_doc = read_yaml(files.corridor, files.shown(files.corridor), problems)
    corridor = None
    if corridor_doc is not None and isinstance(corridor_doc.data, dict) and "corridor" in corridor_doc.data:
        corridor = validate_record(
            Corridor, corridor_doc.data["corridor"], corridor_doc, ("corridor",), problems
        )
    elif corridor_doc is not None:
        problems.append(
            Problem(corridor_doc.shown_as, 1, "corridor", "the file needs a top-level 'corridor:' mapping")
        )
    axes = validate_list(Axis, corridor_doc, "axes", problems)

    facts_doc = read_yaml(files.facts, files.shown(files.facts), problems)
    facts = validate_list(Fact, facts_doc, "facts", problems)

    boundaries = read_boundaries(files.boundaries, files.shown(files.boundaries), problems)
    if boundaries is not None:
        check_boundaries(boundaries, provinces, cities, sites, problems)

    _check_one_origin(cities, cities_doc, problems)
    _check_places((*cities, *sites), problems)
    _check_unique([*cities, *sites, *([corridor] if corridor else [])], "place", problems)
    _check_unique(categories, "category", problems)
    _check_unique(axes, "axis", problems)
    _check_unique(facts, "fact", problems)
    city_ids, site_ids = declared_ids(cities_doc, "cities"), declared_ids(sites_doc, "sites")
    _check_references(
        city_ids | site_ids if city_ids is not None and site_ids is not None else None,
        declared_ids(sites_doc, "categories"),
        # An article that failed to parse still exists; with none at all, seeds/ is the problem.
        {path.stem for path in article_paths} or None,
        sites,
        axes,
        facts,
        corridor,
        problems,
    )
    point_layers: tuple[PointLayer, ...] = ()
    try:
        # The boundaries read above place rows by their addresses: not read a second time.
        point_layers = read_layers([*layer_files(files.layers), *extra_layers], files.root, boundaries)
    except DataError as error:
        problems += error.problems
    if corridor is None or boundaries is None:
        return None, problems
    atlas = Atlas(
        tuple(provinces),
        tuple(cities),
        tuple(categories),
        tuple(sites),
        corridor,
        tuple(axes),
        tuple(facts),
        tuple(articles),
        boundaries,
        point_layers,
        tuple(gcj02_lookalikes((*cities, *sites))),
    )
    return atlas, problems


InputKind = Literal["article", "place data", "site layer", "layer settings"]


@dataclass(frozen=True)
class InputFile:
    """A file the map is made from (or would be, were it there), and what it is to the map."""

    path: Path
    shown: str  # as problems name it: relative to the project folder where inside it
    kind: InputKind


@dataclass(frozen=True)
class InputFolder:
    """A folder whose files are inputs of the map: each one there now, and any written there."""

    path: Path
    shown: str  # "geo/"
    kinds: tuple[tuple[str, InputKind], ...]  # (suffix in lower case, what such a file is)
    others: InputKind | None  # what any other file is; None: only those suffixes count

    def kind_of(self, name: str) -> InputKind | None:
        """What a file of this name in the folder is to the map; None if the map never reads it.

        >>> seeds = InputFolder(Path("seeds"), "seeds/", ((".txt", "article"),), None)
        >>> seeds.kind_of("002_new.TXT"), seeds.kind_of("notes.md")
        ('article', None)
        """
        return dict(self.kinds).get(Path(name).suffix.lower(), self.others)


@dataclass(frozen=True)
class Inputs:
    """Every file the map is made from, and the folders whose every file is one."""

    files: tuple[InputFile, ...] = ()
    folders: tuple[InputFolder, ...] = ()


def input_files(files: DataFiles, extra_layers: Sequence[Path] = ()) -> Inputs:
    """Every file :func:`read_atlas` reads, and those it looks for: no output may replace one.

    The articles in ``seeds/``; every file in ``geo/`` and ``geo/layers/``, and the data
    files ``geo/`` must hold even where one is missing; each layer given and, beside
    each layer, the settings it would read (``enterprises.yaml`` or ``.yml``), there
    or not. The folders are ``seeds/`` (its ``*.txt``), ``geo/`` and ``geo/layers/``.
    """
    found: dict[Path, InputFile] = {}

    def add(path: Path, kind: InputKind) -> None:
        found.setdefault(path, InputFile(path, files.shown(path), kind))

    def add_layer(path: Path) -> None:
        add(path, "site layer")
        for suffix in SETTINGS_SUFFIXES:
            add(path.with_suffix(suffix), "layer settings")

    for article in files.article_paths():
        add(article, "article")
    for layer in (*layer_files(files.layers), *extra_layers):
        add_layer(layer)
    for path in (files.cities, files.sites, files.corridor, files.facts, files.boundaries):
        add(path, "place data")
    geo = files.cities.parent
    layer_kinds: tuple[tuple[str, InputKind], ...] = (
        *((suffix, "site layer") for suffix in LAYER_SUFFIXES),
        *((suffix, "layer settings") for suffix in SETTINGS_SUFFIXES),
    )
    folders = (
        InputFolder(files.seeds, files.shown(files.seeds) + "/", ((".txt", "article"),), None),
        InputFolder(geo, files.shown(geo) + "/", (), "place data"),
        InputFolder(files.layers, files.shown(files.layers) + "/", layer_kinds, "place data"),
    )
    for folder in folders[1:]:
        for path in _files_in(folder.path):
            add(path, folder.kind_of(path.name) or "place data")
    return Inputs(tuple(found.values()), folders)


def _files_in(folder: Path) -> list[Path]:
    try:
        return sorted(path for path in folder.iterdir() if path.is_file())
    except OSError:  # no such folder: read_atlas says so
        return []
