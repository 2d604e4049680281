"""Shared by the benchmark scripts: servers on loopback, offline Chromium, statistics."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "output"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from conftest import CHROMIUM, CHROMIUM_ARGS, LOOPBACK, MAP_FRAME  # noqa: E402  one definition, shared with the tests
from components.ui.serve import server_command  # noqa: E402  (stdlib only at import)
READY = ".leaflet-container[data-story-ready='1']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def has_launcher(root: Path) -> bool:
    """Whether a checkout has the warm launcher (components/ui/serve.py; older ones do not)."""
    return (Path(root) / "components" / "ui" / "serve.py").is_file()


def launch_command(app: Path, port: int) -> list[str]:
    """How the app is started (components/ui/serve.py ``server_command``: a checkout's ``app.py``
    through its warm launcher, as start.sh; the naive app or an older checkout with ``streamlit
    run``). ``STORYMAP_WARM=0`` makes the launcher start cold."""
    cmd = server_command(Path(app), port)
    if "components.ui.serve" not in cmd:
        # the naive app keeps Streamlit's default of a full gc.collect after each run (the
        # project's .streamlit/config.toml turns it off for the app)
        cmd += ["--runner.postScriptGC", "true"]
    return cmd


def serve_naive_static() -> None:
    """Streamlit serves ``<script folder>/static``: bench/naive_app.py needs the project's."""
    static = ROOT / "bench" / "static"
    if not static.exists():
        static.symlink_to(ROOT / "static", target_is_directory=True)


class Server:
    """The app (``launch_command``) on loopback with STORYMAP_TIMING=1; runs are read from its
    log. Run from ``cwd``: the checkout whose ``components`` the launcher imports."""

    def __init__(self, app: Path, env: dict | None = None, timeout: float = 90.0, cwd: Path = ROOT):
        OUT.mkdir(parents=True, exist_ok=True)
        port = free_port()
        self.log_path = OUT / f"server-{port}.log"
        self._log = open(self.log_path, "w")
        cmd = launch_command(app, port)
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT,
                                     env=dict(os.environ, STORYMAP_TIMING="1", **(env or {})))
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("streamlit did not become healthy in time")

    def runs(self) -> list[float]:
        out = []
        for line in self.log_path.read_text().splitlines():
            if line.startswith("storymap-run ms="):
                out.append(float(line.split()[1].split("=")[1]))
        return out

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


def offline_page(browser, counters: dict | None = None, viewport=(1500, 950)):
    """A page whose non-loopback requests are aborted; counts HTTP and websocket bytes."""
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = ctx.new_page()
    c = counters if counters is not None else {}
    c.setdefault("http", 0)
    c.setdefault("ws", 0)
    c.setdefault("blocked", 0)

    def route(r):
        url = r.request.url
        if url.startswith(("data:", "blob:", "about:", "file:")) or urlparse(url).hostname in LOOPBACK:
            r.continue_()
        else:
            c["blocked"] += 1
            r.abort()

    def finished(req):
        try:
            s = req.sizes()
            c["http"] += s["responseBodySize"] + s["responseHeadersSize"]
        except Exception:  # noqa: BLE001 - a request torn down with its page
            pass

    page.route("**/*", route)
    page.on("requestfinished", finished)
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: c.__setitem__(
        "ws", c["ws"] + (len(f) if isinstance(f, (bytes, str)) else 0))))
    return ctx, page


def launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def med(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def pct(values: list[float], q: float) -> float:
    """The q-quantile by nearest rank (q=0.95: p95)."""
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


def fmt(values: list[float], unit: str, digits: int = 0) -> str:
    if not values:
        return "n/a"
    m = statistics.median(values)
    if len(values) == 1:
        return f"{m:,.{digits}f} {unit} (n=1)"
    return f"{m:,.{digits}f} {unit} [{min(values):,.{digits}f}-{max(values):,.{digits}f}] n={len(values)}"


def ratio(naive: list[float], ours: list[float]) -> str:
    """How many times the baseline's median is of ours (>1: we are faster/smaller)."""
    a, b = med(naive), med(ours)
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:,.1f}x"


# --- latency measured inside the page: from the DOM click event to the DOM change ---------------
# (Playwright's own click takes 40-150 ms of actionability checks: not the user's wait.) Times are
# absolute (performance.timeOrigin + now()), comparable across the app page and the map frame.
_ARM = """([frameCss, inMap]) => {
  const now = (w) => w.performance.timeOrigin + w.performance.now();
  const frames = () => Array.from(document.querySelectorAll(frameCss));
  window.__smClickAt = null;
  const target = inMap ? frames().pop().contentWindow : window;
  target.addEventListener("click", () => { if (window.__smClickAt === null) { window.__smClickAt = now(target); } },
                          { capture: true, once: true });
  window.__smWatch = {};
  return true;
}"""
_WATCH = """([name, css, inMap, text, frameCss]) => {
  const now = () => performance.timeOrigin + performance.now();
  const frames = () => Array.from(document.querySelectorAll(frameCss));
  const ok = (el) => !!el && (!text || el.textContent.includes(text));
  window.__smWatch[name] = new Promise((resolve) => {
    const check = () => {
      if (inMap) {
        for (const f of frames()) {
          try { if (f.contentDocument && ok(f.contentDocument.querySelector(css))) { return true; } } catch (e) {}
        }
        return false;
      }
      return ok(document.querySelector(css));
    };
    const tick = () => { if (check()) { resolve(now()); } else { setTimeout(tick, 4); } };
    tick();
  });
  return true;
}"""


def arm(page, click_in_map: bool, watches: dict[str, tuple]) -> None:
    """Before a click: note the click's time, and when each (css, in_map[, text]) first matches."""
    page.evaluate(_ARM, [MAP_FRAME, click_in_map])
    for name, (css, in_map, *text) in watches.items():
        page.evaluate(_WATCH, [name, css, in_map, text[0] if text else "", MAP_FRAME])


def latency(page, name: str, timeout_ms: int = 30_000) -> float:
    """ms from the click to the watch ``name`` matching (waits for it)."""
    return page.evaluate(
        """([name, timeout]) => Promise.race([
             window.__smWatch[name].then((t) => {
               // a click the page never saw (the naive app's remount swallowed it) is a lost click
               if (window.__smClickAt === null) { throw new Error("click not seen: " + name); }
               return t - window.__smClickAt;
             }),
             new Promise((_, reject) => setTimeout(() => reject(new Error("timeout: " + name)), timeout))])""",
        [name, timeout_ms])
