"""The atlas on the index: every place of every published story, and who speaks of it.

Per story, ``story_places`` keeps what the atlas needs (kept in the site's manifest, so a story
that did not change is not loaded again); ``merge`` joins them by place id (one id, one place,
across stories). A place's point is its marker, or else a point inside its drawn shape or area:
never a coordinate the geodata does not give.
"""

from __future__ import annotations

from components.map.markup import excerpt
from components.map.spec import MapSpec
from components.story.model import Story


def _point(spec: MapSpec, place_id: str) -> tuple[float, float] | None:
    g = spec.geometry.get(place_id)
    if g is None:
        return None
    if g.markers:
        return g.markers[0]
    shape = g.shape if g.shape is not None else g.area
    if shape is None or shape.is_empty:
        return None
    p = shape.representative_point()
    return (p.y, p.x)


def story_places(story: Story, spec: MapSpec) -> list[dict]:
    out = []
    for place in story.places:
        pt = _point(spec, place.id)
        if pt is None:
            continue
        passages = [{"id": p.id, "n": story.passage_index(p.id) + 1, "excerpt": excerpt(" ".join(p.text.split()), 140)}
                    for p in story.passages_of(place.id)]
        out.append({"id": place.id, "name": place.name, "lat": round(pt[0], 5), "lon": round(pt[1], 5),
                    "passages": passages})
    return out


def merge(stories: list[tuple[dict, list[dict]]]) -> list[dict]:
    """``stories``: (card, places) per story, in index order -> the atlas's places."""
    by_id: dict[str, dict] = {}
    for card, places in stories:
        href = f"stories/{card['id']}/index.html"
        for p in places:
            entry = by_id.setdefault(p["id"], {"id": p["id"], "name": p["name"], "lat": p["lat"], "lon": p["lon"],
                                               "stories": []})
            entry["stories"].append({"story": card["id"], "title": card["title"], "href": href,
                                     "passages": p["passages"]})
    return sorted(by_id.values(), key=lambda p: (p["name"].casefold(), p["id"]))
