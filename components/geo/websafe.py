"""Geometry made safe for the web map (Leaflet, Web Mercator), at one place.

Measuring wants geometry as the sources give it; the browser wants something else:

* **The antimeridian.** Leaflet draws longitudes as they are, never across ±180°. A ring with an
  edge from 179° to -179° is drawn as a band across the whole world; a country cut at the
  antimeridian (Russia's Chukotka, Fiji, the US Aleutians in Natural Earth) as two pieces at the
  two ends of the map. ``web_safe`` makes every ring continuous (no edge jumps more than 180°)
  and moves every part of a multi-part shape next to its largest part, so the shape is one
  shape; its longitudes may then run past 180° (to 190°, say), which Leaflet draws east of 180°.
* **The poles.** Web Mercator ends at ±85.0511°; beyond it Leaflet clamps points, and bounds
  that reach the pole are unusable for fitting. Latitudes are clipped to that range.
* **One frame for the whole story.** A marker at -179° and a shape at 181° are 2° apart on the
  globe but 360° apart on the map. ``story_centre`` picks the central meridian of a story
  (0°, or the middle of the smallest arc holding its places when that arc crosses 180°: a
  Pacific story) and ``to_frame`` / ``lon_in_frame`` move every geometry, marker and circle into
  the 360° window around it, so the first view and ``flyToBounds`` show them side by side.

Empty and degenerate geometry (a polygon of zero area, a line of zero length) is refused when
the geodata is loaded (``components/geo/geodata.py``), not here.

``web_safe(geom) -> geom`` is the function to call on any geometry bound for the browser
(the map description, components/map/spec.py, calls it for every layer feature and every place).
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

MERCATOR_MAX_LAT = 85.0511287798  # Web Mercator's latitude limit, degrees (atan(sinh(pi)))


def _unwrap_x(x: np.ndarray) -> np.ndarray:
    """Longitudes of one ring or line, made continuous: each jump of more than 180° between two
    vertices is an antimeridian crossing, undone by ±360°. An edge from exactly 180° to exactly
    -180° (a shape that wraps the whole globe, e.g. Antarctica's southern edge) is kept."""
    if len(x) < 2:
        return x
    d = np.diff(x)
    whole = (np.abs(d) == 360.0) & (np.abs(x[:-1]) == 180.0)
    jump = (np.abs(d) > 180.0) & ~whole
    if not jump.any():
        return x
    offset = np.concatenate([[0.0], np.cumsum(np.where(jump, -360.0 * np.sign(d), 0.0))])
    return x + offset


def _unwrap_coords(coords: np.ndarray) -> np.ndarray:
    out = np.array(coords, dtype=float)
    out[:, 0] = _unwrap_x(out[:, 0])
    return out


def _unwrap_part(geom: BaseGeometry) -> BaseGeometry:
    """One polygon, line or point with continuous longitudes."""
    kind = geom.geom_type
    if kind == "Polygon":
        shell = _unwrap_coords(np.asarray(geom.exterior.coords))
        if abs(shell[-1, 0] - shell[0, 0]) > 180.0:
            # the ring goes once round the globe: it encloses a pole (a circle around it). As
            # the map draws it: every longitude, from the ring to that pole
            lats = shell[:, 1]
            return (shapely.box(-180.0, float(lats.min()), 180.0, 90.0) if lats.mean() > 0
                    else shapely.box(-180.0, -90.0, 180.0, float(lats.max())))
        holes = [_unwrap_coords(np.asarray(r.coords)) for r in geom.interiors]
        # a hole follows its shell into the same window
        holes = [_shift_coords(h, _shift_toward(_centre_x(h), _centre_x(shell))) for h in holes]
        return shapely.Polygon(shell, holes)
    if kind == "LineString":
        return shapely.LineString(_unwrap_coords(np.asarray(geom.coords)))
    return geom


def _centre_x(coords: np.ndarray) -> float:
    return (float(coords[:, 0].min()) + float(coords[:, 0].max())) / 2.0


def _shift_toward(x: float, anchor: float) -> float:
    """The multiple of 360° that brings longitude ``x`` within 180° of ``anchor``."""
    return -360.0 * math.floor((x - anchor + 180.0) / 360.0)


def _shift_coords(coords: np.ndarray, dx: float) -> np.ndarray:
    if dx:
        coords = coords.copy()
        coords[:, 0] += dx
    return coords


def shift(geom: BaseGeometry, dx: float) -> BaseGeometry:
    """The geometry moved by ``dx`` degrees of longitude."""
    if not dx:
        return geom
    return shapely.transform(geom, lambda c: c + np.array([dx, 0.0]))


def _weight(part: BaseGeometry) -> float:
    return part.area or part.length or 0.0


def _join_parts(geom: BaseGeometry) -> BaseGeometry:
    """A multi-part shape: each part unwrapped, then moved next to the largest part."""
    parts = [_unwrap_part(p) for p in shapely.get_parts(geom)]
    if len(parts) == 1:
        return parts[0] if geom.geom_type not in ("MultiPolygon", "MultiLineString", "MultiPoint") else type(geom)(parts)
    anchor_part = max(parts, key=_weight)
    anchor = (anchor_part.bounds[0] + anchor_part.bounds[2]) / 2.0
    moved = [shift(p, _shift_toward((p.bounds[0] + p.bounds[2]) / 2.0, anchor)) for p in parts]
    if geom.geom_type == "GeometryCollection":
        return shapely.GeometryCollection(moved)
    return type(geom)(moved)


def clip_latitude(geom: BaseGeometry) -> BaseGeometry:
    """Latitudes within Web Mercator's range: shapes cut at ±85.0511°, points (and shapes lying
    wholly beyond it, which a cut would leave empty) clamped onto it."""
    miny, maxy = geom.bounds[1], geom.bounds[3]
    if -MERCATOR_MAX_LAT <= miny and maxy <= MERCATOR_MAX_LAT:
        return geom
    if geom.geom_type not in ("Point", "MultiPoint"):
        minx, maxx = geom.bounds[0], geom.bounds[2]
        cut = shapely.intersection(geom, shapely.box(minx - 1, -MERCATOR_MAX_LAT, maxx + 1, MERCATOR_MAX_LAT))
        if cut is not None and not cut.is_empty:
            return cut
    return shapely.transform(geom, lambda c: np.column_stack([c[:, 0], np.clip(c[:, 1], -MERCATOR_MAX_LAT, MERCATOR_MAX_LAT)]))


def web_safe(geom: BaseGeometry) -> BaseGeometry:
    """The geometry as the web map can draw it: one continuous shape across the antimeridian
    (longitudes may leave -180..180), latitudes within ±85.0511°. Valid in, valid out; a geometry
    that needs no change is returned as it is (the same object)."""
    if geom is None or geom.is_empty:
        return geom
    minx, miny, maxx, maxy = geom.bounds
    crosses = maxx - minx > 180.0
    if not crosses and -MERCATOR_MAX_LAT <= miny and maxy <= MERCATOR_MAX_LAT:
        return geom
    out = _join_parts(geom) if crosses else geom
    if crosses and not out.is_valid:  # parts cut at ±180 now touch: one shape again
        fixed = shapely.make_valid(out)
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            fixed = shapely.union_all([p for p in shapely.get_parts(fixed) if p.geom_type in ("Polygon", "MultiPolygon")])
        out = fixed
    if out is None or out.is_empty:  # never lose a shape: the source's, with latitudes clamped
        out = geom
    return clip_latitude(out)


MARKER_MAX_LAT = 85.05112  # the limit rounded down to the 5 decimals markers are sent with


def lat_in_range(lat: float) -> float:
    """A marker's or circle centre's latitude within Web Mercator's range (5 decimals stay inside)."""
    return min(max(lat, -MARKER_MAX_LAT), MARKER_MAX_LAT)


# ---- one frame for the whole story ----------------------------------------------------------


def story_centre(lon_ranges: list[tuple[float, float]]) -> float:
    """The central meridian of a story's map, from the longitude ranges (west, east) of what its
    first view shows (each range after ``web_safe``: east may exceed 180). 0 unless the smallest
    arc that holds them all crosses the antimeridian; then that arc's middle (e.g. 180 for a
    story around Fiji), so nothing of it is drawn at the far end of the map."""
    lon_ranges = [(w, e) for w, e in lon_ranges if math.isfinite(w) and math.isfinite(e)]  # empty shapes: NaN
    if not lon_ranges:
        return 0.0
    centres = sorted(((w + e) / 2.0 + 180.0) % 360.0 - 180.0 for w, e in lon_ranges)
    if len(centres) == 1:
        w, e = lon_ranges[0]
        return 0.0 if -180.0 <= w and e <= 180.0 else (w + e) / 2.0
    # the largest gap between neighbouring centres (around the circle) is what the view leaves out
    gaps = [(centres[i + 1] - centres[i], i) for i in range(len(centres) - 1)]
    gaps.append((centres[0] + 360.0 - centres[-1], len(centres) - 1))
    _, i = max(gaps)
    if i == len(centres) - 1:  # the largest gap already holds the antimeridian: the usual frame
        return 0.0
    middle = (centres[i + 1] + centres[i] + 360.0) / 2.0  # the arc runs east from centres[i + 1] to centres[i] + 360
    return middle - 360.0 if middle >= 360.0 else middle


def lon_in_frame(lon: float, centre: float) -> float:
    """The longitude moved by a multiple of 360° into [centre - 180, centre + 180)."""
    return lon + _shift_toward(lon, centre)


def to_frame(geom: BaseGeometry, centre: float) -> BaseGeometry:
    """The geometry moved by a multiple of 360° so its middle lies within 180° of ``centre``."""
    if geom is None or geom.is_empty or not centre and -180.0 <= geom.bounds[0] and geom.bounds[2] <= 180.0:
        return geom
    mid = (geom.bounds[0] + geom.bounds[2]) / 2.0
    return shift(geom, _shift_toward(mid, centre))
