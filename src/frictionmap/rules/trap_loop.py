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

A loop of more than 20 steps is reported once, at its first step (its
message names the first 8), rather than at each of its steps.

## Options

None.
"""

from collections.abc import Iterator

from ..findings import Hit
from ..text import Field, Figure, listed, words
from .base import Context, NoOptions, rule

# A loop of up to this many steps is reported at each of its steps; a larger one
# once, at its first step: a finding per step, each naming the whole loop, would
# make the report grow with the square of the loop (a 2,000-step loop: 120 MB).
REPORTED_AT_EACH_STEP = 20
# The message names this many steps of the loop, then says how many more.
NAMED = 8


@rule(
    "trap-loop",
    severity="error",
    family="structure",
    harm=5,  # evidence.md section 8: TRAP_LOOP 5
    advice=(
        "Add an exit from the loop to a person or an outcome, e.g. after a failed second attempt."
    ),
    whole_set=True,
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    for trap in ctx.traps:
        members = tuple(ctx.in_reading_order(trap))
        names: Field = listed((ctx.quoted(s) for s in members[:NAMED]), ", ")
        more = len(members) - NAMED
        if more == 1:
            names = words("{names} and 1 more steps", names=names)
        elif more > 1:
            names = words("{names} and {more} more steps", names=names, more=Figure(str(more)))
        reported = members if len(members) <= REPORTED_AT_EACH_STEP else members[:1]
        for step in reported:
            yield Hit(
                step,
                words(
                    "{step} is in a loop with no way out to any outcome ({names})",
                    step=ctx.quoted(step),
                    names=names,
                ),
                steps=members,
            )
