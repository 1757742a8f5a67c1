"""Reading export text with positions: JSON, YAML (every scalar kept as text),
JavaScript and Terraform object literals, and `file:line:column` from offsets.

Every reader goes through here so that the project's size, depth and string
limits (loader.Limits) apply to exports exactly as to journey files, and so
that a broken export is an `InvalidJourney` (file:line:column: message), never
a traceback.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from typing import Any

import yaml

from ..loader import DEFAULT_LIMITS, InvalidJourney, Limits, Problem
from .neutral import Position

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader


def broken(file: str, position: Position, message: str) -> InvalidJourney:
    return InvalidJourney(file, [Problem(position[0], position[1], message)])


class Locator:
    """Offsets of one text -> (line, column), 1-based, as an editor counts them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def at(self, index: int) -> Position:
        line = bisect.bisect_right(self._starts, index) - 1
        return (line + 1, index - self._starts[line] + 1)

    def find(self, pattern: str, start: int = 0, default: Position = (1, 1)) -> Position:
        match = re.compile(pattern).search(self.text, start)
        return self.at(match.start()) if match else default

    def find_pair(
        self, key: str, value: str, start: int = 0, default: Position = (1, 1)
    ) -> Position:
        """Where `"key": "value"` stands, also inside a JSON string (escaped quotes)."""
        index = self.pair_index(key, value, start)
        return self.at(index) if index >= 0 else default

    def pair_index(self, key: str, value: str, start: int = 0) -> int:
        """The offset of `"key": "value"`, or -1.

        Looks for the value's text first (str.find), then checks the key just
        before it: a regex scan per block over a large export costs far more.
        """
        needle = json.dumps(value)[1:-1]
        before = re.compile(rf'\\*"{re.escape(key)}\\*"\s*:\s*\\*"$')
        index = self.text.find(needle, start)
        while index >= 0:
            window = self.text[max(0, index - len(key) - 40) : index]
            match = before.search(window)
            if match is not None:
                return index - (len(window) - match.start())
            index = self.text.find(needle, index + 1)
        return -1

    def index_of(self, pattern: str, start: int = 0) -> int:
        match = re.compile(pattern).search(self.text, start)
        return match.start() if match else -1


def quoted_key(key: str, value: str) -> str:
    """A regex for `"key": "value"` in JSON, also when the JSON is itself a
    string inside JSON or YAML (its quotes then escaped: `\\"key\\":\\"value\\"`)."""
    slash = r'\\*"'
    escaped = re.escape(json.dumps(value)[1:-1])
    return rf"{slash}{re.escape(key)}{slash}\s*:\s*{slash}{escaped}{slash}"


def check_depth(data: Any, file: str, limits: Limits) -> None:
    """Refuse data nested deeper than the limit (json.loads has no such limit)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limits.max_depth:
            raise broken(file, (1, 1), f"nesting deeper than {limits.max_depth} levels (the limit)")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, str) and len(value) > limits.max_string:
            raise broken(
                file, (1, 1), f"value longer than {limits.max_string:,} characters (the limit)"
            )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def load_json(
    text: str, file: str, limits: Limits = DEFAULT_LIMITS, offset: Position = (1, 1)
) -> Any:
    """JSON -> data; a syntax error is `file:line:column`, counted from `offset`
    (where the JSON starts in the file, for JSON held in a string)."""
    try:
        # Duplicate keys are refused as in journey files; json.loads keeps the last.
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except _Duplicate as duplicate:
        where = Locator(text).find(quoted_key_only(duplicate.key))
        raise broken(
            file, _shift(where, offset), f"duplicate key '{duplicate.key}' in the JSON"
        ) from None
    except json.JSONDecodeError as error:
        raise broken(
            file, _shift((error.lineno, error.colno), offset), f"invalid JSON: {error.msg}"
        ) from None
    except RecursionError:
        raise broken(file, offset, "nesting too deep") from None
    check_depth(data, file, limits)
    return data


def quoted_key_only(key: str) -> str:
    return rf'\\*"{re.escape(key)}\\*"\s*:'


def _shift(position: Position, offset: Position) -> Position:
    line, column = position
    if line == 1:
        return (offset[0], offset[1] + column - 1)
    return (offset[0] + line - 1, column)


# -- YAML with every scalar as text ------------------------------------------


class YamlTree:
    """YAML as plain data where every scalar stays the text written, so that
    Archy's `yes:`/`no:` keys stay 'yes'/'no' (YAML 1.1 would make them
    booleans) and CloudFormation tags (`!Sub`, `!Ref`) are read as the value
    they tag. `positions[id(mapping)]` is where each mapping starts."""

    def __init__(self, data: Any, positions: dict[int, Position]) -> None:
        self.data = data
        self.positions = positions

    def where(self, node: Any, default: Position = (1, 1)) -> Position:
        return self.positions.get(id(node), default)


def _events(text: str) -> Iterator[Any]:
    loader = _Loader(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def load_yaml(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> YamlTree:
    """One YAML document -> `YamlTree`; anchors, aliases, duplicate keys, deep
    nesting and long strings are refused as in journey files."""
    positions: dict[int, Position] = {}
    stack: list[list[Any]] = []  # [container, pending key or _NONE, seen keys]
    root: Any = None
    documents = 0

    def place(value: Any, position: Position) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
        elif frame[1] is _NONE:
            if not isinstance(value, str):
                raise _Problem(position, "a mapping key must be a plain value")
            if value in frame[2]:
                raise _Problem(position, f"duplicate key '{value}'")
            frame[2].add(value)
            frame[1] = value
        else:
            container[frame[1]] = value
            frame[1] = _NONE

    try:
        for event in _events(text):
            position = (event.start_mark.line + 1, event.start_mark.column + 1)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _Problem(position, "YAML anchors and aliases are not allowed")
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Problem(position, "the export holds several YAML documents")
            elif isinstance(event, yaml.ScalarEvent):
                if len(event.value) > limits.max_string:
                    raise _Problem(
                        position, f"value longer than {limits.max_string:,} characters (the limit)"
                    )
                place(event.value, position)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= limits.max_depth:
                    raise _Problem(
                        position, f"nesting deeper than {limits.max_depth} levels (the limit)"
                    )
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                place(container, position)
                positions[id(container)] = position
                stack.append([container, _NONE, set()])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
    except _Problem as problem:
        raise broken(file, problem.position, problem.message) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise broken(file, where, f"YAML syntax error: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise broken(file, (1, 1), f"YAML error: {error}") from None
    return YamlTree(root, positions)


class _Problem(Exception):
    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


class _NoneType:
    pass


_NONE = _NoneType()


# -- JavaScript and Terraform (HCL) object literals ---------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+|//[^\n]*|\#[^\n]*|/\*.*?\*/)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`)
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_$][\w$.-]*)
  | (?P<punct>[{}\[\](),:=;])
    """,
    re.VERBOSE | re.DOTALL,
)


def parse_literal(text: str, start: int, file: str, locator: Locator, limits: Limits) -> Any:
    """The object or array literal at `text[start]`: JSON, a JavaScript object
    (unquoted keys, single quotes, trailing commas, comments) or a Terraform
    object (`key = value`, no commas). Function calls (`jsonencode(...)`) and
    bare identifiers are read as their text."""
    tokens = _tokens(text, start, file, locator)
    position = 0

    def peek() -> tuple[str, str, int]:
        return tokens[position] if position < len(tokens) else ("end", "", len(text))

    def take(expected: str | None = None) -> tuple[str, str, int]:
        nonlocal position
        token = peek()
        if expected is not None and token[1] != expected:
            raise broken(
                file,
                locator.at(token[2]),
                f"expected '{expected}', found '{token[1] or 'the end'}'",
            )
        position += 1
        return token

    def value(depth: int) -> Any:
        if depth > limits.max_depth:
            raise broken(file, locator.at(peek()[2]), "nesting deeper than the limit")
        kind, word, where = take()
        if word == "{":
            result: dict[str, Any] = {}
            while peek()[1] != "}":
                key_kind, key, key_at = take()
                if key_kind == "string":
                    key = _unquote(key)
                elif key_kind not in ("word", "number"):
                    raise broken(file, locator.at(key_at), f"unexpected '{key}' in an object")
                if peek()[1] in (":", "="):
                    take()
                result[key] = value(depth + 1)
                if peek()[1] in (",", ";"):
                    take()
            take("}")
            return result
        if word == "[":
            items: list[Any] = []
            while peek()[1] != "]":
                items.append(value(depth + 1))
                if peek()[1] == ",":
                    take()
            take("]")
            return items
        if kind == "string":
            return _unquote(word)
        if kind == "number":
            return float(word) if any(c in word for c in ".eE") else int(word)
        if kind == "word":
            if word in ("true", "false"):
                return word == "true"
            if word == "null":
                return None
            if peek()[1] == "(":  # a function call: keep its one argument
                take("(")
                argument = value(depth + 1) if peek()[1] != ")" else None
                while peek()[1] != ")":
                    take()
                take(")")
                return argument
            return word
        raise broken(file, locator.at(where), f"unexpected '{word or 'end of file'}'")

    return value(1)


def _unquote(token: str) -> str:
    body = token[1:-1]
    if token[0] == '"':
        try:
            result: str = json.loads(token)
            return result
        except json.JSONDecodeError:
            pass
    return re.sub(r"\\(.)", r"\1", body)


def _tokens(text: str, start: int, file: str, locator: Locator) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    depth = 0
    index = start
    while index < len(text):
        match = _TOKEN.match(text, index)
        if match is None:
            raise broken(file, locator.at(index), f"unexpected character {text[index]!r}")
        index = match.end()
        kind = match.lastgroup or ""
        if kind == "space":
            continue
        word = match.group()
        tokens.append((kind, word, match.start()))
        if word in "{[(" and kind == "punct":
            depth += 1
        elif word in "}])" and kind == "punct":
            depth -= 1
            if depth == 0:
                return tokens
    raise broken(file, locator.at(len(text)), "the object is not closed before the end of file")


def as_dict(value: Any) -> dict[str, Any]:
    """`value` if it is a mapping, else an empty one (exports hold anything)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """`value` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []
