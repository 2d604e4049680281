"""What is selected, and what follows from it: pure functions, tested without Streamlit.

A selection is a place (clicked on the map or chosen from the list), a passage (clicked in
the reader, or reached by Previous/Next) or a claim (its places, from the claims panel). From it follow the passages to highlight, the places
to highlight, and where the map should go (the URL that reproduces it: ``urlstate``).

``selection_table`` gives all of that, per place, passage and claim, to the browser: the page
runtime (components/web/) only looks entries up, so these functions stay the one home of the
rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.errors import one_line
from components.story.model import Precision, Story

SPECIFIC = (Precision.exact, Precision.settlement, Precision.district, Precision.approximate)


@dataclass(frozen=True)
class Selection:
    place: str | None = None
    passage: str | None = None
    claim: str | None = None
    fit: bool = False  # move the map to the selection (not when the user clicked the map)
    seq: int = 0  # bumped on every user action so a repeated action is applied again


def select_place(story: Story, sel: Selection, place_id: str | None, fit: bool) -> Selection:
    if place_id is None or not story.has_place(place_id):
        return sel
    return Selection(place=place_id, passage=None, fit=fit, seq=sel.seq + 1)


def select_passage(story: Story, sel: Selection, passage_id: str | None) -> Selection:
    if passage_id is None or not story.has_passage(passage_id):
        return sel
    return Selection(place=None, passage=passage_id, fit=True, seq=sel.seq + 1)


def select_claim(story: Story, sel: Selection, claim_id: str | None) -> Selection:
    if claim_id is None or not story.has_claim(claim_id):
        return sel
    return Selection(claim=claim_id, fit=True, seq=sel.seq + 1)


def step(story: Story, sel: Selection, delta: int) -> Selection:
    """Previous/Next: from the current passage, or from the first passage of the selected place."""
    n = len(story.passages)  # no list of ids: the selection table steps from every entry
    if sel.passage is not None:
        i = story.passage_index(sel.passage) + delta
    elif sel.place is not None and story.passages_of(sel.place):
        linked = [story.passage_index(p.id) for p in story.passages_of(sel.place)]
        i = min(linked) if delta > 0 else max(linked)
    else:
        i = 0 if delta > 0 else n - 1
    i = max(0, min(n - 1, i))
    return select_passage(story, sel, story.passages[i].id)


def clear(sel: Selection) -> Selection:
    return Selection(seq=sel.seq + 1)


def highlighted_places(story: Story, sel: Selection) -> list[str]:
    if sel.claim is not None:
        return list(dict.fromkeys(story.claim(sel.claim).places))
    if sel.passage is not None:
        return list(story.passage(sel.passage).places)
    if sel.place is not None:
        return [sel.place]
    return []


def focus_places(story: Story, place_ids: list[str]) -> list[str]:
    """The most specific of the places: a passage naming a district and China goes to the district."""
    for level in (SPECIFIC, (Precision.region,), (Precision.country,)):
        chosen = [p for p in place_ids if story.place(p).precision in level]
        if chosen:
            return chosen
    return place_ids


def highlighted_passages(story: Story, sel: Selection) -> list[str]:
    if sel.place is not None:
        return [p.id for p in story.passages_of(sel.place)]
    if sel.passage is not None:
        return [sel.passage]
    if sel.claim is not None and story.claim(sel.claim).passage:
        return [story.claim(sel.claim).passage]
    return []


def _coarseness(story: Story, place_id: str) -> int:
    precision = story.place(place_id).precision
    return 0 if precision in SPECIFIC else 1 if precision is Precision.region else 2


def fit_places(story: Story, sel: Selection) -> list[str]:
    """The places the map fits to: the most specific of a passage's places; for a claim its
    subject, and the object unless it is coarser (a district's region)."""
    places = highlighted_places(story, sel)
    if not places:
        return []
    if sel.claim is not None:
        return [p for p in places if _coarseness(story, p) <= _coarseness(story, places[0])]
    return focus_places(story, places)


def opens_popup(sel: Selection) -> bool:
    """A place chosen away from the map (list, link, mention) opens its popup once the map is there."""
    return sel.place is not None and sel.fit


def selection_entry(story: Story, sel: Selection) -> dict:
    """What one selection lights, and where Previous/Next go from it (passage ids)."""
    return {
        "places": highlighted_places(story, sel),
        "fit": fit_places(story, sel),
        "passages": highlighted_passages(story, sel),
        "popup": opens_popup(sel),
        "prev": step(story, sel, -1).passage,
        "next": step(story, sel, +1).passage,
    }


def table_selection(kind: str, item_id: str | None) -> Selection:
    """The selection a table entry stands for: chosen away from the map, so it fits."""
    if kind == "none":
        return Selection()
    return Selection(**{kind: item_id}, fit=True)


def selection_table(story: Story) -> dict:
    """Every selection the page can make, with what it lights: ``none`` (nothing selected) and,
    by id, each ``place``, ``passage`` and ``claim``. A map click selects a place without
    fitting: the page applies that place's entry with ``fit`` off (and Leaflet opens the popup)."""
    return {
        "none": selection_entry(story, table_selection("none", None)),
        "place": {p.id: selection_entry(story, table_selection("place", p.id)) for p in story.places},
        "passage": {p.id: selection_entry(story, table_selection("passage", p.id)) for p in story.passages},
        "claim": {c.id: selection_entry(story, table_selection("claim", c.id)) for c in story.claims},
    }


KINDS = ("place", "passage", "claim")


def compact_table(story: Story, table: dict | None = None) -> dict:
    """``selection_table`` as the browser receives it: each kind's ids once (``ids``), and each
    entry as an array of indices into them, in the order of ``ids``:
    ``[places, fit, passages, popup, prev, next]`` (places and fit index ``ids.place``, passages,
    prev and next ``ids.passage``; ``fit`` is 0 when it equals ``places``; ``popup`` 0 or 1;
    prev/next null for none). The same entries, without an id string per reference: 2.2 MB -> 0.6 MB
    for a 10,000-place story. StoryReader.entry (web/story_reader.js) turns an entry back into ids."""
    table = selection_table(story) if table is None else table
    ids = {"place": [p.id for p in story.places], "passage": [p.id for p in story.passages],
           "claim": [c.id for c in story.claims]}
    place_at = {pid: i for i, pid in enumerate(ids["place"])}
    passage_at = {pid: i for i, pid in enumerate(ids["passage"])}

    def entry(e: dict) -> list:
        places = [place_at[p] for p in e["places"]]
        fit = [place_at[p] for p in e["fit"]]
        return [places, 0 if fit == places else fit, [passage_at[p] for p in e["passages"]], int(e["popup"]),
                passage_at.get(e["prev"]), passage_at.get(e["next"])]

    out = {"ids": ids, "none": entry(table["none"])}
    for kind in KINDS:
        out[kind] = [entry(table[kind][item]) for item in ids[kind]]
    return out


def still_valid(story: Story, sel: Selection) -> tuple[Selection, list[str]]:
    """A selection made before the story file was edited may name a place, passage or claim
    that is gone: it becomes the default view, with a message."""
    for kind, value, known in (("place", sel.place, story.has_place), ("passage", sel.passage, story.has_passage),
                               ("claim", sel.claim, story.has_claim)):
        if value is not None and not known(value):
            return Selection(seq=sel.seq + 1), [
                f"The {kind} {show_id(value)} is no longer in this story (the file was changed); showing the default view."]
    return sel, []


def show_id(value: str) -> str:
    """An id from a URL, echoed in a message: one line, at most 40 characters."""
    shown = value if len(value) <= 40 else value[:40] + "…"
    return one_line(repr(shown), 60)
