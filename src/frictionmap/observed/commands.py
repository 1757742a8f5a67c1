"""The `calibrate` and `conform` commands, and `simulate --log` (cli.py registers them).

Each parses, calls the library (observe, calibrate, conform, synth), renders,
exits: 0 done, 1 deviations with `--fail-on-deviation`, 2 a bad journey,
log, mapping file or option. Log warnings go to stderr, counted.

No `from __future__ import annotations`: typer reads the annotations.
"""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ..cliio import fail, load_one, refuse_inputs, write_file, write_stdout

if TYPE_CHECKING:
    import networkx as nx

    from ..loader import Loaded
    from ..model import Journey
    from .observe import Observation

LogOption = Annotated[
    str,
    typer.Option(
        "--log",
        metavar="LOG",
        help="Event log: a CSV, Parquet or JSON-lines file, a directory or a glob.",
    ),
]
MappingOption = Annotated[
    Optional[str],  # noqa: UP007, UP045 - typer needs Optional on 3.10
    typer.Option(
        "--mapping",
        metavar="FILE",
        help="YAML mapping of log columns and activities to the journey.",
    ),
]
RepeatOption = Annotated[
    float,
    typer.Option(
        "--repeat-days",
        metavar="DAYS",
        min=0,
        help="A customer's case within this many days of the last is a repeat.",
    ),
]
EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        metavar="ENGINE",
        help="duckdb (embedded, default) or spark (frictionmap[spark]).",
    ),
]


def log_inputs(log: str) -> list[str]:
    """The files `--log` reads (a directory or glob as its files), for the refusal
    to write over an input."""
    from .schema import LogError, log_files

    try:
        return log_files(log)[0]
    except LogError:
        return [log]


def _observe(
    journey: "Journey",
    log: str,
    mapping: str | None,
    repeat_days: float,
    engine: str,  # noqa: UP045
) -> "Observation":
    from .observe import observe
    from .schema import LogError, load_mapping

    try:
        rules = load_mapping(mapping, list(journey.steps)) if mapping else None
        seen = observe(journey, log, rules, engine=engine, repeat_days=repeat_days)
    except LogError as error:
        raise fail(*error.messages) from None
    for warning in seen.warnings:
        sys.stderr.write(f"frictionmap: warning: {log}: {warning.message}\n")
    return seen


def calibrate(
    journey: Annotated[
        str, typer.Argument(metavar="JOURNEY", help="The journey file to calibrate.")
    ],
    log: LogOption,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write the calibrated journey here (- for stdout).",
        ),
    ],
    mapping: MappingOption = None,
    repeat_days: RepeatOption = 30.0,
    engine: EngineOption = "duckdb",
) -> None:
    """Write a log's observed probabilities, waits, minutes and volume into a copy of a journey."""
    from ..loader import DEFAULT_LIMITS, InvalidJourney, loads
    from ..sources import reader_for
    from .calibrate import calibrated_data, dump

    if journey == "-":
        raise fail("calibrate reads the journey from a file, not standard input")
    refuse_inputs([output], [journey, *log_inputs(log), mapping])
    loaded = load_one(journey)
    seen = _observe(loaded.journey, log, mapping, repeat_days, engine)
    # The journey's own data (a YAML journey, or an export as imported), to be copied
    # with the observed values written in.
    source = Path(journey).read_text(encoding="utf-8")
    data, _ = reader_for(journey, source).read(source, journey, DEFAULT_LIMITS)
    text = dump(calibrated_data(data, loaded.journey, seen))
    try:
        loads(text, output)
    except InvalidJourney as error:  # pragma: no cover - a bug, not a user mistake
        raise fail(f"internal error: the calibrated journey is invalid: {error}") from None
    if output == "-":
        write_stdout(text)
        return
    write_file(output, text)
    sys.stderr.write(
        f"frictionmap: calibrated {len(seen.steps)} steps of '{loaded.journey.name}' from "
        f"{seen.cases:,} cases ({seen.period}) -> {output}\n"
    )


def conform(
    journey: Annotated[str, typer.Argument(metavar="JOURNEY", help="The designed journey file.")],
    log: LogOption,
    mapping: MappingOption = None,
    repeat_days: RepeatOption = 30.0,
    engine: EngineOption = "duckdb",
    format: Annotated[
        str,
        typer.Option("--format", "-f", metavar="FORMAT", help="terminal, json, markdown or sarif."),
    ] = "terminal",
    output: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Option("--output", "-o", metavar="PATH", help="Write to PATH instead of stdout."),
    ] = None,
    confidence: Annotated[
        float,
        typer.Option(
            "--confidence", metavar="LEVEL", min=0.5, max=0.9999, help="Of the Wilson intervals."
        ),
    ] = 0.95,
    fail_on_deviation: Annotated[
        bool, typer.Option("--fail-on-deviation", help="Exit 1 when a warning deviation is found.")
    ] = False,
) -> None:
    """Designed vs observed: where a log departs from the journey's design."""
    from ..graph import build_graph
    from .conform import conform as run_conform
    from .render import FORMATS, render

    if format not in FORMATS:
        raise fail(f"unknown format '{format}'; choose from {', '.join(FORMATS)}")
    if output is not None:
        refuse_inputs([output], [journey, *log_inputs(log), mapping])
    loaded = load_one(journey)
    seen = _observe(loaded.journey, log, mapping, repeat_days, engine)
    lines = {s: loaded.source_map.step(s) for s in loaded.journey.steps}
    result = run_conform(
        loaded.journey,
        build_graph(loaded.journey),
        seen,
        file=loaded.file,
        confidence=confidence,
        lines=lines,
    )
    if output is None:
        color = format == "terminal" and sys.stdout.isatty()
        write_stdout(render(result, format, color=color))
    else:
        write_file(output, render(result, format))
    warned = any(d.severity == "warning" for d in result.deviations)
    raise typer.Exit(1 if fail_on_deviation and warned else 0)


def with_conformance(
    report: Any,
    log: str,
    mapping: str | None,
    repeat_days: float,
    engine: str,
    confidence: float,  # noqa: UP045
) -> Any:
    """`report --log`: the report with its one valid journey compared to the log
    (the same observation and comparison as `conform`)."""
    import dataclasses

    from .conform import conform as run_conform

    if len(report.journeys) != 1:
        raise fail("--log compares one journey with its log; give one journey file")
    result = report.journeys[0]
    if not result.valid or result.journey is None or result.source_map is None:
        return report
    seen = _observe(result.journey, log, mapping, repeat_days, engine)
    lines = {s: result.source_map.step(s) for s in result.journey.steps}
    found = run_conform(
        result.journey, result.graph, seen, file=result.file, confidence=confidence, lines=lines
    )
    return dataclasses.replace(report, journeys=(dataclasses.replace(result, conformance=found),))


def simulate_log(loaded: "Loaded", graph: "nx.DiGraph", log: str, cases: int, seed: int) -> None:
    """`frictionmap simulate JOURNEY --log FILE`: a synthetic event log of `cases` walks."""
    from .schema import LogError
    from .synth import write_log

    refuse_inputs([log], [loaded.file])
    try:
        written = write_log(loaded.journey, graph, log, cases=cases, seed=seed)
    except LogError as error:
        raise fail(*error.messages) from None
    capped = f"; {written.capped:,} walks stopped at the visit cap" if written.capped else ""
    sys.stderr.write(
        f"frictionmap: wrote {written.events:,} events of {written.cases:,} cases to "
        f"{written.file}{capped}\n"
    )


def register(app: typer.Typer, command_class: Any = None) -> None:
    """Add `calibrate` and `conform` to the command line (with cli.py's command class)."""
    options = {"cls": command_class} if command_class is not None else {}
    app.command(**options)(calibrate)
    app.command(**options)(conform)
