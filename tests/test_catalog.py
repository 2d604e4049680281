"""The stories folder as the app sees it (components/catalog.py), on real files in a temp folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from components.map.spec import spec_builder
from components.story.catalog import Catalog, stories_dir, story_paths

from .conftest import SEED_STORY

CORPUS = Path(__file__).resolve().parent / "corpus" / "stories"


def _touch_later(path: Path, text: str) -> None:
    """Write and move the mtime forward, so the edit is seen even on a coarse clock."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


@pytest.fixture
def folder(tmp_path):
    shutil.copy(SEED_STORY, tmp_path / "seed.yaml")
    shutil.copy(CORPUS / "ok-minimal.yaml", tmp_path / "minimal.yaml")
    return tmp_path


def test_env_var_chooses_the_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("STORYMAP_STORIES", raising=False)
    assert stories_dir() == SEED_STORY.parent
    monkeypatch.setenv("STORYMAP_STORIES", str(tmp_path))
    assert stories_dir() == tmp_path.resolve()


def test_hidden_files_directories_and_other_suffixes_are_not_stories(tmp_path):
    for name in ("a.yaml", "b.yml", "c.md", ".d.yaml", "e.yaml~", "f.txt", "g.yaml.swp"):
        (tmp_path / name).write_text("x")
    (tmp_path / "h.yaml").mkdir()
    assert [p.name for p in story_paths(tmp_path)] == ["a.yaml", "b.yml", "c.md"]


def test_each_version_is_read_once(folder, geodata):
    cat = Catalog(spec_builder(geodata), folder)
    first = cat.scan()
    assert [e.key for e in first.entries] == ["corpus-story", "tajik-police-base"]
    again = cat.scan()
    assert all(a is b for a, b in zip(first.entries, again.entries))  # cached: same objects
    text = (folder / "minimal.yaml").read_text().replace("title: Corpus story", "title: Edited title")
    _touch_later(folder / "minimal.yaml", text)
    edited = cat.scan().entries[0]
    assert edited.story.title == "Edited title" and edited.error is None and edited.stale is None


def test_a_broken_edit_keeps_the_last_good_version_with_the_error(folder, geodata):
    cat = Catalog(spec_builder(geodata), folder)
    good = cat.scan().entries[0]
    _touch_later(folder / "minimal.yaml", "id: corpus-story\ntitle: [unclosed\n")
    entry = cat.scan().entries[0]
    assert entry.story is good.story and entry.spec is good.spec and entry.version == good.version
    assert entry.error is None
    assert str(entry.stale) == "minimal.yaml: line 3, column 1: not valid YAML: did not find expected ',' or ']'"
    assert [e.key for e in cat.scan().good] == ["corpus-story", "tajik-police-base"]
    # fixed: the new version, no error
    _touch_later(folder / "minimal.yaml", (CORPUS / "ok-minimal.yaml").read_text().replace("Corpus story", "Fixed"))
    entry = cat.scan().entries[0]
    assert entry.story.title == "Fixed" and entry.stale is None


def test_a_file_broken_from_the_start_is_listed_with_its_error(folder, geodata):
    shutil.copy(CORPUS / "lat-95.yaml", folder / "bad.yaml")
    listing = Catalog(spec_builder(geodata), folder).scan()
    bad = next(e for e in listing.entries if e.path.name == "bad.yaml")
    assert bad.story is None and bad.key == "bad.yaml"
    assert str(bad.error) == "bad.yaml: places[1].circle.lat: Input should be less than or equal to 90"
    assert [e.key for e in listing.good] == ["corpus-story", "tajik-police-base"]


def test_removed_file_is_forgotten(folder, geodata):
    cat = Catalog(spec_builder(geodata), folder)
    assert len(cat.scan().entries) == 2
    (folder / "minimal.yaml").unlink()
    assert [e.key for e in cat.scan().entries] == ["tajik-police-base"]
    assert set(cat._good) == {folder / "seed.yaml"}  # nothing kept for a file that is gone


def test_two_files_with_one_story_id(folder, geodata):
    shutil.copy(SEED_STORY, folder / "zz-copy.yaml")
    listing = Catalog(spec_builder(geodata), folder).scan()
    dup = next(e for e in listing.entries if e.path.name == "zz-copy.yaml")
    assert str(dup.error) == "zz-copy.yaml: id: story id 'tajik-police-base' is already used by seed.yaml"
    assert [e.path.name for e in listing.good] == ["minimal.yaml", "seed.yaml"]


def test_missing_folder_and_too_many_files(tmp_path, geodata):
    listing = Catalog(spec_builder(geodata), tmp_path / "nowhere").scan()
    assert listing.entries == [] and len(listing.problems) == 1
    assert str(listing.problems[0]).endswith("nowhere: stories folder cannot be read: No such file or directory")
    for i in range(5):
        shutil.copy(CORPUS / "empty.yaml", tmp_path / f"s{i}.yaml")
    listing = Catalog(spec_builder(geodata), tmp_path, max_files=3).scan()
    assert [e.path.name for e in listing.entries] == ["s0.yaml", "s1.yaml", "s2.yaml"]
    assert "5 story files; only the first 3 (by name) are listed" in str(listing.problems[0])


def test_unreadable_file_is_an_error_not_a_crash(folder, geodata, monkeypatch):
    target = folder / "minimal.yaml"
    real = Path.read_bytes

    def deny(self):
        if self == target:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)  # root ignores chmod, so the OS error is simulated
    entry = Catalog(spec_builder(geodata), folder).scan().entries[0]
    assert str(entry.error) == "minimal.yaml: cannot be read: Permission denied"


def test_the_apps_catalog_checks_every_story_at_once_and_builds_a_map_when_first_asked(folder, geodata):
    """defer=True (the app): a story whose geometry reference is wrong is listed broken at the
    first scan, as without deferring; a good story's map is built on first use, once."""
    from components.map.spec import MapSpec, build_map_spec
    from components.story.catalog import Deferred

    shutil.copy(CORPUS / "unknown-feature.yaml", folder / "bad.yaml")
    eager = {e.path.name: e for e in Catalog(spec_builder(geodata), folder).scan().entries}
    lazy = {e.path.name: e for e in Catalog(spec_builder(geodata, defer=True), folder).scan().entries}
    assert str(lazy["bad.yaml"].error) == str(eager["bad.yaml"].error) != "None"
    assert lazy["bad.yaml"].story is None
    seed = lazy["seed.yaml"]
    assert isinstance(seed.prepared, Deferred)  # not built by the scan
    spec = seed.spec
    assert isinstance(spec, MapSpec) and seed.spec is spec  # built once
    assert spec == build_map_spec(seed.story, geodata, "seed.yaml") == eager["seed.yaml"].spec
