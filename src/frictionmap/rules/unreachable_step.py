"""A step that no walk from `start` reaches.

## Why it hurts

A designed step that nobody reaches is either dead design or a hidden escape
route, for example an agent option no menu leads to. Comparing the planned
journey with the actual one is how Halvorsrud et al. (2016) find missing
touchpoints; an unreachable step is a planned touchpoint that cannot happen.

## Example

```yaml
start: ivr
steps:
  ivr: {type: ivr, next: faq}
  faq: {type: self_service, next: done}
  agent: {type: agent, next: done}
  done: {type: outcome, outcome: resolved}
```

Use instead:

```yaml
  ivr:
    type: ivr
    next:
      - {to: faq, when: press 1}
      - {to: agent, when: press 0 for a person}
```

## Options

None.
"""

from collections.abc import Iterator

from ..findings import Hit
from ..text import words
from .base import Context, NoOptions, rule


@rule(
    "unreachable-step",
    severity="warning",
    family="structure",
    harm=2,  # evidence.md section 8: UNREACHABLE 2
    advice=(
        "Link the step from the journey (e.g. a '0: speak to an adviser' option), or remove it."
    ),
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    for step in ctx.journey.steps:
        if step not in ctx.reachable:
            yield Hit(
                step,
                words(
                    "{step} is never reached from the start {start}",
                    step=ctx.quoted(step),
                    start=ctx.quoted(ctx.start),
                ),
            )
