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


def sidebar_places(story, sel: Selection) -> None:
    st.subheader("Places")
    ss.place_pick = sel.place
    labels = picker_labels([(p.id, p.name) for p in story.places])
    st.selectbox("Go to a place", [p.id for p in story.places], key="place_pick", index=None,
                 format_func=labels.__getitem__, on_change=on_pick_place, args=(story,),
                 placeholder="Choose a place…")
    st.caption("Markers with ≈ are approximate: the article gives only an area. "
               "The map works offline; switch on OpenStreetMap tiles in the layer control when online.")


def sidebar_data() -> None:
    st.subheader("Data")
    st.html("<div class='sm-credits'>" + "".join(f"<p>{markup.e(a)}</p>" for a in ATTRIBUTION.values())
            + "<p>Sources and licences: geodata/SOURCES.md</p></div>")
    for note in geodata().repairs:
        st.warning(note)
