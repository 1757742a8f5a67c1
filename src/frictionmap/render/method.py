"""What the report says about itself: method appendix, assumptions, executive summary.

Shared by the HTML and Markdown reports, which only format what is here.

- **Method**: how the figures, the exposure and the score are computed, taken
  from the docstrings of `metrics.py`, `impact.py` and `score.py` (the part
  that defines, not the part about solvers), so that the appendix says what
  the code does and changes with it; the score breakdown of each journey
  (the points each part of the customer's loss took, `score.Score.parts`);
  and, for each rule that fired, its summary and the
  evidence of its docstring's `## Why it hurts` section, shipped with the
  package like the rules themselves.
- **Assumptions** of each journey: its `source:` and any `note:` in it, and
  every default the analysis filled in (probabilities split evenly, steps
  without time, queues without a wait, channels without a price, currency).
- **Executive summary** of a multi-journey report: the portfolio (weighted by
  volume when every journey gives one) and the three changes that would help
  most customers, with how many meet each and what fixing it does to the
  journey's friction score.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..impact import HARM, RankedFinding
from ..law import assumption as jurisdiction_assumption
from ..report import JourneyResult, Report
from ..step_types import TIMED
from ..text import format_value

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Section:
    """A titled piece of the appendix; `text` is Markdown (from a docstring)."""

    title: str
    text: str


def _doc_until(module: Any, marker: str) -> str:
    """A module's docstring, up to (not including) the paragraph starting with `marker`."""
    doc = inspect.cleandoc(module.__doc__ or "")
    at = doc.find("\n\n" + marker)
    return (doc if at < 0 else doc[:at]).strip()


def method_sections(t: Translate = _same) -> list[Section]:
    """How the figures, the exposure and impact, and the score are computed."""
    from .. import impact, metrics, score

    return [
        Section(t("How the figures are computed"), _doc_until(metrics, "Every chain above")),
        Section(t("How exposure and impact are computed"), _doc_until(impact, "Everything here")),
        Section(t("How the score is computed"), _doc_until(score, "\x00")),
    ]


_SECTION = re.compile(r"^## (.+)$", re.M)


def doc_section(doc: str, title: str) -> str:
    """The text of a `## title` section of a rule docstring ("" when it has none)."""
    doc = inspect.cleandoc(doc)
    heads = list(_SECTION.finditer(doc))
    for index, head in enumerate(heads):
        if head.group(1).strip().lower() == title.lower():
            end = heads[index + 1].start() if index + 1 < len(heads) else len(doc)
            return doc[head.end() : end].strip()
    return ""


@dataclass(frozen=True)
class Evidence:
    rule: str
    summary: str
    why: str  # Markdown
    harm: int | None = None  # 1-5, as the rule declares it (the ranking's weight)


def rule_evidence(report: Report) -> list[Evidence]:
    """Each rule that fired in the report (allowed findings too), with its evidence."""
    fired = {f.rule for result in report.journeys if result.valid for f in result.findings}
    out = []
    for info in sorted(report.rules, key=lambda r: r.id):
        if info.id in fired:
            why = doc_section(info.doc, "Why it hurts")
            summary = info.summary or inspect.cleandoc(info.doc).split("\n", 1)[0]
            out.append(Evidence(info.id, summary, why, HARM.get(info.id)))
    return out


def score_breakdown(result: JourneyResult, t: Translate = _same) -> list[tuple[str, str]]:
    """(part, points) rows: what took the score's points (score.py), then the score."""
    breakdown = result.breakdown
    if breakdown is None or result.score is None:
        return []
    rows = [
        (part.label, f"{part.points:.1f}")
        for part in breakdown.parts
        if part.points >= 0.05
    ]
    rows.append(
        (t("Friction score = 100 x (1 - expected goodwill of the walks)"), f"{result.score:.1f}")
    )
    return rows


# -- assumptions ------------------------------------------------------------------

def _notes(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every `note` and `source` field anywhere in the journey, with where it is."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            item = getattr(value, name)
            if name in {"note", "notes", "source"} and isinstance(item, str) and item:
                yield (path, item)
            elif item is not None and not isinstance(item, (str, int, float, bool)):
                yield from _notes(item, f"{path}.{name}" if path else name)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _notes(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _notes(item, f"{path}[{index}]")


def assumptions(result: JourneyResult, t: Translate = _same) -> list[str]:
    """What the analysis of this journey rests on, in words (plain text)."""
    journey = result.journey
    if journey is None:
        return []
    out = []
    for where, text in _notes(journey, ""):
        out.append(t("Source: {text}").format(text=text) if not where else f"{where}: {text}")

    def names(steps: list[str]) -> str:
        return ", ".join(f"'{journey.label(s)}'" for s in steps)

    if result.assumed_probabilities:
        out.append(
            t("Branch probabilities not given, split evenly at {steps}.").format(
                steps=names(list(result.assumed_probabilities))
            )
        )
    untimed = [
        sid
        for sid, step in journey.steps.items()
        if step.type in TIMED and "minutes" not in step.model_fields_set
    ]
    if untimed:
        out.append(
            t("No time given, counted as 0 min of the customer's time: {steps}.").format(
                steps=names(untimed)
            )
        )
    unwaited = [
        sid for sid, step in journey.steps.items() if step.type == "queue" and step.wait is None
    ]
    if unwaited:
        out.append(
            t("Queues without a wait, counted as no wait: {steps}.").format(steps=names(unwaited))
        )
    unpriced = [
        channel.label or cid
        for cid, channel in journey.channels.items()
        if channel.kind == "phone" and "cost_per_minute" not in channel.model_fields_set
    ]
    if unpriced:
        out.append(
            t("Phone lines without a price per minute, counted as free: {channels}.").format(
                channels=", ".join(unpriced)
            )
        )
    if "currency" not in journey.model_fields_set:
        out.append(
            t("No currency given: amounts are in {currency}.").format(currency=journey.currency)
        )
    inferred = jurisdiction_assumption(journey)
    if inferred:  # the law cited rests on it (law.py)
        out.append(inferred)
    return out


# -- executive summary ------------------------------------------------------------------


def volume(result: JourneyResult) -> float | None:
    """Customers per period, when the journey says (`volume:`, at the top or under `customer:`)."""
    journey = result.journey
    for holder in (journey, getattr(journey, "customer", None)):
        value = getattr(holder, "volume", None)
        if isinstance(value, (int, float)) and value > 0:
            return float(value)
    return None


@dataclass(frozen=True)
class Change:
    """One of the changes that would help most customers."""

    result: JourneyResult
    ranked: RankedFinding
    customers: float | None  # per period, when the journey has a volume
    score_after: float | None  # the journey's score without this finding


@dataclass(frozen=True)
class Portfolio:
    journeys: int
    graded: int
    weighted: bool  # by volume
    volume: float | None
    resolved: float | None
    contacts: float | None
    minutes: float | None
    cost: float | None
    currency: str | None
    score: float | None
    grades: dict[str, int]
    changes: list[Change]


def _score_without(result: JourneyResult, ranked: RankedFinding) -> float | None:
    """The score without this finding: the score counts no finding (score.py, issue 12),
    so fixing one changes it only through what the customer lives: not known here."""
    return None


def portfolio(report: Report, changes: int = 3) -> Portfolio:
    """The journeys together, and the `changes` that would help most customers."""
    valid = [r for r in report.journeys if r.valid and r.metrics is not None]
    volumes = [volume(r) for r in valid]
    weighted = bool(valid) and all(v is not None for v in volumes)
    weights = [v if weighted and v is not None else 1.0 for v in volumes]
    total = sum(weights)

    def mean(get: Callable[[JourneyResult], float | None]) -> float | None:
        values = [get(r) for r in valid]
        if not valid or any(v is None for v in values):
            return None
        return (
            sum(w * float(v) for w, v in zip(weights, values, strict=True) if v is not None) / total
        )

    currencies = {r.journey.currency for r in valid if r.journey is not None}
    grades: dict[str, int] = {}
    for result in report.journeys:
        if result.grade is not None:
            grades[result.grade] = grades.get(result.grade, 0) + 1
    candidates = []
    for result, weight in zip(valid, weights, strict=True):
        for ranked in result.ranked:
            customers = ranked.exposure * weight if weighted else None
            reach = customers if customers is not None else ranked.exposure
            candidates.append(
                (
                    -reach,
                    -ranked.impact,
                    result.file,
                    ranked.finding.sort_key(),
                    result,
                    ranked,
                    customers,
                )
            )
    candidates.sort(key=lambda c: c[:4])
    chosen = []
    seen = set()
    for *_, result, ranked, customers in candidates:
        key = (result.file, ranked.finding.rule, ranked.finding.step)
        if key in seen:
            continue
        seen.add(key)
        chosen.append(Change(result, ranked, customers, _score_without(result, ranked)))
        if len(chosen) == changes:
            break
    return Portfolio(
        journeys=len(report.journeys),
        graded=len(valid),
        weighted=weighted,
        volume=total if weighted else None,
        resolved=mean(lambda r: float(r.metrics.p_resolved)),
        contacts=mean(lambda r: float(r.metrics.expected_contacts)),
        minutes=mean(lambda r: float(r.metrics.expected_minutes)),
        cost=mean(lambda r: float(r.metrics.expected_cost)) if len(currencies) == 1 else None,
        currency=next(iter(currencies)) if len(currencies) == 1 else None,
        score=mean(lambda r: r.score),
        grades=dict(sorted(grades.items())),
        changes=chosen,
    )


def change_reach(change: Change, t: Translate = _same) -> str:
    """How many customers meet a change's finding, in words."""
    if change.customers is not None:
        return t("{count} customers per period").format(count=f"{change.customers:,.0f}")
    return t("{share} of that journey's customers").format(
        share=format_value(change.ranked.exposure, "%")
    )
