"""The assumptions of a model: every `note:` and `source:` in the journey, and what
the analysis inferred (the jurisdiction), as the report lists them.

`note:` and `source:` may stand on any step, branch, wait, channel, team, datum and
on the customer (format v1, issue 12); each becomes one line naming where it stands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .law import assumption

if TYPE_CHECKING:
    from .model import Journey


def _said(where: str, item: Any) -> list[str]:
    lines = []
    note, source = getattr(item, "note", None), getattr(item, "source", None)
    if note:
        lines.append(f"{where}: {note}" + (f" (source: {source})" if source else ""))
    elif source:
        lines.append(f"{where}: source: {source}")
    return lines


def assumptions(journey: Journey) -> list[str]:
    """One line per assumption, in the order of the file."""
    lines: list[str] = []
    inferred = assumption(journey)
    if inferred:
        lines.append(inferred)
    lines += _said("customer", journey.customer)
    for kind, table in (("channel", journey.channels), ("team", journey.teams),
                        ("data", journey.data)):
        for key, item in table.items():
            lines += _said(f"{kind} '{key}'", item)
    for step_id, step in journey.steps.items():
        label = f"'{journey.label(step_id)}'"
        lines += _said(label, step)
        if step.wait is not None:
            lines += _said(f"{label} wait", step.wait)
        for branch in step.next:
            lines += _said(f"{label} -> '{journey.label(branch.to)}'", branch)
    return lines
