"""The warm launcher (components/ui/serve.py, what start.sh runs) in a real server and Chromium.

A server started through it has filled the caches before the first visitor: that visitor's
first script run computes nothing (``fills=0`` in its STORYMAP_TIMING line), where a server
started with plain ``streamlit run app.py`` computes them in that run. Broken boundaries make
the warm-up fail with its reason in the log, and the page shows the usual error. With
``STORYMAP_HEALTH=warm`` the health check answers 503 until the warm-up ends, so nothing is
routed to a warming server.
"""

from __future__ import annotations

import re
import shutil
import time

import pytest

from .conftest import ROOT, open_app, start_server, stop_server


def _wait_for(log_path, text: str, seconds: float = 60.0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        log = log_path.read_text()
        if text in log:
            return log
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not in the server log {log_path}")


def _first_run_fills(log_path) -> int:
    log = _wait_for(log_path, "storymap-run ")
    return int(re.search(r"storymap-run ms=\S+ seq=\S+ fills=(\d+)", log).group(1))


@pytest.mark.parametrize("warm", [True, False], ids=["launcher", "plain-streamlit-run"])
def test_the_launcher_fills_the_caches_before_the_first_visitor(warm, offline_page, artifacts):
    proc, url = start_server(warm=warm)
    try:
        if warm:
            log = _wait_for(proc.log_path, "storymap-warm ")
            assert re.search(r"storymap-warm ms=\d+ stories=3 maps=tajik-police-base", log), log[-2000:]
        page, frame = open_app(offline_page, url)
        assert frame.locator(".sm-pin").count() >= 4  # the seed story's map is drawn
        fills = _first_run_fills(proc.log_path)
        if warm:
            assert fills == 0  # boundaries, catalog, map and selection table were all ready
        else:
            assert fills >= 4  # the same work, done in the first visitor's run
        assert not offline_page.blocked and not offline_page.console_errors
    finally:
        stop_server(proc)


def test_a_warm_up_on_broken_boundaries_logs_why_and_the_page_says_so(offline_page, tmp_path, artifacts):
    for f in (ROOT / "geodata").glob("*.geojson"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "countries.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    proc, url = start_server(warm=True, env={"STORYMAP_GEODATA": str(tmp_path)})
    try:
        log = _wait_for(proc.log_path, "storymap-warm failed: GeodataError")
        assert "countries.geojson" in log.split("storymap-warm failed:")[1].splitlines()[0]
        page = offline_page.page
        page.goto(url)
        page.get_by_text("The boundary data could not be loaded").wait_for(timeout=60_000)
        assert "Traceback" not in proc.log_path.read_text()
    finally:
        stop_server(proc)


def test_health_can_wait_for_the_warm_up(offline_page, artifacts):
    # STORYMAP_HEALTH=warm (for a load balancer): start_server polls the health check, which
    # answers 200 only once the warm-up has logged its end; the first visitor then computes nothing
    proc, url = start_server(warm=True, env={"STORYMAP_HEALTH": "warm"})
    try:
        log = proc.log_path.read_text()
        assert re.search(r"storymap-warm ms=\d+ stories=3", log), log[-2000:]
        page, frame = open_app(offline_page, url)
        assert frame.locator(".sm-pin").count() >= 4
        assert _first_run_fills(proc.log_path) == 0
    finally:
        stop_server(proc)
