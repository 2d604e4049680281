"""The locator inset: a small map of the world around the story with the story's extent marked.

One computation for the web inset (components/web/inset.js draws the SVG it describes) and the
print images (components/export/image.py draws the same land and box with matplotlib). The land
is ``geodata/world_outline.geojson`` (Natural Earth, built by geodata/build_world_outline.py),
clipped to a window a few times the story's extent and at least a continent wide, in a plain
equirectangular projection with longitudes scaled at the window's middle latitude.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import shapely
from shapely.geometry.base import BaseGeometry

from components.geo.geodata import GEODATA_DIR

OUTLINE_FILE = GEODATA_DIR / "world_outline.geojson"
MIN_WIDTH_DEG = 70.0  # at least a continent: a reader who does not know Tajikistan sees Asia
EXTENT_FACTOR = 4.0
ASPECT = 1.5  # width / height of the inset
VIEW_W = 150.0  # SVG user units


@dataclass(frozen=True)
class Inset:
    window: tuple[float, float, float, float]  # west, south, east, north (degrees)
    land: BaseGeometry  # clipped to the window, degrees
    extent: tuple[float, float, float, float]  # the story's west, south, east, north
    width: float
    height: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        w, s, e, n = self.window
        return (lon - w) / (e - w) * self.width, (n - lat) / (n - s) * self.height

    def svg_path(self) -> str:
        """The land as one SVG path in the inset's user units (0..width, 0..height)."""
        out = []
        for poly in getattr(self.land, "geoms", [self.land]):
            if poly.geom_type != "Polygon":
                continue
            for ring in [poly.exterior, *poly.interiors]:
                pts = [self.xy(x, y) for x, y in ring.coords]
                out.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in pts) + "Z")
        return "".join(out)

    def web(self) -> dict:
        """What inset.js needs (numbers and a path of numbers only: nothing from the story)."""
        return {"window": list(self.window), "width": self.width, "height": round(self.height, 2),
                "extent": list(self.extent), "path": self.svg_path()}


@lru_cache(maxsize=1)
def world_land() -> BaseGeometry:
    """The land, one geometry. The shipped outline is one merged MultiPolygon: taken as it is
    (a union of it cost a cold start 0.15 s); several features, or an invalid one, are merged."""
    data = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    parts = [shapely.from_geojson(json.dumps(f["geometry"])) for f in data["features"]]
    if len(parts) == 1 and shapely.is_valid(parts[0]):
        return parts[0]
    return shapely.union_all(parts)


def inset_for(fit_bounds: list[list[float]]) -> Inset:
    """The inset of a map whose first view is ``fit_bounds`` ([[south, west], [north, east]])."""
    (s, w), (n, e) = fit_bounds
    clat, clon = (s + n) / 2, (w + e) / 2
    k = max(math.cos(math.radians(clat)), 0.2)  # degrees of longitude per degree of latitude, on screen
    width = min(360.0, max(MIN_WIDTH_DEG, EXTENT_FACTOR * (e - w), EXTENT_FACTOR * (n - s) / k))
    height = min(170.0, width * k / ASPECT)
    west = min(max(clon - width / 2, -180.0), 180.0 - width)
    south = min(max(clat - height / 2, -85.0), 85.0 - height)
    window = (round(west, 3), round(south, 3), round(west + width, 3), round(south + height, 3))
    land = shapely.clip_by_rect(world_land(), *window)
    w_deg, h_deg = window[2] - window[0], window[3] - window[1]
    return Inset(window, land, (w, s, e, n), VIEW_W, VIEW_W * h_deg / (w_deg * k) if w_deg < 360 else VIEW_W / 2)
