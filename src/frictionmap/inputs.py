"""A check run: every input of the command line loaded (sources.py), analysed, reported.

Many files are spread over every core; a bad file never stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial

from . import __version__
from .analysis import check_loaded
from .config import Config, default_config
from .loader import DEFAULT_LIMITS, Limits
from .report import JourneyResult, Report, RuleInfo
from .sources import STDIN, SUFFIXES, expand, load_input

__all__ = [
    "STDIN",
    "SUFFIXES",
    "check_files",
    "check_many",
    "check_one",
    "check_paths",
    "collect",
    "config_name",
    "enabled_rules",
]


def collect(paths: list[str]) -> list[str]:
    """Files to check, in a stable order: as given, directories sorted within (`expand`)."""
    return expand(paths)


def check_one(
    name: str, config: Config | None = None, limits: Limits | None = None
) -> JourneyResult:
    """Check one input (a file or `-`); never raises for bad input.

    `limits` default to the configuration's (`[limits]`, `--max-file-size`).
    """
    if limits is None:
        limits = config.limits if config is not None else DEFAULT_LIMITS
    run_limits = limits
    return check_loaded(lambda: load_input(name, run_limits), config)


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
        tuple(results),
        version=__version__,
        rules=enabled_rules(config),
        config=config_name(config),
        company=config.company,
    )


def config_name(config: Config) -> str:
    """Which configuration a run used, as outputs say it: its file, or its preset.

    Empty for one built in code from rules alone (as tests do).
    """
    if config.source is not None:
        return config.source
    if config.preset is not None:
        return f"no config file, preset {config.preset}"
    return ""


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
