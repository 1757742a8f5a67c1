"""Wording shared by the terminal and Markdown diff renderers.

Only formatting: values by unit, arrows, and one line of text per structural
change. What changed, and whether it is better, comes from `diff.py`.
"""

from __future__ import annotations

import math
from typing import Any

from ..diff import (
    METRICS,
    BranchChange,
    EntityChange,
    JourneyDiff,
    MetricDelta,
    StepChange,
    StepRef,
    ValueChange,
)
from ..escapes import printable
from ..findings import Finding
from ..report import JourneyResult

ARROWS = {"up": "▲", "down": "▼", "same": "="}
# Longer texts (descriptions, sources) are cut in the terminal and Markdown; JSON keeps them whole.
TEXT_LIMIT = 60
TABLE_NAMES = {"teams": "team", "data": "datum", "channels": "channel"}


def currency(diff: JourneyDiff) -> str:
    for side in (diff.after, diff.before):
        if side is not None and side.journey is not None:
            return side.journey.currency
    return "EUR"


def metric_label(delta: MetricDelta) -> str:
    spec = METRICS.get(delta.name)
    return spec.label if spec else delta.name


def metric_value(delta: MetricDelta, value: float | str | None, money: str) -> str:
    """A metric value in its unit: 62.0%, 12.5 min, 3.40 EUR."""
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if math.isinf(value):
        return "∞"
    unit = METRICS[delta.name].unit if delta.name in METRICS else "count"
    if unit == "probability":
        return f"{value * 100:.1f}%"
    if unit == "minutes":
        return f"{value:.1f} min"
    if unit == "hours":
        return f"{value:.1f} h"
    if unit == "money":
        return f"{value:.2f} {money}"
    if unit == "score":
        return f"{value:.1f}"
    return f"{value:.2f}"


def metric_delta(delta: MetricDelta) -> str:
    """`▲ +12.5 pts`, `▼ -3.20`, `=`; an arrow alone where the change has no size."""
    if delta.change == "same":
        return ARROWS["same"]
    if delta.delta is None:
        if delta.name == "grade" and isinstance(delta.before, str) and isinstance(delta.after, str):
            return ARROWS["up"] if delta.change == "better" else ARROWS["down"]
        return ""
    arrow = ARROWS["up"] if delta.delta > 0 else ARROWS["down"]
    unit = METRICS[delta.name].unit if delta.name in METRICS else "count"
    if unit == "probability":
        return f"{arrow} {delta.delta * 100:+.1f} pts"
    if unit in ("score", "minutes", "hours"):
        return f"{arrow} {delta.delta:+.1f}"
    return f"{arrow} {delta.delta:+.2f}"


def value(item: Any) -> str:
    """A JSON-ready attribute value as short text."""
    if item is None:
        return "none"
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, float):
        return f"{item:g}"
    if isinstance(item, str):
        text = " ".join(item.split())
        return f"'{text[: TEXT_LIMIT - 1]}…'" if len(text) > TEXT_LIMIT else f"'{text}'"
    if isinstance(item, list):
        return "[" + ", ".join(str(v) if isinstance(v, str) else value(v) for v in item) + "]"
    if isinstance(item, dict):
        shown = [f"{k}: {value(v)}" for k, v in item.items() if v is not None]
        return "{" + ", ".join(shown) + "}"
    return str(item)


def changes(attributes: tuple[ValueChange, ...]) -> str:
    return "; ".join(f"{c.attribute} {value(c.before)} -> {value(c.after)}" for c in attributes)


def step_name(label: str, step_id: str) -> str:
    label = printable(label)
    return f"'{label}'" if label == step_id else f"'{label}' ({step_id})"


def finding_step(finding: Finding, result: JourneyResult | None) -> str:
    if finding.step is None:
        return "the journey"
    label = finding.step
    if result is not None and result.journey is not None and finding.step in result.journey.steps:
        label = result.journey.label(finding.step)
    return step_name(label, finding.step)


def step_added(ref: StepRef) -> str:
    return f"+ {ref.type} step {step_name(ref.label, ref.id)}"


def step_removed(ref: StepRef) -> str:
    return f"- {ref.type} step {step_name(ref.label, ref.id)}"


def step_changed(change: StepChange) -> str:
    # When the label is among the changes, the id alone names the step (no label twice).
    relabelled = any(c.attribute == "label" for c in change.attributes)
    name = change.id if relabelled else step_name(change.label, change.id)
    return f"~ step {name}: {changes(change.attributes)}"


def branch_line(branch: BranchChange) -> str:
    edge = f"{branch.source} -> {branch.target}"
    if branch.kind == "added":
        return f"+ branch {edge} (p {branch.p_after:.2f})"
    if branch.kind == "removed":
        return f"- branch {edge} (p {branch.p_before:.2f})"
    parts = []
    for change in branch.attributes:
        if change.attribute == "p":
            parts.append(f"p {change.before:.2f} -> {change.after:.2f}")
        elif change.attribute == "when":
            # Conditions of the branches into one step, joined as the graph shows them.
            old, new = (" / ".join(w) if w else None for w in (change.before, change.after))
            parts.append(f"when {value(old)} -> {value(new)}")
        else:
            parts.append(f"{change.attribute} {value(change.before)} -> {value(change.after)}")
    return f"~ branch {edge}: {'; '.join(parts)}"


def entity_line(entity: EntityChange) -> str:
    name = TABLE_NAMES[entity.table]
    shown = entity.id if entity.label == entity.id else f"{entity.id} ({entity.label})"
    if entity.kind == "added":
        return f"+ {name} {shown}"
    if entity.kind == "removed":
        return f"- {name} {shown}"
    return f"~ {name} {shown}: {changes(entity.attributes)}"


def structure_lines(diff: JourneyDiff) -> list[str]:
    """Every structural change as one line, in a fixed order."""
    structure = diff.structure
    lines = [
        f"~ journey {c.attribute}: {value(c.before)} -> {value(c.after)}" for c in structure.journey
    ]
    lines += [f"~ step {old} renamed to {new}" for old, new in structure.renamed]
    lines += [step_removed(r) for r in structure.steps_removed]
    lines += [step_added(r) for r in structure.steps_added]
    lines += [step_changed(c) for c in structure.steps_changed]
    lines += [branch_line(b) for b in structure.branches]
    lines += [entity_line(e) for e in structure.entities]
    return [printable(line) for line in lines]


def title(diff: JourneyDiff) -> str:
    result = diff.after or diff.before
    assert result is not None
    return printable(result.name or result.file)


def sides(diff: JourneyDiff) -> tuple[str, str]:
    return (
        printable(diff.before.file) if diff.before else "(none)",
        printable(diff.after.file) if diff.after else "(none)",
    )
