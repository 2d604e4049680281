"""The story file: models, parsing and the checks that make every link resolve.

A story is YAML (see docs/story-format.md): metadata, places and passages. A passage lists
the ids of the places it speaks of; a place points at geodata features (or, when only roughly
known, at the area it lies in plus an uncertainty circle). Ids are the single name of a thing
in the story, the map, the URL and the tests.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from enum import Enum
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from components.errors import StoryError

ID_CHARS = r"[a-z0-9][a-z0-9-]{0,63}"  # the one id rule: story, places, passages, claims, URLs, tooltips
ID_PATTERN = rf"^{ID_CHARS}$"
_ID_RE = re.compile(ID_PATTERN)
# The one link rule (story sources, the importer's article links, --url, the app's link box):
# http(s) only, ASCII, nothing that could end an HTML attribute or a Markdown/JS string.
_URL_RE = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.ASCII)
MAX_STORY_BYTES = 2_000_000  # a YAML or Markdown story (written by hand or by the importer)
MAX_JSON_STORY_BYTES = 32_000_000  # a story written as JSON (generated: 100,000 places take ~25 MB)
MAX_PASSAGE_CHARS = 20_000
MAX_PASSAGES = 100_000
MAX_PLACES = 100_000


def story_size_limit(head: str | bytes) -> int:
    """The size limit of a story file by its form: JSON (its text opens with ``{``) is read by
    the json module in a second for 25 MB; YAML costs ~100x more, so it keeps the small limit."""
    if isinstance(head, bytes):
        head = head[:64].decode("utf-8", "ignore")
    return MAX_JSON_STORY_BYTES if head.lstrip("\ufeff \t\r\n").startswith("{") else MAX_STORY_BYTES


class Precision(str, Enum):
    """How exactly the article (and the data) locate a place; shown beside every place."""

    exact = "exact"
    settlement = "settlement"
    district = "district"
    region = "region"
    country = "country"
    approximate = "approximate"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class FeatureRef(_Model):
    """One or more features of a shipped layer (see components/layers.py for layer ids)."""

    layer: str
    feature: str | list[str]

    @field_validator("feature")
    @classmethod
    def _some_feature(cls, v: str | list[str]) -> str | list[str]:
        # an empty list would resolve to no geometry at all: a place drawn nowhere
        if isinstance(v, list) and not v:
            raise ValueError("list at least one feature id")
        if isinstance(v, str) and not v.strip() or isinstance(v, list) and any(not f.strip() for f in v):
            raise ValueError("a feature id cannot be empty")
        return v

    @property
    def features(self) -> list[str]:
        return [self.feature] if isinstance(self.feature, str) else list(self.feature)


class Circle(_Model):
    """An uncertainty circle. ``basis`` says where the centre comes from: never a guess."""

    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    radius_km: float = Field(gt=0, le=2000, allow_inf_nan=False)
    basis: str = Field(min_length=3)

    @field_validator("lat", "lon", "radius_km")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError("must be a finite number")
        return v


class Place(_Model):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    precision: Precision
    geometry: FeatureRef | None = None  # what is drawn and clickable
    within: FeatureRef | None = None  # for places known only to lie in an area
    circle: Circle | None = None
    aliases: list[str] = Field(default_factory=list)
    note: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _located(self) -> "Place":
        if self.geometry is None and self.within is None and self.circle is None:
            raise ValueError("a place needs 'geometry', or 'within' and/or 'circle' when approximate")
        if self.geometry is None and self.precision in (Precision.exact, Precision.settlement):
            raise ValueError(f"precision {self.precision.value!r} needs 'geometry'")
        return self

    @property
    def approximate(self) -> bool:
        """Shown with an 'approximate' marker: the article does not give the exact location."""
        return self.geometry is None


class Mention(_Model):
    """A place named in a passage; ``start``/``end`` are character offsets in the text.

    ``candidates`` marks an ambiguous name (Badakhshan: the Tajik region or the Afghan
    province): the places it may mean, ``place`` being the importer's guess. The author picks
    one by setting ``place`` and deleting ``candidates``.
    """

    place: str
    text: str = Field(min_length=1)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    candidates: list[str] = Field(default_factory=list)


class Passage(_Model):
    id: str = Field(pattern=ID_PATTERN)
    text: str = Field(min_length=1, max_length=MAX_PASSAGE_CHARS)
    kind: Literal["paragraph", "standfirst", "quote"] = "paragraph"
    places: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Source(_Model):
    """Where the article comes from. An imported article may lack any of these: never guessed."""

    publisher: str = Field(default="", max_length=300)
    url: str | None = Field(default=None, max_length=2000, json_schema_extra={"pattern": _URL_RE.pattern})
    published: dt.date | None = None
    byline: str = Field(default="", max_length=300)

    @field_validator("url")
    @classmethod
    def _http_link(cls, v: str | None) -> str | None:
        # the only link in a story: shown as <a href>, so only http(s), nothing that leaves the attribute
        if v is not None and not is_url(v):
            raise ValueError("must be an http:// or https:// link without spaces, quotes or <>")
        return v


class Caption(_Model):
    text: str
    credit: str = ""


class View(_Model):
    fit: list[str] = Field(default_factory=list)  # place ids the first view shows


ClaimKind = Literal["within", "borders", "length", "distance", "direction"]
Direction = Literal["north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest"]
OPERANDS = {"within": 2, "borders": 2, "length": 1, "distance": 2, "direction": 2}


class Claim(_Model):
    """A geographic statement of the article, in a form the geodata can test.

    ``places`` are the operands: [subject, object] (``length``: [the line]). ``within``:
    the subject lies in the object; ``borders``: they share a boundary; ``length``: the line
    measures between ``min_km`` and ``max_km``; ``distance``: the subject lies between
    ``min_km`` and ``max_km`` from the object; ``direction``: the subject lies in the named
    direction from the object's centre. ``quote`` is the article's words, found in
    ``passage`` (or, without one, in the title or the caption); ``reading`` says how vague
    words were turned into numbers ("near" read as "within 50 km").
    """

    id: str = Field(pattern=ID_PATTERN)
    kind: ClaimKind
    places: list[str] = Field(min_length=1, max_length=2)
    quote: str = Field(min_length=1, max_length=1000)
    passage: str | None = None
    min_km: float | None = Field(default=None, ge=0, le=50_000)
    max_km: float | None = Field(default=None, ge=0, le=50_000)
    direction: Direction | None = None
    reading: str = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _operands(self) -> "Claim":
        need = OPERANDS[self.kind]
        if len(self.places) != need:
            raise ValueError(f"a {self.kind!r} claim needs {need} place id{'s' if need > 1 else ''} in 'places', found {len(self.places)}")
        for f in ("min_km", "max_km"):
            if getattr(self, f) is not None and not math.isfinite(getattr(self, f)):
                raise ValueError(f"{f} must be a finite number")
        if self.kind in ("length", "distance"):
            if self.min_km is None and self.max_km is None:
                raise ValueError(f"a {self.kind!r} claim needs 'min_km' and/or 'max_km'")
            if self.min_km is not None and self.max_km is not None and self.min_km > self.max_km:
                raise ValueError("min_km is larger than max_km")
        elif self.min_km is not None or self.max_km is not None:
            raise ValueError(f"min_km/max_km apply to 'length' and 'distance' claims, not {self.kind!r}")
        if self.kind == "direction" and self.direction is None:
            raise ValueError("a 'direction' claim needs 'direction' (north, northeast, ... northwest)")
        if self.kind != "direction" and self.direction is not None:
            raise ValueError(f"'direction' applies to 'direction' claims, not {self.kind!r}")
        return self


class Story(_Model):
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1, max_length=300)
    source: Source
    draft: bool = False  # written by the importer and not yet checked by a person
    caption: Caption | None = None
    view: View = View()
    places: list[Place] = Field(min_length=1, max_length=MAX_PLACES)
    passages: list[Passage] = Field(min_length=1, max_length=MAX_PASSAGES)
    claims: list[Claim] = Field(default_factory=list, max_length=MAX_PASSAGES)
    _places: dict = PrivateAttr(default_factory=dict)
    _passages: dict = PrivateAttr(default_factory=dict)
    _order: dict = PrivateAttr(default_factory=dict)
    _by_place: dict = PrivateAttr(default_factory=dict)
    _claims: dict = PrivateAttr(default_factory=dict)

    # derived lookups (not part of the file). They read pydantic's private-attribute dict
    # directly: ``self._order`` goes through BaseModel.__getattr__ (~10 us a call, which was a
    # third of the map build for 10,000 places).
    def place(self, place_id: str) -> Place:
        return self.__pydantic_private__["_places"][place_id]

    def passage(self, passage_id: str) -> Passage:
        return self.__pydantic_private__["_passages"][passage_id]

    def has_place(self, place_id: str) -> bool:
        return place_id in self.__pydantic_private__["_places"]

    def has_passage(self, passage_id: str) -> bool:
        return passage_id in self.__pydantic_private__["_passages"]

    def passages_of(self, place_id: str) -> list[Passage]:
        return list(self.__pydantic_private__["_by_place"].get(place_id, ()))

    def passage_index(self, passage_id: str) -> int:
        return self.__pydantic_private__["_order"][passage_id]

    def claim(self, claim_id: str) -> Claim:
        return self._claims[claim_id]

    def has_claim(self, claim_id: str) -> bool:
        return claim_id in self._claims

    def model_post_init(self, __context) -> None:
        self._places = {p.id: p for p in self.places}
        self._passages = {p.id: p for p in self.passages}
        self._order = {p.id: i for i, p in enumerate(self.passages)}
        by_place: dict[str, list[Passage]] = {}
        for p in self.passages:  # an index: passages_of() is called per place (O(n) -> O(1))
            for pid in dict.fromkeys(p.places):
                by_place.setdefault(pid, []).append(p)
        self._by_place = by_place
        self._claims = {c.id: c for c in self.claims}


def squash(text: str) -> str:
    """Whitespace runs as one space: how quotes are compared with passages (YAML folds lines)."""
    return " ".join(text.split())


def _check_links(story: Story) -> list[tuple[str, str]]:
    """Return (field, message) for every duplicate id and unresolved link."""
    problems: list[tuple[str, str]] = []
    for kind, items in (("places", story.places), ("passages", story.passages), ("claims", story.claims)):
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append((f"{kind}[{i}].id", f"duplicate id {item.id!r} (first at {kind}[{seen[item.id]}])"))
            seen.setdefault(item.id, i)
    known = {p.id for p in story.places}
    hint = ", ".join(sorted(known)[:12])
    for i, passage in enumerate(story.passages):
        for j, pid in enumerate(passage.places):
            if pid not in known:
                problems.append((f"passages[{i}].places[{j}]", f"unknown place id {pid!r} (known: {hint})"))
        for j, m in enumerate(passage.mentions):
            if m.place not in known:
                problems.append((f"passages[{i}].mentions[{j}].place", f"unknown place id {m.place!r}"))
            if m.start is not None and m.end is not None and passage.text[m.start:m.end] != m.text:
                problems.append((f"passages[{i}].mentions[{j}]", f"span {m.start}-{m.end} does not hold {m.text!r}"))
            for k, cid in enumerate(m.candidates):
                if cid not in known:
                    problems.append((f"passages[{i}].mentions[{j}].candidates[{k}]", f"unknown place id {cid!r}"))
            if m.candidates and m.place not in m.candidates:
                problems.append((f"passages[{i}].mentions[{j}].place", f"{m.place!r} is not one of its candidates"))
    passage_ids = {p.id for p in story.passages}
    for i, claim in enumerate(story.claims):
        for j, pid in enumerate(claim.places):
            if pid not in known:
                problems.append((f"claims[{i}].places[{j}]", f"unknown place id {pid!r} (known: {hint})"))
        if claim.passage is not None and claim.passage not in passage_ids:
            problems.append((f"claims[{i}].passage", f"unknown passage id {claim.passage!r}"))
        elif claim.passage is not None:
            if squash(claim.quote).casefold() not in squash(story.passage(claim.passage).text).casefold():
                problems.append((f"claims[{i}].quote", f"not found in passage {claim.passage!r}: {claim.quote[:60]!r}"))
        else:
            where = squash(story.title + " \n " + (story.caption.text if story.caption else "")).casefold()
            if squash(claim.quote).casefold() not in where:
                problems.append((f"claims[{i}].quote", "not found in the title or caption (give 'passage' for a quote from a passage)"))
    for j, pid in enumerate(story.view.fit):
        if pid not in known:
            problems.append((f"view.fit[{j}]", f"unknown place id {pid!r}"))
    return problems


# Limits checked on the YAML event stream, before anything is built from it (libyaml, fast).
MAX_YAML_NODES = 150_000  # ~4,000 places + passages in YAML; larger generated stories come as JSON
MAX_YAML_DEPTH = 32  # a story nests 6 deep
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it


def _mark(event) -> str | None:
    m = getattr(event, "start_mark", None)
    return f"line {m.line + 1}, column {m.column + 1}" if m is not None else None


def _preflight(text: str, source: str) -> None:
    """Refuse what a story never needs before building anything: aliases ('billion laughs'),
    tags (``!!python/object/apply`` and the like), a key given twice in one mapping (YAML keeps
    the last one silently), deep nesting, too many nodes, and more places or passages than the
    limits (so a 50,000-passage file costs one fast scan)."""
    nodes = 0
    stack: list[list] = []  # per open collection: [kind, items, key-or-None, expecting_key, keys seen]
    counted = {"passages": MAX_PASSAGES, "places": MAX_PLACES, "claims": MAX_PASSAGES}
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            raise StoryError(source, _mark(event), "not valid YAML: YAML aliases (*name) are not allowed in story files")
        if not isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent, yaml.CollectionEndEvent)):
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
            continue
        if event.tag is not None and not (isinstance(event, yaml.CollectionStartEvent) and event.implicit):
            raise StoryError(source, _mark(event), f"not valid YAML: YAML tags ({_tag(event.tag)}) are not "
                             "allowed in story files; quote the value instead")
        nodes += 1
        if nodes > MAX_YAML_NODES:
            raise StoryError(source, _mark(event), f"more than {MAX_YAML_NODES:,} YAML values; the file is too large")
        parent = stack[-1] if stack else None
        is_key = parent is not None and parent[0] == "map" and parent[3]
        if parent is not None:
            if parent[0] == "map":
                if is_key:
                    parent[2] = event.value if isinstance(event, yaml.ScalarEvent) else None
                    if parent[2] is not None and parent[2] in parent[4]:
                        raise StoryError(source, _mark(event), f"not valid YAML: the key {parent[2][:40]!r} "
                                         "appears twice in one mapping")
                    parent[4].add(parent[2])
                parent[3] = not parent[3]
            else:
                parent[1] += 1
                name = parent[2]
                if name in counted and parent[1] > counted[name]:
                    raise StoryError(source, name, f"too many {name}: the limit is {counted[name]:,}")
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_YAML_DEPTH:
                raise StoryError(source, _mark(event), f"not valid YAML: nested more than {MAX_YAML_DEPTH} levels deep")
            # a list directly under a top-level key 'places'/'passages' is counted as it streams
            key = parent[2] if len(stack) == 1 and parent[0] == "map" and not is_key else None
            stack.append(["map" if isinstance(event, yaml.MappingStartEvent) else "seq", 0, key, True, set()])


def _tag(tag: str) -> str:
    tag = tag.replace("tag:yaml.org,2002:", "!!")
    return tag if len(tag) <= 60 else tag[:60] + "…"


def _checked(constructor):
    """A scalar that YAML recognises but Python cannot build (2021-13-45, a 5,000-digit number)
    becomes a YAML error with its position instead of a bare ValueError."""

    def construct(loader, node):
        try:
            return constructor(loader, node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {node.value[:40]!r}: {str(exc).split(';')[0]}", node.start_mark) from None

    return construct


class _StoryLoader(_BaseLoader):
    """Safe YAML, after ``_preflight``: no aliases or tags reach it."""


for _tag_name, _ctor in (("int", _BaseLoader.construct_yaml_int), ("float", _BaseLoader.construct_yaml_float),
                         ("timestamp", _BaseLoader.construct_yaml_timestamp)):
    _StoryLoader.add_constructor(f"tag:yaml.org,2002:{_tag_name}", _checked(_ctor))


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after", "tagged-union") or str(part).startswith(("function-", "list[", "str")):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def parse_story(text: str | bytes, source: str = "<story>") -> Story:
    """Parse and validate story text. Raises StoryError naming ``source`` and the field."""
    if isinstance(text, bytes):
        limit = story_size_limit(text)
        if len(text) > limit:
            raise StoryError(source, None, f"file is {len(text):,} bytes; the limit is {limit:,}{_form(limit)}")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if text[:2] in (b"\xff\xfe", b"\xfe\xff"):
                raise StoryError(source, None, "UTF-16 text; save the file as UTF-8") from None
            raise StoryError(source, None, f"not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    text = text.lstrip("\ufeff")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # a str with a lone surrogate (not from a file: from code)
        raise StoryError(source, None, f"not valid Unicode text (character {exc.start + 1}: {exc.reason})") from None
    limit = story_size_limit(text)
    if size > limit:
        raise StoryError(source, None, f"file is larger than {limit:,} bytes{_form(limit)}")
    if source.endswith(".md"):
        text = _front_matter(text, source)
    data = _json_form(text, source)  # generated stories (JSON is YAML) skip the slower YAML reader
    if data is None:
        data = load_yaml(text, source)
    if data is None:
        raise StoryError(source, None, "the file is empty")
    if not isinstance(data, dict):
        raise StoryError(source, None, f"expected a mapping of story fields at the top, found {type(data).__name__}")
    try:
        story = Story.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # a misspelt field also makes the right one 'missing': name the misspelling first
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        msg = _unknown_field(first["loc"]) if first["type"] == "extra_forbidden" else first["msg"].removeprefix("Value error, ")
        raise StoryError(source, _loc(first["loc"]), msg + _more(len(errors))) from None
    except RecursionError:
        raise StoryError(source, None, "the file nests too deeply") from None
    problems = _check_links(story)
    if problems:
        raise StoryError(source, problems[0][0], problems[0][1] + _more(len(problems)))
    return story


def load_yaml(text: str, source: str = "<yaml>") -> object:
    """YAML read as story files are: safe, no aliases or tags, no key twice, bounded in size and
    depth (``_preflight``). Any problem is a StoryError naming ``source`` and the position."""
    try:
        _preflight(text, source)
        return yaml.load(text, Loader=_StoryLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        if where is None and isinstance(getattr(exc, "position", None), int):  # a reader error: bad character
            where = f"character {exc.position + 1}"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        if context and problem.startswith("but "):  # "expected a single document ..., but found another"
            problem = f"{context}, {problem}"
        raise StoryError(source, where, f"not valid YAML: {problem}") from None
    except UnicodeEncodeError as exc:  # a str with a lone surrogate: libyaml cannot encode it
        raise StoryError(source, None, f"not valid Unicode text (character {exc.start + 1}: {exc.reason})") from None


def _more(count: int) -> str:
    return "" if count <= 1 else f" (and {count - 1} more problem{'s' if count > 2 else ''})"


def _field_names() -> set[str]:
    out: set[str] = set()
    for m in _Model.__subclasses__():
        out.update(m.model_fields)
    return out


def _unknown_field(loc: tuple) -> str:
    import difflib

    name = str(loc[-1]) if loc else ""
    close = difflib.get_close_matches(name, sorted(_field_names()), n=1, cutoff=0.75)
    return "unknown field" + (f" (did you mean {close[0]!r}?)" if close else "")
def _json_form(text: str, source: str):
    """A story written as JSON (JSON is YAML: generated files, bench/synth.py) is read with the
    json module, ~100x faster than YAML for a 2 MB file. Anything else returns None (YAML)."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except _DuplicateKey as exc:
        raise StoryError(source, None, f"not valid YAML: the key {str(exc)[:60]!r} is given twice in one mapping") from None
    except ValueError:
        return None  # not strict JSON: YAML flow style; the YAML reader checks it and reports any error
    except RecursionError:
        raise StoryError(source, None, f"not valid YAML: nested more than {MAX_YAML_DEPTH} levels deep") from None


class _DuplicateKey(Exception):
    pass


def _unique_keys(pairs: list) -> dict:
    """JSON objects with a key twice are refused, as YAML mappings are (no silent last-wins)."""
    out = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(k)
        out[k] = v
    return out


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number")  # NaN/Infinity: let the YAML reader report it


_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?(?:\n|\Z)", re.S | re.M)


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(YAML, body) of a Markdown text that opens with a '---' line and closes the block with a
    '---' (or '...') line; None when it has no such block. Markdown stories and Markdown
    articles (the importer) are split by this one rule."""
    m = _FRONT_MATTER.match(text)
    return (m.group(1), text[m.end():]) if m else None


def _front_matter(text: str, source: str) -> str:
    """Markdown stories keep the YAML between '---' lines; the body is ignored."""
    if not text.startswith("---"):
        raise StoryError(source, None, "a Markdown story starts with a '---' YAML front-matter block")
    parts = split_front_matter(text)
    if parts is None:
        raise StoryError(source, None, "the front-matter block is not closed with '---'")
    return parts[0]


def _form(limit: int) -> str:
    return " for a story written as JSON" if limit == MAX_JSON_STORY_BYTES else " (a story written as JSON may be larger)"


def load_story(path: Path | str) -> Story:
    path = Path(path)
    if not path.is_file():
        raise StoryError(path.name, None, "story file not found")
    size = path.stat().st_size
    if size > MAX_STORY_BYTES:
        with path.open("rb") as f:
            limit = story_size_limit(f.read(64))
        if size > limit:
            raise StoryError(path.name, None, f"file is {size:,} bytes; the limit is {limit:,}{_form(limit)}")
    return parse_story(path.read_bytes(), path.name)


def is_id(value: object) -> bool:
    return isinstance(value, str) and bool(_ID_RE.match(value))


def is_url(value: object) -> bool:
    """An http(s) link a story may hold (``Source.url``): the importer keeps only these."""
    return isinstance(value, str) and bool(_URL_RE.match(value))
