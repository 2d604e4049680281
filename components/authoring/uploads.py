"""A file given to the app: a story file to open, or an article to turn into a draft.

Pure (no Streamlit), so the app's upload rules are tested directly: a story file (.yaml,
.yml, or .md with story front matter) is loaded like any file in stories/; anything else is
read as an article and imported. Either way the result is held in the session, never written:
``save`` writes it into the stories folder only when the user asks, and never overwrites.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from components.errors import StoryError
from components.authoring.gazetteer import Gazetteer
from components.geo.geodata import GeoData
from components.authoring.importer import Ambiguity, make_draft
from components.map.spec import MapSpec, build_map_spec
from components.story.model import Story, parse_story

UPLOAD_TYPES = ["yaml", "yml", "md", "markdown", "txt", "text", "html", "htm"]


@dataclass(frozen=True)
class Opened:
    """A story held in the session only: an uploaded story file or an imported draft."""

    story: Story
    spec: MapSpec
    yaml_text: str
    origin: str  # shown to the user: "story file X" or "article X"
    ambiguities: tuple[Ambiguity, ...] = ()
    article: bytes | None = None  # the article, to redo the draft with the author's choices
    article_name: str = ""
    source: dict = field(default_factory=dict)
    choices: dict = field(default_factory=dict)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.yaml_text.encode("utf-8")).hexdigest()[:16]

    @property
    def file_name(self) -> str:
        return f"{self.story.id}.yaml"

    @property
    def is_draft(self) -> bool:
        return self.article is not None


def looks_like_story(data: bytes, name: str) -> bool:
    lower = name.lower()
    if lower.endswith((".yaml", ".yml")):
        return True
    if lower.endswith((".md", ".markdown")):
        head = data[:200_000].removeprefix(b"\xef\xbb\xbf")
        return head.startswith(b"---") and re.search(rb"(?m)^passages\s*:", head) is not None
    return False


def import_article(data: bytes | str, name: str, geodata: GeoData, gaz: Gazetteer, taken: set[str],
                   source: dict | None = None, choices: dict | None = None, story_id: str | None = None) -> Opened:
    draft = make_draft(data, name, geodata, gaz, story_id=story_id, source=source, choices=choices, taken=taken)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return Opened(draft.story, draft.spec, draft.yaml_text, f"article {name}", tuple(draft.ambiguities),
                  raw, name, dict(source or {}), dict(choices or {}))


def open_upload(data: bytes, name: str, geodata: GeoData, gaz: Gazetteer, taken: set[str]) -> Opened:
    """An uploaded file, opened or imported; raises StoryMapError (file, field, message)."""
    name = Path(name).name or "upload"
    if looks_like_story(data, name):
        story = parse_story(data, name)
        spec = build_map_spec(story, geodata, name)
        return Opened(story, spec, data.decode("utf-8-sig"), f"story file {name}")
    return import_article(data, name, geodata, gaz, taken)


def rechoose(opened: Opened, key: str, place: str, geodata: GeoData, gaz: Gazetteer) -> Opened:
    """Redo a draft with the author's choice for one ambiguous mention (``passage:start``)."""
    choices = dict(opened.choices, **{key: place})
    return import_article(opened.article, opened.article_name, geodata, gaz, set(), opened.source, choices,
                          story_id=opened.story.id)


def save(opened: Opened, folder: Path, taken: set[str]) -> Path:
    """Write the story into ``folder`` as ``<id>.yaml``; refuses to overwrite or shadow a story."""
    path = folder / opened.file_name
    if opened.story.id in taken:
        raise StoryError(opened.file_name, "id", f"a story with id {opened.story.id!r} already exists; "
                         "change the id in the file and open it again")
    try:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(opened.yaml_text)
    except FileExistsError:
        raise StoryError(opened.file_name, None, f"already exists in {folder.name}/; nothing was written") from None
    return path
