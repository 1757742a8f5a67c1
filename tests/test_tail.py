"""The tail (tail.py): exact first two moments, P90 from a gamma law.

Checked on every seed journey and verdict case: the mean of the customer's minutes is
the metrics' `expected_minutes`; on the walks that end well (the branches into steps
that cannot end well taken away, the others in proportion, as the score reads the
tail) the mean matches Monte Carlo walks within sampling error and P90 lies within a
third of the sampled P90, as docs/metrics.md says.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from test_exposure import _walk

from frictionmap.analysis import check_file
from frictionmap.graph import reaching
from frictionmap.tail import tail

ROOT = Path(__file__).parent.parent
FILES = sorted((ROOT / "journeys").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "verdict" / "cases").glob("*.yaml")
)
RUNS = 4_000


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_tail_matches_the_metrics_and_sampled_walks(path: Path) -> None:
    result = check_file(str(path))
    graph, start = result.graph, result.journey.start
    minutes = tail(graph, start, lambda s: graph.nodes[s]["facts"].customer_minutes)
    assert minutes.mean == pytest.approx(result.metrics.expected_minutes, rel=1e-9, abs=1e-9)
    ends_well = [
        s
        for s, f in graph.nodes(data="facts")
        if f.is_outcome and f.outcome in ("resolved", "refunded")
    ]
    keep = reaching(graph, ends_well)
    if start not in keep:
        return
    exact = tail(graph, start, lambda s: graph.nodes[s]["facts"].customer_minutes, keep=keep)
    rng = random.Random(3)
    walks = sorted(
        math.fsum(graph.nodes[s]["facts"].customer_minutes for s in _walk(graph, start, rng, keep))
        for _ in range(RUNS)
    )
    mean = math.fsum(walks) / RUNS
    error = math.sqrt(math.fsum((w - mean) ** 2 for w in walks) / RUNS / RUNS)
    assert abs(exact.mean - mean) <= 5 * error + 1e-6, (exact.mean, mean)
    sampled_p90 = walks[int(0.9 * RUNS)]
    assert abs(exact.p90 - sampled_p90) <= sampled_p90 / 3 + 1e-6, (exact.p90, sampled_p90)
