"""The seed story loads and every link resolves; broken story files give the documented error."""

from __future__ import annotations

import re
import pytest
import shapely

from components.errors import StoryError
from components.geo.resolve import resolve_places
from components.story.model import Precision, load_story, parse_story

from .conftest import ROOT, SEED_STORY

def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def test_seed_story_metadata(story):
    assert story.id == "tajik-police-base"
    assert story.source.publisher == "The New Arab with AFP"
    assert str(story.source.published) == "2021-10-28"
    assert story.source.url == "https://www.newarab.com/news/china-build-tajikistan-base-near-afghan-border-official"
    assert story.caption.text.startswith("Tajikistan borders Afghanistan")


def test_every_passage_is_a_paragraph_of_the_article(story):
    # tests/fixtures/seed_article.txt is a copy of the original article text
    article = (ROOT / "tests" / "fixtures" / "seed_article.txt").read_text(encoding="utf-8")
    paragraphs = {_norm(line) for line in article.splitlines() if line.strip()}
    for p in story.passages:
        assert _norm(p.text) in paragraphs, p.id
    furniture = {"3 min read", "Live Story"}
    assert not furniture & {_norm(p.text) for p in story.passages}
    assert len(story.passages) == 17


def test_every_link_resolves(story, geodata):
    geo = resolve_places(story, geodata)
    for p in story.passages:
        assert p.places, f"{p.id} links no place"
        for pid in p.places:
            assert story.has_place(pid)
        for m in p.mentions:
            assert m.text in p.text and story.has_place(m.place)
    assert set(geo) == {p.id for p in story.places}
    assert story.passages_of("ishkashim-district") == [story.passage("p4")]


def test_approximate_places_are_marked_and_not_invented(story, geodata):
    base = story.place("police-base")
    assert base.approximate and base.precision is Precision.district and base.geometry is None
    facility = story.place("chinese-facility")
    assert facility.approximate and facility.precision is Precision.approximate
    # the uncertainty circle's centre is the eastern end of the shipped border line
    east_end = shapely.get_coordinates(geodata.feature("border", "TJK-AFG"))[-1]
    assert (facility.circle.lon, facility.circle.lat) == pytest.approx(tuple(east_end), abs=1e-5)
    geo = resolve_places(story, geodata)
    murghob = geodata.feature("gbao-districts", "Murghob")
    assert murghob.distance(shapely.Point(facility.circle.lon, facility.circle.lat)) < 0.01  # on its edge
    lat, lon = geo["police-base"].markers[0]
    assert geodata.feature("ishkashim-district", "Ishkoshim").contains(shapely.Point(lon, lat))


# --- broken story files: the documented errors (docs/story-format.md) -----------------------

GOOD = SEED_STORY.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text, field, message",
    [
        ("", None, "the file is empty"),
        ("- a\n- b\n", None, "expected a mapping"),
        ("id: [unclosed\n", "line 2, column 1", "not valid YAML"),
        (GOOD.replace("id: tajik-police-base", "id: Tajik Police Base"), "id", "String should match pattern"),
        (GOOD.replace("    precision: district\n    within: {layer: ishkashim-district",
                      "    precision: nearby\n    within: {layer: ishkashim-district"),
         "places[0].precision", "Input should be"),
        (GOOD.replace("places: [police-base, ishkashim-district, gbao, dushanbe]",
                      "places: [police-base, ishkashim, gbao, dushanbe]"),
         "passages[3].places[1]", "unknown place id 'ishkashim'"),
        (GOOD.replace("  - id: p3\n", "  - id: p2\n"), "passages[2].id", "duplicate id 'p2'"),
        (GOOD.replace("title: \"China", "titel: \"China"), "titel", "unknown field (did you mean 'title'?)"),
        (GOOD.replace("      lat: 37.23269", "      lat: 95"), "places[5].circle.lat", "less than or equal to 90"),
        (GOOD.replace("url: https://www.newarab", "url: javascript://www.newarab"), "source.url", "must be an http:// or https:// link"),
        # found by the CI fuzz run: an empty list resolved to no geometry, and the map's frame to NaN
        (GOOD.replace("within: {layer: ishkashim-district, feature: Ishkoshim}",
                      "within: {layer: ishkashim-district, feature: []}"),
         "places[0].within.feature", "list at least one feature id"),
        ("a: &x [1]\nb: *x\n", "line 2, column 4", "aliases"),
        ("!!python/object/apply:os.system ['echo hi']\n", "line 1, column 1", "not valid YAML"),
    ],
)
def test_broken_story_names_file_and_field(text, field, message):
    with pytest.raises(StoryError) as info:
        parse_story(text, "broken.yaml")
    err = info.value
    assert err.source == "broken.yaml"
    assert err.field == field
    assert message in err.message
    assert str(err).startswith("broken.yaml: ")


def test_unknown_geodata_feature_is_named(geodata):
    story = parse_story(GOOD.replace("feature: TJ-GB", "feature: TJ-XX"), "geo.yaml")
    with pytest.raises(StoryError) as info:
        resolve_places(story, geodata, "geo.yaml")
    assert info.value.field == "places[2].geometry.feature"
    assert "unknown feature 'TJ-XX' in layer 'gbao'" in info.value.message


def test_non_utf8_and_bom(tmp_path):
    with pytest.raises(StoryError, match="not UTF-8"):
        parse_story(b"id: \xff\xfe\n", "latin.yaml")
    assert parse_story(b"\xef\xbb\xbf" + GOOD.encode(), "bom.yaml").id == "tajik-police-base"


def test_missing_file(tmp_path):
    with pytest.raises(StoryError, match="gone.yaml: story file not found"):
        load_story(tmp_path / "gone.yaml")


def test_markdown_stories_and_articles_split_front_matter_by_one_rule():
    from components.authoring.article import read_article

    text = (ROOT / "tests" / "corpus" / "stories" / "ok-front-matter.md").read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    for closing in ("---", "..."):  # YAML's document end is a closing line for both
        md = f"{head}\n{closing}\n{body}"
        assert parse_story(md, "story.md").id == "corpus-story"
        article = read_article(md.replace("title: Corpus story", "title: Corpus article"), "article.md")
        assert article.title == "Corpus article" and "corpus-story" not in " ".join(p.text for p in article.paragraphs)
    with pytest.raises(StoryError, match="not closed"):
        parse_story(f"{head}\n----\n{body}", "story.md")  # '----' is a rule, not the block's end
