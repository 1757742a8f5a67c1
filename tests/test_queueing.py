"""Erlang C staffing forecasts, their use as a queue's wait, and severity escalation."""

from __future__ import annotations

import math

import pytest
import yaml

from frictionmap.analysis import analyse
from frictionmap.config import Config, RuleSetting
from frictionmap.findings import Severity
from frictionmap.graph import build_graph
from frictionmap.loader import loads
from frictionmap.queueing import (
    agents_needed,
    erlang_b,
    erlang_c,
    forecast_for,
    offered_load,
)
from frictionmap.rules import RULES_BY_ID


def closed_form_b(agents: int, load: float) -> float:
    """Erlang B straight from its definition, with factorials (small N only)."""
    terms = [load**k / math.factorial(k) for k in range(agents + 1)]
    return terms[-1] / sum(terms)


def closed_form_c(agents: int, load: float) -> float:
    """evidence.md section 4's P_w formula, with factorials (small N only)."""
    top = load**agents / math.factorial(agents) * agents / (agents - load)
    return top / (sum(load**k / math.factorial(k) for k in range(agents)) + top)


def log_space_c(agents: int, load: float) -> float:
    """The same formula in log space with lgamma, for N where factorials overflow."""
    logs = [k * math.log(load) - math.lgamma(k + 1) for k in range(agents)]
    log_top = agents * math.log(load) - math.lgamma(agents + 1) + math.log(agents / (agents - load))
    peak = max(*logs, log_top)
    total = sum(math.exp(x - peak) for x in logs) + math.exp(log_top - peak)
    return math.exp(log_top - peak) / total


def test_two_erlangs_three_agents_by_hand() -> None:
    # B(1) = 2/3, B(2) = (4/3)/(10/3) = 2/5, B(3) = (4/5)/(19/5) = 4/19.
    assert erlang_b(3, 2.0) == pytest.approx(4 / 19, rel=1e-15)
    # C = 3·(4/19) / (3 - 2·15/19) = (12/19)/(27/19) = 4/9.
    assert erlang_c(3, 2.0) == pytest.approx(4 / 9, rel=1e-15)
    assert erlang_b(0, 2.0) == 1.0


@pytest.mark.parametrize(
    ("agents", "load"),
    [(1, 0.5), (2, 1.2), (3, 2.0), (5, 4.9), (10, 7.5), (25, 20.0), (40, 31.3)],
)
def test_recursion_matches_closed_forms(agents: int, load: float) -> None:
    assert erlang_b(agents, load) == pytest.approx(closed_form_b(agents, load), rel=1e-12)
    assert erlang_c(agents, load) == pytest.approx(closed_form_c(agents, load), rel=1e-12)


def test_five_hundred_agents_without_overflow() -> None:
    # 480^500 / 500! overflows a float; the recursion never forms it.
    with pytest.raises(OverflowError):
        _ = 480.0**500
    value = erlang_c(500, 480.0)
    assert 0.0 < value < 1.0
    assert value == pytest.approx(log_space_c(500, 480.0), rel=1e-9)
    assert erlang_c(5000, 4990.0) == pytest.approx(log_space_c(5000, 4990.0), rel=1e-8)


def test_forecast_of_two_erlangs() -> None:
    assert offered_load(120, 1.0) == 2.0
    predicted = forecast_for(3, 120, 1.0, 30)
    assert not predicted.unstable
    assert predicted.p_wait == pytest.approx(4 / 9, rel=1e-15)
    # ASA = C·AHT/(N - A) = 4/9 min; SL(30 s) = 1 - C·e^{-(N-A)·0.5/1}.
    assert predicted.asa_minutes == pytest.approx(4 / 9, rel=1e-15)
    assert predicted.asa_seconds == pytest.approx(80 / 3, rel=1e-15)
    assert predicted.service_level == pytest.approx(1 - 4 / 9 * math.exp(-0.5), rel=1e-15)
    assert predicted.occupancy == pytest.approx(2 / 3)


@pytest.mark.parametrize(("agents", "calls"), [(2, 150), (2, 120), (1, 600)])
def test_unstable_queue_has_no_finite_wait(agents: int, calls: float) -> None:
    predicted = forecast_for(agents, calls, 1.0)
    assert predicted.unstable
    assert predicted.asa_minutes is None and predicted.asa_seconds is None
    assert predicted.p_wait == 1.0
    assert predicted.service_level == 0.0
    assert erlang_c(agents, offered_load(calls, 1.0)) == 1.0


@pytest.mark.parametrize(
    ("calls", "minutes", "seconds", "target", "expected"),
    [
        (120, 1.0, 30, 0.8, 4),
        (150, 1.0, 30, 0.8, 4),
        (120, 1.0, 30, 0.7, 3),
        (9600, 3.0, 20, 0.8, None),
    ],
)
def test_agents_needed_is_the_fewest_that_reach_the_target(
    calls: float, minutes: float, seconds: float, target: float, expected: int | None
) -> None:
    needed = agents_needed(calls, minutes, seconds, target)
    assert needed is not None
    if expected is not None:
        assert needed == expected
    assert forecast_for(needed, calls, minutes, seconds).service_level >= target
    assert forecast_for(needed - 1, calls, minutes, seconds).service_level < target


def _journey(queue: dict[str, object]) -> str:
    return yaml.safe_dump(
        {
            "frictionmap": 1,
            "name": "staffed",
            "start": "call",
            "steps": {
                "call": {"type": "contact", "channel": "phone", "next": "line"},
                "line": {"type": "queue", "next": "done", **queue},
                "done": {"type": "outcome", "outcome": "resolved"},
            },
        }
    )


STABLE = {"agents": 3, "calls_per_hour": 120, "handle_minutes": 1}
UNSTABLE = {"agents": 2, "calls_per_hour": 150, "handle_minutes": 1}


@pytest.mark.parametrize(
    ("queue", "wait"),
    [
        ({"staffing": STABLE}, 4 / 9),  # no wait at all: the ASA
        ({"staffing": STABLE, "wait": {"announced": 2}}, 4 / 9),  # no actual: the ASA
        ({"staffing": STABLE, "wait": 5}, 5.0),  # an actual wait wins
        ({"staffing": STABLE, "wait": {"announced": 2, "actual": 7}}, 7.0),
        ({"staffing": UNSTABLE, "wait": {"announced": 2}}, 2.0),  # no finite ASA
        ({"staffing": UNSTABLE}, None),
        ({"wait": {"announced": 3}}, 3.0),
    ],
)
def test_graph_wait_uses_the_predicted_answer_time(
    queue: dict[str, object], wait: float | None
) -> None:
    graph = build_graph(loads(_journey(queue)).journey)
    if wait is None:
        assert graph.nodes["line"]["facts"].wait is None
    else:
        assert graph.nodes["line"]["facts"].wait == pytest.approx(wait, rel=1e-15)


def _only_rule(severity: Severity) -> Config:
    rules = {r: RuleSetting(None, RULES_BY_ID[r].options()) for r in RULES_BY_ID}
    rule = RULES_BY_ID["understaffed-queue"]
    rules["understaffed-queue"] = RuleSetting(severity, rule.options())
    return Config(rules)


@pytest.mark.parametrize(
    ("staffing", "configured", "expected"),
    [
        (STABLE, Severity.WARNING, Severity.WARNING),
        (UNSTABLE, Severity.WARNING, Severity.ERROR),  # escalated by the hit
        (UNSTABLE, Severity.NOTE, Severity.ERROR),
        (STABLE, Severity.NOTE, Severity.NOTE),
        (STABLE, Severity.ERROR, Severity.ERROR),  # never lowered
    ],
)
def test_unstable_queue_is_an_error(
    staffing: dict[str, float], configured: Severity, expected: Severity
) -> None:
    result = analyse(loads(_journey({"staffing": staffing})), _only_rule(configured))
    (finding,) = result.findings
    assert finding.rule == "understaffed-queue"
    assert finding.severity is expected
    assert finding.evidence["unstable"] is (staffing is UNSTABLE)
    assert finding.evidence["agents_needed"] == 4


def test_evidence_of_an_understaffed_queue() -> None:
    result = analyse(loads(_journey({"staffing": STABLE})), _only_rule(Severity.WARNING))
    assert result.findings[0].evidence == {
        "agents": 3,
        "offered_load": 2.0,
        "occupancy": 0.666667,
        "p_wait": 0.444444,
        "asa_seconds": 26.667,
        "service_level": round(1 - 4 / 9 * math.exp(-0.5), 6),
        "target_seconds": 30.0,
        "target_service_level": 0.8,
        "unstable": False,
        "agents_needed": 4,
    }
