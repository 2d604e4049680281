"""Pamir story map: the Streamlit entry. Layout and wiring only.

Every panel lives in ``components/ui`` (the only package besides this file that imports
streamlit); the rules they apply live in the pure core (``components/story``, ``geo``, ...).
Run: ``storymap-app`` or ``streamlit run app.py`` (see README).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from components.errors import GeodataError
from components.story.selection import Selection
from components.story.urlstate import to_query
from components.authoring.uploads import Opened
from components.map.spec import MapSpec
from components.story.catalog import StoryEntry
from components.story.model import Story
from components.ui.actions import apply_map_click, on_clear
from components.ui.claims_panel import claims_panel
from components.ui.data import (cache_fills, settle_heap, catalog, claim_checks, gazetteer, geodata, opened_map, rendered_map,
                                selection_table_json, version_key)
from components.ui.export_panel import embed_header, exports_note, publish_panel, share_and_export
from components.ui.import_panel import import_panel, opened_bar
from components.ui.map_frame import RenderedMap
from components.ui.map_panel import map_as_text, map_panel
from components.ui.reader import pages, reader_light, reader_nav, reader_panel
from components.ui.sidebar import places_note, sidebar_data, sidebar_places
from components.ui.state import ss
from components.ui.story_choice import choose_story, init_selection, sidebar_stories, story_header, url_notice
from components.ui.text import say
from components.ui.timing import TIMING, timed
from components.story.catalog import stories_dir

PROFILE = os.environ.get("STORYMAP_PROFILE")
# A map pin as a data URL: an emoji icon costs the process's first run a second (Streamlit compiles
# its emoji catalog), a ":material/..." icon is fetched from Google's servers (the app is offline).
PAGE_ICON = ("data:image/svg+xml;base64,"
             "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAyNCAyNCI+PHBhdGggZmlsbD0iI2I4ODYwYiIgc3Ryb2tlPSIjMjIyIiBzdHJva2Utd2lkdGg9IjEuMiIgZD0iTTEyIDEuNWE3IDcgMCAwIDAtNyA3YzAgNS4yIDcgMTQgNyAxNHM3LTguOCA3LTE0YTcgNyAwIDAgMC03LTd6Ii8+PGNpcmNsZSBjeD0iMTIiIGN5PSI4LjUiIHI9IjIuNiIgZmlsbD0iI2ZmZiIvPjwvc3ZnPg==")
READER_CSS = (Path(__file__).parent / "components" / "web" / "reader.css").read_text(encoding="utf-8")


def main() -> None:
    st.set_page_config(page_title="Pamir story map", page_icon=PAGE_ICON, layout="wide")
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
    # The sidebar is filled after the map: the browser loads each element type's code when it first
    # draws one, six requests at a time, so the map's frame (its code and the map) is asked for
    # before the sidebar's select boxes (~20 files of code) rather than behind them.
    sidebar = None if embed else st.sidebar.container()
    opened: Opened | None = ss.get("opened") if ss.get("show_opened") else None
    if opened is None and (not good or ss.story_key not in good):
        st.error("No story could be loaded. Fix the story files listed in the sidebar, or import an article.")
        if sidebar is not None:
            with sidebar:
                sidebar_stories(stories, good)
                import_panel(geodata, gazetteer, taken)
        return
    if opened is not None:
        opened_bar(opened, stories_dir(), taken, geodata(), gazetteer, "story_key", on_clear)
        scope = f"opened-{opened.digest}"
        view = View(opened.story, opened_map(opened.digest, opened), f"map-opened-{opened.digest}", opened.spec,
                    scope, None, embed)
        init_selection(opened.story, scope)
    else:
        entry = good[ss.story_key]
        ss.story_shown = ss.story_key
        view = View(entry.story, rendered_map(str(entry.path), entry.version, entry), f"map-{entry.story.id}",
                    entry.spec, version_key(entry), entry, embed)
        init_selection(entry.story, entry=entry)
    apply_map_click(view.story, view.map_key)  # a click the callback did not take (a full run)
    views = ["story-notice", "story-map", "story-nav"] + (["story-reader"] if pages(view.story) else [])
    story_notice(view)
    if not embed:
        story_header(view.story)
    map_col, reader_col = st.columns([3, 2], gap="medium")
    with map_col:
        story_map(view)
        if not embed:
            map_as_text(view.story, view.checks_key)  # drawn once: it does not change with the selection
    with reader_col:
        if embed:
            story_nav(view)
            story_reader(view)
            map_as_text(view.story, view.checks_key)
        else:
            # on_change="rerun": the claims are checked and drawn only once their tab is open
            article_tab, claims_tab = st.tabs(["Article", f"Claims ({len(view.story.claims)})"], key="reader_tabs",
                                              on_change="rerun")
            with article_tab:
                story_nav(view)
                story_reader(view)
            if claims_tab.open:
                views.append("story-claims")
                with claims_tab:
                    story_claims(view)
    if not embed:
        with sidebar:  # headings and notes in the full run: a click reruns only the two fragments
            sidebar_stories(stories, good)
            import_panel(geodata, gazetteer, taken)
            st.subheader("Places")
            story_places(view)
            places_note()
            # drawn only while open (on_change="rerun"): a first view draws its heading alone
            share = st.expander("Share & export", key="share_open", on_change="rerun", icon=":material/ios_share:")
            if share.open:
                with share:
                    story_side(view)
                    exports_note()
                    publish_panel(view.story, geodata())
                views.append("story-side")
            sidebar_data()
        views.append("story-places")
    ss.views = tuple(views)


@dataclass(frozen=True)
class View:
    """What the two fragments draw: kept by Streamlit from the last full run for their reruns."""
    story: Story
    rendered: RenderedMap
    map_key: str
    spec: MapSpec
    checks_key: str  # file and version (or the opened story's digest): claim checks, selection table
    entry: StoryEntry | None  # None for a story held only in the session
    embed: bool


def _stale(view: View) -> bool:
    """On a fragment rerun: the story file changed since the full run (an edit shows on the next click).
    A broken edit keeps the last good version (same ``version``) and sets ``stale``: a new or
    different reason counts too."""
    if view.entry is None:
        return False
    now = {e.path: e for e in catalog().entries}.get(view.entry.path)
    return (now is None or now.version != view.entry.version or now.story is None
            or str(now.stale or "") != str(view.entry.stale or ""))


# The parts of the page that show the selection are fragments: a click reruns these
# (components/ui/actions.py, ``ss.views``) and Streamlit keeps the rest as it was sent: the
# header, the story list, the import panel, the passages' text and buttons.

@st.fragment(key="story-notice")
@timed
def story_notice(view: View) -> None:
    """The URL notice (until the user selects something); the embed's header links to the view."""
    if _stale(view):
        st.rerun(scope="app")
    sel: Selection = ss.sel
    if view.entry is not None:
        st.query_params.from_dict(to_query(view.story.id, sel))
    url_notice(view.entry)
    if view.embed:
        embed_header(view.story, sel)


@st.fragment(key="story-map")
@timed
def story_map(view: View) -> None:
    """The map (sent once: only the selection command changes) and the line under it."""
    map_panel(view.story, view.rendered, ss.sel, view.map_key, selection_table_json(view.checks_key, view.story),
              height=320 if view.embed else 600)  # the embed: map + a passage in 640 px
    reader_light(view.story, ss.sel)


@st.fragment(key="story-nav")
@timed
def story_nav(view: View) -> None:
    reader_nav(view.story, ss.sel)


@st.fragment(key="story-reader")
@timed
def story_reader(view: View) -> None:
    """The passages: rerun by a click only when the story is long enough to page."""
    reader_panel(view.story, ss.sel, height=290 if view.embed else 560)


@st.fragment(key="story-claims")
@timed
def story_claims(view: View) -> None:
    claims_panel(view.story, claim_checks(view.checks_key, view.story, view.spec), ss.sel)


@st.fragment(key="story-places")
@timed
def story_places(view: View) -> None:
    """The sidebar's place picker, which shows the selection."""
    sidebar_places(view.story, ss.sel)


@st.fragment(key="story-side")
@timed
def story_side(view: View) -> None:
    """The sidebar's link, embed code and exports of the selection."""
    share_and_export(view.story, view.spec, geodata(), ss.sel)


_t0, _fills = time.perf_counter(), cache_fills()
if PROFILE:  # STORYMAP_PROFILE=DIR: each script run's cProfile into DIR (bench/, to see what bounds a run)
    import cProfile

    Path(PROFILE).mkdir(parents=True, exist_ok=True)
    cProfile.run("main()", str(Path(PROFILE) / f"run-{time.time_ns()}.prof"))
else:
    main()
settle_heap()  # the caches this run filled leave the garbage collector's walk (components/ui/data.py)
if TIMING:
    sel = ss.get("sel")
    print(f"storymap-run ms={(time.perf_counter() - _t0) * 1000:.2f} seq={getattr(sel, 'seq', None)} "
          f"fills={cache_fills() - _fills}", file=sys.stderr, flush=True)
