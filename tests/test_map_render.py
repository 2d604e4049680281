"""The map description and its folium rendering: layers, ids, assets, escaping."""

from __future__ import annotations

import json
import re

from components.map.assets import app_assets
from components.map.leaflet import to_folium
from components.map.spec import build_map_spec
from components.story.model import parse_story
from components.ui.map_frame import render_for_streamlit

from .conftest import SEED_STORY

REQUIRED_LAYERS = ["countries", "xinjiang", "wakhan", "gbao", "gbao-districts", "ishkashim-district", "rivers", "border"]


def test_spec_has_the_required_layers_and_places(spec):
    assert [lv.id for lv in spec.layers if lv.id in REQUIRED_LAYERS] == REQUIRED_LAYERS
    owners = {f["properties"]["place"] for lv in spec.layers for f in lv.data["features"]}
    for pid in ("ishkashim-district", "gbao", "xinjiang", "tajik-afghan-border", "tajikistan",
                "afghanistan", "china", "wakhan-corridor", "panj-river"):
        assert pid in owners
    marker_places = [m.place for m in spec.markers]
    assert {"police-base", "chinese-facility", "dushanbe", "russian-base"} <= set(marker_places)
    assert [m.approximate for m in spec.markers if m.place in ("police-base", "chinese-facility")] == [True, True]
    assert [c.place for c in spec.circles] == ["chinese-facility"]
    assert spec.circles[0].radius_m == 60_000
    districts = next(lv for lv in spec.layers if lv.id == "gbao-districts")
    assert len(districts.data["features"]) == 7


def test_legend_and_attribution_name_every_layer_and_source(spec):
    for lv in spec.layers:
        assert lv.title.replace("'", "&#x27;") in spec.legend
    joined = " ".join(spec.attribution)
    for needle in ("OpenStreetMap", "geoBoundaries", "Natural Earth", "GeoNames", "AIMS"):
        assert needle in joined


def test_rendered_map_uses_only_vendored_assets(spec):
    html = to_folium(spec, app_assets()).get_root().render()
    srcs = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert srcs and all(s.startswith("/app/static/") for s in srcs), srcs
    assert "cdn." not in html and "cdnjs" not in html and "code.jquery" not in html
    assert "L.Icon.Default.imagePath" in (SEED_STORY.parent.parent / "components/web/story_runtime.js").read_text()


def test_rendered_output_is_deterministic(story, geodata):
    a = render_for_streamlit(to_folium(build_map_spec(story, geodata), app_assets()))
    b = render_for_streamlit(to_folium(build_map_spec(story, geodata), app_assets()))
    assert a == b
    assert a.payload_bytes < 500_000


def test_story_text_is_escaped_everywhere(geodata):
    hostile = "<img src=x onerror=alert(1)>'\"`${x}</script>"
    text = SEED_STORY.read_text(encoding="utf-8")
    text = text.replace("name: Ishkashim district\n", f"name: {json.dumps(hostile)}\n")
    text = text.replace("He said China was providing", f"He said {hostile.replace(chr(34), '')} China was providing")
    story = parse_story(text, "hostile.yaml")
    spec = build_map_spec(story, geodata)
    html = to_folium(spec, app_assets()).get_root().render()
    assert "<img src=x" not in html and "</script>'" not in html
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html  # HTML-escaped, then JSON-escaped
    feature = next(f for lv in spec.layers for f in lv.data["features"] if f["properties"]["place"] == "ishkashim-district")
    assert "&lt;img src=x onerror=alert(1)&gt;&#x27;&quot;`${x}&lt;/script&gt;" in feature["properties"]["tooltip"]
