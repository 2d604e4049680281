"""Every valid story draws: hypothesis generates stories, Chromium opens their HTML export (offline)
and, for a smaller sample, the app (a real Streamlit server).

Stories come from the schema (components/story/model.py): ids drawn from the id pattern and from
the prototype member names (tests/test_prototype_ids.py); names and passages in any Unicode
(right-to-left scripts, combining marks, emoji, bidi controls, very long words, markup-like
text); 1 to 200 places on a pool of extreme features (the antimeridian, a ring across it, a shape
cut at it, latitudes beyond ±85°, 0,0, duplicate points, a tiny sliver) and uncertainty circles at
extreme coordinates; mentions at both edges of the text. For each story: no page error, every place
registered, selectable (``#place=`` in the export, ``?place=`` in the app), its passages lit, names
and passages shown literally. Fixed seed (``derandomize``); examples per test from
``STORYMAP_BROWSER_FUZZ_EXAMPLES`` (default 20 for the export, a quarter of it for the app).
The zero-area polygon is refused at load (tests/test_websafe.py), so it is not in the pool.
"""

from __future__ import annotations

import itertools
import os
import re

import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.export.formats import FORMATS, export_bytes
from components.geo.geodata import load_geodata
from components.story.model import ID_PATTERN, load_story
from components.story.selection import selection_table

from . import storygen
from .conftest import MAP_FRAME, OfflinePage, open_app, start_server, stop_server

EXAMPLES = int(os.environ.get("STORYMAP_BROWSER_FUZZ_EXAMPLES", "20"))
PROTO = ["constructor", "push", "length", "map", "get", "set", "has", "keys", "values", "items", "call",
         "apply", "bind", "name", "caller", "arguments", "size", "join", "copy", "update", "pop", "with"]
POOL_POINTS = {
    "null-island": (0.0, 0.0), "am-east": (179.99, 10.0), "am-west": (-179.99, 10.0), "far-north": (10.0, 89.5),
    "south-pole": (-60.0, -90.0), "dup-a": (71.0, 38.5), "dup-b": (71.0, 38.5), "dushanbe-ish": (68.78, 38.56),
}
POOL_AREAS = {
    "fiji-ring": shapely.Polygon([(177.0, -19.0), (-178.0, -19.0), (-178.0, -16.0), (177.0, -16.0)]),
    "cut-at-180": shapely.MultiPolygon([shapely.box(170.0, 64.0, 180.0, 69.0), shapely.box(-180.0, 64.5, -172.0, 68.0)]),
    "polar-cap": shapely.box(-20.0, 84.0, 40.0, 90.0), "sliver": shapely.box(71.0, 38.0, 71.0001, 38.0001),
    "pamir-box": shapely.box(72.0, 37.5, 73.0, 38.5),
}
POOL_LINES = {"line-across-180": shapely.LineString([(179.0, 0.0), (-179.0, 1.0)]),
              "meridian-line": shapely.LineString([(0.0, -89.0), (0.0, 89.0)])}
EXTREME_CIRCLES = [(0.0, 0.0), (89.9, 0.0), (-90.0, 180.0), (0.0, -180.0), (10.0, 179.99), (-85.06, -179.5)]

PIECES = ["مرز تاجیکستان و افغانستان", "בדיקה", "Бадахшан", "\u202e", "\u202b", "\u202d", "\u2066", "\u2067",
          "\u2068", "\u2069", "\u200f", "\u200e", "e\u0301\u0301\u0327", "👩🏽‍🚀", "🇹🇯", "W" * 300, "{{ 7*7 }}",
          "<b>bold</b>", "&amp;", "'\"", "#other-id", "¶3", " ", "abc", "中文", "ﷺ"]
TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"))


def _clean(text: str) -> str:
    return text.strip() or "x"


names = st.lists(st.one_of(st.sampled_from(PIECES), st.text(TEXT_CHARS, min_size=1, max_size=12)),
                 min_size=1, max_size=5).map(lambda parts: _clean("".join(parts))[:200].strip() or "x")
ids = st.one_of(st.sampled_from(PROTO), st.from_regex(re.compile(ID_PATTERN), fullmatch=True))


@st.composite
def stories(draw, max_places: int = 200):
    n = draw(st.one_of(st.integers(1, 6), st.integers(7, 40), st.just(max_places)))
    place_ids = draw(st.lists(ids, min_size=n, max_size=n, unique=True))
    places = []
    for pid in place_ids:
        kind = draw(st.sampled_from(["point", "area", "line", "circle"]))
        place = {"id": pid, "name": draw(names)}
        if kind == "point":
            place.update(precision="settlement", geometry={"layer": storygen.POINTS, "feature": draw(st.sampled_from(sorted(POOL_POINTS)))})
        elif kind == "area":
            place.update(precision="district", geometry={"layer": storygen.AREAS, "feature": draw(st.sampled_from(sorted(POOL_AREAS)))})
        elif kind == "line":
            place.update(precision="exact", geometry={"layer": storygen.LINES, "feature": draw(st.sampled_from(sorted(POOL_LINES)))})
        else:
            lat, lon = draw(st.one_of(st.sampled_from(EXTREME_CIRCLES),
                                      st.tuples(st.floats(-90, 90), st.floats(-180, 180))))
            place.update(precision="approximate", circle={"lat": lat, "lon": lon, "radius_km": draw(st.sampled_from([0.001, 5, 600, 2000])),
                                                          "basis": "synthetic fuzz circle"})
        places.append(place)
    passages = []
    passage_ids = draw(st.lists(ids, min_size=max(1, min(n, 40)), max_size=max(1, min(n, 40)), unique=True))
    for i, qid in enumerate(passage_ids):
        first, last = places[i % n], places[(i * 7 + 3) % n]
        middle = draw(names)
        text = f"{first['name']} {middle} {last['name']}"
        mentions = [{"place": first["id"], "text": first["name"], "start": 0, "end": len(first["name"])}]
        if last is not first:
            mentions.append({"place": last["id"], "text": last["name"], "start": len(text) - len(last["name"]), "end": len(text)})
        passages.append({"id": qid, "text": text, "places": list(dict.fromkeys([first["id"], last["id"]])),
                         "mentions": mentions})
    return {"id": draw(ids), "title": draw(names), "source": {"publisher": draw(names)[:300]},
            "places": places, "passages": passages}


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzzpool")
    folder = storygen.write_geodata(root / "geodata", {k: shapely.Point(*v) for k, v in POOL_POINTS.items()},
                                    POOL_AREAS, POOL_LINES)
    return {"root": root, "folder": folder, "geodata": load_geodata(folder), "counter": itertools.count()}


LITERAL_JS = """(ids) => ids.map((id) => {
  const layers = window.__story.owned.get(id) || [];  // what the place draws (a shared feature: its first owner)
  const tip = layers.length && layers[0].getTooltip ? layers[0].getTooltip() : null;
  const span = document.createElement('span');
  span.innerHTML = tip ? tip.getContent() : '';
  const b = span.querySelector('b bdi, span bdi');
  return b ? b.textContent : null;
})"""


def _sample(items: list, k: int = 8) -> list:
    if len(items) <= k:
        return items
    step = len(items) / k
    return [items[int(i * step)] for i in range(k)]


def _check_export(page, op, story: dict, parsed, table) -> None:
    place_ids = [p.id for p in parsed.places]
    assert storygen.unregistered(page, place_ids) == []
    sample = _sample(place_ids)
    shown = page.evaluate(LITERAL_JS, sample)
    for pid, text in zip(sample, shown):
        assert text is None or text == parsed.place(pid).name, (pid, text)  # None: it owns no layer (a feature drawn by another place)
    for p in _sample(parsed.passages, 4):
        el = page.locator(f"[id='passage-{p.id}']")
        assert el.text_content() == f"¶{parsed.passage_index(p.id) + 1} {p.text}"
    for pid in sample:
        state = storygen.select_by_hash(page, "place", pid)
        storygen.check_place_selected(state, story, table, pid)
        assert page.locator("#ex-panel h3 bdi").first.text_content() == parsed.place(pid).name
    assert op.console_errors == [] and op.blocked == [] and op.dialogs == []
    assert page.evaluate("() => window.__pwned") is None


@pytest.mark.browser
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(story=stories())
def test_every_generated_story_draws_in_the_export(browser, pool, story):
    k = next(pool["counter"])
    path = storygen.write_story(pool["root"] / f"s{k}", story)
    parsed = load_story(path)
    html = pool["root"] / f"s{k}.html"
    html.write_bytes(export_bytes(parsed, pool["geodata"], FORMATS["html"]))
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    try:
        op = OfflinePage(context.new_page())
        page = storygen.open_export(op.page, html)
        _check_export(page, op, story, parsed, selection_table(parsed))
    finally:
        context.close()


@pytest.fixture(scope="module")
def app(pool):
    stories_dir = pool["root"] / "app-stories"
    stories_dir.mkdir()
    proc, url = start_server(env={"STORYMAP_STORIES": str(stories_dir), "STORYMAP_GEODATA": str(pool["folder"])})
    yield {"url": url, "dir": stories_dir}
    stop_server(proc)


@pytest.mark.browser
@settings(max_examples=max(2, EXAMPLES // 4), derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(story=stories(max_places=60))
def test_generated_stories_draw_in_the_app(browser, pool, app, story):
    k = next(pool["counter"])
    story = {**story, "id": f"fuzz-{k}"}  # a new story file each time: the app lists the folder
    path = storygen.write_story(app["dir"], story)
    parsed = load_story(path)
    table = selection_table(parsed)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        op = OfflinePage(context.new_page())
        pid = parsed.places[len(parsed.places) // 2].id
        page, floc = open_app(op, f"{app['url']}/?story={story['id']}&place={pid}")
        floc.locator(".leaflet-container[data-selected]").wait_for(timeout=30_000)
        frame = page.locator(MAP_FRAME).element_handle().content_frame()
        assert storygen.unregistered(frame, [p.id for p in parsed.places]) == []
        frame.wait_for_function("(id) => document.querySelector('.leaflet-container').getAttribute('data-selected').split(' ').includes(id)",
                                arg=pid, timeout=30_000)
        want = table["place"][pid]["passages"]
        if want:  # a long story's reader shows the page of 30 passages holding the first one lit
            first = parsed.passage_index(want[0]) // 30 * 30
            want = [q for q in want if first <= parsed.passage_index(q) < first + 30]
        for qid in want:
            page.locator(f"[id='passage-{qid}'].sm-active").wait_for(timeout=30_000)
        lit = page.evaluate("() => Array.from(document.querySelectorAll('.sm-passage.sm-active')).map(e => e.dataset.passage)")
        assert sorted(lit) == sorted(want)
        name = page.locator(".sm-panel h3 bdi").first.text_content() if page.locator(".sm-panel h3 bdi").count() else None
        if name is not None:
            assert name == parsed.place(pid).name
        assert op.console_errors == [] and op.blocked == [] and op.dialogs == []
    finally:
        context.close()


# ---- right-to-left and bidi controls, deterministic ------------------------------------------

BIDI_STORY = {
    "id": "bidi", "title": "Right to left", "source": {"publisher": "tests"},
    "places": [
        {"id": "herat", "name": "هرات", "precision": "settlement", "geometry": {"layer": storygen.POINTS, "feature": "dushanbe-ish"}},
        {"id": "trap", "name": "\u202eevil name", "precision": "district", "geometry": {"layer": storygen.AREAS, "feature": "pamir-box"}},
    ],
    "passages": [
        {"id": "p1", "text": "هرات شهری در افغانستان است and the \u202eevil name lies east.", "places": ["herat", "trap"],
         "mentions": [{"place": "herat", "text": "هرات", "start": 0, "end": 4}]},
        {"id": "p2", "text": "An English passage naming هرات in its middle.", "places": ["herat"]},
    ],
}

DIR_JS = """() => {
  const dir = (sel) => getComputedStyle(document.querySelector(sel)).direction;
  const iso = (sel) => Array.from(document.querySelectorAll(sel)).map((e) => getComputedStyle(e).unicodeBidi);
  return {p1: dir('#passage-p1'), p2: dir('#passage-p2'), mention: iso('#passage-p1 mark bdi'), panel: iso('#ex-panel h3 bdi'),
          panelText: document.querySelector('#ex-panel h3').textContent};
}"""


@pytest.mark.browser
def test_right_to_left_text_reads_in_order_and_an_override_stays_inside_its_name(offline_page, pool):
    path = storygen.write_story(pool["root"] / "bidi", BIDI_STORY)
    parsed = load_story(path)
    html = pool["root"] / "bidi.html"
    html.write_bytes(export_bytes(parsed, pool["geodata"], FORMATS["html"]))
    page = storygen.open_export(offline_page.page, html, "#place=trap")
    got = page.evaluate(DIR_JS)
    assert got["p1"] == "rtl" and got["p2"] == "ltr"  # from each passage's first strong letter
    assert got["mention"] == ["isolate"] and got["panel"] == ["isolate"]
    assert got["panelText"].endswith("#trap")  # the override stays in the <bdi>: "#trap" keeps its place
    tip = page.evaluate("() => window.__story.byPlace.get('trap')[0].getTooltip().getContent()")
    assert tip.startswith("<b><bdi>\u202eevil name</bdi></b>")
    storygen.select_by_hash(page, "passage", "p1")
    status = page.locator("#ex-panel").inner_text()
    assert "\u2068\u202eevil name\u2069" in status  # isolated in plain text too
    assert offline_page.console_errors == []
