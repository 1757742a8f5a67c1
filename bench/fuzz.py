"""Fuzz frictionmap with hostile and broken journeys (issue 7).

    python bench/fuzz.py --minutes N [--seed S] [--budget 10] [--keep DIR]

Inputs are the seed journeys (`journeys/`, `journeys/redesigned/`) put through
byte- and text-level mutations (bit flips, truncations, deletions, duplicated
and swapped lines, wrong indentation, huge numbers, NaN and infinities, deeply
nested values, hostile unicode in ids and labels, swapped keys, perturbed
probabilities, YAML features the format refuses), the seeds edited in meaning
(extreme numbers, branches rewired into loops and traps, probabilities at the
edge of summing to 1, near-certain self-loops, odd valid ids, long chains,
staffing extremes, back-edges to the start), and journeys generated from
scratch. Besides (issue 15): hostile file names (line breaks that would forge
GitHub Actions commands, terminal escapes, bidi and zero-width characters),
hostile config files (not UTF-8, nested thousands deep, sizes of hundreds of
digits, wrong types, many mistakes at once) and huge whole numbers in every
base YAML 1.1 reads (hex, octal, binary, base 60). Each input runs `check`,
`report`, `diff` and `graph` through
the library (every output format) and, for a share of them, through the CLI
in-process (`typer.testing.CliRunner`) and in a real subprocess.

The invariant (`Checker`): never a traceback, a numeric warning or a hang
(each input has a budget of CPU time, enforced); every input ends in findings
or in `invalid-file` messages, one line each, with a line and a column inside
the file; exit codes are 0, 1 or 2; JSON output is valid JSON without NaN or
Infinity; every format renders; real processes give the same bytes under two
PYTHONHASHSEED values.

Inputs run in a worker process, so that a hang is killed and reported rather
than stalling the run. Each distinct failure is printed with its reproducer,
saved (shrunk) under `--keep` (default: a directory under /tmp, never the
repository). `tests/test_fuzz.py` runs a short deterministic share of this.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import multiprocessing as mp
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

SEED_FILES = sorted((ROOT / "journeys").glob("*.yaml")) + sorted(
    (ROOT / "journeys" / "redesigned").glob("*.yaml")
)
DEFAULT_BUDGET = 10.0
# The parent kills a worker that has not answered within this many budgets.
WALL_CLOCK_FACTOR = 6
DEFAULT_KEEP = Path(tempfile.gettempdir()) / "frictionmap-fuzz"
# `file:line:column: message`, one line: what every rejection must look like.
REJECTION_LINE = re.compile(r"^(?P<file>.+?):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): \S.*$")


def seeds() -> list[tuple[str, bytes]]:
    """The seed journeys, as (name, bytes)."""
    return [(str(p.relative_to(ROOT)), p.read_bytes()) for p in SEED_FILES]


# -- mutations ------------------------------------------------------------------

HUGE_NUMBERS = (
    "1e308", "1.7976931348623157e308", "-1e308", "1e309", "-1e309", "1e-320", "5e-324",
    "1" + "0" * 400, "-" + "9" * 400, ".nan", ".NaN", ".inf", "-.inf", "+.inf", ".Inf",
    "0x7fffffffffffffff", "0o777", "1_000_000", "-0", "-0.0", "0", "1e3", "12e", "1.", ".5",
    "99999999999999999999", "18446744073709551617", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
    "true", "null", "~", "''", "[]", "{}",
)
# Whole numbers YAML 1.1 builds with int(): past 2^53 the loader must refuse
# them before building them (issue 15).
HUGE_INTEGERS = (
    lambda n: "0x" + "f" * n, lambda n: "0b" + "1" * n, lambda n: "0" + "7" * n,
    lambda n: "1" + ":59" * n, lambda n: "9" * n, lambda n: "-0x" + "F" * n,
    lambda n: "+" + "1_0" * n, lambda n: "!!int " + "1" * n,
)
# Pieces of hostile file names: forged CI commands, terminal control, invisible text.
NAME_PIECES = (
    "j", "x", "\n::error file=a,line=1::forged", "\n::stop-commands::tok", "\r", "\t",
    "\x1b[2J", "\x1b]8;;http://e.vil\x07", "\x1b]52;c;ZXZpbA==\x07", "\x9b31m", "\x07",
    "\u202e", "\u2066", "\u200b", "\ufeff", "\u2028", " ", "é", "%0A", ":", ",", "'", '"',
    "\\", "$(id)", "`id`", "*", "[a]", "-", "--help", "日本",
)
# Lines of hostile config files.
CONFIG_LINES = (
    'extends = "strct"', "extends = 3", 'extends = ["strict"]', "[rules]", "rules = [1, 2]",
    'wide-menus = "off"', 'long-wait = "eror"', "long-wait = 3",
    'long-wait = {severity = "error", options = {max_wait_minutes = "x"}}',
    "long-wait = {severity = 3}", 'long-wait = {sev = "error"}',
    "long-wait = {options = [1]}", "[limits]", "max_step = 3", "max_depth = 0",
    "max_depth = true", 'max_file_size = "12 parsecs"', "max_steps = -1", "[foo]",
    "[tool.frictionmap]", "[tool.black]", "x = 1", 'max_file_size = "1e400"',
)


def hostile_name(rng: random.Random) -> str:
    """A file name a CI job or a user could be handed (never '/' or NUL)."""
    name = "".join(rng.choice(NAME_PIECES) for _ in range(rng.randint(1, 5)))
    name = name.replace("/", "_").replace("\x00", "_")
    return (name + rng.choice((".yaml", ".yml", "")))[:120] or "x"


def hostile_config(rng: random.Random) -> tuple[str, bytes]:
    """(file name, bytes) of a config file that is broken in one or several ways."""
    kind = rng.randrange(6)
    name = rng.choice(("frictionmap.toml", "pyproject.toml"))
    header = b"[tool.frictionmap]\n" if name == "pyproject.toml" else b""
    if kind == 0:  # not UTF-8
        noise = bytes(rng.randrange(256) for _ in range(8))
        return name, header + b'extends = "\xff\xfe"\n' + noise
    if kind == 1:  # nested deep
        depth = rng.choice((50, 500, 5000, 50_000))
        return name, header + b"x = " + b"[" * depth + b"]" * depth + b"\n"
    if kind == 2:  # sizes of hundreds of digits
        digits = "9" * rng.randint(1, 400)
        value = rng.choice((f'"{digits}"', f'"{digits}MB"', digits, f'"{digits}.5G"'))
        key = rng.choice(("max_file_size", "max_steps", "max_depth", "max_string_length"))
        return name, header + f"[limits]\n{key} = {value}\n".encode()
    if kind == 3:  # a valid config, bytes flipped
        data = bytearray(header + b'extends = "strict"\n[rules]\nlong-wait = "error"\n'
                         b'[limits]\nmax_file_size = "200MB"\n')
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return name, bytes(data)
    lines = [rng.choice(CONFIG_LINES) for _ in range(rng.randint(1, 8))]
    return name, header + ("\n".join(lines) + "\n").encode()


def huge_integer(rng: random.Random, data: bytes) -> bytes:
    """`data` with one number, or a key's value, replaced by a huge whole number."""
    digits = rng.choice((54, 64, 65, 400, 4300, 5000, 30_000))
    value = rng.choice(HUGE_INTEGERS)(digits).encode()
    return _replace_value(rng, data, value)


UNICODE_BITS = (
    "\u202e", "\u202dabc\u202c", "مرحبا", "שלום", "e\u0301\u0308\u20dd", "\u0300", "😀",
    "👨\u200d👩\u200d👧", "🏳️\u200d🌈", "\x00", "\u200b", "\ufeff", "\u2028", "\u2029", "\x85",
    "\x07", "\x1b[31m", "\x1b]0;title\x07", "\t", "\r", "Ω", "ﬁ", "İ", "ß", "\U0010ffff",
    "\ufffe", "𝔘𝔫𝔦", "<script>", "&amp;", "]]>", '"', "'", "\\", "%", "::", "{{", "|", "`",
)
# Bytes that are not UTF-8 (lone surrogates, overlongs, truncated sequences).
BAD_BYTES = (
    b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc0\xaf", b"\xff", b"\xe2\x82", b"\xf4\x90\x80\x80",
)
KEYS = (
    "frictionmap", "name", "start", "steps", "type", "next", "to", "p", "when", "dropped",
    "label", "channel", "team", "asks", "minutes", "wait", "announced", "actual", "hours",
    "promised", "cost", "reply", "root_cause", "outcome", "allow", "data", "teams", "channels",
    "kind", "cost_per_minute", "external", "language", "characters", "sensitive", "staffing",
    "agents", "calls_per_hour", "handle_minutes", "target_seconds", "customer", "currency",
)
SNIPPETS = (
    "&anchor x", "*anchor", "<<: {a: 1}", "---\n", "...\n", "%YAML 1.1\n---\n", "? [a, b]\n: c",
    "!!python/object:os.system ls", "!!binary aGVsbG8=", "!!set {a, b}", "!!float 1",
    "!!int x", "!!str", "!custom tag", "!!omap [a: 1]", "{a: 1, a: 2}", "[", "]", "{", "}",
    "- - - -", ": :", "|\n  block\n", ">-\n  folded\n", "'unterminated", '"\\x"', '"\\uD800"',
    "a: b: c", "\t- tab", "#", "@", "`", "% x",
)
PROBABILITIES = (
    "0", "1", "-0.1", "1.0000001", "0.9999999", "0.1", "0.30000000000000004", "1e-300", "-1e-300",
    "0.5000005", "2", ".nan", ".inf", "1e308", "\"0.5\"", "null", "0.333333333333",
)


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _bit_flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        index = rng.randrange(len(out))
        out[index] ^= 1 << rng.randrange(8)
    return bytes(out)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _delete_span(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 64) :]


def _duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    target = index + 1 if rng.random() < 0.7 else rng.randrange(len(lines) + 1)
    lines.insert(target, lines[index])
    return b"".join(lines)


def _swap_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return b"".join(lines)


def _reindent(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    line = lines[index]
    stripped = line.lstrip(b" ")
    indent = len(line) - len(stripped)
    choice = rng.random()
    if choice < 0.4:
        new = max(0, indent + rng.choice((-4, -2, -1, 1, 2, 3)))
        lines[index] = b" " * new + stripped
    elif choice < 0.6:
        lines[index] = b"\t" + stripped
    else:  # shift a whole block
        end = min(len(lines), index + rng.randint(2, 12))
        shift = rng.choice((b" ", b"  ", b"    "))
        lines[index:end] = [shift + item for item in lines[index:end]]
    return b"".join(lines)


_NUMBER = re.compile(rb"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")


def _huge_number(rng: random.Random, data: bytes) -> bytes:
    matches = list(_NUMBER.finditer(data))
    if not matches:
        return data
    match = rng.choice(matches)
    return data[: match.start()] + rng.choice(HUGE_NUMBERS).encode() + data[match.end() :]


_P_VALUE = re.compile(rb"\bp: *(-?[\d.e+-]+)")


def _perturb_probability(rng: random.Random, data: bytes) -> bytes:
    matches = list(_P_VALUE.finditer(data))
    if not matches:
        return _huge_number(rng, data)
    match = rng.choice(matches)
    if rng.random() < 0.5:
        try:
            value = float(match.group(1)) + rng.choice((1e-7, -1e-7, 1e-5, 1e-12, 0.1, -0.5))
            text = repr(value).encode()
        except ValueError:
            text = b"0.5"
    else:
        text = rng.choice(PROBABILITIES).encode()
    return data[: match.start(1)] + text + data[match.end(1) :]


def _deep_nest(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice((8, 40, 63, 64, 65, 100, 1000, 5000, 100_000))
    kind = rng.random()
    if kind < 0.4:
        value = "[" * depth + "1" + "]" * depth
    elif kind < 0.8:
        value = "{a: " * depth + "1" + "}" * depth
    else:
        value = "\n" + "".join("  " * (i + 1) + "a:\n" for i in range(min(depth, 300)))
    return _replace_value(rng, data, value.encode())


_VALUE = re.compile(rb"(?m)^(\s*[-\w]+:)[ \t]*([^\n#]*)")


def _replace_value(rng: random.Random, data: bytes, value: bytes) -> bytes:
    matches = list(_VALUE.finditer(data))
    if not matches:
        return data + b"\nx: " + value + b"\n"
    match = rng.choice(matches)
    return data[: match.start(2)] + value + data[match.end(2) :]


_STEP_KEY = re.compile(rb"(?m)^  ([a-z0-9][a-z0-9_-]*):")


def _unicode_id(rng: random.Random, data: bytes) -> bytes:
    """Rename a step id everywhere it appears, to something hostile."""
    ids = sorted(set(_STEP_KEY.findall(data)))
    if not ids:
        return _unicode_label(rng, data)
    old = rng.choice(ids)
    bit = rng.choice(UNICODE_BITS)
    new = (old.decode() + bit if rng.random() < 0.5 else bit + old.decode()).encode(
        "utf-8", "surrogatepass"
    )
    if rng.random() < 0.3:
        new = json.dumps(new.decode("utf-8", "replace")).encode()  # a quoted, escaped key
    return re.sub(rb"\b" + re.escape(old) + rb"\b", new.replace(b"\\", b"\\\\"), data)


def _unicode_label(rng: random.Random, data: bytes) -> bytes:
    text = "".join(rng.choice(UNICODE_BITS) for _ in range(rng.randint(1, 6)))
    # YAML double-quoted (escapes survive, NUL included), or the raw characters.
    value = json.dumps(text) if rng.random() < 0.5 else text.replace("\x00", "")
    raw = value.encode("utf-8", "surrogatepass")
    if rng.random() < 0.2:
        raw += rng.choice(BAD_BYTES)
    texts = (b"label:", b"name:", b"when:")
    labels = [m for m in _VALUE.finditer(data) if m.group(1).strip() in texts]
    if not labels:
        return _replace_value(rng, data, raw)
    match = rng.choice(labels)
    return data[: match.start(2)] + raw + data[match.end(2) :]


_KEY = re.compile(rb"(?m)^(\s*(?:- )?|[{,] *)([a-z_]+):")


def _swap_keys(rng: random.Random, data: bytes) -> bytes:
    matches = list(_KEY.finditer(data))
    if not matches:
        return data
    match = rng.choice(matches)
    if rng.random() < 0.5 and len(matches) > 1:
        other = rng.choice(matches)
        a, b = sorted((match, other), key=lambda m: m.start(2))
        if a.start(2) == b.start(2):
            return data
        return (
            data[: a.start(2)] + b.group(2) + data[a.end(2) : b.start(2)]
            + a.group(2) + data[b.end(2) :]
        )
    return data[: match.start(2)] + rng.choice(KEYS).encode() + data[match.end(2) :]


def _snippet(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines) + 1)
    text = rng.choice(SNIPPETS).encode()
    if rng.random() < 0.5:
        return _replace_value(rng, data, text)
    lines.insert(index, text + b"\n")
    return b"".join(lines)


def _splice(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    other = _lines(rng.choice(others))
    lines = _lines(data)
    start = rng.randrange(len(other))
    chunk = other[start : start + rng.randint(1, 20)]
    at = rng.randrange(len(lines) + 1)
    return b"".join(lines[:at] + chunk + lines[at:])


def _line_endings(rng: random.Random, data: bytes) -> bytes:
    choice = rng.random()
    if choice < 0.3:
        return data.replace(b"\n", b"\r\n")
    if choice < 0.5:
        return data.replace(b"\n", b"\r")
    if choice < 0.7:
        return b"\xef\xbb\xbf" + data
    if choice < 0.85:
        return data.encode() if isinstance(data, str) else data.rstrip(b"\n")
    return data + rng.choice((b"\x00", b"\n\n\n", b" " * 100, b"#" * 1000, b"\x1a"))


def _empty_value(rng: random.Random, data: bytes) -> bytes:
    return _replace_value(rng, data, rng.choice((b"", b"~", b"null", b"[]", b"{}", b"''", b"- x")))


MUTATORS: tuple[Callable[[random.Random, bytes], bytes], ...] = (
    _bit_flip, _truncate, _delete_span, _duplicate_line, _swap_lines, _reindent, _huge_number,
    _perturb_probability, _deep_nest, _unicode_id, _unicode_label, _swap_keys, _snippet,
    _line_endings, _empty_value,
)


def mutate(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    """1 to 4 stacked mutations of `data`."""
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        if others and rng.random() < 0.05:
            data = _splice(rng, data, others)
        else:
            data = rng.choice(MUTATORS)(rng, data)
    return data


# -- journeys from scratch --------------------------------------------------------

STEP_TYPES = (
    "contact", "ivr", "bot", "self_service", "queue", "agent", "message", "callback", "delay",
    "outcome",
)
NUMBERS: tuple[Any, ...] = (
    0, 0.0, 1, 2.5, 15, 60, 1440, 1e-300, 5e-324, 1e300, 1e308, 1.7976931348623157e308,
    10**18, 10**30, 0.1,
)


def _number(rng: random.Random) -> Any:
    if rng.random() < 0.7:
        return round(rng.uniform(0, 120), rng.choice((0, 1, 3)))
    return rng.choice(NUMBERS)


def _text(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(("Call", "Wait on hold", "Agent", "Done", "Form", "Chat"))
    return "".join(rng.choice(UNICODE_BITS) for _ in range(rng.randint(1, 5))).replace("\x00", "")


def random_journey(rng: random.Random) -> dict[str, Any]:
    """A journey built at random: mostly valid, with loops, traps, extremes and odd text."""
    count = rng.choice((1, 2, 3, 5, 8, 13, 30, 80))
    ids = [f"s{i}" for i in range(count)]
    teams = {f"t{i}": {"name": _text(rng), "external": rng.random() < 0.3} for i in range(3)}
    data = {f"d{i}": {"label": _text(rng), "characters": rng.choice((1, 9, 18, 10**6))}
            for i in range(3)}
    channels = {
        "line": {"kind": "phone", "cost_per_minute": _number(rng)},
        "site": {"kind": "web"},
    }
    steps: dict[str, Any] = {}
    for step_id in ids:
        kind = rng.choice(STEP_TYPES)
        step: dict[str, Any] = {"type": kind}
        if rng.random() < 0.7:
            step["label"] = _text(rng)
        if rng.random() < 0.5:
            step["team"] = rng.choice(list(teams))
        if rng.random() < 0.5:
            step["channel"] = rng.choice(["line", "site", "email", "chat", "sms"])
        if rng.random() < 0.4:
            step["asks"] = rng.sample(list(data), rng.randint(1, 3))
        for key in ("minutes", "hours", "promised", "cost"):
            if rng.random() < 0.3:
                step[key] = _number(rng)
        if kind in ("queue", "callback") and rng.random() < 0.7:
            step["wait"] = rng.choice(
                (_number(rng), {"announced": _number(rng), "actual": _number(rng)})
            )
        if kind == "queue" and rng.random() < 0.3:
            step["staffing"] = {
                "agents": rng.choice((1, 2, 50, 10**6)),
                "calls_per_hour": _number(rng) or 1,
                "handle_minutes": _number(rng) or 1,
            }
        if kind == "message" and rng.random() < 0.3:
            step["reply"] = False
        if kind == "outcome":
            step["outcome"] = rng.choice(("resolved", "refunded", "unresolved", "abandoned"))
            step["root_cause"] = rng.random() < 0.3
        elif rng.random() < 0.9:
            step["next"] = _branches(rng, ids)
        if rng.random() < 0.1:
            step["allow"] = {"repeated-entry": _text(rng)}
        steps[step_id] = step
    return {
        "frictionmap": 1,
        "name": _text(rng),
        "customer": {"language": rng.choice(("fr", "en", "de")), "goal": _text(rng)},
        "channels": channels,
        "teams": teams,
        "data": data,
        "start": rng.choice(ids),
        "steps": steps,
    }


def _branches(rng: random.Random, ids: list[str]) -> Any:
    width = rng.choice((1, 1, 2, 2, 3, 5))
    targets = [rng.choice(ids) for _ in range(width)]
    if width == 1 and rng.random() < 0.5:
        return targets[0]
    shape = rng.random()
    if shape < 0.3:
        return targets
    weights = [rng.random() for _ in targets]
    total = sum(weights) or 1.0
    branches: list[dict[str, Any]] = []
    for target, weight in zip(targets, weights, strict=True):
        branch: dict[str, Any] = {"to": target}
        if shape < 0.8 or rng.random() < 0.5:
            branch["p"] = weight / total
        if rng.random() < 0.1:
            branch["p"] = rng.choice((0.0, 1e-300, 1.0))
        if rng.random() < 0.3:
            branch["when"] = _text(rng)
        if rng.random() < 0.15:
            branch["dropped"] = True
        branches.append(branch)
    if shape >= 0.8:
        branches[0].pop("p", None)  # the rest of the mass goes to it
    return branches


EXTREMES: tuple[Any, ...] = (
    0, 0.0, 5e-324, 1e-300, 1e-9, 0.999999999, 1e9, 1e300, 1e308, 1.7976931348623157e308, 10**30,
)
VALID_ODD_IDS = ("0", "a-", "x_", "z" * 200, "9-9", "a" * 1, "step--1", "_", "-a")


def _edit_journey(rng: random.Random, journey: dict[str, Any]) -> None:
    """One meaning-level edit that mostly keeps the journey valid, with extremes."""
    steps: dict[str, Any] = journey.get("steps") or {}
    if not isinstance(steps, dict) or not steps:
        return
    ids = list(steps)
    step_id = rng.choice(ids)
    step = steps[step_id]
    if not isinstance(step, dict):
        return
    edit = rng.randrange(13)
    if edit == 0:  # an extreme number where a number goes
        key = rng.choice(("minutes", "hours", "promised", "cost", "wait"))
        step[key] = rng.choice(EXTREMES)
    elif edit == 1:  # rewire: loops, traps, unreachable steps
        step.pop("outcome", None)
        if step.get("type") == "outcome":
            step["type"] = "agent"
        step["next"] = rng.choice(ids)
    elif edit == 2:  # probabilities at the edge of summing to 1
        targets = rng.sample(ids, min(len(ids), rng.randint(1, 3)))
        tiny = rng.choice((0.0, 5e-324, 1e-16, 1e-9, 0.5))
        ps = [1.0 - tiny * (len(targets) - 1)] + [tiny] * (len(targets) - 1)
        step.pop("outcome", None)
        step["type"] = "ivr" if step.get("type") == "outcome" else step.get("type")
        step["next"] = [{"to": t, "p": p} for t, p in zip(targets, ps, strict=True)]
    elif edit == 3:  # a self-loop that almost never lets go
        step.pop("outcome", None)
        step["type"] = "ivr" if step.get("type") == "outcome" else step.get("type")
        other = rng.choice(ids)
        keep = rng.choice((0.5, 0.999999999, 1 - 1e-15))
        step["next"] = [{"to": step_id, "p": keep}, {"to": other}]
    elif edit == 4:  # hostile but valid text
        step["label"] = _text(rng) + rng.choice(UNICODE_BITS).replace("\x00", "\x01")
        for branch in step.get("next") or []:
            if isinstance(branch, dict) and rng.random() < 0.5:
                branch["when"] = _text(rng)
    elif edit == 5:  # rename a step to an odd valid id, everywhere
        new = rng.choice(VALID_ODD_IDS)
        if new not in steps:
            _rename(journey, step_id, new)
    elif edit == 6:  # change the type
        step["type"] = rng.choice(STEP_TYPES)
        if step["type"] == "outcome":
            step.pop("next", None)
            step["outcome"] = rng.choice(("resolved", "refunded", "unresolved", "abandoned"))
        else:
            step.pop("outcome", None)
            step.setdefault("next", rng.choice(ids))
    elif edit == 7:  # a long chain of copies: scale inside one journey
        length = rng.choice((10, 30, 100, 300))
        previous = step.get("next")
        for index in range(length):
            steps[f"{step_id}-copy{index}"] = {
                "type": "ivr", "minutes": 1,
                "next": f"{step_id}-copy{index + 1}" if index + 1 < length else previous,
            }
        if previous is None:
            steps[f"{step_id}-copy{length - 1}"]["next"] = step_id
        step["next"] = f"{step_id}-copy0"
        if step.get("type") == "outcome":
            step["type"] = "agent"
            step.pop("outcome", None)
    elif edit == 8:  # staffing with extreme numbers
        step["type"] = "queue"
        step.pop("outcome", None)
        step.setdefault("next", rng.choice(ids))
        step["staffing"] = {
            "agents": rng.choice((1, 2, 1000, 1_000_000)),
            "calls_per_hour": rng.choice((1e-300, 1, 100, 1e6, 1e308)),
            "handle_minutes": rng.choice((1e-300, 1, 5, 1e6, 1e308)),
            "target_seconds": rng.choice((1e-300, 30, 1e308)),
        }
    elif edit == 9:  # dropped branches everywhere
        for branch in step.get("next") or []:
            if isinstance(branch, dict):
                branch["dropped"] = True
    elif edit == 10:  # a dead end or a missing next
        step.pop("next", None)
    elif edit == 11:  # every step may send the customer back to the start
        back = rng.choice((0.5, 0.9, 0.99))
        for other_id, other in steps.items():
            if isinstance(other, dict) and other.get("type") != "outcome":
                onward = other.get("next") or journey.get("start")
                target = onward if isinstance(onward, str) else other_id
                other["next"] = [{"to": target, "p": 1 - back}, {"to": journey["start"], "p": back}]
    else:  # the start moves
        journey["start"] = rng.choice(ids)


def _rename(journey: dict[str, Any], old: str, new: str) -> None:
    steps = journey["steps"]
    journey["steps"] = {(new if k == old else k): v for k, v in steps.items()}
    if journey.get("start") == old:
        journey["start"] = new
    for step in journey["steps"].values():
        nxt = step.get("next") if isinstance(step, dict) else None
        if nxt == old:
            step["next"] = new
        elif isinstance(nxt, list):
            for index, branch in enumerate(nxt):
                if branch == old:
                    nxt[index] = new
                elif isinstance(branch, dict) and branch.get("to") == old:
                    branch["to"] = new


def edit_seed(rng: random.Random, data: bytes) -> bytes:
    """A seed parsed, edited at the level of meaning 1 to 5 times, written back."""
    import yaml

    journey = yaml.safe_load(data)
    for _ in range(rng.randint(1, 5)):
        _edit_journey(rng, journey)
    return dump_journey(journey)


def dump_journey(journey: dict[str, Any]) -> bytes:
    import yaml

    text: str = yaml.safe_dump(journey, allow_unicode=True, sort_keys=False, width=1000)
    return text.encode()


def generate(rng: random.Random, corpus: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    """One input: a seed edited in meaning or mutated as bytes, or a journey from scratch."""
    choice = rng.random()
    if choice < 0.15:
        data = dump_journey(random_journey(rng))
        if rng.random() < 0.3:
            data = mutate(rng, data, [])
        return "generated", data
    name, data = rng.choice(corpus)
    if choice < 0.45:
        data = edit_seed(rng, data)
        if rng.random() < 0.2:
            data = mutate(rng, data, [])
        return name, data
    return name, mutate(rng, data, [d for _, d in corpus])


# -- the oracle -------------------------------------------------------------------


class Violation(Exception):
    """An input broke the invariant (other than by raising).

    `kind` names the broken rule (what makes two violations the same bug);
    `detail` says where and with what.
    """

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


class Hang(Exception):
    """The input ran past its time budget."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `Hang` in this (main) thread after `seconds` of CPU time, where it hung.

    CPU time, not wall-clock time: on a busy machine an input that takes 0.1 s
    of CPU can wait 10 s for it, and that is no hang. A wait that burns no CPU
    (a blocking read) is left to the parent's wall-clock backstop (`Pool`).
    """
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def _expired(signum: int, frame: Any) -> None:
        raise Hang(f"over the {seconds:g} s budget of CPU time")

    previous = signal.signal(signal.SIGPROF, _expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def strict_json(text: str, where: str) -> Any:
    """Parse JSON, refusing NaN and Infinity (which json.loads would accept)."""

    def _refuse(name: str) -> Any:
        raise Violation("JSON holds NaN or Infinity", f"{where}: {name}")

    try:
        return json.loads(text, parse_constant=_refuse)
    except json.JSONDecodeError as error:
        raise Violation("invalid JSON", f"{where}: {error}") from None


@dataclass
class Outcome:
    """What one input did: accepted (valid journey) or rejected, and what broke."""

    accepted: bool = False
    failures: list[tuple[str, str]] = field(default_factory=list)  # (signature, detail)
    cli_runs: int = 0


def _signature(error: BaseException, stage: str) -> str:
    """What makes two failures the same bug: the stage, the type and where it was raised."""
    if isinstance(error, Violation):
        return f"{stage}: {error.kind}"
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if "frictionmap" in f.filename] or frames
    where = f"{Path(own[-1].filename).name}:{own[-1].name}:{own[-1].lineno}" if own else "?"
    return f"{stage}: {type(error).__name__} at {where}"


class Checker:
    """Runs one input through the library and the CLI and checks the invariant."""

    def __init__(self, workdir: Path, corpus: list[tuple[str, bytes]]) -> None:
        from frictionmap.config import default_config

        self.workdir = workdir
        self.config = default_config()  # every rule on: the most code under test
        self.corpus = dict(corpus)
        self._seed_results: dict[str, Any] = {}

    def _seed_result(self, name: str) -> Any:
        from frictionmap.analysis import check_file

        if name not in self._seed_results:
            source = ROOT / name if name in self.corpus else SEED_FILES[0]
            self._seed_results[name] = check_file(str(source), self.config)
        return self._seed_results[name]

    def run(
        self, name: str, data: bytes, *, cli: bool = False, subprocess_run: bool = False,
        rng: random.Random | None = None, file_name: str | None = None,
        config: tuple[str, bytes] | None = None,
    ) -> Outcome:
        outcome = Outcome()
        for old in self.workdir.iterdir():
            if old.is_file():
                old.unlink()
        path = self.workdir / (file_name or "case.yaml")
        path.write_bytes(data)
        stages: list[tuple[str, Callable[[], None]]] = [("library", lambda: self._library(
            name, path, data, outcome))]
        if file_name is not None:
            stages.append(("file name", lambda: self._file_name(path, outcome)))
        if config is not None:
            stages.append(("config", lambda: self._config(path, config, outcome)))
        if cli:
            stages.append(("cli", lambda: self._cli(name, path, outcome, rng or random.Random(0))))
        if subprocess_run:
            stages.append(("subprocess", lambda: self._subprocess(path, outcome)))
        for stage, call in stages:
            try:
                call()
            except Hang as error:
                outcome.failures.append((f"{stage}: hang", f"{error}\n{traceback.format_exc()}"))
                break
            except Exception as error:  # noqa: BLE001 - any exception is the finding
                outcome.failures.append((_signature(error, stage), traceback.format_exc()))
        return outcome

    # library ---------------------------------------------------------------

    def _library(self, name: str, path: Path, data: bytes, outcome: Outcome) -> None:
        from frictionmap import __version__
        from frictionmap.analysis import check_file, check_text
        from frictionmap.diff import DiffReport, diff_journeys
        from frictionmap.inputs import enabled_rules
        from frictionmap.loader import InvalidJourney, decode
        from frictionmap.render import DIAGRAMS, FORMATS, diagram, renderer
        from frictionmap.report import INVALID_FILE, Report

        result = check_file(str(path), self.config)
        outcome.accepted = result.valid
        _check_result(result, data)
        # The same text through `loads` must agree with `load`.
        try:
            text = decode(data, str(path))
        except InvalidJourney:
            text = None
        if text is not None:
            again = check_text(text, str(path), self.config)
            if again.valid != result.valid or [f.message for f in again.findings] != [
                f.message for f in result.findings
            ]:
                raise Violation("check_text and check_file disagree")
        report = Report((result,), version=__version__, rules=enabled_rules(self.config))
        for fmt in FORMATS:
            for full in (False, True):
                rendered = renderer(fmt, full=full)(report, width=80, color=full)
                if fmt in ("json", "sarif"):
                    strict_json(rendered, f"{fmt} output")
        if not result.valid:
            assert all(f.rule == INVALID_FILE for f in result.findings)
            return
        for fmt in DIAGRAMS:
            diagram(fmt)(result)
        seed = self._seed_result(name)
        diffs = [diff_journeys(result, result), diff_journeys(None, result)]
        if seed.valid:
            diffs += [diff_journeys(seed, result), diff_journeys(result, seed)]
        diff_report = DiffReport(tuple(diffs), __version__)
        for module in ("diff_terminal", "diff_markdown", "diff_json"):
            render = __import__(f"frictionmap.render.{module}", fromlist=["render"]).render
            rendered = render(diff_report, width=80, color=False)
            if module == "diff_json":
                strict_json(rendered, "diff json output")
        self._simulate(result)

    def _simulate(self, result: Any) -> None:
        from frictionmap.render.simulation import render
        from frictionmap.simulate import simulate

        simulation = simulate(result.journey, result.graph, runs=300, seed=7, max_steps=2000)
        render(simulation, "terminal", width=80)
        strict_json(render(simulation, "json"), "simulate json output")

    # issue 15: file names and config files ----------------------------------

    def _file_name(self, path: Path, outcome: Outcome) -> None:
        """A hostile file name never reaches a terminal or a CI log as control."""
        from typer.testing import CliRunner

        from frictionmap.cli import app
        from frictionmap.escapes import printable

        shown = printable(str(path))
        for args in (["check", str(path)], ["check", str(path), "-f", "github"],
                     ["check", str(path), "-f", "markdown"], ["report", str(path)],
                     ["graph", str(path)]):
            result = CliRunner().invoke(app, args, catch_exceptions=True)
            outcome.cli_runs += 1
            where = " ".join(args[:1] + args[2:])
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                error = result.exception
                raise error.with_traceback(result.exc_info[2] if result.exc_info else None)
            for stream in (result.stdout, result.stderr):
                _check_printable(where, stream)
            for line in result.stderr.splitlines():
                if line and not line.startswith(shown + ":"):
                    raise Violation(
                        "stderr line does not start with the file", f"{where}: {line!r}"
                    )
            if "github" in args:
                # Every line an annotation, but the last: the config used, a log line
                # that cannot be a command (it does not start with '::').
                lines = result.stdout.splitlines()
                if lines and lines[-1].startswith("frictionmap config: "):
                    lines.pop()
                for line in lines:
                    if not line.startswith(("::error file=", "::warning file=", "::notice file=")):
                        raise Violation("github line not one annotation", repr(line))

    def _config(self, path: Path, config: tuple[str, bytes], outcome: Outcome) -> None:
        """A broken config is a `ConfigError` naming every mistake; the CLI exits 2."""
        from typer.testing import CliRunner

        from frictionmap.cli import app
        from frictionmap.config import ConfigError, load_config

        directory = self.workdir / "project"
        directory.mkdir(exist_ok=True)
        for old in directory.iterdir():
            old.unlink()
        config_path = directory / config[0]
        config_path.write_bytes(config[1])
        for attempt in (lambda: load_config(config_path), lambda: load_config(cwd=directory)):
            try:
                attempt()
            except ConfigError as error:
                if not error.messages or any("\n" in m for m in error.messages):
                    raise Violation("config error without one-line messages", str(error)) from None
        result = CliRunner().invoke(app, ["check", str(path), "--config", str(config_path)],
                                    catch_exceptions=True)
        outcome.cli_runs += 1
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            error = result.exception
            raise error.with_traceback(result.exc_info[2] if result.exc_info else None)
        if result.exit_code not in (0, 1, 2):
            raise Violation("config: exit code not 0, 1 or 2", str(result.exit_code))
        _check_printable("check --config", result.stderr)

    # CLI -------------------------------------------------------------------

    def _cli(self, name: str, path: Path, outcome: Outcome, rng: random.Random) -> None:
        from typer.testing import CliRunner

        from frictionmap.cli import app
        from frictionmap.render import DIAGRAMS, FORMATS

        seed = str(ROOT / name) if name in self.corpus else str(SEED_FILES[0])
        command = rng.choice(("check", "report", "graph", "diff", "diff"))
        if command in ("check", "report"):
            fmt = rng.choice(list(FORMATS))
            args = [command, str(path), "--format", fmt]
        elif command == "graph":
            fmt = rng.choice(list(DIAGRAMS))
            args = ["graph", str(path), "--format", fmt]
        else:
            fmt = rng.choice(("terminal", "json", "markdown"))
            sides = [seed, str(path)] if rng.random() < 0.5 else [str(path), seed]
            args = ["diff", *sides, "--format", fmt]
        result = CliRunner().invoke(app, args, catch_exceptions=True)
        outcome.cli_runs += 1
        where = " ".join(args[:1] + args[2:])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            error = result.exception
            raise error.with_traceback(result.exc_info[2] if result.exc_info else None)
        _check_process(
            where, result.exit_code, result.stdout, result.stderr, fmt, command, str(path)
        )

    def _subprocess(self, path: Path, outcome: Outcome) -> None:
        """A real process: check (JSON) and graph (SVG), each under two hash seeds.

        The outputs must be the same bytes whatever PYTHONHASHSEED is (set
        iteration order must never reach the output).
        """
        for args, fmt in ((["check", str(path), "--format", "json"], "json"),
                          (["graph", str(path), "--format", "svg"], "svg")):
            outputs = []
            for hash_seed in ("0", "1"):
                env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1",
                       "PYTHONHASHSEED": hash_seed}
                done = subprocess.run(
                    [sys.executable, "-m", "frictionmap", *args], capture_output=True, env=env,
                    timeout=60, check=False,
                )
                outcome.cli_runs += 1
                stdout = done.stdout.decode("utf-8", "replace")
                stderr = done.stderr.decode("utf-8", "replace")
                _check_process("subprocess " + " ".join(args[:1] + args[2:]), done.returncode,
                               stdout, stderr, fmt, args[0], str(path))
                outputs.append(done.stdout + done.stderr)
            if outputs[0] != outputs[1]:
                raise Violation("output differs across PYTHONHASHSEED", " ".join(args))


def _check_result(result: Any, data: bytes) -> None:
    """Findings, or `invalid-file` messages with a line and a column inside the file."""
    lines = data.count(b"\n") + data.count(b"\r") + 2
    if result.valid:
        return
    if not result.findings:
        raise Violation("rejected without a message")
    for finding in result.findings:
        if finding.line is None or finding.column is None or finding.line < 1 or finding.column < 1:
            raise Violation("rejection without a line and column", repr(finding.message))
        if finding.line > lines:
            raise Violation(
                "rejection past the end of the file", f"line {finding.line}: {finding.message!r}"
            )
        if not finding.message or "\n" in finding.message or "\r" in finding.message:
            raise Violation("rejection message not one line", repr(finding.message))


_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _check_printable(where: str, text: str) -> None:
    """No character a terminal would act on, or that hides itself (colour codes aside)."""
    from frictionmap.escapes import hidden

    bad = sorted({f"U+{ord(c):04X}" for c in _SGR.sub("", text) if c != "\n" and hidden(c)})
    if bad:
        raise Violation("control or invisible character in the output", f"{where}: {bad}")


def _check_process(
    where: str, code: int, stdout: str, stderr: str, fmt: str, command: str, path: str
) -> None:
    from frictionmap.escapes import printable

    if code not in (0, 1, 2):
        raise Violation("exit code not 0, 1 or 2", f"{where}: {code}")
    if "Traceback" in stderr:
        raise Violation("traceback on stderr", f"{where}: {stderr[-2000:]}")
    if "Warning:" in stderr:
        raise Violation("warning on stderr", f"{where}: {stderr[-2000:]}")
    if command == "diff":
        if code == 2:
            return
    elif code == 2:
        rejections = [line for line in stderr.splitlines() if line]
        if not rejections:
            raise Violation("exit 2 without a message", where)
        for line in rejections:
            match = REJECTION_LINE.match(line)
            if match is None or match.group("file") != printable(path):
                raise Violation("stderr line not file:line:column: message", f"{where}: {line!r}")
        if command == "graph":
            return
    if fmt in ("json", "sarif"):
        strict_json(stdout, f"{where} stdout")
    elif not stdout and command != "graph":
        raise Violation("no output", where)


# -- running many inputs ---------------------------------------------------------


@dataclass
class Case:
    number: int
    name: str
    data: bytes
    cli: bool
    subprocess_run: bool
    cli_seed: int
    # Issue 15: a hostile file name to save the input under, a hostile config file.
    file_name: str | None = None
    config: tuple[str, bytes] | None = None


def cases(seed: int, corpus: list[tuple[str, bytes]], *, cli_every: int = 4,
          subprocess_every: int = 500) -> Iterator[Case]:
    """An endless, deterministic stream of inputs for `seed`."""
    rng = random.Random(seed)
    # The issue-15 kinds draw from their own generator: the main stream (and
    # tests/test_fuzz.py's share of it) stays the same inputs.
    extra = random.Random(f"issue-15 {seed}")
    number = 0
    while True:
        name, data = generate(rng, corpus)
        case = Case(number, name, data, number % cli_every == 0,
                    subprocess_every > 0 and number % subprocess_every == 0,
                    rng.randrange(2**32))
        kind = extra.random()
        if kind < 0.15:
            case.file_name = hostile_name(extra)
        elif kind < 0.3:
            case.config = hostile_config(extra)
        elif kind < 0.4:
            case.data = huge_integer(extra, data)
        yield case
        number += 1


def run_case(checker: Checker, case: Case, budget: float) -> Outcome:
    with time_limit(budget):
        return checker.run(case.name, case.data, cli=case.cli,
                           subprocess_run=case.subprocess_run, rng=random.Random(case.cli_seed),
                           file_name=case.file_name, config=case.config)


def _worker(connection: Any, workdir: str, budget: float) -> None:
    """A worker process: checks the cases it is sent, one at a time."""
    import warnings

    # A numeric warning (numpy overflow) would print to a user's stderr: a failure.
    warnings.simplefilter("error", RuntimeWarning)
    corpus = seeds()
    checker = Checker(Path(workdir), corpus)
    while True:
        case = connection.recv()
        if case is None:
            return
        try:
            outcome = run_case(checker, case, budget)
        except Hang as error:  # the budget ran out outside a stage
            outcome = Outcome(failures=[("hang", str(error))])
        connection.send(outcome)


class Pool:
    """One worker process, restarted when it hangs past the budget or dies."""

    def __init__(self, workdir: Path, budget: float) -> None:
        self.workdir = workdir
        self.budget = budget
        # fork: a worker starts in milliseconds (spawn would import everything again).
        self.context: Any = mp.get_context("fork" if sys.platform != "win32" else "spawn")
        self.process: Any = None
        self.connection: Any = None

    def _start(self) -> None:
        parent, child = self.context.Pipe()
        self.process = self.context.Process(
            target=_worker, args=(child, str(self.workdir), self.budget), daemon=True
        )
        self.process.start()
        self.connection = parent

    def run(self, case: Case) -> Outcome:
        if self.process is None or not self.process.is_alive():
            self._start()
        self.connection.send(case)
        # The worker's own timer fires after the budget of CPU time; this is the
        # backstop for a hang inside C code that never returns to the
        # interpreter, or one that waits without burning CPU.
        if self.connection.poll(WALL_CLOCK_FACTOR * self.budget + 5):
            try:
                result: Outcome = self.connection.recv()
                return result
            except EOFError:
                self.process.join(1)
                code = self.process.exitcode
                self.stop()
                return Outcome(failures=[("worker died", f"exit code {code}")])
        self.stop()
        waited = WALL_CLOCK_FACTOR * self.budget + 5
        return Outcome(failures=[("hang (killed)", f"no answer within {waited:g} s")])

    def stop(self) -> None:
        if self.process is not None:
            with contextlib.suppress(Exception):
                self.connection.send(None)
            self.process.join(1)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        self.process = None


@dataclass
class Tally:
    tried: int = 0
    accepted: int = 0
    rejected: int = 0
    cli_runs: int = 0
    # signature -> (the smallest input that showed it, the case it came from, the detail)
    failures: dict[str, tuple[bytes, Case, str]] = field(default_factory=dict)

    def add(self, case: Case, outcome: Outcome) -> list[str]:
        """Count one outcome; the signatures seen for the first time."""
        self.tried += 1
        self.cli_runs += outcome.cli_runs
        if outcome.accepted:
            self.accepted += 1
        else:
            self.rejected += 1
        new = []
        for signature, detail in outcome.failures:
            known = self.failures.get(signature)
            if known is None:
                new.append(signature)
            if known is None or len(case.data) < len(known[0]):
                self.failures[signature] = (case.data, case, detail)
        return new


def shrink(data: bytes, still_fails: Callable[[bytes], bool], deadline: float) -> bytes:
    """A smaller input that still fails: drop line chunks, then byte chunks (ddmin-like)."""
    for unit in ("lines", "bytes"):
        parts: list[bytes] = _lines(data) if unit == "lines" else [bytes([b]) for b in data]
        chunk = max(1, len(parts) // 2)
        while chunk >= 1 and time.monotonic() < deadline:
            index, changed = 0, False
            while index < len(parts) and time.monotonic() < deadline:
                trial = parts[:index] + parts[index + chunk :]
                if trial and still_fails(b"".join(trial)):
                    parts, changed = trial, True
                else:
                    index += chunk
            if not changed:
                chunk //= 2
        data = b"".join(parts)
        if len(data) > 4000:  # byte by byte would take too long
            break
    return data


def _save(keep: Path, signature: str, data: bytes, name: str, detail: str) -> Path:
    keep.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(signature.encode()).hexdigest()[:10]
    path = keep / f"crash-{digest}.yaml"
    path.write_bytes(data)
    (keep / f"crash-{digest}.txt").write_text(
        f"signature: {signature}\nfrom: {name}\n\n{detail}", encoding="utf-8"
    )
    return path


def fuzz(minutes: float, seed: int, budget: float, keep: Path, shrink_seconds: float,
         subprocess_every: int, out: Any = sys.stdout) -> Tally:
    corpus = seeds()
    tally = Tally()
    deadline = time.monotonic() + minutes * 60
    began = time.monotonic()
    last_report = began
    with tempfile.TemporaryDirectory(prefix="frictionmap-fuzz-") as workdir:
        pool = Pool(Path(workdir), budget)
        try:
            for case in cases(seed, corpus, subprocess_every=subprocess_every):
                if time.monotonic() >= deadline:
                    break
                outcome = pool.run(case)
                for signature in tally.add(case, outcome):
                    print(f"NEW FAILURE after {tally.tried} inputs: {signature}", file=out,
                          flush=True)
                if time.monotonic() - last_report > 60:
                    last_report = time.monotonic()
                    print(f"... {tally.tried} inputs, {len(tally.failures)} distinct failures, "
                          f"{time.monotonic() - began:.0f} s", file=out, flush=True)
            # Shrink each failure to a small reproducer, within the same budget rules.
            for signature, (data, case, detail) in sorted(tally.failures.items()):
                def still_fails(candidate: bytes, signature: str = signature,
                                case: Case = case) -> bool:
                    trial = Case(0, case.name, candidate, case.cli, False, case.cli_seed)
                    return any(s == signature for s, _ in pool.run(trial).failures)

                if "hang" not in signature and not signature.startswith(("worker", "subprocess")):
                    data = shrink(data, still_fails, time.monotonic() + shrink_seconds)
                tally.failures[signature] = (data, case, detail)
        finally:
            pool.stop()
    elapsed = time.monotonic() - began
    print(
        f"fuzz: {tally.tried} inputs in {elapsed:.0f} s (seed {seed}): "
        f"{tally.rejected} rejected, {tally.accepted} accepted; "
        f"{tally.cli_runs} CLI runs; {len(tally.failures)} distinct failures",
        file=out,
    )
    for signature, (data, case, detail) in sorted(tally.failures.items()):
        path = _save(keep, signature, data, case.name, detail)
        print(f"\nFAILURE {signature}\n  from {case.name}, reproducer {path} ({len(data)} bytes)",
              file=out)
        print("  " + detail.strip().replace("\n", "\n  ")[-3000:], file=out)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=None, help="default: random, printed")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET,
                        help="seconds per input before it counts as a hang")
    parser.add_argument("--keep", type=Path, default=DEFAULT_KEEP,
                        help="where reproducers are saved (default under /tmp)")
    parser.add_argument("--shrink-seconds", type=float, default=30.0)
    parser.add_argument("--subprocess-every", type=int, default=500,
                        help="run the CLI in a real subprocess every N inputs (0: never)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    tally = fuzz(args.minutes, seed, args.budget, args.keep, args.shrink_seconds,
                 args.subprocess_every)
    return 1 if tally.failures else 0


# Kept importable without side effects, for tests/test_fuzz.py.
__all__ = [
    "Checker", "Hang", "Outcome", "Violation", "cases", "dump_journey", "generate", "mutate",
    "random_journey", "run_case", "seeds", "shrink", "strict_json", "time_limit",
]

if __name__ == "__main__":
    sys.exit(main())
