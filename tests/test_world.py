"""World layers (geodata/world/*.parquet) on real Natural Earth data: two hand-written stories far
from the Pamirs (Mali; the Kyrgyz-Tajik border) validate, draw their countries, regions and
neighbours clipped to their extent, check their claims; a missing feature is one clear line;
the seed story never reads the world files; the files stay within their budget."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import shapely

from components.errors import StoryError
from components.story.model import parse_story

from .conftest import FIXTURES, ROOT, SEED_STORY

WORLD_STORIES = FIXTURES / "world"
MALI = WORLD_STORIES / "mali-attacks.yaml"
KG_TJ = WORLD_STORIES / "kyrgyz-tajik-border.yaml"
WORLD_DIR = ROOT / "geodata" / "world"
BUDGET_BYTES = 15 * 1024 * 1024  # this share of the 25 MB; places.parquet (gazetteer) not counted


def _load(path: Path):
    return parse_story(path.read_text(encoding="utf-8"), path.name)


@pytest.fixture(scope="module")
def mali_spec(geodata):
    from components.map.spec import build_map_spec

    return build_map_spec(_load(MALI), geodata, MALI.name)


def _fids(spec, layer_id: str) -> list[str]:
    return [f["properties"]["fid"] for lv in spec.layers if lv.id == layer_id for f in lv.data["features"]]


def test_world_tables_hold_the_interface_columns(geodata):
    countries = geodata.world.table("world-countries")
    admin1 = geodata.world.table("world-admin1")
    assert len(countries) == 250 and {"ADM0_A3", "NAME", "ISO_A2", "LABEL_X", "LABEL_Y"} <= set(countries.columns)
    assert {"adm1_code", "name", "name_alt", "adm0_a3", "iso_a2", "type_en"} <= set(admin1.columns)
    assert countries.at["MLI", "name"] == "Mali" and admin1.at["ML-6", "name"] == "Timbuktu"
    assert admin1.at["ML-5", "adm0_a3"] == "MLI"
    assert countries.geometry.is_valid.all() and admin1.geometry.is_valid.all()
    # gap-free where simplified: the countries are a valid coverage (no overlap, shared edges)
    assert shapely.coverage_is_valid(countries.geometry.values)


def test_the_world_files_stay_within_budget():
    mine = [p for p in WORLD_DIR.iterdir() if p.name != "places.parquet"]
    assert {"countries.parquet", "admin1.parquet"} <= {p.name for p in mine}
    assert sum(p.stat().st_size for p in mine) <= BUDGET_BYTES


def test_spatial_lookups(geodata):
    w = geodata.world
    assert w.admin1_at(-3.0, 16.77) == "ML-6"  # Timbuktu town lies in Timbuktu region
    assert w.at("world-countries", 68.78, 38.56) == ["TJK"]  # Dushanbe
    assert w.country_of("world-admin1", "KG-B") == ["KGZ"]
    assert w.at("world-countries", -30.0, 0.0) == []  # the Atlantic


def test_mali_map_draws_its_country_regions_and_neighbours_clipped(mali_spec):
    countries = _fids(mali_spec, "world-countries")
    assert {"MLI", "NER"} <= set(countries)
    assert {"DZA", "MRT", "SEN", "GIN", "CIV", "BFA"} <= set(countries)  # Mali's neighbours, as context
    assert "FRA" not in countries and "TJK" not in countries
    regions = _fids(mali_spec, "world-admin1")
    assert {"ML-6", "ML-5"} <= set(regions) and all(r.startswith(("ML-", "NE-")) for r in regions)
    assert not any(lv.id in ("countries", "gbao", "border") for lv in mali_spec.layers)  # no Pamir layers
    # clipped: nothing reaches beyond the padded extent; Algeria is cut, not whole
    (s, w), (n, e) = mali_spec.fit_bounds
    for lv in mali_spec.layers:
        for f in lv.data["features"]:
            x0, y0, x1, y1 = shapely.from_geojson(json.dumps(f["geometry"])).bounds
            assert w - 10 <= x0 and x1 <= e + 10 and s - 10 <= y0 and y1 <= n + 10
    # the features name their places as the regional layers do
    by = {f["properties"]["fid"]: f["properties"] for lv in mali_spec.layers for f in lv.data["features"]}
    assert by["ML-6"]["place"] == "tombouctou" and by["MLI"]["place"] == "mali"
    assert by["DZA"]["place"] is None and by["DZA"]["name"] == "Algeria"
    assert mali_spec.attribution == ["Natural Earth"]
    assert any("Natural Earth" in c and "ems-file-service" in c for c in mali_spec.credits)


def test_neighbouring_regions_stay_gap_free_in_the_browser(mali_spec):
    regions = [shapely.from_geojson(json.dumps(f["geometry"]))
               for lv in mali_spec.layers if lv.id == "world-admin1" for f in lv.data["features"]]
    countries = [shapely.from_geojson(json.dumps(f["geometry"]))
                 for lv in mali_spec.layers if lv.id == "world-countries" for f in lv.data["features"]]
    assert shapely.coverage_is_valid(countries)
    africa = max(shapely.get_parts(shapely.union_all(countries)), key=lambda g: g.area)
    assert len(africa.interiors) == 0  # no gap between neighbours (coastal islands are parts of their own)
    mali = [g for lv in mali_spec.layers if lv.id == "world-admin1" for f, g in
            zip(lv.data["features"], regions) if f["properties"]["fid"].startswith("ML-")]
    assert len(mali) == 11
    whole = shapely.union_all(mali)
    assert whole.geom_type == "Polygon" and len(whole.interiors) == 0  # Mali's regions: gap-free


def test_a_story_on_another_continent(geodata):
    from components.map.spec import build_map_spec

    spec = build_map_spec(_load(KG_TJ), geodata, KG_TJ.name)
    countries = set(_fids(spec, "world-countries"))
    assert {"KGZ", "TJK", "UZB", "CHN", "KAZ", "AFG"} <= countries
    assert {"KG-B", "TJ-SU", "TJ-DU"} <= set(_fids(spec, "world-admin1"))


def _checks(path: Path, geodata):
    from components.claims.check import check_claims, load_accuracy
    from components.map.spec import build_map_spec

    story = _load(path)
    spec = build_map_spec(story, geodata, path.name)
    return {c.claim.id: c for c in check_claims(story, spec.geometry, load_accuracy(geodata))}


def test_claims_with_world_data(geodata):
    mali = _checks(MALI, geodata)
    assert mali["tombouctou-in-mali"].verdict == "consistent"
    assert mali["mopti-in-niger"].verdict == "contradicted"
    assert mali["niger-borders-mali"].verdict == "consistent" and mali["niger-borders-mali"].value > 500
    assert mali["mopti-borders-tombouctou"].verdict == "consistent"
    assert mali["niger-east-of-mali"].verdict == "consistent"
    # the known errors of the world datasets are named and used as tolerance
    assert any("Natural Earth 10m admin-1 (world" in s for s in mali["tombouctou-in-mali"].sources)
    assert "different datasets" in mali["tombouctou-in-mali"].explanation
    assert "same dataset" in mali["niger-borders-mali"].explanation
    kg = _checks(KG_TJ, geodata)
    assert kg["batken-borders-sughd"].verdict == "consistent"
    assert kg["sughd-in-tajikistan"].verdict == "consistent"
    d = kg["batken-from-dushanbe"]
    assert d.verdict == "consistent" and 50 < d.value < 250


@pytest.mark.parametrize("layer, feature, field, words", [
    ("world-countries", "MAL", "places[0].geometry.feature", "did you mean"),
    ("world-admin1", "Tombouctou-region", "places[0].geometry.feature", "unknown feature"),
    ("world-provinces", "ML-6", "places[0].geometry.layer", "world-countries"),
])
def test_a_missing_world_feature_is_one_clear_line(geodata, layer, feature, field, words):
    from components.map.spec import build_map_spec

    text = MALI.read_text(encoding="utf-8").replace("{layer: world-countries, feature: MLI}",
                                                    f"{{layer: {layer}, feature: {feature}}}", 1)
    with pytest.raises(StoryError) as err:
        build_map_spec(parse_story(text, "bad-mali.yaml"), geodata, "bad-mali.yaml")
    msg = str(err.value)
    assert "bad-mali.yaml" in msg and field in msg and words in msg and "\n" not in msg


def test_cli_validate_a_world_story():
    p = subprocess.run([sys.executable, "-m", "components", "validate", str(MALI)], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert "4 places" in p.stdout


PROBE = """
import json, sys
from components.geo.geodata import load_geodata
from components.map.spec import build_map_spec
from components.story.model import load_story
from components.geo import world
spec = build_map_spec(load_story(sys.argv[1]), load_geodata())
print(json.dumps({"read": world.world_files_read(), "layers": [l.id for l in spec.layers]}))
"""


def _probe(path: Path) -> dict:
    p = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_the_seed_story_reads_no_world_file_and_a_world_story_does():
    seed = _probe(SEED_STORY)
    assert seed["read"] == [] and "countries" in seed["layers"]
    mali = _probe(MALI)
    assert mali["read"] == ["world/countries.parquet", "world/admin1.parquet"]
    assert mali["layers"] == ["world-countries", "world-admin1"]
