"""The one label table: which names the map shows, where, and which win when they collide.

Built once per map (``build_map_spec`` puts it in ``MapSpec.labels``) and used by every
adapter: the web runtime (components/web/labels.js places them as DOM text, collision-aware,
more as you zoom in) and the print images (components/export/image.py). A label names a story
place (``role="story"``) or a feature of a drawn layer that no story place draws
(``role="context"``: countries, GBAO, districts, Xinjiang, the Wakhan, rivers), plus the
capitals of the gazetteer. ``priority`` orders the placement (story above context, bigger
features above smaller; the selection is put first at run time); ``min_zoom`` is the Leaflet
zoom from which the feature is big enough on screen to carry its name. Anchors lie inside
their feature (polylabel for areas, the middle of the longest part of a line).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

from components.geo.geodata import GeoData
from components.geo.resolve import PlaceGeometry
from components.story.model import Place, Precision, Story

STORY_PRIORITY = 100.0  # any story place goes before any context feature
MIN_LABEL_PX = 90  # an area carries its name from the zoom at which it is this wide on screen
STORY_ZOOM_BONUS = 1.5  # story areas are named that many zooms earlier than context ones
CAPITAL_MIN_ZOOM = 4.0
MAX_ZOOM = 13.0


@dataclass(frozen=True)
class Label:
    id: str  # "place:<place id>" or "ctx:<layer>/<feature id>"
    text: str
    lat: float
    lon: float
    kind: str  # "point" (beside a marker) | "area" | "line" | "country" | "capital" (a dot of its own)
    role: str  # "story" | "context"
    place: str | None  # the story place it names
    priority: float
    min_zoom: float
    stack: int = 0  # markers already at the point (drawn side by side): the label follows its pin


def _zoom_for_width(width_deg: float, px: float = MIN_LABEL_PX) -> float:
    """Leaflet zoom at which ``width_deg`` of longitude spans ``px`` screen pixels."""
    if width_deg <= 0:
        return MAX_ZOOM
    return max(0.0, min(MAX_ZOOM, math.log2(px * 360.0 / (256.0 * width_deg))))


def _size_km(geom: BaseGeometry) -> float:
    """Square root of the area (km) for areas, length (km) for lines: a scale-free size for
    ranking only (degrees scaled at the feature's latitude: cheap for stories of 10,000 places)."""
    k = 111.32 * math.sqrt(max(math.cos(math.radians(geom.centroid.y)), 0.05))
    return math.sqrt(geom.area) * k if geom.area > 0 else geom.length * k


def anchor(geom: BaseGeometry) -> tuple[float, float]:
    """(lon, lat) inside the feature: the pole of inaccessibility of its largest polygon, or
    the middle of its longest line, or the point itself."""
    parts = list(getattr(geom, "geoms", [geom]))
    polys = [p for p in parts if p.geom_type == "Polygon"]
    lines = [p for p in parts if p.geom_type in ("LineString", "LinearRing")]
    if polys:
        part = max(polys, key=lambda p: p.area)
        pt = shapely.ops.polylabel(part, tolerance=max(math.sqrt(part.area) / 100, 1e-4))
        if not part.contains(pt):
            pt = part.point_on_surface()
    elif lines:
        pt = max(lines, key=lambda p: p.length).interpolate(0.5, normalized=True)
    else:
        pt = geom.representative_point()
    return round(pt.x, 5), round(pt.y, 5)


def _kind(geom: BaseGeometry, country: bool) -> str:
    if geom.geom_type in ("LineString", "MultiLineString"):
        return "line"
    return "country" if country else "area"


def _is_capital(role: str) -> bool:
    return "capital" in (role or "").lower()


def build_labels(story: Story, geodata: GeoData, geo: dict[str, PlaceGeometry]) -> list[Label]:
    """The labels of a map, in placement order (highest priority first)."""
    out: list[Label] = []
    owned: set[tuple[str, str]] = set()
    stacks: dict[tuple[float, float], int] = {}
    for place in story.places:
        g = geo[place.id]
        if place.geometry is not None:
            owned.update((place.geometry.layer, f) for f in place.geometry.features)
        if g.markers:
            lat, lon = round(g.markers[0][0], 5), round(g.markers[0][1], 5)
            stack = stacks.get((lat, lon), 0)
            stacks[(lat, lon)] = stack + 1
            out.append(Label(f"place:{place.id}", place.name, lat, lon, "point", "story", place.id,
                             STORY_PRIORITY + 3.0, 0.0, stack))
        elif g.shape is not None and not g.shape.is_empty:
            lon, lat = anchor(g.shape)
            size = _size_km(g.shape)
            w = g.shape.bounds[2] - g.shape.bounds[0]
            kind = _kind(g.shape, place.precision == Precision.country)
            zoom = 0.0 if kind == "line" else max(0.0, _zoom_for_width(w) - STORY_ZOOM_BONUS)
            out.append(Label(f"place:{place.id}", place.name, lat, lon, kind, "story", place.id,
                             STORY_PRIORITY + math.log10(1 + size), round(zoom, 2)))
    taken = {(lb.text, round(lb.lat, 2), round(lb.lon, 2)) for lb in out}
    story_points = {(round(lat, 3), round(lon, 3)) for g in geo.values() for lat, lon in g.markers}
    story_anchors = {(round(lb.lat, 2), round(lb.lon, 2)) for lb in out}
    for key, lb in context_labels(geodata):
        if key in owned or (round(lb.lat, 2), round(lb.lon, 2)) in story_anchors:
            continue  # drawn by a story place, or the same shape in another layer (district files)
        if lb.kind == "capital" and ((round(lb.lat, 3), round(lb.lon, 3)) in story_points
                                     or (lb.text, round(lb.lat, 2), round(lb.lon, 2)) in taken):
            continue  # the story's own marker already names it
        out.append(lb)
    return sorted(out, key=lambda lb: -lb.priority)


def context_labels(geodata: GeoData) -> list[tuple[tuple[str, str], Label]]:
    """Labels of every feature of the drawn, initially shown layers and of the gazetteer's
    capitals, keyed by (layer, feature): computed once per geodata (anchors cost a polylabel)."""
    cached = geodata.cache.get("context-labels")
    if cached is not None:
        return cached
    out: list[tuple[tuple[str, str], Label]] = []
    for layer in geodata.defs:
        if not layer.draw or not layer.show:
            continue  # hidden layers (Badakhshan province) are named only when a story uses them
        gdf = geodata.layer(layer.id)
        for fid, name, geom in zip(gdf["id"], gdf["name"], gdf.geometry):
            if geom is None or geom.is_empty or not name:
                continue
            lon, lat = anchor(geom)
            w = geom.bounds[2] - geom.bounds[0]
            kind = _kind(geom, layer.id == "countries")
            zoom = _zoom_for_width(w if kind != "line" else w * 0.6)
            out.append(((layer.id, fid), Label(f"ctx:{layer.id}/{fid}", str(name), lat, lon, kind, "context",
                                               None, math.log10(1 + _size_km(geom)), round(zoom, 2))))
    gaz = geodata.layers.get("places")
    if gaz is not None and "role" in gaz.columns:
        for fid, name, role, geom in zip(gaz["id"], gaz["name"], gaz["role"], gaz.geometry):
            if _is_capital(role) and geom is not None and geom.geom_type == "Point":
                out.append((("places", fid), Label(f"ctx:places/{fid}", str(name), round(geom.y, 5),
                                                   round(geom.x, 5), "capital", "context", None, 2.5,
                                                   CAPITAL_MIN_ZOOM)))
    geodata.cache["context-labels"] = out
    return out


LABEL_FIELDS = ("id", "text", "lat", "lon", "kind", "role", "place", "priority", "min_zoom", "stack")
LABEL_KINDS = ("point", "area", "line", "country", "capital")
PLACE_COLUMNS = ("row", "kind", "lat", "lon", "priority", "min_zoom", "stack")


def labels_json(labels: list[Label], places: list[Place]) -> dict:
    """What the web runtime gets (labels.js), in placement order.

    A story place's label is its name at its anchor: its name is already in the map's place table
    (leaflet.py ``place_table``), so it travels as columns pointing into it (``places``:
    PLACE_COLUMNS, ``row`` the place's row, ``kind`` an index in LABEL_KINDS), ~35 bytes a label
    instead of ~75 for a row that repeats the id and name (a 10,000-place story: 0.8 -> 0.4 MB).
    Every other label (context features, capitals, a story label whose text is not its place's
    name) is a row in LABEL_FIELDS order (``rows``). Story labels come before all the others in
    placement order (STORY_PRIORITY), so the runtime's order is ``places`` then ``rows``."""
    row_of = {p.id: i for i, p in enumerate(places)}
    names = {p.id: p.name for p in places}
    cols: dict[str, list] = {c: [] for c in PLACE_COLUMNS}
    rows: list[list] = []
    for lb in labels:
        row = row_of.get(lb.place) if lb.role == "story" else None
        if row is not None and not rows and lb.text == names.get(lb.place) and lb.id == f"place:{lb.place}":
            for c, v in zip(PLACE_COLUMNS, (row, LABEL_KINDS.index(lb.kind), lb.lat, lb.lon,
                                            round(lb.priority, 3), lb.min_zoom, lb.stack)):
                cols[c].append(v)
        else:
            rows.append([getattr(lb, f) if f != "priority" else round(lb.priority, 3) for f in LABEL_FIELDS])
    return {"places": cols, "rows": rows}
