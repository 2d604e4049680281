"""The shipped map layers: which file, what it is called, how it is drawn and credited.

One table so the loader, the web map, the legend, the print images, the claims and the tests
agree on a layer's id, title and colours. A geodata folder may add layers with a
``layers.json`` (``geodata.extra_layers``): a list of these same fields, which then reach every
one of those places. Stories refer to features as ``{layer: <id>, feature: <feature id>}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Attribution texts required by the sources (geodata/SOURCES.md); keys are used by LAYERS.
ATTRIBUTION = {
    "osm": "Boundaries: © OpenStreetMap contributors (ODbL 1.0), via geoBoundaries "
    "(www.geoboundaries.org, CC BY 4.0; Runfola et al. 2020, PLoS ONE 15(4): e0231866)",
    "aims": "Afghan districts: Afghanistan Information Management Services (AIMS) / Esri, via geoBoundaries",
    "ne": "Countries, provinces, rivers: Made with Natural Earth (naturalearthdata.com, public domain)",
    "geonames": "Places: GeoNames (geonames.org, CC BY 4.0)",
    "ne-world": "World boundaries: Made with Natural Earth (naturalearthdata.com, public domain): "
    "admin-0 10m v5.1.1, admin-1 10m via elastic/ems-file-service",
}

# The same credits, short enough for the map's attribution line.
ATTRIBUTION_SHORT = {
    "osm": "© OpenStreetMap contributors (ODbL) via geoBoundaries (CC BY 4.0)",
    "aims": "AIMS/Esri via geoBoundaries",
    "ne": "Natural Earth",
    "geonames": "GeoNames (CC BY 4.0)",
    "ne-world": "Natural Earth",
}


@dataclass(frozen=True)
class LayerDef:
    id: str
    file: str
    title: str  # legend and layer-control label
    geom: str  # "polygon" | "line" | "point"
    attribution: str  # key of ATTRIBUTION
    style: dict = field(default_factory=dict)
    draw: bool = True  # False: data only (measuring, gazetteer), not a map layer
    show: bool = True  # initially visible
    # Browser payload (components/websimplify.py): simplification tolerance in degrees, and the
    # coverage group of polygon layers whose shapes share edges (simplified together, gap-free).
    simplify: float = 0.0
    coverage: str = ""
    # Print images (components/export/image.py) take their colours from ``style``; paper needs
    # thinner lines and, in black and white, patterns. Unset fields follow the web style.
    print_weight: float = 0.0  # line width in points; 0: half the web ``weight``
    print_dash: tuple[float, ...] = ()  # on/off lengths in points; (): the web ``dashArray``
    print_fill_opacity: float | None = None  # None: the web ``fillOpacity``
    hatch: str = ""  # matplotlib hatch pattern ("///", "---"), drawn in the outline colour


LAYERS: tuple[LayerDef, ...] = (
    LayerDef(
        "countries", "countries.geojson", "Countries", "polygon", "ne",
        {"color": "#6b6b6b", "weight": 1.2, "fillColor": "#f2efe9", "fillOpacity": 1.0},
        simplify=0.03, coverage="ne-admin0", print_weight=0.6,
    ),
    LayerDef(
        "xinjiang", "xinjiang.geojson", "Xinjiang (China)", "polygon", "ne",
        {"color": "#b35806", "weight": 1.5, "fillColor": "#fdb863", "fillOpacity": 0.35},
        simplify=0.008, print_weight=0.8, hatch="---",
    ),
    LayerDef(
        "afghan-badakhshan", "afghan_badakhshan.geojson", "Badakhshan province (Afghanistan)",
        "polygon", "ne",
        {"color": "#7a7a7a", "weight": 1, "dashArray": "2 3", "fillOpacity": 0.0},
        show=False, simplify=0.005, print_weight=0.6,
    ),
    LayerDef(
        "wakhan", "wakhan.geojson", "Wakhan corridor (Wakhan district)", "polygon", "aims",
        {"color": "#1b7837", "weight": 1.2, "dashArray": "5 4", "fillColor": "#a6dba0",
         "fillOpacity": 0.35},
        simplify=0.004, print_weight=0.8, print_dash=(5, 3), hatch="\\\\\\\\",
    ),
    LayerDef(
        "gbao", "gbao.geojson", "Gorno-Badakhshan (GBAO)", "polygon", "osm",
        {"color": "#542788", "weight": 2.2, "fillColor": "#b2abd2", "fillOpacity": 0.30},
        simplify=0.0025, coverage="gbao", print_weight=1.3, hatch="///",
    ),
    LayerDef(
        "gbao-districts", "gbao_districts.geojson", "GBAO districts", "polygon", "osm",
        {"color": "#8073ac", "weight": 0.8, "dashArray": "3 3", "fillOpacity": 0.0},
        simplify=0.0025, coverage="gbao", print_weight=0.5,
    ),
    LayerDef(
        "ishkashim-district", "ishkashim_district.geojson", "Ishkashim district", "polygon", "osm",
        {"color": "#2d004b", "weight": 2.5, "fillColor": "#542788", "fillOpacity": 0.45},
        simplify=0.0025, coverage="gbao", print_weight=1.4, print_fill_opacity=0.40,
    ),
    LayerDef(
        "rivers", "rivers.geojson", "Rivers (Panj, Pamir, Amu Darya)", "line", "ne",
        {"color": "#2b83ba", "weight": 2.0, "opacity": 0.9},
        simplify=0.004, print_weight=1.0,
    ),
    LayerDef(
        "border", "border_tjk_afg.geojson", "Tajik-Afghan border", "line", "osm",
        {"color": "#d7191c", "weight": 3.5, "dashArray": "8 5", "opacity": 0.95},
        print_weight=1.8, print_dash=(6, 3),
        # not simplified further: shipped at 1,349.5 km, 1.2 % short of the full-resolution
        # line (1,365.5 km); the payload must stay within 1.5 % of it
    ),
    LayerDef("places", "places.geojson", "Gazetteer points", "point", "geonames", draw=False),
)

LAYER_BY_ID = {layer.id: layer for layer in LAYERS}
