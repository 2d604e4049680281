"""Which place a world name means, from the article's own evidence.

Each detected world name has candidates (countries, admin-1 units, settlements). A candidate
scores for:
- its country: named in the article (a country or demonym with one meaning), or shared by the
  candidates of the article's other names (Atlanta, Savannah and Macon are all in the US);
- the admin hierarchy: its admin-1 unit is named or is the unit of another candidate ("Georgia"
  next to Atlanta is the state); a settlement beats the admin-1 unit of the same name
  ("Batken" is the town; "Batken province" is matched as the longer name);
- nearness to the article's other places (within 300 km, then 1,000 km);
- the kind (a country before a settlement of the same name) and then population.
A settlement needs evidence (its country or a nearby place); without it, or when it is also a
common word without evidence ("Reading the statement"), it is dropped. When the two best
candidates stay close, both are kept for the author (``candidates``).
"""

from __future__ import annotations

import math
from collections import Counter

from components.authoring.world_index import WorldEntry

AMBIGUOUS_MARGIN = 0.5


def _km(a: WorldEntry, b: WorldEntry) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def rank(mentions: list[list[WorldEntry]], named_iso: Counter) -> list[list[WorldEntry]]:
    """For each mention's candidates, the kept ones best first ([] = not a place here)."""
    soft: Counter = Counter()
    for cands in mentions:
        isos = {c.iso2 for c in cands}
        for iso in isos:
            soft[iso] += 1.0 / len(isos)
    hard = Counter(named_iso)
    anchors: list[WorldEntry] = []
    for cands in mentions:
        if len({c.iso2 for c in cands}) == 1 and cands[0].kind != "place" or len(cands) == 1:
            hard[cands[0].iso2] += 1
            anchors.append(cands[0])
    names_adm1 = Counter(c.adm1 for cands in mentions for c in {c.adm1: c for c in cands if c.kind == "admin1"}.values())
    cand_adm1 = Counter(a for cands in mentions for a in {c.adm1 for c in cands if c.kind == "place"})
    out = []
    for _pass in range(2):
        out = []
        for cands in mentions:
            scored = []
            same_name_admin = {c.adm1 for c in cands if c.kind == "admin1"}
            own_places = {c.adm1 for c in cands if c.kind == "place"}  # a mention is no evidence for itself
            for c in cands:
                s, evidence = 0.0, False
                if hard[c.iso2]:
                    s += 3.0
                    evidence = True
                s += min(soft[c.iso2], 4.0) * 0.5
                if c.kind == "place":
                    if names_adm1[c.adm1] - (c.adm1 in same_name_admin) > 0:
                        s += 1.5
                        evidence = True
                    if c.adm1 in same_name_admin:
                        s += 1.0  # the town, not its province of the same name
                    near = min((_km(c, a) for a in anchors if a is not c), default=1e9)
                    if near <= 300:
                        s += 2.0
                        evidence = True
                    elif near <= 1000:
                        s += 1.0
                    s += math.log10(max(c.population, 1)) / 10
                    if not evidence:
                        continue
                elif c.kind == "admin1":
                    towns = cand_adm1[c.adm1] - (c.adm1 in own_places)
                    s += 1.5 + min(towns, 3) * 0.7
                    if not (evidence or towns or soft[c.iso2] >= 2):
                        continue  # "Reading" (a UK unitary authority) needs its country or its towns
                else:
                    s += 1.5
                scored.append((s, c))
            scored.sort(key=lambda t: -t[0])
            kept = [c for s, c in scored if s >= scored[0][0] - AMBIGUOUS_MARGIN][:3] if scored else []
            out.append(kept)
        anchors = [k[0] for k in out if len(k) == 1]
    return out
