"""A world map as SVG, drawn on the server: one path per country of world-atlas (Natural Earth 1:50m).

The shapes come from the pinned file static/vendor/world-atlas-2.0.2/countries-50m.json (TopoJSON),
projected with the Equal Earth projection, so that no area looks larger than it is.
"""

import json
from functools import lru_cache
from html import escape
from math import asin, cos, pi, sin, sqrt
from pathlib import Path

import pycountry

ATLAS = Path(__file__).parent / "static" / "vendor" / "world-atlas-2.0.2" / "countries-50m.json"
WIDTH = 960
ANTARCTICA = "010"  # no state holds it: left off to give the others room
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796  # Equal Earth (Šavrič, Patterson and Jenny, 2018)
M = sqrt(3) / 2
X_MAX = 2 * sqrt(3) * pi / (3 * A1)  # x at the antimeridian on the equator
Y_MAX = A4 * (pi / 3) ** 9 + A3 * (pi / 3) ** 7 + A2 * (pi / 3) ** 3 + A1 * (pi / 3)
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = round(2 * Y_MAX * SCALE)


def _project(longitude: float, latitude: float) -> tuple[int, int]:
    theta = asin(M * sin(latitude * pi / 180))
    t2, t6 = theta * theta, theta ** 6
    x = 2 * sqrt(3) * (longitude * pi / 180) * cos(theta) / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    y = A4 * t6 * t2 * theta + A3 * t6 * theta + A2 * t2 * theta + A1 * theta
    return round((x + X_MAX) * SCALE), round((Y_MAX - y) * SCALE)


def _arcs(topology: dict) -> list[list[tuple[int, int]]]:
    """Every arc in projected points: TopoJSON stores them quantized and delta-encoded."""
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    projected = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(_project(x * scale_x + move_x, y * scale_y + move_y))
        projected.append(points)
    return projected


def _ring(arcs: list, indices: list[int]) -> str:
    points = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(kept) < 3:
        return ""
    path = f"M{kept[0][0]},{kept[0][1]}"
    for (x0, _), (x, y) in zip(kept, kept[1:]):
        # A ring crossing the antimeridian (Russia, Fiji) jumps across the map: close it there instead.
        path += f"ZM{x},{y}" if abs(x - x0) > WIDTH / 2 else f"L{x},{y}"
    return path + "Z"


@lru_cache(maxsize=1)
def country_shapes() -> tuple[tuple[str, str, str], ...]:
    """(ISO alpha-2, name, SVG path) for every country the atlas draws."""
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        country = pycountry.countries.get(numeric=geometry.get("id", ""))
        if country is None or geometry["id"] == ANTARCTICA:
            continue  # Kosovo, Northern Cyprus and Somaliland have no ISO 3166 code in the atlas
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        path = "".join(_ring(arcs, ring) for polygon in polygons for ring in polygon)
        if path:
            shapes.append((country.alpha_2, geometry["properties"]["name"], path))
    return tuple(shapes)


def world_map(categories: dict[str, str], labels: dict[str, str], title: str) -> str:
    """An SVG map: each country's path carries the CSS class of its category and a tooltip saying it.

    CATEGORIES maps ISO alpha-2 codes to a category (a CSS class); LABELS gives the words for each
    category, so that the tooltip says what the colour means.
    """
    paths = []
    for code, name, path in country_shapes():
        category = categories.get(code, "no-record")
        paths.append(f'<path d="{path}" class="country {category}" data-code="{code}">'
                     f"<title>{escape(name)}: {escape(labels.get(category, category))}</title></path>")
    return (f'<svg class="world-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>{''.join(paths)}</svg>")
