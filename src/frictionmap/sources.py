"""The one input path: a command-line input -> journey text -> reader -> `Loaded`.

Every command (check, report, graph, simulate, diff) turns what the user
named into journeys here:

- `expand(paths)`: folders -> the journey files inside them (sorted; names
  ending in a journey suffix, hidden files and folders skipped), other names
  kept as given (`-` is standard input; a missing path becomes a problem);
- `load_input(name, limits)`: one file or `-` -> `Loaded`, or `InvalidJourney`
  with `file:line:column` problems (`diff`'s `REV:PATH` sides read their text
  from git in revisions.py, then come through `load_text`);
- `load_text(text, file, limits)`: the reader that recognises the text turns
  it into plain data and a source map, and `loader.validate` checks it.

Readers: YAML, the journey format, reads whatever no other reader claims. An
importer of another tool's export (Amazon Connect JSON, BPMN XML...) adds one
`Reader` with `register_reader`: its `sniff` looks at the file name and the
first characters, its `parse` returns the journey as plain data plus a
`SourceMap` into the export, and the same validation gives the same
`file:line:column` problems.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path, PurePath
from typing import Any

from .loader import (
    DEFAULT_LIMITS,
    InvalidJourney,
    Limits,
    Loaded,
    Problem,
    SourceMap,
    decode,
    parse,
    read_file,
    read_stream,
    validate,
)

STDIN = "-"
STDIN_NAME = "<stdin>"
#: Files a folder input yields (and `diff --base` compares): journey YAML.
SUFFIXES = (".yaml", ".yml")
#: How many characters of the text a reader's `sniff` is shown.
SNIFF_CHARS = 4096


def is_journey_name(name: str | PurePath) -> bool:
    """Whether a file found in a folder is a journey, by its name's suffix."""
    return str(name).endswith(SUFFIXES)


def is_hidden(relative: str | PurePath) -> bool:
    """Whether a path below a folder input is hidden (a part starts with `.`)."""
    return any(part.startswith(".") for part in PurePath(relative).parts)


# -- readers -----------------------------------------------------------------


Parse = Callable[[str, str, Limits], tuple[Any, SourceMap]]


@dataclass(frozen=True)
class Reader:
    """Turns one kind of file into a journey's plain data and source map.

    `sniff(file, head)` says whether this reader reads the file, from its
    name and its first `SNIFF_CHARS` characters (keep it cheap: it runs on
    every input). `parse(text, file, limits)` returns `(data, source_map)`
    for `loader.validate`, or raises `InvalidJourney` for a file it cannot
    read; it may be given as `"package.module:function"`, imported only
    when a file is read with it, so that `check` start-up does not grow.
    """

    name: str
    sniff: Callable[[str, str], bool]
    parse: Parse | str

    def read(self, text: str, file: str, limits: Limits) -> tuple[Any, SourceMap]:
        """`(data, source_map)` of `text`."""
        function = self.parse
        if isinstance(function, str):
            module, _, name = function.partition(":")
            function = getattr(import_module(module), name)
        return function(text, file, limits)


#: The journey format itself: it reads whatever no importer claims.
YAML_READER = Reader("yaml", lambda file, head: True, parse)


def _export_sniff(file: str, head: str) -> bool:
    """Contact-centre exports (importers/reader.py), looked at only when the text
    is not a journey: a plain check imports nothing of the importers."""
    if head.startswith("frictionmap") or "\nfrictionmap" in head:
        return False
    from .importers.reader import sniff

    return sniff(file, head)


#: Importers, tried in order before YAML; one line each, e.g.
#: `Reader("connect", connect_sniff, "frictionmap.importers.connect:parse")`.
READERS: list[Reader] = [
    # Amazon Connect, Twilio Studio, Genesys Archy, BPMN (docs/import.md)
    Reader("exports", _export_sniff, "frictionmap.importers.reader:parse"),
]


def register_reader(reader: Reader) -> None:
    """Add an importer (once: a second reader of the same name replaces the first)."""
    READERS[:] = [r for r in READERS if r.name != reader.name] + [reader]


def reader_for(file: str, text: str) -> Reader:
    """The first registered reader whose `sniff` claims the text; YAML otherwise."""
    head = text[:SNIFF_CHARS]
    for reader in READERS:
        if reader.sniff(file, head):
            return reader
    return YAML_READER


# -- loading -----------------------------------------------------------------


def load_text(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Text of any known kind -> a checked journey; `InvalidJourney` otherwise."""
    data, source_map = reader_for(file, text).read(text, file, limits)
    return validate(data, source_map, file, limits)


def load_path(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, label: str | None = None
) -> Loaded:
    """A file -> a checked journey, its problems under `label` (default: the path)."""
    name = label if label is not None else str(path)
    text = decode(read_file(Path(path), name, limits), name)
    return load_text(text, name, limits)


def load_input(name: str, limits: Limits = DEFAULT_LIMITS, label: str | None = None) -> Loaded:
    """One command-line input (a file, or `-` for standard input) -> a checked journey.

    Raises `InvalidJourney` for every reason it cannot be: no such file, a
    dangling symbolic link, a folder (unreadable, or with no journey),
    unreadable, too large, not UTF-8, or a journey that breaks the format;
    `label` names the input in problems (default: as given, shown printable).
    """
    if name == STDIN:
        shown = label or STDIN_NAME
        return load_text(read_stream(sys.stdin.buffer, shown, limits), shown, limits)
    shown = label if label is not None else shown_name(name)
    path = Path(name)
    if not path.exists():
        raise InvalidJourney(shown, [Problem(1, 1, _missing(path))])
    if path.is_dir():
        raise InvalidJourney(shown, [Problem(1, 1, _folder_problem(path))])
    return load_path(path, limits, shown)


def _missing(path: Path) -> str:
    if path.is_symlink():
        return f"a symbolic link to '{shown_name(os.readlink(path))}', which does not exist"
    return "no such file or directory"


def _folder_problem(path: Path) -> str:
    try:
        with os.scandir(path):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        return f"cannot read this folder ({reason}): the journeys in it are not checked"
    return "is a directory with no journey"


def shown_name(name: str) -> str:
    """A file name as outputs show it: bytes that are not UTF-8 (which Python
    keeps as lone surrogates) as `\\xNN` escapes, so that every output can be
    written as UTF-8."""
    if not any("\ud800" <= char <= "\udfff" for char in name):
        return name
    return "".join(
        char
        if not "\ud800" <= char <= "\udfff"
        else (f"\\x{ord(char) - 0xDC00:02x}" if char >= "\udc80" else f"\\u{ord(char):04x}")
        for char in name
    )


def expand(paths: list[str]) -> list[str]:
    """The inputs to load, in a stable order: as given, folders' journeys sorted within.

    A missing path is kept, so that it is reported as a rejected file; so are,
    found inside a folder, a subfolder that cannot be read and a dangling
    symbolic link that looks like a journey (or a folder): a run must not pass
    without saying it did not check them. Each input appears once.
    """
    files: list[str] = []
    for name in paths:
        if name != STDIN and Path(name).is_dir():
            files.extend(sorted(_walk(Path(name))))
        else:
            files.append(name)
    return list(dict.fromkeys(files))


def _walk(folder: Path) -> Iterator[str]:
    """Journeys below `folder` (hidden ones skipped), and what could not be read."""
    unreadable: list[str] = []

    def refused(error: OSError) -> None:
        unreadable.append(str(error.filename))

    # As `Path.rglob` did: symbolic links to folders are not followed.
    for top, dirs, names in os.walk(folder, onerror=refused):
        here = Path(top)
        dirs[:] = [d for d in dirs if not is_hidden(d)]
        for entry in names:
            path = here / entry
            if is_hidden(entry):
                continue
            journey = is_journey_name(entry)
            if (journey and path.is_file()) or _dangling(path, journey):
                yield str(path)
    yield from unreadable


def _dangling(path: Path, journey: bool) -> bool:
    """A broken symbolic link named as a journey, or with no suffix (as a folder is)."""
    return (journey or not path.suffix) and path.is_symlink() and not path.exists()


__all__ = [
    "READERS",
    "STDIN",
    "SUFFIXES",
    "YAML_READER",
    "Reader",
    "expand",
    "is_hidden",
    "is_journey_name",
    "load_input",
    "load_path",
    "load_text",
    "reader_for",
    "register_reader",
    "shown_name",
]
