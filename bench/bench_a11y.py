"""Accessibility and popup figures (not part of the tests): axe-core counts per surface, and how
much of the map a place's popup covers, for this tree and for an earlier commit.

For each tree (this checkout, and ``--before REF`` unpacked from git into a temporary folder):
a real Streamlit server and an HTML export made by that tree's code, opened in offline Chromium
as a desktop (1440x900) and as a phone (390x844, touch). Prints

- the serious + critical axe-core 4.10.3 violations (nodes, and the rule ids) on the app page,
  its map frame, the embed (``?embed=true``) and the HTML export;
- after a click on the police-base marker (the seed story): the popup's area as a share of the
  map's area, whether it overlaps the selected marker, and whether it is wider than the screen.

Usage: .venv/bin/python bench/bench_a11y.py [--before b4a81c0] [--no-before]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
from a11y import axe_violations, map_frame, node_count  # noqa: E402
from common import READY, Server, launch  # noqa: E402
from conftest import LOOPBACK  # noqa: E402

BASE_COMMIT = "b4a81c0"  # the branch's base: before issue 10's popups, phone layout and a11y
VIEWPORTS = {"desktop": dict(viewport={"width": 1440, "height": 900}),
             "phone": dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                           device_scale_factor=2)}
MARKER = ".sm-pin[title^='Planned police base']"
EXPORT_CODE = ("import sys; from components.export.formats import FORMATS, export_bytes; "
               "from components.geo.geodata import load_geodata; from components.story.model import load_story; "
               "open(sys.argv[1], 'wb').write(export_bytes(load_story('stories/tajik-police-base.yaml'), "
               "load_geodata(), FORMATS['html']))")

POPUP_JS = """(marker) => {
  const r = (el) => { const b = el.getBoundingClientRect(); return {x: b.left, y: b.top, w: b.width, h: b.height}; };
  const inter = (a, b) => Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) *
                          Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const map = r(document.querySelector('.leaflet-container'));
  const pop = document.querySelector('.leaflet-popup');
  const pin = document.querySelector(marker);
  if (!pop) { return null; }
  const p = r(pop), m = r(pin);
  return {share: inter(p, map) / (map.w * map.h), overlap: inter(p, m) > 0,
          wider: p.w > window.innerWidth, width: p.w, screen: window.innerWidth};
}"""


def _route(route):
    from urllib.parse import urlparse

    url = route.request.url
    if url.startswith(("data:", "blob:", "about:", "file:")) or urlparse(url).hostname in LOOPBACK:
        route.continue_()
    else:
        route.abort()


def tree(ref: str | None, tmp: Path) -> Path:
    """This checkout (ref None), or the commit ``ref`` unpacked into ``tmp``."""
    if ref is None:
        return ROOT
    out = tmp / ref
    out.mkdir()
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out


def popup_figures(target) -> dict | None:
    target.locator(MARKER).first.click()
    target.locator(".leaflet-popup").wait_for(timeout=10_000)
    target.wait_for_timeout(900)  # the popup's autopan
    return target.evaluate(POPUP_JS, MARKER)


def measure(browser, root: Path, tmp: Path) -> dict:
    html = tmp / f"export-{root.name}.html"
    subprocess.run([sys.executable, "-c", EXPORT_CODE, str(html)], cwd=root, check=True)
    server = Server(root / "app.py", cwd=root)
    out = {}
    try:
        for vname, opts in VIEWPORTS.items():
            ctx = browser.new_context(**opts)
            page = ctx.new_page()
            page.route("**/*", _route)
            page.goto(server.url)
            page.frame_locator("iframe[title='streamlit_folium.st_folium']").locator(READY).wait_for(timeout=90_000)
            page.wait_for_timeout(1500)
            frame = map_frame(page)
            out[(vname, "app page")] = axe_violations(page)
            out[(vname, "map frame")] = axe_violations(frame)
            out[(vname, "popup app")] = popup_figures(frame)
            page.goto(server.url + "/?embed=true")
            page.frame_locator("iframe[title='streamlit_folium.st_folium']").locator(READY).wait_for(timeout=90_000)
            page.wait_for_timeout(1500)
            out[(vname, "embed")] = axe_violations(page) + axe_violations(map_frame(page))
            page.goto(html.as_uri())
            page.locator(READY).wait_for(timeout=30_000)
            out[(vname, "export")] = axe_violations(page)
            out[(vname, "popup export")] = popup_figures(page)
            ctx.close()
    finally:
        server.stop()
    return out


def report(label: str, res: dict) -> None:
    print(f"\n== {label}")
    for vname in VIEWPORTS:
        for surface in ("app page", "map frame", "embed", "export"):
            v = res[(vname, surface)]
            ids = ", ".join(f"{x['id']}:{len(x['nodes'])}" for x in v) or "-"
            print(f"  axe {vname:7s} {surface:10s} serious+critical nodes {node_count(v):3d}   {ids}")
        for surface in ("popup app", "popup export"):
            p = res[(vname, surface)]
            if p is None:
                print(f"  {surface:12s} {vname}: no popup")
                continue
            print(f"  {surface:12s} {vname:7s} covers {p['share']:.1%} of the map; overlaps the selected marker: "
                  f"{'yes' if p['overlap'] else 'no'}; width {p['width']:.0f}/{p['screen']} px"
                  f"{' (wider than the screen)' if p['wider'] else ''}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", default=BASE_COMMIT, help="the commit to compare with")
    ap.add_argument("--no-before", action="store_true")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as d, sync_playwright() as p:
        tmp = Path(d)
        browser = launch(p)
        if not args.no_before:
            report(f"before ({args.before})", measure(browser, tree(args.before, tmp), tmp))
        report("after (this tree)", measure(browser, ROOT, tmp))
        browser.close()


if __name__ == "__main__":
    main()
