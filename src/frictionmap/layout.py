"""A service-blueprint layout of a directed graph: lanes across, time along, in pure Python.

The journey drawings (SVG in the HTML report and `frictionmap graph --format svg`)
place each step in a *lane* (who acts: the customer, self-service, the front
line, the back office, outside companies) and in a *layer* (when, in the
order of the journey), without a Graphviz binary. Every phase is polynomial
and deterministic (ties follow the order the nodes and edges were given,
which is the journey's reading order):

1. **Cycle removal**: steps are ordered by their breadth-first distance from
   the start (the earliest moment a customer can be there); an edge into a
   step no later than its source is a back edge (a loop back in the journey).
2. **Layering**: longest path from the sources of the remaining DAG (Kahn's
   topological order), at most `Sizes.cell_capacity` steps of one lane in a
   layer (the next ones move on in time). Layers are the time axis: steps of
   one layer line up across the lanes.
3. **Orientation**: time runs left to right while the drawing fits
   `Sizes.max_width`; past it, time runs top to bottom and the lanes become
   columns, so that a long journey grows downwards and never sideways.
4. **Routing in channels**: boxes sit in cells (layer x lane); between two
   layers is a *gap* and between two lanes a *gutter*, and neither holds a box.
   An edge leaves its source on the side facing the next layer, runs across
   in the gap after it, along in a gutter when it skips layers or goes back,
   and across again in the gap before its target, which it enters on the side
   facing the previous layer. Each edge has its own track in every gap and
   gutter it uses (interval colouring in a gutter), so that no two edges share
   a segment and no edge crosses a box. Each edge leaves by its own port, and
   the first stretch out of the port is kept free for the edge's label.

Everything is computed on two abstract axes, *along* (time) and *across*
(lanes), and mapped to x and y at the end.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Sizes:
    """Gaps and limits, in SVG user units; `port_pitch` and `label_room` per orientation."""

    margin: float = 12.0
    header_width: float = 104.0  # lane names, left of the lanes when time runs left to right
    header_height: float = 40.0  # lane names, above the lanes when time runs downwards
    node_gap: float = 14.0  # between two boxes of one cell
    track: float = 7.0  # between two parallel edges in a gap or a gutter
    gutter_pad: float = 8.0  # on each side of a gutter's tracks
    arrow_room: float = 14.0  # straight run into a target, for the arrow head
    label_room_across: float = 46.0  # time left to right: a label beside its port
    label_room_down: float = 18.0  # time downwards: a label under its port
    port_pitch_across: float = 16.0  # time left to right: ports one label height apart
    port_pitch_down: float = 44.0  # time downwards: ports one label width apart
    in_port_pitch: float = 4.0  # ports where edges arrive carry no label
    max_width: float = 1080.0
    cell_capacity: int = 3  # boxes side by side in one lane at one time, at most


@dataclass(frozen=True)
class Box:
    """A node's box: top-left corner, size, layer (time) and lane."""

    x: float
    y: float
    width: float
    height: float
    layer: int
    lane: int

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Route:
    """How one edge is drawn: an orthogonal polyline from its source's port to its
    target's port. `back` for a loop back (and a self-loop); the label of the
    edge goes next to `points[0]`, on the first stretch, which no other line uses."""

    source: str
    target: str
    points: tuple[Point, ...]
    back: bool = False
    self_loop: bool = False


@dataclass(frozen=True)
class Band:
    """A lane's stripe and where its name goes (the header cell)."""

    lane: int
    x: float
    y: float
    width: float
    height: float
    header: tuple[float, float, float, float]  # x, y, width, height


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Box]
    routes: tuple[Route, ...]  # one per edge, in the order the edges were given
    bands: tuple[Band, ...]  # the lanes in use, in lane order
    width: float
    height: float
    downwards: bool = False  # time runs top to bottom


# -- phase 1: cycle removal ----------------------------------------------------


def back_edges(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]], start: str | None
) -> set[tuple[str, str]]:
    """Edges that go back in time: into a node no later than their source, where
    a node's time is its breadth-first distance from `start` (ties, and nodes
    the start does not reach, in the order given). Self-loops are not included.

    The earliest moment a customer can be at a step is what orders a journey:
    a step reached both at once and after a failed attempt sits early, and the
    retry is the loop back. Every other edge goes strictly forward in that
    order, so what remains is acyclic.
    """
    position = {n: i for i, n in enumerate(nodes)}
    successors: dict[str, list[str]] = {n: [] for n in nodes}
    for source, target in edges:
        successors[source].append(target)
    distance: dict[str, int] = {}
    if start in successors:
        distance[start] = 0
        frontier = [start]
        while frontier:
            following = []
            for node in frontier:
                for succ in successors[node]:
                    if succ not in distance:
                        distance[succ] = distance[node] + 1
                        following.append(succ)
            frontier = following
    unreached = len(nodes) + 1

    def key(node: str) -> tuple[int, int]:
        return (distance.get(node, unreached), position[node])

    return {(s, t) for s, t in edges if s != t and key(t) < key(s)}


# -- phase 2: layering ---------------------------------------------------------


def longest_path_layers(
    nodes: Sequence[str],
    dag: Sequence[tuple[str, str]],
    lane: Mapping[str, int] | None = None,
    capacity: int = 0,
) -> dict[str, int]:
    """Layer of each node: the length of the longest DAG path reaching it.

    With `lane` and a `capacity`, a node whose cell (layer, lane) already holds
    `capacity` nodes moves on to the next layer with room, and what follows it
    with it (nodes are placed in topological order), so that no cell, hence
    no lane, grows wider than `capacity` boxes: a journey with many parallel
    steps grows along time, not across."""
    rank = {n: i for i, n in enumerate(nodes)}
    successors: dict[str, list[str]] = {n: [] for n in nodes}
    indegree = dict.fromkeys(nodes, 0)
    for source, target in dag:
        successors[source].append(target)
        indegree[target] += 1
    layer = dict.fromkeys(nodes, 0)
    filled: dict[tuple[int, int], int] = {}
    ready = [(rank[n], n) for n in nodes if indegree[n] == 0]
    heapq.heapify(ready)
    while ready:
        _, node = heapq.heappop(ready)
        if lane is not None and capacity > 0:
            while filled.get((layer[node], lane[node]), 0) >= capacity:
                layer[node] += 1
            cell = (layer[node], lane[node])
            filled[cell] = filled.get(cell, 0) + 1
        for succ in successors[node]:
            layer[succ] = max(layer[succ], layer[node] + 1)
            indegree[succ] -= 1
            if indegree[succ] == 0:
                heapq.heappush(ready, (rank[succ], succ))
    return layer


def layering(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    start: str | None,
    lane: Mapping[str, int] | None = None,
    capacity: int = 0,
) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """Each node's layer, and the edges that go back (loops, not self-loops)."""
    reversed_edges = back_edges(nodes, edges, start)
    dag = [
        (t, s) if (s, t) in reversed_edges else (s, t) for s, t in dict.fromkeys(edges) if s != t
    ]
    layers = longest_path_layers(nodes, list(dict.fromkeys(dag)), lane, capacity)
    return layers, reversed_edges


# -- phase 4: channels -------------------------------------------------------------


@dataclass
class _Edge:
    """One edge's plan: which gaps and gutter it uses, and its tracks there."""

    index: int
    source: str
    target: str
    back: bool
    direct: bool  # from one layer to the next: one track, no gutter
    out_gap: int  # gap g lies before layer g
    in_gap: int
    gutter: int = -1  # gutter k lies before lane k
    out_track: int = 0
    in_track: int = 0
    gutter_track: int = 0


def _plan(
    edges: Sequence[tuple[str, str]],
    layer: Mapping[str, int],
    lane: Mapping[str, int],
    reversed_edges: set[tuple[str, str]],
) -> list[_Edge]:
    plans = []
    for index, (source, target) in enumerate(edges):
        back = source == target or (source, target) in reversed_edges
        direct = not back and layer[target] == layer[source] + 1
        plan = _Edge(index, source, target, back, direct, layer[source] + 1, layer[target])
        if not direct:
            a, b = lane[source], lane[target]
            # The boundary of the source's lane on the target's side; in one
            # lane, loops back run after it and long jumps forward before it.
            plan.gutter = a + 1 if a < b or (a == b and back) else a
        plans.append(plan)
    return plans


def _colour_intervals(intervals: list[tuple[float, float, int]]) -> dict[int, int]:
    """Track per interval (start, end, key) so that intervals on one track are apart."""
    free: list[int] = []
    busy: list[tuple[float, int]] = []  # (end, track)
    tracks: dict[int, int] = {}
    count = 0
    for start, end, key in sorted(intervals):
        while busy and busy[0][0] < start - 1e-6:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            track = heapq.heappop(free)
        else:
            track, count = count, count + 1
        tracks[key] = track
        heapq.heappush(busy, (end, track))
    return tracks


class _Axes:
    """Positions on both axes, filled in phase by phase."""

    def __init__(
        self,
        nodes: Sequence[str],
        layer: Mapping[str, int],
        lane: Mapping[str, int],
        along: Mapping[str, float],
        across: Mapping[str, float],
    ) -> None:
        self.nodes, self.layer, self.lane = nodes, layer, lane
        self.along_len, self.across_len = dict(along), dict(across)
        self.depth = max(layer.values()) + 1
        self.lanes = max(lane.values()) + 1
        self.along_at: dict[str, float] = {}
        self.across_at: dict[str, float] = {}
        self.layer_at: list[float] = []
        self.layer_len: list[float] = []
        self.gap_at: list[float] = []  # start of each gap (depth + 1 gaps)
        self.lane_at: list[float] = []
        self.lane_len: list[float] = []
        self.gutter_at: list[float] = []  # start of each gutter (lanes + 1 gutters)


def _along(axes: _Axes, plans: list[_Edge], sizes: Sizes, label_room: float, start: float) -> float:
    """Layer and gap positions along time; returns the end of the last gap."""
    outs = [0] * (axes.depth + 1)
    ins = [0] * (axes.depth + 1)
    for plan in plans:
        outs[plan.out_gap] += 1
        if not plan.direct:
            ins[plan.in_gap] += 1
    axes.layer_len = [0.0] * axes.depth
    for node in axes.nodes:
        layer = axes.layer[node]
        axes.layer_len[layer] = max(axes.layer_len[layer], axes.along_len[node])
    cursor = start
    for gap in range(axes.depth + 1):
        axes.gap_at.append(cursor)
        size = (label_room if outs[gap] else 0.0) + (outs[gap] + ins[gap]) * sizes.track
        if ins[gap] or (outs[gap] and gap < axes.depth):
            size += sizes.arrow_room
        cursor += max(size, sizes.arrow_room if 0 < gap < axes.depth else 0.0)
        if gap < axes.depth:
            axes.layer_at.append(cursor)
            cursor += axes.layer_len[gap]
    for node in axes.nodes:
        layer = axes.layer[node]
        axes.along_at[node] = (
            axes.layer_at[layer] + (axes.layer_len[layer] - axes.along_len[node]) / 2
        )
    return cursor


def _track_along(axes: _Axes, plan: _Edge, end: str, label_room: float, sizes: Sizes) -> float:
    if end == "out":
        return axes.gap_at[plan.out_gap] + label_room + (plan.out_track + 0.5) * sizes.track
    next_layer = (
        axes.layer_at[plan.in_gap] if plan.in_gap < axes.depth else axes.gap_at[plan.in_gap]
    )
    return next_layer - sizes.arrow_room - (plan.in_track + 0.5) * sizes.track


def _across(axes: _Axes, plans: list[_Edge], sizes: Sizes, label_room: float) -> float:
    """Lane and gutter positions across; returns the end of the last gutter."""
    cells: dict[tuple[int, int], list[str]] = {}
    for node in axes.nodes:
        cells.setdefault((axes.layer[node], axes.lane[node]), []).append(node)
    axes.lane_len = [0.0] * axes.lanes
    for (_, lane), members in cells.items():
        extent = sum(axes.across_len[n] for n in members) + sizes.node_gap * (len(members) - 1)
        axes.lane_len[lane] = max(axes.lane_len[lane], extent)
    # Gutter tracks: the stretches along time that long edges run in each gutter.
    runs: dict[int, list[tuple[float, float, int]]] = {}
    for plan in plans:
        if not plan.direct:
            a = _track_along(axes, plan, "out", label_room, sizes)
            b = _track_along(axes, plan, "in", label_room, sizes)
            runs.setdefault(plan.gutter, []).append((min(a, b), max(a, b), plan.index))
    by_index = {plan.index: plan for plan in plans}
    tracks_in = [0] * (axes.lanes + 1)
    for gutter, intervals in runs.items():
        for index, track in _colour_intervals(intervals).items():
            by_index[index].gutter_track = track
            tracks_in[gutter] = max(tracks_in[gutter], track + 1)
    cursor = 0.0
    for gutter in range(axes.lanes + 1):
        axes.gutter_at.append(cursor)
        cursor += 2 * sizes.gutter_pad + tracks_in[gutter] * sizes.track
        if gutter < axes.lanes:
            axes.lane_at.append(cursor)
            cursor += axes.lane_len[gutter]
    for (_, lane), members in cells.items():
        extent = sum(axes.across_len[n] for n in members) + sizes.node_gap * (len(members) - 1)
        at = axes.lane_at[lane] + (axes.lane_len[lane] - extent) / 2
        for node in members:
            axes.across_at[node] = at
            at += axes.across_len[node] + sizes.node_gap
    return cursor


def _ports(
    axes: _Axes, plans: list[_Edge], sizes: Sizes, label_room: float
) -> tuple[dict[int, float], dict[int, float]]:
    """Across position of each edge's out port and in port, spread over the box's
    side in the order of where the other end lies (fewer crossings)."""

    def centre(node: str) -> float:
        return axes.across_at[node] + axes.across_len[node] / 2

    leaving: dict[str, list[tuple[float, int]]] = {}
    entering: dict[str, list[tuple[float, int]]] = {}
    for plan in plans:
        leaving.setdefault(plan.source, []).append((centre(plan.target), plan.index))
        entering.setdefault(plan.target, []).append((centre(plan.source), plan.index))
    out_port: dict[int, float] = {}
    in_port: dict[int, float] = {}
    for table, ports in ((leaving, out_port), (entering, in_port)):
        for node, items in table.items():
            items.sort()
            step = axes.across_len[node] / (len(items) + 1)
            for rank, (_, index) in enumerate(items, start=1):
                ports[index] = axes.across_at[node] + rank * step
    # An in port level with another edge's out port would make the two edges
    # want each other's track first (a cycle `_direct_order` cannot order): in
    # ports only need to differ, so each moves off the out ports' levels, by
    # less than half its spacing (it keeps its order on the side).
    taken = {round(at, 3) for at in out_port.values()}
    for node, items in entering.items():
        step = axes.across_len[node] / (len(items) + 1)
        for _, index in items:
            for shift in (0.0, step / 4, -step / 4, step / 3, -step / 3):
                if round(in_port[index] + shift, 3) not in taken:
                    in_port[index] += shift
                    break
    return out_port, in_port


def _gap_tracks(
    plans: list[_Edge],
    out_port: dict[int, float],
    in_port: dict[int, float],
    gutter_mid: dict[int, float],
) -> None:
    """Order the tracks in each gap, from the boxes the edges leave to those they
    enter: the out tracks of long edges, then the tracks of direct edges, then
    the in tracks of long edges; within each group, short jogs first.

    A stretch out of a port ends at its track and a stretch into a port starts
    at its track, so an edge whose out port lines up with another's in port
    must have the nearer track, or the two would run along one line: direct
    edges are ordered so (`_direct_order`)."""
    outs: dict[int, list[tuple[float, int, _Edge]]] = {}
    directs: dict[int, list[tuple[float, int, _Edge]]] = {}
    ins: dict[int, list[tuple[float, int, _Edge]]] = {}
    for plan in plans:
        out = out_port[plan.index]
        if plan.direct:
            jog = abs(in_port[plan.index] - out)
            directs.setdefault(plan.out_gap, []).append((jog, plan.index, plan))
            continue
        jog = abs(gutter_mid[plan.index] - out)
        outs.setdefault(plan.out_gap, []).append((jog, plan.index, plan))
        jog = abs(gutter_mid[plan.index] - in_port[plan.index])
        ins.setdefault(plan.in_gap, []).append((jog, plan.index, plan))
    for gap in set(outs) | set(directs):
        ordered = [plan for _, _, plan in sorted(outs.get(gap, []))]
        ordered += _direct_order(sorted(directs.get(gap, [])), out_port, in_port)
        for track, plan in enumerate(ordered):
            plan.out_track = track
    for items in ins.values():
        for track, (_, _, plan) in enumerate(sorted(items)):
            plan.in_track = track


def _direct_order(
    items: list[tuple[float, int, _Edge]], out_port: dict[int, float], in_port: dict[int, float]
) -> list[_Edge]:
    """Direct edges in track order: A before B when A's out port is level with B's
    in port (Kahn's order on those constraints, shortest jog first; the rare
    pair that wants both orders keeps the jog order)."""
    plans = [plan for _, _, plan in items]
    level: dict[float, list[int]] = {}
    for rank, plan in enumerate(plans):
        level.setdefault(round(in_port[plan.index], 3), []).append(rank)
    after: list[list[int]] = [[] for _ in plans]
    waiting = [0] * len(plans)
    for rank, plan in enumerate(plans):
        for other in level.get(round(out_port[plan.index], 3), []):
            if other != rank:
                after[rank].append(other)
                waiting[other] += 1
    ready = [rank for rank in range(len(plans)) if waiting[rank] == 0]
    heapq.heapify(ready)
    placed: list[int] = []
    done = [False] * len(plans)
    while len(placed) < len(plans):
        if not ready:  # a cycle: release the first one left
            ready = [next(rank for rank in range(len(plans)) if not done[rank])]
        rank = heapq.heappop(ready)
        if done[rank]:
            continue
        done[rank] = True
        placed.append(rank)
        for other in after[rank]:
            waiting[other] -= 1
            if waiting[other] == 0 and not done[other]:
                heapq.heappush(ready, other)
    return [plans[rank] for rank in placed]


def blueprint_layout(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    *,
    lanes: Mapping[str, int],
    box_sizes: Mapping[str, tuple[float, float]],
    start: str | None = None,
    sizes: Sizes = Sizes(),
) -> Layout:
    """Boxes, edge routes and lane bands for `nodes` and `edges`.

    `lanes` gives each node's lane (any integers: only the lanes in use are
    drawn, in increasing order); `box_sizes` each node's (width, height), which
    the layout may widen or heighten to give every edge its own port. `edges`
    may hold self-loops and cycles, not duplicates. Time runs across (left to
    right) unless that is wider than `sizes.max_width`: then it runs down.
    """
    if not nodes:
        return Layout({}, (), (), 2 * sizes.margin, 2 * sizes.margin)
    used = sorted(set(lanes[n] for n in nodes))
    lane = {n: used.index(lanes[n]) for n in nodes}
    layer, reversed_edges = layering(nodes, edges, start, lane, sizes.cell_capacity)
    plans = _plan(edges, layer, lane, reversed_edges)
    leaving = dict.fromkeys(nodes, 0)
    entering = dict.fromkeys(nodes, 0)
    for source, target in edges:
        leaving[source] += 1
        entering[target] += 1
    fit = _Fit(nodes, layer, lane, plans, box_sizes, leaving, entering, sizes)
    downwards = False
    axes, along_total, label_room = fit.attempt(False)
    if along_total > sizes.max_width:
        downwards = True
        axes, along_total, label_room = fit.attempt(True)
    across_end = _across(axes, plans, sizes, label_room)
    out_port, in_port = _ports(axes, plans, sizes, label_room)
    gutter_mid = {
        plan.index: axes.gutter_at[plan.gutter]
        + sizes.gutter_pad
        + (plan.gutter_track + 0.5) * sizes.track
        for plan in plans
        if not plan.direct
    }
    _gap_tracks(plans, out_port, in_port, gutter_mid)
    place = _Place(sizes.margin, downwards)  # across: the margin before the first gutter
    boxes: dict[str, Box] = {}
    for node in nodes:
        corner = place(axes.along_at[node], axes.across_at[node])
        along_len, across_len = axes.along_len[node], axes.across_len[node]
        width, height = (across_len, along_len) if downwards else (along_len, across_len)
        boxes[node] = Box(corner[0], corner[1], width, height, layer[node], lane[node])
    routes = _routes(axes, plans, out_port, in_port, gutter_mid, label_room, sizes, place)
    bands = _bands(axes, used, along_total, sizes, place)
    across_total = across_end + 2 * place.shift
    width, height = (across_total, along_total) if downwards else (along_total, across_total)
    return Layout(boxes, routes, bands, width, height, downwards)


@dataclass(frozen=True)
class _Place:
    """A point given along and across time, as drawing coordinates (x, y)."""

    shift: float
    downwards: bool

    def __call__(self, along: float, across: float) -> Point:
        across += self.shift
        return (across, along) if self.downwards else (along, across)


@dataclass(frozen=True)
class _Fit:
    """What one layout attempt needs, across or down."""

    nodes: Sequence[str]
    layer: Mapping[str, int]
    lane: Mapping[str, int]
    plans: list[_Edge]
    box_sizes: Mapping[str, tuple[float, float]]
    leaving: Mapping[str, int]
    entering: Mapping[str, int]
    sizes: Sizes

    def attempt(self, downwards: bool) -> tuple[_Axes, float, float]:
        """The axes, the length along time and the label room, time across or down."""
        sizes = self.sizes
        pitch = sizes.port_pitch_down if downwards else sizes.port_pitch_across
        along = {n: self.box_sizes[n][1 if downwards else 0] for n in self.nodes}
        # Out ports carry labels, one label apart; in ports only need to differ.
        across = {
            n: max(
                self.box_sizes[n][0 if downwards else 1],
                (self.leaving[n] + 1) * pitch,
                (self.entering[n] + 1) * sizes.in_port_pitch,
            )
            for n in self.nodes
        }
        axes = _Axes(self.nodes, self.layer, self.lane, along, across)
        label_room = sizes.label_room_down if downwards else sizes.label_room_across
        header = sizes.header_height if downwards else sizes.header_width
        along_end = _along(axes, self.plans, sizes, label_room, sizes.margin + header)
        return axes, along_end + sizes.margin, label_room


def _routes(
    axes: _Axes,
    plans: list[_Edge],
    out_port: Mapping[int, float],
    in_port: Mapping[int, float],
    gutter_mid: Mapping[int, float],
    label_room: float,
    sizes: Sizes,
    place: _Place,
) -> tuple[Route, ...]:
    """Each edge's route: out of its port, along its track, through a gutter when
    its ends are not side by side, into its port."""
    routes = []
    for plan in plans:
        leave = axes.along_at[plan.source] + axes.along_len[plan.source]
        arrive = axes.along_at[plan.target]
        out_at = _track_along(axes, plan, "out", label_room, sizes)
        o, i = out_port[plan.index], in_port[plan.index]
        if plan.direct:
            chain = [(leave, o), (out_at, o), (out_at, i), (arrive, i)]
        else:
            in_at = _track_along(axes, plan, "in", label_room, sizes)
            g = gutter_mid[plan.index]
            chain = [(leave, o), (out_at, o), (out_at, g), (in_at, g), (in_at, i), (arrive, i)]
        routes.append(
            Route(
                plan.source,
                plan.target,
                tuple(place(a, c) for a, c in chain),
                back=plan.back,
                self_loop=plan.source == plan.target,
            )
        )
    return tuple(routes)


def _bands(
    axes: _Axes, used: list[int], along_total: float, sizes: Sizes, place: _Place
) -> tuple[Band, ...]:
    """The lanes' bands, each with its header where time starts."""
    header = sizes.header_height if place.downwards else sizes.header_width
    along_start = sizes.margin + header
    bands = []
    for index in range(axes.lanes):
        low = axes.lane_at[index] - sizes.gutter_pad / 2
        high = axes.lane_at[index] + axes.lane_len[index] + sizes.gutter_pad / 2
        first = place(sizes.margin, low)
        last = place(along_total - sizes.margin, high)
        header_end = place(along_start - 4, high)
        bands.append(
            Band(
                used[index],
                first[0],
                first[1],
                last[0] - first[0],
                last[1] - first[1],
                (first[0], first[1], header_end[0] - first[0], header_end[1] - first[1]),
            )
        )
    return tuple(bands)
