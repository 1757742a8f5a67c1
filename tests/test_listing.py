"""The `check` listing (render/listing.py) draws what a rich grid table would draw.

The listing is written without rich's console for start-up time; the oracle
here is the rich layout it replaced (a grid table: severity, position, then rule
and message wrapped in a hanging column, the message column folding long
words). Both are drawn for the seed journeys and for generated findings (long
words, wide characters, several lines, narrow and wide terminals), and must
give the same text.
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from frictionmap.findings import Finding, Severity, Suppression
from frictionmap.inputs import check_paths
from frictionmap.render.listing import render
from frictionmap.report import JourneyResult, Report

ROOT = Path(__file__).parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _rich_listing(report: Report, width: int) -> str:
    """The oracle: the listing as rich lays it out (valid journeys only)."""
    out = Console(file=StringIO(), width=width, color_system=None, highlight=False, emoji=False)
    for result in report.journeys:
        title = Text.assemble(result.name or result.file, "  ", result.file, "  ")
        title.append(
            f"grade {result.grade} ({result.score:.0f}/100)" if result.grade else "not graded"
        )
        body: RenderableType = Text("no findings")
        if result.findings:
            body = Table.grid(padding=(0, 1), expand=True)
            body.add_column(no_wrap=True, min_width=7)
            body.add_column(no_wrap=True, justify="right", min_width=5)
            body.add_column(ratio=1, overflow="fold")
            ordered = sorted(
                result.findings,
                key=lambda f: (f.suppressed is not None, f.severity.rank, *f.sort_key()),
            )
            for f in ordered:
                allowed = f" (allowed: {f.suppressed.reason})" if f.suppressed else ""
                body.add_row(
                    Text("allowed" if f.suppressed else f.severity.value),
                    Text(f"{f.line}:{f.column}"),
                    Text(f"{f.rule}  {f.message}{allowed}"),
                )
        out.print(Group(title, Padding(body, (0, 0, 1, 2))))
    summary = report.summary()
    out.print(
        f"{summary['files']} file{'s' * (summary['files'] != 1)}, {summary['invalid']} rejected: "
        f"{summary['errors']} error{'s' * (summary['errors'] != 1)}, "
        f"{summary['warnings']} warning{'s' * (summary['warnings'] != 1)}, "
        f"{summary['notes']} note{'s' * (summary['notes'] != 1)}, {summary['suppressed']} allowed",
        markup=False,
    )
    if report.config:
        out.print(f"config: {report.config}", markup=False)
    text: str = out.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


@pytest.fixture(scope="module")
def seeds() -> Report:
    return check_paths([str(ROOT / "journeys")])


@pytest.mark.parametrize("width", [40, 60, 80, 100, 123, 160])
def test_seed_listing_is_the_rich_layout(seeds: Report, width: int) -> None:
    assert render(seeds, width=width) == _rich_listing(seeds, width)


# Words with what makes wrapping hard: long words, wide (two-cell) characters,
# runs of spaces, line breaks inside a label.
WORD = st.one_of(
    st.text(alphabet="abcdefghij'-", min_size=1, max_size=12),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=30, max_size=140),
    st.text(alphabet="日本語の顧客サポート", min_size=1, max_size=9),
    st.sampled_from(["é", "->", "(30 min)", "10.50 EUR"]),
)
MESSAGE = st.lists(
    st.tuples(WORD, st.sampled_from([" ", " ", " ", "  ", "\n"])), min_size=1, max_size=40
).map(lambda words: "".join(w + s for w, s in words).strip())
FINDING = st.builds(
    Finding,
    rule=st.sampled_from(["dead-end", "repeated-entry", "x"]),
    severity=st.sampled_from(list(Severity)),
    step=st.just("a"),
    message=MESSAGE,
    line=st.integers(1, 100_000),
    column=st.integers(1, 300),
    suppressed=st.one_of(st.none(), st.builds(Suppression, reason=MESSAGE, scope=st.just("step"))),
)
RESULT = st.builds(
    JourneyResult,
    file=st.sampled_from(["j.yaml", "a/very/long/path/to/some/journey/file/name.yaml"]),
    name=st.one_of(st.none(), MESSAGE),
    valid=st.just(True),
    findings=st.lists(FINDING, max_size=6).map(tuple),
    score=st.floats(0, 100),
    grade=st.sampled_from(["A", "C", "F"]),
)


@settings(max_examples=300, deadline=None)
@given(results=st.lists(RESULT, min_size=1, max_size=3), width=st.integers(30, 170))
def test_generated_listing_is_the_rich_layout(results: list[JourneyResult], width: int) -> None:
    report = Report(tuple(results))
    assert render(report, width=width) == _rich_listing(report, width)


@settings(max_examples=100, deadline=None)
@given(results=st.lists(RESULT, min_size=1, max_size=3), width=st.integers(30, 170))
def test_colour_only_adds_escape_codes(results: list[JourneyResult], width: int) -> None:
    report = Report(tuple(results))
    coloured = render(report, width=width, color=True)
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == render(report, width=width)


def test_terminal_controls_in_journey_text_are_shown_not_sent() -> None:
    finding = Finding(
        rule="dead-end", severity=Severity.ERROR, step="a", line=1, column=1,
        message="'\x1b]0;owned\x07 menu\r' \u009b2J ends\there",
    )
    result = JourneyResult(file="j.yaml", name="a\x1b[31mb", valid=True, findings=(finding,))
    text = render(Report((result,)), width=100)
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text and "\x9b" not in text
    assert "a\\x1b[31mb  j.yaml" in text
    assert "'\\x1b]0;owned\\x07 menu\\x0d' \\x9b2J ends here" in text


def test_a_rejected_file_is_shown_in_the_report_panel() -> None:
    rejected = Finding(
        rule="invalid-file", severity=Severity.ERROR, step=None, line=3, column=7,
        message="unknown key 'nam'; did you mean 'name'?",
    )
    report = Report((JourneyResult(file="bad.yaml", name=None, valid=False, findings=(rejected,)),))
    lines = render(report, width=60).split("\n")
    assert lines[0].startswith("╭─ bad.yaml ─") and lines[0].endswith("╮")
    assert lines[2] == "│ bad.yaml:3:7: unknown key 'nam'; did you mean 'name'?" + " " * 4 + "│"
    assert len(lines[2]) == 60
    assert lines[3].startswith("╰") and lines[4] == ""
    assert lines[5] == "1 file, 1 rejected: 1 error, 0 warnings, 0 notes, 0 allowed"
