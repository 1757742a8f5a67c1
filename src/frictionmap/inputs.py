"""Which files a run reads: paths, directories (recursively) and `-` for stdin."""

from __future__ import annotations

import sys
from pathlib import Path

from . import __version__
from .analysis import check_file, check_text
from .config import Config
from .loader import InvalidJourney, Limits, Problem
from .report import JourneyResult, Report

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


def check_one(name: str, config: Config | None = None, limits: Limits = Limits()) -> JourneyResult:
    """Check one input; never raises for bad input."""
    if name == STDIN:
        raw = sys.stdin.buffer.read()
        from .loader import decode

        try:
            text = decode(raw, "<stdin>")
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


def check_paths(paths: list[str], config: Config | None = None) -> Report:
    """Check every input; a bad file never stops the others."""
    results = [check_one(name, config) for name in collect(paths)]
    return Report(tuple(results), version=__version__)
