"""The command line: each command parses, calls the library, renders, exits.

No `from __future__ import annotations` here: typer reads every command's
annotations at start-up, and string annotations would be evaluated twice each.
"""

import contextlib
import errno
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperCommand

from .cliio import fail, load_one, print_problems, refuse_inputs, write_file, write_stdout
from .escapes import printable
from .observed import commands as _observed_options
from .render import format_names

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .config import Config
    from .render import Output
    from .report import JourneyResult, Report
    from .revisions import DiffRun

app = typer.Typer(
    name="frictionmap",
    help="Audit customer-support journeys for worst practices and what they cost the customer.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class _Command(TyperCommand):
    """A command whose help shows arguments by their metavar (`PATH...`, `[FILE]`),
    not typer's `{paths}...` and `<list[str]>`."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar or param.name.upper() if param.name else "ARG"
                pieces.append(name if param.required or name.startswith("[") else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                help = record[1].replace("  [required]", "").replace("[required]", "")
                arguments.append((param.metavar or str(param.name).upper(), help))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    note = "note"
    never = "never"


def _version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"frictionmap {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Audit customer-support journeys for worst practices and what they cost the customer."""


ConfigOption = Annotated[
    str | None,  # noqa: UP007 - typer needs Optional on 3.10
    typer.Option(
        "--config",
        metavar="FILE",
        help="Config file (frictionmap.toml or pyproject.toml); default: found from here upwards.",
    ),
]


MaxFileSizeOption = Annotated[
    Optional[str],  # noqa: UP007, UP045 - typer needs Optional on 3.10
    typer.Option(
        "--max-file-size",
        metavar="SIZE",
        help="Refuse larger files: bytes or a size such as 200MB (default 100MB; "
        "config: [limits] max_file_size).",
    ),
]
MaxStepsOption = Annotated[
    Optional[int],  # noqa: UP007, UP045
    typer.Option(
        "--max-steps",
        metavar="N",
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
    """Colour on a terminal, unless NO_COLOR or TERM=dumb; FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
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
            _report_rejected_one(journey)


def _report_rejected_one(journey: "JourneyResult") -> None:
    print_problems(journey.file, ((f.line, f.column, f.message) for f in journey.findings))


def _format(command: str, name: str | None) -> "Output":
    """The registered format `name` of `command` (None: its first, the default)."""
    from .render import formats

    known = formats(command)
    if name is None:
        return next(iter(known.values()))
    if name not in known:
        raise fail(f"unknown format '{name}'; choose from {', '.join(known)}")
    return known[name]


# `NAME=PATH` names a format where NAME looks like one (no `/`, `.`, `\`):
# `-o sarf=out.sarif` is a typo to refuse, not a file to create.
_FORMAT_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def _choices(command: str) -> str:
    """`json (.json), html (.html, .htm), github`: the formats and their extensions."""
    from .render import formats

    return ", ".join(
        f"{o.name} ({', '.join(o.suffixes)})" if o.suffixes else o.name
        for o in formats(command).values()
    )


def _by_suffix(command: str, path: str) -> "Output | None":
    from .render import formats

    name = Path(path).name.lower()
    for output in formats(command).values():
        if any(name.endswith(suffix) for suffix in output.suffixes):
            return output
    return None


def _targets(
    outputs: list[str], fmt: "Output", explicit: bool, inputs: "Iterable[str | Path]"
) -> "list[tuple[Output, str, bool]]":
    """Each `--output` as (format, path, whether it replaces standard output).

    `FORMAT=PATH` writes that format besides standard output; a plain `PATH`
    replaces standard output, in `--format` when one was given, else in the
    format its extension names. An unknown FORMAT or extension is refused
    with the list of formats.
    """
    from .render import formats

    known = formats(fmt.command)
    refuse_inputs([_target_path(o) for o in outputs], inputs)
    parsed = []
    for item in outputs:
        name, sep, path = item.partition("=")
        if sep and _FORMAT_PREFIX.fullmatch(name):
            if name not in known:
                raise fail(
                    f"unknown format '{name}' in --output {item}; choose from "
                    f"{_choices(fmt.command)} (a file whose name holds '=' is ./{item})"
                )
            if not path:
                raise fail(f"--output {item}: give a path after '='")
            parsed.append((known[name], path, False))
            continue
        target = fmt if explicit else _by_suffix(fmt.command, item)
        if target is None:
            raise fail(
                f"cannot tell the format of --output {item} from its extension; use "
                f"--format or FORMAT={item}, FORMAT one of {_choices(fmt.command)}"
            )
        parsed.append((target, item, True))
    return parsed


def _target_path(item: str) -> str:
    """The file an `--output` item writes: PATH of `FORMAT=PATH`, else the item."""
    name, sep, path = item.partition("=")
    return path if sep and _FORMAT_PREFIX.fullmatch(name) else item


def _emit(
    value: object,
    fmt: "Output",
    targets: "list[tuple[Output, str, bool]]",
    inputs: "Iterable[str | Path]",
    quiet: bool = False,
    lang: str = "en",
) -> None:
    """`value` to each `--output` target and, unless one replaces it, to stdout.

    Outputs never overwrite an input of the run; files are written without
    colour at width 100, stdout at the terminal's width, in colour on a
    terminal, in `lang` where the format has languages. `quiet`: nothing on
    standard output. A format this machine cannot write (PDF without
    Chromium) is a usage error.
    """
    from .render import RenderUnavailable

    refuse_inputs([path for _, path, _ in targets], inputs)
    try:
        for target, path, _ in targets:
            write_file(path, target.render(value, width=100, color=False, lang=lang))
        if not quiet and not any(replaces for _, _, replaces in targets):
            color = fmt.name == "terminal" and _color(sys.stdout)
            write_stdout(fmt.render(value, width=_width(), color=color, lang=lang))
    except RenderUnavailable as error:
        raise fail(str(error)) from None


PathsArgument = Annotated[
    list[str],
    typer.Argument(metavar="PATH...", help="Journey files, folders, or - for standard input."),
]


def _format_option(command: str, outputs: bool = True) -> Any:
    from .render import formats

    default = next(iter(formats(command)))
    inferred = "; with --output PATH, the format its extension names" if outputs else ""
    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"Output format: {format_names(command)} (default {default}{inferred}).",
    )


FormatOption = Annotated[Optional[str], _format_option("check")]  # noqa: UP007, UP045
OutputOption = Annotated[
    Optional[list[str]],  # noqa: UP007, UP045 - typer needs Optional on 3.10
    typer.Option(
        "--output",
        "-o",
        metavar="[FORMAT=]PATH",
        help="Write to PATH instead of standard output (in --format, or the format of its "
        "extension), or besides it with FORMAT=PATH; repeatable.",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="Print nothing on standard output (files of --output still)."
    ),
]
FAIL_ON_HELP = "Exit 1 on findings at or above this severity: error, warning, note or never."


def _check_and_write(
    paths: list[str],
    format: str | None,
    output: list[str] | None,
    fail_on: FailOn,
    config: "Config",
    full: bool,
    quiet: bool,
    lang: str = "en",
    observed: dict[str, Any] | None = None,
) -> None:
    """What `check` and `report` share: check, diagnose, write, exit.

    `observed` holds `report --log`'s options: the one journey is then compared
    with its log (observed/commands.with_conformance, as `conform` does)."""
    from .analysis import paused_gc
    from .findings import Severity
    from .sources import SUFFIXES, expand

    fmt = _format("report" if full else "check", format)
    names = expand(paths)
    if not names:  # only empty folders: a wrong path must not pass CI silently
        raise fail(f"no journey files ({', '.join(SUFFIXES)}) in {', '.join(paths)}")
    read: list[str] = list(names)
    if observed is not None:  # report --log: the log's files and the mapping are read too
        from .observed.commands import log_inputs

        read += log_inputs(observed["log"])
        if observed["mapping"]:
            read.append(observed["mapping"])
    targets = _targets(output or [], fmt, format is not None, read)
    report = _check_with_progress(names, config, quiet)
    _report_rejected(report)
    if observed is not None:
        from .observed.commands import with_conformance

        report = with_conformance(report, **observed)
    with paused_gc():  # rendering a large report allocates much and frees nothing cyclic
        _emit(report, fmt, targets, names, quiet, lang)
    threshold = None if fail_on is FailOn.never else Severity(fail_on.value)
    raise typer.Exit(report.exit_code(threshold))


@app.command(cls=_Command)
def check(
    paths: PathsArgument,
    format: FormatOption = None,
    output: OutputOption = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", metavar="SEVERITY", help=FAIL_ON_HELP)
    ] = FailOn.error,
    config: ConfigOption = None,
    max_file_size: MaxFileSizeOption = None,
    max_steps: MaxStepsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Check journeys for worst practices; exit 1 on findings at or above --fail-on."""
    settings = _load_config(config, max_file_size, max_steps)
    _check_and_write(paths, format, output, fail_on, settings, full=False, quiet=quiet)


@app.command(cls=_Command)
def report(
    paths: PathsArgument,
    format: FormatOption = None,
    output: OutputOption = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", metavar="SEVERITY", help=FAIL_ON_HELP)
    ] = FailOn.never,
    config: ConfigOption = None,
    max_file_size: MaxFileSizeOption = None,
    max_steps: MaxStepsOption = None,
    quiet: QuietOption = False,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="Report language: en or fr (HTML, PDF and Markdown; the others are English).",
        ),
    ] = "en",
    log: Annotated[
        Optional[str],  # noqa: UP007, UP045 - typer needs Optional on 3.10
        typer.Option(
            "--log",
            metavar="LOG",
            help="Event log of the one journey given: adds its designed-vs-observed section.",
        ),
    ] = None,
    mapping: _observed_options.MappingOption = None,
    repeat_days: _observed_options.RepeatOption = 30.0,
    engine: _observed_options.EngineOption = "duckdb",
    confidence: Annotated[
        float,
        typer.Option(
            "--confidence", metavar="LEVEL", min=0.5, max=0.9999, help="Of the Wilson intervals."
        ),
    ] = 0.95,
) -> None:
    """The worst-practices report: grade, key figures, worst practices by impact, walks.

    A report is for reading, so by default it exits 0 whatever it finds
    (--fail-on never); rejected files still exit 2. Use `check` in CI gates.
    With --log (one journey file only) the report adds a "Designed vs observed"
    section, as `frictionmap conform` computes it.
    """
    from .i18n import LANGUAGES

    if lang not in LANGUAGES:
        raise fail(f"unknown language '{lang}'; choose from {', '.join(LANGUAGES)}")
    settings = _load_config(config, max_file_size, max_steps)
    observed = None
    if log is not None:
        if len(paths) != 1:
            raise fail("--log compares one journey with its log; give one journey file")
        observed = {
            "log": log,
            "mapping": mapping,
            "repeat_days": repeat_days,
            "engine": engine,
            "confidence": confidence,
        }
    _check_and_write(
        paths,
        format,
        output,
        fail_on,
        settings,
        full=True,
        quiet=quiet,
        lang=lang,
        observed=observed,
    )


#: Below this many walks a simulation is too quick for a progress bar.
PROGRESS_RUNS = 200_000


@app.command(cls=_Command)
def simulate(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="One journey file, or - for standard input.")
    ],
    runs: Annotated[
        int,
        typer.Option("--runs", "-n", min=1, max=10_000_000, metavar="N", help="Number of walks."),
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", "-s", min=0, metavar="N", help="Random seed.")] = 0,
    format: Annotated[Optional[str], _format_option("simulate")] = None,  # noqa: UP007, UP045
    output: OutputOption = None,
    config: ConfigOption = None,
    max_file_size: MaxFileSizeOption = None,
    max_steps: MaxStepsOption = None,
    quiet: QuietOption = False,
    log: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Option(
            "--log",
            metavar="FILE",
            help="Write a synthetic event log of --runs cases (.parquet, .csv, .jsonl).",
        ),
    ] = None,
) -> None:
    """Walk a journey many times at random: spread of minutes, hours, cost, contacts."""
    from .graph import build_graph
    from .simulate import simulate as run_simulation

    fmt = _format("simulate", format)
    targets = _targets(output or [], fmt, format is not None, [file])
    loaded = load_one(file, _load_config(config, max_file_size, max_steps).limits)
    graph = build_graph(loaded.journey)
    if log is not None:  # issue 14: an event log instead of the statistics
        from .observed.commands import simulate_log

        return simulate_log(loaded, graph, log, runs, seed)
    with _progress_bar(runs, quiet=quiet) as progress:
        result = run_simulation(
            loaded.journey, graph, runs=runs, seed=seed, progress=progress, file=loaded.file
        )
    _emit(result, fmt, targets, [file], quiet)


@contextmanager
def _progress_bar(
    total: int, what: str = "walks", minimum: int = PROGRESS_RUNS, quiet: bool = False
) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr, only for long work on a terminal.

    Machine formats on stdout are never touched: the bar is on stderr and
    disappears when done.
    """
    if quiet or total < minimum or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda ended: bar.advance(task, ended)


# Fewer files than this are checked too fast for a progress bar to help.
PROGRESS_FILES = 50


def _check_with_progress(names: list[str], config: "Config", quiet: bool = False) -> "Report":
    from .inputs import check_files

    with _progress_bar(len(names), "journeys", PROGRESS_FILES, quiet) as tick:
        return check_files(names, config, tick)


@app.command(cls=_Command)
def diff(
    sides: Annotated[
        Optional[list[str]],  # noqa: UP007, UP045 - typer needs Optional on 3.10
        typer.Argument(
            metavar="[BEFORE AFTER | PATH...]",
            help="BEFORE AFTER (each a file, REV:PATH, or - for standard input); "
            "with --base, the paths to look in.",
        ),
    ] = None,
    base: Annotated[
        Optional[str],  # noqa: UP007, UP045
        typer.Option(
            "--base", metavar="REV", help="Compare every journey changed since this git revision."
        ),
    ] = None,
    format: Annotated[Optional[str], _format_option("diff")] = None,  # noqa: UP007, UP045
    output: OutputOption = None,
    rename: Annotated[
        Optional[list[str]],  # noqa: UP007, UP045
        typer.Option(
            "--rename", metavar="OLD=NEW", help="A step renamed, not removed and added; repeatable."
        ),
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
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="Severity of new findings that count as a regression: error, warning, note "
            "or never.",
        ),
    ] = FailOn.warning,
    config: ConfigOption = None,
    max_file_size: MaxFileSizeOption = None,
    max_steps: MaxStepsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Compare journeys before and after a change: metrics, findings, structure."""
    from .findings import Severity

    fmt = _format("diff", format)
    paths = sides or []
    targets = _targets(output or [], fmt, format is not None, paths)
    if base is None and len(paths) != 2:
        raise fail("diff needs BEFORE and AFTER (files or REV:PATH), or --base REV [PATH...]")
    if paths.count("-") > 1:
        raise fail("diff reads standard input (-) for one side only")
    settings = _load_config(config, max_file_size, max_steps)
    run = _diff_run(paths, base, rename or [], settings)
    from dataclasses import replace  # issue 14: [company] settings for the saving

    run = replace(run, report=replace(run.report, company=settings.company))
    for message in run.errors:
        sys.stderr.write(f"frictionmap: {printable(message)}\n")
    if run.report.diffs or not run.errors:
        _emit(run.report, fmt, targets, run.inputs, quiet)
    if run.errors:
        raise typer.Exit(2)
    threshold = None if fail_on is FailOn.never else Severity(fail_on.value)
    raise typer.Exit(1 if fail_on_regression and run.report.regressed(threshold) else 0)


def _diff_run(paths: list[str], base: str | None, rename: list[str], config: "Config") -> "DiffRun":
    """The diffs of `diff BEFORE AFTER` or `diff --base REV [PATH...]`; exit 2 on bad input."""
    from .revisions import InputError, diff_base, diff_sides, parse_renames

    limits = config.limits
    try:
        renames = parse_renames(rename)
        if base is not None:
            return diff_base(base, paths, renames, config=config, limits=limits)
        return diff_sides(paths[0], paths[1], renames, config=config, limits=limits)
    except InputError as error:
        for message in error.messages:
            sys.stderr.write(f"frictionmap: {printable(message)}\n")
        raise typer.Exit(2) from None


@app.command(cls=_Command)
def rules(
    format: Annotated[Optional[str], _format_option("rules", outputs=False)] = None,  # noqa: UP007, UP045
) -> None:
    """List every rule: id, family, default severity, summary."""
    from .rules import RULES

    _emit(RULES, _format("rules", format), [], [])


@app.command(cls=_Command)
def explain(
    rule: Annotated[str, typer.Argument(metavar="RULE", help="A rule id, e.g. long-wait.")],
) -> None:
    """Show a rule's documentation: why it hurts, an example, the fix, its options."""
    import difflib

    from .render.catalogue import explain as render_rule
    from .rules import RULES_BY_ID

    found = RULES_BY_ID.get(rule)
    if found is None:
        close = difflib.get_close_matches(rule, sorted(RULES_BY_ID), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else "; `frictionmap rules` lists them"
        raise fail(f"unknown rule '{rule}'{hint}")
    sys.stdout.write(render_rule(found, width=_width(), color=_color(sys.stdout)))


@app.command(cls=_Command)
def graph(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="One journey file, or - for standard input.")
    ],
    format: Annotated[Optional[str], _format_option("graph")] = None,  # noqa: UP007, UP045
    output: OutputOption = None,
    config: ConfigOption = None,
    max_file_size: MaxFileSizeOption = None,
    max_steps: MaxStepsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Draw a journey (Mermaid, Graphviz DOT or SVG), steps coloured by friction."""
    from .inputs import check_one

    fmt = _format("graph", format)
    if file != "-" and Path(file).is_dir():
        raise fail(f"'{file}' is a directory; graph draws one journey file")
    targets = _targets(output or [], fmt, format is not None, [file])
    result = check_one(file, _load_config(config, max_file_size, max_steps))
    if not result.valid:
        _report_rejected_one(result)
        raise typer.Exit(2)
    _emit(result, fmt, targets, [file], quiet)


@app.command(cls=_Command)
def schema() -> None:
    """Print the JSON Schema of the journey format (for yaml-language-server)."""
    import json

    from .model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n")


from .importers.command import import_command  # noqa: E402 - registered after the others

app.command(name="import", cls=_Command)(import_command)

from .observed.commands import register as _register_observed  # noqa: E402

_register_observed(app, _Command)  # calibrate, conform (issue 14)


def main() -> None:
    """Run the command line (the `frictionmap` command is __main__.main).

    An output that cannot be written (a full disk, `> /dev/full`) is exit 2
    with a message, never a traceback: CI must not read it as findings (1).
    """
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        try:
            app()
        finally:
            sys.stdout.flush()
    except OSError as error:
        _cannot_write_stdout(error)


def _cannot_write_stdout(error: OSError) -> None:
    """Exit 2 with the reason; a closed pipe (`| head`) quietly, as click does (exit 1)."""
    closed_pipe = error.errno == errno.EPIPE
    if not closed_pipe:
        reason = error.strerror or str(error)
        sys.stderr.write(f"frictionmap: cannot write the output: {printable(str(reason))}\n")
    # The interpreter flushes standard output again at exit: leave it nothing.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise SystemExit(1 if closed_pipe else 2)
