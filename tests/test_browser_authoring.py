"""Authoring in a real Chromium, offline: mention clicks, claims, uploads (bad, big, binary, hostile HTML)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import FIXTURES, MAP_FRAME, open_app as _open

SEED_TITLE = "China to build Tajikistan police base near Afghan border amid Taliban concerns: official"



def _selected(frame, value: str, timeout: int = 15_000):
    frame.locator(f".leaflet-container[data-selected='{value}']").wait_for(timeout=timeout)


def _upload(page, name: str, data: bytes, mime: str = "text/plain"):
    exp = page.get_by_text("Open or import a file")
    if page.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 0 or not page.locator(
            "[data-testid='stFileUploaderDropzoneInput']").first.is_enabled():
        exp.click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}])


@pytest.mark.browser
def test_clicking_a_mention_selects_its_place(offline_page, app_server, artifacts):
    page, frame = _open(offline_page, app_server)
    page.locator("#passage-p4 mark[data-place='ishkashim-district']").click()
    _selected(frame, "ishkashim-district")
    page.locator("#passage-p4 mark.sm-hit[data-place='ishkashim-district']").wait_for(timeout=15_000)
    # the page lights it at once; the app's rerun then confirms it (its panel, the URL)
    page.locator(".sm-panel[data-place='ishkashim-district']").wait_for(timeout=15_000)
    page.wait_for_function("() => location.search.includes('place=ishkashim-district')", timeout=15_000)
    page.locator("#passage-p16 mark[data-place='xinjiang']").click()
    _selected(frame, "xinjiang")
    page.locator(".sm-panel[data-place='xinjiang']").wait_for(timeout=15_000)
    page.screenshot(path=str(artifacts / "mention-click.png"))


@pytest.mark.browser
def test_place_buttons_work_from_the_keyboard(offline_page, app_server):
    page, frame = _open(offline_page, app_server)
    button = page.locator("#passage-p1 + .sm-actions .sm-act-place[data-id='gbao']")
    assert button.inner_text().strip().endswith("Gorno-Badakhshan (GBAO)")
    button.focus()
    page.keyboard.press("Enter")
    _selected(frame, "gbao")


@pytest.mark.browser
def test_claims_tab_checks_and_highlights(offline_page, app_server, artifacts):
    page, frame = _open(offline_page, app_server)
    page.get_by_role("tab", name="Claims (7)").click()
    cards = page.locator(".sm-claim")
    cards.first.wait_for(timeout=15_000)
    assert cards.count() == 7
    card = page.locator("#claim-border-over-1300-km")
    assert "CONSISTENT" in card.inner_text().upper() and "1,349.5 km" in card.inner_text()
    page.locator(".st-key-claim-gbao-borders-xinjiang button").first.click()
    _selected(frame, "gbao xinjiang")
    page.locator("#claim-gbao-borders-xinjiang.sm-active").wait_for(timeout=15_000)
    page.locator("#claim-gbao-borders-xinjiang summary").click()
    assert "406 km²" in page.locator("#claim-gbao-borders-xinjiang details").inner_text()
    page.screenshot(path=str(artifacts / "claims-tab.png"))


@pytest.mark.browser
def test_malformed_upload_shows_the_error_and_keeps_the_story(offline_page, app_server, artifacts):
    page, frame = _open(offline_page, app_server)
    page.locator("#passage-p4 mark[data-place='ishkashim-district']").click()
    _selected(frame, "ishkashim-district")
    _upload(page, "broken.yaml", b"id: broken\ntitle: [unclosed\n", "application/x-yaml")
    alert = page.get_by_text("broken.yaml: line 3, column 1: not valid YAML")
    alert.wait_for(timeout=15_000)
    assert page.locator(".sm-head h1").inner_text() == SEED_TITLE
    expect(page.locator(".sm-passage")).to_have_count(17)  # waits for the rerun to finish drawing
    assert frame.locator(".leaflet-container").get_attribute("data-selected") == "ishkashim-district"
    page.screenshot(path=str(artifacts / "upload-malformed.png"))


@pytest.mark.browser
@pytest.mark.parametrize("name, data, message", [
    ("huge.txt", b"Khorog. " * 150_000, "huge.txt: file is 1,200,000 bytes; the limit for an article is 1,000,000"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "photo.txt: not a text file"),
])
def test_oversized_and_binary_uploads_are_refused(offline_page, app_server, name, data, message):
    page, _ = _open(offline_page, app_server)
    _upload(page, name, data)
    page.get_by_text(message).wait_for(timeout=15_000)
    assert page.locator(".sm-head h1").inner_text() == SEED_TITLE


@pytest.mark.browser
def test_hostile_html_article_becomes_a_draft_and_nothing_runs(offline_page, app_server, artifacts):
    page, _ = _open(offline_page, app_server)
    _upload(page, "seed_article_scripted.html", (FIXTURES / "seed_article_scripted.html").read_bytes(), "text/html")
    page.locator(".sm-draft").wait_for(timeout=30_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=30_000)
    assert page.locator(".sm-head h1").inner_text() == SEED_TITLE
    expect(page.locator(".sm-passage")).to_have_count(18)  # waits for the rerun to finish drawing
    literal = page.locator(".sm-passage", has_text="Test fixture line").inner_text()
    assert "<img src=x onerror=alert(1)>" in literal  # shown as text
    assert page.evaluate("() => window.__pwned === undefined")
    assert offline_page.dialogs == []
    assert not any("evil.example" in u for u in offline_page.blocked)  # no script even tried to fetch
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "Tracker" not in body and "stolen" not in body
    save = page.locator(".st-key-opened-save button").first.inner_text()
    assert "Save as stories/china-to-build-tajikistan-police-base-near-afghan" in save  # asks; writes nothing yet
    page.locator("#passage-p5 mark[data-place='china']").click()
    frame.locator(".leaflet-container[data-selected='china']").wait_for(timeout=15_000)
    page.screenshot(path=str(artifacts / "upload-html-draft.png"))
