"""Benchmark of the exports on the seed story (not part of the tests): sizes and times.

Prints, for each export: its size, and its time as median [min-max] over repeated runs, with
the ratio to a baseline measured in the same run (building the map description, which every
export needs). Then the same through the command line (a fresh process each time), with
``validate`` as that baseline. The machine may be shared: read the ratios, not the absolutes.

Usage: .venv/bin/python bench/bench_export.py [--repeat 5] [--cli-repeat 3]
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

from components.export.formats import FORMATS, export_bytes  # noqa: E402
from components.export.html_page import export_spec, inline_leaflet_css, inline_leaflet_js  # noqa: E402
from components.geo.geodata import load_geodata  # noqa: E402
from components.map.spec import build_map_spec  # noqa: E402
from components.story.selection import Selection  # noqa: E402
from components.story.model import load_story  # noqa: E402

STORY = ROOT / "stories" / "tajik-police-base.yaml"


def timed(fn, n: int) -> tuple[list[float], object]:
    out, result = [], None
    for _ in range(n):
        t = time.perf_counter()
        result = fn()
        out.append((time.perf_counter() - t) * 1000)
    return out, result


def fmt(ms: list[float], base: float) -> str:
    med = statistics.median(ms)
    return f"{med:8.1f} ms [{min(ms):.1f}-{max(ms):.1f}]  x{med / base:5.1f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cli-repeat", type=int, default=3)
    args = ap.parse_args()
    geo = load_geodata()
    story = load_story(STORY)
    sel = Selection(place="ishkashim-district", fit=True)

    base_ms, spec = timed(lambda: build_map_spec(story, geo), args.repeat)
    base = statistics.median(base_ms)
    print(f"In-process, seed story, n={args.repeat}")
    print(f"{'baseline: build_map_spec':42s} {'':>12s} {fmt(base_ms, base)}")
    cases = [("html", 300), ("png", 150), ("png", 300), ("png", 600), ("svg", 300), ("geojson", 300)]
    for what, s in (("whole story", Selection()), ("place ishkashim-district", sel)):
        for name, dpi in cases:
            ms, data = timed(lambda: export_bytes(story, geo, FORMATS[name], s, dpi, spec=spec), args.repeat)
            label = f"{name}{f' @{dpi} dpi' if name == 'png' else ''}, {what}"
            print(f"{label:42s} {len(data):>10,} B {fmt(ms, base)}")

    html = export_bytes(story, geo, FORMATS["html"])
    geometry = sum(len(json.dumps(lv.data, separators=(",", ":"))) for lv in export_spec(story, geo).layers)
    full = sum(len(json.dumps(lv.data, separators=(",", ":"))) for lv in spec.layers)
    print(f"\nHTML export, no selection: {len(html):,} B; of which Leaflet JS {len(inline_leaflet_js()):,} B, "
          f"Leaflet CSS+icons {len(inline_leaflet_css()):,} B, layer GeoJSON {geometry:,} B "
          f"(unsimplified app payload: {full:,} B, x{geometry / full:.2f})")

    print(f"\nCommand line (fresh process each run), n={args.cli_repeat}")
    with tempfile.TemporaryDirectory() as tmp:
        def cli(*extra):
            return lambda: subprocess.run([sys.executable, "-m", "components", *extra], cwd=ROOT, check=True,
                                          capture_output=True)
        vms, _ = timed(cli("validate", str(STORY)), args.cli_repeat)
        vbase = statistics.median(vms)
        print(f"{'baseline: validate':42s} {'':>12s} {fmt(vms, vbase)}")
        for name in FORMATS:
            out = Path(tmp) / f"x.{name}"
            ms, _ = timed(cli("export", str(STORY), "--format", name, "--out", str(out), "--place",
                              "ishkashim-district"), args.cli_repeat)
            print(f"{'export --format ' + name:42s} {out.stat().st_size:>10,} B {fmt(ms, vbase)}")


if __name__ == "__main__":
    main()
