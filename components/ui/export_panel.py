"""Streamlit UI for sharing and exporting: links, embed code, download buttons (PDF included),
Publish (the static site), embed header.

Kept out of app.py so the layout file stays short. Each download button gets a callable:
Streamlit runs it only when the button is clicked, in a worker thread, and shows a spinner on
the button meanwhile (streamlit>=1.5x deferred downloads), so a page view costs no export.
"""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from components.errors import StoryMapError
from components.map import markup
from components.ui.text import md_literal
from components.export.formats import FORMATS, export_bytes, file_name
from components.geo.geodata import GeoData
from components.map.spec import MapSpec
from components.story.selection import Selection
from components.export.share import embed_snippet, share_url
from components.export.dpi import DEFAULT_DPI
from components.story.model import Story

DPI_CHOICES = (150, 300, 600)


def _exporter(story: Story, geodata: GeoData, spec: MapSpec, fmt, sel: Selection, dpi: int):
    def run() -> bytes:
        return export_bytes(story, geodata, fmt, sel, dpi, spec=spec, source=story.id)

    return run


def share_and_export(story: Story, spec: MapSpec, geodata: GeoData, sel: Selection) -> None:
    """Sidebar panel: link to this view, embed code, and one download button per format (the
    ``story-side`` fragment: what changes with the selection; its heading and note are not in it)."""
    base = st.context.url
    what = ("place " + story.place(sel.place).name if sel.place
            else f"¶{story.passage_index(sel.passage) + 1}" if sel.passage else "the whole story")
    # Text boxes, not st.code: st.code's highlighter is a 1.5 MB script that every first view
    # loaded before the map's frame (bench/bench_app.py: page transfer). No key: a new selection
    # is a new value, so the box shows it; an edit in the box changes nothing else.
    link = share_url(base, story.id, sel)
    embed = embed_snippet(share_url(base, story.id, sel, embed=True), story.title)
    st.text_input(md_literal(f"Link to this view ({what})"), link)  # story text, not Markdown
    st.text_area("Embed code: an iframe with the map and a compact reader", embed, height=110)
    # one element for both Copy buttons; the page runtime (web/app_page.js) copies data-copy,
    # percent-encoded: st.html's sanitiser drops an attribute whose value holds markup
    st.html("<div class='sm-copy-row'>" + "".join(
        f"<button type='button' class='sm-copy' data-copy='{quote(text, safe='')}' data-label='{label}'>{label}</button>"
        for text, label in ((link, "Copy link"), (embed, "Copy embed code"))) + "</div>")
    dpi = st.selectbox("PNG resolution (dpi)", DPI_CHOICES, index=DPI_CHOICES.index(DEFAULT_DPI), key="export_dpi")
    for fmt in FORMATS.values():
        st.download_button(
            fmt.label, data=_exporter(story, geodata, spec, fmt, sel, dpi), file_name=file_name(story, fmt, sel),
            mime=fmt.mime, on_click="ignore", key=f"download-{fmt.name}", icon=":material/download:",
            width="stretch",
        )


def exports_note() -> None:
    st.caption("Exports show the current selection: the web page opens on it, images highlight it, "
               "the GeoJSON holds its places.")


def publish_panel(story: Story, geodata: GeoData) -> None:
    """Publish: the static site (components/publish) built into a folder on this server, which
    the app names; the CLI (``python -m components publish``) is the main path."""
    from components.publish.site import publish_site, site_dir
    from components.story.catalog import stories_dir

    scope = st.radio("Publish a static site of", ("all stories", "this story"), horizontal=True, key="publish_scope",
                     help="Story pages, embeds, previews, PDF/PNG/SVG/GeoJSON and an index with an atlas, "
                          "for any web host or CDN.")
    one = story.id if scope == "this story" else None
    folder = site_dir(one)
    if st.button("Publish", key="publish", icon=":material/publish:", width="stretch"):
        with st.spinner("Publishing…"):
            try:
                report = publish_site(stories_dir(), folder, geodata=geodata, only={one} if one else None)
            except (StoryMapError, OSError) as exc:
                st.error(md_literal(f"Not published: {exc}"))
                return
        st.success(md_literal(f"Published {len(report.published)} {'story' if len(report.published) == 1 else 'stories'} "
                              f"({len(report.rebuilt)} built, {len(report.kept)} unchanged) to {report.out}. "
                              f"Open {report.out / 'index.html'}, or copy the folder to any web host."))
        for exc in report.skipped:
            st.warning(md_literal(f"Left out: {exc}"))
    else:
        st.caption(md_literal(f"Builds into {folder} on this server (set STORYMAP_SITE to change it)."))


def embed_header(story: Story, sel: Selection) -> None:
    """One compact line for the embedded view: title, source and a way out to the full map."""
    full = share_url(st.context.url, story.id, sel)
    st.html(
        "<style>[data-testid='stMainBlockContainer']{padding:.4rem .8rem 0 .8rem;}</style>"
        f"<div class='sm-embed-head'><b>{markup.e(story.title)}</b> "
        f"<span class='sm-source'>{' · '.join(markup.source_bits(story, 'article'))} · "
        f"<a href='{markup.e(full)}' target='_blank' rel='noopener'>open the full map ↗</a></span></div>"
    )
