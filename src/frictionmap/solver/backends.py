"""Which back-end solves a chain: pure Python for small ones, numpy for large ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import limits
from .chain import Chain
from .pure import PurePythonSolver

if TYPE_CHECKING:
    from .vectorised import NumpySolver

    Solver = PurePythonSolver | NumpySolver


def solver_for(chain: Chain) -> Solver:
    """The back-end for a chain of this size (limits.PURE_PYTHON_CHAIN_STEPS)."""
    if len(chain.steps) <= limits.PURE_PYTHON_CHAIN_STEPS:
        return PurePythonSolver(chain)
    from . import vectorised

    return vectorised.NumpySolver(chain)
