"""Every query of the observed figures, written once in DuckDB's SQL dialect.

DuckDB runs these strings as they are; the Spark engine transpiles each one
with sqlglot (`read="duckdb", write="spark"`) before running it, so there is
one text of each query to read and to fix (engine.py).

The tables they read:

- `raw`: the log as read, its own column names (the engine registers it);
- `events`: `raw` in the generic schema (`events_sql` builds it from the
  resolved column names; the only templated part of any query is a quoted
  column name or a number the code has checked);
- `mapping(activity, step, keep_repeats)`: log activity -> step id; an
  ignored activity maps to the empty step; `keep_repeats` is true where the
  journey designs a step looping on itself;
- `ordered`: every mapped event in walk order with its neighbours (`ORDERED`,
  materialised once: one window pass);
- `walked`: one row per visit of a step, in walk order, with the next visit's
  step and time: `ordered` itself when it has no copies or merged repeats,
  else `WALKED` (a second window pass over what is kept).
"""

from __future__ import annotations

#: Minutes between an event and the next one of its case.
_MINUTES = "date_diff('microsecond', ts, next_ts) / 60000000.0"


def quote(name: str) -> str:
    """A column name as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def events_sql(columns: dict[str, str], table: str = "raw", naive_time: bool = False) -> str:
    """SELECT of `table` in the generic schema; `columns` maps schema -> log column.

    `naive_time`: the timestamp column is already a time without a zone (a
    Parquet TIMESTAMP): read as it is, no text round trip (4x faster).
    """
    stamp = quote(columns["timestamp"])

    def text(column: str) -> str:
        if column not in columns:
            return f"CAST(NULL AS VARCHAR) AS {column}"
        return f"CAST({quote(columns[column])} AS VARCHAR) AS {column}"

    def typed(column: str, sql_type: str, alias: str) -> str:
        if column not in columns:
            return f"CAST(NULL AS {sql_type}) AS {alias}"
        return f"TRY_CAST({quote(columns[column])} AS {sql_type}) AS {alias}"

    return (
        "SELECT "
        + ", ".join(
            [
                text("case_id"),
                text("activity"),
                "CAST(NULL AS VARCHAR) AS ts_text"
                if naive_time
                else f"CAST({stamp} AS VARCHAR) AS ts_text",
                # Text goes through TIMESTAMPTZ, in a UTC session: an offset (+02:00,
                # Z) is honoured, so events written in two time zones order right.
                f"{stamp} AS ts"
                if naive_time
                else f"CAST(TRY_CAST({stamp} AS TIMESTAMPTZ) AS TIMESTAMP) AS ts",
                typed("seq", "BIGINT", "seq"),
                f"CAST({quote(columns['seq'])} AS VARCHAR) AS seq_text"
                if "seq" in columns
                else "CAST(NULL AS VARCHAR) AS seq_text",
                text("customer_id"),
                typed("cost", "DOUBLE", "cost"),
                f"CAST({quote(columns['cost'])} AS VARCHAR) AS cost_text"
                if "cost" in columns
                else "CAST(NULL AS VARCHAR) AS cost_text",
            ]
        )
        + f" FROM {table}"
    )


#: What is wrong with the rows themselves, before any mapping.
CHECKS = """
SELECT
  count(*) AS events,
  sum(CASE WHEN case_id IS NULL OR case_id = '' THEN 1 ELSE 0 END) AS no_case,
  sum(CASE WHEN activity IS NULL OR activity = '' THEN 1 ELSE 0 END) AS no_activity,
  sum(CASE WHEN ts IS NULL THEN 1 ELSE 0 END) AS bad_timestamps,
  min(CASE WHEN ts IS NULL THEN coalesce(ts_text, '') END) AS bad_timestamp_example,
  sum(CASE WHEN seq IS NULL AND seq_text IS NOT NULL THEN 1 ELSE 0 END) AS bad_seq,
  sum(CASE WHEN cost IS NULL AND cost_text IS NOT NULL AND cost_text <> '' THEN 1 ELSE 0 END)
    AS bad_cost,
  sum(CASE WHEN seq IS NOT NULL THEN 1 ELSE 0 END) AS with_seq
FROM events
"""

#: Activities that map to no step (not even an ignored one), most frequent first.
UNMAPPED = """
SELECT e.activity, count(*) AS n
FROM events e LEFT JOIN mapping m ON e.activity = m.activity
WHERE m.activity IS NULL AND e.activity IS NOT NULL AND e.activity <> ''
GROUP BY e.activity
ORDER BY n DESC, e.activity
"""

_WALK_ORDER = "(PARTITION BY case_id ORDER BY coalesce(seq, 0), ts, step)"

#: Every mapped event in walk order, with its neighbours: one window pass.
#: `duplicate`: the same case, step, time and seq as the event before (an
#: exact copy, counted once); `merged`: the same step as the event before, not
#: a copy, at a step not designed to repeat itself (several flow blocks make
#: one step: one visit). Where neither occurs, this is `walked` as it is.
ORDERED = f"""
SELECT case_id, step, ts, seq, customer_id, cost, next_step, next_ts, position,
  coalesce(previous_step = step AND previous_ts = ts
    AND previous_seq IS NOT DISTINCT FROM seq, false) AS duplicate,
  coalesce(previous_step = step AND NOT keep_repeats
    AND NOT (previous_ts = ts AND previous_seq IS NOT DISTINCT FROM seq), false) AS merged
FROM (
  SELECT e.case_id, m.step, m.keep_repeats, e.ts, e.seq, e.customer_id, e.cost,
    LAG(m.step) OVER {_WALK_ORDER} AS previous_step,
    LAG(e.ts) OVER {_WALK_ORDER} AS previous_ts,
    LAG(e.seq) OVER {_WALK_ORDER} AS previous_seq,
    LEAD(m.step) OVER {_WALK_ORDER} AS next_step,
    LEAD(e.ts) OVER {_WALK_ORDER} AS next_ts,
    ROW_NUMBER() OVER {_WALK_ORDER} AS position
  FROM events e JOIN mapping m ON e.activity = m.activity
  WHERE m.step <> '' AND e.case_id IS NOT NULL AND e.case_id <> '' AND e.ts IS NOT NULL
) neighbours
"""

#: Mapped events, copies and merged repeats among them.
DROPPED = """
SELECT count(*) AS mapped,
  sum(CASE WHEN duplicate THEN 1 ELSE 0 END) AS duplicates,
  sum(CASE WHEN merged THEN 1 ELSE 0 END) AS merged
FROM ordered
"""

#: One row per visit, in walk order, where `ordered` has copies or merges to drop.
WALKED = f"""
SELECT case_id, step, ts, seq, customer_id, cost,
  LEAD(step) OVER {_WALK_ORDER} AS next_step,
  LEAD(ts) OVER {_WALK_ORDER} AS next_ts,
  ROW_NUMBER() OVER {_WALK_ORDER} AS position
FROM ordered
WHERE NOT duplicate AND NOT merged
"""

#: `ordered` as the visits, when nothing is dropped (no second window pass).
WALKED_AS_ORDERED = """
SELECT case_id, step, ts, seq, customer_id, cost, next_step, next_ts, position FROM ordered
"""

#: Visits, cases, and the first and last case start (the period).
COUNTS = """
SELECT count(*) AS visits, count(DISTINCT case_id) AS cases,
  min(CASE WHEN position = 1 THEN ts END) AS first_start,
  max(CASE WHEN position = 1 THEN ts END) AS last_start
FROM walked
"""

#: How often each step was followed by each other; a NULL next step: the case ended.
TRANSITIONS = """
SELECT step, next_step, count(*) AS n
FROM walked
GROUP BY step, next_step
"""

#: The first step of each case.
STARTS = """
SELECT step, count(*) AS n
FROM walked
WHERE position = 1
GROUP BY step
"""

#: Time at each step until the next event: count, mean, 90th percentile, and
#: the events whose next one is earlier (clock skew) or at the same instant
#: without a `seq` (order undefined).
DURATIONS = f"""
SELECT step,
  count(CASE WHEN {_MINUTES} >= 0 THEN 1 END) AS n,
  avg(CASE WHEN {_MINUTES} >= 0 THEN {_MINUTES} END) AS mean_minutes,
  quantile_cont(CASE WHEN {_MINUTES} >= 0 THEN {_MINUTES} END, 0.9) AS p90_minutes,
  sum(CASE WHEN {_MINUTES} < 0 THEN 1 ELSE 0 END) AS backwards,
  sum(CASE WHEN next_ts = ts AND seq IS NULL THEN 1 ELSE 0 END) AS same_instant,
  sum(cost) AS cost
FROM walked
WHERE next_ts IS NOT NULL
GROUP BY step
"""

#: Visits of each step per case: how many cases reached it, how many came
#: back to it, the most visits in one case.
LOOPS = """
SELECT step, count(*) AS cases, sum(visits) AS visits, max(visits) AS most,
  sum(CASE WHEN visits > 1 THEN 1 ELSE 0 END) AS looped, sum(visits * visits) AS visits_squared
FROM (SELECT case_id, step, count(*) AS visits FROM walked GROUP BY case_id, step) per_case
GROUP BY step
"""


def repeats_sql(days: float) -> str:
    """Cases of a customer starting within `days` of that customer's previous case."""
    return f"""
SELECT count(*) AS cases,
  sum(CASE WHEN gap_days IS NOT NULL AND gap_days <= {float(days)!r} THEN 1 ELSE 0 END)
    AS repeats
FROM (
  SELECT date_diff('microsecond', LAG(started) OVER (
      PARTITION BY customer_id ORDER BY started, case_id), started) / 86400000000.0 AS gap_days
  FROM (
    SELECT case_id, min(customer_id) AS customer_id, min(ts) AS started
    FROM walked GROUP BY case_id
  ) case_starts
  WHERE customer_id IS NOT NULL AND customer_id <> ''
) gaps
"""


#: DuckDB's own bare scan of a log: the benchmark's reference (bench/calibrate.py).
BARE_SCAN = "SELECT count(*), count(DISTINCT case_id), min(ts), max(ts) FROM events"
