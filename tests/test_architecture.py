"""The architecture, checked: import contracts (pyproject.toml), app.py as wiring, the install.

The contracts are import-linter's, run on the real package; a second run on a copy of the
package with one forbidden import shows that they can fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, SEED_STORY

LINT = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_import_contracts_hold():
    run = _lint(ROOT)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert re.search(r"Contracts: [4-9] kept, 0 broken", run.stdout), run.stdout[-500:]


def test_a_forbidden_import_breaks_a_contract(tmp_path):
    shutil.copytree(ROOT / "components", tmp_path / "components", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    model = tmp_path / "components" / "story" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nimport streamlit  # noqa\n", encoding="utf-8")
    run = _lint(tmp_path)
    assert run.returncode == 1
    assert "Only components.ui (and app.py) import streamlit" in run.stdout
    assert "components.story.model -> streamlit" in run.stdout


def test_app_py_is_layout_and_wiring_only():
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    # page scripts live as files under components/web/; the app and its panels only load them
    # (ui/page_script.py is the one loader: it wraps the web/ files, and a data line, in <script>)
    for path in [ROOT / "app.py", *sorted((ROOT / "components" / "ui").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        if path.name == "page_script.py":
            scripts = re.findall(r"<script>.*?</script>", text)
            assert scripts == ["<script>(window.__sm = window.__sm || []).push({message_json});</script>",
                               "<script>{_runtime_js()}</script>"], scripts
            continue
        assert "<script" not in text, f"inline JavaScript in {path.relative_to(ROOT)}"


def test_only_the_ui_layer_imports_streamlit():
    """Independent of import-linter: a plain text scan of every module."""
    for path in sorted((ROOT / "components").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        uses = re.search(r"^\s*(import|from) streamlit", path.read_text(encoding="utf-8"), re.M)
        assert bool(uses) == rel.startswith("components/ui/") or not uses, rel


def test_the_storymap_command_is_installed_and_matches_python_m_components():
    exe = Path(sys.executable).parent / "storymap"
    assert exe.exists(), "run `pip install --no-deps -e .` (start.sh and .ci/run do)"
    for cmd in ([str(exe)], [sys.executable, "-m", "components"]):
        ok = subprocess.run([*cmd, "validate", str(SEED_STORY)], capture_output=True, text=True, timeout=120)
        assert ok.returncode == 0 and "ok" in ok.stdout, ok.stderr
        bad = subprocess.run([*cmd, "validate", str(ROOT / "nowhere.yaml")], capture_output=True, text=True,
                             timeout=120)
        assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
