"""Streamlit UI for sharing and exporting: links, embed code, download buttons, embed header.

Kept out of app.py so the layout file stays short. Each download button gets a callable:
Streamlit runs it only when the button is clicked, in a worker thread, and shows a spinner on
the button meanwhile (streamlit>=1.5x deferred downloads), so a page view costs no export.
"""

from __future__ import annotations

import streamlit as st

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
    """Sidebar panel: link to this view, embed code, and one download button per format."""
    st.subheader("Share & export")
    base = st.context.url
    what = ("place " + story.place(sel.place).name if sel.place
            else f"¶{story.passage_index(sel.passage) + 1}" if sel.passage else "the whole story")
    st.caption(md_literal(f"Link to this view ({what}):"))  # a place name is story text, not Markdown
    st.code(share_url(base, story.id, sel), language=None, wrap_lines=True)
    st.caption("Embed code: an iframe with the map and a compact reader. Copy it with the button at the right of the box.")
    st.code(embed_snippet(share_url(base, story.id, sel, embed=True), story.title), language="html",
            wrap_lines=True)
    dpi = st.selectbox("PNG resolution (dpi)", DPI_CHOICES, index=DPI_CHOICES.index(DEFAULT_DPI), key="export_dpi")
    for fmt in FORMATS.values():
        st.download_button(
            fmt.label, data=_exporter(story, geodata, spec, fmt, sel, dpi), file_name=file_name(story, fmt, sel),
            mime=fmt.mime, on_click="ignore", key=f"download-{fmt.name}", icon=":material/download:",
            width="stretch",
        )
    st.caption("Exports show the current selection: the web page opens on it, images highlight it, "
               "the GeoJSON holds its places.")


def embed_header(story: Story, sel: Selection) -> None:
    """One compact line for the embedded view: title, source and a way out to the full map."""
    full = share_url(st.context.url, story.id, sel)
    st.html(
        "<style>[data-testid='stMainBlockContainer']{padding:.4rem .8rem 0 .8rem;}</style>"
        f"<div class='sm-embed-head'><b>{markup.e(story.title)}</b> "
        f"<span class='sm-source'>{' · '.join(markup.source_bits(story, 'article'))} · "
        f"<a href='{markup.e(full)}' target='_blank' rel='noopener'>open the full map ↗</a></span></div>"
    )
