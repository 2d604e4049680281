"""The map and the line under it that says what is selected.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from components.map import markup
from components.map.command import command_args
from components.story.selection import (
    Selection,
    highlighted_places,
)
from components.ui.actions import on_map_change
from components.ui.map_frame import RenderedMap, story_map
from components.ui.data import places_list_json
from components.ui.page_script import page_runtime, push_json

PLACES_LIST_WAIT = "The list of places appears here once the map has loaded."


def map_panel(story, rendered: RenderedMap, sel: Selection, map_key: str, table_json: str,
              height: int = 600) -> None:
    """``table_json``: the story's selection table for the page runtime (``{"table": ...}``, cached).
    The runtime and the table go after the map, so that a large story's map reaches the browser
    first; the command sent before them waits in the page's queue."""
    story_map(rendered, command_args(story, sel), key=map_key, height=height,
              on_change=partial(on_map_change, story, map_key))
    page_runtime(table_json)
    if sel.claim:
        names = ", ".join(story.place(p).name for p in highlighted_places(story, sel))
        st.html(f"<p class='sm-status'>Claim #{sel.claim} on the map: {markup.e(names)}</p>")
    elif sel.place:
        place = story.place(sel.place)
        basis = place.circle.basis if place.circle else None
        st.html(markup.place_panel(story, place, basis))
    elif sel.passage:
        names = ", ".join(story.place(p).name for p in highlighted_places(story, sel)) or "no place"
        st.html(f"<p class='sm-status'>¶{story.passage_index(sel.passage) + 1} speaks of: {markup.e(names)}</p>")
    else:
        st.html(f"<p class='sm-status'>{markup.e(markup.SELECTION_HINT)}</p>")


def map_as_text(story, key: str) -> None:
    """The map's text alternative, reachable from the keyboard: every place with its passages
    (markup.places_list_html). The page builds it from the place table the map carries and
    ``places_list_json`` (cached per story version, ``key`` as for the selection table), so a
    session does not receive every name and opening words a second time."""
    with st.expander(f"The map as text: {len(story.places)} places and their passages", key="map-text"):
        st.html(f"<div class='sm-places-slot' data-places='{len(story.places)}'>"
                f"<p class='sm-status'>{markup.e(PLACES_LIST_WAIT)}</p></div>")
        push_json(places_list_json(key, story))
