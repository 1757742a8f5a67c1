"""YAML -> `Journey`, with a source map and precise `file:line:column` errors.

Two steps, each public: `parse(text)` turns YAML into plain data and a
`SourceMap`; `validate(data, source_map, file)` turns plain data into a
checked `Journey`. An importer of another tool's export builds its own data
and `SourceMap.from_positions(...)` and calls `validate` (sources.py picks
the reader of each input). `loads` is both steps on YAML text.

The YAML is read event by event (libyaml's parser when PyYAML has it), so that
duplicate keys, anchors and aliases are seen before anything is built, and so
that every key and value keeps its position. Shapes and types are then checked
by the pydantic models, cross-references and probabilities here.
"""

from __future__ import annotations

import bisect
import codecs
import difflib
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import yaml
from pydantic import BaseModel, ValidationError

from .bounds import too_complex
from .escapes import location, printable
from .model import (
    CHANNEL_KINDS,
    OUTCOME_KINDS,
    STEP_ID_PATTERN,
    STEP_TYPES,
    Branch,
    Journey,
    Step,
    hang_up_branch,
)

try:  # libyaml is several times faster; the pure parser gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

PROBABILITY_TOLERANCE = 1e-6
# Paths the source map of a loaded journey records up front: ('steps', id) is
# what findings need; deeper ones (errors) are completed on demand.
SOURCE_MAP_DEPTH = 2


@dataclass(frozen=True)
class Limits:
    """Refuse inputs past these sizes, in bounded time and memory."""

    max_bytes: int = 100 * 1024 * 1024
    max_depth: int = 64
    max_string: int = 100_000
    # Memory grows with the steps (~1.4 GB at 100,000, ~2.9 GB at 200,000 by
    # bench/scale.py): the default keeps the largest journey under ~3 GB.
    max_steps: int = 200_000


# The default limits, shared: `Limits` is frozen, so one instance serves every call.
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Problem:
    """One reason a file is rejected."""

    line: int
    column: int
    message: str


class InvalidJourney(Exception):
    """The file breaks the format; `problems` says where and why."""

    def __init__(self, file: str, problems: list[Problem], omitted: int = 0) -> None:
        self.file = file
        problems = [Problem(p.line, p.column, printable(p.message)) for p in problems]
        self.problems = sorted(problems, key=lambda p: (p.line, p.column, p.message))
        if omitted:
            last = self.problems[-1]
            self.problems.append(
                Problem(
                    last.line,
                    last.column,
                    f"and {omitted:,} more problems, not listed: fix these and check again",
                )
            )
        first = self.problems[0]
        super().__init__(located(file, first.line, first.column, first.message))

    def lines(self) -> list[str]:
        """Every problem as `file:line:column: message`, in order."""
        return [located(self.file, p.line, p.column, p.message) for p in self.problems]


def located(file: str, line: int, column: int, message: str) -> str:
    """`file:line:column: message`: how every problem with a place is shown (the
    file name made printable: a line break or an escape in it acts on nothing)."""
    return f"{location(file, line, column)}: {message}"


@dataclass
class SourceMap:
    """Where each key and value stands: path -> (line, column), 1-based.

    A map built with a `depth` holds only paths up to that length (the engine
    needs step positions, `("steps", id)`); the first lookup of a longer path
    parses `text` again to complete it. A full map of a 100k-step journey
    takes about 0.9 GB, most of it never read when the journey is valid.
    """

    keys: dict[Path_, Position] = field(default_factory=dict)
    values: dict[Path_, Position] = field(default_factory=dict)
    depth: int | None = None
    text: str | None = field(default=None, repr=False, compare=False)
    limits: Limits | None = field(default=None, repr=False, compare=False)

    def _complete_for(self, path: Path_) -> None:
        if self.depth is None or len(path) <= self.depth or self.text is None:
            return
        _, full = parse_yaml(self.text, self.limits or Limits())
        self.keys, self.values = full.keys, full.values
        self.depth = self.text = self.limits = None

    def key(self, path: Path_) -> Position:
        """The position of the key at `path`, or of the closest enclosing one."""
        self._complete_for(path)
        return self._find(path, self.keys, self.values)

    def value(self, path: Path_) -> Position:
        """The position of the value at `path`, or of the closest enclosing one."""
        self._complete_for(path)
        return self._find(path, self.values, self.keys)

    def has_value(self, path: Path_) -> bool:
        """Whether the file holds a value at exactly `path`."""
        self._complete_for(path)
        return path in self.values

    @staticmethod
    def _find(path: Path_, first: dict[Path_, Position], second: dict[Path_, Position]) -> Position:
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in first:
                return first[prefix]
            if prefix in second:
                return second[prefix]
        return (1, 1)

    def step(self, step_id: str) -> Position:
        return self.key(("steps", step_id))

    @classmethod
    def from_positions(
        cls,
        values: Mapping[Path_, Position],
        keys: Mapping[Path_, Position] | None = None,
    ) -> SourceMap:
        """A source map built by hand (an importer's): path -> (line, column), 1-based.

        A path is a tuple of keys and list indexes, as in the data:
        `("steps", "queue")`, `("steps", "queue", "next", 0, "to")`. `values`
        are where values stand; `keys` (optional) where mapping keys stand, for
        messages about a key (unknown, missing). Either stands in for the other,
        and a path with no entry takes its closest recorded parent's position.
        """
        return cls(keys=dict(keys or {}), values=dict(values))


@dataclass(frozen=True)
class Loaded:
    """A journey that passed every check, with where its parts stand."""

    file: str
    journey: Journey
    source_map: SourceMap


# -- YAML events -> plain data -----------------------------------------------


class _YamlProblem(Exception):
    def __init__(self, position: Position, message: str) -> None:
        self.position = position
        self.message = message


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


# Line breaks for YAML (1.1) that editors do not break lines at: where the
# file holds one, positions are counted again from the mark's character index.
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")


def _positions(text: str) -> Callable[[Any], Position]:
    """Mark -> (line, column) as an editor counts them (breaks: LF, CRLF, CR).

    libyaml also breaks lines at NEL, LS and PS; in the rare file that holds
    one, its line numbers would point below the offending key.
    """
    if not any(char in text for char in _YAML_ONLY_BREAKS):
        return _pos
    starts = [0] + [match.end() for match in _EDITOR_BREAK.finditer(text)]

    def position(mark: Any) -> Position:
        line = bisect.bisect_right(starts, mark.index) - 1
        return (line + 1, mark.index - starts[line] + 1)

    return position


def _index_position(text: str, index: int) -> Position:
    """The (line, column) of the character at `index` of `text`."""
    before = text[:index]
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return (len(_EDITOR_BREAK.findall(before)) + 1, index - line_start + 1)


_constructor = yaml.constructor.SafeConstructor()
_resolver = yaml.resolver.Resolver()


_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
#: The largest whole number a journey may hold: 2**53, the last one a float
#: (and a JSON reader) holds exactly. Counts, minutes and money are far below.
MAX_INTEGER = 2**53
# Written in any base YAML 1.1 knows (0x, 0b, 0 octal, base 60 `1:00:00`),
# 2**53 takes at most 53 digits; a longer text is refused before it is built,
# since building it costs time quadratic in its length (base 60) and printing
# it raises (Python's 4,300-digit limit).
_MAX_NUMBER_TEXT = 64


def _too_large(text: str) -> str:
    shown = text if len(text) <= 40 else f"{text[:40]}…"
    return (
        f"the number '{shown}' is too large: whole numbers in a journey are at most "
        f"{MAX_INTEGER:,} (2^53)"
    )


def _scalar(
    event: yaml.ScalarEvent,
    cache: dict[tuple[str, str], Any],
    pos: Callable[[Any], Position] = _pos,
) -> Any:
    """The value of a scalar, as PyYAML's SafeConstructor builds it.

    Speed matters here (one call per scalar of a 100k-step file): a string is
    its text, and other values (numbers, booleans, null, dates: all immutable)
    are built once per distinct (tag, text) and shared through `cache`.
    """
    tag = event.tag
    if tag is None or tag == "!":
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR_TAG:
        return event.value
    key = (tag, event.value)
    if key in cache:
        return cache[key]
    if tag == _INT_TAG and len(event.value) > _MAX_NUMBER_TEXT:
        raise _YamlProblem(pos(event.start_mark), _too_large(event.value))
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = _constructor.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as error:
        message = f"cannot read this value: {error.problem}"
        raise _YamlProblem(pos(event.start_mark), message) from None
    except (ValueError, TypeError, ArithmeticError) as error:
        # An explicit tag on text it cannot build: `!!int x`, `!!float 1e`,
        # `!!timestamp 2001-02-30` (PyYAML lets int(), float(), date() raise).
        shown = event.value if len(event.value) <= 40 else f"{event.value[:40]}…"
        message = f"cannot read '{shown}' as {tag.rsplit(':', 1)[-1]}: {error}"
        raise _YamlProblem(pos(event.start_mark), message) from None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
        raise _YamlProblem(pos(event.start_mark), _too_large(event.value))
    cache[key] = value
    return value


def _events(text: str) -> Iterator[Any]:
    loader = _Loader(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


_STEPS = ("steps",)


class _NoKey:
    pass


_NO_KEY = _NoKey()


class _Builder:
    """Plain data and its source map, built from YAML events one at a time.

    Each open container is a frame `[container, path, pending key]` (the key
    slot is used by mappings only); `seen_keys` holds, per open mapping, its
    keys so far and where each stands (for duplicates).
    """

    def __init__(self, text: str, limits: Limits, depth: int | None) -> None:
        self.limits = limits
        self.source_map = SourceMap()
        if depth is not None:
            self.source_map = SourceMap(depth=depth, text=text, limits=limits)
        self.recorded = depth if depth is not None else limits.max_depth + 1
        self.entries = max(limits.max_steps, 1_000)
        self.stack: list[list[Any]] = []
        self.seen_keys: list[dict[Any, Position]] = []
        self.root: Any = None

    def too_long(self, path: Path_, position: Position) -> None:
        """Refuse a table or list past the step limit as its entry past it is read:
        memory grows with the entries (a step, a datum, a branch...), not the bytes."""
        fix = "raise it with --max-steps or [limits] max_steps"
        if path == _STEPS:
            raise _YamlProblem(
                self.source_map.keys.get(_STEPS, position),
                f"the journey has more than {self.limits.max_steps:,} steps, the limit; {fix}",
            )
        raise _YamlProblem(
            position,
            f"'{_where(path) or 'the file'}' has more than {self.entries:,} entries, the limit "
            f"(no table or list may be longer than the step limit, or 1,000); {fix}",
        )

    def place(self, value: Any, position: Position) -> None:
        """Put a value (scalar or new container) where the open container expects it."""
        stack = self.stack
        if not stack:
            self.root = value
            self.source_map.values[()] = position
            return
        frame = stack[-1]
        container, path = frame[0], frame[1]
        shallow = len(path) < self.recorded
        if container.__class__ is list:
            if len(container) >= self.entries:
                self.too_long(path, position)
            if shallow:
                self.source_map.values[path + (len(container),)] = position
            container.append(value)
        elif frame[2] is _NO_KEY:
            self._key(frame, value, position, shallow)
        else:
            if shallow:
                self.source_map.values[path + (frame[2],)] = position
            container[frame[2]] = value
            frame[2] = _NO_KEY

    def _key(self, frame: list[Any], key: Any, position: Position, shallow: bool) -> None:
        path = frame[1]
        if isinstance(key, (dict, list)):
            raise _YamlProblem(position, "a mapping key must be a plain value")
        seen = self.seen_keys[-1]
        if key in seen:
            first = seen[key]
            raise _YamlProblem(
                position,
                f"duplicate key '{key}' (first at line {first[0]}); "
                "YAML keeps only one: merge them or rename one",
            )
        if len(seen) >= (self.limits.max_steps if path == _STEPS else self.entries):
            self.too_long(path, position)
        seen[key] = position
        if shallow:
            self.source_map.keys[path + (key,)] = position
        frame[2] = key

    def open(self, mapping: bool, position: Position) -> None:
        """A mapping or sequence starts: place it, then fill it."""
        if len(self.stack) >= self.limits.max_depth:
            raise _YamlProblem(
                position,
                f"nesting deeper than {self.limits.max_depth} levels "
                "(the limit; [limits] max_depth raises it)",
            )
        container: Any = {} if mapping else []
        parent_path: Path_ = ()
        if self.stack:
            frame = self.stack[-1]
            if isinstance(frame[0], list):
                parent_path = (*frame[1], len(frame[0]))
            elif frame[2] is _NO_KEY:
                raise _YamlProblem(position, "a mapping key must be a plain value")
            else:
                parent_path = (*frame[1], frame[2])
        self.place(container, position)
        self.stack.append([container, parent_path, _NO_KEY])
        self.seen_keys.append({})

    def close(self) -> None:
        self.stack.pop()
        self.seen_keys.pop()


def parse_yaml(
    text: str, limits: Limits = DEFAULT_LIMITS, depth: int | None = None
) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data and a source map.

    Refuses anchors, aliases, duplicate keys, several documents, nesting deeper
    than `limits.max_depth` and strings longer than `limits.max_string`. With a
    `depth`, the source map records paths up to that length only and completes
    itself on demand (see `SourceMap`). Raises `_YamlProblem`; `parse` is the
    public form, raising `InvalidJourney`.
    """
    builder = _Builder(text, limits, depth)
    pos = _positions(text)
    try:
        _build(text, builder, pos)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = pos(mark) if mark is not None else (1, 1)
        raise _YamlProblem(position, f"YAML syntax error: {error.problem or error}") from None
    except yaml.reader.ReaderError as error:
        raise _YamlProblem(*_reader_problem(text, error)) from None
    except yaml.YAMLError as error:
        raise _YamlProblem((1, 1), f"YAML error: {error}") from None
    except RecursionError:
        raise _YamlProblem((1, 1), "nesting too deep") from None
    return builder.root, builder.source_map


def _build(text: str, builder: _Builder, pos: Callable[[Any], Position]) -> None:
    """Feed every event of `text` to `builder`, refusing what journeys do not allow."""
    limits = builder.limits
    place, open_, close = builder.place, builder.open, builder.close  # looked up once
    scalars: dict[tuple[str, str], Any] = {}
    documents = 0
    for event in _events(text):
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor is not None:
            raise _YamlProblem(
                pos(event.start_mark),
                "YAML anchors and aliases are not allowed in journeys; write the value out",
            )
        if isinstance(event, yaml.ScalarEvent):
            if len(event.value) > limits.max_string:
                raise _YamlProblem(
                    pos(event.start_mark),
                    f"value longer than {limits.max_string:,} characters "
                    "(the limit; [limits] max_string_length raises it)",
                )
            place(_scalar(event, scalars, pos), pos(event.start_mark))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            open_(isinstance(event, yaml.MappingStartEvent), pos(event.start_mark))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            close()
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _YamlProblem(
                    pos(event.start_mark), "a journey file holds one YAML document only"
                )


def _reader_problem(text: str, error: yaml.reader.ReaderError) -> tuple[Position, str]:
    """Where the character YAML refuses stands, and what it is.

    libyaml reports a byte offset into the UTF-8 text, PyYAML's own reader
    a character index; both are turned into the character's line and column.
    """
    index = error.position
    if _Loader is not yaml.SafeLoader:
        encoded = text.encode("utf-8", "surrogatepass")
        index = len(encoded[: error.position].decode("utf-8", "surrogatepass"))
    character = error.character
    shown = f"U+{character:04X}" if isinstance(character, int) else repr(character)
    return (
        _index_position(text, index),
        f"the file holds the character {shown}, which YAML does not allow "
        f"({error.reason}); remove it or write it as an escape in a double-quoted string",
    )


# -- checks ----------------------------------------------------------------


def _suggest(word: str, choices: Any) -> str:
    word = str(word)
    candidates = [str(c) for c in choices]
    if len(candidates) > 1_000:  # difflib compares with each: keep the near ones only
        candidates = [c for c in candidates if c[:1] == word[:1] and abs(len(c) - len(word)) <= 2]
    close = difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)
    if not close:
        return ""
    quoted = " or ".join(f"'{c}'" for c in close)
    return f"; did you mean {quoted}?"


def _model_at(path: Path_) -> type[BaseModel] | None:
    """The model whose keys live at `path` (for 'unknown key' suggestions)."""
    from . import model

    tables: dict[str, type[BaseModel]] = {
        "channels": model.Channel,
        "teams": model.Team,
        "data": model.Datum,
    }
    if len(path) == 0:
        return Journey
    if path == ("customer",):
        return model.Customer
    if len(path) == 2 and path[0] in tables:
        return tables[str(path[0])]
    if len(path) == 2 and path[0] == "steps":
        return Step
    if len(path) == 3 and path[0] == "steps" and path[2] == "wait":
        return model.Wait
    if len(path) == 3 and path[0] == "steps" and path[2] == "staffing":
        return model.Staffing
    if len(path) == 4 and path[0] == "steps" and path[2] == "next":
        return Branch
    return None


_TYPE_WORDS = {
    "string_type": "a text",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
}


# YAML 1.1 (PyYAML) reads a float only with a dot and a signed exponent: 1e3
# and 1E-3 are text; 1.0e+3 and 1000 are numbers.
_YAML12_NUMBER = re.compile(r"^[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?$")
_NUMBER_WORDS = ("a number", "a whole number")


def _type_hint(expected: str, value: Any) -> str:
    """Why a value YAML read is not of the expected type, where YAML 1.1 surprises."""
    if expected in _NUMBER_WORDS and isinstance(value, str):
        text = value.strip()
        if re.match(r"^[-+]?(\d[\d_]*)?\.?\d*[eE][-+]?\d+$", text):
            return (
                f" (YAML 1.1 reads {text} as text: write it with a dot and a signed "
                "exponent, 1.0e+3, or in full, 1000)"
            )
        if _YAML12_NUMBER.match(text) and any(char.isdigit() for char in text):
            return " (it is quoted, so it is text: remove the quotes)"
    if expected in _NUMBER_WORDS and isinstance(value, bool):
        return " (YAML reads true, false, yes, no, on and off as true or false)"
    if expected == "a text" and isinstance(value, bool):
        return (
            " (YAML 1.1 reads yes, no, on, off, true and false as true or false: "
            "quote the text, 'no')"
        )
    if expected == "a text" and isinstance(value, (int, float)):
        return " (quote it to make it text)"
    if expected == "true or false" and isinstance(value, str):
        return " (write true or false, without quotes)"
    return ""


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _where(path: Path_) -> str:
    """`steps.queue.next[0].to` style, for messages."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# A file's problems past this many are counted, not spelled out: each
# did-you-mean scans every candidate, so 100,000 broken references in one file
# would otherwise take hours to explain.
MAX_PROBLEMS = 100


class _Found:
    """A file's problems: the first MAX_PROBLEMS in full, the rest only counted.

    A check asks `listing()` before it works out a problem's position and
    message (a suggestion scans every candidate), then `add`s it.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.omitted = 0

    def listing(self) -> bool:
        """Whether one more problem is listed; if not, it is counted as omitted."""
        if len(self.problems) < MAX_PROBLEMS:
            return True
        self.omitted += 1
        return False

    def add(self, position: Position, message: str) -> None:
        self.problems.append(Problem(position[0], position[1], message))

    def refuse(self, file: str) -> None:
        """Raise `InvalidJourney` if there is any problem."""
        if self.problems:
            raise InvalidJourney(file, self.problems, self.omitted)


def _pydantic_problems(error: ValidationError, source_map: SourceMap) -> _Found:
    found = _Found()
    seen: set[tuple[Path_, str]] = set()
    for item in error.errors(include_url=False):
        loc: Path_ = tuple(p for p in item["loc"] if not (isinstance(p, str) and "[" in p))
        # Drop pydantic's union tags such as 'function-before[...]'.
        kind = item["type"]
        if (loc, kind) in seen:
            continue
        seen.add((loc, kind))
        if not found.listing():
            continue
        name = loc[-1] if loc else ""
        parent = loc[:-1]
        where = _where(loc)
        if kind == "extra_forbidden":
            model = _model_at(parent)
            known = list(model.model_fields) if model else []
            message = f"unknown key '{name}'" + (f" in {_where(parent)}" if parent else "")
            suggestion = _suggest(str(name), known)
            if item["input"] is None and not suggestion:
                # `label: Hello, world` in { }: the comma ended the value, and
                # `world` became a key without a value.
                suggestion = (
                    f"; if '{name}' belongs to the value before it, quote that value: "
                    "in a { } mapping a comma separates entries"
                )
            message += suggestion or (f"; known keys: {', '.join(known)}" if known else "")
            position = source_map.key(loc)
        elif kind == "missing":
            message = f"missing required key '{name}'" + (f" in {_where(parent)}" if parent else "")
            position = source_map.key(parent) if parent else (1, 1)
        elif kind == "literal_error":
            expected = item.get("ctx", {}).get("expected", "")
            choices = re.findall(r"'([^']*)'", expected) or re.findall(r"\d+", expected)
            message = f"{where}: {_describe(item['input'])} is not one of {', '.join(choices)}"
            if name == "frictionmap":
                message = (
                    f"unsupported format version {_describe(item['input'])}; "
                    "this frictionmap reads version 1"
                )
            else:
                message += _suggest(str(item["input"]), choices)
            position = source_map.value(loc)
        elif kind in _TYPE_WORDS:
            expected = _TYPE_WORDS[kind]
            message = f"{where} must be {expected}, not {_describe(item['input'])}"
            message += _type_hint(expected, item["input"])
            position = source_map.value(loc)
        elif kind in ("greater_than_equal", "greater_than"):
            bound = item.get("ctx", {}).get("ge", item.get("ctx", {}).get("gt"))
            sign = ">=" if kind == "greater_than_equal" else ">"
            message = f"{where} must be {sign} {bound:g}, not {_describe(item['input'])}"
            position = source_map.value(loc)
        elif kind in ("less_than_equal", "less_than"):
            bound = item.get("ctx", {}).get("le", item.get("ctx", {}).get("lt"))
            sign = "<=" if kind == "less_than_equal" else "<"
            message = f"{where} must be {sign} {bound:,}, not {_describe(item['input'])}"
            position = source_map.value(loc)
        elif kind in ("finite_number",):
            message = f"{where} must be a finite number, not {_describe(item['input'])}"
            position = source_map.value(loc)
        elif kind == "too_short" and name == "steps":
            message = "'steps' is empty: a journey needs at least one step"
            position = source_map.value(loc)
        elif kind == "string_pattern_mismatch" and name == "currency":
            message = (
                f"currency must be an ISO 4217 code such as EUR, not {_describe(item['input'])}"
            )
            position = source_map.value(loc)
        else:
            message = f"{where}: {item['msg']}" if where else str(item["msg"])
            position = source_map.value(loc)
        found.add(position, message)
    return found


_STEP_ID = re.compile(STEP_ID_PATTERN)


def _check_references(journey: Journey, source_map: SourceMap) -> _Found:
    """Every cross-reference and probability rule of the format."""
    found = _Found()
    steps = journey.steps
    if journey.start not in steps and found.listing():
        found.add(
            source_map.value(("start",)),
            f"start names unknown step '{journey.start}'" + _suggest(journey.start, steps),
        )
    for step_id, step in steps.items():
        _check_step(journey, step_id, step, source_map, found)
        _check_outcome(step_id, step, source_map, found)
        hang_up = hang_up_branch(journey, step_id)
        _check_branches(step_id, step, steps, source_map, found, hang_up)
        if step.patience is not None:
            _check_patience(step_id, step, hang_up, source_map, found)
    for rule_id, reason in journey.allow.items():
        if not reason.strip() and found.listing():
            found.add(
                source_map.value(("allow", rule_id)), f"suppression of '{rule_id}' needs a reason"
            )
    return found


def _check_step(
    journey: Journey, step_id: str, step: Step, source_map: SourceMap, found: _Found
) -> None:
    """A step's id, and the data, team and channel it names."""
    add = found.add
    here = ("steps", step_id)
    if not _STEP_ID.match(step_id) and found.listing():
        add(
            source_map.key(here),
            f"step id '{step_id}' must match {STEP_ID_PATTERN} "
            "(lower-case letters, digits, '_' and '-')",
        )
    for index, datum in enumerate(step.asks):
        if datum not in journey.data and found.listing():
            add(
                source_map.value((*here, "asks", index)),
                f"step '{step_id}' asks for undeclared data '{datum}'"
                + (_suggest(datum, journey.data) or "; declare it under 'data'"),
            )
    if step.team is not None and step.team not in journey.teams and found.listing():
        add(
            source_map.value((*here, "team")),
            f"step '{step_id}' names undeclared team '{step.team}'"
            + (_suggest(step.team, journey.teams) or "; declare it under 'teams'"),
        )
    if (
        step.channel is not None
        and step.channel not in journey.channels
        and step.channel not in CHANNEL_KINDS
        and found.listing()
    ):
        add(
            source_map.value((*here, "channel")),
            f"step '{step_id}' names channel '{step.channel}', which is neither declared "
            "under 'channels' nor a channel kind"
            + _suggest(step.channel, [*journey.channels, *CHANNEL_KINDS]),
        )
    for rule_id, reason in step.allow.items():
        if not reason.strip() and found.listing():
            add(
                source_map.value((*here, "allow", rule_id)),
                f"suppression of '{rule_id}' needs a reason",
            )


def _check_outcome(step_id: str, step: Step, source_map: SourceMap, found: _Found) -> None:
    """`outcome:` on outcome steps only, and no way out of them."""
    here = ("steps", step_id)
    if step.type == "outcome":
        if step.outcome is None and found.listing():
            found.add(
                source_map.key(here),
                f"outcome step '{step_id}' needs 'outcome:' (one of {', '.join(OUTCOME_KINDS)})",
            )
        if step.next and found.listing():
            found.add(
                source_map.key((*here, "next")),
                f"outcome step '{step_id}' ends the journey and cannot have 'next'",
            )
    elif step.outcome is not None and found.listing():
        found.add(
            source_map.key((*here, "outcome")),
            f"'outcome:' belongs on outcome steps; step '{step_id}' is a {step.type}",
        )


def _check_patience(
    step_id: str, step: Step, hang_up: int | None, source_map: SourceMap, found: _Found
) -> None:
    """`patience` on a queue with a wait, and a branch for those who hang up."""
    where = source_map.value(("steps", step_id, "patience"))
    if step.type != "queue":
        problem = f"'patience' belongs on queue steps; step '{step_id}' has type {step.type}"
    elif step.wait is None and step.staffing is None:
        problem = f"queue '{step_id}' has a 'patience' but no 'wait' to compare it with"
    elif hang_up is None:
        problem = (
            f"queue '{step_id}' has a 'patience': give it a branch without 'p' to an "
            "'abandoned' outcome, where the callers who hang up go (its share is computed)"
        )
    else:
        return
    if found.listing():
        found.add(where, problem)


def _check_branches(
    step_id: str,
    step: Step,
    steps: dict[str, Step],
    source_map: SourceMap,
    found: _Found,
    hang_up: int | None = None,
) -> None:
    """Targets exist and probabilities add up (a queue's hang-up branch aside: its
    share is computed, and the others' `p` are shares of the callers who stay)."""
    here: Path_ = ("steps", step_id, "next")
    total = 0.0
    missing = 0
    for index, branch in enumerate(step.next):
        if index == hang_up:
            continue
        if branch.to not in steps and found.listing():
            # `next: x` has no index in the file; the source map falls back to `next`.
            position = source_map.value((*here, index, "to"))
            if not source_map.has_value((*here, index, "to")):
                position = source_map.value((*here, index))
            found.add(
                position,
                f"step '{step_id}' goes to unknown step '{branch.to}'" + _suggest(branch.to, steps),
            )
        if branch.p is None:
            missing += 1
            continue
        if branch.p < 0 and found.listing():
            found.add(source_map.value((*here, index, "p")), f"probability {branch.p} is negative")
        total += branch.p
    if not step.next:
        return
    if total > 1 + PROBABILITY_TOLERANCE:
        if found.listing():
            found.add(
                source_map.key(here),
                f"the probabilities of step '{step_id}' sum to {total:g}, over 1",
            )
    elif missing == 0 and abs(total - 1) > PROBABILITY_TOLERANCE and found.listing():
        found.add(
            source_map.key(here),
            f"the probabilities of step '{step_id}' sum to {total:g}, not 1; "
            "fix them or leave one out to take the rest",
        )


# -- entry points ------------------------------------------------------------
#
# Loading is two steps, so that a reader of another format (an importer) can
# hand its own plain data and source map to the same validation:
#
#     data, source_map = parse(text, file, limits)     # YAML text -> plain data
#     loaded = validate(data, source_map, file, limits) # plain data -> Journey
#
# `loads` is both; `sources.load_text` picks the reader by the text's content.


def parse(
    text: str, file: str = "<string>", limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, SourceMap]:
    """Journey YAML -> (plain data, source map); `InvalidJourney` for a YAML problem.

    The data is what `yaml.safe_load` would give (dicts, lists, scalars); the
    source map records step positions up front and the rest on first use.
    """
    try:
        return parse_yaml(text, limits, depth=SOURCE_MAP_DEPTH)
    except _YamlProblem as problem:
        raise InvalidJourney(file, [Problem(*problem.position, problem.message)]) from None


def validate(
    data: Any, source_map: SourceMap, file: str, limits: Limits = DEFAULT_LIMITS
) -> Loaded:
    """Plain data -> a checked `Journey`; `InvalidJourney` with every problem found.

    The public entry point for importers: `data` is the journey as plain
    Python data (a dict, as the YAML format has it: docs/format.md), and
    `source_map` says where each part stands in the original file, so that
    problems read `file:line:column: message` in the importer's own file. Build
    one by hand with `SourceMap.from_positions({("steps", "queue"): (12, 5)})`;
    a path with no position takes its closest recorded parent's, then (1, 1).
    """
    _check_shape(data, source_map, file, limits)
    try:
        journey = Journey.model_validate(data)
    except ValidationError as error:
        _pydantic_problems(error, source_map).refuse(file)
        raise  # pragma: no cover - a validation error always has problems
    _check_references(journey, source_map).refuse(file)
    reason = too_complex(journey)  # bounds.py: near-linear work, or a refusal
    if reason is not None:
        raise InvalidJourney(file, [Problem(*source_map.key(_STEPS), reason)])
    return Loaded(file, journey, source_map)


def _check_shape(data: Any, source_map: SourceMap, file: str, limits: Limits) -> None:
    """What must hold before the models can read the data: a mapping, version 1."""
    if data is None:
        raise InvalidJourney(
            file, [Problem(1, 1, "the file is empty; a journey is a YAML mapping")]
        )
    if not isinstance(data, dict):
        raise InvalidJourney(
            file,
            [Problem(1, 1, f"a journey is a YAML mapping of keys, not {_describe(data)}")],
        )
    if data.get("frictionmap") not in (1, None) and not isinstance(data.get("frictionmap"), bool):
        position = source_map.value(("frictionmap",))
        raise InvalidJourney(
            file,
            [
                Problem(
                    *position,
                    f"unsupported format version {_describe(data['frictionmap'])}; "
                    "this frictionmap reads version 1",
                )
            ],
        )
    steps = data.get("steps")
    if isinstance(steps, dict) and len(steps) > limits.max_steps:
        # YAML is refused while parsing; an importer's data is refused here.
        raise InvalidJourney(
            file,
            [
                Problem(
                    *source_map.key(_STEPS),
                    f"the journey has more than {limits.max_steps:,} steps, the limit; "
                    "raise it with --max-steps or [limits] max_steps",
                )
            ],
        )


def loads(text: str, file: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Read a journey from YAML text; raise `InvalidJourney` with every problem found."""
    data, source_map = parse(text, file, limits)
    return validate(data, source_map, file, limits)


def load(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Read a journey file; raise `InvalidJourney` with every problem found."""
    path = Path(path)
    name = str(path)
    raw = read_file(path, name, limits)
    text = decode(raw, name)
    del raw  # from here on the text is the file: never hold it twice while parsing
    return loads(text, name, limits)


def _over(name: str, size: int | None, limits: Limits) -> InvalidJourney:
    what = f"the file is {size:,} bytes, over" if size is not None else "the input is over"
    return InvalidJourney(
        name,
        [
            Problem(
                1,
                1,
                f"{what} the limit of {limits.max_bytes:,} bytes; "
                "raise it with --max-file-size or [limits] max_file_size",
            )
        ],
    )


def read_file(path: Path, name: str, limits: Limits) -> bytes:
    """The file's bytes; its size is checked before anything is read.

    The read itself stops one byte past the limit, so that a file growing
    meanwhile, a pipe (`<(cmd)`) or a device (/dev/zero) never fills memory.
    """
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_bytes:
                raise _over(name, size, limits)
            raw = handle.read(limits.max_bytes + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InvalidJourney(name, [Problem(1, 1, f"cannot read file: {reason}")]) from None
    if len(raw) > limits.max_bytes:
        raise _over(name, None, limits)
    return raw


def read_stream(stream: BinaryIO, name: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of a stream (standard input), read up to the size limit and decoded."""
    raw = stream.read(limits.max_bytes + 1)
    if len(raw) > limits.max_bytes:
        raise _over(name, None, limits)
    return decode(raw, name)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 (a BOM is allowed), or a precise refusal."""
    body = raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        before = body[: error.start]
        breaks = list(re.finditer(rb"\r\n|\r|\n", before))
        line_start = breaks[-1].end() if breaks else 0
        # The column counts characters, as an editor does, not bytes.
        column = len(before[line_start:].decode("utf-8", "replace")) + 1
        raise InvalidJourney(
            file,
            [
                Problem(
                    len(breaks) + 1,
                    column,
                    f"the file is not UTF-8 (byte 0x{body[error.start]:02x}); save it as UTF-8",
                )
            ],
        ) from None


__all__ = [
    "DEFAULT_LIMITS",
    "STEP_TYPES",
    "InvalidJourney",
    "Limits",
    "Loaded",
    "Problem",
    "SourceMap",
    "decode",
    "load",
    "loads",
    "located",
    "parse",
    "parse_yaml",
    "read_file",
    "read_stream",
    "validate",
]
