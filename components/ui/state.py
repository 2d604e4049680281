"""Every ``st.session_state`` key the app uses, with its type, in one place.

``ss`` is a typed view of Streamlit's session state: ``ss.sel`` reads and writes the key
``"sel"`` as Streamlit stores it, so widget keys and callbacks keep working, but a key that is
not declared here raises at once instead of silently creating a second name for one thing.
Widget keys that carry an id (``show-p4``, ``choose-…``) are declared by prefix.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.authoring.uploads import Opened
from components.story.selection import Selection


class AppState:
    # the selection and the story it belongs to
    sel: Selection
    sel_story: str | None  # story id (or "opened-<digest>") the selection was made in
    story_key: str  # the story picker's value (a story id)
    story_shown: str | None  # the story shown on the last run
    map_click_seen: int | None  # the map component's click counter last applied
    views: tuple[str, ...]  # the keys of the fragments drawn on the last full run (app.py): a click reruns these
    # messages about the URL or a changed story file, kept until the user acts
    url_messages: list[str]
    url_notice: tuple[list[str], int]
    # the reader's page, for long stories
    reader_page: int
    reader_seq: int
    # a story held only in the session (an upload or a draft)
    opened: Opened | None
    show_opened: bool
    upload_error: str | None
    save_error: str | None
    saved_message: str
    # widget keys
    place_pick: str | None
    upload: Any
    paste: str
    paste_publisher: str
    paste_published: str
    paste_url: str
    export_dpi: int
    reader_tabs: str
    import_open: bool  # the sidebar's expanders, drawn only while open
    share_open: bool

    PREFIXES = ("map-", "choose-")  # the map component's key (per story), the importer's choices

    def _check(self, name: str) -> str:
        if name in AppState.__annotations__ or name.startswith(self.PREFIXES):
            return name
        raise KeyError(f"session state key {name!r} is not declared in components/ui/state.py")

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return st.session_state[self._check(name)]

    def __setattr__(self, name: str, value) -> None:
        st.session_state[self._check(name)] = value

    def __getitem__(self, name: str):
        return st.session_state[self._check(name)]

    def __setitem__(self, name: str, value) -> None:
        st.session_state[self._check(name)] = value

    def __contains__(self, name: str) -> bool:
        return self._check(name) in st.session_state

    def get(self, name: str, default=None):
        return st.session_state.get(self._check(name), default)

    def pop(self, name: str, default=None):
        return st.session_state.pop(self._check(name), default)


ss = AppState()
