"""Large stories: synthetic stories validate, build fast enough to matter, grow linearly, cluster."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from components.map.assets import app_assets
from components.map.leaflet import CLUSTER_MIN_MARKERS, to_folium
from components.geo.geodata import load_geodata
from components.map.spec import build_map_spec
from components.story.model import load_story, parse_story
from components.ui.map_frame import render_for_streamlit

from .conftest import ROOT, SEED_STORY

sys.path.insert(0, str(ROOT / "bench"))
from synth import make_synthetic  # noqa: E402


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """n -> (story, geodata) for synthetic stories in one temp folder each."""
    out = {}
    for n in (10, 100, 1000):
        folder = tmp_path_factory.mktemp(f"synth{n}")
        path = make_synthetic(n, folder)
        out[n] = (load_story(path), load_geodata(folder / "geodata"), path)
    return out


def _payload(story, geodata) -> int:
    return render_for_streamlit(to_folium(build_map_spec(story, geodata), app_assets())).payload_bytes


def test_synthetic_stories_are_valid_story_files(synthetic):
    for n, (story, geodata, path) in synthetic.items():
        assert len(story.places) == n and len(story.passages) == n
        assert all(story.passages_of(p.id) for p in story.places)  # every place has its passage
        kinds = {p.geometry.layer for p in story.places}
        assert kinds == {"synth-points", "synth-areas"} or n < 10
    # the same generator and seed give the same file
    story, _, path = synthetic[100]
    again = make_synthetic(100, path.parent.parent.parent / "again")
    assert again.read_text() == path.read_text()


def test_synthetic_places_lie_inside_the_region(synthetic):
    _, geodata, _ = synthetic[1000]
    tjk = geodata.feature("countries", "TJK")
    pts = geodata.layer("synth-points").geometry
    assert pts.within(tjk.buffer(1e-6)).all()
    areas = geodata.layer("synth-areas").geometry
    assert areas.representative_point().within(tjk).all()


def test_payload_grows_linearly_with_places(synthetic):
    p10, p100, p1000 = (_payload(*synthetic[n][:2]) for n in (10, 100, 1000))
    small = (p100 - p10) / 90  # bytes per added place
    large = (p1000 - p100) / 900
    assert 0.8 < large / small < 1.25, (small, large)
    # bytes per place (issue 12: at most 0.3 KB): a row of the place table, a marker's numbers or
    # an area's outline, a label by place row; no HTML per marker (770 B per place before), no
    # label repeating its place's id and name (216 B per place with them, 174 without)
    assert large < 200, large


def test_large_stories_cluster_their_markers(synthetic, spec):
    """A large story's markers are drawn by the runtime's StoryPins layer (web/pins.js), from
    the marker columns: no clustering library, no Leaflet marker per place in the script."""
    big_spec = build_map_spec(*synthetic[1000][:2])
    assert len(big_spec.markers) > CLUSTER_MIN_MARKERS
    rendered = render_for_streamlit(to_folium(big_spec, app_assets()))
    assert "var pins = true ? s.pinLayer(m)" in rendered.script
    assert not any("markercluster" in src.lower() for src in rendered.js_links + rendered.css_links)
    seed = render_for_streamlit(to_folium(spec, app_assets()))
    assert "var pins = false ? s.pinLayer(m)" in seed.script  # the seed story's markers are made at once
    # markers travel as numbers: the only L.marker calls are the runtime's own, as for the seed story
    assert rendered.script.count("L.marker(") == seed.script.count("L.marker(")


def test_passages_of_matches_a_scan_of_the_passages(story, synthetic):
    for s in (story, synthetic[100][0]):
        for place in s.places:
            assert [p.id for p in s.passages_of(place.id)] == [p.id for p in s.passages if place.id in p.places]


def test_a_story_in_json_form_reads_as_its_yaml(story):
    data = yaml.safe_load(SEED_STORY.read_text(encoding="utf-8"))
    data["source"]["published"] = str(data["source"]["published"])
    assert parse_story(json.dumps(data), "seed.yaml") == story


def test_story_text_is_never_evaluated_as_a_template(geodata):
    text = SEED_STORY.read_text(encoding="utf-8").replace(
        "name: Dushanbe (capital of Tajikistan)", "name: \"Dushanbe {{ 7 * 7 }} {% if 1 %}x{% endif %}\"")
    story = parse_story(text, "t.yaml")
    m = to_folium(build_map_spec(story, geodata), app_assets())
    page = m.get_root().render()
    # the text reaches the page as JSON whose template openers are \u escapes (folium_map.js_json),
    # and the elements are added verbatim: never evaluated, shown literally once decoded by JS
    assert "Dushanbe \\u007b{ 7 * 7 }} \\u007b% if 1 %}x\\u007b% endif %}" in page
    assert "Dushanbe 49" not in page and "Dushanbe x" not in page


def test_synth_command_line_writes_a_valid_story(tmp_path):
    p = subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "10", str(tmp_path)],
                       capture_output=True, text=True, check=True)
    path = p.stdout.strip().splitlines()[-1]
    v = subprocess.run([sys.executable, "-m", "components", "validate", path], cwd=ROOT, capture_output=True,
                       text=True, env={"STORYMAP_GEODATA": str(tmp_path / "geodata"), "PATH": "/usr/bin:/bin"})
    assert v.returncode == 0, v.stderr
    assert "10 passages, 10 places" in v.stdout


def test_the_place_picker_of_a_large_story_lists_a_page_of_matches(synthetic, monkeypatch):
    """Over PICKER_LIMIT places the sidebar puts a search box before the picker: the picker
    lists the first matches (story order), always with the selected place; a small story's
    picker lists every place, as before."""
    from streamlit.testing.v1 import AppTest

    from components.ui.sidebar import PICKER_LIMIT, picker_places

    story, _, path = synthetic[1000]
    seed = load_story(SEED_STORY)
    assert picker_places(seed, "", None) == (list(seed.places), len(seed.places))
    shown, found = picker_places(story, "", None)
    assert found == 1000 and shown == list(story.places[:PICKER_LIMIT])
    last = story.places[-1]
    shown, found = picker_places(story, "", last.id)
    assert shown[0] is last and len(shown) == PICKER_LIMIT  # the selection stays pickable
    shown, found = picker_places(story, f" {last.name.upper()} ", None)
    assert last in shown and all(last.name.casefold() in p.name.casefold() for p in shown) and found == len(shown)

    monkeypatch.setenv("STORYMAP_STORIES", str(path.parent))
    monkeypatch.setenv("STORYMAP_GEODATA", str(path.parent.parent / "geodata"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert len(at.selectbox(key="place_pick").options) == PICKER_LIMIT
    at.text_input(key="place_find").input(last.name).run()
    picker = at.selectbox(key="place_pick")
    assert picker.options == [last.name] or last.name in picker.options
    picker.select(last.id).run()
    assert not at.exception, at.exception
    assert at.session_state["sel"].place == last.id
