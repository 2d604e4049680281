"""Callbacks: what a click does to the selection, before the script body runs.

Each one applies a rule of ``components.story.selection`` to the session's selection; the
rules themselves live there, once. A selection callback then reruns only the fragments that
show the selection (``ss.views``: the map and reader, the sidebar's picker and share panel,
see app.py), not the whole page: the story list, the import panel and the header stay as sent.
"""

from __future__ import annotations

from components.story.selection import (
    clear,
    select_claim,
    select_place,
    step,
)
from components.ui.folium_component import CLICK_COUNT, from_map_click
from components.ui.state import ss


def rerun_views() -> None:
    """From a callback: rerun the fragments that show the selection instead of the whole page."""
    import streamlit as st

    views = ss.get("views")
    if views:
        st.rerun(list(views))


def apply_map_click(story, key: str) -> bool:
    """A click arrives as the map component's value; its counter tells a new click from a rerun."""
    payload = ss.get(key)
    count = payload.get(CLICK_COUNT) if isinstance(payload, dict) else None
    if count and count != ss.get("map_click_seen"):
        ss.map_click_seen = count
        ss.sel = from_map_click(story, ss.sel, payload)
        return True
    return False


def on_map_change(story, key: str) -> None:
    """The map component's callback: a click applies at once, then only the views rerun. The
    component's first report (no click yet) reruns only the map's own fragment."""
    if apply_map_click(story, key):
        rerun_views()


def on_step(story, delta: int) -> None:
    ss.sel = step(story, ss.sel, delta)
    rerun_views()


def on_pick_place(story) -> None:
    pick = ss.get("place_pick")
    ss.sel = select_place(story, ss.sel, pick, fit=True) if pick else clear(ss.sel)
    rerun_views()


def on_clear() -> None:
    """Also the 'after' step of Save and Close (a whole-page rerun): it reruns nothing itself."""
    ss.sel = clear(ss.sel)


def on_clear_click() -> None:
    ss.sel = clear(ss.sel)
    rerun_views()


def on_page(delta: int) -> None:
    ss.reader_page = ss.get("reader_page", 0) + delta
    rerun_views()


def on_claim(story, claim_id: str) -> None:
    ss.sel = select_claim(story, ss.sel, claim_id)
    rerun_views()


def on_story_change(keys: tuple[str, ...]) -> None:
    # the picker reports its option's label: after a title edit an unchanged pick comes back as
    # an unknown value, which is not a change of story
    if ss.get("story_key") in keys:
        ss.show_opened = False
        ss.sel = clear(ss.sel)
