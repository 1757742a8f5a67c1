"""The terminal report (rich): one panel per journey, findings by severity."""

from __future__ import annotations

from io import StringIO

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Severity
from ..report import JourneyResult, Report

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}


def console(width: int, color: bool) -> Console:
    return Console(
        file=StringIO(),
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


def _where(result: JourneyResult, finding: Finding) -> Text:
    text = Text(f"{finding.line}:{finding.column}", style="dim")
    if finding.step is not None and result.journey is not None:
        label = result.journey.label(finding.step)
        text.append("\n")
        text.append(label if label == finding.step else f"{label} ({finding.step})")
    return text


def findings_table(result: JourneyResult) -> Table:
    table = Table(show_header=True, header_style="bold", expand=True, box=None, pad_edge=False)
    table.add_column("severity", no_wrap=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("where", ratio=1)
    table.add_column("what happens", ratio=3)
    for severity in Severity:
        for finding in result.findings:
            if finding.severity is not severity:
                continue
            sev = Text(severity.value, style=STYLES[severity])
            message = Text(finding.message)
            if finding.suppressed is not None:
                sev = Text("allowed", style="dim")
                message = Text(f"{finding.message} (allowed: {finding.suppressed.reason})", style="dim")
            table.add_row(sev, finding.rule, _where(result, finding), message)
    return table


def journey_panel(result: JourneyResult) -> Panel:
    counts = ", ".join(
        f"{result.count(s)} {s.value}{'s' if result.count(s) != 1 else ''}" for s in Severity
    )
    title = Text(result.name or result.file, style="bold")
    if not result.valid:
        body: Group | Text = Group(
            Text("rejected: the file breaks the journey format", style="bold red"),
            findings_table(result),
        )
    elif not result.findings:
        body = Text("no findings", style="green")
    else:
        body = Group(Text(counts), findings_table(result))
    return Panel(body, title=title, subtitle=Text(result.file, style="dim"), title_align="left")


def render(report: Report, *, width: int = 100, color: bool = False) -> str:
    out = console(width, color)
    for result in report.journeys:
        out.print(journey_panel(result))
    summary = report.summary()
    out.print(
        f"{summary['files']} file(s), {summary['invalid']} rejected: "
        f"{summary['errors']} error(s), {summary['warnings']} warning(s), "
        f"{summary['notes']} note(s), {summary['suppressed']} allowed"
    )
    return out.file.getvalue()  # type: ignore[attr-defined,no-any-return]
