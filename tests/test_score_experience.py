"""The score measures the customer's experience (issue 12), not the number of findings.

- invariant to how finely steps are drawn: a step split into two halves scores the same;
- weighted by exposure: a drop met by 6% costs less than one met by all;
- time weighs: 110 minutes cost more than 10%; money weighs: 5 EUR/min more than 0.41;
- an agent loop that refuses or asks again costs at least what a transfer costs;
- the tail counts: a long P90 costs more than the same mean without it;
- the breakdown says what took the points, and adds up to the score.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from frictionmap.analysis import check_file, check_text

ROOT = Path(__file__).parent.parent
SEEDS = sorted((ROOT / "journeys").glob("*.yaml"))
CASES = sorted((ROOT / "tests" / "verdict" / "cases").glob("*.yaml"))


def _score(journey: dict[str, Any]) -> Any:
    result = check_text(yaml.safe_dump(journey, sort_keys=False))
    assert result.valid, [f.message for f in result.findings]
    return result


def _split(journey: dict[str, Any], step_id: str) -> dict[str, Any]:
    """The journey with one step drawn as two halves, one after the other."""
    split = copy.deepcopy(journey)
    step = split["steps"][step_id]
    second = copy.deepcopy(step)
    first = {k: v for k, v in step.items() if k not in ("next", "asks", "allow")}
    for part in (first, second):
        if "minutes" in part:
            part["minutes"] = part["minutes"] / 2
        if "hours" in part:
            part["hours"] = part["hours"] / 2
        if "cost" in part:
            part["cost"] = part["cost"] / 2
        if isinstance(part.get("wait"), (int, float)):
            part["wait"] = part["wait"] / 2
        elif isinstance(part.get("wait"), dict):
            part["wait"] = {
                k: v / 2 if isinstance(v, (int, float)) and not isinstance(v, bool) else v
                for k, v in part["wait"].items()
            }
        part.pop("promised", None)
    second.pop("promised", None)
    first["next"] = f"{step_id}_half"
    first.pop("label", None)
    split["steps"][step_id] = first
    split["steps"][f"{step_id}_half"] = second
    return split


def _splittable(journey: dict[str, Any]) -> list[str]:
    return [
        s
        for s, step in journey["steps"].items()
        if step["type"] in ("queue", "agent", "delay", "self_service")
        and (step.get("minutes") or step.get("wait") or step.get("hours"))
        and not any(isinstance(b, dict) and b.get("to") == s for b in _branches(step))
    ]


def _branches(step: dict[str, Any]) -> list[Any]:
    nxt = step.get("next", [])
    return [nxt] if isinstance(nxt, str) else list(nxt)


@pytest.mark.parametrize("path", SEEDS + CASES, ids=lambda p: p.stem)
def test_splitting_a_step_in_two_halves_leaves_the_score_unchanged(path: Path) -> None:
    journey = yaml.safe_load(path.read_text(encoding="utf-8"))
    before = _score(journey)
    candidates = _splittable(journey)
    assert candidates
    for step_id in candidates[:4]:
        after = _score(_split(journey, step_id))
        assert after.breakdown.loss == pytest.approx(before.breakdown.loss, rel=1e-6, abs=1e-9)
        assert after.score == before.score, step_id


QUEUE = {
    "frictionmap": 1,
    "name": "one queue",
    "currency": "EUR",
    "channels": {"line": {"kind": "phone", "cost_per_minute": 0.0}},
    "teams": {"cc": {"name": "Customer service"}},
    "start": "call",
    "steps": {
        "call": {"type": "contact", "channel": "line", "next": "hold"},
        "hold": {"type": "queue", "team": "cc", "wait": 18, "next": "agent"},
        "agent": {"type": "agent", "team": "cc", "minutes": 4, "next": "done"},
        "done": {"type": "outcome", "outcome": "resolved", "root_cause": True},
    },
}


def test_an_18_minute_queue_split_into_two_9_minute_steps_scores_the_same() -> None:
    split = copy.deepcopy(QUEUE)
    split["steps"]["hold"]["wait"] = 9
    split["steps"]["hold"]["next"] = "hold_more"
    split["steps"]["hold_more"] = {"type": "queue", "team": "cc", "wait": 9, "next": "agent"}
    assert _score(split).score == _score(QUEUE).score


def test_110_minutes_cost_more_than_10_percent() -> None:
    long_call = copy.deepcopy(QUEUE)
    long_call["steps"]["hold"]["wait"] = 0
    long_call["steps"]["agent"]["minutes"] = 110
    assert _score(long_call).score > 10.0
    on_hold = copy.deepcopy(QUEUE)
    on_hold["steps"]["hold"]["wait"] = 110
    assert _score(on_hold).score > 60.0


def test_5_eur_a_minute_weighs_more_than_0_41() -> None:
    scores = {}
    for rate in (0.0, 0.41, 5.0):
        paid = copy.deepcopy(QUEUE)
        paid["channels"]["line"]["cost_per_minute"] = rate
        scores[rate] = _score(paid).score
    assert scores[0.0] < scores[0.41] < scores[5.0]
    assert scores[5.0] - scores[0.41] > scores[0.41] - scores[0.0] > 0


def _refusing(rounds_share: float) -> dict[str, Any]:
    return {
        "frictionmap": 1,
        "name": "refusal",
        "customer": {"request": "cancellation"},
        "teams": {"a": {"name": "A"}, "b": {"name": "B"}},
        "start": "call",
        "steps": {
            "call": {"type": "contact", "channel": "phone", "next": "agent"},
            "agent": {
                "type": "agent",
                "team": "a",
                "next": [
                    {"to": "agent", "p": rounds_share, "when": "refuses"},
                    {"to": "done", "p": 1 - rounds_share},
                ],
            },
            "done": {"type": "outcome", "outcome": "resolved"},
        },
    }


def test_an_agent_who_refuses_costs_at_least_what_a_transfer_costs() -> None:
    refusing = _score(_refusing(0.5))  # one refusal on average, one customer in two
    parts = {p.key: p for p in refusing.breakdown.parts}
    assert parts["obstruction"].amount == pytest.approx(1.0)
    transferred = {
        "frictionmap": 1,
        "name": "transfer",
        "customer": {"request": "cancellation"},
        "teams": {"a": {"name": "A"}, "b": {"name": "B"}},
        "start": "call",
        "steps": {
            "call": {"type": "contact", "channel": "phone", "next": "agent"},
            "agent": {
                "type": "agent",
                "team": "a",
                "next": [{"to": "other", "p": 0.5}, {"to": "done", "p": 0.5}],
            },
            "other": {"type": "agent", "team": "b", "next": "done"},
            "done": {"type": "outcome", "outcome": "resolved"},
        },
    }
    moved = _score(transferred)  # one customer in two transferred once
    assert {p.key: p for p in moved.breakdown.parts}["transfers"].amount == pytest.approx(0.5)
    assert refusing.score >= moved.score > 0
    assert [f.rule for f in refusing.active] == ["obstruction-loop"]
    # And more rounds cost more: a hundred rounds grade F.
    assert _score(_refusing(0.99)).grade == "F"


def test_a_drop_met_by_few_costs_less_than_one_met_by_all() -> None:
    def dropping(share: float) -> dict[str, Any]:
        journey = copy.deepcopy(QUEUE)
        journey["steps"]["hold"]["next"] = [
            {"to": "agent", "p": 1 - share},
            {"to": "gave_up", "p": share, "dropped": True, "when": "line cut"},
        ]
        journey["steps"]["gave_up"] = {"type": "outcome", "outcome": "abandoned"}
        return journey

    few, all_ = _score(dropping(0.06)), _score(dropping(1.0))
    assert few.score < all_.score
    (dropped,) = [f for f in few.active if f.rule == "dropped-contact"]
    assert few.exposure(dropped) == pytest.approx(0.06)


def test_the_tail_counts() -> None:
    # The same mean, 20 minutes on hold: for everyone, or 100 minutes for one in five.
    steady = copy.deepcopy(QUEUE)
    steady["steps"]["hold"]["wait"] = 20
    spread = copy.deepcopy(QUEUE)
    spread["steps"]["hold"]["wait"] = 0
    spread["steps"]["call"]["next"] = [
        {"to": "hold", "p": 0.8},
        {"to": "slow_hold", "p": 0.2},
    ]
    spread["steps"]["slow_hold"] = {"type": "queue", "team": "cc", "wait": 100, "next": "agent"}
    a, b = _score(steady), _score(spread)
    assert a.metrics.expected_minutes == pytest.approx(b.metrics.expected_minutes)
    parts = {p.key: p for p in b.breakdown.parts}
    assert parts["tail"].loss > 0
    assert b.score > a.score


@pytest.mark.parametrize("path", SEEDS + CASES, ids=lambda p: p.stem)
def test_the_breakdown_adds_up_to_the_score(path: Path) -> None:
    result = check_file(str(path))
    parts = result.breakdown.parts
    assert sum(p.points for p in parts) == pytest.approx(result.score, abs=0.1 * len(parts))
    assert [p.loss for p in parts] == sorted((p.loss for p in parts), reverse=True)


def _with_menu(asks: list[str]) -> dict[str, Any]:
    """QUEUE with a 6-minute menu before the queue, asking for `asks`."""
    journey = copy.deepcopy(QUEUE)
    journey["data"] = {"account": {"label": "Account"}, "postcode": {"label": "Postcode"}}
    journey["steps"]["call"]["next"] = "menu"
    menu: dict[str, Any] = {"type": "ivr", "minutes": 6, "next": "hold"}
    if asks:
        menu["asks"] = asks
    journey["steps"]["menu"] = menu
    return journey


def test_a_menu_weighs_as_hold_whatever_it_asks() -> None:
    """A menu's minutes are time spent before anyone helps: they cost what hold
    minutes cost, more than the same minutes with an agent; a menu that asks for
    data costs no less than one that asks for nothing (a property test found the
    opposite when a menu that asks was priced as active time)."""
    on_hold = copy.deepcopy(QUEUE)
    on_hold["steps"]["hold"]["wait"] = 18 + 6
    listening = _score(_with_menu([]))
    assert listening.score == _score(on_hold).score
    assert listening.breakdown.parts[0].key == "hold"
    assert listening.breakdown.parts[0].amount == pytest.approx(24.0)
    longer_agent = copy.deepcopy(QUEUE)
    longer_agent["steps"]["agent"]["minutes"] = 4 + 6
    assert _score(longer_agent).score < listening.score
    assert _score(_with_menu(["account"])).score == listening.score


def _asking_again(again: list[str]) -> dict[str, Any]:
    """A menu asks for the account and postcode, then the agent asks `again`."""
    journey = _with_menu(["account", "postcode"])
    if again:
        journey["steps"]["agent"]["asks"] = again
    return journey


def test_a_step_that_asks_again_weighs_once_whatever_it_asks_again() -> None:
    """Being asked again is the irritation (HBR 2010, Redwood): one step that asks
    for two data already given costs what one asking for one costs; the minutes of
    answering are the step's own."""
    scores = {}
    for again in ([], ["account"], ["account", "postcode"]):
        result = _score(_asking_again(again))
        scores[len(again)] = result.score
        repeated = [p for p in result.breakdown.parts if p.key == "repeated_entries"]
        assert [p.amount for p in repeated if p.loss > 0] == ([1.0] if again else [])
    assert scores[0] < scores[1] == scores[2]


def _asked_again_on(graph: Any, walk: list[str]) -> int:
    given: set[str] = set()
    count = 0
    for step in walk:
        asks = set(graph.nodes[step]["facts"].asks)
        count += bool(asks & given)
        given |= asks
    return count


@pytest.mark.parametrize("path", SEEDS + CASES, ids=lambda p: p.stem)
def test_steps_asking_again_match_monte_carlo(path: Path) -> None:
    import random

    from test_exposure import _walk

    result = check_file(str(path))
    graph, start = result.graph, result.journey.start
    exact = result.metrics.expected_asks_again
    rng = random.Random(7)
    runs = 4_000
    counts = [_asked_again_on(graph, _walk(graph, start, rng)) for _ in range(runs)]
    mean = sum(counts) / runs
    spread = (sum((c - mean) ** 2 for c in counts) / runs) ** 0.5
    assert abs(mean - exact) <= 5 * spread / runs**0.5 + 1e-3, (exact, mean)


def test_past_the_data_state_limit_the_sure_repeats_stay_exact(monkeypatch: Any) -> None:
    """Where the data given would make the walk chain too large, the score keeps the
    repeats every walk makes on the chain and weighs the others in expectation: a
    journey whose only repeat is sure scores the same, and the UPS seed (whose voice
    server asks again on some walks only) within a point."""
    from frictionmap.solver import limits

    sure = yaml.safe_dump(_asking_again(["account", "postcode"]), sort_keys=False)
    ups = (ROOT / "journeys" / "ups-redelivery.yaml").read_text(encoding="utf-8")
    exact = [check_text(sure).score, check_text(ups).score]
    monkeypatch.setattr(limits, "GOODWILL_DATA_STATES", 1)
    assert check_text(sure).score == exact[0]
    assert abs(check_text(ups).score - exact[1]) <= 1.0


@pytest.mark.parametrize("path", SEEDS + CASES, ids=lambda p: p.stem)
def test_obstruction_rounds_are_the_same_solved_one_by_one_or_all_at_once(
    path: Path, monkeypatch: Any
) -> None:
    """Few loops: one reach solve each; many: every step's reach in one pass (a
    10,000-step journey with 1,557 loops took 12 minutes one by one)."""
    from frictionmap.score import obstruction_rounds
    from frictionmap.solver import limits

    result = check_file(str(path))
    graph, start, visits = result.graph, result.journey.start, result.metrics.step_visits
    one_by_one = obstruction_rounds(graph, start, visits)
    monkeypatch.setattr(limits, "LOOPS_SOLVED_ONE_BY_ONE", 0)
    assert obstruction_rounds(graph, start, visits) == pytest.approx(one_by_one, abs=1e-9)
