"""Stage 1, load and validate: ``seeds/`` and ``geo/`` files -> :class:`~mapgen.model.Atlas`.

Every problem in every file is collected before anything is raised, so a person
fixes their data in one pass.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from mapgen.articles import Article, read_article
from mapgen.coords import coordinate_problems
from mapgen.errors import DataError, Problem
from mapgen.model import (
    Atlas,
    Axis,
    Category,
    City,
    Corridor,
    Fact,
    Origin,
    Place,
    Record,
    Site,
)
from mapgen.textfile import display_path, read_text
from mapgen.yamlfile import Path_, YamlDocument, format_path, parse_yaml

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class DataFiles:
    """Where the data lives. ``DataFiles.under(".")`` is the project's own layout."""

    root: Path
    seeds: Path
    cities: Path
    sites: Path
    corridor: Path
    facts: Path
    district_outline: Path

    @classmethod
    def under(cls, root: Path | str) -> DataFiles:
        base = Path(root)
        geo = base / "geo"
        return cls(base, base / "seeds", geo / "cities.yaml", geo / "sites.yaml",
                   geo / "corridor.yaml", geo / "facts.yaml", geo / "songjiang_district.geojson")

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)


def _pydantic_problems(error: ValidationError, doc: YamlDocument, at: Path_) -> Iterator[Problem]:
    for detail in error.errors(include_url=False):
        loc = (*at, *(part for part in detail["loc"] if isinstance(part, str | int)))
        message = str(detail["msg"]).removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = "unknown field (a typo?)"
        yield Problem(doc.shown_as, doc.line_of(loc), format_path(loc), message)


def validate_record(model: type[R], item: Any, doc: YamlDocument, at: Path_,
                    problems: list[Problem]) -> R | None:
    """Validate one YAML item as ``model``; on failure add its problems and return None."""
    try:
        record = model.model_validate(item)
    except ValidationError as error:
        problems.extend(_pydantic_problems(error, doc, at))
        return None
    record._origin = Origin(doc, at)
    return record


def validate_list(model: type[R], doc: YamlDocument | None, key: str,
                  problems: list[Problem], required: bool = True) -> list[R]:
    """Validate every item of the top-level list ``key`` (nothing if the file was unreadable)."""
    if doc is None:
        return []
    data = doc.data
    if not isinstance(data, dict) or (key not in data and required):
        problems.append(Problem(doc.shown_as, doc.line_of(()), key,
                                f"the file needs a top-level '{key}:' list"))
        return []
    items = data.get(key, [])
    if not isinstance(items, list):
        problems.append(Problem(doc.shown_as, doc.line_of((key,)), key, "must be a list"))
        return []
    records = (validate_record(model, item, doc, (key, i), problems) for i, item in enumerate(items))
    return [r for r in records if r is not None]


def _read_yaml(path: Path, files: DataFiles, problems: list[Problem]) -> YamlDocument | None:
    shown = files.shown(path)
    try:
        return parse_yaml(read_text(path, shown), shown)
    except DataError as error:
        problems.extend(error.problems)
        return None


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


def _read_outline(path: Path, files: DataFiles, problems: list[Problem]) -> tuple[Any, str]:
    """Songjiang District's outline from a GeoJSON Feature/FeatureCollection (WGS-84)."""
    from shapely.geometry import shape  # geometry library only when there is geometry

    shown = files.shown(path)
    try:
        data = json.loads(read_text(path, shown))
        feature = data["features"][0] if data.get("type") == "FeatureCollection" else data
        geometry = shape(feature["geometry"])
        source = str(feature.get("properties", {}).get("source", "unknown"))
    except DataError as error:
        problems.extend(error.problems)
        return None, ""
    except json.JSONDecodeError as exc:
        problems.append(Problem(shown, exc.lineno, "", f"not valid JSON: {exc.msg}"))
        return None, ""
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
        problems.append(Problem(shown, 0, "geometry", f"not a GeoJSON polygon feature ({exc})"))
        return None, ""
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or not geometry.is_valid:
        problems.append(Problem(shown, 0, "geometry", "must be one valid Polygon or MultiPolygon"))
        return None, ""
    return geometry, source


def _check_places(places: Iterable[Place], problems: list[Problem]) -> None:
    for place in places:
        for field, message in coordinate_problems(place.lat, place.lon):
            problems.append(place.origin.problem(field, message))


def _check_unique(records: Iterable[Any], what: str, problems: list[Problem]) -> None:
    first_seen: dict[str, Any] = {}
    for record in records:
        if record.id in first_seen:
            earlier = first_seen[record.id].origin
            problems.append(record.origin.problem(
                "id", f"duplicate {what} id {record.id!r}; first used at "
                      f"{earlier.doc.shown_as}:{earlier.doc.line_of((*earlier.path, 'id'))}"))
        else:
            first_seen[record.id] = record


def declared_ids(doc: YamlDocument | None, key: str) -> set[str]:
    """Ids the file declares, even on records that failed validation.

    A reference to a record that has its own problem is not reported again.
    """
    data = doc.data if doc is not None else None
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return set()
    return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _check_references(place_ids: set[str], category_ids: set[str], article_ids: set[str],
                      sites: list[Site], axes: list[Axis], facts: list[Fact],
                      corridor: Corridor | None, problems: list[Problem]) -> None:
    for site in sites:
        if site.category not in category_ids:
            problems.append(site.origin.problem(
                "category", f"unknown category {site.category!r}; known: {sorted(category_ids)}"))
    for axis in axes:
        for index, waypoint in enumerate(axis.waypoints):
            if waypoint.place is not None and waypoint.place not in place_ids:
                problems.append(axis.origin.problem(("waypoints", index, "place"),
                                                    f"unknown place {waypoint.place!r}"))
            if waypoint.lat is not None and waypoint.lon is not None:
                for field, message in coordinate_problems(waypoint.lat, waypoint.lon):
                    problems.append(axis.origin.problem(("waypoints", index, field), message))
    fact_places = place_ids | ({corridor.id} if corridor else set())
    for fact in facts:
        if fact.place not in fact_places:
            problems.append(fact.origin.problem("place", f"unknown place {fact.place!r}"))
        if fact.article not in article_ids:
            problems.append(fact.origin.problem(
                "article", f"unknown article {fact.article!r}; articles are the file names in "
                           "seeds/ without .txt"))


def read_atlas(files: DataFiles) -> tuple[Atlas | None, list[Problem]]:
    """Read and validate every input.

    Returns the atlas of every record that passed (None when a whole file it
    cannot do without is unusable) and every problem found, so later checks can
    still run and a person sees all problems at once.
    """
    problems: list[Problem] = []
    article_paths = sorted(files.seeds.glob("*.txt"))
    articles = _read_articles(article_paths, files, problems)

    cities_doc = _read_yaml(files.cities, files, problems)
    cities = validate_list(City, cities_doc, "cities", problems)

    sites_doc = _read_yaml(files.sites, files, problems)
    categories = validate_list(Category, sites_doc, "categories", problems)
    sites = validate_list(Site, sites_doc, "sites", problems)

    corridor_doc = _read_yaml(files.corridor, files, problems)
    corridor = None
    if corridor_doc is not None and isinstance(corridor_doc.data, dict) \
            and "corridor" in corridor_doc.data:
        corridor = validate_record(Corridor, corridor_doc.data["corridor"], corridor_doc,
                                   ("corridor",), problems)
    elif corridor_doc is not None:
        problems.append(Problem(corridor_doc.shown_as, 1, "corridor",
                                "the file needs a top-level 'corridor:' mapping"))
    axes = validate_list(Axis, corridor_doc, "axes", problems)

    facts_doc = _read_yaml(files.facts, files, problems)
    facts = validate_list(Fact, facts_doc, "facts", problems)

    outline, outline_source = _read_outline(files.district_outline, files, problems)

    _check_places((*cities, *sites), problems)
    _check_unique([*cities, *sites, *([corridor] if corridor else [])], "place", problems)
    _check_unique(categories, "category", problems)
    _check_unique(axes, "axis", problems)
    _check_unique(facts, "fact", problems)
    _check_references(
        declared_ids(cities_doc, "cities") | declared_ids(sites_doc, "sites"),
        declared_ids(sites_doc, "categories"),
        {path.stem for path in article_paths},  # an article that failed to parse still exists
        sites, axes, facts, corridor, problems)
    if corridor is None or outline is None:
        return None, problems
    atlas = Atlas(tuple(cities), tuple(categories), tuple(sites), corridor, tuple(axes),
                  tuple(facts), tuple(articles), outline, outline_source)
    return atlas, problems
