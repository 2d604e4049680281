"""The Claims tab: each geographic claim of the article, checked, with "Show on the map".
"""

from __future__ import annotations

import streamlit as st

from components.claims.check import ClaimCheck, claim_summary
from components.map import markup
from components.story.selection import (
    Selection,
)
from components.ui.actions import on_claim
from components.ui.text import md_literal


def claims_panel(story, checks: list[ClaimCheck], sel: Selection) -> None:
    """The article's geographic claims, each checked against the geodata, with a map highlight."""
    if not checks:
        st.caption("This story declares no geographic claims (see docs/story-format.md, Claims).")
        return
    counts = {v: sum(1 for c in checks if c.verdict == v) for v in ("consistent", "contradicted", "cannot check")}
    st.caption(md_literal(", ".join(f"{n} {v}" for v, n in counts.items() if n)) +
               " · checked against the shipped geodata; geodesic figures")
    with st.container(height=590, key="claims"):
        for c in checks:
            st.html(markup.claim_html(story, c, claim_summary(story, c.claim), c.claim.id == sel.claim))
            st.button("Show on the map", key=f"claim-{c.claim.id}", type="tertiary", on_click=on_claim,
                      args=(story, c.claim.id), icon=":material/my_location:")
