"""Geodesic measurements between two places, for checking claims.

Shapes are stored in longitude/latitude, where buffers and distances are not in kilometres.
Each measurement projects both shapes to an azimuthal equidistant projection centred on the
first one (``geodesy.Local.around``: distances from the centre are exact, others within ~0.2 %
over a few hundred km), finds the nearest points or the shared edge there, and reports the
figure geodesically (WGS84 ellipsoid) from the points found, so every number shown is a
geodesic one.
"""

from __future__ import annotations

import numpy as np
import shapely
import shapely.ops
from shapely.geometry.base import BaseGeometry

from components.geo.geodesy import GEOD, Local, geodesic_area_km2, geodesic_length_km, km_between, outline


def nearest_km(a: BaseGeometry, b: BaseGeometry, local: Local | None = None) -> float:
    """Shortest geodesic distance between two shapes (0 when they touch or overlap)."""
    local = local or Local.around(a)
    am, bm = local.to_m(a), local.to_m(b)
    if am.intersects(bm):
        return 0.0
    pa, pb = shapely.ops.nearest_points(am, bm)
    return km_between(local.to_deg(pa), local.to_deg(pb))


def farthest_km(region: BaseGeometry, b: BaseGeometry, local: Local | None = None) -> float:
    """How far the farthest point of ``region`` (its outline's vertices) lies from ``b``."""
    local = local or Local.around(region)
    bm = local.to_m(b)
    pts = shapely.points(shapely.get_coordinates(local.to_m(region)))
    if len(pts) == 0:
        return 0.0
    d = shapely.distance(pts, bm)
    i = int(np.argmax(d))
    if d[i] == 0:
        return 0.0
    pa, pb = shapely.ops.nearest_points(pts[i], bm)
    return km_between(local.to_deg(pa), local.to_deg(pb))


def buffered(geom_m: BaseGeometry, km: float) -> BaseGeometry:
    return geom_m.buffer(km * 1000.0, quad_segs=4) if km > 0 else geom_m


def edge_near_km(a: BaseGeometry, b: BaseGeometry, tol_km: float, local: Local | None = None) -> float:
    """Geodesic length of a's outline lying within ``tol_km`` of b (inside b counts)."""
    local = local or Local.around(a)
    piece = local.to_m(outline(a)).intersection(buffered(local.to_m(b), tol_km))
    return geodesic_length_km(local.to_deg(piece)) if not piece.is_empty else 0.0


def overlap_km2(a: BaseGeometry, b: BaseGeometry) -> float:
    if not (a.geom_type.endswith("Polygon") and b.geom_type.endswith("Polygon")):
        return 0.0
    inter = a.intersection(b)
    return geodesic_area_km2(inter) if not inter.is_empty else 0.0


def size(geom: BaseGeometry) -> tuple[float, str]:
    """Area (km²) for areas, length (km) for lines, count for points."""
    if geom.geom_type.endswith("Polygon") or geom.geom_type == "GeometryCollection":
        return geodesic_area_km2(geom), "km²"
    if geom.geom_type.endswith("LineString"):
        return geodesic_length_km(geom), "km"
    return float(len(shapely.get_coordinates(geom))), "points"


def share_inside(a: BaseGeometry, b: BaseGeometry, tol_km: float, local: Local | None = None) -> tuple[float, float]:
    """(share of a inside b, share of a inside b grown by ``tol_km``), by area, length or points."""
    local = local or Local.around(a)
    am, bm = local.to_m(a), local.to_m(b)
    grown = buffered(bm, tol_km)
    if am.geom_type.endswith("Polygon"):
        whole = am.area
        return (am.intersection(bm).area / whole, am.intersection(grown).area / whole) if whole else (0.0, 0.0)
    if am.geom_type.endswith("LineString"):
        whole = am.length
        return (am.intersection(bm).length / whole, am.intersection(grown).length / whole) if whole else (0.0, 0.0)
    pts = shapely.points(shapely.get_coordinates(am))
    return float(np.mean(shapely.intersects(pts, bm))), float(np.mean(shapely.intersects(pts, grown)))


def centre(geom: BaseGeometry) -> shapely.Point:
    """The centre of a shape: its centroid in a projection centred on it (not in degrees)."""
    local = Local.around(geom)
    c = local.to_deg(local.to_m(geom).centroid)
    return c


def bearings_from(c: shapely.Point, geom: BaseGeometry) -> np.ndarray:
    xy = shapely.get_coordinates(geom)
    if len(xy) == 0:
        return np.array([])
    az = GEOD.inv(np.full(len(xy), c.x), np.full(len(xy), c.y), xy[:, 0], xy[:, 1])[0]
    return np.mod(az, 360.0)
