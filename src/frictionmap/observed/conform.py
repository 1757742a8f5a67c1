"""Designed vs observed: where a log departs from its journey (`frictionmap conform`).

Deviations, by kind (each names a step, and a target step for transitions):

- `undesigned-transition` (warning): the log goes s -> t, the design has no
  such branch;
- `undesigned-end` (note): cases' logs end at a step that is no outcome and
  has no branch to an `abandoned` outcome (hang-ups the design does not show);
- `unused-step` (note): a step the design expects at least
  `UNUSED_EXPECTED` visits of in this many cases (its expected visits per
  walk x cases) that the log never visits; below that, zero visits is
  plausible chance (P(0) of a Poisson of mean 3 is 5%);
- `branch-probability` (warning): a designed branch whose probability lies
  outside the Wilson score interval (Wilson 1927) of the observed share
  k / n at the chosen confidence (default 95%), n being the step's
  transitions to designed steps. Assumed probabilities (no `p`) are tested
  too and say so;
- `wait-over-announced` (warning): a queue's (callback's) mean observed wait
  above its `wait.announced`, or a step's mean observed hours above its
  `promised`;
- `more-loops` (warning): a step visited more per case than designed: the
  observed mean visits per case exceeds the design's expected visits per
  walk by more than 2 standard errors and 10%, with cases coming back to it.

The designed figures are the exact metrics (`metrics.compute_metrics`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import networkx as nx

from ..model import Journey
from .observe import Observation

KINDS: dict[str, tuple[str, str]] = {
    "undesigned-transition": ("warning", "The log goes where the design has no branch."),
    "undesigned-end": ("note", "Cases end at a step that is no outcome."),
    "unused-step": ("note", "A step the design expects is never visited."),
    "branch-probability": (
        "warning",
        "A designed probability lies outside the observed share's Wilson interval.",
    ),
    "wait-over-announced": ("warning", "Observed waits are longer than announced or promised."),
    "more-loops": ("warning", "Cases come back to a step more than designed."),
}
UNUSED_EXPECTED = 3.0
DEFAULT_CONFIDENCE = 0.95


@dataclass(frozen=True)
class Deviation:
    kind: str
    step: str
    message: str
    to: str | None = None
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return KINDS[self.kind][0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "step": self.step,
            "to": self.to,
            "message": self.message,
            "figures": self.figures,
        }


@dataclass(frozen=True)
class Conformance:
    file: str
    name: str
    observation: Observation
    deviations: tuple[Deviation, ...]
    confidence: float
    lines: dict[str, tuple[int, int]] = field(default_factory=dict)  # step -> (line, column)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "name": self.name,
            "confidence": self.confidence,
            "log": self.observation.to_dict(),
            "deviations": [d.to_dict() for d in self.deviations],
            "counts": {k: sum(1 for d in self.deviations if d.kind == k) for k in KINDS},
        }


def wilson(k: int, n: int, confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float]:
    """The Wilson score interval of a share k / n (n > 0)."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    share = k / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(centre - half, 0.0), min(centre + half, 1.0)


def _f(value: float) -> float:
    return float(f"{value:.6g}") + 0.0


def conform(
    journey: Journey,
    graph: nx.DiGraph,
    seen: Observation,
    *,
    file: str = "",
    confidence: float = DEFAULT_CONFIDENCE,
    lines: dict[str, tuple[int, int]] | None = None,
) -> Conformance:
    """Compare a journey with what a log observed of it (module docstring)."""
    from ..metrics import compute_metrics

    if not 0 < confidence < 1:
        raise ValueError("confidence must lie between 0 and 1")
    designed_visits = compute_metrics(journey, graph).step_visits
    found: list[Deviation] = []
    order = {s: i for i, s in enumerate(journey.steps)}
    for step_id, step in journey.steps.items():
        observation = seen.steps.get(step_id)
        targets = [b.to for b in step.next]
        if observation is None:
            expected = designed_visits.get(step_id, 0.0) * seen.cases
            if expected >= UNUSED_EXPECTED:
                found.append(
                    Deviation(
                        "unused-step",
                        step_id,
                        f"'{step_id}' is never visited in {seen.cases:,} cases; the design "
                        f"expects {expected:,.0f} visits",
                        figures={"expected_visits": _f(expected), "cases": seen.cases},
                    )
                )
            continue
        found.extend(_transitions(journey, step_id, targets, observation.next))
        found.extend(_branches(journey, step_id, observation.next, confidence))
        found.extend(_waits(journey, step_id, observation.mean_minutes, observation.timed))
        found.extend(_loops(step_id, observation, designed_visits.get(step_id, 0.0), seen))
    found.sort(key=lambda d: (order.get(d.step, len(order)), list(KINDS).index(d.kind), d.to or ""))
    return Conformance(
        file=file,
        name=journey.name,
        observation=seen,
        deviations=tuple(found),
        confidence=confidence,
        lines=lines or {},
    )


def _transitions(
    journey: Journey, step_id: str, targets: list[str], counts: dict[str, int]
) -> list[Deviation]:
    found = []
    total = sum(counts.values())
    for to, n in sorted(counts.items()):
        if not to:
            step = journey.steps[step_id]
            abandons = any(
                journey.steps[t].type == "outcome" and journey.steps[t].outcome == "abandoned"
                for t in targets
            )
            if step.type != "outcome" and not abandons:
                found.append(
                    Deviation(
                        "undesigned-end",
                        step_id,
                        f"{n:,} cases end at '{step_id}', which is no outcome and has no branch "
                        "to an abandoned outcome",
                        figures={"cases": n, "share": _f(n / total)},
                    )
                )
        elif to not in targets:
            found.append(
                Deviation(
                    "undesigned-transition",
                    step_id,
                    f"'{step_id}' -> '{to}' happens {n:,} times ({n / total:.1%} of its visits) "
                    "but is not designed",
                    to=to,
                    figures={"count": n, "share": _f(n / total)},
                )
            )
    return found


def _branches(
    journey: Journey, step_id: str, counts: dict[str, int], confidence: float
) -> list[Deviation]:
    branches = journey.steps[step_id].next
    targets = sorted({b.to for b in branches})
    if len(targets) < 2:
        return []
    given = [b.p for b in branches]
    assumed = any(p is None for p in given)
    known = sum(p for p in given if p is not None)
    unknown = sum(1 for p in given if p is None)
    designed: dict[str, float] = {}
    for branch in branches:
        p = branch.p if branch.p is not None else max(1.0 - known, 0.0) / unknown
        designed[branch.to] = designed.get(branch.to, 0.0) + p
    n = sum(counts.get(t, 0) for t in targets)
    if n == 0:
        return []
    found = []
    for to in targets:
        k = counts.get(to, 0)
        low, high = wilson(k, n, confidence)
        if low <= designed[to] <= high:
            continue
        words = "assumed" if assumed else "designed"
        found.append(
            Deviation(
                "branch-probability",
                step_id,
                f"'{step_id}' -> '{to}': observed {k / n:.1%} ({k:,} of {n:,}, "
                f"{confidence:.0%} interval {low:.1%}-{high:.1%}), {words} {designed[to]:.1%}",
                to=to,
                figures={
                    "designed": _f(designed[to]),
                    "assumed": assumed,
                    "observed": _f(k / n),
                    "k": k,
                    "n": n,
                    "low": _f(low),
                    "high": _f(high),
                },
            )
        )
    return found


def _waits(journey: Journey, step_id: str, mean: float | None, timed: int) -> list[Deviation]:
    step = journey.steps[step_id]
    if mean is None or not timed:
        return []
    if step.wait is not None and step.wait.announced is not None:
        wait = mean - (step.minutes or 0.0)
        if wait > step.wait.announced:
            return [
                Deviation(
                    "wait-over-announced",
                    step_id,
                    f"'{step_id}': observed mean wait {wait:.1f} min ({timed:,} visits) "
                    f"over the {step.wait.announced:g} min announced",
                    figures={"observed": _f(wait), "announced": step.wait.announced, "n": timed},
                )
            ]
    if step.promised is not None and step.type != "queue":
        hours = mean / 60.0
        if hours > step.promised:
            return [
                Deviation(
                    "wait-over-announced",
                    step_id,
                    f"'{step_id}': observed mean {hours:.1f} h ({timed:,} visits) over the "
                    f"{step.promised:g} h promised",
                    figures={"observed": _f(hours), "promised": step.promised, "n": timed},
                )
            ]
    return []


def _loops(step_id: str, observation: Any, designed: float, seen: Observation) -> list[Deviation]:
    if not observation.looped or seen.cases == 0:
        return []
    mean = observation.visits / seen.cases
    squares = observation.visits_squared / seen.cases
    error = math.sqrt(max(squares - mean * mean, 0.0) / seen.cases)
    if mean - designed <= max(2.0 * error, 0.1 * designed):
        return []
    return [
        Deviation(
            "more-loops",
            step_id,
            f"'{step_id}': {mean:.3g} visits per case observed ({observation.looped:,} cases "
            f"came back, up to {observation.most} visits), {designed:.3g} designed",
            figures={
                "observed": _f(mean),
                "designed": _f(designed),
                "looped": observation.looped,
                "most": observation.most,
            },
        )
    ]
