"""Exports read directly by check, report, diff and graph.

`sniff(file, head)` says from the content whether a file is an export (never
from its extension alone); `parse(text, file, limits)` returns the journey as
plain data and a source map whose step positions are the export's own blocks,
so that every finding on an imported journey reads `export.json:line:column`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..loader import Limits, SourceMap


@cache
def _export_pattern() -> re.Pattern[str]:
    return re.compile(
        r"""<(\w+:)?definitions\b[^>]*bpmn          # BPMN
      | \\*"(Actions|StartAction|modules|ContactFlow|Identifier)\\*"\s*:   # Connect
      | AWS::Connect::ContactFlow | resource\s+"aws_connect_contact_flow
      | "(initial_state|states)"\s*: | module\.exports\s*=\s*\{      # Twilio
      | ^(inboundCall|inqueueCall|outboundCall|inboundShortMessage|inboundEmail|inboundChat
          |inqueueEmail|inqueueShortMessage|workflow|commonModule|bot|digitalBot)\s*:\s*$
    """,
        re.VERBOSE | re.MULTILINE | re.IGNORECASE,
    )


def sniff(file: str, head: str) -> bool:
    """Whether the text looks like an export (its first characters, not its name).

    A journey file says `frictionmap:` near its top: it is told apart at once,
    and the export patterns are compiled only when a file is not one."""
    if head.startswith("frictionmap") or "\nfrictionmap" in head:
        return False  # a journey's top-level key (no regex compiled for journeys)
    return bool(_export_pattern().search(head))


def parse(text: str, file: str, limits: Limits) -> tuple[Any, SourceMap]:
    """An export's text -> (journey data, source map into the export)."""
    from ..loader import SourceMap
    from .core import lower_flows, read_text

    lowered = lower_flows(read_text(text, file, "auto", limits))
    keys: dict[tuple[str | int, ...], tuple[int, int]] = {}
    for step_id, position in lowered.positions.items():
        keys[("steps", step_id)] = position
    first = lowered.positions.get(str(lowered.journey["start"]), (1, 1))
    keys[("start",)] = first
    return lowered.journey, SourceMap.from_positions(keys, keys)
