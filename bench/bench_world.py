"""World layers: file sizes, cold load of the world tables, memory they add, the seed story's cold
start before/after this issue (as a ratio), and a world story's map payload.

Each timing runs in a fresh interpreter (cold: imports, file reads, spatial index), 3 times, the
median kept. "Before" is the tree of git commit BEFORE (the branch point), exported with
``git archive`` to a temporary folder and run with the same Python.

Usage: .venv/bin/python bench/bench_world.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "b4a81c0"  # the commit issue11-world started from
SEED = "stories/tajik-police-base.yaml"
MALI = "tests/fixtures/world/mali-attacks.yaml"

SEED_PROBE = """
import time, json, sys
t = time.perf_counter()
from components.geo.geodata import load_geodata
from components.map.spec import build_map_spec
from components.story.model import load_story
spec = build_map_spec(load_story(sys.argv[1]), load_geodata())
print(json.dumps({"s": time.perf_counter() - t}))
"""

WORLD_PROBE = """
import time, json, resource, sys
from components.geo.geodata import load_geodata
from components.map.spec import build_map_spec
from components.story.model import load_story
from components.geo.world import world_data
def rss(): return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20
gd = load_geodata(); r0 = rss()
t = time.perf_counter()
w = world_data()
for lid in ("world-countries", "world-admin1"):
    w.table(lid); w.tree(lid)
load = time.perf_counter() - t; r1 = rss()
t = time.perf_counter()
spec = build_map_spec(load_story(sys.argv[1]), gd)
build = time.perf_counter() - t
payload = len(json.dumps([l.data for l in spec.layers], separators=(",", ":")))
print(json.dumps({"load": load, "rss": r1 - r0, "build": build, "payload": payload,
                  "features": sum(len(l.data["features"]) for l in spec.layers)}))
"""


def _run(code: str, cwd: Path, *args: str) -> dict:
    p = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    if p.returncode:
        raise SystemExit(p.stderr)
    return json.loads(p.stdout.strip().splitlines()[-1])


def _median(code: str, cwd: Path, key: str, *args: str, n: int = 3) -> float:
    return statistics.median(_run(code, cwd, *args)[key] for _ in range(n))


def main() -> None:
    print(f"load average: {open('/proc/loadavg').read().split()[:3]}")
    files = sorted((ROOT / "geodata" / "world").glob("*.parquet"))
    total = sum(f.stat().st_size for f in files)
    for f in files:
        print(f"world file {f.name}: {f.stat().st_size / 2**20:.2f} MB")
    print(f"world files total: {total / 2**20:.2f} MB (budget 15 MB for countries + admin-1)")
    w = [_run(WORLD_PROBE, ROOT, MALI) for _ in range(3)]
    print(f"world tables cold load (read + spatial index): {statistics.median(x['load'] for x in w):.2f} s (target <= 2 s)")
    print(f"resident memory added by the world tables: {statistics.median(x['rss'] for x in w):.0f} MB (target <= 400 MB)")
    print(f"world story (Mali) map spec after load: {statistics.median(x['build'] for x in w):.2f} s; "
          f"payload {w[0]['payload'] / 1024:.0f} KB of layer GeoJSON, {w[0]['features']} features")
    after = _median(SEED_PROBE, ROOT, "s", SEED)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(f"git -C {ROOT} archive {BEFORE} | tar -x -C {tmp}", shell=True, check=True)
        before = _median(SEED_PROBE, Path(tmp), "s", SEED)
    print(f"seed story cold start (imports + geodata + map spec): before {before:.2f} s, after {after:.2f} s, "
          f"ratio after/before {after / before:.2f}")


if __name__ == "__main__":
    main()
