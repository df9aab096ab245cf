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
from mapgen.errors import DataError, Problem, raise_if_any
from mapgen.geojson import feature_lines
from mapgen.model import (
    Atlas,
    Axis,
    Boundaries,
    Boundary,
    Category,
    City,
    Corridor,
    Fact,
    Origin,
    Place,
    Province,
    Record,
    Site,
)
from mapgen.textfile import MAX_FILE_BYTES, display_path, read_text
from mapgen.yamlfile import MAX_YAML_BYTES, Path_, YamlDocument, format_path, parse_yaml

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
    boundaries: Path
    layers: Path  # a folder: each CSV or GeoJSON in it is a site layer

    @classmethod
    def under(cls, root: Path | str) -> DataFiles:
        base = Path(root)
        geo = base / "geo"
        return cls(base, base / "seeds", geo / "cities.yaml", geo / "sites.yaml",
                   geo / "corridor.yaml", geo / "facts.yaml", geo / "boundaries.geojson",
                   geo / "layers")

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
        return parse_yaml(read_text(path, shown, MAX_YAML_BYTES), shown)
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


BOUNDARY_LEVELS = ("province", "city", "district")


def read_json(path: Path, shown: str, problems: list[Problem],
              limit: int = MAX_FILE_BYTES) -> tuple[Any, str]:
    """The parsed JSON and its text; (None, "") with the problem added when it cannot be read."""
    try:
        text = read_text(path, shown, limit)
        return json.loads(text), text
    except DataError as error:
        problems.extend(error.problems)
    except json.JSONDecodeError as exc:
        problems.append(Problem(shown, exc.lineno, "", f"not valid JSON: {exc.msg}"))
    return None, ""


def _boundary(item: Any, shown: str, line: int, field: str, problems: list[Problem]) -> Boundary | None:
    """One feature of the boundaries file, or None with its problems added."""
    from shapely.errors import ShapelyError  # geometry library only when there is geometry
    from shapely.geometry import shape

    properties = item.get("properties") if isinstance(item, dict) else None
    if not isinstance(properties, dict):
        problems.append(Problem(shown, line, field, "not a GeoJSON Feature with properties"))
        return None
    level: Any = properties.get("level")
    adcode: Any = properties.get("adcode")
    names = properties.get("name_en"), properties.get("name_zh")
    found = len(problems)
    if level not in BOUNDARY_LEVELS:
        problems.append(Problem(shown, line, f"{field}.properties.level",
                                f"{level!r} is not one of {', '.join(BOUNDARY_LEVELS)}"))
    if not isinstance(adcode, int) or isinstance(adcode, bool) or not 110000 <= adcode <= 829999:
        problems.append(Problem(shown, line, f"{field}.properties.adcode",
                                f"{adcode!r} is not a six-digit GB/T 2260 code"))
    if not all(isinstance(n, str) and n.strip() for n in names):
        problems.append(Problem(shown, line, f"{field}.properties", "needs name_en and name_zh"))
    try:
        geometry = shape(item["geometry"])
    except (KeyError, IndexError, TypeError, AttributeError, ValueError, ShapelyError):
        # shapely's and numpy's own words ("inhomogeneous shape after 2 dimensions") help no one.
        problems.append(Problem(shown, line, f"{field}.geometry", "not a GeoJSON geometry: missing, "
                                "or its coordinates do not fit its type"))
        return None
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or not geometry.is_valid:
        problems.append(Problem(shown, line, f"{field}.geometry",
                                "must be one valid Polygon or MultiPolygon"))
    elif not _lon_lat_in_china(geometry.bounds):
        problems.append(Problem(shown, line, f"{field}.geometry",
                                "coordinates are not longitude, latitude in China (WGS-84)"))
    if len(problems) > found:
        return None
    area = properties.get("source_area_km2")
    return Boundary(level, adcode, str(names[0]), str(names[1]), geometry,
                    float(area) if isinstance(area, int | float) else None, line)


def _lon_lat_in_china(bounds: tuple[float, float, float, float]) -> bool:
    west, south, east, north = bounds
    return 73 <= west <= east <= 136 and 3 <= south <= north <= 54


def _read_boundaries(path: Path, files: DataFiles, problems: list[Problem]) -> Boundaries | None:
    """The administrative areas that ``mapgen boundaries refresh`` wrote (WGS-84 GeoJSON)."""
    shown = files.shown(path)
    data, text = read_json(path, shown, problems)
    if data is None:
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        problems.append(Problem(shown, 1, "type", "must be a GeoJSON FeatureCollection"))
        return None
    lines = feature_lines(text)
    features = []
    for index, item in enumerate(data["features"]):
        line = lines[index] if index < len(lines) else 1
        boundary = _boundary(item, shown, line, f"features[{index}]", problems)
        if boundary is not None:
            features.append(boundary)
    if len(features) < len(data["features"]):
        return None  # its broken features are reported; "no area for adcode ..." would repeat them
    provenance = data.get("provenance")
    provenance = {str(k): str(v) for k, v in provenance.items()} if isinstance(provenance, dict) else {}
    return Boundaries(tuple(features), provenance, shown)


def _check_boundaries(boundaries: Boundaries, provinces: list[Province], cities: list[City],
                      sites: list[Site], problems: list[Problem]) -> None:
    """Every province, city and district in the YAML files has its area in the boundaries file."""
    hint = f"in {boundaries.shown_as}; run `mapgen boundaries refresh` after changing codes"
    wanted: list[tuple[Record, Any, int]] = [(p, "province", p.adcode) for p in provinces]
    wanted += [(c, "city", c.adcode) for c in cities]
    wanted += [(s, "district", s.adcode) for s in sites if s.adcode is not None]
    for record, level, adcode in wanted:
        if boundaries.find(level, adcode) is None:
            problems.append(record.origin.problem("adcode", f"no {level} area with adcode {adcode} {hint}"))
    province_codes = {p.name_en: p.adcode for p in provinces}
    for city in cities:
        expected = province_codes.get(city.province)
        if expected is None:
            problems.append(city.origin.problem("province", f"{city.province!r} is not in the "
                                                            "provinces: list"))
        elif city.adcode // 10000 != expected // 10000:
            problems.append(city.origin.problem(
                "adcode", f"{city.adcode} is not a code in {city.province} ({expected})"))


def _check_one_district(sites: list[Site], sites_doc: YamlDocument | None,
                        problems: list[Problem]) -> None:
    """Exactly one site is the district itself: the one that carries its adcode."""
    districts = [s for s in sites if s.adcode is not None]
    if sites_doc is None or len(districts) == 1:
        return
    message = f"exactly one site, the district itself, needs an adcode; found {len(districts)}"
    if districts:
        problems.append(districts[1].origin.problem("adcode", message))
    else:
        problems.append(Problem(sites_doc.shown_as, sites_doc.line_of(("sites",)), "sites", message))


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


def _check_references(place_ids: set[str] | None, category_ids: set[str] | None,
                      article_ids: set[str] | None, sites: list[Site], axes: list[Axis],
                      facts: list[Fact], corridor: Corridor | None, problems: list[Problem]) -> None:
    for site in sites:
        if _unknown(site.category, category_ids):
            problems.append(site.origin.problem(
                "category", f"unknown category {site.category!r}; known: {sorted(category_ids or ())}"))
    for axis in axes:
        for index, waypoint in enumerate(axis.waypoints):
            if waypoint.place is not None and _unknown(waypoint.place, place_ids):
                problems.append(axis.origin.problem(("waypoints", index, "place"),
                                                    f"unknown place {waypoint.place!r}"))
            if waypoint.lat is not None and waypoint.lon is not None:
                for field, message in coordinate_problems(waypoint.lat, waypoint.lon):
                    problems.append(axis.origin.problem(("waypoints", index, field), message))
    fact_places = (place_ids | {corridor.id}) if place_ids is not None and corridor else None
    for fact in facts:
        if _unknown(fact.place, fact_places):
            problems.append(fact.origin.problem("place", f"unknown place {fact.place!r}"))
        if _unknown(fact.article, article_ids):
            problems.append(fact.origin.problem(
                "article", f"unknown article {fact.article!r}; articles are the file names in "
                           "seeds/ without .txt"))


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
    return Divisions(tuple(records.provinces), tuple(records.cities),
                     tuple(s for s in records.sites if s.adcode is not None))


@dataclass(frozen=True)
class _DivisionRecords:
    cities_doc: YamlDocument | None
    sites_doc: YamlDocument | None
    provinces: list[Province]
    cities: list[City]
    sites: list[Site]


def _read_division_records(files: DataFiles, problems: list[Problem]) -> _DivisionRecords:
    """Provinces, cities and sites, with the documents they came from (for later checks)."""
    cities_doc = _read_yaml(files.cities, files, problems)
    provinces = validate_list(Province, cities_doc, "provinces", problems)
    cities = validate_list(City, cities_doc, "cities", problems)
    sites_doc = _read_yaml(files.sites, files, problems)
    sites = validate_list(Site, sites_doc, "sites", problems)
    _check_one_district(sites, sites_doc, problems)
    return _DivisionRecords(cities_doc, sites_doc, provinces, cities, sites)


def read_atlas(files: DataFiles) -> tuple[Atlas | None, list[Problem]]:
    """Read and validate every input.

    Returns the atlas of every record that passed (None when a whole file it
    cannot do without is unusable) and every problem found, so later checks can
    still run and a person sees all problems at once.
    """
    problems: list[Problem] = []
    article_paths = sorted(files.seeds.glob("*.txt"))
    articles = _read_articles(article_paths, files, problems)

    records = _read_division_records(files, problems)
    cities_doc, sites_doc = records.cities_doc, records.sites_doc
    provinces, cities, sites = records.provinces, records.cities, records.sites
    categories = validate_list(Category, sites_doc, "categories", problems)

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

    boundaries = _read_boundaries(files.boundaries, files, problems)
    if boundaries is not None:
        _check_boundaries(boundaries, provinces, cities, sites, problems)

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
        sites, axes, facts, corridor, problems)
    if corridor is None or boundaries is None:
        return None, problems
    atlas = Atlas(tuple(provinces), tuple(cities), tuple(categories), tuple(sites), corridor,
                  tuple(axes), tuple(facts), tuple(articles), boundaries)
    return atlas, problems
