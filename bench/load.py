"""Load on one app server: N real browser sessions and M protocol clients click for a fixed time.

Loopback only, bounded in count and time, stops by itself. It starts its own server (a free
port on 127.0.0.1) unless --url names one on loopback, and stops what it started.

* Protocol clients speak Streamlit's websocket protocol (the BackMsg/ForwardMsg protobufs the
  browser sends): each opens a session on the seed story and, until the time is up, selects a
  passage ("Show ¶N on the map"), a place by map click (the map component's value) or from the
  place picker, or presses Next; after each it checks that the reader lights exactly the
  passages the selection logic says, else it counts an error.
* Browser sessions (Playwright + Debian Chromium, every non-loopback request aborted) click
  markers and passages (DOM click events, so a marker moved out of view by a fly-to, or a button
  the reader is still scrolling, is still hit) and wait for the passage to light up.

Prints: sessions held, clicks served, errors (must be 0), server RSS (baseline, peak with all
sessions held, after they close; growth per session), click-to-update p50/p95/max (protocol:
request sent -> script finished with the expected page; browser: click -> passage lit).

Usage: .venv/bin/python bench/load.py [--clients 20] [--browsers 2] [--seconds 60] [--think 0.5]
Through nginx and N replicas: deploy/run.py up --replicas 2 --run-dir DIR, then add --deploy DIR.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, LOOPBACK, MAP_FRAME, SEED_STORY, start_server  # noqa: E402
from common import has_launcher  # noqa: E402  (bench/, this script's folder)

from components.map.markup import place_tooltip  # noqa: E402
from components.ui.folium_component import ACTION, CLICK_COUNT, CLICK_TOOLTIP  # noqa: E402
from components.story.selection import Selection, highlighted_passages, select_passage, select_place, step  # noqa: E402
from components.story.model import load_story  # noqa: E402

ACTIVE_RE = re.compile(r'<div class="sm-passage[^"]*\bsm-active\b[^"]*" id="passage-([a-z0-9-]+)"')
LIGHT_RE = re.compile(r'\.push\((\{"light":.*?\})\);</script>')  # what the run lights (components/ui/reader.py)
LIMITS = {"clients": 200, "browsers": 10, "seconds": 600}


@dataclass
class Stats:
    opened: int = 0
    held: int = 0
    peak_held: int = 0
    clicks: int = 0
    errors: list[str] = field(default_factory=list)
    proto_ms: list[float] = field(default_factory=list)
    proto_bytes: int = 0
    browser_ms: list[float] = field(default_factory=list)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """The process's user + system CPU time so far (/proc/PID/stat, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


# --- protocol client --------------------------------------------------------------------------


class ProtocolSession:
    """One Streamlit session over the websocket, as the browser would drive it."""

    def __init__(self, ws, story, query: str):
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        self.ws, self.story, self.query = ws, story, query
        self.WidgetState = WidgetState
        self.ids: dict[str, str] = {}
        self.map_value: dict | None = None
        self.map_count = 0
        self.cache: dict[str, object] = {}  # ForwardMsg cache, as the browser keeps it (big elements come as refs)
        self.bytes_received = 0
        self.sel = Selection()

    async def run(self, *widgets) -> tuple[float, list[str], list]:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        states = list(widgets)
        if self.map_value is not None and "map" in self.ids and not any(w.id == self.ids["map"] for w in states):
            states.append(self.WidgetState(id=self.ids["map"], json_value=json.dumps(self.map_value)))
        msg.rerun_script.widget_states.widgets.extend(states)
        msg.rerun_script.cached_message_hashes.extend(self.cache)
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        elements = []
        while True:
            data = await asyncio.wait_for(self.ws.recv(), timeout=60)
            self.bytes_received += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            if fwd.WhichOneof("type") == "ref_hash":
                fwd = self.cache[fwd.ref_hash]
            elif fwd.metadata.cacheable:
                self.cache[fwd.hash] = fwd
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                elements.append(fwd.delta.new_element)
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # a callback's st.rerun(fragments) replaced the run: its rerun follows
                ms = (time.perf_counter() - t0) * 1000
                break
        lights = [json.loads(m.group(1))["light"]["passages"] for e in elements if e.WhichOneof("type") == "html"
                  for m in LIGHT_RE.finditer(e.html.body)]
        # the reader's lighting (components/ui/reader.py); an app that lights in its passages' HTML
        # (main before issue 12: the 'before' figures) is read from that
        active = lights[-1] if lights else [m.group(1) for e in elements if e.WhichOneof("type") == "html"
                                            for m in ACTIVE_RE.finditer(e.html.body)]
        for e in elements:
            kind = e.WhichOneof("type")
            if kind == "exception":
                raise RuntimeError(f"exception in the app: {e.exception.message}")
            if kind == "button":
                self.ids[e.button.label] = e.button.id
            elif kind == "selectbox":
                self.ids[e.selectbox.label] = e.selectbox.id
            elif kind == "component_instance":
                self.ids["map"] = e.component_instance.id
        return ms, active, elements

    async def act(self, rng: random.Random) -> tuple[str, float, list[str], list[str]]:
        """One reader action; returns (what, ms, passages lit, passages expected)."""
        story = self.story
        what = rng.choice(["passage", "map", "picker", "next"])
        if what == "passage":
            i = rng.randrange(len(story.passages))
            pid = story.passages[i].id
            self.sel = select_passage(story, self.sel, pid)
            label = f"Show ¶{i + 1} on the map"
            if label in self.ids:  # an app before the reader's buttons were HTML ('before' figures)
                widget = self.WidgetState(id=self.ids[label], trigger_value=True)
            else:  # the button is HTML: the page runtime sends its click as the map's value
                self.map_count += 1
                self.map_value = {CLICK_TOOLTIP: f"{label} #{pid}", CLICK_COUNT: self.map_count, ACTION: "passage"}
                widget = self.WidgetState(id=self.ids["map"], json_value=json.dumps(self.map_value))
        elif what == "map":
            place = rng.choice(story.places)
            self.map_count += 1
            text = re.sub("<[^>]+>", "", place_tooltip(place))  # what the component reports
            self.map_value = {CLICK_TOOLTIP: text, CLICK_COUNT: self.map_count}
            self.sel = select_place(story, self.sel, place.id, fit=False)
            widget = self.WidgetState(id=self.ids["map"], json_value=json.dumps(self.map_value))
        elif what == "picker":
            place = rng.choice(story.places)
            self.sel = select_place(story, self.sel, place.id, fit=True)
            widget = self.WidgetState(id=self.ids["Go to a place"], string_value=place.name)
        else:
            self.sel = step(story, self.sel, +1)
            widget = self.WidgetState(id=self.ids["Next ▶"], trigger_value=True)
        ms, active, _ = await self.run(widget)
        return what, ms, active, highlighted_passages(story, self.sel)


async def protocol_client(n: int, ws_url: str, story, deadline: float, args, stats: Stats, release: asyncio.Event):
    from websockets.asyncio.client import connect

    rng = random.Random(n)
    try:
        async with connect(ws_url, subprotocols=["streamlit"], max_size=2**26, open_timeout=60,
                           ping_interval=None) as ws:
            stats.opened += 1
            session = ProtocolSession(ws, story, f"story={story.id}")
            _, active, _ = await session.run()
            if active:
                stats.errors.append(f"client {n}: first view lit {active}")
            stats.held += 1
            stats.peak_held = max(stats.peak_held, stats.held)
            clicks = 0
            while time.monotonic() < deadline and clicks < args.max_clicks:
                what, ms, active, expected = await session.act(rng)
                clicks += 1
                stats.clicks += 1
                stats.proto_ms.append(ms)
                stats.proto_bytes = stats.proto_bytes + session.bytes_received
                session.bytes_received = 0
                if active != expected:
                    stats.errors.append(f"client {n} {what}: lit {active}, expected {expected}")
                await asyncio.sleep(rng.uniform(0.5, 1.5) * args.think)
            await release.wait()  # hold the session until every client is done
            stats.held -= 1
    except Exception as exc:  # noqa: BLE001 - every failure is counted and printed
        stats.errors.append(f"client {n}: {type(exc).__name__}: {exc}")


# --- browser session --------------------------------------------------------------------------


async def browser_session(n: int, browser, url: str, story, deadline: float, args, stats: Stats, release: asyncio.Event):
    rng = random.Random(1000 + n)
    ctx = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await ctx.new_page()

    async def route(r):
        host = urlparse(r.request.url).hostname
        if host in LOOPBACK or r.request.url.startswith(("data:", "blob:", "about:")):
            await r.continue_()
        else:
            await r.abort()

    await page.route("**/*", route)
    page.on("pageerror", lambda exc: stats.errors.append(f"browser {n}: page error {exc}"))
    try:
        await page.goto(f"{url}/?story={story.id}", timeout=120_000)
        frame = page.frame_locator(MAP_FRAME)
        await frame.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=120_000)
        stats.opened += 1
        stats.held += 1
        stats.peak_held = max(stats.peak_held, stats.held)
        markers = ["chinese-facility", "dushanbe", "police-base", "russian-base"]
        clicks = 0
        last = "-"
        current = ""  # the selection as the URL says (?place=.. / ?passage=..): never clicked twice in a row
        while time.monotonic() < deadline and clicks < args.max_clicks:
            if rng.random() < 0.5:
                place = rng.choice([m for m in markers if f"place={m}" != current])
                name = story.place(place).name
                want, lit = f"place={place}", story.passages_of(place)[0].id
                last = f"marker {place} after {last}"
                t0 = time.perf_counter()
                # a DOM click on the marker: after a fly-to it may lie outside the map's view
                await frame.locator(f".leaflet-marker-icon[title='{name}']").first.dispatch_event("click", timeout=30_000)
            else:
                i = rng.choice([k for k, p in enumerate(story.passages) if f"passage={p.id}" != current])
                want, lit = f"passage={story.passages[i].id}", story.passages[i].id
                last = f"passage {story.passages[i].id} after {last.split(' after ')[0]}"
                t0 = time.perf_counter()
                # a DOM click too: a pointer click can land beside a button the reader is still scrolling
                await page.get_by_role("button", name=f"Show ¶{i + 1} on the map").dispatch_event("click", timeout=30_000)
            try:  # updated = the server's run is done: the URL holds the new selection and the passage is lit
                await page.wait_for_function("w => location.search.split('&').includes(w)", arg=want, timeout=30_000)
                await page.locator(f"#passage-{lit}.sm-active").wait_for(timeout=30_000)
            except Exception:
                await page.screenshot(path=str(ARTIFACTS / f"load-browser-{n}-timeout.png"))
                shown = await page.evaluate("() => [...document.querySelectorAll('.sm-passage.sm-active')].map(e => e.id)")
                raise RuntimeError(f"{last}: not {want} / {lit} lit within 30 s (lit: {shown}, url {page.url})") from None
            current = want
            stats.browser_ms.append((time.perf_counter() - t0) * 1000)
            clicks += 1
            stats.clicks += 1
            # streamlit-folium sends a map click 250 ms late (debounced): a click within that time
            # after a marker click arrives first and is overridden by it (docs/hardening.md)
            await asyncio.sleep(max(0.5, rng.uniform(0.5, 1.5) * args.think))
            last = last.split(" after ")[0]
        await release.wait()
        stats.held -= 1
    except Exception as exc:  # noqa: BLE001
        stats.errors.append(f"browser {n}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await ctx.close()


# --- through nginx: each replica's share (deploy/run.py) -----------------------------------------


class ReplicaReport:
    """--deploy RUN_DIR: load a deploy/run.py deployment through its nginx and attribute the
    sessions (nginx's access log: the websocket 101s, by replica), CPU and RSS to each replica.

    Each replica is warmed by one session straight to its own port first (not through nginx, so
    not counted), as the one-server run warms its server."""

    def __init__(self, run_dir: Path):
        import threading

        from deploy.run import children
        from deploy.state import alive, cpu_seconds, read_state

        state = read_state(run_dir)
        if not state or state.get("status") != "up" or not alive(state["supervisor"]):
            raise SystemExit(f"{run_dir}: no deployment is up (deploy/run.py up --run-dir {run_dir})")
        self.state, self.url = state, state["url"]
        self.replicas = [r for r in state["replicas"] if alive(r)]
        self.nginx = [state["nginx"]["pid"], *children(state["nginx"]["pid"])]
        story = load_story(SEED_STORY)
        for r in self.replicas:
            warm = Stats()
            asyncio.run(protocol_client(-1, f"ws://127.0.0.1:{r['port']}/_stcore/stream", story, time.monotonic() + 2,
                                        argparse.Namespace(max_clicks=3, think=0.1), warm, _set_event()))
            if warm.errors:
                raise SystemExit(f"warm-up of replica {r['name']} failed: {warm.errors[:3]}")
        log = Path(state["access_log"])
        self.offset = log.stat().st_size if log.exists() else 0
        self.log_sizes = {r["name"]: Path(r["log"]).stat().st_size for r in self.replicas}
        self.cpu0 = {r["name"]: cpu_seconds(r["pid"]) for r in self.replicas}
        self.nginx_cpu0 = sum(cpu_seconds(p) for p in self.nginx)
        self.rss0 = {r["name"]: rss_kib(r["pid"]) for r in self.replicas}
        self.peak = dict(self.rss0)
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            for r in self.replicas:
                self.peak[r["name"]] = max(self.peak[r["name"]], rss_kib(r["pid"]))

    def report(self, opened: int) -> int:
        """Print each replica's share; returns the tracebacks found in the replicas' logs."""
        from deploy.state import access_log, cpu_seconds, websocket_sessions

        self._stop.set()
        self._sampler.join()
        for _ in range(50):  # nginx logs a websocket when it closes: wait for every session's line
            sessions = websocket_sessions(access_log(self.state, self.offset))
            if len(sessions) >= opened + 1:  # + the warm-up session through nginx
                break
            time.sleep(0.2)
        failed = [ln for ln in access_log(self.state, self.offset) if ln.uri == "/_stcore/stream" and ln.status != 101]
        total = max(len(sessions), 1)
        nginx_cpu = sum(cpu_seconds(p) for p in self.nginx) - self.nginx_cpu0
        print(f"  through nginx     {self.url}: {len(sessions)} websocket sessions logged (incl. 1 warm-up), "
              f"{len(failed)} websocket requests not upgraded; nginx CPU {nginx_cpu:.1f} s")
        tracebacks = 0
        for r in self.replicas:
            name = r["name"]
            mine = [s for s in sessions if s.replica == name]
            with open(r["log"], errors="replace") as f:
                f.seek(self.log_sizes[name])
                tb = f.read().count("Traceback")
            tracebacks += tb
            print(f"  replica {name:9s} {len(mine):3d} sessions ({100 * len(mine) / total:.0f} %), "
                  f"CPU {cpu_seconds(r['pid']) - self.cpu0[name]:.1f} s, RSS {self.rss0[name] / 1024:.0f} -> "
                  f"peak {self.peak[name] / 1024:.0f} MiB, {tb} tracebacks (127.0.0.1:{r['port']}, pid {r['pid']})")
        return tracebacks


# --- the run ----------------------------------------------------------------------------------


async def sample_rss(pid: int, out: list[int], stop: asyncio.Event):
    while not stop.is_set():
        out.append(rss_kib(pid))
        try:
            await asyncio.wait_for(stop.wait(), 0.5)
        except asyncio.TimeoutError:
            pass


async def main_async(args, url: str, pid: int | None) -> Stats:
    story = load_story(SEED_STORY)
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    stats = Stats()
    # warm-up: one session loads the caches (boundaries, story, rendered map), then closes
    warm = Stats()
    await protocol_client(-1, ws_url, story, time.monotonic() + 2, argparse.Namespace(max_clicks=3, think=0.1), warm,
                          _set_event())
    if warm.errors:
        raise SystemExit(f"warm-up failed: {warm.errors[:3]}")
    await asyncio.sleep(2)
    rss = {"baseline": rss_kib(pid) if pid else 0}
    samples: list[int] = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, samples, stop)) if pid else None
    release = asyncio.Event()
    cpu0 = cpu_seconds(pid) if pid else None
    deadline = time.monotonic() + args.seconds
    tasks = [asyncio.create_task(protocol_client(i, ws_url, story, deadline, args, stats, release))
             for i in range(args.clients)]
    browser = pw = None
    if args.browsers:
        from playwright.async_api import async_playwright

        pw = await async_playwright().start()
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tasks += [asyncio.create_task(browser_session(i, browser, url, story, deadline, args, stats, release))
                  for i in range(args.browsers)]
    # the clicks' own CPU: from the moment every protocol session is open to the deadline
    while time.monotonic() < deadline and stats.held + len(stats.errors) < args.clients:
        await asyncio.sleep(0.2)
    window = (cpu_seconds(pid) if pid else None, stats.clicks, time.monotonic())
    while time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    if pid:
        stats.click_cpu = (cpu_seconds(pid) - window[0], stats.clicks - window[1], time.monotonic() - window[2])
    # everyone clicks until the deadline; then all sessions are held together for a moment
    while time.monotonic() < deadline + 5 and stats.held + len(stats.errors) < args.clients + args.browsers:
        await asyncio.sleep(0.5)
    await asyncio.sleep(max(0.0, deadline - time.monotonic()) + 1)
    rss["held"] = rss_kib(pid) if pid else 0
    stats.cpu = (cpu_seconds(pid) - cpu0) if pid else None  # sessions opening + every click of the run
    held_at_end = stats.held
    release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.seconds + 180)
    if browser:
        await browser.close()
        await pw.stop()
    await asyncio.sleep(3)
    rss["after"] = rss_kib(pid) if pid else 0
    stop.set()
    if sampler:
        await sampler
    rss["peak"] = max(samples) if samples else 0
    stats.rss = rss
    stats.held_at_end = held_at_end
    return stats


def _set_event() -> asyncio.Event:
    e = asyncio.Event()
    e.set()
    return e


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=20, help="protocol clients (websocket sessions)")
    ap.add_argument("--deploy", type=Path, help="a deploy/run.py run folder: load through its nginx, "
                    "report each replica's share of the sessions, CPU and RSS")
    ap.add_argument("--browsers", type=int, default=2, help="real Chromium sessions")
    ap.add_argument("--seconds", type=float, default=60, help="how long they click")
    ap.add_argument("--think", type=float, default=0.5, help="mean pause between a session's clicks, seconds")
    ap.add_argument("--max-clicks", type=int, default=2000, help="per session")
    ap.add_argument("--url", help="a running server on loopback (default: start one)")
    ap.add_argument("--app-root", type=Path, default=ROOT,
                    help="serve the app.py of another checkout (e.g. an export of main: the 'before' figures)")
    args = ap.parse_args()
    for name, limit in LIMITS.items():
        if getattr(args, name) > limit:
            raise SystemExit(f"--{name} is limited to {limit}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    replicas = ReplicaReport(args.deploy) if args.deploy else None
    if replicas:
        args.url = replicas.url
    proc = None
    if args.url:
        if urlparse(args.url).hostname not in LOOPBACK:
            raise SystemExit("--url must be on loopback (127.0.0.1)")
        url, pid = args.url.rstrip("/"), None
    else:
        root = args.app_root.resolve()
        proc, url = start_server(app=root / "app.py", cwd=root, warm=has_launcher(root))
        pid = proc.pid
    load = os.getloadavg()
    t0 = time.monotonic()
    try:
        stats = asyncio.run(main_async(args, url, pid))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)
    log = proc.log_path.read_text() if proc is not None else ""
    tracebacks = log.count("Traceback")
    runs = [float(m) for m in re.findall(r"storymap-run ms=([0-9.]+)", log)]
    sessions = args.clients + args.browsers
    rss = stats.rss
    print(f"load.py: {args.clients} protocol clients + {args.browsers} browsers, {args.seconds:.0f} s of clicks "
          f"(think {args.think} s), server {url}, ran {time.monotonic() - t0:.0f} s; "
          f"load average at start {load[0]:.2f} on {os.cpu_count()} cores (shared machine: figures are noisy)")
    print(f"  sessions held     {stats.held_at_end} of {sessions} at the end (peak {stats.peak_held}), opened {stats.opened}")
    print(f"  clicks served     {stats.clicks} ({len(stats.proto_ms)} protocol, {len(stats.browser_ms)} browser), "
          f"{stats.clicks / max(args.seconds, 1):.1f}/s")
    print(f"  errors            {len(stats.errors)} (+ {tracebacks} tracebacks in the server log)")
    for e in stats.errors[:10]:
        print(f"    {e}")
    if rss["baseline"]:
        growth = (rss["held"] - rss["baseline"]) / max(stats.held_at_end, 1)
        print(f"  server RSS        baseline {rss['baseline'] / 1024:.0f} MiB, all held {rss['held'] / 1024:.0f} MiB "
              f"(peak {rss['peak'] / 1024:.0f}), after close {rss['after'] / 1024:.0f} MiB; "
              f"growth {growth:.0f} KiB per session")
    if getattr(stats, "cpu", None) is not None:
        print(f"  server CPU        {stats.cpu:.1f} s over the run, {stats.cpu / max(stats.clicks, 1) * 1000:.0f} ms "
              f"per click (user+system; includes opening the {sessions} sessions)")
    if getattr(stats, "click_cpu", None) and stats.click_cpu[1]:
        cpu, n, secs = stats.click_cpu
        print(f"  server CPU/click  {cpu / n * 1000:.0f} ms per click while all {args.clients} protocol sessions were open "
              f"({n} clicks in {secs:.0f} s, {cpu:.1f} CPU s: the clicks' own cost), {n / max(secs, 1e-9):.1f} clicks/s")
    for label, values in (("protocol", stats.proto_ms), ("browser", stats.browser_ms)):
        if values:
            print(f"  click-to-update   {label:8s} p50 {pct(values, 0.5):.0f} ms, p95 {pct(values, 0.95):.0f} ms, "
                  f"max {max(values):.0f} ms, mean {statistics.mean(values):.0f} ms (n={len(values)})")
    if runs:
        print(f"  server script run p50 {pct(runs, 0.5):.0f} ms, p95 {pct(runs, 0.95):.0f} ms (n={len(runs)}, "
              "from the server log; the rest of a click is queueing, transfer and the browser)")
    if stats.proto_ms:
        print(f"  protocol traffic  {stats.proto_bytes / max(len(stats.proto_ms), 1) / 1024:.0f} KiB received per click "
              "(big elements come as cache references, as in a browser)")
    if replicas:
        tracebacks += replicas.report(stats.opened)
    sys.exit(1 if stats.errors or tracebacks else 0)


if __name__ == "__main__":
    main()
