"""Claims checked against the real geodata: the seed story's, false ones, and the error figures."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.ops import nearest_points

from components.claims.check import CANNOT, CONSISTENT, CONTRADICTED, check_claim, check_claims, load_accuracy
from components.errors import StoryError
from components.geo.geodesy import geodesic_area_km2, km_between
from components.geo.layers import LAYERS
from components.geo.resolve import resolve_places
from components.story.model import Claim, parse_story

from .conftest import SEED_STORY

GOOD = SEED_STORY.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def acc():
    return load_accuracy()


@pytest.fixture(scope="module")
def geo(story, geodata):
    return resolve_places(story, geodata)


@pytest.fixture(scope="module")
def checks(story, geo, acc):
    return {c.claim.id: c for c in check_claims(story, geo, acc)}


def test_the_seed_story_declares_the_issue_claims(story):
    kinds = {(c.kind, tuple(c.places)) for c in story.claims}
    assert {("within", ("ishkashim-district", "gbao")), ("borders", ("gbao", "xinjiang")),
            ("borders", ("tajikistan", "afghanistan")), ("length", ("tajik-afghan-border",)),
            ("direction", ("chinese-facility", "tajikistan")),
            ("distance", ("police-base", "tajik-afghan-border"))} <= kinds


def test_ishkashim_is_in_gbao(checks):
    c = checks["ishkashim-in-gbao"]
    assert c.verdict == CONSISTENT and c.value == pytest.approx(100, abs=0.01)
    assert "100.0% of its area inside Gorno-Badakhshan" in c.figure
    assert c.tolerance_km == 0.5 and "same dataset" in c.explanation


def test_gbao_borders_xinjiang_across_mixed_sources(checks):
    c = checks["gbao-borders-xinjiang"]
    assert c.verdict == CONSISTENT
    assert 350 <= c.value <= 420  # km of GBAO's outline within 5 km of Xinjiang (VERIFICATION.md: 395 km)
    assert "overlap by 406 km²" in c.figure
    assert c.tolerance_km == 5 and "different datasets" in c.explanation
    assert any("Natural Earth" in s and "406 km²" in s for s in c.sources)


def test_tajikistan_borders_afghanistan(checks):
    c = checks["tajikistan-borders-afghanistan"]
    assert c.verdict == CONSISTENT and c.value > 1000
    assert c.claim.passage is None  # from the photo caption


def test_border_is_more_than_1300_km(checks):
    c = checks["border-over-1300-km"]
    assert c.verdict == CONSISTENT and c.value == pytest.approx(1349.5, abs=0.1)
    assert c.figure.startswith("1,349.5 km") and "1.2 %" in c.figure
    assert any("1,365.5 km" in s for s in c.sources)


def test_other_base_is_in_the_southeast(checks):
    c = checks["facility-in-southeast"]
    assert c.verdict == CONSISTENT and 90 < c.value < 180
    assert "from the centre of Tajikistan" in c.figure


def test_base_is_near_the_afghan_border(checks):
    c = checks["base-near-border"]
    assert c.verdict == CONSISTENT
    assert c.figure.startswith("0.0 km to 2") and "anywhere in the area" in c.figure  # the site is unknown
    assert any("approximate" in s for s in c.sources)


def test_every_seed_claim_is_checked(checks, story):
    assert set(checks) == {c.id for c in story.claims}
    assert {c.verdict for c in checks.values()} == {CONSISTENT}


def _claim(**kw) -> Claim:
    return Claim(id="test", quote="written for the test", **kw)


@pytest.mark.parametrize("claim, verdict, figure", [
    (_claim(kind="borders", places=["ishkashim-district", "xinjiang"]), CONTRADICTED, "km apart at the closest"),
    (_claim(kind="length", places=["tajik-afghan-border"], min_km=300, max_km=300), CONTRADICTED, "1,349.5 km"),
    (_claim(kind="length", places=["tajik-afghan-border"], max_km=1000), CONTRADICTED, "1,349.5 km"),
    (_claim(kind="within", places=["ishkashim-district", "xinjiang"]), CONTRADICTED, "outside"),
    (_claim(kind="borders", places=["gbao", "tajikistan"]), CONTRADICTED, "overlap"),
    (_claim(kind="direction", places=["chinese-facility", "tajikistan"], direction="northwest"), CONTRADICTED, "bearing"),
    (_claim(kind="distance", places=["dushanbe", "tajik-afghan-border"], max_km=20), CONTRADICTED, "km"),
    (_claim(kind="within", places=["dushanbe", "tajikistan"]), CONSISTENT, "100.0%"),
    (_claim(kind="within", places=["ishkashim-district", "tajikistan"]), CONSISTENT, "within 5 km"),
    (_claim(kind="distance", places=["police-base", "tajik-afghan-border"], max_km=5), CANNOT, "0.0 km to 2"),
    (_claim(kind="distance", places=["police-base", "tajik-afghan-border"], min_km=100), CONTRADICTED, "0.0 km to 2"),
    (_claim(kind="length", places=["tajik-afghan-border"], min_km=1355, max_km=1400), CANNOT, "1,349.5 km"),
    (_claim(kind="length", places=["gbao"], min_km=10), CANNOT, "-"),
    (_claim(kind="borders", places=["dushanbe", "tajikistan"]), CANNOT, "-"),
])
def test_false_and_edge_claims(story, geo, acc, claim, verdict, figure):
    c = check_claim(story, claim, geo, acc)
    assert c.verdict == verdict, (c.figure, c.explanation)
    assert figure in c.figure


def test_ishkashim_borders_xinjiang_is_contradicted_with_the_distance(story, geo, acc, geodata):
    c = check_claim(story, _claim(kind="borders", places=["ishkashim-district", "xinjiang"]), geo, acc)
    ish, xj = geodata.feature("ishkashim-district", "Ishkoshim"), geodata.feature("xinjiang", "CN-XJ")
    a, b = nearest_points(ish, xj)  # nearest in degrees: close to, not exactly, the geodesic nearest points
    assert c.verdict == CONTRADICTED
    assert float(c.figure.split(" km")[0].replace(",", "")) == pytest.approx(km_between(a, b), rel=0.05)


# --- the known-error figures in geodata/accuracy.yaml are true of the shipped files ----------


def test_every_layer_has_a_known_error(acc):
    assert {layer.id for layer in LAYERS} <= set(acc)
    assert all(a.error and a.dataset_title for a in acc.values())


def _max_km_outside(a, b) -> float:
    worst = 0.0
    for x, y in shapely.get_coordinates(a):
        p = shapely.Point(x, y)
        if not b.contains(p):
            worst = max(worst, km_between(p, nearest_points(p, b.boundary)[1]))
    return worst


def test_measured_here_figures(geodata, acc):
    gbao, tjk = geodata.feature("gbao", "TJ-GB"), geodata.feature("countries", "TJK")
    assert _max_km_outside(gbao, tjk) == pytest.approx(4.6, abs=0.1)
    assert "4.6 km" in acc["countries"].error
    assert geodesic_area_km2(gbao.intersection(geodata.feature("afghan-badakhshan", "AF-BDS"))) == pytest.approx(298, abs=1)
    assert "298 km²" in acc["afghan-badakhshan"].error
    panj, border = geodata.feature("rivers", "panj"), geodata.feature("border", "TJK-AFG")
    d = [km_between(shapely.Point(x, y), nearest_points(shapely.Point(x, y), border)[1]) for x, y in shapely.get_coordinates(panj)]
    assert np.median(d) == pytest.approx(0.5, abs=0.05) and max(d) == pytest.approx(2.4, abs=0.05)
    assert "median 0.5 km, at most 2.4 km" in acc["rivers"].error
    assert max(a.position_km for a in acc.values() if a.dataset == "ne") >= 4.6


# --- claims in story files: the documented errors ------------------------------------------


@pytest.mark.parametrize("old, new, field, message", [
    ("places: [ishkashim-district, gbao]\n    passage: p4", "places: [ishkashim, gbao]\n    passage: p4",
     "claims[0].places[0]", "unknown place id 'ishkashim'"),
    ("places: [ishkashim-district, gbao]\n    passage: p4", "places: [ishkashim-district]\n    passage: p4",
     "claims[0]", "needs 2 place ids"),
    ("quote: the Ishkashim district of the mountainous", "quote: the Ishkashim district of the flat",
     "claims[0].quote", "not found in passage 'p4'"),
    ("    passage: p16\n    quote: Gorno-Badakhshan, which", "    passage: p99\n    quote: Gorno-Badakhshan, which",
     "claims[1].passage", "unknown passage id 'p99'"),
    ("    min_km: 1300\n", "    min_km: 1300\n    max_km: 1000\n", "claims[3]", "min_km is larger than max_km"),
    ("    direction: southeast\n", "", "claims[4]", "needs 'direction'"),
    ("    direction: southeast\n", "    direction: sud-est\n", "claims[4].direction", "Input should be"),
    ("    kind: within\n    places: [ishkashim-district, gbao]", "    kind: within\n    max_km: 4\n    places: [ishkashim-district, gbao]",
     "claims[0]", "apply to 'length' and 'distance'"),
    ("  - id: gbao-borders-xinjiang", "  - id: ishkashim-in-gbao", "claims[1].id", "duplicate id"),
    ("    quote: Tajikistan borders Afghanistan", "    quote: Tajikistan borders China", "claims[2].quote",
     "not found in the title or caption"),
])
def test_broken_claims_name_the_field(old, new, field, message):
    assert old in GOOD
    with pytest.raises(StoryError) as info:
        parse_story(GOOD.replace(old, new, 1), "claims.yaml")
    assert info.value.field == field and message in info.value.message, str(info.value)


def test_explainer_stories_check_as_they_say(geodata, acc):
    from components.story.catalog import STORIES_DIR
    from components.story.model import load_story

    expected = {"tajikistan-borders-pakistan": CONTRADICTED, "base-within-10-km": CANNOT, "two-ishkashims": CANNOT}
    for name in ("what-the-data-say-border-and-gbao.yaml", "what-the-data-say-wakhan-corridor.yaml"):
        story = load_story(STORIES_DIR / name)
        assert story.source.publisher.startswith("Pamir story map project") and story.source.url is None
        for c in check_claims(story, resolve_places(story, geodata), acc):
            assert c.verdict == expected.get(c.claim.id, CONSISTENT), (name, c.claim.id, c.figure, c.explanation)
