"""The numpy back-end: product chains explored and built with arrays, solved by linear.py.

For chains of more than limits.PURE_PYTHON_CHAIN_STEPS steps; numpy is imported
only when one is solved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .chain import Chain, Move, Solved
from .linear import System, solve, unit


@dataclass
class Product:
    """A chain over the (step, tag) pairs reachable from the start's pair.

    State k is (steps[k], tags[k]), sorted by step then tag; `start` is the
    start's pair. `system` holds W = q x factor; `events[e]` and `branches[e]`
    give each transition's event flag and base branch.
    """

    steps: Any
    start: int
    system: System
    events: Any
    branches: Any


class NumpySolver:
    """Large chains: products explored and built with numpy, solved by numpy/scipy."""

    def __init__(self, chain: Chain) -> None:
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

    def solve(self, move: Move, start_tag: int, tags: int, start_value: float = 1.0) -> Solved:
        """As `PurePythonSolver.solve`."""
        import numpy as np

        product = self._explore(start_tag, tags, move)
        x = solve(product.system, unit(len(product.steps), product.start, start_value))
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
        return Solved(per_step.tolist(), flow)

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

    def _explore(self, tag: int, tags: int, move: Move) -> Product:
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
        system = System(
            owner[keep],
            targets,
            weights[keep],
            diagonal,
            self.block[steps],
        )
        return Product(
            steps, int(np.searchsorted(keys, start)), system, events[keep], branches[keep]
        )
