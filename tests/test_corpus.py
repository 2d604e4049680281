"""The corpus of broken inputs (tests/corpus/): each file's exact outcome, in the loader, the CLI
and the app. A file added to the corpus without an expected outcome fails the test.

Huge inputs (a 5 MB passage, 50,000 passages, a 900,000-value list) are generated at test time.
Their cost is checked as memory (tracemalloc peak), not time: bench/corpus_cost.py prints times.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tracemalloc
import warnings
from pathlib import Path

import pytest

from components.cli import main as cli
from components.map.spec import spec_builder
from components.story.catalog import load_entry
from components.errors import GeodataError, StoryError
from components.geo.geodata import GEODATA_DIR, load_layer
from components.geo.layers import LAYER_BY_ID
from components.story.model import MAX_JSON_STORY_BYTES, MAX_STORY_BYTES, load_story, load_yaml

from .conftest import ROOT, SEED_STORY

CORPUS = Path(__file__).resolve().parent / "corpus"
STORIES = CORPUS / "stories"
GEODATA = CORPUS / "geodata"

# file -> the one-line error (str(StoryError)), or "ok". Checked through load_entry: parsing,
# validation, and resolution against the shipped geodata.
STORY_OUTCOMES = {
    'alias-in-story.yaml': 'alias-in-story.yaml: line 22, column 13: not valid YAML: YAML aliases (*name) are not allowed in story files',
    'bad-date.yaml': "bad-date.yaml: line 4, column 76: not valid YAML: cannot read '2021-13-45': month must be in 1..12",
    'bad-id.yaml': "bad-id.yaml: id: String should match pattern '^[a-z0-9][a-z0-9-]{0,63}$'",
    'billion-laughs.yaml': 'billion-laughs.yaml: line 3, column 8: not valid YAML: YAML aliases (*name) are not allowed in story files',
    'binary-tag.yaml': 'binary-tag.yaml: line 3, column 8: not valid YAML: YAML tags (!!binary) are not allowed in story files; quote the value instead',
    'blank.yaml': 'blank.yaml: the file is empty',
    'comments-only.yaml': 'comments-only.yaml: the file is empty',
    'custom-tag.yaml': 'custom-tag.yaml: line 3, column 8: not valid YAML: YAML tags (!include) are not allowed in story files; quote the value instead',
    'deep-nesting.yaml': 'deep-nesting.yaml: line 2, column 36: not valid YAML: nested more than 32 levels deep',
    'duplicate-passage-id.yaml': "duplicate-passage-id.yaml: passages[1].id: duplicate id 'p1' (first at passages[0])",
    'duplicate-place-id.yaml': "duplicate-place-id.yaml: places[1].id: duplicate id 'gbao' (first at places[0]) (and 1 more problem)",
    'duplicate-yaml-key.yaml': "duplicate-yaml-key.yaml: line 4, column 1: not valid YAML: the key 'title' appears twice in one mapping",
    'empty.yaml': 'empty.yaml: the file is empty',
    'exact-without-geometry.yaml': "exact-without-geometry.yaml: places[1]: precision 'exact' needs 'geometry'",
    'html-page.yaml': 'html-page.yaml: expected a mapping of story fields at the top, found str',
    'huge-number.yaml': "huge-number.yaml: line 14, column 47: not valid YAML: cannot read '9999999999999999999999999999999999999999': Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits",
    'javascript-url.yaml': 'javascript-url.yaml: source.url: must be an http:// or https:// link without spaces, quotes or <>',
    'key-with-newline.yaml': 'key-with-newline.yaml: bad\\nkey <b>: unknown field',
    'lat-95.yaml': 'lat-95.yaml: places[1].circle.lat: Input should be less than or equal to 90',
    'lat-nan.yaml': 'lat-nan.yaml: places[1].circle.lat: Input should be a finite number',
    'latin1.yaml': 'latin1.yaml: not UTF-8 text (byte 46: invalid continuation byte)',
    'lon-200.yaml': 'lon-200.yaml: places[1].circle.lon: Input should be less than or equal to 180',
    'mention-span-wrong.yaml': "mention-span-wrong.yaml: passages[0].mentions[0]: span 1-17 does not hold 'Gorno-Badakhshan'",
    'missing-passages.yaml': 'missing-passages.yaml: passages: Field required',
    'missing-title.yaml': 'missing-title.yaml: title: Field required',
    'no-front-matter.md': "no-front-matter.md: a Markdown story starts with a '---' YAML front-matter block",
    'not-yaml.yaml': 'not-yaml.yaml: line 2, column 8: not valid YAML: mapping values are not allowed in this context',
    'nul-byte.yaml': 'nul-byte.yaml: character 11: not valid YAML: unacceptable character #x0000: control characters are not allowed',
    'ok-bom.yaml': 'ok',
    'ok-crlf.yaml': 'ok',
    'ok-front-matter.md': 'ok',
    'ok-minimal.yaml': 'ok',
    'ok-no-source-url.yaml': 'ok',
    'passage-too-long.yaml': 'passage-too-long.yaml: passages[1].text: String should have at most 20000 characters',
    'place-not-located.yaml': "place-not-located.yaml: places[1]: a place needs 'geometry', or 'within' and/or 'circle' when approximate",
    'png-bytes.yaml': 'png-bytes.yaml: not UTF-8 text (byte 0: invalid start byte)',
    'python-name-tag.yaml': 'python-name-tag.yaml: line 3, column 8: not valid YAML: YAML tags (!!python/name:os.system) are not allowed in story files; quote the value instead',
    'python-tag.yaml': 'python-tag.yaml: line 3, column 8: not valid YAML: YAML tags (!!python/object/apply:os.system) are not allowed in story files; quote the value instead',
    'radius-inf.yaml': 'radius-inf.yaml: places[1].circle.radius_km: Input should be a finite number',
    'recursive-alias.yaml': 'recursive-alias.yaml: line 2, column 8: not valid YAML: YAML aliases (*name) are not allowed in story files',
    'tab-indent.yaml': 'tab-indent.yaml: line 3, column 1: not valid YAML: found character that cannot start any token',
    'title-too-long.yaml': 'title-too-long.yaml: title: String should have at most 300 characters',
    'top-level-list.yaml': 'top-level-list.yaml: expected a mapping of story fields at the top, found list',
    'top-level-string.yaml': 'top-level-string.yaml: expected a mapping of story fields at the top, found str',
    'two-documents.yaml': 'two-documents.yaml: line 22, column 1: not valid YAML: expected a single document in the stream, but found another document',
    'typo-field.yaml': "typo-field.yaml: titel: unknown field (did you mean 'title'?) (and 1 more problem)",
    'unclosed-front-matter.md': "unclosed-front-matter.md: the front-matter block is not closed with '---'",
    'unknown-feature.yaml': "unknown-feature.yaml: places[0].geometry.feature: unknown feature 'TJ-XX' in layer 'gbao' (known: TJ-GB)",
    'unknown-layer.yaml': "unknown-layer.yaml: places[0].geometry.layer: unknown layer 'tibet' (known: afghan-badakhshan, border, countries, gbao, gbao-districts, ishkashim-district, places, rivers, wakhan, xinjiang, world-countries, world-admin1, world-places)",
    'unknown-mention-place.yaml': "unknown-mention-place.yaml: passages[0].mentions[0].place: unknown place id 'gboa'",
    'unknown-place-link.yaml': "unknown-place-link.yaml: passages[1].places[0]: unknown place id 'facilty' (known: facility, gbao)",
    'unknown-view-fit.yaml': "unknown-view-fit.yaml: view.fit[0]: unknown place id 'nowhere'",
    'url-with-quote.yaml': 'url-with-quote.yaml: source.url: must be an http:// or https:// link without spaces, quotes or <>',
    'utf16.yaml': 'utf16.yaml: UTF-16 text; save the file as UTF-8',
    'wrong-type-passages.yaml': 'wrong-type-passages.yaml: passages: Input should be a valid list',
    'wrong-type-radius.yaml': 'wrong-type-radius.yaml: places[1].circle.radius_km: Input should be a valid number, unable to parse string as a number',
    'wrong-type-title.yaml': 'wrong-type-title.yaml: title: Input should be a valid string',
}

# file (standing in for the 'gbao' polygon layer) -> the one-line error, or ("ok", repairs reported)
GEODATA_OUTCOMES = {
    'duplicate-id.geojson': "duplicate-id.geojson: id: duplicate feature ids: ['TJ-GB']",
    'empty-layer.geojson': 'empty-layer.geojson: features: the layer has no features',
    'nan-coordinates.geojson': "nan-coordinates.geojson: geometry: coordinates that are not numbers (NaN/inf) in features ['TJ-GB']",
    'no-id.geojson': "no-id.geojson: id: every feature needs an 'id' property",
    'not-json.geojson': "not-json.geojson: cannot be read as a vector file: 'not-json.geojson' not recognized as being in a supported file format.",
    'null-geometry.geojson': "null-geometry.geojson: geometry: empty geometry in features ['TJ-GB']",
    'ok-square.geojson': ('ok', []),
    'out-of-range.geojson': "out-of-range.geojson: geometry: coordinates outside longitude -180..180 / latitude -90..90 in features ['TJ-GB']",
    'self-intersecting.geojson': ('ok', ["self-intersecting.geojson: feature 'TJ-GB' was invalid (Self-intersection[70.5 37.5]); repaired with make_valid"]),
    'truncated.geojson': 'truncated.geojson: cannot be read as a vector file: Failed to read GeoJSON data; At line 1, character 68: Unterminated object',
    'unknown-crs.geojson': "unknown-crs.geojson: crs: unknown coordinate reference system 'EPSG:99999'",
    'web-mercator.geojson': ('ok', ['web-mercator.geojson: reprojected from EPSG:3857 to EPSG:4326']),
    'wrong-geometry-type.geojson': "wrong-geometry-type.geojson: geometry: expected polygon features, found ['Point'] in ['TJ-GB']",
}


def _minimal_head() -> str:
    text = (STORIES / "ok-minimal.yaml").read_text()
    return text[: text.index("passages:")]


def huge_stories(folder: Path) -> dict[str, str]:
    """Write the generated corpus into folder; return file -> expected error."""
    head = _minimal_head()
    (folder / "passage-5mb.yaml").write_text(head + "passages:\n  - id: p1\n    text: " + "x" * 5_000_000 + "\n")
    (folder / "passage-1.9mb.yaml").write_text(head + "passages:\n  - id: p1\n    text: " + "x" * 1_900_000 + "\n")
    (folder / "passages-50000.yaml").write_text(
        head + "passages:\n" + "".join(f"  - id: p{i}\n    text: Passage {i}.\n" for i in range(50_000)))
    (folder / "passages-100001.yaml").write_text(head + "passages: [" + "p, " * 100_000 + "p]\n")
    (folder / "values-900000.yaml").write_text("id: [" + "1," * 900_000 + "1]\n")
    (folder / "nesting-100000.yaml").write_text("id: " + "[" * 100_000 + "\n")
    size = (folder / "passage-5mb.yaml").stat().st_size
    return {
        "passage-5mb.yaml": f"passage-5mb.yaml: file is {size:,} bytes; the limit is 2,000,000 (a story written as JSON may be larger)",
        "passage-1.9mb.yaml": "passage-1.9mb.yaml: passages[0].text: String should have at most 20000 characters",
        "passages-50000.yaml": "passages-50000.yaml: line 59994, column 9: more than 150,000 YAML values; the file is too large",
        "passages-100001.yaml": "passages-100001.yaml: passages: too many passages: the limit is 100,000",
        "values-900000.yaml": "values-900000.yaml: line 1, column 300000: more than 150,000 YAML values; the file is too large",
        # libyaml's scanner (PyYAML's C extension, in the pinned wheel) looks ahead and stops at 1,000
        # levels before the event scan stops at 32 (deep-nesting.yaml shows that message)
        "nesting-100000.yaml": "nesting-100000.yaml: line 1, column 1004: not valid YAML: exceeded maximum nesting depth",
    }


def test_every_corpus_file_has_an_expected_outcome():
    assert sorted(p.name for p in STORIES.iterdir()) == sorted(STORY_OUTCOMES)
    assert sorted(p.name for p in GEODATA.iterdir()) == sorted(GEODATA_OUTCOMES)
    assert len(STORY_OUTCOMES) >= 50 and sum(v == "ok" for v in STORY_OUTCOMES.values()) == 5


@pytest.mark.parametrize("name", sorted(STORY_OUTCOMES))
def test_story_outcome(name, geodata):
    entry = load_entry(STORIES / name, spec_builder(geodata))
    expected = STORY_OUTCOMES[name]
    if expected == "ok":
        assert entry.error is None and entry.story.id == "corpus-story" and entry.spec is not None
    else:
        assert entry.story is None and isinstance(entry.error, StoryError)
        assert str(entry.error) == expected
        assert entry.error.source == name and "\n" not in str(entry.error)


@pytest.mark.parametrize("name", sorted(STORY_OUTCOMES))
def test_cli_exit_code_and_one_line(name, capsys):
    rc = cli(["validate", str(STORIES / name)])
    out, err = capsys.readouterr()
    if STORY_OUTCOMES[name] == "ok":
        assert rc == 0 and err == "" and out.startswith(f"{name}: ok: story 'corpus-story', 2 passages")
    else:
        assert rc == 2 and out == ""
        assert err == f"error: {STORY_OUTCOMES[name]}\n"


def test_huge_stories_are_refused_with_bounded_memory(tmp_path, geodata):
    expected = huge_stories(tmp_path)
    peaks = {}
    for name, message in expected.items():
        tracemalloc.start()
        entry = load_entry(tmp_path / name, spec_builder(geodata))
        peaks[name] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert str(entry.error) == message
    # the 5 MB file is refused by its size, unread; the others by a streaming scan of the YAML
    # events (nothing is built from 50,000 passages or 900,000 values)
    assert peaks["passage-5mb.yaml"] < 200_000, peaks
    for name in ("passages-50000.yaml", "passages-100001.yaml", "values-900000.yaml", "nesting-100000.yaml"):
        assert peaks[name] < 8_000_000, peaks
    assert peaks["passage-1.9mb.yaml"] < 16_000_000, peaks  # the text itself, a few times


def test_story_at_the_limits_loads(tmp_path):
    # 2,000 places and 2,000 passages, each passage linking three places with a mention: the
    # YAML value budget (150,000) leaves room for this, the largest story the limits allow
    head = _minimal_head().split("places:")[0]
    places = "".join(f"  - id: g{i}\n    name: Place {i}\n    precision: region\n    geometry: {{layer: gbao, feature: TJ-GB}}\n"
                     for i in range(2000))
    passages = "".join(f"  - id: p{i}\n    text: Passage {i} of Place {i}. {'y' * 60}\n    places: [g{i}, g{(i + 1) % 2000}, g0]\n"
                       f"    mentions: [{{place: g{i}, text: Place {i}}}]\n" for i in range(2000))
    path = tmp_path / "limits.yaml"
    path.write_text(head + "places:\n" + places + "passages:\n" + passages)
    story = load_story(path)  # parsing is what the budget limits (the map of 2,000 places: bench/corpus_cost.py)
    assert len(story.passages) == 2000 and len(story.places) == 2000
    assert len(story.passages_of("g0")) == 2000  # every passage names g0


def test_cli_as_a_process_prints_one_line_and_exits_2(tmp_path):
    huge_stories(tmp_path)
    for path in (STORIES / "billion-laughs.yaml", STORIES / "latin1.yaml", tmp_path / "passages-50000.yaml",
                 tmp_path / "missing.yaml"):
        r = subprocess.run([sys.executable, "-m", "components", "validate", str(path)], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 2, (path, r.stderr)
        assert r.stdout == "" and r.stderr.count("\n") == 1 and r.stderr.startswith(f"error: {path.name}: "), r.stderr
    r = subprocess.run([sys.executable, "-m", "components", "validate", str(SEED_STORY)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stderr == "" and "ok: story 'tajik-police-base'" in r.stdout


# --- geodata ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GEODATA_OUTCOMES))
def test_geodata_outcome(name):
    expected = GEODATA_OUTCOMES[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if isinstance(expected, tuple):
            gdf, repairs = load_layer(GEODATA / name, LAYER_BY_ID["gbao"])
            assert repairs == expected[1]
            assert gdf.crs.to_epsg() == 4326 and gdf.geometry.is_valid.all()
            assert 69 < gdf.geometry.iloc[0].centroid.x < 72
        else:
            with pytest.raises(GeodataError) as info:
                load_layer(GEODATA / name, LAYER_BY_ID["gbao"])
            assert str(info.value) == expected


def _geodata_copy(tmp_path: Path, gbao: Path | None) -> Path:
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA_DIR, folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    (folder / "gbao.geojson").unlink()
    if gbao is not None:
        shutil.copy(gbao, folder / "gbao.geojson")
    return folder


@pytest.mark.parametrize("name", sorted(GEODATA_OUTCOMES))
def test_cli_names_the_broken_boundary_file(name, tmp_path, capsys):
    folder = _geodata_copy(tmp_path, GEODATA / name)
    rc = cli(["validate", str(SEED_STORY), "--geodata", str(folder)])
    out, err = capsys.readouterr()
    expected = GEODATA_OUTCOMES[name]
    if isinstance(expected, tuple):
        assert rc == 0 and "ok: story 'tajik-police-base'" in out
        assert err == "".join(f"note: {n.replace(name, 'gbao.geojson')}\n" for n in expected[1])
    else:
        assert rc == 2 and out == ""
        assert err == "error: " + expected.replace(name, "gbao.geojson") + "\n"


def test_missing_boundary_file_and_no_crs(tmp_path, capsys):
    folder = _geodata_copy(tmp_path, None)
    assert cli(["validate", str(SEED_STORY), "--geodata", str(folder)]) == 2
    _, err = capsys.readouterr()
    assert err == f"error: gbao.geojson: file not found ({folder / 'gbao.geojson'})\n"
    import geopandas as gpd
    import shapely

    shp = tmp_path / "nocrs.shp"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gpd.GeoDataFrame({"id": ["TJ-GB"]}, geometry=[shapely.box(70, 37, 71, 38)]).to_file(shp)
    with pytest.raises(GeodataError) as info:
        load_layer(shp, LAYER_BY_ID["gbao"])
    assert str(info.value) == "nocrs.shp: crs: no coordinate reference system; expected EPSG:4326"


def test_story_errors_keep_one_line_when_the_input_is_hostile(tmp_path):
    path = tmp_path / "odd\nname.yaml"
    path.write_text("id: x\n" + "k" * 5000 + ": 1\n")
    with pytest.raises(StoryError) as info:
        load_story(path)
    text = str(info.value)
    assert "\n" not in text and len(text) < 400
    assert text.startswith("odd\\nname.yaml: ")


def test_story_of_regions_only_has_a_first_view(tmp_path, geodata):
    # found by the edit test: no place more specific than a region left nothing to fit (NaN bounds)
    text = (STORIES / "ok-minimal.yaml").read_text().replace("precision: approximate", "precision: region")
    path = tmp_path / "regions.yaml"
    path.write_text(text)
    spec = load_entry(path, spec_builder(geodata)).spec
    (s, w), (n, e) = spec.fit_bounds
    assert 36 < s < n < 40 and 70 < w < e < 76


def test_a_story_written_as_json_may_be_larger_than_a_yaml_one(tmp_path):
    """JSON (generated stories) is read by the json module: its limit is 32 MB, YAML's 2 MB."""
    import json

    head = load_yaml(_minimal_head() + "passages: []\n", "head")
    head["places"] = [{"id": f"g{i}", "name": f"Place {i}", "precision": "region",
                       "geometry": {"layer": "gbao", "feature": "TJ-GB"}} for i in range(25_000)]
    head["passages"] = [{"id": f"p{i}", "text": f"Passage {i} about Place {i}.", "places": [f"g{i}"]} for i in range(25_000)]
    text = json.dumps(head, default=str)  # the date
    assert len(text) > MAX_STORY_BYTES  # over the YAML limit, under the JSON one
    (tmp_path / "big.json.yaml").write_text(text)
    story = load_story(tmp_path / "big.json.yaml")
    assert len(story.places) == 25_000 > 20_000  # the old limit
    yaml_form = tmp_path / "big.yaml"
    yaml_form.write_text("# a comment, so this is not JSON\n" + text)
    with pytest.raises(StoryError, match=r"big.yaml: file is [\d,]+ bytes; the limit is 2,000,000 \(a story written as JSON may be larger\)"):
        load_story(yaml_form)
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as f:
        f.write(b"{")
        f.truncate(MAX_JSON_STORY_BYTES + 1)  # sparse: refused from its size, unread
    with pytest.raises(StoryError, match=r"huge.yaml: file is 32,000,001 bytes; the limit is 32,000,000 for a story written as JSON"):
        load_story(huge)
