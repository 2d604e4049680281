"""Print images of a story map: PNG at a chosen DPI and SVG, drawn with matplotlib + GeoPandas.

The layers, place ids, colours and credits are the web map's: the loaded layer table
(``geodata.defs``: layers.py plus a geodata folder's layers.json) and the ``MapSpec``. Print
adds what a report needs: a projected map (true shapes, a scale bar that holds), hatching and
line patterns that keep the layers apart in black and white, labels with halos, a north arrow,
a title and the credits on the image itself. No pyplot: each image is its own ``Figure``, so
exports can run in a server thread.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from matplotlib import patheffects, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon as MplPolygon, Rectangle
from shapely.geometry.base import BaseGeometry

from components.export.dpi import DEFAULT_DPI, DPI_RANGE, check_dpi  # noqa: F401 - defined there, used and re-exported here
from components.geo.geodata import GeoData
from components.geo.geodesy import Local, outline
from components.geo.layers import LayerDef
from components.export.print_extras import draw_inset, draw_relief
from components.map.labels import Label
from components.map.relief import RELIEF_CREDIT
from components.map.spec import CIRCLE_STYLE, HIGHLIGHT_STYLE, MARKER_STYLE, MapSpec
from components.map.markup import PRECISION_TEXT, excerpt
from components.story.selection import Selection, focus_places, highlighted_places
from components.story.model import Story

FIG_SIZE_IN = (8.0, 6.0)  # width, height: a PNG is exactly 8*dpi x 6*dpi pixels
MAP_RECT = (0.015, 0.095, 0.665, 0.775)  # left, bottom, width, height (figure fraction)
LEGEND_RECT = (0.695, 0.095, 0.29, 0.775)
MIN_SPAN_M = 300_000  # a selection is shown with at least this much of its surroundings
PAD = 0.06
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]
HL_COLOR = HIGHLIGHT_STYLE["color"]

LEAFLET_PATH = {"color": "#3388ff", "weight": 3.0}  # Leaflet's defaults for a style that omits them


@dataclass(frozen=True)
class PrintStyle:
    """How a layer prints. Derived from its ``LayerDef`` (``print_style``), never typed again:
    the web colours, the print line width, dashes and hatching (so black and white still tells
    the layers apart). ``face``: (colour, opacity), or None for outline only."""

    face: tuple[str, float] | None
    edge: str
    lw: float
    ls: object  # a matplotlib line style: "solid" or (offset, (on, off, ...))
    hatch: str | None


def print_style(layer: LayerDef) -> PrintStyle:
    web = layer.style
    edge = web.get("color", LEAFLET_PATH["color"])
    face = None
    if layer.geom == "polygon" and web.get("fillOpacity", 0):  # as on the web map: no opacity, no fill
        opacity = web["fillOpacity"] if layer.print_fill_opacity is None else layer.print_fill_opacity
        face = (web.get("fillColor", edge), opacity)
    dash = tuple(layer.print_dash) or tuple(float(x) for x in re.split(r"[\s,]+", str(web.get("dashArray", "")).strip()) if x)
    lw = layer.print_weight or float(web.get("weight", LEAFLET_PATH["weight"])) / 2
    return PrintStyle(face, edge, lw, (0, dash) if dash else "solid", layer.hatch or None)


BACKGROUND = "#dfe8ee"


@dataclass
class StaticMap:
    """A drawn figure plus what tests and callers need to relate it to the ground."""

    fig: Figure
    ax: object
    to_map: pyproj.Transformer  # lon/lat -> map metres
    view: tuple[float, float, float, float]  # x0, x1, y0, y1 in map metres
    labels: list[str]  # label texts actually placed
    layers: list[str]  # layer ids drawn

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """(column, row) of a point in the saved PNG (row 0 at the top)."""
        x, y = self.to_map.transform(lon, lat)
        px, py = self.ax.transData.transform((x, y))
        return float(px), float(self.fig.bbox.height - py)

    def to_bytes(self, fmt: str) -> bytes:
        buf = io.BytesIO()
        with rc_context({"svg.fonttype": "none", "svg.hashsalt": "pamir-story-map"}):
            meta = {"Date": None} if fmt == "svg" else {"Software": None}
            self.fig.savefig(buf, format=fmt, dpi=self.fig.dpi, metadata=meta, facecolor="white")
        return buf.getvalue()


def _view(story: Story, spec: MapSpec, focus: list[str], aspect: float):
    """The map window: the story's first view, or the focused places with room around them."""
    if focus:
        area = shapely.union_all([spec.geometry[p].extent for p in focus])
    else:
        (s, w), (n, e) = spec.fit_bounds
        area = shapely.box(w, s, e, n)
    w, s, e, n = area.bounds
    local = Local.conformal_at((w + e) / 2, (s + n) / 2)
    if e > w and n > s:
        x0, y0, x1, y1 = local.to_m(shapely.segmentize(shapely.box(w, s, e, n), 0.1)).bounds
    else:  # one point (a settlement) or a line along a meridian/parallel: no box to segmentize
        x0, y0, x1, y1 = local.to_m(shapely.MultiPoint([(w, s), (e, n)])).bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    wid, hei = (x1 - x0) * (1 + 2 * PAD), (y1 - y0) * (1 + 2 * PAD)
    if focus:
        wid, hei = max(wid, MIN_SPAN_M), max(hei, MIN_SPAN_M)
    if wid / hei < aspect:
        wid = hei * aspect
    else:
        hei = wid / aspect
    return local, (cx - wid / 2, cx + wid / 2, cy - hei / 2, cy + hei / 2), ((w + e) / 2, (s + n) / 2)


def _lonlat_window(view, local: Local) -> tuple[float, float, float, float]:
    x0, x1, y0, y1 = view
    ring = shapely.segmentize(shapely.box(x0, y0, x1, y1), (x1 - x0) / 20)
    w, s, e, n = local.to_deg(ring).bounds
    return w - 0.2, s - 0.2, e + 0.2, n + 0.2


def _print_tolerance(view) -> float:
    """A quarter of a printed point, in map metres: finer detail cannot show on paper."""
    return (view[1] - view[0]) / (MAP_RECT[2] * FIG_SIZE_IN[0] * 72) * 0.25


def _series(geoms: list[BaseGeometry], window, local: Local, tolerance: float = 0.0) -> gpd.GeoSeries:
    clipped = [shapely.clip_by_rect(g, *window) for g in geoms]
    clipped = [local.to_m(g) for g in clipped if not g.is_empty]
    if tolerance:
        clipped = [shapely.simplify(g, tolerance, preserve_topology=True) for g in clipped]
    return gpd.GeoSeries(clipped)


def _in_view(series: gpd.GeoSeries, view) -> bool:
    x0, x1, y0, y1 = view
    return bool(series.intersects(shapely.box(x0, y0, x1, y1)).any())


def _draw_layers(ax, geodata: GeoData, window, local: Local, extra: set[str], view, relief: bool = False) -> list[str]:
    """Draw the loaded layer table (``geodata.defs``, as the web map); return the ids of the
    layers visible in the view (for the legend). Over the relief, opaque fills (the countries'
    paper colour) are left out so the terrain shows; translucent ones stay."""
    drawn = []
    for layer in geodata.defs:
        if not layer.draw or (not layer.show and layer.id not in extra):
            continue
        st = print_style(layer)
        series = _series(list(geodata.layer(layer.id).geometry), window, local, _print_tolerance(view))
        if series.empty or not _in_view(series, view):
            continue
        n_before = len(ax.collections)
        if layer.geom == "polygon":
            face = to_rgba(*st.face) if st.face and not (relief and st.face[1] >= 1) else "none"
            series.plot(ax=ax, facecolor=face, edgecolor=st.edge, linewidth=st.lw,
                        linestyle=st.ls, hatch=st.hatch, zorder=2)
        elif layer.geom == "point":
            series.plot(ax=ax, color=st.edge, markersize=6, zorder=4)
        else:
            series.plot(ax=ax, color=st.edge, linewidth=st.lw, linestyle=st.ls, zorder=3)
        for coll in ax.collections[n_before:]:
            coll.set_gid(f"layer-{layer.id}")
            if st.hatch:
                coll.set_hatchcolor(to_rgba(st.edge, 0.55))
        drawn.append(layer.id)
    return drawn


# --- world stories: their world layers (issue 11). New functions beside the regional ones: a
# world story prints the boundaries its web map draws (``spec.layers``: the countries in its
# extent as context, the regions of the countries it names, chosen and made gap-free by
# geo/world.story_world_layers), each feature a place owns in its own group (``feature-…``).


def world_layer_views(spec: MapSpec) -> list:
    """The world layers of a story's map, in drawing order (none for a regional story)."""
    from components.geo.world import is_world_layer

    return [lv for lv in spec.layers if is_world_layer(lv.id)]


def world_layer_defs(spec: MapSpec) -> tuple[LayerDef, ...]:
    """Their ``LayerDef``s (print style, legend), from the world layer table."""
    from components.geo.world import WORLD_LAYER_BY_ID

    return tuple(WORLD_LAYER_BY_ID[lv.id].layer_def() for lv in world_layer_views(spec))


def prints_regional_layers(spec: MapSpec) -> bool:
    """As the web map: a story that names only world features draws no regional layer."""
    world = {lv.id for lv in world_layer_views(spec)}
    return not world or any(lv.id not in world for lv in spec.layers)


def _draw_world_layers(ax, spec: MapSpec, geodata: GeoData, window, local: Local, view,
                       relief: bool = False) -> list[str]:
    """Draw a world story's world layers; return the ids of those visible (for the legend).

    The features are the web map's choice (``story_world_layers``: the countries around, the
    regions of the countries named) made again for the print's own window, so land beyond the
    web map's padded extent is not left blank like sea."""
    from components.geo.world import story_world_layers

    views = world_layer_views(spec)
    owned = {(lv.id, f["properties"]["fid"]) for lv in views for f in lv.data["features"] if f["properties"].get("place")}
    refs = [r for g in spec.geometry.values() for r in g.refs]
    chosen = {wl.layer.id: wl for wl in story_world_layers(geodata.world, refs, window, 0.0)}
    drawn = []
    tol = _print_tolerance(view)
    for lv, layer in zip(views, world_layer_defs(spec)):
        wl = chosen.get(lv.id)
        if wl is None:
            continue
        st = print_style(layer)
        groups: dict[str, list[BaseGeometry]] = {}
        for fid, _name, geom in wl.features:
            gid = f"feature-{lv.id}-{fid}" if (lv.id, fid) in owned else f"layer-{lv.id}"
            groups.setdefault(gid, []).append(geom)
        visible = False
        for gid, geoms in groups.items():
            series = _series(geoms, window, local, tol)
            if series.empty or not _in_view(series, view):
                continue
            visible = True
            n_before = len(ax.collections)
            if layer.geom == "polygon":
                face = to_rgba(*st.face) if st.face and not (relief and st.face[1] >= 1) else "none"
                series.plot(ax=ax, facecolor=face, edgecolor=st.edge, linewidth=st.lw,
                            linestyle=st.ls, hatch=st.hatch, zorder=2)
            else:
                series.plot(ax=ax, color=st.edge, linewidth=st.lw, linestyle=st.ls, zorder=3)
            for coll in ax.collections[n_before:]:
                coll.set_gid(gid)
        if visible:
            drawn.append(lv.id)
    return drawn


def _draw_selection(ax, spec: MapSpec, hl: list[str], focus: list[str], window, local: Local, view) -> None:
    for pid in hl:
        g = spec.geometry[pid]
        parts = [outline(x) for x in (g.shape, g.area, g.circle) if x is not None and x.geom_type != "Point"
                 and x.geom_type != "MultiPoint"]
        if not parts:
            continue
        series = _series(parts, window, local, _print_tolerance(view))
        if series.empty:
            continue
        strong = pid in focus
        casing = [patheffects.Stroke(linewidth=4.6 if strong else 2.8, foreground="black"), patheffects.Normal()]
        n_before = len(ax.collections)
        series.plot(ax=ax, color=HL_COLOR, linewidth=2.6 if strong else 1.4,
                    linestyle="solid" if strong else (0, (4, 2)), zorder=6)
        for coll in ax.collections[n_before:]:
            coll.set_path_effects(casing)
            coll.set_gid(f"selected-{pid}")


@dataclass
class _Label:
    text: str
    x: float
    y: float
    kind: str  # marker | area | line | country | capital (a context town: its own dot)
    strong: bool
    role: str = "story"  # story | context (components/map/labels.py)
    priority: float = 0.0


def _marker_sites(spec: MapSpec, local: Local) -> dict[tuple[float, float], list]:
    sites: dict[tuple[float, float], list] = {}
    for m in spec.markers:
        sites.setdefault((m.lat, m.lon), []).append(m)
    return {local.fwd.transform(lon, lat): ms for (lat, lon), ms in sites.items()}


def _draw_markers(ax, spec: MapSpec, hl: set[str], local: Local, view) -> list[tuple[float, float]]:
    x0, x1, y0, y1 = view
    for c in spec.circles:
        ring = local.to_m(spec.geometry[c.place].circle)
        patch = MplPolygon(np.asarray(ring.exterior.coords), closed=True,
                           facecolor=to_rgba(CIRCLE_STYLE["fillColor"], 0.08), edgecolor=CIRCLE_STYLE["color"],
                           linewidth=0.9, linestyle=(0, (4, 3)), zorder=5)
        patch.set_gid(f"circle-{c.place}")
        ax.add_patch(patch)
    shown = []
    for (x, y), ms in _marker_sites(spec, local).items():
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        selected = any(m.place in hl for m in ms)
        approx = all(m.approximate for m in ms)
        size = 9 if selected else 6.5
        if approx:
            kw = dict(marker="o", markersize=size + 1.5, markerfacecolor=HL_COLOR if selected else "white",
                      markeredgecolor="black" if selected else MARKER_STYLE["approx"]["color"], markeredgewidth=1.4)
        else:
            kw = dict(marker="o", markersize=size, markerfacecolor=HL_COLOR if selected else MARKER_STYLE["point"]["color"],
                      markeredgecolor="black" if selected else "white", markeredgewidth=1.0)
        (line,) = ax.plot([x], [y], linestyle="none", zorder=8, **kw)
        line.set_gid("marker-" + "-".join(m.place for m in ms))
        if approx:
            ax.text(x, y, "≈", ha="center", va="center", fontsize=6, fontweight="bold", zorder=9,
                    color="black" if selected else MARKER_STYLE["approx"]["color"])
        shown.append((x, y))
    return shown


def _visible_anchor(geom: BaseGeometry, view) -> tuple[float, float] | None:
    x0, x1, y0, y1 = view
    inner = shapely.box(x0 + (x1 - x0) * 0.06, y0 + (y1 - y0) * 0.06, x1 - (x1 - x0) * 0.06, y1 - (y1 - y0) * 0.06)
    vis = geom.intersection(inner)
    if vis.is_empty:
        return None
    if vis.geom_type in ("Polygon", "MultiPolygon"):
        part = max(getattr(vis, "geoms", [vis]), key=lambda p: p.area)
        if part.area < inner.area * 0.002:
            return None
        pt = shapely.ops.polylabel(part, tolerance=max(part.length / 200, 1.0))
    elif vis.geom_type in ("LineString", "MultiLineString"):
        part = max(getattr(vis, "geoms", [vis]), key=lambda p: p.length)
        pt = part.interpolate(0.5, normalized=True)
    else:
        return None
    return pt.x, pt.y


def _print_zoom(view, local: Local) -> float:
    """The web map's zoom with the print's scale (a print point ~ 1.33 CSS px): the table's
    ``min_zoom`` then means the same on paper as on screen."""
    x0, x1, y0, y1 = view
    lon0, lat0 = local.inv.transform(x0, (y0 + y1) / 2)
    lon1, _ = local.inv.transform(x1, (y0 + y1) / 2)
    px = MAP_RECT[2] * FIG_SIZE_IN[0] * 96
    return math.log2(max(px / max(lon1 - lon0, 1e-6) * 360 / 256, 1e-6))


def _labels(story: Story, spec: MapSpec, hl: set[str], local: Local, view) -> list[_Label]:
    """The map's label table (``spec.labels``, components/map/labels.py) as print labels: the
    same texts, anchors, kinds and order; names of markers at one site merged into one label; an
    area whose anchor lies outside the print is labelled at its visible part."""
    out: list[_Label] = []
    x0, x1, y0, y1 = view
    zoom = _print_zoom(view, local)
    sites: dict[tuple[float, float], list[Label]] = {}
    inner = (x0 + (x1 - x0) * 0.03, x1 - (x1 - x0) * 0.03, y0 + (y1 - y0) * 0.03, y1 - (y1 - y0) * 0.03)
    for lb in spec.labels:
        strong = lb.place in hl if lb.place else False
        if lb.role == "context" and lb.min_zoom > zoom:
            continue
        x, y = local.fwd.transform(lb.lon, lb.lat)
        if lb.kind in ("point", "capital"):
            if x0 <= x <= x1 and y0 <= y <= y1:
                sites.setdefault((round(x), round(y)), []).append(lb)
            continue
        if not (inner[0] <= x <= inner[1] and inner[2] <= y <= inner[3]):
            g = spec.geometry.get(lb.place) if lb.place else None
            at = _visible_anchor(local.to_m(g.shape), view) if g is not None and g.shape is not None else None
            if at is None:
                continue
            x, y = at
        kind = {"country": "country", "line": "line"}.get(lb.kind, "area")
        text = lb.text.upper() if kind == "country" else textwrap.fill(lb.text, 22)
        out.append(_Label(text, x, y, kind, strong, lb.role, lb.priority))
    for (x, y), lbs in sites.items():
        names = list(dict.fromkeys(lb.text for lb in lbs))
        out.append(_Label("\n".join(textwrap.fill(n, 26) for n in names), x, y,
                          "marker" if any(lb.kind == "point" for lb in lbs) else "capital",
                          any(lb.place in hl for lb in lbs if lb.place), lbs[0].role, max(lb.priority for lb in lbs)))
    rank = {"marker": 0, "area": 1, "line": 2, "country": 3, "capital": 4}
    return sorted(out, key=lambda lb: (not lb.strong, lb.role != "story", lb.kind != "marker", rank[lb.kind], -lb.priority))


MARKER_OFFSETS = [(7, 0, "left", "center"), (-7, 0, "right", "center"), (0, 8, "center", "bottom"),
                  (0, -8, "center", "top"), (6, 6, "left", "bottom"), (6, -6, "left", "top"),
                  (-6, 6, "right", "bottom"), (-6, -6, "right", "top"), (0, 18, "center", "bottom"),
                  (0, -18, "center", "top"), (-6, 16, "right", "bottom"), (-6, -16, "right", "top"),
                  (6, 16, "left", "bottom"), (6, -16, "left", "top")]
AREA_OFFSETS = [(0, 0, "center", "center"), (0, 10, "center", "center"), (0, -10, "center", "center"),
                (20, 0, "center", "center"), (-20, 0, "center", "center"), (0, 20, "center", "center"),
                (0, -20, "center", "center")]


def _place_labels(fig: Figure, ax, labels: list[_Label], obstacles: list[tuple[float, float]],
                  furniture: list) -> list[str]:
    """Greedy placement: each label takes the first spot that overlaps nothing placed before
    (markers, the scale bar, the north arrow, earlier labels).

    A label that fits nowhere is left out, unless it names the selection (always drawn)."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    axbox = ax.get_window_extent(renderer)
    taken = [tuple(a.get_window_extent(renderer).extents) for a in furniture]
    for x, y in obstacles:
        px, py = ax.transData.transform((x, y))
        r = 6 * fig.dpi / 72
        taken.append((px - r, py - r, px + r, py + r))
    placed = []
    for lb in labels:
        style = {"marker": dict(fontsize=6.5), "area": dict(fontsize=7, fontweight="bold", color="#2d2d2d"),
                 "line": dict(fontsize=6.5, fontstyle="italic", color="#333333"),
                 "country": dict(fontsize=8, color="#555555", fontweight="bold"),
                 "capital": dict(fontsize=6.5, color="#333333")}[lb.kind]
        if lb.role == "context" and lb.kind != "capital":
            style = dict(style, fontweight="normal", color="#555555")
        if lb.strong:
            style = dict(style, fontweight="bold", color="black", fontsize=style["fontsize"] + 0.5)
        offsets = MARKER_OFFSETS if lb.kind in ("marker", "capital") else AREA_OFFSETS
        chosen = None
        for dx, dy, ha, va in offsets:
            kw = dict(xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, linespacing=1.05, **style)
            t = ax.annotate(lb.text, (lb.x, lb.y), zorder=10, **kw)
            bb = t.get_window_extent(renderer)
            box = (bb.x0 - 2, bb.y0 - 2, bb.x1 + 2, bb.y1 + 2)
            inside = axbox.x0 <= box[0] and box[2] <= axbox.x1 and axbox.y0 <= box[1] and box[3] <= axbox.y1
            free = not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken)
            if inside and free:
                chosen = (t, box, kw)
                break
            t.remove()
        if chosen is None and lb.strong:
            dx, dy, ha, va = offsets[0]
            kw = dict(xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, linespacing=1.05, **style)
            chosen = (ax.annotate(lb.text, (lb.x, lb.y), zorder=10, **kw), None, kw)
        if chosen is not None:
            t, box, kw = chosen
            t.set_gid("label")  # real text in the SVG; its white halo is a separate outline below it
            halo = ax.annotate(lb.text, (lb.x, lb.y), zorder=9.9, path_effects=HALO, **dict(kw, color="white"))
            halo.set_gid("label-halo")
            if box:
                taken.append(box)
            if lb.kind == "capital":
                (dot,) = ax.plot([lb.x], [lb.y], "o", markersize=3, color="#333333", markeredgecolor="white",
                                 markeredgewidth=0.6, zorder=8)
                dot.set_gid("capital")
            placed.append(lb.text.replace("\n", " "))
    return placed


def _nice_length_km(width_m: float) -> int:
    target = width_m / 1000 * 0.22
    for n in (10, 20, 25, 50, 100, 150, 200, 250, 500, 1000, 2000):
        if n >= target:
            return n
    return 2000


def _scale_bar(ax, view) -> list:
    x0, x1, y0, y1 = view
    km = _nice_length_km(x1 - x0)
    length = km * 1000.0
    bx, by = x0 + (x1 - x0) * 0.035, y0 + (y1 - y0) * 0.045
    h = (y1 - y0) * 0.012
    bg = ax.add_patch(Rectangle((bx - (x1 - x0) * 0.012, by - h * 1.4), length + (x1 - x0) * 0.05, h * 5.4,
                                facecolor=(1, 1, 1, 0.85), edgecolor="none", zorder=11, gid="scale-bar-bg"))
    for i in range(4):
        ax.add_patch(Rectangle((bx + i * length / 4, by), length / 4, h, facecolor="black" if i % 2 == 0 else "white",
                               edgecolor="black", linewidth=0.6, zorder=12, gid="scale-bar"))
    for frac, text in ((0, "0"), (0.5, f"{km / 2:g}"), (1, f"{km:g} km")):
        ax.text(bx + frac * length, by + h * 1.6, text, ha="center", va="bottom", fontsize=6, zorder=12)
    return [bg]


def _north_arrow(ax, view, local: Local) -> list:
    """Points to true north at the arrow's own position (grid north differs off the centre)."""
    x0, x1, y0, y1 = view
    ax_x, ax_y = x1 - (x1 - x0) * 0.05, y1 - (y1 - y0) * 0.16
    lon, lat = local.inv.transform(ax_x, ax_y)
    nx, ny = local.fwd.transform(lon, min(lat + 0.1, 89.9))
    ang = math.atan2(nx - ax_x, ny - ax_y)
    size = (y1 - y0) * 0.08
    dx, dy = math.sin(ang) * size, math.cos(ang) * size
    px, py = -dy * 0.28, dx * 0.28
    tip = (ax_x + dx / 2, ax_y + dy / 2)
    base_l = (ax_x - dx / 2 + px, ax_y - dy / 2 + py)
    base_r = (ax_x - dx / 2 - px, ax_y - dy / 2 - py)
    mid = (ax_x - dx * 0.25, ax_y - dy * 0.25)
    ax.add_patch(MplPolygon([tip, base_l, mid], closed=True, facecolor="black", edgecolor="black", lw=0.6, zorder=12,
                            gid="north-arrow"))
    ax.add_patch(MplPolygon([tip, mid, base_r], closed=True, facecolor="white", edgecolor="black", lw=0.6, zorder=12,
                            gid="north-arrow"))
    n = ax.text(tip[0] + dx * 0.12, tip[1] + dy * 0.12, "N", ha="center", va="bottom", fontsize=8,
                fontweight="bold", zorder=12, path_effects=HALO)
    body = Rectangle((ax_x - size * 0.3, ax_y - size * 0.55), size * 0.6, size * 1.1, fill=False, edgecolor="none")
    ax.add_patch(body)
    return [n, body]


def _legend(fig: Figure, drawn: list[str], defs: tuple[LayerDef, ...], spec: MapSpec, selection: bool) -> None:
    handles, labels = [], []

    def add(h, text):
        handles.append(h)
        labels.append(textwrap.fill(text, 30))

    if selection:
        add((Line2D([], [], color="black", lw=4.6), Line2D([], [], color=HL_COLOR, lw=2.6)), "Selected")
    if any(not m.approximate for m in spec.markers):
        add(Line2D([], [], ls="none", marker="o", ms=6.5, mfc=MARKER_STYLE["point"]["color"], mec="white"),
            "Place named in the story")
    if any(m.approximate for m in spec.markers):
        add(Line2D([], [], ls="none", marker="o", ms=8, mfc="white", mec=MARKER_STYLE["approx"]["color"], mew=1.4),
            "Approximate location (≈: an area, not a site)")
    if spec.circles:
        add(Patch(facecolor=to_rgba(CIRCLE_STYLE["fillColor"], 0.08), edgecolor=CIRCLE_STYLE["color"], lw=0.9,
                  ls=(0, (4, 3))), "Uncertainty radius")
    titles = {lv.id: lv.title for lv in spec.layers}
    for layer in reversed(defs):
        if layer.id not in drawn:
            continue
        st = print_style(layer)
        if layer.geom == "polygon":
            face = to_rgba(*st.face) if st.face else "none"
            h = Patch(facecolor=face, edgecolor=st.edge, lw=st.lw, ls=st.ls, hatch=st.hatch)
        elif layer.geom == "point":
            h = Line2D([], [], ls="none", marker="o", ms=4, color=st.edge)
        else:
            h = Line2D([], [], color=st.edge, lw=st.lw, ls=st.ls)
        add(h, titles.get(layer.id, layer.title))
    lax = fig.add_axes(LEGEND_RECT)
    lax.set_axis_off()
    leg = lax.legend(handles, labels, loc="upper left", frameon=False, fontsize=6.5, title="Legend",
                     title_fontproperties={"weight": "bold", "size": 8}, alignment="left", handlelength=2.4,
                     handleheight=1.3, labelspacing=0.75, borderaxespad=0, handler_map={tuple: HandlerTuple(ndivide=1)})
    leg.set_gid("legend")


def _subtitle(story: Story, sel: Selection) -> str:
    src = ", ".join(x for x in (story.source.publisher,
                                 story.source.published and f"{story.source.published:%d %B %Y}") if x)
    if sel.passage:
        p = story.passage(sel.passage)
        return f"¶{story.passage_index(p.id) + 1} of {len(story.passages)}: {excerpt(p.text, 250)}"
    if sel.place:
        place = story.place(sel.place)
        paras = ", ".join(f"¶{story.passage_index(p.id) + 1}" for p in story.passages_of(place.id)) or "no passage"
        prec = PRECISION_TEXT[place.precision]
        return f"Selected: {place.name} (precision: {prec}); named in {paras}.  Source: {src}"
    return f"Source: {src}"


def draw_static_map(story: Story, spec: MapSpec, geodata: GeoData, sel: Selection = Selection(),
                    dpi: int = DEFAULT_DPI, relief: bool = False) -> StaticMap:
    """``relief``: the offline shaded relief under the layers (off by default: prints stay
    light and read in black and white; ``storymap export --relief``)."""
    check_dpi(dpi)
    hl = highlighted_places(story, sel)
    focus = focus_places(story, hl) if hl else []
    fig = Figure(figsize=FIG_SIZE_IN, dpi=dpi, facecolor="white")
    ax = fig.add_axes(MAP_RECT)
    aspect = (MAP_RECT[2] * FIG_SIZE_IN[0]) / (MAP_RECT[3] * FIG_SIZE_IN[1])
    local, view, center = _view(story, spec, focus, aspect)
    window = _lonlat_window(view, local)
    with rc_context({"hatch.linewidth": 0.45}):
        ax.set_facecolor(BACKGROUND)
        extra = {ref[0] for pid in hl for ref in spec.geometry[pid].refs}
        if relief:
            draw_relief(ax, local, view)
        drawn = _draw_layers(ax, geodata, window, local, extra, view, relief) if prints_regional_layers(spec) else []
        drawn += _draw_world_layers(ax, spec, geodata, window, local, view, relief)
        _draw_selection(ax, spec, hl, focus, window, local, view)
        obstacles = _draw_markers(ax, spec, set(hl), local, view)
        ax.set_xlim(view[0], view[1])
        ax.set_ylim(view[2], view[3])
        ax.set_aspect("equal", adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
        for side in ax.spines.values():
            side.set_linewidth(0.8)
        furniture = _scale_bar(ax, view) + _north_arrow(ax, view, local)
        placed = _place_labels(fig, ax, _labels(story, spec, set(hl), local, view), obstacles, furniture)
        _legend(fig, drawn, geodata.defs + world_layer_defs(spec), spec, bool(hl))
        draw_inset(fig, spec.fit_bounds)
    title = textwrap.wrap(story.title, 88)
    if len(title) > 2:
        title = [title[0], excerpt(" ".join(title[1:]), 85)]
    fig.text(0.015, 0.978, "\n".join(title), ha="left", va="top", fontsize=11, fontweight="bold", gid="title")
    sub = textwrap.wrap(_subtitle(story, sel), 135)[:2]
    top = 0.978 - len(title) * 11 * 1.25 / 72 / FIG_SIZE_IN[1] - 0.012
    fig.text(0.015, top, "\n".join(sub), ha="left", va="top", fontsize=7.5, linespacing=1.25, gid="subtitle")
    credits = ("Sources: " + "; ".join(c for c in spec.credits if relief or c != RELIEF_CREDIT) + ". Projection: transverse Mercator centred on "
               f"{center[1]:.2f}°N {center[0]:.2f}°E. Made with the Pamir story map.")
    fig.text(0.015, 0.078, textwrap.fill(credits, 175), ha="left", va="top", fontsize=5.3, color="#333333",
             linespacing=1.3, gid="attribution")
    return StaticMap(fig, ax, local.fwd, view, placed, drawn)


def render_image(story: Story, spec: MapSpec, geodata: GeoData, fmt: str, sel: Selection = Selection(),
                 dpi: int = DEFAULT_DPI, relief: bool = False) -> bytes:
    if fmt not in ("png", "svg"):
        raise ValueError(f"image format must be png or svg, got {fmt!r}")
    return draw_static_map(story, spec, geodata, sel, dpi, relief).to_bytes(fmt)


# --- publishing (issue 13): a vector print PDF and a 1200x630 social-card preview. Kept as new
# functions below the renderer so that changes to the drawing itself merge apart from them.
PREVIEW_SIZE = (1200, 630)  # px: Open Graph / Twitter "summary_large_image"
PREVIEW_MAP_DPI = 105  # the 8x6 in print drawn at 105 dpi is 840x630: the card's left part
PDF_METADATA = {"Creator": "Pamir story map", "Producer": None, "CreationDate": None}  # same story, same bytes


def pdf_bytes(static: StaticMap) -> bytes:
    """The drawn map as a vector PDF (text stays text: labels can be searched and copied)."""
    buf = io.BytesIO()
    with rc_context({"pdf.fonttype": 42}):
        static.fig.savefig(buf, format="pdf", metadata=PDF_METADATA, facecolor="white")
    return buf.getvalue()


def render_pdf(story: Story, spec: MapSpec, geodata: GeoData, sel: Selection = Selection(),
               relief: bool = False) -> bytes:
    return pdf_bytes(draw_static_map(story, spec, geodata, sel, DEFAULT_DPI, relief))


def preview_bytes(story: Story, static: StaticMap) -> bytes:
    """A 1200x630 PNG for social cards: the print map on the left, the title and source at the
    right, drawn by matplotlib (same fonts as the print)."""
    buf = io.BytesIO()
    static.fig.savefig(buf, format="png", dpi=PREVIEW_MAP_DPI, metadata={"Software": None}, facecolor="white")
    buf.seek(0)
    from matplotlib.image import imread

    img = imread(buf, format="png")
    w, h = PREVIEW_SIZE
    fig = Figure(figsize=(w / 100, h / 100), dpi=100, facecolor="white")
    FigureCanvasAgg(fig)
    mw = img.shape[1] / w
    ax = fig.add_axes((0, (h - img.shape[0]) / h / 2, mw, img.shape[0] / h))
    ax.imshow(img, interpolation="none")
    ax.set_axis_off()
    fig.add_artist(Rectangle((mw, 0), 0.008, 1, transform=fig.transFigure, color=HL_COLOR))
    x = mw + 0.025
    title = textwrap.wrap(story.title, 21)
    if len(title) > 6:
        title = title[:5] + [excerpt(" ".join(title[5:]), 20)]
    fig.text(x, 0.92, "\n".join(title), ha="left", va="top", fontsize=17, fontweight="bold", linespacing=1.2)
    src = story.source
    bits = [b for b in (src.publisher, f"{src.published:%d %B %Y}" if src.published else "") if b]
    lines = textwrap.wrap(" · ".join(bits), 34)[:2] + [f"{len(story.passages)} passages · {len(story.places)} places"]
    fig.text(x, 0.2, "\n".join(lines), ha="left", va="bottom", fontsize=12, color="#444444", linespacing=1.35)
    fig.text(x, 0.06, "Pamir story map", ha="left", va="bottom", fontsize=11, color="#7a4b00", fontweight="bold")
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=100, metadata={"Software": None}, facecolor="white")
    return out.getvalue()


def render_preview(story: Story, spec: MapSpec, geodata: GeoData, sel: Selection = Selection()) -> bytes:
    return preview_bytes(story, draw_static_map(story, spec, geodata, sel, DEFAULT_DPI))
