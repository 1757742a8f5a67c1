"""The friction score (0 = frictionless, 100 = worst), its grade A to F, and what took the points.

The score measures what the customer lives through, not how many findings a
journey has (issue 12). Each walk of the journey costs the customer a *loss*
in goodwill, a sum of what happened on it; the journey's loss L is its
expectation over the walks, computed exactly on the chain (metrics.py,
exposure.py, tail.py), and

    score = 100 x (1 - exp(-L))

so that a loss of 0 is a perfect journey and each extra unit of loss takes a
share of the goodwill that remains: a walk whose goodwill is multiplied by a
factor f (0.88 for a transfer, SQM) adds -ln f to the loss. Every component
is an expectation of a count or an amount per walk, hence

- **exposure-weighted**: a drop met by 6% of callers costs 6% of a drop met
  by all (a finding met by 2% no longer costs what one met by everyone does);
- **invariant to how finely steps are drawn**: splitting an 18-minute queue
  into two 9-minute steps changes no expected count, minute or amount;
- **monotone**: adding a worst practice (a failure branch, a contact, a
  transfer, a paid minute, a repeated ask) never lowers it.

The components and their weights (loss per event, -ln of the goodwill factor,
evidence in docs/metrics.md and shared/evidence.md):

| component | per | loss | evidence |
|---|---|---|---|
| outcome | walk that fails (unresolved, abandoned, stuck, trapped) | 2.30 (-ln 0.10) | SQM 2022: unresolved contacts carry 5x the defection (25% vs 5%); Gartner 2019: 96% of high-effort customers grow disloyal |
| outcome | refund only / refund explained | 0.99 / 0.31 | CCMC Rage Study 2015: 37% / 73% satisfied |
| outcome | problem resolved without saying why | 0.05 | CEB via Challenger: half of repeat contacts come from unexplained issues |
| recontacts | contact after the first | 0.16 (-ln 0.8516) | Tethr 2020: recontact makes disloyalty 2.5x as likely, from Gartner's 9% |
| transfers | transfer | 0.13 (-ln 0.88) | SQM 2021: -12% CSAT per transfer |
| obstruction | round of an agent loop (asks again, refuses) | 0.13 | issue 12: as bad as a transfer; CEB: "repeating information", "policies customers must endure" |
| repeated entries | datum asked again | 0.11 (-ln 0.90) | HBR 2010: 56% re-explain; Redwood: 61% dissatisfied |
| channel switches | forced switch | 0.11 (-ln 0.90) | The Effortless Experience fig. 2.2: +10% disloyal |
| dropped | contact the company ends | 0.24 (-ln 0.75/0.95) | SQM 2022: 25% vs 5% defection |
| missed | appointment, deadline or promise missed | 0.13 | like a transfer: Maister 1985, a broken expectation |
| time | minute of the customer's time | 0.004 (0.24 per hour) | calibration: an hour weighs about two transfers; 110 minutes cost at least 35 points |
| elapsed | day elapsed | 0.01 | calibration: an 11-day case (seed 001) costs as much as a transfer |
| money | unit of currency paid, net of compensation | 0.02 | calibration: 10.50 EUR on hold (seed 004) weighs like two transfers |
| tail | minute / day the P90 exceeds the mean | half the rates above | issue 12: the unlucky tenth counts |

**Grades**: A <= 25, B <= 40, C <= 55, D <= 70, E <= 85, F above.

The breakdown (`Score.parts`) gives each component's points, score x L_k / L:
they add up to the score (up to rounding), and say what took the points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from .model import Journey

# Gartner 2019: 9% of customers become more disloyal after a low-effort interaction.
BASE_DISLOYALTY = 0.09
# Tethr (Dixon, 2020): recontacting makes disloyalty 2.5x more likely.
RECONTACT_DISLOYALTY = 2.5


@dataclass(frozen=True)
class Friction:
    """The per-event goodwill factors of a walk (metrics.py's `goodwill` metric uses them)."""

    repeat_contact: float = (1 - RECONTACT_DISLOYALTY * BASE_DISLOYALTY) / (1 - BASE_DISLOYALTY)
    transfer: float = 0.88
    channel_switch: float = 0.90
    unexplained: float = 0.95
    refunded: float = 0.37
    refunded_explained: float = 0.73
    time_share: float = 0.10
    time_half_life_minutes: float = 60.0

    def outcome_value(self, kind: str, root_cause: bool) -> float:
        """What an ending is worth: resolved 1 (0.95 unexplained), refunded 0.73
        (0.37 unexplained), any failure 0."""
        if kind == "resolved":
            return 1.0 if root_cause else self.unexplained
        if kind == "refunded":
            return self.refunded_explained if root_cause else self.refunded
        return 0.0


FRICTION = Friction()


@dataclass(frozen=True)
class Weights:
    """Loss per event or unit (module docstring)."""

    failure: float = -math.log(0.10)
    refunded: float = -math.log(FRICTION.refunded)
    refunded_explained: float = -math.log(FRICTION.refunded_explained)
    unexplained: float = -math.log(FRICTION.unexplained)
    recontact: float = -math.log(FRICTION.repeat_contact)
    transfer: float = -math.log(FRICTION.transfer)
    obstruction_round: float = -math.log(FRICTION.transfer)
    repeated_entry: float = -math.log(0.90)
    channel_switch: float = -math.log(FRICTION.channel_switch)
    dropped: float = -math.log(0.75 / 0.95)
    missed: float = -math.log(FRICTION.transfer)
    per_minute: float = 0.002
    per_hold_minute: float = 0.015
    per_day: float = 0.006
    per_money: float = 0.01
    tail_share: float = 1.0


WEIGHTS = Weights()

# (upper bound of the score, grade), best first; above the last bound: F.
GRADES: tuple[tuple[float, str], ...] = (
    (25.0, "A"),
    (40.0, "B"),
    (55.0, "C"),
    (70.0, "D"),
    (85.0, "E"),
)

# Requests where nothing went wrong: there is no root cause to explain.
NO_FAULT_REQUESTS = frozenset({"question", "cancellation", "purchase", "change", "claim"})
FAILURES = frozenset({"unresolved", "abandoned", "stuck", "trapped"})


@dataclass(frozen=True)
class Part:
    """One component of the score: its loss, its points, and what it counts."""

    key: str
    label: str
    loss: float
    points: float
    amount: float  # the expected count or amount behind it
    unit: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "points": self.points,
            "loss": _round(self.loss),
            "amount": _round(self.amount),
            "unit": self.unit,
        }


@dataclass(frozen=True)
class Score:
    """The score, its grade and its breakdown (largest part first)."""

    value: float
    grade: str
    parts: tuple[Part, ...]
    loss: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "loss": _round(self.loss),
            "parts": [p.to_dict() for p in self.parts if p.points > 0 or p.loss > 0],
        }


def _round(value: float) -> float:
    return float(f"{value:.12g}") + 0.0


def grade(score: float) -> str:
    """The grade of a score: A (<= 25) to F (> 85)."""
    for bound, letter in GRADES:
        if score <= bound:
            return letter
    return "F"


def _outcome_loss(journey: Journey, graph: nx.DiGraph, metrics: Any) -> float:
    request = journey.customer.request
    no_fault = request in NO_FAULT_REQUESTS
    visits = metrics.step_visits
    p = metrics.p_outcomes
    weights = WEIGHTS
    loss = weights.failure * math.fsum(float(p.get(k, 0.0)) for k in FAILURES)
    for step, data in graph.nodes(data=True):
        if data["type"] != "outcome":
            continue
        reached = float(visits.get(step, 0.0))
        if reached <= 0:
            continue
        kind = data["outcome"]
        if kind == "resolved" and not data["root_cause"] and not no_fault:
            loss += reached * weights.unexplained
        elif kind == "refunded" and request != "claim":
            explained = data["root_cause"]
            loss += reached * (weights.refunded_explained if explained else weights.refunded)
    return loss


def _edge_events(graph: nx.DiGraph, visits: dict[str, float], flag: str) -> float:
    """Expected traversals of the branches carrying `p_<flag>`."""
    return math.fsum(
        float(visits.get(s, 0.0)) * float(data[f"p_{flag}"])
        for s, _, data in graph.edges(data=True)
        if data.get(f"p_{flag}", 0.0) > 0
    )


def _returns(graph: nx.DiGraph, start: str, visits: dict[str, float], step: str) -> float:
    """Expected returns to a step: its visits minus the probability of ever reaching it."""
    from .exposure import hitting_probability

    entered = (
        1.0
        if step == start
        else hitting_probability(graph, start, lambda tag, _t: tag, lambda _tag, _s, t: t == step)
    )
    if entered is None:  # too large to solve: at least one visit per entry
        entered = min(1.0, float(visits.get(step, 0.0)))
    return max(0.0, float(visits.get(step, 0.0)) - entered)


def obstruction_rounds(
    graph: nx.DiGraph, start: str, visits: dict[str, float]
) -> tuple[float, float]:
    """(expected rounds of obstruction loops, expected asks repeated on those rounds).

    For each loop (graph.obstruction_loops), the rounds are the expected
    returns to its most visited step; the asks are those of its asking steps
    on their returns, which the round already counts (a round that asks
    "why?" again is one obstruction, not also a repeated entry).
    """
    from .graph import obstruction_loops

    rounds = asks = 0.0
    for members in obstruction_loops(graph, start):
        step = max(members, key=lambda m: float(visits.get(m, 0.0)))
        rounds += _returns(graph, start, visits, step)
        for member in members:
            count = len(set(graph.nodes[member]["asks"]))
            if count:
                asks += count * _returns(graph, start, visits, member)
    return rounds, asks


def _p_contacted(graph: nx.DiGraph, start: str) -> float:
    from .exposure import hitting_probability

    if graph.nodes[start]["type"] == "contact":
        return 1.0
    found = hitting_probability(
        graph,
        start,
        lambda tag, _t: tag,
        lambda _tag, _s, t: graph.nodes[t]["type"] == "contact",
    )
    return 1.0 if found is None else found


def score_experience(journey: Journey, graph: nx.DiGraph, metrics: Any) -> Score:
    """The score of a valid journey from its metrics (module docstring)."""
    from .tail import customer_minutes, elapsed_days, tail

    weights = WEIGHTS
    visits = metrics.step_visits
    start = journey.start
    contacts = float(metrics.expected_contacts)
    recontacts = max(0.0, contacts - _p_contacted(graph, start)) if contacts > 0 else 0.0
    rounds, asked_in_loops = obstruction_rounds(graph, start, visits)
    repeated = max(0.0, float(metrics.expected_repeated_entries) - asked_in_loops)
    dropped = _edge_events(graph, visits, "dropped")
    missed = _edge_events(graph, visits, "missed")
    minutes = tail(graph, start, lambda s: customer_minutes(graph, s))
    days = tail(graph, start, lambda s: elapsed_days(graph, s))
    compensation = math.fsum(
        float(visits.get(s, 0.0)) * float(d["compensation"]) for s, d in graph.nodes(data=True)
    )
    net_cost = max(0.0, float(metrics.expected_cost) - compensation)
    tail_loss = weights.tail_share * (
        weights.per_minute * max(0.0, minutes.p90 - minutes.mean)
        + weights.per_day * max(0.0, days.p90 - days.mean)
    )
    on_hold = math.fsum(
        float(visits.get(s, 0.0)) * float(d["wait"] or 0.0)
        for s, d in graph.nodes(data=True)
        if d["type"] == "queue"
    )
    active = max(0.0, minutes.mean - on_hold)
    currency = journey.currency
    raw = [
        ("outcome", "how the journey ends", _outcome_loss(journey, graph, metrics),
         1.0 - float(metrics.p_resolved), "share not resolved"),
        ("recontacts", "contacts after the first", weights.recontact * recontacts,
         recontacts, "contacts"),
        ("transfers", "transfers", weights.transfer * float(metrics.expected_transfers),
         float(metrics.expected_transfers), "transfers"),
        ("obstruction", "rounds of an agent or menu loop", weights.obstruction_round * rounds,
         rounds, "rounds"),
        ("repeated_entries", "data asked again (beyond loop rounds)",
         weights.repeated_entry * repeated, repeated, "asks"),
        ("channel_switches", "forced channel switches",
         weights.channel_switch * float(metrics.expected_channel_switches),
         float(metrics.expected_channel_switches), "switches"),
        ("dropped", "contacts the company ended", weights.dropped * dropped, dropped, "drops"),
        ("missed", "missed appointments and deadlines", weights.missed * missed, missed,
         "misses"),
        ("hold", "time on hold", weights.per_hold_minute * on_hold, on_hold, "min"),
        ("time", "the customer's active time", weights.per_minute * active, active, "min"),
        ("elapsed", "days elapsed", weights.per_day * days.mean, days.mean, "days"),
        ("money", "money paid, net of compensation", weights.per_money * net_cost, net_cost,
         currency),
        ("tail", "the unlucky tenth (P90 beyond the mean)", tail_loss,
         minutes.p90, "min at P90"),
    ]
    loss = math.fsum(item[2] for item in raw)
    if not math.isfinite(loss):
        loss = float("inf")
    value = 100.0 * (1.0 - math.exp(-loss)) if math.isfinite(loss) else 100.0
    value = min(100.0, max(0.0, round(value, 1))) + 0.0
    parts = [
        Part(
            key,
            label,
            part,
            round(value * part / loss, 1) + 0.0 if loss > 0 and math.isfinite(loss) else 0.0,
            amount,
            unit,
        )
        for key, label, part, amount, unit in raw
    ]
    parts.sort(key=lambda p: -p.loss)
    return Score(value, grade(value), tuple(parts), loss)


def _amount(part: Part) -> str:
    """A part's amount as people read it: 14 min on hold, 7% not resolved, 0.43 rounds."""
    unit = part.unit
    if unit == "share not resolved":
        return f"{part.amount * 100:.0f}% not resolved"
    if unit in ("min", "min at P90"):
        suffix = " at P90" if unit == "min at P90" else ""
        return f"{part.amount:.0f} min{suffix}"
    if unit == "days":
        return f"{part.amount:.1f} days"
    if unit.isupper() and len(unit) == 3:  # a currency
        return f"{part.amount:.2f} {unit}"
    return f"{part.amount:.2f} {unit}"


def took_the_points(score: Score, limit: int = 5) -> list[str]:
    """What took the points, largest first: `hold 13.8 (14 min)`; parts under 0.5 left out."""
    return [
        f"{part.label} {part.points:.1f} ({_amount(part)})"
        for part in score.parts[:limit]
        if part.points >= 0.5
    ]
