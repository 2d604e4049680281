"""Publish in the app's Share & export panel (AppTest, the real script): it builds the site of
one story into the folder the app names, and says where."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from .conftest import ROOT

from components.ui.text import md_literal


def test_publish_button_builds_this_story_into_the_named_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYMAP_SITE", str(tmp_path / "site"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["story"] = "what-the-data-say-wakhan-corridor"
    at.session_state["share_open"] = True  # the share panel is drawn only while open
    at.run()
    assert not at.exception
    out = tmp_path / "site-what-the-data-say-wakhan-corridor"
    at.sidebar.radio(key="publish_scope").set_value("this story").run()
    assert any(md_literal(out) in c.value for c in at.sidebar.caption)  # where it will go, before the click
    assert not out.exists()
    at.sidebar.button(key="publish").click().run()
    assert not at.exception
    done = [s.value for s in at.sidebar.success]
    assert len(done) == 1 and md_literal("Published 1 story (1 built, 0 unchanged)") in done[0] and md_literal(out) in done[0]
    assert (out / "index.html").is_file() and (out / "stories" / "what-the-data-say-wakhan-corridor" / "embed.html").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in manifest["stories"].values()] == ["what-the-data-say-wakhan-corridor"]
