"""Figures for issue 10 (a map that reads at a glance): labels, relief and inset.

Prints, for the seed story's HTML export opened from disk in offline Chromium:
* labels visible at the first view and at two deeper zooms, and their overlapping pairs (0);
* payload added by labels, relief and inset (KB: data + code, as the app serves them and as
  the HTML export inlines them);
* first-map time (navigation to ``data-story-ready``), median of N loads, this checkout vs a
  base checkout (``--base DIR``, e.g. ``git worktree add /tmp/a1-base <branch point>``), as a ratio.

Run: ``.venv/bin/python bench/bench_reading.py --base /tmp/a1-base [--loads 7]``
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.test_browser_labels import VISIBLE, overlaps  # noqa: E402  the tests' own definitions

SEED = "stories/tajik-police-base.yaml"


def export(root: Path, out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "components", "export", SEED, "--format", "html", "--out", str(out)],
                   cwd=root, check=True, capture_output=True)
    return out


def payload_kb() -> dict:
    from components.geo.geodata import load_geodata
    from components.map.inset import inset_for
    from components.map.leaflet import WEB_DIR, js_json
    from components.map.labels import labels_json
    from components.map.relief import RELIEF_DIR, relief_config
    from components.map.spec import build_map_spec
    from components.story.model import load_story

    spec = build_map_spec(load_story(ROOT / SEED), load_geodata())
    kb = lambda n: round(n / 1024, 1)  # noqa: E731
    code = lambda *f: sum(len((WEB_DIR / x).read_bytes()) for x in f)  # noqa: E731
    relief_files = sum(p.stat().st_size for p in RELIEF_DIR.glob("*.jpg"))
    return {
        "labels (table + labels.js + css)": kb(len(js_json(labels_json(spec.labels, spec.story.places)).encode()) + code("labels.js", "map_labels.css")),
        "relief, app (2 JPEGs, fetched once)": kb(relief_files),
        "relief, HTML export (data: URIs)": kb(len(js_json(relief_config(None)).encode())),
        "inset (land path + inset.js)": kb(len(js_json(inset_for(spec.fit_bounds).web()).encode()) + code("inset.js")),
        "relief.js": kb(code("relief.js")),
    }


def first_map_ms(page, url: str, loads: int) -> float:
    times = []
    for _ in range(loads):
        t0 = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(".leaflet-container[data-story-ready='1']", timeout=60_000)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=Path, help="a checkout of the branch point, for the before/after ratio")
    ap.add_argument("--loads", type=int, default=7)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-reading-"))
    after = export(ROOT, tmp / "after.html")
    before = export(args.base, tmp / "before.html") if args.base else None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = b.new_context(viewport={"width": 1440, "height": 900}).new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page.goto(after.as_uri())
        page.wait_for_selector(".leaflet-container[data-story-ready='1']")
        page.wait_for_timeout(800)
        rows = []
        for dz in (0, 1, 1):
            if dz:
                page.evaluate(f"window.__story.map.setZoom(window.__story.map.getZoom() + {dz}, {{animate: false}})")
                page.wait_for_timeout(800)
            labels = page.evaluate(VISIBLE)
            rows.append((page.evaluate("window.__story.map.getZoom()"), len(labels), len(overlaps(labels))))
        t_after = first_map_ms(page, after.as_uri(), args.loads)
        t_before = first_map_ms(page, before.as_uri(), args.loads) if before else None
        b.close()
    print("labels at 1440x900 (HTML export, seed story):")
    for z, n, o in rows:
        print(f"  zoom {z:5.2f}: {n:3d} labels visible, {o} overlapping pairs")
    print("payload added (KB):")
    for k, v in payload_kb().items():
        print(f"  {k}: {v}")
    print(f"HTML export file: {after.stat().st_size / 1024:.0f} KB" +
          (f" (before: {before.stat().st_size / 1024:.0f} KB)" if before else ""))
    print(f"first-map time, median of {args.loads} loads from disk: {t_after:.0f} ms" +
          (f"; before {t_before:.0f} ms; ratio after/before {t_after / t_before:.2f}" if t_before else ""))
    print(json.dumps({"labels": rows, "first_map_ms": [t_before, t_after]}))


if __name__ == "__main__":
    main()
