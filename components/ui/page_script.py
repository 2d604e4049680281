"""The app page's scripts: the runtime files under ``components/web/`` and the one line that
hands them data.

The JavaScript lives in files (``story_reader.js``, shared with the HTML export, and
``app_page.js``); Python sends only data, as JSON escaped by ``js_json``, each message one line
``(window.__sm = window.__sm || []).push({...})`` that works whether the runtime has run yet or
not. Streamlit runs an ``st.html`` script again only when its text changes, so a message that
must repeat carries what changed (the selection's ``seq``).
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


def page_runtime() -> None:
    """Once per run, first in the page: the runtime (it installs itself once) and where the map is."""
    st.html(f"<script>{_runtime_js()}</script>" + push_line(js_json({"config": {"frame": MAP_FRAME}})),
            unsafe_allow_javascript=True)


def push(message: dict) -> None:
    push_json(js_json(message))


def push_json(message_json: str) -> None:
    """A message already made by ``js_json`` (the cached selection table)."""
    st.html(push_line(message_json), unsafe_allow_javascript=True)
