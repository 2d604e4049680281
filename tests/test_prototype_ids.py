"""Ids are data: every prototype member name the id pattern allows, as a place, passage and claim id.

The runtime once kept places in plain objects, so a place called ``constructor`` collided with
``Object.prototype.constructor`` (issue 14: no marker, ``self.byPlace[p].push is not a
function``). The names come from the browser itself (``Object.getOwnPropertyNames`` of every
prototype the runtime indexes into), plus the attribute names of Python's ``dict`` and ``str``
(Jinja's ``a.b`` tries the attribute before the key). One story uses each name as a place id,
a passage id, a claim id and a feature id; it is drawn in the HTML export (offline Chromium)
and in the app (a real Streamlit server), and every place must be registered on the map,
selectable by ``#place=`` (export) and ``?place=`` (app), with its passages lit, and no page error.
"""

from __future__ import annotations

import re

import pytest

from components.export.formats import FORMATS, export_bytes
from components.geo.geodata import load_geodata
from components.story.model import ID_PATTERN, load_story
from components.story.selection import selection_table

from . import storygen
from .conftest import MAP_FRAME, OfflinePage, open_app, start_server, stop_server

PROTOTYPES_JS = """() => {
  const protos = {Object: Object.prototype, Array: Array.prototype, Map: Map.prototype, Set: Set.prototype,
                  Function: Function.prototype, String: String.prototype};
  const out = {};
  for (const [k, p] of Object.entries(protos)) out[k] = Object.getOwnPropertyNames(p);
  return out;
}"""
PYTHON_ATTRS = sorted(set(dir(dict)) | set(dir(str)) | set(dir(list)))
ID = re.compile(ID_PATTERN)


@pytest.fixture(scope="module")
def names(browser) -> list[str]:
    page = browser.new_page()
    by_proto = page.evaluate(PROTOTYPES_JS)
    page.close()
    js = {n for members in by_proto.values() for n in members}
    assert "constructor" in by_proto["Object"] and "push" in by_proto["Array"]  # the real lists
    return sorted(n for n in js | set(PYTHON_ATTRS) if ID.match(n))


def prototype_story(names: list[str]) -> tuple[dict, dict]:
    """(story, geodata features): each name a place (point, area or line in turn), a passage and a claim."""
    points, areas, lines, places, passages, claims = {}, {}, {}, [], [], []
    for i, n in enumerate(names):
        x, y = 68.2 + (i % 12) * 0.5, 37.2 + (i // 12) * 0.35
        kind = ("point", "area", "line")[i % 3]
        if kind == "point":
            points[n] = storygen.shapely.Point(x, y)
            geom = {"layer": storygen.POINTS, "feature": n}
        elif kind == "area":
            areas[n] = storygen.shapely.box(x, y, x + 0.2, y + 0.2)
            geom = {"layer": storygen.AREAS, "feature": n}
        else:
            lines[n] = storygen.shapely.LineString([(x, y), (x + 0.3, y + 0.1)])
            geom = {"layer": storygen.LINES, "feature": n}
        name = f"Place {n}"
        places.append({"id": n, "name": name, "precision": "exact" if kind != "point" else "settlement",
                       "geometry": geom})
        text = f"{name} is named here, near {f'Place {names[i - 1]}' if i else 'nothing'}."
        passages.append({"id": n, "text": text, "places": [n] + ([names[i - 1]] if i else []),
                         "mentions": [{"place": n, "text": name, "start": 0, "end": len(name)}]})
        if i:
            claims.append({"id": n, "kind": "distance", "places": [n, names[i - 1]], "max_km": 2000,
                           "passage": n, "quote": text})
    story = {"id": "prototype-names", "title": "Every prototype name as an id",
             "source": {"publisher": "tests/test_prototype_ids.py"},
             "places": places, "passages": passages, "claims": claims}
    return story, {"points": points, "areas": areas, "lines": lines}


@pytest.fixture(scope="module")
def world(names, tmp_path_factory):
    root = tmp_path_factory.mktemp("proto")
    story, feats = prototype_story(names)
    geo = storygen.write_geodata(root / "geodata", **feats)
    path = storygen.write_story(root / "stories", story)
    parsed = load_story(path)
    geodata = load_geodata(geo)
    html = root / "proto.html"
    html.write_bytes(export_bytes(parsed, geodata, FORMATS["html"]))
    return {"root": root, "story": story, "parsed": parsed, "geodata": geodata, "html": html,
            "table": selection_table(parsed)}


def test_the_list_holds_the_names_that_broke_the_runtime(names):
    for n in ("constructor", "push", "length", "map", "get", "set", "has", "keys", "values", "items",
              "call", "apply", "bind", "name", "caller", "arguments"):
        assert n in names
    assert all(ID.match(n) for n in names)


def test_python_builds_and_checks_the_story(world, names):
    """pydantic, the selection table, the claims and the export all take the names as data."""
    from components.claims.check import check_claims, load_accuracy
    from components.geo.resolve import resolve_places

    table = world["table"]
    for n in names:
        assert table["place"][n]["places"][0] == n
        assert n in table["passage"][n]["passages"]
    geo = resolve_places(world["parsed"], world["geodata"])
    checks = check_claims(world["parsed"], geo, load_accuracy(world["geodata"]))
    assert len(checks) == len(names) - 1


@pytest.mark.browser
def test_every_prototype_name_draws_and_selects_in_the_export(offline_page, world, names, artifacts):
    page = storygen.open_export(offline_page.page, world["html"])
    assert storygen.unregistered(page, names) == []
    outcome = {}
    for n in names:
        state = storygen.select_by_hash(page, "place", n)
        storygen.check_place_selected(state, world["story"], world["table"], n)
        assert page.locator("#ex-pos").inner_text() == f"\u2068Place {n}\u2069"  # the name, isolated
        outcome[n] = "ok"
    for n in names[:: max(1, len(names) // 12)]:  # passages and claims by link, a sample of each
        state = storygen.select_by_hash(page, "passage", n)
        assert state["lit"] == [n]
        if n != names[0]:
            state = storygen.select_by_hash(page, "claim", n)
            assert page.locator("#ex-pos").inner_text() == f"Claim #{n}"
    page.screenshot(path=str(artifacts / "prototype-ids-export.png"))
    assert offline_page.console_errors == []
    assert offline_page.blocked == []
    (artifacts / "prototype-ids.txt").write_text("\n".join(f"{n}\t{o}" for n, o in outcome.items()))


@pytest.mark.browser
def test_every_prototype_name_draws_and_selects_in_the_app(browser, world, names):
    root = world["root"]
    proc, url = start_server(env={"STORYMAP_STORIES": str(root / "stories"),
                                  "STORYMAP_GEODATA": str(root / "geodata")})
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        op = OfflinePage(context.new_page())
        page, _ = open_app(op, f"{url}/?story=prototype-names")
        frame = _map_frame(page)
        assert storygen.unregistered(frame, names) == []
        # each by ?place= would cost a page load per name on a shared server: the URL route for a
        # spread sample, the map click route (the frame's own runtime) for every name
        for n in names:
            frame.evaluate("(id) => window.__story.select([id], {fit: false, source: 'map'})", n)
            sel = frame.evaluate("() => document.querySelector('.leaflet-container').getAttribute('data-selected')")
            assert sel == n
        for n in names[:: max(1, len(names) // 6)]:
            page, frame_loc = open_app(op, f"{url}/?story=prototype-names&place={n}")
            frame_loc.locator(f".leaflet-container[data-selected='{n}']").wait_for(timeout=30_000)
            want = world["table"]["place"][n]["passages"]
            for pid in want:
                page.locator(f"#passage-{pid}.sm-active").wait_for(timeout=30_000)
            lit = page.evaluate("() => Array.from(document.querySelectorAll('.sm-passage.sm-active')).map(e => e.dataset.passage)")
            assert sorted(lit) == sorted(want)
        assert op.console_errors == []
        assert op.blocked == []
    finally:
        context.close()
        stop_server(proc)


def _map_frame(page):
    handle = page.locator(MAP_FRAME).element_handle()
    return handle.content_frame()
