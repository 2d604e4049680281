"""Scale benchmark: synthetic stories of 1,000 to 100,000 places and passages (not run by the tests).

For each size (bench/synth.py, fixed seed): load-and-validate time, map build time (map
description + folium render, cold: web geometry recomputed), component payload (and per place),
and in headless Chromium against the real app (STORYMAP_GEODATA / STORYMAP_STORIES):
cold start (server start -> first map drawn), first map in a second tab of the warm server
(a new session) with the websocket bytes that session received and the sum of its script runs,
a marker click -> its passage highlighted / the rerun shown, the server's script run per click,
and panning smoothness (frames per second and the longest frame while dragging the map).
The HTML export of the same story, opened from disk (no server): first map (navigation ->
``data-story-ready``), markers drawn (pins and cluster icons in the DOM), JS heap after the
first map and after panning (Chromium's Performance.getMetrics), and panning smoothness.
Panning: 3 scripted mouse drags of 25 steps 16 ms apart, frames counted with
requestAnimationFrame in the map's page (fps and the longest frame).
Each figure: median [min-max] n=runs. Screenshots: bench/output/scale-<n>*.png.
The load average (/proc/loadavg) is printed before and after: timings on a shared machine are
noisy, compare sizes side by side in one run.

Usage: .venv/bin/python bench/bench_scale.py [--sizes 1000 10000 100000] [--app-sizes 1000 10000]
       [--repeat 3] [--starts 2] [--clicks 5] [--exports 2 (0: no export figures)]
       [--app-root DIR (serve DIR/app.py: a checkout of another commit, for before figures)]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import MAP_FRAME, OUT, READY, ROOT, Server, arm, fmt, latency, launch, offline_page  # noqa: E402
from synth import make_synthetic  # noqa: E402

PAN_JS = """() => new Promise((resolve) => {
  let frames = 0, last = performance.now(), worst = 0, t0 = last, stop = false;
  function tick(t) { frames++; worst = Math.max(worst, t - last); last = t; if (!stop) requestAnimationFrame(tick); }
  requestAnimationFrame(tick);
  window.__panDone = () => { stop = true; resolve([frames / ((performance.now() - t0) / 1000), worst]); };
})"""


def pan(page, box, frame) -> tuple[float, float]:
    """Drag across the map three times; (fps, longest frame ms) counted in ``frame``'s page."""
    frame.evaluate("() => { window.__pan = (" + PAN_JS + ")(); }")
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5
    for sweep in range(3):
        page.mouse.move(x, y)
        page.mouse.down()
        for s in range(25):
            page.mouse.move(x + (s * 8 if sweep % 2 == 0 else -s * 8), y + s * 3)
            page.wait_for_timeout(16)
        page.mouse.up()
    frame.evaluate("() => window.__panDone()")
    fps, worst = frame.evaluate("() => window.__pan")
    return fps, worst


def heap_mb(page) -> float:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics.get("JSHeapUsedSize", float("nan")) / 2**20


DRAWN_JS = """() => ({pins: document.querySelectorAll('.leaflet-marker-icon.sm-pin').length,
  clusters: document.querySelectorAll('.marker-cluster').length,
  paths: document.querySelectorAll('.leaflet-overlay-pane path').length})"""


def export_figures(browser, n: int, story_path: Path, runs: int) -> dict:
    """The story's HTML export opened from disk: first map, drawn markers, heap, panning."""
    from components.export.formats import FORMATS, export_bytes
    from components.geo.geodata import load_geodata
    from components.story.model import load_story

    story = load_story(story_path)
    t = time.perf_counter()
    data = export_bytes(story, load_geodata(story_path.parent.parent / "geodata"), FORMATS["html"])
    r = {"write": [(time.perf_counter() - t) * 1000], "size": len(data) / 1024, "first": [], "heap": [],
         "heap_pan": [], "fps": [], "worst": [], "drawn": None}
    html = story_path.parent.parent / f"synthetic-{n}.html"
    html.write_bytes(data)
    for i in range(runs):
        ctx, page = offline_page(browser)
        errors = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        try:
            t = time.perf_counter()
            page.goto(html.as_uri(), timeout=300_000)
            page.locator(READY).wait_for(timeout=300_000)
            r["first"].append((time.perf_counter() - t) * 1000)
            page.wait_for_timeout(1500)
            r["heap"].append(heap_mb(page))
            r["drawn"] = page.evaluate(DRAWN_JS)
            if i == 0:  # a page of thousands of separate pins may take long to paint
                page.screenshot(path=str(OUT / f"scale-{n}-export.png"), timeout=180_000)
            fps, worst = pan(page, page.locator(".leaflet-container").bounding_box(), page.main_frame)
            r["fps"].append(fps)
            r["worst"].append(worst)
            page.wait_for_timeout(500)
            r["heap_pan"].append(heap_mb(page))
            if errors:
                raise RuntimeError(f"the {n}-place export raised: {errors[:3]}")
        finally:
            ctx.close()
    return r


def build_figures(story_path: Path, repeat: int) -> dict:
    from components.map.assets import app_assets
    from components.map.leaflet import to_folium
    from components.geo.geodata import load_geodata
    from components.map.spec import build_map_spec
    from components.story.model import load_story
    from components.ui.map_frame import render_for_streamlit

    geo = load_geodata(story_path.parent.parent / "geodata")
    r = {"load": [], "build": [], "payload": None, "markers": 0}
    for _ in range(repeat):
        t = time.perf_counter()
        story = load_story(story_path)
        r["load"].append((time.perf_counter() - t) * 1000)
        geo.cache.clear()
        t = time.perf_counter()
        spec = build_map_spec(story, geo, story_path.name)
        rendered = render_for_streamlit(to_folium(spec, app_assets()))
        r["build"].append((time.perf_counter() - t) * 1000)
        r["payload"] = rendered.payload_bytes / 1024
        r["markers"] = len(spec.markers)
        r["places"] = len(story.places)
    return r


def map_frame(page):
    return next(f for f in reversed(page.frames) if "streamlit_folium" in f.url)


APP_KEYS = ("cold", "warm", "warm_ws", "warm_run", "hl", "ok", "run", "fps", "worst")


def browser_figures(browser, n: int, folder: Path, starts: int, clicks: int, app_root: Path = ROOT) -> dict:
    env = {"STORYMAP_GEODATA": str(folder / "geodata"), "STORYMAP_STORIES": str(folder / "stories")}
    r = {k: [] for k in APP_KEYS}
    for i in range(starts):
        t0 = time.perf_counter()
        server = Server(app_root / "app.py", env=env, cwd=app_root)
        ctx, page = offline_page(browser)
        try:
            page.goto(server.url)
            page.frame_locator(MAP_FRAME).locator(READY).wait_for(timeout=300_000)
            r["cold"].append((time.perf_counter() - t0) * 1000)
            if i > 0:
                continue
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT / f"scale-{n}-first-view.png"))
            for _ in range(2):  # a second tab on the warm server: a new session
                counters = {}
                c2, p2 = offline_page(browser, counters)
                before = len(server.runs())
                t = time.perf_counter()
                p2.goto(server.url)
                p2.frame_locator(MAP_FRAME).locator(READY).wait_for(timeout=300_000)
                r["warm"].append((time.perf_counter() - t) * 1000)
                p2.wait_for_timeout(3000)  # the session's runs end and its websocket settles
                r["warm_ws"].append(counters["ws"] / 1024)
                r["warm_run"].append(sum(server.runs()[before:]))
                c2.close()
            # panning: drag across the map, counting animation frames in the map's page
            frame = map_frame(page)
            fps, worst = pan(page, page.locator(MAP_FRAME).bounding_box(), frame)
            r["fps"].append(fps)
            r["worst"].append(worst)
            page.screenshot(path=str(OUT / f"scale-{n}-after-pan.png"))
            # clicks: zoom to a marker so that it stands alone, click it
            for k in range(clicks):
                clear = page.locator(".st-key-clear button")
                if clear.is_enabled():  # start from no selection: the click's passage is not lit yet
                    clear.click()
                    page.wait_for_timeout(600)
                place = frame.evaluate("""(k) => {
                    const s = window.__story;  // markers by place rows (made by layersOf); an older checkout (--app-root): owned
                    const ids = s.rowsOf && s.rowsOf.size ? Array.from(s.rowsOf.keys())
                      : Array.from(s.owned.keys()).filter(id => s.owned.get(id)[0].getLatLng);
                    const id = ids[(k * 7919) % ids.length], m = s.layersOf(id)[0];
                    s.map.setView(m.getLatLng(), 13, {animate: false}); return id; }""", k)
                page.wait_for_timeout(900)
                passage = f"t{int(place[1:]) + 1}"
                before = len(server.runs())
                arm(page, True, {"hl": (f"#passage-{passage}.sm-active", False),
                                 "ok": (f".sm-panel[data-place='{place}']", False)})
                page.frame_locator(MAP_FRAME).locator(f".sm-pin[title='Site {place[1:]}']").first.click()
                r["hl"].append(latency(page, "hl", 60_000))
                r["ok"].append(latency(page, "ok", 60_000))
                page.wait_for_timeout(500)
                r["run"].append(sum(server.runs()[before:]))
                if k == 0:
                    page.screenshot(path=str(OUT / f"scale-{n}-after-click.png"))
                page.keyboard.press("Escape")
        finally:
            ctx.close()
            server.stop()
    return r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--app-sizes", type=int, nargs="*", default=[1000, 10000],
                    help="sizes also measured in the running app (the others: build and export only)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--starts", type=int, default=2)
    ap.add_argument("--clicks", type=int, default=5)
    ap.add_argument("--exports", type=int, default=2, help="openings of each HTML export")
    ap.add_argument("--app-root", type=Path, default=ROOT,
                    help="the checkout whose app.py is served (another one gives the before figures)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    load_before = Path("/proc/loadavg").read_text().strip()
    rows = []
    with tempfile.TemporaryDirectory(prefix="storymap-synth-") as tmp, sync_playwright() as p:
        browser = launch(p)
        for n in args.sizes:
            story = make_synthetic(n, Path(tmp) / str(n))  # JSON form: 100,000 places are ~20 MB, under the 32 MB limit
            b = build_figures(story, args.repeat if n in args.app_sizes else 1)
            x = (export_figures(browser, n, story, args.exports) if args.exports else
                 {"write": [], "size": 0, "first": [], "heap": [], "heap_pan": [], "fps": [], "worst": [],
                  "drawn": {"pins": 0, "clusters": 0, "paths": 0}})
            c = (browser_figures(browser, n, Path(tmp) / str(n), args.starts, args.clicks, args.app_root.resolve())
                 if n in args.app_sizes else {k: [] for k in APP_KEYS})
            rows.append((n, b, c, x))
            print(f"  {n} places done", file=sys.stderr, flush=True)
        browser.close()
    print(f"\nSynthetic stories (bench/synth.py); app: {args.app_root.resolve() / 'app.py'}; median [min-max] n=runs")
    print(f"load average before: {load_before}; after: {Path('/proc/loadavg').read_text().strip()}\n")
    cols = [("load+validate", lambda b, c, x: fmt(b["load"], "ms")),
            ("map build", lambda b, c, x: fmt(b["build"], "ms")),
            ("markers", lambda b, c, x: f"{b['markers']:,}"),
            ("app payload", lambda b, c, x: f"{b['payload']:,.0f} KB"),
            ("app payload per place", lambda b, c, x: f"{b['payload'] / n_of(b):.3f} KB"),
            ("first map, cold server", lambda b, c, x: fmt(c["cold"], "ms")),
            ("first map, warm server", lambda b, c, x: fmt(c["warm"], "ms")),
            ("warm: websocket per session", lambda b, c, x: fmt(c["warm_ws"], "KB")),
            ("warm: script runs per session", lambda b, c, x: fmt(c["warm_run"], "ms")),
            ("click -> passage lit", lambda b, c, x: fmt(c["hl"], "ms")),
            ("click -> rerun shown", lambda b, c, x: fmt(c["ok"], "ms")),
            ("script run per click", lambda b, c, x: fmt(c["run"], "ms")),
            ("app panning fps (longest)", lambda b, c, x: f"{fmt(c['fps'], 'fps')} ({max(c['worst'] or [0]):,.0f} ms)"),
            ("export: write", lambda b, c, x: fmt(x["write"], "ms")),
            ("export: file size", lambda b, c, x: f"{x['size']:,.0f} KB"),
            ("export: first map", lambda b, c, x: fmt(x["first"], "ms")),
            ("export: drawn", lambda b, c, x: "{pins} pins, {clusters} clusters, {paths} paths".format(**x["drawn"])),
            ("export: JS heap", lambda b, c, x: fmt(x["heap"], "MB", 1)),
            ("export: JS heap after pan", lambda b, c, x: fmt(x["heap_pan"], "MB", 1)),
            ("export panning fps (longest)", lambda b, c, x: f"{fmt(x['fps'], 'fps')} ({max(x['worst'] or [0]):,.0f} ms)")]
    for name, get in cols:
        print(f"{name:<29} " + "  ".join(f"{n:>7,}: {get(b, c, x)}" for n, b, c, x in rows))
    base = rows[0]
    print("\npayload growth (KB per added place): " + ", ".join(
        f"{n:,}: {(b['payload'] - base[1]['payload']) / max(n - base[0], 1):.3f}" for n, b, c, x in rows[1:]))


def n_of(b: dict) -> int:
    return b["places"]


if __name__ == "__main__":
    main()
