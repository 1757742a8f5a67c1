"""The JSON contract (docs/output.md): extended by later versions, never broken."""

from __future__ import annotations

import io
import json
import math
from typing import Any

from ..findings import Finding
from ..report import JourneyResult, Report


def finding_to_dict(finding: Finding, exposure: float | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "step": finding.step,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "suppressed": (
            {"reason": finding.suppressed.reason, "scope": finding.suppressed.scope}
            if finding.suppressed
            else None
        ),
    }
    if finding.to is not None:
        data["to"] = finding.to
    if finding.steps:
        data["steps"] = list(finding.steps)
    if finding.evidence:
        data["evidence"] = finding.evidence
    data["fingerprint"] = finding.fingerprint
    if exposure is not None:
        data["exposure"] = float(f"{exposure:.12g}") + 0.0
    return data


def journey_to_dict(result: JourneyResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "file": result.file,
        "name": result.name,
        "valid": result.valid,
    }
    if result.score is not None:
        data["score"] = result.score
        data["grade"] = result.grade
        if result.breakdown is not None:
            data["score_breakdown"] = result.breakdown.to_dict()
    data["findings"] = [finding_to_dict(f, result.exposure(f)) for f in result.findings]
    if result.valid:
        data["assumed_probabilities"] = list(result.assumed_probabilities)
    if result.metrics is not None:
        data["metrics"] = result.metrics.to_dict()
    return data


def report_to_dict(report: Report) -> dict[str, Any]:
    journeys = [journey_to_dict(j) for j in report.journeys]
    for data, figures in zip(journeys, report.company_figures(), strict=True):
        if figures is not None:  # issue 14: only with a volume or [company] costs
            data["company"] = figures.to_dict()
    return {
        "frictionmap": report.version,
        "journeys": journeys,
        "summary": report.summary(),
        "config": report.config or None,
    }


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: such a number becomes null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def dumps(data: Any) -> str:
    """Indented JSON, streamed into one buffer (a 100k-step report is large).

    A non-finite number is rare (metrics never produce one), so the report is
    only copied with such numbers nulled when the first attempt meets one.
    """
    try:
        return _dump(data)
    except ValueError:
        return _dump(_finite(data))


def _dump(data: Any) -> str:
    buffer = io.StringIO()
    json.dump(data, buffer, indent=2, ensure_ascii=False, allow_nan=False)
    buffer.write("\n")
    return buffer.getvalue()


def render(report: Report, *, width: int = 100, color: bool = False) -> str:
    return dumps(report_to_dict(report))
