"""The stories folder: every story file, loaded and checked against the geodata.

A broken file does not hide the others: it is listed with its error. Entries are keyed by the
story's ``id`` (the ``?story=`` URL parameter); files are only ever looked up in this listing,
never by a path taken from a URL.

The folder is ``stories/`` beside the app, or ``$STORYMAP_STORIES`` when set. ``Catalog`` is the
app's view of it, shared by every session: each file is read once per version (modification
time and size), and when an edited file no longer loads, its last good version stays listed
with the error beside it. The app never writes to the folder.

The catalog knows stories, not maps: what a story needs beside its file (checking it against
the geodata and building its map description) is the ``prepare`` function it is given
(``components.map.spec.spec_builder(geodata)`` in the app). So this package imports nothing
from the map or the geodata, and an entry holds whatever ``prepare`` returned.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from components.errors import StoryError, StoryMapError
from components.story.model import Story, load_story

STORIES_DIR = Path(__file__).resolve().parents[2] / "stories"
STORIES_ENV = "STORYMAP_STORIES"
STORY_SUFFIXES = (".yaml", ".yml", ".md")
MAX_STORY_FILES = 200  # listed per folder; more are reported, not read

Prepare = Callable[[Story, str], Any]  # (story, file name) -> its map spec or a Deferred one; raises StoryMapError


def stories_dir() -> Path:
    """The stories folder: ``$STORYMAP_STORIES`` when set, else ``stories/`` beside the app."""
    env = os.environ.get(STORIES_ENV)
    return Path(env).expanduser().resolve() if env else STORIES_DIR


class Deferred:
    """A value built on its first use, once, by whichever thread asks first.

    What ``prepare`` returns when it has checked a story but leaves building its map description
    for later: a process lists every story at its first page view but draws one, so the others'
    maps are built when they are first opened (``StoryEntry.spec``), not before the first map."""

    def __init__(self, build: Callable[[], Any]):
        self._build: Callable[[], Any] | None = build
        self._value: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        with self._lock:
            if self._build is not None:
                self._value = self._build()  # an error propagates and is raised again next time
                self._build = None
            return self._value


@dataclass(frozen=True)
class StoryEntry:
    path: Path
    story: Story | None
    prepared: Any  # what ``prepare`` returned (the map spec, or a Deferred one); None when the file does not load
    error: StoryMapError | None
    version: tuple[int, int] = (0, 0)  # (mtime_ns, size) of the file when it was read
    stale: StoryMapError | None = None  # on a last good version: why the file as it is now does not load

    @property
    def spec(self) -> Any:
        """The story's map spec, built now if ``prepare`` deferred it."""
        return self.prepared.get() if isinstance(self.prepared, Deferred) else self.prepared

    @property
    def key(self) -> str:
        """The story id; a file that does not load is keyed by its file name (never an id)."""
        return self.story.id if self.story else self.path.name


def story_paths(folder: Path | None = None) -> list[Path]:
    folder = stories_dir() if folder is None else folder
    return sorted(p for p in folder.iterdir()
                  if p.suffix in STORY_SUFFIXES and not p.name.startswith(".") and p.is_file())


def file_version(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_mtime_ns, st.st_size)


def load_entry(path: Path, prepare: Prepare) -> StoryEntry:
    try:
        version = file_version(path)
    except OSError:
        version = (0, 0)
    try:
        story = load_story(path)
        spec = prepare(story, path.name)
    except StoryMapError as exc:
        return StoryEntry(path, None, None, exc, version)
    except OSError as exc:  # unreadable (permissions, a file replaced while read)
        return StoryEntry(path, None, None, StoryError(path.name, None, f"cannot be read: {exc.strerror or exc}"), version)
    return StoryEntry(path, story, spec, None, version)


@dataclass(frozen=True)
class Listing:
    entries: list[StoryEntry]  # in file-name order; good, last good (``stale``) or broken
    problems: list[StoryMapError] = field(default_factory=list)  # about the folder itself

    @property
    def good(self) -> list[StoryEntry]:
        return [e for e in self.entries if e.story is not None]


class Catalog:
    """The stories folder as the app shows it; one per folder and process, thread-safe."""

    def __init__(self, prepare: Prepare, folder: Path, max_files: int = MAX_STORY_FILES):
        self.prepare = prepare
        self.folder = Path(folder)
        self.max_files = max_files
        self._lock = threading.Lock()
        self._current: dict[Path, StoryEntry] = {}  # the entry for each file's version on disk
        self._good: dict[Path, StoryEntry] = {}  # the last version of each file that loaded

    def scan(self) -> Listing:
        """Look at the folder now: read new or changed files, forget removed ones."""
        try:
            paths = story_paths(self.folder)
        except OSError as exc:
            return Listing([], [StoryError(str(self.folder), None, f"stories folder cannot be read: {exc.strerror or exc}")])
        problems: list[StoryMapError] = []
        if len(paths) > self.max_files:
            problems.append(StoryError(str(self.folder), None, f"{len(paths)} story files; only the first "
                                       f"{self.max_files} (by name) are listed"))
            paths = paths[: self.max_files]
        with self._lock:
            for gone in set(self._current) - set(paths):
                self._current.pop(gone, None)
                self._good.pop(gone, None)
            entries = [self._entry(p) for p in paths]
        return Listing(_mark_duplicates(entries), problems)

    def _entry(self, path: Path) -> StoryEntry:
        try:
            version = file_version(path)
        except OSError:
            version = None  # vanished since listed: loading reports it
        cached = self._current.get(path)
        if cached is None or cached.version != version:
            cached = load_entry(path, self.prepare)
            self._current[path] = cached
            if cached.story is not None:
                self._good[path] = cached
        if cached.story is None and path in self._good:
            return replace(self._good[path], stale=cached.error)
        return cached


def _mark_duplicates(entries: list[StoryEntry]) -> list[StoryEntry]:
    """Two files with one story id: the first (by name) keeps it, the other is an error."""
    owner: dict[str, StoryEntry] = {}
    out = []
    for entry in entries:
        if entry.story is not None and entry.story.id in owner:
            first = owner[entry.story.id]
            entry = StoryEntry(entry.path, None, None, StoryError(
                entry.path.name, "id", f"story id {entry.story.id!r} is already used by {first.path.name}"), entry.version)
        elif entry.story is not None:
            owner[entry.story.id] = entry
        out.append(entry)
    return out
