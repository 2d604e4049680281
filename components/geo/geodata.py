"""Loads and checks the shipped boundary files once, so every later step can trust them.

Each layer is checked on load: the file exists and parses, it has a CRS (another CRS is
reprojected to EPSG:4326, none is rejected), it has features with unique ``id``s and no empty
geometry. An invalid geometry is repaired with ``make_valid`` and the repair is reported in
``GeoData.repairs`` (shown in the app), never silently.
"""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from components.errors import GeodataError
from components.geo.geodesy import WGS84
from components.geo.layers import LAYERS, LayerDef
from components.geo.world import WorldData, is_world_layer, world_data

GEODATA_DIR = Path(__file__).resolve().parents[2] / "geodata"
GEODATA_ENV = "STORYMAP_GEODATA"


def load_layer(path: Path, layer: LayerDef | None = None) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Read one layer file and return it in EPSG:4326 with the list of repairs made."""
    name = path.name
    if not path.is_file():
        raise GeodataError(name, None, f"file not found ({path})")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for truncated/garbled files
        reason = str(exc).replace(str(path), name).split("; It might help")[0]
        raise GeodataError(name, None, f"cannot be read as a vector file: {reason}") from None
    if len(gdf) == 0:
        raise GeodataError(name, "features", "the layer has no features")
    if gdf.crs is None:
        raise GeodataError(name, "crs", "no coordinate reference system; expected EPSG:4326")
    _check_declared_crs(path)
    repairs: list[str] = []
    if not gdf.crs.equals(pyproj.CRS(WGS84)):
        repairs.append(f"{name}: reprojected from {gdf.crs.to_string()} to {WGS84}")
        gdf = gdf.to_crs(WGS84)
    if "id" not in gdf.columns:
        raise GeodataError(name, "id", "every feature needs an 'id' property")
    ids = gdf["id"].astype(str)
    dup = ids[ids.duplicated()].tolist()
    if dup:
        raise GeodataError(name, "id", f"duplicate feature ids: {sorted(set(dup))}")
    gdf["id"] = ids
    if "name" not in gdf.columns:
        gdf["name"] = ids
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    if empty.any():
        raise GeodataError(name, "geometry", f"empty geometry in features {ids[empty].tolist()}")
    coords, where = shapely.get_coordinates(gdf.geometry.values, return_index=True)
    bad = ~np.isfinite(coords).all(axis=1)
    if bad.any():
        raise GeodataError(name, "geometry", f"coordinates that are not numbers (NaN/inf) in features "
                           f"{sorted(set(ids.iloc[where[bad]]))[:10]}")
    off = (np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90)
    if off.any():
        raise GeodataError(name, "geometry", f"coordinates outside longitude -180..180 / latitude -90..90 in "
                           f"features {sorted(set(ids.iloc[where[off]]))[:10]}")
    _refuse_degenerate(name, ids, gdf.geometry)
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        for fid, geom in zip(ids[invalid], gdf.geometry[invalid]):
            repairs.append(f"{name}: feature {fid!r} was invalid ({shapely.is_valid_reason(geom)}); repaired with make_valid")
        gdf.loc[invalid, "geometry"] = shapely.make_valid(gdf.geometry[invalid].values)
    if layer is not None:
        kinds = {"polygon": ("Polygon", "MultiPolygon"), "line": ("LineString", "MultiLineString"),
                 "point": ("Point", "MultiPoint")}[layer.geom]
        wrong = ~gdf.geom_type.isin(kinds)
        if wrong.any():
            raise GeodataError(name, "geometry", f"expected {layer.geom} features, found "
                               f"{sorted(set(gdf.geom_type[wrong]))} in {ids[wrong].tolist()}")
    return gdf.set_index("id", drop=False), repairs


def _refuse_degenerate(name: str, ids, geoms) -> None:
    """A polygon without area or a line without length cannot be drawn, clicked or measured
    (``make_valid`` would turn it into a line or a point): refused, naming the features."""
    kinds = geoms.geom_type
    valid = shapely.is_valid(geoms.values)
    area = np.where(valid, shapely.area(geoms.values), 0.0)
    if not valid.all():  # a bow tie's signed areas cancel out: measure it as make_valid will repair it
        area[~valid] = shapely.area(shapely.make_valid(geoms.values[~valid]))
    flat = kinds.isin(("Polygon", "MultiPolygon")) & (area == 0)
    short = kinds.isin(("LineString", "MultiLineString")) & (shapely.length(geoms.values) == 0)
    for bad, what in ((flat, "polygons with zero area (all their points on one line, or repeated)"),
                      (short, "lines with zero length (all their points the same)")):
        if bad.any():
            raise GeodataError(name, "geometry", f"degenerate geometry: {what} in features "
                               f"{sorted(set(ids[bad.values]))[:10]}")


def _check_declared_crs(path: Path) -> None:
    """GDAL reads a GeoJSON whose ``crs`` member it does not understand as EPSG:4326, silently;
    a declared CRS must be one pyproj knows, or the file is rejected. Most files declare none:
    a byte search rules that out before a full parse (which cost a cold start 0.2 s)."""
    if path.suffix.lower() not in (".geojson", ".json"):
        return
    raw = path.read_bytes()
    if b'"crs"' not in raw:  # no member of that name anywhere: parsing the whole file would find none
        return
    try:
        declared = json.loads(raw).get("crs")
    except (ValueError, AttributeError):
        return  # GDAL read it; its own parser is the judge of the syntax
    if not declared:
        return  # RFC 7946: no crs member means WGS84
    name = declared.get("properties", {}).get("name") if isinstance(declared, dict) else None
    try:
        pyproj.CRS(name)
    except (pyproj.exceptions.CRSError, TypeError):
        raise GeodataError(path.name, "crs", f"unknown coordinate reference system {str(name)[:60]!r}") from None


@dataclass
class GeoData:
    """All layers, by layer id. Immutable by convention: shared by every session."""

    layers: dict[str, gpd.GeoDataFrame]
    repairs: list[str] = field(default_factory=list)
    folder: Path = GEODATA_DIR
    defs: tuple[LayerDef, ...] = LAYERS  # the layer table these layers were loaded with
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # derived data (web geometry)

    @property
    def world(self) -> WorldData:
        """The world layers (components/geo/world.py): read on first use, shared by the process."""
        return world_data()

    def has_layer(self, layer_id: str) -> bool:
        """A regional layer loaded here, or a world layer (which costs nothing until used)."""
        return layer_id in self.layers or is_world_layer(layer_id)

    def layer(self, layer_id: str) -> gpd.GeoDataFrame:
        if layer_id not in self.layers and is_world_layer(layer_id):
            return self.world.table(layer_id)
        return self.layers[layer_id]

    def feature(self, layer_id: str, feature_id: str) -> BaseGeometry:
        if layer_id not in self.layers and is_world_layer(layer_id):
            return self.world.feature(layer_id, feature_id)
        by_id = self.cache.get(("features", layer_id))
        if by_id is None:  # a dict per layer: pandas .loc per lookup is slow for 10,000 places
            gdf = self.layers[layer_id]
            by_id = self.cache[("features", layer_id)] = dict(zip(gdf["id"], gdf.geometry))
        return by_id[feature_id]

    def has_feature(self, layer_id: str, feature_id: str) -> bool:
        if layer_id not in self.layers and is_world_layer(layer_id):
            return self.world.has_feature(layer_id, feature_id)
        return layer_id in self.layers and feature_id in self.layers[layer_id].index

    def companion_file(self, name: str) -> Path:
        """A file that describes these layers (``gazetteer.yaml``, ``accuracy.yaml``): the loaded
        folder's own when it has one, else the shipped ``geodata/`` one. A geodata folder holds
        the shipped layers and may add to them (``layers.json``), so the shipped file still names
        only layers it holds; a folder that changes what a shipped file says ships its own copy."""
        own = Path(self.folder) / name
        return own if own.is_file() else GEODATA_DIR / name


def geodata_dir() -> Path:
    """The boundary folder: ``$STORYMAP_GEODATA`` when set (tests, benchmarks, a trial dataset), else ``geodata/``."""
    env = os.environ.get(GEODATA_ENV)
    return Path(env).expanduser().resolve() if env else GEODATA_DIR


EXTRA_LAYERS_FILE = "layers.json"  # optional, in a geodata folder: more layers (bench/synth.py)


def extra_layers(folder: Path) -> tuple[LayerDef, ...]:
    """Layers declared by ``layers.json`` in ``folder`` (a list of LayerDef fields), if any."""
    path = Path(folder) / EXTRA_LAYERS_FILE
    if not path.is_file():
        return ()
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        return tuple(LayerDef(**item) for item in items)
    except (ValueError, TypeError) as exc:
        raise GeodataError(EXTRA_LAYERS_FILE, None, f"not a list of layer definitions: {str(exc)[:200]}") from None


def load_geodata(folder: Path | None = None, layers: tuple[LayerDef, ...] | None = None) -> GeoData:
    folder = geodata_dir() if folder is None else Path(folder)
    if layers is None:
        layers = LAYERS + extra_layers(folder)
    out: dict[str, gpd.GeoDataFrame] = {}
    repairs: list[str] = []
    for layer in layers:
        gdf, fixed = load_layer(folder / layer.file, layer)
        out[layer.id] = gdf
        repairs += fixed
    return GeoData(out, repairs, folder, tuple(layers))
