"""The map and the line under it that says what is selected.
"""

from __future__ import annotations

import streamlit as st

from components.map import markup
from components.story.selection import (
    Selection,
    highlighted_places,
    map_command,
)
from components.ui.map_frame import RenderedMap, story_map


def map_panel(story, rendered: RenderedMap, sel: Selection, map_key: str, height: int = 600) -> None:
    story_map(rendered, map_command(story, sel), key=map_key, height=height)
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
        st.html("<p class='sm-status'>Click a marker or a boundary to read what the article says of it; "
                "click a passage to see its places.</p>")
