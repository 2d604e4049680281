"""Print images of a world story draw its world boundaries (components/export/image.py,
``_draw_world_layers``): the countries around it as land (not left as sea), the regions of the
country it names, each named feature in its own SVG group, and the selection's highlight on it.
Real Natural Earth data, real matplotlib renders, pixels read back from the PNG."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
import shapely
from matplotlib.colors import to_rgb
from PIL import Image

from components.story.model import parse_story
from components.story.selection import Selection

from .conftest import FIXTURES

MALI = FIXTURES / "world" / "mali-attacks.yaml"


@pytest.fixture(scope="module")
def mali(geodata):
    from components.map.spec import build_map_spec

    story = parse_story(MALI.read_text(encoding="utf-8"), MALI.name)
    return story, build_map_spec(story, geodata, MALI.name)


def _png(sm) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(sm.to_bytes("png"))).convert("RGB"), dtype=float) / 255.0


def _near(rgb, colour: str, tol: float = 0.06) -> bool:
    return bool(np.abs(np.asarray(rgb) - np.asarray(to_rgb(colour))).max() <= tol)


def test_the_svg_holds_the_world_layers_and_each_named_region(mali, geodata):
    from components.export.image import render_image

    story, spec = mali
    svg = render_image(story, spec, geodata, "svg").decode("utf-8")
    for gid in ("layer-world-countries", "layer-world-admin1", "feature-world-countries-MLI",
                "feature-world-countries-NER", "feature-world-admin1-ML-6", "feature-world-admin1-ML-5"):
        assert f'id="{gid}"' in svg, gid
    group = re.search(r'<g id="feature-world-admin1-ML-6">(.*?)</g>', svg, re.S).group(1)
    assert group.count("<path") >= 1 and len(group) > 500  # a real outline, not an empty group
    assert "Provinces and regions" in svg and "Countries" in svg  # the legend names the world layers


def test_the_png_draws_land_as_land_and_the_sea_as_sea(mali, geodata):
    from components.export.image import BACKGROUND, draw_static_map

    story, spec = mali
    sm = draw_static_map(story, spec, geodata, dpi=100)
    img = _png(sm)
    assert {"world-countries", "world-admin1"} <= set(sm.layers)
    # Inside Mali, Niger and Algeria (context, beyond the web map's padded extent too): land.
    for lon, lat in ((-4.0, 19.5), (9.0, 17.5), (2.5, 24.5)):
        col, row = sm.pixel(lon, lat)
        assert not _near(img[int(row), int(col)], BACKGROUND, 0.02), (lon, lat)
    # The Gulf of Guinea, ~160 km off the coast: the sea colour.
    assert geodata.world.km_to_land(2.0, 4.8) > 100
    col, row = sm.pixel(2.0, 4.8)
    assert _near(img[int(row), int(col)], BACKGROUND, 0.02)


def test_a_selected_world_region_prints_in_the_highlight_colour_on_its_outline(mali, geodata):
    from components.export.image import HL_COLOR, draw_static_map

    story, spec = mali
    sm = draw_static_map(story, spec, geodata, Selection(place="tombouctou"), dpi=100)
    img = _png(sm)
    region = geodata.feature("world-admin1", "ML-6")
    ring = shapely.get_exterior_ring(max(getattr(region, "geoms", [region]), key=lambda p: p.area))
    hits = total = 0
    for d in np.linspace(0, ring.length, 60, endpoint=False):
        p = ring.interpolate(d)
        col, row = sm.pixel(p.x, p.y)
        if not (0 <= row < img.shape[0] and 0 <= col < img.shape[1]):
            continue
        total += 1
        r, c = int(row), int(col)
        window = img[max(r - 2, 0):r + 3, max(c - 2, 0):c + 3].reshape(-1, 3)
        hits += any(_near(px, HL_COLOR, 0.12) for px in window)
    assert total >= 20 and hits / total >= 0.8, (hits, total)
