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
it). q(s, t) is a branch probability.

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
- goodwill: the score's walk factor (score.py), the expectation over walks of
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
only, so that the same code runs on Python scalars and on numpy arrays. Only
the product's construction and its linear solve differ:

- base chains up to PURE_LIMIT steps (every seed journey): a dict per
  product chain, solved by `markov.expected_visits` (exact, strongly connected
  blocks in topological order, pure Python for small blocks), so that
  checking a journey never pays for importing numpy;
- larger ones: the reachable (step, tag) pairs found breadth-first one level
  at a time with numpy, then numpy dense (up to DENSE_LIMIT states) or
  scipy.sparse `spsolve` on CSC. Sparse solves order the states by the
  strongly connected components of the base chain, sinks first, so that the
  matrix is block triangular and SuperLU's natural ordering fills in only
  inside the journey's loops: time stays near-linear (seconds for 100k steps).

Every number is finite: a chain whose solve is not (branch probabilities so
close to 0 or 1 that floating point cannot tell a loop from a trap) is solved
again with the negligible-branch bound raised to 1e-9, then 1e-6; absurdly
large inputs (1e308 minutes) saturate at the largest float.
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .graph import is_channel_switch
from .markov import SingularChain, components, expected_visits
from .score import FRICTION

if TYPE_CHECKING:
    import networkx as nx

    from .model import Journey

OUTCOME_KEYS: tuple[str, ...] = (
    "resolved", "refunded", "unresolved", "abandoned", "stuck", "trapped",
)
STUCK, TRAPPED = "stuck", "trapped"
# Base chains up to this many steps are solved in pure Python (markov.py), larger
# ones with numpy/scipy. Measured on bench/generate.py journeys: in a new process
# the pure path is the cheaper up to about 800 steps (numpy and scipy.sparse take
# ~0.25 s to import); once they are imported, up to about 150 (0.11 s against
# 0.03 s at 400 steps). 500 keeps a one-file check fast and a many-file run
# within a tenth of a second per large journey.
PURE_LIMIT = 500
# On the numpy path, product chains up to this many states are solved dense
# (numpy), larger ones sparse (scipy).
DENSE_LIMIT = 300
# A branch below this share of its step's probability mass counts as 0; raised
# when a solve is not finite (see the module docstring).
NEGLIGIBLE_BOUNDS = (1e-12, 1e-9, 1e-6)
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


class _NotFinite(ArithmeticError):
    """A solve gave NaN or infinity (a near-singular chain)."""


def compute_metrics(journey: Journey, graph: nx.DiGraph) -> Metrics:
    """The metrics of a valid journey and its graph (graph.build_graph)."""
    for bound in NEGLIGIBLE_BOUNDS:
        try:
            return _compute(journey, graph, bound)
        except _NotFinite:
            continue
    # Last resort: loops left so rarely that the expected visits overflow a float
    # (2,000 steps each sending the customer back to the start half the time:
    # 2^2000 passes) count as traps, which they are in practice.
    return _compute(journey, graph, NEGLIGIBLE_BOUNDS[-1], loops_trap=True)


# -- the base chain -----------------------------------------------------------


@dataclass
class _Chain:
    """The reachable steps as an absorbing chain, indexed 0..n-1 in reading order.

    Branches of transient states are listed in `src`, `dst`, `q` (positive,
    normalised, self-loops included), sorted by `src`, with `indptr` the CSR
    offsets; absorbing states have none. `leak[i]` = 1 - q(i, i), computed from
    the other branches so that a near-certain self-loop keeps its tiny exit.
    `end[i]` is the absorbing kind, or None for transient i. `block[i]` numbers
    i's strongly connected component, sinks first: every branch goes to a block
    numbered no higher, which the sparse solve uses (see `_solve`). `cyclic[i]`
    says whether i lies on a cycle. Plain lists: the numpy path makes arrays of
    them (`_Numpy`).
    """

    steps: list[str]
    start: int
    end: list[str | None]
    cyclic: list[bool]
    src: list[int]
    dst: list[int]
    q: list[float]
    indptr: list[int]
    leak: list[float]
    block: list[int]


def _base_chain(
    graph: nx.DiGraph, start: str, negligible: float, loops_trap: bool = False
) -> _Chain:
    """The chain from `start`; with `loops_trap`, every loop absorbs as a trap."""
    order = {sid: i for i, sid in enumerate(graph.nodes)}
    positive: dict[str, list[tuple[str, float]]] = {sid: [] for sid in order}
    for source, target, p in graph.edges(data="p"):
        if p > 0:
            positive[source].append((target, float(p)))
    support: dict[str, list[tuple[str, float]]] = {}
    seen = {start}
    stack = [start]
    while stack:  # reachability along positive branches
        sid = stack.pop()
        if graph.nodes[sid]["type"] == "outcome":
            support[sid] = []
            continue
        edges = positive[sid]
        total = math.fsum(p for _, p in edges)
        edges = [(t, p) for t, p in edges if p > negligible * total]
        total = math.fsum(p for _, p in edges)
        support[sid] = [(t, p / total) for t, p in edges]
        for target, _ in edges:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    steps = sorted(seen, key=order.__getitem__)
    index = {sid: i for i, sid in enumerate(steps)}
    # Components numbered sinks first (reversed topological order).
    blocks = components(support, start)[::-1]
    block = [0] * len(steps)
    for number, members in enumerate(blocks):
        for sid in members:
            block[index[sid]] = number
    closed = [
        all(block[index[t]] == number for sid in members for t, _ in support[sid])
        for number, members in enumerate(blocks)
    ]
    cyclic = [
        len(blocks[block[i]]) > 1 or any(t == sid for t, _ in support[sid])
        for i, sid in enumerate(steps)
    ]
    end: list[str | None] = [None] * len(steps)
    for i, sid in enumerate(steps):
        if not (closed[block[i]] or (loops_trap and cyclic[i])):
            continue
        if cyclic[i]:
            end[i] = TRAPPED
        else:
            node = graph.nodes[sid]
            end[i] = node["outcome"] if node["type"] == "outcome" else STUCK
    src: list[int] = []
    dst: list[int] = []
    q: list[float] = []
    indptr = [0]
    leak = [1.0] * len(steps)
    for i, sid in enumerate(steps):
        if end[i] is None:
            for target, p in support[sid]:
                src.append(i)
                dst.append(index[target])
                q.append(p)
            leak[i] = math.fsum(p for t, p in support[sid] if index[t] != i)
        indptr.append(len(src))
    return _Chain(steps, index[start], end, cyclic, src, dst, q, indptr, leak, block)


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


# move(tag, b) -> (tag after, factor on q(b), event flag) for base branch b
# taken from a state with memory `tag`; on scalars or on numpy arrays alike,
# hence operators only: `&`, `|` and `**` on 0/1 flags instead of `if`.
Move = Callable[[Any, Any], "tuple[Any, Any, Any]"]


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


# -- the two solvers ----------------------------------------------------------------


@dataclass
class _Solved:
    """A product chain's solution x of x (I - W) = start_value e_start, summed up.

    `per_step[s]` = sum over tags of x(s, tag); `flow[b]` = sum of x(state) W
    over the event transitions along base branch b (only branches with some).
    """

    per_step: list[float]
    flow: dict[int, float]


class _PurePython:
    """Small chains: each product as a dict, solved by `markov.expected_visits`.

    markov.py solves x' (I - W') = e_start with W' the chain's transitions
    without self-loops; here a state's self-loop is folded into its other
    transitions: with d(i) = 1 - W(i, i), y(i) = x(i) d(i) solves the chain
    W'(i, j) = W(i, j) / d(i), which keeps d exact (from the base leak) for a
    near-certain self-loop.
    """

    def __init__(self, chain: _Chain) -> None:
        self.chain = chain

    def array(self, values: list[Any], kind: type) -> list[Any]:
        """Per-branch or per-step values as the moves read them: the list itself."""
        return values

    def mask(self, size: int, indices: list[int]) -> list[bool]:
        """A per-step flag, true at `indices`."""
        flags = [False] * size
        for i in indices:
            flags[i] = True
        return flags

    def solve(self, move: Move, start_tag: int, tags: int, start_value: float = 1.0) -> _Solved:
        """The product with tags in range(tags), from (start, start_tag).

        State key: step x tags + tag.
        """
        chain = self.chain
        start = chain.start * tags + start_tag
        transitions: dict[int, list[tuple[int, float]]] = {}
        diagonal: dict[int, float] = {}
        events: list[tuple[int, float, int]] = []
        seen = {start}
        stack = [start]
        while stack:
            state = stack.pop()
            step, tag = divmod(state, tags)
            out: list[tuple[int, float]] = []
            stay_out = 1.0
            for b in range(chain.indptr[step], chain.indptr[step + 1]):
                after, factor, event = move(tag, b)
                target = chain.dst[b] * tags + after
                if target == state:
                    # 1 - q f = leak + q (1 - f): exact for f = 1 however close q is to 1.
                    stay_out = chain.leak[step] + chain.q[b] * (1.0 - factor)
                    continue
                weight = chain.q[b] * factor
                if weight > 0.0:
                    out.append((target, weight))
                    if target not in seen:
                        seen.add(target)
                        stack.append(target)
                    if event:
                        events.append((state, weight, b))
            if not stay_out > 0.0:
                raise _NotFinite
            diagonal[state] = stay_out
            transitions[state] = [(target, weight / stay_out) for target, weight in out]
        try:
            visits = expected_visits(transitions, start)
        except SingularChain:
            raise _NotFinite from None
        per_step = [0.0] * len(chain.steps)
        x: dict[int, float] = {}
        for state, y in visits.items():
            value = start_value * y / diagonal[state]
            if not math.isfinite(value):
                raise _NotFinite
            x[state] = value = max(value, 0.0)  # rounding can leave -1e-18 where 0 is exact
            per_step[state // tags] += value
        flow: dict[int, float] = {}
        for state, weight, b in events:
            flow[b] = flow.get(b, 0.0) + x.get(state, 0.0) * weight
        return _Solved(per_step, flow)


@dataclass
class _System:
    """x (I - W) = rhs over len(diagonal) states, W given by its transitions.

    `rows/cols/weights`: W(row, col) for row != col; `diagonal[i]` = 1 - W(i, i)
    (from the base leak, so a near-certain self-loop keeps its exit);
    `block[i]`: the base block of state i, for the sparse ordering.
    """

    rows: Any
    cols: Any
    weights: Any
    diagonal: Any
    block: Any


@dataclass
class _Product:
    """A chain over the (step, tag) pairs reachable from the start's pair.

    State k is (steps[k], tags[k]), sorted by step then tag; `start` is the
    start's pair. `system` holds W = q x factor; `events[e]` and `branches[e]`
    give each transition's event flag and base branch.
    """

    steps: Any
    start: int
    system: _System
    events: Any
    branches: Any


class _Numpy:
    """Large chains: products explored and built with numpy, solved by numpy/scipy."""

    def __init__(self, chain: _Chain) -> None:
        import numpy as np

        self.chain = chain
        self.src = np.asarray(chain.src, dtype=np.int64)
        self.dst = np.asarray(chain.dst, dtype=np.int64)
        self.q = np.asarray(chain.q, dtype=np.float64)
        self.indptr = np.asarray(chain.indptr, dtype=np.int64)
        self.leak = np.asarray(chain.leak, dtype=np.float64)
        self.block = np.asarray(chain.block, dtype=np.int64)

    def array(self, values: list[Any], kind: type) -> Any:
        """Per-branch or per-step values as the moves read them: a numpy array of `kind`."""
        import numpy as np

        return np.asarray(values, dtype=kind)

    def mask(self, size: int, indices: list[int]) -> Any:
        """A per-step flag, true at `indices` (one per datum: no Python list of 100k)."""
        import numpy as np

        flags = np.zeros(size, dtype=bool)
        flags[indices] = True
        return flags

    def solve(self, move: Move, start_tag: int, tags: int, start_value: float = 1.0) -> _Solved:
        """As `_PurePython.solve`."""
        import numpy as np

        product = self._explore(start_tag, tags, move)
        x = _solve(product.system, _unit(len(product.steps), product.start, start_value))
        per_step = np.bincount(product.steps, weights=x, minlength=len(self.chain.steps))
        flow: dict[int, float] = {}
        events = product.events
        if events.any():
            system = product.system
            amounts = x[system.rows[events]] * system.weights[events]
            per_branch = np.bincount(
                product.branches[events], weights=amounts, minlength=len(self.src)
            )
            for b in np.unique(product.branches[events]).tolist():
                flow[b] = float(per_branch[b])
        return _Solved(per_step.tolist(), flow)

    def _branches_of(self, steps: Any) -> tuple[Any, Any]:
        """All base branches out of `steps`, and for each the position of its step."""
        import numpy as np

        first = self.indptr[steps]
        counts = self.indptr[steps + 1] - first
        owner = np.repeat(np.arange(len(steps), dtype=np.int64), counts)
        offset = np.arange(len(owner), dtype=np.int64) - np.repeat(
            np.cumsum(counts) - counts, counts
        )
        return first[owner] + offset, owner

    def _moved(self, move: Move, tags: Any, branches: Any) -> tuple[Any, Any, Any, Any]:
        """move on arrays, scalar results broadcast; plus the target keys and weights."""
        import numpy as np

        after, factors, events = move(tags, branches)
        factors = np.broadcast_to(np.asarray(factors, dtype=np.float64), branches.shape)
        events = np.broadcast_to(np.asarray(events, dtype=bool), branches.shape)
        return after, factors, events, self.q[branches] * factors

    def _explore(self, tag: int, tags: int, move: Move) -> _Product:
        """The product of the base chain with a tag in range(tags) that `move` updates.

        Breadth-first over the pairs (keys step x tags + tag) reachable along
        transitions of positive weight, one numpy pass per level; then every
        transition at once. With one tag every step is reachable: no search.
        """
        import numpy as np

        start = self.chain.start * tags + tag
        if tags == 1:  # keys are steps, branches in order: no search, no lookup
            keys = np.arange(len(self.chain.steps), dtype=np.int64)
            branches, owner = np.arange(len(self.src), dtype=np.int64), self.src
        else:
            seen = {start}
            frontier = np.asarray([start], dtype=np.int64)
            while frontier.size:
                branches, owner = self._branches_of(frontier // tags)
                after, _, _, weights = self._moved(move, frontier[owner] % tags, branches)
                reached = (self.dst[branches] * tags + after)[weights > 0.0]
                fresh = [k for k in np.unique(reached).tolist() if k not in seen]
                seen.update(fresh)
                frontier = np.asarray(fresh, dtype=np.int64)
            keys = np.asarray(sorted(seen), dtype=np.int64)
            branches, owner = self._branches_of(keys // tags)
        steps = keys // tags
        after, factors, events, weights = self._moved(move, keys[owner] % tags, branches)
        target_keys = self.dst[branches] * tags + after
        loop = target_keys == keys[owner]
        diagonal = np.ones(len(keys))
        # 1 - q f = leak + q (1 - f): exact for f = 1 however close q is to 1.
        diagonal[owner[loop]] = self.leak[steps[owner[loop]]] + self.q[branches[loop]] * (
            1.0 - factors[loop]
        )
        keep = ~loop & (weights > 0.0)  # factor 0: the walk leaves the chain
        targets = target_keys[keep] if tags == 1 else np.searchsorted(keys, target_keys[keep])
        system = _System(
            owner[keep],
            targets,
            weights[keep],
            diagonal,
            self.block[steps],
        )
        return _Product(
            steps, int(np.searchsorted(keys, start)), system, events[keep], branches[keep]
        )


# States in one strongly connected block above which the sparse solve orders
# its columns to reduce fill-in (_solve).
LARGE_BLOCK = 2_000


def _solve(system: _System, rhs: Any) -> Any:
    """x with (I - W)^T x = rhs (x = rhs N): a solve, never an inverse.

    Dense (numpy) up to DENSE_LIMIT states. Above, scipy.sparse `spsolve` on
    CSC, with the states sorted by base block, sinks first: every transition
    goes to a block no later, so (I - W)^T is block upper triangular, and with
    SuperLU's natural column order the factors fill in only inside the
    diagonal blocks (a journey's loops): the solve stays near-linear while
    the loops are small. With a block over LARGE_BLOCK states (a journey
    where everything can lead back to everything), natural order would fill
    that block densely (800 agents and a 800-message hub: 387 s); COLAMD
    orders the columns instead (4 s). Its
    columns are diagonally dominant (rows of W sum to at most 1), so partial
    pivoting keeps the diagonal.
    """
    import numpy as np

    size = len(system.diagonal)
    if size <= DENSE_LIMIT:
        transposed = np.zeros((size, size))
        transposed[np.arange(size), np.arange(size)] = system.diagonal
        np.add.at(transposed, (system.cols, system.rows), -system.weights)
        try:
            x = np.linalg.solve(transposed, rhs)
        except np.linalg.LinAlgError:
            raise _NotFinite from None
    else:
        from scipy.sparse import csc_matrix
        from scipy.sparse.linalg import spsolve

        order = np.argsort(system.block, kind="stable")
        # One large loop (a strongly connected block) would fill in densely in
        # natural order; COLAMD's fill-reducing order handles it, at a cost
        # the many small loops of most journeys do not need.
        largest = int(np.bincount(system.block).max())
        ordering = "COLAMD" if largest > LARGE_BLOCK else "NATURAL"
        position = np.empty(size, dtype=np.int64)
        position[order] = np.arange(size, dtype=np.int64)
        transposed = csc_matrix(
            (
                np.concatenate([system.diagonal, -system.weights]),
                (
                    np.concatenate([position, position[system.cols]]),
                    np.concatenate([position, position[system.rows]]),
                ),
            ),
            shape=(size, size),
        )
        with warnings.catch_warnings():
            # A singular matrix gives NaN (and a warning): _NotFinite below retries.
            warnings.simplefilter("ignore")
            solved = None
            if ordering == "COLAMD":
                solved = _iterate(transposed, rhs[order])
            if solved is None:
                solved = np.atleast_1d(spsolve(transposed, rhs[order], permc_spec=ordering))
        x = np.empty(size)
        x[order] = solved
    if not np.all(np.isfinite(x)):
        raise _NotFinite
    return np.maximum(x, 0.0)  # rounding can leave -1e-18 where 0 is exact


def _iterate(matrix: Any, rhs: Any) -> Any:
    """GMRES with an incomplete-LU preconditioner, or None when it does not converge.

    For one large loop, where even a fill-reducing LU fills in (a journey whose
    every failure leads back to its start: 2,000 steps took 255 s in 41 such
    factorizations). A coarse ILU (most of the time is its factorization) is
    enough: GMRES converges in a few iterations. The answer is checked by its
    residual, to the precision the direct solve gives.
    """
    import numpy as np
    from scipy.sparse.linalg import LinearOperator, gmres, spilu

    try:
        factors = spilu(matrix.tocsc(), drop_tol=1e-2, fill_factor=2)
    except RuntimeError:  # a singular factor
        return None
    preconditioner = LinearOperator(matrix.shape, factors.solve)
    x, info = gmres(matrix, rhs, M=preconditioner, rtol=1e-14, atol=0.0, restart=60, maxiter=50)
    scale = max(float(np.abs(rhs).max()), 1e-300)
    if info != 0 or not np.all(np.isfinite(x)) or np.abs(matrix @ x - rhs).max() > 1e-12 * scale:
        return None
    return x


def _unit(size: int, index: int, value: float = 1.0) -> Any:
    import numpy as np

    rhs = np.zeros(size)
    rhs[index] = value
    return rhs


Solver = _PurePython | _Numpy


# -- the metrics -----------------------------------------------------------------


def _compute(
    journey: Journey, graph: nx.DiGraph, negligible: float, loops_trap: bool = False
) -> Metrics:
    chain = _base_chain(graph, journey.start, negligible, loops_trap)
    solver: Solver = _PurePython(chain) if len(chain.steps) <= PURE_LIMIT else _Numpy(chain)
    nodes = [graph.nodes[s] for s in chain.steps]
    is_contact = [n["type"] == "contact" for n in nodes]
    team_names = sorted({n["transfer_team"] for n in nodes if n["transfer_team"] is not None})
    team_number = {name: k + 1 for k, name in enumerate(team_names)}
    team_of = [team_number.get(n["transfer_team"], 0) for n in nodes]
    kinds = [n["channel_kind"] for n in nodes]
    switch = [
        is_channel_switch(kinds[s], nodes[t]) for s, t in zip(chain.src, chain.dst, strict=True)
    ]
    minutes = [_finite(_customer_minutes(n)) for n in nodes]
    hours = [
        _finite((n["minutes"] + (n["wait"] or 0.0)) / 60.0 + (n["hours"] or 0.0)) for n in nodes
    ]
    cost = [_finite(_cost(journey, n, m)) for n, m in zip(nodes, minutes, strict=True)]
    value = [
        FRICTION.outcome_value(end, bool(n["root_cause"])) if end is not None else 0.0
        for end, n in zip(chain.end, nodes, strict=True)
    ]
    decay = [0.5 ** (m / FRICTION.time_half_life_minutes) for m in minutes]
    branches = _Branches(
        src=solver.array(chain.src, int),
        team=solver.array([team_of[t] for t in chain.dst], int),
        contact=solver.array([is_contact[t] for t in chain.dst], bool),
        switch=solver.array(switch, bool),
        decay=solver.array([decay[t] for t in chain.dst], float),
        fresh=solver.array([bool(nodes[t]["own_choice"]) for t in chain.dst], bool),
    )

    v = solver.solve(_plain_move, 0, 1).per_step
    p_outcomes = dict.fromkeys(OUTCOME_KEYS, 0.0)
    for i, kind in enumerate(chain.end):
        if kind is not None:
            p_outcomes[kind] += v[i]
    total = math.fsum(p_outcomes.values())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise _NotFinite  # numerically lost mass: solve again with a coarser bound
    p_outcomes = {k: min(1.0, p / total) for k, p in p_outcomes.items()}

    switches = math.fsum(
        v[s] * q for s, q, flag in zip(chain.src, chain.q, switch, strict=True) if flag
    )
    transfers, traversals = _transfers(chain, solver, branches, team_of, len(team_names))
    return Metrics(
        p_outcomes=p_outcomes,
        p_resolved=p_outcomes["resolved"],
        first_contact_resolution=min(
            1.0, _first_contact_resolution(chain, solver, branches, is_contact)
        ),
        expected_contacts=math.fsum(x for x, c in zip(v, is_contact, strict=True) if c),
        expected_transfers=transfers,
        expected_repeated_entries=_repeated_entries(chain, solver, branches, nodes, v),
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


def _finite(value: float) -> float:
    """Absurdly large inputs (1e308 minutes) give the largest float, not infinity."""
    return value if math.isfinite(value) else sys.float_info.max


def _total(visits: list[float], amounts: list[float]) -> float:
    """sum v(s) c(s), exactly rounded, and finite whatever the inputs."""
    try:
        return _finite(math.fsum(x * c for x, c in zip(visits, amounts, strict=True)))
    except OverflowError:  # fsum's intermediate overflow
        return sys.float_info.max


def _step_visits(journey: Journey, chain: _Chain, v: list[float]) -> dict[str, float]:
    """Every step in reading order; 0 where no walk goes."""
    reached = dict(zip(chain.steps, v, strict=True))
    return {sid: reached.get(sid, 0.0) for sid in journey.steps}


def _customer_minutes(node: dict[str, Any]) -> float:
    """FORMAT.md's customer time at a step: `minutes`, plus the wait of a queue."""
    wait = node["wait"] if node["type"] == "queue" and node["wait"] is not None else 0.0
    return float(node["minutes"]) + float(wait)


def _cost(journey: Journey, node: dict[str, Any], minutes: float) -> float:
    """Step cost + per-minute rate x customer time + the channel's fee per contact."""
    channel = journey.channels.get(node["channel"]) if node["channel"] is not None else None
    total = float(node["cost"])
    if channel is not None:
        total += channel.cost_per_minute * minutes
        if node["type"] == "contact":
            total += channel.cost
    return total


def _transfers(
    chain: _Chain, solver: Solver, branches: _Branches, team_of: list[int], teams: int
) -> tuple[float, list[tuple[tuple[int, int], float]]]:
    """Expected transfers and per-branch transfer traversals, on (step x last team)."""
    if teams < 2:  # a transfer needs two teams
        return 0.0, []
    solved = solver.solve(_transfer_move(branches), team_of[chain.start], teams + 1)
    ordered = sorted(((chain.src[b], chain.dst[b]), amount) for b, amount in solved.flow.items())
    return math.fsum(amount for _, amount in ordered), ordered


def _first_contact_resolution(
    chain: _Chain, solver: Solver, branches: _Branches, is_contact: list[bool]
) -> float:
    """P(absorbed at `resolved` with at most one contact), on (step x contacted).

    Two copies of the base chain, before and after the first contact: a branch
    into a contact step moves from the first to the second, and leaves the
    chain from the second (a second contact is no first-contact resolution).
    """
    start_tag = int(is_contact[chain.start])
    per_step = solver.solve(_contact_move(branches), start_tag, 2).per_step
    return math.fsum(per_step[i] for i, end in enumerate(chain.end) if end == "resolved")


def _repeated_entries(
    chain: _Chain,
    solver: Solver,
    branches: _Branches,
    nodes: list[dict[str, Any]],
    v: list[float],
) -> float:
    """Sum over data of E[asks of d] - P(d asked), for data that can be asked twice."""
    askers: dict[str, dict[int, int]] = {}
    for i, node in enumerate(nodes):
        for datum in node["asks"]:
            counts = askers.setdefault(datum, {})
            counts[i] = counts.get(i, 0) + 1
    total = 0.0
    for datum in sorted(askers):
        counts = askers[datum]
        if not _can_repeat(chain, counts):
            continue
        asks = math.fsum(v[i] * n for i, n in counts.items())
        repeated = asks - _probability_asked(chain, solver, branches, sorted(counts))
        if repeated > NOISE * max(1.0, asks):
            total += repeated
    return total


def _can_repeat(chain: _Chain, counts: dict[int, int]) -> bool:
    """Whether some walk may ask for the datum twice (False is certain)."""
    if len(counts) > 1:
        return True
    ((step, count),) = counts.items()
    return count > 1 or (chain.end[step] is None and chain.cyclic[step])


def _probability_asked(
    chain: _Chain, solver: Solver, branches: _Branches, askers: list[int]
) -> float:
    """P(the walk reaches an asking step): the 'not asked yet' half of the chain.

    It is the base chain with the asking steps made absorbing; their visits
    are then the probability that the datum is first asked there.
    """
    if chain.start in askers:
        return 1.0
    move = _until_asked_move(branches, solver.mask(len(chain.steps), askers))
    per_step = solver.solve(move, 0, 1).per_step
    return min(1.0, math.fsum(per_step[i] for i in askers))


def _goodwill(
    chain: _Chain,
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
