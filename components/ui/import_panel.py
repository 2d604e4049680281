"""The app's 'Open or import' panel (sidebar) and the bar above a story that is not saved.

A file (or pasted text) becomes ``st.session_state.opened`` (components/uploads.py) and is
shown in place of the chosen story; a bad file leaves everything as it was and says why.
Nothing is written unless the user presses Save; Download gives the YAML to edit elsewhere.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import streamlit as st

from components.errors import ArticleError, StoryMapError
from components.authoring.gazetteer import Gazetteer
from components.geo.geodata import GeoData
from components.ui.state import ss
from components.story.model import is_url
from components.ui.text import md_literal
from components.authoring.uploads import UPLOAD_TYPES, Opened, import_article, open_upload, rechoose, save

UPLOAD_CAP_MB = 5  # the widget's own cap; the story (2 MB) and article (1 MB) limits give the message


def _fail(exc: Exception) -> None:
    ss.upload_error = str(exc).splitlines()[0]


def _on_upload(geodata: Callable[[], GeoData], gaz: Callable[[], Gazetteer], taken: set[str]) -> None:
    f = ss.get("upload")
    ss.upload_error = None
    if f is None:
        return
    try:
        ss.opened = open_upload(f.getvalue(), f.name, geodata(), gaz(), taken)
        ss.show_opened = True
    except StoryMapError as exc:
        _fail(exc)


def _on_paste(geodata: Callable[[], GeoData], gaz: Callable[[], Gazetteer], taken: set[str]) -> None:
    ss.upload_error = None
    text = ss.get("paste") or ""
    source: dict = {"publisher": (ss.get("paste_publisher") or "").strip()[:300]}
    url = (ss.get("paste_url") or "").strip()
    when = (ss.get("paste_published") or "").strip()
    try:
        if url:
            if not is_url(url) or len(url) > 2000:
                raise ArticleError("pasted text", "link", "only http(s) links")
            source["url"] = url
        if when:
            try:
                source["published"] = dt.date.fromisoformat(when)
            except ValueError:
                raise ArticleError("pasted text", "published", f"not a date (YYYY-MM-DD): {when[:20]!r}") from None
        if not text.strip():
            raise ArticleError("pasted text", None, "the article has no text")
        ss.opened = import_article(text, "pasted text", geodata(), gaz(), taken, source)
        ss.show_opened = True
    except StoryMapError as exc:
        _fail(exc)


def import_panel(geodata: Callable[[], GeoData], gaz: Callable[[], Gazetteer], taken: set[str]) -> None:
    """Sidebar: upload a story or an article, or paste an article's text. ``geodata`` and ``gaz``
    are loaders (components/ui/data.py), called only when a file or a text comes: a page view
    loads no gazetteer. Its content is drawn only while the expander is open (a first view draws
    only its heading: each Streamlit element costs the browser's first draw)."""
    err = ss.get("upload_error")
    panel = st.expander("Open or import a file", expanded=bool(err) or bool(ss.get("opened")), key="import_open",
                        on_change="rerun")
    if panel.open:
        with panel:
            _import_form(geodata, gaz, taken, err)
    if ss.get("saved_message"):
        st.success(md_literal(ss.pop("saved_message")), icon="💾")


def _import_form(geodata: Callable[[], GeoData], gaz: Callable[[], Gazetteer], taken: set[str], err: str | None) -> None:
    st.file_uploader("A story (.yaml) or an article (.txt, .md, .html)", type=UPLOAD_TYPES, key="upload",
                     on_change=_on_upload, args=(geodata, gaz, taken), max_upload_size=UPLOAD_CAP_MB,
                     help="Stories open as they are; an article becomes a draft story with its places "
                          "and claims detected. Nothing is saved unless you press Save.")
    st.text_area("…or paste an article's text", key="paste", height=120,
                 placeholder="Title on the first line, then the paragraphs")
    c1, c2 = st.columns(2)
    c1.text_input("Publisher", key="paste_publisher")
    c2.text_input("Published (YYYY-MM-DD)", key="paste_published")
    st.text_input("Link to the article (http/https)", key="paste_url")
    st.button("Make a draft story", key="paste_go", on_click=_on_paste, args=(geodata, gaz, taken),
              icon=":material/auto_fix_high:")
    if err:
        st.error(md_literal(err), icon="⚠️")
    opened: Opened | None = ss.get("opened")
    if opened is not None and not ss.get("show_opened"):
        st.button(f"Show {md_literal(opened.origin)} again", key="reopen", on_click=_show, args=(True,))


def _show(flag: bool) -> None:
    ss.show_opened = flag


def _on_save(folder: Path, taken: set[str], story_key: str, after: Callable[[], None]) -> None:
    opened: Opened = ss.opened
    try:
        path = save(opened, folder, taken)
    except StoryMapError as exc:
        ss.save_error = str(exc)
        return
    ss.saved_message = f"Saved {folder.name}/{path.name}"
    ss.opened, ss.show_opened, ss.save_error = None, False, None
    ss[story_key] = opened.story.id
    after()


def _on_close(after: Callable[[], None]) -> None:
    ss.opened, ss.show_opened, ss.save_error = None, False, None
    after()


def _on_choose(key: str, widget: str, geodata: GeoData, gaz: Callable[[], Gazetteer]) -> None:
    try:
        ss.opened = rechoose(ss.opened, key, ss[widget], geodata, gaz())
    except StoryMapError as exc:
        ss.save_error = str(exc)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def opened_bar(opened: Opened, folder: Path, taken: set[str], geodata: GeoData, gaz: Callable[[], Gazetteer],
               story_key: str, after: Callable[[], None]) -> None:
    """Above a story held only in the session: what it is, Save / Download / Close, open choices."""
    story = opened.story
    with st.container(border=True, key="opened-bar"):
        what = "Draft story from" if opened.is_draft else "Opened"
        mentions = sum(len(p.mentions) for p in story.passages)
        detail = (f" {_n(mentions, 'place mention')}, {len(opened.ambiguities)} ambiguous, "
                  f"{_n(len(story.claims), 'claim')} proposed." if opened.is_draft else "")
        st.markdown(f"**{md_literal(what)} {md_literal(opened.origin)}**: not saved.{md_literal(detail)}")
        row = st.container(horizontal=True, gap="small")
        exists = story.id in taken
        row.button(f"Save as {md_literal(folder.name)}/{md_literal(opened.file_name)}", key="opened-save",
                   on_click=_on_save, args=(folder, taken, story_key, after), disabled=exists,
                   icon=":material/save:", help="Writes the story file; the stories list then shows it.")
        row.download_button("Download YAML", opened.yaml_text.encode("utf-8"), file_name=opened.file_name,
                            mime="application/x-yaml", key="opened-download", icon=":material/download:")
        row.button("Close", key="opened-close", on_click=_on_close, args=(after,), icon=":material/close:")
        if exists:
            st.caption(md_literal(f"A story with id '{story.id}' already exists, so this one cannot be saved "
                                 "under that id: change `id` in the file, then open it again."))
        if ss.get("save_error"):
            st.error(md_literal(ss.save_error), icon="⚠️")
        for a in opened.ambiguities:
            widget = f"choose-{a.key}"
            names = {pid: story.place(pid).name for pid in a.candidates}
            st.selectbox(md_literal(f"“{a.text}” in ¶{a.passage[1:]} is ambiguous: {a.reason}"), list(a.candidates),
                         index=list(a.candidates).index(a.guess), key=widget, format_func=names.get,
                         on_change=_on_choose, args=(a.key, widget, geodata, gaz))
