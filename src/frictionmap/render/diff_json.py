"""The JSON diff (docs/diff.md holds the shape): extended by later versions, never broken."""

from __future__ import annotations

from typing import Any

from ..diff import (
    BranchChange,
    DiffReport,
    EntityChange,
    JourneyDiff,
    MetricDelta,
    StepRef,
    ValueChange,
)
from ..report import JourneyResult
from .json_format import dumps, finding_to_dict

SHAPE_VERSION = 1


def _side(result: JourneyResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {"file": result.file, "name": result.name, "score": result.score, "grade": result.grade}


def _metric(delta: MetricDelta) -> dict[str, Any]:
    return {
        "name": delta.name,
        "before": delta.before,
        "after": delta.after,
        "delta": delta.delta,
        "better": delta.better,
        "change": delta.change,
    }


def _value(change: ValueChange) -> dict[str, Any]:
    return {"attribute": change.attribute, "before": change.before, "after": change.after}


def _step(ref: StepRef) -> dict[str, Any]:
    return {"id": ref.id, "type": ref.type, "label": ref.label}


def _branch(branch: BranchChange) -> dict[str, Any]:
    data: dict[str, Any] = {
        "from": branch.source,
        "to": branch.target,
        "p_before": branch.p_before,
        "p_after": branch.p_after,
    }
    if branch.kind == "changed":
        data["changes"] = [_value(c) for c in branch.attributes]
    return data


def _entity(entity: EntityChange) -> dict[str, Any]:
    data: dict[str, Any] = {"id": entity.id, "label": entity.label}
    if entity.kind == "changed":
        data["changes"] = [_value(c) for c in entity.attributes]
    return data


def _kinds(items: list[Any], kind_of: Any, shape: Any) -> dict[str, list[dict[str, Any]]]:
    return {
        kind: [shape(item) for item in items if kind_of(item) == kind]
        for kind in ("added", "removed", "changed")
    }


def diff_to_dict(diff: JourneyDiff) -> dict[str, Any]:
    structure = diff.structure
    return {
        "status": diff.status,
        "before": _side(diff.before),
        "after": _side(diff.after),
        "verdict": {"kind": diff.verdict.kind, "text": diff.verdict.text},
        "metrics": [_metric(m) for m in diff.metrics],
        "findings": {
            "fixed": [finding_to_dict(f) for f in diff.findings.fixed],
            "new": [finding_to_dict(f) for f in diff.findings.new],
            "allowed": [finding_to_dict(f) for f in diff.findings.allowed],
            "unchanged": [finding_to_dict(f) for f in diff.findings.unchanged],
        },
        "structure": {
            "journey": [_value(c) for c in structure.journey],
            "renamed": [{"from": old, "to": new} for old, new in structure.renamed],
            "steps": {
                "added": [_step(r) for r in structure.steps_added],
                "removed": [_step(r) for r in structure.steps_removed],
                "changed": [
                    {
                        "id": c.id,
                        "before_id": c.before_id,
                        "label": c.label,
                        "changes": [_value(v) for v in c.attributes],
                    }
                    for c in structure.steps_changed
                ],
            },
            "branches": _kinds(list(structure.branches), lambda b: b.kind, _branch),
            **{
                table: _kinds(
                    [e for e in structure.entities if e.table == table], lambda e: e.kind, _entity
                )
                for table in ("teams", "data", "channels")
            },
        },
        "highlight": diff.highlight,
    }


def report_to_dict(report: DiffReport) -> dict[str, Any]:
    return {
        "frictionmap": report.version,
        "shape": f"diff/{SHAPE_VERSION}",
        "diffs": [
            _with_saving(diff_to_dict(d), saved)
            for d, saved in zip(report.diffs, report.savings(), strict=True)
        ],
        "summary": report.summary(),
        "config": report.config or None,
    }


def _with_saving(data: dict[str, Any], saved: Any) -> dict[str, Any]:
    """Issue 14: the company's saving, where a volume or [company] costs are known."""
    if saved is not None:
        data["company"] = saved.to_dict()
    return data


def render(report: DiffReport, *, width: int = 100, color: bool = False) -> str:
    return dumps(report_to_dict(report))
