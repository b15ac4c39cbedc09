"""Server-rendered world maps: world-atlas TopoJSON decoded in Python, drawn as inline SVG.

The vendored ``countries-110m.json`` (npm ``world-atlas``, see ``static/vendor/LICENSES.md``)
is a TopoJSON topology: shared, quantised, delta-encoded arcs, and per-country geometries that
list arc indexes (a negative index ``~i`` means arc ``i`` reversed). We decode it once per
process, project it with the Equal Earth projection (equal-area, so large countries do not look
larger than they are) and keep one SVG path per country. Feature ids are ISO 3166-1 numeric
codes, the same as ``Country.numeric``.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.safestring import SafeString

TOPOLOGY_PATH = Path(__file__).resolve().parent / "static" / "vendor" / "countries-110m.json"

# The map's drawing area in SVG user units; heights follow from the projection's aspect.
MAP_WIDTH = 960.0

# Equal Earth (Šavrič, Patterson, Jenny 2018) coefficients.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2

Point = tuple[float, float]


def equal_earth(longitude: float, latitude: float) -> Point:
    """Project degrees to Equal Earth plane coordinates (x right, y up, unit sphere)."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


_X_MAX = equal_earth(180.0, 0.0)[0]
_Y_MAX = equal_earth(0.0, 90.0)[1]
MAP_HEIGHT = round(MAP_WIDTH * _Y_MAX / _X_MAX, 1)


def to_svg(longitude: float, latitude: float) -> Point:
    """Project and scale to the SVG box: (0, 0) top left, (MAP_WIDTH, MAP_HEIGHT) bottom right."""
    x, y = equal_earth(longitude, latitude)
    scale = MAP_WIDTH / (2 * _X_MAX)
    return (x + _X_MAX) * scale, (_Y_MAX - y) * scale


def decode_arcs(topology: Mapping[str, object]) -> list[list[Point]]:
    """Every arc as a list of (longitude, latitude): undo the delta encoding, then apply the
    topology's transform (scale and translate) to the quantised positions."""
    transform = topology.get("transform")
    arcs = topology["arcs"]
    assert isinstance(arcs, list)
    if isinstance(transform, dict):
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    else:
        sx, sy, tx, ty = 1.0, 1.0, 0.0, 0.0
    decoded = []
    for arc in arcs:
        x = y = 0
        points = []
        for position in arc:
            if isinstance(transform, dict):
                x, y = x + position[0], y + position[1]
            else:
                x, y = position[0], position[1]
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def ring_points(ring: Sequence[int], arcs: Sequence[Sequence[Point]]) -> list[Point]:
    """Join a ring's arcs (a negative index ``~i`` is arc ``i`` reversed); consecutive arcs
    share their joining point, so each arc after the first drops its first point."""
    points: list[Point] = []
    for index in ring:
        arc = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def _number(tenths: int) -> str:
    """A coordinate in tenths as short SVG number text: 20 → '2', -5 → '-.5', 34 → '3.4'."""
    whole, rest = divmod(abs(tenths), 10)
    text = (str(whole) if whole else "") + (f".{rest}" if rest else "") or "0"
    return "-" + text if tenths < 0 else text


def _pair(dx: int, dy: int) -> str:
    x, y = _number(dx), _number(dy)
    return (x if x.startswith("-") else " " + x) + (y if y.startswith("-") else " " + y)


def unwrap_ring(ring: Sequence[Point]) -> list[Point]:
    """A ring whose longitudes run on without jumps across the antimeridian (so 179° is
    followed by 181°, not -179°). A ring around a pole (e.g. Antarctica) ends 360° from
    where it starts; it is closed along the pole so it fills the right side of its coast."""
    if not ring:
        return []
    points = [ring[0]]
    offset = 0.0
    for (previous, _lat), (longitude, latitude) in itertools.pairwise(ring):
        if longitude - previous > 180:
            offset -= 360
        elif longitude - previous < -180:
            offset += 360
        points.append((longitude + offset, latitude))
    first_lon, last_lon = points[0][0], points[-1][0]
    if abs(last_lon - first_lon) > 180:
        pole = -90.0 if sum(lat for _, lat in points) < 0 else 90.0
        points += [(last_lon, pole), (first_lon, pole)]
    return points


def _ring_path(ring: Sequence[Point]) -> str:
    tenths: list[tuple[int, int]] = []
    for longitude, latitude in ring:
        x, y = to_svg(longitude, latitude)
        point = (round(x * 10), round(y * 10))
        if not tenths or point != tenths[-1]:
            tenths.append(point)
    if len(tenths) < 3:
        return ""
    x0, y0 = tenths[0]
    path = ["M" + _pair(x0, y0).lstrip() + "l"]
    for (xa, ya), (xb, yb) in itertools.pairwise(tenths):
        path.append(_pair(xb - xa, yb - ya))
    return "".join(path).replace("l ", "l", 1) + "z"


def _path_for_rings(rings: Iterable[Sequence[Point]]) -> str:
    """SVG path data, in tenths of a unit, with relative line commands to keep it small.

    A ring that crosses the antimeridian is drawn whole beyond the map's edge and again
    shifted by 360°; the map clips both to the outline of the globe (``SPHERE_PATH``), which
    cuts the country at the edge as the projection requires.
    """
    parts = []
    for ring in rings:
        points = unwrap_ring(ring)
        if not points:
            continue
        longitudes = [lon for lon, _ in points]
        shifts = [0.0]
        if max(longitudes) > 180:
            shifts.append(-360.0)
        if min(longitudes) < -180:
            shifts.append(360.0)
        for shift in shifts:
            parts.append(_ring_path([(lon + shift, lat) for lon, lat in points]))
    return "".join(parts)


def _sphere_path() -> str:
    """The outline of the globe in the projection: the ±180° meridians, pole to pole."""
    east = [(180.0, lat / 2) for lat in range(-180, 181)]
    west = [(-180.0, lat / 2) for lat in range(180, -181, -1)]
    return _ring_path(east + west)


SPHERE_PATH = SafeString(_sphere_path())


@dataclass(frozen=True)
class CountryShape:
    numeric: str | None  # ISO 3166-1 numeric code; a few disputed areas have none
    name: str  # the English name in the atlas, used when the register has no such country
    path: str  # SVG path data in the MAP_WIDTH × MAP_HEIGHT box
    box: tuple[float, float, float, float]  # left, top, right, bottom in the same box


def _bounding_box(rings: Iterable[Sequence[Point]]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for ring in rings:
        for longitude, latitude in unwrap_ring(ring):
            x, y = to_svg(longitude, latitude)
            xs.append(min(max(x, 0.0), MAP_WIDTH))
            ys.append(min(max(y, 0.0), MAP_HEIGHT))
    if not xs:
        return (0.0, 0.0, 0.0, 0.0)
    return (min(xs), min(ys), max(xs), max(ys))


def decode_countries(topology: Mapping[str, object]) -> list[CountryShape]:
    """One shape per geometry of the topology's ``countries`` object, in file order."""
    arcs = decode_arcs(topology)
    objects = topology["objects"]
    assert isinstance(objects, dict)
    shapes = []
    for geometry in objects["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            polygons = []
        rings = [ring_points(ring, arcs) for polygon in polygons for ring in polygon]
        shapes.append(
            CountryShape(
                numeric=geometry.get("id"),
                name=geometry.get("properties", {}).get("name", ""),
                # Path data is digits, signs and command letters only: marked safe so the
                # template does not escape ~100 kB of it on every page.
                path=SafeString(_path_for_rings(rings)),
                box=_bounding_box(rings),
            )
        )
    return shapes


@cache
def world_shapes() -> tuple[CountryShape, ...]:
    """The world's country shapes, decoded and projected once per process."""
    with open(TOPOLOGY_PATH, encoding="utf-8") as handle:
        return tuple(decode_countries(json.load(handle)))


@dataclass(frozen=True)
class MapCategory:
    """One colour of the legend: a CSS class suffix and its label."""

    key: str
    label: str


@dataclass(frozen=True)
class MapRegion:
    """How one country is drawn: its category (colour) and the text of its tooltip."""

    category: str
    title: str


@dataclass(frozen=True)
class MapCountry:
    path: str
    title: str
    category: str  # "" when the country has no category (drawn in the neutral colour)


@dataclass(frozen=True)
class WorldMap:
    width: float
    height: float
    sphere: str  # the outline of the globe, drawn as the sea and used to clip the countries
    countries: list[MapCountry]
    legend: list[tuple[MapCategory, int]]  # each category with how many countries have it
    missing: list[str]  # titles of coloured countries too small for the 1:110m atlas
    focus: str  # a viewBox around the coloured countries, "" when they span most of the world
    focus_countries: list[MapCountry]  # the countries that show in the close-up


# The close-up shows at least this much of the map, so a single small country keeps its
# neighbours around it, and only when the coloured countries fit in this share of the width.
FOCUS_MIN_WIDTH = MAP_WIDTH / 6
FOCUS_MAX_SHARE = 0.5
FOCUS_ASPECT = 1.5  # width / height of the close-up


def focus_box(boxes: Sequence[tuple[float, float, float, float]]) -> str:
    """A viewBox ("x y width height") framing the given boxes with a margin, in the map's
    aspect ratio and inside the map; "" when there is nothing to frame or it is most of
    the world anyway."""
    if not boxes:
        return ""
    left = min(b[0] for b in boxes)
    top = min(b[1] for b in boxes)
    right = max(b[2] for b in boxes)
    bottom = max(b[3] for b in boxes)
    aspect = FOCUS_ASPECT
    width = max((right - left) * 1.6, (bottom - top) * 1.6 * aspect, FOCUS_MIN_WIDTH)
    if width > MAP_WIDTH * FOCUS_MAX_SHARE:
        return ""
    height = width / aspect
    x = min(max((left + right) / 2 - width / 2, 0.0), MAP_WIDTH - width)
    y = min(max((top + bottom) / 2 - height / 2, 0.0), MAP_HEIGHT - height)
    return f"{x:.1f} {y:.1f} {width:.1f} {height:.1f}"


def world_map(regions: Mapping[str, MapRegion], categories: Sequence[MapCategory]) -> WorldMap:
    """A world map whose countries (keyed by ISO numeric code) are coloured by category.

    Countries not in ``regions`` are drawn neutral with their atlas name as tooltip; the
    legend lists the categories in use, in the given order, with their count of countries
    in ``regions``; ``missing`` names the coloured countries the 1:110m atlas has no shape for
    (small island states), so the page can say so; ``focus`` frames the coloured countries
    for a close-up, which draws only the countries in that frame.
    """
    countries = []
    drawn: set[str] = set()
    boxes = []
    shapes = world_shapes()
    for shape in shapes:
        region = regions.get(shape.numeric or "")
        if region is None:
            countries.append(MapCountry(path=shape.path, title=shape.name, category=""))
        else:
            drawn.add(shape.numeric or "")
            boxes.append(shape.box)
            countries.append(
                MapCountry(path=shape.path, title=region.title, category=region.category)
            )
    focus = focus_box(boxes)
    focus_countries = []
    if focus:
        x, y, width, height = (float(n) for n in focus.split())
        focus_countries = [
            country
            for shape, country in zip(shapes, countries, strict=True)
            if shape.box[0] < x + width
            and shape.box[2] > x
            and shape.box[1] < y + height
            and shape.box[3] > y
        ]
    used = [region.category for region in regions.values()]
    counts = [(category, used.count(category.key)) for category in categories]
    legend = [(category, count) for category, count in counts if count]
    missing = sorted(r.title for numeric, r in regions.items() if numeric not in drawn)
    return WorldMap(
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        sphere=SPHERE_PATH,
        countries=countries,
        legend=legend,
        missing=missing,
        focus=focus,
        focus_countries=focus_countries,
    )
