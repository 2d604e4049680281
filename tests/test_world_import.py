"""The world gazetteer joined to the world layers, end to end: each evaluation text imported by
the real importer (the gazetteer as ``load_gazetteer`` sets it up for the shipped geodata, so
world names are on because ``world-places`` exists) gives a draft that validates, whose map
draws the world layers for its extent, whose place coordinates come from the drawn geometry
(not from the gazetteer), and which meets the eval targets; the CLI writes such a draft; one
imported draft's HTML export opens offline in Chromium and its marker selects its place."""

from __future__ import annotations

import subprocess
import sys

import pytest

from components.authoring.gazetteer import load_gazetteer
from components.authoring.geoparse_score import EVAL_DIR, Score, load_truth, score_text
from components.authoring.importer import make_draft
from components.export.formats import FORMATS, export_bytes
from components.story.model import parse_story

from .conftest import OfflinePage, ROOT

TRUTH = load_truth()


@pytest.fixture(scope="module")
def gaz(geodata):
    g = load_gazetteer(geodata)  # the default: what the CLI and the app use
    assert g.world, "world names must be on once the geodata has world-places"
    return g


@pytest.fixture(scope="module")
def drafts(gaz, geodata):
    return {n: make_draft((EVAL_DIR / n).read_bytes(), n, geodata, gaz) for n in sorted(TRUTH)}


def _scored(draft) -> Score:
    """Scored with coordinates from the drawn geometry: a marker's point; for a drawn area, its
    point nearest the true location (so "within 100 km" means the area drawn reaches it)."""
    truth = TRUTH[draft.article_name]
    where = {t["written"]: (t["lat"], t["lon"]) for t in truth["places"]}
    passages = []
    for para, p in zip(draft.article.paragraphs, draft.story.passages):
        ms = []
        for m in p.mentions:
            lat, lon = _point(draft, m.place, where.get(para.text[m.start:m.end]))
            ms.append((m.start, m.end, lat, lon))
        passages.append((para.text, ms))
    return score_text(passages, truth)


def _point(draft, pid, true_at):
    g = draft.spec.geometry[pid]
    if g.markers:
        return g.markers[0]
    shape = g.shape if g.shape is not None else g.extent
    if true_at is not None:
        from shapely import Point
        from shapely.ops import nearest_points

        q = nearest_points(shape, Point(true_at[1], true_at[0]))[0]
        return q.y, q.x
    rp = shape.representative_point()
    return rp.y, rp.x


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_each_eval_text_imports_to_a_world_map_that_meets_the_targets(drafts, name):
    d = drafts[name]
    d.article_name = name
    layers = {lv.id: [f["properties"] for f in lv.data["features"]] for lv in d.spec.layers}
    assert "world-countries" in layers, layers.keys()
    named = [p for p in d.story.places if p.geometry and p.geometry.layer.startswith("world-")]
    assert named, "the draft names world features"
    # every named country is drawn as a selectable feature of its place, with neighbours around it
    for p in named:
        if p.geometry.layer in ("world-countries", "world-admin1"):
            owned = [f for f in layers[p.geometry.layer] if f["place"] == p.id]
            assert owned, (p.id, p.geometry.layer)
    assert any(f["place"] is None for f in layers["world-countries"]), "neighbouring countries as context"
    marked = {m.place for m in d.spec.markers}
    assert {p.id for p in named if p.geometry.layer == "world-places"} <= marked  # settlements are markers
    # the YAML written is a story the loader accepts as it is
    parse_story(d.yaml_text, d.file_name)
    sc = _scored(d)
    assert sc.recall >= 0.9 and sc.precision >= 0.9 and sc.within_100km >= 0.95, sc.errors


def test_the_cli_imports_a_world_article(tmp_path):
    out = tmp_path / "mali.yaml"
    r = subprocess.run([sys.executable, "-c", "import sys; from components.cli import main; sys.exit(main())",
                        "import", str(EVAL_DIR / "mali_attacks.txt"), "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "layer: world-places" in text and "layer: world-countries" in text
    r = subprocess.run([sys.executable, "-c", "import sys; from components.cli import main; sys.exit(main())",
                        "validate", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.browser
def test_an_imported_world_draft_exports_and_its_marker_selects_offline(browser, drafts, geodata, tmp_path, artifacts):
    d = drafts["mali_attacks.txt"]
    path = tmp_path / "mali-import.html"
    path.write_bytes(export_bytes(d.story, geodata, FORMATS["html"]))
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    op = OfflinePage(ctx.new_page())  # every non-file, non-loopback request aborted and recorded
    page = op.page
    page.goto(path.as_uri())
    page.locator(".leaflet-container[data-story-ready='1']").wait_for(timeout=20_000)
    page.wait_for_timeout(500)
    assert page.locator("path.leaflet-interactive").count() >= 20
    town = next(m for m in d.spec.markers if m.place.startswith("timbuktu"))
    x, y = page.evaluate("""([lat, lon]) => { const m = window.__story.map;
        const p = m.latLngToContainerPoint([lat, lon]); const r = m.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", [town.lat, town.lon])
    page.mouse.click(x, y)
    page.wait_for_timeout(500)
    assert town.place in (page.locator(".leaflet-container").get_attribute("data-selected") or "")
    page.screenshot(path=str(artifacts / "world-import-mali-selected.png"))
    assert op.blocked == [] and op.console_errors == []
    ctx.close()
