"""A hard-won resolution is closed without telling the customer the root cause.

## Why it hurts

After a transfer, a loop or a second contact the customer has every reason
to fear the problem will come back. Explaining what went wrong and that it is
fixed addresses the "feel" side of effort, about two thirds of it (*The
Effortless Experience*, 2013), and adding an explanation or apology to a remedy
nearly doubled complainant satisfaction, from 37% to 73% (CCMC Rage Study
2015). About half of repeat contacts come from adjacent or downstream issues
nobody explained (CEB, via Challenger). In the ISP case (seed 001) the line
finally works after 11 days with a vague "the modem had lost its settings";
the good counter-example (seed 001, case 2) ends with an expert e-mail saying
where the problem came from and why it cannot happen again.

The finding stands at a `resolved` outcome without `root_cause: true` that
some walk reaches after a transfer (FORMAT.md), after a step in a loop, or
after a second contact (a second visit of a `contact` step); the message says
which. It never stands where nothing went wrong: a journey whose
`customer.request` is a `question`, a `cancellation`, a `purchase`, a
`change` or a `claim` has no cause to explain.

## Example

```yaml
  agent: {type: agent, team: tier2, next: fixed}
  fixed: {type: outcome, outcome: resolved}
```

Use instead:

```yaml
  fixed:
    type: outcome
    outcome: resolved
    label: Fixed; the expert explains the cause and why it cannot happen again
    root_cause: true
```

## Options

None.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

import networkx as nx

from ..findings import Hit
from ..graph import outcomes, reachable
from ..text import Field, Words, listed, words
from .base import Context, NoOptions, rule


def _after_transfer(ctx: Context) -> set[str]:
    """Steps some walk reaches after a transfer: everything after an into-step."""
    return reachable(ctx.graph, {into for _, into, _, _ in ctx.transfers})


def _after_loop(ctx: Context) -> set[str]:
    """Steps some walk reaches after (or at) a reachable step that lies on a cycle."""
    cyclic: set[str] = set()
    # A component is wholly reachable or not: no need for a (slow) subgraph view.
    for component in nx.strongly_connected_components(ctx.graph):
        if next(iter(component)) not in ctx.reachable:
            continue
        if len(component) > 1:
            cyclic |= component
        else:
            (only,) = component
            if ctx.graph.has_edge(only, only):
                cyclic.add(only)
    return reachable(ctx.graph, cyclic)


def _after_second_contact(ctx: Context) -> set[str]:
    """Steps some walk reaches having made two contacts or more.

    BFS over the product graph step x contacts so far (capped at 2).
    """
    successors = {s: list(targets) for s, targets in ctx.graph.adjacency()}
    is_contact = {s: ctx.facts(s).is_contact for s in successors}

    def count(step: str, before: int) -> int:
        return min(2, before + 1) if is_contact[step] else before

    first = (ctx.start, count(ctx.start, 0))
    seen = {first}
    queue = deque([first])
    while queue:
        step, contacts = queue.popleft()
        for succ in successors[step]:
            state = (succ, count(succ, contacts))
            if state not in seen:
                seen.add(state)
                queue.append(state)
    return {step for step, contacts in seen if contacts == 2}


# Requests where nothing went wrong: there is no root cause to explain.
NO_FAULT = frozenset({"question", "cancellation", "purchase", "change", "claim"})


@rule(
    "closure-without-cause",
    severity="note",
    family="closure",
    harm=3,  # evidence.md section 8: SYMPTOM_ONLY_CLOSURE 3
    advice=(
        "Close with the cause: tell the customer what went wrong and that it is fixed "
        "(then mark the outcome `root_cause: true`)."
    ),
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    if ctx.journey.customer.request in NO_FAULT:
        return
    candidates = [
        o
        for o in outcomes(ctx.graph, "resolved")
        if o in ctx.reachable and not ctx.facts(o).root_cause
    ]
    if not candidates:
        return
    reasons = (
        ("transfer", words("a transfer"), _after_transfer(ctx)),
        ("loop", words("a loop"), _after_loop(ctx)),
        ("second_contact", words("a second contact"), _after_second_contact(ctx)),
    )
    for outcome in ctx.in_reading_order(candidates):
        after = [(key, text) for key, text, steps in reasons if outcome in steps]
        if not after:
            continue
        yield Hit(
            outcome,
            words(
                "{step} closes the case as resolved, reached after {after}, without telling "
                "the customer what went wrong and that it is fixed",
                step=ctx.quoted(outcome),
                after=_either([text for _, text in after]),
            ),
            evidence={"after": [key for key, _ in after]},
        )


def _either(texts: list[Words]) -> Field:
    """The reasons said one after the other: a, a or b, a, b or c."""
    if len(texts) == 1:
        return texts[0]
    return listed([listed(texts[:-1], ", "), texts[-1]], " or ")
