"""The app and the HTML export light the same things for the same selections.

Both pages run the same reader runtime (components/web/story_reader.js) on the same selection
table; this drives each with the same selections on the seed story (every place by a click on
the map and by a link, passages, Previous/Next from a place, claims) and compares what lights
up: the lit passages, the places whose mentions are hit, and the map's ``data-selected``.
The app is read once its rerun has confirmed the selection (the line under the map says so),
and only when it has held still for a moment.
"""

from __future__ import annotations

import pytest

from components.export.formats import FORMATS, export_bytes

from .conftest import MAP_FRAME, OfflinePage, open_app

READ_READER = """() => ({
  passages: [...document.querySelectorAll('.sm-passage.sm-active')].map(e => e.dataset.passage).sort(),
  mentions: [...new Set([...document.querySelectorAll('mark.sm-mention.sm-hit')].map(e => e.dataset.place))].sort(),
})"""
CLICK_ON_MAP = "id => { const l = window.__story.owned.get(id)[0]; l.fire('click', {latlng: l.getLatLng ? l.getLatLng() : l.getBounds().getCenter()}); }"
SEED_CLAIMS = ["ishkashim-in-gbao", "gbao-borders-xinjiang", "border-over-1300-km", "base-near-border"]


@pytest.fixture(scope="module")
def html_file(story, geodata, tmp_path_factory):
    path = tmp_path_factory.mktemp("parity") / "story.html"
    path.write_bytes(export_bytes(story, geodata, FORMATS["html"]))
    return path


class Export:
    """The exported file, opened from disk in its own offline page."""

    def __init__(self, op: OfflinePage, path, hash_: str = ""):
        self.op, self.page = op, op.page
        self.page.goto(path.as_uri() + hash_)
        self.page.locator("body[data-reader-ready='1']").wait_for(timeout=15_000)

    def state(self) -> dict:
        s = self.page.evaluate(READ_READER)
        s["selected"] = (self.page.locator(".leaflet-container").get_attribute("data-selected") or "").split()
        return s

    def click_place(self, pid: str) -> None:
        self.page.evaluate(CLICK_ON_MAP, pid)

    def link(self, kind: str, item: str) -> None:
        self.page.evaluate("h => { location.hash = h; }", f"#{kind}={item}")
        self.page.wait_for_function("h => location.hash === h", arg=f"#{kind}={item}", timeout=5_000)
        self.page.wait_for_timeout(50)  # hashchange is dispatched as a task, after the hash is set

    def button(self, css: str) -> None:
        self.page.locator(css).click()


class App:
    """The running app in its own offline page."""

    def __init__(self, op: OfflinePage, url: str):
        self.page, self.frame = open_app(op, url)
        self.page.locator(".sm-passage").first.wait_for(timeout=30_000)

    def state(self) -> dict:
        s = self.page.evaluate(READ_READER)
        s["selected"] = (self.frame.locator(".leaflet-container").get_attribute("data-selected") or "").split()
        return s

    def confirmed(self, css: str, text: str | None = None) -> None:
        """The app's rerun has drawn the selection's line under the map."""
        loc = self.page.locator(css, has_text=text) if text else self.page.locator(css)
        loc.first.wait_for(timeout=30_000)

    def settle_on(self, want: dict, timeout_ms: int = 20_000) -> dict:
        """The app's state once it equals ``want`` and holds (or what it shows at the timeout)."""
        waited, got = 0, self.state()
        while waited < timeout_ms:
            if got == want:
                self.page.wait_for_timeout(400)
                again = self.state()
                if again == want:
                    return again
                got = again
                continue
            self.page.wait_for_timeout(100)
            waited += 100
            got = self.state()
        return got


def _pages(offline_page):
    second = OfflinePage(offline_page.page.context.new_page())
    return offline_page, second


def _same(app: App, exp: Export, what: str) -> None:
    want = exp.state()
    got = app.settle_on(want)
    assert got == want, f"{what}: the app lights {got}, the export {want}"


@pytest.mark.browser
def test_every_place_clicked_on_the_map_lights_the_same(offline_page, app_server, html_file, story):
    op_app, op_exp = _pages(offline_page)
    app, exp = App(op_app, app_server), Export(op_exp, html_file)
    _same(app, exp, "nothing selected")
    for place in story.places:
        app.frame.locator(".leaflet-container").evaluate(f"e => ({CLICK_ON_MAP})({place.id!r})")
        app.confirmed(f".sm-panel[data-place='{place.id}']")
        exp.click_place(place.id)
        assert exp.state()["selected"] == [place.id]
        _same(app, exp, f"map click on {place.id}")
    assert op_app.blocked == [] and op_exp.blocked == []


@pytest.mark.browser
def test_every_place_by_link_lights_the_same(offline_page, app_server, html_file, story):
    op_app, op_exp = _pages(offline_page)
    exp = Export(op_exp, html_file)
    app = None
    for i, place in enumerate(story.places):
        exp.link("place", place.id)
        if i % 4 == 0:  # a fresh page for some (a deep link), the place picker for the others
            app = App(op_app, f"{app_server}/?place={place.id}")
        else:
            app.page.locator(".stSelectbox", has_text="Go to a place").click()
            app.page.get_by_role("option", name=place.name, exact=True).click()
        app.confirmed(f".sm-panel[data-place='{place.id}']")
        _same(app, exp, f"link to {place.id}")


@pytest.mark.browser
def test_passages_and_previous_next_from_a_place_light_the_same(offline_page, app_server, html_file, story):
    op_app, op_exp = _pages(offline_page)
    app, exp = App(op_app, app_server), Export(op_exp, html_file)
    for pid in ("p1", "p4", "p13", "p16", "p17"):
        n = story.passage_index(pid) + 1
        app.page.get_by_role("button", name=f"Show ¶{n} on the map").click()
        app.confirmed(".sm-status", f"¶{n} speaks of")
        exp.button(f".ex-show[data-passage='{pid}']")
        _same(app, exp, f"passage {pid}")
    # Previous/Next from a place: its first passage, then on; and back
    for place in ("xinjiang", "police-base"):
        app.frame.locator(".leaflet-container").evaluate(f"e => ({CLICK_ON_MAP})({place!r})")
        app.confirmed(f".sm-panel[data-place='{place}']")
        exp.click_place(place)
        _same(app, exp, f"map click on {place}")
        for label, css, delta in (("Next ▶", "#ex-next", 1), ("Next ▶", "#ex-next", 1), ("◀ Previous", "#ex-prev", -1)):
            app.page.get_by_role("button", name=label).click()
            exp.button(css)
            n = exp.page.locator("#ex-pos").inner_text().split(" ")[0]  # "¶N of 17"
            app.confirmed(".sm-status", f"{n} speaks of")
            _same(app, exp, f"{label} after {place}")
    # and Clear
    app.page.get_by_role("button", name="Clear").click()
    exp.button("#ex-clear")
    app.page.get_by_text("Click a marker or a boundary").first.wait_for(timeout=30_000)
    _same(app, exp, "Clear")
    assert exp.state() == {"passages": [], "mentions": [], "selected": []}


@pytest.mark.browser
def test_claims_light_the_same(offline_page, app_server, html_file):
    op_app, op_exp = _pages(offline_page)
    exp = Export(op_exp, html_file)
    app = App(op_app, f"{app_server}/?claim={SEED_CLAIMS[0]}")
    exp.link("claim", SEED_CLAIMS[0])
    app.confirmed(".sm-status", f"Claim #{SEED_CLAIMS[0]} on the map")
    _same(app, exp, f"link to claim {SEED_CLAIMS[0]}")
    app.page.get_by_role("tab", name="Claims (7)").click()
    for claim in SEED_CLAIMS[1:]:
        app.page.locator(f".st-key-claim-{claim} button").first.click()
        app.confirmed(".sm-status", f"Claim #{claim} on the map")
        exp.link("claim", claim)
        assert exp.page.locator("#ex-pos").inner_text() == f"Claim #{claim}"
        _same(app, exp, f"claim {claim}")
