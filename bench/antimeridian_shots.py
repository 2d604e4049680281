"""Before/after screenshots of the antimeridian case (docs/antimeridian-before.png, -after.png).

The Pacific story of tests/test_websafe.py, exported to HTML and opened in offline Chromium:
"before" with components/geo/websafe.py switched off (geometry and the first view as the
sources give them: Fiji's ring a band round the world, the point at 179.5° W at the far end),
"after" as shipped. Usage: python bench/antimeridian_shots.py [OUT_DIR]  (default docs/)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

import components.map.spec as spec_module  # noqa: E402
from components.export.formats import FORMATS, export_bytes  # noqa: E402
from components.geo.geodata import load_geodata  # noqa: E402
from components.story.model import load_story  # noqa: E402
from tests import storygen  # noqa: E402
from tests.test_websafe import pacific_story  # noqa: E402


def main(out: Path) -> None:
    tmp = Path(tempfile.mkdtemp())
    story, feats = pacific_story()
    geodata = load_geodata(storygen.write_geodata(tmp / "geodata", **feats))
    parsed = load_story(storygen.write_story(tmp / "stories", story))
    (tmp / "after.html").write_bytes(export_bytes(parsed, geodata, FORMATS["html"]))
    saved = (spec_module.web_safe, spec_module.story_centre, spec_module.lat_in_range)
    spec_module.web_safe, spec_module.story_centre, spec_module.lat_in_range = (lambda g: g), (lambda r: 0.0), (lambda v: v)
    try:
        (tmp / "before.html").write_bytes(export_bytes(parsed, geodata, FORMATS["html"]))
    finally:
        spec_module.web_safe, spec_module.story_centre, spec_module.lat_in_range = saved
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        page = b.new_page(viewport={"width": 1440, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        for name in ("before", "after"):
            storygen.open_export(page, tmp / f"{name}.html", "#place=fiji")
            page.wait_for_timeout(1200)
            page.screenshot(path=str(out / f"antimeridian-{name}.png"))
            print(out / f"antimeridian-{name}.png")
        b.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
