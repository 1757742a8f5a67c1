"""A customer waits on hold on a line that charges by the minute.

## Why it hurts

Every minute on hold is billed to the customer, so the company's
understaffing becomes the customer's expense. For after-sales calls it is
also unlawful: a consumer calling about a concluded contract must not pay
more than the basic rate (EU Consumer Rights Directive 2011/83/EU, art. 21;
CJEU C-568/15 *comtech*, 2017, held that a 0.14-0.42 EUR/min number breaches
it; French Code de la consommation L121-16), see `evidence.md` section 6.
In the Canal+ case (seed 004) the customer held for 30 minutes on the
0.35 EUR/min hotline, 10.50 EUR, before being cut off; the ISP of seed 001
billed five calls this way.

Only queue waits count: on a callback the customer is not on the line
(FORMAT.md's cost counts the wait of queues only).

## Example

```yaml
channels:
  hotline: {kind: phone, cost_per_minute: 0.35}
steps:
  call: {type: contact, channel: hotline, next: hold}
  hold: {type: queue, wait: 30, next: agent}
```

Use instead:

```yaml
channels:
  hotline: {kind: phone}          # a basic-rate number
steps:
  call: {type: contact, channel: hotline, next: hold}
  hold: {type: queue, wait: 30, next: agent}
```

## Options

None.
"""

from collections.abc import Iterator

from ..findings import Hit
from ..law import premium_rate
from ..text import Figure, words
from .base import Context, NoOptions, rule


def _number(value: float) -> str:
    """2 decimals at most, without trailing zeros: 30, 0.35, 2.5."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _minutes(value: float) -> str:
    return f"{_number(value)} minute{'' if value == 1 else 's'}"


@rule(
    "paid-wait",
    severity="warning",
    family="compliance",
    harm=5,  # evidence.md section 8: PAID_WAITING 5
    advice=(
        "Use a basic-rate number for after-sales and complaints, and never charge the "
        "wait."
    ),
    unlawful=True,
    strict="error",
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    currency = ctx.journey.currency
    for step in ctx.journey.steps:
        facts = ctx.facts(step)
        wait = facts.wait
        channel = ctx.journey.channels.get(facts.channel or "")
        if not facts.is_on_hold or not wait or channel is None:
            continue
        rate = channel.cost_per_minute
        if rate <= 0:
            continue
        cost = wait * rate
        law = premium_rate(ctx.journey)
        rule_text = (
            words(
                "an after-sales line may not cost more than a basic-rate call ({law})", law=law
            )
            if law is not None
            else words("the company's understaffing becomes the customer's bill")
        )
        yield Hit(
            step,
            words(
                "{step}: {wait} on hold at {rate} {currency}/min costs the customer {cost} "
                "{currency} for one wait; {rule}",
                step=ctx.quoted(step),
                wait=Figure(_minutes(wait)),
                rate=Figure(_number(rate)),
                currency=currency,
                cost=Figure(f"{cost:.2f}"),
                rule=rule_text,
            ),
            evidence={
                "channel": facts.channel,
                "wait_minutes": wait,
                "cost_per_minute": rate,
                "cost": round(cost, 2),
                "currency": currency,
            },
        )
