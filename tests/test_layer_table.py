"""One layer table: a layer declared in a geodata folder's layers.json (bench/synth.py's) reaches
the web map, the print images and the claims; the folder's gazetteer and accuracy files are
the ones read, the shipped ones only when the folder has none."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import yaml
from PIL import Image

from components.authoring.gazetteer import load_gazetteer
from components.claims.check import check_claims, load_accuracy
from components.errors import GeodataError
from components.export.formats import FORMATS, export_bytes
from components.export.image import draw_static_map, print_style
from components.geo.geodata import GEODATA_DIR, extra_layers, load_geodata
from components.geo.layers import LAYERS
from components.geo.resolve import resolve_places
from components.map.spec import build_map_spec
from components.story.model import parse_story

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from synth import SYNTH_LAYERS, make_synthetic  # noqa: E402

AREAS = next(x for x in SYNTH_LAYERS if x["id"] == "synth-areas")


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    """(story, geodata, folder) of a 10-place synthetic story: shipped layers plus layers.json."""
    from components.story.model import load_story

    folder = tmp_path_factory.mktemp("table")
    path = make_synthetic(10, folder)
    return load_story(path), load_geodata(folder / "geodata"), folder / "geodata"


def _claim_story(geodata) -> str:
    """A story with a claim on a feature of the layers.json layer: it lies within Tajikistan."""
    fid = next(iter(geodata.layer("synth-areas")["id"]))
    return f"""
id: synth-claim
title: A synthetic area in Tajikistan
source: {{publisher: test, url: "https://example.org/x", published: 2021-10-28}}
places:
  - {{id: area, name: The area, precision: exact, geometry: {{layer: synth-areas, feature: {fid}}}}}
  - {{id: tajikistan, name: Tajikistan, precision: country, geometry: {{layer: countries, feature: TJK}}}}
passages:
  - {{id: p1, text: The area lies in Tajikistan., places: [area, tajikistan]}}
claims:
  - {{id: area-in-tajikistan, kind: within, places: [area, tajikistan], passage: p1, quote: The area lies in Tajikistan}}
"""


def test_a_layers_json_layer_is_on_the_web_map(synth):
    story, geodata, _ = synth
    assert [d.id for d in geodata.defs][-2:] == ["synth-points", "synth-areas"]
    layers = {lv.id: lv for lv in build_map_spec(story, geodata).layers}
    assert layers["synth-areas"].title == AREAS["title"] and layers["synth-areas"].style["color"] == AREAS["style"]["color"]


def test_a_layers_json_layer_is_in_the_svg_with_its_own_colours(synth):
    story, geodata, _ = synth
    svg = export_bytes(story, geodata, FORMATS["svg"])
    root = ET.fromstring(svg)
    group = next(el for el in root.iter() if el.get("id") == "layer-synth-areas")
    styles = " ".join(el.get("style", "") for el in group.iter())
    assert AREAS["style"]["color"] in styles and AREAS["style"]["fillColor"] in styles
    legend = next(el for el in root.iter() if el.get("id") == "legend")
    assert AREAS["title"] in "".join(legend.itertext())


def _tinted_pixels(png: bytes, fill: str, opacity: float, under: str = "#f2efe9") -> int:
    """Pixels of ``fill`` at ``opacity`` over ``under`` (Tajikistan's fill in the countries layer)."""
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    f, u = (np.array([int(c[i:i + 2], 16) for i in (1, 3, 5)]) for c in (fill, under))
    return int((np.abs(rgb - (opacity * f + (1 - opacity) * u).round()).max(axis=2) <= 6).sum())


def test_a_layers_json_layer_is_painted_in_the_png_in_its_table_colour(synth):
    story, geodata, _ = synth
    drawn = draw_static_map(story, build_map_spec(story, geodata), geodata, dpi=200)
    assert "synth-areas" in drawn.layers
    png = drawn.to_bytes("png")
    teal, opacity = AREAS["style"]["fillColor"], AREAS["style"]["fillOpacity"]
    assert _tinted_pixels(png, teal, opacity) > 20 and _tinted_pixels(png, "#ff0000", opacity) < 5
    # the same layer recoloured in the loaded table prints in the new colour: nothing else holds it
    recoloured = dataclasses.replace(geodata, defs=tuple(
        dataclasses.replace(d, style={**d.style, "fillColor": "#ff0000"}) if d.id == "synth-areas" else d
        for d in geodata.defs))
    png = export_bytes(story, recoloured, FORMATS["png"], dpi=200)
    assert _tinted_pixels(png, "#ff0000", opacity) > 20 and _tinted_pixels(png, teal, opacity) < 5


def test_print_extras_are_fields_of_the_layer_definition(tmp_path):
    (tmp_path / "layers.json").write_text(json.dumps([dict(
        AREAS, print_weight=0.7, print_dash=[1, 2], print_fill_opacity=0.5, hatch="xx")]), encoding="utf-8")
    (layer,) = extra_layers(tmp_path)
    st = print_style(layer)
    assert (st.lw, st.ls, st.face, st.hatch) == (0.7, (0, (1, 2)), ("#66c2a5", 0.5), "xx")
    (tmp_path / "layers.json").write_text(json.dumps([AREAS]), encoding="utf-8")  # no print fields: the web style's
    plain = print_style(extra_layers(tmp_path)[0])
    assert (plain.lw, plain.ls, plain.face, plain.hatch) == (0.5, "solid", ("#66c2a5", 0.35), None)


def test_shipped_print_styles_take_their_colours_from_the_web_style():
    for layer in LAYERS:
        if not layer.draw:
            continue
        st = print_style(layer)
        assert st.edge == layer.style["color"], layer.id
        if layer.geom == "polygon":
            assert (st.face is None) == (not layer.style.get("fillOpacity")), layer.id
            assert st.face is None or st.face[0] == layer.style["fillColor"], layer.id


def test_claims_name_a_layers_json_layer_by_its_title(synth, tmp_path):
    _, synth_geo, folder = synth
    own = tmp_path / "geodata"
    shutil.copytree(folder, own, symlinks=True)
    acc = yaml.safe_load((GEODATA_DIR / "accuracy.yaml").read_text(encoding="utf-8"))
    acc["datasets"]["synth"] = {"title": "Synthetic test data"}
    acc["layers"]["synth-areas"] = {"dataset": "synth", "position_km": 0.1, "simplify_km": 0.1, "error": "none: made up"}
    (own / "accuracy.yaml").write_text(yaml.safe_dump(acc), encoding="utf-8")
    geodata = load_geodata(own)
    story = parse_story(_claim_story(geodata), "synth-claim.yaml")
    (check,) = check_claims(story, resolve_places(story, geodata), load_accuracy(geodata))
    assert check.verdict == "consistent"
    assert f"The area: {AREAS['title']}, Synthetic test data. Known error: none: made up" in check.sources
    assert "Tajikistan: Countries, Natural Earth 10m (admin-0 v5.1.1, admin-1)." in " ".join(check.sources)
    # the command line reads the same folder's file ($STORYMAP_GEODATA)
    path = tmp_path / "synth-claim.yaml"
    path.write_text(_claim_story(geodata), encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "components", "claims", str(path), "--sources"], cwd=ROOT,
                       capture_output=True, text=True, timeout=300, env={**os.environ, "STORYMAP_GEODATA": str(own)})
    assert p.returncode == 0, p.stderr
    assert f"source: The area: {AREAS['title']}, Synthetic test data. Known error: none: made up" in p.stdout


def test_accuracy_falls_back_to_the_shipped_file(synth):
    _, geodata, folder = synth
    assert not (folder / "accuracy.yaml").exists()
    acc = load_accuracy(geodata)
    assert acc == load_accuracy() and "synth-areas" not in acc


def test_gazetteer_is_read_from_the_geodata_folder(synth, tmp_path):
    _, _, folder = synth
    own = tmp_path / "geodata"
    shutil.copytree(folder, own, symlinks=True)
    geodata = load_geodata(own)
    assert load_gazetteer(geodata).find("Synthabad") == []  # no gazetteer.yaml there: the shipped one
    gaz = yaml.safe_load((GEODATA_DIR / "gazetteer.yaml").read_text(encoding="utf-8"))
    fid = next(iter(geodata.layer("synth-areas")["id"]))
    gaz["places"].append({"id": "synthabad", "name": "Synthabad", "precision": "exact",
                          "geometry": {"layer": "synth-areas", "feature": fid}, "names": ["Synthabad"]})
    (own / "gazetteer.yaml").write_text(yaml.safe_dump(gaz, allow_unicode=True), encoding="utf-8")
    (found,) = load_gazetteer(geodata).find("Reports from Synthabad.")
    assert found.candidates == ("synthabad",)


def test_gazetteer_and_accuracy_files_are_read_with_the_hardened_yaml_policy(synth, tmp_path):
    _, _, folder = synth
    own = tmp_path / "geodata"
    shutil.copytree(folder, own, symlinks=True)
    geodata = load_geodata(own)
    (own / "gazetteer.yaml").write_text("base: &a {x: 1}\nplaces: [*a]\n", encoding="utf-8")
    with pytest.raises(GeodataError, match=r"^gazetteer\.yaml: .*aliases"):
        load_gazetteer(geodata)
    (own / "accuracy.yaml").write_text("datasets: {}\ndatasets: {}\n", encoding="utf-8")
    with pytest.raises(GeodataError, match=r"^accuracy\.yaml: .*appears twice"):
        load_accuracy(geodata)
