"""The app page's scripts: the runtime files under ``components/web/`` and the one line that
hands them data.

The JavaScript lives in files (``story_reader.js``, shared with the HTML export, and
``app_page.js``); Python sends only data, as JSON escaped by ``js_json``, each message one line
``(window.__sm = window.__sm || []).push({...})`` that works whether the runtime has run yet or
not. Streamlit runs an ``st.html`` script again only when its text changes, so a message that
must repeat carries what changed (the selection's ``seq``).

The runtime and the story's selection table travel in one element: Streamlit resends a small
element on every rerun but an element of 10 KB or more only as a reference to the browser's
copy, so together (13 KB for the seed story) they cost a click nothing.
"""

from __future__ import annotations

from functools import cache

import streamlit as st

from components.map.leaflet import WEB_DIR, js_json
from components.ui.folium_component import MAP_FRAME

RUNTIME_FILES = ("story_reader.js", "app_page.js")


@cache
def _runtime_js() -> str:
    return "\n".join((WEB_DIR / name).read_text(encoding="utf-8") for name in RUNTIME_FILES)


def push_line(message_json: str) -> str:
    """The bootstrapping line: data (JSON made by ``js_json``) for the page runtime, never code."""
    return f"<script>(window.__sm = window.__sm || []).push({message_json});</script>"


def page_runtime(table_json: str) -> None:
    """Once per run, after the map: the runtime (it installs itself once), where the map is,
    and the story's selection table (``{"table": ...}`` made by ``js_json``, cached per story)."""
    st.html(f"<script>{_runtime_js()}</script>" + push_line(js_json({"config": {"frame": MAP_FRAME}}))
            + push_line(table_json), unsafe_allow_javascript=True)


def push(message: dict) -> None:
    push_json(js_json(message))


def push_json(message_json: str) -> None:
    """A message already made by ``js_json`` (a cached one)."""
    st.html(push_line(message_json), unsafe_allow_javascript=True)
