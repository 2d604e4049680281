"""Pamir story map: Streamlit entry. Lays out the map and the reader and wires the selection.

All logic lives in ``components``; this file only caches, lays out and connects callbacks.
Run: ``streamlit run app.py`` (see README).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import streamlit as st

from components.map import markup
from components.map.assets import app_assets
from components.story.catalog import Catalog, Listing, StoryEntry, stories_dir
from components.claims.check import ClaimCheck, LayerAccuracy, check_claims, claim_summary, load_accuracy
from components.errors import GeodataError
from components.map.leaflet import js_json, to_folium
from components.authoring.gazetteer import Gazetteer, load_gazetteer
from components.geo.geodata import GeoData, geodata_dir, load_geodata
from components.geo.layers import ATTRIBUTION
from components.ui.import_panel import import_panel, opened_bar
from components.authoring.uploads import Opened
from components.story.selection import (
    Selection,
    clear,
    focus_places,
    from_map_click,
    from_query,
    highlighted_passages,
    highlighted_places,
    map_command,
    select_claim,
    select_passage,
    select_place,
    still_valid,
    step,
    to_query,
)
from components.ui.export_panel import embed_header, share_and_export
from components.ui.map_frame import RenderedMap, render_for_streamlit, story_map
from components.story.model import is_id

TIMING = os.environ.get("STORYMAP_TIMING") == "1"  # log each script run's time (bench/, tests)
READER_WINDOW = 30  # passages shown at once: a long story's reader pages around the selection
READER_CSS = (Path(__file__).parent / "components" / "web" / "reader.css").read_text(encoding="utf-8")
ss = st.session_state


# --- data, loaded once per process (a click reloads nothing) --------------------------------


def geodata() -> GeoData:
    return boundaries(str(geodata_dir()))


@st.cache_resource(show_spinner="Loading boundaries…")
def boundaries(folder: str) -> GeoData:
    """Keyed by folder (``$STORYMAP_GEODATA``); an error is not cached: the next run retries."""
    return load_geodata(Path(folder))


@st.cache_resource(show_spinner=False)
def story_catalog(folder: str, boundaries_folder: str) -> Catalog:
    """One per folder, shared by all sessions: each file is read once per version (mtime, size),
    so an edited story reloads; a broken edit keeps the last good version listed."""
    return Catalog(boundaries(boundaries_folder), Path(folder))


@st.cache_resource(show_spinner=False, max_entries=64)
def rendered_map(path: str, version: tuple[int, int], _entry: StoryEntry) -> RenderedMap:
    """Keyed by file and version; ``_entry`` (not hashed) is the loaded story of that version."""
    return render_for_streamlit(to_folium(_entry.spec, app_assets()))


def gazetteer() -> Gazetteer:
    return _gazetteer(str(geodata_dir()))


@st.cache_resource(show_spinner=False)
def _gazetteer(folder: str) -> Gazetteer:
    return load_gazetteer(boundaries(folder))


@st.cache_resource(show_spinner=False)
def accuracy() -> dict[str, LayerAccuracy]:
    return load_accuracy()


@st.cache_resource(show_spinner=False, max_entries=64)
def claim_checks(key: str, _story, _spec) -> list[ClaimCheck]:
    """Keyed by file and mtime (or by the text of a story held in the session)."""
    return check_claims(_story, _spec.geometry, accuracy())


@st.cache_resource(show_spinner=False, max_entries=16)
def opened_map(digest: str, _opened: Opened) -> RenderedMap:
    """The map of a story held only in the session (an upload or a draft), keyed by its text."""
    return render_for_streamlit(to_folium(_opened.spec, app_assets()))


def catalog() -> Listing:
    return story_catalog(str(stories_dir()), str(geodata_dir())).scan()


def say(kind: str, text: str, icon: str | None = None) -> None:
    """st.info/warning/error for text that may echo input: shown literally, never as Markdown."""
    getattr(st, kind)(markup.md_literal(text), icon=icon)


# --- callbacks: they change the selection before the script body runs -----------------------


def apply_map_click(story, key: str) -> None:
    """A click arrives as the map component's value; its counter tells a new click from a rerun."""
    payload = ss.get(key)
    count = payload.get("last_object_clicked_count") if isinstance(payload, dict) else None
    if count and count != ss.get("map_click_seen"):
        ss.map_click_seen = count
        ss.sel = from_map_click(story, ss.sel, payload)


def on_passage(story, passage_id: str) -> None:
    ss.sel = select_passage(story, ss.sel, passage_id)


def on_step(story, delta: int) -> None:
    ss.sel = step(story, ss.sel, delta)


def on_pick_place(story) -> None:
    pick = ss.get("place_pick")
    ss.sel = select_place(story, ss.sel, pick, fit=True) if pick else clear(ss.sel)


def on_clear() -> None:
    ss.sel = clear(ss.sel)


def on_page(delta: int) -> None:
    ss.reader_page = ss.get("reader_page", 0) + delta


def on_place(story, place_id: str) -> None:
    ss.sel = select_place(story, ss.sel, place_id, fit=True)


def on_claim(story, claim_id: str) -> None:
    ss.sel = select_claim(story, ss.sel, claim_id)


def on_story_change(keys: tuple[str, ...]) -> None:
    # the picker reports its option's label: after a title edit an unchanged pick comes back as
    # an unknown value, which is not a change of story
    if ss.get("story_key") in keys:
        ss.show_opened = False
        ss.sel = clear(ss.sel)


# --- layout: one function per panel ---------------------------------------------------------


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
        labels = markup.picker_labels([(k, e.story.title[:70]) for k, e in good.items()])
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
            st.toast(markup.md_literal(msg), icon="ℹ️")
    # A fixed slot that stays until the user selects something: the map below never shifts
    # (and is never remounted) when the notice comes or goes.
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


def map_panel(story, rendered: RenderedMap, sel: Selection, map_key: str, height: int = 600) -> None:
    story_map(rendered, map_command(story, sel), key=map_key, height=height)
    if sel.claim:
        names = ", ".join(story.place(p).name for p in highlighted_places(story, sel))
        st.html(f"<p class='sm-status'>Claim #{sel.claim} on the map: {markup.e(names)}</p>")
    elif sel.place:
        place = story.place(sel.place)
        basis = place.circle.basis if place.circle else None
        st.html(markup.place_panel(story, place, basis))
    elif sel.passage:
        names = ", ".join(story.place(p).name for p in highlighted_places(story, sel)) or "no place"
        st.html(f"<p class='sm-status'>¶{story.passage_index(sel.passage) + 1} speaks of: {markup.e(names)}</p>")
    else:
        st.html("<p class='sm-status'>Click a marker or a boundary to read what the article says of it; "
                "click a passage to see its places.</p>")


def reader_panel(story, sel: Selection, height: int = 560) -> None:
    hl_places = set(highlighted_places(story, sel))
    hl_passages = highlighted_passages(story, sel)
    if story.caption:
        cap = story.caption
        credit = f" [{markup.e(cap.credit)}]" if cap.credit else ""
        st.html(f"<figure class='sm-caption'><figcaption>Photo: {markup.e(cap.text)}{credit}</figcaption></figure>")
    prev_col, next_col, clear_col = st.columns(3)
    prev_col.button("◀ Previous", key="prev", on_click=on_step, args=(story, -1), use_container_width=True)
    next_col.button("Next ▶", key="next", on_click=on_step, args=(story, 1), use_container_width=True)
    clear_col.button("Clear", key="clear", on_click=on_clear, use_container_width=True,
                     disabled=sel.place is None and sel.passage is None)
    names = {p.id: p.name for p in story.places}
    target = sel.passage or (hl_passages[0] if hl_passages else None)
    start, end = reader_window(story, sel, target)
    with st.container(height=height, key="reader"):
        if end - start < len(story.passages):
            reader_pager(len(story.passages), start, end)
        shown = set()
        for i in range(start, end):
            passage = story.passages[i]
            shown.add(passage.id)
            active = passage.id == sel.passage or passage.id in hl_passages
            st.html(markup.passage_html(passage, i + 1, hl_places, active, names,
                                        focus_places(story, list(passage.places))))
            passage_actions(story, passage, i + 1)
    mention_clicks()
    if target and sel.seq and target in shown:
        scroll_reader_to(target, sel.seq)


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


PAGE_HOOKS = """<script>(function(){
if (window.__smHooks) { return; }
window.__smHooks = 1;
// Optimistic: a "Show ¶N on the map" click moves the map (same-origin frame) and lights the
// passage at once; the app's rerun then confirms (the map skips a command it already applied).
document.addEventListener('click', function (ev) {
  var btn = ev.target.closest && ev.target.closest('[class*="st-key-show-"]');
  if (!btn) { return; }
  var m = /st-key-show-([a-z0-9-]+)/.exec(btn.className);
  var el = m && document.getElementById('passage-' + m[1]);
  if (!el) { return; }
  var places = (el.getAttribute('data-places') || '').split(' ').filter(Boolean);
  var focus = (el.getAttribute('data-focus') || '').split(' ').filter(Boolean);
  document.querySelectorAll('.sm-passage.sm-active').forEach(function (p) { p.classList.remove('sm-active'); });
  el.classList.add('sm-active');
  document.querySelectorAll('mark.sm-mention').forEach(function (k) {
    k.classList.toggle('sm-hit', places.indexOf(k.getAttribute('data-place')) >= 0);
  });
  var frame = document.querySelector("iframe[title='streamlit_folium.st_folium']");
  try {
    var story = frame && frame.contentWindow.__story;
    if (story) { story.select(places, {fit: true, popup: false, ahead: true}, focus); }
  } catch (e) { /* the app's rerun applies it */ }
}, true);
})();</script>"""


def passage_actions(story, passage, number: int) -> None:
    """Under a passage: show it on the map, or one of the places it names (Tab + Enter work)."""
    with st.container(horizontal=True, gap="small", key=f"actions-{passage.id}"):
        st.button(f"Show ¶{number} on the map", key=f"show-{passage.id}", type="tertiary",
                  on_click=on_passage, args=(story, passage.id), icon=":material/my_location:")
        for pid in dict.fromkeys(m.place for m in passage.mentions):
            st.button(markup.md_escape(story.place(pid).name), key=f"place-{passage.id}-{pid}", type="tertiary",
                      on_click=on_place, args=(story, pid), icon=":material/location_on:",
                      help=markup.md_literal(f"Select {story.place(pid).name} on the map"))


def mention_clicks() -> None:
    """A click on an underlined place name presses that passage's button for the place."""
    st.html(
        "<script>(function(){if(window.__smMentionClicks){return;}window.__smMentionClicks=1;"
        "document.addEventListener('click',function(ev){"
        "var m=ev.target&&ev.target.closest?ev.target.closest('mark.sm-mention'):null;if(!m){return;}"
        "var p=m.closest('[data-passage]');if(!p){return;}"
        "var b=document.querySelector('.st-key-place-'+p.getAttribute('data-passage')+'-'+m.getAttribute('data-place')+' button');"
        "if(b){b.click();}});})();</script>",
        unsafe_allow_javascript=True,
    )


def claims_panel(story, checks: list[ClaimCheck], sel: Selection) -> None:
    """The article's geographic claims, each checked against the geodata, with a map highlight."""
    if not checks:
        st.caption("This story declares no geographic claims (see docs/story-format.md, Claims).")
        return
    counts = {v: sum(1 for c in checks if c.verdict == v) for v in ("consistent", "contradicted", "cannot check")}
    st.caption(markup.md_escape(", ".join(f"{n} {v}" for v, n in counts.items() if n)) +
               " · checked against the shipped geodata; geodesic figures")
    with st.container(height=590, key="claims"):
        for c in checks:
            st.html(markup.claim_html(story, c, claim_summary(story, c.claim), c.claim.id == sel.claim))
            st.button("Show on the map", key=f"claim-{c.claim.id}", type="tertiary", on_click=on_claim,
                      args=(story, c.claim.id), icon=":material/my_location:")


def scroll_reader_to(passage_id: str, seq: int) -> None:
    """Scroll only the reader box (not the page) to the passage; ``seq`` re-runs it on repeat."""
    st.html(
        "<script>(function(){"
        f"var el=document.getElementById('passage-'+{js_json(passage_id)});"
        "if(!el){return;}var sc=el.parentElement;"
        "while(sc&&sc.scrollHeight<=sc.clientHeight+1){sc=sc.parentElement;}"
        "if(sc&&sc!==document.documentElement&&sc!==document.body){"
        "sc.scrollBy({top:el.getBoundingClientRect().top-sc.getBoundingClientRect().top-24,behavior:'smooth'});}"
        "})();"
        f"/*{seq}*/</script>",
        unsafe_allow_javascript=True,
    )


def sidebar_places(story, sel: Selection) -> None:
    st.subheader("Places")
    ss.place_pick = sel.place
    labels = markup.picker_labels([(p.id, p.name) for p in story.places])
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


def main() -> None:
    st.set_page_config(page_title="Pamir story map", page_icon="🗺️", layout="wide")
    st.html(f"<style>{READER_CSS}</style>")
    st.html(PAGE_HOOKS, unsafe_allow_javascript=True)
    embed = bool(st.context.is_embedded)  # ?embed=true: map and compact reader only, for an iframe
    try:
        geodata()
    except GeodataError as exc:  # not cached: the next run tries again, once the file is fixed
        say("error", f"The boundary data could not be loaded, so no map can be drawn — {exc}", icon="⚠️")
        return
    stories = catalog()
    good = {}
    for e in stories.good:
        good.setdefault(e.key, e)
    choose_story(stories, good)
    taken = set(good) | {e.path.stem for e in stories.entries}
    import_slot = None
    if not embed:
        with st.sidebar:
            sidebar_stories(stories, good)
            import_slot = st.container()  # filled after the map: the map reaches the browser first
    opened: Opened | None = ss.get("opened") if ss.get("show_opened") else None
    if opened is None and (not good or ss.story_key not in good):
        st.error("No story could be loaded. Fix the story files listed in the sidebar, or import an article.")
        if import_slot is not None:
            with import_slot:
                import_panel(geodata(), gazetteer(), taken)
        return
    if opened is not None:
        opened_bar(opened, stories_dir(), taken, geodata(), gazetteer(), "story_key", on_clear)
        story, scope = opened.story, f"opened-{opened.digest}"
        rendered, map_key = opened_map(opened.digest, opened), f"map-opened-{opened.digest}"
        spec = opened.spec
        checks_key = scope
        init_selection(story, scope)
    else:
        entry = good[ss.story_key]
        ss.story_shown = ss.story_key
        story, map_key = entry.story, f"map-{entry.story.id}"
        rendered = rendered_map(str(entry.path), entry.version, entry)
        spec = entry.spec
        checks_key = f"{entry.path}:{entry.version}"
        init_selection(story, entry=entry)

    apply_map_click(story, map_key)
    sel: Selection = ss.sel
    if opened is None:
        st.query_params.from_dict(to_query(story.id, sel))

    if embed:
        embed_header(story, sel)
    else:
        story_header(story)
    map_col, reader_col = st.columns([3, 2], gap="medium")
    with map_col:
        map_panel(story, rendered, sel, map_key, height=400 if embed else 600)
    checks = claim_checks(checks_key, story, spec)
    with reader_col:
        if embed:
            reader_panel(story, sel, height=290)
        else:
            article_tab, claims_tab = st.tabs(["Article", f"Claims ({len(checks)})"], key="reader_tabs")
            with article_tab:
                reader_panel(story, sel)
            with claims_tab:
                claims_panel(story, checks, sel)
    if embed:
        return
    with import_slot:
        import_panel(geodata(), gazetteer(), taken)
    with st.sidebar:
        sidebar_places(story, sel)
        share_and_export(story, spec, geodata(), sel)
        sidebar_data()


_t0 = time.perf_counter()
main()
if TIMING:
    sel = ss.get("sel")
    print(f"storymap-run ms={(time.perf_counter() - _t0) * 1000:.2f} seq={getattr(sel, 'seq', None)}",
          file=sys.stderr, flush=True)
