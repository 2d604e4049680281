"""Shared fixtures: the real geodata and story, a real Streamlit server, a real offline Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_STORY = ROOT / "stories" / "tajik-police-base.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "tests" / "output"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}

sys.path.insert(0, str(ROOT))


def reader_click(at, kind: str, ident: str):
    """A click on one of the reader's buttons (``markup.passage_actions_html``: ``kind`` "passage"
    for "Show ¶N on the map", "place" for a place name) as the page runtime sends it: the map
    component's value, as a map click (AppTest cannot click HTML; the browser tests click the
    buttons). Returns ``at``, to ``.run()``."""
    from components.ui.folium_component import ACTION, CLICK_COUNT, CLICK_TOOLTIP

    seen = at.session_state["map_click_seen"] if "map_click_seen" in at.session_state else None
    at.session_state["map-" + at.session_state["sel_story"]] = {
        CLICK_TOOLTIP: f"button #{ident}", CLICK_COUNT: (seen or 0) + 1, ACTION: kind}
    return at


@pytest.fixture(scope="session")
def geodata():
    from components.geo.geodata import load_geodata

    return load_geodata()


@pytest.fixture(scope="session")
def story():
    from components.story.model import load_story

    return load_story(SEED_STORY)


@pytest.fixture(scope="session")
def spec(story, geodata):
    from components.map.spec import build_map_spec

    return build_map_spec(story, geodata)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(app: Path = ROOT / "app.py", cwd: Path = ROOT, timeout: float = 60.0,
                 env: dict | None = None, port: int | None = None, warm: bool = False):
    """Start `streamlit run` on loopback; return (process, base_url) once it is healthy.

    ``env`` adds environment variables (e.g. STORYMAP_STORIES); ``port`` reuses a port (a restart);
    ``warm``: through the launcher start.sh uses (components/ui/serve.py), which fills the caches
    while the server starts."""
    restart = port is not None
    port = port or _free_port()
    from components.ui.serve import server_command

    cmd = server_command(app, port, warm=warm)
    log = open(ARTIFACTS / f"server-{port}.log", "a" if restart else "w")
    env = dict(os.environ, STORYMAP_TIMING="1", **(env or {}))
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    proc.log_path = Path(log.name)
                    return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy in time")


def stop_server(proc) -> None:
    """Stop a server started by ``start_server``; kill it if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


class Server(str):
    """The base URL, with the server's log (script runs are logged as 'storymap-run ms=..')."""

    log_path: Path

    def runs(self) -> int:
        return self.log_path.read_text().count("storymap-run ")


@pytest.fixture(scope="session")
def app_server(artifacts):
    proc, url = start_server(warm=True)  # as start.sh runs it
    server = Server(url)
    server.log_path = proc.log_path
    yield server
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    pw = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; run .ci/run (it installs Debian's chromium)")
    with pw.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


from components.ui.folium_component import MAP_FRAME  # noqa: E402  one definition: app, tests, bench


def open_app(op: "OfflinePage", url: str, timeout: float = 60_000):
    """Load the app in an offline page; return (page, map frame) once the story map is drawn."""
    page = op.page
    page.goto(url)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=timeout)
    return page, frame


class OfflinePage:
    """A page whose every non-loopback request is aborted (and recorded)."""

    def __init__(self, page):
        self.page = page
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        page.route("**/*", self._route)
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:", "file:")) or urlparse(url).hostname in LOOPBACK:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


@pytest.fixture
def offline_page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 950})
    page = context.new_page()
    yield OfflinePage(page)
    context.close()
