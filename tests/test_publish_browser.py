"""The published site in a real Chromium, served by a real nginx on loopback (issue 13).

Every non-loopback request is aborted (OfflinePage). The embed is opened inside a page from a
SECOND loopback origin (another port: a cross-origin iframe), whose height must follow the
embed page's content through the postMessage protocol (embed_frame.js / embed_host.js).
"""

from __future__ import annotations

import pytest

from .conftest import ARTIFACTS, OfflinePage, ROOT
from .publish_server import Nginx

from components.publish import pages
from components.publish.site import publish_site

SEED = "tajik-police-base"
SHOTS = ARTIFACTS / "publish"  # screenshots of the index, atlas, story, embed, phone


@pytest.fixture(scope="module")
def site(tmp_path_factory, geodata):
    out = tmp_path_factory.mktemp("pub") / "site"
    report = publish_site(ROOT / "stories", out, geodata=geodata)
    assert report.skipped == [] and len(report.published) == 3
    return out


@pytest.fixture(scope="module")
def servers(site, tmp_path_factory):
    host = tmp_path_factory.mktemp("host")
    with Nginx([site, host]) as n:
        story = pages.StoryLinks(SEED, n.urls[0])
        (host / "article.html").write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Host article</title></head>"
            "<body style='margin:0;font:16px sans-serif'><p>Some paragraph of the host's article.</p>"
            + pages.embed_snippet(_story(), story) + "<p id='after'>After the map.</p></body></html>",
            encoding="utf-8")
        yield n


def _story():
    from components.story.model import load_story

    return load_story(ROOT / "stories" / f"{SEED}.yaml")


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    yield OfflinePage(context.new_page())
    context.close()


@pytest.mark.browser
def test_index_lists_every_story_with_its_preview(tab, servers):
    page = tab.page
    page.goto(servers.urls[0])
    page.locator("#atlas-map[data-atlas-ready='1']").wait_for(timeout=15_000)
    cards = page.locator(".card")
    assert cards.count() == 3
    assert "China to build Tajikistan police base" in page.locator(f".card[data-story='{SEED}'] h2").inner_text()
    assert "The New Arab" in page.locator(f".card[data-story='{SEED}']").inner_text()
    page.wait_for_function("() => [...document.querySelectorAll('.card img')].every(i => i.complete && i.naturalWidth === 1200)",
                           timeout=10_000)
    _shot(page, "index-1440.png")
    page.locator(f".card[data-story='{SEED}'] h2 a").click()
    page.locator("body[data-reader-ready='1']").wait_for(timeout=15_000)
    assert page.url == servers.urls[0] + f"stories/{SEED}/index.html"
    assert tab.blocked == [] and tab.console_errors == []


@pytest.mark.browser
def test_atlas_click_lists_the_stories_and_passages_of_a_place(tab, servers):
    page = tab.page
    page.goto(servers.urls[0] + "index.html")
    page.locator("#atlas-map[data-atlas-ready='1']").wait_for(timeout=15_000)
    assert page.locator("#atlas-map [data-place]").count() >= 20
    page.locator("#atlas-map [data-place='dushanbe']").click(force=True)
    panel = page.locator("#atlas-panel")
    # Dushanbe and the Russian base in it share a point: both are listed, whichever is on top
    page.wait_for_function("() => (document.getElementById('atlas-map').dataset.selected || '').split(' ').includes('dushanbe')")
    assert any(t.startswith("Dushanbe") for t in panel.locator("h3").all_inner_texts())
    assert panel.locator(".atlas-story[data-place='dushanbe']").count() >= 2  # more than one story speaks of it
    _shot(page, "atlas-1440.png")
    link = panel.locator(f".atlas-story[data-place='dushanbe'] a[href*='{SEED}'][href*='#passage=']").first
    href = link.get_attribute("href")
    link.click()
    page.locator("body[data-reader-ready='1']").wait_for(timeout=15_000)
    passage = href.split("#passage=")[1]
    page.locator(f"#passage-{passage}.sm-active").wait_for(timeout=5_000)
    assert tab.blocked == [] and tab.console_errors == []


@pytest.mark.browser
def test_story_page_uses_the_shared_assets_and_a_marker_lights_its_passage(tab, servers):
    page = tab.page
    loaded: list[str] = []
    page.on("response", lambda r: loaded.append(r.url))
    page.goto(servers.urls[0] + f"stories/{SEED}/index.html")
    page.locator("body[data-reader-ready='1']").wait_for(timeout=15_000)
    page.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=15_000)
    assets = [u for u in loaded if "/assets/" in u]
    for name in ("leaflet", "runtime", "reader", "storymap", "world", "region"):
        assert any(f"/assets/{name}." in u for u in assets), name
    assert page.locator(".leaflet-marker-icon.sm-pin").count() == 6
    assert page.locator(".sm-label").count() > 0  # the labels layer, from the shared runtime
    assert page.locator("img.sm-relief-world").count() == 1  # the relief, linked not inlined
    page.locator(".sm-pin[title^='Planned police base']").click()
    page.locator(".leaflet-popup .sm-popup").wait_for(timeout=3_000)
    page.locator("#passage-p4.sm-active").wait_for(timeout=3_000)
    assert page.url.endswith("#place=police-base")
    _shot(page, "story-1440.png")
    assert tab.blocked == [] and tab.console_errors == []


@pytest.mark.browser
def test_story_page_works_from_file_and_embed_query_opens_the_embed(tab, site):
    page = tab.page
    page.goto((site / "stories" / SEED / "index.html").as_uri() + "?embed=true#passage=p2")
    page.locator("body.ex-embed[data-reader-ready='1']").wait_for(timeout=15_000)
    page.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=15_000)
    assert page.url.endswith("/embed.html#passage=p2")
    page.locator("#passage-p2.sm-active").wait_for(timeout=3_000)
    assert tab.blocked == [] and tab.console_errors == []


@pytest.mark.browser
def test_cross_origin_embed_height_follows_its_content(tab, servers):
    page = tab.page
    page.set_viewport_size({"width": 900, "height": 900})
    page.goto(servers.urls[1] + "article.html")
    frame_el = page.locator("iframe[data-storymap-embed]")
    frame = page.frame_locator("iframe[data-storymap-embed]")
    frame.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=20_000)
    inner = page.frames[1]
    assert inner.url.startswith(servers.urls[0]) and not servers.urls[1].startswith(servers.urls[0])

    def heights():
        h = frame_el.evaluate("f => f.getBoundingClientRect().height")
        content = inner.evaluate("() => Math.ceil(Math.max(document.body.scrollHeight, document.body.offsetHeight, "
                                 "document.documentElement.offsetHeight))")
        return h, content

    page.wait_for_function("() => document.querySelector('iframe[data-storymap-embed]').style.height !== "
                           f"'{pages.EMBED_HEIGHT}px'", timeout=10_000)
    h1, c1 = heights()
    assert abs(h1 - c1) <= 2 and h1 != pages.EMBED_HEIGHT
    _shot(page, "embed-host-900.png")
    inner.locator(".ex-text summary").click()  # "The map as text" opens: the content grows
    page.wait_for_function(f"() => document.querySelector('iframe[data-storymap-embed]').getBoundingClientRect().height > {h1 + 100}",
                           timeout=10_000)
    h2, c2 = heights()
    assert abs(h2 - c2) <= 2
    inner.locator(".ex-text summary").click()  # and shrinks back
    page.wait_for_function(f"() => document.querySelector('iframe[data-storymap-embed]').getBoundingClientRect().height < {h2 - 100}",
                           timeout=10_000)
    assert page.locator("#after").is_visible()
    assert tab.blocked == [] and tab.console_errors == []


@pytest.mark.browser
def test_host_ignores_height_messages_from_another_window(tab, servers):
    """A message with the right shape but not from the iframe's window changes nothing."""
    page = tab.page
    page.goto(servers.urls[1] + "article.html")
    page.frame_locator("iframe[data-storymap-embed]").locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=20_000)
    page.wait_for_timeout(500)
    before = page.locator("iframe[data-storymap-embed]").evaluate("f => f.style.height")
    page.evaluate(f"() => window.postMessage({{type: 'storymap:height', version: 1, story: '{SEED}', height: 3333}}, '*')")
    page.wait_for_timeout(500)
    assert page.locator("iframe[data-storymap-embed]").evaluate("f => f.style.height") == before != "3333px"


@pytest.mark.browser
def test_phone_story_and_embed(browser, servers):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    op = OfflinePage(context.new_page())
    try:
        page = op.page
        for name in ("index.html", "embed.html"):
            page.goto(servers.urls[0] + f"stories/{SEED}/{name}")
            page.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=20_000)
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
            _shot(page, f"{name.split('.')[0]}-phone.png")
        page.goto(servers.urls[0])
        page.locator("#atlas-map[data-atlas-ready='1']").wait_for(timeout=15_000)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        _shot(page, "index-phone.png")
        assert op.blocked == [] and op.console_errors == []
    finally:
        context.close()
