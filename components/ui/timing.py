"""STORYMAP_TIMING=1: one 'storymap-run' log line per script run, fragment reruns included.

bench/ and the tests count clicks and time the server by these lines; app.py logs a full run's
line itself (with the caches it filled), this decorator a fragment rerun's.
"""

from __future__ import annotations

import os
import sys
import time

from components.ui.state import ss

TIMING = os.environ.get("STORYMAP_TIMING") == "1"


def timed(fn):
    """STORYMAP_TIMING=1: a fragment rerun (a click) logs one 'storymap-run' line like a full run,
    once the last of the fragments it reruns has returned."""
    if not TIMING:
        return fn
    from functools import wraps

    from streamlit.runtime.scriptrunner import get_script_run_ctx

    @wraps(fn)
    def run(*args, **kwargs):
        ctx = get_script_run_ctx()
        ids = ctx.fragment_ids_this_run if ctx is not None else None
        if not ids:  # part of a full run: the run's own line covers it
            return fn(*args, **kwargs)
        state = getattr(ctx, "_storymap_timing", None)
        if state is None or state[0] is not ids:
            state = [ids, time.perf_counter(), 0]
            ctx._storymap_timing = state
        out = fn(*args, **kwargs)
        state[2] += 1
        if state[2] == len(ids):
            print(f"storymap-run ms={(time.perf_counter() - state[1]) * 1000:.2f} seq={ss.sel.seq} "
                  f"fragments={len(ids)}", file=sys.stderr, flush=True)
        return out

    return run
