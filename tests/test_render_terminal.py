"""The terminal renderers: the worst-practices report and the compact `check` listing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_golden import assert_golden, fixed_report

from frictionmap.analysis import check_file, check_text
from frictionmap.render.listing import render
from frictionmap.render.terminal import render_report
from frictionmap.report import Report

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def report() -> Report:
    return fixed_report()


@pytest.mark.parametrize("width", [80, 160])
def test_report_golden(report: Report, width: int) -> None:
    assert_golden(f"report-terminal-{width}.txt", render_report(report, width=width))


def test_check_golden(report: Report) -> None:
    assert_golden("report-check-80.txt", render(report, width=80))


@pytest.mark.parametrize("width", [80, 160])
@pytest.mark.parametrize("full", [True, False])
def test_no_line_overflows_and_no_trailing_space(report: Report, width: int, full: bool) -> None:
    text = (render_report if full else render)(report, width=width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert not [line for line in lines if line.endswith(" ")]


def test_wide_terminal_uses_its_width(report: Report) -> None:
    narrow = render_report(report, width=80).splitlines()
    wide = render_report(report, width=160).splitlines()
    assert len(wide) < len(narrow)
    assert max(len(line) for line in wide) > 100


@pytest.mark.parametrize("full", [True, False])
def test_colour_only_adds_escape_codes(report: Report, full: bool) -> None:
    draw = render_report if full else render
    plain = draw(report, width=100, color=False)
    coloured = draw(report, width=100, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    stripped = "\n".join(line.rstrip(" ") for line in ANSI.sub("", coloured).split("\n"))
    assert stripped == plain


def test_report_sections_in_order(report: Report) -> None:
    text = render_report(report, width=100)
    billing = text[text.index("╭─ Billing hotline") :]
    order = [
        "Key figures",
        "Worst practices, by impact",
        " 1. paid-wait warning likely non-compliant (EU CRD art. 21)",
        "Instead: Use a basic-rate number",
        "Most likely walk to resolution: resolved",
        "Most likely walk to failure: refunded",
    ]
    positions = [billing.index(part) for part in order]
    assert positions == sorted(positions)
    # A summary table first with several files: the rejected file on top.
    assert text.startswith("Journeys, worst first")
    table = text[: text.index("╭─")]
    assert table.index("report-invalid.yaml") < table.index("Billing hotline")
    # The rejected file as file:line:column: message.
    assert (
        "tests/fixtures/report-invalid.yaml:7:11: step 'call' goes to unknown step 'agnet'" in text
    )


def test_walk_is_a_chain_with_type_team_and_time(report: Report) -> None:
    text = render_report(report, width=160)
    walk = text[text.index("Most likely walk to resolution: resolved") :]
    assert "38% of customers walk exactly this way; 11 min of their time" in walk
    chain = [
        "1 Call the hotline  contact",
        "2 Menu: key in the account number  ivr · 1 min",
        "  ↓ 60%: 1: billing",
        "3 Wait for billing  queue · Billing team · wait 4 min",
        "  ↓ 90%",
        "4 Billing agent asks for the account number again  agent · Billing team · 6 min",
        "  ↓ 70%: bill corrected",
        "5 Bill corrected  outcome: resolved",
    ]
    lines = walk.splitlines()
    start = lines.index(chain[0])
    assert lines[start : start + len(chain)] == chain
    trap = text[text.index("Most likely walk to failure: trapped (no outcome)") :]
    assert "... and round again: no way out of this loop" in trap


def test_single_journey_has_no_summary_table() -> None:
    result = check_text(
        "frictionmap: 1\nname: one\nstart: a\nsteps:\n  a: {type: outcome, outcome: resolved}\n"
    )
    text = render_report(Report((result,)), width=80)
    assert "Journeys, worst first" not in text
    assert "No worst practice found." in text


def test_journey_text_is_not_rich_markup() -> None:
    result = check_text(
        "frictionmap: 1\nname: '[bold]x[/bold]'\nstart: a\nsteps:\n"
        "  a: {type: ivr, label: '[red]menu[/red]', next: [b]}\n  b: {type: message}\n"
    )
    for text in (render_report(Report((result,)), width=100), render(Report((result,)), width=100)):
        assert "[bold]x[/bold]" in text
        assert "[red]menu[/red]" in text


SEEDS = sorted((Path(__file__).parent.parent / "journeys").rglob("*.yaml"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_seed_journey_reads_at_80_columns(path: Path) -> None:
    result = check_file(str(path))
    assert result.valid
    text = render_report(Report((result,)), width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Most likely walk to resolution" in text
    assert result.score is not None
    assert f"grade {result.grade} ({result.score:.0f}/100)" in text.splitlines()[1]
