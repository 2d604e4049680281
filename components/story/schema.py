"""The story format as JSON Schema, generated from the pydantic models (never edited by hand).

Editors (VS Code's YAML extension, for one) validate story files against it; a test checks
the committed docs/story.schema.json equals what the models generate now.
Regenerate: ``python -m components schema``.
"""

from __future__ import annotations

import json
from pathlib import Path

from components.story.model import Story

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "story.schema.json"
SCHEMA_ID = "https://pamir-story-map.invalid/story.schema.json"


def story_schema() -> dict:
    schema = Story.model_json_schema(mode="validation")
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
           "title": "Pamir story map: story file",
           "description": "A story file (stories/*.yaml). Generated from components/story.py by "
                          "`python -m components schema`; the format is described in docs/story-format.md. "
                          "Links between ids (places, passages, mentions, claims) and geodata features are "
                          "checked by `python -m components validate`, not by this schema."}
    out.update({k: v for k, v in schema.items() if k != "title"})
    return out


def schema_text() -> str:
    return json.dumps(story_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
