"""The layered layout (layout.py): each phase on small graphs, then invariants on random ones."""

from __future__ import annotations

import time
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from frictionmap.layout import (
    Sizes,
    back_edges,
    count_crossings,
    fit_ordered,
    layered_layout,
    longest_path_layers,
)


def test_back_edges_are_the_edges_closing_a_cycle_in_dfs_order() -> None:
    nodes = ["a", "b", "c", "d"]
    edges = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "d"), ("d", "b")]
    assert back_edges(nodes, edges, "a") == {("c", "a"), ("d", "b")}


def test_back_edges_start_from_the_start_not_the_first_node() -> None:
    # From "b", the edge a -> b is not a back edge; b -> a closes the cycle.
    assert back_edges(["a", "b"], [("a", "b"), ("b", "a")], "b") == {("a", "b")}
    assert back_edges(["a", "b"], [("a", "b"), ("b", "a")], "a") == {("b", "a")}


def test_longest_path_layering() -> None:
    nodes = ["s", "x", "y", "t"]
    dag = [("s", "x"), ("x", "y"), ("y", "t"), ("s", "t")]
    assert longest_path_layers(nodes, dag) == {"s": 0, "x": 1, "y": 2, "t": 3}


def test_count_crossings() -> None:
    upper = {0: 0, 1: 1, 2: 2}
    lower = {3: 0, 4: 1, 5: 2}
    assert count_crossings(upper, lower, [(0, 3), (1, 4), (2, 5)]) == 0
    assert count_crossings(upper, lower, [(0, 5), (1, 4), (2, 3)]) == 3
    assert count_crossings(upper, lower, [(0, 4), (1, 3)]) == 1
    # Edges sharing an end do not cross.
    assert count_crossings(upper, lower, [(0, 3), (0, 4), (1, 4)]) == 0


def test_fit_ordered_keeps_order_and_separation_closest_to_wishes() -> None:
    # Two nodes both wanting 10, at least 20 apart: they straddle 10.
    assert fit_ordered([10.0, 10.0], [0.0, 20.0]) == [0.0, 20.0]
    # Wishes already far enough apart are kept.
    assert fit_ordered([0.0, 50.0, 100.0], [0.0, 20.0, 40.0]) == [0.0, 50.0, 100.0]
    # An inverted pair is pooled around its mean.
    assert fit_ordered([30.0, 0.0], [0.0, 10.0]) == [10.0, 20.0]


def test_a_diamond_with_a_loop_back() -> None:
    sizes = Sizes()
    nodes = ["start", "left", "right", "end"]
    edges = [
        ("start", "left"),
        ("start", "right"),
        ("left", "end"),
        ("right", "end"),
        ("end", "start"),
    ]
    layout = layered_layout(nodes, edges, "start", sizes)
    layers = {n: b.layer for n, b in layout.boxes.items()}
    assert layers == {"start": 0, "left": 1, "right": 1, "end": 2}
    assert {layout.boxes["left"].order, layout.boxes["right"].order} == {0, 1}
    column = sizes.box_width + sizes.layer_gap
    assert [layout.boxes[n].x for n in nodes] == [
        sizes.margin,
        sizes.margin + column,
        sizes.margin + column,
        sizes.margin + 2 * column,
    ]
    # The two middle boxes are one box height plus the gap apart.
    left, right = layout.boxes["left"], layout.boxes["right"]
    assert abs(left.y - right.y) == sizes.box_height + sizes.node_gap
    back = layout.routes[4]
    assert (back.source, back.target, back.back, back.self_loop) == ("end", "start", True, False)
    # A loop back over two columns crosses the middle column straight, right to
    # left, beside the boxes there (its dummy node takes a slot in the column).
    assert len(back.points) == 4
    assert [x for x, _ in back.points] == [
        layout.boxes["end"].x,
        left.x + left.width,
        left.x,
        layout.boxes["start"].x + layout.boxes["start"].width,
    ]
    crossing = back.points[1][1]
    assert back.points[2][1] == crossing
    for box in (left, right):
        assert (
            crossing <= box.y - sizes.dummy_gap or crossing >= box.y + box.height + sizes.dummy_gap
        )
    # Start and end have the same neighbours, so they sit at the same height.
    assert layout.boxes["start"].cy == layout.boxes["end"].cy


def test_a_self_loop_sits_on_top_of_its_box() -> None:
    layout = layered_layout(["a", "b"], [("a", "a"), ("a", "b")], "a")
    loop = layout.routes[0]
    box = layout.boxes["a"]
    assert loop.self_loop
    assert [y for _, y in loop.points] == [box.y, box.y]
    assert box.y >= Sizes().margin + Sizes().loop_room


def test_the_layout_is_deterministic() -> None:
    nodes = [f"n{i}" for i in range(12)]
    edges = [(nodes[i], nodes[(i * 5 + 3) % 12]) for i in range(12)]
    edges += [(nodes[i], nodes[i + 1]) for i in range(11)]
    assert layered_layout(nodes, edges, "n0") == layered_layout(nodes, edges, "n0")


def test_barycentre_sweeps_remove_crossings_of_a_crossed_start() -> None:
    # The reading order puts a1 over a2 but their targets the other way round.
    nodes = ["s", "a1", "a2", "b2", "b1"]
    edges = [("s", "a1"), ("s", "a2"), ("a1", "b1"), ("a2", "b2")]
    layout = layered_layout(nodes, edges, "s")
    boxes = layout.boxes
    assert (boxes["a1"].order < boxes["a2"].order) == (boxes["b1"].order < boxes["b2"].order)


graphs = st.integers(min_value=1, max_value=14).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n, unique=True
        ),
    )
)


@settings(max_examples=150, deadline=None)
@given(graphs)
def test_invariants_on_random_graphs(graph: tuple[int, list[tuple[int, int]]]) -> None:
    n, pairs = graph
    sizes = Sizes()
    nodes = [f"s{i}" for i in range(n)]
    edges = [(nodes[a], nodes[b]) for a, b in pairs]
    layout = layered_layout(nodes, edges, nodes[0], sizes)
    assert list(layout.boxes) == nodes
    assert len(layout.routes) == len(edges)
    reversed_edges = back_edges(nodes, edges, nodes[0])
    for (source, target), route in zip(edges, layout.routes, strict=True):
        a, b = layout.boxes[source], layout.boxes[target]
        if source == target:
            assert route.self_loop
        elif (source, target) in reversed_edges:
            assert route.back and a.layer > b.layer
        else:
            # Forward edges go right, through points that never go back left.
            assert a.layer < b.layer
            xs = [x for x, _ in route.points]
            assert xs == sorted(xs)
            assert route.points[0][0] == a.x + a.width and route.points[-1][0] == b.x
    # Boxes of one column never overlap, and everything fits in the drawing.
    columns: dict[int, list[float]] = {}
    for box in layout.boxes.values():
        columns.setdefault(box.layer, []).append(box.y)
        assert box.x >= 0 and box.y >= 0
        assert box.x + box.width <= layout.width and box.y + box.height <= layout.height
    # (two boxes with an edge passing between them are 2 x dummy_gap apart)
    gap = min(sizes.node_gap, 2 * sizes.dummy_gap)
    for ys in columns.values():
        ys.sort()
        for above, below in pairwise(ys):
            assert below - above >= sizes.box_height + gap - 1e-6


def test_a_large_journey_lays_out_in_reasonable_time() -> None:
    # 2,000 steps: a chain with a retry loop every 10 steps and a long loop back.
    n = 2000
    nodes = [f"s{i}" for i in range(n)]
    edges = [(nodes[i], nodes[i + 1]) for i in range(n - 1)]
    edges += [(nodes[i], nodes[i - 5]) for i in range(10, n, 10)]
    edges += [(nodes[n - 1], nodes[0])]
    began = time.perf_counter()
    layout = layered_layout(nodes, edges, nodes[0])
    assert time.perf_counter() - began < 20
    assert len(layout.boxes) == n
