"""The customer goes through the same step where they act more than twice on average.

## Why it hurts

Re-prompting, re-entering and starting again raise effort while nothing is
learned: IVR guidance is two or three tries, then an attendant (Avaya; Medallia
defaults to 2), and bupaR/edeaR count such repetitions as rework. In the UPS
case (seed 004) the voice server makes the customer spell an 18-character
tracking number again and again; in the licence case (seed 002) each zip
holds another zip. The expected visits of a step are exact Markov
expectations (docs/metrics.md, `step_visits`, over all customers); the
finding stands at each `ivr`, `bot`, `self_service` or `contact` step visited
more than `max_visits` times on average.

## Example

```yaml
  ivr_tracking:
    type: ivr
    asks: [tracking_number]
    next:
      - {to: queue, p: 0.4}
      - {to: ivr_tracking, p: 0.6, when: "not understood: spell it again"}
```

Use instead:

```yaml
  ivr_tracking:
    type: ivr
    asks: [tracking_number]
    next:
      - {to: queue, p: 0.4}
      - {to: ivr_retry, p: 0.6, when: "not understood"}
  ivr_retry:
    type: ivr
    label: One retry, keypad instead of voice, then an agent
    next:
      - {to: queue, p: 1.0}
```

## Options

- `max_visits` (default `2`): the most times a customer should go through a
  step where they act (one retry: IVR guidance of two or three tries).
"""

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..findings import Hit
from ..text import Figure, words
from .base import Context, rule

# Where the customer acts, and what to offer instead of the same step again.
INSTEAD = {
    "ivr": "After one failed try, switch to the keypad or put the customer through to a person.",
    "bot": "After one failed try, hand the conversation to a person.",
    "self_service": "After one failed try, offer a person (chat, call) instead of the same page.",
    "contact": "Each pass is one more contact: resolve it on the first, or have one person "
    "own the case and follow up.",
}


class RetryLoopOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_visits: float = Field(
        default=2.0,
        ge=0,
        description="Most expected visits of a step where the customer acts: IVR guidance "
        "is two or three tries, then an attendant (Avaya; Medallia's default is 2).",
    )


@rule(
    "retry-loop",
    severity="warning",
    family="metrics",
    options=RetryLoopOptions,
    harm=3,  # evidence.md section 8: RETRY_LOOP 3
    advice="Cap retries at two or three, then hand the customer to a person.",
    metric=True,
)
def check(ctx: Context, options: RetryLoopOptions) -> Iterator[Hit]:
    visits = ctx.metrics.step_visits
    for step in ctx.journey.steps:
        kind = ctx.facts(step).type
        if kind not in INSTEAD or visits[step] <= options.max_visits:
            continue
        yield Hit(
            step,
            words(
                "customers go through {step} {visits} times on average, more than {limit}",
                step=ctx.quoted(step),
                visits=Figure(f"{visits[step]:.2f}"),
                limit=Figure(f"{options.max_visits:g}"),
            ),
            evidence={"expected_visits": visits[step], "max_visits": options.max_visits},
            advice=INSTEAD[kind],
        )
