"""What the fuzzer found (bench/fuzz.py, issue 7), each pinned with a minimal input.

One test per bug: the smallest input that showed it, and the behaviour now
expected (a precise `file:line:column` refusal, or findings, in bounded time).
"""

from __future__ import annotations

import dataclasses
import json
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from frictionmap.analysis import check_text
from frictionmap.cli import app
from frictionmap.findings import Finding, Severity
from frictionmap.loader import InvalidJourney, decode, loads
from frictionmap.queueing import agents_needed, forecast_for
from frictionmap.render import diagram, renderer
from frictionmap.report import JourneyResult, Report
from frictionmap.solver import blocks


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidJourney) as caught:
        loads(text, "j.yaml")
    return [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]


def chain(count: int, last: str = "done", **extra: Any) -> str:
    """A journey of `count` IVR steps in a row, then `last`."""
    steps: dict[str, Any] = {
        f"s{i}": {"type": "ivr", "minutes": 1, "next": f"s{i + 1}" if i + 1 < count else last,
                  **extra}
        for i in range(count)
    }
    steps["done"] = {"type": "outcome", "outcome": "resolved"}
    journey = {"frictionmap": 1, "name": "Chain", "start": "s0", "steps": steps}
    return str(yaml.safe_dump(journey, sort_keys=False))


# -- loader: every input ends in a one-line `line:column: message` ------------------


def test_explicit_tag_on_text_it_cannot_build_is_refused_not_a_crash() -> None:
    # Was: ValueError from PyYAML's int() in loader._scalar, a traceback.
    assert problems("frictionmap: 1\nname: !!int x\n") == [
        "2:7: cannot read 'x' as int: invalid literal for int() with base 10: 'x'"
    ]
    assert problems("frictionmap: 1\nname: !!timestamp 2001-02-30\n") == [
        "2:7: cannot read '2001-02-30' as timestamp: day is out of range for month"
    ]


def test_control_character_is_refused_where_it_stands_on_one_line() -> None:
    # Was: "YAML error: unacceptable character ...\n  in "<unicode string>", position 21" at 1:1.
    assert problems("frictionmap: 1\nname: a\x1bb\n") == [
        "2:8: the file holds the character U+001B, which YAML does not allow (control "
        "characters are not allowed); remove it or write it as an escape in a "
        "double-quoted string"
    ]
    # After multi-byte characters: libyaml reports a byte offset, the column counts characters.
    assert problems("name: é😀\x7f\n")[0].startswith("1:9: the file holds the character U+007F")


def test_lines_are_counted_as_editors_count_them() -> None:
    # Was: line 8, past the end of a 5-line file (YAML also breaks lines at LS, PS and NEL).
    text = (
        'frictionmap: 1\nname: "a\u2028b\u2029c\x85d"\nstart: x\n'
        "steps: {x: {type: outcome, outcome: resolved}}\nnam: z\n"
    )
    assert problems(text) == ["5:1: unknown key 'nam'; did you mean 'name'?"]
    # Lone CR line ends count as line ends too.
    text = (
        "frictionmap: 1\r\nname: x\rstart: x\r\n"
        "steps: {x: {type: outcome, outcome: resolved}}\rnam: z\n"
    )
    assert problems(text) == ["5:1: unknown key 'nam'; did you mean 'name'?"]


def test_invisible_characters_in_messages_are_escaped() -> None:
    # Was: a raw carriage return (or a bidi override) inside the message, breaking
    # `file:line:column: message` into lines and hiding why an id does not match.
    assert problems('frictionmap: 1\nname: x\nstart: a\nsteps: {a: {type: outcome, '
                    'outcome: resolved}}\ncustomer:\n  "goal\\r": x\n') == [
        "6:3: unknown key 'goal\\r' in customer; did you mean 'goal'?"
    ]
    text = ('frictionmap: 1\nname: x\nstart: a\nsteps:\n  "a\u202e": '
            "{type: outcome, outcome: resolved}\n")
    assert problems(text) == [
        "3:8: start names unknown step 'a'; did you mean 'a\\u202e'?",
        "5:3: step id 'a\\u202e' must match ^[a-z0-9][a-z0-9_-]*$ "
        "(lower-case letters, digits, '_' and '-')",
    ]


def test_cli_rejection_of_a_control_character_is_one_line_per_problem(tmp_path: Any) -> None:
    path = tmp_path / "j.yaml"
    path.write_bytes(b"frictionmap: 1\nname: \x1b]0;title\x07\n")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"{path}:2:7: the file holds the character U+001B")
    assert json.loads(result.stdout)["journeys"][0]["valid"] is False


def test_not_utf8_after_a_bom_points_at_the_right_byte() -> None:
    # Was: 0xbf (a byte of the BOM) at 1:4: offsets were taken after the BOM, bytes before.
    with pytest.raises(InvalidJourney) as caught:
        decode(b"\xef\xbb\xbfname: \xff\n", "j.yaml")
    assert str(caught.value) == "j.yaml:1:7: the file is not UTF-8 (byte 0xff); save it as UTF-8"
    with pytest.raises(InvalidJourney) as caught:
        decode("a: 1\r\nb: éé".encode() + b"\xff\n", "j.yaml")  # columns count characters
    assert str(caught.value) == "j.yaml:2:6: the file is not UTF-8 (byte 0xff); save it as UTF-8"


# -- queue staffing: huge numbers ---------------------------------------------------

STAFFED = """\
frictionmap: 1
name: Staffed queue
start: hold
steps:
  hold:
    type: queue
    staffing: {{agents: {agents}, calls_per_hour: {calls}, handle_minutes: {handle}}}
    next: done
  done: {{type: outcome, outcome: resolved}}
"""


def test_overflowing_offered_load_is_a_finding_not_a_crash() -> None:
    # Was: OverflowError (int(inf)) in queueing.agents_needed.
    # (Written 1.0e+308: YAML 1.1 reads 1e308 as text, which a number field refuses.)
    result = check_text(STAFFED.format(agents=10, calls="1.0e+308", handle="1.0e+308"))
    assert result.valid
    (finding,) = [f for f in result.findings if f.rule == "understaffed-queue"]
    assert finding.severity is Severity.ERROR
    assert finding.evidence["agents_needed"] is None
    assert agents_needed(1e308, 1e308, 30, 0.8) is None


def test_huge_offered_load_is_answered_in_bounded_time() -> None:
    # Was: one Erlang step per agent up to the load: 1e9 Erlangs never ended.
    began = time.monotonic()
    assert agents_needed(6e10, 1, 30, 0.8) is None  # would need over 1,000,000 agents
    assert agents_needed(5.9e7, 1, 30, 0.8) == 983337
    forecast_for(1_000_000, 1, 1)  # many agents, tiny load: the recursion stops at 0
    result = check_text(STAFFED.format(agents=1_000_000, calls=5.9e7, handle=1))
    assert result.valid
    assert time.monotonic() - began < 5


def test_more_than_a_million_agents_is_refused() -> None:
    text = STAFFED.format(agents=10_000_000, calls=1, handle=1)
    assert problems(text) == [
        "7:24: steps.hold.staffing.agents must be <= 1,000,000, not '10000000'"
    ]


# -- output that grew with the square of the input ------------------------------------


def test_a_long_trap_loop_is_reported_once() -> None:
    # Was: a finding at each of its 3,000 steps, each naming all 3,000 (120 MB of JSON at 2,000).
    result = check_text(chain(3000, last="s1"))
    traps = [f for f in result.findings if f.rule == "trap-loop"]
    assert len(traps) == 1
    (trap,) = traps
    assert trap.step == "s1" and len(trap.steps) == 2999
    assert trap.message == (
        "'s1' is in a loop with no way out to any outcome ('s1', 's2', 's3', 's4', 's5', 's6', "
        "'s7', 's8' and 2991 more steps)"
    )
    text = renderer("json")(Report((result,)))
    # Linear: ~510 bytes for each of the 6,001 findings (each with its `advice`).
    assert len(text) < 3_500_000


def test_a_short_trap_loop_is_still_reported_at_each_step() -> None:
    result = check_text(chain(5, last="s1"))
    assert [f.step for f in result.findings if f.rule == "trap-loop"] == ["s1", "s2", "s3", "s4"]


def test_junit_with_thousands_of_findings_of_one_rule_is_linear() -> None:
    # Was: `f not in failing` for each finding: 25 million comparisons here.
    findings = tuple(
        Finding("long-wait", Severity.WARNING, f"s{i}", "waits", i + 1, 3) for i in range(5000)
    ) + (Finding("long-wait", Severity.NOTE, "s0", "a note", 1, 3),)
    result = JourneyResult(file="j.yaml", name="J", valid=True, findings=findings)
    began = time.monotonic()
    text = renderer("junit")(Report((result,)))
    assert time.monotonic() - began < 2
    assert text.count("j.yaml:") == 5001 and "a note" in text.split("<system-out>")[1]


class _CountingTuple(tuple):  # type: ignore[type-arg]
    """A tuple that counts how often it is walked through."""

    walks = 0

    def __iter__(self) -> Any:
        _CountingTuple.walks += 1
        return super().__iter__()


def test_svg_walks_the_findings_a_fixed_number_of_times() -> None:
    # Was: every step scanned every finding twice (20 s for an 8,000-step loop).
    result = check_text(chain(300, last="s1"))
    counted = dataclasses.replace(result, findings=_CountingTuple(result.findings))
    _CountingTuple.walks = 0
    diagram("svg")(counted)
    assert 0 < _CountingTuple.walks <= 10


# -- simulation ---------------------------------------------------------------------------


def test_simulation_of_absurd_numbers_saturates_without_warnings(tmp_path: Any) -> None:
    # Was: RuntimeWarning "overflow encountered in reduce" on stderr, infinite means.
    path = tmp_path / "j.yaml"
    path.write_text(
        "frictionmap: 1\nname: x\nstart: s0\nsteps:\n"
        "  s0: {type: ivr, minutes: 1.0e+308, next: [{to: s0, p: 0.5}, {to: done, p: 0.5}]}\n"
        "  done: {type: outcome, outcome: resolved}\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = CliRunner().invoke(app, ["simulate", str(path), "--format", "json", "-n", "500"])
    assert result.exit_code == 0, result.output
    minutes = json.loads(result.stdout)["minutes"]
    # Half the walks pass twice or more: their totals saturate at the largest float.
    assert minutes["p50"] == 1e308 and minutes["p90"] == 1.79769313486e308
    assert 1e308 < minutes["mean"] < 1.8e308
    assert "Warning" not in result.stderr


# -- metrics: loops left once in 2^55 passes ----------------------------------------------


def back_to_start(count: int) -> str:
    """`count` steps, each going on or back to the start half the time: 2^count passes."""
    steps: dict[str, Any] = {
        f"s{i}": {"type": "ivr", "next": [{"to": f"s{i + 1}" if i + 1 < count else "done",
                                           "p": 0.5}, {"to": "s0", "p": 0.5}]}
        for i in range(count)
    }
    steps["done"] = {"type": "outcome", "outcome": "resolved"}
    return str(yaml.safe_dump({"frictionmap": 1, "name": "x", "start": "s0", "steps": steps}))


@pytest.mark.parametrize("count", [40, 55, 200])
def test_expected_visits_of_a_loop_left_once_in_2_to_the_n_passes(count: int) -> None:
    # Was: SingularChain (pivot under 1e-14) from 55 states on, then AssertionError in
    # compute_metrics: 1 - Q(k, k) cancels to 0; GTH elimination adds only.
    transitions = {
        i: [(i + 1, 0.5), (0, 0.5)] if i + 1 < count else [(0, 0.5)] for i in range(count)
    }
    visits = blocks.expected_visits(transitions, 0)
    for i in (0, 1, count // 2, count - 1):
        assert visits[i] == pytest.approx(2.0 ** (count - i), rel=1e-9)


def test_a_journey_that_almost_never_ends_gets_exact_metrics() -> None:
    result = check_text(back_to_start(55))
    assert result.valid
    assert result.metrics.p_resolved == 1.0
    assert result.metrics.step_visits["s0"] == pytest.approx(2.0**55, rel=1e-9)


def test_loops_whose_visits_overflow_a_float_count_as_traps() -> None:
    # 2^2100 passes: no float holds them; the loop absorbs as a trap rather than crash.
    result = check_text(back_to_start(2100))
    assert result.valid
    assert result.metrics.p_outcomes["trapped"] == 1.0
    assert renderer("json")(Report((result,))).count("NaN") == 0


def test_a_loop_left_at_1e_16_reports_without_a_numpy_warning() -> None:
    """bench/fuzz.py (seed 1515): exits of p 1e-16 out of a loop made the dense inverse of
    `reach_probabilities` near-singular, and numpy printed 'divide by zero' on stderr
    during `report`. Such a loop is now a trap, as the metrics count it, with no warning."""
    from frictionmap.inputs import check_paths

    path = str(Path(__file__).parent / "fixtures" / "loop-left-at-1e-16.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (result,) = check_paths([path]).journeys
        ranked = result.ranked
    assert result.score is not None and ranked
    assert all(0.0 <= r.exposure <= 1.0 for r in ranked)


def test_a_loop_left_too_rarely_for_floats_checks_without_a_scipy_warning() -> None:
    """2,100 steps each sending the customer back to the start half the time: the
    large sparse block of the loop is singular in floats, and scipy's spsolve printed
    'MatrixRankWarning: Matrix is exactly singular' on stderr during `check` (found
    by the suite's own warning summary). The loop counts as a trap, with no warning."""
    from test_exposure import rarely_left_loop

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = check_text(rarely_left_loop(2100))
    assert result.valid and result.metrics.p_outcomes["trapped"] == 1.0
