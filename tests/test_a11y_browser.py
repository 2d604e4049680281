"""Issue 10 in a real offline Chromium: axe-core on every surface, phones, popups that leave the
selection visible, and the map from the keyboard.

Surfaces: the app (its page and its map frame), the embed (``?embed=true``) and the HTML export
opened from disk. Desktop 1440x900; phone 390x844 (is_mobile, has_touch); the embed also at
390x640. axe-core 4.10.3 is vendored for the tests only (``tests/vendor``, ``tests/a11y.py``).
"""

from __future__ import annotations

import pytest

from components.export.formats import FORMATS, export_bytes

from .a11y import axe_violations, describe, map_frame, node_count
from .conftest import MAP_FRAME, OfflinePage

DESKTOP = dict(viewport={"width": 1440, "height": 900})
PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
EMBED_PHONE = dict(viewport={"width": 390, "height": 640}, is_mobile=True, has_touch=True)
READY = ".leaflet-container[data-story-ready='1']"
MARKER = ".sm-pin[title^='Planned police base']"

RECT = "e => { const b = e.getBoundingClientRect(); return {x: b.left, y: b.top, w: b.width, h: b.height}; }"


def _intersects(a: dict, b: dict) -> bool:
    return min(a["x"] + a["w"], b["x"] + b["w"]) > max(a["x"], b["x"]) and \
        min(a["y"] + a["h"], b["y"] + b["h"]) > max(a["y"], b["y"])


@pytest.fixture(scope="module")
def html_file(story, geodata, tmp_path_factory):
    path = tmp_path_factory.mktemp("a11y") / "story.html"
    path.write_bytes(export_bytes(story, geodata, FORMATS["html"]))
    return path


def _page(browser, opts):
    ctx = browser.new_context(**opts)
    return ctx, OfflinePage(ctx.new_page())


def _open_app(op, url):
    op.page.goto(url)
    op.page.frame_locator(MAP_FRAME).locator(READY).wait_for(timeout=60_000)
    op.page.wait_for_timeout(800)  # the page's own elements after the map
    return op.page, map_frame(op.page)


def _open_export(op, path):
    op.page.goto(path.as_uri())
    op.page.locator("body[data-reader-ready='1']").wait_for(timeout=15_000)
    op.page.locator(READY).wait_for(timeout=15_000)
    return op.page


def _assert_axe_clean(target, what):
    v = axe_violations(target)
    assert node_count(v) == 0, f"{what}: {describe(v)}"


def _no_sideways_scroll(page, width: int = 390):
    """No sideways scrolling; on a phone (is_mobile) a too-wide page also widens the layout
    viewport, so innerWidth must stay the screen's width too."""
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1] and sizes[1] == width, sizes


def _popup_clear_of_marker(target, screen_width: int, map_css: str = ".leaflet-container"):
    """The open popup: within the screen, not over the selected marker, at most ~a quarter of the map."""
    target.locator(".leaflet-popup .sm-popup").wait_for(timeout=10_000)
    target.wait_for_timeout(700)  # autopan
    pop = target.locator(".leaflet-popup").evaluate(RECT)
    pin = target.locator(".sm-pin.sm-selected").first.evaluate(RECT)
    box = target.locator(map_css).first.evaluate(RECT)
    assert pop["w"] <= screen_width
    assert not _intersects(pop, pin), (pop, pin)
    assert pop["w"] * pop["h"] <= 0.27 * box["w"] * box["h"], (pop, box)


@pytest.mark.browser
@pytest.mark.parametrize("opts", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_app_and_embed_have_no_serious_axe_violations(browser, app_server, opts):
    ctx, op = _page(browser, opts)
    try:
        page, frame = _open_app(op, app_server)
        _assert_axe_clean(page, "app page")
        _assert_axe_clean(frame, "app map frame")
        frame.locator(MARKER).first.click()  # a selection: popup, highlight, place panel
        page.locator(".sm-panel[data-place='police-base']").wait_for(timeout=15_000)
        _assert_axe_clean(page, "app page, a place selected")
        _assert_axe_clean(frame, "app map frame, a place selected")
        page, frame = _open_app(op, app_server + "/?embed=true")
        _assert_axe_clean(page, "embed page")
        _assert_axe_clean(frame, "embed map frame")
        assert op.console_errors == []
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("opts", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_export_has_no_serious_axe_violations(browser, html_file, opts):
    ctx, op = _page(browser, opts)
    try:
        page = _open_export(op, html_file)
        _assert_axe_clean(page, "export")
        page.locator(MARKER).click()
        page.locator(".leaflet-popup .sm-popup").wait_for(timeout=5_000)
        page.wait_for_timeout(600)  # the popup's fade-in (axe reads a half-faded text as low contrast)
        _assert_axe_clean(page, "export, a place selected")
        assert op.blocked == [] and op.console_errors == []
    finally:
        ctx.close()


@pytest.mark.browser
def test_phone_app_layout(browser, app_server, artifacts):
    ctx, op = _page(browser, PHONE)
    try:
        page, frame = _open_app(op, app_server)
        _no_sideways_scroll(page)
        f = page.locator(MAP_FRAME).evaluate(RECT)
        assert min(f["y"] + f["h"], 844) - max(f["y"], 0) >= 300  # the map's first-screen height
        for key in ("prev", "next", "clear"):  # the reader's buttons are touch-sized
            assert page.locator(f".st-key-{key} button").evaluate(RECT)["h"] >= 44
        for css in (".sm-act-passage[data-id='p1']", "#passage-p1 + .sm-actions .sm-act-place"):  # the buttons under ¶1
            assert page.locator(css).evaluate(RECT)["h"] >= 44
        for css in (".leaflet-control-zoom-in", ".leaflet-control-zoom-out", ".leaflet-control-layers-toggle"):
            r = frame.locator(css).evaluate(RECT)
            assert r["w"] >= 44 and r["h"] >= 44, (css, r)
        frame.locator(MARKER).first.tap()
        _popup_clear_of_marker(frame, 390)
        page.screenshot(path=str(artifacts / "a11y-app-phone-popup.png"))
        _no_sideways_scroll(page)
    finally:
        ctx.close()


@pytest.mark.browser
def test_phone_embed_shows_map_and_a_passage_without_scrolling(browser, app_server, artifacts):
    ctx, op = _page(browser, EMBED_PHONE)
    try:
        page, frame = _open_app(op, app_server + "/?embed=true")
        _no_sideways_scroll(page)
        assert page.evaluate("() => window.scrollY") == 0
        f = page.locator(MAP_FRAME).evaluate(RECT)
        assert f["y"] >= 0 and f["h"] >= 300 and f["y"] + 300 <= 640
        text = page.locator("#passage-p1").evaluate(RECT)  # the first passage's text, in view
        assert text["y"] >= f["y"] + f["h"] and text["y"] + 40 <= 640, (f, text)
        assert page.locator(".st-key-next button").evaluate(RECT)["y"] + 44 <= 640
        page.screenshot(path=str(artifacts / "a11y-embed-390x640.png"))
    finally:
        ctx.close()


@pytest.mark.browser
def test_phone_export_layout(browser, html_file, artifacts):
    ctx, op = _page(browser, PHONE)
    try:
        page = _open_export(op, html_file)
        _no_sideways_scroll(page)
        m = page.locator(".ex-map").evaluate(RECT)
        assert min(m["y"] + m["h"], 844) - max(m["y"], 0) >= 300
        for css in ("#ex-prev", "#ex-next", "#ex-clear", ".ex-show", ".leaflet-control-zoom-in",
                    ".leaflet-control-layers-toggle"):
            r = page.locator(css).first.evaluate(RECT)
            assert r["h"] >= 44 and r["w"] >= 44, (css, r)
        assert "user-scalable=no" not in page.evaluate(
            "() => Array.from(document.querySelectorAll('meta[name=viewport]')).map(m => m.content).join()")
        page.locator(MARKER).tap()
        _popup_clear_of_marker(page, 390)
        page.screenshot(path=str(artifacts / "a11y-export-phone-popup.png"))
        _no_sideways_scroll(page)
    finally:
        ctx.close()


@pytest.mark.browser
def test_desktop_popup_is_short_and_leaves_the_selection_visible(browser, html_file, app_server, artifacts):
    ctx, op = _page(browser, DESKTOP)
    try:
        page = _open_export(op, html_file)
        page.locator(MARKER).click()
        _popup_clear_of_marker(page, 1440)
        popup = page.locator(".leaflet-popup .sm-popup").inner_text()
        assert "Planned police base" in popup and "7 passages" in popup and "¶1 A parliamentary" in popup
        assert page.locator(".leaflet-popup .sm-popup li").count() == 0  # the reader holds the text
        # a boundary's popup opens at its top edge, clear of the district it highlights
        page.evaluate("() => { const l = window.__story.owned.get('ishkashim-district')[0]; l.fire('click', {latlng: l.getBounds().getCenter()}); }")
        page.locator(".leaflet-popup .sm-popup[data-place='ishkashim-district']").wait_for(timeout=5_000)
        page.wait_for_timeout(700)
        pop = page.locator(".leaflet-popup").evaluate(RECT)
        area = page.locator(".leaflet-sm-highlight-pane path").first.evaluate(RECT)
        assert pop["y"] + pop["h"] <= area["y"] + 2, (pop, area)
        page.screenshot(path=str(artifacts / "a11y-export-desktop-popup.png"))
        page, frame = _open_app(op, app_server)
        frame.locator(MARKER).first.click()
        _popup_clear_of_marker(frame, 1440)
    finally:
        ctx.close()


@pytest.mark.browser
def test_keyboard_reaches_a_named_marker_and_enter_selects_it_announced(browser, html_file):
    ctx, op = _page(browser, DESKTOP)
    try:
        page = _open_export(op, html_file)
        live = page.locator(".leaflet-container [aria-live='polite']")
        before = live.inner_text()
        for _ in range(80):  # Tab through the page until a marker has the focus
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.classList.contains('sm-pin')"):
                break
        else:
            pytest.fail("Tab never reached a marker")
        name = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
        role = page.evaluate("() => document.activeElement.getAttribute('role')")
        assert name and role == "button"
        page.keyboard.press("Enter")
        page.locator(".leaflet-popup .sm-popup").wait_for(timeout=5_000)
        assert name in page.locator(".leaflet-popup h4").inner_text()
        assert live.inner_text() != before and name in live.inner_text()
        assert page.url.endswith("#place=" + page.locator(".leaflet-container").get_attribute("data-selected"))
        # boundaries are focusable and named too
        paths = page.locator("path.leaflet-interactive[tabindex='0'][role='button']")
        assert paths.count() >= 5
        assert all(paths.evaluate_all("els => els.map(e => !!e.getAttribute('aria-label'))"))
        paths.first.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => !!document.querySelector('.leaflet-container').getAttribute('data-selected')")
        # the map as text: the places and their passages, reachable from the keyboard
        page.locator(".ex-text summary").focus()
        page.keyboard.press("Enter")
        assert page.locator(".ex-text .sm-places-list > li").count() == 13
        assert "¶1" in page.locator(".ex-text li[data-place='police-base']").inner_text()
        page.locator(".ex-text [data-select-place='dushanbe']").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('.leaflet-container').getAttribute('data-selected') === 'dushanbe'")
        assert "Dushanbe" in live.inner_text()
    finally:
        ctx.close()


@pytest.mark.browser
def test_app_announces_selection_and_has_the_map_as_text(browser, app_server):
    ctx, op = _page(browser, DESKTOP)
    try:
        page, frame = _open_app(op, app_server)
        live = frame.locator(".leaflet-container [aria-live='polite']")
        before = live.inner_text()
        page.get_by_role("button", name="Show ¶3 on the map").click()
        frame.locator(".leaflet-container[data-selected]").wait_for(timeout=15_000)
        page.wait_for_function(
            "([css]) => { const d = document.querySelector(css).contentDocument; const l = d.querySelector('[aria-live=polite]'); return l && l.textContent.startsWith('Selected on the map'); }",
            arg=[MAP_FRAME], timeout=15_000)
        assert live.inner_text() != before
        page.get_by_text("The map as text").click()
        items = page.locator(".sm-places-list > li")
        items.first.wait_for(timeout=5_000)
        assert items.count() == 13
        # Tab reaches a marker in the map frame; Enter selects it (the app's place panel)
        marker = frame.locator(MARKER).first
        assert marker.get_attribute("aria-label").startswith("Planned police base")
        marker.focus()
        page.keyboard.press("Enter")
        page.locator(".sm-panel[data-place='police-base']").wait_for(timeout=15_000)
    finally:
        ctx.close()
