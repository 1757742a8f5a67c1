"""Monte Carlo walks: reproducible, and agreeing with hand-computed expectations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from frictionmap.cli import app
from frictionmap.graph import build_graph
from frictionmap.loader import load, loads
from frictionmap.render.simulation import render_json, render_terminal
from frictionmap.simulate import OUTCOMES, Simulation, simulate

JOURNEYS = sorted((Path(__file__).parent.parent / "journeys").glob("*.yaml"))

# A geometric retry loop inside a recontact loop, small enough to solve by hand.
# Each round: call (1 contact, 1.00 EUR), the IVR until understood (p 0.7 per
# try, 2 min a try), a 10-minute queue (0.1 hang up), the agent (5 min; 0.8
# resolved after a 24 h confirmation, 0.2 a callback waited 30 min, then a new
# call). Everything but the e-mail is on the 0.50 EUR/min line.
RETRY = {
    "frictionmap": 1,
    "name": "retry loop",
    "channels": {"hotline": {"kind": "phone", "cost_per_minute": 0.5, "cost": 1.0}},
    "start": "call",
    "steps": {
        "call": {"type": "contact", "channel": "hotline", "next": "ivr"},
        "ivr": {
            "type": "ivr",
            "minutes": 2,
            "next": [{"to": "queue", "p": 0.7}, {"to": "ivr", "p": 0.3}],
        },
        "queue": {
            "type": "queue",
            "wait": 10,
            "next": [{"to": "agent", "p": 0.9}, {"to": "gave_up", "p": 0.1}],
        },
        "agent": {
            "type": "agent",
            "minutes": 5,
            "next": [{"to": "confirmation", "p": 0.8}, {"to": "callback", "p": 0.2}],
        },
        "confirmation": {"type": "message", "channel": "email", "hours": 24, "next": "done"},
        "callback": {"type": "callback", "wait": 30, "next": "call"},
        "done": {"type": "outcome", "outcome": "resolved"},
        "gave_up": {"type": "outcome", "outcome": "abandoned"},
    },
}
ROUNDS = 1 / (1 - 0.9 * 0.2)  # expected calls: a round restarts with p 0.18
ROUND_MINUTES = 2 / 0.7 + 10 + 0.9 * 5  # IVR tries, hold, agent when reached
EXPECTED = {
    "contacts": ROUNDS,
    "minutes": ROUNDS * ROUND_MINUTES,
    # The callback's 30 min wait is elapsed time, not the customer's time or money.
    "hours": ROUNDS * (ROUND_MINUTES / 60 + 0.18 * 30 / 60 + 0.72 * 24),
    "cost": ROUNDS * (1.0 + 0.5 * ROUND_MINUTES),
}


def _run(journey: dict[str, object], **kwargs: int) -> Simulation:
    loaded = loads(yaml.safe_dump(journey, sort_keys=False))
    return simulate(loaded.journey, build_graph(loaded.journey), **kwargs)


def test_same_seed_same_output() -> None:
    first = _run(RETRY, runs=5000, seed=7)
    assert first == _run(RETRY, runs=5000, seed=7)
    assert render_json(first) == render_json(_run(RETRY, runs=5000, seed=7))
    assert first != _run(RETRY, runs=5000, seed=8)


@pytest.mark.parametrize("quantity", sorted(EXPECTED))
def test_means_agree_with_hand_computed_expectations(quantity: str) -> None:
    result = _run(RETRY, runs=200_000, seed=1)
    summary = result.quantities[quantity]
    assert 0 < summary.std_error < 0.01 * EXPECTED[quantity]
    assert abs(summary.mean - EXPECTED[quantity]) < 4 * summary.std_error


def test_outcomes_and_percentiles_of_the_retry_loop() -> None:
    result = _run(RETRY, runs=200_000, seed=1)
    assert result.capped == 0
    assert result.outcomes["resolved"] == pytest.approx(0.72 / 0.82, abs=0.005)
    assert result.outcomes["abandoned"] == pytest.approx(0.1 / 0.82, abs=0.005)
    assert sum(result.outcomes.values()) == pytest.approx(1.0, abs=1e-12)
    contacts = result.quantities["contacts"]
    # P(1 call) = 0.82, P(<= 2 calls) = 1 - 0.18^2 = 0.9676, P(<= 3) = 0.99417.
    assert (contacts.p50, contacts.p90, contacts.p99) == (1.0, 2.0, 3.0)


def test_dead_ends_and_traps_end_walks() -> None:
    journey = {
        "frictionmap": 1,
        "name": "stuck or trapped",
        "start": "menu",
        "steps": {
            "menu": {"type": "ivr", "minutes": 1, "next": ["form", "reset"]},
            "form": {"type": "self_service", "minutes": 4},
            "reset": {"type": "message", "minutes": 1, "next": "login"},
            "login": {"type": "self_service", "minutes": 2, "next": "reset"},
        },
    }
    result = _run(journey, runs=20_000, seed=3)
    assert result.capped == 0
    assert result.outcomes["stuck"] + result.outcomes["trapped"] == 1.0
    assert result.outcomes["stuck"] == pytest.approx(0.5, abs=0.02)
    # Entering the trap ends the walk: menu (1) then form (4) or reset (1).
    minutes = result.quantities["minutes"]
    assert minutes.mean == pytest.approx(1 + 0.5 * 4 + 0.5 * 1, abs=4 * minutes.std_error)
    assert (minutes.p90, minutes.p99) == (5.0, 5.0)


def test_walks_past_the_cap_are_counted() -> None:
    journey = {
        "frictionmap": 1,
        "name": "endless retries",
        "start": "ask",
        "steps": {
            "ask": {"type": "ivr", "minutes": 1, "next": [{"to": "ask", "p": 1 - 1e-12}, "done"]},
            "done": {"type": "outcome", "outcome": "resolved"},
        },
    }
    result = _run(journey, runs=1000, seed=0, max_steps=50)
    assert result.capped == 1000
    assert result.outcomes == dict.fromkeys(OUTCOMES, 0.0)
    assert result.quantities["minutes"].p50 == 50.0
    assert "1,000 walk(s) were still going after 50 steps" in render_terminal(result)


def test_zero_probability_branch_is_never_taken() -> None:
    journey = {
        "frictionmap": 1,
        "name": "zero branch",
        "start": "menu",
        "steps": {
            "menu": {
                "type": "ivr",
                "next": [
                    {"to": "never", "p": 0.0},
                    {"to": "done", "p": 1.0},
                    {"to": "lost", "p": 0},
                ],
            },
            "never": {"type": "outcome", "outcome": "abandoned"},
            "lost": {"type": "outcome", "outcome": "unresolved"},
            "done": {"type": "outcome", "outcome": "resolved"},
        },
    }
    assert _run(journey, runs=10_000, seed=0).outcomes["resolved"] == 1.0


def test_means_agree_with_the_exact_metrics() -> None:
    metrics = pytest.importorskip("frictionmap.metrics")
    for path in JOURNEYS:
        loaded = load(path)
        graph = build_graph(loaded.journey)
        exact = metrics.compute_metrics(loaded.journey, graph)
        result = simulate(loaded.journey, graph, runs=100_000, seed=11)
        for quantity, value in (
            ("minutes", exact.expected_minutes),
            ("hours", exact.expected_hours),
            ("cost", exact.expected_cost),
            ("contacts", exact.expected_contacts),
        ):
            summary = result.quantities[quantity]
            assert abs(summary.mean - value) <= 5 * summary.std_error + 1e-9, (path.name, quantity)
        for kind in OUTCOMES:
            assert result.outcomes[kind] == pytest.approx(exact.p_outcomes[kind], abs=0.01)


def test_json_rendering() -> None:
    data = json.loads(render_json(_run(RETRY, runs=1000, seed=0)))
    assert list(data) == [
        "file",
        "name",
        "currency",
        "runs",
        "seed",
        "max_steps",
        "capped",
        "outcomes",
        "minutes",
        "hours",
        "cost",
        "contacts",
    ]
    assert list(data["outcomes"]) == list(OUTCOMES)
    assert list(data["cost"]) == ["mean", "std_error", "p50", "p90", "p99"]


def _cli(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_cli_simulate_json_is_reproducible(tmp_path: Path) -> None:
    path = tmp_path / "retry.yaml"
    path.write_text(yaml.safe_dump(RETRY, sort_keys=False), encoding="utf-8")
    code, out, err = _cli(
        "simulate", str(path), "--runs", "2000", "--seed", "5", "--format", "json"
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["runs"] == 2000 and json.loads(out)["file"] == str(path)
    assert (
        _cli("simulate", str(path), "--runs", "2000", "--seed", "5", "--format", "json")[1] == out
    )
    code, out, _ = _cli("simulate", str(path), "--runs", "2000")
    assert code == 0 and "2,000 simulated walks, seed 0" in out and "P99" in out


def test_cli_simulate_rejects_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("frictionmap: 1\nname: x\nstart: a\nsteps:\n  a: {type: agent, next: b}\n")
    code, out, err = _cli("simulate", str(path))
    assert (code, out) == (2, "")
    assert err == f"{path}:5:26: step 'a' goes to unknown step 'b'\n"
    code, _, err = _cli("simulate", str(path), "--format", "html")
    assert code == 2 and "unknown format 'html'" in err
