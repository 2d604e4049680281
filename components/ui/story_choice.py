"""Which story is shown, and the selection it starts with (from the URL on the first run).

A story that is gone, a selection the edited story no longer has, an unknown URL id: each
becomes the default view with a message that stays until the user acts.
"""

from __future__ import annotations

import streamlit as st

from components.map import markup
from components.story.catalog import Listing, StoryEntry
from components.story.model import is_id
from components.story.selection import (
    Selection,
    still_valid,
)
from components.story.urlstate import from_query
from components.ui.actions import on_story_change
from components.ui.state import ss
from components.ui.text import md_literal, picker_labels, say


def choose_story(stories: Listing, good: dict) -> None:
    """Which story: ``?story=<id>`` on the first run, else the first that loads; a story that
    is gone (file removed, id changed) falls back to the first, with a message."""
    if "story_key" in ss:
        if ss.story_key not in good and good:
            # the picker sends its option's label, so an edited title comes back as an unknown
            # value: stay on the story shown last; a story that is gone falls back to the first
            shown = ss.get("story_shown")
            if shown in good:
                ss.story_key = shown
                return
            if shown is not None:
                ss.url_messages = ss.get("url_messages", []) + [
                    f"The story {shown!r} is no longer in the stories folder; showing the first story."]
            ss.story_key = next(iter(good))
        return
    ss.url_messages = []
    wanted = st.query_params.get("story")
    if wanted is not None and wanted in good:
        ss.story_key = wanted
        return
    if wanted is not None:
        shown = repr(wanted[:40]) if is_id(wanted) else "(not a story id)"
        broken = [e for e in stories.entries if e.story is None and is_id(wanted) and e.path.stem == wanted]
        why = f" (its file {broken[0].path.name} does not load)" if broken else ""
        ss.url_messages.append(f"URL parameter 'story': no story {shown}{why}; showing the first story.")
    ss.story_key = next(iter(good), None)


def sidebar_stories(stories: Listing, good: dict) -> None:
    st.subheader("Stories")
    if good:
        labels = picker_labels([(k, e.story.title[:70]) for k, e in good.items()])
        st.selectbox("Story", list(good), key="story_key", format_func=labels.__getitem__,
                     on_change=on_story_change, args=(tuple(good),))
    for problem in stories.problems:
        say("error", str(problem), icon="⚠️")
    for entry in stories.entries:
        if entry.error is not None:
            say("error", f"Story file could not be loaded — {entry.error}", icon="⚠️")
        elif entry.stale is not None:
            say("warning", f"{entry.path.name} was changed and no longer loads — {entry.stale} "
                "— the last good version stays listed until it is fixed.", icon="⚠️")


def init_selection(story, scope: str | None = None, entry: StoryEntry | None = None) -> None:
    """On the first run the URL gives the selection; switching story starts afresh; a selection
    the (edited) story no longer has resets, with a message."""
    scope = scope or story.id
    if ss.get("sel_story") != scope:
        sel, msgs = from_query(story, st.query_params.to_dict()) if ss.get("sel_story") is None else (Selection(), [])
        ss.sel, ss.sel_story = sel, scope
        ss.url_messages = ss.get("url_messages", []) + msgs
    ss.sel, msgs = still_valid(story, ss.sel)
    new = ss.get("url_messages", []) + msgs
    ss.url_messages = []
    if new:
        ss.url_notice = (new, ss.sel.seq)
        for msg in new:
            st.toast(md_literal(msg), icon="ℹ️")


def url_notice(entry: StoryEntry | None = None) -> None:
    """A fixed slot that stays until the user selects something: the map below never shifts
    (and is never remounted) when the notice comes or goes. Drawn by the ``story-notice`` fragment
    (app.py), so the click that selects something clears it."""
    with st.container(key="url-notice"):
        if entry is not None and entry.stale is not None:
            say("warning", f"Showing the last good version of {entry.path.name}: the file as it is now does not "
                f"load — {entry.stale}", icon="⚠️")
        msgs, seq = ss.get("url_notice", ([], None))
        if msgs and ss.sel.seq == seq:
            for msg in msgs:
                say("info", msg)


def story_header(story) -> None:
    st.html(f"<div class='sm-head'><h1>{markup.e(story.title)}</h1>{markup.source_line(story)}</div>")
