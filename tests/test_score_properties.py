"""Properties of the friction score and the metrics, on random small journeys (hypothesis).

- Adding a worst practice never lowers the score: a dropped branch that ends
  the journey (`abandoned`), a paid line, a longer wait, a repeated ask, an
  extra transfer.
- A journey resolved at the first contact with no findings grades A.
- Metrics are always finite and the outcome probabilities sum to 1.
- The seed journeys rank as their stories say.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from frictionmap.analysis import analyse, check_file
from frictionmap.graph import build_graph
from frictionmap.loader import loads
from frictionmap.report import JourneyResult
from frictionmap.rules import Context

# The same journeys on every run (tests/conftest.py: a property broken only by a rare
# draw is kept below as a known counter-example); HYPOTHESIS_PROFILE=explore looks further.
SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TYPES = ("contact", "ivr", "bot", "self_service", "queue", "agent", "message", "delay")
KINDS = ("phone", "email", "web", "chat")
TEAMS = ("A", "B", "C")
OUTCOMES: dict[str, dict[str, Any]] = {
    "done": {"type": "outcome", "outcome": "resolved"},
    "gave_up": {"type": "outcome", "outcome": "abandoned"},
    "closed": {"type": "outcome", "outcome": "unresolved"},
    "refund": {"type": "outcome", "outcome": "refunded"},
}


def _probabilities(weights: list[int]) -> list[float]:
    total = sum(weights)
    return [w / total for w in weights]


@st.composite
def journeys(draw: st.DrawFn) -> dict[str, Any]:
    """A valid journey: 2-7 steps s0.., the four outcomes, explicit probabilities."""
    size = draw(st.integers(2, 7))
    names = [f"s{i}" for i in range(size)]
    targets = names + list(OUTCOMES)
    steps: dict[str, Any] = {}
    for name in names:
        kind = draw(st.sampled_from(TYPES))
        step: dict[str, Any] = {"type": kind}
        if kind == "contact" or draw(st.booleans()):
            step["channel"] = draw(st.sampled_from(KINDS))
        team = draw(st.sampled_from((None, *TEAMS)))
        if team is not None:
            step["team"] = team
        if draw(st.booleans()):
            step["minutes"] = draw(st.integers(0, 30))
        if kind == "queue" and draw(st.booleans()):
            step["wait"] = draw(st.integers(0, 20))
        asks = draw(st.lists(st.sampled_from(("d1", "d2")), max_size=2, unique=True))
        if asks:
            step["asks"] = asks
        if draw(st.integers(0, 9)) > 0:  # a dead end now and then
            chosen = draw(st.lists(st.sampled_from(targets), min_size=1, max_size=3, unique=True))
            weights = draw(st.lists(st.integers(1, 9), min_size=len(chosen), max_size=len(chosen)))
            step["next"] = [
                {"to": t, "p": p} for t, p in zip(chosen, _probabilities(weights), strict=True)
            ]
        steps[name] = step
    outcomes = copy.deepcopy(OUTCOMES)
    outcomes["done"]["root_cause"] = draw(st.booleans())
    steps.update(outcomes)
    return {
        "frictionmap": 1,
        "name": "random",
        "teams": {t: {} for t in (*TEAMS, "Z")},
        "data": {"d1": {}, "d2": {}},
        "start": "s0",
        "steps": steps,
    }


def run(journey: dict[str, Any]) -> JourneyResult:
    return analyse(loads(yaml.safe_dump(journey, sort_keys=False), "random.yaml"))


def not_lower(before: JourneyResult, after: JourneyResult) -> None:
    assert before.score is not None and after.score is not None
    assert after.score >= before.score, (
        before.score,
        after.score,
        sorted((f.rule, f.step) for f in before.active),
        sorted((f.rule, f.step) for f in after.active),
        before.metrics.goodwill,
        after.metrics.goodwill,
    )


def _walked(journey: dict[str, Any]) -> list[str]:
    """Non-outcome steps with a `next`, reachable, outside any trap loop."""
    loaded = loads(yaml.safe_dump(journey, sort_keys=False), "random.yaml")
    context = Context(loaded.journey, build_graph(loaded.journey))
    trapped = set().union(*context.traps) if context.traps else set()
    return [
        s
        for s, step in journey["steps"].items()
        if step.get("next") and s in context.reachable and s not in trapped
    ]


@SETTINGS
@given(journeys(), st.data())
def test_a_dropped_branch_that_ends_the_journey_never_lowers_the_score(
    journey: dict[str, Any], data: st.DataObject
) -> None:
    candidates = _walked(journey)
    assume(candidates)
    step = data.draw(st.sampled_from(candidates))
    share = data.draw(st.sampled_from((0.05, 0.3, 0.9)))
    worse = copy.deepcopy(journey)
    branches = worse["steps"][step]["next"]
    for branch in branches:
        branch["p"] *= 1 - share
    branches.append({"to": "line_cut", "p": share, "when": "line cut", "dropped": True})
    worse["steps"]["line_cut"] = {"type": "outcome", "outcome": "abandoned"}
    not_lower(run(journey), run(worse))


@SETTINGS
@given(journeys(), st.floats(0.05, 3.0))
def test_a_paid_line_never_lowers_the_score(journey: dict[str, Any], rate: float) -> None:
    worse = copy.deepcopy(journey)
    worse["channels"] = {"hotline": {"kind": "phone", "cost_per_minute": rate}}
    for step in worse["steps"].values():
        if step.get("channel") == "phone":
            step["channel"] = "hotline"
    not_lower(run(journey), run(worse))


@SETTINGS
@given(journeys(), st.data())
def test_a_longer_wait_never_lowers_the_score(journey: dict[str, Any], data: st.DataObject) -> None:
    step = data.draw(st.sampled_from([s for s in journey["steps"] if s.startswith("s")]))
    extra = data.draw(st.integers(1, 120))
    worse = copy.deepcopy(journey)
    target = worse["steps"][step]
    if target["type"] == "queue":
        target["wait"] = target.get("wait", 0) + extra
    else:
        target["minutes"] = target.get("minutes", 0) + extra
    not_lower(run(journey), run(worse))


@SETTINGS
@given(journeys(), st.data())
def test_a_repeated_ask_never_lowers_the_score(
    journey: dict[str, Any], data: st.DataObject
) -> None:
    names = [s for s in journey["steps"] if s.startswith("s")]
    first, second = data.draw(st.lists(st.sampled_from(names), min_size=2, max_size=2))
    worse = copy.deepcopy(journey)
    for name in (first, second):
        asks = worse["steps"][name].setdefault("asks", [])
        if "d1" not in asks:
            asks.append("d1")
    not_lower(run(journey), run(worse))


@SETTINGS
@given(journeys(), st.data())
def test_an_extra_transfer_never_lowers_the_score(
    journey: dict[str, Any], data: st.DataObject
) -> None:
    # Branches into a team's step: the case now goes through team Z's queue
    # first. (Before a contact, a team's queue would hide `customer-as-messenger`:
    # then the company, not the customer, passes the case on.)
    steps = journey["steps"]
    edges = [
        (s, i)
        for s, step in steps.items()
        for i, branch in enumerate(step.get("next", []))
        if steps[branch["to"]]["type"] in ("agent", "queue") and "team" in steps[branch["to"]]
    ]
    assume(edges)
    step, index = data.draw(st.sampled_from(edges))
    worse = copy.deepcopy(journey)
    branch = worse["steps"][step]["next"][index]
    worse["steps"]["handover"] = {"type": "queue", "team": "Z", "next": branch["to"]}
    branch["to"] = "handover"
    not_lower(run(journey), run(worse))


@st.composite
def first_contact_journeys(draw: st.DrawFn) -> dict[str, Any]:
    """Resolved with at most one contact: a few steps in a row, one team change at most."""
    kind = draw(st.sampled_from(KINDS))
    length = draw(st.integers(1, 5))
    contact_at = draw(st.integers(0, length - 1))
    teams = draw(st.lists(st.sampled_from((None, "A", "B")), min_size=length, max_size=length))
    steps: dict[str, Any] = {}
    for i in range(length):
        kind_here = (
            "contact"
            if i == contact_at
            else draw(st.sampled_from(("agent", "self_service", "message", "delay")))
        )
        step: dict[str, Any] = {"type": kind_here, "channel": kind}
        if teams[i] is not None and kind_here != "contact":
            step["team"] = teams[i]
        # At most an hour in all (ten average calls, ContactBabel 2014): beyond, the
        # customer's time weighs on its own (issue 12: 110 minutes cannot cost <= 10%).
        step["minutes"] = draw(st.integers(0, 12))
        step["next"] = f"s{i + 1}" if i + 1 < length else "done"
        steps[f"s{i}"] = step
    steps["done"] = {"type": "outcome", "outcome": "resolved", "root_cause": draw(st.booleans())}
    return {
        "frictionmap": 1,
        "name": "first contact",
        "teams": {"A": {}, "B": {}},
        "start": "s0",
        "steps": steps,
    }


@SETTINGS
@given(first_contact_journeys())
def test_first_contact_resolution_without_findings_grades_a(journey: dict[str, Any]) -> None:
    result = run(journey)
    assert result.metrics.first_contact_resolution == 1.0
    assume(not result.active)
    assert result.grade == "A", (result.score, result.metrics.goodwill)


def test_first_contact_resolution_without_findings_grades_a_at_worst() -> None:
    # One transfer and an hour of the customer's time (the root cause explained,
    # else `closure-without-cause` reports the outcome reached after a transfer):
    # goodwill = 0.88 x exp(-60 x 0.002 - 0.006 / 24) = 0.78027, score 22.0: still A.
    journey = {
        "frictionmap": 1,
        "name": "slow but fine",
        "teams": {"A": {}, "B": {}},
        "start": "call",
        "steps": {
            "call": {"type": "contact", "channel": "phone", "next": "first"},
            "first": {"type": "agent", "team": "A", "minutes": 30, "next": "second"},
            "second": {"type": "agent", "team": "B", "minutes": 30, "next": "done"},
            "done": {"type": "outcome", "outcome": "resolved", "root_cause": True},
        },
    }
    result = run(journey)
    assert [f.rule for f in result.active] == []
    assert result.metrics.first_contact_resolution == 1.0
    assert result.score == 22.0
    assert result.grade == "A"


@SETTINGS
@given(
    journeys(),
    st.sampled_from((1e-300, 1e-15, 1e-9, 0.5, 1 - 1e-9, 1 - 1e-15)),
    st.data(),
)
def test_metrics_are_always_finite(
    journey: dict[str, Any], extreme: float, data: st.DataObject
) -> None:
    # Push one branch to an extreme probability (near 0 or near 1).
    with_next = [s for s, step in journey["steps"].items() if len(step.get("next", [])) >= 2]
    if with_next:
        step = journey["steps"][data.draw(st.sampled_from(with_next))]
        first, *rest = step["next"]
        first["p"] = extreme
        for branch in rest:
            branch["p"] = (1 - extreme) / len(rest)
    result = run(journey)
    metrics = result.metrics
    assert math.fsum(metrics.p_outcomes.values()) == 1.0 or abs(
        math.fsum(metrics.p_outcomes.values()) - 1.0
    ) < 1e-9
    values = [v for v in vars(metrics).values() if isinstance(v, float)]
    values += list(metrics.p_outcomes.values()) + list(metrics.step_visits.values())
    values += list(metrics.transfer_traversals.values())
    assert all(math.isfinite(v) and v >= 0 for v in values)
    assert 0.0 <= metrics.goodwill <= 1.0
    assert result.score is not None and 0.0 <= result.score <= 100.0


SEEDS = Path(__file__).parent.parent / "journeys"


def test_seed_journeys_rank_as_their_stories_say() -> None:
    results = {p.stem: check_file(str(p)) for p in sorted(SEEDS.glob("*.yaml"))}
    scores = {name: float(r.score) for name, r in results.items() if r.score is not None}
    assert "expert-escalation" in scores
    best = min(scores, key=scores.__getitem__)
    assert best == "expert-escalation", scores
    # The stories that end worst: never resolved, bounced between teams, refunded.
    # They grade F, among the worst four: the ISP's 12 contacts, 44 EUR and 11 days
    # (seed 001) now weigh as much as an unresolved ending (issue 12).
    worst_four = sorted(scores, key=scores.__getitem__)[-4:]
    for name in ("canal-plus-switch", "dvd-software", "office-activation"):
        if name in scores:
            assert name in worst_four, scores
            assert results[name].grade == "F", scores


def test_minutes_on_a_failing_walk_never_cheapen_the_tail() -> None:
    """hypothesis' counter-example: one minute more on a dead end (a walk that fails,
    worth 0 whatever its friction) lowered the score 82.3 -> 82.2, because the tail
    priced its minutes at the journey's mix of hold and active minutes, and active
    minutes anywhere diluted that mix. Hold and active minutes now have their own tails."""
    journey: dict[str, Any] = {
        "frictionmap": 1,
        "name": "random",
        "start": "s0",
        "steps": {
            "s0": {"type": "contact", "channel": "phone",
                   "next": [{"to": "s0", "p": 1 / 3}, {"to": "s2", "p": 1 / 3},
                            {"to": "s3", "p": 1 / 3}]},
            "s2": {"type": "contact", "channel": "phone",
                   "next": [{"to": "s5", "p": 0.5}, {"to": "done", "p": 0.5}]},
            "s3": {"type": "contact", "channel": "phone"},
            "s5": {"type": "queue", "wait": 1, "next": [{"to": "s0", "p": 1.0}]},
            "done": {"type": "outcome", "outcome": "resolved"},
        },
    }
    longer = copy.deepcopy(journey)
    longer["steps"]["s3"]["minutes"] = 1
    for extra in (1, 30, 120):
        longer["steps"]["s3"]["minutes"] = extra
        not_lower(run(journey), run(longer))


def test_a_drop_in_a_loop_that_narrows_the_tail_never_lowers_the_score() -> None:
    """hypothesis' counter-example (89.4 -> 88.9): 5% of visits to a looping queue dropped.
    The tail was the spread of every walk's time on steps that can still end well, so
    cutting the longest walks short narrowed it by more than the drops cost; it is now
    the spread of the walks that end well, the branches into failure taken away."""
    phone = {"type": "contact", "channel": "phone"}
    journey: dict[str, Any] = {
        "frictionmap": 1,
        "name": "random",
        "data": {"d1": {}},
        "start": "s0",
        "steps": {
            "s0": {"type": "queue", "wait": 2,
                   "next": [{"to": "s5", "p": 0.25}, {"to": "s0", "p": 0.75}]},
            "s4": {**phone, "next": [{"to": "s0", "p": 1.0}]},
            "s5": {**phone, "asks": ["d1"],
                   "next": [{"to": "s4", "p": 0.9}, {"to": "done", "p": 0.1}]},
            "done": {"type": "outcome", "outcome": "resolved"},
        },
    }
    worse = copy.deepcopy(journey)
    worse["steps"]["s0"]["next"] = [
        {"to": "s5", "p": 0.25 * 0.95},
        {"to": "s0", "p": 0.75 * 0.95},
        {"to": "line_cut", "p": 0.05, "when": "line cut", "dropped": True},
    ]
    worse["steps"]["line_cut"] = {"type": "outcome", "outcome": "abandoned"}
    not_lower(run(journey), run(worse))
