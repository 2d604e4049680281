"""Labels, the offline relief and the locator inset in Chromium: the HTML export from disk and
the app, offline (every non-loopback request aborted)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from components.export.html_page import export_html

from .conftest import open_app

VISIBLE = """() => [...document.querySelectorAll('.sm-label')].filter(e => !e.hidden).map(e => {
  const r = e.getBoundingClientRect();
  return {text: e.textContent, dir: e.getAttribute('dir'), place: e.getAttribute('data-place'),
          selected: e.classList.contains('sm-label-selected'), weight: getComputedStyle(e).fontWeight,
          box: [r.left, r.top, r.right, r.bottom]}; })"""


def overlaps(labels) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
            if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1:
                out.append((a["text"], b["text"]))
    return out


def zoom_by(target, dz: float) -> None:
    target.evaluate("(e, dz) => window.__story.map.setZoom(window.__story.map.getZoom() + dz, {animate: false})", dz)


def check_map(target, page) -> dict:
    """The checks shared by the export and the app; ``target``: the map container's locator."""
    counts = []
    for step in range(3):
        if step:
            zoom_by(target, 1)
        page.wait_for_timeout(700)
        labels = target.evaluate(VISIBLE)
        assert overlaps(labels) == [], step
        assert all(lb["dir"] == "auto" for lb in labels)
        counts.append(len(labels))
    assert counts[0] >= 8, counts
    assert counts[2] > 0
    zoom_by(target, -2)
    page.wait_for_timeout(500)
    # the selection's label is emphasised (and placed first)
    target.evaluate("e => window.__story.select(['gbao'], {fit: false})")
    page.wait_for_timeout(500)
    labels = target.evaluate(VISIBLE)
    (gbao,) = [lb for lb in labels if lb["place"] == "gbao"]
    assert gbao["selected"] and int(gbao["weight"]) >= 800
    assert not [lb for lb in labels if lb["selected"] and lb["place"] != "gbao"]
    assert overlaps(labels) == []
    # the relief: both images loaded, from this file or the app's own server
    relief = target.evaluate("""e => [...e.querySelectorAll('.leaflet-sm-relief-pane img')].map(i =>
        ({src: i.src.slice(0, 80), ok: i.complete && i.naturalWidth > 0}))""")
    assert len(relief) == 2 and all(r["ok"] for r in relief), relief
    assert float(target.evaluate("e => e.querySelector('.leaflet-sm-relief-pane').dataset.opacity")) > 0
    # coarser than the screen: faded out
    zoom_by(target, 4)
    page.wait_for_timeout(400)
    assert target.evaluate("e => e.querySelector('.leaflet-sm-relief-pane').dataset.opacity") == "0"
    # the inset: drawn, named, the story's extent marked
    box = target.evaluate("""e => { const s = e.querySelector('.sm-inset svg'); const r = s.getBoundingClientRect();
        const x = s.querySelector('.sm-inset-extent').getBBox();
        return {w: r.width, h: r.height, title: s.querySelector('title').textContent, ex: x.width * x.height,
                land: s.querySelector('.sm-inset-land').getAttribute('d').length}; }""")
    assert box["w"] >= 90 and box["h"] > 40 and box["ex"] > 0 and box["land"] > 500 and "red box" in box["title"]
    return {"counts": counts, "relief": relief}


@pytest.mark.browser
def test_export_labels_relief_inset_offline(offline_page, story, geodata, tmp_path):
    path = tmp_path / "story.html"
    path.write_bytes(export_html(story, geodata))
    page = offline_page.page
    page.goto(path.as_uri())
    target = page.locator(".leaflet-container[data-story-ready='1']")
    target.wait_for(timeout=30_000)
    out = check_map(target, page)
    assert all(r["src"].startswith("data:image/jpeg") for r in out["relief"])
    assert offline_page.blocked == [] and offline_page.console_errors == []


@pytest.mark.browser
def test_app_labels_relief_inset_offline(offline_page, app_server):
    page, frame = open_app(offline_page, app_server)
    target = frame.locator(".leaflet-container[data-story-ready='1']")
    out = check_map(target, page)
    assert all("/app/static/relief/" in r["src"] for r in out["relief"])
    assert offline_page.blocked == []


PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


def _open_file(browser, path, **context):
    """An exported page from disk in a new context (every request but file: and data: aborted):
    (context, page, the map container once the story is drawn)."""
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.goto(path.as_uri())
    target = page.locator(".leaflet-container[data-story-ready='1']")
    target.wait_for(timeout=30_000)
    return ctx, page, target


@pytest.mark.browser
def test_phone_labels_do_not_overlap(browser, story, geodata, tmp_path):
    path = tmp_path / "story.html"
    path.write_bytes(export_html(story, geodata))
    ctx, page, target = _open_file(browser, path, **PHONE)
    page.wait_for_timeout(700)
    labels = target.evaluate(VISIBLE)
    assert labels and overlaps(labels) == []
    assert target.evaluate("e => e.querySelector('.sm-inset svg').getBoundingClientRect().width") < 110
    # a tapped marker's popup covers no label: its own moves beside its pin, or hides
    page.locator(".sm-pin[title^='Planned police base']").tap()
    popup = page.locator(".leaflet-popup-content-wrapper")
    popup.wait_for(timeout=10_000)
    page.wait_for_timeout(900)  # the popup's pan, then the labels' layout
    p = popup.bounding_box()
    box = {"box": [p["x"], p["y"], p["x"] + p["width"], p["y"] + p["height"]], "text": "(popup)"}
    labels = target.evaluate(VISIBLE)
    assert overlaps(labels + [box]) == []
    assert any(lb["place"] == "police-base" for lb in labels)  # still named, beside its pin
    ctx.close()


@pytest.mark.browser
def test_phone_credits_show_on_load_then_fold_into_a_sources_button(browser, story, geodata, tmp_path):
    """Six lines of credits over a phone's map: shown when it opens, folded at the first touch
    into a button (44 px, aria-expanded) that shows them again; a wide map keeps them open."""
    path = tmp_path / "story.html"
    path.write_bytes(export_html(story, geodata))
    for phone, kw in ((True, PHONE), (False, dict(viewport={"width": 1440, "height": 900}))):
        ctx, page, target = _open_file(browser, path, **kw)
        credits, button = page.locator(".leaflet-control-attribution"), page.locator(".sm-sources")
        expect(credits).to_be_visible()
        assert "OpenStreetMap" in credits.inner_text() and button.is_hidden()
        box = target.bounding_box()
        at = (box["x"] + 40, box["y"] + box["height"] * 0.35)
        page.touchscreen.tap(*at) if phone else page.mouse.click(*at)
        if not phone:
            page.wait_for_timeout(500)
            expect(credits).to_be_visible()  # two lines: nothing to fold
            assert button.count() == 0
            ctx.close()
            continue
        expect(credits).to_be_hidden()
        expect(button).to_be_visible()
        assert button.get_attribute("aria-expanded") == "false" and button.bounding_box()["height"] >= 44
        button.tap()
        expect(credits).to_be_visible()
        assert button.get_attribute("aria-expanded") == "true" and "OpenStreetMap" in credits.inner_text()
        button.tap()
        expect(credits).to_be_hidden()
        ctx.close()


@pytest.mark.browser
def test_hostile_label_text_shows_as_text(offline_page, geodata, tmp_path):
    import yaml

    from components.story.model import parse_story

    from . import hostile

    story = parse_story(yaml.safe_dump(hostile.story_dict()), "hostile.yaml")
    path = tmp_path / "hostile.html"
    path.write_bytes(export_html(story, geodata))
    page = offline_page.page
    page.goto(path.as_uri())
    target = page.locator(".leaflet-container[data-story-ready='1']")
    target.wait_for(timeout=30_000)
    page.wait_for_timeout(700)
    texts = target.evaluate("""e => Object.fromEntries([...e.querySelectorAll('.sm-label[data-place]')].map(
        l => [l.getAttribute('data-place'), l.textContent]))""")
    assert texts == hostile.PLACE_NAMES  # every story label created, its text verbatim
    assert target.evaluate("e => e.querySelectorAll('.sm-label *').length") == 0  # no element inside a label
    assert page.evaluate("() => window.__pwned === undefined") and offline_page.dialogs == []
    assert [u for u in offline_page.blocked if "evil.example" in u] == []
