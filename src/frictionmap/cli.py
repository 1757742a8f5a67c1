"""The command line: each command parses, calls the library, renders, exits."""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from .report import Report

app = typer.Typer(
    name="frictionmap",
    help="Audit customer-support journeys for worst practices and what they cost the customer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    note = "note"
    never = "never"


def _fail(message: str) -> typer.Exit:
    """A usage error: message on stderr, exit 2."""
    sys.stderr.write(f"frictionmap: {message}\n")
    return typer.Exit(2)


def _color(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _width() -> int:
    try:
        return max(60, min(os.get_terminal_size(sys.stdout.fileno()).columns, 160))
    except (OSError, ValueError):
        return 100


def _report_rejected(report: Report) -> None:
    """Rejected files as `file:line:column: message` on stderr, whatever the format."""
    for journey in report.journeys:
        if not journey.valid:
            for finding in journey.findings:
                sys.stderr.write(
                    f"{journey.file}:{finding.line}:{finding.column}: {finding.message}\n"
                )


def _parse_outputs(outputs: list[str], default_format: str, formats: dict[str, str]) -> list[tuple[str, str]]:
    """`--output PATH` (in --format) or `--output FORMAT=PATH`, repeatable."""
    parsed = []
    for item in outputs:
        name, sep, path = item.partition("=")
        if sep and name in formats:
            parsed.append((name, path))
        else:
            parsed.append((default_format, item))
    return parsed


def _write_outputs(
    report: object,
    fmt: str,
    outputs: list[str],
    inputs: list[str],
    formats: dict[str, str],
) -> None:
    from .render import renderer

    targets = _parse_outputs(outputs, fmt, formats)
    protected = {Path(p).resolve() for p in inputs if p != "-"}
    for _, path in targets:
        if Path(path).resolve() in protected:
            raise _fail(f"refusing to write over input file '{path}'")
    to_stdout = not any(f == fmt and "=" not in o for (f, _), o in zip(targets, outputs))
    for (name, path), _ in zip(targets, outputs):
        text = renderer(name)(report, width=100, color=False)  # type: ignore[arg-type]
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as error:
            raise _fail(f"cannot write '{path}': {error.strerror}") from None
    if to_stdout:
        color = fmt == "terminal" and _color(sys.stdout)
        sys.stdout.write(renderer(fmt)(report, width=_width(), color=color))  # type: ignore[arg-type]


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Journey files, directories, or - for stdin.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: terminal or json.")
    ] = "terminal",
    output: Annotated[
        Optional[list[str]],  # noqa: UP007 - typer needs Optional on 3.10
        typer.Option(
            "--output", "-o", help="Write to PATH (in --format) or FORMAT=PATH; repeatable."
        ),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 on findings at or above this severity.")
    ] = FailOn.error,
) -> None:
    """Check journeys for worst practices; exit 1 on findings at or above --fail-on."""
    from .findings import Severity
    from .inputs import check_paths
    from .render import FORMATS

    if format not in FORMATS:
        raise _fail(f"unknown format '{format}'; choose from {', '.join(FORMATS)}")
    report = check_paths(paths)
    _report_rejected(report)
    _write_outputs(report, format, output or [], paths, FORMATS)
    threshold = None if fail_on is FailOn.never else Severity(fail_on.value)
    raise typer.Exit(report.exit_code(threshold))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the journey format (for yaml-language-server)."""
    from .model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
