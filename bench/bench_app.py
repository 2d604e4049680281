"""Benchmark of the seed story in headless Chromium, beside a naive baseline (not run by the tests).

Prints ONE table; each figure is median [min-max] n=runs, measured for the app (app.py) and for
the naive baseline (bench/naive_app.py: no caching, shipped geometry unsimplified, folium map
rebuilt and passed to st_folium on every rerun), both in the same run; "ratio" is
baseline / app (above 1: the app is faster or lighter).

Figures: cold start (server start -> first map drawn); warm first map (page open -> first map
drawn, a new session on a server that has served one); the first script run (cold server, and a
new session on a warm one). The app starts as start.sh starts it, through its warm launcher
(components/ui/serve.py). The bench's cold start opens the page as soon as the server answers its
health check, so the warm-up may still be running (the first run then waits for it or does its
part); the cold start and first run are also given with the warm-up off (STORYMAP_WARM=0, as
plain ``streamlit run app.py``) and for a first visitor who arrives after the warm-up; script run after a map click / a passage
click (the server's own timing, summed over the runs one click causes); marker click -> passage
highlighted in the reader, and -> the app's rerun confirmed (the place panel under the map);
passage click -> the map shows the selection, and -> confirmed; websocket bytes one click brings;
map payload (script + header + html given to the component); page transfer (HTTP, websocket) of
the first view; export time and size for each export the CLI offers; server memory (RSS) after
the first session and after 10 open sessions.

Usage: .venv/bin/python bench/bench_app.py [--starts 3] [--clicks 10] [--sessions 10]
Loopback only; every other request is aborted. Screenshots in bench/output/.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (MAP_FRAME, OUT, READY, ROOT, Server, arm, fmt, latency, launch, med, offline_page,  # noqa: E402
                    pct, ratio, serve_naive_static)

SEED = ROOT / "stories" / "tajik-police-base.yaml"
APPS = {"app": ROOT / "app.py", "naive": ROOT / "bench" / "naive_app.py"}
# marker (title prefix) -> (place id, a passage the click lights)
TARGETS = [("Planned police base", "police-base", "p1"), ("Dushanbe", "dushanbe", "p1"),
           ("Reported Chinese", "chinese-facility", "p3")]
PASSAGE, PASSAGE_PLACES = "p13", "tajik-afghan-border tajikistan afghanistan"
EXPORT_FORMATS = ("html", "png", "svg", "geojson")


def _runs_since(server: Server, before: int, settle_ms: int, page) -> tuple[float, int]:
    page.wait_for_timeout(settle_ms)
    runs = server.runs()
    return sum(runs[before:]), len(runs) - before


def click_loop(page, server: Server, counters: dict, clicks: int, r: dict, shots: bool) -> None:
    frame = page.frame_locator(MAP_FRAME).last  # the naive app remounts: old and new frame overlap
    show = page.get_by_role("button", name=f"Show ¶{PASSAGE[1:]} on the map")
    status = page.locator(".sm-status", has_text=f"¶{PASSAGE[1:]}")
    for k in range(clicks):
        try:
            one_click(page, server, counters, frame, show, status, k, r, shots)
        except Exception as exc:  # noqa: BLE001 - a lost click (e.g. during the naive remount) is counted
            r["failed"].append(1)
            print(f"    click {k}: {str(exc).splitlines()[0][:90]}", file=sys.stderr, flush=True)
            page.keyboard.press("Escape")
            page.wait_for_timeout(1500)


def one_click(page, server, counters, frame, show, status, k: int, r: dict, shots: bool) -> None:
    title, pid, passage = TARGETS[k % len(TARGETS)]
    # start from a passage selection, so that the marker click changes the reader
    show.click()
    status.wait_for(timeout=30_000)
    page.wait_for_timeout(700)
    before, ws0 = len(server.runs()), counters["ws"]
    arm(page, True, {"hl": (f"#passage-{passage}.sm-active", False),
                     "ok": (f".sm-panel[data-place='{pid}']", False)})
    frame.locator(f".sm-pin[title^='{title}']").click()
    r["marker_highlight"].append(latency(page, "hl"))
    r["marker_confirmed"].append(latency(page, "ok"))
    ms, n = _runs_since(server, before, 400, page)
    r["run_map"].append(ms)
    r["runs_per_click"].append(n)
    r["ws_per_click"].append((counters["ws"] - ws0) / 1024)
    if shots and k == 0:
        page.screenshot(path=str(OUT / "seed-after-marker-click.png"))
    page.keyboard.press("Escape")
    before = len(server.runs())
    arm(page, False, {"map": (f".leaflet-container[data-selected='{PASSAGE_PLACES}']", True),
                      "ok": (".sm-status", False, f"¶{PASSAGE[1:]}")})
    show.click()
    r["passage_map"].append(latency(page, "map"))
    r["passage_confirmed"].append(latency(page, "ok"))
    ms, n = _runs_since(server, before, 400, page)
    r["run_passage"].append(ms)
    if shots and k == 0:
        page.wait_for_timeout(600)
        page.screenshot(path=str(OUT / "seed-after-passage-click.png"))
    page.locator(".st-key-clear button").click()
    page.wait_for_timeout(500)


def measure(browser, name: str, app: Path, starts: int, clicks: int, sessions: int) -> dict:
    cwd = app.parent if name == "app" else ROOT
    r = {k: [] for k in ("cold", "warm", "run_first_cold", "cold_nowarm", "run_first_nowarm", "cold_afterwarm",
                         "run_first_afterwarm", "run_first_warm", "http", "ws", "marker_highlight", "marker_confirmed", "passage_map",
                         "passage_confirmed", "run_map", "run_passage", "runs_per_click", "ws_per_click",
                         "rss1", "rss10", "failed")}
    for i in range(starts):
        t0 = time.perf_counter()
        server = Server(app, cwd=cwd)
        counters: dict = {}
        ctx, page = offline_page(browser, counters)
        try:
            page.goto(server.url)
            page.frame_locator(MAP_FRAME).locator(READY).wait_for(timeout=60_000)
            r["cold"].append((time.perf_counter() - t0) * 1000)
            page.wait_for_timeout(1500)
            r["run_first_cold"].append(server.runs()[0])
            r["http"].append(counters["http"] / 1024)
            r["ws"].append(counters["ws"] / 1024)
            if i == 0:
                page.screenshot(path=str(OUT / f"seed-first-view-{name}.png"))
                click_loop(page, server, counters, clicks, r, shots=name == "app")
                r["rss1"].append(server.rss_mb())
                others = []
                for _ in range(sessions - 1):
                    c2, p2 = offline_page(browser)
                    others.append(c2)
                    p2.goto(server.url)
                    f2 = p2.frame_locator(MAP_FRAME)
                    f2.locator(READY).wait_for(timeout=60_000)
                    f2.locator(".sm-pin[title^='Planned police base']").click()
                    p2.locator(".sm-panel[data-place='police-base']").wait_for(timeout=30_000)
                r["rss10"].append(server.rss_mb())
                for c2 in others:
                    c2.close()
            warm_first_map(browser, server, r)
        finally:
            ctx.close()
            server.stop()
        print(f"  {name}: start {i + 1}/{starts} done", file=sys.stderr, flush=True)
    if name == "app":
        for _ in range(starts):
            cold_variant(browser, app, cwd, r, "nowarm", env={"STORYMAP_WARM": "0"})
            cold_variant(browser, app, cwd, r, "afterwarm", after_warmup=True)
    return r


def cold_variant(browser, app: Path, cwd: Path, r: dict, tag: str, env: dict | None = None,
                 after_warmup: bool = False) -> None:
    """A cold start of the app, other than the bench's (which opens the page as soon as the
    server answers its health check, often before the launcher's warm-up has ended):
    ``STORYMAP_WARM=0`` (as plain ``streamlit run app.py``: the first visitor's run fills the
    caches), or the first visitor arriving once the warm-up has logged that it is done."""
    t0 = time.perf_counter()
    server = Server(app, cwd=cwd, env=env)
    ctx, page = offline_page(browser)
    try:
        if after_warmup:
            deadline = time.monotonic() + 60
            while "storymap-warm " not in server.log_path.read_text() and time.monotonic() < deadline:
                page.wait_for_timeout(100)
            t0 = time.perf_counter()  # from the visitor's page open
        page.goto(server.url)
        page.frame_locator(MAP_FRAME).locator(READY).wait_for(timeout=60_000)
        r[f"cold_{tag}"].append((time.perf_counter() - t0) * 1000)
        page.wait_for_timeout(1000)
        r[f"run_first_{tag}"].append(server.runs()[0])
    finally:
        ctx.close()
        server.stop()


def warm_first_map(browser, server: Server, r: dict, opens: int = 3) -> None:
    """Page open -> first map drawn on a server that has served a session already (caches warm):
    each open is a new browser context, so a new Streamlit session."""
    for _ in range(opens):
        ctx, page = offline_page(browser)
        try:
            before = len(server.runs())
            t0 = time.perf_counter()
            page.goto(server.url)
            page.frame_locator(MAP_FRAME).locator(READY).wait_for(timeout=60_000)
            r["warm"].append((time.perf_counter() - t0) * 1000)
            page.wait_for_timeout(800)
            runs = server.runs()
            if len(runs) > before:
                r["run_first_warm"].append(runs[before])
        finally:
            ctx.close()


_PAYLOAD = """
import sys; sys.path.insert(0, ".")
from components.map.assets import app_assets
from components.map.leaflet import to_folium
from components.geo.geodata import load_geodata
from components.map.spec import build_map_spec
from components.story.model import load_story
from components.ui.map_frame import render_for_streamlit
kw = {"web_simplify": False} if sys.argv[1] == "naive" else {}
spec = build_map_spec(load_story("stories/tajik-police-base.yaml"), load_geodata(), **kw)
print(render_for_streamlit(to_folium(spec, app_assets())).payload_bytes)
"""


def payload_kb(root: Path, which: str) -> float:
    """The component payload, computed by the checkout that serves it (its own components/)."""
    p = subprocess.run([sys.executable, "-c", _PAYLOAD, which], cwd=root, capture_output=True, text=True, check=True)
    return int(p.stdout.split()[-1]) / 1024


def exports(repeat: int) -> list[tuple[str, list[float], float | None, str]]:
    """Each format of ``python -m components export`` (issue 3), timed as CLI wall time."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt_ in EXPORT_FORMATS:
            times, size, note = [], None, ""
            for _ in range(repeat):
                dest = Path(tmp) / f"seed.{fmt_}"
                t = time.perf_counter()
                p = subprocess.run([sys.executable, "-m", "components", "export", str(SEED), "--format", fmt_,
                                    "--out", str(dest)], cwd=ROOT, capture_output=True, text=True)
                if p.returncode != 0 or not dest.exists():
                    note = "not available" if "invalid choice" in p.stderr or "export" in p.stderr else p.stderr.strip()[:60]
                    times = []
                    break
                times.append((time.perf_counter() - t) * 1000)
                size = dest.stat().st_size / 1024
            out.append((fmt_, times, size, note))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=3)
    ap.add_argument("--clicks", type=int, default=10)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--export-runs", type=int, default=3)
    ap.add_argument("--app-root", type=Path, default=ROOT,
                    help="measure the app of another checkout (e.g. an export of main: the 'before' table)")
    args = ap.parse_args()
    APPS["app"] = args.app_root.resolve() / "app.py"
    OUT.mkdir(parents=True, exist_ok=True)
    serve_naive_static()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        res = {}
        for name in ("app", "naive"):  # one after the other, in the same run
            res[name] = measure(browser, name, APPS[name], args.starts, args.clicks, args.sessions)
        browser.close()
    ours_kb, naive_kb = payload_kb(args.app_root, "app"), payload_kb(ROOT, "naive")
    a, n = res["app"], res["naive"]
    rows = [
        ("cold start -> first map drawn", "cold", "ms"),
        ("warm server: page open -> first map drawn", "warm", "ms"),
        ("first script run, cold server", "run_first_cold", "ms"),
        ("  warm-up off: cold start -> first map", "cold_nowarm", "ms"),
        ("  warm-up off: first script run", "run_first_nowarm", "ms"),
        ("  visitor after the warm-up: page -> map", "cold_afterwarm", "ms"),
        ("  visitor after the warm-up: first run", "run_first_afterwarm", "ms"),
        ("first script run of a session, warm server", "run_first_warm", "ms"),
        ("script run after a map click (per click)", "run_map", "ms"),
        ("script run after a passage click (per click)", "run_passage", "ms"),
        ("marker click -> passage highlighted", "marker_highlight", "ms"),
        ("marker click -> app's rerun shown (panel)", "marker_confirmed", "ms"),
        ("passage click -> map shows selection", "passage_map", "ms"),
        ("passage click -> app's rerun shown (status)", "passage_confirmed", "ms"),
        ("script runs per map click", "runs_per_click", ""),
        ("websocket bytes per map click", "ws_per_click", "KB"),
        ("page transfer, HTTP (first view)", "http", "KB"),
        ("page transfer, websocket (first view)", "ws", "KB"),
        ("server RSS after the first session", "rss1", "MB"),
        (f"server RSS after {args.sessions} sessions", "rss10", "MB"),
    ]
    w = 46
    print(f"\nSeed story ({SEED.name}); app: {APPS['app']}; median [min-max] n=runs; ratio = naive / app;")
    print(f"app/naive = app's median / naive's (the issue's targets: first map <= 0.8); load average "
          f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print("Latencies: from the DOM click event to the DOM change, timed inside Chromium.\n")
    print(f"{'figure':<{w}} {'app':<34} {'naive baseline':<34} ratio  app/naive  app p95")
    for label, key, unit in rows:
        d = 1 if unit in ("MB", "") else 0
        inv = ratio(a[key], n[key]) if a[key] and n[key] and med(n[key]) else "n/a"
        p95 = f"{pct(a[key], 0.95):,.0f} {unit}" if unit == "ms" and len(a[key]) > 2 else ""
        print(f"{label:<{w}} {fmt(a[key], unit, d):<34} {fmt(n[key], unit, d):<34} {ratio(n[key], a[key]):<6} "
              f"{inv.replace('x', ''):<10} {p95}")
    print(f"{'map component payload (script+header+html)':<{w}} {fmt([ours_kb], 'KB', 1):<34} "
          f"{fmt([naive_kb], 'KB', 1):<34} {naive_kb / ours_kb:.1f}x")
    print(f"{'clicks lost (not in the figures)':<{w}} {len(a['failed']):<34} {len(n['failed']):<34} -")
    for fmt_, times, size, note in exports(args.export_runs):
        label = f"export {fmt_} (CLI wall time, size)"
        value = f"{fmt(times, 'ms')} {size:,.0f} KB" if times else note or "not available"
        print(f"{label:<{w}} {value:<34} {'-':<34} -")


if __name__ == "__main__":
    main()
