"""What every drawing and markup renderer shares: colours by step type and
friction, a step's key figure, and XML-safe text.

svg, dot, mermaid, html and junit import these from here, so that no renderer
depends on another.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from ..escapes import printable
from ..facts import StepFacts
from ..text import type_words

# Fill by friction level (0 no active finding, 1 low, 2 medium, 3 high).
FRICTION_FILL = {0: "#ffffff", 1: "#fff3bf", 2: "#ffc078", 3: "#ff8787"}
FRICTION_NAMES = {0: "no finding", 1: "low friction", 2: "medium friction", 3: "high friction"}
# Border colour by step type (every type: tests/test_step_types.py); outcomes by kind.
TYPE_COLOUR = {
    "contact": "#1c7ed6",
    "ivr": "#7048e8",
    "bot": "#7048e8",
    "self_service": "#0c8599",
    "queue": "#e8590c",
    "agent": "#2f9e44",
    "message": "#495057",
    "callback": "#d6336c",
    "delay": "#868e96",
    "outcome": "#495057",
}
OUTCOME_COLOUR = {
    "resolved": "#2f9e44",
    "refunded": "#e8590c",
    "unresolved": "#c92a2a",
    "abandoned": "#c92a2a",
}
DROPPED = "#c92a2a"
EDGE = "#5c677d"

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def xml_clean(text: object) -> str:
    """The text with control, bidi and zero-width characters shown as escapes
    (`escapes.printable`; line breaks and tabs kept), and any character XML 1.0
    still cannot hold replaced by U+FFFD."""
    return _INVALID_XML.sub("\ufffd", printable(str(text), keep="\n\r\t"))


def xml_text(text: object) -> str:
    """Text content for XML or HTML: escaped, characters XML cannot hold replaced."""
    return escape(xml_clean(text))


def xml_attr(text: object) -> str:
    """An attribute value, quotes included, with line breaks kept as references."""
    return quoteattr(xml_clean(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def step_figure(facts: StepFacts) -> str:
    """The key figure shown under a step's type: time, wait, delay, outcome."""
    if facts.is_outcome:
        return f"outcome: {facts.outcome}"
    parts = [type_words(facts.type)]
    if facts.queued:
        parts.append(f"wait {facts.queued:g} min")
    if facts.minutes:
        parts.append(f"{facts.minutes:g} min")
    if facts.hours:
        parts.append(f"{facts.hours:g} h")
    return " \u00b7 ".join(parts)


def step_colour(facts: StepFacts) -> str:
    """The border of a step: by type, and an outcome by its kind."""
    if facts.is_outcome:
        return OUTCOME_COLOUR.get(str(facts.outcome), TYPE_COLOUR[facts.type])
    return TYPE_COLOUR[facts.type]
