"""Common ways articles state geography, turned into claims the importer proposes.

Only the words between two detected place names are read ("Gorno-Badakhshan, which borders
Xinjiang", "the Ishkashim district of the mountainous Gorno-Badakhshan province",
"Khorugh, about 100 km north of Ishkashim"), plus lengths written next to "border" or
"river" ("its more than 1,300-kilometre (810-mile) border"). Every proposal carries the
article's words as its quote and, when vague words were turned into numbers, a ``reading``
saying how, so the author can judge it. Nothing is proposed across sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from components.story.model import Precision

RANK = {Precision.settlement: 0, Precision.approximate: 0, Precision.district: 1, Precision.region: 2, Precision.country: 3}
NEAR_KM = 50.0  # how "near" is read; written into the claim's reading

_DIR = r"(?P<dir>(?:north|south)[\s-]?(?:east|west)|north|south|east|west)"
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_UNIT = r"(?P<unit>kilomet(?:er|re)s?|km|miles?|mi)(?![A-Za-z])"
_CMP = (r"(?P<cmp>more than|just over|over|at least|nearly|almost|close to|about|around|some|"
        r"approximately|roughly|less than|fewer than|just under|under|up to|within)")
_BE = r"(?:(?:is|are|lies|lie|sits|sit|located|situated|also)\s+)*"
_ADJ = r"(?:[A-Za-z'’-]+\s+){0,2}"

WITHIN_GAP = re.compile(
    rf"^\s*,?\s+{_BE}(?:(?:in|inside|of)\s+(?:the\s+)?{_ADJ}|(?:the\s+)?(?:capital|administrative\s+cent(?:re|er)|main\s+town|seat)\s+of\s+(?:the\s+)?{_ADJ})$",
    re.I)
BORDERS_GAP = re.compile(
    r"^\s*,?\s+(?:(?:which|that)\s+)?(?:(?:also|directly)\s+)?(?:borders|bordering|neighbou?rs|adjoins|abuts|"
    r"(?:shares|has)\s+(?:a|an|its)\s+(?:[\w-]+\s+){0,2}(?:border|frontier)\s+with|is\s+bordered\s+by)\s+(?:the\s+)?$",
    re.I)
SHARE_AFTER = re.compile(r"^\s+(?:also\s+)?share\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:border|frontier)\b", re.I)
NEAR_GAP = re.compile(rf"^\s*,?\s+{_BE}(?:near|close\s+to|next\s+to|not\s+far\s+from)\s+(?:the\s+)?$", re.I)
DIRECTION_GAP = re.compile(
    rf"^\s*,?\s+{_BE}(?:(?:in|to)\s+the\s+(?:far\s+)?)?{_DIR}(?:ern)?(?:\s+part)?\s+of\s+(?:the\s+)?$|"
    rf"^\s*,?\s+{_BE}in\s+(?:the\s+)?(?:far\s+)?{_DIR.replace('?P<dir>', '?P<dir2>')}ern\s+$",
    re.I)
DISTANCE_GAP = re.compile(
    rf"^\s*,?\s+{_BE}(?:{_CMP}\s+)?{_NUM}[\s-]*{_UNIT}\s+(?:\([^)]{{0,30}}\)\s+)?(?:{_DIR}\s+of|from|away\s+from|of)\s+(?:the\s+)?$",
    re.I)
LENGTH_NEAR_WORD = re.compile(
    rf"(?:{_CMP}\s+)?{_NUM}[\s-]*{_UNIT}(?:[\s-]+long)?\s*(?:\([^)]{{0,30}}\)\s*)?(?:[\s-]*long\s+)?(?:(?!(?:of|from|to|away|along|inside|within|off)\b)\w+\s+)?(?P<what>border|frontier|boundary|river)\b",
    re.I)
LENGTH_AFTER = re.compile(
    rf"^\s+(?:is|runs|stretches|extends|measures)\s+(?:for\s+)?(?:{_CMP}\s+)?{_NUM}[\s-]*{_UNIT}", re.I)


@dataclass(frozen=True)
class Named:
    """A detected place name in a passage (the importer's chosen meaning)."""

    start: int
    end: int
    place: str
    precision: Precision
    line: str | None  # "border" | "river" for line places, else None
    guessed: bool  # an ambiguous name: the place is the importer's guess


@dataclass(frozen=True)
class Text:
    passage: str | None  # None: the photo caption
    text: str
    named: tuple[Named, ...]
    number: int | None  # ¶ number, for readings


def _km(m: re.Match) -> float:
    value = float(m.group("num").replace(",", ""))
    return value * 1.609344 if m.group("unit").lower().startswith("mi") else value


def _bounds(cmp: str | None, km: float) -> tuple[float | None, float | None, str]:
    cmp = (cmp or "").lower()
    if cmp in ("more than", "over", "at least", "just over"):
        return round(km, 1), None, f"at least {km:,.0f} km"
    if cmp in ("less than", "fewer than", "under", "up to", "just under", "within"):
        return None, round(km, 1), f"at most {km:,.0f} km"
    if cmp in ("nearly", "almost", "close to"):
        return round(km * 0.9, 1), round(km, 1), f"{km * 0.9:,.0f}-{km:,.0f} km (just under)"
    return round(km * 0.9, 1), round(km * 1.1, 1), f"{km * 0.9:,.0f}-{km * 1.1:,.0f} km (±10 %)"


def _sentence_gap(gap: str) -> bool:
    return len(gap) <= 120 and not re.search(r"[.!?;]\s", gap + " ")


def propose(texts: list[Text], names: dict[str, str]) -> list[dict]:
    """Claims (as story-file dicts) found in the passages and caption, in reading order."""
    out: list[dict] = []
    seen: set[tuple] = set()
    last_line: dict[str, tuple[str, int | None]] = {}  # "border"/"river" -> (place, ¶) last named

    def add(kind: str, places: list[str], t: Text, start: int, end: int, guessed: bool, **extra):
        key = (kind, tuple(places), extra.get("direction"))
        quote = t.text[start:end].strip()
        if key in seen or len(set(places)) != len(places) or not quote or len(quote) > 1000:
            return
        seen.add(key)
        claim = {"id": "", "kind": kind, "places": places}
        if t.passage:
            claim["passage"] = t.passage
        claim["quote"] = quote
        reading = extra.pop("reading", "")
        claim.update(extra)
        if guessed:
            reading = (reading + " " if reading else "") + "A place name here is ambiguous: check the place."
        if reading:
            claim["reading"] = reading
        out.append(claim)

    for t in texts:
        named = list(t.named)
        for a, b in zip(named, named[1:]):
            gap = t.text[a.end:b.start]
            if not _sentence_gap(gap):
                continue
            guessed = a.guessed or b.guessed
            area = lambda n: n.line is None and n.precision is not Precision.settlement  # noqa: E731
            if WITHIN_GAP.match(gap) and a.line is None and RANK.get(a.precision, 9) < RANK.get(b.precision, -1) and b.line is None:
                add("within", [a.place, b.place], t, a.start, b.end, guessed)
            elif (BORDERS_GAP.match(gap) or (re.fullmatch(r"\s+and\s+", gap) and SHARE_AFTER.match(t.text[b.end:]))) \
                    and area(a) and area(b):
                end = b.end if BORDERS_GAP.match(gap) else b.end + SHARE_AFTER.match(t.text[b.end:]).end()
                add("borders", [a.place, b.place], t, a.start, end, guessed)
            elif NEAR_GAP.match(gap) and RANK.get(a.precision, 9) <= 1 and a.line is None:
                add("distance", [a.place, b.place], t, a.start, b.end, guessed, max_km=NEAR_KM,
                    reading=f'"Near" read as within {NEAR_KM:g} km.')
            elif (m := DIRECTION_GAP.match(gap)) and a.precision is not Precision.country and a.line is None:
                d = (m.group("dir") or m.group("dir2")).lower().replace("-", "").replace(" ", "")
                add("direction", [a.place, b.place], t, a.start, b.end, guessed, direction=d)
            elif (m := DISTANCE_GAP.match(gap)) and a.precision is not Precision.country:
                lo, hi, said = _bounds(m.group("cmp"), _km(m))
                extra = {k: v for k, v in (("min_km", lo), ("max_km", hi)) if v is not None}
                add("distance", [a.place, b.place], t, a.start, b.end, guessed,
                    reading=f'"{m.group(0).strip(" ,")}" read as {said}.', **extra)
                if m.group("dir"):
                    d = m.group("dir").lower().replace("-", "").replace(" ", "")
                    add("direction", [a.place, b.place], t, a.start, b.end, guessed, direction=d)
        for n in named:  # "the Panj runs for 921 km"
            m = LENGTH_AFTER.match(t.text[n.end:]) if n.line else None
            if m:
                lo, hi, said = _bounds(m.group("cmp"), _km(m))
                extra = {k: v for k, v in (("min_km", lo), ("max_km", hi)) if v is not None}
                add("length", [n.place], t, n.start, n.end + m.end(), n.guessed,
                    reading=f'"{m.group(0).strip()}" read as {said}.', **extra)
        for m in LENGTH_NEAR_WORD.finditer(t.text):  # "its more than 1,300-kilometre border"
            kind = "river" if m.group("what").lower() == "river" else "border"
            here = [n for n in named if n.line == kind]
            after = [n for n in here if n.start >= m.start() and _sentence_gap(t.text[m.end():n.start])]
            before = [n for n in here if n.end <= m.start() and _sentence_gap(t.text[n.end:m.start()])]
            line = (after[:1] or before[-1:] or [None])[0]
            lo, hi, said = _bounds(m.group("cmp"), _km(m))
            extra = {k: v for k, v in (("min_km", lo), ("max_km", hi)) if v is not None}
            reading = f'"{m.group(0).strip()}" read as {said}.'
            if line is not None:
                add("length", [line.place], t, m.start(), m.end(), line.guessed, reading=reading, **extra)
            elif kind in last_line:
                pid, num = last_line[kind]
                where = f" in ¶{num}" if num else " earlier"
                add("length", [pid], t, m.start(), m.end(), False, **extra,
                    reading=f"{reading} The {kind} is taken to be {names.get(pid, pid)}, named{where}: check.")
        for n in named:
            if n.line:
                last_line[n.line] = (n.place, t.number)
    used: dict[str, int] = {}
    for c in out:  # readable, unique ids
        base = "-".join([c["kind"], *c["places"]])[:60].rstrip("-")
        used[base] = used.get(base, 0) + 1
        c["id"] = base if used[base] == 1 else f"{base}-{used[base]}"
    return out
