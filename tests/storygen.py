"""Build test stories and their geodata folders, and check them in a real Chromium.

Shared by the prototype-name test (tests/test_prototype_ids.py), the browser fuzz
(tests/test_browser_fuzz.py) and the web-safe geometry tests (tests/test_websafe.py):
``write_geodata`` writes a geodata folder (the shipped layers, symlinked, plus synthetic
point, area and line layers declared in ``layers.json``, as bench/synth.py does), and
``write_story`` a story in JSON form (JSON is YAML). ``check_export_page`` and
``check_app_place`` hold the assertions every such story must pass in the browser: no page
error, every place registered and selectable, the selected place's passages lit.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import shapely

from components.geo.geodata import GEODATA_DIR
from components.geo.layers import LAYERS

POINTS, AREAS, LINES = "fz-points", "fz-areas", "fz-lines"
SYNTH_LAYERS = [
    {"id": POINTS, "file": "fz_points.geojson", "title": "Test points", "geom": "point",
     "attribution": "Synthetic test data", "draw": False},
    {"id": AREAS, "file": "fz_areas.geojson", "title": "Test areas", "geom": "polygon",
     "attribution": "Synthetic test data",
     "style": {"color": "#00798c", "weight": 1, "fillColor": "#66c2a5", "fillOpacity": 0.35}},
    {"id": LINES, "file": "fz_lines.geojson", "title": "Test lines", "geom": "line",
     "attribution": "Synthetic test data", "style": {"color": "#aa3377", "weight": 2}},
]
# a layer needs one feature: these stand where no test place is, and no story uses them
FILLER = {POINTS: shapely.Point(71.0, 38.5), AREAS: shapely.box(70.9, 38.4, 71.0, 38.5),
          LINES: shapely.LineString([(70.9, 38.4), (71.0, 38.5)])}


def _collection(features: dict[str, object], layer: str) -> dict:
    feats = features or {"filler": FILLER[layer]}
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": fid, "name": fid},
         "geometry": json.loads(shapely.to_geojson(g))} for fid, g in feats.items()]}


def write_geodata(folder: Path, points: dict | None = None, areas: dict | None = None,
                  lines: dict | None = None) -> Path:
    """A geodata folder: shipped layers (symlinks) + the three synthetic layers, feature id -> shapely geometry."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for layer in LAYERS:
        link = folder / layer.file
        if not link.exists():
            link.symlink_to(GEODATA_DIR / layer.file)
    (folder / "layers.json").write_text(json.dumps(SYNTH_LAYERS, indent=1), encoding="utf-8")
    for defn, feats in zip(SYNTH_LAYERS, (points, areas, lines)):
        (folder / defn["file"]).write_text(json.dumps(_collection(feats or {}, defn["id"])), encoding="utf-8")
    return folder


def write_story(folder: Path, story: dict) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{story['id']}.yaml"
    path.write_text(json.dumps(story, ensure_ascii=False, indent=0), encoding="utf-8")
    return path


def passages_of(story: dict, place_id: str) -> list[str]:
    return [p["id"] for p in story["passages"] if place_id in p.get("places", [])]


# ---- the browser side -------------------------------------------------------------------------

REGISTERED_JS = """(ids) => ids.filter((id) => !(window.__story.byPlace.get(id) || []).length)"""

STATE_JS = """() => ({
  selected: (document.querySelector('.leaflet-container').getAttribute('data-selected') || ''),
  lit: Array.from(document.querySelectorAll('.sm-passage.sm-active')).map((e) => e.getAttribute('data-passage')),
})"""


def open_export(page, path: Path, hash_: str = "", timeout: float = 30_000):
    page.goto(path.as_uri() + hash_)
    page.locator("body[data-reader-ready='1']").wait_for(timeout=timeout)
    page.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=timeout)
    return page


def unregistered(page_or_frame, ids: list[str]) -> list[str]:
    """The place ids the map runtime has no layer for (should be none)."""
    return page_or_frame.evaluate(REGISTERED_JS, ids)


def select_by_hash(page, kind: str, item_id: str) -> dict:
    """Select through the page's #kind=ID link (hashchange), return what the page shows."""
    page.evaluate("(h) => { location.hash = h; }", f"{kind}={quote(item_id)}")
    # hashchange is dispatched after this call returns: wait until the page shows the link's
    # selection (the reader's position line changes with every selection)
    page.wait_for_function("(h) => location.hash === '#' + h && document.body.getAttribute('data-reader-ready') === '1'",
                           arg=f"{kind}={quote(item_id)}", timeout=5_000)
    if kind == "place":
        try:
            page.wait_for_function("(id) => (document.querySelector('.leaflet-container').getAttribute('data-selected') || '')"
                                   ".split(' ').includes(id)", arg=item_id, timeout=5_000)
        except Exception:  # noqa: BLE001  the assertion that follows reports what the page shows
            pass
    else:
        page.wait_for_timeout(100)
    return page.evaluate(STATE_JS)


def check_place_selected(state: dict, story: dict, table: dict, place_id: str) -> None:
    """The place is selected on the map, and the reader lights exactly the passages that Python's
    selection table gives it, among them every passage that names it."""
    assert place_id in state["selected"].split(" "), (place_id, state["selected"])
    want = table["place"][place_id]["passages"]
    assert set(passages_of(story, place_id)) <= set(want)
    assert sorted(state["lit"]) == sorted(want), (place_id, state["lit"], want)
