"""The results of a run, as plain data that every renderer formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .findings import Finding, Severity
from .text import Words

if TYPE_CHECKING:
    import networkx as nx

    from .exposure import Exposure
    from .impact import Figure, RankedFinding, ReportView
    from .loader import SourceMap
    from .model import Journey
    from .observed.company import CompanyFigures
    from .observed.settings import CompanySettings
    from .walks import Walks

INVALID_FILE = "invalid-file"

# A step's friction is the sum of the impacts of its active findings (impact.py:
# exposure x severity weight x harm / 3; an error of middle harm that every
# customer meets is 3). At or above each bound it is level 2 (medium) or 3
# (high); any active finding makes a step level 1 (low) at least, so that a
# problem on a step few customers reach still shows on the drawings.
FRICTION_BOUNDS = (1.5, 3.0)


@dataclass(frozen=True)
class RuleInfo:
    """An enabled rule as the machine formats list it (SARIF, JUnit)."""

    id: str
    severity: Severity
    summary: str = ""
    doc: str = ""
    family: str = ""


@dataclass(frozen=True)
class JourneyResult:
    """One file's result: its findings, and for a valid journey the analysed model."""

    file: str
    name: str | None
    valid: bool
    findings: tuple[Finding, ...]
    journey: Journey | None = None
    graph: nx.DiGraph | None = None
    source_map: SourceMap | None = None
    assumed_probabilities: tuple[str, ...] = ()
    metrics: Any = None
    score: float | None = None
    grade: str | None = None
    # score.Score: the score's breakdown, what took the points (None if rejected).
    breakdown: Any = None
    # observed.conform.Conformance: designed vs observed, only with `report --log`.
    conformance: Any = None

    # The worst-practices report (walks.py, impact.py): computed on first use,
    # so that `check`, which shows none of it, neither computes nor imports it.
    @cached_property
    def _view(self) -> ReportView:
        from .impact import report_view

        return report_view(self)

    @cached_property
    def exposures(self) -> dict[str, Exposure]:
        """Each finding's exposure (exposure.py), by fingerprint; empty for a rejected file."""
        from .exposure import exposures

        if not self.valid or self.graph is None or self.journey is None:
            return {}
        visits = self.metrics.step_visits if self.metrics is not None else None
        return exposures(self.findings, self.graph, self.journey.start, visits)

    def exposure(self, finding: Finding) -> float | None:
        """How likely the customer meets `finding`, or None for a rejected file."""
        found = self.exposures.get(finding.fingerprint)
        return found.probability if found is not None else None

    @property
    def points(self) -> list[Words]:
        """What took the score's points, largest first (score.took_the_points)."""
        from .score import took_the_points

        return took_the_points(self.breakdown) if self.breakdown is not None else []

    @property
    def walks(self) -> Walks | None:
        """The most likely walks to resolution and to failure."""
        return self._view.walks

    @property
    def ranked(self) -> tuple[RankedFinding, ...]:
        """The findings ranked by impact, with advice."""
        return self._view.ranked

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The key figures beside their benchmarks."""
        return self._view.figures

    @property
    def verdict(self) -> Words:
        """One sentence on the journey, for the report's header."""
        return self._view.verdict

    @property
    def active(self) -> list[Finding]:
        """Findings that count: the unsuppressed ones."""
        return [f for f in self.findings if f.suppressed is None]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.active if f.severity is severity)

    def step_friction(self) -> dict[str, float]:
        """Each step with active findings -> the sum of their impacts (0 if not ranked)."""
        friction = {f.step: 0.0 for f in self.active if f.step is not None}
        for ranked in self.ranked:
            step = ranked.finding.step
            if step is not None:
                friction[step] = friction.get(step, 0.0) + ranked.impact
        return dict(sorted(friction.items()))

    def friction_levels(self) -> dict[str, int]:
        """Each step with active findings -> 1 (low), 2 (medium) or 3 (high)."""
        medium, high = FRICTION_BOUNDS
        return {
            step: 3 if value >= high else 2 if value >= medium else 1
            for step, value in self.step_friction().items()
        }


@dataclass(frozen=True)
class Report:
    journeys: tuple[JourneyResult, ...]
    version: str = field(default="")
    # The rules that ran, in catalogue order (empty when the caller did not say).
    rules: tuple[RuleInfo, ...] = ()
    # The configuration the run used (inputs.config_name); empty when not said.
    config: str = ""
    company: CompanySettings | None = None  # [company] of the config (issue 14)

    def company_figures(self) -> tuple[CompanyFigures | None, ...]:
        """Each journey's cost to serve and staffing (observed/company.py), or None."""
        from .observed.company import figures_of

        return tuple(figures_of(j, self.company) for j in self.journeys)

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.journeys),
            "invalid": sum(1 for j in self.journeys if not j.valid),
            "errors": sum(j.count(Severity.ERROR) for j in self.journeys),
            "warnings": sum(j.count(Severity.WARNING) for j in self.journeys),
            "notes": sum(j.count(Severity.NOTE) for j in self.journeys),
            "suppressed": sum(len(j.findings) - len(j.active) for j in self.journeys),
        }

    def exit_code(self, fail_on: Severity | None) -> int:
        """2 if any file was rejected, 1 if a finding is at or above `fail_on`, else 0."""
        if any(not j.valid for j in self.journeys):
            return 2
        if fail_on is None:
            return 0
        for journey in self.journeys:
            if any(f.severity.at_least(fail_on) for f in journey.active):
                return 1
        return 0
