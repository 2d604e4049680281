"""Build geodata/world_outline.geojson: the tiny world land outline of the locator inset.

Source: Natural Earth 10m admin-0 countries v5.1.1 (public domain), the copy checked into the
geodata-sources collection (``raw/naturalearth/ne-5.1.1-admin0-deu/ne_10m_admin_0_countries_deu.zip``).
All countries are merged into land, simplified at 0.2 degrees (an inset is ~200 px across the
world: a pixel there is > 1 degree), islands under 0.3 square degrees dropped, coordinates
rounded to 0.1 degree. Output: one MultiPolygon feature, well under 150 KB.

Run: ``python geodata/build_world_outline.py --src PATH/TO/geodata-sources``
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import geopandas as gpd
import shapely

OUT = Path(__file__).resolve().parent / "world_outline.geojson"
RAW = "raw/naturalearth/ne-5.1.1-admin0-deu/ne_10m_admin_0_countries_deu.zip"
TOLERANCE = 0.2
MIN_AREA = 0.3
GRID = 0.1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", required=True, help="the geodata-sources folder")
    args = ap.parse_args()
    gdf = gpd.read_file(f"zip://{Path(args.src) / RAW}")
    land = shapely.union_all(shapely.make_valid(gdf.geometry.values))
    land = shapely.simplify(land, TOLERANCE, preserve_topology=True)
    parts = [p for p in getattr(land, "geoms", [land]) if p.geom_type == "Polygon" and p.area >= MIN_AREA]
    geom = shapely.set_precision(shapely.MultiPolygon(parts), GRID)
    feature = {"type": "Feature", "id": "land", "properties": {
        "id": "land", "name": "Land", "source": "Natural Earth 10m admin-0 v5.1.1 (public domain), "
        f"merged, simplified {TOLERANCE} deg, built by geodata/build_world_outline.py"},
        "geometry": json.loads(shapely.to_geojson(geom))}
    OUT.write_text(json.dumps({"type": "FeatureCollection", "name": "world_outline", "features": [feature]},
                              separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(parts)} polygons, {OUT.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
