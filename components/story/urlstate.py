"""The selection in the URL: ``?story=..&place=..|passage=..|claim=..``, both ways.

A URL is input from anywhere: every parameter is cut to ``MAX_PARAM_CHARS``, checked against
the id rule and the story, and an unknown or malformed id becomes a message (naming the
parameter) and the default view, never an error.
"""

from __future__ import annotations

from components.story.model import Story, is_id
from components.story.selection import Selection, show_id

MAX_PARAM_CHARS = 200


def _param(params: dict, name: str) -> str | None:
    value = params.get(name)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    if value is None:
        return None
    return str(value)[: MAX_PARAM_CHARS + 1]


def from_query(story: Story, params: dict) -> tuple[Selection, list[str]]:
    """Selection from ``?place=..&passage=..``; unknown or malformed ids become messages."""
    messages: list[str] = []
    sel = Selection()
    place = _param(params, "place")
    passage = _param(params, "passage")
    if passage is not None:
        if is_id(passage) and story.has_passage(passage):
            sel = Selection(passage=passage, fit=True, seq=1)
        else:
            messages.append(f"URL parameter 'passage': no passage {show_id(passage)} in this story; showing the default view.")
    if place is not None and sel.passage is None:
        if is_id(place) and story.has_place(place):
            sel = Selection(place=place, fit=True, seq=1)
        else:
            messages.append(f"URL parameter 'place': no place {show_id(place)} in this story; showing the default view.")
    claim = _param(params, "claim")
    if claim is not None and sel.passage is None and sel.place is None:
        if is_id(claim) and story.has_claim(claim):
            sel = Selection(claim=claim, fit=True, seq=1)
        else:
            messages.append(f"URL parameter 'claim': no claim {show_id(claim)} in this story; showing the default view.")
    return sel, messages


def to_query(story_id: str, sel: Selection) -> dict[str, str]:
    q = {"story": story_id}
    if sel.place:
        q["place"] = sel.place
    if sel.passage:
        q["passage"] = sel.passage
    if sel.claim:
        q["claim"] = sel.claim
    return q
