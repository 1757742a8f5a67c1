"""What the findings cost the customer: ranked by impact, with benchmarks and advice.

The worst-practices report ranks findings by

    impact = exposure x weight,   weight = severity weight x harm / 3

- **exposure** is how likely the customer meets the finding: the probability
  that a walk meets the problem at least once (exposure.py: a branch's
  finding, the probability of taking the branch; a repeat, of the walks that
  contain the repeat), exact on the chain; without metrics, 1 for a step some
  walk reaches and 0 for one none does. This is the "exposure" factor of
  evidence.md's suggested scoring model (section 8).
- **severity weight** is the configured severity: error 3, warning 2, note 1,
  so that a rule a team turns down to `note` also sinks in the ranking.
- **harm** (1-5) is evidence.md's per-practice severity (section 8: 5 blocks
  resolution or is unlawful, 1 is cosmetic). It orders findings of one
  severity: a ping-pong transfer (4, SQM: -12% CSAT per transfer) before a
  forced channel switch (2, +10% disloyalty). Divided by 3 so that a
  middle-harm rule keeps its severity weight.

Each rule declares its harm, its one-line "what to do instead" (the intent
of its docstring's `Use instead:` example, written for the report) and
whether it is unlawful on its `@rule` (rules/base.py); the tables here are
read from the registry. The key figures compare the metrics with the
benchmarks of evidence.md. Numbers are worded by text.py.

Everything here is computed in the library, on first use of a result's report
view (`JourneyResult.ranked`...), so that renderers only format and `check`,
which shows none of it, never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .exposure import Exposure
from .exposure import exposures as compute_exposures
from .findings import Finding, Severity
from .graph import reachable
from .law import NON_COMPLIANT, citation, premium_rate
from .rules import RULES
from .text import (
    Field,
    Words,
    exposure_words,
    format_value,
    listed,
    words,
)
from .text import Figure as Amount
from .walks import STUCK, TRAPPED

if TYPE_CHECKING:
    import networkx as nx

    from .model import Journey
    from .report import JourneyResult, Report
    from .walks import Walk, Walks

SEVERITY_WEIGHT: dict[Severity, float] = {
    Severity.ERROR: 3.0,
    Severity.WARNING: 2.0,
    Severity.NOTE: 1.0,
}

# Harm (evidence.md section 8, "Severity" column: 1 cosmetic .. 5 blocks
# resolution or is unlawful), one per rule, declared on its `@rule`.
HARM: dict[str, int] = {r.id: r.harm for r in RULES}
DEFAULT_HARM = 3
# How the report explains the ranking, in one line.
IMPACT_NOTE = (
    "impact = how likely the customer meets it x how much it hurts (severity x harm, at most 5)"
)
# The report shows this many worst practices; `check` lists every finding.
TOP_FINDINGS = 10

# Practices that break a statute, a regulator's guideline or a court ruling
# (evidence.md section 6): flagged as such whatever their score
# (`@rule(unlawful=True)`).
UNLAWFUL: frozenset[str] = frozenset(r.id for r in RULES if r.unlawful)


@dataclass(frozen=True)
class RankedFinding:
    """A finding with how likely the customer meets it and how much it hurts.

    `where` holds the labels of the steps it involves, its own step first.
    """

    finding: Finding
    exposure: float
    harm: int
    weight: float
    impact: float
    where: tuple[str, ...]
    unlawful: bool  # likely non-compliant with `law` in the journey's jurisdiction
    measured: bool = True  # exposure from the metrics; False: from reachability only
    law: str | None = None  # the rule of law it may break where the journey is (law.py)

    @property
    def compliance_text(self) -> str:
        """'likely non-compliant (EU CRD art. 21)', or '' where no law applies."""
        return str(self.compliance_words)

    @property
    def compliance_words(self) -> Words:
        """`compliance_text` as `Words`, for a report in another language."""
        if not self.unlawful:
            return words("")
        if not self.law:
            return words(NON_COMPLIANT)
        return words("{what} ({law})", what=words(NON_COMPLIANT), law=self.law)

    @property
    def advice(self) -> str:
        """What to do instead: the finding's, as the engine attached it."""
        return self.finding.advice

    @property
    def exposure_text(self) -> str:
        """How likely the customer meets it, in words."""
        return str(self.exposure_words)

    @property
    def exposure_words(self) -> Words:
        """`exposure_text` as `Words`, for a report in another language."""
        return exposure_words(self.exposure, self.measured)


def _where(finding: Finding, journey: Journey) -> tuple[str, ...]:
    # dict.fromkeys: first-seen order without duplicates, linear in a large loop.
    ids = dict.fromkeys(
        s
        for s in (finding.step, *finding.steps, finding.to)
        if s is not None and s in journey.steps
    )
    return tuple(journey.label(s) for s in ids)


def rank_findings(
    journey: Journey,
    graph: nx.DiGraph,
    findings: Iterable[Finding],
    metrics: Any = None,
    exposures: dict[str, Exposure] | None = None,
) -> tuple[RankedFinding, ...]:
    """Active (unsuppressed) findings, highest impact first.

    Findings of one rule over the same set of steps (a trap loop reported at
    each of its steps) count once, as the first of them. Ties keep the
    findings' own order (file position, rule), so the ranking is deterministic.
    """
    findings = tuple(findings)
    visits = getattr(metrics, "step_visits", None) if metrics is not None else None
    reached = reachable(graph, [journey.start]) if visits is None else set()
    if visits is not None and exposures is None:
        exposures = compute_exposures(findings, graph, journey.start, visits)
    ranked = []
    seen: set[tuple[str, frozenset[str]]] = set()
    for finding in findings:
        if finding.suppressed is not None:
            continue
        # One worst practice, one entry: a rule that reports every member of
        # one set of steps (each step of a trap loop) is ranked once.
        involved = (finding.rule, frozenset((finding.step or "", *finding.steps)))
        if finding.steps and involved in seen:
            continue
        seen.add(involved)
        harm = HARM.get(finding.rule, DEFAULT_HARM)
        weight = SEVERITY_WEIGHT[finding.severity] * harm / 3.0
        if visits is None or exposures is None:
            step = finding.step
            exposure = 1.0 if step is None or step not in graph or step in reached else 0.0
        else:
            exposure = exposures[finding.fingerprint].probability
        ranked.append(
            RankedFinding(
                finding=finding,
                exposure=exposure,
                harm=harm,
                weight=weight,
                impact=exposure * weight,
                where=_where(finding, journey),
                unlawful=finding.rule in UNLAWFUL and citation(finding.rule, journey) is not None,
                law=citation(finding.rule, journey),
                measured=visits is not None,
            )
        )
    ranked.sort(key=lambda r: -round(r.impact, 9))  # stable: ties keep file order
    return tuple(ranked)


# -- key figures beside their benchmarks ---------------------------------


@dataclass(frozen=True)
class Figure:
    """One key figure: its value, how it compares, and the benchmark it is read against.

    `unit` is one of `%` (value is a fraction), `contacts`, `count`, `min`,
    `hours`, or a currency code. `status` is `good`, `fair`, `poor` or None
    (no benchmark to judge by).
    """

    key: str
    name: str
    value: float
    unit: str
    status: str | None
    benchmark: str

    @property
    def text(self) -> str:
        return format_value(self.value, self.unit)


def summary_figures(result: JourneyResult) -> tuple[str, str, str]:
    """The summary table's figures for one journey: resolved, contacts, cost.

    "-" for each without metrics.
    """
    metrics = result.metrics
    if metrics is None:
        return ("-", "-", "-")
    currency = result.journey.currency if result.journey is not None else "EUR"
    return (
        format_value(float(metrics.p_resolved), "%"),
        f"{float(metrics.expected_contacts):.2f}",
        format_value(float(metrics.expected_cost), currency),
    )


def walk_totals(walk: Walk, currency: str) -> str:
    """What one walk costs the customer, in words: share of customers, time, elapsed, money."""
    totals = [
        f"{format_value(walk.probability, '%')} of customers walk exactly this way",
        f"{format_value(walk.minutes, 'min')} of their time",
        f"{format_value(walk.hours, 'hours')} elapsed",
    ]
    if walk.cost > 0:
        totals.append(f"{format_value(walk.cost, currency)} paid")
    return "; ".join(totals)


# What follows the last step of a walk that reaches no outcome.
AFTERWORDS = {
    TRAPPED: "and round again: no way out of this loop",
    STUCK: "and nothing comes next: a dead end",
}


def walk_ending(walk: Walk) -> tuple[str, str | None]:
    """How a walk ends, in words: `resolved`, `trapped (no outcome)`..., and for a walk
    that reaches no outcome what comes after its last step (`AFTERWORDS`)."""
    afterword = AFTERWORDS.get(walk.end)
    return (walk.end if afterword is None else f"{walk.end} (no outcome)"), afterword


def _band(value: float, good: float, fair: float) -> str:
    """good up to `good`, fair up to `fair`, poor beyond (lower is better)."""
    if value <= good:
        return "good"
    return "fair" if value <= fair else "poor"


def _longest_wait(graph: nx.DiGraph, start: str) -> float | None:
    waits = [
        float(graph.nodes[n]["facts"].wait)
        for n in reachable(graph, [start])
        if graph.nodes[n]["facts"].is_on_hold and graph.nodes[n]["facts"].wait is not None
    ]
    return max(waits) if waits else None


def key_figures(journey: Journey, graph: nx.DiGraph, metrics: Any = None) -> tuple[Figure, ...]:
    """The figures of the report, each beside its benchmark (evidence.md).

    Without metrics, only the longest wait (read from the graph).
    """
    longest = _longest_wait(graph, journey.start)
    if metrics is None:
        return _wait_figures(journey, graph, longest, None)
    return (
        *_resolution_figures(metrics, _has_callbacks(graph, journey.start)),
        *_wait_figures(journey, graph, longest, metrics),
        *_effort_figures(journey, metrics),
    )


def _has_callbacks(graph: nx.DiGraph, start: str) -> bool:
    return any(graph.nodes[s]["facts"].type == "callback" for s in reachable(graph, [start]))


def _resolution_figures(metrics: Any, callbacks: bool = False) -> tuple[Figure, ...]:
    """First-contact resolution and contacts per customer, against SQM's bands.

    A callback is the company's call, not a contact the customer makes: where the
    journey has some, the benchmark says so (issue 12: counted, or footnoted).
    """
    fcr = float(metrics.first_contact_resolution)
    contacts = float(metrics.expected_contacts)
    return (
        Figure(
            "first_contact_resolution",
            "First-contact resolution",
            fcr,
            "%",
            "good" if fcr >= 0.8 else "fair" if fcr >= 0.7 else "poor",
            "SQM: good 70-79%, world class 80%+, average 67%"
            + ("; a callback is not counted as a contact" if callbacks else ""),
        ),
        Figure(
            "expected_contacts",
            "Contacts per customer",
            contacts,
            "contacts",
            _band(contacts, 1.2, 1.5),
            "SQM: world class 1.2, average 1.5",
        ),
    )


def _wait_figures(
    journey: Journey, graph: nx.DiGraph, longest: float | None, metrics: Any
) -> tuple[Figure, ...]:
    """The longest wait on hold and (with metrics) the expected time on hold, against ING's
    30 s; none for a journey without a timed queue."""
    if longest is None:
        return ()
    figures = [
        Figure(
            "longest_wait",
            "Longest wait on hold",
            longest,
            "min",
            _band(longest, 0.5, 2.0),
            "ING: 86% of customers expect 30 s at most",
        )
    ]
    if metrics is not None:
        visits = metrics.step_visits
        on_hold = sum(
            float(visits.get(n, 0.0)) * graph.nodes[n]["facts"].hold_minutes
            for n in journey.steps
            if graph.nodes[n]["facts"].is_on_hold
        )
        figures.append(
            Figure(
                "expected_hold",
                "Time on hold",
                on_hold,
                "min",
                _band(on_hold, 0.5, 2.0),
                "ING: 30 s per wait; callers abandon after 45 s on average",
            )
        )
    return tuple(figures)


def _effort_figures(journey: Journey, metrics: Any) -> tuple[Figure, ...]:
    """Time, cost and the effort events of a journey on average, each beside its benchmark."""
    cost = float(metrics.expected_cost)
    transfers = float(metrics.expected_transfers)
    entries = float(metrics.expected_repeated_entries)
    switches = float(metrics.expected_channel_switches)
    return (
        Figure(
            "expected_minutes",
            "Customer's time",
            float(metrics.expected_minutes),
            "min",
            None,
            "one average service call lasts 6 min 21 s (ContactBabel 2014)",
        ),
        Figure(
            "expected_hours",
            "Elapsed time",
            float(metrics.expected_hours),
            "hours",
            None,
            "until the journey ends",
        ),
        Figure(
            "expected_cost",
            "Cost to the customer",
            cost,
            journey.currency,
            "good" if cost <= 0.005 else "poor",
            "free or basic rate on after-sales lines"
            + (f" ({law})" if (law := premium_rate(journey)) else ""),
        ),
        Figure(
            "expected_transfers",
            "Transfers",
            transfers,
            "count",
            _band(transfers, 0.19, 1.0),
            "SQM: 19% of callers are transferred, -12% CSAT each; at most one",
        ),
        Figure(
            "expected_repeated_entries",
            "Repeated entries",
            entries,
            "count",
            _band(entries, 0.05, 0.5),
            "none; 56% of customers had to re-explain (HBR 2010)",
        ),
        Figure(
            "expected_channel_switches",
            "Channel switches",
            switches,
            "count",
            _band(switches, 0.05, 0.5),
            "none; a forced switch makes customers 10% more disloyal (CEB)",
        ),
    )


OUTCOME_ORDER = ("resolved", "refunded", "unresolved", "abandoned", "stuck", "trapped")


def outcome_shares(metrics: Any) -> tuple[tuple[str, float], ...]:
    """Each outcome's probability, in a fixed order, leaving out the impossible ones."""
    if metrics is None:
        return ()
    p = metrics.p_outcomes
    return tuple((k, float(p[k])) for k in OUTCOME_ORDER if float(p.get(k, 0.0)) > 1e-9)


# -- the one-line verdict and the order of journeys -----------------------

GRADE_WORDS = {
    "A": "Low effort",
    "B": "Some friction",
    "C": "Real friction",
    "D": "High effort",
    "E": "Very high effort",
    "F": "Broken",
}


def verdict(grade: str | None, metrics: Any, ranked: tuple[RankedFinding, ...]) -> Words:
    """One sentence a consultant can say: how it ends for the customer, and the worst practice."""
    parts: list[Field] = []
    if metrics is not None:
        resolved = Amount(format_value(float(metrics.p_resolved), "%"))
        contacts = f"{float(metrics.expected_contacts):.1f}"
        minutes = Amount(format_value(float(metrics.expected_minutes), "min"))
        if float(metrics.expected_contacts) < 0.05:  # self-service only: no contact to count
            effort = words("after {minutes} of their time", minutes=minutes)
        elif contacts == "1.0":
            effort = words(
                "after {contacts} contact and {minutes} of their time",
                contacts=Amount(contacts),
                minutes=minutes,
            )
        else:
            effort = words(
                "after {contacts} contacts and {minutes} of their time",
                contacts=Amount(contacts),
                minutes=minutes,
            )
        parts.append(
            words(
                "{resolved} of customers get what they came for, {effort}",
                resolved=resolved,
                effort=effort,
            )
        )
    if ranked:
        top = ranked[0]
        rule = top.finding.rule.replace("-", " ")
        if top.where:
            worst = words("worst practice: {rule} at {step}", rule=rule, step=f"'{top.where[0]}'")
        else:
            worst = words("worst practice: {rule}", rule=rule)
        parts.append(worst)
    else:
        parts.append(words("no worst practice found"))
    sentence = listed(parts, "; ")
    word = GRADE_WORDS.get(grade or "")
    if word:
        return words("{grade}: {sentence}.", grade=words(word), sentence=sentence)
    return words("{sentence}.", sentence=sentence, capitalised=True)


@dataclass(frozen=True)
class ReportView:
    """What the worst-practices report shows of one journey, beyond its findings."""

    walks: Walks | None = None
    ranked: tuple[RankedFinding, ...] = ()
    figures: tuple[Figure, ...] = ()
    verdict: Words = words("")


def report_view(result: JourneyResult) -> ReportView:
    """The walks, ranked findings, key figures and verdict of an analysed journey.

    `JourneyResult` computes it on first use (its `walks`, `ranked`, `figures`
    and `verdict`), once metrics, score and grade are attached; a rejected file
    has an empty view.
    """
    from .walks import most_likely_walks

    if not result.valid or result.journey is None or result.graph is None:
        return ReportView()
    journey, graph, metrics = result.journey, result.graph, result.metrics
    ranked = rank_findings(journey, graph, result.findings, metrics, result.exposures)
    return ReportView(
        walks=most_likely_walks(journey, graph),
        ranked=ranked,
        figures=key_figures(journey, graph, metrics),
        verdict=verdict(result.grade, metrics, ranked),
    )


def total_impact(result: JourneyResult) -> float:
    return sum(r.impact for r in result.ranked)


def worst_first(report: Report) -> list[JourneyResult]:
    """Journeys for the summary table: rejected files, then highest score, then impact."""

    def key(result: JourneyResult) -> tuple[int, float, float, str]:
        score = result.score if result.score is not None else -1.0
        return (1 if result.valid else 0, -score, -total_impact(result), result.file)

    return sorted(report.journeys, key=key)
