"""Nothing in a story is code: the rendered map and fragments hold story text only as escaped data.

Found here: branca compiles every rendered element script as a Jinja template a second time, so
``{{ ... }}`` in a place name ran on the server (template injection) before js_json escaped it.
"""

from __future__ import annotations

import json
import re

from components.map import markup
from components.ui.text import md_literal
from components.map.assets import app_assets
from components.map.leaflet import js_json, to_folium
from components.map.spec import build_map_spec
from components.story.model import parse_story

from . import hostile
from .test_corpus import STORIES

SSTI = "{{ '%s-%s'|format('ssti', 'ran') }} {{ cycler.__init__.__globals__.os.getpid() }} {% raw %} {# c"


def _story_with(text: str):
    base = (STORIES / "ok-minimal.yaml").read_text()
    return parse_story(base.replace("name: Gorno-Badakhshan", f"name: {json.dumps('GB ' + text)}")
                       .replace("text: Gorno-Badakhshan borders China.", f"text: {json.dumps('Gorno-Badakhshan ' + text)}"),
                       "ssti.yaml")


def test_template_syntax_in_story_text_is_not_evaluated(geodata):
    # the HTML export (issue 3) goes through the same to_folium/js_json path
    import os

    story = _story_with(SSTI)
    html = to_folium(build_map_spec(story, geodata), app_assets()).get_root().render()
    assert "ssti-ran" not in html and f"GB {os.getpid()}" not in html
    assert "\\u007b{ \\u0026#x27;%s-%s\\u0026#x27;|format(" in html  # the text: HTML-escaped, then JSON data
    assert "\\u007b% raw %} \\u007b# c" in html


def test_js_json_round_trips_and_leaves_nothing_active():
    values = [SSTI, hostile.ALL, {"k{{": [{}, {"a": "{%"}], "{#": "}}"}, "\\{{", "\u2028\u2029", "</script>"]
    for v in values:
        out = js_json(v)
        assert json.loads(out) == v
        assert not re.search(r"\{[{%#]|[<>&']|\u2028|\u2029", out), out


def test_hostile_story_renders_only_escaped_text(geodata, tmp_path):
    from components.story.catalog import load_entry
    from components.map.spec import spec_builder

    entry = load_entry(hostile.write_story(tmp_path), spec_builder(geodata))
    assert entry.error is None
    html = to_folium(entry.spec, app_assets()).get_root().render()
    for payload in hostile.PAYLOADS.values():
        if any(c in payload for c in "<>'{&\u2028"):
            assert payload not in html, payload
    assert "window.__pwned" in html  # the text is there, as data
    plain = to_folium(load_entry(STORIES / "ok-minimal.yaml", spec_builder(geodata)).spec, app_assets()).get_root().render()
    for tag in ("<script", "</script", "<img", "<svg", "<iframe", "<style", "<a "):
        assert html.count(tag) == plain.count(tag), tag  # no element more than an ordinary story has
    assert "\u2028" not in html and "\u2029" not in html


def test_every_fragment_escapes_story_text(geodata, tmp_path):
    from components.story.catalog import load_entry
    from components.map.spec import spec_builder

    story = load_entry(hostile.write_story(tmp_path), spec_builder(geodata)).story
    fragments = [markup.place_tooltip(p) for p in story.places]
    fragments += [markup.place_popup(story, p, p.circle.basis if p.circle else None) for p in story.places]
    fragments += [markup.place_panel(story, p, p.circle.basis if p.circle else None) for p in story.places]
    fragments += [markup.passage_html(p, i + 1, {"gbao", "facility"}, True) for i, p in enumerate(story.passages)]
    names = {p.id: p.name for p in story.places}
    actions = [markup.passage_actions_html(p, i + 1, names) for i, p in enumerate(story.passages)]
    assert sum(a.count("<button") for a in actions) > len(story.passages)  # the place buttons are there
    fragments += actions
    for frag in fragments:
        for tag in re.findall(r"<\s*([a-zA-Z0-9]+)", frag):
            assert tag in {"b", "i", "span", "div", "h3", "h4", "p", "ol", "li", "mark", "bdi", "button"}, (tag, frag)
        assert "javascript:" not in re.sub(r">[^<]*<", "><", frag)  # never inside a tag or attribute


def test_md_literal_leaves_no_markdown():
    text = md_literal(hostile.ALL + " *b* _i_ # h > q | t ~~s~~ 1. x + y = z \\ www.example.org")
    # every Markdown-active character is escaped (preceded by an odd number of backslashes)
    for m in re.finditer(r"[`*_{}\[\]()#+\-.!|<>$~:&^=]", text):
        run = len(text[: m.start()]) - len(text[: m.start()].rstrip("\\"))
        assert run % 2 == 1, (m.group(), text[max(0, m.start() - 10): m.start() + 10])
