"""Designed vs observed (issue 14): simulate a log, calibrate, conform, bad logs.

The round trip: a log simulated from known probabilities and waits is
calibrated back within the sampling error (4 standard errors: a seeded run
is deterministic, the bound says why it is not luck).
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frictionmap.cli import app
from frictionmap.graph import build_graph
from frictionmap.loader import load, loads
from frictionmap.observed.calibrate import calibrated_data, dump
from frictionmap.observed.conform import conform, wilson
from frictionmap.observed.observe import observe
from frictionmap.observed.schema import LogError, Mapping
from frictionmap.observed.synth import exponential_p90, write_log

DESIGN = """\
frictionmap: 1
name: Billing line
start: call
steps:
  call:
    type: contact
    channel: phone
    next: menu
  menu:
    type: ivr
    minutes: 2
    next:
      - {to: queue, p: 0.5, when: billing}
      - {to: faq, p: 0.3, when: read the FAQ}
      - {to: menu, p: 0.2, when: not understood}
  faq:
    type: self_service
    minutes: 5
    next:
      - {to: fixed, p: 0.6}
      - {to: call_again, p: 0.4}
  call_again:
    type: contact
    channel: phone
    next: queue
  queue:
    type: queue
    wait: {announced: 5, actual: 5}
    next:
      - {to: agent, p: 0.9}
      - {to: gave_up, p: 0.1}
  agent:
    type: agent
    minutes: 8
    next: fixed
  fixed: {type: outcome, outcome: resolved}
  gave_up: {type: outcome, outcome: abandoned}
"""

# The same journey as it really runs: the menu misroutes (0.35 to the queue,
# not 0.5), the queue waits 12 minutes, not 5, agents send a share back to the
# menu (a transition the design lacks), and nobody reads the FAQ.
ACTUAL = (
    DESIGN.replace("{to: queue, p: 0.5, when: billing}", "{to: queue, p: 0.8, when: billing}")
    .replace("{to: faq, p: 0.3, when: read the FAQ}", "{to: faq, p: 0.0, when: read the FAQ}")
    .replace("wait: {announced: 5, actual: 5}", "wait: {announced: 5, actual: 12}")
    .replace(
        "    minutes: 8\n    next: fixed\n",
        "    minutes: 8\n    next:\n      - {to: fixed, p: 0.85}\n      - {to: menu, p: 0.15}\n",
    )
)
CASES = 20_000
DUCKDB = pytest.importorskip("duckdb")


def _journey(text: str, name: str = "design.yaml"):  # type: ignore[no-untyped-def]
    loaded = loads(text, name)
    return loaded.journey, build_graph(loaded.journey)


@pytest.fixture(scope="module")
def design_log(tmp_path_factory: pytest.TempPathFactory) -> str:
    journey, graph = _journey(DESIGN)
    path = str(tmp_path_factory.mktemp("logs") / "design.parquet")
    write_log(journey, graph, path, cases=CASES, seed=7, repeat_share=0.2)
    return path


@pytest.fixture(scope="module")
def actual_log(tmp_path_factory: pytest.TempPathFactory) -> str:
    journey, graph = _journey(ACTUAL, "actual.yaml")
    path = str(tmp_path_factory.mktemp("logs") / "actual.csv")
    write_log(journey, graph, path, cases=CASES, seed=11)
    return path


@pytest.fixture(params=["duckdb", "spark"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The same tests on both engines; Spark where pyspark and a JVM are present."""
    if request.param == "spark":
        reason = _spark_reason()
        if reason is not None:
            pytest.skip(reason)
        monkeypatch.setenv("SPARK_MASTER", "local[2]")  # small logs: few tasks
        monkeypatch.setenv("SPARK_PARTITIONS", "2")
    return str(request.param)


def _within(observed: float, expected: float, error: float) -> bool:
    return abs(observed - expected) <= 4 * error


def test_calibration_recovers_the_simulated_probabilities_and_waits(
    design_log: str, engine: str
) -> None:
    journey, _ = _journey(DESIGN)
    seen = observe(journey, design_log, repeat_days=7, engine=engine)
    assert seen.cases == CASES and not seen.warnings
    menu = seen.steps["menu"]
    out = sum(n for to, n in menu.next.items() if to)
    for to, p in {"queue": 0.5, "faq": 0.3, "menu": 0.2}.items():
        assert _within(menu.next[to] / out, p, math.sqrt(p * (1 - p) / out)), to
    queue = seen.steps["queue"]
    assert _within(queue.next["gave_up"] / queue.visits, 0.1, math.sqrt(0.09 / queue.visits))
    # Exponential times: the mean's standard error is mean / sqrt(n).
    for step, mean in {"menu": 2.0, "faq": 5.0, "queue": 5.0, "agent": 8.0}.items():
        timed = seen.steps[step]
        assert timed.mean_minutes is not None and timed.p90_minutes is not None
        assert _within(timed.mean_minutes, mean, mean / math.sqrt(timed.timed)), step
        assert abs(timed.p90_minutes / exponential_p90(mean) - 1) < 0.05, step
    # 20% of cases are planted repeats within 7 days: each is counted, no other.
    assert seen.repeat_share is not None
    assert _within(seen.repeat_share, 0.2, math.sqrt(0.16 / CASES))
    per_month = seen.cases_per_month
    assert per_month is not None and abs(per_month / (CASES * 365.25 / 12 / 30) - 1) < 0.01


def test_calibrated_journey_loads_and_carries_the_observed_values(design_log: str) -> None:
    from frictionmap.loader import Limits, parse_yaml

    journey, _ = _journey(DESIGN)
    seen = observe(journey, design_log)
    data, _ = parse_yaml(DESIGN, Limits())
    calibrated = loads(dump(calibrated_data(data, journey, seen)), "calibrated.yaml").journey
    menu = calibrated.steps["menu"]
    assert menu.observed is not None and menu.observed.visits == seen.steps["menu"].visits
    assert menu.observed.note and seen.period in menu.observed.note
    probabilities = {b.to: b.p for b in menu.next}
    assert probabilities["queue"] == pytest.approx(
        seen.steps["menu"].next["queue"] / sum(seen.steps["menu"].next.values()), abs=1e-3
    )
    assert math.fsum(p or 0 for p in probabilities.values()) == pytest.approx(1, abs=1e-9)
    queue = calibrated.steps["queue"]
    assert queue.wait is not None and queue.wait.announced == 5
    assert queue.wait.actual == pytest.approx(seen.steps["queue"].mean_minutes, rel=1e-3)
    assert calibrated.steps["agent"].minutes == pytest.approx(
        seen.steps["agent"].mean_minutes, rel=1e-3
    )
    assert calibrated.volume == pytest.approx(seen.cases_per_month, abs=1)
    assert calibrated.observed is not None and calibrated.observed.cases == CASES


def test_conform_finds_the_planted_deviations(actual_log: str, engine: str) -> None:
    journey, graph = _journey(DESIGN)
    result = conform(journey, graph, observe(journey, actual_log, engine=engine))
    found = {(d.kind, d.step, d.to) for d in result.deviations}
    assert ("undesigned-transition", "agent", "menu") in found
    assert ("branch-probability", "menu", "queue") in found
    assert ("branch-probability", "menu", "faq") in found
    assert ("wait-over-announced", "queue", None) in found
    assert ("unused-step", "faq", None) in found
    assert ("unused-step", "call_again", None) in found
    assert ("more-loops", "menu", None) in found
    assert {d.kind for d in result.deviations} <= {
        "undesigned-transition",
        "branch-probability",
        "wait-over-announced",
        "unused-step",
        "more-loops",
    }


def test_conform_of_the_designs_own_log_finds_no_deviation(
    design_log: str, engine: str
) -> None:
    journey, graph = _journey(DESIGN)
    seen = observe(journey, design_log, engine=engine)
    result = conform(journey, graph, seen, confidence=0.999)
    assert result.deviations == ()


def test_wilson_interval_known_values() -> None:
    # Wilson (1927); e.g. 0 of 10 at 95%: [0, 0.2775].
    low, high = wilson(0, 10)
    assert (low, high) == pytest.approx((0.0, 0.27753), abs=1e-4)
    low, high = wilson(50, 100)
    assert (low, high) == pytest.approx((0.40383, 0.59617), abs=1e-4)


# -- the command line -------------------------------------------------------------


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def _simulate_and_calibrate(
    runner: CliRunner, journey: str, tmp_path: Path, walks: int
) -> tuple[str, str]:
    """`simulate --log` then `calibrate` through the CLI: the log and the calibrated file."""
    log = str(tmp_path / "log.csv")
    done = runner.invoke(app, ["simulate", journey, "--log", log, "-n", str(walks), "--seed", "1"])
    assert done.exit_code == 0, done.output
    out = str(tmp_path / "calibrated.yaml")
    done = runner.invoke(app, ["calibrate", journey, "--log", log, "-o", out])
    assert done.exit_code == 0, done.output
    return log, out


def test_cli_round_trip_simulate_calibrate_conform(tmp_path: Path) -> None:
    runner = CliRunner()
    design = _write(tmp_path / "design.yaml", DESIGN)
    log, out = _simulate_and_calibrate(runner, design, tmp_path, 3000)
    assert load(out).journey.steps["menu"].observed is not None
    assert Path(design).read_text() == DESIGN  # never written over
    refused = runner.invoke(app, ["calibrate", design, "--log", log, "-o", design])
    assert refused.exit_code == 2 and "refusing to write over input" in refused.output
    assert Path(design).read_text() == DESIGN
    for fmt in ("terminal", "json", "markdown", "sarif"):
        done = runner.invoke(app, ["conform", design, "--log", log, "-f", fmt])
        assert done.exit_code == 0, done.output
    again = runner.invoke(app, ["simulate", design, "--log", log, "-n", "3000", "--seed", "1"])
    assert again.exit_code == 0


def test_an_export_is_calibrated_and_conformed_through_the_one_input_path(
    tmp_path: Path,
) -> None:
    """calibrate and conform read a platform export as every command does
    (sources.load_input): the log maps by block id, the calibrated copy is a
    journey file."""
    connect = Path(__file__).parent / "fixtures" / "exports" / "connect"
    export = str(connect / "amazon-connect__amazon-connect-snippets__CallerHistory.json")
    runner = CliRunner()
    log, out = _simulate_and_calibrate(runner, export, tmp_path, 500)
    calibrated = load(out).journey
    assert calibrated.observed is not None and calibrated.observed.cases == 500
    assert any(step.observed is not None for step in calibrated.steps.values())
    done = runner.invoke(app, ["conform", export, "--log", log, "-f", "json"])
    assert done.exit_code == 0, done.output


def test_no_command_writes_over_a_file_of_its_log_folder_or_glob(tmp_path: Path) -> None:
    design = _write(tmp_path / "design.yaml", DESIGN)
    logs = tmp_path / "logs"
    logs.mkdir()
    log = logs / "a.csv"
    log.write_text(_events(_walk("c1")), encoding="utf-8")
    before = log.read_bytes()
    runner = CliRunner()
    for spec in (str(logs), str(logs / "*.csv")):
        for command in ("calibrate", "conform", "report"):
            done = runner.invoke(app, [command, design, "--log", spec, "-o", str(log)])
            assert done.exit_code == 2 and "refusing to write over input file" in done.output
    assert log.read_bytes() == before


def test_simulated_log_is_reproducible(tmp_path: Path) -> None:
    journey, graph = _journey(DESIGN)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_log(journey, graph, str(first), cases=500, seed=3)
    write_log(journey, graph, str(second), cases=500, seed=3)
    assert first.read_bytes() == second.read_bytes()


def test_conform_sarif_names_the_step_line(tmp_path: Path, actual_log: str) -> None:
    import json

    design = _write(tmp_path / "design.yaml", DESIGN)
    done = CliRunner().invoke(app, ["conform", design, "--log", actual_log, "-f", "sarif"])
    results = json.loads(done.stdout)["runs"][0]["results"]
    queue_line = DESIGN.splitlines().index("  queue:") + 1
    waits = [r for r in results if r["ruleId"] == "wait-over-announced"]
    assert (
        waits and waits[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == queue_line
    )
    fail = CliRunner().invoke(app, ["conform", design, "--log", actual_log, "--fail-on-deviation"])
    assert fail.exit_code == 1


# -- bad logs ------------------------------------------------------------------------

HEADER = "case_id,activity,timestamp\n"


def _events(rows: list[tuple[str, str, str]]) -> str:
    return HEADER + "".join(f"{c},{a},{t}\n" for c, a, t in rows)


def _walk(case: str, start_minute: int = 0) -> list[tuple[str, str, str]]:
    steps = [("call", 0), ("menu", 1), ("queue", 2), ("agent", 9), ("fixed", 17)]
    return [(case, step, f"2026-01-01 10:{start_minute + m:02d}:00") for step, m in steps]


def _conform_cli(tmp_path: Path, log_text: str, *extra: str) -> object:
    design = _write(tmp_path / "design.yaml", DESIGN)
    log = _write(tmp_path / "log.csv", log_text)
    return CliRunner().invoke(app, ["conform", design, "--log", log, "-f", "json", *extra])


def test_missing_column_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    done = _conform_cli(tmp_path, "case_id,activty,timestamp\nc1,call,2026-01-01 10:00:00\n")
    assert done.exit_code == 2  # type: ignore[attr-defined]
    assert "missing column 'activity'; did you mean 'activty'?" in done.stderr  # type: ignore[attr-defined]


def test_unparseable_timestamp_is_an_error(tmp_path: Path) -> None:
    rows = [*_walk("c1"), ("c2", "call", "31/01/2026 25h")]
    done = _conform_cli(tmp_path, _events(rows))
    assert done.exit_code == 2  # type: ignore[attr-defined]
    assert "1 of 6 values are not timestamps, e.g. '31/01/2026 25h'" in done.stderr  # type: ignore[attr-defined]


def test_unmapped_activities_are_counted_and_dropped(tmp_path: Path, engine: str) -> None:
    journey, _ = _journey(DESIGN)
    rows = [*_walk("c1"), ("c1", "SetAttributes", "2026-01-01 10:05:00"), *_walk("c2", 20)]
    log = _write(tmp_path / "log.csv", _events(rows))
    seen = observe(journey, log, engine=engine)
    (warning,) = seen.warnings
    assert (
        warning.kind == "unmapped"
        and warning.count == 1
        and "'SetAttributes' (1)" in warning.message
    )
    assert seen.steps["queue"].visits == 2
    ignored = observe(journey, log, Mapping(ignore=("SetAttributes",)), engine=engine)
    assert ignored.warnings == () and ignored.ignored == 1
    # The queue's wait is not cut short by the ignored event: 7 minutes each.
    assert ignored.steps["queue"].mean_minutes == pytest.approx(7.0)


def test_no_mapped_activity_is_an_error(tmp_path: Path, engine: str) -> None:
    journey, _ = _journey(DESIGN)
    log = _write(tmp_path / "log.csv", _events([("c1", "Start", "2026-01-01 10:00:00")]))
    with pytest.raises(LogError, match="no activity of the log maps to a step"):
        observe(journey, log, engine=engine)


def test_duplicated_events_count_once_and_are_warned(tmp_path: Path, engine: str) -> None:
    journey, _ = _journey(DESIGN)
    rows = _walk("c1") + _walk("c1")[2:4] + _walk("c2", 20)
    seen = observe(journey, _write(tmp_path / "log.csv", _events(rows)), engine=engine)
    assert [(w.kind, w.count) for w in seen.warnings] == [("duplicates", 2)]
    assert seen.steps["queue"].visits == 2 and seen.steps["queue"].mean_minutes == pytest.approx(7)


def test_clock_skew_by_seq_is_counted_and_left_out_of_waits(
    tmp_path: Path, engine: str
) -> None:
    journey, _ = _journey(DESIGN)
    text = (
        "case_id,activity,timestamp,seq\n"
        "c1,call,2026-01-01 10:00:00,0\nc1,menu,2026-01-01 10:00:00,1\n"
        "c1,queue,2026-01-01 10:02:00,2\nc1,agent,2026-01-01 09:58:00,3\n"  # agent's clock is late
        "c1,fixed,2026-01-01 10:06:00,4\n"
    )
    seen = observe(journey, _write(tmp_path / "log.csv", text), engine=engine)
    assert [(w.kind, w.count) for w in seen.warnings] == [("clock-skew", 1)]
    assert seen.steps["queue"].timed == 0 and seen.steps["queue"].mean_minutes is None
    assert seen.steps["queue"].next == {"agent": 1}


def test_time_zone_offsets_are_honoured(tmp_path: Path, engine: str) -> None:
    journey, _ = _journey(DESIGN)
    # The queue's system writes UTC, the agent desktop Paris time (+01:00): 7 minutes.
    text = (
        "case_id,activity,timestamp\n"
        "c1,call,2026-01-01T10:00:00Z\nc1,menu,2026-01-01T10:01:00Z\n"
        "c1,queue,2026-01-01T10:02:00Z\nc1,agent,2026-01-01T11:09:00+01:00\n"
        "c1,fixed,2026-01-01T11:17:00+01:00\n"
    )
    seen = observe(journey, _write(tmp_path / "log.csv", text), engine=engine)
    assert seen.steps["queue"].mean_minutes == pytest.approx(7.0)
    assert seen.steps["agent"].mean_minutes == pytest.approx(8.0)


def test_same_instant_without_seq_is_warned(tmp_path: Path, engine: str) -> None:
    journey, _ = _journey(DESIGN)
    rows = [("c1", "call", "2026-01-01 10:00:00"), *_walk("c1")[1:]]
    rows[1] = ("c1", "menu", "2026-01-01 10:00:00")
    seen = observe(journey, _write(tmp_path / "log.csv", _events(rows)), engine=engine)
    assert [(w.kind, w.count) for w in seen.warnings] == [("same-instant", 1)]


def test_mapping_file_renames_columns_and_activities(tmp_path: Path) -> None:
    from frictionmap.observed.schema import load_mapping

    journey, _ = _journey(DESIGN)
    text = "ContactId,Block,Time\n" + "".join(
        f"{c},{'Queue: Billing' if a == 'queue' else a},{t}\n" for c, a, t in _walk("c1")
    )
    mapping_file = _write(
        tmp_path / "map.yaml",
        "columns: {case_id: ContactId, activity: Block, timestamp: Time}\n"
        "activities: {call: call, menu: menu, 'Queue: Billing': queue, agent: agent, "
        "fixed: fixed}\n",
    )
    seen = observe(
        journey, _write(tmp_path / "log.csv", text), load_mapping(mapping_file, list(journey.steps))
    )
    assert seen.steps["queue"].visits == 1
    bad = _write(tmp_path / "bad.yaml", "activities: {x: queu}\ncolums: {}\n")
    with pytest.raises(LogError) as error:
        load_mapping(bad, list(journey.steps))
    assert any("unknown step 'queu'; did you mean 'queue'?" in m for m in error.value.messages)
    assert any("unknown key 'colums'; did you mean 'columns'?" in m for m in error.value.messages)


# -- Spark ----------------------------------------------------------------------------


def _spark_reason() -> str | None:
    try:
        import pyspark  # noqa: F401
        import sqlglot  # noqa: F401
    except ImportError:
        return "pyspark and sqlglot are not installed (pip install 'frictionmap[spark]')"
    if shutil.which("java") is None:
        return "no java on PATH: Spark local mode needs a JVM (Java 17)"
    return None


@pytest.mark.skipif(_spark_reason() is not None, reason=str(_spark_reason()))
def test_spark_engine_gives_the_duckdb_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPARK_MASTER", "local[2]")  # a small log: few tasks, few partitions
    monkeypatch.setenv("SPARK_PARTITIONS", "2")
    journey, graph = _journey(DESIGN)
    log = str(tmp_path / "log.parquet")
    write_log(journey, graph, log, cases=2_000, seed=5, repeat_share=0.2)
    on_duckdb = observe(journey, log, repeat_days=7)
    on_spark = observe(journey, log, engine="spark", repeat_days=7)
    assert on_spark.engine == "spark"
    mine, theirs = on_duckdb.to_dict(), on_spark.to_dict()
    for data in (mine, theirs):
        data.pop("engine")
    # Same counts; means and percentiles to float rounding.
    assert theirs["steps"].keys() == mine["steps"].keys()
    for step, figures in mine["steps"].items():
        for key, value in figures.items():
            if isinstance(value, float):
                assert theirs["steps"][step][key] == pytest.approx(value, rel=1e-9), (step, key)
            else:
                assert theirs["steps"][step][key] == value, (step, key)
    mine.pop("steps"), theirs.pop("steps")
    assert theirs == mine
    planted = str(tmp_path / "planted.csv")
    actual, actual_graph = _journey(ACTUAL)
    write_log(actual, actual_graph, planted, cases=2_000, seed=5)
    kinds = {
        (d.kind, d.step)
        for d in conform(journey, graph, observe(journey, planted, engine="spark")).deviations
    }
    assert ("undesigned-transition", "agent") in kinds and ("wait-over-announced", "queue") in kinds


# -- platforms' exports ---------------------------------------------------------------

def _contact(contact: str, day: int, end: int, reason: str, agent: int | None) -> str:
    import json

    def at(minute: int) -> str:
        return f"2026-01-0{day}T10:{minute:02d}:00Z"

    return json.dumps(
        {
            "ContactId": contact,
            "InitialContactId": None,
            "InitiationMethod": "INBOUND",
            "Channel": "VOICE",
            "InitiationTimestamp": at(0),
            "DisconnectTimestamp": at(end),
            "DisconnectReason": reason,
            "CustomerEndpoint": {"Address": f"+3310000000{day}"},
            "Queue": {"Name": "Billing", "EnqueueTimestamp": at(2 if agent else 1)},
            "Agent": {"ConnectedToAgentTimestamp": at(agent)} if agent else None,
        }
    )


CONNECT_CTR = (
    _contact("a1", 5, 20, "AGENT_DISCONNECT", 9)
    + "\n"
    + _contact("b1", 6, 6, "CUSTOMER_DISCONNECT", None)
    + "\n"
)
CTR_MAPPING = """\
source: connect-ctr
activities:
  "contact:INBOUND": call
  "queue:Billing": queue
  "agent:Billing": agent
  "disconnect:AGENT_DISCONNECT": fixed
  "disconnect:CUSTOMER_DISCONNECT": gave_up
"""


def test_connect_contact_records_through_the_connect_ctr_source(tmp_path: Path) -> None:
    from frictionmap.observed.schema import load_mapping

    journey, _ = _journey(DESIGN)
    log = _write(tmp_path / "ctr.jsonl", CONNECT_CTR)
    mapping = load_mapping(_write(tmp_path / "map.yaml", CTR_MAPPING), list(journey.steps))
    seen = observe(journey, log, mapping)
    assert seen.cases == 2
    queue = seen.steps["queue"]
    assert queue.next == {"agent": 1, "gave_up": 1}
    # Waits: 7 minutes to the agent, 5 to the hang-up.
    assert queue.mean_minutes == pytest.approx(6.0)
    assert seen.steps["agent"].mean_minutes == pytest.approx(11.0)
    # Without `menu` in the log, call -> queue is a transition the design lacks.
    assert seen.steps["call"].next == {"queue": 2}


def test_flow_logs_and_twilio_steps_sources(tmp_path: Path) -> None:
    from frictionmap.observed.schema import load_mapping

    journey, _ = _journey(DESIGN)
    flow = _write(
        tmp_path / "flow.jsonl",
        "".join(
            f'{{"ContactId": "x", "Identifier": "{step}", "ContactFlowModuleType": "Block",'
            f' "Timestamp": "2026-01-05T10:{minute:02d}:00.000Z"}}\n'
            for step, minute in [("call", 0), ("menu", 1), ("queue", 3), ("agent", 10)]
        ),
    )
    seen = observe(journey, flow, load_mapping("connect-flow-logs", list(journey.steps)))
    assert seen.steps["queue"].mean_minutes == pytest.approx(7.0)
    steps = _write(
        tmp_path / "steps.csv",
        "sid,execution_sid,name,transitioned_from,transitioned_to,date_created\n"
        "FT1,FN1,incomingCall,Trigger,call,2026-01-05T10:00:00Z\n"
        "FT2,FN1,audioComplete,call,menu,2026-01-05T10:00:30Z\n"
        "FT3,FN1,keypress,menu,queue,2026-01-05T10:02:00Z\n"
        "FT4,FN1,callComplete,queue,Ended,2026-01-05T10:06:00Z\n",
    )
    twilio = observe(
        journey,
        steps,
        Mapping(
            columns={
                "case_id": "execution_sid",
                "activity": "transitioned_to",
                "timestamp": "date_created",
            },
            ignore=("Ended",),
        ),
    )
    assert twilio.steps["menu"].next == {"queue": 1}
    assert twilio.steps["queue"].ended == 1 and twilio.steps["queue"].mean_minutes is None


def test_a_directory_or_glob_of_files_reads_as_one_log(tmp_path: Path) -> None:
    journey, _ = _journey(DESIGN)
    rows = _walk("c1") + _walk("c2", 20) + _walk("c3", 40)
    whole = observe(journey, _write(tmp_path / "whole.csv", _events(rows)))
    parts = tmp_path / "parts"
    parts.mkdir()
    _write(parts / "a.csv", _events(rows[:7]))  # c2 is split across the two files
    _write(parts / "b.csv", _events(rows[7:]))
    for spec in (str(parts), str(parts / "*.csv")):
        split = observe(journey, spec)
        assert split.cases == 3
        assert {s: o.to_dict() for s, o in split.steps.items()} == {
            s: o.to_dict() for s, o in whole.steps.items()
        }
    with pytest.raises(LogError, match="no log files"):
        observe(journey, str(tmp_path / "nothing-*.csv"))


def test_calibrate_is_deterministic(tmp_path: Path, design_log: str) -> None:
    design = _write(tmp_path / "design.yaml", DESIGN)
    outputs = []
    for name in ("one.yaml", "two.yaml"):
        done = CliRunner().invoke(
            app, ["calibrate", design, "--log", design_log, "-o", str(tmp_path / name)]
        )
        assert done.exit_code == 0, done.output
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


# -- report --log: the designed-vs-observed section of the report -------------------


def test_report_with_a_log_carries_the_conformance(tmp_path: Path, actual_log: str) -> None:
    import json

    design = _write(tmp_path / "design.yaml", DESIGN)
    done = CliRunner().invoke(app, ["report", design, "--log", actual_log, "-f", "json"])
    assert done.exit_code == 0, done.output
    journey = json.loads(done.stdout)["journeys"][0]
    kinds = {d["kind"] for d in journey["conformance"]["deviations"]}
    assert "wait-over-announced" in kinds
    plain = CliRunner().invoke(app, ["report", design, "-f", "json"])
    assert "conformance" not in json.loads(plain.stdout)["journeys"][0]


def test_report_refuses_one_log_for_several_journeys(tmp_path: Path, actual_log: str) -> None:
    one = _write(tmp_path / "a.yaml", DESIGN)
    two = _write(tmp_path / "b.yaml", DESIGN)
    done = CliRunner().invoke(app, ["report", one, two, "--log", actual_log, "-f", "json"])
    assert done.exit_code == 2
    assert "give one journey file" in done.stderr
    assert "Traceback" not in done.output


def test_markdown_report_with_a_log_has_the_section(tmp_path: Path, actual_log: str) -> None:
    design = _write(tmp_path / "design.yaml", DESIGN)
    done = CliRunner().invoke(app, ["report", design, "--log", actual_log, "-f", "markdown"])
    assert done.exit_code == 0, done.output
    section = done.stdout.split("### Designed vs observed", 1)[1]
    assert "`wait-over-announced` (warning) `queue`" in section
    french = CliRunner().invoke(
        app, ["report", design, "--log", actual_log, "-f", "markdown", "--lang", "fr"]
    )
    assert "### Conçu et observé" in french.stdout
    assert "deviation(s) from the design" not in french.stdout
    plain = CliRunner().invoke(app, ["report", design, "-f", "markdown"])
    assert "Designed vs observed" not in plain.stdout


def test_html_report_with_a_log_has_the_section(tmp_path: Path, actual_log: str) -> None:
    design = _write(tmp_path / "design.yaml", DESIGN)
    out = tmp_path / "r.html"
    done = CliRunner().invoke(app, ["report", design, "--log", actual_log, "-o", str(out)])
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    assert "<h3>Designed vs observed</h3>" in page
    assert "<code>undesigned-transition</code> (warning) <code>agent</code>: 'agent' -&gt;" in page


def test_report_never_writes_over_its_log(tmp_path: Path, actual_log: str) -> None:
    design = _write(tmp_path / "design.yaml", DESIGN)
    before = Path(actual_log).read_bytes()
    done = CliRunner().invoke(
        app, ["report", design, "--log", actual_log, "-f", "json", "-o", actual_log]
    )
    assert done.exit_code == 2
    assert "refusing to write over input file" in done.stderr
    assert Path(actual_log).read_bytes() == before
