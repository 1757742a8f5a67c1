"""The results of a run, as plain data that every renderer formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .findings import Finding, Severity

if TYPE_CHECKING:
    import networkx as nx

    from .loader import SourceMap
    from .model import Journey

INVALID_FILE = "invalid-file"


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

    @property
    def active(self) -> list[Finding]:
        """Findings that count: the unsuppressed ones."""
        return [f for f in self.findings if f.suppressed is None]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.active if f.severity is severity)


@dataclass(frozen=True)
class Report:
    journeys: tuple[JourneyResult, ...]
    version: str = field(default="")

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
