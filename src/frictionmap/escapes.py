"""Text from a journey file or a file name, made safe to print.

Everything frictionmap prints may quote the input: labels, ids, team names,
file names. The input is data, never terminal control or layout: a line break
in a file name would forge a second `file:line:column` line (or a GitHub
Actions `::error` / `::stop-commands` command), an escape sequence would clear
the screen, set a hyperlink (OSC 8) or the clipboard (OSC 52), a bidi
override or a zero-width space would make an id read as another. `printable`
shows every such character as a Python-style escape (`\\x1b`, `\\u202e`); it is
the one function every renderer and every diagnostic uses.

Escaped: control characters (C0, DEL, C1), format characters (bidi
embeddings, overrides and isolates, zero-width spaces and joiners, soft
hyphen, BOM), line and paragraph separators, and lone surrogates. Ordinary
spaces of every width (no-break, narrow no-break) are kept: French text needs
them and they act on nothing.
"""

from __future__ import annotations

import re
import unicodedata

# Categories whose characters are shown as escapes: control, format,
# line separator, paragraph separator, surrogate.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(char: str) -> str:
    """As Python's repr writes it: `\\n`, `\\x1b`, `\\u202e`, `\\U000e0001`."""
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def hidden(char: str) -> bool:
    """Whether `char` would act on a terminal or hide itself instead of showing."""
    return unicodedata.category(char) in _HIDDEN


def printable(text: str, *, keep: str = "") -> str:
    """`text` with every invisible or controlling character shown as an escape.

    Characters in `keep` (say "\\n" for text laid out on several lines) are left
    as they are. Ordinary text is returned unchanged, and quickly.
    """
    if text.isprintable():
        return text

    def shown(match: re.Match[str]) -> str:
        char = match.group()
        return char if char in keep or not hidden(char) else _escape(char)

    return _ANY_HIDDEN.sub(shown, text)


def location(file: str, line: int, column: int) -> str:
    """`file:line:column` for a diagnostic, the file name made printable."""
    return f"{printable(file)}:{line}:{column}"


# The characters JSON lets through unescaped that `printable` would escape:
# DEL and C1 controls, then every format/separator character a decoder would
# hand to a terminal. C0 controls are already escaped by `json.dumps`.
_JSON_HIDDEN = re.compile(
    "[\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


# Every character `hidden` may say yes to (a superset, checked again per match):
# C0 controls, then the JSON set. A regex finds them at C speed in long text.
_ANY_HIDDEN = re.compile("[\x00-\x1f]|" + _JSON_HIDDEN.pattern)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_printable(dumped: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with the invisible
    and controlling characters written as `\\uXXXX` escapes: the same data, but
    safe to print on a terminal. Outside strings JSON is plain ASCII, so every
    match is inside a string."""
    return _JSON_HIDDEN.sub(_json_escape, dumped)


__all__ = ["hidden", "json_printable", "location", "printable"]
