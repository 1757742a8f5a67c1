"""The worst-practices report on a terminal (rich).

`render_report` is what `frictionmap report` prints for a client: a summary
table when there are several journeys (worst first), then per journey a
header with grade and verdict, the key figures beside their benchmarks, the
worst practices ranked by impact with what to do instead, and the most likely
walks to resolution and to failure.

(The compact listing `frictionmap check` prints is listing.py, without rich.)
It only formats what the library computed (`JourneyResult.ranked`,
`.figures`, `.walks`, `.verdict`). The words carry the meaning (good / fair /
poor, error / warning / note), so the output reads the same without colour;
`color=False` emits no ANSI codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import StringIO
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ..escapes import location, printable
from ..findings import Severity
from ..report import JourneyResult, Report
from ..text import plural

if TYPE_CHECKING:
    from ..impact import RankedFinding
    from ..walks import Walk, WalkStep

# The report's helpers (impact.py, walks.py) are imported where the report uses
# them: `check` prints only the listing and need not load them.

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}
STATUS_STYLES = {"good": "green", "fair": "yellow", "poor": "bold red"}
GRADE_STYLES = {"A": "bold green", "B": "green", "C": "yellow", "D": "red", "E": "bold red"}
OUTCOME_STYLES = {"resolved": "green", "refunded": "yellow"}
# A walk longer than this shows its head and tail around an elision.
WALK_ROWS = 30


class _PrintableConsole(Console):
    """A console that shows the journey's invisible and controlling characters as
    escapes (`escapes.printable`): labels, names and file names are data, never
    terminal control. Only rich's own control segments and styles reach the
    terminal as codes. The escapes are applied as the lines are written, so a
    line holding one is wider than rich measured it: layout gives way to safety
    in that (hostile) case only."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment
            if segment.control
            else Segment(printable(segment.text, keep="\n"), segment.style)
            for segment in buffer
        )


def console(width: int, color: bool) -> Console:
    return _PrintableConsole(
        file=StringIO(),
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def _text(out: Console) -> str:
    """The console's text without the padding rich puts at the end of table lines."""
    text: str = out.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def _counts(result: JourneyResult) -> str:
    return ", ".join(plural(result.count(s), s.value) for s in Severity)


def _grade(result: JourneyResult, *, short: bool = False) -> Text:
    """`grade C (47/100)`, or `C 47` in the summary table."""
    if result.grade is None or result.score is None:
        return Text("-" if short else "not graded", style="dim")
    style = GRADE_STYLES.get(result.grade, "bold red")
    if short:
        return Text.assemble((result.grade, style), f" {result.score:.0f}")
    return Text.assemble((f"grade {result.grade}", style), f" ({result.score:.0f}/100)")


def _rejected(result: JourneyResult) -> Panel:
    """A file that breaks the format: its problems as `file:line:column: message`."""
    lines = Text("rejected: the file breaks the journey format", style="bold red")
    for finding in result.findings:
        lines.append("\n")
        lines.append(f"{location(result.file, finding.line, finding.column)}: ", style="bold")
        lines.append(printable(finding.message))
    return Panel(
        lines,
        title=Text(printable(result.file), style="bold"),
        title_align="left",
        border_style="red",
        box=box.ROUNDED,
    )


def rejected_panel(result: JourneyResult, width: int, color: bool) -> list[str]:
    """A rejected file's panel as lines, then a blank line (the `check` listing's too)."""
    out = console(width, color)
    out.print(_rejected(result))
    return _text(out).split("\n")


# -- report: the worst-practices report ----------------------------------


def _summary_table(report: Report) -> Table:
    """One row per journey, worst first."""
    from ..impact import summary_figures, worst_first

    table = Table(
        title="Journeys, worst first",
        title_justify="left",
        title_style="bold",
        box=None,
        header_style="bold underline",
        pad_edge=False,
    )
    table.add_column("journey", ratio=1, overflow="fold")
    table.add_column("grade", no_wrap=True)
    table.add_column("resolved", justify="right", no_wrap=True)
    table.add_column("contacts", justify="right", no_wrap=True)
    table.add_column("cost", justify="right", no_wrap=True)
    table.add_column("E/W/N", justify="right", no_wrap=True)
    for result in worst_first(report):
        file = printable(result.file)
        name = Text(printable(result.name or result.file), style="bold")
        name.append(f"\n{file}", style="dim")
        if not result.valid:
            name = Text.assemble((file, "bold"), "\n", ("rejected", "bold red"))
            table.add_row(name, Text("-", style="dim"), "", "", "", "")
            continue
        errors, warnings, notes = (result.count(s) for s in Severity)
        table.add_row(
            name,
            _grade(result, short=True),
            *summary_figures(result),
            f"{errors}/{warnings}/{notes}",
        )
    return table


def _header(result: JourneyResult) -> Panel:
    journey = result.journey
    assert journey is not None
    lines = Text()
    lines.append_text(_grade(result))
    lines.append("  ")
    lines.append(printable(str(result.verdict)))
    if result.points:
        points = "; ".join(str(p) for p in result.points)
        lines.append(f"\nWhat took the points: {printable(points)}", style="dim")
    lines.append(f"\n{printable(result.file)}", style="dim")
    if journey.source:
        lines.append(f"\nSource: {printable(journey.source)}", style="dim")
    if journey.customer.goal:
        lines.append(f"\nCustomer's goal: {printable(journey.customer.goal)}", style="dim")
    return Panel(
        lines,
        title=Text(printable(journey.name), style="bold"),
        title_align="left",
        box=box.ROUNDED,
    )


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def _figures(result: JourneyResult) -> RenderableType:
    from ..impact import outcome_shares
    from ..text import format_value

    table = Table(box=None, show_header=False, pad_edge=False, expand=True, padding=(0, 1))
    table.add_column("figure", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("benchmark", ratio=1, style="dim")
    for figure in result.figures:
        status = Text(figure.status or "", style=STATUS_STYLES.get(figure.status or "", ""))
        table.add_row(figure.name, Text(figure.text, style="bold"), status, figure.benchmark)
    parts: list[RenderableType] = [table]
    shares = outcome_shares(result.metrics)
    if shares:
        ends = Text("How it ends: ")
        for index, (kind, p) in enumerate(shares):
            if index:
                ends.append(" · ")
            ends.append(f"{kind} {format_value(p, '%')}", style=OUTCOME_STYLES.get(kind, "red"))
        parts.append(ends)
    if result.metrics is None:
        parts.append(Text("No metrics for this journey: figures from the graph only.", style="dim"))
    return Group(*parts)


def _practice(result: JourneyResult, rank: int, ranked: RankedFinding) -> Table:
    finding = ranked.finding
    head = Text.assemble(
        (finding.rule, "bold"),
        " ",
        (finding.severity.value, STYLES[finding.severity]),
        (f" {ranked.compliance_text}", "bold red") if ranked.unlawful else "",
        (f" · impact {ranked.impact:.2f} · {ranked.exposure_text}", "dim"),
    )
    body: list[RenderableType] = [head]
    if ranked.where:
        where = ", ".join(f"'{label}'" for label in ranked.where)
        body.append(Text(printable(f"at {where}"), style="dim"))
    body.append(Text(printable(finding.message)))
    body.append(Text.assemble(("Instead: ", "bold green"), printable(ranked.advice)))
    row = Table.grid(padding=(0, 1))
    row.add_column(no_wrap=True, justify="right", min_width=3)
    row.add_column(ratio=1)
    row.add_row(f"{rank}.", Group(*body))
    return row


def _practices(result: JourneyResult) -> RenderableType:
    from ..impact import IMPACT_NOTE, TOP_FINDINGS

    if not result.ranked:
        return Text("No worst practice found.", style="green")
    rows: list[RenderableType] = [Text(IMPACT_NOTE, style="dim")]
    for rank, ranked in enumerate(result.ranked[:TOP_FINDINGS], start=1):
        rows.append(_practice(result, rank, ranked))
    hidden = len(result.ranked) - TOP_FINDINGS
    if hidden > 0:
        rows.append(
            Text(
                f"... and {plural(hidden, 'more finding')} of lower impact "
                "(frictionmap check lists them all)",
                style="dim",
            )
        )
    allowed = len(result.findings) - len(result.active)
    if allowed:
        rows.append(Text(f"{plural(allowed, 'finding')} allowed by `allow`.", style="dim"))
    return Group(*rows)


def _walk_rows(walk: Walk) -> list[tuple[int, WalkStep] | None]:
    """The steps to show, numbered; None where a long walk is elided."""
    numbered: list[tuple[int, WalkStep] | None] = list(enumerate(walk.steps, start=1))
    if len(numbered) <= WALK_ROWS:
        return numbered
    head = WALK_ROWS // 2
    tail = WALK_ROWS - head - 1
    return [*numbered[:head], None, *numbered[-tail:]]


def _walk_step(step: WalkStep, end: str) -> Text:
    """`label  type · team · time`, wrapping under itself."""
    kind = step.type if step.type != "outcome" else f"outcome: {end}"
    line = Text.assemble((printable(step.label), "bold"), "  ", (kind, "cyan"))
    for extra in (step.team_name, step.time_text):
        if extra:
            line.append(" · ")
            line.append(printable(extra))
    return line


def _walk(result: JourneyResult, title: str, walk: Walk | None) -> RenderableType:
    from ..impact import walk_ending, walk_totals

    if walk is None:
        return Group(
            Text.assemble((f"\n{title}", "bold underline")),
            Text("No walk leads there.", style="dim"),
        )
    assert result.journey is not None
    end, afterword = walk_ending(walk)
    chain = Table.grid(padding=(0, 1))
    chain.add_column(justify="right", no_wrap=True, style="dim")
    chain.add_column(ratio=1)
    for row in _walk_rows(walk):
        if row is None:
            hidden = len(walk.steps) - WALK_ROWS + 1
            chain.add_row("", Text(f"... {plural(hidden, 'more step')} ...", style="dim"))
            continue
        number, step = row
        branch = step.branch_text
        if branch:
            chain.add_row("", Text(printable(f"↓ {branch}"), style="dim"))
        chain.add_row(str(number), _walk_step(step, walk.end))
    if afterword:
        chain.add_row("", Text(f"... {afterword}", style="red"))
    heading = Text.assemble((f"\n{title}: ", "bold underline"), (end, "bold"))
    return Group(heading, Text(walk_totals(walk, result.journey.currency), style="dim"), chain)


def _notes(result: JourneyResult) -> RenderableType | None:
    if result.journey is None:
        return None
    text = Text(style="dim")
    if result.assumed_probabilities:
        labels = ", ".join(f"'{result.journey.label(s)}'" for s in result.assumed_probabilities)
        text.append(f"\nBranch probabilities assumed equal at {printable(labels)}.")
    from .method import assumptions

    lines = assumptions(result)
    if lines:
        text.append("\nAssumptions of the model:")
        for line in lines:
            text.append(f"\n  - {printable(line)}")
    return text if text.plain else None


def journey_report(result: JourneyResult) -> RenderableType:
    """One journey's section of the report."""
    if not result.valid:
        return _rejected(result)
    walks = result.walks
    parts: list[RenderableType] = [
        _header(result),
        _section("Key figures"),
        _figures(result),
        _section("Worst practices, by impact"),
        _practices(result),
        _walk(result, "Most likely walk to resolution", walks.resolution if walks else None),
        _walk(result, "Most likely walk to failure", walks.failure if walks else None),
    ]
    notes = _notes(result)
    if notes is not None:
        parts.append(notes)
    return Group(*parts)


def render_report(report: Report, *, width: int = 100, color: bool = False) -> str:
    """What `report` prints: the worst-practices report of every journey."""
    out = console(width, color)
    if len(report.journeys) > 1:
        out.print(_summary_table(report))
        out.print()
    company = report.company_figures()
    for index, result in enumerate(report.journeys):
        if index:
            out.print()
        out.print(journey_report(result))
        figures = company[index]
        if figures is not None:  # issue 14: the company's side of the money
            from ..observed.company import company_terminal_lines

            out.print(_section("What it costs the company"))
            out.print(Text("\n".join(company_terminal_lines(figures))))
    if report.config:
        out.print(f"config: {report.config}", highlight=False, markup=False)
    return _text(out)
