"""Compares two analysed journeys: metrics, findings and structure (docs/diff.md).

Everything here reads the analysed models (`JourneyResult`: the pydantic
`Journey`, its graph, its findings and metrics), never rendered text, so that
moving a step within the file, reformatting it or editing comments changes
nothing. Three comparisons make a `JourneyDiff`:

- **metrics**: every metric of `Metrics.to_dict()` but the per-step and
  per-edge details, each outcome probability on its own, the score and the
  grade: before, after, the change, and whether that change is better or worse
  given the direction `METRICS` declares for it;
- **findings**: matched by `Finding.fingerprint` (rule and step ids, never line
  numbers), after renaming the steps of the before-journey;
- **structure**: steps, branches (resolved probabilities of the graph edges),
  teams, data, channels and journey-level keys added, removed or changed.

A renamed step is a removed step plus an added one, unless the caller says
`renames={old: new}`. The verdict is decided by the score, then the findings,
then the metrics (`_verdict`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import BaseModel

from .findings import Finding, Severity
from .model import Journey, Step
from .report import JourneyResult

Better = Literal["higher", "lower"]
Change = Literal["better", "worse", "same", "changed"]
Kind = Literal["added", "removed", "changed"]
VerdictKind = Literal["better", "worse", "mixed", "unchanged", "added", "removed"]

# Two probabilities closer than this are the same (the loader's sums are to 1e-6).
PROBABILITY_TOLERANCE = 1e-9
# Relative tolerance for metric values (Metrics.to_dict rounds to 12 digits).
METRIC_TOLERANCE = 1e-9


@dataclass(frozen=True)
class MetricSpec:
    """How a metric reads: its label, unit, and which direction is better.

    `better` is None for a trade-off that no direction judges on its own.
    """

    label: str
    unit: Literal["probability", "count", "minutes", "hours", "money", "score", "grade"]
    better: Better | None


# The direction table. `grade` "higher" means towards A. Outcome probabilities:
# more `resolved` is better, more of any failure is worse; `refunded` is a
# trade-off (better than a failure, worse than a resolution), so `p_resolved`
# and the failure keys carry the judgement.
METRICS: dict[str, MetricSpec] = {
    # The friction score: 0 is frictionless, 100 the worst (score.py).
    "score": MetricSpec("friction score (0-100)", "score", "lower"),
    "grade": MetricSpec("grade", "grade", "higher"),
    "goodwill": MetricSpec("goodwill kept", "probability", "higher"),
    "p_resolved": MetricSpec("resolved", "probability", "higher"),
    "first_contact_resolution": MetricSpec("resolved at first contact", "probability", "higher"),
    "p_outcomes.resolved": MetricSpec("ends resolved", "probability", "higher"),
    "p_outcomes.refunded": MetricSpec("ends refunded", "probability", None),
    "p_outcomes.unresolved": MetricSpec("ends unresolved", "probability", "lower"),
    "p_outcomes.abandoned": MetricSpec("ends abandoned", "probability", "lower"),
    "p_outcomes.stuck": MetricSpec("ends stuck (dead end)", "probability", "lower"),
    "p_outcomes.trapped": MetricSpec("ends trapped in a loop", "probability", "lower"),
    "expected_contacts": MetricSpec("contacts", "count", "lower"),
    "expected_transfers": MetricSpec("transfers", "count", "lower"),
    "expected_repeated_entries": MetricSpec("repeated entries", "count", "lower"),
    "expected_asks_again": MetricSpec("steps asking again", "count", "lower"),
    "expected_channel_switches": MetricSpec("channel switches", "count", "lower"),
    "expected_minutes": MetricSpec("customer minutes", "minutes", "lower"),
    "expected_hours": MetricSpec("elapsed hours", "hours", "lower"),
    "expected_cost": MetricSpec("customer cost", "money", "lower"),
}

# Per-step and per-edge details: they follow step ids, they are not metrics.
DETAIL_METRICS = frozenset({"step_visits", "transfer_traversals"})

GRADES = "ABCDEF"  # best first


class RenameError(ValueError):
    """A `--rename old=new` that does not fit the two journeys."""


# -- result types ------------------------------------------------------------


@dataclass(frozen=True)
class MetricDelta:
    """One metric before and after; `delta` is None where either is not a finite number."""

    name: str
    before: float | str | None
    after: float | str | None
    delta: float | None
    better: Better | None
    change: Change


@dataclass(frozen=True)
class ValueChange:
    """One attribute's old and new value (JSON-ready values; None where absent)."""

    attribute: str
    before: Any
    after: Any


@dataclass(frozen=True)
class StepRef:
    id: str
    type: str
    label: str


@dataclass(frozen=True)
class StepChange:
    """A step on both sides; `before_id` differs from `id` when it was renamed."""

    id: str
    before_id: str
    label: str
    attributes: tuple[ValueChange, ...]


@dataclass(frozen=True)
class BranchChange:
    """An edge added, removed or changed; ids are the after-journey's (renames applied).

    `attributes` lists what changed among `p` (re-weighted), `when` and `dropped`.
    """

    source: str
    target: str
    kind: Kind
    p_before: float | None
    p_after: float | None
    attributes: tuple[ValueChange, ...] = ()


@dataclass(frozen=True)
class EntityChange:
    """A team, datum or channel added, removed or changed."""

    table: Literal["teams", "data", "channels"]
    id: str
    kind: Kind
    label: str
    attributes: tuple[ValueChange, ...] = ()


@dataclass(frozen=True)
class StructureDiff:
    journey: tuple[ValueChange, ...]
    renamed: tuple[tuple[str, str], ...]
    steps_added: tuple[StepRef, ...]
    steps_removed: tuple[StepRef, ...]
    steps_changed: tuple[StepChange, ...]
    branches: tuple[BranchChange, ...]
    entities: tuple[EntityChange, ...]

    @property
    def empty(self) -> bool:
        return not (
            self.journey
            or self.renamed
            or self.steps_added
            or self.steps_removed
            or self.steps_changed
            or self.branches
            or self.entities
        )


@dataclass(frozen=True)
class FindingsDiff:
    """Active findings matched by fingerprint.

    `fixed`: active before, gone after. `new`: active after, absent or allowed
    before. `allowed`: active before, still found after but suppressed by an
    `allow`. `unchanged`: active on both sides (the after-journey's findings).
    """

    fixed: tuple[Finding, ...]
    new: tuple[Finding, ...]
    allowed: tuple[Finding, ...]
    unchanged: tuple[Finding, ...]


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    text: str


@dataclass(frozen=True)
class JourneyDiff:
    """Everything that changed between two analysed versions of one journey.

    Either side is None for a journey that was added or deleted.
    """

    before: JourneyResult | None
    after: JourneyResult | None
    metrics: tuple[MetricDelta, ...]
    findings: FindingsDiff
    structure: StructureDiff
    verdict: Verdict

    @property
    def status(self) -> Literal["added", "removed", "modified"]:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "modified"

    def metric(self, name: str) -> MetricDelta | None:
        return next((m for m in self.metrics if m.name == name), None)

    def regressed(self, threshold: Severity | None) -> bool:
        """The score got worse, or a new finding is at or above `threshold`."""
        score = self.metric("score")
        if score is not None and score.change == "worse":
            return True
        if threshold is None:
            return False
        return any(f.severity.at_least(threshold) for f in self.findings.new)

    @property
    def highlight(self) -> dict[str, str]:
        """After-journey step id -> `added` or `changed`, for diagrams.

        A step is changed when one of its attributes changed, it was renamed,
        or one of its outgoing branches was added, removed or changed.
        """
        marks: dict[str, str] = {}
        for branch in self.structure.branches:
            marks[branch.source] = "changed"
        for _, new in self.structure.renamed:
            marks[new] = "changed"
        for step in self.structure.steps_changed:
            marks[step.id] = "changed"
        for ref in self.structure.steps_added:
            marks[ref.id] = "added"
        after_steps = self.after.journey.steps if self.after and self.after.journey else {}
        return {sid: marks[sid] for sid in sorted(marks) if sid in after_steps}


@dataclass(frozen=True)
class DiffReport:
    """The diffs of one run, in input order."""

    diffs: tuple[JourneyDiff, ...]
    version: str = ""
    # The configuration the run used (inputs.config_name); empty when not said.
    config: str = ""
    company: Any = None  # observed.settings.CompanySettings of the config (issue 14)

    def savings(self) -> tuple[Any, ...]:
        """Each diff's saving for the company (observed/company.py `Saving`), or None."""
        from .observed.company import saving_of

        return tuple(saving_of(d, self.company) for d in self.diffs)

    def summary(self) -> dict[str, int]:
        counts = {"journeys": len(self.diffs)}
        for kind in ("better", "worse", "mixed", "unchanged", "added", "removed"):
            counts[kind] = sum(1 for d in self.diffs if d.verdict.kind == kind)
        counts["fixed"] = sum(len(d.findings.fixed) for d in self.diffs)
        counts["new"] = sum(len(d.findings.new) for d in self.diffs)
        return counts

    def regressed(self, threshold: Severity | None) -> bool:
        return any(d.regressed(threshold) for d in self.diffs)


# -- entry point ---------------------------------------------------------------


def diff_journeys(
    before: JourneyResult | None,
    after: JourneyResult | None,
    renames: Mapping[str, str] | None = None,
) -> JourneyDiff:
    """Compare two analysed, valid journeys; None stands for a journey that does not exist.

    `renames` maps before-step ids to after-step ids; a step renamed without
    one reads as removed plus added. Raises `RenameError` for a rename that
    does not fit, ValueError for a rejected (invalid) journey.
    """
    for side in (before, after):
        if side is not None and (not side.valid or side.journey is None or side.graph is None):
            raise ValueError(f"{side.file}: cannot compare a journey that was rejected")
    if before is None and after is None:
        raise ValueError("nothing to compare: both sides are missing")
    rename = _check_renames(dict(renames or {}), before, after)
    metrics = diff_metrics(before, after)
    findings = diff_findings(before, after, rename)
    structure = diff_structure(before, after, rename)
    verdict = _verdict(before, after, metrics, findings, structure)
    return JourneyDiff(before, after, metrics, findings, structure, verdict)


def applicable_renames(
    renames: Mapping[str, str], before: JourneyResult | None, after: JourneyResult | None
) -> dict[str, str]:
    """The renames that fit this pair (old id a step before, new id a step after).

    For `--base` runs over several journeys, where a rename concerns one file.
    """
    if before is None or after is None or before.journey is None or after.journey is None:
        return {}
    return {
        old: new
        for old, new in renames.items()
        if old in before.journey.steps and new in after.journey.steps
    }


def _check_renames(
    renames: dict[str, str], before: JourneyResult | None, after: JourneyResult | None
) -> dict[str, str]:
    if not renames:
        return {}
    if before is None or after is None:
        raise RenameError("a step rename needs a journey on both sides")
    assert before.journey is not None and after.journey is not None
    old_steps, new_steps = before.journey.steps, after.journey.steps
    for old, new in sorted(renames.items()):
        if old not in old_steps:
            raise RenameError(f"rename {old}={new}: '{old}' is not a step of {before.file}")
        if new not in new_steps:
            raise RenameError(f"rename {old}={new}: '{new}' is not a step of {after.file}")
    # Renames apply all at once (a swap is fine); two before-steps must not end as one.
    sources: dict[str, list[str]] = defaultdict(list)
    for old in old_steps:
        sources[renames.get(old, old)].append(old)
    for target, olds in sorted(sources.items()):
        if len(olds) > 1:
            names = " and ".join(f"'{o}'" for o in sorted(olds))
            raise RenameError(
                f"renames make {names} of {before.file} one step '{target}'; "
                f"rename '{target}' too, or drop the rename"
            )
    return renames


# -- metrics -------------------------------------------------------------------


def _flatten(result: JourneyResult | None) -> dict[str, float | str | None]:
    """Score, grade and the metrics of `to_dict()`, outcome probabilities one by one."""
    if result is None:
        return {}
    values: dict[str, float | str | None] = {}
    if result.score is not None:
        values["score"] = float(result.score)
    if result.grade is not None:
        values["grade"] = str(result.grade)
    if result.metrics is None:
        return values
    for key, value in result.metrics.to_dict().items():
        if key in DETAIL_METRICS:
            continue
        if key == "p_outcomes" and isinstance(value, dict):
            for outcome, p in value.items():
                values[f"p_outcomes.{outcome}"] = _number(p)
        elif value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
            values[key] = _number(value)
    return values


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _order(name: str) -> tuple[int, str]:
    """The direction table's order first, then any metric it does not know, by name."""
    names = list(METRICS)
    return (names.index(name), "") if name in METRICS else (len(names), name)


def diff_metrics(
    before: JourneyResult | None, after: JourneyResult | None
) -> tuple[MetricDelta, ...]:
    """Each metric before and after, judged by its direction in `METRICS`."""
    old, new = _flatten(before), _flatten(after)
    deltas = []
    for name in sorted(set(old) | set(new), key=_order):
        b, a = old.get(name), new.get(name)
        spec = METRICS.get(name)
        better = spec.better if spec else None
        deltas.append(MetricDelta(name, b, a, _delta(b, a), better, _judge(b, a, better, name)))
    return tuple(deltas)


def _delta(before: float | str | None, after: float | str | None) -> float | None:
    if not isinstance(before, float) or not isinstance(after, float):
        return None
    if not (math.isfinite(before) and math.isfinite(after)):
        return None
    return after - before


def _same(before: float, after: float) -> bool:
    if before == after:  # also two equal infinities
        return True
    if not (math.isfinite(before) and math.isfinite(after)):
        return False
    return abs(after - before) <= METRIC_TOLERANCE * max(1.0, abs(before), abs(after))


def _judge(
    before: float | str | None, after: float | str | None, better: Better | None, name: str
) -> Change:
    if before is None and after is None:
        return "same"
    if before is None or after is None:
        return "changed"
    if name == "grade":
        # A is the best grade: a smaller index is a higher grade.
        rank_before = GRADES.find(str(before))
        rank_after = GRADES.find(str(after))
        if before == after:
            return "same"
        if rank_before < 0 or rank_after < 0:
            return "changed"
        return "better" if rank_after < rank_before else "worse"
    assert isinstance(before, float) and isinstance(after, float)
    if _same(before, after):
        return "same"
    if better is None:
        return "changed"
    went_up = after > before
    return "better" if went_up == (better == "higher") else "worse"


# -- findings ------------------------------------------------------------------


def _renamed_finding(finding: Finding, rename: Mapping[str, str]) -> Finding:
    if not rename:
        return finding
    step = rename.get(finding.step, finding.step) if finding.step else finding.step
    to = rename.get(finding.to, finding.to) if finding.to else finding.to
    return replace(finding, step=step, to=to)


def diff_findings(
    before: JourneyResult | None, after: JourneyResult | None, rename: Mapping[str, str]
) -> FindingsDiff:
    """Fixed, new, allowed and unchanged findings, matched by fingerprint.

    Findings sharing one fingerprint are matched as a multiset (by message, then
    in order), so that two hits of a rule on one step count twice.
    """
    old: dict[str, list[Finding]] = defaultdict(list)
    for finding in before.findings if before else ():
        # A finding suppressed before is not counted: active after, it is new.
        if finding.suppressed is None:
            old[_renamed_finding(finding, rename).fingerprint].append(finding)
    new: dict[str, list[Finding]] = defaultdict(list)
    new_allowed: dict[str, list[Finding]] = defaultdict(list)
    for finding in after.findings if after else ():
        target = new if finding.suppressed is None else new_allowed
        target[finding.fingerprint].append(finding)
    fixed: list[Finding] = []
    added: list[Finding] = []
    allowed: list[Finding] = []
    unchanged: list[Finding] = []
    for key in sorted(set(old) | set(new)):
        olds = sorted(old.get(key, []), key=lambda f: f.message)
        news = sorted(new.get(key, []), key=lambda f: f.message)
        paired = min(len(olds), len(news))
        unchanged.extend(news[:paired])
        added.extend(news[paired:])
        rest = olds[paired:]
        now_allowed = new_allowed.get(key, [])
        allowed.extend(now_allowed[: len(rest)])
        fixed.extend(rest[len(now_allowed) :])
    return FindingsDiff(
        fixed=tuple(sorted(fixed, key=Finding.sort_key)),
        new=tuple(sorted(added, key=Finding.sort_key)),
        allowed=tuple(sorted(allowed, key=Finding.sort_key)),
        unchanged=tuple(sorted(unchanged, key=Finding.sort_key)),
    )


# -- structure -----------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A JSON-ready value: models dumped (their defaults included), tuples as lists."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _model_changes(
    before: BaseModel | None, after: BaseModel | None, skip: Iterable[str] = (), prefix: str = ""
) -> list[ValueChange]:
    """Field-by-field differences of two models of one class, in field order.

    A sub-model present on both sides (`wait`, `staffing`) is compared field by
    field too (`wait.actual`), so that the report names what moved.
    """
    present = after if after is not None else before
    assert present is not None
    changes = []
    for name in type(present).model_fields:
        if name in skip:
            continue
        old_value = getattr(before, name) if before is not None else None
        new_value = getattr(after, name) if after is not None else None
        if isinstance(old_value, BaseModel) and type(old_value) is type(new_value):
            changes.extend(_model_changes(old_value, new_value, prefix=f"{prefix}{name}."))
            continue
        old, new = _plain(old_value), _plain(new_value)
        if old != new:
            changes.append(ValueChange(f"{prefix}{name}", old, new))
    return changes


def _step_changes(old_id: str, old: Step, new_id: str, new: Step) -> tuple[ValueChange, ...]:
    """What changed in a step, `next` aside (the branches say that)."""
    changes = _model_changes(old, new, skip=("next", "label"))
    # The label defaults to the id: a step renamed without a label keeps its label.
    old_label, new_label = old.label or new_id, new.label or new_id
    if old_label != new_label:
        changes.insert(0, ValueChange("label", old.label or old_id, new_label))
    return tuple(changes)


def _edges(
    result: JourneyResult | None, rename: Mapping[str, str]
) -> dict[tuple[str, str], dict[str, Any]]:
    """(source, target) -> resolved p, sorted `when` texts and `dropped`, renames applied.

    `p` and `dropped` come from the graph edges (two branches to one step are
    one edge); `when` is taken from the branches, sorted, so that the order of
    the branches in the file does not matter.
    """
    if result is None or result.graph is None or result.journey is None:
        return {}
    whens: dict[tuple[str, str], set[str]] = defaultdict(set)
    for sid, step in result.journey.steps.items():
        for branch in step.next:
            if branch.when:
                whens[(sid, branch.to)].add(branch.when)
    edges = {}
    for source, target, data in result.graph.edges(data=True):
        key = (rename.get(source, source), rename.get(target, target))
        edges[key] = {
            "p": float(data["p"]),
            "when": sorted(whens.get((source, target), ())),
            "dropped": bool(data["dropped"]),
        }
    return edges


def _diff_branches(
    before: JourneyResult | None, after: JourneyResult | None, rename: Mapping[str, str]
) -> tuple[BranchChange, ...]:
    old, new = _edges(before, rename), _edges(after, {})
    changes = []
    for key in sorted(set(old) | set(new)):
        b, a = old.get(key), new.get(key)
        if b is None:
            assert a is not None
            changes.append(BranchChange(*key, "added", None, a["p"]))
        elif a is None:
            changes.append(BranchChange(*key, "removed", b["p"], None))
        else:
            attributes = []
            if abs(a["p"] - b["p"]) > PROBABILITY_TOLERANCE:
                attributes.append(ValueChange("p", b["p"], a["p"]))
            for name in ("when", "dropped"):
                if a[name] != b[name]:
                    attributes.append(ValueChange(name, b[name], a[name]))
            if attributes:
                changes.append(BranchChange(*key, "changed", b["p"], a["p"], tuple(attributes)))
    return tuple(changes)


_ENTITY_LABEL = {"teams": "name", "data": "label", "channels": "label"}


def _diff_entities(old: Journey | None, new: Journey | None) -> tuple[EntityChange, ...]:
    changes: list[EntityChange] = []
    table: Literal["teams", "data", "channels"]
    for table in ("teams", "data", "channels"):
        olds: dict[str, BaseModel] = getattr(old, table) if old else {}
        news: dict[str, BaseModel] = getattr(new, table) if new else {}
        for key in sorted(set(olds) | set(news)):
            b, a = olds.get(key), news.get(key)
            label = getattr(a if a is not None else b, _ENTITY_LABEL[table]) or key
            if b is None:
                changes.append(EntityChange(table, key, "added", label))
            elif a is None:
                changes.append(EntityChange(table, key, "removed", label))
            else:
                attributes = tuple(_model_changes(b, a))
                if attributes:
                    changes.append(EntityChange(table, key, "changed", label, attributes))
    return tuple(changes)


def _diff_journey_keys(
    old: Journey | None, new: Journey | None, rename: Mapping[str, str]
) -> tuple[ValueChange, ...]:
    """Journey-level keys; none for an added or deleted journey (it is all new or gone)."""
    if old is None or new is None:
        return ()
    changes = _model_changes(old, new, skip=("steps", "channels", "teams", "data", "start"))
    if rename.get(old.start, old.start) != new.start:
        changes.append(ValueChange("start", old.start, new.start))
    return tuple(changes)


def _ref(journey: Journey, step_id: str) -> StepRef:
    step = journey.steps[step_id]
    return StepRef(step_id, step.type, step.label or step_id)


def diff_structure(
    before: JourneyResult | None, after: JourneyResult | None, rename: Mapping[str, str]
) -> StructureDiff:
    """Steps, branches, teams, data, channels and journey keys added, removed, changed."""
    old = before.journey if before else None
    new = after.journey if after else None
    old_steps = old.steps if old else {}
    new_steps = new.steps if new else {}
    renamed_old = {rename.get(sid, sid): sid for sid in old_steps}
    added = [_ref(new, sid) for sid in sorted(new_steps) if sid not in renamed_old] if new else []
    removed = (
        [_ref(old, renamed_old[sid]) for sid in sorted(renamed_old) if sid not in new_steps]
        if old
        else []
    )
    changed = []
    for sid in sorted(set(renamed_old) & set(new_steps)):
        assert new is not None
        old_id = renamed_old[sid]
        attributes = _step_changes(old_id, old_steps[old_id], sid, new_steps[sid])
        if attributes:
            changed.append(StepChange(sid, old_id, new.label(sid), attributes))
    return StructureDiff(
        journey=_diff_journey_keys(old, new, rename),
        renamed=tuple(sorted(rename.items())),
        steps_added=tuple(added),
        steps_removed=tuple(removed),
        steps_changed=tuple(changed),
        branches=_diff_branches(before, after, rename),
        entities=_diff_entities(old, new),
    )


# -- verdict -------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _grade_text(result: JourneyResult | None) -> str | None:
    if result is None or result.grade is None:
        return None
    score = f" (score {result.score:.1f})" if result.score is not None else ""
    return f"grade {result.grade}{score}"


def _direction(changes: Iterable[Change]) -> VerdictKind:
    seen = set(changes)
    if "better" in seen and "worse" in seen:
        return "mixed"
    if "better" in seen:
        return "better"
    if "worse" in seen:
        return "worse"
    return "unchanged"


def _verdict(
    before: JourneyResult | None,
    after: JourneyResult | None,
    metrics: tuple[MetricDelta, ...],
    findings: FindingsDiff,
    structure: StructureDiff,
) -> Verdict:
    """Better or worse by the score; where the score does not move (or is not
    known), by the findings (fixed only: better, new only: worse, both: mixed);
    where they do not move either, by the directional metrics."""
    if before is None or after is None:
        result = after if after is not None else before
        assert result is not None
        count = _plural(len(result.active), "worst practice")
        grade = _grade_text(result)
        if after is not None:
            return Verdict("added", f"added: {grade + ', ' if grade else ''}{count}")
        return Verdict("removed", f"removed: {'was ' + grade + ', ' if grade else ''}{count}")
    by_name = {m.name: m for m in metrics}
    score = by_name.get("score")
    fixed, new = len(findings.fixed), len(findings.new)
    if score is not None and score.change in ("better", "worse"):
        kind: VerdictKind = "better" if score.change == "better" else "worse"
    elif fixed or new:
        kind = "mixed" if fixed and new else ("better" if fixed else "worse")
    else:
        kind = _direction(m.change for m in metrics if m.name not in ("score", "grade"))
    parts = []
    grades = by_name.get("grade")
    if grades is not None and isinstance(grades.before, str) and isinstance(grades.after, str):
        text = (
            f"grade {grades.before}"
            if grades.before == grades.after
            else f"grade {grades.before} -> {grades.after}"
        )
        if score is not None and isinstance(score.before, float) and isinstance(score.after, float):
            text += (
                f" (score {score.before:.1f})"
                if score.change == "same"
                else f" (score {score.before:.1f} -> {score.after:.1f})"
            )
        parts.append(text)
    parts.append(f"{_plural(fixed, 'worst practice')} fixed")
    if findings.allowed:
        parts.append(f"{len(findings.allowed)} allowed")
    parts.append(f"{new} new")
    if kind == "unchanged" and not structure.empty:
        parts.append("no measurable effect")
    return Verdict(kind, f"{kind}: {', '.join(parts)}")


__all__ = [
    "DETAIL_METRICS",
    "METRICS",
    "BranchChange",
    "DiffReport",
    "EntityChange",
    "FindingsDiff",
    "JourneyDiff",
    "MetricDelta",
    "MetricSpec",
    "RenameError",
    "StepChange",
    "StepRef",
    "StructureDiff",
    "ValueChange",
    "Verdict",
    "applicable_renames",
    "diff_findings",
    "diff_journeys",
    "diff_metrics",
    "diff_structure",
]
