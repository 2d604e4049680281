"""The published site's pages and files, as text: story and embed pages, meta tags, oEmbed,
the embed snippet, the index with its atlas, the sitemap. Pure: ``site.py`` writes them.

Links are relative (the site works from any path, a CDN and ``file://``). Open Graph images,
oEmbed and sitemaps need absolute URLs: with ``base_url`` they get them; without it they get
relative ones and the publisher says so (docs/publish.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from string import Template
from xml.sax.saxutils import escape as xml_escape

from components.export.html_page import render_html, web_text
from components.map.leaflet import js_json
from components.map.markup import e, excerpt
from components.map.spec import HIGHLIGHT_STYLE, MapSpec
from components.publish.assets import SiteAssets
from components.story.model import Story

PROVIDER = "Pamir story map"
STORIES = "stories"
EMBED_WIDTH = 800  # px: oEmbed's width and height are numbers; the snippet's iframe is 100 % wide
EMBED_HEIGHT = 760  # px: the embed page at 800 px wide, before its first height message
PREVIEW = "preview.png"
DOWNLOADS = ("pdf", "png", "svg", "geojson")


@dataclass(frozen=True)
class StoryLinks:
    """Where a story's files are: site-relative paths, and URLs (absolute with ``base``)."""

    story_id: str
    base: str | None  # "https://example.org/maps/" (with the slash) or None

    def path(self, name: str = "index.html") -> str:
        return f"{STORIES}/{self.story_id}/{name}"

    def url(self, name: str = "index.html") -> str:
        """Absolute with a base; else relative to the story's own folder (pages there use it)."""
        return self.base + self.path(name) if self.base else name


def description(story: Story) -> str:
    first = next((p.text for p in story.passages if p.kind != "quote"), story.passages[0].text)
    return excerpt(" ".join(first.split()), 200)


def meta_tags(story: Story, links: StoryLinks) -> str:
    """Open Graph, Twitter card, canonical and oEmbed discovery tags for a story page."""
    title, desc = e(story.title), e(description(story))
    tags = [
        f'<meta name="description" content="{desc}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:site_name" content="{PROVIDER}">',
        f'<meta property="og:title" content="{title}">',
        f'<meta property="og:description" content="{desc}">',
        f'<meta property="og:image" content="{e(links.url(PREVIEW))}">',
        '<meta property="og:image:type" content="image/png">',
        '<meta property="og:image:width" content="1200">',
        '<meta property="og:image:height" content="630">',
        f'<meta property="og:image:alt" content="Map of the places in: {title}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:title" content="{title}">',
        f'<meta name="twitter:description" content="{desc}">',
        f'<meta name="twitter:image" content="{e(links.url(PREVIEW))}">',
        f'<meta name="twitter:image:alt" content="Map of the places in: {title}">',
        f'<link rel="alternate" type="application/json+oembed" href="{e(links.url("oembed.json"))}" title="{title}">',
    ]
    if links.base:
        tags[1:1] = [f'<meta property="og:url" content="{e(links.url())}">',
                     f'<link rel="canonical" href="{e(links.url())}">']
    if story.source.published:
        tags.append(f'<meta property="article:published_time" content="{story.source.published.isoformat()}">')
    return "\n".join(tags) + "\n"


EMBED_REDIRECT = ('<script>if (/[?&]embed=true(&|$)/.test(location.search)) '
                  '{ location.replace("embed.html" + location.hash); }</script>\n')


def embed_snippet(story: Story, links: StoryLinks, height: int = EMBED_HEIGHT) -> str:
    """The code a CMS pastes: the iframe, and the small script that sets its height from the
    embed page's messages (components/web/embed_host.js)."""
    src = e(links.url("embed.html"))
    return (f'<iframe src="{src}" title="{e(story.title)}" data-storymap-embed="{story.id}" width="100%" '
            f'height="{EMBED_HEIGHT}" style="border:0;width:100%;height:{int(height)}px" loading="lazy"></iframe>'
            f"<script>{web_text('embed_host.js').strip()}</script>")


def oembed(story: Story, links: StoryLinks) -> dict:
    """oEmbed 1.0, type "rich" (https://oembed.com/ section 2.3.4): ``html``, ``width`` and
    ``height`` are required; the thumbnail's url, width and height come together."""
    out = {
        "version": "1.0",
        "type": "rich",
        "title": story.title,
        "provider_name": PROVIDER,
        "html": embed_snippet(story, links),
        "width": EMBED_WIDTH,
        "height": EMBED_HEIGHT,
        "thumbnail_url": links.url(PREVIEW),
        "thumbnail_width": 1200,
        "thumbnail_height": 630,
        "cache_age": 3600,
    }
    if links.base:
        out["provider_url"] = links.base
    author = story.source.byline or story.source.publisher
    if author:
        out["author_name"] = author
    if story.source.url:
        out["author_url"] = story.source.url
    return out


def _downloads(story: Story) -> str:
    names = {"pdf": "PDF", "png": "PNG", "svg": "SVG", "geojson": "GeoJSON"}
    files = " · ".join(f"<a href='{story.id}.{ext}' download>{names[ext]}</a>" for ext in DOWNLOADS)
    return f"<span class='ex-full-link'><a href='embed.html'>Embed</a> · Download: {files} · <a href='../../index.html'>All stories</a></span>"


def story_page(story: Story, spec: MapSpec, assets: SiteAssets, links: StoryLinks, used: set[str] | None = None) -> str:
    snippet = embed_snippet(story, links)
    foot = ("published as a static site.<details class='ex-embed-code'><summary>Embed this story</summary>"
            "<p>Paste this into your page; the frame takes the height of its content.</p>"
            f"<textarea readonly rows='5' cols='70' aria-label='Embed code'>{e(snippet)}</textarea></details>")
    return render_html(story, spec, shared=assets.for_page("../../", used=used),
                       meta=EMBED_REDIRECT + meta_tags(story, links), head_link=_downloads(story), foot_note=foot)


def embed_page(story: Story, spec: MapSpec, assets: SiteAssets, links: StoryLinks, used: set[str] | None = None) -> str:
    link = "<a class='ex-full-link' href='index.html' target='_blank' rel='noopener'>Open the full story ↗</a>"
    robots = '<meta name="robots" content="noindex">\n'
    return render_html(story, spec, shared=assets.for_page("../../", ("embed.js",), used), meta=robots,
                       body_class="ex-body ex-embed", head_link=link, foot_note="published as a static site.")


def index_page(cards: list[dict], atlas: list[dict], assets: SiteAssets, credits: list[str], base: str | None,
               title: str = "Story maps") -> str:
    items = []
    for c in cards:
        href = f"{STORIES}/{c['id']}/index.html"
        src = " · ".join(b for b in (e(c["publisher"]), e(c["byline"]), c["published_text"]) if b) or "Source not given"
        items.append(
            f"<li class='card' data-story='{c['id']}'><a href='{href}' tabindex='-1' aria-hidden='true'>"
            f"<img src='{STORIES}/{c['id']}/{PREVIEW}' width='1200' height='630' loading='lazy' alt=''></a>"
            f"<h2><a href='{href}'>{e(c['title'])}</a></h2><p>{src}</p>"
            f"<p>{c['n_passages']} passages · {c['n_places']} places</p></li>")
    meta = f'<link rel="canonical" href="{e(base)}index.html">\n' if base else ""
    data = {"places": atlas, "highlight": HIGHLIGHT_STYLE["color"], "relief": assets.relief("")}
    n_places = len(atlas)
    return Template(web_text("site_index.html")).substitute(
        title=e(title), description=e(f"{len(cards)} stories on maps, with the places they speak of."),
        meta=meta, leaflet_css=assets.url("leaflet.css", ""), site_css=assets.url("site.css", ""),
        leaflet_js=assets.url("leaflet.js", ""), atlas_js=assets.url("atlas.js", ""),
        cards="".join(items), n_places=n_places, n_stories=len(cards), atlas=js_json(data),
        credits=" ".join(e(c) + "." for c in credits),
    )


def card(story: Story, file_name: str) -> dict:
    src = story.source
    return {"id": story.id, "title": story.title, "file": file_name, "publisher": src.publisher,
            "byline": src.byline, "published": src.published.isoformat() if src.published else None,
            "published_text": f"{src.published:%d %B %Y}" if src.published else "",
            "n_passages": len(story.passages), "n_places": len(story.places)}


def sitemap(paths: list[str], base: str | None) -> str:
    """sitemaps.org 0.9. Its <loc> must be absolute: without a base the paths are relative (said)."""
    locs = "".join(f"<url><loc>{xml_escape((base or '') + p)}</loc></url>\n" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{locs}</urlset>\n')


def json_bytes(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
