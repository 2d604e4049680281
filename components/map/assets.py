"""Where the map's web assets come from: the app's own static server, never a CDN.

``static/`` holds Leaflet 1.9.3 from the npm registry
(see static/README.md). Streamlit serves that folder at ``/app/static/`` when
``server.enableStaticServing`` is on (.streamlit/config.toml).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
APP_STATIC_URL = "/app/static"


@dataclass(frozen=True)
class Assets:
    js: tuple[tuple[str, str], ...]
    css: tuple[tuple[str, str], ...]
    image_path: str
    # where static/relief/ is served (the offline shaded relief); None: inline it (HTML export)
    relief_base: str | None = None


def app_assets(base: str = APP_STATIC_URL) -> Assets:
    return Assets(
        js=(("leaflet", f"{base}/leaflet/leaflet.js"),),
        css=(("leaflet_css", f"{base}/leaflet/leaflet.css"),),
        image_path=f"{base}/leaflet/images/",
        relief_base=base,
    )
