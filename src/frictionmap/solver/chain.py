"""A journey's reachable steps as an absorbing Markov chain, and what its solvers return.

The chain (Grinstead & Snell, *Introduction to Probability*, section 11.2) is
built once per journey; every metric solves a product of it with a memory (a
"tag"), described by a `Move`, with one of the two back-ends of this package
(pure.py, vectorised.py). Both return a `Solved`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .blocks import components

if TYPE_CHECKING:
    import networkx as nx

STUCK, TRAPPED = "stuck", "trapped"


class NotFinite(ArithmeticError):
    """A solve gave NaN or infinity (a near-singular chain): solve again more coarsely."""


# move(tag, b) -> (tag after, factor on q(b), event flag) for base branch b
# taken from a state with memory `tag`; on scalars or on numpy arrays alike,
# hence operators only: `&`, `|` and `**` on 0/1 flags instead of `if`.
Move = Callable[[Any, Any], "tuple[Any, Any, Any]"]


@dataclass
class Solved:
    """A product chain's solution x of x (I - W) = start_value e_start, summed up.

    `per_step[s]` = sum over tags of x(s, tag); `flow[b]` = sum of x(state) W
    over the event transitions along base branch b (only branches with some).
    """

    per_step: list[float]
    flow: dict[int, float]


@dataclass
class Chain:
    """The reachable steps as an absorbing chain, indexed 0..n-1 in reading order.

    Branches of transient states are listed in `src`, `dst`, `q` (positive,
    normalised, self-loops included), sorted by `src`, with `indptr` the CSR
    offsets; absorbing states have none. `leak[i]` = 1 - q(i, i), computed from
    the other branches so that a near-certain self-loop keeps its tiny exit.
    `end[i]` is the absorbing kind, or None for transient i. `block[i]` numbers
    i's strongly connected component, sinks first: every branch goes to a block
    numbered no higher, which the sparse solve uses (linear.solve). `cyclic[i]`
    says whether i lies on a cycle. Plain lists: the numpy path makes arrays of
    them (vectorised.NumpySolver).
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


def base_chain(
    graph: nx.DiGraph,
    start: str,
    outcomes: Mapping[str, str],
    negligible: float,
    loops_trap: bool = False,
) -> Chain:
    """The chain from `start` over the graph's branches (edge attribute `p`).

    `outcomes` maps each outcome step to its kind: it absorbs on arrival. A
    closed class without an outcome absorbs as STUCK (one step, no loop) or
    TRAPPED; with `loops_trap`, every loop absorbs as a trap.
    """
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
        if sid in outcomes:
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
            end[i] = outcomes.get(sid, STUCK)
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
    return Chain(steps, index[start], end, cyclic, src, dst, q, indptr, leak, block)
