"""GeoJSON of the story's places for GIS users: one feature per place, with its passages.

RFC 7946: WGS84 lon/lat, counter-clockwise outer rings, coordinates to 1e-6° (~0.1 m, finer
than any source). Geometry is the shipped data at full resolution, never a made-up point: a
place drawn from features carries those features; an approximate place carries its
uncertainty circle (centre and basis from the story file) or, without one, the area it lies in,
and ``geometry_role`` says which.
"""

from __future__ import annotations

import json

import shapely

from components.map.spec import MapSpec
from components.map.markup import PRECISION_TEXT
from components.story.model import Story

COORD_GRID = 1e-6


def _geometry(geom) -> dict:
    geom = shapely.orient_polygons(shapely.set_precision(geom, COORD_GRID), exterior_cw=False)
    return json.loads(shapely.to_geojson(geom))


def place_feature(story: Story, spec: MapSpec, place_id: str) -> dict:
    place = story.place(place_id)
    g = spec.geometry[place_id]
    if g.shape is not None:
        geom, role = g.shape, "feature"
    elif g.circle is not None:
        geom, role = g.circle, "uncertainty-circle"
    else:
        geom, role = g.area, "area"
    passages = story.passages_of(place_id)
    props = {
        "id": place.id,
        "name": place.name,
        "precision": place.precision.value,
        "precision_text": PRECISION_TEXT[place.precision],
        "approximate": place.approximate,
        "geometry_role": role,
        "source_features": [f"{layer}/{fid}" for layer, fid in g.refs],
        "aliases": list(place.aliases),
        "note": place.note,
        "passage_ids": [p.id for p in passages],
        "passage_numbers": [story.passage_index(p.id) + 1 for p in passages],
        "passages_text": "\n\n".join(f"¶{story.passage_index(p.id) + 1} {p.text}" for p in passages),
        "passages": [{"id": p.id, "number": story.passage_index(p.id) + 1, "text": p.text} for p in passages],
    }
    if place.circle is not None:
        c = place.circle
        props["circle"] = {"lat": c.lat, "lon": c.lon, "radius_km": c.radius_km, "basis": c.basis}
    return {"type": "Feature", "id": place.id, "properties": props, "geometry": _geometry(geom)}


def places_geojson(story: Story, spec: MapSpec, place_ids: list[str] | None = None) -> dict:
    ids = place_ids if place_ids is not None else [p.id for p in story.places]
    src = story.source
    return {
        "type": "FeatureCollection",
        "name": story.id,
        "story": {"id": story.id, "title": story.title, "publisher": src.publisher, "url": src.url,
                  "published": src.published.isoformat() if src.published else None},
        "attribution": list(spec.credits),
        "features": [place_feature(story, spec, pid) for pid in ids],
    }


def export_geojson(story: Story, spec: MapSpec, place_ids: list[str] | None = None) -> bytes:
    return (json.dumps(places_geojson(story, spec, place_ids), ensure_ascii=False, separators=(",", ":"))
            + "\n").encode("utf-8")
