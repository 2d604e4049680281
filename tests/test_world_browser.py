"""A world story (Mali, world layers only) in the app (AppTest) and in the HTML export opened from
disk in a real offline Chromium: the layers are drawn, a click on a region selects its place and
lights its passage, and nothing is fetched."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from components.export.formats import FORMATS, export_bytes
from components.story.model import parse_story

from .conftest import OfflinePage, ROOT
from .test_app import lit
from .test_world import MALI

TIMBUKTU_TOWN = (16.7735, -3.0074)  # lat, lon (GeoNames): inside Timbuktu region


@pytest.fixture
def mali_app(tmp_path, monkeypatch):
    shutil.copy(MALI, tmp_path / MALI.name)
    monkeypatch.setenv("STORYMAP_STORIES", str(tmp_path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.run()
    assert not app.exception, app.exception
    return app


def test_app_draws_a_world_story_and_a_region_click_selects_it(mali_app):
    at = mali_app
    assert any("ems-file-service" in el.proto.body for el in at.get("html"))  # the world credit
    assert at.session_state["sel"].place is None
    at.session_state["map-mali-attacks"] = {"last_object_clicked_tooltip": "Tombouctou region #tombouctou",
                                            "last_object_clicked_count": 1}
    at.run()
    assert not at.exception
    assert at.session_state["sel"].place == "tombouctou"
    assert lit(at)["passages"] == ["p1"]  # the page runtime lights what the run pushes (ui/reader.py)


@pytest.fixture(scope="module")
def mali_html(geodata, tmp_path_factory):
    story = parse_story(MALI.read_text(encoding="utf-8"), MALI.name)
    path = tmp_path_factory.mktemp("world-export") / "mali.html"
    path.write_bytes(export_bytes(story, geodata, FORMATS["html"]))
    return path


@pytest.mark.browser
@pytest.mark.parametrize("phone", [False, True])
def test_exported_world_story_draws_and_selects_offline(browser, mali_html, artifacts, phone):
    kw = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True) if phone else \
        dict(viewport={"width": 1440, "height": 900})
    ctx = browser.new_context(**kw)
    op = OfflinePage(ctx.new_page())  # every non-file, non-loopback request aborted and recorded
    page = op.page
    page.goto(mali_html.as_uri())
    page.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=20_000)
    page.wait_for_timeout(500)
    assert page.locator("path.leaflet-interactive").count() >= 30  # countries and regions
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    legend = page.locator(".sm-legend").text_content()
    assert "Countries" in legend and "Provinces and regions" in legend
    page.screenshot(path=str(artifacts / f"world-mali-export{'-phone' if phone else ''}.png"))
    x, y = page.evaluate("""([lat, lon]) => { const m = window.__story.map;
        const p = m.latLngToContainerPoint([lat, lon]); const r = m.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", list(TIMBUKTU_TOWN))
    if phone:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)
    page.locator("#passage-p1.sm-active").wait_for(timeout=5_000)
    assert "tombouctou" in (page.locator(".leaflet-container").get_attribute("data-selected") or "")
    page.screenshot(path=str(artifacts / f"world-mali-selected{'-phone' if phone else ''}.png"))
    assert op.blocked == [] and op.console_errors == []
    ctx.close()
