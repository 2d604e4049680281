"""matplotlib (about a second of import) is loaded only by an image export: each command runs in
a fresh interpreter and reports whether matplotlib is in ``sys.modules`` after it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import FIXTURES, ROOT, SEED_STORY

PROBE = """
import json, sys
from components.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "matplotlib": "matplotlib" in sys.modules}))
"""


def _run(*args: str) -> dict:
    p = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("fmt", ["html", "geojson"])
def test_web_and_gis_exports_do_not_import_matplotlib(fmt, tmp_path):
    out = tmp_path / f"story.{fmt}"
    assert _run("export", str(SEED_STORY), "--format", fmt, "--out", str(out)) == {"code": 0, "matplotlib": False}
    assert out.stat().st_size > 10_000


def test_an_image_export_does_import_matplotlib(tmp_path):
    out = tmp_path / "story.png"
    assert _run("export", str(SEED_STORY), "--format", "png", "--dpi", "50", "--out", str(out)) == {"code": 0, "matplotlib": True}
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("args", [
    ("validate", str(SEED_STORY)),
    ("claims", str(SEED_STORY)),
    ("import", str(FIXTURES / "seed_article.txt"), "--out", "{tmp}/draft.yaml"),
])
def test_other_commands_do_not_import_matplotlib(args, tmp_path):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert _run(*args) == {"code": 0, "matplotlib": False}
