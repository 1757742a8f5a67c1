"""Expected visits in an absorbing Markov chain, solved block by block (was markov.py).

Every quantity frictionmap reports from the start of a journey is a linear
function of the expected number of visits of each transient state when the
walk starts at `start`: with Q the transient-to-transient block of the
transition matrix, the visits are the row of the fundamental matrix
N = (I - Q)^-1 for `start` (Grinstead & Snell, section 11.2), i.e. the
solution v of (I - Q)^T v = e_start. Absorption probabilities are then
sum_i v_i R_ik and expected totals sum_i v_i c_i.

The system is solved exactly on the condensation of the chain: strongly
connected components in topological order, each a small linear system fed by
the flow out of the components before it. Journeys are mostly acyclic with
small loops, so almost every block is a single state and the whole solve is
linear in the size of the chain; pure Python handles small blocks (so that
checking a journey never pays numpy's import), numpy dense mid-size ones and
scipy.sparse the large ones.

Small blocks are solved by GTH state elimination (Grassmann, Taksar and Heyman
1985), which only adds non-negative numbers: a loop left once in 2^55 passes
gets its 2^55 visits, where Gaussian elimination cancels 1 - Q(k, k) to 0.
Larger blocks are checked by conservation (what flows into a block flows out)
and solved again by GTH, dense, where numpy's answer fails the check.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from . import limits

State = TypeVar("State", bound=Hashable)


class SingularChain(ValueError):
    """Some reachable states can never be left: (I - Q) is singular."""


def reaching(
    transitions: Mapping[State, Sequence[tuple[State, float]]], targets: Iterable[State]
) -> set[State]:
    """The states from which a state of `targets` can be reached (`targets`
    included): a solve cut to them stays regular, every state left leaking
    towards a target."""
    before: dict[State, list[State]] = {}
    for state, out in transitions.items():
        for after, _ in out:
            before.setdefault(after, []).append(state)
    alive = set(targets)
    stack = list(alive)
    while stack:
        state = stack.pop()
        for previous in before.get(state, ()):
            if previous not in alive:
                alive.add(previous)
                stack.append(previous)
    return alive


def expected_visits(
    transitions: Mapping[State, Sequence[tuple[State, float]]], start: State
) -> dict[State, float]:
    """Expected visits of every transient state reachable from `start`.

    `transitions[s]` lists (next transient state, probability); the mass not
    listed leaves to absorbing states. A state missing from `transitions` has
    no transient successors. Raises `SingularChain` when a reachable closed
    class never leaks to absorption.
    """
    order = components(transitions, start)
    visits: dict[State, float] = {}
    inflow: dict[State, float] = {start: 1.0}
    for component in order:
        if len(component) == 1:
            (state,) = component
            listed = transitions.get(state, ())
            # The leave as a sum (see _block_rows), not 1 - stay: exact however rare.
            absorbed = max(0.0, 1.0 - math.fsum(p for _, p in listed))
            leave = math.fsum(p for t, p in listed if t != state) + absorbed
            if not leave > 0.0:
                raise SingularChain(f"state {state!r} is never left")
            solved = {state: inflow.pop(state, 0.0) / leave}
        else:
            solved = _solve_block(transitions, component, inflow)
        for state, value in solved.items():
            visits[state] = value
            if value == 0.0:
                continue
            for target, p in transitions.get(state, ()):
                if target not in solved:
                    inflow[target] = inflow.get(target, 0.0) + value * p
    return visits


def components(
    transitions: Mapping[State, Sequence[tuple[State, float]]], start: State
) -> list[list[State]]:
    """Strongly connected components reachable from `start`, in topological order.

    Tarjan's algorithm, iterative (journeys can be 100k steps deep). The
    metrics' chains (chain.py) are condensed with it too.
    """
    index: dict[State, int] = {}
    low: dict[State, int] = {}
    on_stack: set[State] = set()
    stack: list[State] = []
    found: list[list[State]] = []
    counter = 0
    work: list[tuple[State, int]] = [(start, 0)]
    while work:
        state, child = work.pop()
        if child == 0:
            index[state] = low[state] = counter
            counter += 1
            stack.append(state)
            on_stack.add(state)
        successors = transitions.get(state, ())
        recurse = False
        while child < len(successors):
            target = successors[child][0]
            child += 1
            if target not in index:
                work.append((state, child))
                work.append((target, 0))
                recurse = True
                break
            if target in on_stack:
                low[state] = min(low[state], index[target])
        if recurse:
            continue
        if low[state] == index[state]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == state:
                    break
            found.append(component)
        if work:
            parent = work[-1][0]
            low[parent] = min(low[parent], low[state])
    found.reverse()  # Tarjan emits sinks first
    return found


def _solve_block(
    transitions: Mapping[State, Sequence[tuple[State, float]]],
    component: list[State],
    inflow: dict[State, float],
) -> dict[State, float]:
    """Solve v (I - Q_CC) = inflow_C on one strongly connected block.

    Small blocks by GTH elimination (`_gth`), exact to rounding whatever the
    leak; larger ones by numpy or scipy, checked by conservation (all that
    flows in flows out) and solved again by GTH where the check fails.
    """
    position = {state: i for i, state in enumerate(component)}
    size = len(component)
    rhs = [inflow.pop(state, 0.0) for state in component]
    rows, leave = _block_rows(transitions, component, position)
    if size <= limits.GTH_BLOCK_STATES:
        return dict(zip(component, _gth(rows, leave, rhs), strict=True))
    entries: list[tuple[int, int, float]] = [(i, i, 1.0) for i in range(size)]
    for i, row in enumerate(rows):
        # A = I - Q^T; `leave` leaves self-loops out of Q, so the diagonal is the leave.
        entries[i] = (i, i, leave[i] + math.fsum(row.values()))
        entries.extend((j, i, -p) for j, p in row.items())
    try:
        values = _numeric(size, entries, rhs)
        if _conserves(values, leave, rhs):
            return dict(zip(component, values, strict=True))
    except SingularChain:
        pass
    if size > limits.DENSE_BLOCK_STATES:
        raise SingularChain("a loop whose way out is too unlikely for floating point")
    return dict(zip(component, _gth_dense(rows, leave, rhs), strict=True))


def _block_rows(
    transitions: Mapping[State, Sequence[tuple[State, float]]],
    component: list[State],
    position: dict[State, int],
) -> tuple[list[dict[int, float]], list[float]]:
    """Q_CC by rows without self-loops, and each state's probability of leaving the block.

    The leave of a state is the mass it sends outside the block plus the mass
    not listed (absorbed), a sum of non-negative terms: 1 - Q(i, i) computed by
    subtraction would cancel to 0 for a loop that is left once in 1e17 passes.
    """
    rows: list[dict[int, float]] = [{} for _ in component]
    leave = [0.0] * len(component)
    for source in component:
        i = position[source]
        listed = transitions.get(source, ())
        outside = [p for target, p in listed if target not in position]
        absorbed = max(0.0, 1.0 - math.fsum(p for _, p in listed))
        leave[i] = math.fsum(outside) + absorbed
        row = rows[i]
        for target, p in listed:
            j = position.get(target)
            if j is not None and j != i and p:
                row[j] = row.get(j, 0.0) + p
    return rows, leave


def _gth(rows: list[dict[int, float]], leave: list[float], rhs: list[float]) -> list[float]:
    """Solve v (I - Q) = rhs by state elimination (Grassmann, Taksar and Heyman 1985).

    Eliminating state k folds its paths into the others: Q(i, j) += Q(i, k)
    Q(k, j) / out(k), leave(i) += Q(i, k) leave(k) / out(k) and rhs(j) +=
    rhs(k) Q(k, j) / out(k), with out(k) = leave(k) + the rest of row k. Every
    step adds non-negative numbers (out(k) too, instead of 1 - Q(k, k)), so
    the result is accurate to rounding even where the way out is 1e-300
    likely. Pure Python, rows as dicts: for small blocks.
    """
    size = len(rows)
    rows = [dict(row) for row in rows]
    leave = list(leave)
    rhs = list(rhs)
    outs = [0.0] * size
    columns: list[list[tuple[int, float]]] = []
    for k in range(size):
        row_k = {j: p for j, p in rows[k].items() if j > k}
        out = leave[k] + math.fsum(row_k.values())
        if not out > 0.0:
            raise SingularChain("a closed class of states is never left")
        outs[k] = out
        column = [(i, rows[i][k]) for i in range(k + 1, size) if rows[i].get(k)]
        columns.append(column)
        for j, p in row_k.items():
            rhs[j] += rhs[k] * p / out
        for i, q_ik in column:
            share = q_ik / out
            leave[i] += share * leave[k]
            row_i = rows[i]
            for j, p in row_k.items():
                if j != i:  # a path back to i is a self-loop: it only stays
                    row_i[j] = row_i.get(j, 0.0) + share * p
    visits = [0.0] * size
    for k in range(size - 1, -1, -1):
        visits[k] = (rhs[k] + math.fsum(q * visits[i] for i, q in columns[k])) / outs[k]
    return visits


def _gth_dense(rows: list[dict[int, float]], leave: list[float], rhs: list[float]) -> list[float]:
    """`_gth` with numpy on a dense matrix: for the blocks numpy's solve gets wrong."""
    import numpy as np

    size = len(rows)
    q = np.zeros((size, size))
    for i, row in enumerate(rows):
        for j, p in row.items():
            q[i, j] = p
    left = np.asarray(leave, dtype=np.float64)
    b = np.asarray(rhs, dtype=np.float64)
    outs = np.zeros(size)
    rhs_at = np.zeros(size)
    columns = []
    for k in range(size):
        rest = q[k, k + 1 :]
        out = left[k] + rest.sum()
        if not out > 0.0:
            raise SingularChain("a closed class of states is never left")
        outs[k], rhs_at[k] = out, b[k]
        column = q[k + 1 :, k].copy()
        columns.append(column)
        b[k + 1 :] += b[k] * rest / out
        left[k + 1 :] += column * (left[k] / out)
        # The diagonal gathers paths back to the same state (self-loops): never read.
        q[k + 1 :, k + 1 :] += np.outer(column / out, rest)
    visits = np.zeros(size)
    for k in range(size - 1, -1, -1):
        visits[k] = (rhs_at[k] + columns[k] @ visits[k + 1 :]) / outs[k]
    return [float(x) for x in visits]


def _conserves(values: list[float], leave: list[float], rhs: list[float]) -> bool:
    """Whether what flows into the block flows out of it, as it must, within rounding."""
    inflow = math.fsum(rhs)
    outflow = math.fsum(v * p for v, p in zip(values, leave, strict=True))
    return min(values, default=0.0) >= -1e-9 * inflow and math.isclose(
        outflow, inflow, rel_tol=1e-9, abs_tol=1e-300
    )


def _numeric(size: int, entries: list[tuple[int, int, float]], rhs: list[float]) -> list[float]:
    """numpy (dense) or scipy.sparse for the large blocks; imported only here."""
    import numpy as np

    rows = np.fromiter((e[0] for e in entries), dtype=np.int64, count=len(entries))
    cols = np.fromiter((e[1] for e in entries), dtype=np.int64, count=len(entries))
    vals = np.fromiter((e[2] for e in entries), dtype=np.float64, count=len(entries))
    b = np.asarray(rhs, dtype=np.float64)
    if size <= limits.DENSE_BLOCK_STATES:
        dense = np.zeros((size, size))
        np.add.at(dense, (rows, cols), vals)
        try:
            solution = np.linalg.solve(dense, b)
        except np.linalg.LinAlgError as error:
            raise SingularChain(str(error)) from None
    else:
        from scipy.sparse import csc_matrix
        from scipy.sparse.linalg import spsolve

        matrix = csc_matrix((vals, (rows, cols)), shape=(size, size))
        with warnings.catch_warnings():
            # A singular matrix gives NaN (and a warning): SingularChain below.
            warnings.simplefilter("ignore")
            solution = spsolve(matrix, b)
    if not np.all(np.isfinite(solution)):
        raise SingularChain("a closed class of states is never left")
    return [float(x) for x in solution]
