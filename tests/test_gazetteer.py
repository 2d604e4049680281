"""Place detection: the gazetteer built from the shipped geodata, spellings, word boundaries, ambiguity."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.authoring.gazetteer import load_gazetteer
from components.geo.layers import LAYERS


@pytest.fixture(scope="module")
def gaz(geodata):
    return load_gazetteer(geodata)


def _ids(gaz, text):
    return [(f.text, f.candidates) for f in gaz.find(text)]


def test_every_shipped_feature_belongs_to_a_place(gaz, geodata):
    covered = {(p.layer, p.feature) for p in gaz.places.values()}
    covered |= {ref for p in gaz.places.values() for ref in p.same_as}
    for layer in LAYERS:
        for fid in geodata.layer(layer.id).index:
            assert (layer.id, fid) in covered, f"{layer.id}/{fid} has no gazetteer place"


def test_feature_names_from_the_geodata_are_names(gaz, geodata):
    # the GeoJSON's own names are found without being listed in gazetteer.yaml
    assert _ids(gaz, "Shughnon district") == [("Shughnon district", ("shughnon-district",))]
    assert _ids(gaz, "Badakhshan province (Afghanistan)")[0][1] == ("afghan-badakhshan",)
    assert _ids(gaz, "the Amu  Darya")[0][1] == ("amu-darya",)  # Natural Earth spells it with two spaces


def test_seed_story_places_have_the_same_ids_and_geometry(gaz, story):
    for place in story.places:
        if place.geometry is None or place.id == "russian-base":
            continue
        g = gaz.place(place.id)
        assert (g.layer, [g.feature]) == (place.geometry.layer, place.geometry.features), place.id


@pytest.mark.parametrize("text, place", [
    ("ISHKOSHIM DISTRICT", "ishkashim-district"),
    ("Eshkashem district", "ishkashim-district"),
    ("ishkashim district", "ishkashim-district"),
    ("Gorno-Badakhshan", "gbao"),
    ("Gorno Badakhshan", "gbao"),
    ("gorno–badakhshan", "gbao"),
    ("Kuhistoni Badakhshon", "gbao"),
    ("GBAO", "gbao"),
    ("Sinkiang", "xinjiang"),
    ("XINJIANG", "xinjiang"),
    ("Khorog", "khorugh"),
    ("Khorugh", "khorugh"),
    ("Murghab district", "murghob-district"),
    ("Vakhan corridor", "wakhan-corridor"),
    ("Wakhan Corridor", "wakhan-corridor"),
    ("Tajik-Afghan border", "tajik-afghan-border"),
    ("Tajikistan–Afghanistan border", "tajik-afghan-border"),
    ("Afghan border", "tajik-afghan-border"),
    ("Pyanj", "panj-river"),
    ("the Panj", "panj-river"),
    ("Dushanbe", "dushanbe"),
    ("Tajik", "tajikistan"),
    ("Afghan", "afghanistan"),
    ("Chinese", "china"),
    ("Roshtqal’a district", "roshtqala-district"),
])
def test_spellings_and_case_are_found(gaz, text, place):
    found = gaz.find(f"Reports from {text}, said the agency.")
    assert [f.candidates for f in found] == [(place,)]
    assert found[0].text == text.removeprefix("the ")


@pytest.mark.parametrize("text", [
    "Panjshir valley", "Panjakent", "Tajikistani", "Afghanistanism", "Chinatown", "Indiana", "GBAOs",
    "Dushanbes", "Xinjiangese", "subPanj", "Panj_river",
])
def test_no_match_inside_a_longer_word(gaz, text):
    assert gaz.find(text) == []


def test_longest_name_wins(gaz):
    assert _ids(gaz, "Gorno-Badakhshan") == [("Gorno-Badakhshan", ("gbao",))]
    assert _ids(gaz, "the Tajik-Afghan border") == [("Tajik-Afghan border", ("tajik-afghan-border",))]
    assert _ids(gaz, "Ishkashim district") == [("Ishkashim district", ("ishkashim-district",))]
    assert _ids(gaz, "the Panj river and the Panj") == [("Panj river", ("panj-river",)), ("Panj", ("panj-river",))]


@pytest.mark.parametrize("name, candidates", [
    ("Badakhshan", {"gbao", "afghan-badakhshan"}),
    ("Badakhshan province", {"gbao", "afghan-badakhshan"}),
    ("Ishkashim", {"ishkashim-district", "ishkashim-town", "ishkashim-afghanistan"}),
    ("Eshkashem", {"ishkashim-district", "ishkashim-town", "ishkashim-afghanistan"}),
    ("Wakhan", {"wakhan-corridor", "ishkashim-district"}),
    ("Murghob", {"murghob-district", "murghob-town"}),
])
def test_ambiguous_names_carry_their_candidates_and_a_reason(gaz, name, candidates):
    found = gaz.find(f"In {name}, officials said")
    assert len(found) == 1 and found[0].ambiguous
    assert set(found[0].candidates) == candidates
    assert len(gaz.reason(found[0])) > 20


def test_every_ambiguous_name_is_explained(gaz):
    assert all(gaz.reasons.values()), [k for k, v in gaz.reasons.items() if not v]


def test_pamir_alone_is_the_mountains_not_the_river(gaz):
    assert gaz.find("the Pamir mountains") == []
    assert _ids(gaz, "the Pamir river")[0][1] == ("pamir-river",)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["Badakhshan", "Gorno-Badakhshan", "Panj", "Panjshir", "Tajik",
                                           "Tajik-Afghan border", "Afghan", "Ishkashim district", "Xinjiang",
                                           "-", " ", "'", "’", "_", "é", "\u0301", "\n"]),
                          st.text(max_size=6)), max_size=20))
def test_found_spans_are_exact_whole_words_and_disjoint(gaz, parts):
    text = "".join(parts)
    found = gaz.find(text)
    end = 0
    for f in found:
        assert text[f.start:f.end] == f.text and f.start >= end
        assert f.start == 0 or not re.match(r"\w", text[f.start - 1])
        assert f.end == len(text) or not re.match(r"\w", text[f.end])
        assert all(c in gaz.places for c in f.candidates)
        end = f.end
