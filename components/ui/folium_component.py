"""streamlit-folium's side of the contract (0.27.4, pinned): how its frame is found in the app
page, what a click reports, and how that report becomes a selection.

Plain Python (no streamlit import), so the tests and the benchmark name the frame from here too.
A click reports the clicked object's tooltip *text*; every place's tooltip ends with ``#id``
(``components.map.markup.place_tooltip``), which ``id_from_tooltip`` reads back.

The reader's action buttons (``markup.passage_actions_html``: "Show ¶N on the map" and the place
names under a passage) are plain HTML, not Streamlit buttons (30 passages drew ~90 Streamlit
elements, the bulk of the page's first draw). The page runtime sends their clicks through the
same channel (``StoryMap.send`` in ``web/story_runtime.js``): the text ends with the passage's or
the place's id, and ``ACTION`` says which.
"""

from __future__ import annotations

import re

from components.story.model import ID_CHARS, Story
from components.story.selection import Selection, select_passage, select_place

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"  # the component's iframe in the app page
CLICK_TOOLTIP = "last_object_clicked_tooltip"
CLICK_COUNT = "last_object_clicked_count"
RETURNED_OBJECTS = [CLICK_TOOLTIP, CLICK_COUNT]
ACTION = "sm_action"  # absent: a click on the map; "passage" / "place": a button of the reader

TOOLTIP_ID_RE = re.compile(rf"#({ID_CHARS})\s*$")


def id_from_tooltip(text: object) -> str | None:
    """Return the id (a place's, or a passage's for a reader button) at the end of a tooltip's text, or None."""
    if not isinstance(text, str) or len(text) > 2000:
        return None
    m = TOOLTIP_ID_RE.search(text)
    return m.group(1) if m else None


def from_map_click(story: Story, sel: Selection, payload: object) -> Selection:
    """streamlit-folium reports the clicked object's tooltip text; the id ends it. A reader's
    button (``ACTION``) selects a passage, or a place and moves the map to it (a click on the map
    leaves the map where the reader put it). Anything else leaves the selection as it is."""
    if not isinstance(payload, dict):
        return sel
    ident = id_from_tooltip(payload.get(CLICK_TOOLTIP))
    action = payload.get(ACTION)
    if ident is None:
        return sel
    if action == "passage":
        return select_passage(story, sel, ident)
    if action not in (None, "place") or not story.has_place(ident):
        return sel
    return select_place(story, sel, ident, fit=action == "place")
