"""The app's authoring side, driven by AppTest: uploads, pasted articles, drafts, mentions, claims."""

from __future__ import annotations

import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from .test_app import lit, passage_divs
from .conftest import FIXTURES, ROOT, reader_click

SEED_TITLE = "China to build Tajikistan police base near Afghan border"
HTML_ARTICLE = (FIXTURES / "seed_article_scripted.html").read_bytes()  # the seed text in hostile markup


@pytest.fixture
def stories_dir(tmp_path, monkeypatch):
    folder = tmp_path / "stories"
    shutil.copytree(ROOT / "stories", folder)
    monkeypatch.setenv("STORYMAP_STORIES", str(folder))
    return folder


@pytest.fixture
def at(stories_dir):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)  # a first world import loads the index
    app.session_state["import_open"] = True  # the import panel is drawn only while open
    app.run()
    assert not app.exception, app.exception
    return app


def _html(at) -> list[str]:
    return [el.proto.body for el in at.get("html")]


def _title(at) -> str:
    return next(b for b in _html(at) if b.startswith("<div class='sm-head'>"))


def _passages(at) -> list[str]:
    return passage_divs(at)


def _upload(at, name: str, data: bytes):
    at.file_uploader(key="upload").set_value((name, data, "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    return at


def _claims_tab(at):
    """Open the Claims tab: its claims are checked and drawn only while it is open."""
    at.session_state["reader_tabs"] = next(t.label for t in at.tabs if t.label.startswith("Claims"))
    at.run()
    assert not at.exception, at.exception
    return at


def _plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)  # messages are shown with Markdown escaped


def _errors(at) -> list[str]:
    return [_plain(e.value) for e in at.error]


def test_malformed_story_upload_shows_the_error_and_keeps_the_story(at):
    reader_click(at, "passage", "p4").run()
    at.run()  # after a click AppTest holds only the fragments it reran (app.py); a plain rerun draws all
    _upload(at, "broken.yaml", b"id: broken\ntitle: [unclosed\n")
    assert any("broken.yaml: line 3, column 1: not valid YAML" in e for e in _errors(at))
    assert SEED_TITLE in _title(at) and len(_passages(at)) == 17
    assert at.session_state["sel"].passage == "p4"  # the reader's selection is kept too
    assert "opened" not in at.session_state  # nothing was opened


def test_malformed_upload_keeps_an_open_draft_too(at):
    _upload(at, "seed_article_scripted.html", HTML_ARTICLE)
    draft = at.session_state["opened"]
    _upload(at, "broken.yaml", b"- just\n- a list\n")
    assert any("broken.yaml: expected a mapping of story fields at the top, found list" in e for e in _errors(at))
    assert at.session_state["opened"] is draft and "sm-draft" in _title(at)


@pytest.mark.parametrize("name, data, message", [
    ("story.yaml", b"id: x\ntitle: T\nsource: {}\nplaces: []\npassages: []\n", "story.yaml: places: List should have at least 1 item"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "photo.txt: not a text file"),
    ("huge.txt", b"Khorog. " * 150_000, "huge.txt: file is 1,200,000 bytes; the limit for an article is 1,000,000"),
    ("latin.html", "<p>café in Khorog</p>".encode("latin-1"), "latin.html: not UTF-8 text"),
    ("quiet.md", b"# Quiet\n\nNothing happened anywhere.", "quiet.md: no place named in the gazetteer"),
])
def test_bad_uploads_are_refused_with_a_reason(at, name, data, message):
    _upload(at, name, data)
    assert any(message in e for e in _errors(at)), _errors(at)
    assert SEED_TITLE in _title(at)
    assert "sm-draft" not in _title(at)




def test_html_article_upload_becomes_a_draft_without_running_or_keeping_scripts(at, stories_dir):
    before = sorted(p.name for p in stories_dir.iterdir())
    _upload(at, "seed_article_scripted.html", HTML_ARTICLE)
    assert _errors(at) == []
    opened = at.session_state["opened"]
    assert opened.is_draft and opened.story.title.startswith(SEED_TITLE)
    assert opened.story.source.publisher == "The New Arab" and str(opened.story.source.published) == "2021-10-28"
    texts = [p.text for p in opened.story.passages]
    assert len(texts) == 18  # the 17 paragraphs and the fixture's test line
    assert any(t.startswith("Test fixture line, not part of the article: <img src=x onerror=alert(1)>") for t in texts)
    joined = " ".join(texts)
    for leaked in ("__pwned", "stolen", "Tracker", "evil.example", "display: none"):
        assert leaked not in joined
    bodies = "".join(_passages(at))
    assert "&lt;img src=x onerror=alert(1)&gt;" in bodies and "<img" not in bodies
    assert "sm-draft" in _title(at)  # the header says it is a draft
    assert sorted(p.name for p in stories_dir.iterdir()) == before  # nothing written


def test_pasted_article_draft_choose_save_and_reload(at, stories_dir):
    at.text_area(key="paste").input(
        "Importer test text\n\nWritten for a test, not news: this sentence names Badakhshan with Khorog and "
        "Gorno-Badakhshan.\n\nKhorog, the capital of Gorno-Badakhshan, lies on the Panj.")
    at.text_input(key="paste_publisher").input("Written for this test")
    at.button(key="paste_go").click().run()
    assert _errors(at) == []
    opened = at.session_state["opened"]
    assert [a.text for a in opened.ambiguities] == ["Badakhshan"]
    assert opened.ambiguities[0].guess == "gbao"  # Khorog and Gorno-Badakhshan in the same passage
    assert any(c.kind == "within" and c.places == ["khorugh", "gbao"] for c in opened.story.claims)
    assert not (stories_dir / f"{opened.story.id}.yaml").exists()
    # the author decides the ambiguous name
    box = at.selectbox(key=f"choose-{opened.ambiguities[0].key}")
    box.select("afghan-badakhshan").run()
    opened = at.session_state["opened"]
    assert opened.ambiguities == ()
    m = opened.story.passage("p1").mentions[0]
    assert (m.text, m.place, m.candidates) == ("Badakhshan", "afghan-badakhshan", [])
    # only now, on request, is a file written
    at.button(key="opened-save").click().run()
    path = stories_dir / "importer-test-text.yaml"
    assert path.is_file() and "afghan-badakhshan" in path.read_text()
    assert at.session_state["story_key"] == "importer-test-text"
    assert "Importer test text" in _title(at)
    assert any("Saved stories/importer-test-text.yaml" in _plain(s.value) for s in at.success)


def test_close_returns_to_the_chosen_story(at):
    _upload(at, "seed_article_scripted.html", HTML_ARTICLE)
    assert "sm-draft" in _title(at)
    at.button(key="opened-close").click().run()
    assert SEED_TITLE in _title(at) and at.session_state["opened"] is None


def test_uploaded_story_file_opens_but_cannot_shadow_an_existing_one(at):
    _upload(at, "tajik-police-base.yaml", (ROOT / "stories" / "tajik-police-base.yaml").read_bytes())
    assert at.session_state["opened"].origin == "story file tajik-police-base.yaml"
    assert at.button(key="opened-save").disabled
    assert any("already exists" in _plain(c.value) for c in at.caption)


def test_mention_buttons_select_their_place(at):
    reader_click(at, "place", "ishkashim-district").run()
    sel = at.session_state["sel"]
    assert sel.place == "ishkashim-district" and sel.fit
    assert "ishkashim-district" in lit(at)["places"]  # its mentions stand out (the page runtime lights them)


def test_claim_button_highlights_its_places_and_passage(at):
    _claims_tab(at)
    at.button(key="claim-gbao-borders-xinjiang").click().run()
    sel = at.session_state["sel"]
    assert sel.claim == "gbao-borders-xinjiang"
    assert any("Claim #gbao-borders-xinjiang on the map: Gorno-Badakhshan (GBAO), Xinjiang (China)" in b for b in _html(at))
    claim_cards = [b for b in _html(at) if b.startswith("<div class='sm-claim")]
    assert len(claim_cards) == 7 and sum("sm-active" in b for b in claim_cards) == 1
    assert "p16" in lit(at)["passages"]
    assert at.query_params["claim"] in ("gbao-borders-xinjiang", ["gbao-borders-xinjiang"])


def test_every_story_in_the_folder_is_listed_and_opens(at, stories_dir):
    keys = at.selectbox(key="story_key").options
    assert len(keys) == len(list(stories_dir.glob("*.yaml"))) >= 3
    for key in at.selectbox(key="story_key").options:
        at.selectbox(key="story_key").set_value(key).run()
        assert not at.exception and len(at.error) == 0
        assert "sm-head" in _title(at) and len(_passages(at)) >= 6
        assert not any(b.startswith("<div class='sm-claim") for b in _html(at))  # drawn once the tab opens
        _claims_tab(at)
        assert any(b.startswith("<div class='sm-claim") for b in _html(at))
        at.session_state["reader_tabs"] = "Article"
