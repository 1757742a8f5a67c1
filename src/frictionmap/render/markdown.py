"""The worst-practices report as GitHub-flavoured Markdown (PR comments, deliverables).

The same content as the terminal report: a summary table when there are
several journeys (worst first), then per journey its grade and verdict, the
key figures beside their benchmarks, the worst practices ranked by impact
with what to do instead, the most likely walks to resolution and to failure,
and the journey as a Mermaid flowchart whose steps are coloured by the
friction they carry (`render/mermaid.py`).

Every text that comes from a journey file is escaped, so a label cannot open
a link, an HTML tag or a new table cell.
"""

from __future__ import annotations

import re

from ..findings import Severity
from ..impact import (
    IMPACT_NOTE,
    TOP_FINDINGS,
    RankedFinding,
    outcome_shares,
    summary_figures,
    walk_ending,
    walk_totals,
    worst_first,
)
from ..report import JourneyResult, Report
from ..text import format_value, plural
from ..walks import Walk

# Markdown's inline metacharacters, and `|` which would split a table cell;
# `<`, `>` and `&` become entities, so no HTML (or entity) gets through.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# What would start a list, a quote or a heading at the start of a line.
_LEADING = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+#=])(?=\s|$)")


def escape(text: str) -> str:
    """Plain text as inert Markdown: no emphasis, link, HTML or cell break; one line."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    return _LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def code(text: str, *, in_table: bool = False) -> str:
    """A code span around any text: backslashes stay literal, backticks are fenced out.

    In a table cell GitHub splits on `|` even inside code, so it is escaped there.
    """
    text = " ".join(text.split())
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`"):
        text = f" {text} "
    if in_table:
        text = text.replace("|", "\\|")
    return f"{ticks}{text}{ticks}"


def _quoted(label: str) -> str:
    return f"'{escape(label)}'"


def _fence(text: str, info: str = "") -> str:
    """A fenced block longer than any run of backticks inside it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def _grade(result: JourneyResult) -> str:
    if result.grade is None or result.score is None:
        return "not graded"
    return f"**{result.grade}** ({result.score:.0f}/100)"


def _counts(result: JourneyResult) -> str:
    return ", ".join(plural(result.count(s), s.value) for s in Severity)


def _summary(report: Report) -> str:
    rows = [
        "| Journey | Grade | Resolved | Contacts | Cost | Findings |",
        "|---|---|---:|---:|---:|---|",
    ]
    for result in worst_first(report):
        name = f"**{escape(result.name or result.file)}**<br>{code(result.file, in_table=True)}"
        if not result.valid:
            name = code(result.file, in_table=True)
            rows.append(f"| {name} | rejected | | | | {plural(len(result.findings), 'problem')} |")
            continue
        figures = summary_figures(result)
        rows.append(f"| {name} | {_grade(result)} | {' | '.join(figures)} | {_counts(result)} |")
    return "\n".join(["## Journeys, worst first", "", *rows])


def _rejected(result: JourneyResult) -> str:
    lines = "\n".join(f"{result.file}:{f.line}:{f.column}: {f.message}" for f in result.findings)
    return "\n\n".join(
        [
            f"## {code(result.file)}: rejected",
            "The file breaks the journey format; nothing was analysed.",
            _fence(lines, "text"),
        ]
    )


def _header(result: JourneyResult) -> str:
    journey = result.journey
    assert journey is not None
    facts = [code(result.file)]
    if journey.source:
        facts.append(f"Source: {escape(journey.source)}")
    if journey.customer.goal:
        facts.append(f"Customer's goal: {escape(journey.customer.goal)}")
    return "\n\n".join(
        [
            f"## {escape(journey.name)}",
            (
                f"Grade {_grade(result)}. {escape(result.verdict)}"
                if result.grade is not None and result.score is not None
                else f"{escape(result.verdict)} (Not graded.)"
            ),
            " · ".join(facts),
            *(
                [f"What took the points: {escape('; '.join(result.points))}."]
                if result.points
                else []
            ),
        ]
    )


def _figures(result: JourneyResult) -> str:
    parts = ["### Key figures"]
    if result.figures:
        rows = ["| Figure | Value | | Benchmark |", "|---|---:|---|---|"]
        for figure in result.figures:
            status = figure.status or ""
            if status == "poor":
                status = "**poor**"
            rows.append(
                f"| {figure.name} | {escape(figure.text)} | {status} | {escape(figure.benchmark)} |"
            )
        parts.append("\n".join(rows))
    shares = outcome_shares(result.metrics)
    if shares:
        ends = " · ".join(f"{kind} {format_value(p, '%')}" for kind, p in shares)
        parts.append(f"How it ends: {ends}.")
    if result.metrics is None:
        parts.append("_No metrics for this journey: figures from the graph only._")
    return "\n\n".join(parts)


def _practice(result: JourneyResult, rank: int, ranked: RankedFinding) -> str:
    finding = ranked.finding
    tags = finding.severity.value + (
        f", **{escape(ranked.compliance_text)}**" if ranked.unlawful else ""
    )
    lines = [
        f"{rank}. **{finding.rule}** ({tags}) · impact {ranked.impact:.2f} · "
        f"{ranked.exposure_text}",
    ]
    if ranked.where:
        lines.append("At " + ", ".join(_quoted(label) for label in ranked.where) + ".")
    lines.append(escape(finding.message))
    lines.append(f"**Instead:** {escape(ranked.advice)}")
    # Two trailing spaces: a line break inside the list item.
    return "  \n   ".join(lines)


def _practices(result: JourneyResult) -> str:
    parts = ["### Worst practices, by impact"]
    if not result.ranked:
        parts.append("No worst practice found.")
        return "\n\n".join(parts)
    parts.append(f"_{IMPACT_NOTE}._")
    items = [
        _practice(result, rank, ranked)
        for rank, ranked in enumerate(result.ranked[:TOP_FINDINGS], start=1)
    ]
    parts.append("\n".join(items))
    hidden = len(result.ranked) - TOP_FINDINGS
    if hidden > 0:
        parts.append(
            f"… and {plural(hidden, 'more finding')} of lower impact "
            "(`frictionmap check` lists them all)."
        )
    allowed = len(result.findings) - len(result.active)
    if allowed:
        parts.append(f"{plural(allowed, 'finding')} allowed by `allow`.")
    return "\n\n".join(parts)


def _walk(result: JourneyResult, title: str, walk: Walk | None) -> str:
    if walk is None:
        return f"### {title}\n\nNo walk leads there."
    assert result.journey is not None
    end, afterword = walk_ending(walk)
    totals = walk_totals(walk, result.journey.currency)
    rows = ["| # | Step | Type | Team | Time | Reached by |", "|---:|---|---|---|---|---|"]
    for number, step in enumerate(walk.steps, start=1):
        kind = step.type if step.type != "outcome" else f"outcome: {walk.end}"
        rows.append(
            f"| {number} | {escape(step.label)} | {escape(kind)} | {escape(step.team_name or '')} "
            f"| {step.time_text} | {escape(step.branch_text)} |"
        )
    after = f"\n\n… {afterword}." if afterword else ""
    return f"### {title}: {end}\n\n{totals}.\n\n" + "\n".join(rows) + after


def _diagram(result: JourneyResult) -> str:
    from .mermaid import flowchart

    return "### The journey\n\n" + _fence(flowchart(result).rstrip("\n"), "mermaid")


def _notes(result: JourneyResult) -> str | None:
    if result.journey is None:
        return None
    parts = []
    if result.assumed_probabilities:
        labels = ", ".join(_quoted(result.journey.label(s)) for s in result.assumed_probabilities)
        parts.append(f"_Branch probabilities assumed equal at {labels}._")
    if result.assumptions:
        parts.append(
            "Assumptions of the model:\n\n"
            + "\n".join(f"- {escape(line)}" for line in result.assumptions)
        )
    return "\n\n".join(parts) if parts else None


def journey_report(result: JourneyResult) -> str:
    """One journey's section of the report."""
    if not result.valid:
        return _rejected(result)
    walks = result.walks
    parts = [
        _header(result),
        _figures(result),
        _practices(result),
        _walk(result, "Most likely walk to resolution", walks.resolution if walks else None),
        _walk(result, "Most likely walk to failure", walks.failure if walks else None),
        _diagram(result),
    ]
    notes = _notes(result)
    if notes is not None:
        parts.append(notes)
    return "\n\n".join(parts)


def render(report: Report, *, width: int = 100, color: bool = False) -> str:
    """The whole report; `width` and `color` do not apply to Markdown."""
    parts = ["# Worst-practices report"]
    if len(report.journeys) > 1:
        parts.append(_summary(report))
    parts.extend(journey_report(result) for result in report.journeys)
    return "\n\n".join(parts) + "\n"
