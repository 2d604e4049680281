"""The stories folder: every story file, loaded and checked against the geodata.

A broken file does not hide the others: it is listed with its error. Entries are keyed by the
story's ``id`` (the ``?story=`` URL parameter); files are only ever looked up in this listing,
never by a path taken from a URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import StoryMapError
from .geodata import GeoData
from .mapspec import MapSpec, build_map_spec
from .story import Story, load_story

STORIES_DIR = Path(__file__).resolve().parent.parent / "stories"
STORY_SUFFIXES = (".yaml", ".yml", ".md")


@dataclass(frozen=True)
class StoryEntry:
    path: Path
    story: Story | None
    spec: MapSpec | None
    error: StoryMapError | None

    @property
    def key(self) -> str:
        return self.story.id if self.story else self.path.stem


def story_paths(folder: Path = STORIES_DIR) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in STORY_SUFFIXES and p.is_file())


def load_entry(path: Path, geodata: GeoData) -> StoryEntry:
    try:
        story = load_story(path)
        spec = build_map_spec(story, geodata, path.name)
    except StoryMapError as exc:
        return StoryEntry(path, None, None, exc)
    return StoryEntry(path, story, spec, None)
