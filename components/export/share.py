"""Links to a view of a story and the ``<iframe>`` snippet that embeds it: pure, tested alone.

The URL carries the state (``?story=&place=`` or ``&passage=``, see ``selection.to_query``);
``embed=true`` is Streamlit's own embed switch (no menu, header or footer), which the app
also reads (``st.context.is_embedded``) to drop its sidebar and shrink the reader.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from components.map.markup import e
from components.story.selection import Selection
from components.story.urlstate import to_query

EMBED_HEIGHT = 640  # px: map (420) + compact reader, no scrollbar at 800 px wide


def share_url(base: str | None, story_id: str, sel: Selection, embed: bool = False) -> str:
    """``base`` is the app's address as the browser sees it (``st.context.url``), or None."""
    query = to_query(story_id, sel)
    if embed:
        query["embed"] = "true"
    qs = urlencode(query)
    if not base:
        return "?" + qs
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https"):
        return "?" + qs
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", qs, ""))


def embed_snippet(url: str, title: str, height: int = EMBED_HEIGHT) -> str:
    return (f'<iframe src="{e(url)}" title="{e(title)}" width="100%" height="{int(height)}" '
            f'style="border:0" loading="lazy"></iframe>')
