"""Data loaded once per process and shared by all sessions (``st.cache_resource``).

A click reloads no file: boundaries, the stories catalog, rendered maps and claim checks are
cached, keyed by folder or by file version, so an edited story reloads and nothing else does.
"""

from __future__ import annotations

import gc
from pathlib import Path

import streamlit as st

from typing import TYPE_CHECKING
from components.authoring.uploads import Opened
from components.claims.check import ClaimCheck, LayerAccuracy, check_claims, load_accuracy
from components.geo.geodata import GeoData, geodata_dir, load_geodata
from components.map.assets import app_assets
from components.map.spec import spec_builder
from components.map.leaflet import js_json, places_list_extra, to_folium
from components.story.catalog import Catalog, Listing, StoryEntry, stories_dir
from components.story.selection import compact_table
from components.ui.map_frame import RenderedMap, render_for_streamlit

if TYPE_CHECKING:
    from components.authoring.gazetteer import Gazetteer


_HEAP = {"grew": False, "fills": 0}  # a cache below was filled since the last settle_heap(); fills so far


def _filled() -> None:
    _HEAP["grew"] = True
    _HEAP["fills"] += 1


def cache_fills() -> int:
    """How many values the caches below have computed in this process (STORYMAP_TIMING logs a
    run's share: 0 when a session found everything warm, components/ui/serve.py)."""
    return _HEAP["fills"]


def settle_heap() -> None:
    """After a full run that filled a cache: move every object alive now out of the garbage
    collector's reach (``gc.freeze``). The caches hold millions of objects (boundaries, maps,
    stories) that live as long as the process; without this each full collection walks them all,
    about 90 ms, and a click's allocations set one off every few clicks: bench/load.py measured
    100 ms of collector time per click, more than the click itself. What the caches drop later
    stays frozen (a bounded leak: a cache's size is capped)."""
    if _HEAP["grew"]:
        _HEAP["grew"] = False
        gc.freeze()


def geodata() -> GeoData:
    return boundaries(str(geodata_dir()))


@st.cache_resource(show_spinner="Loading boundaries…")
def boundaries(folder: str) -> GeoData:
    """Keyed by folder (``$STORYMAP_GEODATA``); an error is not cached: the next run retries."""
    _filled()
    return load_geodata(Path(folder))


@st.cache_resource(show_spinner=False)
def story_catalog(folder: str, boundaries_folder: str) -> Catalog:
    """One per folder, shared by all sessions: each file is read once per version (mtime, size),
    so an edited story reloads; a broken edit keeps the last good version listed. Each story is
    checked at once, its map description built when it is first opened (``defer=True``)."""
    _filled()
    return Catalog(spec_builder(boundaries(boundaries_folder), defer=True), Path(folder))


@st.cache_resource(show_spinner=False, max_entries=64)
def rendered_map(path: str, version: tuple[int, int], _entry: StoryEntry) -> RenderedMap:
    """Keyed by file and version; ``_entry`` (not hashed) is the loaded story of that version."""
    _filled()
    return render_for_streamlit(to_folium(_entry.spec, app_assets()))


def gazetteer() -> Gazetteer:
    """Loaded on first use (an import), not by a page view: the first map does not wait for it."""
    return _gazetteer(str(geodata_dir()))


@st.cache_resource(show_spinner="Loading the gazetteer…")
def _gazetteer(folder: str) -> Gazetteer:
    _filled()
    from components.authoring.gazetteer import load_gazetteer

    return load_gazetteer(boundaries(folder))


def accuracy() -> dict[str, LayerAccuracy]:
    return _accuracy(str(geodata_dir()))


@st.cache_resource(show_spinner=False)
def _accuracy(folder: str) -> dict[str, LayerAccuracy]:
    """Keyed by folder, as the gazetteer: the folder's own accuracy.yaml and layer titles."""
    _filled()
    return load_accuracy(boundaries(folder))


@st.cache_resource(show_spinner=False, max_entries=64)
def claim_checks(key: str, _story, _spec) -> list[ClaimCheck]:
    """Keyed by file and mtime (or by the text of a story held in the session)."""
    _filled()
    return check_claims(_story, _spec.geometry, accuracy())


@st.cache_resource(show_spinner=False, max_entries=16)
def opened_map(digest: str, _opened: Opened) -> RenderedMap:
    """The map of a story held only in the session (an upload or a draft), keyed by its text."""
    _filled()
    return render_for_streamlit(to_folium(_opened.spec, app_assets()))


@st.cache_resource(show_spinner=False, max_entries=64)
def selection_table_json(key: str, _story) -> str:
    """The page runtime's ``{"table": ...}`` message (``compact_table``: index arrays), keyed like
    ``claim_checks``: built and serialised once per story version, not on every click."""
    _filled()
    return js_json({"table": compact_table(_story)})


@st.cache_resource(show_spinner=False, max_entries=64)
def places_list_json(key: str, _story) -> str:
    """The page runtime's ``{"placesList": ...}`` message (``places_list_extra``: what the map's
    place table lacks for the map as text), keyed like ``selection_table_json``."""
    _filled()
    return js_json({"placesList": {"story": _story.id, "places": len(_story.places), **places_list_extra(_story)}})


def version_key(entry: StoryEntry) -> str:
    """The key of a story file's version in the caches keyed by text (claims, the page runtime's
    messages): app.py and the warm-up (components/ui/serve.py) fill the same entries."""
    return f"{entry.path}:{entry.version}"


def catalog() -> Listing:
    return story_catalog(str(stories_dir()), str(geodata_dir())).scan()
