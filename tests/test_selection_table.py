"""The selection table the browser applies is the selection rules' own output, for every place,
passage and claim of every shipped story: the page runtime cannot disagree with the server."""

from __future__ import annotations

import json

import pytest

from components.map.command import command_args, map_command
from components.map.leaflet import js_json
from components.story.model import load_story
from components.story.selection import (
    Selection,
    fit_places,
    focus_places,
    highlighted_passages,
    highlighted_places,
    select_claim,
    select_passage,
    select_place,
    compact_table,
    selection_table,
    step,
)

from .conftest import ROOT

SHIPPED = sorted((ROOT / "stories").glob("*.yaml"))


def _selections(story):
    """Each table key with the selection the app makes for it (a list pick, a passage, a claim)."""
    yield ("none", None), Selection()
    for p in story.places:
        yield ("place", p.id), select_place(story, Selection(), p.id, fit=True)
    for p in story.passages:
        yield ("passage", p.id), select_passage(story, Selection(), p.id)
    for c in story.claims:
        yield ("claim", c.id), select_claim(story, Selection(), c.id)


def _entry(table, kind, item):
    return table["none"] if kind == "none" else table[kind][item]


def test_three_stories_are_shipped():
    assert len(SHIPPED) == 3


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_table_equals_the_rules_for_every_selection(path):
    story = load_story(path)
    table = selection_table(story)
    assert set(table["place"]) == {p.id for p in story.places}
    assert set(table["passage"]) == {p.id for p in story.passages}
    assert set(table["claim"]) == {c.id for c in story.claims}
    for (kind, item), sel in _selections(story):
        entry = _entry(table, kind, item)
        assert entry["places"] == highlighted_places(story, sel), (kind, item)
        assert entry["passages"] == highlighted_passages(story, sel), (kind, item)
        assert entry["fit"] == fit_places(story, sel), (kind, item)
        assert entry["popup"] is (kind == "place"), (kind, item)
        assert entry["prev"] == step(story, sel, -1).passage, (kind, item)
        assert entry["next"] == step(story, sel, +1).passage, (kind, item)
        # what the app sends the map is built from the same entry
        places, opts, fit_to = command_args(story, sel)
        assert (places, fit_to, opts["popup"]) == (entry["places"], entry["fit"], entry["popup"])
        assert map_command(story, sel).startswith(f"window.__story && window.__story.select({js_json(places)}, ")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_map_click_is_the_place_entry_without_fit_or_popup(path):
    # the page applies a place's entry with fit off after a click on the map: the rerun agrees
    story = load_story(path)
    table = selection_table(story)
    for p in story.places:
        clicked = select_place(story, Selection(), p.id, fit=False)
        places, opts, fit_to = command_args(story, clicked)
        assert (places, fit_to) == (table["place"][p.id]["places"], table["place"][p.id]["fit"])
        assert opts["fit"] is False and opts["popup"] is False


def test_fit_rules_on_the_seed_story(story):
    table = selection_table(story)
    p4 = table["passage"]["p4"]
    assert p4["fit"] == focus_places(story, p4["places"]) == ["police-base", "ishkashim-district", "dushanbe"]
    # a claim fits its subject, and the object unless it is coarser (a district's region)
    assert table["claim"]["ishkashim-in-gbao"]["fit"] == ["ishkashim-district"]
    assert table["claim"]["gbao-borders-xinjiang"]["fit"] == ["gbao", "xinjiang"]
    assert table["none"] == {"places": [], "fit": [], "passages": [], "popup": False, "prev": "p17", "next": "p1"}
    assert table["place"]["xinjiang"]["next"] == "p8"


def test_table_is_plain_json(story):
    table = selection_table(story)
    assert json.loads(js_json(table)) == table


def _decode(compact: dict, e: list) -> dict:
    """The compact entry read back as StoryReader.entry does (web/story_reader.js)."""
    ids = compact["ids"]
    places = [ids["place"][i] for i in e[0]]
    passage = (lambda i: None if i is None else ids["passage"][i])
    return {"places": places, "fit": places if e[1] == 0 else [ids["place"][i] for i in e[1]],
            "passages": [ids["passage"][i] for i in e[2]], "popup": e[3] == 1, "prev": passage(e[4]),
            "next": passage(e[5])}


@pytest.mark.parametrize("path", SHIPPED + ["hostile"], ids=lambda p: getattr(p, "stem", p))
def test_the_compact_table_holds_every_entry_of_the_table(path, tmp_path):
    from . import hostile

    story = load_story(hostile.write_story(tmp_path) if path == "hostile" else path)
    table, compact = selection_table(story), compact_table(story)
    assert json.loads(js_json(compact)) == compact
    assert compact["ids"] == {"place": [p.id for p in story.places], "passage": [p.id for p in story.passages],
                              "claim": [c.id for c in story.claims]}
    assert _decode(compact, compact["none"]) == table["none"]
    for kind in ("place", "passage", "claim"):
        assert len(compact[kind]) == len(table[kind])
        for item, e in zip(compact["ids"][kind], compact[kind]):
            assert _decode(compact, e) == table[kind][item], (kind, item)
    assert any(e[1] != 0 for e in compact["passage"] + compact["claim"]) or path == "hostile"  # fit differs somewhere
    assert len(js_json(compact)) < len(js_json(table)) / 2
