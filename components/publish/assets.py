"""The files every published page shares: Leaflet, the story-map runtime, the CSS, the relief.

Each is written once per site under ``assets/`` with a content hash in its name
(``runtime.3f9a0c1b2d.js``), so a browser or CDN may cache it for ever and a new version is a
new name. The texts are the very files the app and the single-file export use
(components/web/, static/): one runtime, linked here instead of inlined.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from components.export.html_page import PAGE_SCRIPTS, RUNTIME_SCRIPTS, SHARED_CSS, SharedAssets, web_text
from components.map.assets import STATIC_DIR
from components.map.relief import RELIEF_ATTRIBUTION, RELIEF_DIR, RELIEF_TITLE, relief_meta

ASSET_DIR = "assets"
HASH_CHARS = 10


def hashed_name(name: str, data: bytes) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:HASH_CHARS]}.{suffix}"


@dataclass
class SiteAssets:
    """Logical name (``runtime.js``) -> site-relative path (``assets/runtime.<hash>.js``), and
    the bytes of every file to write."""

    paths: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, name: str, data: bytes) -> str:
        path = f"{ASSET_DIR}/{hashed_name(name, data)}"
        self.paths[name] = path
        self.files[path] = data
        return path

    def url(self, name: str, prefix: str) -> str:
        """The file's URL from a page ``prefix`` deep (``"../../"`` for stories/ID/index.html)."""
        return prefix + self.paths[name]

    def relief(self, prefix: str) -> dict:
        """The relief config (components/map/relief.py's shape) with the shared images' URLs."""
        images = []
        for name in ("world", "region"):  # drawn in this order: the region over the world
            im = relief_meta()["images"][name]
            images.append({"name": name, "url": self.url(im["file"], prefix), "bounds": im["bounds"]})
        return {"title": RELIEF_TITLE, "attribution": RELIEF_ATTRIBUTION, "images": images}

    def for_page(self, prefix: str, page_js: tuple[str, ...] = (), used: set[str] | None = None) -> SharedAssets:
        """The links of a page ``prefix`` deep. ``used``: collects the shared geometry files
        (components/publish/geometry.py) the page needs; they are added to ``files``."""
        from components.publish.geometry import split_geometry

        def map_script(script: str) -> tuple[str, tuple[str, ...]]:
            script, files = split_geometry(script, ASSET_DIR, HASH_CHARS)
            self.files.update(files)
            if used is not None:
                used.update(files)
            return script, tuple(prefix + path for path in files)

        return SharedAssets(
            leaflet_css=self.url("leaflet.css", prefix), leaflet_js=self.url("leaflet.js", prefix),
            page_css=self.url("storymap.css", prefix), runtime_js=self.url("runtime.js", prefix),
            reader_js=self.url("reader.js", prefix), relief=self.relief(prefix),
            page_js=tuple(self.url(n, prefix) for n in page_js), map_script=map_script,
        )


def _leaflet_css(assets: SiteAssets) -> bytes:
    """leaflet.css with its images as hashed files beside it (same folder: plain names)."""
    css = (STATIC_DIR / "leaflet" / "leaflet.css").read_text(encoding="utf-8")

    def link(m: re.Match) -> str:
        name = m.group(1)
        path = assets.add(name, (STATIC_DIR / "leaflet" / "images" / name).read_bytes())
        return f"url({path.rsplit('/', 1)[1]})"

    return re.sub(r"url\(images/([a-z0-9-]+\.png)\)", link, css).encode("utf-8")


def build_assets() -> SiteAssets:
    assets = SiteAssets()
    assets.add("leaflet.js", (STATIC_DIR / "leaflet" / "leaflet.js").read_bytes())
    assets.add("leaflet.css", _leaflet_css(assets))
    assets.add("storymap.css", "\n".join(web_text(n) for n in SHARED_CSS).encode("utf-8"))
    assets.add("runtime.js", "\n".join(web_text(n) for n in RUNTIME_SCRIPTS + ("geo_shared.js",)).encode("utf-8"))
    assets.add("reader.js", "\n".join(web_text(n) for n in PAGE_SCRIPTS).encode("utf-8"))
    assets.add("embed.js", web_text("embed_frame.js").encode("utf-8"))
    assets.add("atlas.js", web_text("atlas.js").encode("utf-8"))
    assets.add("site.css", web_text("site.css").encode("utf-8"))
    for im in relief_meta()["images"].values():
        assets.add(im["file"], (RELIEF_DIR / im["file"]).read_bytes())
    return assets
