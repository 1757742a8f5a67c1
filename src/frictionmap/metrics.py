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
(I - Q)^T v = e_start (a linear solve, never an inverse; numpy for chains under
300 states, scipy.sparse `spsolve` on CSC above). An absorbing step's "visits"
are the probability of ending there, and its own quantities count once: a dead
end's minutes, or those of the step by which a trap is entered (a trap's real
cost is unbounded; `p_outcomes["trapped"]` and the `trap-loop` rule say so).

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

Every number is finite: a chain whose solve is not (branch probabilities so
close to 0 or 1 that floating point cannot tell a loop from a trap) is solved
again with the negligible-branch bound raised to 1e-9, then 1e-6.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .score import FRICTION

if TYPE_CHECKING:
    import networkx as nx

    from .model import Journey

OUTCOME_KEYS: tuple[str, ...] = (
    "resolved", "refunded", "unresolved", "abandoned", "stuck", "trapped",
)
STUCK, TRAPPED = "stuck", "trapped"
# Chains up to this many states are solved dense (numpy), larger ones sparse (scipy).
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
    raise AssertionError("metrics: no finite solution even with 1e-6 negligible branches")


# -- the base chain -----------------------------------------------------------


@dataclass(frozen=True)
class _Chain:
    """The reachable steps as an absorbing chain, indexed 0..n-1 in reading order.

    Branches of transient states are numpy arrays `src`, `dst`, `q` (positive,
    normalised, self-loops included), sorted by `src`, with `indptr` the CSR
    offsets; absorbing states have none. `leak[i]` = 1 - q(i, i), computed from
    the other branches so that a near-certain self-loop keeps its tiny exit.
    `end[i]` is the absorbing kind, or None for transient i. `block[i]` numbers
    i's strongly connected component, sinks first: every branch goes to a block
    numbered no higher, which the sparse solve uses (see `_solve`). `cyclic[i]`
    says whether i lies on a cycle.
    """

    steps: list[str]
    start: int
    end: list[str | None]
    cyclic: list[bool]
    src: Any
    dst: Any
    q: Any
    indptr: Any
    leak: Any
    block: Any


def _base_chain(graph: nx.DiGraph, start: str, negligible: float) -> _Chain:
    import numpy as np

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
    adjacency = [[index[t] for t, _ in support[sid]] for sid in steps]
    block, closed, sizes = _components(adjacency)
    cyclic = [sizes[block[i]] > 1 or i in adjacency[i] for i in range(len(steps))]
    end: list[str | None] = [None] * len(steps)
    for i, sid in enumerate(steps):
        if not closed[block[i]]:
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
    return _Chain(
        steps,
        index[start],
        end,
        cyclic,
        np.asarray(src, dtype=np.int64),
        np.asarray(dst, dtype=np.int64),
        np.asarray(q, dtype=np.float64),
        np.asarray(indptr, dtype=np.int64),
        np.asarray(leak, dtype=np.float64),
        np.asarray(block, dtype=np.int64),
    )


def _components(adjacency: list[list[int]]) -> tuple[list[int], list[bool], list[int]]:
    """Strongly connected components (Tarjan, iterative: journeys can be deep).

    Returns each node's component number (in Tarjan's emission order, sinks
    first), whether each component is closed (no edge leaves it) and its size.
    """
    size = len(adjacency)
    number = [-1] * size
    low = [0] * size
    on_stack = [False] * size
    stack: list[int] = []
    component_of = [-1] * size
    sizes: list[int] = []
    counter = 0
    for root in range(size):
        if number[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                number[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            successors = adjacency[node]
            descended = False
            while child < len(successors):
                target = successors[child]
                child += 1
                if number[target] < 0:
                    work.append((node, child))
                    work.append((target, 0))
                    descended = True
                    break
                if on_stack[target]:
                    low[node] = min(low[node], number[target])
            if descended:
                continue
            if low[node] == number[node]:
                members = 0
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component_of[member] = len(sizes)
                    members += 1
                    if member == node:
                        break
                sizes.append(members)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    closed = [True] * len(sizes)
    for node in range(size):
        for target in adjacency[node]:
            if component_of[target] != component_of[node]:
                closed[component_of[node]] = False
    return component_of, closed, sizes


# -- linear systems -----------------------------------------------------------


@dataclass(frozen=True)
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


def _solve(system: _System, rhs: Any) -> Any:
    """x with (I - W)^T x = rhs (x = rhs N): a solve, never an inverse.

    Dense (numpy) up to DENSE_LIMIT states. Above, scipy.sparse `spsolve` on
    CSC, with the states sorted by base block, sinks first: every transition
    goes to a block no later, so (I - W)^T is block upper triangular, and with
    SuperLU's natural column order the factors fill in only inside the
    diagonal blocks (a journey's loops): the solve stays near-linear. Its
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
        solved = np.atleast_1d(spsolve(transposed, rhs[order], permc_spec="NATURAL"))
        x = np.empty(size)
        x[order] = solved
    if not np.all(np.isfinite(x)):
        raise _NotFinite
    return np.maximum(x, 0.0)  # rounding can leave -1e-18 where 0 is exact


def _unit(size: int, index: int, value: float = 1.0) -> Any:
    import numpy as np

    rhs = np.zeros(size)
    rhs[index] = value
    return rhs


def _base_system(chain: _Chain) -> _System:
    """The chain itself: one state per reachable step."""
    keep = chain.src != chain.dst
    return _System(chain.src[keep], chain.dst[keep], chain.q[keep], chain.leak, chain.block)


# -- product chains -------------------------------------------------------------

# move(tags, branches) -> (new tags, factors, events): what each base branch
# (index into chain.src/dst/q), taken from a state with that tag, leads to.
Move = Callable[[Any, Any], "tuple[Any, Any, Any]"]


@dataclass(frozen=True)
class _Product:
    """A chain over the (step, tag) pairs reachable from the start's pair.

    State k is (steps[k], tags[k]), sorted by step then tag; `start` is the
    start's pair. `system` holds W = q x factor; `events[e]` and `branches[e]`
    give each transition's event flag and base branch.
    """

    steps: Any
    tags: Any
    start: int
    system: _System
    events: Any
    branches: Any


def _branches_of(chain: _Chain, steps: Any) -> tuple[Any, Any]:
    """All base branches out of `steps`, and for each the position of its step."""
    import numpy as np

    first = chain.indptr[steps]
    counts = chain.indptr[steps + 1] - first
    owner = np.repeat(np.arange(len(steps), dtype=np.int64), counts)
    offset = np.arange(len(owner), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return first[owner] + offset, owner


def _explore(chain: _Chain, tag: int, tags: int, move: Move) -> _Product:
    """The product of the base chain with a tag in range(tags) that `move` updates.

    Breadth-first over the reachable pairs (keys step x tags + tag), one numpy
    pass per level; then every transition at once.
    """
    import numpy as np

    start = chain.start * tags + tag
    seen = {start}
    frontier = np.asarray([start], dtype=np.int64)
    while frontier.size:
        branches, owner = _branches_of(chain, frontier // tags)
        after, _, _ = move(frontier[owner] % tags, branches)
        fresh = [k for k in np.unique(chain.dst[branches] * tags + after).tolist() if k not in seen]
        seen.update(fresh)
        frontier = np.asarray(fresh, dtype=np.int64)
    keys = np.asarray(sorted(seen), dtype=np.int64)
    steps = keys // tags
    branches, owner = _branches_of(chain, steps)
    after, factors, events = move(keys[owner] % tags, branches)
    targets = np.searchsorted(keys, chain.dst[branches] * tags + after)
    weights = chain.q[branches] * factors
    loop = targets == owner
    diagonal = np.ones(len(keys))
    # 1 - q f = leak + q (1 - f): exact for f = 1 however close q is to 1.
    diagonal[owner[loop]] = chain.leak[steps[owner[loop]]] + chain.q[branches[loop]] * (
        1.0 - factors[loop]
    )
    keep = ~loop
    system = _System(owner[keep], targets[keep], weights[keep], diagonal, chain.block[steps])
    return _Product(
        steps,
        keys % tags,
        int(np.searchsorted(keys, start)),
        system,
        events[keep],
        branches[keep],
    )


# -- the metrics -----------------------------------------------------------------


def _compute(journey: Journey, graph: nx.DiGraph, negligible: float) -> Metrics:
    import numpy as np

    chain = _base_chain(graph, journey.start, negligible)
    nodes = [graph.nodes[s] for s in chain.steps]
    size = len(chain.steps)
    is_contact = np.asarray([n["type"] == "contact" for n in nodes], dtype=bool)
    team_names = sorted({n["team"] for n in nodes if n["team"] is not None})
    team_number = {name: k + 1 for k, name in enumerate(team_names)}
    team_of = np.asarray([team_number.get(n["team"], 0) for n in nodes], dtype=np.int64)
    kinds = [n["channel_kind"] for n in nodes]
    switch = np.asarray(
        [
            bool(is_contact[t]) and kinds[s] is not None and kinds[t] is not None
            and kinds[s] != kinds[t]
            for s, t in zip(chain.src.tolist(), chain.dst.tolist(), strict=True)
        ],
        dtype=bool,
    )

    base = _base_system(chain)
    visits = _solve(base, _unit(size, chain.start))
    v = visits.tolist()

    p_outcomes = dict.fromkeys(OUTCOME_KEYS, 0.0)
    for i, kind in enumerate(chain.end):
        if kind is not None:
            p_outcomes[kind] += v[i]
    total = math.fsum(p_outcomes.values())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise _NotFinite  # numerically lost mass: solve again with a coarser bound
    p_outcomes = {k: min(1.0, p / total) for k, p in p_outcomes.items()}

    minutes = [_customer_minutes(n) for n in nodes]
    hours = [(n["minutes"] + (n["wait"] or 0.0)) / 60.0 + (n["hours"] or 0.0) for n in nodes]
    cost = [_cost(journey, n, m) for n, m in zip(nodes, minutes, strict=True)]
    value = [
        FRICTION.outcome_value(end, bool(n["root_cause"])) if end is not None else 0.0
        for end, n in zip(chain.end, nodes, strict=True)
    ]
    switches = math.fsum((visits[chain.src] * chain.q)[switch].tolist())
    transfers, traversals = _transfers(chain, team_of, len(team_names))
    return Metrics(
        p_outcomes=p_outcomes,
        p_resolved=p_outcomes["resolved"],
        first_contact_resolution=min(1.0, _first_contact_resolution(chain, is_contact)),
        expected_contacts=math.fsum(visits[is_contact].tolist()),
        expected_transfers=transfers,
        expected_repeated_entries=_repeated_entries(chain, base, nodes, v),
        expected_channel_switches=switches,
        expected_minutes=math.fsum(x * m for x, m in zip(v, minutes, strict=True)),
        expected_hours=math.fsum(x * h for x, h in zip(v, hours, strict=True)),
        expected_cost=math.fsum(x * c for x, c in zip(v, cost, strict=True)),
        step_visits=_step_visits(journey, chain, v),
        transfer_traversals={
            (chain.steps[a], chain.steps[b]): amount for (a, b), amount in traversals
        },
        goodwill=min(
            1.0,
            _goodwill(chain, team_of, len(team_names), is_contact, switch, minutes, value),
        ),
    )


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
    chain: _Chain, team_of: Any, teams: int
) -> tuple[float, list[tuple[tuple[int, int], float]]]:
    """Expected transfers and per-branch transfer traversals, on (step x last team).

    Tag = last team (0: none yet). Entering a team-owned step sets it, and is a
    transfer when the tag was another team.
    """
    import numpy as np

    def move(last: Any, branches: Any) -> tuple[Any, Any, Any]:
        team = team_of[chain.dst[branches]]
        owned = team > 0
        after = np.where(owned, team, last)
        events = owned & (last > 0) & (last != team)
        return after, np.ones(len(branches)), events

    product = _explore(chain, int(team_of[chain.start]), teams + 1, move)
    if not product.events.any():
        return 0.0, []
    x = _solve(product.system, _unit(len(product.steps), product.start))
    system = product.system
    amounts = x[system.rows] * system.weights
    per_branch = np.bincount(
        product.branches[product.events],
        weights=amounts[product.events],
        minlength=len(chain.src),
    )
    used = np.unique(product.branches[product.events])
    ordered = sorted(
        ((int(chain.src[b]), int(chain.dst[b])), float(per_branch[b])) for b in used.tolist()
    )
    return math.fsum(amount for _, amount in ordered), ordered


def _first_contact_resolution(chain: _Chain, is_contact: Any) -> float:
    """P(absorbed at `resolved` with at most one contact), on (step x contacts).

    Two copies of the base chain, before and after the first contact: a branch
    into a contact step moves from the first to the second, and leaves the
    chain from the second (a second contact is no first-contact resolution).
    """
    import numpy as np

    size = len(chain.steps)
    src, dst, q = chain.src, chain.dst, chain.q
    plain = ~is_contact[dst] & (src != dst)
    into_contact = is_contact[dst]
    diagonal = np.ones(2 * size)
    loops = (src == dst) & ~is_contact[dst]
    diagonal[src[loops]] = chain.leak[src[loops]]
    diagonal[size + src[loops]] = chain.leak[src[loops]]
    system = _System(
        np.concatenate([src[plain], size + src[plain], src[into_contact]]),
        np.concatenate([dst[plain], size + dst[plain], size + dst[into_contact]]),
        np.concatenate([q[plain], q[plain], q[into_contact]]),
        diagonal,
        np.concatenate([chain.block, chain.block]),
    )
    start = chain.start + (size if is_contact[chain.start] else 0)
    x = _solve(system, _unit(2 * size, start))
    resolved = [i for i, end in enumerate(chain.end) if end == "resolved"]
    return math.fsum(float(x[i]) + float(x[size + i]) for i in resolved)


def _repeated_entries(
    chain: _Chain, base: _System, nodes: list[dict[str, Any]], v: list[float]
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
        repeated = asks - _probability_asked(chain, base, sorted(counts))
        if repeated > NOISE * max(1.0, asks):
            total += repeated
    return total


def _can_repeat(chain: _Chain, counts: dict[int, int]) -> bool:
    """Whether some walk may ask for the datum twice (False is certain)."""
    if len(counts) > 1:
        return True
    ((step, count),) = counts.items()
    return count > 1 or (chain.end[step] is None and chain.cyclic[step])


def _probability_asked(chain: _Chain, base: _System, askers: list[int]) -> float:
    """P(the walk reaches an asking step): the 'not asked yet' half of the chain.

    It is the base chain with the asking steps made absorbing; their visits
    are then the probability that the datum is first asked there.
    """
    import numpy as np

    if chain.start in askers:
        return 1.0
    asking = np.asarray(askers, dtype=np.int64)
    keep = ~np.isin(base.rows, asking)
    diagonal = base.diagonal.copy()
    diagonal[asking] = 1.0
    system = _System(base.rows[keep], base.cols[keep], base.weights[keep], diagonal, base.block)
    x = _solve(system, _unit(len(diagonal), chain.start))
    return min(1.0, math.fsum(x[asking].tolist()))


def _goodwill(
    chain: _Chain,
    team_of: Any,
    teams: int,
    is_contact: Any,
    switch: Any,
    minutes: list[float],
    outcome_value: list[float],
) -> float:
    """E[outcome value x friction factors] on (step x last team x contacted); see score.py.

    Tag = 2 x last team + contacted. Solved twice: without the time factor,
    and with a(j) = 2^(-m(j)/60) on every transition into j (and the start).
    """
    import numpy as np

    friction = FRICTION

    def move(tag: Any, branches: Any) -> tuple[Any, Any, Any]:
        last, contacted = tag // 2, tag % 2
        target = chain.dst[branches]
        team = team_of[target]
        contact = is_contact[target]
        transfer = (team > 0) & (last > 0) & (last != team)
        factor = (
            np.where(switch[branches], friction.channel_switch, 1.0)
            * np.where(contact & (contacted == 1), friction.repeat_contact, 1.0)
            * np.where(transfer, friction.transfer, 1.0)
        )
        after = 2 * np.where(team > 0, team, last) + (contacted | contact)
        return after, factor, np.zeros(len(branches), dtype=bool)

    start = chain.start
    first = 2 * int(team_of[start]) + int(is_contact[start])
    product = _explore(chain, first, 2 * (teams + 1), move)
    value = np.asarray(outcome_value)[product.steps]
    if not value.any():
        return 0.0
    size = len(product.steps)
    plain = _solve(product.system, _unit(size, product.start))
    decay = 0.5 ** (np.asarray(minutes)[product.steps] / friction.time_half_life_minutes)
    system = product.system
    timed_system = _System(
        system.rows,
        system.cols,
        system.weights * decay[system.cols],
        # 1 - q f a = (1 - q f) + q f (1 - a)
        system.diagonal + (1.0 - system.diagonal) * (1.0 - decay),
        system.block,
    )
    timed = _solve(timed_system, _unit(size, product.start, float(decay[product.start])))
    kept = math.fsum((plain * value).tolist())
    kept_timed = math.fsum((timed * value).tolist())
    return (1.0 - friction.time_share) * kept + friction.time_share * kept_timed
