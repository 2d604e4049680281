"""Synthetic stories in a real Chromium: 1,000 places in the real app, 10,000 in the HTML export
(the same runtime, without a server): clustered, every marker drawn or counted in a cluster,
still clickable, the click lighting the place's passage."""

from __future__ import annotations

import sys

import pytest

from components.export.formats import FORMATS, export_bytes
from components.geo.geodata import load_geodata
from components.map.markup import places_list_html
from components.story.model import load_story

from . import storygen
from .conftest import ROOT, open_app as _open, start_server, stop_server

sys.path.insert(0, str(ROOT / "bench"))
from synth import make_synthetic  # noqa: E402

N = 1000


@pytest.fixture(scope="module")
def big(tmp_path_factory, artifacts):
    folder = tmp_path_factory.mktemp("synth-browser")
    story = load_story(make_synthetic(N, folder))
    proc, url = start_server(env={"STORYMAP_GEODATA": str(folder / "geodata"),
                                  "STORYMAP_STORIES": str(folder / "stories")})
    yield url, story
    stop_server(proc)


def _point_place(story, after: int) -> tuple[str, str]:
    """A marker place whose own passage lies beyond the reader's first page."""
    for i, place in enumerate(story.places):
        if i > after and place.geometry.layer == "synth-points":
            return place.id, story.passages_of(place.id)[0].id
    raise AssertionError("no point place")



@pytest.mark.browser
def test_a_thousand_places_render_as_clusters_with_a_paged_reader(offline_page, big, artifacts):
    url, story = big
    page, frame = _open(offline_page, url)
    page.wait_for_timeout(1000)  # the first fit's cluster animation (old and new icons overlap)
    clusters = frame.locator(".marker-cluster")
    assert clusters.count() >= 10
    total = sum(int(t) for t in clusters.all_inner_texts())
    pins = frame.locator(".leaflet-marker-icon.sm-pin").count()
    markers = sum(1 for p in story.places if p.geometry.layer == "synth-points")
    assert total + pins == markers  # every marker is in a cluster or drawn alone
    assert pins < 100  # ... and few are drawn one by one
    assert page.locator(".sm-passage").count() == 30  # the reader shows a page, not 1,000 passages
    assert "Passages ¶1–¶30 of 1,000" in page.locator(".st-key-reader").inner_text()
    page.screenshot(path=str(artifacts / "synthetic-1000-first-view.png"))
    assert offline_page.blocked == []


@pytest.mark.browser
def test_deep_link_to_a_clustered_marker_reveals_it_and_pages_the_reader(offline_page, big, artifacts):
    url, story = big
    place, passage = _point_place(story, 200)
    page, frame = _open(offline_page, f"{url}/?place={place}")
    # StoryPins.reveal: the map zooms to where the marker stands alone, marks it and opens its popup
    frame.locator(".leaflet-marker-icon.sm-pin.sm-selected").wait_for(timeout=30_000)
    frame.locator(".leaflet-popup .sm-popup h4", has_text=story.place(place).name).wait_for(timeout=30_000)
    page.locator(f"#passage-{passage}.sm-active").wait_for(timeout=30_000)  # on its page of the reader
    page.screenshot(path=str(artifacts / "synthetic-1000-deep-link.png"))


@pytest.mark.browser
def test_clicking_a_marker_of_a_large_story_selects_it(offline_page, big):
    url, story = big
    place, passage = _point_place(story, 400)
    page, frame = _open(offline_page, url)
    frame.locator(".leaflet-container").evaluate(  # zoom until the marker stands alone
        "(e, id) => window.__story.reveal(window.__story.layersOf(id)[0], () => {})", place)
    pin = frame.locator(f".sm-pin[title='{story.place(place).name}']")
    pin.wait_for(timeout=15_000)
    pin.click()
    page.locator(f".sm-panel[data-place='{place}']").wait_for(timeout=30_000)
    page.locator(f"#passage-{passage}.sm-active").wait_for(timeout=30_000)
    assert f"place={place}" in page.url


SAME_HTML_JS = """(html) => { const t = document.createElement("template"); t.innerHTML = html; return t.innerHTML; }"""


@pytest.mark.browser
def test_the_map_as_text_of_a_large_story_is_built_in_the_page_from_the_map(offline_page, big):
    """The app sends the list only as what the map's place table lacks; the page builds the very
    list markup.places_list_html writes, every place with all its passages."""
    url, story = big
    page, frame = _open(offline_page, url)
    page.get_by_text("The map as text").click()
    items = page.locator(".sm-places-slot .sm-places-list > li")
    items.first.wait_for(timeout=30_000)
    assert items.count() == N
    got = page.locator(".sm-places-slot").evaluate("(el) => el.innerHTML")
    assert got == page.evaluate(SAME_HTML_JS, places_list_html(story))
    more = next(p for p in story.places if len(story.passages_of(p.id)) > 1)  # a place named twice
    li = page.locator(f".sm-places-list > li[data-place='{more.id}'] li")
    assert li.count() == len(story.passages_of(more.id))
    assert offline_page.console_errors == []


BIG = 10_000
COUNT_DRAWN_JS = """() => ({
  clustered: [...document.querySelectorAll('.marker-cluster')].reduce((n, el) => n + parseInt(el.textContent, 10), 0),
  pins: document.querySelectorAll('.leaflet-marker-icon.sm-pin').length,
  made: window.__story.made.filter(Boolean).length,
  known: window.__story.rowsOf.size})"""


@pytest.fixture(scope="module")
def big_export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth-10k")
    story = load_story(make_synthetic(BIG, folder))
    html = folder / "synthetic-10000.html"
    html.write_bytes(export_bytes(story, load_geodata(folder / "geodata"), FORMATS["html"]))
    return story, html


@pytest.mark.browser
def test_ten_thousand_places_draw_and_a_click_selects_one_and_lights_its_passage(offline_page, big_export, artifacts):
    story, html = big_export
    page = storygen.open_export(offline_page.page, html, timeout=120_000)
    page.wait_for_timeout(1000)  # the first fit's cluster animation
    drawn = page.evaluate(COUNT_DRAWN_JS)
    markers = sum(1 for p in story.places if p.geometry.layer == "synth-points")
    assert drawn["clustered"] + drawn["pins"] == markers  # every marker drawn alone or counted in a cluster
    assert drawn["pins"] < 200 and drawn["made"] == drawn["pins"]  # few pins drawn; a Leaflet marker only for those
    assert drawn["known"] == markers  # every point place has its marker row
    place, passage = _point_place(story, BIG // 2)
    page.evaluate("(id) => window.__story.reveal(window.__story.layersOf(id)[0], () => {})", place)
    pin = page.locator(f".sm-pin[title='{story.place(place).name}']")
    pin.wait_for(timeout=30_000)
    pin.click()
    page.locator(f".leaflet-container[data-selected='{place}']").wait_for(timeout=15_000)
    page.locator(f"#passage-{passage}.sm-active").wait_for(timeout=15_000)
    page.locator(".leaflet-popup .sm-popup h4", has_text=story.place(place).name).wait_for(timeout=15_000)
    page.screenshot(path=str(artifacts / "synthetic-10000-export-click.png"))
    assert offline_page.console_errors == [] and offline_page.blocked == []


@pytest.mark.browser
def test_the_export_reader_skips_off_screen_passages_in_runs_and_still_shows_a_far_one(offline_page, big_export):
    """10,000 passages: the browser skips rendering them in runs of PASSAGE_RUN, not one by one
    (one skipped block per passage: Chromium checks each on every frame, 100,000 pan at 9 fps);
    a passage far down, selected by its link, is rendered and scrolled into the reader's view."""
    from components.export.html_page import PASSAGE_RUN

    story, html = big_export
    far = story.passages[len(story.passages) * 2 // 3].id  # ~370,000 px down: its offset is an estimate
    page = storygen.open_export(offline_page.page, html, timeout=120_000)
    runs = page.evaluate("""() => {
      const cv = el => getComputedStyle(el).contentVisibility;
      return {runs: [...document.querySelectorAll('.ex-passages > *')].map(cv),
              items: [...document.querySelectorAll('.ex-item')].filter(el => cv(el) === 'auto').length}; }""")
    assert runs["runs"] == ["auto"] * -(-len(story.passages) // PASSAGE_RUN) and runs["items"] == 0
    page.evaluate("(id) => { location.hash = 'passage=' + id; }", far)
    active = page.locator(f"#passage-{far}.sm-active")
    active.wait_for(timeout=30_000)  # visible: its run is rendered
    page.wait_for_timeout(500)  # the jump's corrections (StoryReader.scrollTo), a frame or two each
    inside = page.evaluate("""(id) => { const r = document.getElementById('passage-' + id).getBoundingClientRect(),
      v = document.querySelector('.ex-passages').getBoundingClientRect();
      return r.height > 0 && r.top >= v.top - 1 && r.bottom <= v.bottom + 1; }""", far)
    assert inside
    assert offline_page.console_errors == [] and offline_page.blocked == []


PINS_JS = """() => { const s = window.__story, m = s.map;
  return {zoom: m.getZoom(), center: [m.getCenter().lat, m.getCenter().lng], pins: document.querySelectorAll('.leaflet-marker-icon.sm-pin').length,
          clusters: [...document.querySelectorAll('.marker-cluster')].map(el => ({
            n: parseInt(el.textContent, 10), role: el.getAttribute('role'), label: el.getAttribute('aria-label'),
            tab: el.getAttribute('tabindex')}))}; }"""


@pytest.mark.browser
def test_clusters_are_buttons_that_zoom_in_and_a_selected_place_leaves_its_cluster(offline_page, big_export, artifacts):
    """StoryPins (web/pins.js): a cluster is a named, focusable button; clicking it zooms the
    map in and splits it; selecting a place without moving the map draws its own pin at once,
    while its neighbours stay clustered."""
    story, html = big_export
    page = storygen.open_export(offline_page.page, html, timeout=120_000)
    before = page.evaluate(PINS_JS)
    big = max(before["clusters"], key=lambda c: c["n"])
    assert big["role"] == "button" and big["tab"] == "0"
    assert big["label"] == f"{big['n']:,} places here: zoom in"
    page.locator(".marker-cluster", has_text=str(big["n"])).first.click()
    page.wait_for_function(f"() => window.__story.map.getZoom() > {before['zoom']}", timeout=15_000)
    page.wait_for_timeout(1200)  # the flight ends; the grid is redrawn on moveend
    after = page.evaluate(PINS_JS)
    assert after["zoom"] > before["zoom"]
    assert max([c["n"] for c in after["clusters"]] or [0]) < big["n"]  # split into smaller groups
    assert after["pins"] > before["pins"]  # and places drawn on their own
    # back to the first view: a place inside a cluster, selected without a flight
    page.evaluate("(v) => window.__story.map.setView(v.center, v.zoom, {animate: false})", before)
    page.wait_for_timeout(500)
    base = page.evaluate(PINS_JS)
    place, _ = _point_place(story, BIG // 3)
    page.evaluate("(id) => window.__story.select([id], {fit: false})", place)
    pin = page.locator(f".leaflet-marker-icon.sm-pin.sm-selected[title='{story.place(place).name}']")
    pin.wait_for(timeout=5_000)
    now = page.evaluate(PINS_JS)
    assert now["pins"] == base["pins"] + 1  # its own pin, and no other
    assert sum(c["n"] for c in now["clusters"]) == sum(c["n"] for c in base["clusters"]) - 1  # left its cluster
    page.screenshot(path=str(artifacts / "synthetic-10000-selected-out-of-cluster.png"))
    assert offline_page.console_errors == [] and offline_page.blocked == []
