"""The library behind the worst-practices report: walks, impact ranking, figures, verdict."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from frictionmap.analysis import analyse
from frictionmap.config import Config, RuleSetting
from frictionmap.findings import Finding, Severity, Suppression
from frictionmap.graph import build_graph
from frictionmap.impact import (
    HARM,
    key_figures,
    outcome_shares,
    rank_findings,
    verdict,
    worst_first,
)
from frictionmap.loader import load, loads
from frictionmap.report import Report
from frictionmap.rules import RULES
from frictionmap.text import format_value
from frictionmap.walks import most_likely_walks

FIXTURES = Path(__file__).parent / "fixtures"

# Every rule id the helpers agreed on (interfaces.md), so that advice exists
# before the rule module lands.
AGREED_RULES = [
    "dead-end",
    "unreachable-step",
    "trap-loop",
    "no-resolution",
    "ambiguous-channel",
    "repeated-entry",
    "ping-pong",
    "external-handoff",
    "customer-as-messenger",
    "channel-switch",
    "closure-without-cause",
    "language-mismatch",
    "identity-demand",
    "unfixed-closure",
    "paid-wait",
    "long-wait",
    "broken-promise",
    "dropped-contact",
    "callback-unreliable",
    "no-human",
    "deep-menu",
    "wide-menu",
    "one-way-message",
    "transfer-chain",
    "repeat-contact",
    "retry-loop",
    "low-resolution",
    "understaffed-queue",
    "unknown-allow",
]


def _journey(path: Path) -> tuple[Any, Any]:
    loaded = load(path)
    return loaded.journey, build_graph(loaded.journey)


def _inline(text: str) -> tuple[Any, Any]:
    loaded = loads(text, "inline.yaml")
    return loaded.journey, build_graph(loaded.journey)


# -- walks ----------------------------------------------------------------


def test_walks_on_the_hand_checked_billing_journey() -> None:
    journey, graph = _journey(FIXTURES / "report-billing.yaml")
    walks = most_likely_walks(journey, graph)
    resolution, failure = walks.resolution, walks.failure
    assert resolution is not None and failure is not None
    # 0.6 (menu 1) x 0.9 (answered) x 0.7 (corrected) beats 0.4 x 0.5 via the help pages.
    assert [s.step for s in resolution.steps] == ["call", "menu", "hold", "agent", "fixed"]
    assert resolution.end == "resolved"
    assert resolution.probability == pytest.approx(0.378)
    # Customer's time: menu 1 + hold 4 (on hold) + agent 6; all on the 0.5 EUR/min line.
    assert resolution.minutes == pytest.approx(11.0)
    assert resolution.hours == pytest.approx(11.0 / 60)
    assert resolution.cost == pytest.approx(5.5)
    # The refund (0.6 x 0.9 x 0.3 = 0.162) beats hanging up (0.6 x 0.1 = 0.06).
    assert [s.step for s in failure.steps] == ["call", "menu", "hold", "agent", "refund"]
    assert failure.end == "refunded"
    assert failure.probability == pytest.approx(0.162)
    call, menu, hold, agent = resolution.steps[:4]
    assert (call.p, call.when, menu.p, menu.when) == (None, None, 1.0, None)
    assert (hold.p, hold.when, hold.type, hold.team, hold.team_name, hold.wait) == (
        0.6,
        "1: billing",
        "queue",
        "billing",
        "Billing team",
        4.0,
    )
    assert (menu.branch_text, hold.branch_text, agent.branch_text) == ("", "60%: 1: billing", "90%")
    assert (menu.time_text, hold.time_text, agent.time_text) == ("1 min", "wait 4 min", "6 min")


def test_walk_into_a_trap_ends_trapped_at_its_first_step() -> None:
    journey, graph = _journey(FIXTURES / "report-trap.yaml")
    walks = most_likely_walks(journey, graph)
    assert walks.failure is not None and walks.resolution is not None
    assert [s.step for s in walks.failure.steps] == ["login", "reset"]
    assert walks.failure.end == "trapped"
    assert walks.failure.probability == pytest.approx(0.7)
    assert [s.step for s in walks.resolution.steps] == ["login", "done"]


def test_dead_end_is_a_stuck_failure_and_no_resolution_is_none() -> None:
    journey, graph = _inline(
        """\
frictionmap: 1
name: dead end
start: a
steps:
  a:
    type: ivr
    next:
      - {to: b, p: 0.25}
      - {to: c, p: 0.75}
  b: {type: message}
  c: {type: outcome, outcome: unresolved}
"""
    )
    walks = most_likely_walks(journey, graph)
    assert walks.resolution is None
    assert walks.failure is not None
    assert walks.failure.end == "unresolved" and walks.failure.probability == pytest.approx(0.75)
    # With the outcome made unlikely, the dead end is the likeliest failure.
    graph.edges["a", "b"]["p"], graph.edges["a", "c"]["p"] = 0.9, 0.1
    stuck = most_likely_walks(journey, graph).failure
    assert (
        stuck is not None and stuck.end == "stuck" and [s.step for s in stuck.steps] == ["a", "b"]
    )


def test_a_branch_never_taken_is_no_walk_and_loops_are_not_revisited() -> None:
    journey, graph = _inline(
        """\
frictionmap: 1
name: zero branch
start: a
steps:
  a:
    type: ivr
    next:
      - {to: a, p: 0.5, when: again}
      - {to: ok, p: 0.5}
      - {to: ko, p: 0.0}
  ok: {type: outcome, outcome: resolved}
  ko: {type: outcome, outcome: abandoned}
"""
    )
    walks = most_likely_walks(journey, graph)
    assert walks.failure is None
    assert walks.resolution is not None
    assert [s.step for s in walks.resolution.steps] == ["a", "ok"]


def test_ties_go_to_the_step_written_first() -> None:
    journey, graph = _inline(
        """\
frictionmap: 1
name: tie
start: a
steps:
  a: {type: ivr, next: [z, y]}
  z: {type: outcome, outcome: resolved}
  y: {type: outcome, outcome: resolved}
"""
    )
    walk = most_likely_walks(journey, graph).resolution
    assert walk is not None and walk.steps[-1].step == "z"


# -- impact ---------------------------------------------------------------


def _finding(rule: str, severity: Severity, step: str, line: int, to: str | None = None) -> Finding:
    return Finding(rule, severity, step, f"{rule} at {step}", line, 3, to=to, advice=f"Fix {step}.")


def test_impact_is_exposure_times_severity_times_harm() -> None:
    journey, graph = _journey(FIXTURES / "report-billing.yaml")
    metrics = SimpleNamespace(
        step_visits={"call": 1.25, "menu": 1.25, "faq": 0.5, "hold": 0.75, "agent": 0.675}
    )
    findings = [
        _finding("channel-switch", Severity.NOTE, "call", 1),  # 1 x 1 x 2/3
        _finding("paid-wait", Severity.WARNING, "hold", 2),  # 0.75 x 2 x 5/3
        _finding("repeated-entry", Severity.WARNING, "agent", 3),  # 0.675 x 2 x 3/3
        _finding("dropped-contact", Severity.ERROR, "hold", 4, to="gave_up"),  # .75 x .1 x 3 x 5/3
        # exposure is P(ever reaching faq) = 0.4, not its 0.5 expected visits
        _finding("ping-pong", Severity.WARNING, "faq", 5),  # 0.4 x 2 x 4/3
    ]
    ranked = rank_findings(journey, graph, findings, metrics)
    assert [(r.finding.rule, round(r.impact, 6)) for r in ranked] == [
        ("paid-wait", 2.5),
        ("repeated-entry", 1.35),
        ("ping-pong", round(0.4 * 2 * 4 / 3, 6)),
        ("channel-switch", round(2 / 3, 6)),
        ("dropped-contact", 0.375),
    ]
    by_rule = {r.finding.rule: r for r in ranked}
    assert by_rule["channel-switch"].exposure == 1.0  # 1.25 visits, but everyone calls once
    assert by_rule["dropped-contact"].exposure == pytest.approx(0.075)
    assert by_rule["channel-switch"].exposure_text == "every customer meets it"
    assert by_rule["dropped-contact"].exposure_text == "8% of customers meet it"
    assert by_rule["paid-wait"].unlawful and not by_rule["ping-pong"].unlawful
    assert by_rule["dropped-contact"].where == ("Wait for billing", "Hangs up")
    assert by_rule["paid-wait"].advice == "Fix hold."  # the finding's own, as stamped


def test_without_metrics_exposure_is_reachability_and_suppressed_findings_drop() -> None:
    journey, graph = _inline(
        """\
frictionmap: 1
name: unreachable
start: a
steps:
  a: {type: ivr, next: done}
  lost: {type: agent, next: done}
  done: {type: outcome, outcome: resolved}
"""
    )
    allowed = replace(
        _finding("wide-menu", Severity.ERROR, "a", 3), suppressed=Suppression("reason", "step")
    )
    findings = [
        _finding("unreachable-step", Severity.WARNING, "lost", 1),
        _finding("deep-menu", Severity.NOTE, "a", 2),
        allowed,
    ]
    ranked = rank_findings(journey, graph, findings)
    assert [(r.finding.rule, r.exposure, r.impact) for r in ranked] == [
        ("deep-menu", 1.0, 1.0),
        ("unreachable-step", 0.0, 0.0),
    ]
    assert [r.exposure_text for r in ranked] == ["on a reachable step", "on an unreachable step"]


def test_a_trap_is_met_where_the_walk_enters_it() -> None:
    journey, graph = _journey(FIXTURES / "report-trap.yaml")
    members = ("reset", "wait_mail")
    findings = [
        replace(_finding("trap-loop", Severity.ERROR, step, line), steps=members)
        for line, step in enumerate(reversed(members), start=1)
    ]
    # The metrics absorb the trap at its first step: the other one has no visits.
    metrics = SimpleNamespace(step_visits={"login": 1.0, "reset": 0.7, "wait_mail": 0.0})
    (ranked,) = rank_findings(journey, graph, findings, metrics)
    assert ranked.finding.step == "wait_mail"  # the first in file order stands for the loop
    assert ranked.exposure == pytest.approx(0.7)
    assert ranked.impact == pytest.approx(0.7 * 3 * 5 / 3)


def test_equal_impacts_keep_file_order() -> None:
    journey, graph = _journey(FIXTURES / "report-billing.yaml")
    findings = [
        _finding("long-wait", Severity.WARNING, "hold", 1),
        _finding("deep-menu", Severity.WARNING, "menu", 2),
    ]
    ranked = rank_findings(journey, graph, findings)
    assert [r.finding.rule for r in ranked] == ["long-wait", "deep-menu"]


def test_every_agreed_and_registered_rule_has_advice_and_harm() -> None:
    registered = {rule.id for rule in RULES}
    agreed = set(AGREED_RULES)
    assert agreed <= registered
    for rule in RULES:
        assert rule.id in HARM, f"{rule.id} has no harm weight in impact.HARM"
        assert rule.advice[0].isupper() and rule.advice.endswith("."), rule.id
        assert len(rule.advice) <= 140, rule.id
    assert set(HARM) == registered
    assert all(1 <= harm <= 5 for harm in HARM.values())


# -- key figures, outcomes, verdict, order --------------------------------


def _metrics(**overrides: Any) -> SimpleNamespace:
    values: dict[str, Any] = {
        "p_outcomes": {
            "resolved": 0.74,
            "refunded": 0.2,
            "unresolved": 0.0,
            "abandoned": 0.06,
            "stuck": 0.0,
            "trapped": 0.0,
        },
        "p_resolved": 0.74,
        "first_contact_resolution": 0.72,
        "expected_contacts": 1.25,
        "expected_transfers": 0.0,
        "expected_repeated_entries": 0.8,
        "expected_channel_switches": 0.2,
        "expected_minutes": 9.5,
        "expected_hours": 0.2,
        "expected_cost": 4.5,
        "step_visits": {"call": 1.25, "menu": 1.25, "faq": 0.5, "hold": 0.75, "agent": 0.675},
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def test_key_figures_beside_their_benchmarks() -> None:
    journey, graph = _journey(FIXTURES / "report-billing.yaml")
    figures = {f.key: f for f in key_figures(journey, graph, _metrics())}
    assert [(k, f.text, f.status) for k, f in figures.items()] == [
        ("first_contact_resolution", "72%", "fair"),
        ("expected_contacts", "1.25", "fair"),
        ("longest_wait", "4 min", "poor"),
        ("expected_hold", "3 min", "poor"),  # 0.75 visits x 4 min
        ("expected_minutes", "9.5 min", None),
        ("expected_hours", "12 min", None),
        ("expected_cost", "4.50 EUR", "poor"),
        ("expected_transfers", "0.00", "good"),
        ("expected_repeated_entries", "0.80", "poor"),
        ("expected_channel_switches", "0.20", "fair"),
    ]
    assert "70-79%" in figures["first_contact_resolution"].benchmark
    assert "1.2" in figures["expected_contacts"].benchmark
    assert "30 s" in figures["longest_wait"].benchmark
    # Without metrics only what the graph says.
    assert [f.key for f in key_figures(journey, graph)] == ["longest_wait"]


def test_outcome_shares_leave_out_the_impossible() -> None:
    assert outcome_shares(_metrics()) == (
        ("resolved", 0.74),
        ("refunded", 0.2),
        ("abandoned", 0.06),
    )
    assert outcome_shares(None) == ()


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (0.724, "%", "72%"),
        (0.004, "%", "<1%"),
        (0.996, "%", ">99%"),
        (1.0, "%", "100%"),
        (0.5, "min", "30 s"),
        (15.0, "min", "15 min"),
        (2.25, "min", "2.2 min"),
        (150.0, "min", "2.5 h"),
        (24.0, "hours", "24 h"),
        (72.0, "hours", "3 days"),
        (0.25, "hours", "15 min"),
        (10.5, "EUR", "10.50 EUR"),
        (1.234, "contacts", "1.23"),
        (math.inf, "min", "unbounded"),
    ],
)
def test_format_value(value: float, unit: str, text: str) -> None:
    assert format_value(value, unit) == text


def test_verdict_names_the_ending_and_the_worst_practice() -> None:
    journey, graph = _journey(FIXTURES / "report-billing.yaml")
    ranked = rank_findings(
        journey, graph, [_finding("paid-wait", Severity.WARNING, "hold", 1)], _metrics()
    )
    assert str(verdict("D", _metrics(), ranked)) == (
        "High effort: 74% of customers get what they came for, after 1.2 contacts and "
        "9.5 min of their time; worst practice: paid wait at 'Wait for billing'."
    )
    assert str(verdict(None, None, ())) == "No worst practice found."
    assert str(verdict("A", _metrics(expected_contacts=1.0), ())) == (
        "Low effort: 74% of customers get what they came for, after 1.0 contact and "
        "9.5 min of their time; no worst practice found."
    )


def _only(*rule_ids: str) -> Config:
    return Config(
        {r.id: RuleSetting(r.severity if r.id in rule_ids else None, r.options()) for r in RULES}
    )


def test_analyse_fills_in_the_report_view() -> None:
    result = analyse(load(FIXTURES / "report-trap.yaml"), _only("trap-loop"))
    assert result.walks is not None and result.walks.failure is not None
    assert result.walks.failure.end == "trapped"
    # One trap, one worst practice (the rule reports each of its two steps).
    assert [f.step for f in result.findings] == ["reset", "wait_mail"]
    assert [(r.finding.rule, r.finding.step) for r in result.ranked] == [("trap-loop", "reset")]
    assert result.ranked[0].where == (
        "Request a reset e-mail",
        "Wait for the e-mail | it never comes <b>",
    )
    assert str(result.verdict).endswith("practice: trap loop at 'Request a reset e-mail'.")
    if result.metrics is None:
        assert [f.key for f in result.figures] == []


def test_worst_first_puts_rejected_files_then_highest_score() -> None:
    from frictionmap.inputs import check_paths

    report = check_paths(
        [
            str(FIXTURES / n)
            for n in ("report-billing.yaml", "report-invalid.yaml", "report-trap.yaml")
        ],
        _only("trap-loop", "paid-wait"),
    )
    ordered = [Path(r.file).name for r in worst_first(report)]
    assert ordered[0] == "report-invalid.yaml"
    scored = [r for r in report.journeys if r.valid]
    if all(r.score is not None for r in scored):
        expected = sorted(scored, key=lambda r: -r.score)  # type: ignore[operator]
    else:  # without scores: total impact, the trap (2 x 5.0) before the paid wait
        expected = [scored[1], scored[0]]
    assert ordered[1:] == [Path(r.file).name for r in expected]
    assert isinstance(report, Report)
