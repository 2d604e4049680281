"""What print images add from issue 10: the shaded relief (optional) and the locator inset.

Both come from the web map's own data: the relief images of static/relief/ (Web Mercator,
resampled here into the print's transverse Mercator) and ``components/map/inset.py``'s
window and land. Kept out of image.py so that file keeps to the map itself.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image

from components.geo.geodesy import Local
from components.map.inset import inset_for
from components.map.relief import RELIEF_DIR, relief_meta

RELIEF_PX = 900  # columns of the resampled relief: finer than the 30 px/degree source on a print map
RELIEF_LIGHTEN = 0.3  # share of white mixed into the relief on paper
INSET_RECT = (0.755, 0.105, 0.225, 0.2)  # left, bottom, width, height (figure fraction): legend column's foot


@lru_cache(maxsize=2)
def _image(name: str) -> np.ndarray:
    return np.asarray(Image.open(RELIEF_DIR / relief_meta()["images"][name]["file"]).convert("RGB"))


def _merc(lat):
    return np.log(np.tan(np.pi / 4 + np.radians(np.clip(lat, -85.05, 85.05)) / 2))


def _sample(name: str, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    img = _image(name)
    (s, w), (n, e) = relief_meta()["images"][name]["bounds"]
    h_px, w_px = img.shape[:2]
    col = (lon - w) / (e - w) * w_px
    row = (_merc(n) - _merc(lat)) / (_merc(n) - _merc(s)) * h_px
    inside = (col >= 0) & (col < w_px) & (row >= 0) & (row < h_px)
    col, row = np.clip(col - 0.5, 0, w_px - 1.001), np.clip(row - 0.5, 0, h_px - 1.001)
    c, r = col.astype(int), row.astype(int)
    fc, fr = (col - c)[..., None], (row - r)[..., None]
    img = img.astype(np.float32)
    top = img[r, c] * (1 - fc) + img[r, c + 1] * fc
    bottom = img[r + 1, c] * (1 - fc) + img[r + 1, c + 1] * fc
    return top * (1 - fr) + bottom * fr, inside


def draw_relief(ax, local: Local, view) -> None:
    """The relief under every layer (zorder 1): the region image where it covers, the world elsewhere."""
    x0, x1, y0, y1 = view
    ny = max(2, int(RELIEF_PX * (y1 - y0) / (x1 - x0)))
    xx, yy = np.meshgrid(np.linspace(x0, x1, RELIEF_PX), np.linspace(y1, y0, ny))
    lon, lat = local.inv.transform(xx, yy)
    rgb, _ = _sample("world", lon, lat)
    fine, inside = _sample("region", lon, lat)
    rgb = np.where(inside[..., None], fine, rgb)
    rgb = (rgb * (1 - RELIEF_LIGHTEN) + 255 * RELIEF_LIGHTEN).astype(np.uint8)  # labels and hatching stay legible
    im = ax.imshow(rgb, extent=(x0, x1, y0, y1), origin="upper", zorder=1, interpolation="bilinear",
                   aspect="auto")
    im.set_gid("relief")


def draw_inset(fig: Figure, fit_bounds) -> None:
    """The locator: the world around the story (Natural Earth land), the story's extent in red."""
    inset = inset_for(fit_bounds)
    ax = fig.add_axes(INSET_RECT)
    ax.set_gid("inset")
    land = shapely.transform(inset.land, lambda xy: np.column_stack(inset.xy(xy[:, 0], xy[:, 1])))
    import geopandas as gpd

    ax.set_facecolor("#dce9f2")
    if not land.is_empty:
        gpd.GeoSeries([land]).plot(ax=ax, facecolor="#e8e1d3", edgecolor="#9a917f", linewidth=0.3)
    w, s, e, n = inset.extent
    (ax0, ay0), (ax1, ay1) = inset.xy(w, n), inset.xy(e, s)
    bw, bh = max(ax1 - ax0, 4), max(ay1 - ay0, 4)
    cx, cy = (ax0 + ax1) / 2, (ay0 + ay1) / 2
    ax.add_patch(Rectangle((cx - bw / 2, cy - bh / 2), bw, bh, facecolor=(0.84, 0.1, 0.11, 0.25),
                           edgecolor="#d7191c", linewidth=1.0, zorder=5))
    ax.set_xlim(0, inset.width)
    ax.set_ylim(inset.height, 0)
    ax.set_aspect("equal", adjustable="box", anchor="SE")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for side in ax.spines.values():
        side.set_linewidth(0.5)
