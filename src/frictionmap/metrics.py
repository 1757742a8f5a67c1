"""Exact Markov metrics: what a journey costs the customer, in expectation.

The journey is an absorbing Markov chain (Grinstead & Snell, *Introduction to
Probability*, section 11.2) over the steps reachable from `start` along
branches of positive probability (each step's branch probabilities are
normalised to sum to 1; a branch below 1e-12 of its step's mass counts as 0):

- an `outcome` step absorbs, with its kind (resolved, refunded, unresolved,
  abandoned);
- a step without `next` (a dead end) absorbs as `stuck`;
- the steps of a closed class without an outcome (an attracting strongly
  connected component with a cycle: a trap) absorb as `trapped`, at whichever
  member the walk enters first;
- every other reachable step is transient. Each of them reaches a closed
  class, hence an absorbing state, so I - Q is never singular.

With Q the transient-to-transient block and R the transient-to-absorbing one,
N = (I - Q)^-1 holds expected visits, B = N R absorption probabilities and
N c expected totals. Only the row of `start` is needed: the visits v solve
(I - Q)^T v = e_start (a linear solve, never an inverse; see "Two solvers"
below). An absorbing step's "visits" are the probability of ending there, and
its own quantities count once: a dead end's minutes, or those of the step by
which a trap is entered (a trap's real cost is unbounded;
`p_outcomes["trapped"]` and the `trap-loop` rule say so).

Per step s: v(s) expected visits; m(s) = `minutes` + the actual `wait` of a
queue (the customer's time, FORMAT.md); w(s) = any actual `wait` (queues and
callbacks); h(s) = `hours`; k(s) = `cost`; rate(s) = the `cost_per_minute` of
its channel; fee(s) = the channel's per-contact `cost`, at `contact` steps
only (frictionmap's reading: a channel `cost` is paid once per contact made on
it). q(s, t) is a branch probability. m(s), the hours term and the cost term
are each step's `customer_minutes`, `elapsed_hours` and `customer_cost`
(facts.py), the same numbers the walks and the simulator sum.

- p_outcomes[o] = sum of v(s) over absorbing steps of kind o (all six kinds)
- p_resolved = p_outcomes["resolved"]
- expected_contacts = sum of v(s) over `contact` steps
- expected_minutes = sum v(s) m(s)
- expected_hours = sum v(s) ((minutes(s) + w(s)) / 60 + h(s))
- expected_cost = sum v(s) (k(s) + rate(s) m(s) + fee(s))
- expected_channel_switches = sum v(s) q(s, t) over branches s -> t into a
  `contact` step t whose channel kind differs from s's (both known)
- step_visits[s] = v(s) (0 for steps no walk reaches)

History-dependent quantities are exact, on product chains (no path
enumeration, no sampling):

- expected_transfers, transfer_traversals: chain (step x last team). Entering
  a team-owned step t with a last team other than t's (and some last team) is
  a transfer; a team-less step keeps the last team. transfer_traversals[(s, t)]
  = sum over last teams T != team(t) of v(s, T) q(s, t); expected_transfers is
  their sum.
- first_contact_resolution: chain (step x contacts so far, capped): the walk
  leaves the chain on entering a second contact, and FCR is the probability of
  being absorbed at a `resolved` outcome inside it.
- expected_repeated_entries: for each datum d that can be asked twice, the
  chain (step x asked-or-not) counts an ask of d when d was already asked. Per
  walk that count is (asks of d) - [d asked at all], so its expectation is
  sum v(s) n_d(s) - P(d asked), where n_d(s) counts d in s's `asks` and
  P(d asked) is the absorption into the asking steps of the "not asked yet"
  half of the chain (the other half needs no solve).
- expected_asks_again: the expected visits of a step that asks for a datum
  already asked on the walk (a step asking several counts once: the score
  weighs each such step once). Only the walk's first visit among the steps
  asking one of a step's data can ask nothing again, so for the steps T that
  ask one same set S of data it is sum over T of v(t) - P(the first step asking
  one of S is in T): one more "not asked yet" solve per set of two or more data
  asked together (a set of one is a datum's own solve), within what the bound
  of bounds.py leaves; past it, such a set's steps count the largest of their
  data's own asks again, a lower bound.
- goodwill: the goodwill model of issue 11, kept in the JSON (the score has
  its own walk part, score.py): the expectation over walks of
  outcome_value (resolved 1, or 0.95 without `root_cause`; refunded 0.37,
  or 0.73 with it; failures 0) x 0.8516^(contacts-1)+ x 0.88^transfers x 0.90^switches x
  (1 - 0.1 (1 - 2^(-minutes/60))), on the chain (step x last team x contacted),
  as a discounted chain: x (I - W) = e_start a(start), W(i, j) = q(i, j) x the
  branch's factors x a(j), goodwill = sum of x over absorbing states x their
  outcome value; solved once with a = 1 and once with a(s) = 2^(-m(s)/60),
  mixed 0.9 / 0.1.

Every chain above, the base one included, is a product of the base chain with
a memory (a "tag"): a `Move` says what taking a base branch from a state with
a given tag does (tag after, a factor on the branch probability, an event
flag). A factor of 0 ends the walk there (a second contact for first-contact
resolution, leaving an asking step for P(d asked)). Each result is linear in
the solution x over (step, tag): summed per step, or, for transfers, the flow
x W along the event transitions of each base branch.

Two solvers, one set of definitions. What counts as a contact, a transfer, a
switch, an ask, and every per-step amount are computed once, per step and
per branch (`_Branches`); the moves are written with arithmetic operators
only, so that the same code runs on Python scalars and on numpy arrays. How
the products are built and solved (pure Python for small chains, numpy and
scipy for large ones) is the solver package's business (solver/__init__.py
says which of its modules does what).

Every number is finite: a chain whose solve is not (branch probabilities so
close to 0 or 1 that floating point cannot tell a loop from a trap) is solved
again with the negligible-branch bound raised to 1e-9, then 1e-6; absurdly
large inputs (1e308 minutes) saturate at the largest float.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .facts import StepFacts, finite
from .goodwill import FRICTION
from .graph import is_channel_switch
from .solver import limits
from .solver.backends import solver_for
from .solver.chain import Chain, Move, NotFinite, base_chain
from .step_types import CONTACT, OUTCOME

if TYPE_CHECKING:
    import networkx as nx

    from .model import Journey
    from .solver.backends import Solver

OUTCOME_KEYS: tuple[str, ...] = (
    "resolved", "refunded", "unresolved", "abandoned", "stuck", "trapped",
)
# Repeated-entry expectations below this (relative to the asks) are rounding noise.
NOISE = 1e-12


@dataclass(frozen=True)
class Metrics:
    """A journey's exact metrics (module docstring for each formula)."""

    p_outcomes: dict[str, float]
    p_resolved: float
    first_contact_resolution: float
    expected_contacts: float
    expected_transfers: float
    expected_repeated_entries: float
    expected_asks_again: float
    expected_channel_switches: float
    expected_minutes: float
    expected_hours: float
    expected_cost: float
    step_visits: dict[str, float]
    transfer_traversals: dict[tuple[str, str], float]
    goodwill: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, keys in a fixed order, floats to 12 significant digits."""
        return {
            "p_outcomes": {k: _round(self.p_outcomes[k]) for k in OUTCOME_KEYS},
            "p_resolved": _round(self.p_resolved),
            "first_contact_resolution": _round(self.first_contact_resolution),
            "expected_contacts": _round(self.expected_contacts),
            "expected_transfers": _round(self.expected_transfers),
            "expected_repeated_entries": _round(self.expected_repeated_entries),
            "expected_asks_again": _round(self.expected_asks_again),
            "expected_channel_switches": _round(self.expected_channel_switches),
            "expected_minutes": _round(self.expected_minutes),
            "expected_hours": _round(self.expected_hours),
            "expected_cost": _round(self.expected_cost),
            "goodwill": _round(self.goodwill),
            "step_visits": {s: _round(v) for s, v in self.step_visits.items()},
            "transfer_traversals": [
                {"from": a, "to": b, "expected": _round(v)}
                for (a, b), v in self.transfer_traversals.items()
            ],
        }


def _round(value: float) -> float:
    """12 significant digits; never -0.0."""
    return float(f"{value:.12g}") + 0.0


def compute_metrics(journey: Journey, graph: nx.DiGraph) -> Metrics:
    """The metrics of a valid journey and its graph (graph.build_graph)."""
    for bound in limits.NEGLIGIBLE_BOUNDS:
        try:
            return _compute(journey, graph, bound)
        except NotFinite:
            continue
    # Last resort: loops left so rarely that the expected visits overflow a float
    # (2,000 steps each sending the customer back to the start half the time:
    # 2^2000 passes) count as traps, which they are in practice.
    return _compute(journey, graph, limits.NEGLIGIBLE_BOUNDS[-1], loops_trap=True)


# -- the definitions: per branch, then per product chain ------------------------


@dataclass
class _Branches:
    """What taking base branch b means, whatever the walk so far.

    Indexed by branch (`chain.src/dst/q` order): Python lists on the pure path,
    numpy arrays on the large one (`solver.array`), so that the moves below
    read them alike with `branches.team[b]` for one b or an array of them.
    """

    src: Any  # the step the branch leaves
    team: Any  # team number of the step it enters (0: team-less)
    contact: Any  # whether it enters a `contact` step
    switch: Any  # a channel switch into a contact (module docstring)
    decay: Any  # 2^(-m/60) of the step it enters: goodwill's time factor
    fresh: Any  # it enters a contact the customer chose to make: the last team is forgotten


# A Move (solver/chain.py) says what base branch b does from a state with memory
# `tag`: on scalars or on numpy arrays alike, hence operators only: `&`, `|` and
# `**` on 0/1 flags instead of `if`.


def _next_team(last: Any, team: Any, fresh: Any = False) -> Any:
    """The last team after entering a step of `team`: a team-less step (0) keeps it,
    a contact the customer chose to make (`fresh`) forgets it (issue 12)."""
    return team + (team == 0) * (1 - fresh) * last


def _is_transfer(last: Any, team: Any) -> Any:
    """FORMAT.md's transfer: entering a team-owned step after another team's."""
    return (team > 0) & (last > 0) & (last != team)


def _plain_move(tag: Any, b: Any) -> tuple[Any, Any, Any]:
    """The base chain itself (one tag, nothing happens)."""
    return tag, 1.0, False


def _transfer_move(branches: _Branches) -> Move:
    """Tag = last team (0: none yet); the event is a transfer."""

    def move(last: Any, b: Any) -> tuple[Any, Any, Any]:
        team = branches.team[b]
        return _next_team(last, team, branches.fresh[b]), 1.0, _is_transfer(last, team)

    return move


def _contact_move(branches: _Branches) -> Move:
    """Tag = contacted yet (0/1); a second contact leaves the chain (factor 0)."""

    def move(contacted: Any, b: Any) -> tuple[Any, Any, Any]:
        contact = branches.contact[b]
        return contacted | contact, 1 - (contacted & contact), False

    return move


def _until_asked_move(branches: _Branches, asking: Any) -> Move:
    """One tag; leaving a step that asks for the datum leaves the chain (factor 0)."""

    def move(tag: Any, b: Any) -> tuple[Any, Any, Any]:
        return tag, 1 - asking[branches.src[b]], False

    return move


def _goodwill_move(branches: _Branches, timed: bool) -> Move:
    """Tag = 2 x last team + contacted; the factor is the walk's goodwill factor (score.py)."""
    friction = FRICTION

    def move(tag: Any, b: Any) -> tuple[Any, Any, Any]:
        last, contacted = tag // 2, tag % 2
        team, contact = branches.team[b], branches.contact[b]
        factor = (
            friction.channel_switch ** branches.switch[b]
            * friction.repeat_contact ** (contact & contacted)
            * friction.transfer ** _is_transfer(last, team)
        )
        if timed:
            factor = factor * branches.decay[b]
        after = _next_team(last, team, branches.fresh[b])
        return 2 * after + (contacted | contact), factor, False

    return move


# -- the metrics -----------------------------------------------------------------


def _compute(
    journey: Journey, graph: nx.DiGraph, negligible: float, loops_trap: bool = False
) -> Metrics:
    outcomes = {
        sid: str(f.outcome) for sid, f in graph.nodes(data="facts") if f.type in OUTCOME
    }
    chain = base_chain(graph, journey.start, outcomes, negligible, loops_trap)
    solver: Solver = solver_for(chain)
    nodes: list[StepFacts] = [graph.nodes[s]["facts"] for s in chain.steps]
    is_contact = [n.type in CONTACT for n in nodes]
    team_names = sorted({n.transfer_team for n in nodes if n.transfer_team is not None})
    team_number = {name: k + 1 for k, name in enumerate(team_names)}
    team_of = [
        team_number.get(n.transfer_team, 0) if n.transfer_team is not None else 0 for n in nodes
    ]
    kinds = [n.channel_kind for n in nodes]
    switch = [
        is_channel_switch(kinds[s], nodes[t]) for s, t in zip(chain.src, chain.dst, strict=True)
    ]
    # Per visit, as facts.py defines them (the walks and the simulator sum the same).
    minutes = [n.customer_minutes for n in nodes]
    hours = [n.elapsed_hours for n in nodes]
    cost = [n.customer_cost for n in nodes]
    value = [
        FRICTION.outcome_value(end, n.root_cause) if end is not None else 0.0
        for end, n in zip(chain.end, nodes, strict=True)
    ]
    decay = [0.5 ** (m / FRICTION.time_half_life_minutes) for m in minutes]
    branches = _Branches(
        src=solver.array(chain.src, int),
        team=solver.array([team_of[t] for t in chain.dst], int),
        contact=solver.array([is_contact[t] for t in chain.dst], bool),
        switch=solver.array(switch, bool),
        decay=solver.array([decay[t] for t in chain.dst], float),
        fresh=solver.array([nodes[t].own_choice for t in chain.dst], bool),
    )

    v = solver.solve(_plain_move, 0, 1).per_step
    p_outcomes = dict.fromkeys(OUTCOME_KEYS, 0.0)
    for i, kind in enumerate(chain.end):
        if kind is not None:
            p_outcomes[kind] += v[i]
    total = math.fsum(p_outcomes.values())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise NotFinite  # numerically lost mass: solve again with a coarser bound
    p_outcomes = {k: min(1.0, p / total) for k, p in p_outcomes.items()}

    switches = math.fsum(
        v[s] * q for s, q, flag in zip(chain.src, chain.q, switch, strict=True) if flag
    )
    transfers, traversals = _transfers(chain, solver, branches, team_of, len(team_names))
    asked = _FirstAsked(chain, solver, branches, nodes)
    return Metrics(
        p_outcomes=p_outcomes,
        p_resolved=p_outcomes["resolved"],
        first_contact_resolution=min(
            1.0, _first_contact_resolution(chain, solver, branches, is_contact)
        ),
        expected_contacts=math.fsum(x for x, c in zip(v, is_contact, strict=True) if c),
        expected_transfers=transfers,
        expected_repeated_entries=_repeated_entries(asked, v),
        expected_asks_again=_asks_again(asked, nodes, v),
        expected_channel_switches=switches,
        expected_minutes=_total(v, minutes),
        expected_hours=_total(v, hours),
        expected_cost=_total(v, cost),
        step_visits=_step_visits(journey, chain, v),
        transfer_traversals={
            (chain.steps[a], chain.steps[b]): amount for (a, b), amount in traversals
        },
        goodwill=min(
            1.0,
            _goodwill(chain, solver, branches, team_of, len(team_names), is_contact, value, decay),
        ),
    )


def _total(visits: list[float], amounts: list[float]) -> float:
    """sum v(s) c(s), exactly rounded, and finite whatever the inputs."""
    try:
        return finite(math.fsum(x * c for x, c in zip(visits, amounts, strict=True)))
    except OverflowError:  # fsum's intermediate overflow
        return sys.float_info.max


def _step_visits(journey: Journey, chain: Chain, v: list[float]) -> dict[str, float]:
    """Every step in reading order; 0 where no walk goes."""
    reached = dict(zip(chain.steps, v, strict=True))
    return {sid: reached.get(sid, 0.0) for sid in journey.steps}


def _transfers(
    chain: Chain, solver: Solver, branches: _Branches, team_of: list[int], teams: int
) -> tuple[float, list[tuple[tuple[int, int], float]]]:
    """Expected transfers and per-branch transfer traversals, on (step x last team)."""
    if teams < 2:  # a transfer needs two teams
        return 0.0, []
    solved = solver.solve(_transfer_move(branches), team_of[chain.start], teams + 1)
    ordered = sorted(((chain.src[b], chain.dst[b]), amount) for b, amount in solved.flow.items())
    return math.fsum(amount for _, amount in ordered), ordered


def _first_contact_resolution(
    chain: Chain, solver: Solver, branches: _Branches, is_contact: list[bool]
) -> float:
    """P(absorbed at `resolved` with at most one contact), on (step x contacted).

    Two copies of the base chain, before and after the first contact: a branch
    into a contact step moves from the first to the second, and leaves the
    chain from the second (a second contact is no first-contact resolution).
    """
    start_tag = int(is_contact[chain.start])
    per_step = solver.solve(_contact_move(branches), start_tag, 2).per_step
    return math.fsum(per_step[i] for i, end in enumerate(chain.end) if end == "resolved")


class _FirstAsked:
    """The "not asked yet" solves of one journey: `of(S)` is, per step, the
    probability that it is the walk's first step asking one of the data S (the
    base chain with those steps made absorbing). Each datum's is solved once,
    for expected_repeated_entries and expected_asks_again both."""

    def __init__(
        self, chain: Chain, solver: Solver, branches: _Branches, nodes: list[StepFacts]
    ) -> None:
        self.chain, self.solver, self.branches = chain, solver, branches
        # Per datum, the steps that ask for it and how many times each does.
        self.askers: dict[str, dict[int, int]] = {}
        for i, node in enumerate(nodes):
            for datum in node.asks:
                counts = self.askers.setdefault(datum, {})
                counts[i] = counts.get(i, 0) + 1
        self.repeatable = sorted(d for d, c in self.askers.items() if _can_repeat(chain, c))
        self._one: dict[str, Any] = {}

    def of(self, data: frozenset[str]) -> Any:
        (key,) = data if len(data) == 1 else (None,)
        if key is not None and key in self._one:
            return self._one[key]
        chain = self.chain
        asking = sorted({i for d in data for i in self.askers[d]})
        if chain.start in asking:
            found: Any = [float(i == chain.start) for i in range(len(chain.steps))]
        else:
            move = _until_asked_move(self.branches, self.solver.mask(len(chain.steps), asking))
            found = self.solver.solve(move, 0, 1).per_step
        if key is not None:
            self._one[key] = found
        return found


def _repeated_entries(asked: _FirstAsked, v: list[float]) -> float:
    """Sum over data of E[asks of d] - P(d asked), for data that can be asked twice
    (P(d asked): the sum over its asking steps of being the first of them)."""
    total = 0.0
    for datum in asked.repeatable:
        counts = asked.askers[datum]
        asks = math.fsum(v[i] * n for i, n in counts.items())
        first = asked.of(frozenset({datum}))
        repeated = asks - min(1.0, math.fsum(first[i] for i in counts))
        if repeated > NOISE * max(1.0, asks):
            total += repeated
    return total


def _asks_again(asked: _FirstAsked, nodes: list[StepFacts], v: list[float]) -> float:
    """Expected visits of a step asking for a datum already given, per distinct
    set S of data asked at one step: sum of v(t) over the steps T asking S, less
    P(the walk's first step asking one of S is in T).

    A set of one datum is that datum's own solve; the sets of two or more take
    one solve each, as many as `bounds.pairs_bound` leaves after the data's
    (in reading order of the sets); past that, a set's steps count the largest
    of their data's own asks again, a lower bound (each datum given before is
    an ask again)."""
    from .bounds import pairs_bound

    together: dict[frozenset[str], list[int]] = {}
    for i, node in enumerate(nodes):
        if node.asks:
            together.setdefault(frozenset(node.asks), []).append(i)
    repeatable = set(asked.repeatable)
    size = len(asked.chain.steps)
    spare = max(0, pairs_bound(size) // max(1, size) - len(repeatable))
    total = 0.0
    for data, steps in sorted(together.items(), key=lambda item: sorted(item[0])):
        if not data & repeatable:
            continue
        visited = math.fsum(v[i] for i in steps)
        if len(data) == 1 or spare > 0:
            spare -= len(data) > 1
            first = asked.of(data)
            again = visited - math.fsum(first[i] for i in steps)
        else:
            firsts = [asked.of(frozenset({d})) for d in sorted(data & repeatable)]
            again = visited - math.fsum(min(f[i] for f in firsts) for i in steps)
        if again > NOISE * max(1.0, visited):
            total += again
    return total


def _can_repeat(chain: Chain, counts: dict[int, int]) -> bool:
    """Whether some walk may ask for the datum twice (False is certain)."""
    if len(counts) > 1:
        return True
    ((step, count),) = counts.items()
    return count > 1 or (chain.end[step] is None and chain.cyclic[step])


def _goodwill(
    chain: Chain,
    solver: Solver,
    branches: _Branches,
    team_of: list[int],
    teams: int,
    is_contact: list[bool],
    outcome_value: list[float],
    decay: list[float],
) -> float:
    """E[outcome value x friction factors] on (step x last team x contacted); see score.py.

    Solved twice: without the time factor, and with a(j) = 2^(-m(j)/60) on
    every transition into j (and the start).
    """
    if not any(outcome_value):
        return 0.0
    start = chain.start
    first = 2 * team_of[start] + int(is_contact[start])
    tags = 2 * (teams + 1)
    plain = solver.solve(_goodwill_move(branches, timed=False), first, tags).per_step
    timed = solver.solve(_goodwill_move(branches, timed=True), first, tags, decay[start]).per_step
    kept = math.fsum(x * w for x, w in zip(plain, outcome_value, strict=True))
    kept_timed = math.fsum(x * w for x, w in zip(timed, outcome_value, strict=True))
    share = FRICTION.time_share
    return (1.0 - share) * kept + share * kept_timed
