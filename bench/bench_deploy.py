"""One server directly against nginx with 1 and N replicas, under the same bench/load.py load.

Runs bench/load.py three times, one after the other (never at once: they would share the CPU):
on a server it starts itself, then through ``deploy/run.py up --replicas 1`` and ``--replicas
N``, and prints clicks/s, click-to-update p50/p95, errors and each replica's share of the
sessions side by side, with the load average before each run. On a shared machine the
milliseconds are noisy; compare the rows of one run. ``--rounds 2`` repeats the three in
reverse order, so a load change during the run shows.

Usage: .venv/bin/python bench/bench_deploy.py [--replicas 2] [--clients 20] [--browsers 2] [--seconds 60]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RUN = [PY, str(ROOT / "deploy" / "run.py")]


def load(extra: list[str], args) -> str:
    cmd = [PY, str(ROOT / "bench" / "load.py"), "--clients", str(args.clients), "--browsers", str(args.browsers),
           "--seconds", str(args.seconds), *extra]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if "clicks served" not in out.stdout:
        raise SystemExit(f"load.py failed:\n{out.stdout}\n{out.stderr[-3000:]}")
    return out.stdout


def through_nginx(replicas: int, args) -> str:
    run_dir = Path(tempfile.mkdtemp(prefix="bench-deploy-"))
    up = subprocess.run([*RUN, "up", "--replicas", str(replicas), "--run-dir", str(run_dir)],
                        capture_output=True, text=True)
    if up.returncode:
        raise SystemExit(f"deploy/run.py up failed:\n{up.stdout}{up.stderr}")
    try:
        return load(["--deploy", str(run_dir)], args)
    finally:
        down = subprocess.run([*RUN, "down", "--run-dir", str(run_dir)], capture_output=True, text=True)
        if down.returncode == 0:
            shutil.rmtree(run_dir, ignore_errors=True)
        else:
            print(f"deploy/run.py down failed; see {run_dir}:\n{down.stdout}{down.stderr}", file=sys.stderr)


def figures(text: str) -> dict:
    def grab(pattern: str, default="-"):
        m = re.search(pattern, text)
        return m.group(1) if m else default

    shares = re.findall(r"replica (r\d+)\s+(\d+) sessions \((\d+) %\), CPU ([0-9.]+) s", text)
    return {
        "clicks/s": grab(r"clicks served .*?, ([0-9.]+)/s"),
        "clicks": grab(r"clicks served\s+(\d+)"),
        "p50": grab(r"protocol p50 (\d+) ms"),
        "p95": grab(r"protocol p50 \d+ ms, p95 (\d+) ms"),
        "browser p95": grab(r"browser\s+p50 \d+ ms, p95 (\d+) ms"),
        "errors": grab(r"errors\s+(\d+)"),
        "held": grab(r"sessions held\s+(\d+ of \d+)"),
        "shares": " / ".join(f"{r} {n} ({pc} %, {cpu} s CPU)" for r, n, pc, cpu in shares) or "-",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--browsers", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--rounds", type=int, default=1, help="2: repeat in reverse order")
    args = ap.parse_args()
    modes = [("1 server, directly", lambda: load([], args)),
             ("nginx + 1 replica", lambda: through_nginx(1, args)),
             (f"nginx + {args.replicas} replicas", lambda: through_nginx(args.replicas, args))]
    order = modes + (modes[::-1] if args.rounds > 1 else [])
    rows = []
    for name, run in order:
        loadavg = " ".join(open("/proc/loadavg").read().split()[:3])
        print(f"== {name} (load average {loadavg})", file=sys.stderr, flush=True)
        text = run()
        print(text, file=sys.stderr, flush=True)
        rows.append((name, loadavg, figures(text)))
    print(f"bench_deploy.py: {args.clients} protocol clients + {args.browsers} browsers, {args.seconds:.0f} s each, "
          f"{os.cpu_count()} cores (shared: compare rows, not runs)")
    print("| setup | load avg before | sessions held | clicks/s | protocol p50 / p95 ms | browser p95 ms | errors | sessions per replica |")
    print("|---|---|---|---|---|---|---|---|")
    for name, loadavg, f in rows:
        print(f"| {name} | {loadavg} | {f['held']} | {f['clicks/s']} | {f['p50']} / {f['p95']} | {f['browser p95']} | "
              f"{f['errors']} | {f['shares']} |")


if __name__ == "__main__":
    main()
