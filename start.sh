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
exec .venv/bin/streamlit run app.py --server.address "${ADDRESS:-127.0.0.1}" --server.port "${PORT:-8501}" "$@"
