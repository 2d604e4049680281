"""``publish_site``: a stories folder becomes a static site, atomically and incrementally.

Layout (all links relative)::

    index.html  sitemap.xml  manifest.json
    assets/     leaflet.<hash>.js, runtime.<hash>.js, storymap.<hash>.css, world.<hash>.jpg, ...,
                geo.<hash>.js (boundary geometry shared by stories: components/publish/geometry.py)
    stories/ID/ index.html (story page), embed.html, oembed.json, preview.png (1200x630),
                ID.pdf, ID.png, ID.svg, ID.geojson

Atomic: the site is built in a temporary folder beside ``out`` and swapped in with one rename
(``renameat2(RENAME_EXCHANGE)`` where Linux has it, else two renames), so a failed run leaves
the previous site as it was. Incremental: each story's input key is the hash of its file, the
geodata, the code and assets, and the base URL; a story whose key is in the previous site's
``manifest.json`` has its files hard-linked (or copied) from there, unchanged (same inode and
mtime); pages of stories no longer in the folder are not carried over. Bad input: a story that
does not load is reported (file, field, message) and left out; the others are published.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from components.errors import StoryError, StoryMapError
from components.export.html_page import export_spec
from components.geo.geodata import GeoData, load_geodata
from components.map.spec import build_map_spec
from components.publish import atlas, pages
from components.publish.assets import build_assets
from components.story.catalog import story_paths
from components.story.model import load_story

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
PNG_DPI = 150  # the site's print PNG (2400x1800 at the CLI's 300 dpi is a download, not a page asset)
ROOT = Path(__file__).resolve().parents[2]


SITE_ENV = "STORYMAP_SITE"


def site_dir(story_id: str | None = None) -> Path:
    """Where the app publishes: ``$STORYMAP_SITE`` or ``site/`` beside the app; one story goes
    to ``<that>-<story id>``. Never a path from the browser: the app writes only there."""
    env = os.environ.get(SITE_ENV)
    folder = Path(env).expanduser().absolute() if env else ROOT / "site"
    return folder.with_name(f"{folder.name}-{story_id}") if story_id else folder


@dataclass
class PublishReport:
    out: Path
    published: list[str] = field(default_factory=list)  # story ids on the site, index order
    rebuilt: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # unchanged: files carried over
    removed: list[str] = field(default_factory=list)  # on the previous site, not on this one
    skipped: list[StoryMapError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bytes_written: int = 0


def check_base_url(base: str | None) -> str | None:
    if not base:
        return None
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise StoryError("--base-url", None, f"not an absolute http(s) URL without query: {base[:100]!r}")
    return base if base.endswith("/") else base + "/"


def _tree_hash(paths: list[Path], root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.relative_to(root)).encode("utf-8") + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def code_version() -> str:
    """The code and assets a page is made from: components/ (Python and web) and static/."""
    files = [p for p in (ROOT / "components").rglob("*") if p.is_file() and p.suffix in (".py", ".js", ".css", ".html")]
    files += [p for p in (ROOT / "static").rglob("*") if p.is_file()]
    return _tree_hash(files, ROOT)


def geodata_version(geodata: GeoData) -> str:
    folder = Path(geodata.folder)
    files = [p for p in folder.rglob("*") if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts]
    return _tree_hash(files, folder)


def _read_manifest(out: Path) -> dict:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION else {}


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise StoryError("--out", None, f"{out.name!r} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise StoryError("--out", None, f"folder {out.name!r} is not empty and not a published site "
                         f"(no {MANIFEST}); choose a new or empty folder")
    if not out.parent.is_dir():
        raise StoryError("--out", None, f"folder {str(out.parent)[-120:]!r} does not exist")


def _exchange(new: Path, out: Path) -> Path | None:
    """Put ``new`` at ``out``; return where the previous site now is (to delete), if any."""
    if not out.exists():
        os.rename(new, out)
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        renameat2 = None
    if renameat2 is not None:
        AT_FDCWD, RENAME_EXCHANGE = -100, 2
        if renameat2(AT_FDCWD, os.fsencode(new), AT_FDCWD, os.fsencode(out), RENAME_EXCHANGE) == 0:
            return new  # the old site is now at the temporary name
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rename(out, old / "site")
    os.rename(new, out)
    return old


def _write(root: Path, rel: str, data: bytes) -> int:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def _carry(old: Path, new: Path, rel: str) -> None:
    src, dst = old / rel, new / rel
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def story_files(story, spec, geodata: GeoData, assets, links: pages.StoryLinks, source: str,
                used: set[str] | None = None) -> dict[str, bytes]:
    """Every file of one story, by name in its folder; ``used`` collects the shared geometry
    files (site-relative) its pages link."""
    from components.export.geojson import export_geojson
    from components.export.image import draw_static_map, pdf_bytes, preview_bytes

    page_spec = export_spec(story, geodata, source)
    files = {
        "index.html": pages.story_page(story, page_spec, assets, links, used).encode("utf-8"),
        "embed.html": pages.embed_page(story, page_spec, assets, links, used).encode("utf-8"),
        "oembed.json": pages.json_bytes(pages.oembed(story, links)),
        f"{story.id}.geojson": export_geojson(story, spec, None),
    }
    static = draw_static_map(story, spec, geodata, dpi=PNG_DPI)
    files[pages.PREVIEW] = preview_bytes(story, static)
    files[f"{story.id}.png"] = static.to_bytes("png")
    files[f"{story.id}.svg"] = static.to_bytes("svg")
    files[f"{story.id}.pdf"] = pdf_bytes(static)
    return files


def publish_site(stories_dir: Path, out: Path, base_url: str | None = None, geodata: GeoData | None = None,
                 only: set[str] | None = None, log=lambda line: None) -> PublishReport:
    """Build the site of every story in ``stories_dir`` (or only the ids in ``only``) at ``out``."""
    base = check_base_url(base_url)
    out = Path(out).absolute()
    _check_out(out)
    stories_dir = Path(stories_dir)
    try:
        paths = story_paths(stories_dir)
    except OSError as exc:
        raise StoryError(str(stories_dir), None, f"stories folder cannot be read: {exc.strerror or exc}") from None
    geodata = geodata or load_geodata()
    previous = _read_manifest(out)
    old_entries = previous.get("stories", {}) if isinstance(previous.get("stories"), dict) else {}
    versions = hashlib.sha256(f"{code_version()}|{geodata_version(geodata)}|{base}".encode()).hexdigest()
    report = PublishReport(out)
    if not base:
        report.notes.append("no --base-url: Open Graph images, oEmbed and the sitemap use relative URLs, "
                            "which social cards and oEmbed consumers cannot resolve (see docs/publish.md)")
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    try:
        assets = build_assets()
        entries: dict[str, dict] = {}
        owners: dict[str, str] = {}
        for path in paths:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                report.skipped.append(StoryError(path.name, None, f"cannot be read: {exc.strerror or exc}"))
                continue
            key = hashlib.sha256(versions.encode() + b"\0" + raw).hexdigest()
            old = old_entries.get(path.name)
            reuse = (isinstance(old, dict) and old.get("key") == key
                     and all((out / pages.STORIES / old["id"] / f).is_file() for f in old.get("files", ()))
                     and all((out / f).is_file() for f in old.get("geometry", ())))
            if reuse:
                story_id = old["id"]
            else:
                try:
                    story = load_story(path)
                    spec = build_map_spec(story, geodata, path.name)
                except StoryMapError as exc:
                    report.skipped.append(exc)
                    log(f"skipped: {exc}")
                    continue
                story_id = story.id
            if story_id in owners:
                report.skipped.append(StoryError(path.name, "id", f"story id {story_id!r} is already used by {owners[story_id]}"))
                continue
            if only is not None and story_id not in only:
                continue
            owners[story_id] = path.name
            links = pages.StoryLinks(story_id, base)
            if reuse:
                for f in old["files"]:
                    _carry(out, tmp, links.path(f))
                for f in old.get("geometry", ()):
                    if not (tmp / f).exists():
                        _carry(out, tmp, f)
                entries[path.name] = old
                report.kept.append(story_id)
            else:
                used: set[str] = set()
                files = story_files(story, spec, geodata, assets, links, path.name, used)
                for name, data in files.items():
                    report.bytes_written += _write(tmp, links.path(name), data)
                entries[path.name] = {"id": story_id, "key": key, "files": sorted(files), "geometry": sorted(used),
                                      "card": pages.card(story, path.name), "places": atlas.story_places(story, spec)}
                report.rebuilt.append(story_id)
                log(f"built {story_id} ({path.name})")
            report.published.append(story_id)
        for rel, data in assets.files.items():  # after the stories: their shared geometry is in it
            if not (tmp / rel).exists():
                report.bytes_written += _write(tmp, rel, data)
        cards = [e["card"] for e in entries.values()]
        credits = _credits(geodata)
        index = pages.index_page(cards, atlas.merge([(e["card"], e["places"]) for e in entries.values()]),
                                 assets, credits, base)
        report.bytes_written += _write(tmp, "index.html", index.encode("utf-8"))
        site_paths = ["index.html"] + [pages.StoryLinks(c["id"], base).path() for c in cards]
        report.bytes_written += _write(tmp, "sitemap.xml", pages.sitemap(site_paths, base).encode("utf-8"))
        manifest = {"version": MANIFEST_VERSION, "base_url": base, "stories": entries,
                    "assets": sorted(p.relative_to(tmp).as_posix() for p in (tmp / "assets").iterdir())}
        _write(tmp, MANIFEST, pages.json_bytes(manifest))
        report.removed = sorted({e["id"] for e in old_entries.values() if isinstance(e, dict)} - set(report.published))
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; a site is for a web server to read
        old_site = _exchange(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old_site is not None:
        shutil.rmtree(old_site, ignore_errors=True)
    return report


def _credits(geodata: GeoData) -> list[str]:
    """The short credits of the map data and the relief, for the index's footer."""
    from components.geo.layers import ATTRIBUTION_SHORT
    from components.map.relief import RELIEF_ATTRIBUTION

    return list(dict.fromkeys(list(ATTRIBUTION_SHORT.values()) + [RELIEF_ATTRIBUTION]))
