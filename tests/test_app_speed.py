"""What a click and the first view run (AppTest, real story and geodata): a click reruns only the
fragments that show the selection (app.py), not the header, the story list or the passages (a
short story's reader is drawn once and lit by the page runtime), and the first view loads no
work it does not show (the claim checks, the gazetteer, the world index)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

import components.ui.export_panel as export_panel
import components.ui.reader as reader
import components.ui.story_choice as story_choice

from components.story.model import load_story
from components.story.selection import highlighted_passages

from .conftest import ROOT, SEED_STORY
from .test_app import lit


def _counting(monkeypatch, module, name: str) -> list:
    calls: list = []
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


@pytest.fixture
def counted(monkeypatch):
    """Calls of a panel outside the fragments (the header, the story list), of the reader (the
    map-and-reader fragment) and of the share panel (the sidebar's fragment)."""
    calls = {"header": _counting(monkeypatch, story_choice, "story_header"),
             "stories": _counting(monkeypatch, story_choice, "sidebar_stories"),
             "reader": _counting(monkeypatch, reader, "reader_panel"),
             "nav": _counting(monkeypatch, reader, "reader_nav"),
             "share": _counting(monkeypatch, export_panel, "share_and_export")}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["share_open"] = True  # the share panel is drawn only while open
    at.run()
    assert not at.exception, at.exception
    return at, calls


def _counts(calls) -> dict:
    return {k: len(v) for k, v in calls.items()}


@pytest.mark.parametrize("click", [
    # the reader's own buttons (plain HTML) send their clicks as the map does: test_browser.py
    # checks in a real browser that such a click reruns only the fragments
    lambda at: at.button(key="next").click(),
    lambda at: at.selectbox(key="place_pick").select("xinjiang"),
])
def test_a_selection_click_reruns_only_the_map_the_reader_buttons_and_share_panel(counted, click):
    at, calls = counted
    assert _counts(calls) == {"header": 1, "stories": 1, "reader": 1, "nav": 1, "share": 1}
    click(at).run()
    assert not at.exception, at.exception
    # the passages' text and buttons are not redrawn either: the runtime lights them
    assert _counts(calls) == {"header": 1, "stories": 1, "reader": 1, "nav": 2, "share": 2}
    assert lit(at)["passages"] == highlighted_passages(load_story(SEED_STORY), at.session_state["sel"])
    sel = at.session_state["sel"]
    assert sel.passage or sel.place
    # the reran fragments show the new selection: the reader, the URL and the link in the sidebar
    query = {"passage": sel.passage} if sel.passage else {"place": sel.place}
    (k, v), = query.items()
    assert at.query_params[k] in (v, [v])
    link = next(t for t in at.sidebar.text_input if t.label.startswith("Link to this view"))
    assert link.value.endswith(f"&{k}={v}")
    assert at.selectbox(key="place_pick").value == sel.place


def test_the_story_picker_still_reruns_the_whole_page(counted):
    at, calls = counted
    other = next(k for k in at.selectbox(key="story_key").options if k != "tajik-police-base")
    at.selectbox(key="story_key").set_value(other).run()
    assert not at.exception, at.exception
    assert _counts(calls)["header"] == 2 and _counts(calls)["stories"] == 2


def test_a_click_in_the_embed_reruns_the_map_and_reader():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context["is_embedded"] = True
    at.run()
    at.button(key="next").click().run()
    assert not at.exception, at.exception
    assert at.session_state["sel"].passage == "p1"
    assert lit(at)["passages"] == ["p1"]


PROBE = """
import json, sys
sys.path.insert(0, ".")
from streamlit.testing.v1 import AppTest
import components.authoring.gazetteer as gazetteer
import components.ui.data as data
import components.map.spec as spec
calls = {"gazetteer": 0, "claims": 0, "maps": 0}
def counting(name, real):
    def wrapper(*a, **k):
        calls[name] += 1
        return real(*a, **k)
    return wrapper
gazetteer.load_gazetteer = counting("gazetteer", gazetteer.load_gazetteer)
data.check_claims = counting("claims", data.check_claims)
spec.build_map_spec = counting("maps", spec.build_map_spec)
at = AppTest.from_file("app.py", default_timeout=120)
at.run()
listed = len(at.selectbox(key="story_key").options)
import gc
out = {"first": dict(calls), "listed": listed, "world": "components.authoring.world_index" in sys.modules, "frozen": gc.get_freeze_count(),
       "passages": sum(h.proto.body.count('<div class="sm-passage') for h in at.get("html")), "exception": bool(at.exception)}
at.session_state["reader_tabs"] = next(t.label for t in at.tabs if t.label.startswith("Claims"))
at.run()
out["claims_tab"] = dict(calls)
out["cards"] = sum(h.proto.body.startswith("<div class='sm-claim") for h in at.get("html"))
at.session_state["import_open"] = True
at.run()
at.text_area(key="paste").input("Khorog news\\n\\nKhorog is the capital of Gorno-Badakhshan.")
at.button(key="paste_go").click().run()
out["import"] = dict(calls)
out["opened"] = at.session_state["opened"] is not None
at.button(key="opened-close").click().run()
before = calls["maps"]
other = next(e.key for e in data.catalog().good if e.key != "tajik-police-base")
at.selectbox(key="story_key").set_value(other).run()
out["other"] = at.session_state["story_key"] == other
out["other_story_maps"] = calls["maps"] - before
out["exception_after"] = bool(at.exception)
print(json.dumps(out))
"""


def test_the_first_view_checks_no_claim_loads_no_gazetteer_and_freezes_the_caches():
    # a fresh interpreter: every cache (st.cache_resource) is cold, as on a new server
    p = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    out = json.loads(p.stdout.strip().splitlines()[-1])
    assert out["exception"] is False and out["passages"] == 17
    # three stories listed (each checked), one map built: the one shown; another on opening it
    assert out["listed"] == 3
    assert out["first"] == {"gazetteer": 0, "claims": 0, "maps": 1}
    assert out["other"] and out["other_story_maps"] == 1 and out["exception_after"] is False
    assert out["world"] is False
    # the caches the first run filled are out of the garbage collector's walk (components/ui/data.py)
    assert out["frozen"] > 100_000
    assert {k: out["claims_tab"][k] for k in ("gazetteer", "claims")} == {"gazetteer": 0, "claims": 1}
    assert out["cards"] == 7
    assert {k: out["import"][k] for k in ("gazetteer", "claims")} == {"gazetteer": 1, "claims": 1}
    assert out["opened"] is True


def test_the_sidebar_panels_are_drawn_only_once_opened():
    # each Streamlit element costs the browser's first draw: the import form and the share panel
    # (15 widgets) wait behind their expanders' headings until opened
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    labels = [e.label for e in at.sidebar.expander]
    assert "Open or import a file" in labels and "Share & export" in labels
    assert not at.text_area and not at.sidebar.text_input and not at.sidebar.get("download_button")
    at.session_state["import_open"] = True
    at.session_state["share_open"] = True
    at.run()
    assert not at.exception, at.exception
    assert [t.key for t in at.text_area][:1] == ["paste"] and at.button(key="paste_go")
    assert len(at.sidebar.get("download_button")) == 5 and any(t.label.startswith("Link to this view") for t in at.sidebar.text_input)
