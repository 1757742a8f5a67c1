"""A log read against a journey: what each step saw (plain data, no judgement).

`observe` runs the queries of `queries.py` on an engine and returns an
`Observation`: per step its visits, the cases that reached it and came back
to it, where it led (and how often a case ended there), the time until the
next event (mean and 90th percentile), plus the log's period, its cases per
month and its repeat contacts.

Bad logs never give a silent wrong number. Refused (`LogError`, exit 2): a
missing column, a timestamp or `seq` that does not parse, a log where no
activity maps to a step. Counted and kept in `warnings` (and on stderr):
activities mapped to no step (their events are dropped, so the steps around
them look adjacent), exact duplicates (counted once), events without a case
id (dropped), events whose next one is earlier by `seq` (clock skew: no
duration), events at the same instant as the next without `seq` (ordered by
step id: add a `seq` column), cases not starting at the journey's start,
costs that are not numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..model import Journey
from . import queries
from .engine import NAIVE_TIMESTAMPS, Engine, make_engine
from .schema import SOURCES, LogError, Mapping, log_files, resolve_columns

DEFAULT_REPEAT_DAYS = 30.0
DAYS_PER_MONTH = 365.25 / 12
#: How many unmapped activities a warning names.
SHOWN_UNMAPPED = 5


@dataclass(frozen=True)
class LogWarning:
    """A counted problem of the log that the figures work around."""

    kind: str
    count: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "count": self.count, "message": self.message}


@dataclass(frozen=True)
class StepObservation:
    """What the log shows of one step."""

    visits: int
    cases: int  # cases that reached the step
    looped: int  # cases that reached it more than once
    most: int  # most visits in one case
    next: dict[str, int]  # next step -> visits; ENDED: the case ended here
    timed: int = 0  # visits with a duration (a next event at or after them)
    mean_minutes: float | None = None
    p90_minutes: float | None = None
    cost: float | None = None
    visits_squared: int = 0  # sum over cases of visits^2: the spread of visits per case

    @property
    def ended(self) -> int:
        return self.next.get(ENDED, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "visits": self.visits,
            "cases": self.cases,
            "looped": self.looped,
            "most": self.most,
            "next": dict(sorted(self.next.items())),
            "timed": self.timed,
            "mean_minutes": _round(self.mean_minutes),
            "p90_minutes": _round(self.p90_minutes),
            "cost": _round(self.cost),
        }


ENDED = ""


@dataclass(frozen=True)
class Observation:
    """A log read against a journey (module docstring)."""

    log: str
    files: tuple[str, ...]
    engine: str
    events: int  # rows of the log
    cases: int
    first: dt.datetime | None  # first case start
    last: dt.datetime | None  # last case start
    steps: dict[str, StepObservation]
    starts: dict[str, int]
    repeat_days: float
    customer_cases: int | None = None  # cases with a customer id; None without the column
    repeat_cases: int | None = None
    warnings: tuple[LogWarning, ...] = ()
    ignored: int = 0  # events of activities the mapping file ignores
    merged: int = 0  # consecutive events of one step counted as one visit
    used_events: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def period_days(self) -> float:
        if self.first is None or self.last is None:
            return 0.0
        return (self.last - self.first).total_seconds() / 86400.0

    @property
    def period(self) -> str:
        """`YYYY-MM-DD..YYYY-MM-DD`."""
        if self.first is None or self.last is None:
            return ""
        return f"{self.first.date().isoformat()}..{self.last.date().isoformat()}"

    @property
    def cases_per_month(self) -> float | None:
        """Cases per month over the log's period; None for a log of under a day."""
        if self.period_days < 1.0:
            return None
        return self.cases * DAYS_PER_MONTH / self.period_days

    @property
    def repeat_share(self) -> float | None:
        if not self.customer_cases or self.repeat_cases is None:
            return None
        return self.repeat_cases / self.customer_cases

    def to_dict(self) -> dict[str, Any]:
        return {
            "log": self.log,
            "files": list(self.files),
            "engine": self.engine,
            "events": self.events,
            "used_events": self.used_events,
            "ignored_events": self.ignored,
            "merged_events": self.merged,
            "cases": self.cases,
            "period": self.period,
            "period_days": _round(self.period_days),
            "cases_per_month": _round(self.cases_per_month),
            "repeat_days": self.repeat_days,
            "customer_cases": self.customer_cases,
            "repeat_cases": self.repeat_cases,
            "repeat_share": _round(self.repeat_share),
            "starts": dict(sorted(self.starts.items())),
            "steps": {s: o.to_dict() for s, o in sorted(self.steps.items())},
            "warnings": [w.to_dict() for w in self.warnings],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else float(f"{value:.12g}") + 0.0


def mapping_rows(journey: Journey, mapping: Mapping) -> list[tuple[str, str, bool]]:
    """(activity, step, keep_repeats) rows; ignored activities map to the empty step."""
    loops = {s for s, step in journey.steps.items() if any(b.to == s for b in step.next)}
    rows: dict[str, str] = {}
    if mapping.activities:
        rows.update(mapping.activities)
    else:
        for step_id, step in journey.steps.items():
            if step.label and step.label not in journey.steps:
                rows.setdefault(step.label, step_id)
        rows.update({s: s for s in journey.steps})
    for activity in mapping.ignore:
        rows.setdefault(activity, ENDED)
    return [(a, s, s in loops) for a, s in sorted(rows.items())]


def observe(
    journey: Journey,
    log: str,
    mapping: Mapping | None = None,
    *,
    engine: str | Engine = "duckdb",
    repeat_days: float = DEFAULT_REPEAT_DAYS,
) -> Observation:
    """Read `log` (a file, directory or glob) against `journey`."""
    if not repeat_days >= 0:
        raise LogError(f"--repeat-days must be 0 or more, not {repeat_days}")
    mapping = mapping or Mapping()
    files, kind = log_files(log)
    runner = make_engine(engine) if isinstance(engine, str) else engine
    try:
        return _observe(journey, log, files, kind, mapping, runner, repeat_days)
    finally:
        if isinstance(engine, str):
            runner.close()


def _observe(
    journey: Journey,
    log: str,
    files: list[str],
    kind: str,
    mapping: Mapping,
    runner: Engine,
    repeat_days: float,
) -> Observation:
    available = runner.read(files, kind)
    shown = files[0] if len(files) == 1 else log
    select = SOURCES[mapping.source].get("select") if mapping.source else None
    if select is not None:
        # A platform's records hold several events each: unpivot them first.
        runner.materialise("unpivoted", select)
        available = ["case_id", "activity", "timestamp", "customer_id"]
    columns = resolve_columns(available, mapping, shown)
    naive = select is None and runner.column_types.get(columns["timestamp"]) in NAIVE_TIMESTAMPS
    runner.view(
        "events", queries.events_sql(columns, "unpivoted" if select else "raw", naive_time=naive)
    )
    runner.table("mapping", ["activity", "step", "keep_repeats"], mapping_rows(journey, mapping))
    events, no_case, no_activity, warnings = _checked(runner, shown, columns)

    unmapped = runner.rows(queries.UNMAPPED)
    unmapped_events = sum(_int(n) for _, n in unmapped)
    runner.materialise("ordered", queries.ORDERED)
    mapped, duplicates, merged = (_int(v) for v in runner.rows(queries.DROPPED)[0])
    if duplicates or merged:
        runner.materialise("walked", queries.WALKED)
    else:
        runner.view("walked", queries.WALKED_AS_ORDERED)
    visits, cases, first, last = runner.rows(queries.COUNTS)[0]
    visits, cases = _int(visits), _int(cases)
    if visits == 0:
        sample = ", ".join(repr(a) for a, _ in unmapped[:SHOWN_UNMAPPED])
        raise LogError(
            f"{shown}: no activity of the log maps to a step of the journey (activities: "
            f"{sample}); map them in a mapping file (--mapping)"
        )
    if unmapped_events:
        warnings.append(_unmapped_warning(unmapped, unmapped_events))
    if duplicates:
        warnings.append(
            LogWarning("duplicates", duplicates, f"{duplicates:,} duplicated events counted once")
        )

    steps = _steps(runner)
    warnings += _order_warnings(steps)
    starts = {str(s): _int(n) for s, n in runner.rows(queries.STARTS)}
    elsewhere = sum(n for s, n in starts.items() if s != journey.start)
    if elsewhere:
        warnings.append(
            LogWarning(
                "start-elsewhere",
                elsewhere,
                f"{elsewhere:,} of {cases:,} cases start elsewhere than '{journey.start}' "
                "(partial cases, or a start the design does not have)",
            )
        )
    customer_cases = repeat_cases = None
    if "customer_id" in columns:
        row = runner.rows(queries.repeats_sql(repeat_days))[0]
        customer_cases, repeat_cases = _int(row[0]), _int(row[1])
    ignored = events - no_case - no_activity - unmapped_events - mapped
    return Observation(
        log=log,
        files=tuple(files),
        engine=runner.name,
        events=events,
        cases=cases,
        first=first,
        last=last,
        steps={s: o.observation for s, o in steps.items()},
        starts=starts,
        repeat_days=repeat_days,
        customer_cases=customer_cases,
        repeat_cases=repeat_cases,
        warnings=tuple(warnings),
        ignored=max(ignored, 0),
        merged=merged,
        used_events=visits,
    )


def _checked(
    runner: Engine, shown: str, columns: dict[str, str]
) -> tuple[int, int, int, list[LogWarning]]:
    """The log's events, those without a case or an activity, and the warnings of
    its rows; a `LogError` for timestamps or orders that cannot be read."""
    warnings: list[LogWarning] = []
    (events, no_case, no_activity, bad_ts, bad_example, bad_seq, bad_cost, with_seq) = (
        _int(v) if i != 4 else v for i, v in enumerate(runner.rows(queries.CHECKS)[0])
    )
    if events == 0:
        raise LogError(f"{shown}: the log has no events")
    if bad_ts:
        raise LogError(
            f"{shown}: column '{columns['timestamp']}': {bad_ts:,} of {events:,} values are "
            f"not timestamps, e.g. {str(bad_example)!r}; write ISO 8601 "
            "(2026-01-31 09:15:00) or fix those rows"
        )
    if bad_seq:
        raise LogError(
            f"{shown}: column '{columns['seq']}': {bad_seq:,} values are not whole numbers"
        )
    if with_seq and with_seq != events:
        raise LogError(
            f"{shown}: column '{columns['seq']}' is empty on {events - with_seq:,} of "
            f"{events:,} rows; give every event its order, or drop the column"
        )
    if no_case:
        warnings.append(
            LogWarning("no-case", no_case, f"{no_case:,} events without a case id, dropped")
        )
    if no_activity:
        warnings.append(
            LogWarning(
                "no-activity", no_activity, f"{no_activity:,} events without an activity, dropped"
            )
        )
    if bad_cost:
        warnings.append(
            LogWarning(
                "bad-cost", bad_cost, f"{bad_cost:,} costs are not numbers, left out of the sums"
            )
        )
    return events, no_case, no_activity, warnings


def _unmapped_warning(unmapped: list[Any], count: int) -> LogWarning:
    """The activities that map to no step, the most frequent named."""
    named = ", ".join(f"{a!r} ({_int(n):,})" for a, n in unmapped[:SHOWN_UNMAPPED])
    more = (
        f" and {len(unmapped) - SHOWN_UNMAPPED:,} more" if len(unmapped) > SHOWN_UNMAPPED else ""
    )
    return LogWarning(
        "unmapped",
        count,
        f"{count:,} events of {len(unmapped):,} activities map to no step and "
        f"were dropped: {named}{more}; map or ignore them in a mapping file",
    )


def _order_warnings(steps: dict[str, Any]) -> list[LogWarning]:
    """Events out of order by seq (clock skew) and events sharing their time."""
    warnings = []
    backwards = sum(o.extra_backwards for o in steps.values())
    same_instant = sum(o.extra_same for o in steps.values())
    if backwards:
        warnings.append(
            LogWarning(
                "clock-skew",
                backwards,
                f"{backwards:,} events are later than the next one by seq (clock skew); "
                "their durations are left out",
            )
        )
    if same_instant:
        warnings.append(
            LogWarning(
                "same-instant",
                same_instant,
                f"{same_instant:,} events share their time with the next one of the case and "
                "there is no seq column: ordered by step id; add a seq column",
            )
        )
    return warnings


@dataclass
class _Gathered:
    observation: StepObservation
    extra_backwards: int = 0
    extra_same: int = 0


def _steps(runner: Engine) -> dict[str, _Gathered]:
    following: dict[str, dict[str, int]] = {}
    for step, next_step, n in runner.rows(queries.TRANSITIONS):
        following.setdefault(str(step), {})[ENDED if next_step is None else str(next_step)] = _int(
            n
        )
    timing = {str(row[0]): row[1:] for row in runner.rows(queries.DURATIONS)}
    gathered: dict[str, _Gathered] = {}
    for step, cases, visits, most, looped, squared in runner.rows(queries.LOOPS):
        step = str(step)
        n, mean, p90, backwards, same, cost = timing.get(step, (0, None, None, 0, 0, None))
        observation = StepObservation(
            visits=_int(visits),
            cases=_int(cases),
            looped=_int(looped),
            most=_int(most),
            next=following.get(step, {}),
            timed=_int(n),
            mean_minutes=None if mean is None or not _int(n) else float(mean),
            p90_minutes=None if p90 is None or not _int(n) else float(p90),
            cost=None if cost is None else float(cost),
            visits_squared=_int(squared),
        )
        gathered[step] = _Gathered(observation, _int(backwards), _int(same))
    return gathered


def _int(value: Any) -> int:
    return 0 if value is None else int(value)
