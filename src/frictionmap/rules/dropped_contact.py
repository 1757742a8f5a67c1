"""The company ends the contact before the customer's request is handled.

## Why it hurts

A dropped contact ("please call back later", a cut line) leaves the request
unresolved and forces the customer to start again: unresolved contacts carry
five times the defection of resolved ones (SQM 2022: 25% against 5%), and
having to recontact makes disloyalty 2.5 times more likely (Dixon, Tethr
2020), see `evidence.md` sections 1 and 2. In the Canal+ case (seed 004) the
paid hotline cut the customer off after 30 minutes on hold.

## Example

```yaml
  hold:
    type: queue
    wait: 30
    next:
      - {to: agent, p: 0.2}
      - {to: call_again, p: 0.8, when: "line cut", dropped: true}
```

Use instead:

```yaml
  hold:
    type: queue
    wait: 30
    next:
      - {to: agent, p: 0.2}
      - {to: callback, p: 0.8, when: "queue full: callback booked"}
```

## Options

None.
"""

from collections.abc import Iterator

from ..findings import Hit
from ..text import conditions, share_of_cases, words
from .base import Context, NoOptions, rule


@rule(
    "dropped-contact",
    severity="error",
    family="reliability",
    harm=5,  # evidence.md section 8: DROPPED_CALL 5
    advice="Never end the contact on the customer: book a callback or keep them in the queue.",
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    for step in ctx.journey.steps:
        dropped = [
            (target, data)
            for _, target, data in ctx.graph.out_edges(step, data=True)
            if data["dropped"]
        ]
        if not dropped:
            continue
        # In branch order, as written (networkx keeps insertion order).
        targets = [target for target, _ in dropped]
        p_dropped = sum(data["p_dropped"] for _, data in dropped)
        whens = [data["when"] for _, data in dropped if data["when"]]
        yield Hit(
            step,
            words(
                "{step} ends the contact in {share} of cases{why}: the request is left "
                "unresolved and the customer must start again",
                step=ctx.quoted(step),
                share=share_of_cases(p_dropped),
                why=conditions(whens),
            ),
            steps=tuple(targets),
            evidence={"p_dropped": p_dropped, "to": targets},
        )
