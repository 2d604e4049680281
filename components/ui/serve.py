"""Start the app's server warm: ``python -m components.ui.serve [streamlit run options]``.

``streamlit run app.py`` runs no project code until the first visitor's session: that visitor's
first script run would read the boundaries, simplify them for the browser, check the stories
and render the map (about a second, bench/bench_app.py). This launcher starts the same server
(``streamlit run app.py`` with the same options) and, beside it, fills the same caches
(``components/ui/data.py``: boundaries, catalog, the default story's map, selection table and
places list)
in a background thread, so the first session finds them filled. A session that arrives during
the warm-up waits on the cache being filled (``st.cache_resource`` computes a key once), as it
would without the warm-up. A warm-up that fails (broken geodata) logs why and leaves the caches
empty: the first session then shows the error as usual.

``STORYMAP_HEALTH=warm``: the health check (``/_stcore/health``) answers 503 "warming up" until
the warm-up has ended, so a load balancer that polls it sends no reader to a warming replica
(docs/deploy.md). Not the default: Streamlit's client polls the same check before it connects,
so a browser opened on a cold single server would wait for the whole warm-up instead of
loading the page meanwhile (bench/bench_app.py: cold start to first map 4.1 s with it, 2.9 s
without).

start.sh, deploy/run.py, bench/ and the tests start the app through this module (``server_command``).
"""

from __future__ import annotations

import ast
import importlib
import logging
import os
import sys
import threading
import time
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"
WARM_ENV = "STORYMAP_WARM"  # "0": start cold, as plain ``streamlit run app.py``
HEALTH_ENV = "STORYMAP_HEALTH"  # "warm": the health check answers 503 until the warm-up has ended


WARMED = threading.Event()  # set when the warm-up has ended (done or failed)


def server_command(app: Path = APP, port: int = 8501, python: str = sys.executable, warm: bool = True) -> list[str]:
    """The one command that starts an app server on loopback (tests, bench/, deploy/; start.sh
    runs the same): a checkout's ``app.py`` through that checkout's launcher (this module; run
    from the checkout), or ``streamlit run APP`` for another script, for ``warm=False``, and for
    a checkout older than the launcher (bench/'s before figures)."""
    app = Path(app).resolve()
    launcher = warm and app.name == "app.py" and (app.parent / "components" / "ui" / "serve.py").is_file()
    run = ["-m", "components.ui.serve"] if launcher else ["-m", "streamlit", "run", str(app)]
    return [python, *run, "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true"]


def warming() -> bool:
    """Whether the launcher warms the caches (and logs a ``storymap-warm`` line when done)."""
    return os.environ.get(WARM_ENV, "1") != "0"


def warm() -> dict:
    """Fill the process caches the first page view uses; returns what it did (for the log)."""
    from streamlit.runtime import Runtime

    t0 = time.perf_counter()
    from components.ui import data  # the app's imports (geopandas, folium, ...): done while the server starts

    for name in app_modules():
        importlib.import_module(name)
    imported = time.perf_counter()
    deadline = time.monotonic() + 60
    while not Runtime.exists() and time.monotonic() < deadline:  # the component registry is the runtime's
        time.sleep(0.02)
    _register_map_component()
    data.geodata()
    listing = data.catalog()
    good = [e for e in listing.entries if e.story is not None]
    done = {"stories": len(listing.entries), "maps": []}
    if good:  # the default view (components/ui/story_choice.py): the first story that loads
        entry = good[0]
        data.rendered_map(str(entry.path), entry.version, entry)
        key = data.version_key(entry)
        data.selection_table_json(key, entry.story)
        data.places_list_json(key, entry.story)
        done["maps"].append(entry.story.id)
    done["ms"] = round((time.perf_counter() - t0) * 1000)
    done["import_ms"] = round((imported - t0) * 1000)
    return done


# imported by the first view's run beyond app.py's own imports (found by diffing sys.modules
# around a first AppTest run): the publish panel's module, the page icon's PIL, Streamlit's icons
FIRST_VIEW_IMPORTS = ("components.publish.site", "PIL.Image", "streamlit.material_icon_names",
                      "streamlit.runtime.scriptrunner.magic_funcs")


def app_modules() -> list[str]:
    """What the first script run would import: app.py's ``from components... import`` lines
    (read from the file, so the list follows app.py) and ``FIRST_VIEW_IMPORTS``."""
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    own = [n.module for n in tree.body if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("components.")]
    return own + list(FIRST_VIEW_IMPORTS)


def _register_map_component() -> None:
    """streamlit-folium declares its component when first imported, and Streamlit registers a
    declared component only inside a script run: imported here first, the map's frame would be a
    404 for every session. Registered here, by hand (streamlit-folium 0.27.4's ``_component_func``,
    the internal components/ui/map_frame.py calls too)."""
    import streamlit_folium
    from streamlit.runtime import Runtime

    Runtime.instance().component_registry.register_component(streamlit_folium._component_func)


class _NotThisThread(logging.Filter):
    """Streamlit warns once per cache call made outside a session ("missing ScriptRunContext");
    the warm-up makes them on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != "storymap-warm"


def _hold_health_until_warm() -> None:
    """The health check says "warming up" (503) until ``WARMED`` is set; Streamlit's own answer
    otherwise (its ``Runtime.is_ready_for_browser_connection``, which the health route awaits)."""
    from streamlit.runtime import Runtime

    own = Runtime.is_ready_for_browser_connection.fget

    async def ready(self) -> tuple[bool, str]:
        ok, message = await own(self)
        return (False, "warming up") if ok and not WARMED.is_set() else (ok, message)

    Runtime.is_ready_for_browser_connection = property(ready)


def _warm_in_background() -> None:
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NotThisThread())
    try:
        done = warm()
        print(f"storymap-warm ms={done['ms']} stories={done['stories']} maps={','.join(done['maps'])} "
              f"(imports {done['import_ms']} ms)", file=sys.stderr, flush=True)
    except Exception as exc:  # noqa: BLE001 - the first session reports it (not cached)
        print(f"storymap-warm failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
    finally:
        WARMED.set()  # after the log line: deploy/run.py and the tests read it once healthy


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if warming():
        if os.environ.get(HEALTH_ENV) == "warm":
            _hold_health_until_warm()
        threading.Thread(target=_warm_in_background, name="storymap-warm", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *argv]
    cli.main()


if __name__ == "__main__":
    main()
