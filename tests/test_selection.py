"""Selection logic without Streamlit: clicks, passages, Previous/Next, URL state."""

from __future__ import annotations

from components.map.command import map_command
from components.map.markup import place_tooltip
from components.story.selection import (
    Selection,
    focus_places,
    highlighted_passages,
    highlighted_places,
    select_passage,
    step,
)
from components.story.urlstate import from_query, to_query
from components.ui.folium_component import from_map_click


def test_map_click_selects_the_place_from_its_tooltip_text(story):
    # streamlit-folium reports the tooltip's text content; the id is at its end
    text = "Ishkashim district #ishkashim-district"
    sel = from_map_click(story, Selection(), {"last_object_clicked_tooltip": text, "last_object_clicked_count": 1})
    assert sel.place == "ishkashim-district" and not sel.fit
    assert highlighted_passages(story, sel) == ["p4"]


def test_tooltips_carry_the_id_for_every_place(story):
    import re

    for place in story.places:
        text = re.sub("<[^>]+>", "", place_tooltip(place))  # what textContent gives
        assert from_map_click(story, Selection(), {"last_object_clicked_tooltip": text}).place == place.id


def test_click_on_unlinked_feature_or_garbage_keeps_selection(story):
    sel = Selection(place="gbao", seq=3)
    for payload in (None, {}, {"last_object_clicked_tooltip": "Shughnon district"},
                    {"last_object_clicked_tooltip": "x #no-such-place"}, {"last_object_clicked_tooltip": 42}, "str"):
        assert from_map_click(story, sel, payload) == sel


def test_passage_selects_its_places_and_moves_to_the_most_specific(story):
    sel = select_passage(story, Selection(), "p4")
    assert sel.fit and highlighted_places(story, sel) == ["police-base", "ishkashim-district", "gbao", "dushanbe"]
    assert focus_places(story, highlighted_places(story, sel)) == ["police-base", "ishkashim-district", "dushanbe"]
    cmd = map_command(story, sel)
    assert cmd.startswith("window.__story && window.__story.select([\"police-base\"")
    assert '"fit":true' in cmd


def test_previous_next_walk_the_passages(story):
    sel = step(story, Selection(), +1)
    assert sel.passage == "p1"
    sel = step(story, sel, +1)
    assert sel.passage == "p2"
    assert step(story, Selection(passage="p17"), +1).passage == "p17"  # stays at the end
    assert step(story, Selection(passage="p1"), -1).passage == "p1"
    # from a selected place, Next goes to its first passage
    assert step(story, Selection(place="xinjiang"), +1).passage == "p8"
    assert step(story, sel, +1).seq == sel.seq + 1


def test_url_round_trip_and_bad_ids(story):
    sel, msgs = from_query(story, {"place": "ishkashim-district"})
    assert sel.place == "ishkashim-district" and sel.fit and msgs == []
    assert to_query(story.id, sel) == {"story": "tajik-police-base", "place": "ishkashim-district"}
    sel, msgs = from_query(story, {"passage": "p4"})
    assert sel.passage == "p4" and msgs == []
    for bad in ("nowhere", "../../etc/passwd", "<script>", "x" * 5000, ""):
        sel, msgs = from_query(story, {"place": bad})
        assert sel == Selection() and len(msgs) == 1 and "URL parameter 'place'" in msgs[0]
        assert len(msgs[0]) < 200
    sel, msgs = from_query(story, {"place": ["gbao", "xinjiang"]})  # repeated: the last wins
    assert sel.place == "xinjiang"


def test_claim_selection_and_url(story):
    from components.story.selection import Selection, highlighted_passages, highlighted_places, select_claim
    from components.story.urlstate import from_query, to_query

    sel = select_claim(story, Selection(), "gbao-borders-xinjiang")
    assert highlighted_places(story, sel) == ["gbao", "xinjiang"]
    assert highlighted_passages(story, sel) == ["p16"]
    assert to_query(story.id, sel) == {"story": story.id, "claim": "gbao-borders-xinjiang"}
    again, msgs = from_query(story, {"claim": "gbao-borders-xinjiang"})
    assert again.claim == "gbao-borders-xinjiang" and msgs == []
    bad, msgs = from_query(story, {"claim": "<script>"})
    assert bad.claim is None and "URL parameter 'claim'" in msgs[0]
    assert select_claim(story, sel, "no-such-claim") is sel


def test_a_gone_claim_is_no_longer_valid(story):
    from components.story.selection import still_valid

    sel, msgs = still_valid(story, Selection(claim="no-such-claim", seq=3))
    assert sel == Selection(seq=4) and msgs == [
        "The claim 'no-such-claim' is no longer in this story (the file was changed); showing the default view."]
    assert highlighted_places(story, sel) == [] and highlighted_passages(story, sel) == []
