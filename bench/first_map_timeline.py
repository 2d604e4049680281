"""Where a first map's time goes: the milestones of a page open, app beside the naive baseline.

For each app (app.py and bench/naive_app.py, each on its own warm server), ``--opens`` new
sessions alternately (so both see the same machine load), each a new browser context with
every non-loopback request aborted. Printed per milestone: the median time from the page's
navigation start, for both apps, and the app's lead (+) or lag (-). The milestones:

- ``streamlit ready``: the host-config fetch done (Streamlit's page and bundle loaded and run);
- ``first delta``: the first websocket message of 10 KB or more (the script run's elements);
- ``component code``: Streamlit's component chunk (ComponentInstance) loaded;
- ``map frame opened``: the component iframe's navigation start;
- ``frame code``: streamlit-folium's bundle (main.*.js) loaded in the frame;
- ``map args``: Leaflet's script loaded in the frame (requested once the args arrived);
- ``map ready``: the runtime's ``story-ready`` mark (components/web/story_runtime.js finish).

Usage: .venv/bin/python bench/first_map_timeline.py [--opens 8] [--app OTHER/app.py]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import MAP_FRAME, READY, ROOT, Server, launch, offline_page, serve_naive_static  # noqa: E402

APPS = {"app": ROOT / "app.py", "naive": ROOT / "bench" / "naive_app.py"}

# the top page: time of the first large websocket message (the script run's elements)
WS_PROBE = """(() => {
  if (window.top !== window || !window.WebSocket) { return; }
  const WS = window.WebSocket;
  window.WebSocket = function (...a) {
    const w = new WS(...a);
    w.addEventListener('message', e => {
      const n = e.data.size || e.data.byteLength || e.data.length || 0;
      if (n >= 10240 && window.__firstDelta === undefined) { window.__firstDelta = performance.now(); }
    });
    return w;
  };
  window.WebSocket.prototype = WS.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();"""

MILESTONES = ("streamlit ready", "first delta", "component code", "map frame opened", "frame code",
              "map args", "map ready")


def milestones(page) -> dict[str, float]:
    top = page.evaluate("""() => ({
      res: performance.getEntriesByType('resource').map(e => [e.name, e.responseEnd]),
      delta: window.__firstDelta, origin: performance.timeOrigin })""")
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    fr = frame.evaluate("""() => ({
      res: performance.getEntriesByType('resource').map(e => [e.name, e.responseEnd]),
      ready: (performance.getEntriesByName('story-ready')[0] || {}).startTime, origin: performance.timeOrigin })""")
    off = fr["origin"] - top["origin"]  # the frame's clock starts at its navigation

    def first(res, part):
        return min((t for name, t in res if part in name.split("?")[0].rsplit("/", 1)[-1]), default=float("nan"))

    return {"streamlit ready": first(top["res"], "host-config"), "first delta": top["delta"],
            "component code": first(top["res"], "ComponentInstance"), "map frame opened": off,
            "frame code": off + first(fr["res"], "main."), "map args": off + first(fr["res"], "leaflet.js"),
            "map ready": off + fr["ready"]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--opens", type=int, default=8)
    ap.add_argument("--app", type=Path, default=APPS["app"],
                    help="the app.py to compare with the naive one (a variant of it: an A/B of a change)")
    args = ap.parse_args()
    APPS["app"] = args.app.resolve()
    serve_naive_static()
    from playwright.sync_api import sync_playwright

    servers = {name: Server(app, cwd=app.parent if name == "app" else ROOT) for name, app in APPS.items()}
    got = {name: {m: [] for m in MILESTONES} for name in APPS}
    try:
        with sync_playwright() as p:
            browser = launch(p)
            for k in range(args.opens + 1):  # the first round warms both servers' caches
                for name, server in servers.items():
                    ctx, page = offline_page(browser)
                    ctx.add_init_script(WS_PROBE)
                    page.goto(server.url)
                    page.frame_locator(MAP_FRAME).locator(READY).wait_for(timeout=60_000)
                    page.wait_for_timeout(300)
                    if k:
                        for m, v in milestones(page).items():
                            got[name][m].append(v)
                    ctx.close()
            browser.close()
    finally:
        for s in servers.values():
            s.stop()
    print(f"First map of the seed story, milestones from page navigation (median of {args.opens} "
          f"alternate opens, warm servers; ms)")
    print(f"{'milestone':22s} {'app':>8s} {'naive':>8s} {'app lead':>9s}")
    for m in MILESTONES:
        a, n = (statistics.median(x for x in got[name][m] if x == x) for name in ("app", "naive"))
        print(f"{m:22s} {a:8.0f} {n:8.0f} {n - a:+9.0f}")
    a, n = (statistics.median(got[name]["map ready"]) for name in ("app", "naive"))
    print(f"\nmap ready: app / naive = {a / n:.2f} (target <= 0.8); after Streamlit's own page is "
          f"ready: {(a - statistics.median(got['app']['streamlit ready'])):.0f} vs "
          f"{(n - statistics.median(got['naive']['streamlit ready'])):.0f} ms")


if __name__ == "__main__":
    main()
