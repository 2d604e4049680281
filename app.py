"""Pamir story map: the Streamlit entry. Layout and wiring only.

Every panel lives in ``components/ui`` (the only package besides this file that imports
streamlit); the rules they apply live in the pure core (``components/story``, ``geo``, ...).
Run: ``storymap-app`` or ``streamlit run app.py`` (see README).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import streamlit as st

from components.errors import GeodataError
from components.story.selection import Selection
from components.story.urlstate import to_query
from components.authoring.uploads import Opened
from components.ui.actions import apply_map_click, on_clear
from components.ui.claims_panel import claims_panel
from components.ui.data import (catalog, claim_checks, gazetteer, geodata, opened_map, rendered_map,
                                selection_table_json)
from components.ui.export_panel import embed_header, share_and_export
from components.ui.import_panel import import_panel, opened_bar
from components.ui.map_panel import map_as_text, map_panel
from components.ui.reader import reader_panel
from components.ui.sidebar import sidebar_data, sidebar_places
from components.ui.state import ss
from components.ui.story_choice import choose_story, init_selection, sidebar_stories, story_header
from components.ui.text import say
from components.story.catalog import stories_dir

TIMING = os.environ.get("STORYMAP_TIMING") == "1"  # log each script run's time (bench/, tests)
READER_CSS = (Path(__file__).parent / "components" / "web" / "reader.css").read_text(encoding="utf-8")


def main() -> None:
    st.set_page_config(page_title="Pamir story map", page_icon="🗺️", layout="wide")
    st.html(f"<style>{READER_CSS}</style>")
    embed = bool(st.context.is_embedded)  # ?embed=true: map and compact reader only, for an iframe
    try:
        geodata()
    except GeodataError as exc:  # not cached: the next run tries again, once the file is fixed
        say("error", f"The boundary data could not be loaded, so no map can be drawn — {exc}", icon="⚠️")
        return
    stories = catalog()
    good = {}
    for e in stories.good:
        good.setdefault(e.key, e)
    choose_story(stories, good)
    taken = set(good) | {e.path.stem for e in stories.entries}
    import_slot = None
    if not embed:
        with st.sidebar:
            sidebar_stories(stories, good)
            import_slot = st.container()  # filled after the map: the map reaches the browser first
    opened: Opened | None = ss.get("opened") if ss.get("show_opened") else None
    if opened is None and (not good or ss.story_key not in good):
        st.error("No story could be loaded. Fix the story files listed in the sidebar, or import an article.")
        if import_slot is not None:
            with import_slot:
                import_panel(geodata(), gazetteer(), taken)
        return
    if opened is not None:
        opened_bar(opened, stories_dir(), taken, geodata(), gazetteer(), "story_key", on_clear)
        story, scope = opened.story, f"opened-{opened.digest}"
        rendered, map_key = opened_map(opened.digest, opened), f"map-opened-{opened.digest}"
        spec = opened.spec
        checks_key = scope
        init_selection(story, scope)
    else:
        entry = good[ss.story_key]
        ss.story_shown = ss.story_key
        story, map_key = entry.story, f"map-{entry.story.id}"
        rendered = rendered_map(str(entry.path), entry.version, entry)
        spec = entry.spec
        checks_key = f"{entry.path}:{entry.version}"
        init_selection(story, entry=entry)

    apply_map_click(story, map_key)
    sel: Selection = ss.sel
    if opened is None:
        st.query_params.from_dict(to_query(story.id, sel))

    if embed:
        embed_header(story, sel)
    else:
        story_header(story)
    map_col, reader_col = st.columns([3, 2], gap="medium")
    with map_col:
        map_panel(story, rendered, sel, map_key, selection_table_json(checks_key, story),
                  height=320 if embed else 600)  # the embed: map + a passage in 640 px
        if not embed:
            map_as_text(story)
    checks = claim_checks(checks_key, story, spec)
    with reader_col:
        if embed:
            reader_panel(story, sel, height=290)
            map_as_text(story)
        else:
            article_tab, claims_tab = st.tabs(["Article", f"Claims ({len(checks)})"], key="reader_tabs")
            with article_tab:
                reader_panel(story, sel)
            with claims_tab:
                claims_panel(story, checks, sel)
    if embed:
        return
    with import_slot:
        import_panel(geodata(), gazetteer(), taken)
    with st.sidebar:
        sidebar_places(story, sel)
        share_and_export(story, spec, geodata(), sel)
        sidebar_data()


_t0 = time.perf_counter()
main()
if TIMING:
    sel = ss.get("sel")
    print(f"storymap-run ms={(time.perf_counter() - _t0) * 1000:.2f} seq={getattr(sel, 'seq', None)}",
          file=sys.stderr, flush=True)
