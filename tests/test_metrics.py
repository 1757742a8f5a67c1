"""Exact Markov metrics against answers computed by hand (in the comments), to 1e-9."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml

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
        "expected_transfers", "expected_repeated_entries", "expected_channel_switches",
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
