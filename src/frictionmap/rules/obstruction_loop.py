"""Inside one contact the customer goes round a loop: asked the same question again, or refused.

## Why it hurts

An agent who asks "why?" again and again, or refuses and starts over, keeps
the customer in the contact without moving the case: repeating information
and "policies customers must endure" are two of CEB's drivers of disloyalty
(*The Effortless Experience*, 2013), and each round costs as much goodwill
as a transfer (SQM 2021: -12% CSAT per transfer; issue 12). The well-known
2014 recording of a cable-company cancellation, where the retention agent
asks for the reason round after round, is the type (tests/verdict/cases/
retention-refusal.yaml). A retry loop counts visits on average
(`retry-loop`); this rule names the loop itself, whatever its length.

A loop is a strongly connected set of steps with a cycle, none of them a
contact or an outcome (a new contact makes it a repeat-call loop, reported
by `repeat-contact`), holding an agent, or an IVR or bot that asks for data.
The finding stands at the loop's first step in reading order and names the
others; its exposure is the probability of going round at least once.

## Example

```yaml
  agent_again:
    type: agent
    asks: [reason]
    next:
      - {to: agent_again, p: 0.8, when: "asks why again, refuses"}
      - {to: cancelled, p: 0.2}
```

Use instead:

```yaml
  agent:
    type: agent
    label: Agent offers one retention deal, then cancels if the customer declines
    asks: [reason]
    next:
      - {to: cancelled, p: 0.9}
      - {to: kept, p: 0.1, when: "accepts the offer"}
```

## Options

None.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Hit
from ..graph import obstruction_loops
from ..text import listed, words
from .base import Context, NoOptions, rule


@rule(
    "obstruction-loop",
    severity="warning",
    family="effort",
    harm=4,  # like PING_PONG 4: each round as bad as a transfer (issue 12)
    advice="Give the agent one clear step (one offer, then do what is asked), or an exit to "
    "someone who can decide.",
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    for members in obstruction_loops(ctx.graph, ctx.start):
        first = members[0]
        others = members[1:]
        asking = [m for m in members if ctx.facts(m).asks]
        what = words(
            "asks the same question again" if asking else "goes round without moving the case"
        )
        where = (
            words("{step} loops back on itself", step=ctx.quoted(first))
            if not others
            else words(
                "{first} and {others} loop",
                first=ctx.quoted(first),
                others=listed((ctx.quoted(o) for o in others), ", "),
            )
        )
        yield Hit(
            first,
            words(
                "{where}: inside one contact the customer {what}, each round as costly as a "
                "transfer",
                where=where,
                what=what,
            ),
            steps=tuple(others),
            evidence={"steps": members, "asks": bool(asking)},
        )
