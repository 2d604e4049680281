"""Turns each story place into geometry from the shipped layers (and checks every reference).

This is where "never invent a coordinate" is enforced: a place is drawn from geodata
features, or, when only roughly known, as the area it lies in plus an uncertainty circle
whose centre and basis come from the story file.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from components.errors import StoryError
from components.geo.geodata import GeoData
from components.geo.geodesy import GEOD
from components.geo.world import WORLD_LAYER_BY_ID, WORLD_LAYERS, is_world_layer
from components.story.model import FeatureRef, Story

@dataclass(frozen=True)
class PlaceGeometry:
    place_id: str
    shape: BaseGeometry | None  # what the place is drawn as (None for approximate places)
    area: BaseGeometry | None  # the area an approximate place lies in
    circle: BaseGeometry | None  # uncertainty circle, geodesic
    markers: tuple[tuple[float, float], ...]  # (lat, lon) of each marker
    refs: tuple[tuple[str, str], ...]  # (layer, feature) this place draws or lies in

    @property
    def extent(self) -> BaseGeometry:
        parts = [g for g in (self.shape, self.area, self.circle) if g is not None]
        parts += [shapely.Point(lon, lat) for lat, lon in self.markers]
        return shapely.union_all(parts)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat), from the parts' boxes (no union: cheap)."""
        boxes = [g.bounds for g in (self.shape, self.area, self.circle) if g is not None]
        boxes += [(lon, lat, lon, lat) for lat, lon in self.markers]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))


def geodesic_circle(lat: float, lon: float, radius_km: float, n: int = 72) -> Polygon:
    az = [i * 360.0 / n for i in range(n)]
    lons, lats, _ = GEOD.fwd([lon] * n, [lat] * n, az, [radius_km * 1000.0] * n)
    return Polygon(zip(lons, lats))


def _features(ref: FeatureRef, geodata: GeoData, source: str, field: str) -> BaseGeometry:
    if not geodata.has_layer(ref.layer):
        known = sorted(geodata.layers) + [w.id for w in WORLD_LAYERS]
        raise StoryError(source, f"{field}.layer", f"unknown layer {ref.layer!r} (known: {', '.join(known)})")
    geoms = []
    for fid in ref.features:
        if not geodata.has_feature(ref.layer, fid):
            if is_world_layer(ref.layer) and ref.layer not in geodata.layers:
                close = geodata.world.suggest(ref.layer, fid)
                hint = f"did you mean: {', '.join(close)}?" if close else \
                    f"ids are {WORLD_LAYER_BY_ID[ref.layer].id_column} values, e.g. {', '.join(geodata.layer(ref.layer).index[:5])}"
                raise StoryError(source, f"{field}.feature", f"unknown feature {fid!r} in layer {ref.layer!r} ({hint})")
            known = ", ".join(geodata.layer(ref.layer).index[:12])
            raise StoryError(source, f"{field}.feature", f"unknown feature {fid!r} in layer {ref.layer!r} (known: {known})")
        geoms.append(geodata.feature(ref.layer, fid))
    return geoms[0] if len(geoms) == 1 else shapely.union_all(geoms)


def resolve_places(story: Story, geodata: GeoData, source: str = "<story>") -> dict[str, PlaceGeometry]:
    out: dict[str, PlaceGeometry] = {}
    for i, place in enumerate(story.places):
        field = f"places[{i}]"
        shape = area = circle = None
        markers: list[tuple[float, float]] = []
        refs: list[tuple[str, str]] = []
        if place.geometry is not None:
            shape = _features(place.geometry, geodata, source, f"{field}.geometry")
            refs += [(place.geometry.layer, f) for f in place.geometry.features]
            pts = [g for g in getattr(shape, "geoms", [shape]) if g.geom_type == "Point"]
            markers += [(p.y, p.x) for p in pts]
        if place.within is not None:
            area = _features(place.within, geodata, source, f"{field}.within")
            refs += [(place.within.layer, f) for f in place.within.features]
        if place.circle is not None:
            c = place.circle
            circle = geodesic_circle(c.lat, c.lon, c.radius_km)
        if place.approximate:
            if place.circle is not None:
                markers.append((place.circle.lat, place.circle.lon))
            else:
                rp = area.representative_point()
                markers.append((rp.y, rp.x))
        out[place.id] = PlaceGeometry(place.id, shape, area, circle, tuple(markers), tuple(refs))
    return out
