"""One description of the map, shared by every adapter (folium app map, HTML export, images).

``build_map_spec`` is the single function from (story, geodata) to what is drawn: layers with
GeoJSON features that carry their place ids and tooltips; markers; uncertainty circles; the
legend; attribution; the first view. Adapters only translate it. Popups (the place's passages,
the heaviest text) are not in it: only the folium adapter shows them, so it builds them from
``spec.story`` (components/map/leaflet.py), and the image and GeoJSON exports never do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import shapely

from components.geo.geodata import GeoData
from components.geo.layers import ATTRIBUTION, ATTRIBUTION_SHORT, LayerDef
from components.map.labels import Label, build_labels
from components.map.relief import RELIEF_CREDIT
from components.map.markup import feature_tooltip, legend_html, place_tooltip
from components.geo.resolve import PlaceGeometry, resolve_places
from components.story.catalog import Deferred
from components.story.model import Precision, Story
from components.geo.websimplify import web_geometries
from components.geo.world import WORLD_LAYER_BY_ID, WorldWebLayer, is_world_layer, story_world_layers
from components.geo.websafe import lat_in_range, lon_in_frame, story_centre, to_frame, web_safe

WEB_GRID = 1e-4  # degrees (~11 m): coordinates in the browser payload are snapped to this grid

MARKER_STYLE = {"point": {"color": "#1a1a1a"}, "approx": {"color": "#c51b7d"}}
CIRCLE_STYLE = {"color": "#c51b7d", "weight": 1.5, "dashArray": "4 4", "fillColor": "#c51b7d", "fillOpacity": 0.08}
HIGHLIGHT_STYLE = {"color": "#ffb000", "weight": 5, "opacity": 1.0}


@dataclass
class LayerView:
    id: str
    title: str
    geom: str
    style: dict
    show: bool
    attribution: str
    data: dict  # GeoJSON FeatureCollection


@dataclass
class MarkerView:
    place: str
    lat: float
    lon: float
    approximate: bool
    label: str
    tooltip: str
    stack: int = 0  # how many markers already stand at this point: drawn side by side, all clickable


@dataclass
class CircleView:
    place: str
    lat: float
    lon: float
    radius_m: float
    tooltip: str


@dataclass
class MapSpec:
    story_id: str
    story: Story  # the story drawn: adapters that show popups build them from it
    layers: list[LayerView]
    markers: list[MarkerView]
    circles: list[CircleView]
    legend: str
    attribution: list[str]  # short form, on the map
    credits: list[str]  # full form, in the app and exports
    fit_bounds: list[list[float]]  # [[south, west], [north, east]]
    place_bounds: dict[str, list[list[float]]] = field(default_factory=dict)
    geometry: dict[str, PlaceGeometry] = field(default_factory=dict)
    labels: list[Label] = field(default_factory=list)  # the one label table (components/map/labels.py)


def _leaflet_bounds(b: tuple[float, float, float, float]) -> list[list[float]]:
    return [[round(b[1], 5), round(b[0], 5)], [round(b[3], 5), round(b[2], 5)]]


def _web_geometry(geom, grid: float | None, simplify: float = 0.0, centre: float = 0.0, source=None) -> dict:
    """GeoJSON of a geometry: ``grid`` None means already prepared (websimplify) or raw.
    Made web-safe (components/geo/websafe.py) in the story's frame around meridian ``centre``.
    A feature smaller than the grid collapses to nothing when snapped (and Leaflet then fails on
    it when it is selected): it is sent as ``source`` (the shipped shape), unsnapped."""
    safe = to_frame(web_safe(geom), centre)
    out = safe
    if simplify:
        out = shapely.simplify(out, simplify, preserve_topology=True)
    if grid:
        out = shapely.set_precision(out, grid)
    if _collapsed(out, safe):
        out = safe
    if source is not None:
        shipped = to_frame(web_safe(source), centre)
        if _collapsed(out, shipped):
            out = shipped
    return json.loads(shapely.to_geojson(out))


def _collapsed(geom, ref) -> bool:
    """``geom`` lost what ``ref`` has: all of it, a dimension (a polygon became a line) or its area."""
    return bool(geom.is_empty or shapely.get_dimensions(geom) < shapely.get_dimensions(ref)
                or (ref.area > 0 and geom.area == 0))


def _web_box(g: PlaceGeometry) -> tuple[float, float, float, float]:
    """A place's box as the web map draws it: each part web-safe (one shape across the
    antimeridian, latitudes within Web Mercator's range), markers included."""
    boxes = [web_safe(part).bounds for part in (g.shape, g.area, g.circle) if part is not None]
    boxes += [(lon, lat_in_range(lat), lon, lat_in_range(lat)) for lat, lon in g.markers]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _frame_box(boxes: list[tuple[float, float, float, float]], centre: float) -> tuple[float, float, float, float]:
    """The box holding ``boxes``, each first moved into the story's frame (around ``centre``)."""
    moved = []
    for w, s, e, n in boxes:
        dx = lon_in_frame((w + e) / 2.0, centre) - (w + e) / 2.0
        moved.append((w + dx, lat_in_range(s), e + dx, lat_in_range(n)))
    return (min(b[0] for b in moved), min(b[1] for b in moved), max(b[2] for b in moved), max(b[3] for b in moved))


def _style(layer: LayerDef) -> dict:
    style = dict(layer.style)
    if layer.geom == "polygon" and style.get("fillOpacity", 0) == 0:
        style["fill"] = False  # outline only: clicks inside fall through to the layer below
    return style


def build_map_spec(story: Story, geodata: GeoData, source: str = "<story>", grid: float = WEB_GRID,
                   simplify: float = 0.0, web_simplify: bool = True) -> MapSpec:
    """``grid`` and ``simplify`` (degrees) shrink the browser payload. ``simplify=0`` (the app):
    each layer's own tolerance (``LayerDef.simplify``), shared edges kept gap-free
    (components/websimplify.py); ``simplify > 0`` (the HTML export): that one tolerance for
    every feature. ``web_simplify=False`` draws the shipped geometry as it is (the benchmark's
    naive baseline)."""
    geo = resolve_places(story, geodata, source)
    defs = geodata.defs
    web = web_geometries(geodata, defs, grid) if web_simplify and not simplify else None

    owner: dict[tuple[str, str], str] = {}  # (layer, feature) -> place that draws it
    related: dict[tuple[str, str], list[str]] = {}  # (layer, feature) -> places it highlights
    for place in story.places:
        if place.geometry is not None:
            for f in place.geometry.features:
                owner.setdefault((place.geometry.layer, f), place.id)
        for ref in geo[place.id].refs:
            related.setdefault(ref, []).append(place.id)

    # A story that names world features gets the world layers for its extent; the regional
    # layers are drawn only when it names (or, as the seed stories, only names) regional ones.
    world_refs = [r for g in geo.values() for r in g.refs if is_world_layer(r[0]) and r[0] not in geodata.layers]
    regional = not world_refs or any(layer not in {w for w, _ in world_refs} for g in geo.values() for layer, _ in g.refs)
    fit_ids = (story.view.fit or [p.id for p in story.places if p.precision not in (Precision.country, Precision.region)]
               or [p.id for p in story.places])  # a story of regions/countries only shows them all
    boxes = {i: _web_box(geo[i]) for i in fit_ids}  # boxes, not a union of shapes: cheap for 10,000 places
    centre = story_centre([(b[0], b[2]) for b in boxes.values()])  # 0, or ~180 for a Pacific story

    layers: list[LayerView] = []
    used_attr: list[str] = []
    for layer in defs if regional else ():
        if not layer.draw:
            continue
        gdf = geodata.layer(layer.id)
        feats = []
        geoms = web[layer.id] if web is not None else gdf.geometry
        for fid, name, geom, shipped in zip(gdf["id"], gdf["name"], geoms, gdf.geometry):
            pid = owner.get((layer.id, fid))
            props = {
                "fid": fid,
                "name": name,
                "place": pid,
                "places": related.get((layer.id, fid), []),
                "tooltip": place_tooltip(story.place(pid)) if pid else feature_tooltip(name),
            }
            feats.append({"type": "Feature", "id": f"{layer.id}/{fid}", "properties": props,
                          "geometry": _web_geometry(geom, grid if web is None and web_simplify else None,
                                                    simplify, centre, shipped)})
        layers.append(LayerView(layer.id, layer.title, layer.geom, _style(layer), layer.show,
                                ATTRIBUTION.get(layer.attribution, layer.attribution),
                                {"type": "FeatureCollection", "features": feats}))
        if layer.attribution not in used_attr:
            used_attr.append(layer.attribution)
    if world_refs:
        extent = _union_bounds([g.bounds for g in geo.values()])
        for wl in story_world_layers(geodata.world, world_refs, extent, grid or WEB_GRID):
            layers.append(_world_layer_view(wl, story, owner, related, centre))
            if wl.layer.attribution not in used_attr:
                used_attr.append(wl.layer.attribution)
    for p in story.places:  # a data-only layer (points drawn as markers) is credited too
        ref_layers = [r.layer for r in (p.geometry, p.within) if r is not None]
        for lid in ref_layers:
            attr = WORLD_LAYER_BY_ID[lid].attribution if lid in WORLD_LAYER_BY_ID and lid not in geodata.layers else None
            if attr and attr not in used_attr:
                used_attr.append(attr)
    if any(p.geometry and p.geometry.layer == "places" for p in story.places) and "geonames" not in used_attr:
        used_attr.append("geonames")

    markers: list[MarkerView] = []
    circles: list[CircleView] = []
    standing: dict[tuple[float, float], int] = {}  # point -> markers already there
    for place in story.places:
        g = geo[place.id]
        for lat, lon in g.markers:
            at = (round(lat_in_range(lat), 5), round(lon_in_frame(lon, centre), 5))
            stack = standing.get(at, 0)
            standing[at] = stack + 1
            markers.append(MarkerView(place.id, at[0], at[1], place.approximate,
                                      place.name, place_tooltip(place), stack))
        if place.circle is not None:
            c = place.circle
            circles.append(CircleView(place.id, round(lat_in_range(c.lat), 5), round(lon_in_frame(c.lon, centre), 5),
                                      c.radius_km * 1000.0, place_tooltip(place)))

    legend_entries = [(lv.title, lv.geom, lv.style) for lv in reversed(layers)]
    if any(not m.approximate for m in markers):
        legend_entries.insert(0, ("Place named in the story", "point", MARKER_STYLE["point"]))
    if any(m.approximate for m in markers):
        legend_entries.insert(1, ("Approximate location (area, not a site)", "approx", MARKER_STYLE["approx"]))
    if circles:
        legend_entries.insert(2, ("Uncertainty radius", "circle", CIRCLE_STYLE))

    fit = _frame_box(list(boxes.values()), centre)
    return MapSpec(
        story_id=story.id,
        story=story,
        layers=layers,
        markers=markers,
        circles=circles,
        legend=legend_html(legend_entries),
        attribution=[ATTRIBUTION_SHORT.get(k, k) for k in used_attr],
        credits=[ATTRIBUTION.get(k, k) for k in used_attr] + [RELIEF_CREDIT],
        fit_bounds=_leaflet_bounds(fit),
        place_bounds={pid: _leaflet_bounds(_frame_box([boxes.get(pid) or _web_box(g)], centre)) for pid, g in geo.items()},
        geometry=geo,
        labels=build_labels(story, geodata, geo),
    )


def _union_bounds(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _world_layer_view(wl: WorldWebLayer, story: Story, owner: dict, related: dict, centre: float = 0.0) -> LayerView:
    """A world layer as drawn: features carry the same properties as the regional layers'."""
    layer = wl.layer
    feats = []
    for fid, name, geom in wl.features:
        pid = owner.get((layer.id, fid))
        props = {"fid": fid, "name": name, "place": pid, "places": related.get((layer.id, fid), []),
                 "tooltip": place_tooltip(story.place(pid)) if pid else feature_tooltip(name)}
        feats.append({"type": "Feature", "id": f"{layer.id}/{fid}", "properties": props,
                      "geometry": _web_geometry(geom, None, centre=centre)})
    defn = layer.layer_def()
    return LayerView(layer.id, layer.title, layer.geom, _style(defn), layer.show,
                     ATTRIBUTION.get(layer.attribution, layer.attribution),
                     {"type": "FeatureCollection", "features": feats})


def spec_builder(geodata: GeoData, defer: bool = False):
    """``prepare`` for the stories catalog: checks a story against ``geodata`` and builds its map.

    ``defer=True`` (the app): the check (``resolve_places``: every reference, feature and
    coordinate, the errors a story file can have) runs now, so the catalog lists broken files at
    once; the map description is a ``Deferred``, built when the story is first opened. A cold
    first page view then builds only the map it shows."""

    def prepare(story: Story, source: str) -> MapSpec | Deferred:
        if not defer:
            return build_map_spec(story, geodata, source)
        resolve_places(story, geodata, source)
        return Deferred(lambda: build_map_spec(story, geodata, source))

    return prepare
