"""axe-core in a real page: the serious and critical violations of a page or frame.

axe-core 4.10.3 (MPL-2.0, ``tests/vendor/axe.min.js``, unmodified, from ``npm pack``) is for the
tests and the bench only: nothing at run time loads it. One definition, shared by
``tests/test_a11y_browser.py`` and ``bench/bench_a11y.py``.
"""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SERIOUS = ("serious", "critical")
MAP_FRAME_CSS = "iframe[title='streamlit_folium.st_folium']"


def axe_violations(target) -> list[dict]:
    """Run axe in a Playwright Page or Frame (its own document; frames are checked apart).

    Returns the serious/critical violations as ``{"id", "impact", "nodes": [target selectors]}``."""
    if not target.evaluate("() => !!window.axe"):
        target.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = target.evaluate(
        """async () => {
          const r = await axe.run(document, {iframes: false, resultTypes: ['violations']});
          return r.violations.map(v => ({id: v.id, impact: v.impact,
                                         nodes: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )
    return [v for v in result if v["impact"] in SERIOUS]


def node_count(violations: list[dict]) -> int:
    return sum(len(v["nodes"]) for v in violations)


def describe(violations: list[dict]) -> str:
    return "; ".join(f"{v['id']} ({v['impact']}): {', '.join(v['nodes'][:40])}" for v in violations)


def map_frame(page):
    """The Playwright Frame of the app's map (streamlit-folium's iframe)."""
    return page.locator(MAP_FRAME_CSS).element_handle().content_frame()
