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
from string import Template

from components.map.assets import STATIC_DIR, Assets
from components.map.leaflet import WEB_DIR, clustered, js_json, to_folium
from components.geo.geodata import GeoData
from components.map.spec import MapSpec, build_map_spec
from components.map.markup import SELECTION_HINT, e, passage_html, place_panel, places_list_html, source_bits
from components.story.selection import Selection, selection_table
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


def inline_leaflet_css(cluster: bool = False) -> str:
    """leaflet.css with its images as data: URIs (the layer switcher icon needs them);
    ``cluster``: and markercluster's (a story with many markers, as in the app)."""
    css = (STATIC_DIR / "leaflet" / "leaflet.css").read_text(encoding="utf-8")
    if cluster:
        css += "".join((STATIC_DIR / "markercluster" / f).read_text(encoding="utf-8")
                       for f in ("MarkerCluster.css", "MarkerCluster.Default.css"))

    def data_uri(m: re.Match) -> str:
        path = STATIC_DIR / "leaflet" / m.group(1)
        return "url(data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii") + ")"

    return re.sub(r"url\((images/[a-z0-9-]+\.png)\)", data_uri, css)


def inline_leaflet_js(cluster: bool = False) -> str:
    """leaflet.js; ``cluster``: and Leaflet.markercluster after it (leaflet.clustered)."""
    files = [("leaflet", "leaflet.js")] + ([("markercluster", "leaflet.markercluster.js")] if cluster else [])
    return "\n".join(_no_script_end((STATIC_DIR / d / f).read_text(encoding="utf-8"), f) for d, f in files)


def export_spec(story: Story, geodata: GeoData, source: str = "<story>") -> MapSpec:
    return build_map_spec(story, geodata, source, grid=EXPORT_GRID, simplify=EXPORT_SIMPLIFY)


def reader_data(story: Story, sel: Selection) -> dict:
    """What the page's reader needs: the selection table (the page repeats no selection rule),
    and what it shows (names, passage numbers, place panels, the hint), escaped where HTML."""
    return {
        "storyId": story.id,
        "table": selection_table(story),
        "numbers": {p.id: i + 1 for i, p in enumerate(story.passages)},
        "names": {p.id: p.name for p in story.places},
        "panels": {p.id: place_panel(story, p, p.circle.basis if p.circle else None) for p in story.places},
        "hint": SELECTION_HINT,
        "initial": {"place": sel.place, "passage": sel.passage},
        "initialClaim": sel.claim,
    }


def _map_parts(spec: MapSpec) -> tuple[str, str, str]:
    m = to_folium(spec, Assets(js=(), css=(), image_path=""), collapsed_controls=True)
    m._id = MAP_ID.split("_", 1)[1]
    m._name = MAP_ID.split("_", 1)[0]
    m.options["max_zoom"] = EXPORT_MAX_ZOOM
    fig = m.get_root()
    fig.render()
    header = fig.header.render()
    header = re.sub(r"<script\b[^>]*\bsrc=[^>]*>\s*</script>|<link rel=\"stylesheet\"[^>]*>", "", header)
    return header, fig.html.render(), fig.script.render()


def render_html(story: Story, spec: MapSpec, sel: Selection = Selection()) -> str:
    header, body, script = _map_parts(spec)
    caption = ""
    if story.caption:
        credit = f" [{e(story.caption.credit)}]" if story.caption.credit else ""
        caption = f"<p class='sm-caption'>Photo: {e(story.caption.text)}{credit}</p>"
    passages = "".join(
        f"<div class='ex-item'>{passage_html(p, i + 1, set(), False)}"
        f"<button type='button' class='ex-show' data-passage='{p.id}'>Show ¶{i + 1} on the map</button></div>"
        for i, p in enumerate(story.passages)
    )
    credits = "".join(f"<li>{e(c)}</li>" for c in spec.credits)
    page = Template((WEB_DIR / "export_page.html").read_text(encoding="utf-8"))
    return page.substitute(
        title=e(story.title),
        story_id=story.id,
        source=" · ".join(source_bits(story)) or "Source not given",
        caption=caption,
        n_passages=len(story.passages),
        n_places=len(story.places),
        places=places_list_html(story, buttons=True),
        hint=e(SELECTION_HINT),
        leaflet_css=inline_leaflet_css(clustered(spec)),
        leaflet_js=inline_leaflet_js(clustered(spec)),
        map_header=header,
        page_css=(WEB_DIR / "reader.css").read_text(encoding="utf-8") + (WEB_DIR / "export.css").read_text(encoding="utf-8"),
        map_html=body,
        passages=passages,
        credits=credits,
        map_script=_no_script_end(script, "the map script"),
        data=js_json(reader_data(story, sel)),
        reader_js="\n".join(_no_script_end((WEB_DIR / name).read_text(encoding="utf-8"), name) for name in PAGE_SCRIPTS),
    )


def export_html(story: Story, geodata: GeoData, sel: Selection = Selection(), source: str = "<story>") -> bytes:
    return render_html(story, export_spec(story, geodata, source), sel).encode("utf-8")
