#!/usr/bin/env bash
# Start the story map: installs the pinned requirements and the project (editable) into .venv once,
# then runs the app.
# Open http://127.0.0.1:8501 (no internet needed). Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/storymap ]; then
  [ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .  # the storymap command
fi
# components/ui/serve.py: `streamlit run app.py`, with the boundaries, stories and first map loaded
# while the server starts (STORYMAP_WARM=0 starts cold)
exec .venv/bin/python -m components.ui.serve --server.address "${ADDRESS:-127.0.0.1}" --server.port "${PORT:-8501}" "$@"
