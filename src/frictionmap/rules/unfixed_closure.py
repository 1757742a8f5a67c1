"""The journey can end with the customer's problem still there.

## Why it hurts

A `refunded` outcome gives the money back but leaves the problem; an
`unresolved` one closes the case without solving it. Both are failure demand,
40-60% of all demand (Seddon), and unresolved customers defect five times as
often as those resolved on first contact (SQM 2022: 25% vs 5%). A refund
alone is not closure: adding an apology or explanation to a monetary remedy
nearly doubled complainant satisfaction, from 37% to 73% (CCMC Rage Study
2015). In the DVD-software case (seed 003) the customer gets a 100% refund
but the software fault is never looked into; in the Canal+ case (seed 004)
the switch is still not done when the story ends.

The finding stands at each reachable `refunded` or `unresolved` outcome;
`abandoned` (the customer gave up) is the metrics' concern.

## Example

```yaml
  agent: {type: agent, next: [fixed, refund]}
  refund: {type: outcome, outcome: refunded}
```

Use instead:

```yaml
  agent: {type: agent, next: [fixed, expert]}
  expert:
    type: agent
    label: Second-level expert finds the cause
    next: fixed
```

## Options

None.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Hit
from ..graph import outcomes
from ..text import words
from .base import Context, NoOptions, rule

MEANING = {
    "refunded": words("gives the money back but leaves the problem unsolved"),
    "unresolved": words("closes the case without solving the problem"),
}


@rule(
    "unfixed-closure",
    severity="warning",
    family="closure",
    harm=3,  # evidence.md section 8: SYMPTOM_ONLY_CLOSURE 3
    advice=(
        "Fix the underlying problem before closing; a refund or a workaround alone "
        "brings the customer back."
    ),
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    found = [o for o in outcomes(ctx.graph, *MEANING) if o in ctx.reachable]
    for outcome in ctx.in_reading_order(found):
        kind = str(ctx.facts(outcome).outcome)
        yield Hit(
            outcome,
            words(
                "{step} ({kind}) {meaning}: the customer will be back or gone",
                step=ctx.quoted(outcome),
                kind=kind,
                meaning=MEANING[kind],
            ),
            evidence={"outcome": kind},
        )
