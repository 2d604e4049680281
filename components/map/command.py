"""The map's selection command: what ``StoryMap.select`` (components/web/story_runtime.js) is
called with for a selection, built from the selection rules' own table entry.

The app sends ``command_args`` as data (components/ui/map_frame.py); ``map_command`` is the
same call as one line of JavaScript, for a page that bakes the selection into the map (the
benchmark's naive baseline).
"""

from __future__ import annotations

from components.map.leaflet import js_json
from components.story.model import Story
from components.story.selection import Selection, selection_entry


def command_args(story: Story, sel: Selection) -> list:
    """``[places, options, fit places]``: ``seq`` tells the map the app's confirmation of a
    selection it may already have applied ahead of it."""
    entry = selection_entry(story, sel)
    opts = {"fit": sel.fit, "popup": entry["popup"], "seq": sel.seq}
    return [entry["places"], opts, entry["fit"]]


def map_command(story: Story, sel: Selection) -> str:
    """JavaScript evaluated inside the map iframe: applies the selection without a remount."""
    places, opts, fit_to = command_args(story, sel)
    return (
        f"window.__story && window.__story.select({js_json(places)}, {js_json(opts)}, {js_json(fit_to)});\n"
    )
