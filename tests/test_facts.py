"""Step facts (facts.py): built once per step, typed, and the one source of time and cost."""

from __future__ import annotations

import math
import sys

import networkx as nx
import pytest

from frictionmap.analysis import check_text
from frictionmap.facts import StepFacts
from frictionmap.graph import build_graph, facts
from frictionmap.loader import loads
from frictionmap.metrics import compute_metrics
from frictionmap.simulate import visit_values
from frictionmap.walks import most_likely_walks

JOURNEY = """\
frictionmap: 1
name: facts
channels:
  line: {kind: phone, cost_per_minute: 0.5, cost: 0.25}
teams:
  care: {name: Customer care}
  courier: {external: true}
data:
  order: {}
start: call
steps:
  call: {type: contact, channel: line, minutes: 1, asks: [order], next: hold}
  hold:
    type: queue
    wait: {announced: 2, actual: 6}
    minutes: 0.5
    next: [{to: agent, p: 0.75}, {to: back, p: 0.25}]
  back: {type: callback, wait: 30, hours: 2, team: courier, next: agent}
  agent: {type: agent, team: care, minutes: 4, cost: 1.5, next: done}
  done: {type: outcome, outcome: resolved, root_cause: true}
"""


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    return build_graph(loads(JOURNEY, "facts.yaml").journey)


def test_facts_are_typed_and_settled(graph: nx.DiGraph) -> None:
    hold = facts(graph, "hold")
    assert isinstance(hold, StepFacts)
    # The channel is inherited from the call (FORMAT.md), with its kind.
    assert (hold.channel, hold.channel_kind) == ("line", "phone")
    assert (hold.wait, hold.wait_announced, hold.minutes, hold.cost) == (6.0, 2.0, 0.5, 0.0)
    back = facts(graph, "back")
    assert (back.team, back.team_name, back.external) == ("courier", "courier", True)
    agent = facts(graph, "agent")
    assert (agent.team_name, agent.external, agent.label) == ("Customer care", False, "agent")
    assert facts(graph, "call").asks == ("order",)
    done = facts(graph, "done")
    assert (done.is_outcome, done.outcome, done.root_cause) == (True, "resolved", True)


def test_facts_are_frozen(graph: nx.DiGraph) -> None:
    hold = facts(graph, "hold")
    with pytest.raises(AttributeError):
        hold.wait = 0.0  # type: ignore[misc]


def test_time_and_cost_per_visit(graph: nx.DiGraph) -> None:
    call, hold, back, agent = (facts(graph, s) for s in ("call", "hold", "back", "agent"))
    # A contact: its minutes, at 0.5 a minute, plus the line's 0.25 per contact.
    assert (call.customer_minutes, call.elapsed_hours) == (1.0, 1 / 60)
    assert call.customer_cost == 0.25 + 0.5 * 1.0
    # A queue: the wait on hold is customer time, paid by the minute, no new fee.
    assert hold.customer_minutes == 6.5
    assert hold.elapsed_hours == 6.5 / 60
    assert hold.customer_cost == 0.5 * 6.5
    # A callback: its wait is calendar time, not the customer's; it inherits the line,
    # whose rate applies to the customer's 0 minutes.
    assert back.customer_minutes == 0.0
    assert back.elapsed_hours == 30 / 60 + 2
    assert back.customer_cost == 0.0
    # The agent inherits the line too: 4 minutes at 0.5 plus the step's own 1.5.
    assert agent.customer_cost == 1.5 + 0.5 * 4


def test_metrics_walks_and_simulation_sum_the_same_facts(graph: nx.DiGraph) -> None:
    journey = loads(JOURNEY, "facts.yaml").journey
    steps = ("call", "hold", "back", "agent", "done")
    per_step = {s: facts(graph, s) for s in steps}
    for step, found in per_step.items():
        contacts = 1.0 if found.is_contact else 0.0
        assert visit_values(journey, graph, step) == (
            found.customer_minutes, found.elapsed_hours, found.customer_cost, contacts
        )
    walks = most_likely_walks(journey, graph)
    assert walks.resolution is not None
    path = [w.step for w in walks.resolution.steps]
    assert path == ["call", "hold", "agent", "done"]
    assert walks.resolution.cost == math.fsum(per_step[s].customer_cost for s in path)
    assert walks.resolution.minutes == math.fsum(per_step[s].customer_minutes for s in path)
    metrics = compute_metrics(journey, graph)
    visits = {"call": 1.0, "hold": 1.0, "back": 0.25, "agent": 1.0, "done": 1.0}
    for name, attribute in (("expected_minutes", "customer_minutes"),
                            ("expected_hours", "elapsed_hours"),
                            ("expected_cost", "customer_cost")):
        expected = math.fsum(v * getattr(per_step[s], attribute) for s, v in visits.items())
        assert getattr(metrics, name) == pytest.approx(expected, rel=1e-12), name


def test_absurd_inputs_give_the_largest_float() -> None:
    text = (
        "frictionmap: 1\nname: x\nchannels: {line: {kind: phone, cost_per_minute: 0}}\n"
        "start: q\nsteps:\n"
        "  q: {type: queue, channel: line, minutes: 1.0e+308, wait: 1.0e+308, next: done}\n"
        "  done: {type: outcome, outcome: resolved}\n"
    )
    found = facts(build_graph(loads(text, "x.yaml").journey), "q")
    assert found.customer_minutes == sys.float_info.max
    # The rate is 0: the saturated time costs nothing (not 0 x infinity).
    assert found.customer_cost == 0.0
    assert check_text(text).valid
