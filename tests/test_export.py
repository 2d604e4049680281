"""Exports on the real story and geodata: PNG/SVG pixels and layers, GeoJSON, HTML, CLI, share links."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import geopandas as gpd
import numpy as np
import pytest
import shapely
from PIL import Image, ImageFilter

from components.export.formats import FORMATS, export_bytes, selection_for
from components.export.geojson import places_geojson
from components.export.html_page import export_html, export_spec
from components.map.spec import build_map_spec
from components.story.selection import Selection
from components.export.share import embed_snippet, share_url
from components.export.image import HL_COLOR, draw_static_map
from components.story.model import parse_story

from .conftest import ROOT, SEED_STORY

AMBER = tuple(int(HL_COLOR[i:i + 2], 16) for i in (1, 3, 5))


def _rgb(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _amber_mask(rgb: np.ndarray) -> np.ndarray:
    return (np.abs(rgb - np.array(AMBER)).sum(axis=2) < 40)


# --- print images ---------------------------------------------------------------------------


@pytest.mark.parametrize("dpi", [100, 300])
def test_png_has_the_pixel_size_of_its_dpi(story, geodata, spec, dpi):
    png = export_bytes(story, geodata, FORMATS["png"], dpi=dpi, spec=spec)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG"
    assert img.size == (8 * dpi, 6 * dpi)
    assert img.info["dpi"] == pytest.approx((dpi, dpi), abs=0.5)


def test_png_is_not_blank(story, geodata, spec, artifacts):
    png = export_bytes(story, geodata, FORMATS["png"], dpi=100, spec=spec)
    (artifacts / "export-story.png").write_bytes(png)
    gray = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    assert gray.std() > 25
    assert len(np.unique(gray)) > 100
    map_part = gray[int(0.13 * 600):int(0.9 * 600), int(0.02 * 800):int(0.68 * 800)]
    assert (map_part < 250).mean() > 0.9  # the map window is drawn, not white paper


def test_selected_place_is_visibly_highlighted_also_in_black_and_white(story, geodata, spec, artifacts):
    sm = draw_static_map(story, spec, geodata, Selection(place="ishkashim-district"), dpi=100)
    png = sm.to_bytes("png")
    (artifacts / "export-ishkashim.png").write_bytes(png)
    rgb = _rgb(png)
    amber = _amber_mask(rgb)
    assert amber.sum() > 800  # a thick outline all round the district
    # ... and it is where the district is: its bounds in pixels hold the highlight
    w, s, e, n = geodata.feature("ishkashim-district", "Ishkoshim").bounds
    (c0, r0), (c1, r1) = sm.pixel(w, n), sm.pixel(e, s)
    rows, cols = np.nonzero(amber)
    inside = (cols >= c0 - 4) & (cols <= c1 + 4) & (rows >= r0 - 4) & (rows <= r1 + 4)
    assert inside.mean() > 0.95
    # black and white: the light core is cased in black, so it stands out in grey too
    gray = Image.open(io.BytesIO(png)).convert("L")
    core = Image.fromarray((amber * 255).astype("uint8"))
    ring = np.asarray(core.filter(ImageFilter.MaxFilter(5))) > 0
    ring &= ~np.asarray(core.filter(ImageFilter.MaxFilter(1))).astype(bool)
    g = np.asarray(gray).astype(int)
    assert g[amber].mean() > 150 and g[ring].mean() < 110
    plain = _rgb(export_bytes(story, geodata, FORMATS["png"], dpi=100, spec=spec))
    assert _amber_mask(plain).sum() == 0  # nothing is amber without a selection


def test_image_view_follows_the_selection_and_labels_it(story, geodata, spec):
    whole = draw_static_map(story, spec, geodata, Selection(), dpi=60)
    place = draw_static_map(story, spec, geodata, Selection(place="ishkashim-district"), dpi=60)
    assert (place.view[1] - place.view[0]) < (whole.view[1] - whole.view[0]) * 0.7
    assert "Ishkashim district" in place.labels
    assert {"countries", "gbao", "ishkashim-district", "border", "rivers"} <= set(whole.layers)
    assert any(label.startswith("Dushanbe") for label in whole.labels)


def test_image_of_a_single_point_place_has_a_view(story, geodata, spec):
    """A settlement is one point: its view was a zero-size box that GEOS refused (found in
    issue 9's refactor); it now gets the minimum span around the point."""
    for pid in [p.id for p in story.places if p.precision.value == "settlement"]:
        drawn = draw_static_map(story, spec, geodata, Selection(place=pid), dpi=50)
        x0, x1, y0, y1 = drawn.view
        assert x1 - x0 > 0 and y1 - y0 > 0, pid


def _svg_ids_and_text(svg: bytes) -> tuple[set[str], str]:
    root = ET.fromstring(svg)
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    texts = " ".join("".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text"))
    return ids, texts


def test_svg_parses_and_holds_the_layers(story, geodata, spec, artifacts):
    svg = export_bytes(story, geodata, FORMATS["svg"], spec=spec)
    (artifacts / "export-story.svg").write_bytes(svg)
    ids, texts = _svg_ids_and_text(svg)
    for needed in ("layer-countries", "layer-gbao", "layer-gbao-districts", "layer-ishkashim-district",
                   "layer-border", "layer-rivers", "layer-xinjiang", "layer-wakhan", "circle-chinese-facility",
                   "legend", "title", "attribution", "scale-bar", "north-arrow"):
        assert needed in ids, needed
    for words in ("China to build Tajikistan police base", "Natural Earth", "OpenStreetMap", "GeoNames",
                  "Legend", "Ishkashim district", "Gorno-Badakhshan (GBAO)", "TAJIKISTAN", "km"):
        assert words in texts, words
    assert b"<script" not in svg
    p4 = export_bytes(story, geodata, FORMATS["svg"], Selection(passage="p4"), spec=spec)
    ids, texts = _svg_ids_and_text(p4)
    assert {"selected-ishkashim-district", "selected-gbao", "selected-police-base"} <= ids
    assert "¶4 of 17" in texts


def test_image_text_is_data_not_markup(geodata):
    hostile = "<script>alert(1)</script> & ]]>"
    text = SEED_STORY.read_text(encoding="utf-8").replace(
        'title: "China to build', f'title: "{hostile} China to build')
    story = parse_story(text, "hostile.yaml")
    svg = export_bytes(story, geodata, FORMATS["svg"], dpi=60)
    ET.fromstring(svg)  # still well-formed XML
    assert b"<script" not in svg and b"&lt;script&gt;" in svg


# --- GeoJSON --------------------------------------------------------------------------------


def test_geojson_holds_every_place_with_its_passages(story, geodata, spec, tmp_path):
    data = export_bytes(story, geodata, FORMATS["geojson"], spec=spec)
    path = tmp_path / "story.geojson"
    path.write_bytes(data)
    gdf = gpd.read_file(path)
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf["id"]) == [p.id for p in story.places]
    assert gdf.is_valid.all() and not gdf.is_empty.any()
    doc = json.loads(data)
    feats = {f["id"]: f for f in doc["features"]}
    ishk = feats["ishkashim-district"]["properties"]
    assert ishk["passage_ids"] == ["p4"] and ishk["passage_numbers"] == [4]
    assert ishk["passages"][0]["text"].startswith("A parliamentary spokesman told AFP")
    assert "¶4 A parliamentary" in ishk["passages_text"]
    facility = feats["chinese-facility"]["properties"]
    assert facility["geometry_role"] == "uncertainty-circle" and facility["approximate"] is True
    assert facility["circle"]["radius_km"] == 60 and "tri-junction" in facility["circle"]["basis"]
    assert feats["police-base"]["properties"]["geometry_role"] == "area"  # no invented point
    assert feats["dushanbe"]["geometry"]["type"] == "Point"
    # RFC 7946: outer rings counter-clockwise
    gbao = shapely.geometry.shape(feats["gbao"]["geometry"])
    for poly in getattr(gbao, "geoms", [gbao]):
        assert poly.exterior.is_ccw
    assert any("Natural Earth" in a for a in doc["attribution"])
    assert doc["story"]["url"].startswith("https://")


def test_geojson_of_a_selection_holds_only_its_places(story, spec):
    doc = places_geojson(story, spec, ["gbao"])
    assert [f["id"] for f in doc["features"]] == ["gbao"]


# --- HTML -----------------------------------------------------------------------------------


def test_html_export_is_one_self_contained_file(story, geodata):
    html = export_html(story, geodata).decode("utf-8")
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert "url(images/" not in html and "data:image/png;base64," in html  # Leaflet's icons inlined
    # nothing is fetched: no element loads an address, no CSS url() points outside the file
    assert not re.search(r"<(?:img|iframe|source|embed|object)\b", html)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html)
    anchors = re.findall(r"<a [^>]*href='([^']+)'", html)
    assert anchors == ["https://www.newarab.com/news/china-build-tajikistan-base-near-afghan-border-official"]
    assert html.count('id="passage-') == 17
    assert "Made with Natural Earth" in html and "GeoNames" in html
    # the offline relief (issue 10) is inlined as two data: URIs; the rest keeps its budget
    relief = sum(len(m) for m in re.findall(r'"data:image/jpeg;base64,[A-Za-z0-9+/=]+"', html))
    assert 0 < relief < 750_000
    assert len(html.encode()) - relief < 700_000
    assert export_html(story, geodata) == html.encode("utf-8")  # deterministic


def test_html_geometry_is_simplified_below_a_pixel(story, geodata, spec):
    small = export_spec(story, geodata)
    n_small = sum(shapely.get_num_coordinates(shapely.geometry.shape(f["geometry"]))
                  for lv in small.layers for f in lv.data["features"])
    shipped = build_map_spec(story, geodata, web_simplify=False)  # the app's own spec is simplified more (issue 6)
    n_full = sum(shapely.get_num_coordinates(shapely.geometry.shape(f["geometry"]))
                 for lv in shipped.layers for f in lv.data["features"])
    assert n_small < n_full * 0.9
    # no outline moves by a pixel at the export's highest zoom (10): ~0.0011° of latitude here
    for lv in small.layers:
        gdf = geodata.layer(lv.id)
        for f in lv.data["features"]:
            full = gdf.geometry.loc[f["properties"]["fid"]]
            assert shapely.hausdorff_distance(shapely.geometry.shape(f["geometry"]), full) < 0.0011, f["id"]


def test_html_escapes_story_text(geodata):
    hostile = "<img src=x onerror=alert(1)>"
    text = SEED_STORY.read_text(encoding="utf-8").replace("name: Ishkashim district\n", f"name: \"{hostile}\"\n")
    text = text.replace('title: "China to build', f'title: "{hostile} China to build')
    html = export_html(parse_story(text, "hostile.yaml"), geodata).decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # in the page's title and header


def test_selection_arguments_are_checked(story):
    assert selection_for(story, "gbao", None, "s.yaml") == Selection(place="gbao", fit=True)
    assert selection_for(story, None, "p4", "s.yaml").passage == "p4"
    for place, passage in (("nope", None), (None, "p99"), ("../x", None), ("gbao", "p4")):
        with pytest.raises(Exception) as err:
            selection_for(story, place, passage, "s.yaml")
        assert str(err.value).startswith("s.yaml")


# --- share links ------------------------------------------------------------------------------


def test_share_url_and_embed_snippet():
    sel = Selection(place="ishkashim-district")
    url = share_url("http://127.0.0.1:8501/", "tajik-police-base", sel)
    assert url == "http://127.0.0.1:8501/?story=tajik-police-base&place=ishkashim-district"
    emb = share_url("https://maps.example.org/story/", "tajik-police-base", Selection(passage="p4"), embed=True)
    assert emb == "https://maps.example.org/story/?story=tajik-police-base&passage=p4&embed=true"
    assert share_url(None, "s", Selection()) == "?story=s"
    assert share_url("javascript:alert(1)//", "s", Selection()) == "?story=s"
    snippet = embed_snippet(emb, 'A "quoted" <title>')
    assert snippet.startswith('<iframe src="https://maps.example.org/story/?story=tajik-police-base&amp;passage=p4&amp;embed=true"')
    assert 'title="A &quot;quoted&quot; &lt;title&gt;"' in snippet


# --- command line -----------------------------------------------------------------------------


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "components", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("fmt", ["html", "png", "svg", "geojson"])
def test_cli_exports_each_format(fmt, tmp_path):
    out = tmp_path / f"story.{fmt}"
    extra = ["--dpi", "72"] if fmt == "png" else []
    r = _cli("export", str(SEED_STORY), "--format", fmt, "--out", str(out), "--place", "gbao", *extra)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"wrote {out} ({fmt}, ")
    data = out.read_bytes()
    if fmt == "png":
        assert Image.open(out).size == (576, 432)
    elif fmt == "svg":
        ET.fromstring(data)
    elif fmt == "geojson":
        assert [f["id"] for f in json.loads(data)["features"]] == ["gbao"]
    else:
        assert data.startswith(b"<!DOCTYPE html>") and b'"initial":{"place":"gbao","passage":null}' in data


def test_cli_format_from_suffix_and_folder_out(tmp_path):
    r = _cli("export", str(SEED_STORY), "--out", str(tmp_path / "m.geojson"))
    assert r.returncode == 0 and (tmp_path / "m.geojson").is_file()
    r = _cli("export", str(SEED_STORY), "--format", "html", "--passage", "p4", "--out", str(tmp_path))
    assert r.returncode == 0 and (tmp_path / "tajik-police-base-p4.html").is_file()


@pytest.mark.parametrize("args, message", [
    (["export", "stories/missing.yaml", "--format", "png", "--out", "{tmp}/x.png"], "error: missing.yaml: story file not found"),
    (["export", "{broken}", "--format", "png", "--out", "{tmp}/x.png"], "error: broken.yaml: line "),
    (["export", str(SEED_STORY), "--format", "png", "--out", "{tmp}/x.png", "--place", "atlantis"],
     "error: tajik-police-base.yaml: --place: no place 'atlantis'"),
    (["export", str(SEED_STORY), "--format", "png", "--out", "{tmp}/x.png", "--dpi", "5000"], "error: --dpi: "),
    (["export", str(SEED_STORY), "--format", "bmp", "--out", "{tmp}/x.png"], "error: argument --format: invalid choice"),
    (["export", str(SEED_STORY), "--format", "png", "--out", "{tmp}/no/such/dir/x.png"], "error: --out: folder"),
    (["validate", "{broken}"], "error: broken.yaml: line "),
    (["validate", "stories/missing.yaml"], "error: missing.yaml: story file not found"),
])
def test_cli_bad_input_exits_2_with_one_line(args, message, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    args = [a.replace("{tmp}", str(tmp_path)).replace("{broken}", str(broken)) for a in args]
    r = _cli(*args)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith(message), r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert not (tmp_path / "x.png").exists()  # nothing half-written
