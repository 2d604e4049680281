"""Story text on Streamlit's Markdown surfaces (messages, labels, captions), shown literally.

Streamlit renders labels, captions and messages as Markdown; a story or a URL may hold
anything. Here is the one escaping rule for all of them, and the helpers built on it.
"""

from __future__ import annotations

import re
from collections import Counter

import streamlit as st

WORD_JOINER = "\u2060"
_AUTOLINK_PARTS = re.compile(r":(?=\S)|@|(?i:www)(?=\\\.)")  # "x: y" stays as it is
_MD_LITERAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&^=])")  # Markdown's punctuation (not quotes)


def md_literal(text: object) -> str:
    """Text for Streamlit's Markdown elements (st.info, st.error, st.toast, labels) shown literally.

    Input echoed in a message (a URL parameter, a key from a story file) must not become a link,
    an image, HTML, formatting, math or an emoji. Every punctuation character Markdown gives a
    meaning is backslash-escaped (CommonMark). GFM's bare-URL and e-mail autolinks and emoji
    ``:shortcodes:`` are found in the text after escapes are resolved, so an invisible WORD
    JOINER (U+2060) follows each ``:`` not followed by a space, each ``@``, and splits ``www.``:
    ``http://x`` and ``:smile:`` stay text, ``file: field: message`` reads as it is.
    """
    out = _MD_LITERAL.sub(r"\\\1", str(text)).replace("\n", " ")
    return _AUTOLINK_PARTS.sub(lambda m: m.group() + WORD_JOINER, out)


def picker_labels(items: list[tuple[str, str]]) -> dict[str, str]:
    """(id, label) -> label per id for a select box. Streamlit's select box reports the chosen
    *label*, so labels must be unique: a label two items share gets the id appended."""
    uses = Counter(label for _, label in items)  # counted once: a list.count per item took 4 s at 10,000 places
    return {key: f"{label} (#{key})" if uses[label] > 1 else label for key, label in items}


def say(kind: str, text: str, icon: str | None = None) -> None:
    """st.info/warning/error for text that may echo input: shown literally, never as Markdown."""
    getattr(st, kind)(md_literal(text), icon=icon)
