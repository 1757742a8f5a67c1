"""A step asks the customer for data they were already asked for earlier on the same walk.

## Why it hurts

Repeating information is one of CEB's drivers of disloyalty (*The Effortless
Experience*, 2013; Gartner 2019 lists "repetition of information" among its
effort indicators), and 56% of the more than 75,000 customers surveyed for
"Stop Trying to Delight Your Customers" (HBR 2010) had to re-explain their
issue. 61% of callers are dissatisfied at repeating to an agent what they
keyed into the IVR, 58.85% at repeating it after a transfer (Redwood survey),
and warm transfers, where nothing is asked again, score significantly better
than cold ones (SQM, 2021).
In the UPS case (seed 004) the voice server makes the customer spell an
18-character tracking number and a 9-digit notice number, then the agent asks
for both again; in the Office case (seed 000) commercial support redoes
everything technical support already asked.

A datum counts as repeated at a step when some walk from `start` asks for it
at an earlier step (or at the same step on an earlier pass through a loop).
Data asked on mutually exclusive branches is not repeated. The finding
stands at the second ask, never the first: an IVR, bot or self-service step
that asks at the start of a new contact identifies the caller, so only what
was given since that contact counts there (the agent who then asks again is
the one reported; the repeated call itself is `repeat-contact`'s).

## Example

```yaml
  ivr_tracking:
    type: ivr
    asks: [tracking_number]
    next: agent
  agent:
    type: agent
    asks: [tracking_number]
    next: done
```

Use instead:

```yaml
  ivr_tracking:
    type: ivr
    asks: [tracking_number]
    next: agent
  agent:
    type: agent
    label: Agent sees the tracking number the IVR took
    next: done
```

## Options

None.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from ..findings import Hit
from ..step_types import MACHINE
from ..text import Field, listed, words
from .base import Context, NoOptions, rule

# How many earlier askers a finding names; where more exist the message says so.
MAX_NAMED = 5

# A capped set of steps: the (up to MAX_NAMED) first in reading order, and
# whether more exist. Joining two keeps the first of their union, which is
# exactly the first of the union of the full sets: the abstraction is exact.
Capped = tuple[tuple[int, ...], bool]
EMPTY: Capped = ((), False)


def _join(a: Capped, b: Capped) -> Capped:
    if not b[0] or a == b:
        return a
    if not a[0]:
        return b
    merged = sorted(set(a[0]) | set(b[0]))
    return tuple(merged[:MAX_NAMED]), a[1] or b[1] or len(merged) > MAX_NAMED


@dataclass
class _Components:
    """The reachable steps' strongly connected components, in topological order.

    `members[c]` are the steps of component c, `preds[c]` the components with
    an edge into c, `cyclic[c]` whether c holds a loop (then every member
    reaches every member, itself included, in one step or more).
    """

    members: list[list[str]]
    preds: list[list[int]]
    cyclic: list[bool]
    of: dict[str, int]


def _components(ctx: Context) -> _Components:
    """The reachable steps' strongly connected components, in topological order.

    A component is either wholly reachable or not, so networkx's (linear)
    components of the whole graph are filtered; Kahn's algorithm then orders
    them. Plain lists, not graph views: this runs on 100k steps.
    """
    reach = ctx.reachable
    position = {s: i for i, s in enumerate(ctx.journey.steps)}
    found = [
        sorted(c, key=position.__getitem__)
        for c in nx.strongly_connected_components(ctx.graph)
        if next(iter(c)) in reach
    ]
    found.sort(key=lambda c: position[c[0]])
    component_of = {s: i for i, group in enumerate(found) for s in group}
    preds_of: list[set[int]] = [set() for _ in found]
    cyclic_of = [len(group) > 1 for group in found]
    for source, targets in ctx.graph.adjacency():
        if source not in component_of:
            continue
        for target in targets:
            a, b = component_of[source], component_of[target]
            if a != b:
                preds_of[b].add(a)
            elif source == target:
                cyclic_of[a] = True
    # Kahn's algorithm, in reading order where there is a choice.
    succs_of: list[list[int]] = [[] for _ in found]
    waiting = [len(p) for p in preds_of]
    for b, sources in enumerate(preds_of):
        for a in sources:
            succs_of[a].append(b)
    ready = deque(c for c in range(len(found)) if not waiting[c])
    order: list[int] = []
    while ready:
        c = ready.popleft()
        order.append(c)
        for d in sorted(succs_of[c]):
            waiting[d] -= 1
            if not waiting[d]:
                ready.append(d)
    rank = {c: i for i, c in enumerate(order)}
    members = [found[c] for c in order]
    preds = [sorted(rank[p] for p in preds_of[c]) for c in order]
    cyclic = [cyclic_of[c] for c in order]
    of = {s: i for i, group in enumerate(members) for s in group}
    return _Components(members, preds, cyclic, of)


def _asked_before(comps: _Components, gen: dict[str, int]) -> tuple[list[int], list[int]]:
    """For every component, the data (bitsets) asked before it, and up to its end.

    A forward may-dataflow: in[s] = union of out[p] over predecessors p,
    out[s] = in[s] | asks[s]. Solved exactly in one pass over the components
    in topological order: inside a loop every member's asks reach every
    member, so a component's `in` also holds all its own asks. O(data x edges).
    """
    asked_in: list[int] = []
    asked_out: list[int] = []
    for c, group in enumerate(comps.members):
        own = 0
        for step in group:
            own |= gen[step]
        incoming = 0
        for p in comps.preds[c]:
            incoming |= asked_out[p]
        if comps.cyclic[c]:
            incoming |= own
        asked_in.append(incoming)
        asked_out.append(incoming | own)
    return asked_in, asked_out


def _earlier_askers(
    comps: _Components, askers: list[str], order: dict[str, int], relevant: list[bool]
) -> list[Capped]:
    """For every component, the first askers of one datum that reach it in >= 1 step.

    The same pass as `_asked_before`, on capped sets of askers (reading order);
    components no asker of the datum reaches (`relevant` false) stay empty.
    """
    own: dict[int, list[int]] = {}
    for step in askers:
        own.setdefault(comps.of[step], []).append(order[step])
    into: list[Capped] = []
    out: list[Capped] = []
    for c in range(len(comps.members)):
        if not relevant[c]:
            into.append(EMPTY)
            out.append(EMPTY)
            continue
        mine = sorted(own.get(c, ()))
        here: Capped = (tuple(mine[:MAX_NAMED]), len(mine) > MAX_NAMED)
        incoming = EMPTY
        for p in comps.preds[c]:
            incoming = _join(incoming, out[p])
        if comps.cyclic[c]:
            incoming = _join(incoming, here)
        into.append(incoming)
        out.append(_join(incoming, here))
    return into


@rule(
    "repeated-entry",
    severity="warning",
    family="effort",
    harm=3,  # evidence.md section 8: REPEATED_DATA_ENTRY 3
    advice=(
        "Pass on what the customer already gave (IVR to agent, team to team): ask once, "
        "confirm after."
    ),
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    data_ids = sorted(ctx.journey.data)
    bit = {d: 1 << i for i, d in enumerate(data_ids)}
    gen = {s: _mask(ctx.facts(s).asks, bit) for s in ctx.reachable}
    if not any(gen.values()):
        return
    comps = _components(ctx)
    asked_in, asked_out = _asked_before(comps, gen)
    since = _asked_since_contact(ctx, gen)

    def again(step: str) -> int:
        # An automated step asking at the start of a new contact identifies the
        # caller: only what was given since that contact counts as asked again.
        automated = ctx.facts(step).type in MACHINE
        before = since[step] if automated else asked_in[comps.of[step]]
        return gen[step] & before

    repeated = {s: again(s) for s in gen if again(s)}
    if not repeated:
        return
    steps = list(ctx.journey.steps)
    order = {s: i for i, s in enumerate(steps)}
    # datum -> component -> capped earlier askers, only for data repeated somewhere.
    before: dict[str, list[Capped]] = {}
    askers: dict[str, list[str]] = {}
    for step in ctx.in_reading_order(set(gen)):
        for datum in dict.fromkeys(ctx.facts(step).asks):
            askers.setdefault(datum, []).append(step)
    repeated_any = 0
    for mask in repeated.values():
        repeated_any |= mask
    for datum in data_ids:
        if repeated_any & bit[datum]:
            relevant = [bool(m & bit[datum]) for m in asked_out]
            before[datum] = _earlier_askers(comps, askers[datum], order, relevant)
    for step in ctx.in_reading_order(set(repeated)):
        # In the order the step asks for them, as the consultant reads the file.
        asked = dict.fromkeys(ctx.facts(step).asks)
        data = [d for d in asked if d in bit and repeated[step] & bit[d]]
        yield _hit(ctx, step, {d: before[d][comps.of[step]] for d in data}, steps)



def _asked_since_contact(ctx: Context, gen: dict[str, int]) -> dict[str, int]:
    """For every reachable step, the data asked before it since the last contact.

    A forward may-dataflow fixpoint on bitsets: a contact step passes on only
    what it asks itself; any other step what reaches it and what it asks.
    """
    successors = {s: [t for t in ctx.graph.successors(s) if t in gen] for s in gen}
    into = {s: 0 for s in gen}
    out = {s: gen[s] for s in gen}
    queue = deque(ctx.in_reading_order(set(gen)))
    queued = set(queue)
    while queue:
        step = queue.popleft()
        queued.discard(step)
        value = out[step]
        for succ in successors[step]:
            if value & ~into[succ]:
                into[succ] |= value
                contact = ctx.facts(succ).is_contact
                passed = gen[succ] if contact else into[succ] | gen[succ]
                if passed != out[succ]:
                    out[succ] = passed
                    if succ not in queued:
                        queue.append(succ)
                        queued.add(succ)
    return into


def _mask(asks: tuple[str, ...], bit: dict[str, int]) -> int:
    mask = 0
    for datum in asks:
        mask |= bit.get(datum, 0)
    return mask


def _hit(ctx: Context, step: str, before: dict[str, Capped], steps: list[str]) -> Hit:
    """One finding at `step`, naming every datum it asks again and where it was asked."""
    data = list(before)
    asked_before: dict[str, list[str]] = {}
    # Data asked before at the same places are named together.
    groups: dict[Capped, list[str]] = {}
    for datum in data:
        capped = before[datum]
        asked_before[datum] = [steps[i] for i in capped[0]]
        groups.setdefault(capped, []).append(datum)
    parts = []
    for (indices, more), group in groups.items():
        earlier = [steps[i] for i in indices]
        places: list[Field] = [ctx.quoted(e) for e in earlier if e != step]
        if step in earlier:
            places.append(words("this same step on an earlier pass"))
        if more:
            places.append(words("other steps"))
        what = listed((words("the {datum}", datum=_label(ctx, d)) for d in group), " and ")
        where = (
            places[0]
            if len(places) == 1
            else listed([listed(places[:-1], ", "), places[-1]], " and ")
        )
        parts.append(words("{what}, already given at {where}", what=what, where=where))
    involved = {e for earlier in asked_before.values() for e in earlier if e != step}
    return Hit(
        step,
        words(
            "{step} asks again for {data}", step=ctx.quoted(step), data=listed(parts, "; and for ")
        ),
        steps=tuple(ctx.in_reading_order(involved)),
        evidence={
            "data": data,
            "asked_before": asked_before,
            "more_askers": any(more for _, more in groups),
        },
    )


def _label(ctx: Context, datum: str) -> str:
    """A datum's label as it reads inside a sentence ("the account e-mail")."""
    spec = ctx.journey.data.get(datum)
    label = spec.label if spec is not None and spec.label else datum
    first = label.split(" ", 1)[0]
    return label if first.isupper() and len(first) > 1 else label[:1].lower() + label[1:]
