"""Geometry made safe for the web map (components/geo/websafe.py), on synthetic geodata.

Cases: a ring crossing the antimeridian (Fiji-like), a shape cut at ±180 into two parts
(Chukotka-like), the US-like case whose small part is the one to move, a marker and an
uncertainty circle just east of 180°, land beyond Web Mercator's ±85.0511°, a point at 0,0,
and degenerate features (a zero-area polygon, a zero-length line) refused at load. In the HTML
export (offline Chromium) and the app (real server): the Pacific story's first view and its
flights show the places side by side, every shape draws as one shape, no page error.
"""

from __future__ import annotations

import json

import pytest
import shapely

from components.errors import GeodataError
from components.export.formats import FORMATS, export_bytes
from components.geo.geodata import load_geodata
from components.geo.websafe import MERCATOR_MAX_LAT, story_centre, web_safe
from components.map.spec import build_map_spec
from components.story.model import load_story

from . import storygen
from .conftest import MAP_FRAME, OfflinePage, open_app, start_server, stop_server

FIJI = shapely.Polygon([(177.0, -19.0), (-178.0, -19.0), (-178.0, -16.0), (177.0, -16.0)])  # one ring across 180
CHUKOTKA = shapely.MultiPolygon([shapely.box(170.0, 64.0, 180.0, 69.0), shapely.box(-180.0, 64.5, -172.0, 68.0)])
POLAR = shapely.box(10.0, 80.0, 30.0, 89.0)


def test_a_ring_across_the_antimeridian_becomes_one_narrow_shape():
    safe = web_safe(FIJI)
    assert FIJI.bounds[2] - FIJI.bounds[0] == 355.0  # as drawn before: a band round the world
    assert safe.bounds == (177.0, -19.0, 182.0, -16.0) and safe.is_valid and safe.area == pytest.approx(15.0)


def test_a_shape_cut_at_the_antimeridian_is_joined_next_to_its_largest_part():
    safe = web_safe(CHUKOTKA)
    assert safe.geom_type == "Polygon" and safe.bounds == (170.0, 64.0, 188.0, 69.0)
    us = shapely.MultiPolygon([shapely.box(-125, 30, -67, 49), shapely.box(172, 51, 180, 53)])
    assert web_safe(us).bounds == (-188.0, 30.0, -67.0, 53.0)  # the small Aleutian part moves, not the mainland


def test_latitudes_are_clipped_to_web_mercator_and_points_clamped():
    assert web_safe(POLAR).bounds == (10.0, 80.0, 30.0, pytest.approx(MERCATOR_MAX_LAT))
    assert web_safe(shapely.Point(5, -89.9)).y == pytest.approx(-MERCATOR_MAX_LAT)
    ordinary = shapely.box(70, 37, 71, 38)
    assert web_safe(ordinary) is ordinary  # nothing to do: the same object, no cost
    assert web_safe(shapely.Point(0, 0)).equals(shapely.Point(0, 0))


def test_the_story_frame_is_centred_on_the_pacific_only_when_its_places_straddle_180():
    assert story_centre([(68, 70), (72, 75)]) == 0.0
    assert story_centre([(178, 178.5), (-179.5, -179)]) == pytest.approx(179.5)
    assert story_centre([(-10, 10), (170, 175)]) == 0.0  # straddles 0: the usual frame


@pytest.mark.parametrize("feature, message", [
    (("areas", shapely.Polygon([(70, 38), (71, 38), (72, 38)])), "fz_areas.geojson: geometry: degenerate geometry: polygons with zero area"),
    (("lines", shapely.LineString([(70, 38), (70, 38)])), "fz_lines.geojson: geometry: degenerate geometry: lines with zero length"),
])
def test_degenerate_geometry_is_refused_at_load_naming_the_file_and_feature(tmp_path, feature, message):
    kind, geom = feature
    folder = storygen.write_geodata(tmp_path / "geo", **{kind: {"flat-one": geom}})
    with pytest.raises(GeodataError) as err:
        load_geodata(folder)
    assert str(err.value).startswith(message) and "'flat-one'" in str(err.value)


def pacific_story() -> tuple[dict, dict]:
    feats = {"areas": {"fiji": FIJI, "chukotka": CHUKOTKA},
             "points": {"suva": shapely.Point(178.44, -18.14), "east-point": shapely.Point(-179.5, -16.5)}}
    places = [
        {"id": "fiji", "name": "Fiji (one ring across 180°)", "precision": "country",
         "geometry": {"layer": storygen.AREAS, "feature": "fiji"}},
        {"id": "suva", "name": "Suva", "precision": "settlement", "geometry": {"layer": storygen.POINTS, "feature": "suva"}},
        {"id": "east-point", "name": "A point at 179.5° W", "precision": "settlement",
         "geometry": {"layer": storygen.POINTS, "feature": "east-point"}},
        {"id": "dateline-circle", "name": "Somewhere near the date line", "precision": "approximate",
         "circle": {"lat": -17.0, "lon": 179.9, "radius_km": 300, "basis": "synthetic test circle"}},
        {"id": "chukotka", "name": "Chukotka (cut at 180°)", "precision": "region",
         "geometry": {"layer": storygen.AREAS, "feature": "chukotka"}},
    ]
    passages = [{"id": f"p{i + 1}", "text": f"About {p['name']}.", "places": [p["id"]]} for i, p in enumerate(places)]
    story = {"id": "pacific", "title": "A Pacific story", "source": {"publisher": "tests"},
             "view": {"fit": ["suva", "east-point", "dateline-circle"]}, "places": places, "passages": passages}
    return story, feats


def polar_story() -> tuple[dict, dict]:
    feats = {"areas": {"svalbard-ish": POLAR}, "points": {"pole": shapely.Point(0.0, 89.9), "null-island": shapely.Point(0, 0)}}
    places = [
        {"id": "polar", "name": "Land up to 89° N", "precision": "region", "geometry": {"layer": storygen.AREAS, "feature": "svalbard-ish"}},
        {"id": "pole", "name": "Near the pole", "precision": "settlement", "geometry": {"layer": storygen.POINTS, "feature": "pole"}},
        {"id": "null-island", "name": "0,0", "precision": "settlement", "geometry": {"layer": storygen.POINTS, "feature": "null-island"}},
        {"id": "polar-circle", "name": "A circle at 88° N", "precision": "approximate",
         "circle": {"lat": 88.0, "lon": 40.0, "radius_km": 200, "basis": "synthetic test circle"}},
    ]
    passages = [{"id": f"p{i + 1}", "text": f"About {p['name']}.", "places": [p["id"]]} for i, p in enumerate(places)]
    return {"id": "polar", "title": "A polar story", "source": {"publisher": "tests"}, "places": places, "passages": passages}, feats


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    out = {}
    for make in (pacific_story, polar_story):
        story, feats = make()
        root = tmp_path_factory.mktemp(story["id"])
        geo = storygen.write_geodata(root / "geodata", **feats)
        path = storygen.write_story(root / "stories", story)
        parsed, geodata = load_story(path), load_geodata(geo)
        html = root / f"{story['id']}.html"
        html.write_bytes(export_bytes(parsed, geodata, FORMATS["html"]))
        out[story["id"]] = {"root": root, "story": story, "parsed": parsed, "geodata": geodata, "html": html}
    return out


def test_the_pacific_map_description_is_in_one_frame(worlds):
    w = worlds["pacific"]
    spec = build_map_spec(w["parsed"], w["geodata"])
    (s, west), (n, east) = spec.fit_bounds
    assert 170 < west < 180 < east < 185 and east - west < 10  # not -179.5..178.4 the wrong way round
    assert {m.place: m.lon for m in spec.markers}["east-point"] == pytest.approx(180.5)
    assert spec.circles[0].lon == pytest.approx(179.9)
    layer = next(lv for lv in spec.layers if lv.id == storygen.AREAS)
    for f in layer.data["features"]:
        b = shapely.from_geojson(json.dumps(f["geometry"])).bounds
        assert b[2] - b[0] < 30, f["id"]  # no shape spans the world


def test_the_polar_map_description_stays_within_web_mercator(worlds):
    w = worlds["polar"]
    spec = build_map_spec(w["parsed"], w["geodata"])
    assert all(abs(m.lat) <= MERCATOR_MAX_LAT for m in spec.markers)
    assert spec.fit_bounds[1][0] <= MERCATOR_MAX_LAT and all(abs(c.lat) <= MERCATOR_MAX_LAT for c in spec.circles)


VIEW_JS = """() => {
  const m = window.__story.map, b = m.getBounds(), size = m.getSize();
  const shapes = {};
  for (const [id, layers] of window.__story.byPlace) {
    shapes[id] = layers.map((l) => {
      if (l.getLatLng) { const p = m.latLngToContainerPoint(l.getLatLng()); return {x: p.x, y: p.y, point: true}; }
      const bb = l.getBounds(), a = m.latLngToContainerPoint(bb.getSouthWest()), c = m.latLngToContainerPoint(bb.getNorthEast());
      return {w: Math.abs(c.x - a.x), west: bb.getWest(), east: bb.getEast()};
    });
  }
  return {west: b.getWest(), east: b.getEast(), zoom: m.getZoom(), width: size.x, height: size.y, shapes: shapes};
}"""


def _inside(pt, view) -> bool:
    return 0 <= pt["x"] <= view["width"] and 0 <= pt["y"] <= view["height"]


def _check_pacific_view(target) -> dict:
    view = target.evaluate(VIEW_JS)
    assert view["east"] - view["west"] < 40, view  # the first view holds the Pacific places, not the world
    for pid in ("suva", "east-point", "dateline-circle"):
        assert all(_inside(p, view) for p in view["shapes"][pid] if p.get("point")), (pid, view)
    for pid in ("fiji", "chukotka"):
        for s in view["shapes"][pid]:
            assert s["east"] - s["west"] < 30, (pid, s)  # one shape, no band across the world
    return view


@pytest.mark.browser
def test_the_pacific_story_in_the_export_opens_on_the_pacific_and_flies_across_180(offline_page, worlds, artifacts):
    w = worlds["pacific"]
    page = storygen.open_export(offline_page.page, w["html"])
    page.wait_for_timeout(300)
    _check_pacific_view(page)
    page.screenshot(path=str(artifacts / "antimeridian-export.png"))
    for pid in ("east-point", "fiji", "suva"):
        storygen.select_by_hash(page, "place", pid)
        page.wait_for_timeout(900)  # the flight
        view = page.evaluate(VIEW_JS)
        assert view["east"] - view["west"] < 40, (pid, view)
        pts = [p for p in view["shapes"][pid] if p.get("point")]
        assert all(_inside(p, view) for p in pts), (pid, view)
    assert offline_page.console_errors == [] and offline_page.blocked == []


@pytest.mark.browser
def test_the_polar_story_in_the_export_draws_without_error(offline_page, worlds):
    w = worlds["polar"]
    page = storygen.open_export(offline_page.page, w["html"])
    assert storygen.unregistered(page, [p["id"] for p in w["story"]["places"]]) == []
    for pid in ("pole", "polar", "null-island", "polar-circle"):
        state = storygen.select_by_hash(page, "place", pid)
        assert pid in state["selected"].split()
        page.wait_for_timeout(700)
        assert page.evaluate("() => isFinite(window.__story.map.getZoom())")
    assert offline_page.console_errors == []


@pytest.mark.browser
def test_the_pacific_story_in_the_app_opens_on_the_pacific(browser, worlds):
    w = worlds["pacific"]
    proc, url = start_server(env={"STORYMAP_STORIES": str(w["root"] / "stories"),
                                  "STORYMAP_GEODATA": str(w["root"] / "geodata")})
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        op = OfflinePage(context.new_page())
        page, _ = open_app(op, f"{url}/?story=pacific")
        frame = page.locator(MAP_FRAME).element_handle().content_frame()
        page.wait_for_timeout(500)
        _check_pacific_view(frame)
        page, floc = open_app(op, f"{url}/?story=pacific&place=east-point")
        floc.locator(".leaflet-container[data-selected='east-point']").wait_for(timeout=30_000)
        page.locator("#passage-p3.sm-active").wait_for(timeout=30_000)
        frame = page.locator(MAP_FRAME).element_handle().content_frame()
        page.wait_for_timeout(1200)
        view = frame.evaluate(VIEW_JS)
        assert view["east"] - view["west"] < 40 and all(_inside(p, view) for p in view["shapes"]["east-point"])
        assert op.console_errors == [] and op.blocked == []
    finally:
        context.close()
        stop_server(proc)
