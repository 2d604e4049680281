"""An imported world story's first view frames the countries and regions it is about
(``importer.first_view`` -> ``view.fit``), not only its settlements, and not a country so large
that the story would vanish in it (the eval texts: real GeoNames and Natural Earth data)."""

from __future__ import annotations

import pytest

from .conftest import FIXTURES

EVAL = FIXTURES / "eval"


@pytest.fixture(scope="module")
def importer(geodata):
    from components.authoring.gazetteer import load_gazetteer
    from components.authoring.importer import make_draft

    gaz = load_gazetteer(geodata, world=True)

    def draft(name: str):
        return make_draft((EVAL / name).read_bytes(), name, geodata, gaz)

    return draft


def _covers(fit_bounds, bounds, slack: float = 0.05) -> bool:
    (s, w), (n, e) = fit_bounds
    bw, bs, be, bn = bounds
    return w <= bw + slack and s <= bs + slack and e >= be - slack and n >= bn - slack


@pytest.mark.parametrize("name, area, layer, feature", [
    ("mali_attacks.txt", "mali", "world-countries", "MLI"),
    ("peru_earthquake.txt", "peru", "world-countries", "PER"),
    ("georgia_us_storm.txt", "georgia-us-ga", "world-admin1", "US-GA"),
    ("queensland_floods.txt", "queensland-au-qld", "world-admin1", "AU-QLD"),
    ("kyrgyz_tajik_border.txt", "kyrgyzstan", "world-countries", "KGZ"),
])
def test_the_first_view_holds_the_area_the_story_is_about(importer, geodata, name, area, layer, feature):
    d = importer(name)
    assert area in d.story.view.fit
    assert _covers(d.spec.fit_bounds, geodata.feature(layer, feature).bounds), d.spec.fit_bounds


@pytest.mark.parametrize("name, left_out, layer, feature", [
    ("georgia_caucasus_protest.txt", "russia", "world-countries", "RUS"),  # named beside Moscow: too large
    ("mali_attacks.txt", "niger", "world-countries", "NER"),  # named once, no town of the story in it
    ("queensland_floods.txt", "australia", "world-countries", "AUS"),  # the state frames the story
])
def test_a_context_country_does_not_stretch_the_first_view(importer, geodata, name, left_out, layer, feature):
    d = importer(name)
    assert left_out in {p.id for p in d.story.places} and left_out not in d.story.view.fit
    assert not _covers(d.spec.fit_bounds, geodata.feature(layer, feature).bounds)


def test_a_story_of_towns_only_keeps_the_default_view(importer):
    d = importer("riviera_heatwave.txt")  # France and Italy are named, but each is far larger than the coast
    assert d.story.view.fit == []
    (s, w), (n, e) = d.spec.fit_bounds
    assert e - w < 3 and n - s < 1
