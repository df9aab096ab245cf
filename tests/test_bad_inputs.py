"""A corpus of bad inputs: each is one named mistake in a copy of the real project.

Every case runs ``python -m mapgen build`` in its own process, with its address space
capped and a time limit, over a copy that already holds a good map. Each must end with
exit status 2, exactly the expected ``path:line: field: message`` lines and the
summary, no traceback, within the time limit, and the good map byte for byte as it was.

An expected line may name its line number by a piece of text on that line in the
mutated file: ``geo/cities.yaml:<lat: 95>: ...`` reads ``geo/cities.yaml:52: ...``.
Cases for a new input (a CSV layer given with ``--layer``) are one more ``case(...)``
line each, with ``args=(...)``. A case may hold its run to less CPU time than
``TIME_LIMIT`` (``cpu=``) and to a peak resident memory (``max_rss_mib=``).

Among them, inputs built to exhaust a reader rather than to be mistakes: YAML and JSON
nested tens of thousands of levels deep, FIFOs, devices and links that loop where a file
should be, a CSV header of 40,000 columns, and GeoJSON whose 20,000 features each carry
a property of their own.
"""

from __future__ import annotations

import json
import math
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, Project

Mutation = Callable[[Project], None]
Expected = str | re.Pattern[str]

MEMORY_LIMIT = 2 * 1024**3  # address space of each run; a bomb must fail, not swap
# Seconds each run may take beyond the interpreter's start-up, which is measured first as
# the time of `python -m mapgen --help` (about 0.8 s here, every module compiled) and added.
# Counted as the child's CPU time and enforced by the kernel (RLIMIT_CPU): other builds share this 2-core
# machine, and wall-clock time under their load varies two- to threefold, while CPU time
# stays what an idle machine's wall clock would show. HANG_SECONDS catches a run that
# waits instead of computing.
TIME_LIMIT = 2.0
HANG_SECONDS = 30.0
OUTPUT = "output/g60_corridor.html"


# --- Mutations: small functions that change one thing in the copy ----------------------


def replace(relative: str, old: str, new: str) -> Mutation:
    return lambda project: project.replace(relative, old, new)


def write(relative: str, text: str) -> Mutation:
    return lambda project: project.write(relative, text)


def write_bytes(relative: str, data: bytes) -> Mutation:
    return lambda project: project.write_bytes(relative, data)


def remove(relative: str) -> Mutation:
    return lambda project: project.path(relative).unlink()


def fifo(relative: str) -> Mutation:
    def apply(project: Project) -> None:
        project.path(relative).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(project.path(relative))

    return apply


def symlink(relative: str, target: str) -> Mutation:
    def apply(project: Project) -> None:
        project.path(relative).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, project.path(relative))

    return apply


def set_field(relative: str, record: str, field: str, value: str) -> Mutation:
    """Write ``field: value`` in the record ``id: record``, whatever the field held."""

    def apply(project: Project) -> None:
        text = project.read(relative)
        start = text.index(f"id: {record}\n")
        found = re.compile(rf"^( +{field}:).*$", re.MULTILINE).search(text, start)
        assert found is not None, f"no {field} after id: {record} in {relative}"
        project.write(relative, f"{text[: found.start()]}{found[1]} {value}{text[found.end() :]}")

    return apply


def both(*mutations: Mutation) -> Mutation:
    def apply(project: Project) -> None:
        for mutation in mutations:
            mutation(project)

    return apply


def truncate(relative: str, keep: float) -> Mutation:
    """Keep the first ``keep`` fraction of the file, as an interrupted copy would."""

    def apply(project: Project) -> None:
        data = project.path(relative).read_bytes()
        project.path(relative).write_bytes(data[: int(len(data) * keep)])

    return apply


def swap_coordinates(relative: str, line: int) -> Mutation:
    """Write every ``[x, y]`` pair on one line as ``[y, x]``."""

    def apply(project: Project) -> None:
        lines = project.read(relative).split("\n")
        lines[line - 1] = re.sub(r"\[(-?[\d.]+),(-?[\d.]+)\]", r"[\2,\1]", lines[line - 1])
        project.write(relative, "\n".join(lines))

    return apply


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Mutation
    expected: tuple[Expected, ...]
    args: tuple[str, ...] = ()  # more command-line arguments, e.g. ("--layer", "sites.csv")
    cpu: float = TIME_LIMIT  # CPU seconds beyond start-up
    max_rss_mib: int | None = None  # peak resident memory of the run


def case(
    name: str,
    mutate: Mutation,
    *expected: Expected,
    args: tuple[str, ...] = (),
    cpu: float = TIME_LIMIT,
    max_rss_mib: int | None = None,
) -> Case:
    return Case(name, mutate, expected, args, cpu, max_rss_mib)


ARTICLE = "seeds/000_7da6f8e916943f80.txt"
LAYER = "geo/layers/firms.csv"
LAYER_SETTINGS = "geo/layers/firms.yaml"
HEADER = " date 2024-02-19 Songjiang District is setting a new benchmark"
TWENTY_MB = 20 * 1024 * 1024
# The bounds of the cases built to exhaust a reader: each was minutes, gigabytes or a crash.
# 2.5 s of CPU beyond start-up: the data itself (districts and all) takes about 0.3 s of it,
# and a full run of the suite on two shared cores makes each case's CPU time vary by a
# second; a reader that regresses to what these cases were (minutes) still fails.
PATHOLOGICAL_CPU = 2.5
PATHOLOGICAL_RSS_MIB = 300
DEEP = 50_000
GOOD_LAYER = "name,lat,lon\nA,31.03,121.22\n"
WIDE_HEADER = ",".join(["lat", "lon", *(f"c{i}" for i in range(40_000))])
DISTINCT_KEYS = (
    '{"type": "FeatureCollection", "features": [\n'
    + ",\n".join(
        json.dumps(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [121.22, 31.03]},
                "properties": {f"k{i}": 1},
            },
            separators=(",", ":"),
        )
        for i in range(20_000)
    )
    + "\n]}\n"
)
BOMB = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))
ALIAS_BOMB = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + BOMB

CASES = [
    # YAML syntax
    case(
        "yaml unclosed flow list",
        replace("geo/cities.yaml", "aliases: [Hangzhou, 杭州, 杭州市]", "aliases: [Hangzhou, 杭州, 杭州市"),
        "geo/cities.yaml:<id: jinhua>: YAML syntax: expected ',' or ']', but got ':'",
    ),
    case(
        "yaml bad indentation",
        replace("geo/sites.yaml", "    name_zh: 九亭镇", "      name_zh: 九亭镇"),
        "geo/sites.yaml:<name_zh: 九亭镇>: YAML syntax: mapping values are not allowed here",
    ),
    case(
        "yaml tab indentation",
        replace("geo/corridor.yaml", "  name_zh: G60科创走廊\n", "\tname_zh: G60科创走廊\n"),
        "geo/corridor.yaml:<name_zh: G60科创走廊>: YAML syntax: found character '\\t' that cannot "
        "start any token",
    ),
    case(
        "yaml two documents",
        replace("geo/facts.yaml", "facts:\n", "---\nfacts:\n--- # more\n"),
        "geo/facts.yaml:<--- # more>: YAML syntax: but found another document",
    ),
    case(
        "yaml nested too deeply",
        write("geo/corridor.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n"),
        "geo/corridor.yaml:1: YAML nested more than 64 levels deep",
    ),
    case(
        "yaml flow nested 50,000 deep",
        replace(
            "geo/cities.yaml", "aliases: [Hangzhou, 杭州, 杭州市]", "aliases: " + "[" * DEEP + "]" * DEEP
        ),
        "geo/cities.yaml:<aliases: [[[>: YAML nested more than 64 levels deep",
        cpu=PATHOLOGICAL_CPU,
        max_rss_mib=PATHOLOGICAL_RSS_MIB,
    ),
    case(
        "yaml flow nested over lines",
        replace(  # cities (1), a city (2) and its fields (3): the flow sequences start at level 4
            "geo/cities.yaml",
            "aliases: [Hangzhou, 杭州, 杭州市]",
            "aliases: " + "".join(f"[ # level {level}\n" for level in range(4, 104)) + "]" * 100,
        ),
        "geo/cities.yaml:<# level 65>: YAML nested more than 64 levels deep",
        cpu=PATHOLOGICAL_CPU,
    ),
    case(
        "yaml block sequences nested 50,000 deep on one line",
        replace(
            "geo/cities.yaml", "aliases: [Hangzhou, 杭州, 杭州市]", "aliases:\n      " + "- " * DEEP + "x"
        ),
        "geo/cities.yaml:<- - - ->: YAML nested more than 64 levels deep",
        cpu=PATHOLOGICAL_CPU,
        max_rss_mib=PATHOLOGICAL_RSS_MIB,
    ),
    case(
        "yaml mappings nested by indentation",
        replace(
            "geo/cities.yaml",
            "aliases: [Hangzhou, 杭州, 杭州市]",
            "aliases:\n" + "".join(" " * (5 + i) + f"k{i}:\n" for i in range(100)),
        ),
        "geo/cities.yaml:<k61:>: YAML nested more than 64 levels deep",
        cpu=PATHOLOGICAL_CPU,
    ),
    case(
        "layer settings nested 30,000 deep",
        both(
            write(LAYER, GOOD_LAYER),
            write(LAYER_SETTINGS, "name: " + "{a: " * 30_000 + "1" + "}" * 30_000 + "\n"),
        ),
        f"{LAYER_SETTINGS}:1: YAML nested more than 64 levels deep",
        cpu=PATHOLOGICAL_CPU,
        max_rss_mib=PATHOLOGICAL_RSS_MIB,
    ),
    case(
        "layer settings block sequences nested 50,000 deep",
        both(write(LAYER, GOOD_LAYER), write(LAYER_SETTINGS, "name: x\ncolumns:\n" + "- " * DEEP + "name\n")),
        f"{LAYER_SETTINGS}:3: YAML nested more than 64 levels deep",
        cpu=PATHOLOGICAL_CPU,
        max_rss_mib=PATHOLOGICAL_RSS_MIB,
    ),
    case(
        "yaml duplicate key",
        replace(
            "geo/cities.yaml", "    role_note: Southern end", "    role_note: x\n    role_note: Southern end"
        ),
        "geo/cities.yaml:<role_note: Southern end>: key 'role_note' appears twice in this mapping",
    ),
    case(
        "yaml control character",
        replace("geo/sites.yaml", "label: Innovation hubs", "label: Innovation\x07hubs"),
        "geo/sites.yaml:<Innovation\x07hubs>: YAML syntax: special characters are not allowed (U+0007)",
    ),
    case(
        "yaml explicit tag on a wrong value",
        replace("geo/cities.yaml", "adcode: 330700", "adcode: !!int Jinhua"),
        "geo/cities.yaml:<!!int Jinhua>: 'Jinhua' is not a valid YAML int",
    ),
    # YAML that is not plain data
    case(
        "yaml python object tag",
        replace(
            "geo/facts.yaml",
            'as_of_text: "In November 2023"',
            "as_of_text: !!python/object/apply:os.system [touch pwned]",
        ),
        "geo/facts.yaml:<os.system>: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed",
    ),
    case(
        "yaml custom tag",
        replace("geo/sites.yaml", "label: Innovation hubs", "label: !include labels.yaml"),
        "geo/sites.yaml:<!include>: YAML tag '!include' is not allowed",
    ),
    case(
        "yaml alias bomb",
        write("geo/corridor.yaml", ALIAS_BOMB),
        "geo/corridor.yaml:<l0: &l0>: YAML aliases (*name) are not allowed in data files",
    ),
    case(
        "yaml merge key",
        replace("geo/cities.yaml", "  - id: wuhu\n", "  - id: wuhu\n    <<: {lat: 1}\n"),
        "geo/cities.yaml:<<<:>: YAML merge keys (<<) are not allowed",
    ),
    # Empty and missing files, wrong shapes
    case(
        "empty yaml file",
        write("geo/facts.yaml", ""),
        "geo/facts.yaml: facts: the file needs a top-level 'facts:' list",
    ),
    case(
        "yaml file only comments",
        write("geo/corridor.yaml", "# nothing yet\n"),
        "geo/corridor.yaml: axes: the file needs a top-level 'axes:' list",
        "geo/corridor.yaml:1: corridor: the file needs a top-level 'corridor:' mapping",
    ),
    case(
        "facts is a mapping, not a list",
        replace("geo/facts.yaml", "facts:\n", "facts: {}\nold:\n"),
        "geo/facts.yaml:<facts: {}>: facts: must be a list",
    ),
    case("missing sites file", remove("geo/sites.yaml"), "geo/sites.yaml: file not found"),
    case(
        "no articles",
        both(remove(ARTICLE), remove("seeds/001_5c34163c4dee47d7.txt")),
        "seeds: no articles (*.txt) found",
    ),
    # Wrong types and missing fields
    case(
        "latitude is text",
        set_field("geo/cities.yaml", "jinhua", "lat", "north"),
        "geo/cities.yaml:<lat: north>: cities[3].lat: Input should be a valid number",
    ),
    # YAML 1.2: plain scalars that YAML 1.1 read as numbers or booleans are text
    case(
        "latitude in degrees, minutes and seconds",
        set_field("geo/cities.yaml", "jinhua", "lat", "29:04:45"),
        "geo/cities.yaml:<lat: 29:04:45>: cities[3].lat: Input should be a valid number",
    ),
    case(
        "longitude with an underscore",
        set_field("geo/cities.yaml", "jinhua", "lon", "11_9.6474"),
        "geo/cities.yaml:<lon: 11_9.6474>: cities[3].lon: Input should be a valid number",
    ),
    case(
        "radius with a thousands underscore",
        set_field("geo/cities.yaml", "jinhua", "radius_m", "1_500"),
        "geo/cities.yaml:<radius_m: 1_500>: cities[3].radius_m: Input should be a valid integer",
    ),
    case(
        "boolean is not yes or no",
        replace("geo/corridor.yaml", "schematic: true\n    note: Joins", "schematic: maybe\n    note: Joins"),
        "geo/corridor.yaml:<schematic: maybe>: axes[1].schematic: Input should be a valid boolean",
    ),
    case(
        "boolean written yes",
        replace("geo/corridor.yaml", "schematic: true\n    note: Joins", "schematic: yes\n    note: Joins"),
        "geo/corridor.yaml:<schematic: yes>: axes[1].schematic: Input should be a valid boolean",
    ),
    case(
        "values is a number",
        replace(
            "geo/facts.yaml",
            "    values:\n      - number: 1633\n        unit: large-scale industrial enterprises\n"
            "        unit_zh: 家规模以上工业企业\n",
            "    values: 1633\n",
        ),
        "geo/facts.yaml:<values: 1633>: facts[0].values: Input should be a valid tuple",
    ),
    case(
        "id with capitals",
        replace("geo/sites.yaml", "id: jiuting_town", "id: Jiuting Town"),
        "geo/corridor.yaml:<place: jiuting_town>: axes[0].waypoints[2].place: unknown place 'jiuting_town'",
        "geo/sites.yaml:<id: Jiuting Town>: sites[6].id: String should match pattern "
        "'^[a-z0-9][a-z0-9_]{0,63}$'",
    ),
    case(
        "missing required field",
        replace("geo/cities.yaml", "    name_zh: 金华\n", ""),
        "geo/cities.yaml:<id: jinhua>: cities[3].name_zh: Field required",
    ),
    case(
        "misspelt field",
        replace("geo/cities.yaml", "    role_note: Southern end", "    role_notes: Southern end"),
        "geo/cities.yaml:<id: jinhua>: cities[3].role_note: Field required",
        "geo/cities.yaml:<role_notes:>: cities[3].role_notes: unknown field (a typo?)",
    ),
    case(
        "approximate without radius",
        replace("geo/sites.yaml", "    radius_m: 1500\n    aliases: [Jiuting", "    aliases: [Jiuting"),
        "geo/sites.yaml:<id: jiuting_town>: sites[6]: an approximate location needs radius_m (metres)",
    ),
    case(
        "negative radius",
        replace("geo/cities.yaml", "radius_m: 500", "radius_m: -500"),
        "geo/cities.yaml:<radius_m: -500>: cities[0].radius_m: Input should be greater than 0",
    ),
    # Duplicate ids and unknown references
    case(
        "duplicate city id",
        replace("geo/cities.yaml", "id: wuhu", "id: hefei"),
        "geo/cities.yaml:<id: hefei\n    name_en: Hefei>: cities[8].id: duplicate place id 'hefei'; "
        "first used at geo/cities.yaml:<id: hefei>",
        # The city that was wuhu is gone, so are its references: true, not a cascade.
        "geo/corridor.yaml:<place: wuhu>: axes[1].waypoints[5].place: unknown place 'wuhu'",
        "geo/facts.yaml:<place: wuhu>: facts[33].place: unknown place 'wuhu'",
    ),
    case(
        "duplicate fact id",
        replace(
            "geo/facts.yaml", "id: hexagon_center_established", "id: innovation_eye_first_standalone_client"
        ),
        "geo/facts.yaml:<innovation_eye_first_standalone_client\n    place: hexagon>: facts[4].id: "
        "duplicate fact id "
        "'innovation_eye_first_standalone_client'; first used at geo/facts.yaml:<id: innovation_eye>",
    ),
    case(
        "fact about an unknown place",
        replace("geo/facts.yaml", "place: hexagon_center", "place: hexagon"),
        "geo/facts.yaml:<place: hexagon>: facts[4].place: unknown place 'hexagon'",
    ),
    case(
        "fact from an unknown article",
        replace(
            "geo/facts.yaml",
            'article: 000_7da6f8e916943f80\n    quote: "In July',
            'article: 000_7da6f8e9\n    quote: "In July',
        ),
        "geo/facts.yaml:<article: 000_7da6f8e9\n>: facts[4].article: unknown article '000_7da6f8e9'; "
        "articles are the file names in seeds/ without .txt",
    ),
    case(
        "site in an unknown category",
        replace("geo/sites.yaml", "category: industrial", "category: factories"),
        "geo/sites.yaml:<category: factories>: sites[4].category: unknown category 'factories'; known: "
        "['district', 'industrial', 'innovation_hub', 'science_park']",
    ),
    # Coordinates
    case(
        "latitude NaN",
        set_field("geo/cities.yaml", "jinhua", "lat", ".nan"),
        "geo/cities.yaml:<lat: .nan>: cities[3].lat: Input should be a finite number",
    ),
    case(
        "longitude infinite",
        replace("geo/sites.yaml", "lon: 121.3240", "lon: .inf"),
        "geo/sites.yaml:<lon: .inf>: sites[6].lon: Input should be a finite number",
    ),
    case(
        "latitude and longitude swapped",
        both(
            set_field("geo/cities.yaml", "jinhua", "lat", "119.6474"),
            set_field("geo/cities.yaml", "jinhua", "lon", "29.0792"),
        ),
        "geo/cities.yaml:<lat: 119.6474>: cities[3].lat: must be between -90 and 90, got 119.6474; "
        "lat and lon look swapped: (29.0792, 119.6474) is in China",
    ),
    case(
        "waypoint out of range",
        replace("geo/corridor.yaml", "lat: 29.7200", "lat: 97.2"),
        "geo/corridor.yaml:<lat: 97.2>: axes[0].waypoints[11].lat: must be between -90 and 90, got 97.2",
    ),
    case(
        "site outside Songjiang",
        replace("geo/sites.yaml", "lat: 31.1230\n    lon: 121.3240", "lat: 31.2304\n    lon: 121.4737"),
        re.compile(
            r"geo/sites.yaml:<lat: 31.2304>: sites\[6\]\.lat: jiuting_town \(31\.2304, 121\.4737\) "
            r"lies \d+\.\d km outside the area of Songjiang District 松江区 \(district 310117\) in "
            r"geo/boundaries\.geojson"
        ),
    ),
    # Dates
    case(
        "fact date that does not exist",
        replace("geo/facts.yaml", 'as_of: "2023-11"', 'as_of: "2023-02-30"'),
        "geo/facts.yaml:<2023-02-30>: facts[3].as_of: '2023-02-30' is not a date that exists",
    ),
    case(
        "fact date unquoted month 13",
        replace("geo/facts.yaml", 'as_of: "2023-11"', "as_of: 2023-13"),
        "geo/facts.yaml:<2023-13>: facts[3].as_of: '2023-13': there is no month 13",
    ),
    case(
        "article date that does not exist",
        replace(ARTICLE, "date 2024-02-19", "date 2023-02-30"),
        f"{ARTICLE}:1: date: '2023-02-30' is not a real date in the form YYYY-MM-DD",
    ),
    # Facts against their articles
    case(
        "quote not in its article",
        replace("geo/facts.yaml", "with 1,633 companies", "with 1,634 companies"),
        re.compile(r"geo/facts.yaml:<1,634 companies>: facts\[0\]\.quote: .*not found in .*"),
        re.compile(
            r"geo/facts.yaml:<number: 1633>: facts\[0\]\.values\[0\]\.number: 1633 does not "
            r"appear in the quote"
        ),
    ),
    case(
        "number not in its quote",
        replace("geo/facts.yaml", "number: 1633", "number: 1636"),
        "geo/facts.yaml:<number: 1636>: facts[0].values[0].number: 1636 does not appear in the quote",
    ),
    # Articles
    case(
        "article without header",
        replace(ARTICLE, HEADER, "Songjiang District is setting"),
        f"{ARTICLE}:1: header: no header; the first line must be ' date YYYY-MM-DD Title'",
    ),
    case(
        "empty article",
        write(ARTICLE, ""),
        f"{ARTICLE}:1: header: empty article; the first line must be ' date YYYY-MM-DD Title'",
    ),
    case(
        "article without paragraphs",
        write(ARTICLE, HEADER + "\n\n\n"),
        f"{ARTICLE}:1: body: the article has no paragraphs",
    ),
    case(
        "article in GBK, not UTF-8",
        write_bytes(ARTICLE, f"{HEADER}\n\n松江区。\n".encode("gbk")),
        f"{ARTICLE}:3: not UTF-8 text (byte 0xcb at offset 64)",
    ),
    case(
        "article with a NUL byte",
        write_bytes(ARTICLE, f"{HEADER}\n\nSong\x00jiang\n".encode()),
        f"{ARTICLE}:3: contains a NUL character; is it a binary file?",
    ),
    case(
        "article is a directory",
        lambda project: project.path("seeds/extra.txt").mkdir(),
        "seeds/extra.txt: is a directory, not a file",
    ),
    case(
        "article is a FIFO",
        fifo("seeds/zz_pipe.txt"),
        "seeds/zz_pipe.txt: is not a regular file (a FIFO or a device?)",
        cpu=PATHOLOGICAL_CPU,
    ),
    case(
        "article is a symbolic link that loops",
        symlink("seeds/loop.txt", "loop.txt"),
        "seeds/loop.txt: is a symbolic link that loops",
        cpu=PATHOLOGICAL_CPU,
    ),
    # Files far too large
    case(
        "facts file of 20 MB",
        write("geo/facts.yaml", "facts:\n" + "#" * TWENTY_MB),
        "geo/facts.yaml: file is 20,971,527 bytes; the limit is 262,144",
    ),
    case(
        "facts file of 1 MB, valid YAML",
        write("geo/facts.yaml", "facts:\n" + "- {id: x}\n" * 100_000),
        "geo/facts.yaml: file is 1,000,007 bytes; the limit is 262,144",
    ),
    case(
        "article of 20 MB",
        write(ARTICLE, HEADER + "\n\n" + "Songjiang. " * (TWENTY_MB // 11)),
        f"{ARTICLE}: file is 20,971,575 bytes; the limit is 262,144",
    ),
    case(
        "article of 1 MB",
        write(ARTICLE, HEADER + "\n\n" + "Songjiang grows.\n\n" * 60_000),
        f"{ARTICLE}: file is 1,080,064 bytes; the limit is 262,144",
    ),
    # The boundaries GeoJSON
    case(
        "boundaries cut short",
        truncate("geo/boundaries.geojson", 0.5),
        "geo/boundaries.geojson:16: not valid JSON: Expecting ',' delimiter",
    ),
    case(
        "boundaries not a FeatureCollection",
        write("geo/boundaries.geojson", "[]\n"),
        "geo/boundaries.geojson:1: type: must be a GeoJSON FeatureCollection",
    ),
    case(
        "boundaries geometry not a polygon",
        replace("geo/boundaries.geojson", '"geometry":{"type":"MultiPolygon"', '"geometry":{"type":"Point"'),
        "geo/boundaries.geojson:4: features[0].geometry: not a GeoJSON geometry: missing, or its "
        "coordinates do not fit its type",
    ),
    case(
        "boundaries NaN coordinate",
        replace("geo/boundaries.geojson", "[[[[121.422197,", "[[[[NaN,"),
        "geo/boundaries.geojson:4: features[0].geometry: not a GeoJSON geometry: missing, or its "
        "coordinates do not fit its type",
    ),
    case(
        "boundaries latitude first",
        swap_coordinates("geo/boundaries.geojson", line=4),
        "geo/boundaries.geojson:4: features[0].geometry: coordinates are not longitude, latitude in "
        "China (WGS-84)",
    ),
    case(
        "boundaries nested 1,000 deep",
        write(
            "geo/boundaries.geojson",
            '{"type": "FeatureCollection",\n"features": ' + "[" * 1000 + "]" * 1000 + "}\n",
        ),
        "geo/boundaries.geojson:2: JSON nested more than 64 levels deep",
        cpu=PATHOLOGICAL_CPU,
    ),
    case(
        "boundaries nested deep inside a string and then for real",
        replace(
            "geo/boundaries.geojson",
            '"level":"district"',
            '"level":"' + "[" * 100 + '",\n"x":' + "[" * 100 + "]" * 100 + ',\n"level":"district"',
        ),
        'geo/boundaries.geojson:<"x":>: JSON nested more than 64 levels deep',
        cpu=PATHOLOGICAL_CPU,
    ),
    case(
        "boundaries adcode missing",
        replace(
            "geo/boundaries.geojson",
            '"level":"district","adcode":310117',
            '"level":"district","adcode":310118',
        ),
        "geo/sites.yaml:<adcode: 310117>: sites[0].adcode: no district area with adcode 310117 in "
        "geo/boundaries.geojson; run `mapgen boundaries refresh` after changing codes",
    ),
    # Site layers: spreadsheets in geo/layers/ and files given with --layer
    case(
        "csv quote never closed",
        write(LAYER, 'name,lat,lon\nA,31.1,121.3\n"Open,31.0,121.2\nB,31,121\n'),
        f"{LAYER}:3: broken CSV quoting: a quoted cell starts in this row and never closes",
    ),
    case(
        "csv text after a closing quote",
        write(LAYER, 'name,lat,lon\nA,"31.0"x,121.2\n'),
        f"{LAYER}:2: broken CSV quoting: ',' expected after '\"'",
    ),
    case(
        "csv without coordinate columns",
        write(LAYER, "name,x,y\nA,31,121\n"),
        f"{LAYER}:1: no latitude column; name one of lat, latitude, 纬度 (found: name, x, y)",
    ),
    case(
        "csv duplicate column",
        write(LAYER, "name,lat,lon,name\nA,31,121,B\n"),
        f"{LAYER}:1: name: two columns have this name",
    ),
    case(
        "csv with no usable row",
        write(LAYER, "name,lat,lon\nA,north,east\nB,95,121\n"),
        f"{LAYER}: no row has a usable point (2 skipped); the layer would be empty",
        f"{LAYER}:2: lat: is not a number: 'north'; row skipped",
        f"{LAYER}:3: lat: must be between -90 and 90, got 95.0; row skipped",
    ),
    case(
        "csv in neither UTF-8 nor GB18030",
        write_bytes(LAYER, "名称,纬度,经度\n松江,31.03,121.22\n".encode("gbk") + b"\xff,31,121\n"),
        f"{LAYER}:3: neither UTF-8 nor GB18030 text (byte 0xff at offset 33); in Excel, save it as "
        f"'CSV UTF-8 (Comma delimited)', or name its encoding under 'encoding:' in {LAYER_SETTINGS}",
    ),
    case(
        "csv given with --layer is missing",
        lambda project: None,
        "missing.csv: file not found",
        args=("--layer", "missing.csv"),
    ),
    case(
        "layer settings name a missing column",
        both(write(LAYER, "name,lat,lon\nA,31.03,121.22\n"), write(LAYER_SETTINGS, "category: Kind\n")),
        f"{LAYER_SETTINGS}:1: category: no column 'Kind' in the layer (columns: name)",
    ),
    case(
        "layer settings with a python tag",
        both(
            write(LAYER, "name,lat,lon\nA,31.03,121.22\n"),
            write(LAYER_SETTINGS, "name: !!python/object/apply:os.system ['touch pwned']\n"),
        ),
        re.compile(rf"{LAYER_SETTINGS}:1: YAML tag .*python/object/apply:os\.system.* is not allowed"),
    ),
    case(
        "geojson layer not a collection",
        write("geo/layers/parks.geojson", '{"type": "Point"}\n'),
        "geo/layers/parks.geojson:1: type: must be a GeoJSON FeatureCollection",
    ),
    case(
        "geojson layer nested 1,000 deep",
        write(
            "geo/layers/deep.geojson",
            '{"type": "FeatureCollection",\n "features": [' + "[" * 999 + "]" * 1000 + "}\n",
        ),
        "geo/layers/deep.geojson:2: JSON nested more than 64 levels deep",
        cpu=PATHOLOGICAL_CPU,
    ),
    case(
        "layer is a FIFO",
        fifo("geo/layers/pipe.csv"),
        "geo/layers/pipe.csv: is not a regular file (a FIFO or a device?)",
        cpu=PATHOLOGICAL_CPU,
    ),
    case(
        "layer given with --layer is a FIFO",
        fifo("pipe.csv"),
        "pipe.csv: is not a regular file (a FIFO or a device?)",
        args=("--layer", "pipe.csv"),
        cpu=PATHOLOGICAL_CPU,
    ),
    case(
        "layer is a link to /dev/zero",
        symlink("geo/layers/zero.csv", "/dev/zero"),
        "geo/layers/zero.csv: is not a regular file (a FIFO or a device?)",
        cpu=PATHOLOGICAL_CPU,
        max_rss_mib=PATHOLOGICAL_RSS_MIB,
    ),
    case(
        "layer settings are a FIFO",
        both(write(LAYER, GOOD_LAYER), fifo(LAYER_SETTINGS)),
        f"{LAYER_SETTINGS}: is not a regular file (a FIFO or a device?)",
        cpu=PATHOLOGICAL_CPU,
    ),
    case(
        "csv header of 40,000 columns",
        write(LAYER, WIDE_HEADER + "\n" + ",".join(["31.03", "121.22", *["v"] * 40_000]) + "\n"),
        f"{LAYER}:1: 40,000 columns besides latitude and longitude; a layer's popups show at most 200: "
        f"list the ones to show under 'columns:' in {LAYER_SETTINGS}",
        cpu=PATHOLOGICAL_CPU,
        max_rss_mib=PATHOLOGICAL_RSS_MIB,
    ),
    case(
        "csv header of 40,000 columns, none with a coordinate",
        write(LAYER, WIDE_HEADER.replace("lat,lon,", "") + "\n"),
        f"{LAYER}:1: no latitude column; name one of lat, latitude, 纬度 (found: "
        + ", ".join(f"c{i}" for i in range(20))
        + " and 39,980 more)",
        cpu=PATHOLOGICAL_CPU,
    ),
    case(
        "geojson layer of 20,000 features with a property each",
        write("geo/layers/keys.geojson", DISTINCT_KEYS),
        'geo/layers/keys.geojson:<"k200":>: 20,000 columns besides latitude and longitude; a layer\'s popups '
        "show at most 200: list the ones to show under 'columns:' in geo/layers/keys.yaml",
        cpu=PATHOLOGICAL_CPU,
        max_rss_mib=PATHOLOGICAL_RSS_MIB,
    ),
]

# --- Running the cases ----------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    returncode: int  # negative: killed by that signal (SIGXCPU at the CPU limit)
    stdout: str
    stderr: str
    cpu_seconds: float
    max_rss_mib: float  # the child's peak resident memory


# `python -m mapgen ARGS` that writes its peak resident memory (VmHWM, kB) to a file on exit.
REPORT_PEAK = """\
import os, runpy, sys
path, end = sys.argv[1], os._exit
def report_then_end(code):  # mapgen ends with os._exit, which skips atexit
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            open(path, "w").write(line.split()[1])
    end(code)
os._exit = report_then_end
sys.argv = ["mapgen", *sys.argv[2:]]
runpy.run_module("mapgen", run_name="__main__", alter_sys=True)
"""


def run_mapgen(args: list[str], cpu_limit: float = 60.0, cwd: Path = REPO) -> Run:
    """Run ``python -m mapgen ARGS`` in a process of its own with capped memory and CPU time."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        seconds = math.ceil(cpu_limit)  # the kernel counts whole seconds; the test is exact
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))

    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        peak = Path(tmp) / "peak"
        process = subprocess.Popen(
            [sys.executable, "-c", REPORT_PEAK, str(peak), *args],
            cwd=cwd,
            stdout=out,
            stderr=err,
            preexec_fn=limits,
        )
        watchdog = threading.Timer(HANG_SECONDS, process.kill)  # blocked, not computing
        watchdog.start()
        _, status, usage = os.wait4(process.pid, 0)  # wait4: this child's own CPU time
        watchdog.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # The child's own high-water mark, as it wrote it: ru_maxrss would count the pages of
        # this (large, by then) test process that the child had for a moment after the fork.
        written = peak.read_text() if peak.exists() else ""
        peak_kib = int(written) if written.isdigit() else usage.ru_maxrss  # killed: the kernel's
        return Run(
            process.returncode,
            out.read().decode(),
            err.read().decode(),
            usage.ru_utime + usage.ru_stime,
            peak_kib / 1024,  # Linux counts kB
        )


@dataclass(frozen=True)
class Outcome:
    run: Run
    output_unchanged: bool
    files_added: list[str]


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def run_case(bad: Case, root: Path, good_page: bytes, cpu_limit: float) -> tuple[Project, Outcome]:
    project = Project(root)
    project.path(OUTPUT).parent.mkdir()
    project.path(OUTPUT).write_bytes(good_page)
    bad.mutate(project)
    before = _files(root)
    # Run inside the copy, so a file that a YAML tag managed to create would be seen.
    run = run_mapgen(["build", "--root", ".", *bad.args], cpu_limit, cwd=root)
    return project, Outcome(
        run, project.path(OUTPUT).read_bytes() == good_page, sorted(_files(root) - before)
    )


@pytest.fixture(scope="module")
def start_up(tmp_path_factory: pytest.TempPathFactory) -> float:
    """CPU seconds the interpreter needs to start mapgen at all (``--help``); added to the limit.

    A build with a small layer runs first, so that every module a case may load is compiled
    already (on a fresh clone the first import of a module pays for compiling it).
    """
    warm = Project(tmp_path_factory.mktemp("warm"))
    warm.write(LAYER, GOOD_LAYER)
    built = run_mapgen(["build", "--root", str(warm.root)])
    assert built.returncode == 0, built.stderr
    run = run_mapgen(["--help"])
    assert run.returncode == 0, run.stderr
    return run.cpu_seconds


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory, start_up: float) -> dict[str, tuple[Project, Outcome]]:
    """Every case, run two at a time (one per core) so the corpus stays quick."""
    good = Project(tmp_path_factory.mktemp("good"))
    run = run_mapgen(["build", "--root", str(good.root)])
    assert run.returncode == 0, run.stderr
    good_page = good.path(OUTPUT).read_bytes()
    base = tmp_path_factory.mktemp("bad")
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = {
            bad.name: pool.submit(run_case, bad, base / f"case{index}", good_page, bad.cpu + start_up)
            for index, bad in enumerate(CASES)
        }
        return {name: future.result() for name, future in futures.items()}


_PLACEHOLDER = re.compile(r"(?P<path>[\w./-]+):<(?P<needle>.+?)>(?=:|$)", re.DOTALL)


def resolve(expected: Expected, project: Project) -> Expected:
    """``path:<text>`` -> ``path:N``, N being the line of the first occurrence of ``text``."""

    def line_of(match: re.Match[str]) -> str:
        text = project.read(match["path"])
        assert match["needle"] in text, f"{match['needle']!r} not in {match['path']}"
        number = text[: text.index(match["needle"])].count("\n") + 1
        return f"{match['path']}:{number}"

    if isinstance(expected, str):
        return _PLACEHOLDER.sub(line_of, expected)
    return re.compile(_PLACEHOLDER.sub(lambda m: re.escape(line_of(m)), expected.pattern))


def test_the_corpus_covers_the_promised_kinds_of_mistake() -> None:
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("bad", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_clearly_and_keeps_the_last_map(
    bad: Case, outcomes: dict[str, tuple[Project, Outcome]], start_up: float
) -> None:
    project, outcome = outcomes[bad.name]
    run = outcome.run
    assert run.cpu_seconds <= bad.cpu + start_up, (
        f"took {run.cpu_seconds:.2f} s; the limit is {bad.cpu} s plus {start_up:.2f} s start-up"
    )
    if bad.max_rss_mib is not None:
        assert run.max_rss_mib <= bad.max_rss_mib, f"peaked at {run.max_rss_mib:.0f} MiB"
    lines = run.stderr.splitlines()
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert run.returncode == 2, run.stderr
    assert run.stdout == ""
    count = len(bad.expected)
    assert lines[-1] == f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", lines
    assert len(lines) == count + 1, lines
    for wanted, line in zip([resolve(e, project) for e in bad.expected], lines, strict=False):
        if isinstance(wanted, str):
            assert line == wanted
        else:
            assert wanted.fullmatch(line), f"{line!r} does not match {wanted.pattern!r}"
    assert outcome.output_unchanged, "the last good map was changed"
    assert outcome.files_added == [], "a failed build left files behind"
