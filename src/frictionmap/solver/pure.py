"""The pure-Python back-end: each product chain as a dict, solved block by block.

For chains of up to limits.PURE_PYTHON_CHAIN_STEPS steps (every seed journey),
so that checking a journey never pays for importing numpy.
"""

from __future__ import annotations

import math
from typing import Any

from .blocks import SingularChain, expected_visits
from .chain import Chain, Move, NotFinite, Solved


class PurePythonSolver:
    """Small chains: each product as a dict, solved by `blocks.expected_visits`.

    blocks.py solves x' (I - W') = e_start with W' the chain's transitions
    without self-loops; here a state's self-loop is folded into its other
    transitions: with d(i) = 1 - W(i, i), y(i) = x(i) d(i) solves the chain
    W'(i, j) = W(i, j) / d(i), which keeps d exact (from the base leak) for a
    near-certain self-loop.
    """

    def __init__(self, chain: Chain) -> None:
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

    def solve(self, move: Move, start_tag: int, tags: int, start_value: float = 1.0) -> Solved:
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
                raise NotFinite
            diagonal[state] = stay_out
            transitions[state] = [(target, weight / stay_out) for target, weight in out]
        try:
            visits = expected_visits(transitions, start)
        except SingularChain:
            raise NotFinite from None
        per_step = [0.0] * len(chain.steps)
        x: dict[int, float] = {}
        for state, y in visits.items():
            value = start_value * y / diagonal[state]
            if not math.isfinite(value):
                raise NotFinite
            x[state] = value = max(value, 0.0)  # rounding can leave -1e-18 where 0 is exact
            per_step[state // tags] += value
        flow: dict[int, float] = {}
        for state, weight, b in events:
            flow[b] = flow.get(b, 0.0) + x.get(state, 0.0) * weight
        return Solved(per_step, flow)
