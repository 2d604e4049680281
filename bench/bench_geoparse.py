"""Importer quality and speed on the project's evaluation set (tests/fixtures/eval/).

    .venv/bin/python bench/bench_geoparse.py            # quality (per text and overall) + speed
    .venv/bin/python bench/bench_geoparse.py --quality  # quality only

Quality: precision, recall and the share of places placed within 100 km of the truth
(components/authoring/geoparse_score.py). Speed and memory: the world index loaded cold (a
fresh process), resident memory it adds, a 1,000-word article imported warm, and the seed
story's cold start (loading the app's data for the seed story, fresh process) with the
gazetteer modules present: the index must not be loaded then.

Before (the importer of main at b4a81c0, regional gazetteer only), same set, same scoring:
precision 1.00, recall 0.10 (7/69), within 100 km 0.57 (4/7); 6 of the 8 texts stop with
"no place named in the gazetteer was found".
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))



def place_point(gaz, geodata, pid: str) -> tuple[float | None, float | None]:
    p = gaz.place(pid)
    if getattr(p, "lat", None) is not None:
        return p.lat, p.lon
    if p.layer == "countries":  # a shipped country: placed at its Natural Earth label point, as world countries
        from components.authoring.gazetteer import world_matcher

        e = next((e for e in world_matcher()[1].countries() if e.feature == p.feature), None)
        if e is not None:
            return e.lat, e.lon
    pt = geodata.feature(p.layer, p.feature).representative_point()
    return pt.y, pt.x


def run_quality(verbose: bool = True):
    from components.authoring.article import read_article
    from components.authoring.gazetteer import load_gazetteer
    from components.authoring.geoparse_score import EVAL_DIR, Score, load_truth, score_text
    from components.authoring.importer import draft_dict
    from components.geo.geodata import load_geodata

    geodata = load_geodata()
    gaz = load_gazetteer(geodata, world=True)
    total = Score()
    rows = []
    for name, truth in load_truth().items():
        article = read_article((EVAL_DIR / name).read_bytes(), name)
        try:
            data, _ = draft_dict(article, gaz, "eval")
            passages = []
            for para, p in zip(article.paragraphs, data["passages"]):
                passages.append((para.text, [(m["start"], m["end"], *place_point(gaz, geodata, m["place"]))
                                             for m in p.get("mentions", [])]))
        except Exception as exc:  # today's importer stops on an article with no known place
            print(f"  {name}: import failed: {exc}")
            passages = [(para.text, []) for para in article.paragraphs]
        sc = score_text(passages, truth)
        total = total + sc
        rows.append((name, sc))
        if verbose:
            print(f"{name:32s} P {sc.precision:.2f}  R {sc.recall:.2f}  ≤100 km {sc.within_100km:.2f}  "
                  f"(tp {sc.tp} fp {sc.fp} fn {sc.fn})  {'; '.join(sc.errors)[:200]}")
    print(f"{'overall':32s} P {total.precision:.2f}  R {total.recall:.2f}  ≤100 km {total.within_100km:.2f}  "
          f"(tp {total.tp} fp {total.fp} fn {total.fn})")
    return total, rows


SNIPPET_COLD = """
import time
def rss():
    return int(next(l for l in open('/proc/self/status') if l.startswith('VmRSS')).split()[1]) / 1024
import components.authoring.gazetteer as g, components.authoring.importer, pyarrow.parquet, shapely, yaml
r1 = rss()
t, c = time.perf_counter(), time.process_time()
g.world_matcher()
t, c = time.perf_counter() - t, time.process_time() - c
print(t, rss() - r1, c)
"""

SNIPPET_SEED = """
import time
t = time.perf_counter()
from components.geo.geodata import load_geodata
import components.authoring.gazetteer, components.authoring.importer
from components.map.spec import build_map_spec
gd = load_geodata()
from pathlib import Path
from components.story.model import load_story
s = load_story(Path('stories/tajik-police-base.yaml'))
build_map_spec(s, gd, 'tajik-police-base.yaml')
import sys
print(time.perf_counter() - t, 'components.authoring.world_index' in sys.modules and
      bool(__import__('components.authoring.world_index').authoring.world_index.load_world.cache_info().currsize))
"""


SNIPPET_FIRST = """
import time
t = time.perf_counter()
from components.authoring.article import read_article
from components.authoring.gazetteer import load_gazetteer
from components.authoring.importer import draft_dict
from components.geo.geodata import load_geodata
gd = load_geodata()
gaz = load_gazetteer(gd, world=True)
draft_dict(read_article(open('tests/fixtures/eval/mali_attacks.txt', 'rb').read(), 'mali.txt'), gaz, 'x')
print(time.perf_counter() - t)
"""
INDEX_BEFORE = "178f236"  # issue11-gaps' branch point: the index of issue11-world (pyahocorasick automaton)


def _median(runs: list[list[str]], i: int) -> float:
    return sorted(float(r[i]) for r in runs)[len(runs) // 2]


def _cold(py: str, cwd: Path, code: str = SNIPPET_COLD, n: int = 3) -> list[list[str]]:
    """The index's cold load, each in a fresh interpreter: [wall s, MB added, CPU s] per run."""
    runs = [subprocess.run([py, "-c", code], cwd=cwd, capture_output=True, text=True).stdout.split() for _ in range(n)]
    return [r for r in runs if len(r) == 3]


def run_speed() -> None:
    import tempfile

    py = sys.executable
    print(f"load average before the speed runs: {open('/proc/loadavg').read().split()[:3]}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(f"git -C {ROOT} archive {INDEX_BEFORE} | tar -x -C {tmp}", shell=True, check=True)
        before, after = [], []
        for _ in range(3):  # alternated, so both see the same load
            after += _cold(py, ROOT, n=1)
            before += _cold(py, Path(tmp), SNIPPET_COLD.replace(", yaml", ", yaml, ahocorasick"), n=1)
    print(f"world index loaded cold (fresh process, modules imported first; median of 3): {_median(after, 0):.2f} s wall, "
          f"{_median(after, 2):.2f} s CPU (target <= 2 s); resident memory added: {_median(after, 1):.0f} MB (target <= 400 MB)")
    if before:
        print(f"  same run, alternated, the index at {INDEX_BEFORE} (automaton built at load): {_median(before, 0):.2f} s wall, "
              f"{_median(before, 2):.2f} s CPU, {_median(before, 1):.0f} MB; ratio after/before "
              f"{_median(after, 0) / _median(before, 0):.2f} (wall), {_median(after, 2) / _median(before, 2):.2f} (CPU), "
              f"{_median(after, 1) / _median(before, 1):.2f} (memory)")
    firsts = sorted(float(subprocess.run([py, "-c", SNIPPET_FIRST], cwd=ROOT, capture_output=True, text=True,
                                         check=True).stdout.split()[0]) for _ in range(3))
    print(f"first world article in a fresh process (imports + geodata + index + draft; median of 3): {firsts[1]:.2f} s")
    from components.authoring.gazetteer import load_gazetteer
    from components.authoring.importer import make_draft
    from components.geo.geodata import load_geodata

    geodata = load_geodata()
    gaz = load_gazetteer(geodata, world=True)
    texts = [p.read_text(encoding="utf-8").split("\n", 1)[1] for p in sorted((ROOT / "tests/fixtures/eval").glob("*.txt"))]
    body, words = [], 0
    while words < 1000:
        for t in texts:
            body.append(t.strip())
            words += len(t.split())
    article = "A long wire report\n\n" + "\n\n".join(body)
    n = len(article.split())
    from components.authoring.importer import draft_dict
    from components.authoring.article import read_article

    a = read_article(article.encode(), "long.txt")
    draft_dict(a, gaz, "long")  # warm
    times = []
    for _ in range(3):
        t = time.perf_counter()
        draft_dict(a, gaz, "long")
        times.append(time.perf_counter() - t)
    print(f"{n}-word article, places found and disambiguated (warm): median {sorted(times)[1]:.3f} s")
    seeds = []
    for _ in range(3):
        out = subprocess.run([py, "-c", SNIPPET_SEED], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
        seeds.append(float(out[0]))
        loaded = out[1]
    print(f"seed story cold load (geodata + story + map spec, fresh process): median {sorted(seeds)[1]:.2f} s; "
          f"world index loaded: {loaded}")
    print(f"load average after: {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    run_quality()
    if "--quality" not in sys.argv:
        run_speed()
