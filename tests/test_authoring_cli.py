"""The authoring command line (import, claims, schema) and the generated JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import jsonschema
import pytest
import yaml

from components.story.schema import SCHEMA_FILE, schema_text, story_schema
from components.story.model import load_story

from .conftest import FIXTURES, ROOT

SEED_ARTICLE = FIXTURES / "seed_article.txt"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "components", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_import_writes_a_draft_that_validates(tmp_path):
    out = tmp_path / "police-base-draft.yaml"
    r = cli("import", str(SEED_ARTICLE), "--out", str(out), "--publisher", "The New Arab with AFP",
            "--published", "2021-10-28", "--url", "https://www.newarab.com/news/china-build-tajikistan-base-near-afghan-border-official",
            "--compare", "stories/tajik-police-base.yaml")
    assert r.returncode == 0, r.stderr
    assert "draft story 'police-base-draft': 17 passages" in r.stdout and "4 claims proposed" in r.stdout
    assert "precision 0.93 (26/28), recall 0.54 (26/48)" in r.stdout
    story = load_story(out)
    assert story.id == "police-base-draft" and story.draft
    assert story.source.publisher == "The New Arab with AFP" and story.source.published == dt.date(2021, 10, 28)
    v = cli("validate", str(out))
    assert v.returncode == 0 and "ok: story 'police-base-draft', 17 passages" in v.stdout
    c = cli("claims", str(out))
    assert c.returncode == 0 and c.stdout.count("CONSISTENT") == 4


@pytest.mark.parametrize("setup, args, message", [
    (None, ["import", "missing.txt", "--out", "{tmp}/x.yaml"], "missing.txt: article file not found"),
    ("exists", ["import", str(SEED_ARTICLE), "--out", "{tmp}/x.yaml"], "x.yaml: already exists"),
    (None, ["import", str(SEED_ARTICLE), "--out", "{tmp}/x.txt"], "--out must name a .yaml file"),
    ("binary", ["import", "{tmp}/photo.txt", "--out", "{tmp}/x.yaml"], "photo.txt: not a text file"),
    (None, ["import", str(SEED_ARTICLE), "--out", "{tmp}/x.yaml", "--url", "javascript:alert(1)"], "only http(s) links"),
    # the story's own link rule (story.model.is_url), not a looser copy: refused as --url, not later
    (None, ["import", str(SEED_ARTICLE), "--out", "{tmp}/x.yaml", "--url", "https://example.org/a`b"], "--url: only http(s) links"),
    (None, ["import", str(SEED_ARTICLE), "--out", "{tmp}/x.yaml", "--published", "28/10/2021"], "not a date"),
])
def test_import_errors_exit_2_with_one_line(tmp_path, setup, args, message):
    if setup == "exists":
        (tmp_path / "x.yaml").write_text("keep me")
    if setup == "binary":
        (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    r = cli(*[a.format(tmp=tmp_path) for a in args])
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and message in r.stderr
    if setup == "exists":
        assert (tmp_path / "x.yaml").read_text() == "keep me"


def test_claims_command_prints_the_table():
    r = cli("claims", "stories/tajik-police-base.yaml", "--sources")
    assert r.returncode == 0
    assert r.stdout.count("CONSISTENT") == 7
    assert "measured: 1,349.5 km" in r.stdout and "source: Tajik-Afghan border:" in r.stdout


def test_committed_schema_is_the_generated_one():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "run: python -m components schema"
    r = cli("schema", "--check")
    assert r.returncode == 0 and "up to date" in r.stdout


def _as_json(path):
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def test_every_shipped_story_validates_against_the_schema():
    validator = jsonschema.Draft202012Validator(story_schema())
    for path in sorted((ROOT / "stories").glob("*.yaml")):
        errors = list(validator.iter_errors(_as_json(path)))
        assert errors == [], f"{path.name}: {errors[0].message}"


def test_schema_catches_what_editors_should_flag(tmp_path):
    validator = jsonschema.Draft202012Validator(story_schema())
    data = _as_json(ROOT / "stories" / "tajik-police-base.yaml")
    data["claims"][0]["kind"] = "touches"
    data["titel"] = data.pop("title")
    messages = [e.message for e in validator.iter_errors(data)]
    assert any("'touches' is not one of" in m for m in messages)
    assert any("'titel' was unexpected" in m for m in messages)
    assert any("'title' is a required property" in m for m in messages)
