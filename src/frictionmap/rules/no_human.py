"""An automated menu or bot from which no person can be reached.

## Why it hurts

Hiding the agent is "almost completely ineffective" at raising self-service
(Vocalabs *Customer Frustration Index*), difficulty reaching an agent
explains 61% of the variance in caller satisfaction (Vocalabs, Leppik 2005),
and "no opt-out to a live agent" ranks 83rd of 85 complaint-handling
practices (CCMC); ISO/IEC 13714 reserves `0` for the operator, see
`evidence.md` section 3. Customers caught in such a menu can only hang up.

## Example

```yaml
  menu:
    type: ivr
    next: [faq_sms, hang_up]
```

Use instead:

```yaml
  menu:
    type: ivr
    next:
      - {to: faq_sms, p: 0.6}
      - {to: hold, p: 0.4, when: "0: speak to an adviser"}
```

## Options

None.
"""

from collections.abc import Iterator

from .. import graph as graph_helpers
from ..findings import Hit
from ..text import words
from .base import Context, NoOptions, rule


@rule(
    "no-human",
    severity="warning",
    family="automation",
    harm=4,  # evidence.md section 8: NO_HUMAN_PATH 4
    advice="Offer a person at every menu (e.g. '0: speak to an adviser').",
    strict="error",
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    automated = [s for s in ctx.journey.steps if ctx.facts(s).is_automated]
    if not automated:
        return
    agents = graph_helpers.steps_where(ctx.graph, lambda facts: facts.is_agent)
    with_a_way_out = graph_helpers.reaching(ctx.graph, agents)
    for step in automated:
        if step in with_a_way_out:
            continue
        template = (
            "no person can be reached from the menu {step}: a customer whose case does not "
            "fit can only give up"
            if ctx.facts(step).is_menu
            else "no person can be reached from the bot {step}: a customer whose case does not "
            "fit can only give up"
        )
        yield Hit(step, words(template, step=ctx.quoted(step)))
