"""The generic event-log schema, the mapping file and the log files of a run.

An event log has one row per event: a customer's case reached an activity
at a time. Columns (docs/observed.md):

| column | required | meaning |
|---|---|---|
| `case_id` | yes | one walk through the journey (a contact, or a chain of linked contacts) |
| `activity` | yes | what happened: a step id, a flow block id, or a name the mapping file maps |
| `timestamp` | yes | when the activity started (ISO 8601, or a Parquet timestamp) |
| `seq` | no | order of the event within its case; wins over the timestamp where given |
| `customer_id` | no | who: cases of one customer within N days are repeat contacts |
| `channel`, `team` | no | kept for reading; not used by the figures yet |
| `cost` | no | money the event cost; summed per step |

An event lasts until the next event of its case: the time between them is
the step's wait (queues, callbacks), hours (delays, messages) or minutes
(every other step). The last event of a case has no duration.

XES exports as CSV name the columns `case:concept:name`, `concept:name` and
`time:timestamp`; they are recognised without a mapping file.

The mapping file (YAML) says how a log names things:

```yaml
columns: {case_id: ContactId, activity: BlockId, timestamp: Timestamp}
activities:                 # log activity -> step id
  "Queue: Billing": queue
  "Transfer to agent": agent
ignore: [Log, SetAttributes] # activities that are no step: dropped, not warned
```

Without `activities:`, an activity maps to the step of that id, or of that
label.
"""

from __future__ import annotations

import difflib
import glob
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COLUMNS: tuple[str, ...] = (
    "case_id",
    "activity",
    "timestamp",
    "seq",
    "customer_id",
    "channel",
    "team",
    "cost",
)
REQUIRED: tuple[str, ...] = ("case_id", "activity", "timestamp")
#: Other names a column goes by when the mapping file does not name it.
ALIASES: dict[str, tuple[str, ...]] = {
    "case_id": ("case_id", "case:concept:name", "case", "caseid"),
    "activity": ("activity", "concept:name", "activity_name"),
    "timestamp": ("timestamp", "time:timestamp", "time", "ts"),
    "seq": ("seq", "sequence", "event_index"),
    "customer_id": ("customer_id", "customer", "customerid"),
    "channel": ("channel",),
    "team": ("team", "org:group"),
    "cost": ("cost", "cost:total"),
}
#: Log files by suffix; one run reads files of one format.
FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".csv.gz": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
}


class LogError(Exception):
    """A log that cannot give a right number: message(s) for stderr, exit 2."""

    def __init__(self, *messages: str) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Mapping:
    """How a log names columns and activities (module docstring)."""

    columns: dict[str, str] = field(default_factory=dict)  # schema column -> log column
    activities: dict[str, str] = field(default_factory=dict)  # log activity -> step id
    ignore: tuple[str, ...] = ()
    file: str | None = None
    source: str | None = None  # a platform's export (SOURCES), read through its own view


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


#: Platforms' exports, read as the generic schema. Each names its columns, and
#: where one record holds several events (a Connect contact record: contact,
#: queue, agent, disconnect), a DuckDB-dialect SELECT over `raw` that unpivots
#: it (run on either engine like every query, queries.py).
SOURCES: dict[str, dict[str, Any]] = {
    # CloudWatch contact flow logs: one record per block executed.
    "connect-flow-logs": {
        "columns": {"case_id": "ContactId", "activity": "Identifier", "timestamp": "Timestamp"},
    },
    # Twilio Studio execution steps (`/v2/Flows/FW.../Executions/FN.../Steps`):
    # the widget each step went to, when.
    "twilio-studio-steps": {
        "columns": {
            "case_id": "execution_sid",
            "activity": "transitioned_to",
            "timestamp": "date_created",
        },
    },
    # Amazon Connect contact records: activities `contact:<InitiationMethod>`,
    # `queue:<queue name>`, `agent:<queue name>`, `disconnect:<DisconnectReason>`;
    # contacts linked by InitialContactId (transfers, callbacks) are one case.
    "connect-ctr": {
        "columns": {
            "case_id": "case_id",
            "activity": "activity",
            "timestamp": "timestamp",
            "customer_id": "customer_id",
        },
        "select": """
SELECT coalesce(InitialContactId, ContactId) AS case_id,
  'contact:' || coalesce(InitiationMethod, 'INBOUND') AS activity,
  InitiationTimestamp AS "timestamp", CustomerEndpoint.Address AS customer_id
FROM raw
UNION ALL
SELECT coalesce(InitialContactId, ContactId), 'queue:' || Queue.Name, Queue.EnqueueTimestamp,
  CustomerEndpoint.Address
FROM raw WHERE Queue.EnqueueTimestamp IS NOT NULL
UNION ALL
SELECT coalesce(InitialContactId, ContactId), 'agent:' || coalesce(Queue.Name, ''),
  Agent.ConnectedToAgentTimestamp, CustomerEndpoint.Address
FROM raw WHERE Agent.ConnectedToAgentTimestamp IS NOT NULL
UNION ALL
SELECT coalesce(InitialContactId, ContactId), 'disconnect:' || coalesce(DisconnectReason, ''),
  DisconnectTimestamp, CustomerEndpoint.Address
FROM raw WHERE DisconnectTimestamp IS NOT NULL
""",
    },
}


def source_mapping(name: str) -> Mapping:
    """`--mapping connect-ctr` and the like: a platform's export with no activity map."""
    return Mapping(columns=dict(SOURCES[name]["columns"]), source=name, file=name)


def load_mapping(path: str, steps: list[str]) -> Mapping:
    """Read a mapping file (or name a SOURCES preset); a mistake is a LogError naming the key."""
    import yaml

    if path in SOURCES and not Path(path).exists():
        return source_mapping(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise LogError(f"{path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise LogError(f"{path}: not UTF-8 text") from None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        raise LogError(f"{where}: invalid YAML: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, dict):
        raise LogError(f"{path}: a mapping file is a table with columns, activities, ignore")
    known = ("source", "columns", "activities", "ignore")
    problems = [
        f"{path}: unknown key '{key}'{_suggest(str(key), list(known))}"
        for key in data
        if key not in known
    ]
    columns = _table(data.get("columns", {}), path, "columns", problems)
    for name in columns:
        if name not in COLUMNS:
            problems.append(
                f"{path}: columns.{name}: not a column of the schema{_suggest(name, list(COLUMNS))}"
                f" (columns: {', '.join(COLUMNS)})"
            )
    activities = _table(data.get("activities", {}), path, "activities", problems)
    for activity, step in activities.items():
        if step not in steps:
            problems.append(
                f"{path}: activities.{activity}: unknown step '{step}'{_suggest(step, steps)}"
            )
    source = data.get("source")
    if source is not None and source not in SOURCES:
        problems.append(
            f"{path}: source: unknown source {source!r}{_suggest(str(source), list(SOURCES))}"
            f" (sources: {', '.join(SOURCES)})"
        )
        source = None
    if source is not None:
        columns = {**SOURCES[source]["columns"], **columns}
    ignore = data.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(i, (str, int)) for i in ignore):
        problems.append(f"{path}: ignore: must be a list of activity names")
        ignore = []
    if problems:
        raise LogError(*problems)
    return Mapping(columns, activities, tuple(str(i) for i in ignore), path, source)


def _table(value: Any, path: str, key: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(v, (str, int)) and isinstance(k, (str, int)) for k, v in value.items()
    ):
        problems.append(f"{path}: {key}: must be a table of names")
        return {}
    return {str(k): str(v) for k, v in value.items()}


def log_files(spec: str) -> tuple[list[str], str]:
    """The files of `--log FILE|DIR|GLOB`, sorted, and their format."""
    path = Path(spec)
    if path.is_dir():
        files = sorted(str(p) for p in path.rglob("*") if p.is_file() and _format(p.name))
    elif any(ch in spec for ch in "*?["):
        files = sorted(p for p in glob.glob(spec, recursive=True) if Path(p).is_file())
    elif path.is_file():
        files = [spec]
    else:
        raise LogError(f"{spec}: no such file or directory")
    if not files:
        raise LogError(f"{spec}: no log files ({', '.join(sorted(FORMATS))})")
    kinds = {_format(Path(f).name) for f in files}
    if None in kinds:
        odd = next(f for f in files if _format(Path(f).name) is None)
        raise LogError(f"{odd}: not a log format; use {', '.join(sorted(FORMATS))}")
    if len(kinds) > 1:
        raise LogError(f"{spec}: files of several formats ({', '.join(sorted(map(str, kinds)))})")
    return files, str(kinds.pop())


def _format(name: str) -> str | None:
    lower = name.lower()
    for suffix, kind in sorted(FORMATS.items(), key=lambda item: -len(item[0])):
        if lower.endswith(suffix):
            return kind
    return None


def resolve_columns(available: list[str], mapping: Mapping, shown: str) -> dict[str, str]:
    """Schema column -> log column; LogError when a required one is missing."""
    lowered = {name.lower(): name for name in available}
    resolved: dict[str, str] = {}
    problems: list[str] = []
    for column in COLUMNS:
        if column in mapping.columns:
            wanted = mapping.columns[column]
            if wanted not in available:
                problems.append(
                    f"{shown}: no column '{wanted}' (mapped to {column})"
                    f"{_suggest(wanted, available)}; columns: {', '.join(available)}"
                )
            else:
                resolved[column] = wanted
            continue
        found = next((lowered[a] for a in ALIASES[column] if a in lowered), None)
        if found is not None:
            resolved[column] = found
        elif column in REQUIRED:
            problems.append(
                f"{shown}: missing column '{column}'{_suggest(column, available)}; "
                f"columns: {', '.join(available)} (name it in the mapping file's columns:)"
            )
    if problems:
        raise LogError(*problems)
    return resolved
