"""A lowered journey -> YAML text in the documented format, with comments
naming the source blocks and the assumptions. Deterministic: same flows,
same bytes."""

from __future__ import annotations

from typing import Any

import yaml

from .lower import Lowered

_HEAD_KEYS = (
    "frictionmap",
    "name",
    "description",
    "source",
    "currency",
    "customer",
    "channels",
    "teams",
    "data",
    "start",
)


def _dump(data: Any) -> str:
    text = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False
    )
    return str(text)


def _comment(text: str) -> str:
    """One line, every invisible character shown as an escape (YAML refuses control
    characters even in comments)."""
    from ..loader import printable

    return printable(" ".join(str(text).split()))


def to_yaml(lowered: Lowered) -> str:
    journey = lowered.journey
    lines = ["# Imported by `frictionmap import`; each step names the export block it comes from."]
    if lowered.assumptions:
        lines.append("# Assumptions (defaults; set them in an overlay, see docs/import.md):")
        lines.extend(f"#   - {_comment(a)}" for a in sorted(lowered.assumptions))
    head = {k: journey[k] for k in _HEAD_KEYS if k in journey}
    lines.append(_dump(head).rstrip("\n"))
    lines.append("steps:")
    for step_id, step in journey["steps"].items():
        for comment in lowered.comments.get(step_id, []):
            lines.append(f"  # {_comment(comment)}")
        body = _dump({step_id: step}).rstrip("\n")
        lines.extend(f"  {line}" for line in body.split("\n"))
    return "\n".join(lines) + "\n"
