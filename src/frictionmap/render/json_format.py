"""The JSON contract (docs/output.md): extended by later versions, never broken."""

from __future__ import annotations

import io
import json
import math
from typing import Any

from ..escapes import json_printable
from ..findings import Finding
from ..report import INVALID_FILE, JourneyResult, Report


def _rounded(value: Any) -> Any:
    """Floats to 12 significant digits (never -0.0), as the metrics are, at any depth."""
    if isinstance(value, float):
        return float(f"{value:.12g}") + 0.0 if math.isfinite(value) else value
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def finding_to_dict(
    finding: Finding, fingerprint: str | None = None, exposure: float | None = None
) -> dict[str, Any]:
    """A finding in the documented key order; `fingerprint` overrides the finding's
    own (a rejected file's problems, which have no step, are told apart);
    `exposure` is added where the journey was analysed."""
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
    if finding.advice:  # its own key, not repeated in `message` (docs/output.md)
        data["advice"] = finding.advice
    if finding.to is not None:
        data["to"] = finding.to
    if finding.steps:
        data["steps"] = list(finding.steps)
    if finding.evidence:
        data["evidence"] = _rounded(finding.evidence)
    data["fingerprint"] = fingerprint or finding.fingerprint
    if exposure is not None:
        data["exposure"] = _rounded(exposure)
    return data


def _fingerprints(findings: tuple[Finding, ...]) -> list[str]:
    """Each finding's fingerprint, unique within its file: a repeat gets `#2`, `#3`...
    (a rejected file's problems all lack a step: their position tells them apart)."""
    seen: dict[str, int] = {}
    prints = []
    for finding in findings:
        key = finding.fingerprint
        if finding.rule == INVALID_FILE:
            key = f"{INVALID_FILE}:{finding.line}:{finding.column}"
        seen[key] = seen.get(key, 0) + 1
        prints.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return prints


def journey_to_dict(result: JourneyResult) -> dict[str, Any]:
    """A journey in the documented key order; a rejected file keeps every key,
    `score`, `grade`, `score_breakdown` and `metrics` null."""
    prints = _fingerprints(result.findings)
    return {
        "file": result.file,
        "name": result.name,
        "valid": result.valid,
        "score": result.score,
        "grade": result.grade,
        "score_breakdown": result.breakdown.to_dict() if result.breakdown is not None else None,
        "findings": [
            finding_to_dict(f, p, result.exposure(f))
            for f, p in zip(result.findings, prints, strict=True)
        ],
        "assumed_probabilities": list(result.assumed_probabilities),
        "metrics": result.metrics.to_dict() if result.metrics is not None else None,
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    journeys = [journey_to_dict(j) for j in report.journeys]
    for data, figures in zip(journeys, report.company_figures(), strict=True):
        if figures is not None:  # issue 14: only with a volume or [company] costs
            data["company"] = figures.to_dict()
    for data, result in zip(journeys, report.journeys, strict=True):
        if result.conformance is not None:  # issue 14: only with `report --log`
            data["conformance"] = _rounded(result.conformance.to_dict())
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
    return json_printable(buffer.getvalue())


def render(report: Report, *, width: int = 100, color: bool = False) -> str:
    return dumps(report_to_dict(report))
