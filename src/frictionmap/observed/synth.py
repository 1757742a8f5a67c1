"""A synthetic event log of a journey, in the generic schema (docs/observed.md).

`frictionmap simulate JOURNEY --log out.parquet` walks the journey as
`simulate.py` does (its step tables and its draw: a binary search of a
uniform draw in per-step cumulative probabilities, all walks advancing
together) and writes one event per visit: `case_id`, `activity` (the step
id), `timestamp`, `seq`, `customer_id`, `channel`, `team`.

Times: cases start uniformly over `days` from `start`; each visit lasts an
exponential time whose mean is the step's designed elapsed minutes
(`minutes` + actual `wait` + 60 x `hours`), so a calibration of the log
recovers the designed means (and a p90 of mean x ln 10). A share
`repeat_share` of cases are a customer coming back: the same customer id as
an earlier case, starting 0.5 to `repeat_gap_days` days after it (and
within the period).

A seed gives the same log, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import numpy.typing as npt

from ..model import Journey
from ..simulate import _TRANSIENT, _tables
from .schema import LogError

DEFAULT_CASES = 10_000
DEFAULT_DAYS = 30.0
DEFAULT_START = dt.datetime(2026, 1, 1)
DEFAULT_REPEAT_SHARE = 0.1
DEFAULT_REPEAT_GAP_DAYS = 7.0
#: A walk still going after this many visits stops (its case just ends).
MAX_VISITS = 1_000
_MINUTE_US = 60_000_000


@dataclass(frozen=True)
class SyntheticLog:
    """What `write_log` wrote."""

    file: str
    cases: int
    events: int
    capped: int  # walks stopped at MAX_VISITS


def walk_events(
    journey: Journey, graph: nx.DiGraph, cases: int, rng: np.random.Generator
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64], int]:
    """(case number, step number, minutes at the step) per visit, in case then walk order."""
    tables = _tables(journey, graph)
    elapsed = tables.values[:, 1] * 60.0  # hours column of visit_values: elapsed time
    case_parts: list[npt.NDArray[np.int64]] = []
    step_parts: list[npt.NDArray[np.int64]] = []
    alive = np.arange(cases, dtype=np.int64)
    steps = np.full(cases, tables.start, dtype=np.int64)
    for _ in range(MAX_VISITS):
        case_parts.append(alive)
        step_parts.append(steps)
        done = tables.absorbs[steps] != _TRANSIENT
        alive, steps = alive[~done], steps[~done]
        if alive.size == 0:
            break
        draw = steps + rng.random(alive.size)
        chosen = np.searchsorted(tables.keys, draw, side="right")
        chosen = np.clip(chosen, tables.first[steps], tables.last[steps])
        steps = tables.targets[chosen]
    case_of = np.concatenate(case_parts)
    step_of = np.concatenate(step_parts)
    # Stable sort by case: within a case, visits stay in walk order.
    order = np.argsort(case_of, kind="stable")
    case_of, step_of = case_of[order], step_of[order]
    means = elapsed[step_of]
    minutes = rng.exponential(1.0, size=means.size) * means
    return case_of, step_of, minutes, int(alive.size)


def write_log(
    journey: Journey,
    graph: nx.DiGraph,
    path: str,
    *,
    cases: int = DEFAULT_CASES,
    seed: int = 0,
    days: float = DEFAULT_DAYS,
    start: dt.datetime = DEFAULT_START,
    repeat_share: float = DEFAULT_REPEAT_SHARE,
    repeat_gap_days: float = DEFAULT_REPEAT_GAP_DAYS,
) -> SyntheticLog:
    """Write a synthetic log of `cases` walks to `path` (.parquet, .csv or .jsonl)."""
    import duckdb

    kind = _kind(path)
    if cases < 1:
        raise LogError("--cases must be at least 1")
    if not 0 <= repeat_share < 1:
        raise LogError("--repeat-share must be at least 0 and below 1")
    rng = np.random.default_rng(seed)
    case_of, step_of, minutes, capped = walk_events(journey, graph, cases, rng)

    # Case starts and customers (module docstring).
    starts_us = np.sort(rng.uniform(0.0, days * 1440.0, size=cases)) * 60e6
    customer = np.arange(cases, dtype=np.int64)
    repeats = rng.random(cases) < repeat_share
    repeats[0] = False
    # Parents start early enough for their repeats to start within the period.
    firsts = np.flatnonzero(~repeats & (starts_us < max(days - repeat_gap_days, days / 2) * 864e8))
    if firsts.size == 0:
        firsts = np.flatnonzero(~repeats)
    parents = firsts[rng.integers(0, firsts.size, size=int(repeats.sum()))]
    customer[repeats] = customer[parents]
    gaps = rng.uniform(0.5, repeat_gap_days, size=parents.size) * 864e8
    starts_us[repeats] = np.minimum(starts_us[parents] + gaps, days * 864e8)

    # Event times: the case's start plus the minutes of the visits before.
    durations_us = np.rint(minutes * _MINUTE_US).astype(np.int64)
    boundaries = np.flatnonzero(np.diff(case_of)) + 1
    first_of_case = np.concatenate(([0], boundaries))
    cumulative = np.cumsum(durations_us) - durations_us
    offset = cumulative - np.repeat(
        cumulative[first_of_case], np.diff(np.append(first_of_case, case_of.size))
    )
    seq = np.arange(case_of.size) - np.repeat(
        first_of_case, np.diff(np.append(first_of_case, case_of.size))
    )
    epoch_us = int((start - dt.datetime(1970, 1, 1)).total_seconds()) * 1_000_000
    timestamps = (epoch_us + np.rint(starts_us).astype(np.int64)[case_of] + offset).astype(
        "datetime64[us]"
    )

    order = list(journey.steps)
    width = len(str(cases))
    channels = np.array([journey.steps[s].channel or "" for s in order], dtype=object)
    teams = np.array([journey.steps[s].team or "" for s in order], dtype=object)
    columns = {
        "case_id": np.array([f"c{i:0{width}d}" for i in range(cases)], dtype=object)[case_of],
        "activity": np.array(order, dtype=object)[step_of],
        "timestamp": timestamps,
        "seq": seq.astype(np.int64),
        "customer_id": np.array([f"u{i:0{width}d}" for i in range(cases)], dtype=object)[
            customer[case_of]
        ],
        "channel": channels[step_of],
        "team": teams[step_of],
    }
    connection = duckdb.connect(":memory:")
    try:
        connection.register("synthetic", columns)
        target = "'" + path.replace("'", "''") + "'"
        options = {
            "parquet": "(FORMAT parquet)",
            "csv": "(FORMAT csv, HEADER true, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S.%f')",
            "json": "(FORMAT json)",
        }[kind]
        connection.execute(
            "COPY (SELECT case_id, activity, timestamp, seq, customer_id, "
            "nullif(channel, '') AS channel, nullif(team, '') AS team FROM synthetic "
            f"ORDER BY case_id, seq) TO {target} {options}"
        )
    except duckdb.Error as error:
        raise LogError(f"{path}: cannot write: {str(error).splitlines()[0]}") from None
    finally:
        connection.close()
    return SyntheticLog(path, cases, int(case_of.size), capped)


def _kind(path: str) -> str:
    name = Path(path).name.lower()
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".jsonl", ".ndjson")):
        return "json"
    raise LogError(f"{path}: write a .parquet, .csv or .jsonl log")


def exponential_p90(mean: float) -> float:
    """The 90th percentile of an exponential time of this mean."""
    return mean * math.log(10.0)
