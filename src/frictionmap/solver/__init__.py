"""Solving absorbing Markov chains: everything the metrics need, nothing they mean.

- chain.py: a journey's reachable steps as an absorbing chain (`base_chain`),
  the `Move` that builds a product chain with a memory, and the `Solved` sums;
- pure.py: the pure-Python back-end (a dict per product chain), solved by
- blocks.py: expected visits block by block over the strongly connected
  components (GTH elimination for small blocks, numpy/scipy for large ones);
- vectorised.py: the numpy back-end for large chains, solved by
- linear.py: dense (numpy), sparse (scipy SuperLU) or iterative (GMRES with an
  incomplete LU) linear solves;
- limits.py: every size and tolerance that picks among them, with its reason.

numpy and scipy are imported only inside the functions that use them, so that
`frictionmap check` on a journey of ordinary size never imports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import limits
from .chain import STUCK, TRAPPED, Chain, Move, NotFinite, Solved, base_chain
from .pure import PurePythonSolver

if TYPE_CHECKING:
    from .vectorised import NumpySolver

    Solver = PurePythonSolver | NumpySolver

__all__ = [
    "STUCK", "TRAPPED", "Chain", "Move", "NotFinite", "PurePythonSolver", "Solved",
    "base_chain", "limits", "solver_for",
]


def solver_for(chain: Chain) -> Solver:
    """The back-end for a chain of this size (limits.PURE_PYTHON_CHAIN_STEPS)."""
    if len(chain.steps) <= limits.PURE_PYTHON_CHAIN_STEPS:
        return PurePythonSolver(chain)
    from . import vectorised

    return vectorised.NumpySolver(chain)
