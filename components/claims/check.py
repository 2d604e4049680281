"""Checking a story's geographic claims against the shipped geodata.

Each claim gets a verdict: ``consistent`` (the data support it, whatever the known error),
``contradicted`` (the data rule it out, whatever the known error) or ``cannot check`` (the
data allow both, e.g. the place is known only as an area that lies partly in, partly out).
Every verdict comes with the measured figure, the tolerance used and why, and the dataset
and known error of each place (geodata/accuracy.yaml). Places drawn from different datasets
do not share edges (OSM's GBAO and Natural Earth's Xinjiang overlap by ~400 km² instead of
touching), so edges are compared with the larger dataset's position error as tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from shapely.geometry.base import BaseGeometry

from components.geo import measure
from components.errors import GeodataError, StoryError
from components.geo.geodata import GEODATA_DIR, GeoData
from components.geo.geodesy import Local
from components.geo.layers import LAYERS, LayerDef
from components.geo.resolve import PlaceGeometry
from components.geo.world import WORLD_LAYERS
from components.story.model import Claim, Story, load_yaml

ACCURACY_FILE = "accuracy.yaml"  # in the geodata folder (GeoData.companion_file)
CONSISTENT, CONTRADICTED, CANNOT = "consistent", "contradicted", "cannot check"
AZIMUTH = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
           "southwest": 225, "west": 270, "northwest": 315}
SECTOR_DEG = 45.0  # "in the southeast": between east and south, seen from the object's centre
SAME_SOURCE_FLOOR_KM = 0.5


@dataclass(frozen=True)
class LayerAccuracy:
    layer: str
    dataset: str
    dataset_title: str
    position_km: float
    simplify_km: float
    error: str
    length_under_pct: float = 0.0
    independent: bool = False  # features located one by one (points): same-source errors do not cancel
    title: str = ""  # the layer's title in the loaded layer table (its id when not in the table)


@dataclass(frozen=True)
class ClaimCheck:
    claim: Claim
    verdict: str
    figure: str  # the measured value, as shown
    explanation: str  # why this verdict, with the tolerance
    sources: tuple[str, ...]  # dataset and known error of each layer involved
    value: float | None = None  # the main number (km, km², degrees), for tests and exports
    tolerance_km: float = 0.0


def load_accuracy(geodata: GeoData | None = None) -> dict[str, LayerAccuracy]:
    """The known error of each layer, from ``accuracy.yaml`` in the loaded geodata's folder (the
    shipped one when that folder has none), each named by its title in the loaded layer table
    (``geodata.defs``: a layer from a folder's layers.json too). ``None``: the shipped geodata."""
    path = geodata.companion_file(ACCURACY_FILE) if geodata is not None else GEODATA_DIR / ACCURACY_FILE
    defs: tuple[LayerDef, ...] = geodata.defs if geodata is not None else LAYERS
    names = {layer.id: layer.title for layer in WORLD_LAYERS} | {layer.id: layer.title for layer in defs}
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), path.name)
        titles = {k: v["title"] for k, v in data["datasets"].items()}
        return {
            lid: LayerAccuracy(lid, v["dataset"], titles[v["dataset"]], float(v["position_km"]),
                               float(v["simplify_km"]), " ".join(str(v["error"]).split()),
                               float(v.get("length_under_pct", 0)), bool(v.get("independent", False)),
                               names.get(lid, lid))
            for lid, v in data["layers"].items()
        }
    except StoryError as exc:  # load_yaml's error already names the file and the position
        raise GeodataError(path.name, exc.field, exc.message) from None
    except (OSError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise GeodataError(path.name, None, f"cannot be read: {exc!s}".splitlines()[0]) from None


# --- operands ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Operand:
    id: str
    name: str
    region: BaseGeometry | None  # where the place is, or may be (approximate places)
    approximate: bool
    layers: tuple[str, ...]


def _operand(story: Story, geo: dict[str, PlaceGeometry], pid: str) -> _Operand:
    place, g = story.place(pid), geo[pid]
    if g.shape is not None:
        region = g.shape
    elif g.area is not None and g.circle is not None:
        inter = g.area.intersection(g.circle)
        region = inter if not inter.is_empty else g.circle
    else:
        region = g.area if g.area is not None else g.circle
    layers = tuple(dict.fromkeys(layer for layer, _ in g.refs))
    return _Operand(pid, place.name, region, place.approximate, layers)


def _tolerance(a: _Operand, b: _Operand, acc: dict[str, LayerAccuracy]) -> tuple[float, str]:
    la = [acc[x] for x in a.layers if x in acc]
    lb = [acc[x] for x in b.layers if x in acc]
    if not la or not lb:
        return 5.0, "tolerance 5 km (a place without a known dataset)"
    shared_edges = not any(x.independent for x in la + lb)
    if shared_edges and {x.dataset for x in la} == {x.dataset for x in lb} and len({x.dataset for x in la}) == 1:
        tol = max(SAME_SOURCE_FLOOR_KM, *(x.simplify_km for x in la + lb))
        return tol, f"tolerance {tol:g} km (same dataset: {la[0].dataset_title}; simplification only)"
    tol = max(x.position_km for x in la + lb)
    names = " and ".join(dict.fromkeys(x.dataset_title for x in la + lb))
    if len({x.dataset for x in la + lb}) == 1:
        return tol, f"tolerance {tol:g} km (each point of {names} has its own position error)"
    return tol, f"tolerance {tol:g} km (different datasets: {names}; their edges do not coincide)"


def _sources(ops: list[_Operand], acc: dict[str, LayerAccuracy]) -> tuple[str, ...]:
    out = []
    for op in ops:
        for layer in op.layers:
            a = acc.get(layer)
            if a:
                out.append(f"{op.name}: {a.title}, {a.dataset_title}. Known error: {a.error}")
        if op.approximate:
            out.append(f"{op.name}: approximate, known only as an area; every point of it is considered.")
    return tuple(dict.fromkeys(out))


def _fmt(km: float) -> str:
    return f"{km:,.0f} km" if km >= 100 else f"{km:,.1f} km"


def _num(km: float) -> str:
    return f"{km:,.0f}" if km >= 100 or km == int(km) else f"{km:,.1f}"


def _range(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"{_num(lo)} km" if lo == hi else f"{_num(lo)}-{_num(hi)} km"
    return f"at least {_num(lo)} km" if lo is not None else f"at most {_num(hi)} km"


def _compare(lo_m: float, hi_m: float, claim: Claim) -> str:
    """Measured interval [lo_m, hi_m] against the claim's [min_km, max_km]."""
    lo_c = claim.min_km if claim.min_km is not None else -np.inf
    hi_c = claim.max_km if claim.max_km is not None else np.inf
    if lo_c <= lo_m and hi_m <= hi_c:
        return CONSISTENT
    if hi_m < lo_c or lo_m > hi_c:
        return CONTRADICTED
    return CANNOT


# --- the five kinds ----------------------------------------------------------------------------


def _within(a: _Operand, b: _Operand, tol: float, why: str) -> tuple[str, str, str, float]:
    local = Local.around(a.region)
    inside, grown = measure.share_inside(a.region, b.region, tol, local)
    what = {"Polygon": "area", "MultiPolygon": "area", "LineString": "length", "MultiLineString": "length"}.get(a.region.geom_type, "points")
    fig = f"{inside:.1%} of its {what} inside {b.name} ({grown:.1%} within {tol:g} km of it)"
    if grown >= 0.999:
        return CONSISTENT, fig, f"{a.name} lies within {b.name}; {why}.", inside * 100
    if grown <= 0.001:
        d = measure.nearest_km(a.region, b.region, local)
        return CONTRADICTED, f"outside, {_fmt(d)} from {b.name}", f"{a.name} lies wholly outside {b.name}; {why}.", inside * 100
    if a.approximate:
        return CANNOT, fig, (f"{a.name} is known only as an area that lies partly inside {b.name}: "
                             f"the data cannot say where the site is; {why}."), inside * 100
    return CONTRADICTED, fig, f"Only part of {a.name} lies within {b.name}; {why}.", inside * 100


def _borders(a: _Operand, b: _Operand, tol: float, why: str) -> tuple[str, str, str, float]:
    if not (a.region.geom_type.endswith("Polygon") and b.region.geom_type.endswith("Polygon")):
        return CANNOT, "-", "'borders' compares two areas; one of these places is a point or a line.", None
    local = Local.around(a.region)
    overlap = measure.overlap_km2(a.region, b.region)
    smaller = min(measure.size(a.region)[0], measure.size(b.region)[0])
    if smaller and overlap >= 0.5 * smaller:
        return (CONTRADICTED, f"{overlap:,.0f} km² overlap ({overlap / smaller:.0%} of the smaller)",
                "One place lies inside the other: they do not border each other.", 0.0)
    shared = measure.edge_near_km(a.region, b.region, tol, local)
    if shared >= 2 * tol:
        overlap_txt = f"; the two outlines overlap by {overlap:,.0f} km²" if overlap >= 1 else ""
        return (CONSISTENT, f"{_fmt(shared)} of {a.name}'s outline within {tol:g} km of {b.name}{overlap_txt}",
                f"They share a boundary; {why}.", shared)
    d = measure.nearest_km(a.region, b.region, local)
    if d <= tol:
        return (CANNOT, f"{_fmt(shared)} of outline within {tol:g} km; {_fmt(d)} apart",
                f"They meet only at a point or a short stretch, within the error of the data; {why}.", shared)
    return CONTRADICTED, f"{_fmt(d)} apart at the closest", f"They do not meet; {why}.", 0.0


def _length(a: _Operand, claim: Claim, acc: dict[str, LayerAccuracy]) -> tuple[str, str, str, float]:
    if a.approximate or not a.region.geom_type.endswith("LineString"):
        return CANNOT, "-", f"'length' applies to a line drawn in the data (a border, a river); {a.name} is not one.", None
    length = measure.size(a.region)[0]
    under = max((acc[x].length_under_pct for x in a.layers if x in acc), default=0.0)
    hi = length * (1 + under / 100.0)
    fig = f"{length:,.1f} km" + (f" (the full-resolution line is {under:g} % longer: ~{hi:,.0f} km)" if under else "")
    verdict = _compare(length, hi, claim)
    said = _range(claim.min_km, claim.max_km)
    why = {CONSISTENT: f"the measured length meets '{said}'", CONTRADICTED: f"the measured length is far from '{said}'",
           CANNOT: f"'{said}' falls inside the data's own uncertainty"}[verdict]
    return verdict, fig, f"Geodesic length of the line; {why}.", length


def _distance(a: _Operand, b: _Operand, claim: Claim, tol: float, why: str) -> tuple[str, str, str, float]:
    local = Local.around(a.region)
    near = measure.nearest_km(a.region, b.region, local)
    far = measure.farthest_km(a.region, b.region, local) if a.approximate else near
    lo, hi = max(0.0, near - tol), far + tol
    verdict = _compare(lo, hi, claim)
    fig = f"{_fmt(near)}" if not a.approximate else f"{_fmt(near)} to {_fmt(far)} (anywhere in the area)"
    said = _range(claim.min_km, claim.max_km)
    reason = {CONSISTENT: f"every possible distance meets '{said}'",
              CONTRADICTED: f"no possible distance meets '{said}'",
              CANNOT: f"some possible distances meet '{said}', others do not"}[verdict]
    return verdict, fig, f"Geodesic distance; {reason}; {why}.", near


def _direction(a: _Operand, b: _Operand, claim: Claim) -> tuple[str, str, str, float]:
    c = measure.centre(b.region)
    target = AZIMUTH[claim.direction]
    pts = a.region if a.approximate else measure.centre(a.region)
    az = measure.bearings_from(c, pts)
    off = np.abs((az - target + 180.0) % 360.0 - 180.0)
    lo, hi = _arc(az)
    fig = f"bearing {lo:.0f}°" if abs(hi - lo) < 0.5 else f"bearing {lo:.0f}°-{hi:.0f}°"
    fig += f" from the centre of {b.name}"
    lo_s = (target - SECTOR_DEG) % 360
    hi_s = lo_s + 2 * SECTOR_DEG
    sector = f"{claim.direction} = bearing {lo_s:.0f}°-{hi_s if hi_s <= 360 else hi_s - 360:.0f}°"
    if np.all(off <= SECTOR_DEG):
        return CONSISTENT, fig, f"Seen from the centre of {b.name}; {sector}.", float(az.mean())
    if np.all(off > SECTOR_DEG):
        return CONTRADICTED, fig, f"Seen from the centre of {b.name}, it lies outside {sector}.", float(az.mean())
    return CANNOT, fig, f"Part of the area where {a.name} may be lies in {sector}, part does not.", float(az.mean())


def _arc(az: np.ndarray) -> tuple[float, float]:
    """The smallest arc holding all bearings (so 350° and 10° read as 350°-10°)."""
    s = np.sort(az)
    gaps = np.diff(np.concatenate([s, [s[0] + 360.0]]))
    i = int(np.argmax(gaps))
    return float(s[(i + 1) % len(s)]), float(s[i])


def check_claim(story: Story, claim: Claim, geo: dict[str, PlaceGeometry],
                acc: dict[str, LayerAccuracy]) -> ClaimCheck:
    ops = [_operand(story, geo, pid) for pid in claim.places]
    sources = _sources(ops, acc)
    if any(op.region is None or op.region.is_empty for op in ops):
        return ClaimCheck(claim, CANNOT, "-", "A place has no geometry to measure.", sources)
    if claim.kind == "length":
        verdict, fig, why, value = _length(ops[0], claim, acc)
        return ClaimCheck(claim, verdict, fig, why, sources, value)
    a, b = ops
    if a.id == b.id:
        return ClaimCheck(claim, CANNOT, "-", "The claim compares a place with itself.", sources)
    tol, tol_why = _tolerance(a, b, acc)
    if claim.kind == "within":
        verdict, fig, why, value = _within(a, b, tol, tol_why)
    elif claim.kind == "borders":
        verdict, fig, why, value = _borders(a, b, tol, tol_why)
    elif claim.kind == "distance":
        verdict, fig, why, value = _distance(a, b, claim, tol, tol_why)
    else:
        verdict, fig, why, value = _direction(a, b, claim)
        tol = 0.0
    return ClaimCheck(claim, verdict, fig, why, sources, value, tol)


def check_claims(story: Story, geo: dict[str, PlaceGeometry], acc: dict[str, LayerAccuracy] | None = None) -> list[ClaimCheck]:
    acc = acc if acc is not None else load_accuracy()
    return [check_claim(story, c, geo, acc) for c in story.claims]


def claim_summary(story: Story, claim: Claim) -> str:
    """The claim in words, from its fields (the panel shows it beside the article's quote)."""
    names = [story.place(p).name for p in claim.places]
    if claim.kind == "within":
        return f"{names[0]} lies within {names[1]}"
    if claim.kind == "borders":
        return f"{names[0]} borders {names[1]}"
    if claim.kind == "length":
        return f"{names[0]} is {_range(claim.min_km, claim.max_km)} long"
    if claim.kind == "distance":
        return f"{names[0]} is {_range(claim.min_km, claim.max_km)} from {names[1]}"
    return f"{names[0]} lies in the {claim.direction} of {names[1]}"
