"""The map payload's geometry: simplified per layer, still measuring right, shared edges gap-free."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from components.map.assets import app_assets
from components.map.leaflet import to_folium
from components.geo.geodesy import geodesic_area_km2, geodesic_length_km
from components.map.spec import build_map_spec
from components.ui.map_frame import render_for_streamlit

FULL_RESOLUTION_BORDER_KM = 1365.5  # geodata/SOURCES.md: the OSM line before any simplification


def _payload_geoms(spec, layer_id):
    lv = next(lv for lv in spec.layers if lv.id == layer_id)
    return [shapely.from_geojson(json.dumps(f["geometry"])) for f in lv.data["features"]]


def test_payload_is_under_300_kb_and_smaller_than_the_shipped_geometry(story, geodata, spec):
    light = render_for_streamlit(to_folium(spec, app_assets())).payload_bytes
    heavy = render_for_streamlit(to_folium(build_map_spec(story, geodata, web_simplify=False), app_assets())).payload_bytes
    assert light < 300 * 1024
    assert light < 0.75 * heavy


def test_border_in_the_payload_measures_within_1_5_percent_of_the_full_resolution_line(spec):
    (border,) = _payload_geoms(spec, "border")
    km = geodesic_length_km(border)
    assert abs(km - FULL_RESOLUTION_BORDER_KM) / FULL_RESOLUTION_BORDER_KM < 0.015


@pytest.mark.parametrize("layer_id", ["countries", "gbao-districts", "gbao", "xinjiang", "wakhan", "rivers"])
def test_every_simplified_layer_has_fewer_vertices_and_valid_shapes(spec, geodata, layer_id):
    web = _payload_geoms(spec, layer_id)
    shipped = list(geodata.layer(layer_id).geometry)
    assert all(shapely.is_valid(g) and not g.is_empty for g in web)
    assert sum(shapely.get_num_coordinates(web)) < sum(shapely.get_num_coordinates(shipped))


def test_adjacent_gbao_districts_share_edges_without_gaps_or_overlaps(spec, geodata):
    web = np.array(_payload_geoms(spec, "gbao-districts"), dtype=object)
    shipped = list(geodata.layer("gbao-districts").geometry)
    assert shapely.coverage_is_valid(web)  # no overlaps, neighbours' edges match vertex for vertex
    union = shapely.coverage_union_all(web)
    assert union.geom_type == "Polygon" and len(union.interiors) == 0  # no gap opened inside GBAO
    pairs = 0
    for i in range(len(web)):
        for j in range(i + 1, len(web)):
            before = shapely.intersection(shipped[i].boundary, shipped[j].boundary).length
            if before < 0.05:
                continue
            pairs += 1
            after = shapely.intersection(web[i].boundary, web[j].boundary)
            assert after.length == pytest.approx(before, rel=0.03), (i, j)  # the edge is still shared
    assert pairs >= 9


def test_gbao_stays_the_union_of_its_districts_and_ishkashim_one_of_them(spec, geodata):
    districts = _payload_geoms(spec, "gbao-districts")
    (gbao,) = _payload_geoms(spec, "gbao")
    (ishkashim,) = _payload_geoms(spec, "ishkashim-district")
    assert geodesic_area_km2(shapely.symmetric_difference(shapely.union_all(districts), gbao)) < 0.01
    ids = list(geodata.layer("gbao-districts")["id"])
    assert shapely.equals(ishkashim, districts[ids.index("Ishkoshim")])
    assert 62_000 < geodesic_area_km2(gbao) < 64_500


def test_neighbouring_countries_stay_gap_free(spec):
    assert shapely.coverage_is_valid(np.array(_payload_geoms(spec, "countries"), dtype=object))


def test_payload_coordinates_sit_on_the_web_grid(spec):
    coords = shapely.get_coordinates(_payload_geoms(spec, "gbao-districts"))
    assert np.allclose(coords * 10_000, np.round(coords * 10_000), atol=1e-6)
