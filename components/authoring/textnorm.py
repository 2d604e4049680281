"""One way to compare names with text, keeping the way back to the text's own characters.

``fold`` turns a text into its matching form: Unicode NFKD with the accents dropped
(Tombouctóu = Tombouctou), case folded, every dash a space, every apostrophe form "'", and
runs of white space one space. It returns the folded text and, for each folded character,
the index of the original character it came from, so a match in the folded text maps back
to an exact span of the article.
"""

from __future__ import annotations

import unicodedata

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_APOS = "'\u2019\u02bc\u2018`\u00b4"


def fold_char(ch: str) -> str:
    if ch in _DASHES or ch.isspace():
        return " "
    if ch in _APOS:
        return "'"
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base.casefold()


def fold(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = fold_char(ch)
        for c in f:
            if c == " " and (not out or out[-1] == " "):
                continue
            out.append(c)
            where.append(i)
    return "".join(out), where


_TABLE = str.maketrans({**{c: " " for c in _DASHES}, **{c: "'" for c in _APOS}})


def fold_name(name: str) -> str:
    """``fold`` for a name, without the offsets (same result, faster)."""
    s = unicodedata.normalize("NFKD", name)
    if not s.isascii():
        s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().translate(_TABLE).split())


def is_word_char(ch: str) -> bool:
    """Letters and digits: a name must not touch one (an apostrophe may follow: "Peru's")."""
    return ch.isalnum()
