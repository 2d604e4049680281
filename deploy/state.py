"""The run folder's state file and access log, read by ``run.py down|status``, the tests and
bench/load.py (which replica held which session).

The state file (``state.json``) is written only by the supervisor, atomically (write + rename),
so a reader never sees half of it. Every process is recorded with its pid *and* its start time
(/proc/<pid>/stat field 22), so a pid reused by an unrelated process is never taken for ours
and never signalled.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

STATE = "state.json"


def proc_start_time(pid: int) -> int | None:
    """The process's start time in clock ticks since boot, or None if there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: split after its last ')'
    fields = stat[stat.rindex(")") + 2:].split()
    if fields[0] == "Z":  # a zombie has finished
        return None
    return int(fields[19])


def alive(proc: dict) -> bool:
    """Is the recorded process (``{"pid", "start"}``) still the same running process?"""
    pid, start = proc.get("pid"), proc.get("start")
    return bool(pid) and start is not None and proc_start_time(pid) == start


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process so far."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_state(run_dir: Path, state: dict) -> None:
    path = run_dir / STATE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n")
    tmp.replace(path)


def read_state(run_dir: Path) -> dict | None:
    """The state of the deployment in ``run_dir``, or None when there is none."""
    path = Path(run_dir) / STATE
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as exc:
        raise SystemExit(f"{path}: not a deploy state file ({exc})") from None


@dataclass(frozen=True)
class LogLine:
    key: str        # the sticky route key (the sm_route cookie, or the request id that set it)
    uri: str
    status: int
    replica: str    # r1, r2, ... or "-" (answered by nginx itself)
    upstream: str


def access_log(state: dict, offset: int = 0) -> list[LogLine]:
    """The requests nginx has logged (a websocket is logged when it closes), from byte ``offset``."""
    path = Path(state["access_log"])
    if not path.exists():
        return []
    with path.open("rb") as f:
        f.seek(offset)
        lines = f.read().decode("utf-8", "replace").splitlines()
    out = []
    for line in lines:
        try:
            d = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line being written
        out.append(LogLine(d["key"], d["uri"], int(d["status"]), d["replica"], d["upstream"]))
    return out


def websocket_sessions(lines: list[LogLine]) -> list[LogLine]:
    """The websocket sessions among the logged requests (upgraded: status 101)."""
    return [ln for ln in lines if ln.uri == "/_stcore/stream" and ln.status == 101]
