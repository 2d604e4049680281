"""Figures for issue 13 (the static site): sizes, first map from nginx vs the app, publish times.

Prints:
  - the seed story's page without the shared assets (target <= 150 KB), raw and gzipped; the
    shared assets once; the total for the three stories (pages, embeds, previews, downloads);
  - the first map of a published story page served by nginx, in Chromium with a cold cache (a
    new browser context per load; target <= 1.0 s), side by side with the Streamlit app's first
    map (a new session on a running app), and their ratio: from navigation to the map's
    data-story-ready mark (not the load event, which also waits for the relief images);
  - publish time for the 3 stories, for 100 synthetic stories (bench/synth.py's places, sliced
    into 100 stories of 10 places) and for a re-publish of those 100 with one story changed.
Every server is on loopback at a free port; every non-loopback request is aborted.

Usage: python bench/bench_publish.py [--loads N] [--synthetic N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import MAP_FRAME, READY, ROOT, Server, fmt, launch, offline_page, ratio  # noqa: E402

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from publish_server import Nginx  # noqa: E402

from components.geo.geodata import load_geodata  # noqa: E402
from components.publish.site import publish_site  # noqa: E402

SEED = "tajik-police-base"


def kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB"


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def sizes(site: Path) -> None:
    page = (site / "stories" / SEED / "index.html").read_bytes()
    embed = (site / "stories" / SEED / "embed.html").read_bytes()
    assets = site / "assets"
    print(f"seed story page without shared assets: {kb(len(page))} (gzip {kb(len(gzip.compress(page, 6)))}); "
          f"target <= 150 KB; embed page {kb(len(embed))}")
    shared = sorted(assets.iterdir())
    geo = [p for p in shared if p.name.startswith("geo.")]
    print(f"shared assets once: {kb(folder_bytes(assets))} in {len(shared)} files, of which boundary geometry "
          f"{kb(sum(p.stat().st_size for p in geo))} ({len(geo)} files), relief "
          f"{kb(sum(p.stat().st_size for p in shared if p.suffix == '.jpg'))}, Leaflet "
          f"{kb(sum(p.stat().st_size for p in shared if p.name.startswith('leaflet.')))}")
    seed_needs = len(page) + sum((site / p).stat().st_size for p in
                                 json.loads((site / "manifest.json").read_text())["stories"][f"{SEED}.yaml"]["geometry"])
    print(f"seed page + the geometry it links: {kb(seed_needs)}")
    per_story = {d.name: folder_bytes(d) for d in (site / "stories").iterdir()}
    pages_only = sum((d / n).stat().st_size for d in (site / "stories").iterdir() for n in ("index.html", "embed.html"))
    print(f"total for the {len(per_story)} stories: {kb(sum(per_story.values()))} (story + embed pages {kb(pages_only)}; "
          f"the rest previews, PDF, PNG, SVG, GeoJSON); whole site with assets and index {kb(folder_bytes(site))}")


def first_maps(site: Path, loads: int) -> None:
    from playwright.sync_api import sync_playwright

    ours, app = [], []
    server = Server(ROOT / "app.py")
    with Nginx([site]) as ng, sync_playwright() as p:
        browser = launch(p)
        url = ng.urls[0] + f"stories/{SEED}/index.html"
        ctx, page = offline_page(browser)  # warm both once (nginx page cache, the app's caches)
        page.goto(url)
        page.locator(READY).wait_for(timeout=60_000)
        page.goto(server.url)
        page.frame_locator(MAP_FRAME).locator(READY).wait_for(timeout=120_000)
        ctx.close()
        for _ in range(loads):  # alternated, so load on the machine hits both alike
            ctx, page = offline_page(browser)
            t0 = time.perf_counter()
            page.goto(url, wait_until="commit")  # the map being drawn is the mark, not the load event
            page.locator(READY).wait_for(timeout=60_000)
            ours.append((time.perf_counter() - t0) * 1000)
            ctx.close()
            ctx, page = offline_page(browser)
            t0 = time.perf_counter()
            page.goto(server.url, wait_until="commit")
            page.frame_locator(MAP_FRAME).locator(READY).wait_for(timeout=120_000)
            app.append((time.perf_counter() - t0) * 1000)
            ctx.close()
        browser.close()
    server.stop()
    print(f"first map, published page from nginx, cold browser cache: {fmt(ours, 'ms')} (target <= 1000 ms)")
    print(f"first map, Streamlit app (new session, running server):   {fmt(app, 'ms')}")
    print(f"ratio app / published: {ratio(app, ours)} (published is that many times faster)")


def synthetic_stories(n: int, out: Path) -> tuple[Path, Path]:
    """``n`` stories of 10 places each, sliced from bench/synth.py's story of max(100, n) places."""
    from synth import make_synthetic

    src = make_synthetic(max(100, n), out / "synth")
    full = json.loads(src.read_text(encoding="utf-8"))
    folder = out / "stories"
    folder.mkdir()
    places = full["places"]
    for k in range(n):
        mine = [places[(k + i) % len(places)] for i in range(10)]
        ids = {p["id"] for p in mine}
        passages = []
        for i, p in enumerate(mine):
            passages.append({"id": f"p{i + 1}", "text": f"Story {k + 1}, passage {i + 1}: {p['name']}.", "places": [p["id"]]})
        story = {**{k2: v for k2, v in full.items() if k2 not in ("places", "passages", "claims")},
                 "id": f"synthetic-story-{k + 1:03d}", "title": f"Synthetic story {k + 1} of {n}",
                 "places": mine, "passages": passages}
        assert all(pid in ids for ps in passages for pid in ps["places"])
        (folder / f"synthetic-story-{k + 1:03d}.yaml").write_text(json.dumps(story), encoding="utf-8")
    return folder, out / "synth" / "geodata"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--synthetic", type=int, default=100)
    ap.add_argument("--skip-browser", action="store_true")
    args = ap.parse_args()
    print(f"load average at start: {Path('/proc/loadavg').read_text().split()[:3]}")
    work = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    try:
        geodata = load_geodata()
        t0 = time.perf_counter()
        r = publish_site(ROOT / "stories", work / "site", None, geodata)
        print(f"publish 3 stories: {time.perf_counter() - t0:.1f} s ({len(r.rebuilt)} built)")
        t0 = time.perf_counter()
        r = publish_site(ROOT / "stories", work / "site", None, geodata)
        print(f"re-publish 3 stories, nothing changed: {time.perf_counter() - t0:.1f} s ({len(r.kept)} unchanged)")
        sizes(work / "site")
        if not args.skip_browser:
            first_maps(work / "site", args.loads)
        folder, synth_geo = synthetic_stories(args.synthetic, work)
        sgeo = load_geodata(synth_geo)
        t0 = time.perf_counter()
        r = publish_site(folder, work / "synth-site", None, sgeo)
        print(f"publish {args.synthetic} synthetic stories: {time.perf_counter() - t0:.1f} s "
              f"({len(r.rebuilt)} built, {len(r.skipped)} left out)")
        one = sorted(folder.glob("synthetic-story-*.yaml"))[args.synthetic // 2]  # any one story changes
        text = one.read_text(encoding="utf-8")
        changed = text.replace("\"Synthetic story ", "\"Changed synthetic story ", 1)
        assert changed != text, f"{one.name}: no title to change"
        one.write_text(changed, encoding="utf-8")
        t0 = time.perf_counter()
        r = publish_site(folder, work / "synth-site", None, sgeo)
        print(f"re-publish {args.synthetic} synthetic stories with one changed: {time.perf_counter() - t0:.1f} s "
              f"({len(r.rebuilt)} built, {len(r.kept)} unchanged)")
        print(f"synthetic site: {kb(folder_bytes(work / 'synth-site'))}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average at end: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
