"""``storymap publish``: the static site's files, oEmbed, meta tags, bad input, the atomic swap,
incremental re-publishing and the PDF (issue 13). Browser checks: tests/test_publish_browser.py."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from .conftest import ROOT

from components.publish import pages
from components.publish.site import MANIFEST, publish_site

BASE = "https://maps.example.org/pamir/"
SEED = "tajik-police-base"
SMALL = ("what-the-data-say-wakhan-corridor", "what-the-data-say-border-and-gbao")
# oEmbed 1.0, section 2.3.4: the response parameters (all types) and those of type "rich"
OEMBED_KEYS = {"type", "version", "title", "author_name", "author_url", "provider_name", "provider_url",
               "cache_age", "thumbnail_url", "thumbnail_width", "thumbnail_height", "html", "width", "height"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    p = _Tags()
    p.feed(html)
    return p.tags


@pytest.fixture(scope="module")
def site(tmp_path_factory, geodata):
    out = tmp_path_factory.mktemp("site") / "public"
    report = publish_site(ROOT / "stories", out, BASE, geodata)
    return out, report


def _stories(tmp_path: Path, names) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    for n in names:
        shutil.copy(ROOT / "stories" / f"{n}.yaml", folder)
    return folder


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_site_has_every_file_and_only_relative_links_that_resolve(site):
    out, report = site
    assert report.skipped == [] and sorted(report.published) == sorted((SEED,) + SMALL)
    for sid in report.published:
        for name in ("index.html", "embed.html", "oembed.json", "preview.png", f"{sid}.pdf", f"{sid}.png",
                     f"{sid}.svg", f"{sid}.geojson"):
            assert (out / "stories" / sid / name).is_file(), (sid, name)
    assert (out / "index.html").is_file() and (out / "sitemap.xml").is_file()
    pages_html = [out / "index.html"] + sorted(out.glob("stories/*/*.html"))
    checked = 0
    for page in pages_html:
        for tag, attrs in tags(page.read_text(encoding="utf-8")):
            if tag == "meta" or (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
                continue  # Open Graph, canonical and oEmbed discovery: absolute by design (with --base-url)
            for key in ("href", "src"):
                url = attrs.get(key)
                if not url or url.startswith("#"):
                    continue
                parts = urlsplit(url)
                if parts.scheme:  # only the original article links out
                    assert tag == "a" and parts.scheme == "https" and "maps.example.org" not in url, (page, url)
                    continue
                assert not url.startswith("/"), (page, url)  # never root-relative: any path, file://
                target = (page.parent / parts.path).resolve()
                assert target.is_file(), (page.name, url)
                checked += 1
    assert checked > 50


def test_shared_assets_are_content_hashed_and_linked_not_inlined(site):
    out, _ = site
    names = sorted(p.name for p in (out / "assets").iterdir())
    for stem, ext in (("leaflet", "js"), ("leaflet", "css"), ("runtime", "js"), ("reader", "js"), ("storymap", "css"),
                      ("embed", "js"), ("atlas", "js"), ("world", "jpg"), ("region", "jpg")):
        matches = [n for n in names if re.fullmatch(rf"{stem}\.[0-9a-f]{{10}}\.{ext}", n)]
        assert len(matches) == 1, (stem, names)
        data = (out / "assets" / matches[0]).read_bytes()
        assert matches[0].split(".")[1] == hashlib.sha256(data).hexdigest()[:10]
    page = (out / "stories" / SEED / "index.html").read_text(encoding="utf-8")
    assert "data:image/jpeg;base64" not in page and "function StoryMap" not in page
    assert "L.version" not in page and ".leaflet-pane" not in page  # Leaflet's JS and CSS are linked
    assert (out / "assets" / [n for n in names if n.startswith("runtime.")][0]).read_text().count("function StoryMap") == 1


def test_oembed_json_follows_the_oembed_1_0_spec(site):
    out, _ = site
    for sid in (SEED,) + SMALL:
        data = json.loads((out / "stories" / sid / "oembed.json").read_text(encoding="utf-8"))
        assert set(data) <= OEMBED_KEYS, set(data) - OEMBED_KEYS
        assert data["version"] == "1.0" and data["type"] == "rich"
        for key in ("width", "height", "thumbnail_width", "thumbnail_height", "cache_age"):
            assert isinstance(data[key], int) and data[key] > 0, key
        assert (data["thumbnail_width"], data["thumbnail_height"]) == (1200, 630)
        assert data["thumbnail_url"] == f"{BASE}stories/{sid}/preview.png"
        assert data["provider_name"] == "Pamir story map" and data["provider_url"] == BASE
        frames = [a for t, a in tags(data["html"]) if t == "iframe"]
        assert len(frames) == 1 and frames[0]["src"] == f"{BASE}stories/{sid}/embed.html"
        assert frames[0]["data-storymap-embed"] == sid and frames[0]["title"] == data["title"]
        assert "storymap:height" in data["html"]  # the resizing script comes with it
    with Image.open(out / "stories" / SEED / "preview.png") as im:
        assert im.size == (1200, 630)


def test_story_page_has_open_graph_twitter_and_oembed_discovery_tags(site):
    out, _ = site
    page = (out / "stories" / SEED / "index.html").read_text(encoding="utf-8")
    meta = {a.get("property") or a.get("name"): a.get("content") for t, a in tags(page) if t == "meta"}
    assert meta["og:title"].startswith("China to build Tajikistan police base")
    assert meta["og:type"] == "article" and meta["og:url"] == f"{BASE}stories/{SEED}/index.html"
    assert meta["og:image"] == meta["twitter:image"] == f"{BASE}stories/{SEED}/preview.png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["twitter:card"] == "summary_large_image" and meta["og:description"]
    assert meta["article:published_time"] == "2021-10-28"
    links = [a for t, a in tags(page) if t == "link" and a.get("rel") == "alternate"]
    assert links == [{"rel": "alternate", "type": "application/json+oembed",
                      "href": f"{BASE}stories/{SEED}/oembed.json", "title": meta["og:title"]}]
    embed = (out / "stories" / SEED / "embed.html").read_text(encoding="utf-8")
    assert 'class="ex-body ex-embed"' in embed and 'name="robots" content="noindex"' in embed
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE}stories/{SEED}/index.html</loc>" in sitemap and f"<loc>{BASE}index.html</loc>" in sitemap


def test_cli_without_base_url_says_so_and_writes_relative_urls(tmp_path):
    folder = _stories(tmp_path, SMALL[:1])
    out = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "components", "publish", str(folder), "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "published 1 stories" in r.stdout and "note: no --base-url" in r.stderr
    data = json.loads((out / "stories" / SMALL[0] / "oembed.json").read_text(encoding="utf-8"))
    assert data["thumbnail_url"] == "preview.png" and "provider_url" not in data
    bad = subprocess.run([sys.executable, "-m", "components", "publish", str(folder), "--out", str(out),
                          "--base-url", "ftp://x"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.startswith("error: --base-url: not an absolute http(s) URL")


def test_broken_story_is_left_out_with_its_file_and_field_and_the_rest_published(tmp_path):
    folder = _stories(tmp_path, SMALL[:1])
    text = (ROOT / "stories" / f"{SEED}.yaml").read_text(encoding="utf-8")
    (folder / "broken-title.yaml").write_text(text.replace("id: tajik-police-base", "id: broken-one")
                                              .replace('title: "China to build', 'title:\n  - "China to build', 1),
                                              encoding="utf-8")
    out = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "components", "publish", str(folder), "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 1
    assert "error: left out: broken-title.yaml: title:" in r.stderr
    assert "published 1 stories" in r.stdout and "1 left out" in r.stdout
    assert (out / "stories" / SMALL[0] / "index.html").is_file() and not (out / "stories" / "broken-one").exists()
    assert "broken" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_failed_run_leaves_the_previous_site_untouched(tmp_path, geodata, monkeypatch):
    folder = _stories(tmp_path, SMALL[:1])
    out = tmp_path / "site"
    publish_site(folder, out, None, geodata)
    before = _digest(out)
    (folder / f"{SMALL[0]}.yaml").write_text((folder / f"{SMALL[0]}.yaml").read_text(encoding="utf-8")
                                             .replace('title: "', 'title: "Changed ', 1), encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pages, "index_page", fail)  # after the story's new pages are written
    with pytest.raises(OSError):
        publish_site(folder, out, None, geodata)
    assert _digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "stories"]  # no temporary folder left


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path, geodata):
    from components.errors import StoryError

    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(StoryError, match="not a published site"):
        publish_site(_stories(tmp_path, SMALL[:1]), out, None, geodata)
    assert (out / "notes.txt").read_text() == "mine"


def test_republish_rebuilds_only_the_changed_story_and_removes_deleted_ones(tmp_path, geodata):
    folder = _stories(tmp_path, SMALL)
    out = tmp_path / "site"
    first = publish_site(folder, out, None, geodata)
    assert sorted(first.rebuilt) == sorted(SMALL)
    kept_file = out / "stories" / SMALL[1] / "index.html"
    kept_stat = kept_file.stat()
    changed = folder / f"{SMALL[0]}.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace('title: "', 'title: "Updated: ', 1), encoding="utf-8")
    second = publish_site(folder, out, None, geodata)
    assert second.skipped == [] and second.rebuilt == [SMALL[0]] and second.kept == [SMALL[1]] and second.removed == []
    assert (kept_file.stat().st_ino, kept_file.stat().st_mtime_ns) == (kept_stat.st_ino, kept_stat.st_mtime_ns)
    assert "Updated: " in (out / "stories" / SMALL[0] / "index.html").read_text(encoding="utf-8")
    assert "Updated: " in (out / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(e["id"] for e in manifest["stories"].values()) == sorted(SMALL)
    (folder / f"{SMALL[1]}.yaml").unlink()
    third = publish_site(folder, out, None, geodata)
    assert third.rebuilt == [] and third.kept == [SMALL[0]] and third.removed == [SMALL[1]]
    assert not (out / "stories" / SMALL[1]).exists()
    assert SMALL[1] not in (out / "index.html").read_text(encoding="utf-8")
    assert SMALL[1] not in (out / "sitemap.xml").read_text(encoding="utf-8")


def _pdf_page_png(pdf: Path, tmp_path: Path) -> Image.Image:
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True, timeout=120)
    return Image.open(tmp_path / "page.png").convert("RGB")


def test_cli_export_pdf_opens_with_the_highlight_and_the_labels(tmp_path):
    out = tmp_path / "base.pdf"
    r = subprocess.run([sys.executable, "-m", "components", "export", str(ROOT / "stories" / f"{SEED}.yaml"),
                        "--format", "pdf", "--place", "police-base", "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    im = _pdf_page_png(out, tmp_path)
    assert im.size == (800, 600)  # 8 x 6 in at 100 dpi
    hl = sum(1 for px in im.getdata() if abs(px[0] - 255) < 25 and abs(px[1] - 176) < 30 and px[2] < 60)
    assert hl > 200  # the selection's #ffb000 outline is drawn
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        for label in ("Planned police base", "Ishkashim district", "Khorugh", "Legend"):
            assert label in text, label
    else:  # labels in the pixels: dark text pixels where the title is
        assert sum(1 for px in im.crop((10, 5, 700, 25)).getdata() if max(px) < 80) > 300


def test_site_pdf_is_vector_and_holds_the_story(site, tmp_path):
    out, _ = site
    pdf = out / "stories" / SEED / f"{SEED}.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and b"/Subtype /Image" not in data  # no raster in the default print
    im = _pdf_page_png(pdf, tmp_path)
    assert im.getbbox() is not None and len(set(im.resize((80, 60)).getdata())) > 20


def test_boundary_geometry_is_shared_between_stories_not_inlined(site):
    out, _ = site
    linked = {}
    for sid in (SEED,) + SMALL:
        page = (out / "stories" / sid / "index.html").read_text(encoding="utf-8")
        linked[sid] = set(re.findall(r'src="\.\./\.\./(assets/geo\.[0-9a-f]{10}\.js)"', page))
        assert linked[sid] and all((out / p).is_file() for p in linked[sid])
        assert '"coordinates"' not in page  # no geometry left in the page itself
        assert page.count("__smGeoFill(") == len(linked[sid])
    assert linked[SEED] & linked[SMALL[0]] & linked[SMALL[1]]  # the region's layers: one copy for all
    for path in linked[SEED]:
        key = path.split(".")[1]
        body = (out / path).read_text(encoding="utf-8").split("=", 2)[2].rstrip(";\n")
        assert hashlib.sha256(body.encode("utf-8")).hexdigest()[:10] == key
