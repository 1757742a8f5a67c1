"""Which files a run reads: paths, directories (recursively) and `-` for stdin."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from . import __version__
from .analysis import check_file, check_text
from .config import Config, default_config
from .loader import DEFAULT_LIMITS, InvalidJourney, Limits, Problem
from .report import JourneyResult, Report, RuleInfo

STDIN = "-"
SUFFIXES = (".yaml", ".yml")


def collect(paths: list[str]) -> list[str]:
    """Files to check, in a stable order: as given, directories sorted within.

    A missing path is kept, so that it is reported as a rejected file.
    """
    files: list[str] = []
    for name in paths:
        path = Path(name)
        if name != STDIN and path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.suffix in SUFFIXES and p.is_file() and not _hidden(p.relative_to(path))
            )
            files.extend(found)
        else:
            files.append(name)
    seen: set[str] = set()
    return [f for f in files if not (f in seen or seen.add(f))]  # type: ignore[func-returns-value]


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def check_one(
    name: str, config: Config | None = None, limits: Limits | None = None
) -> JourneyResult:
    """Check one input; never raises for bad input.

    `limits` default to the configuration's (`[limits]`, `--max-file-size`).
    """
    if limits is None:
        limits = config.limits if config is not None else DEFAULT_LIMITS
    if name == STDIN:
        from .loader import read_stream

        try:
            text = read_stream(sys.stdin.buffer, "<stdin>", limits)
        except InvalidJourney as error:
            from .analysis import rejected

            return rejected(error)
        return check_text(text, "<stdin>", config, limits)
    path = Path(name)
    if not path.exists():
        from .analysis import rejected

        return rejected(InvalidJourney(name, [Problem(1, 1, "no such file or directory")]))
    if path.is_dir():
        from .analysis import rejected

        return rejected(InvalidJourney(name, [Problem(1, 1, "is a directory with no journey")]))
    return check_file(name, config, limits)


def check_paths(
    paths: list[str],
    config: Config | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Check every input; a bad file never stops the others.

    `progress(n)` is told as files complete (the CLI's progress bar).
    """
    return check_files(collect(paths), config, progress)


def check_files(
    names: list[str],
    config: Config | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """`check_paths` on inputs already collected."""
    config = config or default_config()
    results = check_many(names, config, progress)
    return Report(
        tuple(results), version=__version__, rules=enabled_rules(config), company=config.company
    )


def enabled_rules(config: Config) -> tuple[RuleInfo, ...]:
    """The rules that run, with their docs, for the formats that list them (SARIF, JUnit)."""
    return tuple(
        RuleInfo(rule.id, setting.severity, rule.summary, rule.doc, rule.family)
        for rule, setting in config.enabled()
        if setting.severity is not None
    )


# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 16


def check_many(
    names: list[str], config: Config, progress: Callable[[int], None] | None = None
) -> list[JourneyResult]:
    """Check files in order; many files are spread over every core (processes).

    `progress(n)` is called as files complete. Standard input is read here,
    never in a worker.
    """
    workers = os.cpu_count() or 1
    if len(names) < PARALLEL_THRESHOLD or workers < 2 or STDIN in names:
        results = []
        for name in names:
            results.append(check_one(name, config))
            if progress:
                progress(1)
        return results
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(64, len(names) // (workers * 8)))
    results = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(partial(check_one, config=config), names, chunksize=chunk):
            results.append(result)
            if progress:
                progress(1)
    return results
