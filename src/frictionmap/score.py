"""The friction score (0 = frictionless, 100 = worst), its grade A to F, and what took the points.

The score measures what the customer lives through, not how many findings a
journey has (issue 12): no finding enters it. Each walk keeps a share of the
customer's goodwill, the value of its ending times exp(-its friction), the
friction being a sum of losses (-ln of a goodwill factor: 0.128 = -ln 0.88
for a transfer, SQM) over what happens on it; and

    score = 100 x (1 - E[value x exp(-friction)] x exp(-(repeated + tail - credit)))

The expectation is exact on the chain (`walk_goodwill`); the tail and the
compensation credit apply on their exact expectations.
Every loss is per visit or per branch and linear in minutes, days and money,
hence the score is

- **exposure-weighted**: a drop met by 6% of callers costs 6% of a drop met
  by all (a finding met by 2% no longer costs what one met by everyone does);
- **invariant to how finely steps are drawn**: splitting an 18-minute queue
  into two 9-minute steps changes no walk's friction;
- **monotone**: adding a worst practice (a failure branch, a contact, a
  transfer, a paid minute, a repeated ask) never lowers it; a failed walk is
  worth 0 whatever its friction.

The walk's friction, as a loss (-ln of a goodwill factor) per event or unit
(docs/metrics.md gives the evidence for each, from docs/evidence.md):

- the ending: a failure (unresolved, abandoned, stuck, trapped) is worth 0;
  a refund 0.37, or 0.73 explained (CCMC 2015); a problem resolved without
  saying why 0.95 (CEB); a request where nothing went wrong (question,
  cancellation, purchase, change, claim) has nothing to explain;
- each contact after the first, up to three: 0.161 (Tethr 2020: 2.5x
  disloyalty, from Gartner's 9%);
- each transfer: 0.128 (SQM 2021: -12% CSAT); each round of an obstruction
  loop (an agent who asks again or refuses): 0.128, as bad as a transfer;
- each step that asks again for data already given, in an obstruction
  loop's rounds too (the round and the question asked again are two
  losses): 0.105 (HBR 2010: 56% re-explain), once per step whatever it
  asks again (being asked again is the irritation; the minutes of answering
  are the step's own); each forced channel switch: 0.105 (+10% disloyal, CEB);
- each contact the company ends: 0.236 (SQM: 25% vs 5% defection); each
  missed appointment, deadline or promise: 0.128;
- each minute waiting to be served, on hold or in a menu (IVR), 0.015
  (ING: 86% expect 30 s at most; callers abandon after 45 s; menus too
  long are a top IVR complaint, Vonage 46%), each
  minute of the customer's own activity 0.002, each day elapsed 0.006, each
  unit of money paid 0.01;
- the tail: half the hold rate on what the P90 of the minutes waiting exceeds
  their mean, half the active rate on the same for the customer's active
  minutes, and half the day rate on the same for the elapsed days, over the
  walks that end well (every branch into a step that cannot end well taken
  away, the others in proportion: a drop is costed by the walk part and never
  narrows the tail by cutting the longest walks short).

The walk-level part (ending x every event above but the tail) is exact on
the product chain step x last team x contacts so far x data given
(`walk_goodwill`); the tail and compensation (money back, at most what was
paid) apply as factors on their expectations, and so do the steps asking again
that only some walks meet when the data given would make the chain too large
(`limits.GOODWILL_DATA_STATES`):

    score = 100 x (1 - E[value x exp(-friction)] x exp(-(repeated + tail - credit)))

**Grades**: A <= 25, B <= 40, C <= 55, D <= 70, E <= 85, F above.

The breakdown (`Score.parts`) gives each component's points, score x L_k / L,
L_k its expected loss (the ending: -ln of the expected ending value): they add
up to the score (up to rounding), and say what took the points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .goodwill import FRICTION
from .rules import RULES
from .solver import limits
from .text import Figure, Words, words

if TYPE_CHECKING:
    import networkx as nx

    from .facts import StepFacts
    from .model import Journey

@dataclass(frozen=True)
class Weights:
    """Loss per event or unit (module docstring)."""

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
    tail_share: float = 0.5


WEIGHTS = Weights()

# Rules that restate metrics (`@rule(..., metric=True)`): the score counts no
# finding at all, these included; the registry keeps the fact for reports.
METRIC_RULES = frozenset(r.id for r in RULES if r.metric)

# (upper bound of the score, grade), best first; above the last bound: F.
GRADES: tuple[tuple[float, str], ...] = (
    (25.0, "A"),
    (40.0, "B"),
    (55.0, "C"),
    (70.0, "D"),
    (85.0, "E"),
)

# Recontacts that cost goodwill on one walk: having to come back is what makes
# customers disloyal (Tethr 2020, 2.5x); beyond the third, the time, money and
# days of the further contacts carry the cost.
MAX_RECONTACTS = 3

# Requests where nothing went wrong: there is no root cause to explain.
NO_FAULT_REQUESTS = frozenset({"question", "cancellation", "purchase", "change", "claim"})


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
    """-ln of the expected value of the ending (outcomes' `_ending_value`, failures 0),
    capped at the loss of a walk that fails for sure (-ln 0.01)."""
    visits = metrics.step_visits
    expected = math.fsum(
        float(visits.get(step, 0.0)) * _ending_value(journey, data)
        for step, data in graph.nodes(data="facts")
        if data.is_outcome
    )
    return min(-math.log(max(expected, 1e-300)), -math.log(0.01)) if expected < 1 else 0.0


def _edge_events(graph: nx.DiGraph, visits: dict[str, float], flag: str) -> float:
    """Expected traversals of the branches carrying `p_<flag>`."""
    return math.fsum(
        float(visits.get(s, 0.0)) * float(data[f"p_{flag}"])
        for s, _, data in graph.edges(data=True)
        if data.get(f"p_{flag}", 0.0) > 0
    )


def obstruction_rounds(graph: nx.DiGraph, start: str, visits: dict[str, float]) -> float:
    """Expected rounds of obstruction loops: for each loop
    (graph.obstruction_loops), the expected returns to its most visited step.

    A round that asks "why?" again is also a repeated entry, on purpose: the
    two are different losses, and counting a repeated ask as a round instead
    would let a question asked once more (turning a loop into an obstruction
    loop) lower the score, the round's loss being exact per walk and the
    repeated entries' an expectation (a property test found it).
    """
    from .exposure import _branches, hitting_probability, reach_probabilities
    from .graph import obstruction_loops

    loops = obstruction_loops(graph, start)
    if not loops:
        return 0.0
    # The probability of ever reaching each step: one solve per loop where there
    # are few (pure Python: `check` imports no numpy), all at once where there are
    # many (one solve per loop made a 10,000-step journey with 1,557 loops take 12
    # minutes); a step of a long leavable loop, which that pass leaves out, is
    # solved on its own.
    branches = _branches(graph)
    many = len(loops) > limits.LOOPS_SOLVED_ONE_BY_ONE
    reach = reach_probabilities(graph, start, branches) if many else {}
    rounds = 0.0
    for members in loops:
        step = max(members, key=lambda m: float(visits.get(m, 0.0)))
        visited = float(visits.get(step, 0.0))
        entered = 1.0 if step == start else reach.get(step)
        if entered is None:
            entered = hitting_probability(
                graph,
                start,
                lambda tag, _t: tag,
                lambda _tag, _s, t: t == step,  # noqa: B023 (solved at once)
                branches=branches,
            )
        if entered is None:  # too large to solve: at least one visit per entry
            entered = min(1.0, visited)
        # Its returns: its visits less the probability of ever reaching it.
        rounds += max(0.0, visited - entered)
    return rounds


def _p_contacts(graph: nx.DiGraph, start: str, count: int) -> float:
    """P(the walk makes at least `count` contacts): a hitting probability on
    (step x contacts so far)."""
    from .exposure import hitting_probability

    nodes = graph.nodes

    def enter(tag: int, target: str) -> int:
        return min(count, tag + int(nodes[target]["facts"].is_contact))

    if enter(0, start) >= count:
        return 1.0
    found = hitting_probability(
        graph,
        start,
        enter,
        lambda tag, _s, t: tag == count - 1 and nodes[t]["facts"].is_contact,
    )
    return 1.0 if found is None else found


def counted_recontacts(graph: nx.DiGraph, start: str, contacts: float) -> float:
    """E[min(contacts - 1, MAX_RECONTACTS)+] = sum over k of P(at least k + 1 contacts)."""
    if contacts <= 0:
        return 0.0
    return math.fsum(_p_contacts(graph, start, k + 1) for k in range(1, MAX_RECONTACTS + 1))


def _ending_value(journey: Journey, data: StepFacts) -> float:
    """What an outcome is worth to the customer (1 best), -loss of `_outcome_loss`."""
    weights = WEIGHTS
    kind = data.outcome
    request = journey.customer.request
    if kind == "resolved":
        if data.root_cause or request in NO_FAULT_REQUESTS:
            return 1.0
        return math.exp(-weights.unexplained)
    if kind == "refunded":
        if request == "claim":
            return 1.0
        return math.exp(-(weights.refunded_explained if data.root_cause else weights.refunded))
    return 0.0


def sure_repeats(graph: nx.DiGraph, start: str) -> frozenset[tuple[str, str]]:
    """Branches (u, t) outside obstruction loops on which t surely asks again: t
    asks for a datum that every walk has given by the time it leaves u (a must-
    dataflow: intersection over predecessors). Counted per walk, exactly."""
    from .graph import obstruction_loops, reachable

    reach = reachable(graph, [start])
    looped = {m for members in obstruction_loops(graph, start) for m in members}
    data = sorted({d for s in reach for d in graph.nodes[s]["facts"].asks})
    bit = {d: 1 << i for i, d in enumerate(data)}
    full = (1 << len(data)) - 1

    def mask(step: str) -> int:
        out = 0
        for d in graph.nodes[step]["facts"].asks:
            out |= bit[d]
        return out

    asks = {s: mask(s) for s in reach}
    must_in = {s: (0 if s == start else full) for s in reach}
    changed = True
    while changed:  # decreasing intersections: at most (data x steps) rounds of change
        changed = False
        for step in reach:
            if step == start:
                continue
            value = full
            for pred in graph.predecessors(step):
                if pred in reach:
                    value &= must_in[pred] | asks[pred]
            if value != must_in[step]:
                must_in[step] = value
                changed = True
    return frozenset(
        (source, target)
        for source in reach
        for target in graph.successors(source)
        if target in reach
        and target not in looped
        and (must_in[source] | asks[source]) & asks[target]
    )


def walk_goodwill(journey: Journey, graph: nx.DiGraph) -> tuple[float, bool]:
    """(E[value of the ending x exp(-friction of the walk)], whether it holds every
    repeated entry), exact on (step x last team x contacted x data given): a
    discounted chain (solver.blocks.expected_visits with sub-stochastic rows).

    Each step that asks again weighs on its walk, exactly; where the data given
    would make more than `limits.GOODWILL_DATA_STATES` states, the chain drops
    them and holds only the repeats every walk makes (`sure_repeats`): the
    caller weighs the rest on their expectation.

    Per visit of a step: its waiting and active minutes, elapsed days and money;
    per branch: a drop, a missed appointment, a forced channel switch, a round
    of an obstruction loop (a branch from inside the loop into its most
    visited step); per transition into a team: a transfer; into a second
    contact: a recontact; into a step that asks for data already given: one
    ask again. A failed walk is worth 0 whatever its friction, so that
    diverting walks to a failure never raises the goodwill.
    """
    from .exposure import _branches

    weights = WEIGHTS
    nodes: dict[str, StepFacts] = dict(graph.nodes(data="facts"))
    branches = _branches(graph)

    def step_loss(step: str) -> float:
        node = nodes[step]
        minutes = node.customer_minutes
        hold = node.waiting_minutes
        return (
            weights.per_hold_minute * hold
            + weights.per_minute * max(0.0, minutes - hold)
            + weights.per_day * node.elapsed_hours / 24.0
            + weights.per_money * node.customer_cost
        )

    step_factor = {s: math.exp(-min(step_loss(s), 700.0)) for s in graph}
    data = sorted({d for s in graph for d in nodes[s].asks})
    bit = {d: 1 << i for i, d in enumerate(data)}
    asked = {s: sum(bit[d] for d in set(nodes[s].asks)) for s in graph}
    found = _walk_goodwill(journey, graph, nodes, branches, step_factor, asked, frozenset())
    if found is not None:
        return found, True
    no_data = dict.fromkeys(graph, 0)
    repeats = sure_repeats(graph, journey.start)
    value = _walk_goodwill(journey, graph, nodes, branches, step_factor, no_data, repeats)
    return (0.0 if value is None else value), False


def _walk_goodwill(
    journey: Journey,
    graph: nx.DiGraph,
    nodes: dict[str, StepFacts],
    branches: dict[str, list[tuple[str, float]]],
    step_factor: dict[str, float],
    asked: dict[str, int],
    repeats: frozenset[tuple[str, str]],
) -> float | None:
    """`walk_goodwill` with the data given as a bit mask of `asked` (all 0: no
    data tag, `repeats` per branch instead); None past the state limit."""
    from .graph import is_channel_switch, obstruction_loops
    from .solver.blocks import SingularChain, expected_visits, reaching

    weights = WEIGHTS
    rounds: set[tuple[str, str]] = set()
    for members in obstruction_loops(graph, journey.start):
        inside = set(members)
        # The loop's entry point in reading order stands for "one more round".
        head = members[0]
        rounds |= {(s, head) for s in graph.predecessors(head) if s in inside}

    def branch_factor(source: str, target: str) -> float:
        data = graph.edges[source, target]
        p = float(data["p"])
        plain = max(0.0, p - float(data["p_dropped"]) - float(data["p_missed"]))
        share = (
            plain
            + float(data["p_dropped"]) * math.exp(-weights.dropped)
            + float(data["p_missed"]) * math.exp(-weights.missed)
        ) / p if p > 0 else 1.0
        target_node, source_node = nodes[target], nodes[source]
        if is_channel_switch(source_node.channel_kind, target_node):
            share *= math.exp(-weights.channel_switch)
        if (source, target) in rounds:
            share *= math.exp(-weights.obstruction_round)
        if (source, target) in repeats:
            share *= asks_again
        return min(1.0, share)

    transfer = math.exp(-weights.transfer)
    recontact = math.exp(-weights.recontact)
    asks_again = math.exp(-weights.repeated_entry)

    def enter(
        tag: tuple[str | None, int, int], target: str
    ) -> tuple[tuple[str | None, int, int], float]:
        last, contacted, given = tag
        node = nodes[target]
        again = asked[target] & given
        factor = asks_again if again else 1.0
        given |= asked[target]
        team = node.transfer_team
        if node.own_choice:
            last = None
        if team is not None:
            if last is not None and last != team:
                factor *= transfer
            last = team
        if node.is_contact:
            if 0 < contacted <= MAX_RECONTACTS:
                factor *= recontact
            contacted = min(contacted + 1, MAX_RECONTACTS + 1)
        return (last, contacted, given), factor

    start = journey.start
    first_tag, first_factor = enter((None, 0, 0), start)
    limit = limits.GOODWILL_DATA_STATES if any(asked.values()) else None
    origin = (start, first_tag)
    moves: dict[Any, list[tuple[Any, float]]] = {}
    stack = [origin]
    seen = {origin}
    while stack:
        state = stack.pop()
        step, tag = state
        out = []
        for target, p in branches[step]:
            after, factor = enter(tag, target)
            weight = p * factor * branch_factor(step, target) * step_factor[target]
            key = (target, after)
            if weight > 0:
                out.append((key, weight))
                if key not in seen:
                    seen.add(key)
                    stack.append(key)
                    if limit is not None and len(seen) > limit:
                        return None
        moves[state] = out
    value = {
        state: _ending_value(journey, nodes[state[0]])
        for state in moves
        if nodes[state[0]].is_outcome
    }
    if not any(value.values()):
        return 0.0
    # Only states that can still end well matter; cutting the others keeps the solve regular.
    alive = reaching(moves, (s for s, v in value.items() if v > 0))
    if origin not in alive:
        return 0.0
    transitions = {
        s: [(k, w) for k, w in out if k in alive] for s, out in moves.items() if s in alive
    }
    try:
        visits = expected_visits(transitions, origin)
    except SingularChain:
        return 0.0
    total = math.fsum(visits.get(s, 0.0) * v for s, v in value.items())
    return min(1.0, max(0.0, first_factor * step_factor[start] * total))


def _tail_loss(journey: Journey, graph: nx.DiGraph, weights: Weights) -> tuple[float, float]:
    """The tail's loss T and the P90 of the customer's minutes (module docstring)."""
    from .graph import reaching
    from .tail import tail

    start = journey.start
    # The walks that end well: every branch into a step that cannot end well is
    # taken away, the others in proportion. A failed walk is worth 0 already, and
    # a drop must never narrow the tail by cutting the longest walks short.
    hopeful = reaching(
        graph,
        [s for s, f in graph.nodes(data="facts") if f.is_outcome and _ending_value(journey, f) > 0],
    )
    if start not in hopeful:
        return 0.0, 0.0
    facts: dict[str, StepFacts] = dict(graph.nodes(data="facts"))

    def spread(reward: Any) -> tuple[float, float]:
        found = tail(graph, start, reward, keep=hopeful)
        return max(0.0, found.p90 - found.mean), found.p90

    # Hold and active minutes each have their own tail, priced at their own rate
    # (one rate from the journey's mix of the two would let active minutes added
    # anywhere cheapen the tail of the hold minutes).
    waiting, _ = spread(lambda s: facts[s].waiting_minutes)
    busy, _ = spread(lambda s: facts[s].customer_minutes - facts[s].waiting_minutes)
    days, _ = spread(lambda s: facts[s].elapsed_hours / 24.0)
    _, minutes_p90 = spread(lambda s: facts[s].customer_minutes)
    tail_loss = weights.tail_share * (
        weights.per_hold_minute * waiting + weights.per_minute * busy + weights.per_day * days
    )
    return tail_loss, minutes_p90


def score_experience(journey: Journey, graph: nx.DiGraph, metrics: Any) -> Score:
    """The score of a valid journey from its metrics (module docstring)."""
    weights = WEIGHTS
    visits = metrics.step_visits
    start = journey.start
    contacts = float(metrics.expected_contacts)
    recontacts = counted_recontacts(graph, start, contacts)
    rounds = obstruction_rounds(graph, start, visits)
    repeated = float(metrics.expected_asks_again)
    dropped = _edge_events(graph, visits, "dropped")
    missed = _edge_events(graph, visits, "missed")
    tail_loss, minutes_p90 = _tail_loss(journey, graph, weights)
    mean_minutes = float(metrics.expected_minutes)
    mean_days = float(metrics.expected_hours) / 24.0
    compensation = math.fsum(
        float(visits.get(s, 0.0)) * d.compensation for s, d in graph.nodes(data="facts")
    )
    net_cost = max(0.0, float(metrics.expected_cost) - compensation)
    waiting = math.fsum(
        float(visits.get(s, 0.0)) * d.waiting_minutes for s, d in graph.nodes(data="facts")
    )
    active = max(0.0, mean_minutes - waiting)
    currency = journey.currency
    raw = [
        ("outcome", "how the journey ends", _outcome_loss(journey, graph, metrics),
         1.0 - float(metrics.p_resolved), "share not resolved"),
        ("recontacts", "contacts after the first (up to 3)", weights.recontact * recontacts,
         recontacts, "contacts"),
        ("transfers", "transfers", weights.transfer * float(metrics.expected_transfers),
         float(metrics.expected_transfers), "transfers"),
        ("obstruction", "rounds of an agent or menu loop", weights.obstruction_round * rounds,
         rounds, "rounds"),
        ("repeated_entries", "data asked again",
         weights.repeated_entry * repeated, repeated, "asks"),
        ("channel_switches", "forced channel switches",
         weights.channel_switch * float(metrics.expected_channel_switches),
         float(metrics.expected_channel_switches), "switches"),
        ("dropped", "contacts the company ended", weights.dropped * dropped, dropped, "drops"),
        ("missed", "missed appointments and deadlines", weights.missed * missed, missed,
         "misses"),
        ("hold", "time on hold or in menus", weights.per_hold_minute * waiting, waiting, "min"),
        ("time", "the customer's active time", weights.per_minute * active, active, "min"),
        ("elapsed", "days elapsed", weights.per_day * mean_days, mean_days, "days"),
        ("money", "money paid, net of compensation", weights.per_money * net_cost, net_cost,
         currency),
        ("tail", "the unlucky tenth (P90 beyond the mean)", tail_loss,
         minutes_p90, "min at P90"),
    ]
    # The score: the walks' goodwill (each walk's ending x its own friction),
    # times the factors only known in expectation (repeated entries, the tail),
    # less the compensation paid (money back, at most what the customer paid).
    credit = weights.per_money * min(compensation, float(metrics.expected_cost))
    walks, every_repeat = walk_goodwill(journey, graph)
    maybe = 0.0
    if not every_repeat:  # too many data to follow: the repeats some walks make, in expectation
        surely = math.fsum(
            float(visits.get(u, 0.0)) * float(graph.edges[u, t]["p"])
            for u, t in sure_repeats(graph, start)
        )
        maybe = max(0.0, repeated - surely)
    global_loss = weights.repeated_entry * maybe + tail_loss - credit
    goodwill = walks * math.exp(-global_loss)
    goodwill = min(1.0, max(0.0, goodwill))
    value = min(100.0, max(0.0, round(100.0 * (1.0 - goodwill), 1))) + 0.0
    # The breakdown shares the points in proportion to each part's expected loss.
    loss = math.fsum(item[2] for item in raw)
    if not math.isfinite(loss):
        loss = float("inf")
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


def _amount(part: Part) -> Figure | Words:
    """A part's amount as people read it: 14 min on hold, 7% not resolved, 0.43 rounds."""
    unit = part.unit
    if unit == "share not resolved":
        return words("{share} not resolved", share=Figure(f"{part.amount * 100:.0f}%"))
    if unit == "min":
        return Figure(f"{part.amount:.0f} min")
    if unit == "min at P90":
        return words("{minutes} at P90", minutes=Figure(f"{part.amount:.0f} min"))
    if unit == "days":
        return Figure(f"{part.amount:.1f} days")
    if unit.isupper() and len(unit) == 3:  # a currency
        return Figure(f"{part.amount:.2f} {unit}")
    return words("{n} " + unit, n=Figure(f"{part.amount:.2f}"))


def took_the_points(score: Score, limit: int = 5) -> list[Words]:
    """What took the points, largest first: `hold 13.8 (14 min)`; parts under 0.5 left out."""
    return [
        words(
            "{part} {points} ({amount})",
            part=words(part.label),
            points=Figure(f"{part.points:.1f}"),
            amount=_amount(part),
        )
        for part in score.parts[:limit]
        if part.points >= 0.5
    ]
