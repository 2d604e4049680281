"""The importer on the project's evaluation set (tests/fixtures/eval/): targets per text and
overall, the traps, spellings, demonyms and the admin hierarchy, on the real world index."""

from __future__ import annotations

import pytest

from components.authoring.article import read_article
from components.authoring.gazetteer import load_gazetteer
from components.authoring.geoparse_score import EVAL_DIR, Score, load_truth, score_text
from components.authoring.importer import draft_dict
from components.geo.geodata import load_geodata

TRUTH = load_truth()


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(load_geodata(), world=True)


def _draft(gaz, text: str, name: str = "t.txt"):
    article = read_article(text.encode(), name)
    return article, draft_dict(article, gaz, "t")[0]


def _scored(gaz, name: str) -> Score:
    article = read_article((EVAL_DIR / name).read_bytes(), name)
    data, _ = draft_dict(article, gaz, "eval")
    passages = []
    for para, p in zip(article.paragraphs, data["passages"]):
        ms = []
        for m in p.get("mentions", []):
            pl = gaz.place(m["place"])
            ms.append((m["start"], m["end"], pl.lat, pl.lon) if pl.lat is not None else (m["start"], m["end"], None, None))
        passages.append((para.text, ms))
    return score_text(passages, TRUTH[name])


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_each_text_meets_the_targets(gaz, name):
    sc = _scored(gaz, name)
    assert sc.recall >= 0.9 and sc.precision >= 0.9, sc.errors


def test_eval_set_covers_eight_texts_and_four_continents():
    assert len(TRUTH) >= 8


def _places(data) -> dict[str, str]:
    return {m["text"]: m["place"] for p in data["passages"] for m in p.get("mentions", [])}


def test_georgia_state_and_country_by_context(gaz):
    _, us = _draft(gaz, "Storm\n\nPower was cut across Georgia, from Atlanta to Savannah and Macon.")
    _, ge = _draft(gaz, "Protest\n\nCrowds filled Tbilisi and Batumi as Georgia's parliament met.")
    assert _places(us)["Georgia"] == "georgia-us-ga"
    assert _places(ge)["Georgia"] == "georgia"


def test_traps_are_not_places(gaz):
    _, d = _draft(gaz, "Mali\n\nReading the statement, officials in Bamako said boats on the Niger River were hit. "
                       "It was a nice day in Mopti.")
    found = _places(d)
    assert "Reading" not in found and "Niger" not in found and "nice" not in found
    assert found["Bamako"] == "bamako-2460596"


def test_spellings_demonyms_and_hierarchy(gaz):
    _, d = _draft(gaz, "Border\n\nKyrgyz guards in Batken province said the town of Batken was shelled; "
                       "Sughd, Sogd and Soghd officials in Isfara and Tombouctou disagreed.")
    found = _places(d)
    assert found["Kyrgyz"] in ("kyrgyzstan",)
    assert found["Batken province"] == "batken-kg-b" and found["Batken"] == "batken-1528735"
    assert found["Sughd"] == found["Sogd"] == found["Soghd"] == "leninabad-tj-su"
    assert found["Tombouctou"] == "timbuktu-2449067"
