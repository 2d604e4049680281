"""Faults with a real server and a real offline Chromium: a story file edited while the app runs
(valid, then broken, then fixed) and the server restarted in the middle of a session. Stories are
files the app only reads: they are byte-for-byte and mtime-for-mtime unchanged afterwards."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from .conftest import MAP_FRAME, SEED_STORY, start_server, stop_server


CORPUS = Path(__file__).resolve().parent / "corpus" / "stories"



def _fingerprint(folder: Path) -> dict[str, tuple[int, str]]:
    return {p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(folder.iterdir())}


def _write_later(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def _ready(page, timeout=60_000):
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=timeout)
    return frame


def _title(page) -> str:
    return page.locator(".sm-head h1").inner_text()


@pytest.fixture
def stories(tmp_path):
    folder = tmp_path / "stories"
    folder.mkdir()
    shutil.copy(SEED_STORY, folder)
    shutil.copy(CORPUS / "ok-minimal.yaml", folder / "minimal.yaml")
    return folder


@pytest.mark.browser
def test_story_edited_while_the_app_runs(offline_page, stories, artifacts):
    seed_before = _fingerprint(stories)["tajik-police-base.yaml"]
    good = (stories / "minimal.yaml").read_text()
    proc, url = start_server(env={"STORYMAP_STORIES": str(stories)})
    try:
        page = offline_page.page
        page.goto(url + "/?story=corpus-story")
        _ready(page)
        assert _title(page) == "Corpus story"
        warning = page.locator("[data-testid='stMain'] [data-testid='stAlertContentWarning']")
        # a valid edit shows on the next run (any click)
        _write_later(stories / "minimal.yaml", good.replace("title: Corpus story", "title: Corpus story, revised"))
        page.get_by_role("button", name="Next ▶").click()
        page.locator(".sm-head h1", has_text="Corpus story, revised").wait_for(timeout=15_000)
        page.locator("#passage-p1.sm-active").wait_for(timeout=15_000)
        # a broken edit: the error beside the last good version, which keeps working (same map, not remounted)
        page.frame_locator(MAP_FRAME).locator(".leaflet-container").evaluate("e => { window.__sameMap = map_div; }")
        _write_later(stories / "minimal.yaml", good.replace("    precision: region\n", "    precision: [\n"))
        page.get_by_role("button", name="Next ▶").click()
        warning.first.wait_for(timeout=15_000)
        text = warning.inner_text().replace("\u2060", "")
        assert text.endswith("Showing the last good version of minimal.yaml: the file as it is now does not load — "
                             "minimal.yaml: line 10, column 3: not valid YAML: did not find expected ',' or ']'")
        assert _title(page) == "Corpus story, revised"
        page.locator("#passage-p2.sm-active").wait_for(timeout=15_000)
        frame = page.frame_locator(MAP_FRAME)
        assert frame.locator(".leaflet-container").evaluate("e => window.__sameMap === map_div")
        frame.locator(".leaflet-marker-icon.sm-pin-approx").click()
        frame.locator(".leaflet-container[data-selected='facility']").wait_for(timeout=15_000)
        page.screenshot(path=str(artifacts / "edit-broken-last-good.png"))
        # a new session sees the same: the last good version is kept per process, not per session
        page.goto(url + "/?story=corpus-story")
        _ready(page)
        warning.first.wait_for(timeout=15_000)
        assert _title(page) == "Corpus story, revised"
        # the other story is untouched
        page.goto(url + "/?story=tajik-police-base")
        _ready(page)
        expect(page.locator(".sm-passage")).to_have_count(17)  # waits for the rerun to finish drawing
        # fixed: the error goes, the fixed version shows
        _write_later(stories / "minimal.yaml", good.replace("title: Corpus story", "title: Corpus story, fixed"))
        page.goto(url + "/?story=corpus-story")
        _ready(page)
        page.locator(".sm-head h1", has_text="Corpus story, fixed").wait_for(timeout=15_000)
        assert warning.count() == 0
    finally:
        stop_server(proc)
    assert _fingerprint(stories)["tajik-police-base.yaml"] == seed_before  # never written by the app
    assert "storymap-run" in proc.log_path.read_text() and "Traceback" not in proc.log_path.read_text()


@pytest.mark.browser
def test_server_restarted_mid_session(offline_page, stories, artifacts):
    before = _fingerprint(stories)
    proc, url = start_server(env={"STORYMAP_STORIES": str(stories)})
    port = urlparse(url).port
    page = offline_page.page
    try:
        page.goto(url + "/?story=tajik-police-base")
        frame = _ready(page)
        frame.locator(".sm-pin[title^='Dushanbe']").click()
        page.locator("#passage-p1.sm-active").wait_for(timeout=15_000)
        page.wait_for_function("() => location.search.includes('place=dushanbe')", timeout=15_000)
        stop_server(proc)
        # the page notices the lost connection
        page.get_by_text("Connecting").or_(page.get_by_text("Connection error")).first.wait_for(timeout=30_000)
        page.screenshot(path=str(artifacts / "restart-disconnected.png"))
        proc, url2 = start_server(env={"STORYMAP_STORIES": str(stories)}, port=port)
        assert url2 == url
        # Streamlit reconnects by itself; the new session rebuilds the selection from the URL
        frame = page.frame_locator(MAP_FRAME)
        frame.locator(".leaflet-container[data-selected='dushanbe']").wait_for(timeout=60_000)
        page.locator("#passage-p1.sm-active").wait_for(timeout=15_000)
        # and a reload recovers the same view
        page.reload()
        frame = _ready(page)
        frame.locator(".leaflet-container[data-selected='dushanbe']").wait_for(timeout=30_000)
        assert page.locator("#passage-p1.sm-active").count() == 1
        assert page.locator(".sm-panel h3").inner_text().startswith("Dushanbe (capital of Tajikistan)")
        page.screenshot(path=str(artifacts / "restart-recovered.png"))
    finally:
        stop_server(proc)
    assert _fingerprint(stories) == before  # nothing written, nothing lost
    assert offline_page.dialogs == []
