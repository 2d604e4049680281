"""Property tests (hypothesis): any input to the story parser or the URL-state parser ends in a
valid result or the documented error (StoryError), never another exception.

Budget: STORYMAP_FUZZ_EXAMPLES examples per test (default 150, about half a minute in all);
``STORYMAP_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py --hypothesis-show-statistics`` for a
deep run. Failures hypothesis finds are kept in .hypothesis/ (gitignored) and replayed first.
"""

from __future__ import annotations

import copy
import math
import os
import re

import yaml
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from components.errors import StoryError, one_line
from components.map.leaflet import js_json
from components.map.spec import build_map_spec
from components.ui.text import md_literal
from components.map.markup import passage_html, place_panel, place_popup, place_tooltip
from components.story.selection import Selection, still_valid
from components.story.urlstate import MAX_PARAM_CHARS, from_query
from components.ui.folium_component import from_map_click
from components.story.model import MAX_STORY_BYTES, Story, parse_story

from .conftest import SEED_STORY
from .test_corpus import STORIES

BUDGET = int(os.environ.get("STORYMAP_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=BUDGET, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])

SEEDS = {"seed": SEED_STORY.read_text(encoding="utf-8"), "minimal": (STORIES / "ok-minimal.yaml").read_text()}
SEED_DATA = {k: yaml.safe_load(v) for k, v in SEEDS.items()}


def _parse(text, source="fuzz.yaml") -> Story | None:
    """The property: a Story, or a StoryError naming the source in one bounded line."""
    try:
        story = parse_story(text, source)
        event("valid story")
        return story
    except StoryError as exc:
        top = exc.field.split("[")[0].split(".")[0] if exc.field else "file"
        event(f"StoryError: {'YAML' if 'YAML' in exc.message else top if top in Story.model_fields or top == 'file' else 'other'}")
        msg = str(exc)
        assert msg.startswith(one_line(source, 120) + ": ")
        assert "\n" not in msg and len(msg) < 1000
        return None


def _use(story: Story, geodata) -> None:
    """A story that parses is usable: resolved (or a StoryError), and every fragment renders."""
    try:
        spec = build_map_spec(story, geodata, "fuzz.yaml")
    except StoryError as exc:
        assert str(exc).startswith("fuzz.yaml: ")
        return
    for p in story.places:
        place_tooltip(p), place_popup(story, p), place_panel(story, p)
    for i, p in enumerate(story.passages):
        passage_html(p, i + 1, set(p.places), True)
    js_json([m.__dict__ for m in spec.markers])


# --- raw text and bytes ------------------------------------------------------------------------

YAML_TOKENS = list("abcdefghij:-[]{}#&*!|>'\"%@`,?.\n\t 0123456789\\") + [
    "\ufeff", "\u2028", "\x00", "\x85", "é", "…", "\ud800", "---\n", "  - ", ": ", "!!python/", "&a ", "*a",
    "id: ", "places:\n", "passages:\n", "text: ", "lat: ", ".nan", "2021-13-45", "{{", "\n  "]


def yaml_text(max_size: int):
    return st.lists(st.sampled_from(YAML_TOKENS), max_size=max_size).map("".join)


@FUZZ
@given(st.text())
@example("")
@example("\ufeff")
@example("[" * 5000)
@example("a: !!python/object/apply:os.system ['true']")
def test_any_text(text):
    _parse(text)


@FUZZ
@given(yaml_text(150))
def test_yaml_like_text(text):
    _parse(text)
    _parse(text, "fuzz.md")


@FUZZ
@given(st.binary(max_size=2000))
@example(b"\xff\xfe" + "id: x".encode("utf-16-le"))
@example(b"\xef\xbb\xbf\xef\xbb\xbf")
def test_any_bytes(data):
    _parse(data)
    _parse(data, "fuzz.md")


def test_over_the_size_limit_is_refused():
    import pytest

    for big in (b"a" * (MAX_STORY_BYTES + 1), "é" * (MAX_STORY_BYTES // 2 + 1)):
        with pytest.raises(StoryError, match="fuzz.yaml: file is "):
            parse_story(big, "fuzz.yaml")


# --- structured mutations of the valid stories -----------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**20, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.sampled_from(["", "p1", "gbao", "dushanbe", "TJ-GB", "Murghob", "exact", "approximate", "region", "places",
                     "gbao-districts", "2021-10-28", "2021-02-30", "https://x.org", "javascript:alert(1)",
                     "<script>x</script>", "{{ 7*7 }}", "\u2028"]),
    st.integers(19_990, 20_010).map(lambda n: "a" * n),  # around the passage limit
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                      max_leaves=12)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


def _get(node, path):
    for part in path:
        node = node[part]
    return node


@st.composite
def mutated_story(draw):
    data = copy.deepcopy(SEED_DATA[draw(st.sampled_from(sorted(SEED_DATA)))])
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _get(data, path[:-1]), path[-1]
        op = draw(st.sampled_from(["replace", "delete", "duplicate", "unknown-key", "swap", "tweak-string", "tweak-number"]))
        if op == "replace":
            parent[last] = draw(values)
        elif op == "delete":
            del parent[last]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif op == "unknown-key" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = draw(scalars)
        elif op == "swap" and isinstance(parent, list) and len(parent) > 1:
            j = draw(st.integers(0, len(parent) - 1))
            parent[last], parent[j] = parent[j], parent[last]
        elif op == "tweak-string" and isinstance(parent[last], str):
            s = parent[last]
            i = draw(st.integers(0, len(s)))
            parent[last] = s[:i] + draw(st.text(max_size=5)) + s[i + draw(st.integers(0, 3)):]
        elif op == "tweak-number" and isinstance(parent[last], (int, float)) and not isinstance(parent[last], bool):
            parent[last] = draw(st.sampled_from([0, -1, 1e9, -1e9, math.nan, math.inf, -math.inf, 90.0000001, -180.5, 10**30]))
    return data


@FUZZ
@given(mutated_story())
def test_mutated_story_data(geodata, data):
    try:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError):
        assume(False)
    story = _parse(text)
    if story is not None:
        _use(story, geodata)


@FUZZ
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_mutated_story_text(geodata, which, data):
    text = SEEDS[which]
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 40)))
        text = text[:i] + data.draw(yaml_text(6)) + text[j:]
    story = _parse(text)
    if story is not None:
        _use(story, geodata)


# --- URL state --------------------------------------------------------------------------------

param_values = st.one_of(
    st.text(), st.lists(st.text(max_size=30), max_size=5), st.none(), st.integers(), st.text(min_size=5000, max_size=6000),
    st.sampled_from(["p1", "p17", "p4", "gbao", "ishkashim-district", "../../etc/passwd", "%00", "\x00", "\ud800"]),
)
queries = st.dictionaries(st.sampled_from(["place", "passage", "story", "x", ""]) | st.text(max_size=8), param_values, max_size=4)


@FUZZ
@given(queries)
@example({"place": ["gbao"] * 1000})
@example({"passage": "p1", "place": "nowhere"})
@example({"place": "", "passage": "", "claim": ""})
def test_from_query_any_params(story, params):
    sel, messages = from_query(story, params)
    assert isinstance(sel, Selection)
    assert sel.place is None or story.has_place(sel.place)
    assert sel.passage is None or story.has_passage(sel.passage)
    assert sel.place is None or sel.passage is None
    for m in messages:
        assert m.startswith("URL parameter '") and "\n" not in m and len(m) < 300
        assert not re.search(r"[\x00-\x1f\u2028\u2029]", m)
    assert len(messages) <= 3  # one at most for each of place, passage and claim
    # what we write back reads back the same
    from components.story.urlstate import to_query

    again, msgs = from_query(story, to_query(story.id, sel))
    assert (again.place, again.passage) == (sel.place, sel.passage) and msgs == []
    assert still_valid(story, sel) == (sel, [])


@FUZZ
@given(st.one_of(values, st.dictionaries(st.sampled_from(["last_object_clicked_tooltip", "last_object_clicked_count"]),
                                         st.one_of(st.text(), st.integers(), st.none(),
                                                   st.sampled_from(["x #gbao", "#p1", "a #xinjiang\n", "#" * 3000])))))
def test_map_click_any_payload(story, payload):
    before = Selection(place="gbao", seq=5)
    sel = from_map_click(story, before, payload)
    assert sel == before or (story.has_place(sel.place) and sel.seq == 6)


@FUZZ
@given(st.text())
def test_md_literal_and_one_line(text):
    out = md_literal(text)
    assert "\n" not in out
    for m in re.finditer(r"[`*_{}\[\]()#+\-.!|<>$~:&^=]", out):
        run = len(out[: m.start()]) - len(out[: m.start()].rstrip("\\"))
        assert run % 2 == 1
    line = one_line(text, 50)
    assert len(line) <= 50 and not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", line)
