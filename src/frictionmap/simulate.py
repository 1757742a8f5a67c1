"""Monte Carlo walks through a journey: the spread of what it costs the customer.

The exact metrics (metrics.py) give expectations; a consultant also asks "how
bad is it for the unlucky one in ten?". This module walks the journey many
times at random along its branch probabilities and reports the mean, P50, P90
and P99 of each walk's minutes, hours, cost and contacts, and how often each
outcome ends a walk.

Every walk is one entry of numpy arrays and all walks advance together, one
step per iteration: the next step of every walk is drawn at once by a binary
search of a uniform draw in a per-step cumulative probability table (`keys`
below), so the cost is that of numpy over the total walk length, not of a
Python loop per step. A given seed gives the same walks (numpy
`default_rng(seed)`).

Per visit of a step, the minutes, hours and cost that facts.py defines for
every reader (the exact metrics and the walks too), and 1 contact at a
`contact` step.

A walk ends at an outcome step (its kind), at a step with no `next` (`stuck`)
or on entering a trap, a closed set of steps without an outcome (`trapped`);
those steps count as visited. A walk still going after `max_steps` visits is
stopped and counted as `capped`: its totals so far stay in the statistics.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt

from .facts import StepFacts
from .model import OUTCOME_KINDS, Journey

OUTCOMES: tuple[str, ...] = (*OUTCOME_KINDS, "stuck", "trapped")
QUANTITIES: tuple[str, ...] = ("minutes", "hours", "cost", "contacts")
PERCENTILES: tuple[int, ...] = (50, 90, 99)
DEFAULT_RUNS = 10_000
DEFAULT_SEED = 0
DEFAULT_MAX_STEPS = 10_000
# Walks are simulated in chunks of this many, so memory stays bounded for
# millions of runs; a constant chunk size keeps a seed's results reproducible.
CHUNK = 1 << 18

_TRANSIENT = -1
_CAPPED = len(OUTCOMES)
_LARGEST = sys.float_info.max

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Distribution:
    """Summary of one quantity over all walks."""

    mean: float
    std_error: float  # of the mean: sample standard deviation / sqrt(runs)
    p50: float
    p90: float
    p99: float

    def to_dict(self) -> dict[str, float]:
        return {
            "mean": _round(self.mean),
            "std_error": _round(self.std_error),
            "p50": _round(self.p50),
            "p90": _round(self.p90),
            "p99": _round(self.p99),
        }


@dataclass(frozen=True)
class Simulation:
    """What `simulate` found: distributions of each quantity, outcome frequencies."""

    name: str
    currency: str
    runs: int
    seed: int
    max_steps: int
    capped: int
    outcomes: dict[str, float]  # share of walks ending in each of OUTCOMES
    quantities: dict[str, Distribution] = field(default_factory=dict)  # by QUANTITIES
    file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, in a fixed key order."""
        return {
            "file": self.file,
            "name": self.name,
            "currency": self.currency,
            "runs": self.runs,
            "seed": self.seed,
            "max_steps": self.max_steps,
            "capped": self.capped,
            "outcomes": {k: _round(self.outcomes[k]) for k in OUTCOMES},
            **{q: self.quantities[q].to_dict() for q in QUANTITIES},
        }


def _round(value: float) -> float:
    """12 significant digits, like the exact metrics' JSON."""
    return float(f"{value:.12g}")


# -- the chain as arrays -------------------------------------------------------


@dataclass(frozen=True)
class _Tables:
    """The journey as flat arrays indexed by step number."""

    start: int
    absorbs: npt.NDArray[np.int64]  # outcome index in OUTCOMES, or _TRANSIENT
    keys: npt.NDArray[np.float64]  # step i's branches: i + cumulative probability
    targets: npt.NDArray[np.int64]  # step number each branch leads to
    first: npt.NDArray[np.int64]  # index in keys of step i's first branch
    last: npt.NDArray[np.int64]  # index of step i's last branch with p > 0
    values: npt.NDArray[np.float64]  # shape (steps, len(QUANTITIES)), per visit


def visit_values(
    journey: Journey, graph: nx.DiGraph, step: str
) -> tuple[float, float, float, float]:
    """(minutes, hours, cost, contacts) of one visit of `step`, as facts.py defines them."""
    facts: StepFacts = graph.nodes[step]["facts"]
    contacts = 1.0 if facts.is_contact else 0.0
    return facts.customer_minutes, facts.elapsed_hours, facts.customer_cost, contacts


def _trap_steps(graph: nx.DiGraph) -> set[str]:
    """Steps of closed sets without an outcome (a lone dead end is `stuck`, not a trap)."""
    found: set[str] = set()
    for component in nx.attracting_components(graph):
        if len(component) == 1:
            (only,) = component
            if not graph.has_edge(only, only):
                continue
        if not any(graph.nodes[n]["facts"].is_outcome for n in component):
            found |= component
    return found


def _tables(journey: Journey, graph: nx.DiGraph) -> _Tables:
    order = list(journey.steps)
    index = {step: i for i, step in enumerate(order)}
    traps = _trap_steps(graph)
    absorbs = np.full(len(order), _TRANSIENT, dtype=np.int64)
    values = np.zeros((len(order), len(QUANTITIES)), dtype=np.float64)
    keys: list[float] = []
    targets: list[int] = []
    first = np.zeros(len(order), dtype=np.int64)
    last = np.zeros(len(order), dtype=np.int64)
    for i, step in enumerate(order):
        facts: StepFacts = graph.nodes[step]["facts"]
        values[i] = visit_values(journey, graph, step)
        if facts.is_outcome:
            absorbs[i] = OUTCOMES.index(str(facts.outcome))
        elif step in traps:
            absorbs[i] = OUTCOMES.index("trapped")
        elif graph.out_degree(step) == 0:
            absorbs[i] = OUTCOMES.index("stuck")
        first[i] = len(keys)
        edges = list(graph.out_edges(step, data="p"))
        total = sum(p for _, _, p in edges)
        cumulative = 0.0
        last[i] = len(keys)
        for _, successor, p in edges:
            cumulative += p
            if p > 0:
                last[i] = len(keys)
            # Normalised, so branches summing to 1 +- 1e-6 still cover [0, 1).
            keys.append(i + cumulative / total if total > 0 else i + 1.0)
            targets.append(index[successor])
    return _Tables(
        start=index[journey.start],
        absorbs=absorbs,
        keys=np.asarray(keys, dtype=np.float64),
        targets=np.asarray(targets, dtype=np.int64),
        first=first,
        last=last,
        values=values,
    )


def _walk_chunk(
    tables: _Tables,
    runs: int,
    rng: np.random.Generator,
    max_steps: int,
    progress: Progress | None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Walk `runs` walks together; their totals (runs x quantities) and end codes."""
    totals = np.zeros((runs, len(QUANTITIES)), dtype=np.float64)
    ends = np.full(runs, _CAPPED, dtype=np.int64)
    alive = np.arange(runs, dtype=np.int64)
    steps = np.full(runs, tables.start, dtype=np.int64)
    for _ in range(max_steps):
        # Totals saturate at the largest float (1e308 minutes on a step, walked
        # twice), as the exact metrics do, rather than overflow to infinity.
        with np.errstate(over="ignore"):
            totals[alive] += tables.values[steps]
        np.minimum(totals, _LARGEST, out=totals)
        code = tables.absorbs[steps]
        done = code != _TRANSIENT
        if done.any():
            ends[alive[done]] = code[done]
            alive, steps = alive[~done], steps[~done]
            if progress is not None:
                progress(int(done.sum()))
        if alive.size == 0:
            break
        # Branch j of step i covers (keys[j-1], keys[j]] within (i, i+1]: the first
        # key above i + u is the branch drawn. Clipping guards float rounding of
        # i + u up to i + 1 and keeps zero-probability branches unreachable.
        draw = steps + rng.random(alive.size)
        chosen = np.searchsorted(tables.keys, draw, side="right")
        chosen = np.clip(chosen, tables.first[steps], tables.last[steps])
        steps = tables.targets[chosen]
    if progress is not None and alive.size:
        progress(int(alive.size))
    return totals, ends


def _distribution(values: npt.NDArray[np.float64]) -> Distribution:
    runs = values.size
    p50, p90, p99 = np.percentile(values, PERCENTILES)
    # Mean and spread of the values divided by the largest (totals are >= 0 and
    # finite), so that sums and squares of totals near 1e308 do not overflow.
    scale = float(values.max()) if runs else 0.0
    if scale == 0.0:
        return Distribution(0.0, 0.0, float(p50), float(p90), float(p99))
    scaled = values / scale
    mean = min(float(scaled.mean()) * scale, _LARGEST)
    spread = float(scaled.std(ddof=1)) * scale if runs > 1 else 0.0
    std_error = min(spread / math.sqrt(runs), _LARGEST)
    return Distribution(mean, std_error, float(p50), float(p90), float(p99))


def simulate(
    journey: Journey,
    graph: nx.DiGraph,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
    max_steps: int = DEFAULT_MAX_STEPS,
    progress: Progress | None = None,
    file: str | None = None,
) -> Simulation:
    """Walk the journey `runs` times; `progress(n)` is told as n more walks end."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if max_steps < 1:
        raise ValueError("max_steps must be at least 1")
    tables = _tables(journey, graph)
    rng = np.random.default_rng(seed)
    all_totals: list[npt.NDArray[np.float64]] = []
    all_ends: list[npt.NDArray[np.int64]] = []
    for begin in range(0, runs, CHUNK):
        totals, ends = _walk_chunk(tables, min(CHUNK, runs - begin), rng, max_steps, progress)
        all_totals.append(totals)
        all_ends.append(ends)
    totals = np.concatenate(all_totals)
    counts = np.bincount(np.concatenate(all_ends), minlength=len(OUTCOMES) + 1)
    return Simulation(
        name=journey.name,
        currency=journey.currency,
        runs=runs,
        seed=seed,
        max_steps=max_steps,
        capped=int(counts[_CAPPED]),
        outcomes={kind: float(counts[i]) / runs for i, kind in enumerate(OUTCOMES)},
        quantities={q: _distribution(totals[:, i]) for i, q in enumerate(QUANTITIES)},
        file=file,
    )
