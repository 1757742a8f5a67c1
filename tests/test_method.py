"""What the report says about itself (render/method.py): method, assumptions, executive summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from frictionmap.inputs import check_paths
from frictionmap.render import renderer
from frictionmap.render.html import markdown_html
from frictionmap.render.method import (
    assumptions,
    doc_section,
    method_sections,
    portfolio,
    rule_evidence,
    score_breakdown,
)
from frictionmap.report import Report

ROOT = Path(__file__).parent.parent
SEEDS = sorted(str(p) for p in (ROOT / "journeys").glob("*.yaml"))

DEFAULTS = """\
frictionmap: 1
name: Defaults everywhere
source: A story told at the counter
channels:
  line: {kind: phone, label: Support line}
teams:
  care: {name: Care}
start: call
steps:
  call: {type: contact, channel: line, next: menu}
  menu:
    type: ivr
    minutes: 1
    next: [{to: hold}, {to: done}]
  hold: {type: queue, team: care, next: agent}
  agent: {type: agent, team: care, minutes: 4, next: done}
  done: {type: outcome, outcome: resolved}
"""


@pytest.fixture(scope="module")
def seeds() -> Report:
    return check_paths(SEEDS)


def test_every_default_the_analysis_filled_in_is_an_assumption(tmp_path: Path) -> None:
    path = tmp_path / "defaults.yaml"
    path.write_text(DEFAULTS, encoding="utf-8")
    result = check_paths([str(path)]).journeys[0]
    assert result.valid
    assert assumptions(result) == [
        "Source: A story told at the counter",
        "Branch probabilities not given, split evenly at 'menu'.",
        "No time given, counted as 0 min of the customer's time: 'call'.",
        "Queues without a wait, counted as no wait: 'hold'.",
        "Phone lines without a price per minute, counted as free: Support line.",
        "No currency given: amounts are in EUR.",
        "jurisdiction: EU (inferred from the currency EUR; set `jurisdiction:` to say)",
    ]


def test_a_fully_specified_seed_assumes_only_its_source(seeds: Report) -> None:
    for result in seeds.journeys:
        assert result.journey is not None
        lines = assumptions(result)
        assert lines[0] == f"Source: {result.journey.source}"
        if not result.assumed_probabilities:
            assert not any("split evenly" in line for line in lines)


def test_the_breakdown_adds_up_to_the_score(seeds: Report) -> None:
    # What took the points (score.py, issue 12): the parts add up to the score.
    for result in seeds.journeys:
        rows = score_breakdown(result)
        assert rows, result.file
        label, value = rows[-1]
        assert label == "Friction score = 100 x (1 - expected goodwill of the walks)"
        assert float(value) == result.score
        parts = [float(v) for _, v in rows[:-1]]
        assert parts == sorted(parts, reverse=True)
        assert abs(sum(parts) - result.score) <= 0.1 * len(parts) + 0.05


def test_method_sections_are_the_modules_definitions_not_their_solvers() -> None:
    sections = method_sections()
    assert [s.title for s in sections] == [
        "How the figures are computed",
        "How exposure and impact are computed",
        "How the score is computed",
    ]
    figures, exposure, score = (s.text for s in sections)
    assert "absorbing Markov chain" in figures and "spsolve" not in figures
    assert "impact = exposure x weight" in exposure
    assert "score = 100 x (1 - E[value x exp(-friction)]" in score and "Grades" in score


def test_evidence_is_the_why_it_hurts_of_each_rule_that_fired(seeds: Report) -> None:
    evidence = rule_evidence(seeds)
    fired = {f.rule for r in seeds.journeys for f in r.findings}
    assert [e.rule for e in evidence] == sorted(fired)
    docs = {info.id: info.doc for info in seeds.rules}
    for item in evidence:
        assert item.why and item.why == doc_section(docs[item.rule], "Why it hurts")
        assert "## " not in item.why  # one section, not the example after it


def test_the_portfolio_and_the_changes_that_help_most_customers(seeds: Report) -> None:
    whole = portfolio(seeds)
    valid = [r for r in seeds.journeys if r.metrics is not None]
    assert whole.journeys == whole.graded == len(SEEDS)
    assert not whole.weighted  # the seeds give no volume: each journey counts once
    plain = sum(float(r.metrics.p_resolved) for r in valid) / len(valid)
    assert whole.resolved == pytest.approx(plain)
    assert sum(whole.grades.values()) == len(SEEDS)
    assert len(whole.changes) == 3
    reach = [c.ranked.exposure for c in whole.changes]
    assert reach == sorted(reach, reverse=True)
    # No finding is met by more customers than the first change's.
    assert reach[0] == max(r.exposure for result in valid for r in result.ranked)
    for change in whole.changes:
        assert change.result.score is not None
        if change.score_after is not None:
            assert change.score_after < change.result.score


def test_markdown_html_escapes_and_structures() -> None:
    text = (
        "A **bold** `code` <script>x</script>.\n\n"
        "- one\n  continued\n- two\n\n"
        "    score = 1 < 2\n\n"
        "## Why it hurts\n\n```yaml\na: <b>\n```"
    )
    html = markdown_html(text)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>bold</strong>" in html and "<code>code</code>" in html
    assert "<ul><li>one continued</li><li>two</li></ul>" in html
    assert "<pre>score = 1 &lt; 2</pre>" in html
    assert "<h4>Why it hurts</h4>" in html and "<pre>a: &lt;b&gt;</pre>" in html


def test_the_html_report_has_summary_appendix_and_assumptions(seeds: Report) -> None:
    text = renderer("html")(seeds)
    summary = text.index("<h2>Executive summary</h2>")
    assert summary < text.index("<h2>Journeys, worst first</h2>") < text.index('id="method"')
    assert text.count("<h3>Assumptions</h3>") == len(SEEDS)
    for item in rule_evidence(seeds):
        assert f'id="rule-{item.rule}"' in text
    single = renderer("html")(check_paths(SEEDS[:1]))
    assert "Executive summary" not in single and 'id="method"' in single


def test_evidence_carries_each_rules_declared_harm(seeds: Report) -> None:
    from frictionmap.rules import RULES

    declared = {r.id: r.harm for r in RULES}
    for item in rule_evidence(seeds):
        assert item.harm == declared[item.rule]
    text = renderer("markdown", full=True)(seeds)
    assert f"_harm {declared['paid-wait']}/5_" in text
