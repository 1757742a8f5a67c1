"""Journey -> networkx.DiGraph, plus the graph helpers that rules share.

Nodes are step ids with the step's attributes; edges are branches with their
resolved probability. Helpers are polynomial dataflow and reachability
computations: nothing here enumerates paths.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx

from .model import CHANNEL_KINDS, Journey

START = "__start__"


@dataclass(frozen=True)
class ChannelResolution:
    """Each step's channel id (or kind) after inheritance, and where it is ambiguous.

    `channel[step]` is None where the step has no channel. `conflicts[step]` lists
    the predecessors' distinct channels where they disagree.
    """

    channel: dict[str, str | None]
    conflicts: dict[str, tuple[str, ...]]


def resolve_channels(journey: Journey) -> ChannelResolution:
    """FORMAT.md's channel inheritance as a fixpoint over the graph.

    A step without `channel` takes the channel its predecessors agree on; the
    lattice is unknown < one channel < conflict, predecessors still unknown are
    ignored (so loops settle), and a conflict propagates no channel onwards.
    """
    explicit = {sid: s.channel for sid, s in journey.steps.items() if s.channel is not None}
    predecessors: dict[str, list[str]] = {sid: [] for sid in journey.steps}
    for sid, step in journey.steps.items():
        for branch in step.next:
            if sid not in predecessors[branch.to]:
                predecessors[branch.to].append(sid)
    # state: step -> channel id, or CONFLICT; missing means unknown.
    conflict = "\0conflict"
    state: dict[str, str] = dict(explicit)
    queue = deque(journey.steps)
    queued = set(queue)
    while queue:
        sid = queue.popleft()
        queued.discard(sid)
        if sid in explicit:
            new: str | None = explicit[sid]
        else:
            seen = {state[p] for p in predecessors[sid] if p in state}
            if not seen:
                new = None
            elif len(seen) == 1:
                new = next(iter(seen))
            else:
                new = conflict
        if new is None or state.get(sid) == new:
            continue
        state[sid] = new
        for branch in journey.steps[sid].next:
            if branch.to not in explicit and branch.to not in queued:
                queue.append(branch.to)
                queued.add(branch.to)
    channel: dict[str, str | None] = {}
    conflicts: dict[str, tuple[str, ...]] = {}
    for sid in journey.steps:
        value = state.get(sid)
        if value == conflict:
            channel[sid] = None
            names = {state.get(p) for p in predecessors[sid]} - {None, conflict}
            # Only where real channels meet; a step after it merely inherits "none".
            if len(names) > 1:
                conflicts[sid] = tuple(sorted(n for n in names if n is not None))
        else:
            channel[sid] = value
    return ChannelResolution(channel, conflicts)


def channel_kind(journey: Journey, channel: str | None) -> str | None:
    """The kind of a channel id, or the kind itself."""
    if channel is None:
        return None
    if channel in journey.channels:
        return journey.channels[channel].kind
    return channel if channel in CHANNEL_KINDS else None


def branch_probabilities(journey: Journey, step_id: str) -> list[tuple[float, bool]]:
    """Each branch's probability, and whether it was assumed (FORMAT.md's rule)."""
    branches = journey.steps[step_id].next
    given = sum(b.p for b in branches if b.p is not None)
    missing = sum(1 for b in branches if b.p is None)
    share = max(0.0, 1.0 - given) / missing if missing else 0.0
    return [(b.p, False) if b.p is not None else (share, True) for b in branches]


def build_graph(journey: Journey) -> nx.DiGraph:
    """One node per step, one edge per (step, next step).

    Two branches to the same step are one edge: their probabilities add up,
    their `when` texts are joined and `dropped` holds if either is dropped
    (`p_dropped` keeps the dropped share).
    """
    channels = resolve_channels(journey)
    graph = nx.DiGraph(start=journey.start)
    for sid, step in journey.steps.items():
        channel = channels.channel[sid]
        wait = step.wait.minutes if step.wait is not None else None
        graph.add_node(
            sid,
            type=step.type,
            label=step.label or sid,
            team=step.team,
            channel=channel,
            channel_kind=channel_kind(journey, channel),
            asks=tuple(step.asks),
            minutes=step.minutes or 0.0,
            wait=wait,
            wait_announced=step.wait.announced if step.wait is not None else None,
            hours=step.hours,
            promised=step.promised,
            cost=step.cost or 0.0,
            outcome=step.outcome,
            reply=step.reply,
            root_cause=step.root_cause,
        )
    for sid, step in journey.steps.items():
        assumed_any = False
        for branch, (p, assumed) in zip(step.next, branch_probabilities(journey, sid)):
            assumed_any |= assumed
            if graph.has_edge(sid, branch.to):
                data = graph.edges[sid, branch.to]
                data["p"] += p
                if branch.when:
                    data["when"] = f"{data['when']} / {branch.when}" if data["when"] else branch.when
                data["dropped"] = data["dropped"] or branch.dropped
                data["p_dropped"] += p if branch.dropped else 0.0
            else:
                graph.add_edge(
                    sid,
                    branch.to,
                    p=p,
                    when=branch.when,
                    dropped=branch.dropped,
                    p_dropped=p if branch.dropped else 0.0,
                )
        # A lone branch is certain: only a real choice can have an assumed share.
        graph.nodes[sid]["assumed_p"] = assumed_any and len(step.next) > 1
    graph.graph["channel_conflicts"] = channels.conflicts
    return graph


# -- shared helpers ------------------------------------------------------


def reachable(graph: nx.DiGraph, sources: Iterable[str]) -> set[str]:
    """Steps reachable from `sources`, the sources included."""
    seen: set[str] = set()
    stack = [s for s in sources if s in graph]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(n for n in graph.successors(node) if n not in seen)
    return seen


def reaching(graph: nx.DiGraph, targets: Iterable[str]) -> set[str]:
    """Steps from which some step of `targets` can be reached, targets included."""
    return reachable(graph.reverse(copy=False), targets)


def steps_where(graph: nx.DiGraph, predicate: Callable[[dict[str, object]], bool]) -> list[str]:
    return [n for n, data in graph.nodes(data=True) if predicate(data)]


def outcomes(graph: nx.DiGraph, *kinds: str) -> list[str]:
    """Outcome steps, of the given kinds when any are named."""
    return steps_where(
        graph, lambda d: d["type"] == "outcome" and (not kinds or d["outcome"] in kinds)
    )


def last_teams(graph: nx.DiGraph, start: str) -> dict[str, frozenset[str]]:
    """For every step, the teams the customer may have last dealt with on leaving it.

    A forward dataflow fixpoint: a team-owned step sets the last team, a
    team-less step passes on what it received. This is what FORMAT.md's
    'transfer across team-less steps' needs.
    """
    incoming: dict[str, set[str]] = {n: set() for n in graph}
    outgoing: dict[str, frozenset[str]] = {}
    queue = deque([start])
    visited: set[str] = set()
    while queue:
        node = queue.popleft()
        team = graph.nodes[node]["team"]
        new = frozenset([team]) if team is not None else frozenset(incoming[node])
        if node in visited and outgoing.get(node) == new:
            continue
        visited.add(node)
        outgoing[node] = new
        for succ in graph.successors(node):
            if not new <= incoming[succ] or succ not in visited:
                incoming[succ] |= new
                queue.append(succ)
    return {n: outgoing.get(n, frozenset()) for n in graph}


def transfers(graph: nx.DiGraph, start: str) -> list[tuple[str, str, str, str]]:
    """Every (from_step, into_step, from_team, to_team) edge where a transfer happens.

    `into_step` is owned by `to_team`; `from_step` is its predecessor, whose
    last team on some walk is `from_team` != `to_team`.
    """
    last = last_teams(graph, start)
    found = []
    for into in graph:
        team = graph.nodes[into]["team"]
        if team is None:
            continue
        for pred in graph.predecessors(into):
            for other in sorted(last[pred]):
                if other != team:
                    found.append((pred, into, other, team))
    return found
