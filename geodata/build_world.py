"""Build the world boundary tables ``geodata/world/*.parquet`` (a developer tool, never run by the app).

Reads Natural Earth 10 m admin-0 (v5.1.1, German point of view, the only admin-0 edition with
attributes in the source collection) and admin-1 (the TopoJSON kept by elastic/ems-file-service)
from ``geodata-sources/raw/naturalearth`` and writes two GeoParquet 1.1 files:

* ``countries.parquet`` (layer ``world-countries``, id ``ADM0_A3``, name ``NAME``)
* ``admin1.parquet`` (layer ``world-admin1``, id ``adm1_code``, name ``name``)

Each layer is made valid, then simplified *as a coverage* (``shapely.coverage_simplify``:
every shared edge simplified once, so neighbours stay gap-free), snapped to a 1e-4° grid, and
written with a bbox covering column and rows ordered along a Hilbert curve (row groups of
neighbouring features: a reader can skip row groups by bbox). The effect of the simplification
on areas and outline lengths is measured and written to ``world/build_report.json``; the
figures in ``accuracy.yaml`` come from it.

The admin-1 source holds only ``name, iso_3166_2, iso_a2, adm0_a3, admin``: Natural Earth's
own ``adm1_code``, ``name_alt``, ``type_en`` and ``gn_a1_code`` are not in it, so the id column
``adm1_code`` holds the ISO 3166-2 code as NE spells it (``ML-6`` = Timbuktu), ``name_alt`` and
``type_en`` are empty, and there is no ``gn_a1_code`` (match settlements to a region by
position: ``components.geo.world.WorldData.admin1_at``).

Usage: python geodata/build_world.py --src PATH/TO/geodata-sources   (needs shapely >= 2.1)
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

OUT = Path(__file__).resolve().parent / "world"
GRID = 1e-4  # degrees (~11 m); the admin-1 TopoJSON is itself quantised to ~0.0005 x 0.0003°
TOLERANCE = {"countries": 0.01, "admin1": 0.01}  # coverage_simplify tolerance, degrees
ROW_GROUP = 64
ADMIN0 = "raw/naturalearth/ne-5.1.1-admin0-deu/ne_10m_admin_0_countries_deu.zip"
ADMIN1 = "raw/naturalearth/ems-file-service/ne_10m_admin_1_states_provinces.topo.json.gz"
WORLD_ATLAS = "raw/naturalearth/world-atlas-2.0.2/countries-10m.json"
GEOD = Geod(ellps="WGS84")


def _polygons(geom):
    """make_valid may return a collection with lines or points: keep the polygonal part."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def _valid(gdf: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    bad = ~gdf.geometry.is_valid
    print(f"{what}: {int(bad.sum())} invalid geometries repaired with make_valid")
    gdf.loc[bad, "geometry"] = [_polygons(g) for g in shapely.make_valid(gdf.geometry[bad].values)]
    return gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty].copy()


def _snap(geoms: np.ndarray) -> np.ndarray:
    """Round every vertex to the 1e-4° grid: a vertex shared by two shapes lands on the same
    point, so shared edges stay shared; a shape the rounding made invalid is repaired alone."""
    scale = round(1 / GRID)
    out = shapely.transform(geoms, lambda c: np.round(c * scale) / scale)
    bad = ~shapely.is_valid(out)
    out[bad] = [_polygons(g) for g in shapely.make_valid(out[bad])]
    return np.asarray([g if g is not None and not g.is_empty else None for g in out], dtype=object)


def _faces_simplify(geoms: np.ndarray, tol: float) -> np.ndarray:
    """Simplify polygons that should share edges but do not form a valid coverage exactly:
    node their outlines into faces (the planar partition), coverage-simplify the faces, and
    rebuild each polygon from the faces it holds (as components/geo/websimplify.py does)."""
    lines = shapely.union_all(shapely.boundary(geoms))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    tree = shapely.STRtree(geoms)
    pts = shapely.point_on_surface(faces)
    face_idx, geom_idx = tree.query(pts, predicate="within")
    faces = shapely.coverage_simplify(faces, tol)
    out = []
    for i, g in enumerate(geoms):
        mine = faces[face_idx[geom_idx == i]]
        out.append(shapely.coverage_union_all(mine) if len(mine) else g)
    return np.asarray(out, dtype=object)


def _simplify(gdf: gpd.GeoDataFrame, tol: float, what: str) -> np.ndarray:
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    if shapely.coverage_is_valid(geoms):
        print(f"{what}: a valid coverage; coverage_simplify at {tol}°")
        out = shapely.coverage_simplify(geoms, tol)
    else:
        print(f"{what}: not an exact coverage; noding into faces, then coverage_simplify at {tol}°")
        out = _faces_simplify(geoms, tol)
    return _snap(np.asarray(out, dtype=object))


def _effect(before, after, ids) -> dict:
    """Geodesic area and outline length change of every feature, summarised."""
    rows = []
    for fid, b, a in zip(ids, before, after):
        ab, lb = GEOD.geometry_area_perimeter(shapely.orient_polygons(b))
        aa, la = GEOD.geometry_area_perimeter(shapely.orient_polygons(a))
        ab, aa = abs(ab) / 1e6, abs(aa) / 1e6
        rows.append((fid, ab, aa, lb / 1e3, la / 1e3))
    df = pd.DataFrame(rows, columns=["id", "area0", "area1", "len0", "len1"])
    big = df[df.area0 >= 1000]  # units of 1,000 km² or more: what stories name and claims measure
    darea = (df.area1 - df.area0).abs() / df.area0
    dlen = (df.len1 - df.len0) / df.len0
    return {
        "features": len(df),
        "area_change_pct_median": round(float(darea.median() * 100), 3),
        "area_change_pct_p95_units_over_1000km2": round(float(((big.area1 - big.area0).abs() / big.area0).quantile(0.95) * 100), 3),
        "area_change_pct_max_units_over_1000km2": round(float(((big.area1 - big.area0).abs() / big.area0).max() * 100), 3),
        "length_change_pct_median": round(float(dlen.median() * 100), 2),
        "length_change_pct_min": round(float(dlen.min() * 100), 2),
        "worst_area_units_over_1000km2": big.assign(d=(big.area1 - big.area0).abs() / big.area0)
        .nlargest(3, "d")[["id", "area0", "area1"]].round(1).to_dict("records"),
    }


def _displacement_km(before, after) -> float:
    """How far the shipped outlines lie from the source ones: the largest distance of a source
    vertex from the shipped outline of its feature (degrees → km at the equator, an upper bound)."""
    worst = 0.0
    for b, a in zip(before, after):
        pts = shapely.points(shapely.get_coordinates(b)[::7])  # every 7th vertex: a sample
        worst = max(worst, float(shapely.distance(pts, shapely.boundary(a)).max()))
    return round(worst * 111.32, 2)


def _write(gdf: gpd.GeoDataFrame, name: str) -> int:
    gdf = gdf.iloc[np.argsort(gdf.hilbert_distance(total_bounds=(-180, -90, 180, 90)).values, kind="stable")]
    path = OUT / name
    gdf.to_parquet(path, compression="zstd", write_covering_bbox=True, row_group_size=ROW_GROUP,
                   schema_version="1.1.0", index=False)
    return path.stat().st_size


def _admin0(src: Path) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = gpd.read_file(f"/vsizip/{src / ADMIN0}/ne_10m_admin_0_countries_deu.shp")
    keep = ["ADM0_A3", "NAME", "NAME_LONG", "NAME_ALT", "NAME_EN", "ADMIN", "SOVEREIGNT", "TYPE",
            "ISO_A2", "ISO_A3", "CONTINENT", "SUBREGION", "LABEL_X", "LABEL_Y"]
    gdf = raw[keep + ["geometry"]].copy()
    assert not gdf.ADM0_A3.duplicated().any()
    return _valid(gdf, "admin-0")


def _admin1(src: Path) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = gpd.read_file(f"/vsigzip/{src / ADMIN1}").set_crs("EPSG:4326")
    empty = raw.iso_3166_2.fillna("").eq("")
    print(f"admin-1: {int(empty.sum())} features without a code (nor name, nor country) dropped "
          f"({raw[empty].geometry.area.sum():.4f} square degrees)")
    raw = raw[~empty].copy()
    unnamed = raw.name.fillna("").eq("")  # e.g. AQ-X02~ (part of Antarctica), AI-X00: the country's name
    raw.loc[unnamed, "name"] = raw.loc[unnamed, "admin"]
    print(f"admin-1: {int(unnamed.sum())} features without a name take their country's: "
          f"{sorted(raw.loc[unnamed, 'iso_3166_2'])}")
    assert not raw.iso_3166_2.duplicated().any()
    gdf = gpd.GeoDataFrame({
        "adm1_code": raw.iso_3166_2.values, "name": raw.name.values,
        "name_alt": pd.array([None] * len(raw), dtype="string"),
        "type_en": pd.array([None] * len(raw), dtype="string"),
        "iso_3166_2": raw.iso_3166_2.values, "adm0_a3": raw.adm0_a3.values,
        "iso_a2": raw.iso_a2.values, "admin": raw.admin.values,
    }, geometry=raw.geometry.values, crs="EPSG:4326")
    return _valid(gdf, "admin-1")


def _point_of_view(src: Path, countries: gpd.GeoDataFrame) -> list[dict]:
    """Where the German point of view (5.1.1) differs from NE's default view (world-atlas 2.0.2,
    NE 4.1.0, names only): countries matched by name whose areas differ by more than 1 %."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        default = gpd.read_file(src / WORLD_ATLAS).set_crs("EPSG:4326", allow_override=True)
    default["geometry"] = [_polygons(g) for g in shapely.make_valid(default.geometry.values)]
    default = default[default.geometry.notna()].dissolve("name")
    out = []
    for _, row in countries.iterrows():
        if row.NAME not in default.index:
            continue
        a = abs(GEOD.geometry_area_perimeter(shapely.orient_polygons(row.geometry))[0]) / 1e6
        g = shapely.make_valid(default.loc[row.NAME].geometry)
        b = abs(GEOD.geometry_area_perimeter(shapely.orient_polygons(g))[0]) / 1e6
        if a and abs(a - b) / a > 0.01 and abs(a - b) > 500:
            out.append({"id": row.ADM0_A3, "name": row.NAME, "area_deu_km2": round(a), "area_default_km2": round(b)})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, required=True, help="the geodata-sources folder")
    src = ap.parse_args().src.resolve()
    OUT.mkdir(exist_ok=True)
    report: dict = {"grid_deg": GRID, "tolerance_deg": TOLERANCE, "files": {}}
    for key, load, idcol in (("countries", _admin0, "ADM0_A3"), ("admin1", _admin1, "adm1_code")):
        t0 = time.perf_counter()
        gdf = load(src)
        before = np.asarray(gdf.geometry.values, dtype=object)
        n0 = int(shapely.get_num_coordinates(before).sum())
        after = _simplify(gdf, TOLERANCE[key], key)
        print(f"{key}: simplified in {time.perf_counter() - t0:.0f} s")
        lost = np.array([g is None for g in after])
        if lost.any():
            print(f"{key}: {int(lost.sum())} features collapsed by the simplification, dropped: {list(gdf[idcol][lost])}")
        gdf, before, after = gdf[~lost].copy(), before[~lost], after[~lost]
        gdf = gdf.set_geometry(list(after), crs="EPSG:4326")
        assert gdf.geometry.is_valid.all() and not gdf.geometry.is_empty.any()
        gap_free = bool(shapely.coverage_is_valid(after))
        size = _write(gdf, f"{key}.parquet")
        report["files"][f"{key}.parquet"] = {
            "features": len(gdf), "vertices_source": n0,
            "vertices_shipped": int(shapely.get_num_coordinates(after).sum()), "bytes": size,
            "valid_coverage_after_simplify": gap_free,
            "max_outline_displacement_km": _displacement_km(before, after),
            **_effect(before, after, gdf[idcol]),
        }
        if key == "countries":
            report["point_of_view_differences"] = _point_of_view(src, gdf)
        print(key, json.dumps(report["files"][f"{key}.parquet"], ensure_ascii=False))
    (OUT / "build_report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print("point of view differences:", report.get("point_of_view_differences"))


if __name__ == "__main__":
    main()
