"""The worst-practices report as GitHub-flavoured Markdown."""

from __future__ import annotations

import re

import pytest
from report_golden import assert_golden, fixed_report

from frictionmap.analysis import check_text
from frictionmap.render.markdown import code, escape, render
from frictionmap.report import Report


@pytest.fixture(scope="module")
def report() -> Report:
    return fixed_report()


def test_markdown_golden(report: Report) -> None:
    assert_golden("report-markdown.md", render(report))


def test_sections_and_summary(report: Report) -> None:
    text = render(report)
    assert text.startswith("# Worst-practices report\n\n## Executive summary\n")
    heads = [line for line in text.splitlines() if line.startswith("## ")]
    assert heads[:2] == ["## Executive summary", "## Journeys, worst first"]
    assert heads[-1] == "## Method"
    billing = text[text.index("## Billing hotline") :]
    order = [
        "### Key figures",
        "### Worst practices, by impact",
        "1. **paid-wait** (warning, **likely non-compliant (EU CRD art. 21)**)",
        "**Instead:** Use a basic-rate number",
        "### Most likely walk to resolution: resolved",
        "| 3 | Wait for billing | queue | Billing team | wait 4 min | 60%: 1: billing |",
        "### Most likely walk to failure: refunded",
        "### The journey",
        "```mermaid\nflowchart LR",
        "### Assumptions",
    ]
    positions = [billing.index(part) for part in order]
    assert positions == sorted(positions)
    assert "## `tests/fixtures/report-invalid.yaml`: rejected" in text
    assert "tests/fixtures/report-invalid.yaml:7:11: step 'call' goes to unknown step" in text


def test_every_table_row_has_its_columns(report: Report) -> None:
    text = render(report)
    for block in re.split(r"\n\n", text):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        if not rows:
            continue
        cells = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(cells) == 1, block


HOSTILE = """\
frictionmap: 1
name: "<script>alert(1)</script> *bold* [link](http://example.com)"
start: a
steps:
  a:
    type: ivr
    label: "| cell | <img src=x onerror=alert(1)> `code` _em_"
    next: [b]
  b: {type: outcome, outcome: resolved, label: "1. not a list"}
"""


def test_journey_text_is_escaped() -> None:
    text = render(Report((check_text(HOSTILE, "hostile.yaml"),)))
    outside_code = re.sub(r"```.*?```", "", text, flags=re.S)
    assert "<script>" not in outside_code and "<img" not in outside_code
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\[link\\](http:&#8203;//example.com)"
        in text
    )
    assert (
        "| 1 | \\| cell \\| &lt;img src=x onerror=alert(1)&gt; \\`code\\` \\_em\\_ | ivr |" in text
    )


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("<b>&amp;", "&lt;b&gt;&amp;amp;"),
        ("1. one", "1\\. one"),
        ("- dash", "\\- dash"),
        ("# hash", "\\# hash"),
        ("two\nlines", "two lines"),
        ("18-character", "18-character"),
        ("1.25 EUR", "1.25 EUR"),
        ("-12% CSAT", "-12% CSAT"),
        ("7)", "7\\)"),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_code_span_keeps_text_literal() -> None:
    assert code("dir_x/a.yaml") == "`dir_x/a.yaml`"
    assert code("a`b") == "``a`b``"
    assert code("`a") == "`` `a ``"
    assert code("a|b", in_table=True) == "`a\\|b`"
