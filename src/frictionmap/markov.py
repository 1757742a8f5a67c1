"""Expected visits in an absorbing Markov chain, solved block by block.

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
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

State = TypeVar("State", bound=Hashable)

PURE_PYTHON_LIMIT = 48
DENSE_LIMIT = 600


class SingularChain(ValueError):
    """Some reachable states can never be left: (I - Q) is singular."""


def expected_visits(
    transitions: Mapping[State, Sequence[tuple[State, float]]], start: State
) -> dict[State, float]:
    """Expected visits of every transient state reachable from `start`.

    `transitions[s]` lists (next transient state, probability); the mass not
    listed leaves to absorbing states. A state missing from `transitions` has
    no transient successors. Raises `SingularChain` when a reachable closed
    class never leaks to absorption.
    """
    order = _components(transitions, start)
    visits: dict[State, float] = {}
    inflow: dict[State, float] = {start: 1.0}
    for component in order:
        if len(component) == 1:
            (state,) = component
            stay = sum(p for t, p in transitions.get(state, ()) if t == state)
            if stay >= 1.0 - 1e-15:
                raise SingularChain(f"state {state!r} is never left")
            solved = {state: inflow.pop(state, 0.0) / (1.0 - stay)}
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


def _components(
    transitions: Mapping[State, Sequence[tuple[State, float]]], start: State
) -> list[list[State]]:
    """Strongly connected components reachable from `start`, in topological order.

    Tarjan's algorithm, iterative (journeys can be 100k steps deep).
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
    """Solve (I - Q_CC)^T v = inflow_C on one strongly connected block."""
    position = {state: i for i, state in enumerate(component)}
    size = len(component)
    rhs = [inflow.pop(state, 0.0) for state in component]
    # Entries of A = I - Q_CC^T as (row, column, value).
    entries: list[tuple[int, int, float]] = [(i, i, 1.0) for i in range(size)]
    for source in component:
        column = position[source]
        for target, p in transitions.get(source, ()):
            row = position.get(target)
            if row is not None and p:
                entries.append((row, column, -p))
    if size <= PURE_PYTHON_LIMIT:
        values = _gauss(size, entries, rhs)
    else:
        values = _numeric(size, entries, rhs)
    return dict(zip(component, values))


def _gauss(size: int, entries: list[tuple[int, int, float]], rhs: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting, in pure Python."""
    matrix = [[0.0] * size + [rhs[i]] for i in range(size)]
    for row, column, value in entries:
        matrix[row][column] += value
    for pivot in range(size):
        best = max(range(pivot, size), key=lambda r: abs(matrix[r][pivot]))
        if abs(matrix[best][pivot]) < 1e-14:
            raise SingularChain("a closed class of states is never left")
        matrix[pivot], matrix[best] = matrix[best], matrix[pivot]
        head = matrix[pivot]
        for row in range(pivot + 1, size):
            factor = matrix[row][pivot] / head[pivot]
            if factor:
                line = matrix[row]
                for column in range(pivot, size + 1):
                    line[column] -= factor * head[column]
    solution = [0.0] * size
    for row in range(size - 1, -1, -1):
        line = matrix[row]
        total = line[size] - sum(line[c] * solution[c] for c in range(row + 1, size))
        solution[row] = total / line[row]
    return solution


def _numeric(size: int, entries: list[tuple[int, int, float]], rhs: list[float]) -> list[float]:
    """numpy (dense) or scipy.sparse for the large blocks; imported only here."""
    import numpy as np

    rows = np.fromiter((e[0] for e in entries), dtype=np.int64, count=len(entries))
    cols = np.fromiter((e[1] for e in entries), dtype=np.int64, count=len(entries))
    vals = np.fromiter((e[2] for e in entries), dtype=np.float64, count=len(entries))
    b = np.asarray(rhs, dtype=np.float64)
    if size <= DENSE_LIMIT:
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
        solution = spsolve(matrix, b)
    if not np.all(np.isfinite(solution)):
        raise SingularChain("a closed class of states is never left")
    return [float(x) for x in solution]
