"""The sidebar's place picker and data credits.
"""

from __future__ import annotations

import streamlit as st

from components.geo.layers import ATTRIBUTION
from components.map import markup
from components.story.selection import (
    Selection,
)
from components.ui.actions import on_pick_place
from components.ui.data import geodata
from components.ui.state import ss
from components.ui.text import picker_labels


PICKER_LIMIT = 200  # options in the place picker; a larger story gets a search box in front of it


def picker_places(story, query: str, selected: str | None, limit: int = PICKER_LIMIT) -> tuple[list, int]:
    """The places the picker offers, and how many match: every place of a story of at most
    ``limit``; of a larger one the first ``limit`` (story order) whose name or id contains
    ``query`` (case-insensitive), with the selected place always among them. The picker is in
    the sidebar fragment, so its options travel on every click: 10,000 of them cost a large
    story's first view 0.6 s of the browser's time and each click their resending."""
    places = story.places
    if len(places) <= limit:
        return list(places), len(places)
    q = query.strip().casefold()
    match = [p for p in places if not q or q in p.name.casefold() or q in p.id.casefold()]
    shown = match[:limit]
    if selected and all(p.id != selected for p in shown):
        shown = [story.place(selected)] + shown[: limit - 1]
    return shown, len(match)


def sidebar_places(story, sel: Selection) -> None:
    """The picker (with a search box for a large story): in the ``story-places`` fragment."""
    ss.place_pick = sel.place
    big = len(story.places) > PICKER_LIMIT
    query = st.text_input("Find a place", key="place_find", placeholder=f"Part of a name ({len(story.places):,} places)") if big else ""
    shown, found = picker_places(story, query or "", sel.place)
    labels = picker_labels([(p.id, p.name) for p in shown])
    st.selectbox("Go to a place", [p.id for p in shown], key="place_pick", index=None,
                 format_func=labels.__getitem__, on_change=on_pick_place, args=(story,),
                 placeholder="Choose a place…")
    if big:
        st.caption(f"{min(found, PICKER_LIMIT):,} of {found:,} matching places listed; type to narrow.")


def places_note() -> None:
    """Under the picker, drawn by the full run (it does not change with the selection)."""
    st.caption("Markers with ≈ are approximate: the article gives only an area. "
               "The map works offline; switch on OpenStreetMap tiles in the layer control when online.")


def sidebar_data() -> None:
    st.subheader("Data")
    st.html("<div class='sm-credits'>" + "".join(f"<p>{markup.e(a)}</p>" for a in ATTRIBUTION.values())
            + "<p>Sources and licences: geodata/SOURCES.md</p></div>")
    for note in geodata().repairs:
        st.warning(note)
