"""Geodesy, one definition each: the WGS84 ellipsoid, geodesic lengths, areas, distances and
bearings, and the local projections that turn degrees into metres and back.

Shapes are stored in longitude/latitude, where lengths, buffers and distances are not in
kilometres. Everything that measures (claims, tests) or projects (print images) uses these.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

GEOD = pyproj.Geod(ellps="WGS84")
WGS84 = "EPSG:4326"


def geodesic_length_km(geom: BaseGeometry) -> float:
    return GEOD.geometry_length(geom) / 1000.0


def geodesic_area_km2(geom: BaseGeometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def km_between(a: shapely.Point, b: shapely.Point) -> float:
    return GEOD.inv(a.x, a.y, b.x, b.y)[2] / 1000.0


def bearing(a: shapely.Point, b: shapely.Point) -> float:
    """Initial geodesic azimuth from a to b, degrees clockwise from north in [0, 360)."""
    return GEOD.inv(a.x, a.y, b.x, b.y)[0] % 360.0


def outline(geom: BaseGeometry) -> BaseGeometry:
    """A polygon's boundary; any other shape is its own outline."""
    return geom.boundary if geom.geom_type in ("Polygon", "MultiPolygon") else geom


@dataclass(frozen=True)
class Local:
    """A projection centred on a place: metres on the ground, both ways.

    ``around`` (azimuthal equidistant on a shape: distances from the centre exact, others within
    ~0.2 % over a few hundred km) is for measuring; ``conformal_at`` (transverse Mercator: true
    shapes, scale error < 0.1 % within 400 km) is for drawing a map."""

    fwd: pyproj.Transformer
    inv: pyproj.Transformer

    @classmethod
    def of(cls, crs: pyproj.CRS) -> "Local":
        return cls(pyproj.Transformer.from_crs(WGS84, crs, always_xy=True),
                   pyproj.Transformer.from_crs(crs, WGS84, always_xy=True))

    @classmethod
    def around(cls, geom: BaseGeometry) -> "Local":
        c = geom.representative_point() if not geom.is_empty else shapely.Point(0, 0)
        return cls.of(pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={c.y:.6f} +lon_0={c.x:.6f} +datum=WGS84 +units=m"))

    @classmethod
    def conformal_at(cls, lon: float, lat: float) -> "Local":
        return cls.of(pyproj.CRS.from_proj4(
            f"+proj=tmerc +lat_0={lat:.4f} +lon_0={lon:.4f} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"))

    def to_m(self, geom: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geom, lambda xy: np.column_stack(self.fwd.transform(xy[:, 0], xy[:, 1])))

    def to_deg(self, geom: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geom, lambda xy: np.column_stack(self.inv.transform(xy[:, 0], xy[:, 1])))
