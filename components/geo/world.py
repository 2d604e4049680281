"""World boundary layers (Natural Earth admin-0 and admin-1, GeoParquet), loaded only when used.

The seed story draws only the detailed regional layers (``layers.py``); a story that names a
place anywhere else refers to a world layer exactly as to a regional one —
``geometry: {layer: world-countries, feature: MLI}`` — and only then are the world tables read
(``geodata/world/*.parquet``, a few MB; ``WorldData`` reads each file on its first use, once per
process). One table, ``WORLD_LAYERS``, says for each world layer which file, which id and name
columns, what kind of geometry, and how it is titled, credited, drawn and how accurate it is
(the ``accuracy`` key names its entry in ``geodata/accuracy.yaml``): adding a layer is one entry.

What a story's map needs from the world data is ``story_world_layers``: the features it names,
the countries around them as context, clipped to the story's extent, simplified together so
neighbours stay gap-free. Every world geometry bound for the browser goes through
``to_browser`` (the one place to make it web-safe: antimeridian, poles, degenerate shapes).
"""

from __future__ import annotations

import difflib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from components.errors import GeodataError
from components.geo.layers import LayerDef

WORLD_DIR = Path(__file__).resolve().parents[2] / "geodata" / "world"


@dataclass(frozen=True)
class WorldLayer:
    """One world layer: a GeoParquet file under ``geodata/world`` and how stories and maps use it."""

    id: str  # the layer id stories use
    file: str  # under geodata/world
    id_column: str  # feature id = this column, as a string
    name_column: str  # the feature's name (tooltips, labels, claims)
    geom: str  # "polygon" | "point"
    title: str  # legend and layer-control label
    attribution: str  # key of layers.ATTRIBUTION
    style: dict = field(default_factory=dict)
    accuracy: str = ""  # key in accuracy.yaml's ``layers`` ("" = the layer id)
    country_column: str = ""  # ADM0_A3 of the feature's country, if the table has it
    context: bool = True  # polygons: draw unnamed features of the story's countries as context
    draw: bool = True  # False: data only (markers come from resolve), no map layer
    show: bool = True

    @property
    def accuracy_key(self) -> str:
        return self.accuracy or self.id

    def layer_def(self) -> LayerDef:
        """The same layer as a regional ``LayerDef`` (legend, print, claims titles)."""
        return LayerDef(self.id, f"world/{self.file}", self.title, self.geom, self.attribution,
                        dict(self.style), draw=self.draw, show=self.show)


WORLD_LAYERS: tuple[WorldLayer, ...] = (
    WorldLayer(
        "world-countries", "countries.parquet", "ADM0_A3", "NAME", "polygon", "Countries", "ne-world",
        {"color": "#6b6b6b", "weight": 1.2, "fillColor": "#f2efe9", "fillOpacity": 1.0},
        country_column="ADM0_A3",
    ),
    WorldLayer(
        "world-admin1", "admin1.parquet", "adm1_code", "name", "polygon", "Provinces and regions", "ne-world",
        {"color": "#8073ac", "weight": 1.0, "dashArray": "3 3", "fillColor": "#b2abd2", "fillOpacity": 0.12},
        country_column="adm0_a3",
    ),
    # GeoNames settlements (>= 5,000 people, geodata/build_gazetteer.py): feature id = geonameid.
    # Points: drawn as the story's markers (resolve.py), like the regional ``places`` layer, so
    # the layer itself is data only; its country is the country polygon it stands in.
    WorldLayer(
        "world-places", "places.parquet", "id", "name", "point", "Settlements", "geonames",
        context=False, draw=False,
    ),
)

WORLD_LAYER_BY_ID = {layer.id: layer for layer in WORLD_LAYERS}
COUNTRIES = "world-countries"
LAND_TOLERANCE_KM = 25.0  # a settlement further from every country polygon is "in the sea"


def is_world_layer(layer_id: str) -> bool:
    return layer_id in WORLD_LAYER_BY_ID


class WorldData:
    """The world tables, each read on first use. Shared by every session (reads are locked)."""

    def __init__(self, folder: Path = WORLD_DIR, layers: tuple[WorldLayer, ...] = WORLD_LAYERS):
        self.folder = Path(folder)
        self.defs = {layer.id: layer for layer in layers}
        self._tables: dict = {}
        self._by_id: dict[str, dict[str, BaseGeometry]] = {}
        self._trees: dict[str, shapely.STRtree] = {}
        self._lock = threading.Lock()
        self.files_read: list[str] = []  # for tests and the bench: what was actually read

    # --- tables ---------------------------------------------------------------------------

    def table(self, layer_id: str):
        """The layer as a GeoDataFrame indexed by feature id, with ``id`` and ``name`` columns."""
        if layer_id not in self._tables:
            with self._lock:
                if layer_id not in self._tables:
                    self._tables[layer_id] = self._read(self.defs[layer_id])
        return self._tables[layer_id]

    def _read(self, layer: WorldLayer):
        import geopandas as gpd  # the seed story's start never reaches here

        path = self.folder / layer.file
        name = f"world/{layer.file}"
        if not path.is_file():
            raise GeodataError(name, None, f"file not found ({path}); rebuild with geodata/build_world.py")
        try:
            gdf = gpd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types for truncated files
            raise GeodataError(name, None, f"cannot be read as GeoParquet: {str(exc)[:200]}") from None
        for col in (layer.id_column, layer.name_column):
            if col not in gdf.columns:
                raise GeodataError(name, col, f"column {col!r} missing (layer {layer.id})")
        ids = gdf[layer.id_column].astype(str)
        if ids.duplicated().any():
            raise GeodataError(name, layer.id_column, f"duplicate ids {sorted(set(ids[ids.duplicated()]))[:10]}")
        gdf = gdf.assign(id=ids.values, name=gdf[layer.name_column].astype(str).values)
        self.files_read.append(name)
        return gdf.set_index("id", drop=False)

    def tree(self, layer_id: str) -> shapely.STRtree:
        if layer_id not in self._trees:
            self._trees[layer_id] = shapely.STRtree(self.table(layer_id).geometry.values)
        return self._trees[layer_id]

    # --- features ---------------------------------------------------------------------------

    def has_layer(self, layer_id: str) -> bool:
        return layer_id in self.defs

    def has_feature(self, layer_id: str, fid: str) -> bool:
        return layer_id in self.defs and fid in self.table(layer_id).index

    def feature(self, layer_id: str, fid: str) -> BaseGeometry:
        by_id = self._by_id.get(layer_id)
        if by_id is None:
            gdf = self.table(layer_id)
            by_id = self._by_id[layer_id] = dict(zip(gdf["id"], gdf.geometry.values))
        return by_id[fid]

    def name(self, layer_id: str, fid: str) -> str:
        return str(self.table(layer_id).at[fid, "name"])

    def suggest(self, layer_id: str, fid: str, n: int = 5) -> list[str]:
        """Close ids or names for a feature that does not exist (for the error message)."""
        gdf = self.table(layer_id)
        ids = list(gdf["id"])
        close = difflib.get_close_matches(fid, ids, n=n, cutoff=0.5)
        by_name = {str(nm).casefold(): i for i, nm in zip(gdf["id"], gdf["name"])}
        for nm in difflib.get_close_matches(fid.casefold(), list(by_name), n=n, cutoff=0.6):
            close.append(f"{by_name[nm]} ({gdf.at[by_name[nm], 'name']})")
        return list(dict.fromkeys(close))[:n]

    def query(self, layer_id: str, geom: BaseGeometry) -> np.ndarray:
        """Row positions of the features that intersect ``geom`` (spatial index, then exact test)."""
        return np.sort(self.tree(layer_id).query(geom, predicate="intersects"))

    def at(self, layer_id: str, lon: float, lat: float) -> list[str]:
        """Ids of the features containing a point (e.g. the admin-1 region of a settlement)."""
        rows = self.query(layer_id, shapely.Point(lon, lat))
        return list(self.table(layer_id)["id"].iloc[rows])

    def admin1_at(self, lon: float, lat: float) -> str | None:
        hits = self.at("world-admin1", lon, lat)
        return hits[0] if hits else None

    def km_to_land(self, lon: float, lat: float) -> float:
        """Geodesic km from a point to the nearest country polygon (0 inside one): a settlement
        further than ``LAND_TOLERANCE_KM`` from every country lies in the sea for this map (its
        coordinates are wrong, or it is an islet the 10 m countries do not hold)."""
        from components.geo.geodesy import km_between

        pt = shapely.Point(lon, lat)
        tree = self.tree(COUNTRIES)
        rows = tree.query(pt, predicate="dwithin", distance=1.0)
        if not len(rows):
            rows = tree.query_nearest(pt)
        geoms = self.table(COUNTRIES).geometry.values
        best = float("inf")
        for r in rows:
            g = geoms[r]
            if g.covers(pt):
                return 0.0
            near = shapely.shortest_line(pt, g).coords[-1]
            best = min(best, km_between(pt, shapely.Point(near)))
        return best

    def country_of(self, layer_id: str, fid: str) -> list[str]:
        """The country (ADM0_A3) of a feature: its own column, or the countries it lies in."""
        layer = self.defs[layer_id]
        if layer.country_column and layer.country_column in self.table(layer_id).columns:
            return [str(self.table(layer_id).at[fid, layer.country_column])]
        rp = shapely.point_on_surface(self.feature(layer_id, fid))
        return self.at(COUNTRIES, rp.x, rp.y)


_WORLD: WorldData | None = None
_WORLD_LOCK = threading.Lock()


def world_data() -> WorldData:
    """The shipped world tables (one per process; nothing is read until a table is used)."""
    global _WORLD
    if _WORLD is None:
        with _WORLD_LOCK:
            if _WORLD is None:
                _WORLD = WorldData()
    return _WORLD


def world_files_read() -> list[str]:
    """Which world files this process has read so far (tests: the seed story reads none)."""
    return list(_WORLD.files_read) if _WORLD is not None else []


# --- the map of a story ---------------------------------------------------------------------


@dataclass
class WorldWebLayer:
    layer: WorldLayer
    features: list[tuple[str, str, BaseGeometry]]  # (feature id, name, browser geometry)


def story_box(bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The story's extent padded for context: a quarter of its size, at least 1.5°, within the globe."""
    w, s, e, n = bounds
    pad_x = max(1.5, (e - w) * 0.25)
    pad_y = max(1.5, (n - s) * 0.25)
    return (max(-180.0, w - pad_x), max(-90.0, s - pad_y), min(180.0, e + pad_x), min(90.0, n + pad_y))


def browser_tolerance(box: tuple[float, float, float, float]) -> float:
    """Simplification for the browser: ~1/1500 of the view's larger side (0.005°-0.1°)."""
    return float(min(0.1, max(0.005, max(box[2] - box[0], box[3] - box[1]) / 1500.0)))


def _snap(geoms: np.ndarray, grid: float) -> np.ndarray:
    """Round vertices to the grid (shared vertices land together: neighbours stay gap-free);
    a shape the rounding made invalid is repaired alone (as websimplify.snap, without its import)."""
    if not grid:
        return geoms
    scale = round(1.0 / grid)
    out = np.asarray(shapely.transform(geoms, lambda c: np.round(c * scale) / scale), dtype=object)
    bad = ~shapely.is_valid(out)
    if np.any(bad):
        out[bad] = shapely.make_valid(out[bad])
    return out


def to_browser(geoms: list[BaseGeometry], box: tuple[float, float, float, float], tolerance: float,
               grid: float, coverage: bool) -> list[BaseGeometry | None]:
    """THE way world geometry goes to the browser: simplified (as a coverage when the shapes
    share edges, so neighbours stay gap-free), clipped to the view box, snapped to ``grid``.
    A shape that vanishes (outside the box, or collapsed) is ``None``: the caller drops it.
    Antimeridian and pole handling follow in ``map.spec._web_geometry`` (``geo/websafe.py``)."""
    arr = np.asarray(geoms, dtype=object)
    if tolerance and len(arr):
        if coverage and shapely.coverage_is_valid(arr):
            arr = np.asarray(shapely.coverage_simplify(arr, tolerance), dtype=object)
        else:
            arr = np.asarray(shapely.simplify(arr, tolerance, preserve_topology=True), dtype=object)
    clip = shapely.box(*box)
    arr = shapely.intersection(arr, clip)
    arr = _snap(arr, grid) if len(arr) else arr
    out: list[BaseGeometry | None] = []
    for g in arr:
        if g is not None and g.geom_type == "GeometryCollection":  # a clip may leave lines too
            parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon", "Point")]
            g = shapely.union_all(parts) if parts else None
        out.append(None if g is None or g.is_empty else g)
    return out


def story_world_layers(world: WorldData, refs: Iterable[tuple[str, str]],
                       bounds: tuple[float, float, float, float], grid: float) -> list[WorldWebLayer]:
    """The world layers of a story's map: what it names, with context, for its extent.

    ``refs``: the (world layer, feature) pairs the story's places draw or lie in; ``bounds``: the
    story's extent (all places). Context: every country in the padded extent (so the named
    countries' neighbours, clipped), and the other regions of the countries the story names.
    """
    named: dict[str, list[str]] = {}
    for layer_id, fid in refs:
        if world.has_layer(layer_id) and fid not in named.setdefault(layer_id, []):
            named[layer_id].append(fid)
    countries = set(named.get(COUNTRIES, []))
    for layer_id, fids in named.items():
        if layer_id != COUNTRIES:
            for fid in fids:
                countries.update(world.country_of(layer_id, fid))
    box = story_box(bounds)
    tol = browser_tolerance(box)
    clip = shapely.box(*box)
    out: list[WorldWebLayer] = []
    for layer in world.defs.values():
        if not layer.draw:
            continue
        if layer.id not in named and not (layer.id == COUNTRIES or (layer.context and countries)):
            continue
        gdf = world.table(layer.id)
        rows = world.query(layer.id, clip)
        sub = gdf.iloc[rows]
        keep = sub["id"].isin(named.get(layer.id, []))
        if layer.geom == "polygon" and layer.context:
            if layer.id == COUNTRIES:
                keep |= True
            elif layer.country_column in sub.columns:
                keep |= sub[layer.country_column].astype(str).isin(countries)
        sub = sub[keep]
        if not len(sub):
            continue
        geoms = to_browser(list(sub.geometry.values), box, tol if layer.geom == "polygon" else 0.0,
                           grid, coverage=layer.geom == "polygon")
        feats = [(fid, name, g) for fid, name, g in zip(sub["id"], sub["name"], geoms) if g is not None]
        if feats:
            out.append(WorldWebLayer(layer, feats))
    return out
