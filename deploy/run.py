#!/usr/bin/env python3
"""Start and stop nginx in front of N Streamlit replicas of the app (docs/deploy.md).

    deploy/run.py up [--replicas 2] [--port 0] [--listen 127.0.0.1] [--run-dir DIR]
        starts everything in the background, prints the URL (first line of stdout) and returns;
        a supervisor process owns nginx and the replicas and reports a replica that dies
    deploy/run.py up --foreground ...   the same in this terminal: Ctrl-C stops everything
    deploy/run.py status [--json]       what runs, which replica died (exit 1 if one did)
    deploy/run.py down                  stops everything and checks that nothing is left

The replicas run the app through its warm launcher (``python -m components.ui.serve``: ``streamlit
run app.py`` with the caches filled at start) from the project folder (its .streamlit/config.toml,
static serving on) on free loopback ports, with one shared ``server.cookieSecret`` (so a
session's XSRF cookie is valid on every replica). nginx is the Debian package's binary run with
its own prefix, config and temp folders (nothing under /etc or /var), as an unprivileged user:
as ``nobody`` when started by root. ``--port 0`` (the default) picks a free port.

The run folder (default deploy/run/) holds state.json (pids, ports, URL, the replicas' exit
codes), supervisor.log, one log per replica, and nginx/ (its config, access and error logs).
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy import nginx_conf  # noqa: E402
from deploy.state import alive, proc_start_time, read_state, write_state  # noqa: E402
from components.ui.serve import server_command, warming  # noqa: E402  (stdlib only at import: no streamlit here)

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
DEFAULT_RUN_DIR = ROOT / "deploy" / "run"
STATIC_DIR = ROOT / "static"
MAX_REPLICAS = 16
START_TIMEOUT = 120.0  # seconds for a replica to answer its health check (a busy 2-core machine)
HEALTH_EVERY = 5.0


def log(msg: str) -> None:
    print(f"deploy: {msg}", file=sys.stderr, flush=True)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def record(proc: subprocess.Popen) -> dict:
    return {"pid": proc.pid, "start": proc_start_time(proc.pid)}


def default_python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


# --- nginx as an unprivileged user -------------------------------------------------------------


def _nobody() -> tuple[int, int] | None:
    """(uid, gid) to run nginx as when we are root, else None (it runs as us)."""
    if os.geteuid() != 0:
        return None
    try:
        pw = pwd.getpwnam("nobody")
    except KeyError:  # a minimal image without the entry: the id every distribution gives nobody
        return 65534, 65534
    return pw.pw_uid, pw.pw_gid


def _others_can_traverse(path: Path) -> bool:
    return all(os.stat(p).st_mode & stat.S_IXOTH for p in [path, *path.parents])


def _others_can_read_tree(folder: Path) -> bool:
    if not _others_can_traverse(folder):
        return False
    for dirpath, dirnames, filenames in os.walk(folder):
        for d in dirnames:
            if not os.stat(Path(dirpath) / d).st_mode & stat.S_IXOTH:
                return False
        for f in filenames:
            if not os.stat(Path(dirpath) / f).st_mode & stat.S_IROTH:
                return False
    return True


def nginx_prefix(run_dir: Path, user: tuple[int, int] | None) -> tuple[Path, bool]:
    """nginx's own folder (config, logs, pid, temp) and whether it is a temporary one.

    As ``nobody``, nginx must reach its folder: when the run folder is private (a pytest tmp
    folder is 0700) the prefix is a fresh folder in the system temp dir instead."""
    if user is None or _others_can_traverse(run_dir):
        prefix, temporary = run_dir / "nginx", False
        if prefix.exists():
            shutil.rmtree(prefix)
        prefix.mkdir()
    else:
        prefix, temporary = Path(tempfile.mkdtemp(prefix="storymap-deploy-nginx-")), True
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "temp" / kind).mkdir(parents=True)
    if user is not None:
        prefix.chmod(0o755)
        for dirpath, dirnames, filenames in os.walk(prefix):
            for name in [dirpath, *(os.path.join(dirpath, n) for n in dirnames + filenames)]:
                os.chown(name, *user)
    return prefix, temporary


# --- the supervisor (foreground mode; `up` runs it detached) -----------------------------------


class Supervisor:
    """Owns nginx and the replicas: starts them, watches them, stops them on SIGTERM/SIGINT."""

    def __init__(self, args):
        self.args = args
        self.run_dir: Path = args.run_dir
        self.procs: dict[str, subprocess.Popen] = {}
        self.state: dict = {}
        self.stopping = False
        self.secret = secrets.token_hex(32)

    # state
    def save(self, **changes) -> None:
        self.state.update(changes)
        write_state(self.run_dir, self.state)

    def _on_signal(self, signum, _frame) -> None:
        self.stopping = True

    # replicas
    def _spawn_replica(self, rep: dict) -> None:
        args = self.args
        logf = open(self.run_dir / f"{rep['name']}.log", "a")
        rep["log_from"] = logf.tell()  # this start's part of the log (a restart appends)
        env = dict(os.environ, STREAMLIT_SERVER_COOKIE_SECRET=self.secret, STORYMAP_REPLICA=rep["name"])
        # the app through its warm launcher (components/ui/serve.py, as start.sh): each replica
        # fills its caches while it starts, so no visitor's first view waits for them
        cmd = server_command(ROOT / args.app, rep["port"], python=args.python)
        proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                                env=env, process_group=0)
        logf.close()
        self.procs[rep["name"]] = proc
        rep.update(record(proc), alive=True, healthy=False, exit=None, exited_at=None)

    def start_replicas(self) -> None:
        reps = [{"name": f"r{i + 1}", "port": free_port(), "log": str(self.run_dir / f"r{i + 1}.log")}
                for i in range(self.args.replicas)]
        self.state["replicas"] = reps
        for rep in reps:
            self._spawn_replica(rep)
        self.save()
        for rep in reps:
            for attempt in range(3):
                if self._wait_replica(rep):
                    break
                text = Path(rep["log"]).read_text(errors="replace")
                if "already in use" not in text or attempt == 2:
                    raise RuntimeError(f"replica {rep['name']} did not start; see {rep['log']}:\n{text[-2000:]}")
                rep["port"] = free_port()  # another process took the port between our bind and streamlit's
                self._spawn_replica(rep)
            rep["healthy"] = True
            self.save()
            log(f"replica {rep['name']} up on 127.0.0.1:{rep['port']} (pid {rep['pid']})")

    def _wait_replica(self, rep: dict) -> bool:
        proc = self.procs[rep["name"]]
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and not self.stopping:
            if proc.poll() is not None:
                return False
            if healthy(f"http://127.0.0.1:{rep['port']}/_stcore/health") and self._warmed(rep):
                return True
            time.sleep(0.3)
        if self.stopping:
            raise RuntimeError("stopped while starting")
        raise RuntimeError(f"replica {rep['name']} not healthy within {START_TIMEOUT:.0f} s; see {rep['log']}")

    def _warmed(self, rep: dict) -> bool:
        """A replica started through the warm launcher counts as up once its warm-up has logged
        its end (done or failed), not at its first health check: no reader of a fresh replica
        waits for its caches."""
        if self.args.app != "app.py" or not warming():
            return True
        try:
            with open(rep["log"], "rb") as f:
                f.seek(rep.get("log_from", 0))
                return b"storymap-warm " in f.read()
        except OSError:
            return False

    # nginx
    def start_nginx(self) -> None:
        args = self.args
        user = _nobody()
        prefix, temporary = nginx_prefix(self.run_dir, user)
        static = STATIC_DIR if (user is None or _others_can_read_tree(STATIC_DIR)) else None
        if static is None:
            log(f"nginx (as nobody) cannot read {STATIC_DIR}: /app/static/ is proxied to the replicas")
        replicas = [nginx_conf.Replica(r["name"], r["port"]) for r in self.state["replicas"]]
        conf = prefix / "nginx.conf"
        fixed = args.port != 0
        for attempt in range(3):
            port = args.port if fixed else free_port(args.listen)
            conf.write_text(nginx_conf.render(listen=args.listen, port=port, replicas=replicas, prefix=prefix,
                                              static_dir=static))
            if user:
                os.chown(conf, *user)
            cmd = [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
            extra = {"user": user[0], "group": user[1], "extra_groups": []} if user else {}
            with open(prefix / "stderr.log", "ab") as err_out:
                proc = subprocess.Popen(cmd, cwd=prefix, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=err_out, process_group=0, **extra)
            host = "127.0.0.1" if args.listen in ("0.0.0.0", "*") else args.listen
            url = f"http://{host}:{port}"
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and proc.poll() is None and not healthy(url + nginx_conf.PROXY_HEALTH):
                time.sleep(0.1)
            if proc.poll() is None and healthy(url + nginx_conf.PROXY_HEALTH):
                break
            proc.kill()
            proc.wait()
            err = (prefix / "error.log").read_text(errors="replace") if (prefix / "error.log").exists() else ""
            if fixed or "Address already in use" not in err or attempt == 2:
                if temporary:
                    shutil.rmtree(prefix, ignore_errors=True)
                raise RuntimeError(f"nginx did not start on {args.listen}:{port}:\n{err[-2000:]}")
        self.procs["nginx"] = proc
        self.save(url=url, nginx={**record(proc), "port": port, "listen": args.listen, "prefix": str(prefix),
                                  "temporary_prefix": temporary, "static": static is not None,
                                  "user": "nobody" if user else pwd.getpwuid(os.getuid()).pw_name},
                  access_log=str(prefix / "access.log"), error_log=str(prefix / "error.log"))
        log(f"nginx up on {args.listen}:{port} (pid {proc.pid}, as {self.state['nginx']['user']}), prefix {prefix}")

    # the run
    def run(self) -> int:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):  # Ctrl-C, down, a closed terminal
            signal.signal(sig, self._on_signal)
        self.save(status="starting", started=now(), supervisor={"pid": os.getpid(), "start": proc_start_time(os.getpid())},
                  project=str(ROOT), run_dir=str(self.run_dir), replicas=[], events=[])
        try:
            self.start_replicas()
            self.start_nginx()
        except Exception as exc:  # noqa: BLE001 - reported in the state and the log, then all is stopped
            log(f"start failed: {exc}")
            self.save(status="failed", error=str(exc))
            self.stop()
            self.save(status="failed")
            return 1
        self.save(status="up")
        print(self.state["url"], flush=True)
        log(f"up: {self.state['url']} -> {', '.join(r['name'] + ' :' + str(r['port']) for r in self.state['replicas'])}")
        code = self.watch()
        self.stop()
        return code

    def event(self, text: str) -> None:
        log(text)
        self.state["events"].append(f"{now()} {text}")
        self.save()

    def watch(self) -> int:
        next_health = time.monotonic() + HEALTH_EVERY
        while not self.stopping:
            nginx = self.procs["nginx"]
            if nginx.poll() is not None:
                self.event(f"nginx (pid {nginx.pid}) exited with code {nginx.returncode}; stopping the replicas")
                self.state["nginx"]["exit"] = nginx.returncode
                return 1
            for rep in self.state["replicas"]:
                proc = self.procs[rep["name"]]
                if rep["alive"] and proc.poll() is not None:
                    rep.update(alive=False, healthy=False, exit=proc.returncode, exited_at=now())
                    left = [r["name"] for r in self.state["replicas"] if r["alive"]]
                    self.event(f"replica {rep['name']} (pid {proc.pid}, port {rep['port']}) exited with code "
                               f"{proc.returncode}; nginx sends its browsers to {', '.join(left) or 'nobody'}")
            if time.monotonic() >= next_health:
                next_health = time.monotonic() + HEALTH_EVERY
                for rep in self.state["replicas"]:
                    if rep["alive"]:
                        ok = healthy(f"http://127.0.0.1:{rep['port']}/_stcore/health", timeout=3)
                        if ok != rep["healthy"]:
                            rep["healthy"] = ok
                            self.event(f"replica {rep['name']} {'healthy again' if ok else 'fails its health check'}")
            time.sleep(0.3)
        return 0

    def stop(self) -> None:
        self.save(status="stopping")
        nginx = self.procs.get("nginx")
        if nginx is not None and nginx.poll() is None:
            nginx.send_signal(signal.SIGQUIT)  # graceful: open websockets get worker_shutdown_timeout
            _wait_or_kill(nginx, 15)
        for name, proc in self.procs.items():
            if name != "nginx" and proc.poll() is None:
                proc.terminate()
        for name, proc in self.procs.items():
            if name != "nginx":
                _wait_or_kill(proc, 20)
        for rep in self.state.get("replicas", []):
            proc = self.procs.get(rep["name"])
            if rep.get("alive") and proc is not None:
                rep.update(alive=False, exit=proc.returncode, stopped=True)
        if nginx is None or nginx.poll() is not None:
            drop_temporary_prefix(self.state, self.run_dir)
        self.save(status="down", stopped=now())
        log("down")


def _wait_or_kill(proc: subprocess.Popen, timeout: float) -> None:
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


# --- commands ----------------------------------------------------------------------------------


def cmd_up(args) -> int:
    if not 1 <= args.replicas <= MAX_REPLICAS:
        raise SystemExit(f"--replicas must be 1..{MAX_REPLICAS}")
    if not Path(NGINX).exists():
        raise SystemExit(f"nginx not found at {NGINX} (Debian: apt-get install nginx; or set NGINX=)")
    args.run_dir = args.run_dir.resolve()
    old = read_state(args.run_dir)
    if old and any(alive(p) for p in [old.get("supervisor", {}), old.get("nginx") or {}, *old.get("replicas", [])]):
        raise SystemExit(f"already running at {old.get('url')} (run dir {args.run_dir}); `deploy/run.py down` first")
    if args.foreground:
        return Supervisor(args).run()
    args.run_dir.mkdir(parents=True, exist_ok=True)
    (args.run_dir / "state.json").unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "up", "--foreground", "--replicas", str(args.replicas),
           "--port", str(args.port), "--listen", args.listen, "--run-dir", str(args.run_dir),
           "--python", args.python, "--app", args.app]
    with open(args.run_dir / "supervisor.log", "w") as out:
        sup = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT * 3 + 30
    while time.monotonic() < deadline:
        state = read_state(args.run_dir) or {}
        if state.get("status") == "up":
            print(state["url"], flush=True)
            reps = ", ".join(f"{r['name']} 127.0.0.1:{r['port']} pid {r['pid']}" for r in state["replicas"])
            log(f"nginx pid {state['nginx']['pid']} -> {reps}; state {args.run_dir / 'state.json'}")
            return 0
        if sup.poll() is not None or state.get("status") == "failed":
            sup.wait()
            tail = (args.run_dir / "supervisor.log").read_text(errors="replace")[-3000:]
            raise SystemExit(f"deploy did not start (supervisor exit {sup.returncode}):\n{tail}")
        time.sleep(0.3)
    os.kill(sup.pid, signal.SIGTERM)
    raise SystemExit(f"deploy not up within the time limit; see {args.run_dir / 'supervisor.log'}")


def drop_temporary_prefix(state: dict, run_dir: Path) -> None:
    """Once nginx is stopped: a prefix made in the system temp dir goes, its logs are kept
    beside the state (``nginx-logs/``)."""
    nginx = state.get("nginx") or {}
    if nginx.get("temporary_prefix") and Path(nginx["prefix"]).is_dir():
        keep = run_dir / "nginx-logs"
        keep.mkdir(exist_ok=True)
        for name in ("access.log", "error.log"):
            if (Path(nginx["prefix"]) / name).exists():
                shutil.copy(Path(nginx["prefix"]) / name, keep / name)
        shutil.rmtree(nginx["prefix"], ignore_errors=True)
        state["access_log"], state["error_log"] = str(keep / "access.log"), str(keep / "error.log")


def children(pid: int) -> list[int]:
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                text = (p / "stat").read_text()
            except OSError:
                continue
            if int(text[text.rindex(")") + 2:].split()[1]) == pid:
                out.append(int(p.name))
    return out


def _terminate(proc: dict, name: str, sig: int, wait: float) -> str | None:
    """Stop a recorded process that is still ours; kill it if it does not go. Returns what was done."""
    if not alive(proc):
        return None
    workers = [{"pid": c, "start": proc_start_time(c)} for c in children(proc["pid"])]
    os.kill(proc["pid"], sig)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and alive(proc):
        time.sleep(0.1)
    done = f"stopped {name} (pid {proc['pid']})"
    if alive(proc):
        os.kill(proc["pid"], signal.SIGKILL)
        done = f"killed {name} (pid {proc['pid']}): it did not stop in {wait:.0f} s"
    for w in workers:
        if alive(w):
            os.kill(w["pid"], signal.SIGKILL)
    return done


def cmd_down(args) -> int:
    run_dir = args.run_dir.resolve()
    state = read_state(run_dir)
    if state is None:
        print(f"nothing runs from {run_dir}")
        return 0
    sup = state.get("supervisor", {})
    if alive(sup):
        os.kill(sup["pid"], signal.SIGTERM)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and alive(sup):
            time.sleep(0.2)
    state = read_state(run_dir) or state
    # whatever the supervisor left (it was killed, or stopping timed out): by recorded pid only
    leftovers = []
    if state.get("nginx"):
        leftovers.append(_terminate(state["nginx"], "nginx", signal.SIGQUIT, 10))
    for rep in state.get("replicas", []):
        leftovers.append(_terminate(rep, f"replica {rep['name']}", signal.SIGTERM, 20))
    leftovers.append(_terminate(sup, "supervisor", signal.SIGKILL, 5))
    for text in filter(None, leftovers):
        print(text)
    still = [n for n, p in [("nginx", state.get("nginx") or {}), ("supervisor", sup),
                            *((r["name"], r) for r in state.get("replicas", []))] if alive(p)]
    if not alive(state.get("nginx") or {}):
        drop_temporary_prefix(state, run_dir)
    died = [r for r in state.get("replicas", []) if r.get("exit") is not None and not r.get("stopped")]
    for r in died:
        print(f"replica {r['name']} had exited with code {r['exit']} at {r.get('exited_at')}")
    state["status"] = "down" if not still else "stuck"
    write_state(run_dir, state)
    if still:
        print(f"still running: {', '.join(still)}", file=sys.stderr)
        return 1
    print(f"down: nginx and {len(state.get('replicas', []))} replicas stopped, nothing left running")
    return 0


def cmd_status(args) -> int:
    state = read_state(args.run_dir.resolve())
    if state is None or not alive(state.get("supervisor", {})):
        if args.json:
            print(json.dumps(state))
        else:
            print(f"not running ({'last status: ' + state.get('status', '?') if state else 'no state'})")
        return 3
    if args.json:
        print(json.dumps(state, indent=2))
    else:
        print(f"{state['status']}: {state.get('url')}  nginx pid {state.get('nginx', {}).get('pid')}")
        for r in state["replicas"]:
            if alive(r):
                how = "up, healthy" if r["healthy"] else "up, failing its health check"
            elif r.get("exit") is None:
                how = "DEAD (the supervisor has not seen it exit yet)"
            else:
                how = f"DEAD (exit code {r['exit']} at {r['exited_at']})"
            print(f"  {r['name']} 127.0.0.1:{r['port']} pid {r['pid']}: {how}")
        for e in state.get("events", []):
            print(f"  event: {e}")
    return 0 if all(alive(r) for r in state["replicas"]) else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start nginx and the replicas")
    up.add_argument("--replicas", type=int, default=2)
    up.add_argument("--port", type=int, default=0, help="nginx's port; 0 picks a free one")
    up.add_argument("--listen", default="127.0.0.1", help="nginx's address (0.0.0.0 for a load balancer)")
    up.add_argument("--foreground", action="store_true", help="stay in this terminal; Ctrl-C stops everything")
    up.add_argument("--python", default=default_python(), help="the Python with streamlit (default .venv)")
    up.add_argument("--app", default="app.py", help="the Streamlit script, relative to the project")
    for name, p in (("down", sub.add_parser("down", help="stop everything")),
                    ("status", sub.add_parser("status", help="what runs"))):
        if name == "status":
            p.add_argument("--json", action="store_true")
    for p in sub.choices.values():
        p.add_argument("--run-dir", type=Path, default=DEFAULT_RUN_DIR, help="state, logs and nginx's folder")
    args = ap.parse_args(argv)
    return {"up": cmd_up, "down": cmd_down, "status": cmd_status}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
