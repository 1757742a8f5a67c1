"""The Markdown diff, for a pull-request comment.

Everything that comes from a journey is escaped as in the report
(`markdown.escape`, `code`, `fence`): no HTML, link, image, heading, mention
or issue reference from a label, and the comment fits GitHub's limit
(`markdown.cap`).

Per journey: the verdict, the metrics table, fixed and new findings, the
structural changes, and a Mermaid diagram of the after-journey with added and
changed steps marked (render/mermaid.py).
"""

from __future__ import annotations

from ..diff import DiffReport, JourneyDiff
from ..findings import Finding
from ..report import JourneyResult
from . import diff_text
from .markdown import cap, code, escape, fence

CHANGE_MARKS = {"better": "✅ better", "worse": "❌ worse", "same": "", "changed": "changed"}


def metrics_table(diff: JourneyDiff) -> list[str]:
    money = diff_text.currency(diff)
    lines = ["| metric | before | after | change |", "|---|---:|---:|---|"]
    for delta in diff.metrics:
        change = " ".join(
            part for part in (diff_text.metric_delta(delta), CHANGE_MARKS[delta.change]) if part
        )
        lines.append(
            f"| {escape(diff_text.metric_label(delta))} "
            f"| {escape(diff_text.metric_value(delta, delta.before, money))} "
            f"| {escape(diff_text.metric_value(delta, delta.after, money))} "
            f"| {change} |"
        )
    return lines


def _finding(finding: Finding, result: JourneyResult | None) -> str:
    return (
        f"- **{finding.severity.value}** {code(finding.rule)} at "
        f"{escape(diff_text.finding_step(finding, result))}: {escape(finding.text)}"
    )


def _findings(diff: JourneyDiff) -> list[str]:
    lines: list[str] = []
    groups = (
        ("Fixed", diff.findings.fixed, diff.before),
        ("Allowed", diff.findings.allowed, diff.after),
        ("New", diff.findings.new, diff.after),
    )
    for name, findings, result in groups:
        if name == "Allowed" and not findings:
            continue
        lines += ["", f"**{name} findings ({len(findings)})**", ""]
        lines += [_finding(f, result) for f in findings] or ["_none_"]
    if diff.findings.unchanged:
        lines += ["", f"_{len(diff.findings.unchanged)} finding(s) unchanged._"]
    return lines


def _structure(diff: JourneyDiff) -> list[str]:
    changes = diff_text.structure_lines(diff)
    lines = ["", f"**Structure ({len(changes)} change{'' if len(changes) == 1 else 's'})**", ""]
    if not changes:
        return [*lines, "_no structural change_"]
    # A diff block colours + and - lines on GitHub and keeps the text verbatim.
    # The fence is longer than any backtick run in the lines, so no label closes it.
    return [*lines, fence("\n".join(changes), "diff")]


def _diagram(diff: JourneyDiff) -> list[str]:
    if diff.after is None:
        return []
    from .mermaid import flowchart

    chart = flowchart(diff.after, highlight=diff.highlight).rstrip("\n")
    caption = "added and changed steps are marked" if diff.highlight else "no step changed"
    return [
        "",
        f"<details><summary>After: the journey ({caption})</summary>",
        "",
        "```mermaid",
        chart,
        "```",
        "",
        "</details>",
    ]


def render_diff(diff: JourneyDiff) -> list[str]:
    before, after = diff_text.sides(diff)
    lines = [
        f"### {escape(diff_text.title(diff))}",
        "",
        f"**{escape(diff.verdict.text)}**",
        "",
        f"{code(before)} → {code(after)}",
    ]
    if diff.metrics:
        lines += ["", *metrics_table(diff)]
    lines += _findings(diff)
    lines += _structure(diff)
    lines += _diagram(diff)
    return lines


def render(report: DiffReport, *, width: int = 100, color: bool = False) -> str:
    summary = report.summary()
    kinds = [
        f"{summary[k]} {k}"
        for k in ("better", "worse", "mixed", "unchanged", "added", "removed")
        if summary[k]
    ]
    lines = ["## frictionmap diff", ""]
    if not report.diffs:
        lines.append("No journey changed.")
    else:
        lines.append(
            f"{summary['journeys']} journey{'' if summary['journeys'] == 1 else 's'}: "
            f"{', '.join(kinds)}; {summary['fixed']} finding(s) fixed, {summary['new']} new."
        )
    if report.config:
        lines += ["", f"_config: {escape(report.config)}_"]
    for diff in report.diffs:
        lines += ["", *render_diff(diff)]
    return cap("\n".join(lines) + "\n", heading="### ")
