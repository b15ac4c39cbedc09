import json

import pytest

from meahub.core import maps


def test_every_geometry_of_the_atlas_becomes_one_shape():
    with open(maps.TOPOLOGY_PATH, encoding="utf-8") as handle:
        topology = json.load(handle)

    shapes = maps.world_shapes()

    assert len(shapes) == len(topology["objects"]["countries"]["geometries"]) == 177


def test_uzbekistan_has_a_path_under_its_iso_numeric_code():
    shapes = {shape.numeric: shape for shape in maps.world_shapes()}

    uzbekistan = shapes["860"]

    assert uzbekistan.name == "Uzbekistan"
    assert uzbekistan.path.startswith("M")
    assert uzbekistan.path.endswith("z")


def test_shapes_are_decoded_once_per_process():
    assert maps.world_shapes() is maps.world_shapes()


def test_delta_encoded_arcs_are_decoded_with_the_transform():
    topology = {
        "transform": {"scale": [0.5, 2], "translate": [10, -5]},
        "arcs": [[[0, 0], [2, 1], [1, -1]]],
    }

    assert maps.decode_arcs(topology) == [[(10.0, -5.0), (11.0, -3.0), (11.5, -5.0)]]


def test_a_negative_arc_index_joins_the_arc_reversed_without_repeating_the_joint():
    arcs = [[(0.0, 0.0), (1.0, 0.0)], [(0.0, 1.0), (1.0, 0.0)]]

    assert maps.ring_points([0, ~1], arcs) == [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)]


def test_equal_earth_puts_the_origin_in_the_middle_of_the_map():
    x, y = maps.to_svg(0, 0)

    assert x == pytest.approx(maps.MAP_WIDTH / 2)
    assert y == pytest.approx(maps.MAP_HEIGHT / 2, abs=0.1)


def test_the_antimeridian_edges_are_the_left_and_right_ends_of_the_equator():
    assert maps.to_svg(-180, 0)[0] == pytest.approx(0)
    assert maps.to_svg(180, 0)[0] == pytest.approx(maps.MAP_WIDTH)


def test_a_ring_across_the_antimeridian_runs_on_past_180_degrees():
    ring = [(179.0, 60.0), (-179.0, 60.0), (-179.0, 62.0), (179.0, 62.0), (179.0, 60.0)]

    assert maps.unwrap_ring(ring) == [
        (179.0, 60.0),
        (181.0, 60.0),
        (181.0, 62.0),
        (179.0, 62.0),
        (179.0, 60.0),
    ]


def test_a_ring_around_the_south_pole_is_closed_along_the_pole():
    ring = [(-180.0, -70.0), (0.0, -70.0), (180.0, -70.0)]

    points = maps.unwrap_ring(ring)

    assert points[-2:] == [(180.0, -90.0), (-180.0, -90.0)]


def test_the_map_colours_countries_by_category_and_counts_them_in_the_legend():
    party = maps.MapCategory(key="party", label="Party")
    signatory = maps.MapCategory(key="signatory", label="Signatory")
    regions = {
        "860": maps.MapRegion(category="signatory", title="Uzbekistan — Signatory"),
        "762": maps.MapRegion(category="signatory", title="Tajikistan — Signatory"),
        "690": maps.MapRegion(category="signatory", title="Seychelles — Signatory"),
    }

    world = maps.world_map(regions, [party, signatory])

    coloured = sorted(c.title for c in world.countries if c.category == "signatory")
    assert coloured == ["Tajikistan — Signatory", "Uzbekistan — Signatory"]
    assert world.legend == [(signatory, 3)]
    assert world.missing == ["Seychelles — Signatory"]
