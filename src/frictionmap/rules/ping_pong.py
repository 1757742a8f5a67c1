"""The customer is transferred away from a team and later comes back to it.

## Why it hurts

A return to a team that already had the customer means nobody owns the case:
each transfer already costs 12% of top-box satisfaction and 14% of
first-contact resolution (SQM, "Call Transfer and Hold Performance Impact on
Csat and FCR", 2021), 59% of customers report being transferred (HBR 2010) and
transfers are one of CEB's drivers of disloyalty (*The Effortless Experience*,
2013). In the Office case (seed 000) technical support sends the customer to
commercial support, which sends her back to technical support after about two
hours of calls.

A transfer is a change of team between two team-owned steps with only
team-less steps between them (FORMAT.md), so a new contact in between does not
hide it. The finding stands at the step where some walk comes back into the
team it left.

## Example

```yaml
  tech_agent: {type: agent, team: tech, next: call_sales}
  call_sales: {type: contact, channel: phone, next: sales_agent}
  sales_agent: {type: agent, team: sales, next: [done, call_tech]}
  call_tech: {type: contact, channel: phone, next: tech_agent}
```

Use instead:

```yaml
  tech_agent: {type: agent, team: tech, next: [done, sales_expert]}
  sales_expert:
    type: agent
    team: sales
    label: Sales expert joins the call and solves the key reset
    next: done
```

## Options

None.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from heapq import heappop, heappush

from ..findings import Hit
from ..text import listed, words
from .base import Context, NoOptions, rule


def _reverse_postorder(start: str, successors: dict[str, list[str]]) -> dict[str, int]:
    """Each reachable step's rank in reverse postorder of a depth-first search.

    Visiting steps in this order, a dataflow crosses every loop-free stretch
    of the graph once instead of once per bit.
    """
    finished: list[str] = []
    seen = {start}
    work = [(start, iter(successors[start]))]
    while work:
        step, targets = work[-1]
        for target in targets:
            if target not in seen:
                seen.add(target)
                work.append((target, iter(successors[target])))
                break
        else:
            work.pop()
            finished.append(step)
    return {step: rank for rank, step in enumerate(reversed(finished))}


def _propagate(
    successors: dict[str, list[str]], rank: dict[str, int], value: dict[str, int], passes: set[str]
) -> dict[str, int]:
    """Forward may-dataflow of bitsets: each step ORs in its predecessors' values.

    Only steps in `passes` take in what reaches them (the others keep their own
    value). The worklist pops steps in reverse postorder (`rank`), so loop-free
    parts are done in one sweep; every bit flips at most once per step, so the
    work stays within O(bits x edges) bit operations whatever the loops.
    """
    into = {s: 0 for s in successors}
    by_rank = sorted(successors, key=rank.__getitem__)
    heap = [rank[s] for s in by_rank if value[s]]
    queued = set(heap)
    while heap:
        step = by_rank[heappop(heap)]
        queued.discard(rank[step])
        out = value[step]
        for succ in successors[step]:
            if out & ~into[succ]:
                into[succ] |= out
                if succ in passes and into[succ] & ~value[succ]:
                    value[succ] |= into[succ]
                    if rank[succ] not in queued:
                        heappush(heap, rank[succ])
                        queued.add(rank[succ])
    return into


def returns(ctx: Context) -> dict[str, tuple[str, list[str]]]:
    """Team-owned steps where some walk comes back into the step's team A after leaving it.

    Maps each to (A, the teams the customer was last with before coming back).
    This is reachability in the product graph step x phase ("last team A" or
    "left A, last with B"; team-less steps keep the phase), for every A at
    once: a walk x (team A) ... y (team B != A) ... u -> v (team A), with only
    team-less steps between y and u, exists exactly when some A step reaches
    y and y is a last team-owned step before u. So two bitset dataflows:
    `before[y]`, the teams of the steps reaching y; and for every step u, the
    pairs (B, A) such that a last team-owned step y before u is B's and has A
    in `before[y]`.
    """
    reach = ctx.reachable
    successors = {
        s: [t for t in targets if t in reach] for s, targets in ctx.graph.adjacency() if s in reach
    }
    # Back-office teams are no team to the customer; a contact the customer chose
    # to make (their own bank, the press) starts afresh (issue 12).
    team_of: dict[str, str | None] = {s: ctx.facts(s).transfer_team for s in successors}
    fresh = {s for s in successors if ctx.facts(s).own_choice}
    teams = sorted({t for t in team_of.values() if t is not None})
    number = {t: i for i, t in enumerate(teams)}
    own = {s: (1 << number[t]) if t is not None else 0 for s, t in team_of.items()}
    # Teams of the steps that reach each step in one step or more.
    rank = _reverse_postorder(ctx.start, successors)
    before = _propagate(successors, rank, dict(own), set(successors) - fresh)
    # One bit per pair (A, B) that occurs: the customer was last with team B,
    # having been with A. Only pairs some step can carry are numbered (few in
    # a journey of many teams in separate departments, not teams squared), in
    # (A, B) order, so that a step of team A reads its B's as one block of bits.
    # step of team B -> (B, the teams A it may carry back to)
    owed = {
        step: (number[team], _bits(before[step] & ~(1 << number[team])))
        for step, team in team_of.items()
        if team is not None
    }
    count = len(teams)
    occurring = sorted({a * count + b for b, teams_a in owed.values() for a in teams_a})
    index = {pair: i for i, pair in enumerate(occurring)}
    first: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    for i, pair in enumerate(occurring):
        a, b = divmod(pair, count)
        first.setdefault(a, i)
        members.setdefault(a, []).append(b)
    pairs = {step: 0 for step in team_of}
    for step, (b, teams_a) in owed.items():
        pairs[step] = _from_bits(index[a * count + b] for a in teams_a)
    teamless = {s for s, t in team_of.items() if t is None} - fresh
    arriving = _propagate(successors, rank, pairs, teamless)
    found: dict[str, tuple[str, list[str]]] = {}
    for step, team in team_of.items():
        if team is None or number[team] not in members:
            continue
        a = number[team]
        block = arriving[step] >> first[a] & ((1 << len(members[a])) - 1)
        away = [teams[members[a][i]] for i in _bits(block)]
        if away:
            found[step] = (team, away)
    return found


def _from_bits(positions: Iterable[int]) -> int:
    """The integer whose set bits are `positions` (in linear time, unlike ORing shifts)."""
    ordered = sorted(positions)
    if not ordered:
        return 0
    buffer = bytearray(ordered[-1] // 8 + 1)
    for position in ordered:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def _bits(value: int) -> list[int]:
    """The positions of the set bits of `value`, lowest first."""
    positions = []
    while value:
        low = value & -value
        positions.append(low.bit_length() - 1)
        value ^= low
    return positions


@rule(
    "ping-pong",
    severity="warning",
    family="ownership",
    harm=4,  # evidence.md section 8: PING_PONG 4
    advice=(
        "Give the issue one owner who brings in the other team (warm transfer), instead "
        "of sending the customer back."
    ),
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    found = returns(ctx)
    for step in ctx.in_reading_order(set(found)):
        team_a, others = found[step]
        yield Hit(
            step,
            words(
                "at {step} the customer comes back to {team} after a transfer away from it "
                "(last with {away}): nobody owns the case",
                step=ctx.quoted(step),
                team=_team_name(ctx, team_a),
                away=listed((_team_name(ctx, t) for t in others), " or "),
            ),
            evidence={"team": team_a, "away_teams": others},
        )


def _team_name(ctx: Context, team: str) -> str:
    spec = ctx.journey.teams.get(team)
    return f"'{spec.name}'" if spec is not None and spec.name else f"'{team}'"
