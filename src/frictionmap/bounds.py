"""How much work a journey's analysis will take, bounded before it starts.

Most of the analysis is linear in the steps and branches: the graph, every
rule, the absorbing chain. Two parts are not, and a small legal file could
make them take minutes and gigabytes (issue 15):

- *transfers* are counted on the product (step x last team): a team-less
  step (an IVR, a message, a delay) passes on whichever team the customer
  last dealt with, so 2,000 teams feeding one chain of 2,000 team-less steps
  make 4,000,000 states where the journey has 4,002 steps (the metrics'
  transfer and goodwill chains, the transfer rules' dataflow);
- *repeated entries* need one solve of the chain per datum that can be asked
  twice (the probability it is asked at all), and the repeated-entry rule a
  dataflow of (step x datum): 2,000 data asked around a 2,000-step loop make
  2,000 solves of a 2,000-state loop.

Both are counted here in time linear in the answer, and stopped at the
bound, so a refusal is fast too:

- (step, last team) states: at most `STATES_PER_STEP` per step, plus
  `STATES_FLOOR` (so that small journeys are never refused);
- (datum, step) pairs of the repeated-entry solves: at most
  `SOLVES_PER_STEP` data that can be asked twice, each over every step, plus
  `PAIRS_FLOOR`.

A journey past either bound is refused with a message saying which and why;
docs/format.md ("Limits") states the bound.
"""

from __future__ import annotations

from .model import Journey

#: (step, last team) states allowed per step, on top of `STATES_FLOOR`.
STATES_PER_STEP = 16
STATES_FLOOR = 10_000
#: Data that can be asked twice, per step of the journey, on top of `PAIRS_FLOOR`.
SOLVES_PER_STEP = 64
PAIRS_FLOOR = 50_000


def states_bound(steps: int) -> int:
    """The most (step, last team) states a journey of `steps` steps may have."""
    return STATES_PER_STEP * steps + STATES_FLOOR


def pairs_bound(steps: int) -> int:
    """The most (datum asked twice, step) pairs a journey of `steps` steps may have."""
    return SOLVES_PER_STEP * steps + PAIRS_FLOOR


def team_states(journey: Journey, limit: int) -> int:
    """The (step, last team on leaving it) pairs a walk can reach from the start,
    counted up to `limit + 1` (the count stops there: the work is O(limit))."""
    steps = journey.steps
    if journey.start not in steps:
        return 0

    def leaving(step_id: str, last: str | None) -> str | None:
        team = steps[step_id].team
        return team if team is not None else last

    first = (journey.start, leaving(journey.start, None))
    seen = {first}
    stack = [first]
    while stack:
        step_id, last = stack.pop()
        for branch in steps[step_id].next:
            if branch.to not in steps:
                continue
            state = (branch.to, leaving(branch.to, last))
            if state not in seen:
                seen.add(state)
                if len(seen) > limit:
                    return len(seen)
                stack.append(state)
    return len(seen)


def _on_cycle(journey: Journey) -> set[str]:
    """The steps that lie on a cycle (Tarjan's algorithm, iterative)."""
    steps = journey.steps
    successors = {s: [b.to for b in step.next if b.to in steps] for s, step in steps.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cyclic: set[str] = set()
    counter = 0
    for root in steps:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = successors[node]
            if position < len(children):
                work.append((node, position + 1))
                child = children[position]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in successors[node]:
                    cyclic.update(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return cyclic


def repeatable_data(journey: Journey) -> int:
    """How many data some walk may ask for twice: asked at two steps, twice at
    one, or at a step on a cycle (as the metrics' repeated-entry count sees it)."""
    askers: dict[str, list[str]] = {}
    for step_id, step in journey.steps.items():
        for datum in step.asks:
            askers.setdefault(datum, []).append(step_id)
    cyclic: set[str] | None = None
    count = 0
    for asking in askers.values():
        if len(asking) > 1:
            count += 1
            continue
        if cyclic is None:
            cyclic = _on_cycle(journey)
        if asking[0] in cyclic:
            count += 1
    return count


def too_complex(journey: Journey) -> str | None:
    """Why analysing `journey` would take more than near-linear time and memory, or None."""
    steps = len(journey.steps)
    limit = states_bound(steps)
    if team_states(journey, limit) > limit:
        return (
            "the journey is too intricate to analyse in bounded time: its teams reach its "
            f"team-less steps in over {limit:,} (step, last team) combinations, the limit for "
            f"{steps:,} steps ({STATES_PER_STEP} x steps + {STATES_FLOOR:,}); give a team to "
            "the team-less steps that many teams lead into, or split the journey"
        )
    data = repeatable_data(journey)
    if data * steps > pairs_bound(steps):
        return (
            f"the journey is too intricate to analyse in bounded time: {data:,} data may be "
            f"asked twice, each over {steps:,} steps, {data * steps:,} (datum, step) pairs "
            f"over the limit of {pairs_bound(steps):,} ({SOLVES_PER_STEP} x steps + "
            f"{PAIRS_FLOOR:,}); split the journey"
        )
    return None


__all__ = ["pairs_bound", "repeatable_data", "states_bound", "team_states", "too_complex"]
