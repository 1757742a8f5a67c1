"""The journey cannot end `resolved`, or reaches a point of no return.

## Why it hurts

A journey that cannot resolve the customer's problem turns every contact into
failure demand (Seddon: 40-60% of demand). Unresolved customers defect five
times as often as those resolved on first contact (SQM, 2022: 25% vs 5%).
When a `resolved` outcome exists, the steps reported are the points of no
return: the customer reaches them from a step that could still resolve, and
from them nothing can. Dead ends and trap loops are reported by their own
rules, and failure outcomes by `unfixed-closure`.

## Example

```yaml
  agent:
    type: agent
    next:
      - {to: resolved, p: 0.6}
      - {to: closed_ticket, p: 0.4}
  closed_ticket:
    type: message
    label: Ticket closed, no fix
    next: gave_up
```

Use instead:

```yaml
  closed_ticket:
    type: message
    label: Ticket escalated to second level
    next: expert
```

## Options

None.
"""

from collections.abc import Iterator

from ..findings import Hit
from ..graph import outcomes
from ..text import listed, words
from .base import Context, NoOptions, rule


@rule(
    "no-resolution",
    severity="error",
    family="structure",
    harm=5,  # evidence.md section 8: blocks resolution (scale's 5); SQM: 25% vs 5% defection
    advice=(
        "Add a route to someone who can fix the problem (escalation to second level or an expert)."
    ),
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    if ctx.start not in ctx.resolving:
        if outcomes(ctx.graph, "resolved"):
            message = words(
                "no walk from the start reaches a `resolved` outcome: the customer's problem "
                "can never be solved"
            )
        else:
            message = words(
                "the journey has no `resolved` outcome: the customer's problem can never be solved"
            )
        yield Hit(ctx.start, message)
        return
    trapped = set().union(*ctx.traps) if ctx.traps else set()
    for step in ctx.journey.steps:
        facts = ctx.facts(step)
        if (
            step not in ctx.reachable
            or step in ctx.resolving
            or facts.is_outcome
            or ctx.graph.out_degree(step) == 0
            or step in trapped
        ):
            continue
        entered_from = [p for p in ctx.graph.predecessors(step) if p in ctx.resolving]
        if entered_from:
            before = listed((ctx.quoted(p) for p in ctx.in_reading_order(entered_from)), ", ")
            yield Hit(
                step,
                words(
                    "{step} is a point of no return: reached from {before}, it can no longer "
                    "lead to a resolution",
                    step=ctx.quoted(step),
                    before=before,
                ),
                steps=tuple(ctx.in_reading_order(entered_from)),
            )
