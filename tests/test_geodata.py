"""Facts the article states, checked on the shipped geodata files, and the loader's checks."""

from __future__ import annotations

import json

import pytest
import shapely

from components.errors import GeodataError
from components.geo.geodata import GEODATA_DIR, load_layer
from components.geo.geodesy import geodesic_area_km2, geodesic_length_km
from components.geo.layers import LAYERS, LAYER_BY_ID

EDGE_NOISE = 1e-6  # degrees


def test_every_layer_is_wgs84_valid_and_nonempty(geodata):
    for layer in LAYERS:
        gdf = geodata.layer(layer.id)
        assert gdf.crs.to_epsg() == 4326, layer.id
        assert len(gdf) > 0 and gdf.geometry.is_valid.all() and not gdf.geometry.is_empty.any(), layer.id
    assert geodata.repairs == []


def test_ishkashim_lies_within_gbao(geodata):
    ish = geodata.feature("ishkashim-district", "Ishkoshim")
    gbao = geodata.feature("gbao", "TJ-GB")
    assert ish.within(gbao.buffer(EDGE_NOISE))
    assert ish.difference(gbao).area < 1e-9


def test_ishkashim_is_one_of_the_seven_gbao_districts(geodata):
    districts = geodata.layer("gbao-districts")
    assert sorted(districts.index) == ["Darvoz", "Ishkoshim", "Murghob", "Roshtqal'a", "Rushon", "Shughnon", "Vanj"]
    assert districts.geometry.loc["Ishkoshim"].equals(geodata.feature("ishkashim-district", "Ishkoshim"))


def test_gbao_borders_xinjiang(geodata):
    gbao = geodata.feature("gbao", "TJ-GB")
    xj = geodata.feature("xinjiang", "CN-XJ")
    assert gbao.touches(xj) or gbao.intersects(xj)
    # sources differ (OSM vs Natural Earth) so the shared edge is fuzzy: > 300 km lie within ~2 km
    near = geodesic_length_km(gbao.boundary.intersection(xj.buffer(0.02)))
    assert near > 300


def test_ishkashim_touches_the_afghan_border(geodata):
    ish = geodata.feature("ishkashim-district", "Ishkoshim")
    border = geodata.feature("border", "TJK-AFG")
    assert ish.distance(border) < EDGE_NOISE
    shared = geodesic_length_km(border.intersection(ish.buffer(0.01)))
    assert 200 < shared < 300  # VERIFICATION.md: 245 km of the border within 1 km


def test_border_is_more_than_1300_km(geodata):
    length = geodesic_length_km(geodata.feature("border", "TJK-AFG"))
    assert 1300 <= length <= 1400
    # within 1.5 % of the full-resolution line (1,365.5 km, VERIFICATION.md)
    assert abs(length - 1365.5) / 1365.5 < 0.015


def test_gbao_area(geodata):
    assert 62_000 <= geodesic_area_km2(geodata.feature("gbao", "TJ-GB")) <= 64_500


def test_gazetteer_points_fall_where_they_should(geodata):
    places = geodata.layer("places").geometry
    assert geodata.feature("gbao", "TJ-GB").contains(places.loc["khorugh"])
    assert geodata.feature("xinjiang", "CN-XJ").contains(places.loc["kashgar"])
    assert geodata.feature("countries", "TJK").contains(places.loc["dushanbe"])
    assert geodata.feature("wakhan", "Wakhan").contains(places.loc["khandud"])


def test_shipped_geodata_stays_small():
    """The regional layers the app loads at start; the locator's world outline (issue 10) is
    budgeted apart, and the world tables (geodata/world/, issue 11) have their own budget."""
    outline = GEODATA_DIR / "world_outline.geojson"
    total = sum(p.stat().st_size for p in GEODATA_DIR.glob("*.geojson") if p != outline)
    assert total < 600_000, f"geodata/ is {total:,} bytes"
    assert outline.stat().st_size < 150_000


# --- the loader's checks -------------------------------------------------------------------


def _fc(features, crs=None):
    fc = {"type": "FeatureCollection", "features": features}
    if crs:
        fc["crs"] = {"type": "name", "properties": {"name": crs}}
    return fc


def _poly(fid, coords):
    return {"type": "Feature", "properties": {"id": fid, "name": fid},
            "geometry": {"type": "Polygon", "coordinates": [coords]}}


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(GeodataError, match=r"nope\.geojson: file not found"):
        load_layer(tmp_path / "nope.geojson")


def test_truncated_file_names_the_file(tmp_path):
    path = tmp_path / "broken.geojson"
    text = (GEODATA_DIR / "wakhan.geojson").read_text()
    path.write_text(text[: len(text) // 2])
    with pytest.raises(GeodataError, match=r"broken\.geojson: cannot be read"):
        load_layer(path)


def test_empty_layer_is_rejected(tmp_path):
    path = tmp_path / "empty.geojson"
    path.write_text(json.dumps(_fc([])))
    with pytest.raises(GeodataError, match=r"empty\.geojson"):
        load_layer(path)


def test_self_intersecting_polygon_is_repaired_and_reported(tmp_path):
    path = tmp_path / "bowtie.geojson"
    path.write_text(json.dumps(_fc([_poly("bow", [[70, 37], [71, 38], [71, 37], [70, 38], [70, 37]])])))
    gdf, repairs = load_layer(path, LAYER_BY_ID["gbao"])
    assert gdf.geometry.is_valid.all()
    assert repairs and "bowtie.geojson: feature 'bow' was invalid" in repairs[0] and "make_valid" in repairs[0]


def test_other_crs_is_reprojected(tmp_path):
    # a square in Web Mercator around 71E 37N
    x0, y0 = 7903683.0, 4439106.0
    sq = [[x0, y0], [x0 + 1e4, y0], [x0 + 1e4, y0 + 1e4], [x0, y0 + 1e4], [x0, y0]]
    path = tmp_path / "merc.geojson"
    path.write_text(json.dumps(_fc([_poly("sq", sq)], crs="urn:ogc:def:crs:EPSG::3857")))
    gdf, repairs = load_layer(path)
    assert gdf.crs.to_epsg() == 4326
    assert 70.9 < gdf.geometry.iloc[0].centroid.x < 71.1
    assert "reprojected from EPSG:3857" in repairs[0]


def test_file_without_crs_is_rejected(tmp_path):
    shp = tmp_path / "nocrs.shp"
    import geopandas as gpd

    gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.box(70, 37, 71, 38)]).to_file(shp)
    with pytest.raises(GeodataError, match=r"nocrs\.shp: crs: no coordinate reference system"):
        load_layer(shp)
