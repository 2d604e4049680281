"""From an article to a draft story: passages, detected place mentions with spans, claims.

``make_draft`` reads the article (components/article.py), finds place names in every
passage with the gazetteer, links each passage to the places it names, proposes claims
(components/claim_patterns.py), writes the story as YAML and loads that YAML back through
the same loader and map builder as any story file: what the user gets always validates, or
they get an ArticleError naming the file and the problem. Nothing is written to disk here.
Articles it cannot map are refused the same way (components/authoring/input_checks.py): one in
a script the gazetteer does not cover, one naming no place, one whose name resolves into the sea.
A draft whose places include world areas gets a first view that frames them (``first_view``).

An ambiguous name is kept with all its candidates; the importer's guess (``place``) is the
candidate whose country the surrounding text names most (the same passage first, then the
whole article), else the first listed in the gazetteer.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import yaml

from components.authoring.article import Article, read_article
from components.authoring.patterns import Named, Text, propose
from components.errors import ArticleError, StoryMapError
from components.authoring.gazetteer import Found, Gazetteer
from components.authoring.input_checks import at_sea_message, check_script
from components.geo.geodata import GeoData
from components.map.spec import MapSpec, build_map_spec
from components.story.model import Story, is_id, parse_story

LINE_LAYERS = {"border": "border", "rivers": "river"}


@dataclass
class Ambiguity:
    passage: str
    start: int
    text: str
    candidates: tuple[str, ...]
    guess: str
    reason: str

    @property
    def key(self) -> str:
        return f"{self.passage}:{self.start}"


@dataclass
class Draft:
    story: Story
    spec: MapSpec
    yaml_text: str
    article: Article
    file_name: str
    ambiguities: list[Ambiguity] = field(default_factory=list)


def slug(text: str, fallback: str = "imported-article") -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:64].rstrip("-")
    return s if is_id(s) else fallback


def _guess(found: Found, here: list[Found], everywhere: Counter, gaz: Gazetteer) -> str:
    def score(pid: str) -> tuple[int, int]:
        country = gaz.place(pid).country
        local = sum(1 for f in here if not f.ambiguous and (f.candidates[0] == pid or gaz.place(f.candidates[0]).country == country))
        return local, everywhere[country]

    best = max(found.candidates, key=lambda pid: score(pid))
    return best if score(best) > score(found.candidates[0]) else found.candidates[0]


def _named(f: Found, place: str, gaz: Gazetteer, guessed: bool) -> Named:
    p = gaz.place(place)
    return Named(f.start, f.end, place, p.precision, LINE_LAYERS.get(p.layer), guessed)


WORLD_REASON = "several places of this name fit the article"


def _regional_iso(gaz: Gazetteer, found: list[list[Found]]) -> Counter:
    """ISO codes of the countries the regional names (one meaning) point to: evidence for the world names."""
    from components.authoring.gazetteer import world_matcher

    by_adm0 = {e.feature: e.iso2 for e in world_matcher()[1].countries()}
    out: Counter = Counter()
    for fs in found:
        for f in fs:
            if not f.ambiguous and f.candidates[0] in gaz.places:
                country = gaz.places.get(gaz.place(f.candidates[0]).country or "")
                if country is not None and country.layer == "countries":
                    out[by_adm0.get(country.feature, "")] += 1
    return out


_KM_TO_LAND: dict[str, float] = {}


def _on_land(kept: list, text: str, where: str) -> list:
    """The kept meanings of a world name less the settlements in the sea (input_checks); when
    that leaves none, the name resolves into the sea: ArticleError naming it and its passage."""
    from components.geo.world import LAND_TOLERANCE_KM, world_data

    def km(entry) -> float:
        if entry.kind != "place":
            return 0.0
        if entry.id not in _KM_TO_LAND:
            _KM_TO_LAND[entry.id] = world_data().km_to_land(entry.lon, entry.lat)
        return _KM_TO_LAND[entry.id]

    land = [k for k in kept if km(k) <= LAND_TOLERANCE_KM]
    if kept and not land:
        raise ArticleError("", where, at_sea_message(text, where, kept[0], km(kept[0]), LAND_TOLERANCE_KM))
    return land


def with_world(texts: list[str], gaz: Gazetteer, regional: list[list[Found]]) -> list[list[Found]]:
    """Add the world names (components/authoring/disambiguate.py) to the regional ones, per text."""
    from components.authoring.disambiguate import rank
    from components.authoring.gazetteer import find_world, world_matcher

    entries = world_matcher()[1].entries
    raw = [find_world(t, [(f.start, f.end) for f in fs]) for t, fs in zip(texts, regional)]
    flat = [[entries[i] for i in ids] for hits in raw for (_s, _e, _t, ids) in hits]
    ranked = iter(rank(flat, _regional_iso(gaz, regional)))
    out = []
    for i, (hits, fs) in enumerate(zip(raw, regional)):
        extra = []
        for s, e, t, _ids in hits:
            kept = _on_land(next(ranked), t, f"passage p{i + 1}")
            if kept:
                extra.append(Found(s, e, t, tuple(k.id for k in kept)))
        out.append(sorted(fs + extra, key=lambda f: f.start))
    return out


FIT_MIN_SPAN_DEG = 20.0  # an area this wide (or tall) may always join the first view
FIT_SPAN_FACTOR = 3.0  # ...or up to this many times the settlements' own extent


def first_view(place_ids: list[str], passages: list[dict], gaz: Gazetteer) -> list[str]:
    """``view.fit`` of a draft whose places include world areas: its settlements plus the
    countries and regions the article is about, so the first view frames those areas, not
    only the towns (a map of a story's default fit shows settlements only).

    An area is "about" the story when a settlement of the story lies in it (same ISO country,
    same admin-1 unit) or it is named in two passages or more, and it is not much larger than
    the story: at most ``FIT_MIN_SPAN_DEG`` wide and tall, or ``FIT_SPAN_FACTOR`` times the
    settlements' extent (so "the United States" named beside Atlanta adds Georgia, not Alaska).
    [] (no view: the default) when nothing is added, or the story has no settlement (then the
    default shows all its places already)."""
    if not gaz.world:  # a regional gazetteer: nothing to frame beyond the default (and no index to load)
        return []
    from components.authoring.gazetteer import world_matcher
    from components.geo.world import world_data

    country_by_adm0 = {e.feature: e for e in world_matcher()[1].countries()}

    def entry(pid: str):  # a shipped country is the world country of the same ADM0_A3
        if pid not in gaz.places:
            return gaz.world_entry(pid)
        p = gaz.places[pid]
        return country_by_adm0.get(p.feature) if p.layer == "countries" else None

    entries = {pid: entry(pid) for pid in place_ids}
    towns = [e for e in entries.values() if e is not None and e.kind == "place"]
    settled = [pid for pid in place_ids if gaz.place(pid).precision.value not in ("country", "region")]
    if not towns or not settled:
        return []
    passages_of: dict[str, int] = {}
    for p in passages:
        for pid in p["places"]:
            passages_of[pid] = passages_of.get(pid, 0) + 1
    lons, lats = [e.lon for e in towns], [e.lat for e in towns]
    max_w = max(FIT_MIN_SPAN_DEG, FIT_SPAN_FACTOR * (max(lons) - min(lons)))
    max_h = max(FIT_MIN_SPAN_DEG, FIT_SPAN_FACTOR * (max(lats) - min(lats)))
    world = world_data()
    areas = []
    for pid, e in entries.items():
        if e is None or e.kind == "place":
            continue
        hosts = any(t.iso2 == e.iso2 for t in towns) if e.kind == "country" else any(t.adm1 == e.adm1 for t in towns)
        if not (hosts or passages_of.get(pid, 0) >= 2):
            continue
        w, s, east, n = world.feature(e.layer, e.feature).bounds
        if east - w <= max_w and n - s <= max_h:
            areas.append(pid)
    if not areas:
        return []
    keep = set(settled) | set(areas)
    return [pid for pid in place_ids if pid in keep]


def draft_dict(article: Article, gaz: Gazetteer, story_id: str, choices: dict[str, str] | None = None) -> tuple[dict, list[Ambiguity]]:
    """The draft story as plain data (what is written to YAML), and its open ambiguities."""
    choices = choices or {}
    check_script([article.title, article.caption, *(p.text for p in article.paragraphs)])
    found = [gaz.find(p.text) for p in article.paragraphs]
    if gaz.world:
        found = with_world([p.text for p in article.paragraphs], gaz, found)
    caption_found = gaz.find(article.caption) if article.caption else []
    countries = Counter(gaz.place(f.candidates[0]).country for fs in found + [caption_found] for f in fs if not f.ambiguous)
    used: list[str] = []
    passages, texts, open_ = [], [], []
    for i, (para, fs) in enumerate(zip(article.paragraphs, found)):
        pid = f"p{i + 1}"
        mentions, places, named = [], [], []
        for f in fs:
            m = {"place": "", "text": f.text, "start": f.start, "end": f.end}
            chosen = choices.get(f"{pid}:{f.start}")
            open_choice = f.ambiguous and chosen not in f.candidates
            if open_choice:
                guess = _guess(f, fs, countries, gaz) if f.candidates[0] in gaz.places else f.candidates[0]
                m["place"], m["candidates"] = guess, list(f.candidates)
                open_.append(Ambiguity(pid, f.start, f.text, f.candidates, guess, gaz.reason(f) or WORLD_REASON))
                used += list(f.candidates)
            else:
                m["place"] = chosen if f.ambiguous else f.candidates[0]
            used.append(m["place"])
            places.append(m["place"])
            mentions.append(m)
            named.append(_named(f, m["place"], gaz, open_choice))
        passage = {"id": pid}
        if para.kind != "paragraph":
            passage["kind"] = para.kind
        passage["text"] = para.text
        passage["places"] = list(dict.fromkeys(places))
        if mentions:
            passage["mentions"] = mentions
        passages.append(passage)
        texts.append(Text(pid, para.text, tuple(named), i + 1))
    if not used:
        n = len(article.paragraphs)
        searched = "geodata/gazetteer.yaml and the world gazetteer, geodata/world/" if gaz.world else "geodata/gazetteer.yaml"
        raise ArticleError("", None, f"no place named in the gazetteer was found in the article ({n} paragraph"
                           f"{'s' if n != 1 else ''} read); a story needs at least one place (names: {searched})")
    if caption_found:
        cap_named = tuple(_named(f, _guess(f, caption_found, countries, gaz) if f.ambiguous else f.candidates[0],
                                 gaz, f.ambiguous) for f in caption_found)
        texts.insert(0, Text(None, article.caption, cap_named, None))
    names = {pid: gaz.place(pid).name for pid in used}
    claims = propose(texts, names)
    for c in claims:
        used += c["places"]
    source = {"publisher": article.publisher}
    if article.url:
        source["url"] = article.url
    if article.published:
        source["published"] = article.published
    if article.byline:
        source["byline"] = article.byline
    data: dict = {"id": story_id, "title": article.title, "draft": True, "source": source}
    if article.caption:
        data["caption"] = {"text": article.caption, **({"credit": article.credit} if article.credit else {})}
    data["places"] = [gaz.place(pid).story_place() for pid in dict.fromkeys(used)]
    fit = first_view(list(dict.fromkeys(used)), passages, gaz)
    if fit:
        data["view"] = {"fit": fit}
    data["passages"] = passages
    if claims:
        data["claims"] = claims
    return data, open_


def to_yaml(data: dict, article_name: str) -> str:
    shown = re.sub(r"[^\w .()-]", "_", article_name)[:120]  # a file name in a comment: one safe line
    header = (
        f"# Draft story imported from {shown} by the importer (components/importer.py).\n"
        "# Places and claims were found automatically: check every mention and claim. A mention with\n"
        "# `candidates` is an ambiguous name: set `place` to the right one and delete `candidates`.\n"
        "# Add what the article does not give (source.url, published), then set `draft: false`.\n"
        "# Format: docs/story-format.md\n"
    )
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
    return header + body


def free_id(base: str, taken: set[str] | frozenset[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... : a story id no other story uses."""
    if base not in taken:
        return base
    n = 2
    while f"{base[:60]}-{n}" in taken:
        n += 1
    return f"{base[:60]}-{n}"


def make_draft(data: bytes | str, name: str, geodata: GeoData, gaz: Gazetteer, story_id: str | None = None,
               out_name: str | None = None, choices: dict[str, str] | None = None,
               source: dict | None = None, taken: set[str] | frozenset[str] = frozenset()) -> Draft:
    """Import an article: the draft, validated by the story loader, or ArticleError."""
    article = read_article(data, name)
    for key, value in (source or {}).items():
        if value:
            setattr(article, key, value)
    sid = free_id(story_id if story_id and is_id(story_id) else slug(article.title), taken)
    out_name = out_name or f"{sid}.yaml"
    try:
        story_data, open_ = draft_dict(article, gaz, sid, choices)
    except ArticleError as exc:
        raise ArticleError(name, exc.field, exc.message) from None
    text = to_yaml(story_data, name)
    try:
        story = parse_story(text, out_name)
        spec = build_map_spec(story, geodata, out_name)
    except StoryMapError as exc:
        raise ArticleError(name, exc.field, f"the draft does not validate: {exc.message}") from None
    return Draft(story, spec, text, article, out_name, open_)


@dataclass(frozen=True)
class LinkScore:
    """Place links per passage, draft against a hand-made story of the same article."""

    passages: int  # passages found in both (same text)
    true_pos: int
    false_pos: int
    false_neg: int
    nameable_false_neg: int  # missed links to places the gazetteer knows by name
    rows: tuple[tuple[int, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...]  # (¶, hits, extra, missed)
    # Links to places the hand-made story has nowhere (world names it leaves out: Beijing, the
    # US): real mentions, so not counted as wrong, but reported here, never hidden: (¶, place).
    not_in_reference: tuple[tuple[int, str], ...] = ()

    @property
    def precision(self) -> float:
        return self.true_pos / (self.true_pos + self.false_pos) if self.true_pos + self.false_pos else 0.0

    @property
    def recall(self) -> float:
        return self.true_pos / (self.true_pos + self.false_neg) if self.true_pos + self.false_neg else 0.0

    @property
    def nameable_recall(self) -> float:
        denom = self.true_pos + self.nameable_false_neg
        return self.true_pos / denom if denom else 0.0


def link_score(draft: Story, reference: Story, gaz: Gazetteer) -> LinkScore:
    """Compare ``passages[].places`` of passages with the same text (whitespace aside).

    A link the reference lacks counts as wrong (false_pos) only when the reference story has
    that place at all: a place it never names (world names: Beijing, the United States) says
    nothing about the link's quality against that story, so it goes to ``not_in_reference``."""
    from components.story.model import squash

    ref = {squash(p.text): p for p in reference.passages}
    known = {p.id for p in reference.places}
    tp = fp = fn = fn_named = n = 0
    rows, outside = [], []
    for i, p in enumerate(draft.passages):
        r = ref.get(squash(p.text))
        if r is None:
            continue
        n += 1
        got, want = set(p.places), set(r.places)
        num = reference.passage_index(r.id) + 1
        outside += [(num, x) for x in sorted(got - want - known)]
        hits, extra, missed = got & want, (got - want) & known, want - got
        tp, fp, fn = tp + len(hits), fp + len(extra), fn + len(missed)
        fn_named += sum(1 for m in missed if m in gaz.places)
        rows.append((num, tuple(sorted(hits)), tuple(sorted(extra)), tuple(sorted(missed))))
    return LinkScore(n, tp, fp, fn, fn_named, tuple(rows), tuple(outside))
