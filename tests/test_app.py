"""The Streamlit script, driven by AppTest: a simulated map click and passage clicks."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT, reader_click

MAP_KEY = "map-tajik-police-base"


def _html(at) -> list[str]:
    return [el.proto.body for el in at.get("html")]


def passage_divs(at) -> list[str]:
    """The reader's passages as drawn (one element holds the page of passages and their buttons)."""
    import re

    return [m for b in _html(at) for m in re.findall(r'<div class="sm-passage[^"]*"[^>]*>.*?</div>', b, flags=re.S)]


def lit(at) -> dict:
    """What the app's last run told the page runtime to light in the reader (the passages' HTML
    is drawn unlit; components/ui/reader.py, reader_light)."""
    import json

    lines = [h for h in _html(at) if '.push({"light":' in h]
    assert len(lines) == 1, lines
    return json.loads(lines[0].split(".push(", 1)[1].rsplit(");</script>", 1)[0])["light"]


def _active_passages(at) -> list[str]:
    assert not any("sm-active" in h for h in passage_divs(at))  # a fragment rerun may not redraw them
    return lit(at)["passages"]


@pytest.fixture
def at():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    return app


def test_first_view_shows_the_whole_article(at):
    bodies = _html(at)
    assert any("China to build Tajikistan police base" in b and "The New Arab with AFP" in b for b in bodies)
    assert len(passage_divs(at)) == 17
    assert any("Photo: Tajikistan borders Afghanistan" in b for b in bodies)
    assert not any("3 min read" in b or "Live Story" in b for b in bodies)
    assert _active_passages(at) == []


def test_the_map_as_text_is_sent_as_what_the_map_lacks_and_the_table_as_indices(at):
    """The expander holds a slot the page fills from the map's place table and one message; the
    whole list (markup.places_list_html) is not sent as HTML, and the selection table is the
    compact one (ids once)."""
    import json

    from components.map.leaflet import places_list_extra
    from components.map.markup import places_list_html
    from components.story.model import load_story
    from components.story.selection import compact_table

    story = load_story(ROOT / "stories" / "tajik-police-base.yaml")
    bodies = _html(at)
    assert any("class='sm-places-slot' data-places='13'" in b for b in bodies)
    assert not any("<ul class='sm-places-list'>" in b for b in bodies)
    assert not any(places_list_html(story) in b for b in bodies)
    lists = [h for h in bodies if '.push({"placesList":' in h]
    assert len(lists) == 1
    sent = json.loads(lists[0].split(".push(", 1)[1].rsplit(");</script>", 1)[0])["placesList"]
    assert sent == {"story": "tajik-police-base", "places": 13, **places_list_extra(story)}
    assert sent["more"]  # the seed story's places named by more than one passage
    tables = [h for h in bodies if '.push({"table":' in h]
    assert len(tables) == 1
    table = json.loads(tables[0].rsplit(".push(", 1)[1].rsplit(");</script>", 1)[0])["table"]
    assert table == compact_table(story)


def test_map_click_selects_place_and_highlights_its_passages(at):
    at.session_state[MAP_KEY] = {"last_object_clicked_tooltip": "Ishkashim district #ishkashim-district",
                                 "last_object_clicked_count": 1}
    at.run()
    assert at.session_state["sel"].place == "ishkashim-district"
    assert _active_passages(at) == ["p4"]
    assert any("data-place='ishkashim-district'" in b and "sm-panel" in b for b in _html(at))
    assert at.query_params["place"] in ("ishkashim-district", ["ishkashim-district"])


def test_second_click_on_same_marker_is_not_lost(at):
    at.session_state[MAP_KEY] = {"last_object_clicked_tooltip": "x #xinjiang", "last_object_clicked_count": 1}
    at.run()
    reader_click(at, "passage", "p2").run()
    assert at.session_state["sel"].passage == "p2"  # the reader's button counted a click too (2)
    at.session_state[MAP_KEY] = {"last_object_clicked_tooltip": "x #xinjiang", "last_object_clicked_count": 3}
    at.run()
    assert at.session_state["sel"].place == "xinjiang"
    assert _active_passages(at) == ["p8", "p9", "p10", "p11", "p16"]


def test_approximate_place_says_so(at):
    at.session_state[MAP_KEY] = {"last_object_clicked_tooltip": "#chinese-facility", "last_object_clicked_count": 1}
    at.run()
    panel = next(b for b in _html(at) if "sm-panel" in b)
    assert "Approximate location" in panel and "Uncertainty circle" in panel and "Shaymak" in panel


def test_passage_click_selects_its_places(at):
    reader_click(at, "passage", "p13").run()
    sel = at.session_state["sel"]
    assert sel.passage == "p13" and sel.fit
    assert _active_passages(at) == ["p13"]
    assert any("speaks of: Tajik-Afghan border, Tajikistan, Afghanistan" in b for b in _html(at))
    assert at.query_params["passage"] in ("p13", ["p13"])


def test_previous_next_and_clear(at):
    at.button(key="next").click().run()
    assert at.session_state["sel"].passage == "p1"
    at.button(key="next").click().run()
    at.button(key="prev").click().run()
    assert at.session_state["sel"].passage == "p1"
    at.button(key="clear").click().run()
    assert at.session_state["sel"].passage is None and _active_passages(at) == []


def test_place_picker_selects_and_fits(at):
    at.selectbox(key="place_pick").select("gbao").run()
    sel = at.session_state["sel"]
    assert sel.place == "gbao" and sel.fit
    assert _active_passages(at) == ["p1", "p4", "p16"]


def test_deep_link_and_bad_deep_link():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["place"] = "xinjiang"
    app.run()
    assert app.session_state["sel"].place == "xinjiang"
    bad = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    bad.query_params["place"] = "../../etc/passwd"
    bad.run()
    assert not bad.exception
    assert bad.session_state["sel"].place is None
    assert any("URL parameter 'place'" in i.value for i in bad.info)
