"""A layered (Sugiyama-style) left-to-right layout of a directed graph, in pure Python.

The journey drawings (SVG in the HTML report and `frictionmap graph --format svg`)
need boxes placed in columns with few crossings, without a Graphviz binary. The
classic four phases, each polynomial and deterministic (ties broken by the order
the nodes and edges were given, which is the journey's reading order):

1. **Cycle removal**: a depth-first search from the start; an edge into a node
   still on the DFS stack is a back edge (a loop back in the journey) and is
   reversed, which leaves a DAG.
2. **Layering**: longest path from the sources of that DAG (Kahn's topological
   order); an edge spanning several layers gets one dummy node per layer crossed.
3. **Ordering**: barycentre sweeps down and up the layers, keeping the order
   with the fewest crossings (counted with a Fenwick tree, O(E log V)).
4. **Coordinates**: columns by layer; within a column, each node is pulled to
   the mean height of its neighbours, and the order is kept with the minimum
   separation by an isotonic (pool-adjacent-violators) least-squares fit.

Edges come back as routes: the points they pass through (their ports on the
boxes and their dummy nodes), for the renderer to draw as curves.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

Point = tuple[float, float]

SWEEPS = 6  # down+up barycentre passes; more rarely helps on journeys
PULLS = 4  # coordinate passes towards neighbours' mean height
# Dummy nodes allowed per real node. Long edges cost one dummy per column they
# cross, so many long edges on a long journey would cost O(E x L); past this
# budget the longest edges are drawn straight, without taking part in ordering.
DUMMIES_PER_NODE = 8
MIN_DUMMIES = 2000


@dataclass(frozen=True)
class Sizes:
    """Box size and gaps, in SVG user units."""

    box_width: float = 168.0
    box_height: float = 56.0
    layer_gap: float = 112.0  # horizontal room between columns, for edge labels
    node_gap: float = 30.0  # vertical room between boxes of a column
    dummy_gap: float = 14.0  # vertical room next to an edge passing through a column
    margin: float = 24.0
    loop_room: float = 28.0  # above the top boxes, for self-loops


@dataclass(frozen=True)
class Box:
    """A node's box: top-left corner, size, and its place in the layering."""

    x: float
    y: float
    width: float
    height: float
    layer: int
    order: int

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Route:
    """How one edge is drawn.

    `points` runs from the source's port to the target's port through the
    edge's dummy nodes. A forward edge leaves the right side and enters the left
    side. A `back` edge (a loop back) spanning columns leaves the left side and
    enters the right side; between neighbouring columns it has two points, on
    the bottoms of the two boxes. A `self_loop` has the two ends of the loop on
    the top of its box.
    """

    source: str
    target: str
    points: tuple[Point, ...]
    back: bool = False
    self_loop: bool = False


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Box]
    routes: tuple[Route, ...]  # one per edge, in the order the edges were given
    width: float
    height: float


# -- phase 1: cycle removal ----------------------------------------------------


def back_edges(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]], start: str | None
) -> set[tuple[str, str]]:
    """Edges into a node still on the stack of a DFS from `start`, then from the
    remaining nodes in the order given. Self-loops are not included."""
    successors: dict[str, list[str]] = {n: [] for n in nodes}
    for source, target in edges:
        if source != target and target not in successors[source]:
            successors[source].append(target)
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    found: set[tuple[str, str]] = set()
    roots = ([start] if start in successors else []) + list(nodes)
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, index = stack[-1]
            if index == len(successors[node]):
                state[node] = 2
                stack.pop()
                continue
            stack[-1] = (node, index + 1)
            succ = successors[node][index]
            if state.get(succ) == 1:
                found.add((node, succ))
            elif succ not in state:
                state[succ] = 1
                stack.append((succ, 0))
    return found


# -- phase 2: layering ---------------------------------------------------------


def longest_path_layers(nodes: Sequence[str], dag: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Layer of each node: the length of the longest DAG path reaching it."""
    rank = {n: i for i, n in enumerate(nodes)}
    successors: dict[str, list[str]] = {n: [] for n in nodes}
    indegree = dict.fromkeys(nodes, 0)
    for source, target in dag:
        successors[source].append(target)
        indegree[target] += 1
    layer = dict.fromkeys(nodes, 0)
    ready = [(rank[n], n) for n in nodes if indegree[n] == 0]
    heapq.heapify(ready)
    while ready:
        _, node = heapq.heappop(ready)
        for succ in successors[node]:
            layer[succ] = max(layer[succ], layer[node] + 1)
            indegree[succ] -= 1
            if indegree[succ] == 0:
                heapq.heappush(ready, (rank[succ], succ))
    return layer


# -- phase 3: ordering -----------------------------------------------------------


def count_crossings(
    upper: dict[int, int], lower: dict[int, int], edges: list[tuple[int, int]]
) -> int:
    """Crossings between two adjacent layers: inversions of the lower ends once the
    edges are sorted by their upper ends (Barth, Juenger and Mutzel's reduction)."""
    pairs = sorted((upper[a], lower[b]) for a, b in edges)
    size = len(lower) + 1
    tree = [0] * (size + 1)
    crossings = 0
    for seen, (_, position) in enumerate(pairs):
        # how many earlier edges end strictly to the right of this one
        index, not_right = position + 1, 0
        while index > 0:
            not_right += tree[index]
            index -= index & -index
        crossings += seen - not_right
        index = position + 1
        while index <= size:
            tree[index] += 1
            index += index & -index
    return crossings


def _positions(layers: list[list[int]]) -> list[dict[int, int]]:
    return [{node: i for i, node in enumerate(layer)} for layer in layers]


def _total_crossings(layers: list[list[int]], between: list[list[tuple[int, int]]]) -> int:
    positions = _positions(layers)
    return sum(
        count_crossings(positions[i], positions[i + 1], between[i]) for i in range(len(layers) - 1)
    )


def _sweep(
    layers: list[list[int]],
    neighbours: list[list[int]],
    order: range,
    step: int,
) -> None:
    """Reorder each layer of `order` by the barycentre of its neighbours in layer i - step."""
    for i in order:
        reference = {node: p for p, node in enumerate(layers[i - step])}

        def key(item: tuple[int, int], reference: dict[int, int] = reference) -> tuple[float, int]:
            position, node = item
            near = [reference[n] for n in neighbours[node] if n in reference]
            # A node with no neighbour there keeps its place.
            return (sum(near) / len(near) if near else float(position), position)

        layers[i] = [node for _, node in sorted(enumerate(layers[i]), key=key)]


def order_layers(
    layers: list[list[int]],
    up: list[list[int]],
    down: list[list[int]],
    between: list[list[tuple[int, int]]],
) -> list[list[int]]:
    """Barycentre sweeps; the ordering with the fewest crossings wins (first on ties)."""
    best = [list(layer) for layer in layers]
    best_crossings = _total_crossings(best, between)
    current = [list(layer) for layer in layers]
    for _ in range(SWEEPS):
        if best_crossings == 0:
            break
        _sweep(current, up, range(1, len(current)), 1)
        _sweep(current, down, range(len(current) - 2, -1, -1), -1)
        crossings = _total_crossings(current, between)
        if crossings < best_crossings:
            best, best_crossings = [list(layer) for layer in current], crossings
    return best


# -- phase 4: coordinates --------------------------------------------------------


def fit_ordered(desired: list[float], offsets: list[float]) -> list[float]:
    """Least-squares positions closest to `desired` with y[i+1] - y[i] >= the gap
    between offsets[i] and offsets[i+1] (pool adjacent violators on y - offset)."""
    blocks: list[list[float]] = []  # [mean, weight]
    for value, offset in zip(desired, offsets, strict=True):
        blocks.append([value - offset, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, weight = blocks.pop()
            previous = blocks[-1]
            total = previous[1] + weight
            previous[0] = (previous[0] * previous[1] + mean * weight) / total
            previous[1] = total
    fitted: list[float] = []
    for mean, weight in blocks:
        fitted.extend([mean] * int(weight))
    return [value + offset for value, offset in zip(fitted, offsets, strict=True)]


def _column_offsets(layer: list[int], heights: list[float], sizes: Sizes, real: int) -> list[float]:
    """Cumulative centre-to-centre minimum distances down a column (nodes below
    `real` are boxes, the others dummies that only need room for a line)."""
    offsets = [0.0]
    for above, below in pairwise(layer):
        gap = sizes.node_gap if above < real and below < real else sizes.dummy_gap
        offsets.append(offsets[-1] + (heights[above] + heights[below]) / 2 + gap)
    return offsets


def _place(
    layers: list[list[int]],
    up: list[list[int]],
    down: list[list[int]],
    heights: list[float],
    sizes: Sizes,
    real: int,
) -> list[float]:
    """Centre height of every node (real and dummy)."""
    centre = [0.0] * len(heights)
    offsets = [_column_offsets(layer, heights, sizes, real) for layer in layers]
    tallest = max((o[-1] for o in offsets if o), default=0.0)
    for layer, offset in zip(layers, offsets, strict=True):
        shift = (tallest - offset[-1]) / 2 if offset else 0.0
        for node, value in zip(layer, offset, strict=True):
            centre[node] = value + shift
    for _ in range(PULLS):
        for sweep, neighbours in (
            (range(1, len(layers)), up),
            (range(len(layers) - 2, -1, -1), down),
        ):
            for i in sweep:
                desired = []
                for node in layers[i]:
                    near = [centre[n] for n in neighbours[node]]
                    desired.append(sum(near) / len(near) if near else centre[node])
                for node, value in zip(layers[i], fit_ordered(desired, offsets[i]), strict=True):
                    centre[node] = value
    return centre


# -- the whole layout ------------------------------------------------------------


def layered_layout(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    start: str | None = None,
    sizes: Sizes = Sizes(),
) -> Layout:
    """Boxes and edge routes for `nodes` and `edges`, flowing left to right from `start`.

    `edges` may hold self-loops and cycles; duplicates are drawn once each.
    """
    if not nodes:
        return Layout({}, (), 2 * sizes.margin, 2 * sizes.margin)
    index = {n: i for i, n in enumerate(nodes)}
    reversed_edges = back_edges(nodes, edges, start)
    # The DAG, each pair once, oriented along the flow.
    dag: list[tuple[str, str]] = []
    in_dag: set[tuple[str, str]] = set()
    for source, target in edges:
        if source == target:
            continue
        pair = (target, source) if (source, target) in reversed_edges else (source, target)
        if pair not in in_dag:
            in_dag.add(pair)
            dag.append(pair)
    layer_of = longest_path_layers(nodes, dag)

    # Internal node numbers: real nodes first, then one dummy per layer crossed,
    # shortest edges first while the budget lasts.
    real = len(nodes)
    node_layer = [layer_of[n] for n in nodes]
    budget = max(MIN_DUMMIES, DUMMIES_PER_NODE * real)
    chains: dict[tuple[str, str], list[int]] = {}
    for source, target in sorted(dag, key=lambda e: layer_of[e[1]] - layer_of[e[0]]):
        span = layer_of[target] - layer_of[source]
        if span - 1 > budget:
            continue  # drawn straight: no chain
        budget -= span - 1
        chain = [index[source]]
        for layer in range(layer_of[source] + 1, layer_of[target]):
            node_layer.append(layer)
            chain.append(len(node_layer) - 1)
        chain.append(index[target])
        chains[(source, target)] = chain
    count = len(node_layer)
    up: list[list[int]] = [[] for _ in range(count)]
    down: list[list[int]] = [[] for _ in range(count)]
    depth = max(node_layer) + 1
    between: list[list[tuple[int, int]]] = [[] for _ in range(depth)]
    for pair in dag:  # in reading order, which the initial ordering follows
        chain = chains.get(pair, [])
        for a, b in pairwise(chain):
            down[a].append(b)
            up[b].append(a)
            between[node_layer[a]].append((a, b))

    # Initial order: depth-first discovery from the start, then the rest as given.
    discovery = _discovery(count, down, [index[start]] if start in index else [])
    layers: list[list[int]] = [[] for _ in range(depth)]
    for node in sorted(range(count), key=discovery.__getitem__):
        layers[node_layer[node]].append(node)
    layers = order_layers(layers, up, down, between)

    heights = [sizes.box_height if n < real else 0.0 for n in range(count)]
    centre = _place(layers, up, down, heights, sizes, real)
    top = min(centre[n] - heights[n] / 2 for n in range(count))
    dy = sizes.margin + sizes.loop_room - top
    column = sizes.box_width + sizes.layer_gap

    def x_of(layer: int) -> float:
        return sizes.margin + layer * column

    boxes: dict[str, Box] = {}
    for column_nodes in layers:
        for order, node in enumerate(n for n in column_nodes if n < real):
            boxes[nodes[node]] = Box(
                x_of(node_layer[node]),
                centre[node] - heights[node] / 2 + dy,
                sizes.box_width,
                sizes.box_height,
                node_layer[node],
                order,
            )
    boxes = {n: boxes[n] for n in nodes}
    # An edge crosses a column straight, from its left to its right edge at its
    # dummy's height, so that it only bends in the gaps between columns.
    dummy_point = {
        n: (
            (x_of(node_layer[n]), centre[n] + dy),
            (x_of(node_layer[n]) + sizes.box_width, centre[n] + dy),
        )
        for n in range(real, count)
    }
    routes = _routes(edges, boxes, chains, reversed_edges, dummy_point, real, sizes)
    bottom = max(b.y + b.height for b in boxes.values())
    bottom = max([bottom] + [y for (_, y), _ in dummy_point.values()])
    width = x_of(depth - 1) + sizes.box_width + sizes.margin
    # Room under the lowest box for loop-back curves between neighbouring columns.
    below = any(r.back and len(r.points) == 2 for r in routes)
    return Layout(
        boxes, routes, width, bottom + sizes.margin + (sizes.box_height if below else 0.0)
    )


def _discovery(count: int, down: list[list[int]], roots: list[int]) -> list[int]:
    order = [count] * count
    seen = 0
    for root in roots + list(range(count)):
        if order[root] != count:
            continue
        stack = [root]
        while stack:
            node = stack.pop()
            if order[node] != count:
                continue
            order[node] = seen
            seen += 1
            stack.extend(reversed([n for n in down[node] if order[n] == count]))
    return order


def _spread(
    ports: dict[tuple[str, str], list[tuple[float, int, int]]],
) -> dict[tuple[int, int], float]:
    """Spread the edge ends meeting one side of a box over its middle, ordered by
    the height of where they come from, so that they do not all meet at one point.

    Keys of the result are (edge index, 0 for the source end or 1 for the target end).
    """
    offsets: dict[tuple[int, int], float] = {}
    for items in ports.values():
        ordered = sorted(items)
        for rank, (_, edge, end) in enumerate(ordered):
            offsets[(edge, end)] = (rank + 1) / (len(ordered) + 1) - 0.5
    return offsets


def _routes(
    edges: Sequence[tuple[str, str]],
    boxes: dict[str, Box],
    chains: dict[tuple[str, str], list[int]],
    reversed_edges: set[tuple[str, str]],
    dummy_point: dict[int, tuple[Point, Point]],
    real: int,
    sizes: Sizes,
) -> tuple[Route, ...]:
    inner: list[list[Point]] = []
    for source, target in edges:
        back = (source, target) in reversed_edges
        key = (target, source) if back else (source, target)
        chain = chains.get(key, [])
        through = [point for n in chain if n >= real for point in dummy_point[n]]
        inner.append(through[::-1] if back else through)

    # Which side of which box each edge end uses. A forward edge leaves by the
    # right and enters by the left; a loop back that spans columns leaves by the
    # left and enters by the right; one between neighbouring columns (it would
    # lie on the forward edge) and a self-loop use the bottom and the top.
    sides: dict[int, tuple[str, str]] = {}
    ports: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
    for i, (source, target) in enumerate(edges):
        if source == target:
            continue
        back = (source, target) in reversed_edges
        if back and not inner[i]:
            continue
        sides[i] = ("left", "right") if back else ("right", "left")
        first = inner[i][0] if inner[i] else (boxes[target].cx, boxes[target].cy)
        last = inner[i][-1] if inner[i] else (boxes[source].cx, boxes[source].cy)
        ports.setdefault((source, sides[i][0]), []).append((first[1], i, 0))
        ports.setdefault((target, sides[i][1]), []).append((last[1], i, 1))
    offset = _spread(ports)
    span = sizes.box_height * 0.6

    def port(box: Box, side: str, shift: float) -> Point:
        x = box.x + box.width if side == "right" else box.x
        return (x, box.cy + shift * span)

    routes = []
    for i, (source, target) in enumerate(edges):
        a, b = boxes[source], boxes[target]
        back = (source, target) in reversed_edges
        if source == target:
            points: tuple[Point, ...] = ((a.cx - 18, a.y), (a.cx + 18, a.y))
            routes.append(Route(source, target, points, self_loop=True))
        elif i not in sides:
            points = ((a.cx, a.y + a.height), (b.cx, b.y + b.height))
            routes.append(Route(source, target, points, back=True))
        else:
            out_side, in_side = sides[i]
            start = port(a, out_side, offset[(i, 0)])
            end = port(b, in_side, offset[(i, 1)])
            routes.append(Route(source, target, (start, *inner[i], end), back=back))
    return tuple(routes)
