"""A story whose every text field holds payloads that would run if anything rendered it as code.

Each payload, if executed, sets ``window.__pwned`` or opens a dialog, or loads a resource from a
host that is not loopback (which the offline browser fixture aborts and records). The story is
written with yaml.safe_dump, so the file holds exactly these strings.
"""

from __future__ import annotations

from pathlib import Path

import yaml

PAYLOADS = {
    "script": "<script>window.__pwned='script';alert('script')</script>",
    "img": "<img src=x onerror=\"window.__pwned='img';alert('img')\">",
    "svg": "<svg onload=window.__pwned='svg'>",
    "js-link": "<a href=\"javascript:window.__pwned='link'\">click me</a>",
    "md-link": "[md link](javascript:window.__pwned='md')",
    "md-image": "![tracker](http://evil.example/pixel.png)",
    "quotes": "'\";window.__pwned='quote';//",
    "backtick": "`${window.__pwned='tpl'}`",
    "close-script": "</script><script>window.__pwned='close'</script>",
    "line-separators": "a\u2028b\u2029c",
    "jinja": "{{ 7*7 }}{% raw %}",
    "entity": "&lt;b&gt;not bold&lt;/b&gt; &amp;",
    "iframe": "<iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>",
    "style": "<style>body{display:none}</style>",
    "shortcode": ":smile: :red[red] $x^2$",
}
ALL = " ".join(PAYLOADS.values())


def _p(*keys: str) -> str:
    return " | ".join(PAYLOADS[k] for k in keys)


TITLE = "Hostile " + _p("script", "img", "quotes", "md-link")
PUBLISHER = _p("svg", "close-script")
BYLINE = _p("backtick")
CAPTION = "Caption " + _p("img", "line-separators", "md-image")
CREDIT = _p("js-link", "jinja")
PLACE_NAMES = {
    "gbao": "GBAO " + _p("img", "quotes"),  # name: at most 200 characters
    "facility": "Facility " + _p("close-script", "backtick", "line-separators"),
    "dushanbe": "Dushanbe " + _p("svg", "md-image", "jinja"),
}
NOTE = "Note " + _p("script", "iframe", "style", "entity")
BASIS = "Basis " + _p("js-link", "close-script", "shortcode")
PASSAGES = {
    "p1": "GBAO is named here. " + ALL,
    "p2": "Facility " + _p("close-script", "quotes", "backtick"),
    "p3": "Dushanbe " + _p("md-link", "md-image", "entity", "shortcode"),
}


def story_dict() -> dict:
    return {
        "id": "hostile-story",
        "title": TITLE,
        "source": {"publisher": PUBLISHER, "url": "https://example.org/hostile", "published": "2021-10-28",
                   "byline": BYLINE},
        "caption": {"text": CAPTION, "credit": CREDIT},
        "places": [
            {"id": "gbao", "name": PLACE_NAMES["gbao"], "precision": "region", "aliases": [ALL[:150]],
             "geometry": {"layer": "gbao", "feature": "TJ-GB"}, "note": NOTE},
            {"id": "facility", "name": PLACE_NAMES["facility"], "precision": "approximate",
             "within": {"layer": "gbao-districts", "feature": "Murghob"},
             "circle": {"lat": 37.2, "lon": 74.9, "radius_km": 60, "basis": BASIS}, "note": NOTE},
            {"id": "dushanbe", "name": PLACE_NAMES["dushanbe"], "precision": "settlement",
             "geometry": {"layer": "places", "feature": "dushanbe"}},
        ],
        "passages": [
            {"id": "p1", "text": PASSAGES["p1"], "places": ["gbao"],
             "mentions": [{"place": "gbao", "text": "GBAO"}, {"place": "gbao", "text": PAYLOADS["img"]}]},
            {"id": "p2", "text": PASSAGES["p2"], "places": ["facility", "gbao"],
             "mentions": [{"place": "facility", "text": PAYLOADS["close-script"]}]},
            {"id": "p3", "text": PASSAGES["p3"], "places": ["dushanbe"], "kind": "quote"},
        ],
    }


def write_story(folder: Path, name: str = "hostile.yaml") -> Path:
    path = folder / name
    text = yaml.safe_dump(story_dict(), allow_unicode=True, sort_keys=False, width=100_000)
    path.write_text(text, encoding="utf-8")
    return path


def write_broken(folder: Path, name: str = "hostile-broken.yaml") -> tuple[Path, str]:
    """A broken story whose error message echoes a hostile key; returns (path, the key)."""
    key = PAYLOADS["img"] + PAYLOADS["md-image"]
    path = folder / name
    path.write_text(yaml.safe_dump({"id": "broken", key: 1}, allow_unicode=True), encoding="utf-8")
    return path, key
