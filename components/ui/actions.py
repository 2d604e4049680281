"""Callbacks: what a click does to the selection, before the script body runs.

Each one applies a rule of ``components.story.selection`` to the session's selection; the
rules themselves live there, once.
"""

from __future__ import annotations

from components.story.selection import (
    clear,
    select_claim,
    select_passage,
    select_place,
    step,
)
from components.ui.folium_component import CLICK_COUNT, from_map_click
from components.ui.state import ss


def apply_map_click(story, key: str) -> None:
    """A click arrives as the map component's value; its counter tells a new click from a rerun."""
    payload = ss.get(key)
    count = payload.get(CLICK_COUNT) if isinstance(payload, dict) else None
    if count and count != ss.get("map_click_seen"):
        ss.map_click_seen = count
        ss.sel = from_map_click(story, ss.sel, payload)


def on_passage(story, passage_id: str) -> None:
    ss.sel = select_passage(story, ss.sel, passage_id)


def on_step(story, delta: int) -> None:
    ss.sel = step(story, ss.sel, delta)


def on_pick_place(story) -> None:
    pick = ss.get("place_pick")
    ss.sel = select_place(story, ss.sel, pick, fit=True) if pick else clear(ss.sel)


def on_clear() -> None:
    ss.sel = clear(ss.sel)


def on_page(delta: int) -> None:
    ss.reader_page = ss.get("reader_page", 0) + delta


def on_place(story, place_id: str) -> None:
    ss.sel = select_place(story, ss.sel, place_id, fit=True)


def on_claim(story, claim_id: str) -> None:
    ss.sel = select_claim(story, ss.sel, claim_id)


def on_story_change(keys: tuple[str, ...]) -> None:
    # the picker reports its option's label: after a title edit an unchanged pick comes back as
    # an unknown value, which is not a change of story
    if ss.get("story_key") in keys:
        ss.show_opened = False
        ss.sel = clear(ss.sel)
