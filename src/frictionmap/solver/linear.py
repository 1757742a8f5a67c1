"""Linear solves of x (I - W) = rhs for the numpy back-end: dense, sparse, iterative.

numpy and scipy are imported inside the functions: only journeys above
limits.PURE_PYTHON_CHAIN_STEPS steps pay for them.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from . import limits
from .chain import NotFinite


@dataclass
class System:
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


def solve(system: System, rhs: Any) -> Any:
    """x with (I - W)^T x = rhs (x = rhs N): a solve, never an inverse.

    Dense (numpy) up to limits.DENSE_PRODUCT_STATES states. Above, scipy.sparse `spsolve` on
    CSC, with the states sorted by base block, sinks first: every transition
    goes to a block no later, so (I - W)^T is block upper triangular, and with
    SuperLU's natural column order the factors fill in only inside the
    diagonal blocks (a journey's loops): the solve stays near-linear while
    the loops are small. With a block over limits.COLAMD_BLOCK_STATES states (a journey
    where everything can lead back to everything), natural order would fill
    that block densely (800 agents and a 800-message hub: 387 s); COLAMD
    orders the columns instead (4 s). Its
    columns are diagonally dominant (rows of W sum to at most 1), so partial
    pivoting keeps the diagonal.
    """
    import numpy as np

    size = len(system.diagonal)
    if size <= limits.DENSE_PRODUCT_STATES:
        transposed = np.zeros((size, size))
        transposed[np.arange(size), np.arange(size)] = system.diagonal
        np.add.at(transposed, (system.cols, system.rows), -system.weights)
        try:
            x = np.linalg.solve(transposed, rhs)
        except np.linalg.LinAlgError:
            raise NotFinite from None
    else:
        from scipy.sparse import csc_matrix
        from scipy.sparse.linalg import spsolve

        order = np.argsort(system.block, kind="stable")
        # One large loop (a strongly connected block) would fill in densely in
        # natural order; COLAMD's fill-reducing order handles it, at a cost
        # the many small loops of most journeys do not need.
        largest = int(np.bincount(system.block).max())
        ordering = "COLAMD" if largest > limits.COLAMD_BLOCK_STATES else "NATURAL"
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
            # A singular matrix gives NaN (and a warning): NotFinite below retries.
            warnings.simplefilter("ignore")
            solved = None
            if ordering == "COLAMD":
                solved = iterate(transposed, rhs[order])
            if solved is None:
                solved = np.atleast_1d(spsolve(transposed, rhs[order], permc_spec=ordering))
        x = np.empty(size)
        x[order] = solved
    if not np.all(np.isfinite(x)):
        raise NotFinite
    return np.maximum(x, 0.0)  # rounding can leave -1e-18 where 0 is exact


def iterate(matrix: Any, rhs: Any) -> Any:
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
        factors = spilu(
            matrix.tocsc(),
            drop_tol=limits.ILU_DROP_TOLERANCE,
            fill_factor=limits.ILU_FILL_FACTOR,
        )
    except RuntimeError:  # a singular factor
        return None
    preconditioner = LinearOperator(matrix.shape, factors.solve)
    x, info = gmres(matrix, rhs, M=preconditioner, rtol=1e-14, atol=0.0, restart=60, maxiter=50)
    scale = max(float(np.abs(rhs).max()), 1e-300)
    residual = np.abs(matrix @ x - rhs).max() if np.all(np.isfinite(x)) else np.inf
    if info != 0 or not residual <= limits.GMRES_RESIDUAL * scale:
        return None
    return x


def unit(size: int, index: int, value: float = 1.0) -> Any:
    import numpy as np

    rhs = np.zeros(size)
    rhs[index] = value
    return rhs
