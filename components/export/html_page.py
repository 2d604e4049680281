"""Single-file HTML export: one ``.html`` that opens from disk with no server and no internet.

The page is the app's folium map (same ``MapSpec``, same ``story_runtime.js``) with Leaflet and
its images inlined, geometry simplified below one screen pixel at the export's highest zoom,
and the article beside it: passages with Previous/Next that move the map, clicks on the map
that light up passages, a ``#place=``/``#passage=``/``#claim=`` link to any view. The reader runs
the app's own ``story_reader.js`` on the same selection table (``selection_table``); only the
page's wiring (``export_page.js``) is its own. Everything from the story is escaped
(``markup``) and reaches JavaScript only as escaped JSON (``js_json``).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from string import Template
from typing import Callable

from components.map.assets import STATIC_DIR, Assets
from components.map.leaflet import EXTRA_SCRIPTS, RUNTIME_FILES, WEB_DIR, StoryExtras, js_json, runtime_js, to_folium
from components.geo.geodata import GeoData
from components.map.spec import MapSpec, build_map_spec
from components.map.markup import SELECTION_HINT, e, passage_html, place_panel, places_list_html, source_bits
from components.story.selection import Selection, compact_table
from components.story.model import Story

# Vertices are dropped within 0.0007° and snapped to a 0.0005° grid: no outline moves by more
# than ~0.0009° (measured, tests/test_export.py). At the export's maximum zoom (10) a screen
# pixel is ~0.0011° of latitude and ~0.0014° of longitude here, so no change is visible.
EXPORT_SIMPLIFY = 0.0007
EXPORT_GRID = 0.0005
EXPORT_MAX_ZOOM = 10
MAP_ID = "story_map"  # fixed element id: the same story gives the same bytes
PAGE_SCRIPTS = ("story_reader.js", "export_page.js")  # after the map's script, in this order


def _no_script_end(text: str, what: str) -> str:
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise ValueError(f"{what} cannot be inlined in a <script> element")
    return text


def inline_leaflet_css() -> str:
    """leaflet.css with its images as data: URIs (the layer switcher icon needs them)."""
    css = (STATIC_DIR / "leaflet" / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(m: re.Match) -> str:
        path = STATIC_DIR / "leaflet" / m.group(1)
        return "url(data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii") + ")"

    return re.sub(r"url\((images/[a-z0-9-]+\.png)\)", data_uri, css)


def inline_leaflet_js() -> str:
    """leaflet.js (a large story's clusters are the runtime's own: web/pins.js)."""
    return _no_script_end((STATIC_DIR / "leaflet" / "leaflet.js").read_text(encoding="utf-8"), "leaflet.js")


def export_spec(story: Story, geodata: GeoData, source: str = "<story>") -> MapSpec:
    return build_map_spec(story, geodata, source, grid=EXPORT_GRID, simplify=EXPORT_SIMPLIFY)


def reader_data(story: Story, sel: Selection) -> dict:
    """What the page's reader needs: the selection table (the page repeats no selection rule),
    and what it shows (names, passage numbers, place panels, the hint), escaped where HTML."""
    return {
        "storyId": story.id,
        "table": compact_table(story),
        "numbers": {p.id: i + 1 for i, p in enumerate(story.passages)},
        "names": {p.id: p.name for p in story.places},
        "panels": {p.id: place_panel(story, p, p.circle.basis if p.circle else None) for p in story.places},
        "hint": SELECTION_HINT,
        "initial": {"place": sel.place, "passage": sel.passage},
        "initialClaim": sel.claim,
    }


def _map_parts(spec: MapSpec, relief: dict | None = None) -> tuple[str, str, str]:
    """The map's header, body and script. ``relief``: the relief images' config (URLs) to use
    instead of inlining them (a published site links its shared copies)."""
    m = to_folium(spec, Assets(js=(), css=(), image_path=""), collapsed_controls=True)
    m._id = MAP_ID.split("_", 1)[1]
    m._name = MAP_ID.split("_", 1)[0]
    m.options["max_zoom"] = EXPORT_MAX_ZOOM
    if relief is not None:
        for child in m._children.values():
            if isinstance(child, StoryExtras):
                child.relief_js = js_json(relief)
    fig = m.get_root()
    fig.render()
    header = fig.header.render()
    header = re.sub(r"<script\b[^>]*\bsrc=[^>]*>\s*</script>|<link rel=\"stylesheet\"[^>]*>", "", header)
    return header, fig.html.render(), fig.script.render()


@dataclass(frozen=True)
class SharedAssets:
    """Links to the files a published page shares with every other story (components/publish):
    URLs relative to the page. The single-file export has none and inlines everything."""

    leaflet_css: str
    leaflet_js: str
    page_css: str  # SHARED_CSS, one file
    runtime_js: str  # RUNTIME_SCRIPTS, one file
    reader_js: str  # PAGE_SCRIPTS, one file
    relief: dict  # relief_config with the shared images' URLs
    page_js: tuple[str, ...] = ()  # more scripts after the reader (the embed page's height poster)
    # the map script -> (the script, URLs of scripts it needs first): the publisher's shared geometry
    map_script: Callable[[str], tuple[str, tuple[str, ...]]] | None = None


def _cut_once(text: str, part: str, what: str) -> str:
    """Remove ``part`` (an asset rendered verbatim into the map) from ``text``, exactly once: if
    folium or the runtime changes how it is added, publishing fails loudly, never half-linked."""
    if text.count(part) != 1:
        raise RuntimeError(f"{what} is not in the rendered map exactly once; cannot link it")
    return text.replace(part, "", 1)


def _shared_map_parts(spec: MapSpec, shared: SharedAssets) -> tuple[str, str, str]:
    """The map's parts without the runtime and CSS that the shared files bring."""
    header, body, script = _map_parts(spec, shared.relief)
    for name in MAP_CSS:
        header = _cut_once(header, "<style>" + web_text(name) + "</style>", name)
    script = _cut_once(script, runtime_js(), "the runtime")
    script = _cut_once(script, "\n".join(web_text(f) for f in EXTRA_SCRIPTS), "the map extras")
    return header, body, script


def web_text(name: str) -> str:
    return (WEB_DIR / name).read_text(encoding="utf-8")


PASSAGE_RUN = 50  # passages per off-screen-skipped block: a 100,000-passage export pans at 9 fps
# with one skipped block per passage (Chromium checks each one's visibility on every frame)
MAP_CSS = ("story_map.css", "map_labels.css")  # added to the map's header by the folium adapter
PAGE_CSS = ("reader.css", "export.css")
SHARED_CSS = MAP_CSS + PAGE_CSS
RUNTIME_SCRIPTS = RUNTIME_FILES + EXTRA_SCRIPTS  # what the adapter inlines into the map script


def render_html(story: Story, spec: MapSpec, sel: Selection = Selection(), shared: SharedAssets | None = None,
                meta: str = "", body_class: str = "ex-body", head_link: str = "",
                foot_note: str = "this file works offline.") -> str:
    """The story page. Without ``shared``: one file with everything inlined (the HTML export).
    With it: the same page linking the shared files; ``meta`` (tags for the head), ``body_class``,
    ``head_link`` (HTML after the source line) and ``foot_note`` let the publisher add its parts."""
    caption = ""
    if story.caption:
        credit = f" [{e(story.caption.credit)}]" if story.caption.credit else ""
        caption = f"<p class='sm-caption'>Photo: {e(story.caption.text)}{credit}</p>"
    items = [
        f"<div class='ex-item'>{passage_html(p, i + 1, set(), False)}"
        f"<button type='button' class='ex-show' data-passage='{p.id}'>Show ¶{i + 1} on the map</button></div>"
        for i, p in enumerate(story.passages)
    ]
    # in runs of PASSAGE_RUN, each skipped by the browser while off screen (export.css ex-run)
    passages = "".join(f"<div class='ex-run'>{''.join(items[k:k + PASSAGE_RUN])}</div>"
                       for k in range(0, len(items), PASSAGE_RUN))
    credits = "".join(f"<li>{e(c)}</li>" for c in spec.credits)
    data = js_json(reader_data(story, sel))
    if shared is None:
        header, body, script = _map_parts(spec)
        page_css = "".join(web_text(n) for n in PAGE_CSS)
        head = (f"<style>{inline_leaflet_css()}</style>\n<script>{inline_leaflet_js()}</script>\n"
                f"{header}\n<style>{page_css}</style>")
        reader_js = "\n".join(_no_script_end(web_text(name), name) for name in PAGE_SCRIPTS)
        scripts = (f"<script>{_no_script_end(script, 'the map script')}</script>\n"
                   f"<script>window.__storyData = {data};</script>\n<script>{reader_js}</script>")
    else:
        header, body, script = _shared_map_parts(spec, shared)
        before: tuple[str, ...] = ()
        if shared.map_script is not None:
            script, before = shared.map_script(script)
        head = (f"{meta}<link rel=\"stylesheet\" href=\"{e(shared.leaflet_css)}\">\n"
                f"<script src=\"{e(shared.leaflet_js)}\"></script>\n"
                f"{header}\n"
                f"<link rel=\"stylesheet\" href=\"{e(shared.page_css)}\">")
        scripts = ("".join(f"<script src=\"{e(src)}\"></script>\n" for src in (shared.runtime_js,) + before)
                   + f"<script>{_no_script_end(script, 'the map script')}</script>\n"
                   f"<script>window.__storyData = {data};</script>\n"
                   f"<script src=\"{e(shared.reader_js)}\"></script>"
                   + "".join(f"\n<script src=\"{e(src)}\"></script>" for src in shared.page_js))
    page = Template(web_text("export_page.html"))
    return page.substitute(
        title=e(story.title),
        story_id=story.id,
        source=" · ".join(source_bits(story)) or "Source not given",
        caption=caption,
        n_passages=len(story.passages),
        n_places=len(story.places),
        places=places_list_html(story, buttons=True),
        hint=e(SELECTION_HINT),
        head=head,
        body_class=body_class,
        head_link=head_link,
        foot_note=foot_note,
        map_html=body,
        passages=passages,
        credits=credits,
        scripts=scripts,
    )


def export_html(story: Story, geodata: GeoData, sel: Selection = Selection(), source: str = "<story>") -> bytes:
    return render_html(story, export_spec(story, geodata, source), sel).encode("utf-8")
