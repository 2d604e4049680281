"""Exports and sharing in a real Chromium with every non-loopback request aborted.

The HTML export is opened from a file path (no server); the app tests use the real server.
"""

from __future__ import annotations

import io
import json

import pytest

from .conftest import MAP_FRAME, open_app as _open_app
from PIL import Image

from components.export.formats import FORMATS, export_bytes
from components.story.selection import Selection



@pytest.fixture(scope="module")
def html_file(story, geodata, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "story.html"
    path.write_bytes(export_bytes(story, geodata, FORMATS["html"]))
    return path


def _open_file(op, path, hash_=""):
    page = op.page
    page.goto(path.as_uri() + hash_)
    page.locator("body[data-reader-ready='1']").wait_for(timeout=15_000)
    page.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=15_000)
    return page


def _bounds(page) -> str:
    return page.evaluate("() => window.__story.map.getBounds().toBBoxString()")


def _selected(page) -> str:
    return page.locator(".leaflet-container").get_attribute("data-selected") or ""


@pytest.mark.browser
def test_exported_html_works_from_disk_offline(offline_page, html_file, artifacts):
    page = _open_file(offline_page, html_file)
    assert page.locator("path.leaflet-interactive").count() >= 20  # boundaries and lines
    assert page.locator(".leaflet-marker-icon.sm-pin").count() == 6
    assert page.locator(".sm-legend").count() == 1
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    for source in ("OpenStreetMap", "Natural Earth", "GeoNames", "AIMS"):
        assert source in attribution
    assert page.evaluate("() => window.__story.map.getMaxZoom()") == 10
    page.screenshot(path=str(artifacts / "export-html.png"))
    # a marker click opens its popup with its passages, and lights them in the reader
    page.locator(".sm-pin[title^='Planned police base']").click()
    popup = page.locator(".leaflet-popup .sm-popup")
    popup.wait_for(timeout=3_000)
    assert "Planned police base" in popup.inner_text() and "¶1" in popup.inner_text()
    assert "A parliamentary spokesman said" in popup.inner_text()
    page.locator("#passage-p4.sm-active").wait_for(timeout=3_000)
    assert "police-base" in _selected(page)
    assert page.url.endswith("#place=police-base")
    assert "Planned police base" in page.locator("#ex-panel").inner_text()
    page.screenshot(path=str(artifacts / "export-html-popup.png"))
    assert offline_page.blocked == []  # it asked for nothing outside the file
    assert offline_page.console_errors == []


@pytest.mark.browser
def test_exported_html_next_and_previous_move_the_map(offline_page, html_file):
    page = _open_file(offline_page, html_file)
    page.wait_for_timeout(300)
    before = _bounds(page)
    page.locator("#ex-next").click()
    page.locator("#passage-p1.sm-active").wait_for(timeout=3_000)
    assert page.locator("#ex-pos").inner_text() == "¶1 of 17"
    page.wait_for_timeout(900)  # the fly animation
    first = _bounds(page)
    assert first != before
    page.locator("#ex-next").click()
    page.locator("#passage-p2.sm-active").wait_for(timeout=3_000)
    page.wait_for_timeout(900)
    assert _bounds(page) != first
    assert _selected(page) == "police-base china tajikistan tajik-afghan-border afghanistan"
    page.locator("#ex-prev").click()
    page.locator("#passage-p1.sm-active").wait_for(timeout=3_000)
    assert page.url.endswith("#passage=p1")
    # a passage's own button, then Clear
    page.locator(".ex-show[data-passage='p13']").click()
    page.locator("#passage-p13.sm-active").wait_for(timeout=3_000)
    assert _selected(page) == "tajik-afghan-border tajikistan afghanistan"
    page.locator("#ex-clear").click()
    assert page.locator(".sm-passage.sm-active").count() == 0 and _selected(page) == ""


@pytest.mark.browser
def test_exported_html_opens_a_linked_view_and_explains_a_bad_link(offline_page, html_file):
    page = _open_file(offline_page, html_file, "#place=ishkashim-district")
    assert _selected(page) == "ishkashim-district"
    assert page.locator("#passage-p4.sm-active").count() == 1
    assert page.locator("#ex-message").is_hidden()
    page.goto(html_file.as_uri() + "#place=%3Cimg%20src%3Dx%3E")
    page.reload()
    page.locator("body[data-reader-ready='1']").wait_for(timeout=15_000)
    message = page.locator("#ex-message")
    assert message.is_visible() and "no place '<img src=x>'" in message.inner_text()
    assert page.locator("#ex-message img").count() == 0  # shown as text, not markup
    assert _selected(page) == ""


@pytest.mark.browser
def test_exported_html_opens_on_the_exported_selection(offline_page, story, geodata, tmp_path):
    path = tmp_path / "p13.html"
    path.write_bytes(export_bytes(story, geodata, FORMATS["html"], Selection(passage="p13")))
    page = _open_file(offline_page, path)
    assert _selected(page) == "tajik-afghan-border tajikistan afghanistan"
    assert page.locator("#passage-p13.sm-active").count() == 1


# --- the app: deep links, embed mode, share panel, downloads ---------------------------------



@pytest.mark.browser
def test_deep_link_with_a_bad_id_shows_a_message_and_the_default_view(offline_page, app_server):
    page, frame = _open_app(offline_page, app_server + "/?place=atlantis")
    page.get_by_text("URL parameter 'place': no place 'atlantis' in this story").first.wait_for(timeout=15_000)
    assert (frame.locator(".leaflet-container").get_attribute("data-selected") or "") == ""
    assert page.locator(".sm-passage.sm-active").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.browser
def test_deep_link_to_a_passage(offline_page, app_server):
    page, frame = _open_app(offline_page, app_server + "/?story=tajik-police-base&passage=p13")
    frame.locator(".leaflet-container[data-selected='tajik-afghan-border tajikistan afghanistan']").wait_for(timeout=15_000)
    assert page.locator("#passage-p13.sm-active").count() == 1


@pytest.mark.browser
def test_embed_mode_shows_map_and_compact_reader_only(offline_page, app_server, artifacts):
    op = offline_page
    op.page.set_viewport_size({"width": 900, "height": 640})
    page, frame = _open_app(op, app_server + "/?story=tajik-police-base&place=gbao&embed=true")
    frame.locator(".leaflet-container[data-selected='gbao']").wait_for(timeout=15_000)
    page.locator("#passage-p4.sm-active").wait_for(timeout=15_000)
    assert page.locator("[data-testid='stSidebar']").count() == 0
    assert page.locator("[data-testid='stToolbar']:visible").count() == 0
    assert page.locator(".sm-embed-head").count() == 1
    assert page.get_by_role("link", name="open the full map ↗").get_attribute("href").endswith(
        "?story=tajik-police-base&place=gbao")
    assert page.get_by_role("button", name="Next ▶").is_visible()
    assert page.locator(MAP_FRAME).bounding_box()["height"] <= 420
    page.screenshot(path=str(artifacts / "embed-900x640.png"))
    # selecting in the embed keeps the embed in the URL
    page.get_by_role("button", name="Next ▶").click()
    page.locator("#passage-p1.sm-active").wait_for(timeout=15_000)
    page.wait_for_url("**/?*passage=p1*", timeout=15_000)
    assert "embed=true" in page.url


def _open_share(page):
    """Open the sidebar's "Share & export" (drawn only once opened: app.py) and wait for it."""
    side = page.locator("[data-testid='stSidebar']")
    assert side.get_by_label("Link to this view", exact=False).count() == 0  # not drawn before
    side.get_by_text("Share & export").click()
    side.get_by_role("button", name="Places for GIS (GeoJSON)").wait_for(timeout=15_000)
    return side


@pytest.mark.browser
def test_share_panel_gives_link_and_embed_code_for_the_current_view(offline_page, app_server):
    page, frame = _open_app(offline_page, app_server + "/?place=ishkashim-district")
    side = _open_share(page)
    link_box = side.get_by_label("Link to this view", exact=False)
    embed_box = side.locator("textarea[aria-label^='Embed code']")
    link_box.wait_for(timeout=15_000)
    link, embed = link_box.input_value(), embed_box.input_value()
    assert link == f"{app_server}/?story=tajik-police-base&place=ishkashim-district"
    assert embed.startswith(f'<iframe src="{app_server}/?story=tajik-police-base&amp;place=ishkashim-district&amp;embed=true"')
    # the Copy buttons put the link and the snippet on the clipboard
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server)
    side.get_by_role("button", name="Copy embed code").click()
    side.get_by_role("button", name="Copied").wait_for(timeout=5_000)
    assert page.evaluate("() => navigator.clipboard.readText()") == embed
    side.get_by_role("button", name="Copy link").click()
    page.wait_for_function("t => navigator.clipboard.readText().then(c => c === t)", arg=link, timeout=5_000)
    page.get_by_role("button", name="Show ¶13 on the map").click()
    page.locator("#passage-p13.sm-active").wait_for(timeout=15_000)
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stSidebar] textarea')]"
                           ".some(e => e.value.includes('passage=p13&amp;embed=true'))", timeout=15_000)
    embed = embed_box.input_value()
    side.get_by_role("button", name="Copy embed code").click()  # the new view's snippet
    page.wait_for_function("t => navigator.clipboard.readText().then(c => c === t)", arg=embed, timeout=5_000)
    # the embed code is what an iframe needs: opening its src shows the embedded view
    src = embed.split('src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    page2, frame2 = _open_app(offline_page, src)
    frame2.locator(".leaflet-container[data-selected='tajik-afghan-border tajikistan afghanistan']").wait_for(timeout=15_000)
    assert page2.locator("[data-testid='stSidebar']").count() == 0


@pytest.mark.browser
def test_download_buttons_export_the_current_view(offline_page, app_server, tmp_path):
    page, frame = _open_app(offline_page, app_server + "/?place=ishkashim-district")
    page.context.set_default_timeout(60_000)
    _open_share(page)
    button = page.get_by_role("button", name="Print image (PNG)")
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "tajik-police-base-ishkashim-district.png"
    img = Image.open(io.BytesIO(open(download.path(), "rb").read()))
    assert img.size == (2400, 1800)  # 8 x 6 in at the default 300 dpi
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Places for GIS (GeoJSON)").click()
    doc = json.loads(open(info.value.path(), "rb").read())
    assert [f["id"] for f in doc["features"]] == ["ishkashim-district"]
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Web page (single HTML file, works offline)").click()
    html = open(info.value.path(), "rb").read()
    assert html.startswith(b"<!DOCTYPE html>") and b'"initial":{"place":"ishkashim-district"' in html
