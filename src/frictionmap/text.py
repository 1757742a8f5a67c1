"""Numbers and counts in words: the one place the library and the renderers word them.

Everything here is a pure function of numbers to text, with no import from the
rest of frictionmap, so that any module (walks, impact, the renderers) can use
it without an import cycle.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeAlias


def plural(count: int, word: str) -> str:
    """`1 finding`, `3 findings`: the one way to count."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_value(value: float, unit: str) -> str:
    """A figure as people read it: 72%, 1.35, 15 min, 2.5 h, 3.2 days, 10.50 EUR.

    `unit` is `%` (value is a fraction), `contacts`, `count`, `min`, `hours`,
    or a currency code.
    """
    if not math.isfinite(value):
        return "unbounded"
    if unit == "%":
        percent = value * 100
        if 0 < percent < 1:
            return "<1%"
        if 99 < percent < 100:
            return ">99%"
        return f"{percent:.0f}%"
    if unit in ("contacts", "count"):
        return f"{value:.2f}"
    if unit == "min":
        if 0 < value < 1:
            return f"{value * 60:.0f} s"
        if value < 120:
            return f"{short_number(value)} min"
        return format_value(value / 60, "hours")
    if unit == "hours":
        if value < 1:
            return format_value(value * 60, "min")
        if value < 48:
            return f"{short_number(value)} h"
        return f"{short_number(value / 24)} days"
    return f"{value:.2f} {unit}"


def short_number(value: float) -> str:
    """One decimal, none when it is zero: 15, 2.5, 24."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def percent(p: float) -> str:
    """A branch probability as a drawing shows it: 65%, 2.5%, <0.1%."""
    value = p * 100
    if 0 < value < 0.1:
        return "<0.1%"
    if value >= 10 or abs(value - round(value)) < 1e-9:
        return f"{value:.0f}%"
    return f"{value:.1f}%"


def shorten(text: str, limit: int) -> str:
    """The text on one line, elided with `…` past `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def type_words(step_type: str) -> str:
    """A step type as prose and drawings name it: `self_service` -> `self service`."""
    return step_type.replace("_", " ")


def exposure_text(exposure: float, measured: bool) -> str:
    """How likely the customer meets a finding, in words.

    `exposure` is a probability from the metrics when `measured`, else 1 for a
    reachable step and 0 for an unreachable one.
    """
    return str(exposure_words(exposure, measured))


def exposure_words(exposure: float, measured: bool) -> Words:
    """`exposure_text` as `Words`, for a report in another language."""
    if not measured:
        return words("on a reachable step" if exposure > 0 else "on an unreachable step")
    # "Every customer" only when the exposure is 1 (exposure.py: exact, not rounded).
    if exposure >= 1.0 - 1e-9:
        return words("every customer meets it")
    if exposure <= 0:
        return words("no customer meets it")
    return words("{share} of customers meet it", share=Figure(format_value(exposure, "%")))


# -- sentences another language can say -----------------------------------------------


class Figure(str):
    """A number as a message shows it (`6%`, `15 min`, `3.2 days`): a report in
    another language writes it in its own number style (`Localiser.figure`)."""

    __slots__ = ()


@dataclass(frozen=True)
class Listed:
    """Items said one after the other, `sep` between them (`" or "`, `", and "`);
    a report in another language translates `sep`, never the items."""

    items: tuple[Field, ...]
    sep: str


@dataclass(frozen=True)
class Words:
    """A sentence kept as its English template and its fields, so that a report in
    another language can say it in its own words (as gettext does, the English
    template is the message id, `{name}` gaps filled by `str.format`).

    A field is plain text said as it is (a step's label in quotes, a team name, a
    format keyword), a `Figure`, a `Listed`, or `Words` (a clause with its own
    template). `str(words)` is the English sentence.
    """

    template: str
    fields: tuple[tuple[str, Field], ...] = ()
    capitalised: bool = False  # the sentence starts with a capital, whatever its first field

    def say(
        self,
        translate: Callable[[str], str] = str,
        figure: Callable[[str], str] = str,
    ) -> str:
        """The sentence, each template and separator through `translate` and each
        figure through `figure` (both unchanged by default: English)."""

        def said(value: Field) -> str:
            if isinstance(value, Words):
                return value.say(translate, figure)
            if isinstance(value, Listed):
                return translate(value.sep).join(said(item) for item in value.items)
            if isinstance(value, Figure):
                return figure(str(value))
            return value

        text = translate(self.template).format(**{k: said(v) for k, v in self.fields})
        return text[:1].upper() + text[1:] if self.capitalised else text

    def __str__(self) -> str:
        return self.say()

    def __bool__(self) -> bool:
        return bool(self.template)

    def templates(self) -> Iterator[str]:
        """Every template and separator it is said with (for the translations' test)."""
        yield self.template
        stack: list[Field] = [value for _, value in self.fields]
        while stack:
            value = stack.pop()
            if isinstance(value, Words):
                yield from value.templates()
            elif isinstance(value, Listed):
                yield value.sep
                stack.extend(value.items)


Field: TypeAlias = str | Figure | Listed | Words


def words(template: str, capitalised: bool = False, **fields: Field) -> Words:
    """`Words(template, fields)`, fields in a fixed order: the same sentence compares equal."""
    return Words(template, tuple(sorted(fields.items())), capitalised)


def listed(items: Iterable[Field], sep: str) -> Listed:
    return Listed(tuple(items), sep)


def share_of_cases(p: float) -> Figure:
    """A branch's share as a finding says it: `6%`, `33.3%` (three significant digits)."""
    return Figure(f"{p * 100:.3g}%")


def conditions(whens: Iterable[str]) -> Words | str:
    """The branches' `when:` conditions in brackets, as the journey says them
    (" (line cut; no agent free)"), or nothing."""
    said = list(whens)
    return words(" ({whens})", whens=listed(said, "; ")) if said else ""
