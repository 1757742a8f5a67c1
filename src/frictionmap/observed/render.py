"""The conformance report (`frictionmap conform`) as text, JSON, Markdown and SARIF.

Pure functions of a `Conformance`: same input, same bytes. The terminal form
is plain text (no colour codes unless asked), so that it reads the same in a
log file.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from .conform import KINDS, Conformance

FORMATS = ("terminal", "json", "markdown", "sarif")


def render(result: Conformance, fmt: str, color: bool = False) -> str:
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return markdown(result)
    if fmt == "sarif":
        return sarif(result)
    return terminal(result, color)


def _summary(result: Conformance) -> list[str]:
    seen = result.observation
    lines = [
        f"{seen.cases:,} cases, {seen.events:,} events ({seen.used_events:,} visits of steps), "
        f"{seen.period or 'no period'}, read by {seen.engine}",
    ]
    if seen.cases_per_month is not None:
        lines.append(f"about {seen.cases_per_month:,.0f} cases a month")
    if seen.repeat_share is not None:
        lines.append(
            f"{seen.repeat_share:.1%} of cases are a customer back within {seen.repeat_days:g} days"
        )
    return lines


def terminal(result: Conformance, color: bool = False) -> str:
    bold, yellow, dim, reset = (
        ("\x1b[1m", "\x1b[33m", "\x1b[2m", "\x1b[0m") if color else ("", "", "", "")
    )
    out = [f"{bold}{result.name}{reset} ({result.file}) against {result.observation.log}"]
    out += [f"  {line}" for line in _summary(result)]
    for warning in result.observation.warnings:
        out.append(f"  {yellow}log warning{reset} [{warning.kind}] {warning.message}")
    if not result.deviations:
        out.append("No deviation: the log follows the design.")
    else:
        out.append("")
        out.append(f"{len(result.deviations)} deviation(s) from the design:")
        for deviation in result.deviations:
            where = result.lines.get(deviation.step)
            at = f"{result.file}:{where[0]}:{where[1]}: " if where else ""
            out.append(f"  {at}{deviation.severity} [{deviation.kind}] {deviation.message}")
    counts = ", ".join(
        f"{k}: {n}" for k in KINDS if (n := sum(1 for d in result.deviations if d.kind == k))
    )
    if counts:
        out.append(f"{dim}{counts}{reset}")
    return "\n".join(out) + "\n"


def markdown(result: Conformance) -> str:
    out = [f"## Designed vs observed: {result.name}", ""]
    out += [f"- {line}" for line in _summary(result)]
    for warning in result.observation.warnings:
        out.append(f"- log warning ({warning.kind}): {warning.message}")
    out.append("")
    if not result.deviations:
        out.append("No deviation: the log follows the design.")
        return "\n".join(out) + "\n"
    out += ["| severity | kind | step | deviation |", "|---|---|---|---|"]
    for deviation in result.deviations:
        message = deviation.message.replace("|", "\\|")
        out.append(f"| {deviation.severity} | {deviation.kind} | `{deviation.step}` | {message} |")
    return "\n".join(out) + "\n"


def sarif(result: Conformance) -> str:
    rules = [
        {
            "id": kind,
            "shortDescription": {"text": text},
            "defaultConfiguration": {"level": level},
        }
        for kind, (level, text) in KINDS.items()
    ]
    results: list[dict[str, Any]] = []
    for deviation in result.deviations:
        line, column = result.lines.get(deviation.step, (1, 1))
        results.append(
            {
                "ruleId": deviation.kind,
                "ruleIndex": list(KINDS).index(deviation.kind),
                "level": deviation.severity,
                "message": {"text": deviation.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": result.file},
                            "region": {"startLine": line, "startColumn": column},
                        }
                    }
                ],
                "properties": {"step": deviation.step, "to": deviation.to, **deviation.figures},
            }
        )
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "frictionmap-conform",
                        "version": __version__,
                        "informationUri": "https://github.com/frictionmap/frictionmap",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
