"""Synthetic stories of N places and N passages, for the scale benchmark and tests.

``make_synthetic(n, out)`` writes, under ``out``:
  geodata/  the shipped layers (symlinked) plus two synthetic layers declared in layers.json:
            ``synth-points`` (gazetteer-like points, not drawn: places on them become markers)
            and ``synth-areas`` (small polygons, drawn and clickable);
  stories/  synthetic-<n>.yaml (in JSON form, which is YAML): n places (80 % points, 20 % polygons),
            n passages, each passage
            naming its place and, every third one, a second random place (every tenth passage
            marks its mention in the text).
Every point and polygon lies inside Tajikistan (the ``countries`` feature TJK); the seed is fixed,
so the same n gives the same files. The story validates against the normal story schema.
Run the app on it: STORYMAP_GEODATA=out/geodata STORYMAP_STORIES=out/stories.

Usage: python bench/synth.py N OUT_DIR
"""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from components.geo.geodata import GEODATA_DIR  # noqa: E402
from components.geo.layers import LAYERS  # noqa: E402

SEED = 20211028
REGION = ("countries", "TJK")
POLYGON_SHARE = 0.2
SYNTH_LAYERS = [
    {"id": "synth-points", "file": "synth_points.geojson", "title": "Synthetic points", "geom": "point",
     "attribution": "Synthetic test data (bench/synth.py)", "draw": False},
    {"id": "synth-areas", "file": "synth_areas.geojson", "title": "Synthetic areas", "geom": "polygon",
     "attribution": "Synthetic test data (bench/synth.py)",
     "style": {"color": "#00798c", "weight": 1, "fillColor": "#66c2a5", "fillOpacity": 0.35}},
]


def _region():
    gdf = gpd.read_file(GEODATA_DIR / "countries.geojson")
    return gdf.set_index("id").geometry.loc[REGION[1]]


def _random_points(rng: random.Random, region, n: int) -> list[tuple[float, float]]:
    minx, miny, maxx, maxy = region.bounds
    shapely.prepare(region)
    out = []
    while len(out) < n:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shapely.contains_xy(region, x, y):
            out.append((round(x, 5), round(y, 5)))
    return out


def _blob(rng: random.Random, x: float, y: float, region):
    """A small irregular polygon (3-9 km across) around (x, y), clipped to the region."""
    k = rng.randint(5, 9)
    r = rng.uniform(0.015, 0.04)
    pts = []
    for i in range(k):
        a = 2 * math.pi * i / k + rng.uniform(-0.2, 0.2)
        rr = r * rng.uniform(0.6, 1.0)
        pts.append((round(x + rr * math.cos(a) / math.cos(math.radians(y)), 5), round(y + rr * math.sin(a), 5)))
    poly = shapely.Polygon(pts)
    clipped = shapely.intersection(poly, region)
    return clipped if clipped.geom_type == "Polygon" and not clipped.is_empty else poly


def make_synthetic(n: int, out: Path, seed: int = SEED) -> Path:
    """Write the geodata folder and the story for ``n`` places; return the story path."""
    rng = random.Random(seed + n)
    out = Path(out)
    geo_dir, story_dir = out / "geodata", out / "stories"
    geo_dir.mkdir(parents=True, exist_ok=True)
    story_dir.mkdir(parents=True, exist_ok=True)
    for layer in LAYERS:
        link = geo_dir / layer.file
        if not link.exists():
            link.symlink_to(GEODATA_DIR / layer.file)
    (geo_dir / "layers.json").write_text(json.dumps(SYNTH_LAYERS, indent=1), encoding="utf-8")

    region = _region()
    n_areas = int(round(n * POLYGON_SHARE))
    centres = _random_points(rng, region, n)
    point_ids, area_ids, point_geoms, area_geoms = [], [], [], []
    kinds = ["area"] * n_areas + ["point"] * (n - n_areas)
    rng.shuffle(kinds)
    for i, (kind, (x, y)) in enumerate(zip(kinds, centres)):
        if kind == "point":
            point_ids.append(f"s{i}")
            point_geoms.append(shapely.Point(x, y))
        else:
            area_ids.append(f"a{i}")
            area_geoms.append(_blob(rng, x, y, region))
    for name, ids, geoms in (("synth_points.geojson", point_ids, point_geoms), ("synth_areas.geojson", area_ids, area_geoms)):
        if not ids:  # a layer needs one feature: a dummy point/area far from the story's places
            ids, geoms = (["unused"], [shapely.Point(centres[0])] if "points" in name else [_blob(rng, *centres[0], region)])
        gdf = gpd.GeoDataFrame({"id": ids, "name": ids}, geometry=geoms, crs="EPSG:4326")
        (geo_dir / name).unlink(missing_ok=True)
        gdf.to_file(geo_dir / name, driver="GeoJSON", COORDINATE_PRECISION=5)

    places, passages = [], []
    for i, kind in enumerate(kinds):
        if kind == "point":
            places.append({"id": f"s{i}", "name": f"Site {i}", "precision": "settlement",
                           "geometry": {"layer": "synth-points", "feature": f"s{i}"}})
        else:
            places.append({"id": f"s{i}", "name": f"Area {i}", "precision": "exact",
                           "geometry": {"layer": "synth-areas", "feature": f"a{i}"}})
    for i, place in enumerate(places):
        text = f"Report {i + 1} on {place['name']}."
        linked = [place["id"]]
        if i % 3 == 2:
            j = rng.randrange(n)
            if j != i:
                text += f" Also {places[j]['name']}."
                linked.append(places[j]["id"])
        passage = {"id": f"t{i + 1}", "text": text, "places": linked}
        if i % 10 == 0:  # mentions marked in the reader on every tenth passage: 10,000 stay < 2 MB
            passage["mentions"] = [{"place": place["id"], "text": place["name"]}]
        passages.append(passage)
    story = {"id": f"synthetic-{n}", "title": f"Synthetic story: {n:,} places and {n:,} passages",
             "source": {"publisher": "bench/synth.py", "url": "https://example.org/synthetic",
                        "published": "2021-10-28"},
             "places": places, "passages": passages}
    # JSON is YAML: the file is a valid story file, and the loader reads its JSON form fast
    text = "{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}"
                               for k, v in story.items() if k not in ("places", "passages"))
    for key in ("places", "passages"):
        text += f',\n"{key}": [\n' + ",\n".join(json.dumps(x, separators=(",", ":")) for x in story[key]) + "\n]"
    path = story_dir / f"synthetic-{n}.yaml"
    path.write_text(text + "\n}\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(make_synthetic(int(sys.argv[1]), Path(sys.argv[2])))
