"""Placing a row by its address: the district of the corridor that a Chinese address
names, and a point inside that district.

A layer's row without coordinates but with an address (``上海市松江区广富林路``,
``杭州上城``, ``江苏省苏州市昆山市玉山镇``) is placed in the district (区, 县, 县级市) of
the nine cities that the address begins with, at the district's pole of inaccessibility
(the centre of the largest circle inside it: inside, however odd the shape), marked
approximate within the radius of a circle of the district's area.

How an address is read: from its start, name after name, as Chinese addresses are
written, largest first. At each place the longest name of a province, city or corridor
district is taken, with or without its suffix (``松江区`` or ``松江``, ``杭州市`` or
``杭州``); spaces, punctuation, a postcode and ``中国`` between them are passed over. The
first district ends the reading; the names before it must contain it, so ``杭州市西湖区``
is Hangzhou's, a district named in two cities needs its city, and ``舟山市普陀区`` is no
district of Shanghai's. Anything else at the start (``苏州工业园区``, a company's name)
places nothing: the row is skipped and says why, never put in a district by a guess.
A short name followed by a road word (``嘉定路``, ``昆山中路``) is a street, not a place.

The names are those of ``geo/boundaries.geojson``: its provinces, cities and districts,
and (``division_names``) every other province and prefecture-level city of China and
every district elsewhere that has a corridor district's name (Nanchang's 西湖区), so the
codes always agree with the areas on the map. (The cpca
package, 0.5.5, was considered: of the nine cities' districts its table lacks 8 as they
are now, such as Hangzhou's 临安区, 临平区 and 钱塘区, Wuhu's 湾沚区 and Xuancheng's
广德市, and has 9 that are gone or renumbered, such as 下城区, 江干区 and 芜湖县.)

Reading an address costs at most a few dictionary look-ups per character of its first
:data:`ADDRESS_CHARS` characters, whatever the cell holds; the names are gathered once.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from mapgen.model import Boundaries, Boundary, DistrictPlacement

# An address names its district within its first characters; the rest is street and house.
ADDRESS_CHARS = 120
# Longest first: the suffix a short name drops (广西壮族自治区 -> 广西, 神农架林区 -> 神农架).
NAME_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "新区",
    "林区",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "盟",
)
# Passed over between the names of an address.
NOISE_WORDS = ("中华人民共和国", "中国")
# After a short name, these make it a street or a bridge named after the place.
ROAD_WORDS = (*"路街道巷弄号桥", "大街", "公路", "东路", "西路", "南路", "北路", "中路")

Level = Literal["province", "city", "district"]


@dataclass(frozen=True)
class Named:
    """What a name in an address may stand for: one division, in the corridor or not."""

    level: Level
    adcode: int
    name: str  # the division's full Chinese name, as a message writes it
    corridor: bool
    short: bool  # the name without its suffix: a street may be named so too

    def contains(self, adcode: int) -> bool:
        """Whether the district ``adcode`` lies in this division (GB/T 2260 prefixes).

        >>> Named("city", 310000, "上海市", True, False).contains(310117)
        True
        >>> Named("city", 330100, "杭州市", True, False).contains(330400 + 2)
        False
        """
        if self.level == "district":
            return adcode == self.adcode
        scale = 10_000 if self.level == "province" or self.adcode % 10_000 == 0 else 100
        return adcode // scale == self.adcode // scale


def short_name(name: str) -> str | None:
    """A division's name without its suffix, when two characters or more are left.

    >>> short_name("松江区"), short_name("浦东新区"), short_name("广西壮族自治区"), short_name("泾县")
    ('松江', '浦东', '广西', None)
    >>> short_name("延边朝鲜族自治州"), short_name("白沙黎族自治县")
    (None, None)
    """
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            # An autonomous county or prefecture has no short form made by dropping a suffix.
            return None if "自治" in stem else stem
    return None


@dataclass(frozen=True)
class Placement:
    """Where an address puts a row: its district, and the point inside it (WGS-84)."""

    district: DistrictPlacement
    lon: float
    lat: float


@dataclass
class AddressBook:
    """The names an address may begin with, and where each corridor district puts a row.

    Made once per build from the boundaries; reading an address is then a walk along its
    first characters with dictionary look-ups.
    """

    boundaries: Boundaries
    names: dict[str, tuple[Named, ...]]
    city_of: dict[int, str]  # a district's code -> its city's Chinese name
    longest: int
    _placements: dict[int, Placement] = field(default_factory=dict)

    @classmethod
    def of(cls, boundaries: Boundaries) -> AddressBook:
        """The names of the corridor's provinces, cities and districts, and of the rest of China."""
        corridor: list[Named] = []
        city_of: dict[int, str] = {}
        for area in boundaries.features:
            if area.level != "district":
                corridor.append(Named(area.level, area.adcode, _full_name(area), True, False))
        for city in boundaries.at_level("city"):
            for district in boundaries.districts_in(city.adcode):
                corridor.append(Named("district", district.adcode, district.name_zh, True, False))
                city_of[district.adcode] = _full_name(city)
        codes = {(n.level, n.adcode) for n in corridor}
        others: list[Named] = []
        for code, name in boundaries.division_names:
            level = division_level(code)
            # A municipality's city is listed as 310100; the map's city of Shanghai is 310000.
            municipal = level == "city" and code % 10_000 == 100 and ("city", code - 100) in codes
            own = code - 100 if municipal else code
            (corridor if (level, own) in codes else others).append(Named(level, own, name, False, False))
        divisions = {n.adcode: n.name for n in others if n.level != "district"}
        for named in others:
            if named.level == "district":
                code = named.adcode
                home = divisions.get(code // 100 * 100) or divisions.get(code // 10_000 * 10_000)
                city_of[code] = home or "?"
        names = _name_table(corridor, others)
        return cls(boundaries, names, city_of, max(map(len, names), default=1))

    def place(self, address: str) -> Placement | str:
        """Where ``address`` puts a row, or why it puts it nowhere (for the skipped row).

        >>> book = AddressBook.of(_example_boundaries())
        >>> book.place("上海市松江区广富林路").district.name_zh, book.place("松江九亭镇").district.adcode
        ('松江区', 310117)
        >>> book.place("上海市浦东新区")
        "names 上海市 but no district of the corridor's nine cities"
        >>> book.place("杭州市上城区")
        "杭州市 is outside the corridor's nine cities"
        """
        district = self.district_of(address)
        return self.placement(district) if isinstance(district, int) else district

    def district_of(self, address: str) -> int | str:
        """The code of the corridor district ``address`` names, or why it names none."""
        found = self.reading(address)
        if not found:
            return f"names no district of the corridor's nine cities: {_quoted(address)}"
        *context, (last, named) = found
        outside = next(((text, n) for text, n in found if not any(x.corridor for x in n)), None)
        if outside is not None:
            return f"{outside[1][0].name} is outside the corridor's nine cities"
        districts = [n for n in named if n.level == "district"]
        if not districts:
            shown = "".join(text for text, _ in found)
            return f"names {shown} but no district of the corridor's nine cities"
        inside = [d for d in districts if all(_holds(c, d.adcode) for _, c in context)]
        if not inside:
            # The name before it that leaves no district of this name: the city, else the province.
            where = next(
                (c for _, c in reversed(context) if not any(_holds(c, d.adcode) for d in districts)),
                context[-1][1],
            )
            return f"{districts[0].name} is not in {where[0].name}"
        if len(inside) > 1:
            cities = " and ".join(self.city_of.get(d.adcode, "?") for d in inside)
            return f"{last} names a district of {len(inside)} cities ({cities}); write the city too"
        if not inside[0].corridor:
            city = self.city_of.get(inside[0].adcode, "?")
            return f"{inside[0].name} of {city} is outside the corridor's nine cities"
        return inside[0].adcode

    def reading(self, address: str) -> list[tuple[str, tuple[Named, ...]]]:
        """The names an address begins with, up to the first district.

        >>> book = AddressBook.of(_example_boundaries())
        >>> [text for text, _ in book.reading("中国 上海市，松江区 九亭镇")]
        ['上海市', '松江区']
        >>> [text for text, _ in book.reading("上海嘉定路1号")]
        ['上海']
        """
        text = unicodedata.normalize("NFKC", address[:ADDRESS_CHARS])
        found: list[tuple[str, tuple[Named, ...]]] = []
        at = _skip_noise(text, 0)
        while at < len(text) and len(found) < 4:  # province, city, district: more is no address
            match = self._name_at(text, at)
            if match is None:
                break
            found.append(match)
            if any(n.level == "district" for n in match[1]):
                break
            at = _skip_noise(text, at + len(match[0]))
        return found

    def _name_at(self, text: str, at: int) -> tuple[str, tuple[Named, ...]] | None:
        """The longest name at ``text[at:]``; a short name followed by a road word is none."""
        for length in range(min(self.longest, len(text) - at), 1, -1):
            piece = text[at : at + length]
            named = self.names.get(piece)
            if named is None:
                continue
            if all(n.short for n in named) and text.startswith(ROAD_WORDS, at + length):
                continue
            return piece, named
        return None

    def placement(self, adcode: int) -> Placement:
        """The point and radius of a district (worked out once per district)."""
        if adcode not in self._placements:
            area = self.boundaries.find("district", adcode)
            assert area is not None, "the names come from the same boundaries"
            self._placements[adcode] = district_placement(area)
        return self._placements[adcode]


def _name_table(corridor: list[Named], others: list[Named]) -> dict[str, tuple[Named, ...]]:
    """Each name and short name -> what it may stand for. A name of the corridor hides the
    same name elsewhere (上海市 is both a province and a city, both the corridor's)."""
    table: dict[str, list[Named]] = {}
    for named in corridor:
        for text, short in _forms(named):
            table.setdefault(text, []).append(Named(named.level, named.adcode, named.name, True, short))
    for named in others:
        for text, short in _forms(named):
            # Another district of the same name stays: without its city, the name is ambiguous.
            if any(n.corridor and n.level != "district" for n in table.get(text, ())):
                continue
            table.setdefault(text, []).append(Named(named.level, named.adcode, named.name, False, short))
    return {text: tuple(sorted(set(found), key=_order)) for text, found in table.items()}


def _full_name(area: Boundary) -> str:
    """A province's or city's name as an address writes it in full: geo/cities.yaml names a
    city without 市 (杭州), an address mostly with it (杭州市)."""
    return f"{area.name_zh}市" if area.level == "city" and not area.name_zh.endswith("市") else area.name_zh


def division_level(adcode: int) -> Level:
    """What a code of ``division_names`` is: a province (``..0000``), a city (``..00``) or a district.

    >>> division_level(330000), division_level(330900), division_level(330903)
    ('province', 'city', 'district')
    """
    return "province" if adcode % 10_000 == 0 else "city" if adcode % 100 == 0 else "district"


def _holds(named: tuple[Named, ...], adcode: int) -> bool:
    """Whether a name before the district may be a division that contains it."""
    return any(n.contains(adcode) for n in named)


def _order(named: Named) -> tuple[int, int]:
    return ("province", "city", "district").index(named.level), named.adcode


def _forms(named: Named) -> Iterable[tuple[str, bool]]:
    yield named.name, False
    short = short_name(named.name)
    if short is not None:
        yield short, True


def _skip_noise(text: str, at: int) -> int:
    """Past spaces, punctuation, digits (a postcode) and 中国 at ``text[at:]``.

    >>> _skip_noise("（201600）中国上海", 0)
    10
    """
    while at < len(text):
        word = next((w for w in NOISE_WORDS if text.startswith(w, at)), None)
        if word is not None:
            at += len(word)
        elif text[at].isdigit() or text[at].isspace() or unicodedata.category(text[at])[0] in "PSZ":
            at += 1
        else:
            break
    return at


def _quoted(address: str, limit: int = 30) -> str:
    """An address as a message shows it: quoted, cut short.

    >>> _quoted("苏州工业园区星湖街328号"), _quoted("x" * 40)[-5:]
    ("'苏州工业园区星湖街328号'", "xxx…'")
    """
    text = " ".join(address.split())
    return repr(text if len(text) <= limit else text[:limit] + "…")


# Finer than the 1 m the page keeps of a point; in degrees, as the boundaries are.
POLE_TOLERANCE = 1e-5


def district_placement(area: Boundary) -> Placement:
    """A district's pole of inaccessibility, and the radius of a circle of its area.

    >>> placed = district_placement(_example_boundaries().features[-1])
    >>> placed.district.radius_m, round(placed.lon, 3), round(placed.lat, 3)
    (5810, 121.2, 31.0)
    """
    import shapely  # geometry only when a row is placed by its address
    from pyproj import Geod

    circle = shapely.maximum_inscribed_circle(area.geometry, POLE_TOLERANCE)
    point = shapely.get_point(circle, 0)
    if not area.geometry.contains(point):  # a degenerate sliver: any point inside will do
        point = area.geometry.representative_point()
    area_m2, _ = Geod(ellps="WGS84").geometry_area_perimeter(area.geometry)
    radius_m = round(math.sqrt(abs(area_m2) / math.pi), -1)
    district = DistrictPlacement(area.adcode, area.name_en, area.name_zh, int(radius_m))
    return Placement(district, round(point.x, 6), round(point.y, 6))


def _example_boundaries() -> Boundaries:
    """Shanghai with one square district, for the examples above."""
    import shapely

    def area(level: Literal["province", "city", "district"], code: int, en: str, zh: str) -> Boundary:
        return Boundary(level, code, en, zh, shapely.box(121.15, 30.95, 121.25, 31.05), None, 1)

    return Boundaries(
        (
            area("province", 310000, "Shanghai", "上海市"),
            area("city", 310000, "Shanghai", "上海"),
            area("district", 310117, "Songjiang District", "松江区"),
        ),
        {},
        "geo/boundaries.geojson",
        ((330100, "杭州市"), (330000, "浙江省")),
    )
