"""The reader: the article passage by passage, lit by the selection, with Previous/Next.

A long story is paged (``READER_WINDOW`` passages at once) around the selection. The passages
are drawn unlit, so a click need not resend them (app.py reruns only the fragments that show the
selection): the page runtime (``components/web/story_reader.js`` and ``app_page.js``) lights them
at once on a click, and ``reader_light`` sends what the selection rules light, which confirms it.
"""

from __future__ import annotations

import streamlit as st

from components.map import markup
from components.story.selection import (
    Selection,
    highlighted_passages,
    highlighted_places,
)
from components.ui.actions import on_clear_click, on_page, on_step
from components.ui.page_script import push
from components.ui.state import ss


READER_WINDOW = 30  # passages shown at once: a long story's reader pages around the selection


def reader_nav(story, sel: Selection) -> None:
    """Above the reader: the photo caption and Previous / Next / Clear (Clear only with a selection)."""
    if story.caption:
        cap = story.caption
        credit = f" [{markup.e(cap.credit)}]" if cap.credit else ""
        st.html(f"<figure class='sm-caption'><figcaption>Photo: {markup.e(cap.text)}{credit}</figcaption></figure>")
    with st.container(horizontal=True, gap="small", key="reader-nav"):  # one row, on phones too
        st.button("◀ Previous", key="prev", on_click=on_step, args=(story, -1), width="stretch")
        st.button("Next ▶", key="next", on_click=on_step, args=(story, 1), width="stretch")
        st.button("Clear", key="clear", on_click=on_clear_click, width="stretch",
                  disabled=sel.place is None and sel.passage is None)


def reader_light(story, sel: Selection) -> None:
    """What the selection lights in the reader, as data for the page runtime (app_page.js): the
    passages and the places whose mentions stand out, by the rules of components.story.selection,
    and the passage to scroll to. The passages' HTML does not change with the selection, so a
    click resends none of it."""
    passages = highlighted_passages(story, sel)
    target = sel.passage or (passages[0] if passages else None)
    push({"light": {"passages": passages, "places": highlighted_places(story, sel),
                    "scroll": target if sel.seq else None, "seq": sel.seq}})


def reader_panel(story, sel: Selection, height: int = 560) -> None:
    """The passages, each with its buttons, drawn without the selection (``reader_light`` lights
    them): a click that keeps the reader's page does not rerun this."""
    names = {p.id: p.name for p in story.places}
    hl_passages = highlighted_passages(story, sel)
    target = sel.passage or (hl_passages[0] if hl_passages else None)
    start, end = reader_window(story, sel, target)
    with st.container(height=height, key="reader"):
        if end - start < len(story.passages):
            reader_pager(len(story.passages), start, end)
        # one element for the page of passages (Streamlit's client draws each element at a cost:
        # 30 passages with their buttons were ~90 elements, most of the page's first draw)
        st.html("".join(f"<div class='sm-item'>{markup.passage_html(story.passages[i], i + 1, set(), False, names)}"
                        f"{markup.passage_actions_html(story.passages[i], i + 1, names)}</div>"
                        for i in range(start, end)))


def pages(story) -> bool:
    """A long story's reader pages around the selection: a click may change its page."""
    return len(story.passages) > READER_WINDOW


def reader_window(story, sel: Selection, target: str | None) -> tuple[int, int]:
    """Which passages the reader shows: all of a short story; for a long one a page of
    READER_WINDOW passages, the one holding the selection when the selection changes."""
    n = len(story.passages)
    if n <= READER_WINDOW:
        return 0, n
    if target is not None and ss.get("reader_seq") != sel.seq:
        ss.reader_page = story.passage_index(target) // READER_WINDOW
    ss.reader_seq = sel.seq
    page = min(max(ss.get("reader_page", 0), 0), (n - 1) // READER_WINDOW)
    ss.reader_page = page
    return page * READER_WINDOW, min(n, (page + 1) * READER_WINDOW)


def reader_pager(n: int, start: int, end: int) -> None:
    left, mid, right = st.columns([1, 2, 1])
    left.button("◀ Earlier", key="page-prev", on_click=on_page, args=(-1,), disabled=start == 0,
                use_container_width=True)
    mid.caption(f"Passages ¶{start + 1:,}–¶{end:,} of {n:,}")
    right.button("Later ▶", key="page-next", on_click=on_page, args=(1,), disabled=end >= n,
                 use_container_width=True)
