"""Reading an article (plain text, Markdown or HTML) into a title, metadata and paragraphs.

What a reader would call the article is kept; page furniture is left out and listed
("3 min read", "Live Story", share buttons, the headline repeated under itself), and metadata
found in the text (publisher, date, link, byline, photo caption) is taken out of the prose.
HTML is read with the standard library's parser: scripts, styles and navigation are skipped,
entities are decoded, and whatever text remains is plain text (it is escaped when shown).
Nothing is guessed: a date or link the article does not give stays empty.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from components.errors import ArticleError, StoryError
from components.story.model import MAX_PASSAGE_CHARS, MAX_PASSAGES, is_url, load_yaml, split_front_matter

MAX_ARTICLE_BYTES = 1_000_000
TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES
MAX_TITLE = 300


@dataclass
class Paragraph:
    text: str
    kind: str = "paragraph"  # paragraph | standfirst | quote (as in the story format)


@dataclass
class Article:
    title: str
    paragraphs: list[Paragraph]
    caption: str = ""
    credit: str = ""
    publisher: str = ""
    url: str | None = None
    published: dt.date | None = None
    byline: str = ""
    dropped: list[str] = field(default_factory=list)  # furniture and metadata lines left out


# --- text hygiene ----------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def clean(text: str) -> str:
    """One line of prose: NFC, no control or invisible characters, single spaces, trimmed."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    out = []
    for ch in text:
        if ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cs"):
            continue
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def decode(data: bytes | str, name: str) -> str:
    """Bytes to text, or a clear error for a binary, non-UTF-8 or oversized file."""
    if isinstance(data, str):
        if len(data.encode("utf-8", "surrogatepass")) > MAX_ARTICLE_BYTES:
            raise ArticleError(name, None, f"the article is larger than {MAX_ARTICLE_BYTES:,} bytes")
        return data
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(name, None, f"file is {len(data):,} bytes; the limit for an article is {MAX_ARTICLE_BYTES:,}")
    if b"\x00" in data[:8192]:
        raise ArticleError(name, None, "not a text file (it contains NUL bytes: a binary file?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(name, None, f"not UTF-8 text (byte {exc.start}: {exc.reason}); save the article as UTF-8") from None


# --- dates and metadata lines ------------------------------------------------------------------

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_RES = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(?P<y>\d{4})", re.I),
    re.compile(_MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})", re.I),
]
_WEEKDAY = r"(?:(?:mon|tues|tue|wednes|wed|thurs|thu|fri|satur|sat|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:\s*(?:[,·|-]|at)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?(?:[A-Z]{2,5}|GMT|UTC)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?)?)?"


def parse_date(text: str) -> dt.date | None:
    """The first date written in ``text`` (ISO, '28 October 2021', 'Oct 28, 2021'), or None."""
    for rx in _DATE_RES:
        m = rx.search(text[:200])
        if not m:
            continue
        month = int(m.group("m")) if "m" in rx.groupindex else _MONTHS[m.group("mon").lower()]
        try:
            year = int(m.group("y"))
            if 1900 <= year <= 2100:
                return dt.date(year, month, int(m.group("d")))
        except ValueError:
            continue
    return None


_MON_ANY = _MON.replace("(?P<mon>", "(?:")
_DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|date|last updated)(?:\s+on)?\s*:?\s*)?" + _WEEKDAY
    + r"(?:\d{4}-\d{1,2}-\d{1,2}(?:T[\d:.]+Z?)?|\d{1,2}(?:st|nd|rd|th)?\s+" + _MON_ANY + r",?\s+\d{4}|"
    + _MON_ANY + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})" + _TIME + r"\.?$", re.I)
_FURNITURE = re.compile(
    r"^(?:\d+\s*-?\s*min(?:ute)?s?\s+read|live(?:\s+(?:story|updates|blog))?|advert(?:isement)?|"
    r"sponsored(?:\s+content)?|share(?:\s+this(?:\s+(?:article|story|page))?)?(?:\s+(?:on|via)\s+\w+)?|"
    r"copy\s+link|print(?:\s+this\s+(?:article|page))?|(?:read|see)\s+(?:more|also)\b.*|"
    r"related(?:\s+(?:articles?|stories|news|topics|content))?:?|follow\s+us\b.*|"
    r"(?:sign\s+up|subscribe)\b.{0,80}|listen(?:\s+to)?\s+this\s+(?:article|story)|"
    r"comments?(?:\s*\(\d+\))?|skip\s+to\s+(?:main\s+)?content|back\s+to\s+top|"
    r"(?:tags|topics)\s*:.*|(?:image|photo|video)\s*(?:credit|source)?\s*:?|menu|search|home)$",
    re.I)
_BYLINE = re.compile(r"^(?i:by|written by)\s+(?P<who>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|al|el|bin))*"
                     r"(?:\s*,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)?)$")
_LABEL = re.compile(r"^(?P<key>source|publisher|published by|url|link|source url|original)\s*:\s*(?P<value>.+)$", re.I)
_CAPTION = re.compile(r"^(?P<text>.*\S)\s*\[(?P<credit>[^\[\]]{2,120})\]$")
_CREDIT_HINT = re.compile(r"/|getty|afp|reuters|\bap\b|tass|epa|shutterstock|photo|image|credit|anadolu|xinhua|sputnik", re.I)
_PHOTO = re.compile(r"^(?:photo|image|picture|pictured)\s*[:(]\s*(?P<text>.+)$", re.I)


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().casefold() == re.sub(r"\W+", " ", b).strip().casefold()


def split_long(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[str]:
    """A paragraph longer than a passage may be: cut at sentence ends (or anywhere, if none)."""
    parts: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind(". ", 0, limit), text.rfind("? ", 0, limit), text.rfind("! ", 0, limit))
        cut = cut + 1 if cut > 0 else text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        head, text = text[:cut].strip(), text[cut:].strip()
        if head:
            parts.append(head)
    if text:
        parts.append(text)
    return parts


@dataclass
class _Unit:
    text: str
    block: int  # units of one block were not separated by a blank line
    kind: str = "paragraph"  # paragraph | quote | heading | caption | standfirst


def _assemble(units: list[_Unit], name: str, meta: dict) -> Article:
    """Shared by all formats: title, furniture, metadata lines, caption, standfirst, limits."""
    units = [u for u in units if u.text]
    if not units and not meta.get("title"):
        raise ArticleError(name, None, "the article has no text")
    title = meta.get("title") or ""
    title_block = -1
    if not title:
        first = next((u for u in units if u.kind == "heading"), None) or units[0]
        if len(units) > 1 or first.kind == "heading":
            title, title_block = first.text, first.block
            units = [u for u in units if u is not first]
        else:
            title = first.text
    art = Article(title="", paragraphs=[], publisher=meta.get("publisher", ""), url=meta.get("url"),
                  published=meta.get("published"), byline=meta.get("byline", ""),
                  caption=meta.get("caption", ""), credit=meta.get("credit", ""))
    kept: list[_Unit] = []
    title_blocks = {title_block}
    for u in units:
        text = u.text
        if len(text) <= 300 and _same(text, title):
            art.dropped.append(f"repeated headline: {text}")
            title_blocks.add(u.block)
            continue
        if u.kind == "heading":
            art.dropped.append(f"subheading: {text}")
            continue
        if len(text) <= 120 and _FURNITURE.match(text):
            art.dropped.append(f"page furniture: {text}")
            continue
        if len(text) <= 120 and _DATE_LINE.match(text):
            art.published = art.published or parse_date(text)
            art.dropped.append(f"date: {text}")
            continue
        if len(text) <= 300 and is_url(text):
            art.url = art.url or text
            art.dropped.append(f"link: {text}")
            continue
        m = _LABEL.match(text) if len(text) <= 300 else None
        if m:
            value = m.group("value").strip()
            if is_url(value):
                art.url = art.url or value
            elif m.group("key").lower() in ("source", "publisher", "published by"):
                art.publisher = art.publisher or value[:300]
            art.dropped.append(f"metadata: {text}")
            continue
        m = _BYLINE.match(text) if len(text) <= 80 and len(kept) < 3 else None
        if m:
            art.byline = art.byline or m.group("who")[:300]
            art.dropped.append(f"byline: {text}")
            continue
        m = _CAPTION.match(text) if len(text) <= 600 else None
        if m and _CREDIT_HINT.search(m.group("credit")) and not art.caption:
            art.caption, art.credit = m.group("text").strip(), m.group("credit").strip()
            art.dropped.append(f"photo caption: {text}")
            continue
        m = _PHOTO.match(text) if len(text) <= 600 else None
        if (m or u.kind == "caption") and not art.caption:
            art.caption = (m.group("text") if m else text).strip()
            art.dropped.append(f"photo caption: {text}")
            continue
        if u.kind == "caption":
            art.dropped.append(f"photo caption: {text}")
            continue
        kept.append(u)
    if kept and kept[0].kind == "paragraph" and (kept[0].block in title_blocks or meta.get("standfirst_hint")):
        hint = meta.get("standfirst_hint")
        if hint is None or _same(hint, kept[0].text):
            kept[0].kind = "standfirst"
    for u in kept:
        if u.kind == "paragraph" and u.text[:1] in "\"“«„":
            u.kind = "quote"
        for part in split_long(u.text):
            art.paragraphs.append(Paragraph(part, u.kind))
    if not art.paragraphs:  # a one-line article: the line is both its title and its only passage
        art.paragraphs.append(Paragraph(split_long(title)[0]))
    if len(art.paragraphs) > MAX_PASSAGES:
        raise ArticleError(name, None, f"the article has {len(art.paragraphs):,} paragraphs; a story holds at most {MAX_PASSAGES:,}")
    art.title = title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rsplit(" ", 1)[0].rstrip() + "…"
    art.caption = art.caption[:2000]
    return art


# --- plain text ------------------------------------------------------------------------------

_TERMINAL = tuple(".!?:;\"”’)]»")


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks, cur = [], []
    for line in lines:
        if line:
            cur.append(line)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def _wrapped(block: list[str]) -> bool:
    """A hard-wrapped paragraph (lines of similar width that stop mid-sentence), not one line each."""
    if len(block) < 2:
        return False
    body = block[:-1]
    return all(35 <= len(ln) <= 100 for ln in body) and any(not ln.endswith(_TERMINAL) for ln in body)


def read_text(text: str, name: str) -> Article:
    lines = [clean(ln) for ln in text.splitlines()]
    units = []
    for i, block in enumerate(_blocks(lines)):
        if _wrapped(block):
            units.append(_Unit(" ".join(block), i))
        else:
            units += [_Unit(ln, i) for ln in block]
    return _assemble(units, name, {})


# --- Markdown ----------------------------------------------------------------------------------

_MD_DROP = [
    (re.compile(r"(?is)<(script|style|template|noscript)\b.*?(?:</\1\s*>|\Z)"), " "),
    (re.compile(r"(?s)<!--.*?(?:-->|\Z)"), " "),
]
_MD_INLINE = [
    (re.compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)"), ""),  # images
    (re.compile(r"\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)"), r"\1"),  # links: keep the words
    (re.compile(r"\[([^\]\n]{0,500})\]\[[^\]\n]{0,100}\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]{1,2000})>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^<>\n]{0,500}>"), ""),  # inline HTML tags (text is kept, never run)
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`\n]*)`"), r"\1"),
]
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_MD_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


def _front_matter(text: str) -> tuple[dict, str]:
    """The article's metadata from its front matter (split as Markdown stories are), and the body."""
    parts = split_front_matter(text)
    if parts is None:
        return {}, text
    yaml_text, body = parts
    try:
        data = load_yaml(yaml_text, "front matter")  # as story files: no aliases, no tags, bounded
    except (StoryError, RecursionError, ValueError):
        return {}, body
    if not isinstance(data, dict):
        return {}, body
    meta: dict = {}
    pick = lambda *keys: next((data[k] for k in keys if isinstance(data.get(k), (str, dt.date))), None)  # noqa: E731
    title = pick("title", "headline")
    if isinstance(title, str) and clean(title):
        meta["title"] = clean(title)
    when = pick("date", "published", "published_at", "pubdate")
    meta["published"] = when if isinstance(when, dt.date) and not isinstance(when, dt.datetime) else (
        when.date() if isinstance(when, dt.datetime) else parse_date(str(when)) if when else None)
    who = pick("author", "byline", "authors")
    if isinstance(who, str):
        meta["byline"] = clean(who)[:300]
    pub = pick("publisher", "source", "site", "site_name")
    if isinstance(pub, str) and not is_url(pub.strip()):
        meta["publisher"] = clean(pub)[:300]
    url = pick("url", "link", "canonical", "canonical_url", "source_url", "original")
    if isinstance(url, str) and is_url(url.strip()) and len(url.strip()) <= 2000:
        meta["url"] = url.strip()
    return meta, body


_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


def _md_inline(text: str) -> str:
    for rx, repl in _MD_INLINE:
        text = rx.sub(repl, text)
    return clean(_MD_ESCAPE.sub(r"\1", text))


def read_markdown(text: str, name: str) -> Article:
    meta, body = _front_matter(text.replace("\r\n", "\n"))
    for rx, repl in _MD_DROP:
        body = rx.sub(repl, body)
    units: list[_Unit] = []
    block, cur, cur_kind = 0, [], "paragraph"

    def flush():
        nonlocal cur, cur_kind
        if cur:
            units.append(_Unit(_md_inline(" ".join(cur)), block, cur_kind))
        cur, cur_kind = [], "paragraph"

    for raw in body.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            block += 1
            continue
        if _MD_SETEXT.match(line) and len(cur) == 1:  # "Title\n=====" is a heading
            cur_kind = "heading"
            flush()
            continue
        if _MD_RULE.match(line) or _MD_REFDEF.match(line):
            flush()
            continue
        h = _MD_HEADING.match(line)
        if h:
            flush()
            units.append(_Unit(_md_inline(h.group(2)), block, "heading"))
            continue
        if line.lstrip().startswith(">"):
            if cur_kind != "quote":
                flush()
            cur_kind = "quote"
            cur.append(line.lstrip()[1:].lstrip(">").strip())
            continue
        if _MD_LIST.match(line):
            flush()
            cur.append(_MD_LIST.sub("", line))
            continue
        cur.append(line.strip())
    flush()
    if not meta.get("title"):
        first_h = next((u for u in units if u.kind == "heading"), None)
        if first_h is not None and units.index(first_h) <= 1:
            meta["title"] = first_h.text
            units.remove(first_h)
    return _assemble(units, name, meta)


# --- HTML --------------------------------------------------------------------------------------

SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
             "canvas", "nav", "footer", "aside", "form", "button", "select", "textarea", "head", "dialog"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
             "source", "track", "wbr"}
BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "section",
              "article", "main", "header", "td", "th", "tr", "table", "ul", "ol", "dd", "dt", "pre",
              "figure", "hr", "body", "address", "details", "summary"}
_STANDFIRST_CLASS = re.compile(r"standfirst|\bdek\b|subtitle|summary|\blead\b|intro|excerpt|sub-?head", re.I)


class _HTMLArticle(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []  # (tag, class)
        self.skip = 0
        self.article_depth = 0
        self.buf: list[str] = []
        self.blocks: list[tuple[str, str, bool, str]] = []  # (tag, text, in <article>, class)
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title_text: list[str] = []
        self.time_attr: str | None = None

    def _flush(self):
        text = clean("".join(self.buf))
        self.buf = []
        if text:
            tag, cls = next(((t, c) for t, c in reversed(self.stack) if t in BLOCK_TAGS), ("body", ""))
            self.blocks.append((tag, text, self.article_depth > 0, cls))

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.meta.setdefault("canonical", a.get("href", ""))
            return
        if tag == "time" and self.time_attr is None and a.get("datetime"):
            self.time_attr = a["datetime"]
        if tag == "title" and not self.skip_outside_head():
            self.in_title = True
        if tag == "body" or (tag in BLOCK_TAGS and tag != "title"):
            self._close_head()  # browsers end an unclosed <head> where the content starts
        if tag in BLOCK_TAGS or tag == "br":
            if tag == "br":
                self.buf.append(" ")
            else:
                self._flush()
        if tag in VOID_TAGS:
            return
        if tag in SKIP_TAGS:
            self.skip += 1
        if tag == "article":
            self.article_depth += 1
        self.stack.append((tag, a.get("class", "")))

    def _pop(self) -> str:
        """Close the innermost open tag, undoing what opening it counted."""
        t, _ = self.stack.pop()
        if t in SKIP_TAGS:
            self.skip -= 1
        if t == "article":
            self.article_depth -= 1
        return t

    def _close_head(self):
        if any(t == "head" for t, _ in self.stack):
            while self.stack and self._pop() != "head":
                pass

    def skip_outside_head(self) -> bool:
        return any(t != "head" for t, _ in self.stack if t in SKIP_TAGS)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if not any(t == tag for t, _ in self.stack):
            return
        if tag in BLOCK_TAGS:
            self._flush()
        while self.stack and self._pop() != tag:
            pass

    def handle_data(self, data):
        if self.in_title:
            self.title_text.append(data)
        elif self.skip == 0:
            self.buf.append(data)

    def close(self):
        super().close()
        self._flush()


def read_html(text: str, name: str) -> Article:
    parser = _HTMLArticle()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as exc:  # very malformed markup
        raise ArticleError(name, None, f"cannot be read as HTML: {exc}") from None
    m = parser.meta
    blocks = parser.blocks
    h1 = next((t for tag, t, _, _ in blocks if tag == "h1"), None)
    if any(in_art for _, _, in_art, _ in blocks):
        blocks = [b for b in blocks if b[2]]
    meta: dict = {}
    title = h1 or clean(m.get("og:title", "")) or clean(m.get("twitter:title", "")) or clean("".join(parser.title_text))
    if title:
        meta["title"] = title
    site = clean(m.get("og:site_name", "") or m.get("publisher", "") or m.get("application-name", ""))
    if site:
        meta["publisher"] = site[:300]
    for key in ("canonical", "og:url"):
        url = m.get(key, "").strip()
        if is_url(url) and len(url) <= 2000:
            meta["url"] = url
            break
    for raw in (m.get("article:published_time"), m.get("datepublished"), m.get("date"), m.get("pubdate"),
                m.get("dc.date"), parser.time_attr):
        if raw and parse_date(raw):
            meta["published"] = parse_date(raw)
            break
    author = clean(m.get("author", "") or m.get("article:author", ""))
    if author and not is_url(author):
        meta["byline"] = author[:300]
    if m.get("description"):
        meta["standfirst_hint"] = clean(m["description"])
    has_p = any(tag in ("p", "blockquote", "li") for tag, _, _, _ in blocks)
    units = []
    for i, (tag, text, _, cls) in enumerate(blocks):
        if tag == "h1" and text == h1:
            continue
        if tag in ("h2", "h3", "h4", "h5", "h6"):
            units.append(_Unit(text, i, "heading"))
        elif tag == "figcaption":
            units.append(_Unit(text, i, "caption"))
        elif tag == "blockquote":
            units.append(_Unit(text, i, "quote"))
        elif tag in ("p", "li") or not has_p:
            u = _Unit(text, i)
            if _STANDFIRST_CLASS.search(cls) and not units:
                meta["standfirst_hint"] = text
                u.block = -2
            units.append(u)
    if meta.get("standfirst_hint") is not None:
        first = next((u for u in units if u.kind == "paragraph"), None)
        if first is None or not _same(first.text, meta["standfirst_hint"]):
            meta.pop("standfirst_hint")
    if not title and not units:
        raise ArticleError(name, None, "the HTML page has no article text (only scripts, styles or navigation?)")
    return _assemble(units, name, meta)


def read_article(data: bytes | str, name: str) -> Article:
    """Read an article by its file name's suffix (.txt/.md/.html); other names are sniffed."""
    text = decode(data, name)
    lower = name.lower()
    if lower.endswith(HTML_SUFFIXES) or (not lower.endswith(ARTICLE_SUFFIXES) and re.match(r"\s*<(?:!doctype|html|head|body|article|p)\b", text, re.I)):
        return read_html(text, name)
    if lower.endswith(MARKDOWN_SUFFIXES):
        return read_markdown(text, name)
    return read_text(text, name)
