"""Callers who hang up in a queue (`patience`, Erlang A's M/M/N+M; issue 12)."""

from __future__ import annotations

import numpy as np
import pytest

from frictionmap.analysis import check_text
from frictionmap.graph import build_graph
from frictionmap.loader import InvalidJourney, loads
from frictionmap.queueing import hang_up_share, time_held

JOURNEY = """\
frictionmap: 1
name: patience
start: call
steps:
  call: {type: contact, channel: phone, next: queue}
  queue:
    type: queue
    wait: 6
    patience: 3
    next:
      - {to: agent, p: 0.75}
      - {to: voicemail}
      - {to: hung_up}
  voicemail: {type: outcome, outcome: unresolved}
  agent: {type: agent, minutes: 5, next: done}
  done: {type: outcome, outcome: resolved}
  hung_up: {type: outcome, outcome: abandoned}
"""


def test_exponential_wait_and_patience_give_the_shares_the_model_uses() -> None:
    """The two formulas against 400,000 sampled callers (wait 6, patience 3 minutes)."""
    rng = np.random.default_rng(12)
    wait, patience = rng.exponential(6.0, 400_000), rng.exponential(3.0, 400_000)
    assert np.mean(patience < wait) == pytest.approx(hang_up_share(6.0, 3.0), abs=0.003)
    held = np.minimum(wait, patience)
    assert np.mean(held) == pytest.approx(time_held(6.0, 3.0), rel=0.01)
    # Answered or not, a caller holds the same on average (memoryless minimum).
    assert np.mean(held[patience >= wait]) == pytest.approx(time_held(6.0, 3.0), rel=0.02)


def test_the_hang_up_branch_takes_its_share_and_the_others_share_the_rest() -> None:
    graph = build_graph(loads(JOURNEY, "p.yaml").journey)
    p = {t: graph.edges["queue", t]["p"] for t in graph.successors("queue")}
    assert p["hung_up"] == pytest.approx(2 / 3)
    assert p["agent"] == pytest.approx(0.75 / 3)  # 75% of those who stay
    assert p["voicemail"] == pytest.approx(0.25 / 3)  # the rest, split as FORMAT.md says
    facts = graph.nodes["queue"]["facts"]
    assert facts.wait == pytest.approx(2.0) and facts.queued == 6.0
    assert facts.customer_minutes == pytest.approx(2.0)


def test_hang_ups_lower_resolution_and_the_wait_is_judged_by_the_queue() -> None:
    result = check_text(JOURNEY, "p.yaml")
    assert result.metrics is not None
    assert result.metrics.p_resolved == pytest.approx(0.75 / 3)
    assert result.metrics.expected_minutes == pytest.approx(2.0 + 5 * 0.75 / 3)
    # long-wait judges the queue's own 6 minutes, not the 2 a caller holds.
    (wait,) = [f for f in result.findings if f.rule == "long-wait"]
    assert "6 minutes" in wait.message
    patient = check_text(JOURNEY.replace("patience: 3", "patience: 300"), "p.yaml")
    assert patient.metrics is not None and patient.metrics.p_resolved > 0.7
    assert patient.score is not None and result.score is not None
    assert patient.score < result.score  # callers who can wait are resolved


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("  agent: {type: agent, minutes: 5, next: done}",
             "  agent: {type: agent, minutes: 5, patience: 2, next: done}"),
            "15:46: 'patience' belongs on queue steps; step 'agent' has type agent",
        ),
        (
            ("      - {to: hung_up}\n", "      - {to: hung_up, p: 0}\n"),
            "9:15: queue 'queue' has a 'patience': give it a branch without 'p' to an "
            "'abandoned' outcome",
        ),
        (
            ("    wait: 6\n", ""),
            "8:15: queue 'queue' has a 'patience' but no 'wait' to compare it with",
        ),
    ],
)
def test_patience_needs_a_queue_a_wait_and_a_hang_up_branch(
    change: tuple[str, str], message: str
) -> None:
    text = JOURNEY.replace(*change)
    assert text != JOURNEY
    with pytest.raises(InvalidJourney) as error:
        loads(text, "p.yaml")
    shown = [f"{p.line}:{p.column}: {p.message}" for p in error.value.problems]
    assert any(m.startswith(message) for m in shown), shown
