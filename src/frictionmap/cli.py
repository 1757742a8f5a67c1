"""The command line: each command parses, calls the library, renders, exits.

No `from __future__ import annotations` here: typer reads every command's
annotations at start-up, and string annotations would be evaluated twice each.
"""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .escapes import location, printable

if TYPE_CHECKING:
    from .config import Config
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
    sys.stderr.write(f"frictionmap: {printable(message)}\n")
    return typer.Exit(2)


ConfigOption = Annotated[
    str | None,  # noqa: UP007 - typer needs Optional on 3.10
    typer.Option(
        "--config",
        help="Config file (frictionmap.toml or pyproject.toml); default: found from here upwards.",
    ),
]


MaxFileSizeOption = Annotated[
    Optional[str],  # noqa: UP007, UP045 - typer needs Optional on 3.10
    typer.Option(
        "--max-file-size",
        help="Refuse larger files: bytes or a size such as 200MB (default 100MB; "
        "config: [limits] max_file_size).",
    ),
]
MaxStepsOption = Annotated[
    Optional[int],  # noqa: UP007, UP045
    typer.Option(
        "--max-steps",
        help="Refuse journeys with more steps (default 200000; config: [limits] max_steps).",
    ),
]


def _load_config(
    path: str | None, max_file_size: str | None = None, max_steps: int | None = None
) -> "Config":
    """The run's configuration, with the command line's limits on top.

    A config mistake is `file: message` and exit 2.
    """
    from .config import ConfigError, load_config, with_limits

    try:
        return with_limits(load_config(path), max_file_size, max_steps)
    except ConfigError as error:
        sys.stderr.write(f"{error}\n")
        raise typer.Exit(2) from None


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


def _report_rejected(report: "Report") -> None:
    """Rejected files as `file:line:column: message` on stderr, whatever the format."""
    for journey in report.journeys:
        if not journey.valid:
            for finding in journey.findings:
                where = location(journey.file, finding.line, finding.column)
                sys.stderr.write(f"{where}: {finding.message}\n")


def _parse_outputs(
    outputs: list[str], default_format: str, formats: dict[str, str]
) -> list[tuple[str, str]]:
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
    full: bool = False,
) -> None:
    from .render import renderer

    targets = _parse_outputs(outputs, fmt, formats)
    protected = {Path(p).resolve() for p in inputs if p != "-"}
    for _, path in targets:
        if Path(path).resolve() in protected:
            raise _fail(f"refusing to write over input file '{path}'")
    # One target per output (`_parse_outputs`), in order.
    to_stdout = not any(
        f == fmt and "=" not in o for (f, _), o in zip(targets, outputs, strict=True)
    )
    for (name, path), _ in zip(targets, outputs, strict=True):
        text = renderer(name, full=full)(report, width=100, color=False)  # type: ignore[arg-type]
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as error:
            raise _fail(f"cannot write '{path}': {error.strerror}") from None
    if to_stdout:
        color = fmt == "terminal" and _color(sys.stdout)
        render = renderer(fmt, full=full)
        sys.stdout.write(render(report, width=_width(), color=color))  # type: ignore[arg-type]


PathsArgument = Annotated[
    list[str], typer.Argument(help="Journey files, directories, or - for stdin.")
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="Output format: terminal, json, markdown, html, sarif, junit or github.",
    ),
]
OutputOption = Annotated[
    list[str] | None,  # noqa: UP007 - typer needs Optional on 3.10
    typer.Option("--output", "-o", help="Write to PATH (in --format) or FORMAT=PATH; repeatable."),
]
FAIL_ON_HELP = "Exit 1 on findings at or above this severity."


def _check_and_write(
    paths: list[str],
    format: str,
    output: list[str] | None,
    fail_on: FailOn,
    config: "Config",
    full: bool,
) -> None:
    """What `check` and `report` share: check, diagnose, write, exit."""
    from .analysis import paused_gc
    from .findings import Severity
    from .render import FORMATS

    if format not in FORMATS:
        raise _fail(f"unknown format '{format}'; choose from {', '.join(FORMATS)}")
    report = _check_with_progress(paths, config)
    _report_rejected(report)
    with paused_gc():  # rendering a large report allocates much and frees nothing cyclic
        _write_outputs(report, format, output or [], paths, FORMATS, full=full)
    threshold = None if fail_on is FailOn.never else Severity(fail_on.value)
    raise typer.Exit(report.exit_code(threshold))


@app.command()
def check(
    paths: PathsArgument,
    format: FormatOption = "terminal",
    output: OutputOption = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help=FAIL_ON_HELP)] = FailOn.error,
    config: ConfigOption = None,
    max_file_size: MaxFileSizeOption = None,
    max_steps: MaxStepsOption = None,
) -> None:
    """Check journeys for worst practices; exit 1 on findings at or above --fail-on."""
    settings = _load_config(config, max_file_size, max_steps)
    _check_and_write(paths, format, output, fail_on, settings, full=False)


@app.command()
def report(
    paths: PathsArgument,
    format: FormatOption = "terminal",
    output: OutputOption = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help=FAIL_ON_HELP)] = FailOn.never,
    config: ConfigOption = None,
    max_file_size: MaxFileSizeOption = None,
    max_steps: MaxStepsOption = None,
) -> None:
    """The worst-practices report: grade, key figures, worst practices by impact, walks.

    A report is for reading, so by default it exits 0 whatever it finds
    (--fail-on never); rejected files still exit 2. Use `check` in CI gates.
    """
    settings = _load_config(config, max_file_size, max_steps)
    _check_and_write(paths, format, output, fail_on, settings, full=True)


#: Below this many walks a simulation is too quick for a progress bar.
PROGRESS_RUNS = 200_000


@app.command()
def simulate(
    file: Annotated[str, typer.Argument(help="One journey file, or - for stdin.")],
    runs: Annotated[
        int, typer.Option("--runs", "-n", min=1, max=10_000_000, help="Number of walks.")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", "-s", min=0, help="Random seed.")] = 0,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: terminal or json.")
    ] = "terminal",
    max_file_size: MaxFileSizeOption = None,
    max_steps: MaxStepsOption = None,
) -> None:
    """Walk a journey many times at random: spread of minutes, hours, cost, contacts."""
    from .graph import build_graph
    from .loader import InvalidJourney, load, loads, read_stream
    from .render.simulation import FORMATS, render
    from .simulate import simulate as run_simulation

    if format not in FORMATS:
        raise _fail(f"unknown format '{format}'; choose from {', '.join(FORMATS)}")
    limits = _load_config(None, max_file_size, max_steps).limits
    try:
        if file == "-":
            loaded = loads(read_stream(sys.stdin.buffer, "<stdin>", limits), "<stdin>", limits)
        else:
            loaded = load(file, limits)
    except InvalidJourney as error:
        for problem in error.problems:
            where = location(error.file, problem.line, problem.column)
            sys.stderr.write(f"{where}: {problem.message}\n")
        raise typer.Exit(2) from None
    graph = build_graph(loaded.journey)
    with _progress_bar(runs) as progress:
        result = run_simulation(
            loaded.journey, graph, runs=runs, seed=seed, progress=progress, file=loaded.file
        )
    color = format == "terminal" and _color(sys.stdout)
    sys.stdout.write(render(result, format, width=_width(), color=color))


@contextmanager
def _progress_bar(
    total: int, what: str = "walks", minimum: int = PROGRESS_RUNS
) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr, only for long work on a terminal.

    Machine formats on stdout are never touched: the bar is on stderr and
    disappears when done.
    """
    if total < minimum or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda ended: bar.advance(task, ended)


# Fewer files than this are checked too fast for a progress bar to help.
PROGRESS_FILES = 50


def _check_with_progress(paths: list[str], config: "Config") -> "Report":
    from .inputs import SUFFIXES, check_files, collect

    names = collect(paths)
    if not names:  # only empty directories: a wrong path must not pass CI silently
        raise _fail(f"no journey files ({', '.join(SUFFIXES)}) in {', '.join(paths)}")
    with _progress_bar(len(names), "journeys", PROGRESS_FILES) as tick:
        return check_files(names, config, tick)


DIFF_FORMATS = {"terminal": "diff_terminal", "json": "diff_json", "markdown": "diff_markdown"}


@app.command()
def diff(
    sides: Annotated[
        Optional[list[str]],  # noqa: UP007, UP045 - typer needs Optional on 3.10
        typer.Argument(
            help="BEFORE AFTER (each a file or REV:PATH); with --base, the paths to look in."
        ),
    ] = None,
    base: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Option("--base", help="Compare every journey changed since this git revision."),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: terminal, json or markdown.")
    ] = "terminal",
    output: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Option("--output", "-o", help="Write to PATH instead of stdout."),
    ] = None,
    rename: Annotated[
        Optional[list[str]],  # noqa: UP007, UP045
        typer.Option("--rename", help="old=new: a step renamed, not removed and added."),
    ] = None,
    fail_on_regression: Annotated[
        bool,
        typer.Option(
            "--fail-on-regression",
            help="Exit 1 when the score gets worse or a new finding reaches --fail-on.",
        ),
    ] = False,
    fail_on: Annotated[
        FailOn,
        typer.Option("--fail-on", help="Severity of new findings that count as a regression."),
    ] = FailOn.warning,
    max_file_size: MaxFileSizeOption = None,
    max_steps: MaxStepsOption = None,
) -> None:
    """Compare journeys before and after a change: metrics, findings, structure."""
    from importlib import import_module

    from .findings import Severity
    from .revisions import InputError, diff_base, diff_sides, parse_renames

    if format not in DIFF_FORMATS:
        raise _fail(f"unknown format '{format}'; choose from {', '.join(DIFF_FORMATS)}")
    paths = sides or []
    if base is None and len(paths) != 2:
        raise _fail("diff needs BEFORE and AFTER (files or REV:PATH), or --base REV [PATH...]")
    limits = _load_config(None, max_file_size, max_steps).limits
    try:
        renames = parse_renames(rename or [])
        run = (
            diff_base(base, paths, renames, limits=limits)
            if base is not None
            else diff_sides(paths[0], paths[1], renames, limits=limits)
        )
    except InputError as error:
        for message in error.messages:
            sys.stderr.write(f"frictionmap: {printable(message)}\n")
        raise typer.Exit(2) from None
    for message in run.errors:
        sys.stderr.write(f"frictionmap: {printable(message)}\n")
    if run.report.diffs or not run.errors:
        render = import_module(f".render.{DIFF_FORMATS[format]}", __package__).render
        if output is not None:
            if Path(output).resolve() in {p.resolve() for p in run.inputs}:
                raise _fail(f"refusing to write over input file '{output}'")
            text = render(run.report, width=100, color=False)
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as error:
                raise _fail(f"cannot write '{output}': {error.strerror}") from None
        else:
            color = format == "terminal" and _color(sys.stdout)
            sys.stdout.write(render(run.report, width=_width(), color=color))
    if run.errors:
        raise typer.Exit(2)
    threshold = None if fail_on is FailOn.never else Severity(fail_on.value)
    raise typer.Exit(1 if fail_on_regression and run.report.regressed(threshold) else 0)


@app.command()
def rules(
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: terminal or json.")
    ] = "terminal",
) -> None:
    """List every rule: id, family, default severity, summary."""
    from .render.catalogue import rules_json, rules_table
    from .rules import RULES

    if format == "json":
        sys.stdout.write(rules_json(RULES))
    elif format == "terminal":
        sys.stdout.write(rules_table(RULES, width=_width(), color=_color(sys.stdout)))
    else:
        raise _fail(f"unknown format '{format}'; choose from terminal, json")


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="A rule id, e.g. long-wait.")],
) -> None:
    """Show a rule's documentation: why it hurts, an example, the fix, its options."""
    import difflib

    from .render.catalogue import explain as render_rule
    from .rules import RULES_BY_ID

    found = RULES_BY_ID.get(rule)
    if found is None:
        close = difflib.get_close_matches(rule, sorted(RULES_BY_ID), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else "; `frictionmap rules` lists them"
        raise _fail(f"unknown rule '{rule}'{hint}")
    sys.stdout.write(render_rule(found, width=_width(), color=_color(sys.stdout)))


@app.command()
def graph(
    file: Annotated[str, typer.Argument(help="One journey file, or - for stdin.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="Drawing format: mermaid, dot or svg.")
    ] = "mermaid",
    output: Annotated[
        Optional[str],  # noqa: UP007, UP045 - typer needs Optional on 3.10
        typer.Option("--output", "-o", help="Write the drawing to PATH instead of stdout."),
    ] = None,
    config: ConfigOption = None,
    max_file_size: MaxFileSizeOption = None,
    max_steps: MaxStepsOption = None,
) -> None:
    """Draw a journey (Mermaid, Graphviz DOT or SVG), steps coloured by friction."""
    from .inputs import check_one
    from .render import DIAGRAMS, diagram

    if format not in DIAGRAMS:
        raise _fail(f"unknown drawing format '{format}'; choose from {', '.join(DIAGRAMS)}")
    if file != "-" and Path(file).is_dir():
        raise _fail(f"'{file}' is a directory; graph draws one journey file")
    if output is not None and file != "-" and Path(output).resolve() == Path(file).resolve():
        raise _fail(f"refusing to write over input file '{output}'")
    result = check_one(file, _load_config(config, max_file_size, max_steps))
    if not result.valid:
        for finding in result.findings:
            where = location(result.file, finding.line, finding.column)
            sys.stderr.write(f"{where}: {finding.message}\n")
        raise typer.Exit(2)
    text = diagram(format)(result)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise _fail(f"cannot write '{output}': {error.strerror}") from None


@app.command()
def schema() -> None:
    """Print the JSON Schema of the journey format (for yaml-language-server)."""
    import json

    from .model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n")


def main() -> None:
    """Run the command line (the `frictionmap` command is __main__.main)."""
    app()
