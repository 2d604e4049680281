"""The real app in a real Chromium, offline: every non-loopback request is aborted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import MAP_FRAME, open_app as _open




def _selected(frame) -> str:
    return frame.locator(".leaflet-container").get_attribute("data-selected") or ""


@pytest.mark.browser
def test_page_loads_offline_with_boundaries_and_markers(offline_page, app_server, artifacts):
    page, frame = _open(offline_page, app_server)
    assert frame.locator("path.leaflet-interactive").count() >= 20  # 9 layers, 25 features
    assert frame.locator(".leaflet-marker-icon.sm-pin").count() == 6
    assert frame.locator(".leaflet-marker-icon.sm-pin-approx").count() == 2
    assert frame.locator(".sm-legend").count() == 1
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    for source in ("OpenStreetMap", "Natural Earth", "GeoNames", "AIMS"):
        assert source in attribution
    # Leaflet's own images (layer switcher icon) come from the app, not a CDN
    assert frame.locator(".leaflet-control-layers-toggle").evaluate("e => getComputedStyle(e).backgroundImage").find("/app/static/leaflet/images/") > 0
    expect(page.locator(".sm-passage")).to_have_count(17)  # waits for the rerun to finish drawing
    page.screenshot(path=str(artifacts / "first-view.png"))
    assert offline_page.console_errors == [] or all("Unrecognized feature" in e for e in offline_page.console_errors)


@pytest.mark.browser
def test_marker_click_highlights_the_ishkashim_passage(offline_page, app_server, artifacts):
    page, frame = _open(offline_page, app_server)
    frame.locator(".leaflet-container").evaluate("e => { window.__mountedOnce = 1; }")
    frame.locator(".sm-pin[title^='Planned police base']").click()
    # the popup with the passages opens at once, client-side
    frame.locator(".leaflet-popup .sm-popup h4", has_text="Planned police base").wait_for(timeout=2_000)
    page.locator("#passage-p4.sm-active").wait_for(timeout=15_000)  # optimistic, from the map frame
    page.locator(".sm-panel[data-place='police-base']").wait_for(timeout=15_000)  # the app's rerun
    assert page.locator("#passage-p4.sm-active").count() == 1  # the rerun confirms it
    assert "Ishkashim district" in page.locator("#passage-p4").inner_text()
    assert page.locator("#passage-p4 .sm-mention.sm-hit").count() == 0  # p4 names the district, not the base
    assert "police-base" in _selected(frame)
    assert "place=police-base" in page.url
    page.screenshot(path=str(artifacts / "after-marker-click.png"))


@pytest.mark.browser
def test_boundary_click_selects_the_district(offline_page, app_server):
    page, frame = _open(offline_page, app_server)
    # a point inside Ishkashim district, away from the approximate marker
    frame_el = page.locator(MAP_FRAME)
    box = frame_el.bounding_box()
    xy = frame.locator(".leaflet-container").evaluate(
        "e => { const p = map_div.latLngToContainerPoint([36.85, 71.75]); return [p.x, p.y]; }")
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    page.locator("#passage-p4.sm-active").wait_for(timeout=15_000)
    assert page.locator("#passage-p4 .sm-mention.sm-hit", has_text="Ishkashim district").count() == 1
    assert _selected(frame) == "ishkashim-district"


@pytest.mark.browser
def test_passage_click_moves_the_map_without_remount(offline_page, app_server, artifacts):
    page, frame = _open(offline_page, app_server)
    frame.locator(".leaflet-container").evaluate("e => { window.__sameMap = map_div; }")
    before = frame.locator(".leaflet-container").evaluate("e => map_div.getBounds().toBBoxString()")
    page.get_by_role("button", name="Show ¶13 on the map").click()
    frame.locator(".leaflet-container[data-selected='tajik-afghan-border tajikistan afghanistan']").wait_for(timeout=15_000)
    page.wait_for_timeout(900)  # the fly animation
    after = frame.locator(".leaflet-container").evaluate("e => map_div.getBounds().toBBoxString()")
    assert after != before
    assert frame.locator(".leaflet-container").evaluate("e => window.__sameMap === map_div")  # not remounted
    assert page.locator("#passage-p13.sm-active").count() == 1
    page.screenshot(path=str(artifacts / "after-passage-click.png"))


@pytest.mark.browser
def test_keyboard_next_selects_first_passage(offline_page, app_server):
    page, frame = _open(offline_page, app_server)
    page.get_by_role("button", name="Next ▶").focus()
    page.keyboard.press("Enter")
    page.locator("#passage-p1.sm-active").wait_for(timeout=15_000)
    frame.locator(".leaflet-container[data-selected*='police-base']").wait_for(timeout=15_000)


@pytest.mark.browser
def test_deep_link_opens_the_selection(offline_page, app_server):
    page, frame = _open(offline_page, app_server + "/?place=ishkashim-district")
    frame.locator(".leaflet-container[data-selected='ishkashim-district']").wait_for(timeout=15_000)
    assert page.locator("#passage-p4.sm-active").count() == 1


@pytest.mark.browser
def test_pan_and_zoom_do_not_rerun_but_clicks_do(offline_page, app_server):
    page, frame = _open(offline_page, app_server)
    page.wait_for_timeout(1500)  # let the first runs settle
    runs = app_server.runs()
    box = page.locator(MAP_FRAME).bounding_box()
    x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.25
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 60, steps=8)
    page.mouse.up()
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(1500)
    assert app_server.runs() == runs, "a pan or zoom re-ran the script"
    frame.locator(".sm-pin[title^='Dushanbe']").click()
    page.locator("#passage-p1.sm-active").wait_for(timeout=15_000)
    page.locator(".sm-panel[data-place='dushanbe']").wait_for(timeout=15_000)
    page.wait_for_timeout(800)  # a second, debounced report of the same click would land here
    assert app_server.runs() == runs + 1, "a click reruns the script exactly once"


@pytest.mark.browser
def test_reader_buttons_rerun_only_the_fragments_that_show_the_selection(offline_page, app_server):
    # the buttons under a passage are plain HTML (markup.passage_actions_html): their clicks go to
    # the app through the map component's value and rerun the fragments, as a map click does
    page, frame = _open(offline_page, app_server)
    page.wait_for_timeout(1500)  # let the first runs settle
    log = app_server.log_path.read_text()
    page.get_by_role("button", name="Show ¶13 on the map").click()
    page.locator(".sm-status", has_text="¶13 speaks of: Tajik-Afghan border").wait_for(timeout=15_000)  # the app's answer
    assert "passage=p13" in page.url
    place = page.locator("#passage-p2 + .sm-actions .sm-act-place[data-id='china']")
    place.focus()
    page.keyboard.press("Space")  # a plain button: Space and Enter press it
    page.locator(".sm-panel[data-place='china']").wait_for(timeout=15_000)
    frame.locator(".leaflet-container[data-selected='china']").wait_for(timeout=15_000)
    page.wait_for_timeout(800)  # a second, debounced report of the same click would land here
    runs = app_server.log_path.read_text()[len(log):].splitlines()
    runs = [line for line in runs if "storymap-run " in line]
    assert len(runs) == 2 and all("fragments=" in line for line in runs), runs  # no full run


@pytest.mark.browser
def test_selected_passage_is_scrolled_into_the_reader(offline_page, app_server):
    page, frame = _open(offline_page, app_server)
    frame.locator(".leaflet-container").evaluate(
        "e => map_div.setView([41.0, 84.0], 6)")  # Xinjiang in view
    frame.locator(".leaflet-container").evaluate(
        "e => { for (const l of window.__story.owned.get('xinjiang')) { l.fire('click', {latlng: l.getBounds().getCenter()}); } }")
    page.locator("#passage-p8.sm-active").wait_for(timeout=15_000)
    page.wait_for_timeout(800)  # smooth scroll
    reader = page.locator(".st-key-reader").bounding_box()
    p8 = page.locator("#passage-p8").bounding_box()
    assert reader["y"] <= p8["y"] <= reader["y"] + reader["height"]
