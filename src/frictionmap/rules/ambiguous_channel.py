"""A timed step whose channel is unknown because its predecessors disagree.

## Why it hurts

A step without `channel` stays on its predecessors' channel; where they are on
different channels, frictionmap cannot tell what a minute there costs or
whether the customer switched channel. The metrics then leave that step's
per-minute cost out (a premium-rate line at 0.35 EUR a minute, as in the
Canal+ case of seed 004, would go unseen).

## Example

```yaml
  phone: {type: contact, channel: hotline, next: queue}
  chat: {type: contact, channel: chat, next: queue}
  queue: {type: queue, wait: 10, next: agent}
```

Use instead:

```yaml
  queue: {type: queue, channel: hotline, wait: 10, next: agent}
```

## Options

None.
"""

from collections.abc import Iterator

from ..findings import Hit
from ..text import listed, words
from .base import Context, NoOptions, rule


@rule(
    "ambiguous-channel",
    severity="note",
    family="structure",
    harm=1,  # evidence.md section 8: a modelling gap, not a customer harm
    advice="Name the channel of the step, so its time and cost are counted.",
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    conflicts = ctx.graph.graph.get("channel_conflicts", {})
    for step in ctx.journey.steps:
        if step not in conflicts:
            continue
        facts = ctx.facts(step)
        if not facts.minutes and facts.wait is None:
            continue
        yield Hit(
            step,
            words(
                "{step} is reached from different channels ({channels}), so the cost of its "
                "time is unknown",
                step=ctx.quoted(step),
                channels=listed((f"'{c}'" for c in conflicts[step]), ", "),
            ),
            evidence={"channels": list(conflicts[step])},
        )
