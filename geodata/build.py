"""Rebuild the shipped geodata from the checked sources (a developer tool, never run by the app).

The app reads only the files in this folder. This script documents, and can redo, how each
was cut from ``geodata-sources`` (see SOURCES.md): copy the 0.001-degree simplified layers,
clip and lighten the Natural Earth context layers, and give every feature a stable ``id``
that stories refer to.

Usage: python geodata/build.py --src PATH/TO/geodata-sources
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import geopandas as gpd
import shapely

OUT = Path(__file__).resolve().parent
CONTEXT_BOX = (58.0, 28.0, 98.0, 50.0)  # lon/lat window the context layers are clipped to


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _write(gdf: gpd.GeoDataFrame, name: str) -> None:
    gdf = gdf.set_crs("EPSG:4326", allow_override=True)
    path = OUT / name
    path.unlink(missing_ok=True)
    gdf.to_file(path, driver="GeoJSON", COORDINATE_PRECISION=5, RFC7946="YES")
    print(f"{name}: {len(gdf)} features, {path.stat().st_size / 1024:.1f} KB")


def _keep(gdf: gpd.GeoDataFrame, ids, names, source: str) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": list(ids), "name": list(names), "source": source},
        geometry=list(gdf.geometry),
        crs="EPSG:4326",
    )


def build(src: Path) -> None:
    simp = src / "simplified"
    der = src / "derived"
    osm = "geoBoundaries gbOpen (OpenStreetMap contributors, ODbL 1.0), build 2023-12-12"
    ne = "Natural Earth 10m (public domain)"

    countries = gpd.read_file(der / "ne10m_admin0_region.geojson").clip(CONTEXT_BOX)
    countries = countries[~countries.geometry.is_empty].reset_index(drop=True)
    # coverage_simplify keeps the shared edges between neighbours gap-free
    geoms = shapely.coverage_simplify(countries.geometry.values, 0.01)
    countries = countries.set_geometry(geoms)
    _write(_keep(countries, countries.ADM0_A3, countries.NAME, ne + " admin-0 v5.1.1"), "countries.geojson")

    # GBAO, its districts and Ishkashim come from one coverage (the seven ADM2 districts,
    # coverage-simplified together) so they nest exactly: the ADM1 outline of geoBoundaries is
    # not perfectly nested with its ADM2 units (96 km2 symmetric difference, see SOURCES.md).
    dist = gpd.read_file(simp / "gb_tjk_gbao_districts.tol0.001.geojson")
    _write(_keep(dist, dist.name_en, dist.name_en + " district", osm), "gbao_districts.geojson")
    gbao = gpd.GeoDataFrame(geometry=[shapely.coverage_union_all(dist.geometry.values)], crs="EPSG:4326")
    _write(_keep(gbao, ["TJ-GB"], ["Gorno-Badakhshan"], osm + "; union of its 7 districts"), "gbao.geojson")
    ish = dist[dist.name_en == "Ishkoshim"]
    _write(_keep(ish, ["Ishkoshim"], ["Ishkoshim (Ishkashim) district"], osm), "ishkashim_district.geojson")

    xj = gpd.read_file(simp / "ne10m_xinjiang.tol0.001.geojson")
    _write(_keep(xj, ["CN-XJ"], ["Xinjiang"], ne + " admin-1"), "xinjiang.geojson")

    border = gpd.read_file(simp / "border_tjk_afg_osm.tol0.001.geojson")
    _write(_keep(border, ["TJK-AFG"], ["Tajik-Afghan border"], osm + "; NE tri-junctions"), "border_tjk_afg.geojson")

    wakhan = gpd.read_file(simp / "gb_afg_wakhan_district.tol0.001.geojson")
    _write(
        _keep(wakhan, ["Wakhan"], ["Wakhan district (Wakhan corridor)"], "geoBoundaries gbOpen AFG ADM2 (AIMS / Esri, public domain)"),
        "wakhan.geojson",
    )

    rivers = gpd.read_file(der / "ne10m_panj_amudarya_pamir.geojson")
    names = [re.sub(r"\s+", " ", n) for n in rivers.name]
    _write(_keep(rivers, [_slug(n) for n in names], names, ne + " rivers v4.0.0"), "rivers.geojson")

    adm1 = gpd.read_file(der / "ne10m_admin1_region.geojson")
    bad = adm1[(adm1["name"] == "Badakhshan") & (adm1["adm0_a3"] == "AFG")]
    _write(_keep(bad, ["AF-BDS"], ["Badakhshan province (Afghanistan)"], ne + " admin-1"), "afghan_badakhshan.geojson")

    places = gpd.read_file(der / "places.geojson")
    places = gpd.GeoDataFrame(
        {
            "id": [_slug(n) for n in places.name],
            "name": places.name,
            "role": places.role,
            "country": places.cc,
            "source": places.source,
        },
        geometry=places.geometry,
        crs="EPSG:4326",
    )
    _write(places, "places.geojson")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, required=True, help="the geodata-sources folder")
    build(ap.parse_args().src)
