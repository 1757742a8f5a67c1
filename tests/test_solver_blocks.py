"""The block solver agrees with the fundamental matrix N = (I - Q)^-1."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frictionmap.solver import blocks


def _reference(
    transitions: dict[int, list[tuple[int, float]]], size: int, start: int
) -> np.ndarray:
    q = np.zeros((size, size))
    for s, targets in transitions.items():
        for t, p in targets:
            q[s, t] += p
    return np.linalg.inv(np.eye(size) - q)[start]


@st.composite
def chains(draw: st.DrawFn) -> tuple[dict[int, list[tuple[int, float]]], int]:
    size = draw(st.integers(1, 70))
    transitions: dict[int, list[tuple[int, float]]] = {}
    for s in range(size):
        targets = draw(st.lists(st.integers(0, size - 1), max_size=3, unique=True))
        leak = draw(st.floats(0.05, 1.0))  # every state leaks to absorption
        weights = [draw(st.floats(0.01, 1.0)) for _ in targets]
        total = sum(weights) or 1.0
        # One weight per target (`weights` is built from `targets`).
        transitions[s] = [
            (t, (1 - leak) * w / total) for t, w in zip(targets, weights, strict=True)
        ]
    return transitions, size


@settings(max_examples=60, deadline=None)
@given(chains())
def test_visits_match_the_fundamental_matrix(
    chain: tuple[dict[int, list[tuple[int, float]]], int],
) -> None:
    transitions, size = chain
    visits = blocks.expected_visits(transitions, 0)
    reference = _reference(transitions, size, 0)
    for state in range(size):
        assert visits.get(state, 0.0) == pytest.approx(reference[state], rel=1e-9, abs=1e-12)


def test_geometric_retry_loop_by_hand() -> None:
    # ivr -> ivr with 0.3, -> agent with 0.7; agent absorbs. Visits: 1/(1-0.3), 1.
    visits = blocks.expected_visits({"ivr": [("ivr", 0.3), ("agent", 0.7)]}, "ivr")
    assert visits == {"ivr": pytest.approx(1 / 0.7), "agent": pytest.approx(1.0)}


def test_large_block_goes_through_scipy() -> None:
    size = 2000  # one big cycle, each state leaks 1%
    transitions = {s: [((s + 1) % size, 0.99)] for s in range(size)}
    visits = blocks.expected_visits(transitions, 0)
    # visits of state k = 0.99^k / (1 - 0.99^size)
    assert visits[5] == pytest.approx(0.99**5 / (1 - 0.99**size), rel=1e-9)


def test_closed_class_is_refused() -> None:
    with pytest.raises(blocks.SingularChain):
        blocks.expected_visits({"a": [("b", 1.0)], "b": [("a", 1.0)]}, "a")
    with pytest.raises(blocks.SingularChain):
        blocks.expected_visits({"a": [("a", 1.0)]}, "a")


def test_deep_chain_has_no_recursion_limit() -> None:
    size = 50_000
    transitions = {s: [(s + 1, 1.0)] for s in range(size - 1)}
    visits = blocks.expected_visits(transitions, 0)
    assert visits[size - 1] == 1.0 and len(visits) == size
