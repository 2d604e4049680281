"""The compact marker encoding (issue 12): one place table and marker columns, joined in the
browser into the very tooltips, popups and titles that components/map/markup.py writes.

The runtime (components/web/story_runtime.js tooltipOf/popupOf/titleOf) rebuilds the markup
from escaped pieces; these tests hold it to Python's own functions, on the seed story and on
the hostile story (every escaping trap of tests/hostile.py), in a real Chromium.
"""

from __future__ import annotations

import json

import pytest

from components.export.formats import FORMATS, export_bytes
from components.map.leaflet import MARKER_DIGITS, js_json, marker_columns, place_table, places_list_extra
from components.map.markup import place_popup, place_tooltip, places_list_html
from components.map.spec import build_map_spec
from components.story.model import load_story
from components.story.selection import selection_table

from . import hostile, storygen

RUNTIME_JS = """(ids) => ids.map((id) => ({tooltip: window.__story.tooltipOf(id), popup: window.__story.popupOf(id),
  title: window.__story.titleOf(window.__story.placeAt.get(id))}))"""
MARKER_TITLES_JS = """() => { const out = {}; for (const [id, layers] of window.__story.owned) {
  for (const l of layers) { if (l.getLatLng && !l.getRadius) { out[id] = l.options.title; } } } return out; }"""


def test_marker_columns_point_at_the_places_of_the_spec(spec):
    table, cols = place_table(spec.story), marker_columns(spec)
    assert len(cols["place"]) == len(spec.markers) == len(cols["lat"]) == len(cols["lon"]) == len(cols["stack"])
    for k, m in enumerate(spec.markers):
        assert table["ids"][cols["place"][k]] == m.place
        assert abs(cols["lat"][k] - m.lat) <= 0.5 * 10 ** -MARKER_DIGITS + 1e-12
        assert abs(cols["lon"][k] - m.lon) <= 0.5 * 10 ** -MARKER_DIGITS + 1e-12
        assert cols["stack"][k] == m.stack
    assert table["ids"] == [p.id for p in spec.story.places]


def test_the_place_table_holds_escaped_text_and_raw_names_only_where_they_differ(geodata, tmp_path):
    story = load_story(hostile.write_story(tmp_path))
    table = place_table(story)
    for i, place in enumerate(story.places):
        assert "<" not in table["names"][i] and "<" not in table["words"][i]
        assert table["raw"].get(str(i), table["names"][i]) == place.name
    assert table["raw"]  # the hostile names do change when escaped


def _export(story, geodata, path):
    path.write_bytes(export_bytes(story, geodata, FORMATS["html"]))
    return path


@pytest.mark.browser
@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_the_runtime_builds_the_markup_of_markup_py(offline_page, story, geodata, tmp_path, which):
    s = story if which == "seed" else load_story(hostile.write_story(tmp_path))
    page = storygen.open_export(offline_page.page, _export(s, geodata, tmp_path / "story.html"))
    got = page.evaluate(RUNTIME_JS, [p.id for p in s.places])
    for place, g in zip(s.places, got):
        assert g["tooltip"] == place_tooltip(place), place.id
        assert g["popup"] == place_popup(s, place), place.id
        assert g["title"] == place.name, place.id
    spec = build_map_spec(s, geodata)
    titles = page.evaluate(MARKER_TITLES_JS)
    assert titles == {m.place: s.place(m.place).name for m in spec.markers}  # every marker, its raw name
    assert offline_page.console_errors == []
    if which == "hostile":
        assert page.evaluate("() => window.__pwned === undefined")


READER_ENTRIES_JS = """(ids) => { const r = new window.StoryReader(document, window.__storyData.table);
  const out = {none: r.entry("none"), place: {}, passage: {}, claim: {}};
  for (const kind of ["place", "passage", "claim"]) { for (const id of ids[kind]) { out[kind][id] = r.entry(kind, id); } }
  out.unknown = [r.entry("place", "no-such-place"), r.entry("place", "__proto__"), r.entry("ids", "place"),
                 r.entry("passage", "constructor")];
  return out; }"""


@pytest.mark.browser
@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_the_reader_reads_the_compact_table_as_the_selection_table(offline_page, story, geodata, tmp_path, which):
    s = story if which == "seed" else load_story(hostile.write_story(tmp_path))
    page = storygen.open_export(offline_page.page, _export(s, geodata, tmp_path / "story.html"))
    table = selection_table(s)
    got = page.evaluate(READER_ENTRIES_JS, {k: list(v) for k, v in table.items() if k != "none"})
    assert got.pop("unknown") == [None, None, None, None]
    assert got == table


@pytest.mark.browser
@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_the_runtime_builds_the_places_list_of_markup_py(offline_page, story, geodata, tmp_path, which):
    s = story if which == "seed" else load_story(hostile.write_story(tmp_path))
    page = storygen.open_export(offline_page.page, _export(s, geodata, tmp_path / "story.html"))
    extra = json.loads(js_json(places_list_extra(s)))
    built = page.evaluate("(extra) => window.__story.placesListHtml(extra)", extra)
    assert built == places_list_html(s)  # string for string: the same markup as the server's
    page.evaluate("(html) => { const d = document.createElement('div'); d.innerHTML = html; document.body.append(d); }",
                  built)  # the list in the page, as the app puts it: no story text runs
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator("body > div > .sm-places-list > li").count() == len(s.places)
