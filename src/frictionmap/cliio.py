"""The command line's input and output glue, written once for every command module
(cli.py, observed/commands.py, importers/command.py).

- `fail`: a usage error, `frictionmap: message` on stderr (made printable), exit 2;
- `print_problems`: `file:line:column: message` lines, the file name printable;
- `refuse_inputs`: an output that is a file the run reads, by any name (a
  symbolic or hard link, a journey inside a folder input), is refused;
- `write_file`, `write_stdout`: text as UTF-8 or bytes as they are;
- `load_one`: one journey file (or `-`, or an export) through the one input path
  (`sources.load_input`), its problems printed and exit 2 when it is invalid.

Imports only typer and the escapes at module level, so that `check` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import typer

from .escapes import printable

if TYPE_CHECKING:
    from .loader import Limits, Loaded


def fail(*messages: str) -> typer.Exit:
    """A usage error: each message on stderr as `frictionmap: message`, exit 2."""
    for message in messages:
        sys.stderr.write(f"frictionmap: {printable(message)}\n")
    return typer.Exit(2)


def print_problems(file: str, problems: Iterable[tuple[int, int, str]]) -> None:
    """`file:line:column: message` lines on stderr: every command's one way to show them."""
    from .loader import located

    for line, column, message in problems:
        sys.stderr.write(located(file, line, column, message) + "\n")


def _file_id(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (status.st_dev, status.st_ino)


def refuse_inputs(
    targets: Iterable[str], inputs: Iterable[str | os.PathLike[str] | None]
) -> None:
    """A usage error if an output is a file the run reads: the same file by any
    name (a symbolic or hard link, a journey found inside a folder input)."""
    read = {_file_id(p) for p in inputs if p is not None and str(p) != "-"} - {None}
    for path in targets:
        if path != "-" and _file_id(path) in read:
            raise fail(f"refusing to write over input file '{path}'")


def write_file(path: str, data: str | bytes) -> None:
    """Write one output file (text as UTF-8, or bytes); exit 2 if it cannot be written."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "backslashreplace")
    try:
        with open(path, "wb") as handle:
            handle.write(raw)
    except OSError as error:
        raise fail(f"cannot write '{path}': {error.strerror or error}") from None


def write_stdout(data: str | bytes) -> None:
    if isinstance(data, bytes):  # a binary format (PDF): no text encoding in the way
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)


def load_one(name: str, limits: Limits | None = None) -> Loaded:
    """One journey file or `-`, loaded; its problems on stderr and exit 2 if it is invalid."""
    from .loader import DEFAULT_LIMITS, InvalidJourney
    from .sources import load_input

    try:
        return load_input(name, limits or DEFAULT_LIMITS)
    except InvalidJourney as error:
        print_problems(error.file, ((p.line, p.column, p.message) for p in error.problems))
        raise typer.Exit(2) from None
