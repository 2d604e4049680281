"""Score an importer against the evaluation set (tests/fixtures/eval/truth.yaml).

Occurrences are scored, not names: each expected name is found in the passages (whole words,
case as written; an occurrence inside a longer expected name, a trap or an out-of-scope name
belongs to that one). A detected mention is a true positive when its span is an expected
occurrence, a false positive otherwise (unless inside an out-of-scope name); an expected
occurrence not detected is a false negative. "Within 100 km": true positives whose chosen place
lies within 100 km of the true coordinates (geodesic).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

EVAL_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "eval"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    near: int = 0
    errors: tuple = ()

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def within_100km(self) -> float:
        return self.near / self.tp if self.tp else 0.0

    def __add__(self, o: "Score") -> "Score":
        return Score(self.tp + o.tp, self.fp + o.fp, self.fn + o.fn, self.near + o.near, self.errors + o.errors)


def load_truth() -> dict:
    return yaml.safe_load((EVAL_DIR / "truth.yaml").read_text(encoding="utf-8"))["texts"]


def _spans(text: str, forms: list[str]) -> dict[tuple[int, int], str]:
    spans: dict[tuple[int, int], str] = {}
    for form in sorted(forms, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            if not any(s <= m.start() and m.end() <= e for s, e in spans):
                spans[(m.start(), m.end())] = form
    return spans


def score_text(passages: list[tuple[str, list[tuple[int, int, float | None, float | None]]]], truth: dict) -> Score:
    """``passages``: (text, [(start, end, lat, lon) of each detected mention])."""
    from components.geo.geodesy import GEOD

    where = {p["written"]: (p["lat"], p["lon"]) for p in truth["places"]}
    sc = Score()
    errors = []
    for text, mentions in passages:
        spans = _spans(text, list(where) + truth.get("not_places", []) + truth.get("out_of_scope", []))
        expected = {s: f for s, f in spans.items() if f in where}
        ignore = [s for s, f in spans.items() if f in truth.get("out_of_scope", [])]
        got = set()
        for start, end, lat, lon in mentions:
            form = expected.get((start, end))
            if form is None:
                if not any(s <= start and end <= e for s, e in ignore):
                    sc.fp += 1
                    errors.append(f"extra {text[start:end]!r}")
                continue
            got.add((start, end))
            sc.tp += 1
            tlat, tlon = where[form]
            if lat is not None and GEOD.inv(lon, lat, tlon, tlat)[2] <= 100_000:
                sc.near += 1
            else:
                errors.append(f"far {form!r}")
        for s, f in expected.items():
            if s not in got:
                sc.fn += 1
                errors.append(f"missed {f!r}")
    sc.errors = tuple(errors)
    return sc
