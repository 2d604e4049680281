"""deploy/run.py: real nginx (the Debian binary) in front of 2 real Streamlit replicas, driven by a
real offline Chromium through the proxy.

One deployment for the module (starting replicas is the slow part); the last test kills a
replica and takes everything down, so the tests run in file order.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import MAP_FRAME, ROOT, OfflinePage, open_app

sys.path.insert(0, str(ROOT))
from deploy.nginx_conf import COOKIE, PROXY_HEALTH, REPLICA_HEADER  # noqa: E402
from deploy.run import children  # noqa: E402
from deploy.state import access_log, alive, read_state, websocket_sessions  # noqa: E402

RUN = [sys.executable, str(ROOT / "deploy" / "run.py")]
NGINX = "/usr/sbin/nginx"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx not installed (.ci/run installs it)")]


@dataclass
class Deployment:
    url: str
    run_dir: Path
    smoke_replica: str | None = None  # where the smoke test's browser was served
    warm_at_up: dict | None = None  # replica -> its log had the warm-up's end when `up` returned

    @property
    def state(self) -> dict:
        return read_state(self.run_dir)

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([*RUN, *args, "--run-dir", str(self.run_dir)], capture_output=True, text=True,
                              timeout=timeout)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("deploy")
    up = subprocess.run([*RUN, "up", "--replicas", "2", "--port", "0", "--run-dir", str(run_dir)],
                        capture_output=True, text=True, timeout=400)
    assert up.returncode == 0, up.stdout + up.stderr
    d = Deployment(up.stdout.splitlines()[0], run_dir)
    d.warm_at_up = {r["name"]: "storymap-warm ms=" in Path(r["log"]).read_text(errors="replace")
                    for r in d.state["replicas"]}
    yield d
    d.run("down")  # the last test already did; stops everything if a test failed before it


def _get(url: str, cookie: str | None = None):
    req = urllib.request.Request(url, headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {})
    with urllib.request.urlopen(req, timeout=30) as r:
        headers = dict(r.headers)
        headers["Set-Cookie"] = [c for c in r.headers.get_all("Set-Cookie") or [] if c.startswith(f"{COOKIE}=")]
        return r.status, headers, r.read()


def _route_key(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == COOKIE)


def _sessions_of(d: Deployment, page, key: str, n: int) -> list:
    """The websocket sessions nginx logged for one browser (logged when they close): wait for n.

    ``page`` is open on about:blank, only to wait on."""
    found = []
    for _ in range(100):
        found = [ln for ln in websocket_sessions(access_log(d.state)) if ln.key == key]
        if len(found) >= n:
            break
        page.wait_for_timeout(200)
    return found


def test_smoke_through_nginx_marker_passage_reconnect_reload_on_one_replica(deployment, browser, artifacts):
    d = deployment
    context = browser.new_context(viewport={"width": 1500, "height": 950})
    page = context.new_page()
    op = OfflinePage(page)
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page, frame = open_app(op, d.url)

    # a marker click: the popup opens, the passage lights, the server's rerun answers (the websocket)
    frame.locator(".sm-pin[title^='Planned police base']").click()
    page.locator("#passage-p4.sm-active").wait_for(timeout=20_000)
    page.locator(".sm-panel[data-place='police-base']").wait_for(timeout=30_000)
    # a passage click: the map shows its places
    page.get_by_role("button", name="Show ¶13 on the map").click()
    sel = "tajik-afghan-border tajikistan afghanistan"
    frame.locator(f".leaflet-container[data-selected='{sel}']").wait_for(timeout=30_000)
    page.locator("#passage-p13.sm-active").wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('passage=p13')", timeout=30_000)
    page.screenshot(path=str(artifacts / "deploy-after-passage-click.png"))
    key = _route_key(context)

    # a websocket reconnect: reloading nginx's config closes the old worker's connections after
    # worker_shutdown_timeout; the browser reconnects through the new worker, to the same replica
    os.kill(d.state["nginx"]["pid"], signal.SIGHUP)
    for _ in range(150):
        if len(sockets) == 2:
            break
        page.wait_for_timeout(200)
    assert len(sockets) == 2, "the browser did not reconnect after nginx closed its websocket"
    page.get_by_role("button", name="Show ¶4 on the map").click()  # answered over the new websocket
    page.wait_for_function("() => location.search.includes('passage=p4')", timeout=30_000)
    page.locator("#passage-p4.sm-active").wait_for(timeout=30_000)
    frame.locator(f".leaflet-container:not([data-selected='{sel}'])").wait_for(timeout=30_000)
    sel = frame.locator(".leaflet-container").get_attribute("data-selected")  # p4's places

    # a reload: a new websocket, to the same replica, and the selection comes back from the URL
    page.reload()
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(f".leaflet-container[data-story-ready='1'][data-selected='{sel}']").wait_for(timeout=60_000)
    assert page.locator("#passage-p4.sm-active").count() == 1
    assert _route_key(context) == key  # the cookie is kept, not re-issued
    page.goto("about:blank")  # closes the websocket: nginx logs it

    nginx_port = d.state["nginx"]["port"]
    assert len(sockets) == 3 and all(u.startswith(f"ws://127.0.0.1:{nginx_port}/_stcore/stream") for u in sockets), sockets
    sessions = _sessions_of(d, page, key, 3)  # first load, reconnect, reload
    context.close()
    assert len(sessions) == 3, f"nginx logged {sessions} for key {key}"
    replica = sessions[0].replica
    assert replica in {"r1", "r2"} and {s.replica for s in sessions} == {replica}, sessions
    d.smoke_replica = replica  # the next test opens the app on the other one
    # every request of this browser that a replica answered went to that replica
    proxied = {ln.replica for ln in access_log(d.state) if ln.key == key and ln.replica != "-"}
    assert proxied == {replica}, proxied
    assert not op.blocked, op.blocked  # nothing left the machine


def test_two_browsers_land_on_different_replicas(deployment, browser):
    d = deployment
    # fresh browser contexts (fresh cookies) until both replicas have one: each is 50:50, so at most
    # 2 * 2**-20 of runs need more than 20
    first: dict[str, object] = {}
    contexts = []
    for _ in range(20):
        ctx = browser.new_context(viewport={"width": 1200, "height": 900})
        contexts.append(ctx)
        r = ctx.request.get(d.url + "/")
        assert r.ok
        first.setdefault(r.headers[REPLICA_HEADER.lower()], ctx)
        if len(first) == 2:
            break
    assert set(first) == {"r1", "r2"}
    # the app on the replica the smoke test did not use (on both when this test runs alone)
    pages = {name: OfflinePage(ctx.new_page()) for name, ctx in first.items() if name != d.smoke_replica}
    for op in pages.values():
        op.page.goto(d.url, wait_until="commit")
    keys = {}
    for name, op in pages.items():
        open_app(op, d.url)  # both apps draw their map, each served by its replica
        keys[name] = _route_key(first[name])
    for op in pages.values():
        op.page.goto("about:blank")  # closes the websockets: nginx logs them
    for name, key in keys.items():
        sessions = _sessions_of(d, pages[name].page, key, 1)
        assert sessions and {s.replica for s in sessions} == {name}, (name, sessions)
    for ctx in contexts:
        ctx.close()


def test_health_static_and_an_unprivileged_nginx(deployment):
    d = deployment
    state = d.state
    status, headers, body = _get(d.url + "/_stcore/health")
    assert (status, body) == (200, b"ok") and headers[REPLICA_HEADER] in {"r1", "r2"}
    assert len(headers["Set-Cookie"]) == 1  # the route cookie, beside Streamlit's own
    status, _, body = _get(d.url + PROXY_HEALTH)
    assert (status, body) == (200, b"ok\n")
    # a cookie that is not one nginx issued is replaced, not used as a route key
    _, headers, _ = _get(d.url + "/_stcore/health", cookie="../../etc")
    assert len(headers["Set-Cookie"]) == 1 and "etc" not in headers["Set-Cookie"][0]
    _, headers, _ = _get(d.url + "/_stcore/health", cookie="0123456789abcdef0123456789abcdef")
    assert headers["Set-Cookie"] == []  # a valid one is kept
    # static files: the same bytes as the project's static/, from nginx itself when it can read them
    status, headers, body = _get(d.url + "/app/static/leaflet/leaflet.js")
    assert status == 200 and body == (ROOT / "static" / "leaflet" / "leaflet.js").read_bytes()
    if state["nginx"]["static"]:  # nginx read static/ itself (else a replica served it)
        assert headers[REPLICA_HEADER] == "nginx" and headers["Content-Type"] == "application/javascript"
        assert headers["X-Content-Type-Options"] == "nosniff"  # as Streamlit's static serving
    if os.geteuid() == 0:  # started by root: nginx still runs as nobody, master and workers
        pids = [state["nginx"]["pid"], *children(state["nginx"]["pid"])]
        uids = {Path(f"/proc/{p}/status").read_text().split("Uid:")[1].split()[0] for p in pids}
        assert len(pids) >= 2 and "0" not in uids, uids
    conf = Path(state["nginx"]["prefix"]) / "nginx.conf"
    assert "/etc/nginx" not in conf.read_text() and "hash $sm_key consistent" in conf.read_text()
    # each replica runs the warm launcher and had filled its caches when `up` returned
    assert d.warm_at_up == {"r1": True, "r2": True}


def test_a_dead_replica_is_reported_then_down_leaves_nothing(deployment):
    d = deployment
    state = d.state
    r2 = next(r for r in state["replicas"] if r["name"] == "r2")
    os.kill(r2["pid"], signal.SIGKILL)
    dead = f"r2 127.0.0.1:{r2['port']} pid {r2['pid']}: DEAD (exit code -9"
    for _ in range(50):  # the supervisor records the exit code within a second
        status = d.run("status")
        if dead in status.stdout:
            break
        time.sleep(0.2)  # no browser in this test
    assert status.returncode == 1 and dead in status.stdout, status.stdout
    assert any("replica r2" in e and "exited with code -9" in e for e in d.state["events"])
    # nginx sends every browser to the replica left, the ones whose key hashed to r2 too
    for _ in range(6):
        status_code, headers, _ = _get(d.url + "/")
        assert status_code == 200 and headers[REPLICA_HEADER] == "r1"

    procs = [d.state["supervisor"], d.state["nginx"], *d.state["replicas"]]
    workers = children(d.state["nginx"]["pid"])
    assert workers and all(alive(p) for p in procs if p.get("name") != "r2")
    down = d.run("down")
    assert down.returncode == 0, down.stdout + down.stderr
    assert "replica r2 had exited with code -9" in down.stdout
    assert not [p for p in procs if alive(p)]
    assert not [w for w in workers if Path(f"/proc/{w}").exists()]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", d.state["nginx"]["port"]), timeout=2).close()
    assert json.loads((d.run_dir / "state.json").read_text())["status"] == "down"
    assert d.run("status").returncode == 3  # not running


def test_foreground_mode_stops_everything_on_ctrl_c(tmp_path):
    run_dir = tmp_path / "fg"
    proc = subprocess.Popen([*RUN, "up", "--foreground", "--replicas", "1", "--run-dir", str(run_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = proc.stdout.readline().strip()  # printed once nginx and the replica answer
        assert url.startswith("http://127.0.0.1:"), url
        assert _get(url + "/_stcore/health")[2] == b"ok"
        state = read_state(run_dir)
        procs = [state["nginx"], *state["replicas"]]
        assert state["status"] == "up" and all(alive(p) for p in procs)
        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert proc.wait(60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            subprocess.run([*RUN, "down", "--run-dir", str(run_dir)], timeout=120)
    assert not [p for p in procs if alive(p)]
    assert read_state(run_dir)["status"] == "down"
