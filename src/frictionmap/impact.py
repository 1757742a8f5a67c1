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

Each rule also has a one-line "what to do instead" (`ADVICE`), the intent of
its docstring's `Use instead:` example, written for the report. The key
figures compare the metrics with the benchmarks of evidence.md.

Everything here is computed in the library, on first use of a result's report
view (`JourneyResult.ranked`...), so that renderers only format and `check`,
which shows none of it, never pays for it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .exposure import Exposure
from .exposure import exposures as compute_exposures
from .findings import Finding, Severity
from .graph import reachable
from .law import NON_COMPLIANT, citation, premium_rate
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

# evidence.md section 8, "Severity" column (1 cosmetic .. 5 blocks resolution
# or is unlawful); rules not in that table are placed by the closest practice.
HARM: dict[str, int] = {
    "dead-end": 5,  # DEAD_END 5
    "unreachable-step": 2,  # UNREACHABLE 2
    "trap-loop": 5,  # TRAP_LOOP 5
    "no-resolution": 5,  # blocks resolution (scale's 5); SQM: 25% vs 5% defection
    "ambiguous-channel": 1,  # a modelling gap, not a customer harm
    "repeated-entry": 3,  # REPEATED_DATA_ENTRY 3
    "obstruction-loop": 4,  # like PING_PONG 4: as bad as a transfer each round (issue 12)
    "missed-appointment": 4,  # like CALLBACK_NOT_HONOURED, a broken promise (4-5)
    "ping-pong": 4,  # PING_PONG 4
    "external-handoff": 4,  # SUBCONTRACTOR_HANDOFF 4
    "customer-as-messenger": 4,  # CUSTOMER_AS_MESSENGER 4
    "channel-switch": 2,  # CHANNEL_SWITCH 2
    "closure-without-cause": 3,  # SYMPTOM_ONLY_CLOSURE 3
    "language-mismatch": 3,  # like a transfer the customer cannot follow
    "identity-demand": 4,  # EXCESSIVE_ID_DEMAND 4
    "unfixed-closure": 3,  # SYMPTOM_ONLY_CLOSURE 3
    "paid-wait": 5,  # PAID_WAITING 5
    "long-wait": 3,  # LONG_WAIT 2-4
    "broken-promise": 4,  # BROKEN_WAIT_PROMISE 4, PROMISE_DELIVERY_GAP 2-4
    "dropped-contact": 5,  # DROPPED_CALL 5
    "callback-unreliable": 5,  # CALLBACK_NOT_HONOURED 5
    "no-human": 4,  # NO_HUMAN_PATH 4
    "deep-menu": 3,  # DEEP_IVR 3
    "wide-menu": 1,  # WIDE_MENU 1-2
    "one-way-message": 3,  # OUTBOUND_NO_REPLY 3
    "transfer-chain": 3,  # TRANSFER_CHAIN 3-4
    "repeat-contact": 3,  # REPEAT_CONTACTS 3-4
    "retry-loop": 3,  # RETRY_LOOP 3
    "low-resolution": 3,  # SQM FCR bands; like REPEAT_CONTACTS
    "understaffed-queue": 3,  # the cause of LONG_WAIT 2-4
    "unknown-allow": 1,  # a configuration slip
}
DEFAULT_HARM = 3
# How the report explains the ranking, in one line.
IMPACT_NOTE = (
    "impact = how likely the customer meets it x how much it hurts (severity x harm, at most 5)"
)
# The report shows this many worst practices; `check` lists every finding.
TOP_FINDINGS = 10

# Rules whose finding is about a set of steps met as a whole (a loop): the
# customer meets it with the likeliest of its steps.
WHOLE_SET: frozenset[str] = frozenset({"trap-loop"})

# Practices that break a statute, a regulator's guideline or a court ruling
# (evidence.md section 6): flagged as such whatever their score.
UNLAWFUL: frozenset[str] = frozenset({"paid-wait", "identity-demand"})

# What to do instead, one line per rule: the intent of each rule's
# `Use instead:` example, as a consultant would say it.
ADVICE: dict[str, str] = {
    "dead-end": "Give the step a way on: to a person who can help, or to an outcome.",
    "unreachable-step": "Link the step from the journey (e.g. a '0: speak to an adviser' "
    "option), or remove it.",
    "trap-loop": "Add an exit from the loop to a person or an outcome, e.g. after a failed "
    "second attempt.",
    "no-resolution": "Add a route to someone who can fix the problem (escalation to second "
    "level or an expert).",
    "ambiguous-channel": "Name the channel of the step, so its time and cost are counted.",
    "repeated-entry": "Pass on what the customer already gave (IVR to agent, team to team): "
    "ask once, confirm after.",
    "obstruction-loop": "Give the agent one clear step (one offer, then do what is asked), "
    "or an exit to someone who can decide.",
    "missed-appointment": "Confirm appointments ahead; when one slips, rebook and compensate "
    "without being asked.",
    "ping-pong": "Give the issue one owner who brings in the other team (warm transfer), "
    "instead of sending the customer back.",
    "external-handoff": "Keep the customer with you and deal with the subcontractor yourself: "
    "the trader stays liable (FR L221-15).",
    "customer-as-messenger": "Contact the other department or company yourself and come back "
    "to the customer with the answer.",
    "channel-switch": "Resolve in the channel the customer chose, or carry the case over "
    "(call them back, reply by mail).",
    "closure-without-cause": "Close with the cause: tell the customer what went wrong and that "
    "it is fixed.",
    "language-mismatch": "Route the customer to a team that speaks their language, or offer "
    "it as a choice.",
    "identity-demand": "Authenticate with what you already hold (account, e-mail, order); ask "
    "for an ID document only on real doubt (GDPR 5(1)(c), 12(6)).",
    "unfixed-closure": "Fix the underlying problem before closing; a refund or a workaround "
    "alone brings the customer back.",
    "paid-wait": "Use a basic-rate number for after-sales and complaints, and never charge "
    "the wait (FR L121-16, EU CRD Art. 21).",
    "long-wait": "Staff the queue, or announce the wait and offer a callback beyond 30 s.",
    "broken-promise": "Announce the real wait or delay, and keep the promise you make.",
    "dropped-contact": "Never end the contact on the customer: book a callback or keep them "
    "in the queue.",
    "callback-unreliable": "Make callbacks certain: a fixed slot, a retry when unanswered, and "
    "a check that it happened.",
    "no-human": "Offer a person at every menu (e.g. '0: speak to an adviser').",
    "deep-menu": "Flatten the menus: reach a person by the third menu at the latest.",
    "wide-menu": "Keep four or five options per menu, the most used first.",
    "one-way-message": "Let the customer reply to every message, or give a way to reach you in it.",
    "transfer-chain": "Route to the right team first time, and let the first person keep the case.",
    "repeat-contact": "Resolve at the first contact: anticipate the next issue and close the "
    "loop proactively.",
    "retry-loop": "Cap retries at two or three, then hand the customer to a person.",
    "low-resolution": "Empower the first contact to resolve (skills, tools, authority), and "
    "measure resolution, not speed.",
    "understaffed-queue": "Staff the queue to its target (Erlang C) or offer a callback in peaks.",
    "unknown-allow": "Name an existing rule id in `allow`, or remove the suppression.",
}


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
    advice: str
    unlawful: bool  # likely non-compliant with `law` in the journey's jurisdiction
    measured: bool = True  # exposure from the metrics; False: from reachability only
    law: str | None = None  # the rule of law it may break where the journey is (law.py)

    @property
    def compliance_text(self) -> str:
        """'likely non-compliant (EU CRD art. 21)', or '' where no law applies."""
        if not self.unlawful:
            return ""
        return f"{NON_COMPLIANT} ({self.law})" if self.law else NON_COMPLIANT

    @property
    def exposure_text(self) -> str:
        """How likely the customer meets it, in words."""
        if not self.measured:
            return "on a reachable step" if self.exposure > 0 else "on an unreachable step"
        if self.exposure >= 0.995:
            return "every customer meets it"
        if self.exposure <= 0:
            return "no customer meets it"
        return f"{format_value(self.exposure, '%')} of customers meet it"


def advice(rule_id: str) -> str:
    return ADVICE.get(rule_id, "See the rule's documentation for the fix.")


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
                advice=advice(finding.rule),
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


def format_value(value: float, unit: str) -> str:
    """A figure as people read it: 72%, 1.35, 15 min, 2.5 h, 3.2 days, 10.50 EUR."""
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
            return f"{_short(value)} min"
        return format_value(value / 60, "hours")
    if unit == "hours":
        if value < 1:
            return format_value(value * 60, "min")
        if value < 48:
            return f"{_short(value)} h"
        return f"{_short(value / 24)} days"
    return f"{value:.2f} {unit}"


def _short(value: float) -> str:
    """One decimal, none when it is zero: 15 min, 2.5 min, 24 h."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _band(value: float, good: float, fair: float) -> str:
    """good up to `good`, fair up to `fair`, poor beyond (lower is better)."""
    if value <= good:
        return "good"
    return "fair" if value <= fair else "poor"


def _longest_wait(graph: nx.DiGraph, start: str) -> float | None:
    waits = [
        float(graph.nodes[n]["wait"])
        for n in reachable(graph, [start])
        if graph.nodes[n]["type"] == "queue" and graph.nodes[n]["wait"] is not None
    ]
    return max(waits) if waits else None


def key_figures(journey: Journey, graph: nx.DiGraph, metrics: Any = None) -> tuple[Figure, ...]:
    """The figures of the report, each beside its benchmark (evidence.md)."""
    figures: list[Figure] = []
    if metrics is not None:
        fcr = float(metrics.first_contact_resolution)
        figures.append(
            Figure(
                "first_contact_resolution",
                "First-contact resolution",
                fcr,
                "%",
                "good" if fcr >= 0.8 else "fair" if fcr >= 0.7 else "poor",
                "SQM: good 70-79%, world class 80%+, average 67%",
            )
        )
        contacts = float(metrics.expected_contacts)
        figures.append(
            Figure(
                "expected_contacts",
                "Contacts per customer",
                contacts,
                "contacts",
                _band(contacts, 1.2, 1.5),
                "SQM: world class 1.2, average 1.5",
            )
        )
    longest = _longest_wait(graph, journey.start)
    if longest is not None:
        figures.append(
            Figure(
                "longest_wait",
                "Longest wait on hold",
                longest,
                "min",
                _band(longest, 0.5, 2.0),
                "ING: 86% of customers expect 30 s at most",
            )
        )
    if metrics is None:
        return tuple(figures)
    visits = metrics.step_visits
    on_hold = sum(
        float(visits.get(n, 0.0)) * float(graph.nodes[n]["wait"] or 0.0)
        for n in journey.steps
        if graph.nodes[n]["type"] == "queue"
    )
    if longest is not None:
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
    figures += [
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
            float(metrics.expected_cost),
            journey.currency,
            "good" if float(metrics.expected_cost) <= 0.005 else "poor",
            "free or basic rate on after-sales lines"
            + (f" ({law})" if (law := premium_rate(journey)) else ""),
        ),
        Figure(
            "expected_transfers",
            "Transfers",
            float(metrics.expected_transfers),
            "count",
            _band(float(metrics.expected_transfers), 0.19, 1.0),
            "SQM: 19% of callers are transferred, -12% CSAT each; at most one",
        ),
        Figure(
            "expected_repeated_entries",
            "Repeated entries",
            float(metrics.expected_repeated_entries),
            "count",
            _band(float(metrics.expected_repeated_entries), 0.05, 0.5),
            "none; 56% of customers had to re-explain (HBR 2010)",
        ),
        Figure(
            "expected_channel_switches",
            "Channel switches",
            float(metrics.expected_channel_switches),
            "count",
            _band(float(metrics.expected_channel_switches), 0.05, 0.5),
            "none; a forced switch makes customers 10% more disloyal (CEB)",
        ),
    ]
    return tuple(figures)


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


def verdict(grade: str | None, metrics: Any, ranked: tuple[RankedFinding, ...]) -> str:
    """One sentence a consultant can say: how it ends for the customer, and the worst practice."""
    parts: list[str] = []
    if metrics is not None:
        resolved = format_value(float(metrics.p_resolved), "%")
        contacts = float(metrics.expected_contacts)
        minutes = format_value(float(metrics.expected_minutes), "min")
        plural = "" if f"{contacts:.1f}" == "1.0" else "s"
        effort = (
            f"after {contacts:.1f} contact{plural} and {minutes} of their time"
            if contacts >= 0.05
            else f"after {minutes} of their time"  # self-service only: no contact to count
        )
        parts.append(f"{resolved} of customers get what they came for, {effort}")
    if ranked:
        top = ranked[0]
        where = f" at '{top.where[0]}'" if top.where else ""
        parts.append(f"worst practice: {top.finding.rule.replace('-', ' ')}{where}")
    else:
        parts.append("no worst practice found")
    sentence = "; ".join(parts) + "."
    word = GRADE_WORDS.get(grade or "")
    return f"{word}: {sentence}" if word else sentence[0].upper() + sentence[1:]


@dataclass(frozen=True)
class ReportView:
    """What the worst-practices report shows of one journey, beyond its findings."""

    walks: Walks | None = None
    ranked: tuple[RankedFinding, ...] = ()
    figures: tuple[Figure, ...] = ()
    verdict: str = ""


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
