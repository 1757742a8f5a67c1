"""Exposure (exposure.py) is the probability that a walk meets the finding.

Checked three ways: by hand on small chains, on the verdict cases' stories
(a busy message for 6% of calls is met by 6%, not "every customer"), and
against Monte Carlo walks on every seed journey and verdict case: each
finding's exact exposure lies within sampling error of the share of random
walks on which its problem happens, judged on each walk by the plain
definition (the branch taken, the datum asked before, the team left and come
back to, a second contact).
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frictionmap.analysis import check_file, check_text
from frictionmap.exposure import _branches, _reach, finding_exposure, reach_probabilities
from frictionmap.findings import Finding, Severity

ROOT = Path(__file__).parent.parent
FILES = sorted((ROOT / "journeys").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "verdict" / "cases").glob("*.yaml")
)
RUNS = 20_000
MAX_STEPS = 2_000


def _walk(
    graph: Any, start: str, rng: random.Random, keep: set[str] | None = None
) -> list[str]:
    """One random walk; with `keep`, only its steps (the other branches taken away)."""
    walk = [start]
    step = start
    for _ in range(MAX_STEPS):
        if graph.nodes[step]["facts"].is_outcome:
            break
        edges = [
            (t, p)
            for _, t, p in graph.out_edges(step, data="p")
            if p > 0 and (keep is None or t in keep)
        ]
        if not edges:
            break
        total = sum(p for _, p in edges)
        draw = rng.random() * total
        step = edges[-1][0]
        for target, p in edges:
            draw -= p
            if draw < 0:
                step = target
                break
        walk.append(step)
    return walk


def _meets(finding: Finding, graph: Any, walk: list[str]) -> bool:
    """The plain definition of meeting a finding, read on one walk."""
    step, rule, evidence = finding.step, finding.rule, finding.evidence
    pairs = set(zip(walk, walk[1:], strict=False))
    if finding.to is not None and graph.has_edge(step, finding.to):
        return (step, finding.to) in pairs
    if rule == "repeated-entry":
        data = set(evidence["data"])
        automated = graph.nodes[step]["facts"].type in ("ivr", "bot", "self_service")
        for i, here in enumerate(walk):
            before = walk[:i]
            if automated:  # only since the last contact (the walk's last contact step)
                contacts = [j for j, s in enumerate(before) if graph.nodes[s]["facts"].is_contact]
                before = before[contacts[-1] :] if contacts else before
            if here == step and any(data & set(graph.nodes[s]["facts"].asks) for s in before):
                return True
        return False
    if rule == "ping-pong":
        team, state = evidence["team"], 0
        for here in walk:
            node = graph.nodes[here]["facts"]
            owner = node.transfer_team
            if here == step and state == 2:
                return True
            if node.own_choice:
                state = 0
            elif owner == team:
                state = 1
            elif owner is not None:
                state = 2 if state else 0
        return False
    if rule in ("repeat-contact", "low-resolution"):
        return sum(graph.nodes[s]["facts"].is_contact for s in walk) >= 2
    flagged = {"dropped-contact": "dropped", "missed-appointment": "missed"}
    if rule in flagged:
        edges = {(step, t) for _, t, d in graph.out_edges(step, data=True) if d[flagged[rule]]}
        if edges:
            return bool(edges & pairs)
    if rule == "callback-unreliable":
        return bool({(step, t) for t in evidence["to"]} & pairs)
    if rule in ("channel-switch", "external-handoff") and finding.steps:
        return bool({(p, step) for p in finding.steps} & pairs)
    if rule == "customer-as-messenger" and finding.steps:
        if step not in walk:
            return False
        return any(s in finding.steps for s in walk[walk.index(step) + 1 :])
    if rule == "trap-loop":
        return bool({step, *finding.steps} & set(walk))
    return step is None or step in walk


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_exposure_matches_monte_carlo(path: Path) -> None:
    result = check_file(str(path))
    assert result.valid, [f.message for f in result.findings]
    graph, start = result.graph, result.journey.start
    rng = random.Random(12)
    walks = [_walk(graph, start, rng) for _ in range(RUNS)]
    for finding in result.active:
        exact = result.exposure(finding)
        assert exact is not None and 0.0 <= exact <= 1.0
        share = sum(_meets(finding, graph, w) for w in walks) / RUNS
        sigma = math.sqrt(max(exact * (1 - exact), 1e-4) / RUNS)
        assert abs(share - exact) <= 5 * sigma + 1e-3, (finding.rule, finding.step, exact, share)


def _finding(rule: str, step: str, **extra: Any) -> Finding:
    return Finding(rule, Severity.WARNING, step, "", 1, 1, **extra)


def test_a_branch_finding_has_the_probability_of_its_branch_not_of_its_step() -> None:
    result = check_file(str(ROOT / "tests/verdict/cases/busy-message-minority.yaml"))
    (dropped,) = [f for f in result.active if f.rule == "dropped-contact"]
    assert result.exposure(dropped) == pytest.approx(0.06)


def test_a_retried_drop_is_met_once_per_walk_not_once_per_visit() -> None:
    # Each attempt is dropped a third of the time and the caller tries again:
    # 0.49 dropped attempts per caller on average, but 33% of callers dropped.
    result = check_file(str(ROOT / "tests/verdict/cases/deep-tax-menu.yaml"))
    (dropped,) = [f for f in result.active if f.rule == "dropped-contact"]
    assert result.metrics.step_visits["disconnect"] == pytest.approx(0.33 / 0.67)
    assert result.exposure(dropped) == pytest.approx(0.33)


LOOP = """\
frictionmap: 1
name: asked in a loop
data:
  ref: {label: Reference}
teams:
  a: {name: A}
  b: {name: B}
start: first
steps:
  first:
    type: agent
    team: a
    asks: [ref]
    next:
      - {to: other, p: 0.5}
      - {to: done, p: 0.5}
  other:
    type: agent
    team: b
    next:
      - {to: back, p: 0.4}
      - {to: done, p: 0.6}
  back:
    type: agent
    team: a
    asks: [ref]
    next: done
  done: {type: outcome, outcome: resolved}
"""


def test_repeats_and_returns_by_hand() -> None:
    result = check_text(LOOP)
    graph = result.graph
    # back is reached by 0.5 x 0.4 = 20% of walks, each with ref asked at first.
    repeated = _finding("repeated-entry", "back", evidence={"data": ["ref"]})
    assert finding_exposure(repeated, graph, "first").probability == pytest.approx(0.2)
    returned = _finding("ping-pong", "back", evidence={"team": "a"})
    assert finding_exposure(returned, graph, "first").probability == pytest.approx(0.2)
    # A finding about a step no walk reaches is met by nobody; a journey-wide one by all.
    assert finding_exposure(_finding("long-wait", "done"), graph, "first").probability == 1.0
    whole = Finding("repeat-contact", Severity.NOTE, None, "", 1, 1)
    assert finding_exposure(whole, graph, "first").probability == 1.0


# -- every step's reach at once (reach_probabilities) against one solve per step ----


@st.composite
def _journeys(draw: Any) -> str:
    """A journey of agents and outcomes whose branches make loops, traps (loops
    never left), dead ends and steps no walk reaches."""
    size = draw(st.integers(2, 12))
    lines = ["frictionmap: 1", "name: random", "start: s0", "steps:"]
    for i in range(size):
        if i > 0 and draw(st.integers(0, 4)) == 0:
            lines.append(f"  s{i}: {{type: outcome, outcome: resolved}}")
            continue
        targets = draw(st.lists(st.integers(0, size - 1), max_size=3, unique=True))
        weights = [draw(st.integers(1, 9)) for _ in targets]
        total = sum(weights)
        branches = ", ".join(
            f"{{to: s{t}, p: {w / total!r}}}" for t, w in zip(targets, weights, strict=True)
        )
        lines.append(f"  s{i}: {{type: agent, next: [{branches}]}}")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(_journeys())
def test_every_steps_reach_at_once_equals_one_solve_per_step(text: str) -> None:
    result = check_text(text)
    assert result.valid, [f.message for f in result.findings]
    graph, start = result.graph, result.journey.start
    branches = _branches(graph)
    reach = reach_probabilities(graph, start, branches)
    assert set(reach) == set(graph)
    for step in graph:
        one = _reach(graph, start, {step}, branches)
        assert one is not None and abs(reach[step] - one) <= 1e-9, (step, reach[step], one)


def test_a_long_leavable_loop_is_left_to_the_one_by_one_solve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from frictionmap.solver import limits

    text = (
        "frictionmap: 1\nname: x\nstart: a\nsteps:\n"
        "  a: {type: agent, next: [{to: b, p: 0.5}, {to: done, p: 0.5}]}\n"
        "  b: {type: agent, next: [{to: a, p: 0.9}, {to: done, p: 0.1}]}\n"
        "  done: {type: outcome, outcome: resolved}\n"
    )
    graph = check_text(text).graph
    assert reach_probabilities(graph, "a")["b"] == pytest.approx(0.5)
    monkeypatch.setattr(limits, "REACH_DENSE_LOOP_STEPS", 1)
    reach = reach_probabilities(graph, "a")
    assert "a" not in reach and "b" not in reach and reach["done"] == pytest.approx(1.0)
    # The finding's exposure is then solved on its own, to the same value.
    exposure = finding_exposure(_finding("long-wait", "b"), graph, "a", reach=reach)
    assert exposure.exact and exposure.probability == pytest.approx(0.5)


def rarely_left_loop(count: int) -> str:
    """`count` steps each sending the customer back to the start half the time."""
    lines = ["frictionmap: 1", "name: x", "start: s0", "steps:"]
    for i in range(count):
        on = f"s{i + 1}" if i + 1 < count else "done"
        lines.append(f"  s{i}: {{type: ivr, next: [{{to: {on}, p: 0.5}}, {{to: s0, p: 0.5}}]}}")
    lines.append("  done: {type: outcome, outcome: resolved}")
    return "\n".join(lines) + "\n"


def test_a_loop_left_too_rarely_for_floats_is_reached_whole_as_a_trap() -> None:
    # 2,100 steps each sending the customer back to the start half the time: 2^2100
    # passes overflow a float, so the loop counts as a trap, as in the metrics.
    count = 2100
    result = check_text(rarely_left_loop(count))
    reach = reach_probabilities(result.graph, "s0")
    assert reach["s0"] == reach[f"s{count - 1}"] == 1.0
    assert reach["done"] == 0.0  # nothing flows out of a trap


def test_past_the_journeys_budget_exposures_are_upper_bounds(monkeypatch: Any) -> None:
    """All the findings of one journey share a budget of product states (a 1,000-step
    journey with 2,333 findings spent 86 s solving exposures without it); past it, a
    finding's exposure is an upper bound (visits x branch, reach), marked inexact."""
    from frictionmap import exposure

    result = check_file(str(ROOT / "journeys" / "isp-voip.yaml"))
    graph, start, visits = result.graph, result.journey.start, result.metrics.step_visits
    exact = exposure.exposures(result.active, graph, start, visits)
    assert all(e.exact for e in exact.values())
    monkeypatch.setattr(exposure, "EXPOSURE_STATES_FLOOR", 30)
    monkeypatch.setattr(exposure, "EXPOSURE_STATES_PER_STEP", 0)
    bounded = exposure.exposures(result.active, graph, start, visits)
    assert any(not e.exact for e in bounded.values())
    for key, found in bounded.items():
        assert exact[key].probability - 1e-12 <= found.probability <= 1.0, key
        if found.exact:
            assert found.probability == exact[key].probability, key
