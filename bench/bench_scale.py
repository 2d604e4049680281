"""Scale benchmark: synthetic stories of 10 to 10,000 places and passages (not run by the tests).

For each size (bench/synth.py, fixed seed): load-and-validate time, map build time (map
description + folium render, cold: web geometry recomputed), component payload (and per place),
and in headless Chromium against the real app (STORYMAP_GEODATA / STORYMAP_STORIES):
cold start (server start -> first map drawn), first map in a second tab of the warm server,
a marker click -> its passage highlighted / the rerun shown, the server's script run per click,
and panning smoothness (frames per second and the longest frame while dragging the map).
Each figure: median [min-max] n=runs. Screenshots: bench/output/scale-<n>*.png.

Usage: .venv/bin/python bench/bench_scale.py [--sizes 10 100 1000 10000] [--repeat 3] [--starts 2]
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
    return r


def map_frame(page):
    return next(f for f in reversed(page.frames) if "streamlit_folium" in f.url)


def browser_figures(browser, n: int, folder: Path, starts: int, clicks: int) -> dict:
    env = {"STORYMAP_GEODATA": str(folder / "geodata"), "STORYMAP_STORIES": str(folder / "stories")}
    r = {"cold": [], "warm": [], "hl": [], "ok": [], "run": [], "fps": [], "worst": []}
    for i in range(starts):
        t0 = time.perf_counter()
        server = Server(ROOT / "app.py", env=env)
        ctx, page = offline_page(browser)
        try:
            page.goto(server.url)
            page.frame_locator(MAP_FRAME).locator(READY).wait_for(timeout=120_000)
            r["cold"].append((time.perf_counter() - t0) * 1000)
            if i > 0:
                continue
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT / f"scale-{n}-first-view.png"))
            for _ in range(2):  # a second tab on the warm server
                c2, p2 = offline_page(browser)
                t = time.perf_counter()
                p2.goto(server.url)
                p2.frame_locator(MAP_FRAME).locator(READY).wait_for(timeout=120_000)
                r["warm"].append((time.perf_counter() - t) * 1000)
                c2.close()
            # panning: drag across the map, counting animation frames in the map's page
            frame = map_frame(page)
            frame.evaluate("() => { window.__pan = (" + PAN_JS + ")(); }")
            box = page.locator(MAP_FRAME).bounding_box()
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
                    const s = window.__story, ids = Array.from(s.owned.keys()).filter(id => s.owned.get(id)[0].getLatLng);
                    const id = ids[(k * 7919) % ids.length], m = s.owned.get(id)[0];
                    map_div.setView(m.getLatLng(), 14, {animate: false}); return id; }""", k)
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
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--starts", type=int, default=2)
    ap.add_argument("--clicks", type=int, default=5)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="storymap-synth-") as tmp, sync_playwright() as p:
        browser = launch(p)
        for n in args.sizes:
            story = make_synthetic(n, Path(tmp) / str(n))
            b = build_figures(story, args.repeat)
            c = browser_figures(browser, n, Path(tmp) / str(n), args.starts, args.clicks)
            rows.append((n, b, c))
            print(f"  {n} places done", file=sys.stderr, flush=True)
        browser.close()
    print("\nSynthetic stories (bench/synth.py); median [min-max] n=runs\n")
    cols = [("load+validate", lambda b, c: fmt(b["load"], "ms")),
            ("map build", lambda b, c: fmt(b["build"], "ms")),
            ("payload", lambda b, c: f"{b['payload']:,.0f} KB ({b['payload'] * 1024 / 1:,.0f} B)"),
            ("first map, cold server", lambda b, c: fmt(c["cold"], "ms")),
            ("first map, warm server", lambda b, c: fmt(c["warm"], "ms")),
            ("click -> passage lit", lambda b, c: fmt(c["hl"], "ms")),
            ("click -> rerun shown", lambda b, c: fmt(c["ok"], "ms")),
            ("script run per click", lambda b, c: fmt(c["run"], "ms")),
            ("panning fps (longest frame)", lambda b, c: f"{fmt(c['fps'], 'fps')} ({max(c['worst'] or [0]):,.0f} ms)")]
    for name, get in cols:
        print(f"{name:<28} " + "  ".join(f"{n:>6,}: {get(b, c)}" for n, b, c in rows))
    base = rows[0]
    print("\npayload growth (KB per added place): " + ", ".join(
        f"{n:,}: {(b['payload'] - base[1]['payload']) / max(n - base[0], 1):.2f}" for n, b, c in rows[1:]))


if __name__ == "__main__":
    main()
