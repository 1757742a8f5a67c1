"""Exposure: the probability that the customer meets a finding's problem.

Not the probability of reaching its step, nor expected visits: the share of
walks on which the problem happens at least once (issue 12), computed exactly
on the chain as an absorbing probability, never by enumerating paths.

- A finding caused by one branch (a dropped line, a callback that never
  comes, a missed appointment, a transfer into another company, a forced
  channel switch) has the probability of ever taking that branch (or one of
  those branches).
- A repeat has the probability of the walks that contain the repeat: a
  repeated entry, of reaching its step with the datum already given; a
  ping-pong, of coming back into the team after a transfer away from it; a
  repeat contact, of making a second contact; an obstruction loop, of going
  round it once.
- Anything else about a step: the probability of ever reaching the step; a
  loop (trap): of reaching any of its steps; a journey-wide finding: 1. The
  chance of reaching each step is solved for all steps at once
  (`reach_probabilities`).

Each is a hitting probability on a product chain (step x a small memory, the
"tag": the data already given, where the customer stands with a team, the
contacts so far), built breadth-first from `start`: the walk leaves the chain
on the transition that hits, so P(hit) = sum over states x of the expected
visits x(state) times the probability of the hitting transitions from it.
States from which no hit can be reached are cut off first, so that every
state left leads to absorption and the solve (solver.blocks.expected_visits, block by
block) is never singular, traps included.

Chains larger than EXACT_LIMIT product states fall back to an upper bound,
and say so (`Exposure.exact`): the step's reach probability, or the visits of
the step times the branch probability, capped at 1, whichever is lower. So do
the findings past a journey's budget: all the findings of one journey together
explore at most EXPOSURE_STATES_PER_STEP x steps + EXPOSURE_STATES_FLOOR
product states (`exposures`), so that a large journey with thousands of
findings stays linear in its size (a 1,000-step journey with 2,333 findings
took 86 s of exposure solves without it); a journey of the usual size never
meets the budget.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .rules import WHOLE_SET
from .solver import limits
from .solver.blocks import SingularChain, expected_visits, reaching

if TYPE_CHECKING:
    import networkx as nx

    from .findings import Finding

# Above this many product states, exposure is bounded instead of solved.
EXACT_LIMIT = 200_000
# The product states all the exposures of one journey may explore (`exposures`).
EXPOSURE_STATES_PER_STEP = 20
EXPOSURE_STATES_FLOOR = 200_000

# States left to the exposures being computed (None: no budget, EXACT_LIMIT per solve).
_budget: ContextVar[list[int] | None] = ContextVar("exposure_budget", default=None)

# tag, step entered -> tag after entering it
Enter = Callable[[Any, str], Any]
# tag before, step left, step entered -> the transition hits
Hits = Callable[[Any, str, str], bool]


@dataclass(frozen=True)
class Exposure:
    """How likely the customer meets a finding, and whether that is exact."""

    probability: float
    exact: bool = True


def _branches(graph: nx.DiGraph) -> dict[str, list[tuple[str, float]]]:
    """Each step's positive branches, normalised; outcomes and dead ends have none."""
    out: dict[str, list[tuple[str, float]]] = {}
    for step in graph:
        if graph.nodes[step]["facts"].is_outcome:
            out[step] = []
            continue
        edges = [(t, float(p)) for _, t, p in graph.out_edges(step, data="p") if p > 0]
        total = math.fsum(p for _, p in edges)
        out[step] = [(t, p / total) for t, p in edges] if total > 0 else []
    return out


def hitting_probability(
    graph: nx.DiGraph,
    start: str,
    enter: Enter,
    hits: Hits,
    first_tag: Any = 0,
    branches: dict[str, list[tuple[str, float]]] | None = None,
) -> float | None:
    """P(some transition hits) on the product chain (step x tag) from `start`.

    `hits(tag, s, t)` is asked with the tag *before* entering t. None when the
    chain has more than EXACT_LIMIT states.
    """
    branches = branches if branches is not None else _branches(graph)
    budget = _budget.get()
    limit = EXACT_LIMIT if budget is None else min(EXACT_LIMIT, budget[0])
    origin = (start, enter(first_tag, start))
    # Breadth-first: the product states and their (non-hitting) transitions.
    moves: dict[tuple[str, Any], list[tuple[tuple[str, Any], float]]] = {}
    hit_mass: dict[tuple[str, Any], float] = {}
    stack = [origin]
    moves[origin] = []
    while stack:
        state = stack.pop()
        step, tag = state
        out: list[tuple[tuple[str, Any], float]] = []
        hit = 0.0
        for target, p in branches[step]:
            if hits(tag, step, target):
                hit += p
                continue
            after = (target, enter(tag, target))
            out.append((after, p))
            if after not in moves:
                if len(moves) >= limit:
                    if budget is not None:
                        budget[0] = 0  # spent: the findings left are bounded
                    return None
                moves[after] = []
                stack.append(after)
        moves[state] = out
        if hit > 0:
            hit_mass[state] = hit
    if budget is not None:
        budget[0] -= len(moves)
    if not hit_mass:
        return 0.0
    alive = reaching(moves, hit_mass)  # only the states from which a hit can come
    if origin not in alive:
        return 0.0
    transitions = {
        state: [(after, p) for after, p in out if after in alive]
        for state, out in moves.items()
        if state in alive
    }
    try:
        visits = expected_visits(transitions, origin)
    except SingularChain:  # cannot happen once cut: every state left leaks to a hit
        return None
    total = math.fsum(visits.get(s, 0.0) * mass for s, mass in hit_mass.items())
    return min(1.0, max(0.0, total))


def reach_probabilities(
    graph: nx.DiGraph, start: str, branches: dict[str, list[tuple[str, float]]] | None = None
) -> dict[str, float]:
    """P(the walk ever reaches the step) for every step, all at once (one pass
    over the strongly connected sets of steps, not one solve per step).

    A walk enters each strongly connected set C at most once. Taken in
    topological order, each set gets its entry distribution `a` from the sets
    before it and passes on what leaves it (its expected visits, solved on C
    alone). The chance of reaching step j of C is then 1 per entry in a trap (a
    set never left: every member is met) and, in a loop the customer can leave,
    `a` times N[e, j] / N[j, j], N = (I - Q_C)^-1. A loop left so rarely that its
    visits overflow a float counts as a trap, as in the metrics; a leavable loop
    of more than `limits.REACH_DENSE_LOOP_STEPS` steps is left out (the caller
    solves its steps one by one). A step no walk reaches has 0.
    """
    import networkx as nx
    import numpy as np

    branches = branches if branches is not None else _branches(graph)
    positive = nx.DiGraph()
    positive.add_node(start)
    stack, seen = [start], {start}
    while stack:
        step = stack.pop()
        for target, _ in branches[step]:
            positive.add_edge(step, target)
            if target not in seen:
                seen.add(target)
                stack.append(target)
    condensed = nx.condensation(positive)
    component: dict[str, int] = condensed.graph["mapping"]
    entry: dict[int, dict[str, float]] = {component[start]: {start: 1.0}}
    reach = dict.fromkeys((s for s in graph if s not in seen), 0.0)
    for number in nx.topological_sort(condensed):
        members: set[str] = condensed.nodes[number]["members"]
        into = entry.pop(number, {})
        entered = min(1.0, math.fsum(into.values()))
        order = sorted(members)
        index = {m: i for i, m in enumerate(order)}
        inside = [[(index[t], p) for t, p in branches[m] if t in members] for m in order]
        if not any(inside):  # one step, no loop: met with the chance it is entered
            (step,) = order
            reach[step] = min(1.0, into.get(step, 0.0))
            _pass_on(entry, component, branches, step, into.get(step, 0.0), members)
            continue
        if condensed.out_degree(number) == 0:  # a trap: every member is met once entered
            reach.update(dict.fromkeys(order, entered))
            continue
        source = len(order)  # a state before the set, leading to its entries
        transitions: dict[int, list[tuple[int, float]]] = dict(enumerate(inside))
        transitions[source] = [(index[e], a / entered) for e, a in into.items()]
        try:
            visits = expected_visits(transitions, source) if entered > 0 else {}
        except SingularChain:  # left too rarely for floats: a trap (metrics agree)
            reach.update(dict.fromkeys(order, entered))
            continue
        for i, value in visits.items():
            if i != source:
                _pass_on(entry, component, branches, order[i], entered * value, members)
        if len(order) > limits.REACH_DENSE_LOOP_STEPS:
            continue
        q = np.zeros((len(order), len(order)))
        for i, inner in enumerate(inside):
            for j, p in inner:
                q[i, j] += p
        with np.errstate(all="ignore"):  # near-singular: judged below, never printed
            inverse = np.linalg.inv(np.eye(len(order)) - q)
        diagonal = np.diag(inverse)
        if not (np.isfinite(inverse).all() and (diagonal > 0).all()):
            reach.update(dict.fromkeys(order, entered))  # left too rarely: a trap, as above
            continue
        for j, member in enumerate(order):
            total = math.fsum(a * inverse[index[e], j] for e, a in into.items())
            reach[member] = min(1.0, max(0.0, total / diagonal[j]))
    return reach


def _pass_on(
    entry: dict[int, dict[str, float]],
    component: dict[str, int],
    branches: dict[str, list[tuple[str, float]]],
    step: str,
    visits: float,
    members: set[str],
) -> None:
    """Add what leaves `step` (visited `visits` times) for other sets to their entries."""
    for target, p in branches[step]:
        if target not in members:
            into = entry.setdefault(component[target], {})
            into[target] = into.get(target, 0.0) + visits * p


def _keep(tag: Any, step: str) -> Any:
    return tag


def _reach(graph: nx.DiGraph, start: str, targets: set[str], branches: Any) -> float | None:
    if start in targets:
        return 1.0
    return hitting_probability(
        graph, start, _keep, lambda _tag, _s, t: t in targets, branches=branches
    )


def _edges(
    graph: nx.DiGraph, start: str, edges: set[tuple[str, str]], branches: Any
) -> float | None:
    return hitting_probability(
        graph, start, _keep, lambda _tag, s, t: (s, t) in edges, branches=branches
    )


def _repeated(
    graph: nx.DiGraph, start: str, step: str, data: Iterable[str], branches: Any
) -> float | None:
    """P(entering `step` with one of `data` already given on the walk; for an
    automated step, given since the last contact, as repeated-entry reads it).
    Tag bits: 1 asked on the walk, 2 asked since the last contact."""
    wanted = frozenset(data)
    nodes = graph.nodes
    automated = nodes[step]["facts"].type in ("ivr", "bot", "self_service")

    def enter(tag: int, target: str) -> int:
        facts = nodes[target]["facts"]
        asks = bool(wanted & set(facts.asks))
        since = 0 if facts.is_contact else tag & 2
        return (tag & 1) | since | (3 if asks else 0)

    def hits(tag: int, _s: str, target: str) -> bool:
        return target == step and bool(tag & (2 if automated else 1))

    return hitting_probability(graph, start, enter, hits, branches=branches)


def _ping_pong(graph: nx.DiGraph, start: str, step: str, team: str, branches: Any) -> float | None:
    """P(entering `step` (team A) after a transfer away from A): tags 0 before A,
    1 last with A, 2 with another team since."""
    nodes = graph.nodes

    def enter(tag: int, target: str) -> int:
        data = nodes[target]["facts"]
        owner = data.transfer_team
        if data.own_choice:
            return 0
        if owner is None:
            return tag
        if owner == team:
            return 1
        return 2 if tag else 0

    def hits(tag: int, _s: str, target: str) -> bool:
        return target == step and tag == 2

    return hitting_probability(graph, start, enter, hits, branches=branches)


def _second_contact(graph: nx.DiGraph, start: str, branches: Any) -> float | None:
    """P(a second contact): tag = contacts so far, capped at 1."""
    nodes = graph.nodes

    def enter(tag: int, target: str) -> int:
        return min(1, tag + int(nodes[target]["facts"].is_contact))

    def hits(tag: int, _s: str, target: str) -> bool:
        return tag == 1 and nodes[target]["facts"].is_contact

    return hitting_probability(graph, start, enter, hits, branches=branches)


def _after(
    graph: nx.DiGraph, start: str, first: str, then: set[str], branches: Any
) -> float | None:
    """P(reaching a step of `then` after `first`)."""

    def enter(tag: int, target: str) -> int:
        return tag | int(target == first)

    def hits(tag: int, source: str, target: str) -> bool:
        return target in then and (tag == 1)

    return hitting_probability(graph, start, enter, hits, branches=branches)


def _flagged_edges(graph: nx.DiGraph, step: str, flag: str) -> set[tuple[str, str]]:
    return {(step, t) for _, t, data in graph.out_edges(step, data=True) if data.get(flag)}


def finding_exposure(
    finding: Finding,
    graph: nx.DiGraph,
    start: str,
    visits: dict[str, float] | None = None,
    branches: dict[str, list[tuple[str, float]]] | None = None,
    reach: dict[str, float] | None = None,
) -> Exposure:
    """The probability that the customer meets `finding` (module docstring);
    `reach` is `reach_probabilities`, where the caller has it."""
    step = finding.step
    if step is None or step not in graph:
        return Exposure(1.0)  # a journey-wide finding concerns everyone
    branches = branches if branches is not None else _branches(graph)
    rule, evidence = finding.rule, finding.evidence
    exact: float | None
    if finding.to is not None and graph.has_edge(step, finding.to):
        exact = _edges(graph, start, {(step, finding.to)}, branches)
    elif rule == "repeated-entry" and evidence.get("data"):
        exact = _repeated(graph, start, step, evidence["data"], branches)
    elif rule == "ping-pong" and evidence.get("team"):
        exact = _ping_pong(graph, start, step, str(evidence["team"]), branches)
    elif rule in ("repeat-contact", "low-resolution"):
        exact = _second_contact(graph, start, branches)
    elif rule == "dropped-contact" and _flagged_edges(graph, step, "dropped"):
        exact = _edges(graph, start, _flagged_edges(graph, step, "dropped"), branches)
    elif rule == "missed-appointment" and _flagged_edges(graph, step, "missed"):
        exact = _edges(graph, start, _flagged_edges(graph, step, "missed"), branches)
    elif rule == "callback-unreliable" and evidence.get("to"):
        exact = _edges(graph, start, {(step, str(t)) for t in evidence["to"]}, branches)
    elif rule in ("channel-switch", "external-handoff") and finding.steps:
        exact = _edges(
            graph, start, {(p, step) for p in finding.steps if graph.has_edge(p, step)}, branches
        )
    elif rule == "customer-as-messenger" and finding.steps:
        exact = _after(graph, start, step, set(finding.steps), branches)
    elif rule in WHOLE_SET:  # a loop: met with whichever of its steps comes first
        exact = _reach(graph, start, {step, *finding.steps} & set(graph), branches)
    elif reach is not None and step in reach:
        exact = reach[step]
    else:
        exact = _reach(graph, start, {step}, branches)
    if exact is not None:
        return Exposure(_settled(exact))
    # Too large to solve: the expected visits, an upper bound, capped at 1,
    # and the probability of reaching the step, another.
    meets = float((visits or {}).get(step, 1.0))
    if finding.to is not None and graph.has_edge(step, finding.to):
        meets *= float(graph.edges[step, finding.to]["p"])
    if reach is not None and step in reach:
        meets = min(meets, reach[step])
    return Exposure(_settled(min(1.0, max(0.0, meets))), exact=False)


def _settled(probability: float) -> float:
    """12 significant digits: two solves of one probability (all steps at once,
    or one step) differ in the last bits, and a report must not tell them apart
    (0.875 is 88%, 0.8749999999999999 would be 87%)."""
    return float(f"{probability:.12g}")


def exposures(
    findings: Iterable[Finding], graph: nx.DiGraph, start: str, visits: dict[str, float] | None
) -> dict[str, Exposure]:
    """Each finding's exposure, by fingerprint (findings sharing one share it)."""
    branches = _branches(graph)
    reach = reach_probabilities(graph, start, branches)
    found: dict[str, Exposure] = {}
    token = _budget.set([EXPOSURE_STATES_PER_STEP * len(graph) + EXPOSURE_STATES_FLOOR])
    try:
        for finding in findings:
            if finding.fingerprint not in found:
                found[finding.fingerprint] = finding_exposure(
                    finding, graph, start, visits, branches, reach
                )
    finally:
        _budget.reset(token)
    return found
