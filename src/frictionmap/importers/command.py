"""`frictionmap import`: exports in, a journey file out (registered in cli.py).

No `from __future__ import annotations`: typer reads the annotations.
"""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class Platform(str, Enum):
    auto = "auto"
    connect = "connect"
    twilio = "twilio"
    genesys = "genesys"
    bpmn = "bpmn"


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"frictionmap: {message}\n")
    return typer.Exit(2)


def import_command(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Export files of one set; the first holds the start.", metavar="FILE..."
        ),
    ],
    output: Annotated[
        Optional[str],  # noqa: UP007, UP045 - typer needs Optional on 3.10
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the journey here (default: standard output).",
        ),
    ] = None,
    platform: Annotated[
        Platform,
        typer.Option("--from", help="Platform of the exports (default: read from content)."),
    ] = Platform.auto,
    overlay: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Option(
            "--overlay", help="Overlay YAML: probabilities, waits, teams, data, outcomes."
        ),
    ] = None,
    emit_overlay: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Option(
            "--emit-overlay", help="Write an overlay skeleton with every key and its default."
        ),
    ] = None,
    max_file_size: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Option(
            "--max-file-size", metavar="SIZE", help="Refuse larger files (default 100MB)."
        ),
    ] = None,
    max_steps: Annotated[
        Optional[int],  # noqa: UP007, UP045
        typer.Option(
            "--max-steps", metavar="N", help="Refuse exports with more blocks (default 200000)."
        ),
    ] = None,
) -> None:
    """Import Amazon Connect, Twilio Studio, Genesys Architect or BPMN exports as a journey."""
    from ..config import ConfigError, load_config, with_limits
    from ..loader import InvalidJourney
    from .core import import_flows, read_file, structural
    from .overlay import load, skeleton
    from .structure import reachable

    try:
        limits = with_limits(load_config(None), max_file_size, max_steps).limits
    except ConfigError as error:
        sys.stderr.write(f"{error}\n")
        raise typer.Exit(2) from None
    inputs = {Path(f).resolve() for f in files}
    for target in (output, emit_overlay):
        if target is not None and Path(target).resolve() in inputs:
            raise _fail(f"refusing to write over input file '{target}'")
    flows = []
    broken = False
    for name in files:
        try:
            flows.extend(read_file(name, platform.value, limits))
        except InvalidJourney as error:
            broken = True
            for problem in error.problems:
                sys.stderr.write(
                    f"{error.file}:{problem.line}:{problem.column}: {problem.message}\n"
                )
    if broken:
        raise typer.Exit(2)
    for finding in structural(flows):
        sys.stderr.write(finding.render() + "\n")
    if emit_overlay is not None:
        reached = {flow.name: reachable(flow) for flow in flows}
        _write(emit_overlay, skeleton(flows, reached))
    settings = None
    if overlay is not None:
        try:
            settings = load(overlay, flows, limits)
        except InvalidJourney as error:
            for problem in error.problems:
                sys.stderr.write(
                    f"{error.file}:{problem.line}:{problem.column}: {problem.message}\n"
                )
            raise typer.Exit(2) from None
    try:
        imported = import_flows(flows, settings, limits)
    except InvalidJourney as error:  # a lowering bug: say so plainly, never a traceback
        problem = error.problems[0]
        raise _fail(
            f"the imported journey is invalid ({problem.line}:{problem.column}: "
            f"{problem.message}); please report this with the export"
        ) from None
    for assumption in imported.assumptions:
        sys.stderr.write(f"assumed: {assumption}\n")
    if output is None:
        sys.stdout.write(imported.text)
    else:
        _write(output, imported.text)


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise _fail(f"cannot write '{path}': {error.strerror}") from None
