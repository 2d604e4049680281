"""The seed story's first run of the app (AppTest, a fresh interpreter) loads neither the world
name index (components/authoring/world_index.py) nor any world boundary file; importing a
world article in the same process then loads the index (so the probe can tell)."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import FIXTURES, ROOT

PROBE = """
import json, sys
from streamlit.testing.v1 import AppTest

def index_loaded():
    wi = sys.modules.get("components.authoring.world_index")
    return bool(wi is not None and wi.load_world.cache_info().currsize)

at = AppTest.from_file("app.py", default_timeout=180)
at.run()
assert not at.exception, at.exception
from components.geo.world import world_files_read
first = {"index": index_loaded(), "read": world_files_read(),
         "title": next(el.proto.body for el in at.get("html") if el.proto.body.startswith("<div class='sm-head'>"))}
from components.authoring.gazetteer import load_gazetteer
from components.authoring.importer import make_draft
from components.geo.geodata import load_geodata
gd = load_geodata()
make_draft(open(sys.argv[1], "rb").read(), "mali_attacks.txt", gd, load_gazetteer(gd))
print(json.dumps({"first": first, "after_import": index_loaded()}))
"""


def test_the_seed_story_first_run_loads_no_world_index():
    p = subprocess.run([sys.executable, "-c", PROBE, str(FIXTURES / "eval" / "mali_attacks.txt")], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    out = json.loads(p.stdout.strip().splitlines()[-1])
    assert "China to build Tajikistan police base" in out["first"]["title"]  # the seed story is what ran
    assert out["first"]["index"] is False and out["first"]["read"] == []
    assert out["after_import"] is True
