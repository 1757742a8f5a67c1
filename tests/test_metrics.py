"""Exact Markov metrics against answers computed by hand (in the comments), to 1e-9."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from frictionmap.facts import StepFacts
from frictionmap.graph import build_graph
from frictionmap.loader import loads
from frictionmap.metrics import OUTCOME_KEYS, Metrics, compute_metrics
from frictionmap.score import FRICTION

TOL = 1e-9


def metrics_of(steps: dict[str, Any], start: str, **top: Any) -> Metrics:
    journey = {"frictionmap": 1, "name": "hand", **top, "start": start, "steps": steps}
    loaded = loads(yaml.safe_dump(journey, sort_keys=False), "hand.yaml")
    metrics = compute_metrics(loaded.journey, build_graph(loaded.journey))
    assert math.fsum(metrics.p_outcomes.values()) == pytest.approx(1.0, abs=TOL)
    assert list(metrics.p_outcomes) == list(OUTCOME_KEYS)
    return metrics


def close(value: float, expected: float) -> None:
    assert value == pytest.approx(expected, abs=TOL, rel=TOL)


DONE = {"type": "outcome", "outcome": "resolved", "root_cause": True}


def test_simple_loop_is_a_geometric_series() -> None:
    # ivr repeats itself with 1/4: visits 1 + 1/4 + 1/16 + ... = 1 / (1 - 1/4) = 4/3.
    # minutes = 2 x 4/3 + 10 = 38/3; hours = minutes / 60; everyone is resolved.
    m = metrics_of(
        {
            "ivr": {"type": "ivr", "minutes": 2, "next": [
                {"to": "ivr", "p": 0.25}, {"to": "agent", "p": 0.75}]},
            "agent": {"type": "agent", "minutes": 10, "next": "done"},
            "done": DONE,
        },
        "ivr",
    )
    close(m.step_visits["ivr"], 4 / 3)
    close(m.step_visits["agent"], 1.0)
    close(m.step_visits["done"], 1.0)
    close(m.expected_minutes, 38 / 3)
    close(m.expected_hours, 38 / 3 / 60)
    close(m.p_resolved, 1.0)
    # no contact at all: resolved with at most one contact
    close(m.first_contact_resolution, 1.0)
    close(m.expected_contacts, 0.0)


def test_dead_end_absorbs_as_stuck() -> None:
    # agent -> done 0.6, -> limbo 0.4 where nothing follows: stuck 0.4.
    # limbo's own 5 minutes count once: minutes = 3 + 0.4 x 5 = 5.
    m = metrics_of(
        {
            "call": {"type": "contact", "channel": "phone", "next": "agent"},
            "agent": {"type": "agent", "minutes": 3, "next": [
                {"to": "done", "p": 0.6}, {"to": "limbo", "p": 0.4}]},
            "limbo": {"type": "message", "minutes": 5},
            "done": DONE,
        },
        "call",
    )
    close(m.p_outcomes["stuck"], 0.4)
    close(m.p_outcomes["resolved"], 0.6)
    close(m.step_visits["limbo"], 0.4)
    close(m.expected_minutes, 5.0)
    close(m.first_contact_resolution, 0.6)
    close(m.expected_contacts, 1.0)


def test_trap_absorbs_as_trapped_at_its_entry() -> None:
    # web -> done 0.5, -> login 0.5; login <-> reset never leaves (reset's way out
    # has probability 0). The walk is absorbed on entering login: trapped 0.5,
    # login counted once (0.5), reset never; minutes = 4 + 0.5 x 3 = 5.5.
    m = metrics_of(
        {
            "web": {"type": "self_service", "minutes": 4, "next": [
                {"to": "done", "p": 0.5}, {"to": "login", "p": 0.5}]},
            "login": {"type": "self_service", "minutes": 3, "next": "reset"},
            "reset": {"type": "message", "minutes": 1, "next": [
                {"to": "login", "p": 1.0}, {"to": "done", "p": 0.0}]},
            "done": DONE,
        },
        "web",
    )
    close(m.p_outcomes["trapped"], 0.5)
    close(m.p_outcomes["resolved"], 0.5)
    close(m.step_visits["login"], 0.5)
    close(m.step_visits["reset"], 0.0)
    close(m.expected_minutes, 5.5)
    assert all(math.isfinite(v) for v in m.step_visits.values())


def test_transfers_across_team_less_steps() -> None:
    # call (no team) -> a1 (A) -> menu (no team) -> b1 (B) 0.5 | a2 (A) 0.5;
    # a2 -> menu 0.5 | done 0.5; b1 -> back (no team) -> a3 (A) -> done.
    # The first team met is no transfer. menu keeps last team A: a2 is no
    # transfer, b1 is one; back keeps B: a3 is one.
    # P(reach b1) = h, h = 0.5 + 0.5 x 0.5 x h => h = 2/3; transfers = 2 h = 4/3.
    # visits(menu) = 1 / (1 - 0.25) = 4/3.
    m = metrics_of(
        {
            "call": {"type": "contact", "channel": "phone", "next": "a1"},
            "a1": {"type": "agent", "team": "A", "next": "menu"},
            "menu": {"type": "ivr", "next": ["b1", "a2"]},
            "a2": {"type": "agent", "team": "A", "next": ["menu", "done"]},
            "b1": {"type": "agent", "team": "B", "next": "back"},
            "back": {"type": "ivr", "next": "a3"},
            "a3": {"type": "agent", "team": "A", "next": "done"},
            "done": DONE,
        },
        "call",
        teams={"A": {}, "B": {}},
    )
    close(m.expected_transfers, 4 / 3)
    assert list(m.transfer_traversals) == [("menu", "b1"), ("back", "a3")]
    close(m.transfer_traversals[("menu", "b1")], 2 / 3)
    close(m.transfer_traversals[("back", "a3")], 2 / 3)
    close(m.step_visits["menu"], 4 / 3)
    close(m.step_visits["b1"], 2 / 3)


def test_datum_on_exclusive_branches_is_not_repeated() -> None:
    # acct is asked at x or at y, never both: total asks 1, P(asked) 1, repeats 0.
    m = metrics_of(
        {
            "menu": {"type": "ivr", "next": ["x", "y"]},
            "x": {"type": "ivr", "asks": ["acct"], "next": "done"},
            "y": {"type": "agent", "asks": ["acct"], "next": "done"},
            "done": DONE,
        },
        "menu",
        data={"acct": {}},
    )
    close(m.expected_repeated_entries, 0.0)


def test_datum_asked_in_a_loop() -> None:
    # ivr (acct) -> agent (acct) -> done 0.6 | ivr 0.4: visits 1 / 0.6 = 5/3 each,
    # asks 10/3, asked at least once with certainty: repeats = 10/3 - 1 = 7/3.
    m = metrics_of(
        {
            "ivr": {"type": "ivr", "asks": ["acct"], "next": "agent"},
            "agent": {"type": "agent", "asks": ["acct"], "next": [
                {"to": "done", "p": 0.6}, {"to": "ivr", "p": 0.4}]},
            "done": DONE,
        },
        "ivr",
        data={"acct": {}},
    )
    close(m.expected_repeated_entries, 7 / 3)


def test_datum_asked_on_one_branch_then_again() -> None:
    # menu -> x (asks acct) 0.3 | y 0.7, both -> agent (asks acct): only the walks
    # through x are asked twice: repeats 0.3. A datum asked once (pin) adds nothing.
    m = metrics_of(
        {
            "menu": {"type": "ivr", "next": [{"to": "x", "p": 0.3}, {"to": "y", "p": 0.7}]},
            "x": {"type": "ivr", "asks": ["acct"], "next": "agent"},
            "y": {"type": "ivr", "asks": ["pin"], "next": "agent"},
            "agent": {"type": "agent", "asks": ["acct"], "next": "done"},
            "done": DONE,
        },
        "menu",
        data={"acct": {}, "pin": {}},
    )
    close(m.expected_repeated_entries, 0.3)


def test_first_contact_resolution_with_a_retry_to_contact() -> None:
    # web -> done 0.2 (no contact) | call 0.8; call -> agent -> done 0.5 | call 0.5.
    # FCR = 0.2 + 0.8 x 0.5 = 0.6; everyone is resolved in the end;
    # contacts = 0.8 x 1 / (1 - 0.5) = 1.6.
    m = metrics_of(
        {
            "web": {"type": "self_service", "channel": "web", "next": [
                {"to": "done", "p": 0.2}, {"to": "call", "p": 0.8}]},
            "call": {"type": "contact", "channel": "web", "next": "agent"},
            "agent": {"type": "agent", "next": [
                {"to": "done", "p": 0.5}, {"to": "call", "p": 0.5}]},
            "done": DONE,
        },
        "web",
    )
    close(m.first_contact_resolution, 0.6)
    close(m.p_resolved, 1.0)
    close(m.expected_contacts, 1.6)


def test_first_contact_resolution_excludes_failures() -> None:
    # call -> agent -> done 0.5 | call 0.3 | gave_up 0.2: FCR 0.5;
    # p_resolved = 0.5 / (1 - 0.3) = 5/7; contacts = 1 / 0.7 = 10/7.
    m = metrics_of(
        {
            "call": {"type": "contact", "channel": "phone", "next": "agent"},
            "agent": {"type": "agent", "next": [
                {"to": "done", "p": 0.5}, {"to": "call", "p": 0.3},
                {"to": "gave_up", "p": 0.2}]},
            "done": DONE,
            "gave_up": {"type": "outcome", "outcome": "abandoned"},
        },
        "call",
    )
    close(m.first_contact_resolution, 0.5)
    close(m.p_resolved, 5 / 7)
    close(m.p_outcomes["abandoned"], 2 / 7)
    close(m.expected_contacts, 10 / 7)


def test_channel_switch() -> None:
    # web -> done 0.4 | call (phone) 0.6: a switch web -> phone, 0.6.
    # agent (inherits phone) -> done 0.5 | mail (email contact) 0.25 | again
    # (phone contact) 0.25: phone -> email is a switch (0.6 x 0.25 = 0.15), phone
    # -> phone is not. again -> agent. Visits(agent) = 0.6 / (1 - 0.25) = 0.8:
    # switches = 0.6 + 0.8 x 0.25 = 0.8.
    m = metrics_of(
        {
            "web": {"type": "self_service", "channel": "web", "next": [
                {"to": "done", "p": 0.4}, {"to": "call", "p": 0.6}]},
            "call": {"type": "contact", "channel": "phone", "next": "agent"},
            "agent": {"type": "agent", "next": [
                {"to": "done", "p": 0.5}, {"to": "mail", "p": 0.25},
                {"to": "again", "p": 0.25}]},
            "again": {"type": "contact", "channel": "phone", "next": "agent"},
            "mail": {"type": "contact", "channel": "email", "next": "done"},
            "done": DONE,
        },
        "web",
    )
    close(m.step_visits["agent"], 0.8)
    close(m.expected_channel_switches, 0.8)


def test_cost_with_a_paid_line() -> None:
    # hotline: 0.5 per minute and 1.0 per contact. call -> hold (queue, 10 min)
    # -> agent 0.8 | call 0.2 (line cut); agent (4 min, cost 2, on the hotline by
    # inheritance) -> callback (wait 30, 2 hours) -> done.
    # visits(call) = visits(hold) = 1 / 0.8 = 1.25, agent = callback = 1.
    # customer minutes = 10 x 1.25 + 4 = 16.5 (a callback's wait is not on hold);
    # cost = 0.5 x 16.5 (per minute) + 1.0 x 1.25 (per contact) + 2 = 11.5
    #        (the callback inherits the hotline but has no customer minutes);
    # hours = (12.5 + 4 + 30) / 60 + 2 = 2.775.
    m = metrics_of(
        {
            "call": {"type": "contact", "channel": "hotline", "next": "hold"},
            "hold": {"type": "queue", "wait": 10, "next": [
                {"to": "agent", "p": 0.8},
                {"to": "call", "p": 0.2, "when": "line cut", "dropped": True}]},
            "agent": {"type": "agent", "minutes": 4, "cost": 2, "next": "callback"},
            "callback": {"type": "callback", "wait": 30, "hours": 2, "next": "done"},
            "done": DONE,
        },
        "call",
        channels={"hotline": {"kind": "phone", "cost_per_minute": 0.5, "cost": 1.0}},
    )
    close(m.expected_contacts, 1.25)
    close(m.expected_minutes, 16.5)
    close(m.expected_cost, 11.5)
    close(m.expected_hours, 2.775)


def test_unreachable_steps_have_no_visits() -> None:
    m = metrics_of(
        {
            "call": {"type": "contact", "channel": "phone", "next": "done"},
            "orphan": {"type": "agent", "next": "done"},
            "done": DONE,
        },
        "call",
    )
    assert list(m.step_visits) == ["call", "orphan", "done"]
    assert m.step_visits["orphan"] == 0.0


def test_goodwill_by_hand() -> None:
    # call -> agent (A, no minutes) -> done 0.5 | call 0.5. A walk with k recalls
    # has probability 0.5^(k+1) and factor r^k (r: a contact after the first);
    # the team stays A (no transfer), no switch, no time:
    # goodwill = sum_k 0.5^(k+1) r^k = 0.5 / (1 - 0.5 r).
    m = metrics_of(
        {
            "call": {"type": "contact", "channel": "phone", "next": "agent"},
            "agent": {"type": "agent", "team": "A", "next": ["done", "call"]},
            "done": DONE,
        },
        "call",
        teams={"A": {}},
    )
    close(m.goodwill, 0.5 / (1 - 0.5 * FRICTION.repeat_contact))


def test_goodwill_time_factor_and_outcome_values() -> None:
    # agent (60 min) -> done (root cause explained) 0.5 | refund 0.5 (no
    # explanation): time factor 1 - 0.1 (1 - 2^-1) = 0.95 on every walk;
    # goodwill = 0.95 x (0.5 x 1 + 0.5 x 0.37).
    m = metrics_of(
        {
            "agent": {"type": "agent", "minutes": 60, "next": ["done", "refund"]},
            "done": DONE,
            "refund": {"type": "outcome", "outcome": "refunded"},
        },
        "agent",
    )
    close(m.goodwill, 0.95 * (0.5 + 0.5 * 0.37))


def test_start_can_be_an_outcome() -> None:
    m = metrics_of({"done": DONE}, "done")
    close(m.p_resolved, 1.0)
    close(m.step_visits["done"], 1.0)
    close(m.goodwill, 1.0)


def test_a_near_certain_self_loop_stays_finite() -> None:
    # exit 1e-10 per pass: visits 1e10, still finite, still absorbed.
    m = metrics_of(
        {
            "ivr": {"type": "ivr", "next": [
                {"to": "ivr", "p": 1 - 1e-10}, {"to": "done", "p": 1e-10}]},
            "done": DONE,
        },
        "ivr",
    )
    assert m.step_visits["ivr"] == pytest.approx(1e10, rel=1e-5)
    close(m.p_resolved, 1.0)


def test_absurd_numbers_stay_finite() -> None:
    # 1e308 minutes on hold, twice on average: the totals saturate at the largest float.
    m = metrics_of(
        {
            "hold": {"type": "queue", "channel": "line", "wait": 1e308, "minutes": 1e308,
                     "hours": 1e308, "next": [
                {"to": "hold", "p": 0.5}, {"to": "done", "p": 0.5}]},
            "done": DONE,
        },
        "hold",
        channels={"line": {"kind": "phone", "cost_per_minute": 1e308}},
    )
    for value in (m.expected_minutes, m.expected_hours, m.expected_cost, m.goodwill):
        assert math.isfinite(value)
    close(m.step_visits["hold"], 2.0)


def test_to_dict_is_rounded_and_ordered() -> None:
    m = metrics_of(
        {
            "ivr": {"type": "ivr", "next": [{"to": "ivr", "p": 1 / 3}, {"to": "done", "p": 2 / 3}]},
            "done": DONE,
        },
        "ivr",
    )
    data = m.to_dict()
    assert list(data) == [
        "p_outcomes", "p_resolved", "first_contact_resolution", "expected_contacts",
        "expected_transfers", "expected_repeated_entries", "expected_asks_again",
        "expected_channel_switches",
        "expected_minutes", "expected_hours", "expected_cost", "goodwill", "step_visits",
        "transfer_traversals",
    ]
    assert data["step_visits"] == {"ivr": 1.5, "done": 1.0}
    assert data["transfer_traversals"] == []


def test_seed_journeys_metrics_are_finite() -> None:
    from pathlib import Path

    from frictionmap.loader import load

    for path in sorted((Path(__file__).parent.parent / "journeys").glob("*.yaml")):
        loaded = load(path)
        m = compute_metrics(loaded.journey, build_graph(loaded.journey))
        assert math.fsum(m.p_outcomes.values()) == pytest.approx(1.0, abs=TOL)
        values = [v for k, v in vars(m).items() if isinstance(v, float)]
        values += list(m.step_visits.values()) + list(m.transfer_traversals.values())
        assert all(math.isfinite(v) for v in values), path


# -- an independent reference: explicit product chains, dense inverse --------------

def _reference(journey: Any, graph: nx.DiGraph) -> dict[str, float]:
    """The history-dependent metrics on one explicit product chain per quantity.

    The memory is the whole relevant history: last team, contacts so far (capped
    at 2), the *set* of data already given (the exact joint law), and for
    goodwill (last team, contacted). Absorbing steps are states with no way out;
    visits come from N = (I - Q)^-1 computed by a dense inverse.
    """
    support = nx.DiGraph()
    support.add_nodes_from(graph.nodes)
    support.add_edges_from((a, b) for a, b, p in graph.edges(data="p") if p > 0)
    reach = nx.descendants(support, journey.start) | {journey.start}
    sub = support.subgraph(reach)
    absorbing: dict[str, str] = {}
    for component in nx.attracting_components(sub):
        for step in component:
            node = graph.nodes[step]["facts"]
            if node.type == "outcome":
                absorbing[step] = node.outcome
            elif sub.has_edge(step, step) or len(component) > 1:
                absorbing[step] = "trapped"
            else:
                absorbing[step] = "stuck"

    def chain(memory0: Any, update: Any) -> tuple[Any, list[Any], Any]:
        """update(memory, step) -> (memory after entering step, reward, factor)."""
        start_memory, start_reward, start_factor = update(memory0, journey.start, None)
        states = [(journey.start, start_memory)]
        index = {states[0]: 0}
        edges = []
        k = 0
        while k < len(states):
            step, memory = states[k]
            if step not in absorbing:
                for target in sub.successors(step):
                    q = graph.edges[step, target]["p"]
                    after, reward, factor = update(memory, target, step)
                    key = (target, after)
                    if key not in index:
                        index[key] = len(states)
                        states.append(key)
                    edges.append((k, index[key], q, reward, factor))
            k += 1
        size = len(states)
        plain = np.eye(size)
        weighted = np.eye(size)
        for a, b, q, _, factor in edges:
            plain[a, b] -= q
            weighted[a, b] -= q * factor
        visits = np.linalg.inv(plain)[0]
        discounted = np.linalg.inv(weighted)[0] * start_factor
        rewards = start_reward + sum(visits[a] * q * reward for a, _, q, reward, _ in edges)
        return states, visits, (rewards, discounted)

    team = {s: graph.nodes[s]["facts"].team for s in graph}
    contact = {s: graph.nodes[s]["facts"].type == "contact" for s in graph}

    def transfers(memory: Any, step: str, before: Any) -> Any:
        if team[step] is None:
            return memory, 0, 1.0
        return team[step], int(memory is not None and memory != team[step]), 1.0

    _, _, (expected_transfers, _) = chain(None, transfers)

    def contacts(memory: int, step: str, before: Any) -> Any:
        return min(2, memory + contact[step]), 0, 1.0

    states, visits, _ = chain(0, contacts)
    fcr = sum(
        visits[k]
        for k, (step, n) in enumerate(states)
        if n <= 1 and absorbing.get(step) == "resolved"
    )

    def asked(memory: frozenset[str], step: str, before: Any) -> Any:
        repeats = 0
        given = set(memory)
        for datum in graph.nodes[step]["facts"].asks:
            repeats += datum in given
            given.add(datum)
        return frozenset(given), repeats, 1.0

    _, _, (repeated, _) = chain(frozenset(), asked)

    def goodwill(memory: Any, step: str, before: Any) -> Any:
        last, contacted = memory
        factor = 0.5 ** (_minutes(graph.nodes[step]["facts"]) / 60)
        kind_before = graph.nodes[before]["facts"].channel_kind if before is not None else None
        kind = graph.nodes[step]["facts"].channel_kind
        if contact[step] and kind_before is not None and kind is not None and kind != kind_before:
            factor *= FRICTION.channel_switch
        if contact[step] and contacted:
            factor *= FRICTION.repeat_contact
        if team[step] is not None:
            if last is not None and last != team[step]:
                factor *= FRICTION.transfer
            last = team[step]
        return (last, contacted or contact[step]), 0, factor

    states, _, (_, timed) = chain((None, False), goodwill)

    def no_time(memory: Any, step: str, before: Any) -> Any:
        after, reward, factor = goodwill(memory, step, before)
        return after, reward, factor / 0.5 ** (_minutes(graph.nodes[step]["facts"]) / 60)

    _, _, (_, plain) = chain((None, False), no_time)

    def value(step: str) -> float:
        if step not in absorbing or absorbing[step] not in ("resolved", "refunded"):
            return 0.0
        explained = graph.nodes[step]["facts"].root_cause
        return float(FRICTION.outcome_value(absorbing[step], explained))

    kept = sum(plain[k] * value(step) for k, (step, _) in enumerate(states))
    kept_timed = sum(timed[k] * value(step) for k, (step, _) in enumerate(states))
    return {
        "expected_transfers": float(expected_transfers),
        "first_contact_resolution": float(fcr),
        "expected_repeated_entries": float(repeated),
        "goodwill": 0.9 * float(kept) + 0.1 * float(kept_timed),
    }


def _minutes(node: StepFacts) -> float:
    """The customer's minutes at a step, written out again (not facts.customer_minutes)."""
    wait = node.wait if node.type == "queue" and node.wait is not None else 0.0
    return float(node.minutes) + float(wait)


@st.composite
def small_journeys(draw: st.DrawFn) -> dict[str, Any]:
    names = [f"s{i}" for i in range(draw(st.integers(1, 6)))]
    ends = {"done": DONE, "refund": {"type": "outcome", "outcome": "refunded"},
            "gave_up": {"type": "outcome", "outcome": "abandoned"}}
    steps: dict[str, Any] = {}
    for name in names:
        kinds = ("contact", "ivr", "agent", "queue", "message", "self_service")
        kind = draw(st.sampled_from(kinds))
        step: dict[str, Any] = {"type": kind}
        if kind == "contact" or draw(st.booleans()):
            step["channel"] = draw(st.sampled_from(("phone", "email", "web")))
        if draw(st.booleans()):
            step["team"] = draw(st.sampled_from(("A", "B", "C")))
        step["minutes"] = draw(st.integers(0, 90))
        if kind == "queue":
            step["wait"] = draw(st.integers(0, 30))
        step["asks"] = draw(st.lists(st.sampled_from(("d1", "d2", "d3")), max_size=3))
        if draw(st.integers(0, 7)):
            targets = draw(st.lists(st.sampled_from(names + list(ends)), min_size=1, max_size=3,
                                    unique=True))
            weights = draw(st.lists(st.integers(0, 5), min_size=len(targets),
                                    max_size=len(targets)))
            if not any(weights):
                weights[0] = 1
            step["next"] = [{"to": t, "p": w / sum(weights)}
                            for t, w in zip(targets, weights, strict=True)]
        steps[name] = step
    steps.update(ends)
    return steps


@settings(max_examples=50, deadline=None)
@given(small_journeys())
def test_product_chains_match_an_explicit_reference(steps: dict[str, Any]) -> None:
    m = metrics_of(steps, "s0", teams={"A": {}, "B": {}, "C": {}},
                   data={"d1": {}, "d2": {}, "d3": {}})
    journey = {"frictionmap": 1, "name": "hand", "teams": {"A": {}, "B": {}, "C": {}},
               "data": {"d1": {}, "d2": {}, "d3": {}}, "start": "s0", "steps": steps}
    loaded = loads(yaml.safe_dump(journey, sort_keys=False), "hand.yaml")
    expected = _reference(loaded.journey, build_graph(loaded.journey))
    for key, value in expected.items():
        assert getattr(m, key) == pytest.approx(value, abs=1e-9, rel=1e-9), key
    close(m.expected_transfers, math.fsum(m.transfer_traversals.values()))


def test_long_ring_goes_through_the_sparse_solver() -> None:
    # 400 IVR steps in a ring, each going on with 0.99 and resolving with 0.01:
    # visits of step k = 0.99^k / (1 - 0.99^400) (geometric series over the laps).
    size = 400
    steps: dict[str, Any] = {
        f"r{k}": {"type": "ivr", "next": [
            {"to": f"r{(k + 1) % size}", "p": 0.99}, {"to": "done", "p": 0.01}]}
        for k in range(size)
    }
    steps["done"] = DONE
    m = metrics_of(steps, "r0")
    for k in (0, 1, 57, 399):
        close(m.step_visits[f"r{k}"], 0.99**k / (1 - 0.99**size))
    close(m.p_resolved, 1.0)


def test_sparse_and_dense_solves_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from frictionmap.loader import load
    from frictionmap.solver import limits

    for path in sorted((Path(__file__).parent.parent / "journeys").glob("*.yaml")):
        loaded = load(path)
        graph = build_graph(loaded.journey)
        dense = compute_metrics(loaded.journey, graph)
        monkeypatch.setattr(limits, "PURE_PYTHON_CHAIN_STEPS", 0)
        monkeypatch.setattr(limits, "DENSE_PRODUCT_STATES", 0)
        sparse = compute_metrics(loaded.journey, graph)
        monkeypatch.undo()
        for key, value in vars(dense).items():
            if isinstance(value, float):
                assert getattr(sparse, key) == pytest.approx(value, abs=1e-9), (path, key)
        for step, visits in dense.step_visits.items():
            assert sparse.step_visits[step] == pytest.approx(visits, abs=1e-9), (path, step)


# -- the pure-Python path (small chains) against the numpy/scipy path -------------

SEEDS = Path(__file__).parent.parent / "journeys"


def _agree(pure: Metrics, other: Metrics, where: object) -> None:
    """Every number of the two results, to 1e-9 (same keys, same order)."""
    for key, value in vars(pure).items():
        theirs = getattr(other, key)
        if isinstance(value, float):
            assert theirs == pytest.approx(value, abs=TOL, rel=TOL), (where, key)
        else:
            assert list(theirs) == list(value), (where, key)
            for name, amount in value.items():
                assert theirs[name] == pytest.approx(amount, abs=TOL, rel=TOL), (where, key, name)


def _all_paths(
    journey: Any, graph: nx.DiGraph, monkeypatch: pytest.MonkeyPatch
) -> tuple[Metrics, Metrics, Metrics, Metrics]:
    """(pure Python, numpy dense, scipy sparse in natural order, and in COLAMD's
    fill-reducing order with GMRES first, as for one large loop); the first may not
    touch numpy."""
    from frictionmap.solver import limits, vectorised

    with monkeypatch.context() as patch:
        patch.setattr(vectorised, "NumpySolver", None)  # calling it would fail
        pure = compute_metrics(journey, graph)
    with monkeypatch.context() as patch:
        patch.setattr(limits, "PURE_PYTHON_CHAIN_STEPS", 0)
        dense = compute_metrics(journey, graph)
        patch.setattr(limits, "DENSE_PRODUCT_STATES", 0)
        sparse = compute_metrics(journey, graph)
        patch.setattr(limits, "COLAMD_BLOCK_STATES", 0)
        reordered = compute_metrics(journey, graph)
    return pure, dense, sparse, reordered


@pytest.mark.parametrize(
    "path",
    sorted(SEEDS.glob("*.yaml")) + sorted((SEEDS / "redesigned").glob("*.yaml")),
    ids=lambda p: f"{p.parent.name}/{p.stem}",
)
def test_pure_python_and_numpy_paths_agree_on_the_seeds(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frictionmap.loader import load

    loaded = load(path)
    pure, dense, sparse, reordered = _all_paths(
        loaded.journey, build_graph(loaded.journey), monkeypatch
    )
    _agree(pure, dense, (path, "dense"))
    _agree(pure, sparse, (path, "sparse"))
    _agree(pure, reordered, (path, "sparse, COLAMD order"))


@settings(max_examples=60, deadline=None)
@given(small_journeys())
def test_pure_python_and_numpy_paths_agree_on_random_journeys(steps: dict[str, Any]) -> None:
    journey = {"frictionmap": 1, "name": "hand", "teams": {"A": {}, "B": {}, "C": {}},
               "data": {"d1": {}, "d2": {}, "d3": {}}, "start": "s0", "steps": steps}
    loaded = loads(yaml.safe_dump(journey, sort_keys=False), "hand.yaml")
    with pytest.MonkeyPatch.context() as monkeypatch:
        pure, dense, sparse, reordered = _all_paths(
            loaded.journey, build_graph(loaded.journey), monkeypatch
        )
    _agree(pure, dense, "dense")
    _agree(pure, sparse, "sparse")
    _agree(pure, reordered, "sparse, COLAMD order")


def test_paths_agree_above_the_pure_python_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # A ring longer than PURE_PYTHON_CHAIN_STEPS, with teams, contacts and a datum
    # asked on every lap: by default the numpy path; forced, the pure one (whose
    # loop then holds more states than solver/blocks.py solves by GTH).
    from frictionmap.solver import limits

    size = limits.PURE_PYTHON_CHAIN_STEPS + 20
    kinds = ("contact", "agent", "ivr", "agent")
    steps: dict[str, Any] = {}
    for k in range(size):
        step: dict[str, Any] = {"type": kinds[k % 4], "minutes": k % 5, "next": [
            {"to": f"r{(k + 1) % size}", "p": 0.97},
            {"to": "done", "p": 0.02},
            {"to": "gave_up", "p": 0.01},
        ]}
        if step["type"] == "contact":
            step["channel"] = ("phone", "web")[k % 8 // 4]
        if step["type"] == "agent":
            step["team"] = "ABC"[k % 3]
        if k % 7 == 0:
            step["asks"] = ["d1"]
        steps[f"r{k}"] = step
    steps["done"] = DONE
    steps["gave_up"] = {"type": "outcome", "outcome": "abandoned"}
    journey = {"frictionmap": 1, "name": "ring", "teams": {"A": {}, "B": {}, "C": {}},
               "channels": {"phone": {"kind": "phone"}, "web": {"kind": "web"}},
               "data": {"d1": {}}, "start": "r0", "steps": steps}
    loaded = loads(yaml.safe_dump(journey, sort_keys=False), "ring.yaml")
    graph = build_graph(loaded.journey)
    large = compute_metrics(loaded.journey, graph)
    monkeypatch.setattr(limits, "PURE_PYTHON_CHAIN_STEPS", 10**9)
    pure = compute_metrics(loaded.journey, graph)
    _agree(pure, large, "ring")
    assert large.expected_transfers > 1.0 and large.expected_repeated_entries > 1.0


def test_asks_again_past_the_solve_bound_is_a_lower_bound(monkeypatch: Any) -> None:
    """Sets of data asked together take one solve each within bounds.pairs_bound;
    past it (a generated 10,000-step journey asks for 371 different sets), a set's
    steps count the largest of their data's own asks again: never more than exact."""
    from frictionmap import bounds
    from frictionmap.analysis import check_text

    root = Path(__file__).parent.parent
    text = (root / "journeys" / "office-activation.yaml").read_text(encoding="utf-8")
    exact = check_text(text).metrics.expected_asks_again
    assert exact > 0
    # Room for the two data's own solves (the journey is not refused), none for the pair.
    data = bounds.repeatable_data(loads(text).journey)
    assert data == 2
    monkeypatch.setattr(bounds, "pairs_bound", lambda steps: data * steps)
    bounded = check_text(text).metrics.expected_asks_again
    assert 0 < bounded <= exact + 1e-12
