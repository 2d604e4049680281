"""The label table (components/map/labels.py) and its use by the print images."""

from __future__ import annotations

import shapely

from components.export.image import draw_static_map
from components.map.labels import LABEL_FIELDS, LABEL_KINDS, PLACE_COLUMNS, build_labels, labels_json
from components.map.spec import build_map_spec
from components.story.model import parse_story
from components.story.selection import Selection

from . import hostile


def _by_text(spec):
    return {lb.text: lb for lb in spec.labels}


def test_every_story_place_has_one_label_inside_its_feature(story, spec):
    story_labels = [lb for lb in spec.labels if lb.role == "story"]
    assert sorted(lb.place for lb in story_labels) == sorted(p.id for p in story.places)
    for lb in story_labels:
        assert lb.text == story.place(lb.place).name
        g = spec.geometry[lb.place]
        if lb.kind == "point":
            assert (lb.lat, lb.lon) == tuple(round(v, 5) for v in g.markers[0])
        elif lb.kind in ("area", "country"):
            assert g.shape.buffer(1e-4).contains(shapely.Point(lb.lon, lb.lat)), lb
        else:
            assert g.shape.distance(shapely.Point(lb.lon, lb.lat)) < 1e-4, lb


def test_context_names_the_surroundings_and_ranks_below_the_story(spec):
    by = _by_text(spec)
    for name in ("Kyrgyzstan", "Pakistan", "Uzbekistan", "Khorugh", "Murghob district", "Amu Darya"):
        assert by[name].role == "context", name
    assert by["Khorugh"].kind == "capital" and by["Kyrgyzstan"].kind == "country"
    # what a story place draws is not named twice (Ishkashim is also a feature of the districts file)
    assert not [lb for lb in spec.labels if lb.role == "context" and "Ishkoshim" in lb.text]
    assert min(lb.priority for lb in spec.labels if lb.role == "story") > max(
        lb.priority for lb in spec.labels if lb.role == "context")
    assert [lb.priority for lb in spec.labels] == sorted((lb.priority for lb in spec.labels), reverse=True)


def test_bigger_features_are_named_from_lower_zooms(spec):
    by = _by_text(spec)
    assert by["Gorno-Badakhshan (GBAO)"].min_zoom < by["Ishkashim district"].min_zoom
    assert by["Kazakhstan"].min_zoom < by["Murghob district"].min_zoom < by["Darvoz district"].min_zoom
    assert all(lb.min_zoom == 0 for lb in spec.labels if lb.kind == "point")  # a story's markers: always


def test_web_table_carries_every_label_in_order(spec):
    """Story labels travel by place row (their name is in the place table), the rest as rows;
    read back in the runtime's order (places, then rows) they are the table itself."""
    places = spec.story.places
    out = labels_json(spec.labels, places)
    cols, rows = out["places"], out["rows"]
    assert set(cols) == set(PLACE_COLUMNS) and all(len(r) == len(LABEL_FIELDS) for r in rows)
    back = [(f"place:{places[r].id}", places[r].name, lat, lon, LABEL_KINDS[k], "story", places[r].id)
            for r, k, lat, lon in zip(cols["row"], cols["kind"], cols["lat"], cols["lon"])]
    back += [tuple(r[:7]) for r in rows]
    assert back == [(lb.id, lb.text, lb.lat, lb.lon, lb.kind, lb.role, lb.place) for lb in spec.labels]
    assert len(cols["row"]) == sum(lb.role == "story" for lb in spec.labels) > 0


def test_hostile_names_stay_as_they_are(geodata):
    story = parse_story(__import__("yaml").safe_dump(hostile.story_dict()), "hostile.yaml")
    spec = build_map_spec(story, geodata)
    texts = {lb.place: lb.text for lb in spec.labels if lb.place}
    assert texts == hostile.PLACE_NAMES


def test_a_story_of_one_region_still_gets_labels(geodata):
    text = ("id: one\ntitle: T\nsource: {}\nplaces:\n  - {id: gbao, name: GBAO, precision: region,"
            " geometry: {layer: gbao, feature: TJ-GB}}\npassages:\n  - {id: p1, text: GBAO., places: [gbao]}\n")
    story = parse_story(text, "one.yaml")
    spec = build_map_spec(story, geodata)
    assert [lb.text for lb in spec.labels if lb.role == "story"] == ["GBAO"]
    assert draw_static_map(story, spec, geodata, dpi=50).labels


def test_print_labels_come_from_the_same_table(story, spec, geodata):
    m = draw_static_map(story, spec, geodata, dpi=60)
    table = {lb.text for lb in spec.labels}
    assert m.labels
    for placed in m.labels:
        # merged marker sites join the table's names; countries print in capitals
        parts = [p for p in table if p in placed or p.upper() == placed]
        assert parts, placed
    assert "Kyrgyzstan".upper() in m.labels or "Khorugh" in m.labels  # context names print too
    assert any(a.get_gid() == "inset" for a in m.fig.axes)


def test_print_relief_is_an_option(story, spec, geodata):
    plain = draw_static_map(story, spec, geodata, dpi=50)
    shaded = draw_static_map(story, spec, geodata, Selection(), dpi=50, relief=True)
    assert not [im for im in plain.ax.get_images() if im.get_gid() == "relief"]
    (im,) = [im for im in shaded.ax.get_images() if im.get_gid() == "relief"]
    assert im.get_array().std() > 5  # terrain, not a flat colour
