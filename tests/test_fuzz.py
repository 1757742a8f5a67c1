"""A short, deterministic share of the fuzzer (bench/fuzz.py; issue 7).

The same generators and oracle as `python bench/fuzz.py --minutes N`, in
process: a fixed stream of mutated seed journeys through the library and the
CLI, then hypothesis driving the mutations and the journeys built from
scratch (so that a failure shrinks to a small input). The long run's
findings are pinned one by one in tests/test_regressions.py.
"""

from __future__ import annotations

import importlib.util
import random
import sys
import time
from itertools import islice
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# A numeric warning (numpy overflow) would print to a user's stderr: a failure.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")
ROOT = Path(__file__).resolve().parent.parent
BUDGET = 10.0  # seconds per input, as the long run


def _load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("frictionmap_fuzz", ROOT / "bench" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()
CORPUS = fuzz.seeds()
FAST = settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def checker(tmp_path_factory: pytest.TempPathFactory) -> object:
    return fuzz.Checker(tmp_path_factory.mktemp("fuzz"), CORPUS)


def _failures(
    checker: object, name: str, data: bytes, *, cli: bool = False, seed: int = 0
) -> list[tuple[str, str]]:
    with fuzz.time_limit(BUDGET):
        outcome = checker.run(name, data, cli=cli, rng=random.Random(seed))  # type: ignore[attr-defined]
    return [(signature, detail[-1500:]) for signature, detail in outcome.failures]


def test_the_corpus_is_every_seed_journey() -> None:
    names = [name for name, _ in CORPUS]
    assert len(names) == 16
    assert sum(name.startswith("journeys/redesigned/") for name in names) == 8


def test_seed_journeys_pass_the_oracle_unchanged(checker: object) -> None:
    for name, data in CORPUS:
        assert _failures(checker, name, data) == [], name


def test_a_fixed_stream_of_inputs_breaks_nothing(checker: object) -> None:
    """80 inputs of the long run's stream (seed 0): a third through the CLI as well."""
    began = time.monotonic()
    accepted = rejected = 0
    for case in islice(fuzz.cases(0, CORPUS, cli_every=3, subprocess_every=0), 80):
        with fuzz.time_limit(BUDGET):
            outcome = checker.run(  # type: ignore[attr-defined]
                case.name, case.data, cli=case.cli, rng=random.Random(case.cli_seed)
            )
        assert outcome.failures == [], (case.number, case.name, outcome.failures)
        accepted += outcome.accepted
        rejected += not outcome.accepted
    # Both sides of the loader are exercised, and the run stays short.
    assert accepted >= 15 and rejected >= 30, (accepted, rejected)
    assert time.monotonic() - began < 60


@FAST
@given(rng=st.randoms(use_true_random=False), index=st.integers(0, len(CORPUS) - 1))
def test_mutated_seeds_break_nothing(checker: object, rng: random.Random, index: int) -> None:
    name, data = CORPUS[index]
    mutated = fuzz.mutate(rng, data, [d for _, d in CORPUS])
    assert _failures(checker, name, mutated) == []


@FAST
@given(rng=st.randoms(use_true_random=False), index=st.integers(0, len(CORPUS) - 1))
def test_seeds_edited_in_meaning_break_nothing(
    checker: object, rng: random.Random, index: int
) -> None:
    name, data = CORPUS[index]
    assert _failures(checker, name, fuzz.edit_seed(rng, data), cli=True, seed=index) == []


@FAST
@given(rng=st.randoms(use_true_random=False))
def test_journeys_built_from_scratch_break_nothing(checker: object, rng: random.Random) -> None:
    data = fuzz.dump_journey(fuzz.random_journey(rng))
    assert _failures(checker, "generated", data) == []


def test_real_processes_on_hostile_input_agree_across_hash_seeds(checker: object) -> None:
    """Real `frictionmap` processes (check, graph) under two PYTHONHASHSEED values."""
    rng = random.Random(5)
    name, data = CORPUS[3]
    hostile = fuzz.edit_seed(rng, data)
    outcome = checker.run(name, hostile, subprocess_run=True)  # type: ignore[attr-defined]
    assert outcome.failures == [] and outcome.cli_runs == 4


# -- the oracle itself can fail ----------------------------------------------------


def test_oracle_refuses_nan_and_broken_json() -> None:
    assert fuzz.strict_json('{"a": [1, 2.5, null]}', "x") == {"a": [1, 2.5, None]}
    for text in ('{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}', '{"a": 1'):
        with pytest.raises(fuzz.Violation):
            fuzz.strict_json(text, "x")


def test_oracle_refuses_tracebacks_odd_exit_codes_and_bare_rejections() -> None:
    check = fuzz._check_process
    check("check", 2, "rejected", "case.yaml:3:7: unknown key 'nxt'\n", "terminal", "check",
          "case.yaml")
    with pytest.raises(fuzz.Violation, match="no output"):
        check("check", 0, "", "", "terminal", "check", "c")
    with pytest.raises(fuzz.Violation, match="traceback"):
        check("check", 1, "{}", "Traceback (most recent call last):\n", "json", "check", "c")
    with pytest.raises(fuzz.Violation, match="exit code"):
        check("check", 3, "", "", "terminal", "check", "c")
    with pytest.raises(fuzz.Violation, match="file:line:column"):
        check("check", 2, "", "c:0:1: line zero\n", "terminal", "check", "c")
    with pytest.raises(fuzz.Violation, match="file:line:column"):
        check("check", 2, "", "c:1:1: two\nlines\n", "terminal", "check", "c")


def test_time_limit_stops_a_hang() -> None:
    began = time.monotonic()
    with pytest.raises(fuzz.Hang), fuzz.time_limit(0.2):
        while True:
            pass
    assert time.monotonic() - began < 2


def test_the_stream_is_the_same_for_the_same_seed() -> None:
    first = [c.data for c in islice(fuzz.cases(3, CORPUS), 30)]
    again = [c.data for c in islice(fuzz.cases(3, CORPUS), 30)]
    other = [c.data for c in islice(fuzz.cases(4, CORPUS), 30)]
    assert first == again and first != other


def test_shrink_keeps_the_failure_and_drops_the_rest() -> None:
    data = b"".join(f"line {i}\n".encode() for i in range(200)) + b"BOOM\n"
    small = fuzz.shrink(data, lambda candidate: b"BOOM" in candidate, time.monotonic() + 10)
    assert small == b"BOOM"
