"""The blueprint layout (layout.py): each phase on small graphs, then invariants on random ones.

The invariants are what makes a drawing read: boxes never overlap, every
route is made of horizontal and vertical stretches that cross no box (other
than at their own ends), no two routes run along the same stretch, the first
stretch out of a port (where the edge's label goes) is long enough and no
other route crosses it, and time only runs one way for forward edges.
"""

from __future__ import annotations

import time
from itertools import combinations, pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from frictionmap.layout import Box, Layout, Sizes, back_edges, blueprint_layout, longest_path_layers

Segment = tuple[tuple[float, float], tuple[float, float]]
EPS = 1e-6
DEFAULT = Sizes()


def layout_of(
    nodes: list[str],
    edges: list[tuple[str, str]],
    lanes: dict[str, int] | None = None,
    sizes: Sizes = DEFAULT,
    heights: dict[str, float] | None = None,
) -> Layout:
    return blueprint_layout(
        nodes,
        edges,
        lanes=lanes or dict.fromkeys(nodes, 0),
        box_sizes={n: (160.0, (heights or {}).get(n, 50.0)) for n in nodes},
        start=nodes[0],
        sizes=sizes,
    )


def test_back_edges_go_to_a_step_no_later_than_their_source() -> None:
    nodes = ["a", "b", "c", "d"]
    edges = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "d"), ("d", "b")]
    assert back_edges(nodes, edges, "a") == {("c", "a"), ("d", "b")}


def test_a_step_reached_at_once_is_early_even_when_a_retry_also_leads_there() -> None:
    # web -> call is the first try; fix -> call is the retry, the loop back.
    nodes = ["web", "mail", "wait", "fix", "call", "hold"]
    edges = [
        ("web", "mail"),
        ("web", "call"),
        ("mail", "wait"),
        ("wait", "fix"),
        ("call", "hold"),
        ("hold", "fix"),
        ("fix", "call"),
    ]
    assert back_edges(nodes, edges, "web") == {("fix", "call")}


def test_back_edges_start_from_the_start_not_the_first_node() -> None:
    assert back_edges(["a", "b"], [("a", "b"), ("b", "a")], "b") == {("a", "b")}
    assert back_edges(["a", "b"], [("a", "b"), ("b", "a")], "a") == {("b", "a")}


def test_longest_path_layering() -> None:
    nodes = ["s", "x", "y", "t"]
    dag = [("s", "x"), ("x", "y"), ("y", "t"), ("s", "t")]
    assert longest_path_layers(nodes, dag) == {"s": 0, "x": 1, "y": 2, "t": 3}


def test_a_short_journey_runs_left_to_right_in_its_lanes() -> None:
    nodes = ["call", "menu", "agent", "done"]
    edges = [("call", "menu"), ("menu", "agent"), ("agent", "done"), ("menu", "done")]
    lanes = {"call": 0, "menu": 1, "agent": 2, "done": 0}
    layout = layout_of(nodes, edges, lanes)
    assert not layout.downwards
    boxes = layout.boxes
    assert [boxes[n].layer for n in nodes] == [0, 1, 2, 3]
    assert boxes["call"].x < boxes["menu"].x < boxes["agent"].x < boxes["done"].x
    # Lanes are stripes from top to bottom, in lane order; only lanes in use.
    assert [band.lane for band in layout.bands] == [0, 1, 2]
    for node in nodes:
        band = layout.bands[lanes[node]]
        box = boxes[node]
        assert band.y <= box.y and box.y + box.height <= band.y + band.height
    # The skip from the menu to the end runs in a gutter, not through the agent.
    assert_readable(layout, nodes, edges)


def test_a_long_journey_runs_downwards_and_fits_the_width() -> None:
    nodes = [f"s{i}" for i in range(20)]
    edges = [(a, b) for a, b in pairwise(nodes)] + [("s15", "s3")]
    lanes = {n: i % 3 for i, n in enumerate(nodes)}
    layout = layout_of(nodes, edges, lanes)
    assert layout.downwards
    assert layout.width <= Sizes().max_width
    ys = [layout.boxes[n].y for n in nodes]
    assert ys == sorted(ys)
    back = layout.routes[-1]
    assert back.back and not back.self_loop
    assert_readable(layout, nodes, edges)


def test_only_the_lanes_in_use_are_drawn_and_boxes_grow_for_their_ports() -> None:
    nodes = ["menu", "a", "b", "c", "d"]
    edges = [("menu", x) for x in "abcd"]
    layout = layout_of(nodes, edges, {"menu": 1, "a": 4, "b": 4, "c": 4, "d": 4})
    assert [band.lane for band in layout.bands] == [1, 4]
    # Four ports one label height apart need more than the 50 asked for.
    assert layout.boxes["menu"].height >= 5 * Sizes().port_pitch_across


def test_the_layout_is_deterministic() -> None:
    nodes = [f"n{i}" for i in range(12)]
    edges = [(nodes[i], nodes[(i * 5 + 3) % 12]) for i in range(12)]
    edges += [(nodes[i], nodes[i + 1]) for i in range(11) if (nodes[i], nodes[i + 1]) not in edges]
    lanes = {n: i % 4 for i, n in enumerate(nodes)}
    assert layout_of(nodes, edges, lanes) == layout_of(nodes, edges, lanes)


# -- what makes a drawing readable, checked on any layout ------------------------------


def segments(points: tuple[tuple[float, float], ...]) -> list[Segment]:
    return [(a, b) for a, b in pairwise(points) if a != b]


def crosses_box(segment: Segment, box: Box) -> bool:
    """Whether the segment passes through the box's inside (touching its border is not)."""
    (x0, y0), (x1, y1) = segment
    left, right = min(x0, x1), max(x0, x1)
    top, bottom = min(y0, y1), max(y0, y1)
    return (
        left < box.x + box.width - EPS
        and right > box.x + EPS
        and top < box.y + box.height - EPS
        and bottom > box.y + EPS
    )


def collinear_overlap(a: Segment, b: Segment) -> bool:
    (ax0, ay0), (ax1, ay1) = a
    (bx0, by0), (bx1, by1) = b
    if ay0 == ay1 == by0 == by1:  # both horizontal on one line
        return min(max(ax0, ax1), max(bx0, bx1)) - max(min(ax0, ax1), min(bx0, bx1)) > EPS
    if ax0 == ax1 == bx0 == bx1:
        return min(max(ay0, ay1), max(by0, by1)) - max(min(ay0, ay1), min(by0, by1)) > EPS
    return False


def assert_readable(
    layout: Layout, nodes: list[str], edges: list[tuple[str, str]], sizes: Sizes = DEFAULT
) -> None:
    assert list(layout.boxes) == nodes
    assert len(layout.routes) == len(edges)
    boxes = list(layout.boxes.items())
    for (_, a), (_, b) in combinations(boxes, 2):
        apart_x = a.x + a.width <= b.x + EPS or b.x + b.width <= a.x + EPS
        apart_y = a.y + a.height <= b.y + EPS or b.y + b.height <= a.y + EPS
        assert apart_x or apart_y, (a, b)
    for _, box in boxes:
        assert box.x >= 0 and box.y >= 0
        assert box.x + box.width <= layout.width + EPS
        assert box.y + box.height <= layout.height + EPS
    room = sizes.label_room_down if layout.downwards else sizes.label_room_across
    all_segments = [(i, s) for i, r in enumerate(layout.routes) for s in segments(r.points)]
    for i, route in enumerate(layout.routes):
        parts = segments(route.points)
        for segment in parts:
            # Horizontal and vertical stretches only.
            (x0, y0), (x1, y1) = segment
            assert x0 == x1 or y0 == y1
            for name, box in boxes:
                assert not crosses_box(segment, box), (route, name)
        # The first stretch, out of the port, holds the label: long enough, and
        # no other route runs into it.
        (x0, y0), (x1, y1) = parts[0]
        assert abs(x1 - x0) + abs(y1 - y0) >= room - EPS
        for j, other in all_segments:
            if j != i:
                assert not collinear_overlap(parts[0], other)
                (ox0, oy0), (ox1, oy1) = other
                if layout.downwards:
                    # The label sits right of a downward stretch, one label wide.
                    label = Box(x0, y0, sizes.port_pitch_down - 6, room, 0, 0)
                else:
                    label = Box(x0, y0 - 13, room, 13, 0, 0)
                assert not crosses_box(other, label), (route, layout.routes[j])
        source, target = layout.boxes[route.source], layout.boxes[route.target]
        if not route.back:
            assert source.layer < target.layer
    for (i, a), (j, b) in combinations(all_segments, 2):
        if i != j:
            assert not collinear_overlap(a, b), (layout.routes[i], layout.routes[j])


graphs = st.integers(min_value=1, max_value=14).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n, unique=True
        ),
        st.lists(st.integers(0, 4), min_size=n, max_size=n),
        st.lists(st.sampled_from([40.0, 56.0, 90.0]), min_size=n, max_size=n),
    )
)


@settings(max_examples=150, deadline=None)
@given(graphs)
def test_invariants_on_random_graphs(
    graph: tuple[int, list[tuple[int, int]], list[int], list[float]],
) -> None:
    n, pairs, lanes, heights = graph
    nodes = [f"s{i}" for i in range(n)]
    edges = [(nodes[a], nodes[b]) for a, b in pairs]
    layout = layout_of(
        nodes,
        edges,
        dict(zip(nodes, lanes, strict=True)),
        heights=dict(zip(nodes, heights, strict=True)),
    )
    assert_readable(layout, nodes, edges)
    reversed_edges = back_edges(nodes, edges, nodes[0])
    for (source, target), route in zip(edges, layout.routes, strict=True):
        assert route.self_loop == (source == target)
        assert route.back == (source == target or (source, target) in reversed_edges)


def test_a_large_journey_lays_out_in_reasonable_time() -> None:
    # 2,000 steps: a chain with a retry loop every 10 steps and a long loop back.
    n = 2000
    nodes = [f"s{i}" for i in range(n)]
    edges = [(nodes[i], nodes[i + 1]) for i in range(n - 1)]
    edges += [(nodes[i], nodes[i - 5]) for i in range(10, n, 10)]
    edges += [(nodes[n - 1], nodes[0])]
    began = time.perf_counter()
    layout = layout_of(nodes, edges, {x: i % 5 for i, x in enumerate(nodes)})
    assert time.perf_counter() - began < 20
    assert len(layout.boxes) == n


def test_many_parallel_steps_of_one_lane_flow_along_time_not_across() -> None:
    # A menu with 12 options in one lane: at most cell_capacity side by side.
    options = [f"o{i}" for i in range(12)]
    nodes = ["menu", *options, "end"]
    edges = [("menu", o) for o in options] + [(o, "end") for o in options]
    layout = layout_of(nodes, edges, dict.fromkeys(nodes, 0))
    per_layer: dict[int, int] = {}
    for option in options:
        per_layer[layout.boxes[option].layer] = per_layer.get(layout.boxes[option].layer, 0) + 1
    assert max(per_layer.values()) == DEFAULT.cell_capacity
    assert layout.boxes["end"].layer > max(per_layer)
    assert_readable(layout, nodes, edges)
