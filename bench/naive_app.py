"""The benchmark's baseline: the seed story drawn the naive way (not part of the app).

What a first Streamlit + folium version looks like: nothing cached, the shipped geometry as it
is (no web simplification, no grid), and on every rerun the story and the geodata are loaded,
the folium map rebuilt with the selection baked in, and passed to ``st_folium``, which renders
and hashes it again; a changed selection changes the map, so the component remounts. Clicks
come back through streamlit-folium's own (debounced) report. Same markup and reader as the app,
so the browser waits on the same elements.

Run by bench/bench_app.py: ``streamlit run bench/naive_app.py`` (STORYMAP_TIMING=1 logs runs).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from branca.element import MacroElement  # noqa: E402
from folium.template import Template  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from components.map import markup  # noqa: E402
from components.map.assets import app_assets  # noqa: E402
from components.map.leaflet import to_folium  # noqa: E402
from components.geo.geodata import load_geodata  # noqa: E402
from components.map.spec import build_map_spec  # noqa: E402
from components.map.command import map_command  # noqa: E402
from components.story.selection import (  # noqa: E402
    Selection, clear, highlighted_passages, highlighted_places, select_passage,
)
from components.ui.folium_component import RETURNED_OBJECTS, from_map_click  # noqa: E402
from components.story.model import load_story  # noqa: E402

STORY = ROOT / "stories" / "tajik-police-base.yaml"
ss = st.session_state


def on_map_change() -> None:
    ss.sel = from_map_click(load_story(STORY), ss.get("sel", Selection()), ss.get("naive-map"))


def on_passage(passage_id: str) -> None:
    ss.sel = select_passage(load_story(STORY), ss.get("sel", Selection()), passage_id)


def on_clear() -> None:
    ss.sel = clear(ss.get("sel", Selection()))


def main() -> None:
    st.set_page_config(page_title="Pamir story map (naive baseline)", layout="wide")
    st.html(f"<style>{(ROOT / 'components' / 'web' / 'reader.css').read_text(encoding='utf-8')}</style>")
    story = load_story(STORY)
    geodata = load_geodata()
    spec = build_map_spec(story, geodata, STORY.name, web_simplify=False)
    sel: Selection = ss.get("sel", Selection())
    m = to_folium(spec, app_assets())
    # the selection is part of the map: a new selection is a new map (streamlit-folium remounts it);
    # our runtime's own click report and optimistic reader are switched off: stock st_folium flow
    baked = MacroElement()
    baked._template = Template("{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}")
    baked.js = ("window.__story.report = function () {}; window.__story.reader = function () {};\n"
                + map_command(story, sel))
    baked.add_to(m)
    map_col, reader_col = st.columns([3, 2], gap="medium")
    with map_col:
        st_folium(m, key="naive-map", height=600, use_container_width=True, on_change=on_map_change,
                  returned_objects=RETURNED_OBJECTS)
        if sel.place:
            st.html(markup.place_panel(story, story.place(sel.place)))
        elif sel.passage:
            st.html(f"<p class='sm-status'>¶{story.passage_index(sel.passage) + 1} speaks of the map's selection</p>")
    with reader_col:
        hl_places = set(highlighted_places(story, sel))
        hl_passages = highlighted_passages(story, sel)
        st.button("Clear", key="clear", on_click=on_clear)
        with st.container(height=560, key="reader"):
            for i, passage in enumerate(story.passages):
                active = passage.id == sel.passage or passage.id in hl_passages
                st.html(markup.passage_html(passage, i + 1, hl_places, active))
                st.button(f"Show ¶{i + 1} on the map", key=f"show-{passage.id}", type="tertiary",
                          on_click=on_passage, args=(passage.id,))


_t0 = time.perf_counter()
main()
if os.environ.get("STORYMAP_TIMING") == "1":
    print(f"storymap-run ms={(time.perf_counter() - _t0) * 1000:.2f}", file=sys.stderr, flush=True)
