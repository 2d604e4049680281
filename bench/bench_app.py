"""Benchmark of the running app in headless Chromium (loopback only; not part of the tests).

Prints one table, each figure as median [min-max] over repeated runs:
  cold start (server start -> first map drawn), marker click -> passage highlighted,
  passage click -> map selection, server-side script run after each kind of click,
  map component payload, page transfer (HTTP + websocket).

Usage: .venv/bin/python bench/bench_app.py [--starts 3] [--clicks 10]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, LOOPBACK, start_server  # noqa: E402

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def fmt(values: list[float], unit: str) -> str:
    if not values:
        return "n/a"
    med = statistics.median(values)
    return f"{med:,.1f} {unit} [{min(values):,.1f}-{max(values):,.1f}] (n={len(values)})"


def offline(page, counters):
    def route(r):
        if urlparse(r.request.url).hostname in LOOPBACK or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            counters["blocked"] += 1
            r.abort()

    page.route("**/*", route)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=3)
    ap.add_argument("--clicks", type=int, default=10)
    args = ap.parse_args()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    cold, marker_click, passage_click, http_bytes, ws_bytes = [], [], [], [], []
    run_ms_map, run_ms_passage = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for i in range(args.starts):
            t0 = time.perf_counter()
            proc, url = start_server()
            ctx = browser.new_context(viewport={"width": 1500, "height": 950})
            page = ctx.new_page()
            counters = {"blocked": 0, "http": 0, "ws": 0}
            offline(page, counters)
            page.on("requestfinished", lambda r: counters.__setitem__(
                "http", counters["http"] + (r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"])))
            page.on("websocket", lambda ws: ws.on("framereceived", lambda f: counters.__setitem__(
                "ws", counters["ws"] + len(f if isinstance(f, (bytes, str)) else b""))))
            page.goto(url)
            frame = page.frame_locator(MAP_FRAME)
            frame.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=60_000)
            cold.append((time.perf_counter() - t0) * 1000)
            page.wait_for_timeout(1000)
            http_bytes.append(counters["http"] / 1024)
            ws_bytes.append(counters["ws"] / 1024)
            if i == 0:
                log = proc.log_path
                for k in range(args.clicks):
                    target = ["Planned police base", "Dushanbe", "Reported Chinese"][k % 3]
                    passage = {"Planned police base": "p1", "Dushanbe": "p1", "Reported Chinese": "p3"}[target]
                    # start from a passage selection so the click changes the reader
                    page.get_by_role("button", name="Show ¶13 on the map").click()
                    page.locator("#passage-p13.sm-active").wait_for()
                    page.wait_for_timeout(700)
                    before = log.read_text().count("storymap-run ")
                    t = time.perf_counter()
                    frame.locator(f".sm-pin[title^='{target}']").click()
                    page.locator(f"#passage-{passage}.sm-active").wait_for()
                    marker_click.append((time.perf_counter() - t) * 1000)
                    page.wait_for_timeout(300)
                    runs = re.findall(r"storymap-run ms=([\d.]+)", log.read_text())
                    run_ms_map += [float(x) for x in runs[before:]]
                    page.keyboard.press("Escape")
                    before = len(runs)
                    t = time.perf_counter()
                    page.get_by_role("button", name="Show ¶13 on the map").click()
                    frame.locator(".leaflet-container[data-selected='tajik-afghan-border tajikistan afghanistan']").wait_for()
                    passage_click.append((time.perf_counter() - t) * 1000)
                    page.wait_for_timeout(300)
                    runs = re.findall(r"storymap-run ms=([\d.]+)", log.read_text())
                    run_ms_passage += [float(x) for x in runs[before:]]
                    # leave the passage so the next iteration's ¶13 click is a change
                    page.get_by_role("button", name="Clear").click()
                    page.wait_for_timeout(400)
            ctx.close()
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        browser.close()

    from components.assets import app_assets
    from components.folium_map import to_folium
    from components.geodata import load_geodata
    from components.mapspec import build_map_spec
    from components.story import load_story
    from components.streamlit_map import render_for_streamlit

    story = load_story(ROOT / "stories" / "tajik-police-base.yaml")
    rendered = render_for_streamlit(to_folium(build_map_spec(story, load_geodata()), app_assets()))
    print(f"{'figure':<48} value")
    print(f"{'cold start -> first map drawn':<48} {fmt(cold, 'ms')}")
    print(f"{'marker click -> passage highlighted':<48} {fmt(marker_click, 'ms')}")
    print(f"{'passage click -> map shows selection':<48} {fmt(passage_click, 'ms')}")
    print(f"{'server script run after a map click':<48} {fmt(run_ms_map, 'ms')}")
    print(f"{'server script run after a passage click':<48} {fmt(run_ms_passage, 'ms')}")
    print(f"{'map component payload (script+header+html)':<48} {rendered.payload_bytes / 1024:,.1f} KB")
    print(f"{'page transfer, HTTP (first view)':<48} {fmt(http_bytes, 'KB')}")
    print(f"{'page transfer, websocket (first view)':<48} {fmt(ws_bytes, 'KB')}")


if __name__ == "__main__":
    main()
