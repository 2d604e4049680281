"""Real server, real offline Chromium: a story full of payloads is shown as text everywhere, and
hostile URLs give a message and the default view. Nothing runs: no dialog, no ``window.__pwned``,
no request off the machine."""

from __future__ import annotations

import shutil
from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import expect

from . import hostile
from .conftest import open_app as _open
from .conftest import SEED_STORY, start_server, stop_server




@pytest.fixture(scope="module")
def hostile_server(artifacts, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-stories")
    hostile.write_story(folder)
    hostile.write_broken(folder)
    shutil.copy(SEED_STORY, folder)
    proc, url = start_server(env={"STORYMAP_STORIES": str(folder)})
    yield url
    stop_server(proc)



def _nothing_ran(op) -> None:
    page = op.page
    for f in page.frames:
        assert f.evaluate("() => window.__pwned === undefined") is True, f.url
        assert f.evaluate("() => document.querySelectorAll('img[src=\"x\"], svg[onload], iframe[src^=\"javascript\"]').length") == 0
        assert f.evaluate("() => getComputedStyle(document.body).display") != "none"
    assert op.dialogs == []
    assert [u for u in op.blocked if "evil.example" in u] == []


def _offline_so_far(op, step: str) -> None:
    assert [u for u in op.blocked if "evil.example" in u] == [], f"after {step}"


def _plain(texts: list[str]) -> list[str]:
    """Alert texts without the invisible word joiners md_literal puts after ':' and '@'."""
    return [t.replace("\u2060", "") for t in texts]


def _text(locator) -> str:
    return locator.evaluate("e => e.textContent")


@pytest.mark.browser
def test_hostile_story_is_text_everywhere(offline_page, hostile_server, artifacts):
    page, frame = _open(offline_page, hostile_server + "/?story=hostile-story")
    names = hostile.PLACE_NAMES
    # header, caption, reader: the exact strings, as text
    assert _text(page.locator(".sm-head h1")) == hostile.TITLE
    assert _text(page.locator(".sm-head .sm-source")).startswith(f"{hostile.PUBLISHER} · {hostile.BYLINE} · 28 October 2021 · ")
    assert _text(page.locator("figcaption")) == f"Photo: {hostile.CAPTION} [{hostile.CREDIT}]"
    for pid, text in hostile.PASSAGES.items():
        assert _text(page.locator(f"#passage-{pid}")) == f"¶{pid[1:]} {text}"
    assert _text(page.locator("#passage-p1 mark.sm-mention").nth(1)) == hostile.PAYLOADS["img"]
    _offline_so_far(offline_page, 'reader')

    # markers: title attributes, tooltips, popups
    pins = frame.locator(".leaflet-marker-icon.sm-pin")
    assert sorted(pins.evaluate_all("els => els.map(e => e.title)")) == sorted([names["facility"], names["dushanbe"]])
    dushanbe = frame.locator(".leaflet-marker-icon.sm-pin:not(.sm-pin-approx)")
    dushanbe.hover()
    assert _text(frame.locator(".leaflet-tooltip").last) == f"{names['dushanbe']} #dushanbe"
    _offline_so_far(offline_page, 'marker tooltip')
    frame.locator(".leaflet-marker-icon.sm-pin-approx").click()
    popup = frame.locator(".leaflet-popup .sm-popup")
    popup.wait_for(timeout=5_000)
    assert _text(popup.locator("h4")) == names["facility"]
    # the short popup (issue 10): name, precision, count and the first passage's opening words, as text
    assert hostile.PASSAGES["p2"].split()[0] in _text(popup.locator(".sm-first"))
    # the place panel under the map, and the passages lit in the reader
    page.locator("#passage-p2.sm-active").wait_for(timeout=15_000)
    page.locator(".sm-panel[data-place='facility']").wait_for(timeout=15_000)  # after the rerun
    panel = page.locator(".sm-panel")
    assert _text(panel.locator("h3")) == f"{names['facility']} #facility"
    assert hostile.NOTE in _text(panel) and hostile.BASIS in _text(panel)
    _offline_so_far(offline_page, 'marker click')

    # a boundary: its tooltip and popup, opened as a click would
    frame.locator(".leaflet-container").evaluate(
        "e => { const l = window.__story.owned.get('gbao')[0]; l.openTooltip(l.getBounds().getCenter()); l.fire('click'); }")
    # the GBAO tooltip (a sticky tooltip of whatever lies under the mouse may be open beside it)
    assert _text(frame.locator(".leaflet-tooltip", has_text="#gbao").last) == f"{names['gbao']} #gbao"
    page.locator("#passage-p1.sm-active").wait_for(timeout=15_000)  # lit at once, before the rerun
    page.locator(".sm-panel[data-place='gbao']").wait_for(timeout=15_000)  # the rerun's place panel
    assert _text(page.locator(".sm-panel h3")) == f"{names['gbao']} #gbao"
    _offline_so_far(offline_page, 'boundary click')

    # passages and Previous/Next
    page.get_by_role("button", name="Show ¶3 on the map").click()
    page.locator("#passage-p3.sm-active").wait_for(timeout=15_000)
    assert _text(page.locator(".sm-status")) == f"¶3 speaks of: {names['dushanbe']}"
    page.get_by_role("button", name="◀ Previous").click()
    page.locator("#passage-p2.sm-active").wait_for(timeout=15_000)
    assert _text(page.locator(".sm-status")) == f"¶2 speaks of: {names['facility']}, {names['gbao']}"
    frame.locator(".leaflet-container[data-selected='facility gbao']").wait_for(timeout=15_000)
    _offline_so_far(offline_page, 'passages')

    # sidebar: the place picker lists the names as text; picking one works
    page.locator(".stSelectbox", has_text="Go to a place").click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=5_000)
    assert sorted(options.all_inner_texts()) == sorted(n.replace("\u2028", "\n").replace("\u2029", "\n") for n in names.values()) \
        or sorted(_text(o) for o in options.all()) == sorted(names.values())
    page.get_by_role("option", name=names["dushanbe"][:20]).click()
    page.locator("#passage-p3.sm-active").wait_for(timeout=15_000)
    _offline_so_far(offline_page, 'place picker')
    # the story picker shows the title (cut at 70 characters) as text
    assert page.get_by_role("combobox", name="Story").input_value() == hostile.TITLE[:70]
    # the broken file's error echoes a hostile key, literally
    alert = page.locator("[data-testid='stSidebar'] [data-testid='stAlertContentError']")
    assert any(f"hostile-broken.yaml: {hostile.PAYLOADS['img']}{hostile.PAYLOADS['md-image']}: unknown field" in t
               for t in _plain(alert.all_inner_texts()))
    assert alert.locator("a, img, svg:not([data-testid])").count() == 0  # no link, no image (not even a bare URL)
    # the legend holds only the layer titles
    legend = _text(frame.locator(".sm-legend"))
    assert "Gorno-Badakhshan (GBAO)" in legend and "pwned" not in legend
    page.screenshot(path=str(artifacts / "hostile-story.png"), full_page=True)
    _nothing_ran(offline_page)
    assert offline_page.console_errors == [] or all("Unrecognized feature" in e for e in offline_page.console_errors)


@pytest.mark.browser
def test_hostile_urls_give_a_message_and_the_default_view(offline_page, app_server, artifacts):
    query = urlencode({"story": "../../etc/passwd", "place": "<img src=x onerror=alert(1)>![x](http://evil.example/p.png)"},
                      quote_via=quote)
    page, frame = _open(offline_page, f"{app_server}/?{query}")
    alerts = page.locator("[data-testid='stMain'] [data-testid='stAlertContentInfo']")
    alerts.first.wait_for(timeout=15_000)
    assert alerts.locator("a, img").count() == 0
    texts = _plain(alerts.all_inner_texts())
    assert texts == [
        "URL parameter 'story': no story (not a story id); showing the first story.",
        "URL parameter 'place': no place '<img src=x onerror=alert(1)>![x](http://…' in this story; showing the default view.",
    ]
    expect(page.locator(".sm-passage")).to_have_count(17)  # waits for the rerun to finish drawing
    expect(page.locator(".sm-passage.sm-active")).to_have_count(0)
    assert (frame.locator(".leaflet-container").get_attribute("data-selected") or "") == ""
    page.wait_for_function("() => location.search === '?story=tajik-police-base'", timeout=15_000)
    page.screenshot(path=str(artifacts / "hostile-url.png"))
    # repeated, very long and oddly encoded parameters: the last value counts; shortcodes stay text
    long_query = "&".join(["place=gbao"] * 200 + ["passage=" + "%F0%9F%92%A5" * 2000, "passage=:smile:%E2%80%AE[x](javascript:alert(1))"])
    page, frame = _open(offline_page, f"{app_server}/?{long_query}")
    alerts = page.locator("[data-testid='stMain'] [data-testid='stAlertContentInfo']")
    alerts.first.wait_for(timeout=15_000)
    assert alerts.locator("a, img").count() == 0
    assert _plain(alerts.all_inner_texts()) == [
        "URL parameter 'passage': no passage ':smile:\\u202e[x](javascript:alert(1))' in this story; showing the default view."]
    frame.locator(".leaflet-container[data-selected='gbao']").wait_for(timeout=15_000)  # the valid place= stands
    _nothing_ran(offline_page)


@pytest.mark.browser
def test_hostile_story_in_the_html_export(offline_page, geodata, tmp_path, artifacts):
    """The exported page (issue 3) shows the same story text, as text, from disk, offline."""
    from components.story.catalog import load_entry
    from components.map.spec import spec_builder
    from components.export.formats import FORMATS, export_bytes

    story = load_entry(hostile.write_story(tmp_path), spec_builder(geodata)).story
    path = tmp_path / "hostile.html"
    path.write_bytes(export_bytes(story, geodata, FORMATS["html"]))
    page = offline_page.page
    page.goto(path.as_uri())
    page.locator("body[data-reader-ready='1']").wait_for(timeout=15_000)
    page.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=15_000)
    body = _text(page.locator("body"))
    assert hostile.TITLE in body and hostile.PASSAGES["p2"] in body and hostile.CAPTION in body
    page.locator(".leaflet-marker-icon.sm-pin-approx").click()
    popup = page.locator(".leaflet-popup .sm-popup")
    popup.wait_for(timeout=5_000)
    assert _text(popup.locator("h4")) == hostile.PLACE_NAMES["facility"]
    page.locator("#ex-next").click()  # from the facility: its first passage, then the next
    page.locator("#passage-p2.sm-active").wait_for(timeout=5_000)
    page.locator("#ex-next").click()
    page.locator("#passage-p3.sm-active").wait_for(timeout=5_000)
    page.screenshot(path=str(artifacts / "hostile-export.png"))
    _nothing_ran(offline_page)
    assert offline_page.blocked == []  # nothing outside the file: not even the Markdown image
