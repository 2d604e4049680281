"""Print resolution: the default and the accepted range, without importing matplotlib.

The app imports the export entry points on its first run; keeping these here (not only in
``static_map``) keeps matplotlib out of the app's cold start until an image is exported.
"""

from __future__ import annotations

DEFAULT_DPI = 300
DPI_RANGE = (50, 600)  # 600 dpi is 4800 x 3600 px, ~70 MB of raster while drawing


def check_dpi(dpi: int) -> int:
    if not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
        raise ValueError(f"dpi must be between {DPI_RANGE[0]} and {DPI_RANGE[1]}, got {dpi}")
    return dpi
