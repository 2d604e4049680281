"""The Streamlit script (AppTest) fed broken stories, edits, broken boundaries and hostile URLs:
a message naming file/field or parameter, the default view, never an exception."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.ui.text import md_literal
from components.story.selection import Selection

from .test_app import passage_divs
from .conftest import ROOT, SEED_STORY, reader_click
from .test_corpus import STORIES as CORPUS, STORY_OUTCOMES, huge_stories


def _run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at, kind: str) -> list[str]:
    return [el.value for el in getattr(at, kind)]


def _passages(at) -> int:
    return len(passage_divs(at))


def _title(at) -> str:
    head = next(el.proto.body for el in at.get("html") if "sm-head" in el.proto.body)
    return re.search(r"<h1>(.*?)</h1>", head).group(1)


def _later(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


@pytest.fixture
def stories(tmp_path, monkeypatch):
    folder = tmp_path / "stories"
    folder.mkdir()
    shutil.copy(SEED_STORY, folder)
    monkeypatch.setenv("STORYMAP_STORIES", str(folder))
    return folder


def test_the_whole_corpus_beside_the_seed_story(stories):
    for p in CORPUS.iterdir():
        shutil.copy(p, stories)
    expected = {k: v for k, v in STORY_OUTCOMES.items() if v != "ok"}
    expected.update(huge_stories(stories))
    # five corpus files load and share one id: the first by name is listed, the others are errors
    for name in ("ok-crlf.yaml", "ok-front-matter.md", "ok-minimal.yaml", "ok-no-source-url.yaml"):
        expected[name] = f"{name}: id: story id 'corpus-story' is already used by ok-bom.yaml"
    files = {p.name for p in stories.iterdir()}
    at = _run({"story": "tajik-police-base"})
    assert _title(at).startswith("China to build Tajikistan police base") and _passages(at) == 17
    errors = _texts(at, "error")
    for name, message in expected.items():
        assert md_literal(f"Story file could not be loaded — {message}") in errors, name
    assert len(errors) == len(expected) == len(files) - 2
    assert at.selectbox(key="story_key").options == ["Corpus story", "China to build Tajikistan police base near Afghan border amid Taliban "]
    # the other good story works too, and clicking still works beside the broken files
    at.selectbox(key="story_key").select("corpus-story").run()
    assert not at.exception and _title(at) == "Corpus story" and _passages(at) == 2
    reader_click(at, "passage", "p2").run()
    assert at.session_state["sel"].passage == "p2"


def test_edits_while_running_new_version_broken_edit_last_good(stories):
    minimal = stories / "minimal.yaml"
    good = (CORPUS / "ok-minimal.yaml").read_text()
    minimal.write_text(good)
    at = _run({"story": "corpus-story", "place": "facility"})
    assert at.session_state["sel"].place == "facility" and _title(at) == "Corpus story"
    # a valid edit: the next run shows it
    _later(minimal, good.replace("title: Corpus story", "title: Corpus story, revised"))
    at.run()
    assert _title(at) == "Corpus story, revised" and at.session_state["sel"].place == "facility"
    # a broken edit: the last good version stays, with the error beside it (sidebar and main)
    _later(minimal, good.replace("title: Corpus story", "title: [broken"))
    at.run()
    assert not at.exception
    assert _title(at) == "Corpus story, revised" and at.session_state["sel"].place == "facility"
    error = "minimal.yaml: line 4, column 7: not valid YAML: did not find expected ',' or ']'"
    assert _texts(at, "warning") == [  # in the main area, and in the sidebar's list of stories
        md_literal(f"Showing the last good version of minimal.yaml: the file as it is now does not load — {error}"),
        md_literal(f"minimal.yaml was changed and no longer loads — {error} — the last good version stays "
                   "listed until it is fixed."),
    ]
    assert _passages(at) == 2
    # other stories keep working meanwhile
    at.selectbox(key="story_key").select("tajik-police-base").run()
    assert _passages(at) == 17
    at.selectbox(key="story_key").select("corpus-story").run()
    at.selectbox(key="place_pick").select("facility").run()
    # fixed, without the selected place: the selection resets with a message, no KeyError
    _later(minimal, good.replace("places: [facility]", "places: [gbao]")
           .replace("  - id: facility\n    name: Reported facility\n    precision: approximate\n"
                    "    within: {layer: gbao-districts, feature: Murghob}\n"
                    "    circle: {lat: 37.2, lon: 74.9, radius_km: 60, basis: the stated basis of the centre}\n", ""))
    at.run()
    assert not at.exception and _texts(at, "warning") == []
    assert at.session_state["sel"] == Selection(seq=at.session_state["sel"].seq)
    assert _texts(at, "info") == [md_literal("The place 'facility' is no longer in this story (the file was "
                                             "changed); showing the default view.")]
    assert at.selectbox(key="place_pick").options == ["Gorno-Badakhshan"]


def test_selected_claim_removed_from_the_file(stories):
    """Issue 9's crash: a claim selected (?claim=) and then gone from the edited file raised
    KeyError in highlighted_places; now it is the default view with a message."""
    seed = stories / SEED_STORY.name
    at = _run({"story": "tajik-police-base", "claim": "ishkashim-in-gbao"})
    assert at.session_state["sel"].claim == "ishkashim-in-gbao"
    _later(seed, seed.read_text(encoding="utf-8").replace("  - id: ishkashim-in-gbao", "  - id: ishkashim-inside-gbao"))
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["sel"] == Selection(seq=at.session_state["sel"].seq)
    assert _texts(at, "info") == [md_literal("The claim 'ishkashim-in-gbao' is no longer in this story (the file "
                                             "was changed); showing the default view.")]


def test_story_removed_or_renamed_while_selected(stories):
    shutil.copy(CORPUS / "ok-minimal.yaml", stories / "minimal.yaml")
    at = _run({"story": "corpus-story"})
    (stories / "minimal.yaml").unlink()
    at.run()
    assert not at.exception and _passages(at) == 17
    assert _texts(at, "info") == [md_literal("The story 'corpus-story' is no longer in the stories folder; "
                                             "showing the first story.")]


def test_no_good_story_at_all(stories):
    (stories / SEED_STORY.name).unlink()
    shutil.copy(CORPUS / "billion-laughs.yaml", stories)
    at = _run()
    assert "No story could be loaded" in " ".join(_texts(at, "error"))
    assert md_literal("Story file could not be loaded — billion-laughs.yaml: line 3, column 8: not valid YAML: "
                      "YAML aliases (*name) are not allowed in story files") in _texts(at, "error")
    shutil.copy(SEED_STORY, stories)  # the next run finds it
    at.run()
    assert not at.exception and _passages(at) == 17


def test_broken_boundary_data_is_a_message_and_recovers(tmp_path, monkeypatch):
    folder = tmp_path / "geodata"
    shutil.copytree(ROOT / "geodata", folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    good = (folder / "gbao.geojson").read_text()
    (folder / "gbao.geojson").write_text(good[:1000])
    monkeypatch.setenv("STORYMAP_GEODATA", str(folder))
    at = _run()
    (msg,) = _texts(at, "error")
    assert msg.startswith(md_literal("The boundary data could not be loaded, so no map can be drawn — "
                                     "gbao.geojson: cannot be read as a vector file"))
    (folder / "gbao.geojson").write_text(good)
    at.run()
    assert not at.exception and _passages(at) == 17 and _texts(at, "error") == []


def test_repaired_boundary_is_reported_in_the_app(tmp_path, monkeypatch):
    folder = tmp_path / "geodata"
    shutil.copytree(ROOT / "geodata", folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    shutil.copy(ROOT / "tests" / "corpus" / "geodata" / "self-intersecting.geojson", folder / "gbao.geojson")
    monkeypatch.setenv("STORYMAP_GEODATA", str(folder))
    at = _run()
    assert _passages(at) == 17
    assert [w.value for w in at.warning] == ["gbao.geojson: feature 'TJ-GB' was invalid "
                                            "(Self-intersection[70.5 37.5]); repaired with make_valid"]


# --- URL parameters ---------------------------------------------------------------------------

BAD_URLS = [
    ({"story": "../../etc/passwd"}, "story", "no story (not a story id)"),
    ({"story": "/etc/passwd"}, "story", "no story (not a story id)"),
    ({"story": "stories/tajik-police-base.yaml"}, "story", "no story (not a story id)"),
    ({"story": "..%2F..%2Fetc%2Fpasswd"}, "story", "no story (not a story id)"),
    ({"story": "C:\\Windows\\win.ini"}, "story", "no story (not a story id)"),
    ({"story": "file:///etc/passwd"}, "story", "no story (not a story id)"),
    ({"story": "no-such-story"}, "story", "no story 'no-such-story'"),
    ({"story": "x" * 100_000}, "story", "no story (not a story id)"),
    ({"story": ["tajik-police-base", "../../etc/passwd"]}, "story", "no story (not a story id)"),
    ({"place": "nowhere"}, "place", "no place 'nowhere'"),
    ({"place": "../../etc/passwd"}, "place", "no place '../../etc/passwd'"),
    ({"place": "x" * 100_000}, "place", "no place 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'"),
    ({"place": "a\x00b\nc\u2028d\u202ee"}, "place", "no place 'a\\x00b\\nc\\u2028d\\u202ee'"),
    ({"place": "![x](http://evil.example/x.png)"}, "place", "no place '![x](http://evil.example/x.png)'"),
    ({"place": "<img src=x onerror=alert(1)>"}, "place", "no place '<img src=x onerror=alert(1)>'"),
    ({"place": "%E2%80%AE%00"}, "place", "no place '%E2%80%AE%00'"),
    ({"place": "Ishkashim-District"}, "place", "no place 'Ishkashim-District'"),
    ({"passage": "p999"}, "passage", "no passage 'p999'"),
    ({"passage": "P4"}, "passage", "no passage 'P4'"),
    ({"passage": ["p1"] * 500 + ["p0"]}, "passage", "no passage 'p0'"),
    ({"passage": "日本語"}, "passage", "no passage '日本語'"),
]


@pytest.mark.parametrize("query, param, shown", BAD_URLS, ids=[f"{i}-{q[1]}" for i, q in enumerate(BAD_URLS)])
def test_bad_url_parameter_is_a_message_and_the_default_view(query, param, shown):
    at = _run(query)
    assert _passages(at) == 17  # the seed story, default view
    assert at.session_state["sel"] == Selection()
    (msg,) = _texts(at, "info")
    assert msg.startswith(md_literal(f"URL parameter '{param}': {shown}"))
    assert len(msg) < 400 and "\n" not in msg
    # the URL is rewritten to the state shown, so a reload does not repeat the message
    assert at.query_params == {"story": "tajik-police-base"}


def test_repeated_and_extra_parameters():
    at = _run({"place": ["gbao", "xinjiang"], "utm_source": "x" * 5000, "story": "tajik-police-base"})
    assert at.session_state["sel"].place == "xinjiang" and _texts(at, "info") == []
    at = _run({"place": "gbao", "passage": "p4"})  # passage wins; place is not an error
    assert at.session_state["sel"].passage == "p4" and _texts(at, "info") == []


def test_story_parameter_naming_a_broken_file(stories):
    shutil.copy(CORPUS / "lat-95.yaml", stories / "lat-95.yaml")
    at = _run({"story": "lat-95"})
    assert _passages(at) == 17
    assert _texts(at, "info") == [md_literal("URL parameter 'story': no story 'lat-95' (its file lat-95.yaml "
                                             "does not load); showing the first story.")]


def test_pickers_tell_apart_items_with_one_label(stories):
    # the select box reports the chosen label: two places (or stories) with one name stay distinct
    text = (CORPUS / "ok-minimal.yaml").read_text().replace("name: Reported facility", "name: Gorno-Badakhshan")
    (stories / "twins.yaml").write_text(text.replace("title: Corpus story", 'title: "China to build Tajikistan police '
                                                     'base near Afghan border amid Taliban concerns: official"'))
    at = _run({"story": "corpus-story"})
    assert at.selectbox(key="place_pick").options == ["Gorno-Badakhshan (#gbao)", "Gorno-Badakhshan (#facility)"]
    at.selectbox(key="place_pick").select("facility").run()
    assert at.session_state["sel"].place == "facility"
    at.run()  # the pick reran only the fragments (app.py); AppTest's tree then holds only those
    title = "China to build Tajikistan police base near Afghan border amid Taliban "
    assert at.selectbox(key="story_key").options == [f"{title} (#tajik-police-base)", f"{title} (#corpus-story)"]
    at.selectbox(key="story_key").select("tajik-police-base").run()
    assert _passages(at) == 17
