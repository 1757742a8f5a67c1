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

from .facts import StepFacts, step_facts
from .model import CHANNEL_KINDS, Journey, hang_up_branch
from .queueing import hang_up_share
from .step_types import OUTCOME

START = "__start__"


@dataclass
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
    Each step keeps a count of its predecessors' channels, updated as they
    change, so a step with many predecessors is never rescanned: the whole
    fixpoint is linear in the number of branches times the lattice height.
    """
    conflict = "\0conflict"
    explicit = {sid: s.channel for sid, s in journey.steps.items() if s.channel is not None}
    successors: dict[str, list[str]] = {
        sid: list(dict.fromkeys(b.to for b in s.next)) for sid, s in journey.steps.items()
    }
    counts: dict[str, dict[str, int]] = {sid: {} for sid in journey.steps}
    state: dict[str, str] = {}

    def derive(sid: str) -> str | None:
        if sid in explicit:
            return explicit[sid]
        seen = [c for c, n in counts[sid].items() if n > 0]
        if not seen:
            return None
        return seen[0] if len(seen) == 1 else conflict

    queue = deque(journey.steps)
    queued = set(queue)
    while queue:
        sid = queue.popleft()
        queued.discard(sid)
        new = derive(sid)
        old = state.get(sid)
        if new is None or new == old:
            continue
        state[sid] = new
        for succ in successors[sid]:
            tally = counts[succ]
            if old is not None:
                tally[old] -= 1
            tally[new] = tally.get(new, 0) + 1
            if succ not in explicit and succ not in queued:
                queue.append(succ)
                queued.add(succ)
    channel: dict[str, str | None] = {}
    conflicts: dict[str, tuple[str, ...]] = {}
    for sid in journey.steps:
        value = state.get(sid)
        if value == conflict:
            channel[sid] = None
            # Only where real channels meet; a step after it merely inherits "none".
            names = sorted(c for c, n in counts[sid].items() if n > 0 and c != conflict)
            if len(names) > 1:
                conflicts[sid] = tuple(names)
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


def branch_probabilities(
    journey: Journey, step_id: str, queue_wait: float | None = None
) -> list[tuple[float, bool]]:
    """Each branch's probability, and whether it was assumed (FORMAT.md's rule).

    A queue with a `patience`: its hang-up branch (`hang_up_branch`) takes the
    share who hang up (queueing.hang_up_share, with the queue's own wait
    `queue_wait`), the others share the rest as their `p` say (shares of the
    callers who stay).
    """
    step = journey.steps[step_id]
    branches = step.next
    hang_up = hang_up_branch(journey, step_id)
    stay = 1.0
    if hang_up is not None and step.patience is not None:
        stay = 1.0 - hang_up_share(queue_wait or 0.0, step.patience)
    given = sum(b.p for b in branches if b.p is not None)
    missing = sum(1 for i, b in enumerate(branches) if b.p is None and i != hang_up)
    share = max(0.0, 1.0 - given) / missing if missing else 0.0
    return [
        (1.0 - stay, False)
        if i == hang_up
        else ((b.p * stay, False) if b.p is not None else (share * stay, True))
        for i, b in enumerate(branches)
    ]


def build_graph(journey: Journey) -> nx.DiGraph:
    """One node per step, one edge per (step, next step).

    Each node holds the step's `facts` (facts.StepFacts), and `assumed_p`:
    whether some of its branch probabilities were assumed.

    Two branches to the same step are one edge: their probabilities add up,
    their `when` texts are joined and `dropped` holds if either is dropped
    (`p_dropped` keeps the dropped share).
    """
    channels = resolve_channels(journey)
    graph = nx.DiGraph(start=journey.start)
    for sid in journey.steps:
        channel = channels.channel[sid]
        graph.add_node(
            sid, facts=step_facts(journey, sid, channel, channel_kind(journey, channel))
        )
    for sid, step in journey.steps.items():
        assumed_any = False
        # Only a queue where callers hang up needs its wait to share its branches.
        queue_wait = graph.nodes[sid]["facts"].queued if step.patience is not None else None
        # branch_probabilities: one (p, assumed) per branch of step.next, in order.
        for branch, (p, assumed) in zip(
            step.next, branch_probabilities(journey, sid, queue_wait), strict=True
        ):
            assumed_any |= assumed
            if graph.has_edge(sid, branch.to):
                data = graph.edges[sid, branch.to]
                data["p"] += p
                if branch.when:
                    data["when"] = (
                        f"{data['when']} / {branch.when}" if data["when"] else branch.when
                    )
                data["dropped"] = data["dropped"] or branch.dropped
                data["p_dropped"] += p if branch.dropped else 0.0
                data["missed"] = data["missed"] or branch.missed
                data["p_missed"] += p if branch.missed else 0.0
            else:
                graph.add_edge(
                    sid,
                    branch.to,
                    p=p,
                    when=branch.when,
                    dropped=branch.dropped,
                    p_dropped=p if branch.dropped else 0.0,
                    missed=branch.missed,
                    p_missed=p if branch.missed else 0.0,
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


def facts(graph: nx.DiGraph, step: str) -> StepFacts:
    """The facts of a step of a graph built by build_graph."""
    return graph.nodes[step]["facts"]  # type: ignore[no-any-return]


def steps_where(graph: nx.DiGraph, predicate: Callable[[StepFacts], bool]) -> list[str]:
    return [n for n, found in graph.nodes(data="facts") if predicate(found)]


def outcomes(graph: nx.DiGraph, *kinds: str) -> list[str]:
    """Outcome steps, of the given kinds when any are named."""
    return steps_where(
        graph, lambda f: f.type in OUTCOME and (not kinds or f.outcome in kinds)
    )


def last_teams(graph: nx.DiGraph, start: str) -> dict[str, frozenset[str]]:
    """For every step, the teams the customer may have last dealt with on leaving it.

    A forward dataflow fixpoint: a team-owned step sets the last team, a
    team-less step passes on what it received. This is what FORMAT.md's
    'transfer across team-less steps' needs. Back-office teams count as no
    team, and a contact the customer chose to make (`initiated_by: customer`)
    starts afresh: neither is a transfer (issue 12).
    """
    incoming: dict[str, set[str]] = {n: set() for n in graph}
    outgoing: dict[str, frozenset[str]] = {}
    queue = deque([start])
    visited: set[str] = set()
    while queue:
        node = queue.popleft()
        facts = graph.nodes[node]["facts"]
        if facts.transfer_team is not None:
            new = frozenset([facts.transfer_team])
        elif facts.own_choice:
            new = frozenset()
        else:
            new = frozenset(incoming[node])
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
        team = graph.nodes[into]["facts"].transfer_team
        if team is None:
            continue
        for pred in graph.predecessors(into):
            for other in sorted(last[pred]):
                if other != team:
                    found.append((pred, into, other, team))
    return found


# Steps where the customer deals with someone or something that can ask or refuse.
_OBSTRUCTING = frozenset({"agent", "bot", "ivr"})


def obstruction_loops(graph: nx.DiGraph, start: str) -> list[list[str]]:
    """Loops the customer goes round inside one contact: an agent who asks the same
    question again or refuses, a menu that asks again (issue 12).

    The strongly connected components (with a cycle) of the reachable steps
    that are neither contacts nor outcomes, holding an agent, or an IVR or bot
    that asks for data. A new contact inside the loop makes it a repeat-call
    loop instead (`repeat-contact`). Members in graph order; loops in order of
    their first member.
    """
    reach = reachable(graph, [start])
    facts = {n: graph.nodes[n]["facts"] for n in graph if n in reach}
    inside = [n for n, f in facts.items() if not f.is_contact and not f.is_outcome]
    sub = graph.subgraph(inside)
    order = {n: i for i, n in enumerate(graph)}
    found = []
    for component in nx.strongly_connected_components(sub):
        members = sorted(component, key=order.__getitem__)
        if len(members) == 1 and not graph.has_edge(members[0], members[0]):
            continue
        if any(
            facts[n].is_agent or (facts[n].type in _OBSTRUCTING and facts[n].asks)
            for n in members
        ):
            found.append(members)
    return sorted(found, key=lambda c: order[c[0]])


# A chat opened from the web page or the app the customer is on keeps them where they
# are, with the page's context: an escalation, not a switch (issue 12).
EMBEDDED_CHANNELS = frozenset({("web", "chat"), ("app", "chat")})


def is_channel_switch(before: str | None, target: StepFacts) -> bool:
    """FORMAT.md's channel switch into `target` from a step of kind `before`.

    A branch into a contact step on another channel kind, except a contact the
    customer chose to make (`initiated_by: customer`) and a chat opened from
    the web page or app the customer is on.
    """
    kind = target.channel_kind
    return (
        target.is_contact
        and not target.own_choice
        and before is not None
        and kind is not None
        and before != kind
        and (before, kind) not in EMBEDDED_CHANNELS
    )
