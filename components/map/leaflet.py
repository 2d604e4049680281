"""Folium adapter: a MapSpec becomes a folium.Map, one Leaflet concept per element class.

The same map serves the Streamlit app (assets served from ``static/``) and the HTML export
(assets inlined). Popups are built from the story the spec draws: only this adapter shows them.
A story's places travel once, as one table of columns (``place_table``: ids, escaped names,
precision class, passage count, the first passage's number and opening words), and markers and
circles as columns of numbers pointing into it (``marker_columns``): the runtime
(components/web/story_runtime.js) joins them into the same tooltip and popup markup as
components/map/markup.py (tests/test_scale_browser.py compares both), so a 10,000-place story
sends ~0.1 KB per place instead of one JS object with its HTML per marker (issue 12). Story data reaches JavaScript only as escaped JSON (``<``, ``>``, ``&``,
``'`` as \\u escapes), so no story text can close a script tag or break a JS string.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from folium.template import Template

from components.map.assets import Assets
from components.map.inset import inset_for
from components.map.labels import labels_json
from components.map.relief import relief_config
from components.map.markup import PRECISION_SHORT, e, opening_words
from components.map.spec import CIRCLE_STYLE, HIGHLIGHT_STYLE, MapSpec
from components.story.model import Precision, Story

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
CLUSTER_MIN_MARKERS = 40  # more markers than this are clustered (web/pins.js StoryPins)
MARKER_DIGITS = 4  # marker lat/lon decimals: 1e-4 degree (<= 11 m) is under a pixel at the max zoom 13
PRECISIONS = list(Precision)  # a place's precision class travels as its index in this list


_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def js_json(obj) -> str:
    """JSON for a script: no story text can close the tag, break the string, or be a template.

    branca compiles each element's rendered script as a Jinja template once more
    (``Element(script(...))``), so a ``{{ ... }}`` in story text would be evaluated on the
    server (template injection: arbitrary Python). JSON syntax never puts ``{`` before ``{``,
    ``%`` or ``#``, so every such ``{`` is inside a string and becomes ``\\u007b``.
    """
    out = (
        json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return _JINJA_OPEN.sub(r"\\u007b", out)


class _Verbatim(Element):
    """Rendered text added to the figure as it is. branca wraps each macro's output in
    ``Element(text)``, which compiles it as a jinja template: slow for megabytes of map data, and
    a story text holding ``{{`` would be evaluated as a template expression."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _StoryElement(MacroElement):
    """A MacroElement whose header/html/script output reaches the figure verbatim."""

    def render(self, **kwargs):
        figure = self.get_root()
        parts = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = parts.get(part)
            if macro is not None:
                target.add_child(_Verbatim(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


RUNTIME_FILES = ("story_runtime.js", "pins.js")  # the runtime, one script (pins.js: a large story's markers)


def runtime_js() -> str:
    return "\n".join((WEB_DIR / f).read_text(encoding="utf-8") for f in RUNTIME_FILES)


class StoryRuntime(_StoryElement):
    """Defines ``window.__story`` (components/web/story_runtime.js) for the map's other elements."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this.runtime_js }}
window.__story = new StoryMap({{ this._parent.get_name() }}, {{ this.options_js }});
window.__story.setPlaces({{ this.places_js }});
{% endmacro %}
"""
    )

    def __init__(self, image_path: str, story: Story):
        super().__init__()
        self._name = "StoryRuntime"
        self.runtime_js = runtime_js()
        self.options_js = js_json({"imagePath": image_path, "highlight": HIGHLIGHT_STYLE})
        self.places_js = js_json(place_table(story))

    def render(self, **kwargs):
        css = (WEB_DIR / "story_map.css").read_text(encoding="utf-8")
        self.get_root().header.add_child(Element(f"<style>{css}</style>"), name="story_map_css")
        super().render(**kwargs)


class StoryLayer(_StoryElement):
    """One legended GeoJSON overlay whose features carry place ids; a feature a place draws gets
    its tooltip and popup from the place table, the others carry their own tooltip."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var s = window.__story, style = {{ this.style_js }};
  var layer = L.geoJSON({{ this.data_js }}, {
    style: function () { return style; },
    onEachFeature: function (f, l) {
      var p = f.properties;
      l.bindTooltip(p.place ? s.tooltipOf(p.place) : p.tooltip, { sticky: true });
      if (p.place) { l.bindPopup(s.popupOf(p.place), s.popupOptions()); }
      s.register(l, p.places, p.place);
    }
  });
  s.addOverlay({{ this.title_js }}, layer, {{ this.show_js }});
})();
{% endmacro %}
"""
    )

    def __init__(self, title: str, data: dict, style: dict, show: bool = True):
        super().__init__()
        self._name = "StoryLayer"
        self.data_js = js_json(web_features(data))
        self.style_js = js_json(style)
        self.title_js = js_json(title)
        self.show_js = js_json(bool(show))


def web_features(data: dict) -> dict:
    """The layer's features as the browser gets them (copies: the spec is shared): a feature a
    place draws drops its tooltip and name, which the runtime takes from the place table."""
    features = []
    for f in data["features"]:
        props = f["properties"]
        if props["place"]:
            props = {k: v for k, v in props.items() if k not in ("tooltip", "name")}
        features.append({**f, "properties": props})
    return {**data, "features": features}


def place_table(story: Story) -> dict:
    """Every place of the story once, as columns (one list per field, keys sent once). Names
    and opening words are HTML-escaped here (markup.e, as markup.place_tooltip/place_popup do);
    ``raw`` holds the unescaped name (a marker's title attribute) only where escaping changed it;
    ``story`` the story's id (the page matches the map as text to its map by it)."""
    t = {"story": story.id, "ids": [], "names": [], "approx": [], "prec": [], "count": [], "first": [], "words": [],
         "raw": {},
         "precText": [e(PRECISION_SHORT[p]) for p in PRECISIONS]}
    for i, place in enumerate(story.places):
        passages = story.passages_of(place.id)
        name = e(place.name)
        t["ids"].append(place.id)
        t["names"].append(name)
        t["approx"].append(int(place.approximate))
        t["prec"].append(PRECISIONS.index(place.precision))
        t["count"].append(len(passages))
        t["first"].append(story.passage_index(passages[0].id) + 1 if passages else 0)
        t["words"].append(e(opening_words(passages[0].text)) if passages else "")
        if name != place.name:
            t["raw"][str(i)] = place.name
    return t


def places_list_extra(story: Story) -> dict:
    """What the map's text alternative (markup.places_list_html) needs beyond ``place_table``,
    which holds each place's first passage: the numbers of its other passages (``more``, by place
    row) and the escaped opening words of those passages that are no place's first (``words``, by
    passage number). The page builds the list from both (story_runtime.js ``placesListHtml``)."""
    firsts, more, words = set(), {}, {}
    for place in story.places:
        passages = story.passages_of(place.id)
        if passages:
            firsts.add(story.passage_index(passages[0].id) + 1)
    for i, place in enumerate(story.places):
        rest = story.passages_of(place.id)[1:]
        if not rest:
            continue
        more[str(i)] = []
        for p in rest:
            n = story.passage_index(p.id) + 1
            more[str(i)].append(n)
            if n not in firsts:
                words.setdefault(str(n), e(opening_words(p.text)))
    return {"more": more, "words": words}


def marker_columns(spec: MapSpec) -> dict:
    """The markers as columns: index of the place in ``place_table``, lat, lon, stack."""
    index = {p.id: i for i, p in enumerate(spec.story.places)}
    return {"place": [index[m.place] for m in spec.markers],
            "lat": [round(m.lat, MARKER_DIGITS) for m in spec.markers],
            "lon": [round(m.lon, MARKER_DIGITS) for m in spec.markers],
            "stack": [m.stack for m in spec.markers]}


def clustered(spec: MapSpec) -> bool:
    """Many markers are drawn by the runtime's StoryPins layer: clusters on a screen grid, a
    Leaflet marker made only for a place drawn alone (app and HTML export alike)."""
    return len(spec.markers) > CLUSTER_MIN_MARKERS


class StoryMarkers(_StoryElement):
    """Markers of the story's places and the uncertainty circles of approximate ones."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var s = window.__story, rings = L.featureGroup(), m = {{ this.markers_js }};
  var pins = {{ this.cluster_js }} ? s.pinLayer(m) : L.featureGroup();
  s.addMarkers(m, pins);
  s.addCircles({{ this.circles_js }}, {{ this.circle_style_js }}, rings);
  s.addOverlay("Uncertainty radius", rings, true);
  s.addOverlay("Places in the story", pins, true);
})();
{% endmacro %}
"""
    )

    def __init__(self, spec: MapSpec):
        super().__init__()
        self._name = "StoryMarkers"
        index = {p.id: i for i, p in enumerate(spec.story.places)}
        self.markers_js = js_json(marker_columns(spec))
        self.circles_js = js_json({"place": [index[c.place] for c in spec.circles],
                                   "lat": [c.lat for c in spec.circles], "lon": [c.lon for c in spec.circles],
                                   "radius": [c.radius_m for c in spec.circles]})
        self.circle_style_js = js_json(CIRCLE_STYLE)
        self.cluster_js = js_json(clustered(spec))


class StoryExtras(_StoryElement):
    """Labels, the offline relief and the locator inset (components/web/labels.js, relief.js,
    inset.js), hooked into the runtime before ``finish()`` (issue 10)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this.js }}
(function () {
  var s = window.__story;
  new StoryRelief(s, {{ this.relief_js }});
  s.labels = new StoryLabels(s, {{ this.labels_js }});
  new StoryInset(s, {{ this.inset_js }});
})();
{% endmacro %}
"""
    )

    def __init__(self, spec: MapSpec, relief_base: str | None):
        super().__init__()
        self._name = "StoryExtras"
        self.js = "\n".join((WEB_DIR / f).read_text(encoding="utf-8") for f in EXTRA_SCRIPTS)
        self.labels_js = js_json(labels_json(spec.labels, spec.story.places))
        self.relief_js = js_json(relief_config(relief_base))
        self.inset_js = js_json(inset_for(spec.fit_bounds).web())

    def render(self, **kwargs):
        css = (WEB_DIR / "map_labels.css").read_text(encoding="utf-8")
        self.get_root().header.add_child(Element(f"<style>{css}</style>"), name="map_labels_css")
        super().render(**kwargs)


EXTRA_SCRIPTS = ("labels.js", "relief.js", "inset.js")


class StoryFinish(_StoryElement):
    """Layer switcher (offline / OSM tiles), legend, attribution and the first view."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
window.__story.finish({{ this.cfg_js }});
{% endmacro %}
"""
    )

    def __init__(self, spec: MapSpec, collapsed: bool = True):
        super().__init__()
        self._name = "StoryFinish"
        self.cfg_js = js_json({"legend": spec.legend, "attribution": spec.attribution,
                               "fit": spec.fit_bounds, "collapsed": collapsed})


_LOCKED_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
ZOOMABLE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'


class ZoomableMap(folium.Map):
    """folium's Map, whose header's viewport forbids zooming the page (``maximum-scale=1.0,
    user-scalable=no``): readers on phones may pinch-zoom (WCAG 1.4.4; axe's meta-viewport)."""

    def render(self, **kwargs):
        super().render(**kwargs)
        header = self.get_root().header
        el = header._children.get(self.get_name())
        if el is not None:
            header._children[self.get_name()] = _Verbatim(_LOCKED_VIEWPORT.sub(ZOOMABLE_VIEWPORT, el.render()))


def to_folium(spec: MapSpec, assets: Assets, collapsed_controls: bool = True) -> folium.Map:
    (s, w), (n, e) = spec.fit_bounds
    m = ZoomableMap(location=[(s + n) / 2, (w + e) / 2], zoom_start=6, tiles=None,
                   control_scale=True, min_zoom=3, max_zoom=13, zoom_snap=0.25)
    m.options.update(min_zoom=3, max_zoom=13)  # folium drops them without tiles (StoryPins needs maxZoom)
    m.default_js = list(assets.js)
    m.default_css = list(assets.css)
    StoryRuntime(assets.image_path, spec.story).add_to(m)
    for lv in spec.layers:
        StoryLayer(lv.title, lv.data, lv.style, lv.show).add_to(m)
    StoryMarkers(spec).add_to(m)
    StoryExtras(spec, assets.relief_base).add_to(m)
    StoryFinish(spec, collapsed_controls).add_to(m)
    return m
