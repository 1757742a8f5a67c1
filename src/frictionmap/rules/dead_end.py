"""A step that is not an outcome leads nowhere.

## Why it hurts

The customer is stranded: nothing tells them what happens next and the
journey never ends in an outcome (Halvorsrud et al. 2016 call this a failed or
missing touchpoint). In the DVD-software case (seed 003) the password-reset
e-mail that never arrives leaves the customer with nowhere to go. For the
metrics, a dead end absorbs as `stuck`.

## Example

```yaml
  reset_mail:
    type: message
    label: Password reset e-mail
```

Use instead:

```yaml
  reset_mail:
    type: message
    label: Password reset e-mail
    next:
      - {to: login, p: 0.9}
      - {to: chat_agent, p: 0.1, when: no e-mail after 10 minutes}
```

## Options

None.
"""

from collections.abc import Iterator

from ..findings import Hit
from ..text import words
from .base import Context, NoOptions, rule


@rule(
    "dead-end",
    severity="error",
    family="structure",
    harm=5,  # evidence.md section 8: DEAD_END 5
    advice="Give the step a way on: to a person who can help, or to an outcome.",
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    for step in ctx.journey.steps:
        facts = ctx.facts(step)
        if not facts.is_outcome and ctx.graph.out_degree(step) == 0:
            yield Hit(
                step,
                words(
                    "{step} ({type}) leads nowhere: the customer is left without an outcome",
                    step=ctx.quoted(step),
                    type=facts.type,
                ),
            )
