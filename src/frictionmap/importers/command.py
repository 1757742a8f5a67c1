"""`frictionmap import`: exports in, a journey file out (registered in cli.py).

No `from __future__ import annotations`: typer reads the annotations.
"""

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from ..cliio import fail, print_problems, refuse_inputs, write_file, write_stdout


class Platform(str, Enum):
    auto = "auto"
    connect = "connect"
    twilio = "twilio"
    genesys = "genesys"
    bpmn = "bpmn"


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
        typer.Option(
            "--from",
            metavar="PLATFORM",
            help="auto, connect, twilio, genesys or bpmn (default auto: read from the content).",
        ),
    ] = Platform.auto,
    overlay: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Option(
            "--overlay",
            metavar="FILE",
            help="Overlay YAML: probabilities, waits, teams, data, outcomes.",
        ),
    ] = None,
    emit_overlay: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Option(
            "--emit-overlay",
            metavar="FILE",
            help="Write an overlay skeleton with every key and its default.",
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
    refuse_inputs([t for t in (output, emit_overlay) if t is not None], [*files, overlay])
    flows = []
    broken = False
    for name in files:
        try:
            flows.extend(read_file(name, platform.value, limits))
        except InvalidJourney as error:
            broken = True
            print_problems(error.file, ((p.line, p.column, p.message) for p in error.problems))
    if broken:
        raise typer.Exit(2)
    for finding in structural(flows):
        sys.stderr.write(finding.render() + "\n")
    if emit_overlay is not None:
        reached = {flow.name: reachable(flow) for flow in flows}
        write_file(emit_overlay, skeleton(flows, reached))
    settings = None
    if overlay is not None:
        try:
            settings = load(overlay, flows, limits)
        except InvalidJourney as error:
            print_problems(error.file, ((p.line, p.column, p.message) for p in error.problems))
            raise typer.Exit(2) from None
    try:
        imported = import_flows(flows, settings, limits)
    except InvalidJourney as error:  # a lowering bug: say so plainly, never a traceback
        problem = error.problems[0]
        raise fail(
            f"the imported journey is invalid ({problem.line}:{problem.column}: "
            f"{problem.message}); please report this with the export"
        ) from None
    for assumption in imported.assumptions:
        sys.stderr.write(f"assumed: {assumption}\n")
    if output is None:
        write_stdout(imported.text)
    else:
        write_file(output, imported.text)

