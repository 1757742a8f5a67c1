"""The tail of the customer's time and of the elapsed days: mean, spread, P90.

The exact metrics give expectations; the score (score.py) also weighs the
unlucky tenth of customers. For an additive quantity R (each visit of step s
adds r(s): the customer's minutes, or the elapsed days), its first two
moments from every state solve two linear systems on the absorbing chain
(Kemeny & Snell 1960; Grinstead & Snell section 11.2 for the first):

    m = r + Q m                     (m(i) = E_i[R])
    s = r^2 + 2 r (Q m) + Q s       (s(i) = E_i[R^2])

with Q the branch probabilities between transient steps. Absorbing steps
(outcomes, dead ends, and traps, absorbed at the step by which they are
entered, as in metrics.py) count their own r once. The systems are solved
backwards, strongly connected components in reverse topological order (a
single step: one division; a loop: Gaussian elimination with partial pivoting
in pure Python up to DENSE_PURE states, numpy beyond), so that nothing here
needs numpy for an ordinary journey.

P90 is then read from a gamma law with that mean and variance (moment
matching), through the Wilson-Hilferty cube-root approximation of its
quantile: x_p = k theta (1 - 1/(9k) + z_p sqrt(1/(9k)))^3, z_0.9 = 1.2816.
It is an approximation: tests/test_tail.py compares it with sampled walks
on the seed journeys and verdict cases.

`keep` restricts the walks to a set of steps, the branches out of it taken
away and the others in proportion: the score reads the tail of the walks that
end well, so that a drop never narrows it by cutting the longest walks short.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .solver.blocks import components, reaching

if TYPE_CHECKING:
    import networkx as nx

Z90 = 1.2815515655446004
# Loops up to this many steps are eliminated in pure Python.
DENSE_PURE = 120


@dataclass(frozen=True)
class Tail:
    """Mean, standard deviation and (approximate) P90 of one quantity per walk."""

    mean: float
    std: float
    p90: float

    def to_dict(self) -> dict[str, float]:
        return {k: float(f"{v:.12g}") + 0.0 for k, v in vars(self).items()}


def gamma_quantile(mean: float, variance: float, z: float = Z90) -> float:
    """The quantile of the gamma law with this mean and variance (Wilson-Hilferty)."""
    if mean <= 0 or variance <= 1e-15 * max(1.0, mean * mean):
        return max(0.0, mean)
    shape = mean * mean / variance
    scale = variance / mean
    root = 1 - 1 / (9 * shape) + z * math.sqrt(1 / (9 * shape))
    return max(0.0, shape * scale * max(root, 0.0) ** 3)


def _chain(
    graph: nx.DiGraph, start: str, keep: Container[str] | None = None
) -> dict[str, list[tuple[str, float]]]:
    """Reachable steps -> normalised positive branches; absorbing steps have none.
    With `keep`, only the branches into its steps, in proportion (`tail`)."""
    branches: dict[str, list[tuple[str, float]]] = {}
    stack = [start]
    while stack:
        step = stack.pop()
        if step in branches:
            continue
        if graph.nodes[step]["facts"].is_outcome:
            branches[step] = []
            continue
        edges = [
            (t, float(p))
            for _, t, p in graph.out_edges(step, data="p")
            if p > 0 and (keep is None or t in keep)
        ]
        total = math.fsum(p for _, p in edges)
        branches[step] = [(t, p / total) for t, p in edges] if total > 0 else []
        stack.extend(t for t, _ in edges if t not in branches)
    # Traps: steps from which no absorbing step can be reached absorb where entered.
    leaving = {s for s, out in branches.items() if not out}
    alive = reaching(branches, leaving)
    return {s: (out if s in alive else []) for s, out in branches.items()}


def _solve_backwards(
    branches: dict[str, list[tuple[str, float]]], start: str, rhs: Callable[[str], float]
) -> dict[str, float]:
    """x = b + Q x from every reachable state, components in reverse topological order."""
    x: dict[str, float] = {}
    for component in reversed(components(branches, start)):
        members = set(component)
        if len(component) == 1:
            (state,) = component
            # The leave as a sum of the other branches: exact however rare.
            leave = math.fsum(p for t, p in branches[state] if t != state)
            known = math.fsum(p * x[t] for t, p in branches[state] if t != state)
            value = (rhs(state) + known) / leave if leave > 0 else rhs(state)
            x[state] = value if math.isfinite(value) else sys.float_info.max
            continue
        index = {s: i for i, s in enumerate(component)}
        size = len(component)
        matrix = [[0.0] * size for _ in range(size)]
        vector = [0.0] * size
        for s in component:
            i = index[s]
            matrix[i][i] += 1.0
            vector[i] = rhs(s)
            for t, p in branches[s]:
                if t in members:
                    matrix[i][index[t]] -= p
                else:
                    vector[i] += p * x[t]
        try:
            solved = _dense_solve(matrix, vector)
        except (ZeroDivisionError, ArithmeticError, ValueError):
            solved = [math.inf] * size
        for s in component:
            value = solved[index[s]]
            x[s] = value if math.isfinite(value) else sys.float_info.max
    return x


def _dense_solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    size = len(vector)
    if size > DENSE_PURE:
        import numpy as np

        return [float(v) for v in np.linalg.solve(np.array(matrix), np.array(vector))]
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        head = a[col][col]
        for row in range(col + 1, size):
            factor = a[row][col] / head
            if factor:
                for k in range(col, size + 1):
                    a[row][k] -= factor * a[col][k]
    out = [0.0] * size
    for row in range(size - 1, -1, -1):
        total = a[row][size] - math.fsum(a[row][k] * out[k] for k in range(row + 1, size))
        out[row] = total / a[row][row]
    return out


def tail(
    graph: nx.DiGraph,
    start: str,
    reward: Callable[[str], float],
    keep: Container[str] | None = None,
) -> Tail:
    """Mean, spread and P90 of sum over the walk of reward(step).

    With `keep` (a set of steps holding `start`), of the walks that stay among its
    steps: every branch out of it is taken away, the others in proportion.
    """
    branches = _chain(graph, start, keep)
    first = _solve_backwards(branches, start, reward)

    def second_rhs(step: str) -> float:
        r = reward(step)
        onwards = math.fsum(p * first[t] for t, p in branches[step])
        return r * r + 2.0 * r * onwards

    with_overflow = (OverflowError, ArithmeticError)
    try:
        second = _solve_backwards(branches, start, second_rhs)
        mean = max(0.0, first[start])
        variance = max(0.0, second[start] - mean * mean)
        p90 = gamma_quantile(mean, variance)
    except with_overflow:
        return Tail(first[start], 0.0, first[start])
    if not all(math.isfinite(v) for v in (mean, variance, p90)):
        finite = mean if math.isfinite(mean) else sys.float_info.max
        return Tail(finite, 0.0, finite)
    return Tail(mean, math.sqrt(variance), p90)
