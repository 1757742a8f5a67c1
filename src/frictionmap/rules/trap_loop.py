"""A loop the customer can enter and never leave for any outcome.

## Why it hurts

A closed set of steps without an outcome keeps the customer going round for
ever: the expected effort is infinite and, in Markov terms, I - Q is singular
(Grinstead & Snell, section 11.2). The DVD-software customer (seed 003) asked
again and again for a password-reset e-mail that never came. For the metrics,
a trap absorbs as `trapped`.

## Example

```yaml
  login:
    type: self_service
    next: reset
  reset:
    type: message
    label: Reset e-mail (never arrives)
    next: login
```

Use instead:

```yaml
  reset:
    type: message
    next:
      - {to: login, p: 0.7}
      - {to: chat_agent, p: 0.3, when: no e-mail: offer a person}
```

## Options

None.
"""

from collections.abc import Iterator

from ..findings import Hit
from .base import Context, NoOptions, rule


@rule("trap-loop", severity="error", family="structure")
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    for trap in ctx.traps:
        members = ctx.in_reading_order(trap)
        names = ", ".join(ctx.quoted(s) for s in members)
        for step in members:
            yield Hit(
                step,
                f"{ctx.quoted(step)} is in a loop with no way out to any outcome ({names}): "
                "add an exit to a person or an outcome",
                steps=tuple(members),
            )
