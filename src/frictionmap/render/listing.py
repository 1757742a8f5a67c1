"""What `frictionmap check` prints on a terminal: every finding, by journey and severity.

    Billing hotline  journeys/billing.yaml  grade C (46/100)
      warning  31:3 repeated-entry  'Menu: key in the account number' asks again
                    for the account number, already given at ...

Written without rich's console, on purpose: `check` runs in every pre-commit
hook and CI step, and importing rich's console and table machinery cost about
a tenth of its cold start (issue 7). The layout is the one a rich grid table
draws (tests/test_listing.py draws the same listing with rich and compares):
rich's word wrap, rule and message in a hanging column, cell widths from
`rich.cells` so that wide characters line up as in the report. Unlike rich's
default, a word longer than the column is folded, never cut off.

A rejected file is rare in a listing; its panel is the report's own
(terminal.py), and rich is imported then.
"""

from __future__ import annotations

import re
from itertools import groupby, pairwise

from rich.cells import cell_len, chop_cells, set_cell_size

from ..findings import Finding, Severity
from ..report import JourneyResult, Report
from ..text import plural

# Styles as SGR codes (the `standard` colours the rich report uses).
BOLD, DIM, RED, GREEN, YELLOW, CYAN = "1", "2", "31", "32", "33", "36"
STYLES = {Severity.ERROR: f"{BOLD};{RED}", Severity.WARNING: YELLOW, Severity.NOTE: CYAN}
GRADE_STYLES = {"A": f"{BOLD};{GREEN}", "B": GREEN, "C": YELLOW, "D": RED, "E": f"{BOLD};{RED}"}

# Text and the style of each run of it; "" is unstyled.
Spans = list[tuple[str, str]]

_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")
# Characters a terminal would act on (escape sequences, bells, carriage returns)
# are shown as escapes: journey text is input, never terminal control. A tab is
# a space (rich would expand it to the next tab stop).
_CONTROLS: dict[int, str] = {
    c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)] if c not in (0x09, 0x0A)
}
_CONTROLS[0x09] = " "


def _breaks(text: str, width: int) -> list[int]:
    """Where to break one line of text to fit `width` cells (rich's word wrap, folding)."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width:
            pieces = chop_cells(word, width)
            for index, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if index == len(pieces) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks


def _wrap(spans: Spans, width: int) -> list[Spans]:
    """Styled text in lines of at most `width` cells."""
    text = "".join(part for part, _ in spans)
    styles = [style for part, style in spans for _ in part]
    lines: list[Spans] = []
    begin = 0
    for line in text.split("\n"):
        edges = [0, *_breaks(line, width), len(line)]
        for start, end in pairwise(edges):
            piece = line[start:end]
            excess = len(piece) - width
            if excess > 0 and (space := _TRAILING_SPACE.search(piece)):
                piece = piece[: len(piece) - min(len(space.group()), excess)]
            if cell_len(piece) > width:
                piece = set_cell_size(piece, width)
            lines.append(_restyle(piece, styles, begin + start))
        begin += len(line) + 1
    return lines


def _restyle(piece: str, styles: list[str], at: int) -> Spans:
    """`piece`, which stands at `at` in the styled text, cut into its runs of one style."""
    last = len(styles) - 1
    runs = groupby(range(len(piece)), key=lambda index: styles[min(at + index, last)])
    spans: Spans = []
    for style, indices in runs:
        first = next(indices)
        spans.append((piece[first : first + 1 + sum(1 for _ in indices)], style))
    return spans


def _line(spans: Spans, color: bool) -> str:
    """One output line, without trailing spaces, with SGR codes when in colour."""
    while spans and not spans[-1][0].rstrip(" "):
        spans = spans[:-1]
    if spans:
        spans = [*spans[:-1], (spans[-1][0].rstrip(" "), spans[-1][1])]
    if not color:
        return "".join(text for text, _ in spans)
    return "".join(f"\x1b[{style}m{text}\x1b[0m" if style else text for text, style in spans)


def _cells(spans: Spans) -> int:
    return sum(cell_len(text) for text, _ in spans)


def _pad(spans: Spans, width: int, *, right: bool = False) -> Spans:
    fill = " " * max(0, width - _cells(spans))
    return [(fill, ""), *spans] if right else [*spans, (fill, "")]


def _shown(text: str) -> str:
    return text.translate(_CONTROLS)


def _grade(result: JourneyResult) -> Spans:
    if result.grade is None or result.score is None:
        return [("not graded", DIM)]
    style = GRADE_STYLES.get(result.grade, f"{BOLD};{RED}")
    return [(f"grade {result.grade}", style), (f" ({result.score:.0f}/100)", "")]


def _row(finding: Finding) -> tuple[Spans, Spans, Spans]:
    """Severity, `line:column`, then rule and message."""
    where = [(f"{finding.line}:{finding.column}", DIM)]
    if finding.suppressed is not None:
        text = f"{finding.rule}  {finding.message} (allowed: {finding.suppressed.reason})"
        return [("allowed", DIM)], where, [(_shown(text), DIM)]
    severity = [(finding.severity.value, STYLES[finding.severity])]
    return severity, where, [(finding.rule, BOLD), ("  ", ""), (_shown(finding.message), "")]


def _findings(result: JourneyResult, width: int) -> list[Spans]:
    """The findings as a table: two narrow columns, then the message wrapped beside them."""
    ordered = sorted(
        result.findings, key=lambda f: (f.suppressed is not None, f.severity.rank, *f.sort_key())
    )
    rows = [_row(finding) for finding in ordered]
    severity_width = max(7, *(_cells(severity) for severity, _, _ in rows))  # "warning"
    where_width = max(5, *(_cells(where) for _, where, _ in rows))
    message_width = max(1, width - severity_width - where_width - 2)
    lines = []
    for severity, where, message in rows:
        first = [*_pad(severity, severity_width), (" ", ""), *_pad(where, where_width, right=True)]
        indent: Spans = [(" " * (severity_width + where_width + 1), "")]
        for number, part in enumerate(_wrap(message, message_width)):
            lines.append([*(first if number == 0 else indent), (" ", ""), *part])
    return lines


def _journey(result: JourneyResult, width: int, color: bool) -> list[str]:
    if not result.valid:
        from .terminal import rejected_panel

        return rejected_panel(result, width, color)
    title = [(result.name or result.file, BOLD), ("  ", ""), (result.file, DIM), ("  ", "")]
    lines = _wrap([(_shown(text), style) for text, style in [*title, *_grade(result)]], width)
    if result.findings:
        body = _findings(result, width - 2)
    else:
        body = _wrap([("no findings", GREEN)], width - 2)
    lines += [[("  ", ""), *line] for line in body]
    return [_line(line, color) for line in lines] + [""]


def render(report: Report, *, width: int = 100, color: bool = False) -> str:
    """What `check` prints: every finding, by journey and severity, then the totals."""
    lines = [line for result in report.journeys for line in _journey(result, width, color)]
    summary = report.summary()
    totals = (
        f"{plural(summary['files'], 'file')}, {summary['invalid']} rejected: "
        f"{plural(summary['errors'], 'error')}, {plural(summary['warnings'], 'warning')}, "
        f"{plural(summary['notes'], 'note')}, {summary['suppressed']} allowed"
    )
    lines += [_line(line, color) for line in _wrap([(totals, "")], width)]
    if report.config:
        lines += [_line(line, color) for line in _wrap([(f"config: {report.config}", "")], width)]
    return "\n".join(lines) + "\n"
