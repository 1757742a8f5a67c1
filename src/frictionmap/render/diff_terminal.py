"""The terminal diff (rich): verdict, metrics table, fixed/new findings, structure.

Readable at 80 columns and without colour: every colour doubles a word
(`better`, `worse`) or a sign (`+`, `-`, `~`).
"""

from __future__ import annotations

import textwrap

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..diff import DiffReport, JourneyDiff
from ..findings import Finding
from ..report import JourneyResult
from . import diff_text
from .terminal import STYLES, console

CHANGE_STYLES = {"better": "green", "worse": "red", "same": "dim", "changed": "yellow"}
VERDICT_STYLES = {
    "better": "bold green",
    "worse": "bold red",
    "mixed": "bold yellow",
    "unchanged": "bold",
    "added": "bold cyan",
    "removed": "bold magenta",
}
LINE_STYLES = {"+": "green", "-": "red", "~": "yellow"}


def metrics_table(diff: JourneyDiff) -> Table:
    money = diff_text.currency(diff)
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    table.add_column("metric", overflow="fold")
    table.add_column("before", justify="right", no_wrap=True)
    table.add_column("after", justify="right", no_wrap=True)
    table.add_column("change", no_wrap=True)
    for delta in diff.metrics:
        style = CHANGE_STYLES[delta.change]
        word = delta.change if delta.change in ("better", "worse") else ""
        change = Text(diff_text.metric_delta(delta), style=style)
        if word:
            change.append(f" {word}", style=style)
        table.add_row(
            diff_text.metric_label(delta),
            diff_text.metric_value(delta, delta.before, money),
            diff_text.metric_value(delta, delta.after, money),
            change,
        )
    return table


def _finding(
    mark: str, finding: Finding, result: JourneyResult | None, style: str, width: int
) -> Text:
    text = Text(f"  {mark} ", style=style)
    text.append(finding.severity.value, style=STYLES[finding.severity])
    text.append(f" {finding.rule}", style="bold")
    text.append(f" at {diff_text.finding_step(finding, result)}\n")
    # Wrapped here, indented, so that the message stays under its heading at any width.
    text.append(
        textwrap.fill(
            finding.message,
            width=max(40, width - 1),
            initial_indent="    ",
            subsequent_indent="    ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    )
    return text


def _findings(out: Console, diff: JourneyDiff) -> None:
    groups = (
        ("Fixed", "✓", diff.findings.fixed, diff.before, "green"),
        ("Allowed", "~", diff.findings.allowed, diff.after, "yellow"),
        ("New", "✗", diff.findings.new, diff.after, "red"),
    )
    for name, mark, findings, result, style in groups:
        if name == "Allowed" and not findings:
            continue
        out.print(Text(f"{name} findings ({len(findings)})", style="bold"))
        for finding in findings:
            out.print(_finding(mark, finding, result, style, out.width))
    if diff.findings.unchanged:
        out.print(Text(f"{len(diff.findings.unchanged)} finding(s) unchanged", style="dim"))


def _structure(out: Console, diff: JourneyDiff) -> None:
    lines = diff_text.structure_lines(diff)
    count = f"{len(lines)} change{'' if len(lines) == 1 else 's'}"
    out.print(Text(f"Structure ({count})", style="bold"))
    if not lines:
        out.print(Text("  no structural change", style="dim"))
    for line in lines:
        wrapped = textwrap.fill(
            line,
            width=max(40, out.width - 1),
            initial_indent="  ",
            subsequent_indent="      ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        out.print(Text(wrapped, style=LINE_STYLES.get(line[0], "")))


def render_diff(out: Console, diff: JourneyDiff) -> None:
    before, after = diff_text.sides(diff)
    out.print(Rule(Text(diff_text.title(diff), style="bold"), align="left"))
    out.print(Text(f"before: {before}", style="dim"))
    out.print(Text(f"after:  {after}", style="dim"))
    out.print(Text(diff.verdict.text, style=VERDICT_STYLES[diff.verdict.kind]))
    out.print()
    if diff.metrics:
        out.print(metrics_table(diff))
        out.print()
    _findings(out, diff)
    out.print()
    _structure(out, diff)
    out.print()


def render(report: DiffReport, *, width: int = 100, color: bool = False) -> str:
    out = console(width, color)
    savings = report.savings()
    for diff, saved in zip(report.diffs, savings, strict=True):
        render_diff(out, diff)
        if saved is not None:  # issue 14: the company's side of the money
            from ..observed.company import saving_terminal_lines

            out.print(Text("What the change saves the company", style="bold"))
            out.print(Text("\n".join(saving_terminal_lines(saved))))
            out.print()
    if not report.diffs:
        out.print("no journey changed")
    elif len(report.diffs) > 1:
        summary = report.summary()
        kinds = [
            f"{summary[k]} {k}"
            for k in ("better", "worse", "mixed", "unchanged", "added", "removed")
            if summary[k]
        ]
        out.print(
            f"{summary['journeys']} journeys: {', '.join(kinds)}; "
            f"{summary['fixed']} finding(s) fixed, {summary['new']} new"
        )
    if report.config:
        out.print(f"config: {report.config}", highlight=False, markup=False)
    text: str = out.file.getvalue()  # type: ignore[attr-defined]
    if color:
        return text
    # Rich pads table cells to the column width; plain text needs no trailing blanks.
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
