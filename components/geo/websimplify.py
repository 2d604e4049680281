"""Geometry for the browser: snapped to a grid and simplified per layer, shared edges kept shared.

The shipped layers are drawn from files made for measuring (the border must measure within 1.5 %
of the full-resolution line); the browser needs far fewer vertices. Each layer has a tolerance
(``LayerDef.simplify``, degrees). Polygon layers whose shapes share edges (``LayerDef.coverage``:
the countries; GBAO, its seven districts and Ishkashim, cut from one coverage) are simplified
*together*: their outlines are noded into faces, the faces snapped to the grid and simplified
as one coverage with ``shapely.coverage_simplify`` (every shared edge is simplified once, so
neighbours stay gap-free and GBAO stays the exact union of its districts), and each feature is
rebuilt from its faces. Lines are simplified alone; points are only snapped.

Computed once per ``GeoData`` (cached on it): it does not depend on the story.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from components.geo.geodata import GeoData
from components.geo.layers import LayerDef


def snap(geoms, grid: float):
    """Round every vertex to the grid (a vertex shared by two shapes lands on the same point)."""
    if not grid:
        return geoms
    scale = round(1.0 / grid)
    out = shapely.transform(geoms, lambda c: np.round(c * scale) / scale)
    out = shapely.remove_repeated_points(out)
    bad = ~shapely.is_valid(out)
    if np.any(bad):  # a sliver collapsed by the rounding: repair only that shape
        out = np.asarray(out, dtype=object)
        out[bad] = shapely.make_valid(out[bad])
    return out


def _faces(geoms) -> np.ndarray:
    """The planar partition of the group's polygons: every region bounded by their outlines."""
    lines = shapely.union_all(shapely.boundary(geoms))
    return shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))


def _owners(faces: np.ndarray, geoms) -> list[list[int]]:
    """For each original polygon, the faces it is made of (face inside polygon)."""
    pts = shapely.point_on_surface(faces)
    return [list(np.flatnonzero(shapely.within(pts, g))) for g in geoms]


def _coverage_group(geoms: list[BaseGeometry], tol: float, grid: float) -> list[BaseGeometry]:
    geoms = np.asarray(geoms, dtype=object)
    faces = _faces(geoms)
    owners = _owners(faces, geoms)
    faces = snap(faces, grid)
    faces = shapely.coverage_simplify(faces, tol) if tol else faces
    out = []
    for g, idx in zip(geoms, owners):
        if not idx:  # should not happen; never lose a feature
            out.append(snap(np.array([g], dtype=object), grid)[0])
        elif len(idx) == 1:
            out.append(faces[idx[0]])
        else:
            out.append(shapely.coverage_union_all(faces[idx]))
    return out


def _single_layer(defn: LayerDef, geoms: list[BaseGeometry], grid: float) -> list[BaseGeometry]:
    arr = snap(np.asarray(geoms, dtype=object), grid)
    tol = defn.simplify
    if not tol:
        return list(arr)
    if defn.geom == "polygon" and shapely.coverage_is_valid(arr):
        return list(shapely.coverage_simplify(arr, tol))
    if defn.geom != "point":
        return list(shapely.simplify(arr, tol, preserve_topology=True))
    return list(arr)


def web_geometries(geodata: GeoData, defs: tuple[LayerDef, ...], grid: float) -> dict[str, list[BaseGeometry]]:
    """Layer id -> the browser geometry of each feature, in the layer's row order."""
    key = ("web", grid, tuple((d.id, d.geom, d.simplify, d.coverage) for d in defs))
    cache = geodata.cache
    if key in cache:
        return cache[key]
    out: dict[str, list[BaseGeometry]] = {}
    groups: dict[str, list[LayerDef]] = {}
    for d in defs:
        if d.coverage and d.geom == "polygon":
            groups.setdefault(d.coverage, []).append(d)
        else:
            out[d.id] = _single_layer(d, list(geodata.layer(d.id).geometry), grid)
    for members in groups.values():
        geoms, spans = [], []
        for d in members:
            layer = list(geodata.layer(d.id).geometry)
            spans.append((d.id, len(geoms), len(geoms) + len(layer)))
            geoms += layer
        tol = min(d.simplify for d in members)
        simplified = _coverage_group(geoms, tol, grid)
        for lid, a, b in spans:
            out[lid] = simplified[a:b]
    cache[key] = out
    return out
