"""streamlit-folium's side of the contract (0.27.4, pinned): how its frame is found in the app
page, what a click reports, and how that report becomes a selection.

Plain Python (no streamlit import), so the tests and the benchmark name the frame from here too.
A click reports the clicked object's tooltip *text*; every place's tooltip ends with ``#id``
(``components.map.markup.place_tooltip``), which ``place_from_tooltip`` reads back.
"""

from __future__ import annotations

import re

from components.story.model import ID_CHARS, Story
from components.story.selection import Selection, select_place

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"  # the component's iframe in the app page
CLICK_TOOLTIP = "last_object_clicked_tooltip"
CLICK_COUNT = "last_object_clicked_count"
RETURNED_OBJECTS = [CLICK_TOOLTIP, CLICK_COUNT]

TOOLTIP_ID_RE = re.compile(rf"#({ID_CHARS})\s*$")


def place_from_tooltip(text: object) -> str | None:
    """Return the place id at the end of a tooltip's text, or None."""
    if not isinstance(text, str) or len(text) > 2000:
        return None
    m = TOOLTIP_ID_RE.search(text)
    return m.group(1) if m else None


def from_map_click(story: Story, sel: Selection, payload: object) -> Selection:
    """streamlit-folium reports the clicked object's tooltip text; the place id ends it."""
    if not isinstance(payload, dict):
        return sel
    pid = place_from_tooltip(payload.get(CLICK_TOOLTIP))
    if pid is None or not story.has_place(pid):
        return sel
    return select_place(story, sel, pid, fit=False)
