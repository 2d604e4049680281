"""HTML fragments for tooltips, popups, the legend and the reader. Every story string is escaped.

Folium popups and tooltips are HTML, and the reader renders HTML: one place builds all of it,
so there is one place to get escaping right. Ids are only ever ``[a-z0-9-]`` (validated).
"""

from __future__ import annotations

import unicodedata
from html import escape

from components.story.model import Passage, Place, Precision, Story

# The line that says what to do when nothing is selected (under the app's map, in the export).
SELECTION_HINT = ("Click a marker or a boundary to read what the article says of it; "
                  "click a passage, or Next, to see its places.")

PRECISION_TEXT = {
    Precision.exact: "exact (as drawn in the boundary data)",
    Precision.settlement: "settlement (gazetteer point)",
    Precision.district: "district: the article names only the district",
    Precision.region: "region",
    Precision.country: "country",
    Precision.approximate: "approximate: location uncertain",
}


def e(text: object) -> str:
    """Escape for HTML text and attribute values (quotes included)."""
    return escape(str(text), quote=True)


def text_dir(text: str) -> str:
    """"rtl" when the text's first strong letter is right-to-left (Arabic, Hebrew, ...), else "ltr":
    the rule of ``dir="auto"``, computed here because a passage's mentions are isolated (``<bdi>``)
    and an isolate does not count for its parent's ``dir="auto"``."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def bidi(text: object) -> str:
    """Escaped story text in a ``<bdi>``: its direction comes from its own first strong letter
    (Persian, Arabic, Hebrew names read right to left), and no bidi control inside it (U+202E
    RIGHT-TO-LEFT OVERRIDE, an unclosed embedding) can reorder the text around it."""
    return f"<bdi>{e(text)}</bdi>"


def excerpt(text: str, limit: int = 160) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def place_tooltip(place: Place) -> str:
    """The text ends with ``#id``: it comes back in the click payload (the tooltip's text), read by
    ``components.ui.folium_component.id_from_tooltip``."""
    approx = ' <i class="sm-approx">approximate</i>' if place.approximate else ""
    return f'<b>{bidi(place.name)}</b>{approx} <span class="sm-id">#{place.id}</span>'


def feature_tooltip(name: str) -> str:
    return f"<span>{bidi(name)}</span>"


PRECISION_SHORT = {
    Precision.exact: "exact boundary",
    Precision.settlement: "settlement",
    Precision.district: "district only",
    Precision.region: "region",
    Precision.country: "country",
    Precision.approximate: "approximate location",
}
POPUP_WORDS = 12  # the first passage's opening words in a popup: the reader beside it holds the text


def opening_words(text: str, words: int = POPUP_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def passages_count(n: int) -> str:
    return f"{n} passage{'s' if n != 1 else ''}" if n else "context: no passage names it"


def place_popup(story: Story, place: Place, basis: str | None = None) -> str:
    """The short popup of a selected place: name, precision, "N passages" and the first passage's
    opening words. It stays small so the map around the selection stays visible (issue 10); the
    reader holds the passages, the place panel the note and the circle's basis (``basis`` is
    accepted for the callers' sake and not shown)."""
    passages = story.passages_of(place.id)
    first = ""
    if passages:
        p = passages[0]
        first = (f"<p class='sm-first'><span class='sm-pnum'>¶{story.passage_index(p.id) + 1}</span> "
                 f"{bidi(opening_words(p.text))}</p>")
    return (
        f"<div class='sm-popup' data-place='{place.id}'><h4>{bidi(place.name)}</h4>"
        f"<p class='sm-prec'>{e(PRECISION_SHORT[place.precision])} · {passages_count(len(passages))}</p>"
        f"{first}</div>"
    )


def places_list_html(story: Story, buttons: bool = False) -> str:
    """The map's text alternative: every place the story draws, with its precision and the
    passages that name it (number and opening words). ``buttons``: each name is a button
    (``data-select-place``) that selects it (the HTML export's wiring, export_page.js)."""
    items = []
    for place in story.places:
        passages = story.passages_of(place.id)
        name = (f"<button type='button' class='sm-list-place' data-select-place='{place.id}'>{e(place.name)}</button>"
                if buttons else f"<b>{e(place.name)}</b>")
        refs = "".join(
            f"<li><span class='sm-pnum'>¶{story.passage_index(p.id) + 1}</span> {e(opening_words(p.text))}</li>"
            for p in passages)
        listing = f"<ul>{refs}</ul>" if refs else ""
        items.append(f"<li data-place='{place.id}'>{name} <span class='sm-prec'>{e(PRECISION_SHORT[place.precision])}"
                     f" · {passages_count(len(passages))}</span>{listing}</li>")
    return f"<ul class='sm-places-list'>{''.join(items)}</ul>"


def passage_html(passage: Passage, number: int, selected_places: set[str], active: bool,
                 names: dict[str, str] | None = None) -> str:
    """A reader paragraph with its place mentions marked; mentions of selected places stand out.

    ``names`` (place id -> name) gives each mention a title; an ambiguous mention (one with
    candidates) is marked so the author sees the importer's guess needs a decision.
    What a selection lights is the page runtime's to apply, from ``selection_table``.
    """
    text = passage.text
    spans: list[tuple[int, int, str, tuple[str, ...]]] = []
    for m in passage.mentions:
        start = m.start if m.start is not None else text.find(m.text)
        if start < 0:
            continue
        end = m.end if m.end is not None else start + len(m.text)
        if any(s < end and start < t for s, t, _, _ in spans):
            continue
        spans.append((start, end, m.place, tuple(m.candidates)))
    spans.sort()
    out, pos = [], 0
    for start, end, pid, candidates in spans:
        out.append(e(text[pos:start]))
        cls = "sm-mention sm-hit" if pid in selected_places else "sm-mention"
        title = ""
        if candidates:
            cls += " sm-ambiguous"
            title = "Ambiguous: " + " or ".join((names or {}).get(c, c) for c in candidates)
        elif names and pid in names:
            title = names[pid]
        title_attr = f' title="{e(title)}"' if title else ""
        out.append(f'<mark class="{cls}" data-place="{pid}"{title_attr}><bdi>{e(text[start:end])}</bdi></mark>')
        pos = end
    out.append(e(text[pos:]))
    body = "".join(out)
    kind = f" sm-{passage.kind}"
    act = " sm-active" if active else ""
    return (
        f'<div class="sm-passage{kind}{act}" id="passage-{passage.id}" data-passage="{passage.id}" '
        f'data-places="{" ".join(passage.places)}" dir="{text_dir(text)}">'
        f'<span class="sm-pnum">¶{number}</span> {body}</div>'
    )


def passage_actions_html(passage: Passage, number: int, names: dict[str, str]) -> str:
    """Under a passage in the app's reader: show it on the map, or select one of the places it
    names (``names``: place id -> name). Plain buttons (Tab, Enter and Space work) that the page
    runtime handles (``web/app_page.js``): it lights the reader at once and sends the click to
    the app through the map's channel (``components/ui/folium_component.py ACTION``)."""
    buttons = [f'<button type="button" class="sm-act sm-act-passage" data-act="passage" data-id="{passage.id}">'
               f'Show ¶{number} on the map</button>']
    for pid in dict.fromkeys(m.place for m in passage.mentions):
        name = e(names.get(pid, pid))
        buttons.append(f'<button type="button" class="sm-act sm-act-place" data-act="place" data-id="{pid}" '
                       f'title="Select {name} on the map"><bdi>{name}</bdi></button>')
    return f'<div class="sm-actions">{"".join(buttons)}</div>'


def source_bits(story: Story, link_text: str = "original article") -> list[str]:
    """Publisher, byline, date and link as escaped HTML, leaving out what the file does not give."""
    src = story.source
    parts = [e(src.publisher)] if src.publisher else []
    if src.byline:
        parts.append(e(src.byline))
    if src.published:
        parts.append(f"{src.published:%d %B %Y}")
    if src.url:
        parts.append(f"<a href='{e(src.url)}' target='_blank' rel='noopener noreferrer'>{e(link_text)}</a>")
    return parts


def source_line(story: Story) -> str:
    """Publisher · date · link (imports may lack some of them), and the draft warning."""
    parts = source_bits(story)
    draft = ("<span class='sm-draft'>Draft: places and claims were detected automatically and "
             "need checking</span>") if story.draft else ""
    return f"<p class='sm-source'>{' · '.join(parts) or 'Source not given'}</p>{draft}"


def legend_html(entries: list[tuple[str, str, dict]]) -> str:
    """entries: (title, kind, style) with kind polygon|line|marker|approx|circle."""
    rows = []
    for title, kind, style in entries:
        color = e(style.get("color", "#333"))
        fill = e(style.get("fillColor", "none")) if style.get("fill", True) else "none"
        dash = e(style.get("dashArray", ""))
        if kind == "polygon":
            sw = f"<svg width='22' height='14'><rect x='1' y='1' width='20' height='12' fill='{fill}' fill-opacity='{style.get('fillOpacity', 0.3)}' stroke='{color}' stroke-width='2' stroke-dasharray='{dash}'/></svg>"
        elif kind == "line":
            sw = f"<svg width='22' height='14'><line x1='1' y1='7' x2='21' y2='7' stroke='{color}' stroke-width='3' stroke-dasharray='{dash}'/></svg>"
        elif kind == "circle":
            sw = f"<svg width='22' height='14'><circle cx='11' cy='7' r='6' fill='{fill}' fill-opacity='0.15' stroke='{color}' stroke-width='1.5' stroke-dasharray='{dash}'/></svg>"
        else:
            sw = f"<span class='sm-legend-pin sm-pin-{e(kind)}'></span>"
        rows.append(f"<div class='sm-legend-row'>{sw}<span>{e(title)}</span></div>")
    return "<details class='sm-legend' open><summary>Legend</summary>" + "".join(rows) + "</details>"


def place_panel(story: Story, place: Place, basis: str | None = None) -> str:
    """The 'selected place' box under the map."""
    n = len(story.passages_of(place.id))
    said = (f"{n} passages speak of it" if n > 1 else "1 passage speaks of it") if n else "Context: no passage names it"
    warn = (
        "<p class='sm-warn'>Approximate location: the marker and circle show the area the article "
        "and reports allow, not a known site.</p>" if place.approximate else ""
    )
    note = f"<p>{e(place.note)}</p>" if place.note else ""
    basis_html = f"<p><b>Uncertainty circle:</b> {e(basis)}</p>" if basis else ""
    return (
        f"<div class='sm-panel' data-place='{place.id}'><h3>{bidi(place.name)} "
        f"<span class='sm-id'>#{place.id}</span></h3>"
        f"<p class='sm-prec'>Precision: {e(PRECISION_TEXT[place.precision])} · {said}</p>"
        f"{warn}{note}{basis_html}</div>"
    )


VERDICT_TEXT = {"consistent": "✓ consistent", "contradicted": "✗ contradicted", "cannot check": "? cannot check"}


def claim_html(story: Story, check, summary: str, active: bool) -> str:
    """One claim in the claims panel: verdict, the figure, the article's words; why and data folded."""
    c = check.claim
    verdict_cls = check.verdict.replace(" ", "-")
    where = f"¶{story.passage_index(c.passage) + 1}" if c.passage else "photo caption"
    reading = f"<p><b>Reading:</b> {e(c.reading)}</p>" if c.reading else ""
    sources = "".join(f"<li>{e(s)}</li>" for s in check.sources)
    act = " sm-active" if active else ""
    return (
        f"<div class='sm-claim sm-v-{verdict_cls}{act}' data-claim='{c.id}' id='claim-{c.id}'>"
        f"<p class='sm-claim-head'><span class='sm-verdict'>{e(VERDICT_TEXT.get(check.verdict, check.verdict))}</span> "
        f"<b>{e(summary)}</b></p>"
        f"<p class='sm-figure'>Measured: {e(check.figure)}</p>"
        f"<p class='sm-quote'>“{e(c.quote)}” <span class='sm-pnum'>{e(where)}</span></p>"
        f"<details class='sm-sources'><summary>Why, and the data's known error</summary>"
        f"<p>{e(check.explanation)}</p>{reading}<ul>{sources}</ul>"
        f"<p class='sm-id'>#{c.id}</p></details></div>"
    )
