"""Place names the importer can recognise, built from the shipped geodata plus known spellings.

``gazetteer.yaml`` (in the loaded geodata's folder, else the shipped ``geodata/`` one:
``GeoData.companion_file``) gives each place its story id, precision, country and spellings;
the names of the shipped features are added from the GeoJSON itself, and every feature must
belong to a place, so the gazetteer grows with the data. ``find`` returns the mentions in a
text: case-insensitive, whole words only (no "Panj" inside "Panjshir"), hyphens and spaces
alike, the longest name first. A name shared by several places (Badakhshan) is returned with
all of them as candidates.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from components.authoring.textnorm import fold
from components.errors import GeodataError, StoryError
from components.geo.geodata import GeoData
from components.story.model import Precision, is_id, load_yaml

GAZETTEER_FILE = "gazetteer.yaml"  # in the geodata folder (GeoData.companion_file)
_SEP = r"[\s\-\u2010\u2011\u2012\u2013\u2014]+"  # a space or any dash between the words of a name
_APOS = "['\u2019\u02bc\u2018`]"  # Roshtqal'a, Roshtqal’a


@dataclass(frozen=True)
class GazPlace:
    id: str
    name: str
    precision: Precision
    layer: str
    feature: str
    country: str | None
    names: tuple[str, ...]
    same_as: tuple[tuple[str, str], ...] = ()
    lat: float | None = None  # world places: the label point (GeoNames / Natural Earth)
    lon: float | None = None

    def story_place(self) -> dict:
        """The place as it is written into a story file."""
        return {"id": self.id, "name": self.name, "precision": self.precision.value,
                "geometry": {"layer": self.layer, "feature": self.feature}}


@dataclass(frozen=True)
class Found:
    """A name found in a text: ``text[start:end]``, and the place(s) it may mean."""

    start: int
    end: int
    text: str
    candidates: tuple[str, ...]

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


def name_key(name: str) -> str:
    """How two spellings are compared: case, dashes/spaces and apostrophe forms do not count."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(_APOS, "'", text)
    return " ".join(re.split(_SEP, text.strip()))


def _pattern(name: str) -> str:
    words = re.split(_SEP, name.strip())
    return _SEP.join(re.sub("'", _APOS, re.escape(w).replace("\\'", "'")) for w in words)


# After a world name, a capitalised word of these means another thing ("Niger River").
_OTHER_THING = {"river", "delta", "basin", "valley", "lake", "mountains", "sea", "gulf", "bay", "highway",
                "street", "road", "desert", "plateau", "strait", "canal", "island", "islands", "riviera"}
_BEFORE_THING = {"river", "lake", "mount", "gulf", "bay", "cape", "port"}


@functools.lru_cache(maxsize=1)
def world_matcher():
    """The world names and their matcher, loaded on first use only: ``(matcher, index)``, where
    the matcher's ``iter(folded_text)`` yields ``(end, (length, entry ids))`` for every whole-word
    name (``WorldIndex.iter``: a hash look-up of word-boundary spans, no automaton to build)."""
    from components.authoring.world_index import load_world

    world = load_world()
    return world, world


def find_world(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """World names in ``text`` (folded, whole words, longest first, not inside ``taken`` spans):
    (start, end, text, entry ids). A name must start with a capital letter in the text ("nice"
    is not Nice) and is skipped when it is part of another thing's name ("Niger River")."""
    auto, _ = world_matcher()
    folded, where = fold(text)
    hits = []
    for end, (n, ids) in auto.iter(folded):  # whole words only (WorldIndex.iter)
        hits.append((end - n + 1, end, ids))
    hits.sort(key=lambda h: (h[0] - h[1], h[0]))
    used = list(taken)
    out = []
    for fs, fe, ids in hits:
        s, e = where[fs], where[fe] + 1
        if any(s < b and a < e for a, b in used) or not text[s].isupper():
            continue
        after = re.match(r"[ \t]+([A-Z][\w'-]*)", text[e:])
        before = re.search(r"([A-Za-z]+)[ \t]+$", text[:s])
        if after and after.group(1).lower() in _OTHER_THING or before and before.group(1).lower() in _BEFORE_THING:
            continue
        # A capitalised word right before (not opening the sentence) or after: part of another
        # name (a person "Gerald Williams", "Stanford University"): settlements only.
        person = bool(after) or bool(before and before.group(1)[0].isupper() and not re.search(r"(?:^|[.!?:\"“]\s*)[A-Za-z]+[ \t]+$", text[:s]))
        if person:
            ids = tuple(i for i in ids if not i.rsplit("-", 1)[-1].isdigit())
            if not ids:
                continue
        used.append((s, e))
        out.append((s, e, text[s:e], ids))
    return sorted(out)


class Gazetteer:
    world = False  # match world names too (load_gazetteer decides)

    def __init__(self, places: list[GazPlace], reasons: dict[str, str]):
        self.places = {p.id: p for p in places}
        by_name: dict[str, list[str]] = {}
        spelled: dict[str, str] = {}
        for p in places:
            for n in p.names:
                key = name_key(n)
                if not key:
                    continue
                ids = by_name.setdefault(key, [])
                if p.id not in ids:
                    ids.append(p.id)
                spelled.setdefault(key, n)
        self.names: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in by_name.items()}
        self.reasons: dict[str, str] = {}
        for key, ids in self.names.items():
            if len(ids) > 1:
                why = next((r for k, r in reasons.items() if self.names.get(name_key(k)) == ids), "")
                self.reasons[key] = why
        ordered = sorted(self.names, key=lambda k: (-len(k), k))
        self._group_key = {f"n{i}": k for i, k in enumerate(ordered)}
        alternation = "|".join(f"(?P<n{i}>{_pattern(spelled[k])})" for i, k in enumerate(ordered))
        self._regex = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)

    def find(self, text: str) -> list[Found]:
        """Every name in ``text``, left to right, none inside another (the longest wins)."""
        out = []
        for m in self._regex.finditer(text):
            key = self._group_key[m.lastgroup]
            out.append(Found(m.start(), m.end(), m.group(0), self.names[key]))
        return out

    def reason(self, found: Found) -> str:
        return self.reasons.get(name_key(found.text), "")

    def place(self, place_id: str) -> GazPlace:
        if place_id in self.places:
            return self.places[place_id]
        e = world_matcher()[1].entries[place_id]
        return GazPlace(e.id, e.name, Precision(e.precision), e.layer, e.feature, e.iso2 or None, (e.name,),
                        lat=e.lat, lon=e.lon)

    def world_entry(self, place_id: str):
        return world_matcher()[1].entries.get(place_id)


def load_gazetteer(geodata: GeoData, path: Path | None = None, world: bool | None = None) -> Gazetteer:
    """Read the gazetteer file and join it with the loaded layers (their feature names).
    ``path``: by default ``gazetteer.yaml`` of the geodata's folder, else the shipped one.
    ``world``: also match world names (geodata/world/); by default when the geodata has the
    ``world-places`` layer, since a draft may only name features its map can draw."""
    path = Path(path) if path is not None else geodata.companion_file(GAZETTEER_FILE)
    name = path.name
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), name)  # as story files: no aliases, no tags, bounded
    except OSError as exc:
        raise GeodataError(name, None, f"cannot be read: {str(exc).splitlines()[0]}") from None
    except StoryError as exc:  # names the file and the position already
        raise GeodataError(name, exc.field, exc.message) from None
    if not isinstance(data, dict) or not isinstance(data.get("places"), list):
        raise GeodataError(name, "places", "expected a list of places")
    places: list[GazPlace] = []
    covered: dict[tuple[str, str], str] = {}
    for i, entry in enumerate(data["places"]):
        field = f"places[{i}]"
        try:
            pid, layer, feature = entry["id"], entry["geometry"]["layer"], str(entry["geometry"]["feature"])
            precision = Precision(entry["precision"])
        except (KeyError, TypeError, ValueError) as exc:
            raise GeodataError(name, field, f"needs id, name, precision and geometry {{layer, feature}} ({exc})") from None
        if not is_id(str(pid)):
            raise GeodataError(name, f"{field}.id", f"not a place id: {pid!r}")
        refs = [(layer, feature)] + [(r["layer"], str(r["feature"])) for r in entry.get("same_as", [])]
        for ref in refs:
            if not geodata.has_feature(*ref):
                raise GeodataError(name, f"{field}.geometry", f"no feature {ref[1]!r} in layer {ref[0]!r}")
            if ref in covered:
                raise GeodataError(name, f"{field}.geometry", f"feature {ref} already belongs to {covered[ref]!r}")
            covered[ref] = pid
        drop = {name_key(n) for n in entry.get("not_names", [])}
        names = list(entry.get("names", []))
        for lyr, fid in refs:  # the data's own names for the feature; ids only when a word, not a code
            names.append(str(geodata.layer(lyr).loc[fid, "name"]))
            if fid.isalpha() and not fid.isupper():
                names.append(fid)
        names = [n for n in dict.fromkeys(names) if name_key(n) not in drop and len(name_key(n)) >= 3]
        places.append(GazPlace(pid, str(entry.get("name", pid)), precision, layer, feature,
                               entry.get("country"), tuple(names), tuple(refs[1:])))
    gaz = Gazetteer(places, dict(data.get("ambiguous") or {}))
    gaz.world = _has_world(geodata) if world is None else world
    return gaz


def _has_world(geodata: GeoData) -> bool:
    return geodata.has_layer("world-places")
