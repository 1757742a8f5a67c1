"""The most likely walk to resolution and the most likely walk to failure.

A walk's probability is the product of the branch probabilities it takes, so
the most likely walk from `start` to a set of targets is a shortest path with
edge weights -log p (non-negative, since p <= 1). One single-source Dijkstra
gives the distance to every step; each walk is then the closest target of its
kind, read back through Dijkstra's predecessors. No path is enumerated.

Targets:
- resolution: an `outcome` step with `outcome: resolved`;
- failure: any other outcome (`refunded`, `unresolved`, `abandoned`), a dead
  end (`stuck`: a non-outcome step with no `next`) or the first step from
  which no outcome can be reached any more (`trapped`: the customer is bound
  to loop for ever), as in the metrics' `p_outcomes`.

The walks are what a consultant tells as a story ("most customers go this way
and get their parcel; the likeliest way to fail is this one"); the metrics
give the totals over all walks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from heapq import heappop, heappush
from itertools import count

import networkx as nx

from .facts import StepFacts
from .model import Journey
from .text import format_value

RESOLVED = "resolved"
STUCK = "stuck"
TRAPPED = "trapped"


@dataclass(frozen=True)
class WalkStep:
    """One step of a walk, with the branch that led into it.

    `p`, `when` and `dropped` describe the branch taken from the previous step
    (None, None, False for the first step). `minutes` is the customer's active
    time, `wait` the actual wait (queues, callbacks), `hours` calendar time.
    """

    step: str
    label: str
    type: str
    team: str | None
    team_name: str | None
    minutes: float
    wait: float | None
    hours: float | None
    p: float | None = None
    when: str | None = None
    dropped: bool = False

    @property
    def time_text(self) -> str:
        """The step's time as reports show it: own minutes, wait, calendar hours."""
        parts = []
        if self.minutes:
            parts.append(format_value(self.minutes, "min"))
        if self.wait:
            parts.append(f"wait {format_value(self.wait, 'min')}")
        if self.hours:
            parts.append(format_value(self.hours, "hours"))
        return " + ".join(parts)

    @property
    def branch_text(self) -> str:
        """How the walk got here: the branch's probability, its condition, a drop."""
        parts = []
        if self.p is not None and self.p < 1.0:
            parts.append(format_value(self.p, "%"))
        if self.when:
            parts.append(self.when)
        text = ": ".join(parts)
        if self.dropped:
            text += " (contact dropped)" if text else "contact dropped"
        return text


@dataclass(frozen=True)
class Walk:
    """A walk from `start` to its end, with its probability and totals.

    `end` is the outcome kind reached: `resolved`, `refunded`, `unresolved`,
    `abandoned`, or `stuck` (dead end) / `trapped` (loop without outcome).
    `minutes` is the customer's time (docs/format.md: `minutes` plus queue waits),
    `hours` the elapsed time (every minute and wait, plus `hours`), `cost` the
    money paid (step `cost`, per-minute channel cost of the customer's time,
    and the channel's `cost` per contact), as metrics.py counts them.
    """

    end: str
    probability: float
    steps: tuple[WalkStep, ...]
    minutes: float
    hours: float
    cost: float


@dataclass(frozen=True)
class Walks:
    """The most likely walk to `resolved`, and to a failure; None where there is none."""

    resolution: Walk | None
    failure: Walk | None


def shortest_walks(graph: nx.DiGraph, start: str) -> tuple[dict[str, float], dict[str, str]]:
    """Dijkstra from `start` with edge weights -log p: distances and predecessors.

    A branch with p = 0 is never taken. Ties keep the first predecessor found
    (branches in file order, a FIFO among equal distances), so the walks are
    deterministic. Written out rather than networkx's generic version, whose
    per-edge weight callback doubles the time on 100k-step journeys.
    """
    successors = graph.succ
    distance: dict[str, float] = {}
    tentative: dict[str, float] = {start: 0.0}
    predecessor: dict[str, str] = {}
    order = count()
    heap: list[tuple[float, int, str]] = [(0.0, next(order), start)]
    while heap:
        settled, _, node = heappop(heap)
        if node in distance:
            continue
        distance[node] = settled
        for after, data in successors[node].items():
            p = data["p"]
            if p <= 0.0 or after in distance:
                continue
            through = settled - math.log(p) if p < 1.0 else settled
            if after not in tentative or through < tentative[after]:
                tentative[after] = through
                predecessor[after] = node
                heappush(heap, (through, next(order), after))
    return distance, predecessor


def targets(graph: nx.DiGraph) -> dict[str, str]:
    """Every step that ends a walk, mapped to how it ends (an outcome kind, stuck, trapped).

    A step from which no outcome and no dead end can be reached is `trapped`:
    every walk from it loops for ever. Found by one reverse reachability from
    the terminal steps (linear, unlike a condensation into components).
    """
    ends: dict[str, str] = {}
    successors = graph.succ
    for node, facts in graph.nodes(data="facts"):
        if facts.is_outcome:
            ends[node] = str(facts.outcome)
        elif not successors[node]:
            ends[node] = STUCK
    # Reverse reachability over the predecessor dicts (no reversed view:
    # this runs on journeys of 100k steps).
    predecessors = graph.pred
    escape = set(ends)
    stack = list(ends)
    while stack:
        for before in predecessors[stack.pop()]:
            if before not in escape:
                escape.add(before)
                stack.append(before)
    for node in graph:
        if node not in escape:
            ends[node] = TRAPPED
    return ends


def most_likely_walks(journey: Journey, graph: nx.DiGraph) -> Walks:
    """The most likely walk to resolution and to failure (one Dijkstra on -log p)."""
    start = journey.start
    distance, predecessor = shortest_walks(graph, start)
    order = {step: index for index, step in enumerate(journey.steps)}
    ends = targets(graph)

    def closest(wanted: bool) -> str | None:
        # Ties go to the step written first, so the choice is deterministic.
        found = [n for n, end in ends.items() if (end == RESOLVED) is wanted and n in distance]
        if not found:
            return None
        return min(found, key=lambda n: (distance[n], order[n]))

    def walk(target: str | None) -> Walk | None:
        if target is None:
            return None
        path = [target]
        # Each predecessor was settled before its successor: no cycle.
        while path[-1] != start:
            path.append(predecessor[path[-1]])
        path.reverse()
        return _walk(journey, graph, path, ends[target], math.exp(-distance[target]))

    return Walks(resolution=walk(closest(True)), failure=walk(closest(False)))


def _walk(
    journey: Journey, graph: nx.DiGraph, path: list[str], end: str, probability: float
) -> Walk:
    steps: list[WalkStep] = []
    minutes = hours = cost = 0.0
    for index, step in enumerate(path):
        facts: StepFacts = graph.nodes[step]["facts"]
        edge = graph.edges[path[index - 1], step] if index else None
        steps.append(
            WalkStep(
                step=step,
                label=facts.label,
                type=facts.type,
                team=facts.team,
                team_name=facts.team_name,
                minutes=float(facts.minutes),
                wait=facts.wait,
                hours=facts.hours,
                p=float(edge["p"]) if edge is not None else None,
                when=edge["when"] if edge is not None else None,
                dropped=bool(edge["dropped"]) if edge is not None else False,
            )
        )
        # Per visit as facts.py defines them, the metrics and the simulator alike.
        minutes += facts.customer_minutes
        hours += facts.elapsed_hours
        cost += facts.customer_cost
    return Walk(
        end=end,
        probability=probability,
        steps=tuple(steps),
        minutes=minutes,
        hours=hours,
        cost=cost,
    )
