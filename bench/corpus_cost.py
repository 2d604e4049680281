"""What broken and huge inputs cost: time and peak Python memory to load each corpus file, the
generated huge ones, and a story at the limits (2,000 passages) through the app (AppTest).

Not a test (no timed asserts): prints figures. Usage: .venv/bin/python bench/corpus_cost.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from components.story.catalog import load_entry  # noqa: E402
from components.geo.geodata import load_geodata  # noqa: E402
from components.map.spec import spec_builder  # noqa: E402
from tests.test_corpus import STORIES, huge_stories  # noqa: E402


def measure(path: Path, geodata) -> tuple[float, float, str]:
    tracemalloc.start()
    t0 = time.perf_counter()
    entry = load_entry(path, spec_builder(geodata))
    ms = (time.perf_counter() - t0) * 1000
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return ms, peak, "ok" if entry.error is None else "error"


def main() -> None:
    geodata = load_geodata()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (shared machine: times are noisy; "
          "tracemalloc slows loading)")
    times = []
    for p in sorted(STORIES.iterdir()):
        ms, peak, outcome = measure(p, geodata)
        times.append(ms)
    print(f"corpus: {len(times)} files, load median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in huge_stories(folder):
            p = folder / name
            ms, peak, outcome = measure(p, geodata)
            print(f"  {name:22s} {p.stat().st_size / 1e6:5.2f} MB  {ms:8.1f} ms  peak {peak:6.1f} MB  {outcome}")
        head = (STORIES / "ok-minimal.yaml").read_text().split("passages:")[0]
        big = folder / "limits.yaml"
        big.write_text(head + "passages:\n" + "".join(
            f"  - id: p{i}\n    text: Passage {i} of Gorno-Badakhshan. {'y' * 300}\n    places: [gbao]\n" for i in range(2000)))
        ms, peak, outcome = measure(big, geodata)
        print(f"  {'2,000 passages (valid)':22s} {big.stat().st_size / 1e6:5.2f} MB  {ms:8.1f} ms  peak {peak:6.1f} MB  {outcome}")
        from streamlit.testing.v1 import AppTest

        os.environ["STORYMAP_STORIES"] = str(folder)
        for p in folder.iterdir():
            if p != big:
                p.unlink()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        t0 = time.perf_counter()
        at.run()
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        at.button(key="next").click().run()
        click = time.perf_counter() - t0
        print(f"  app (AppTest) with the 2,000-passage story: first run {first:.1f} s, a click {click:.1f} s "
              f"(the reader re-renders 2,000 passages and buttons each run); exception: {bool(at.exception)}")


if __name__ == "__main__":
    main()
