"""Customers have to contact the company more than one and a half times on average.

## Why it hurts

Every contact after the first is failure demand: having to recontact makes
disloyalty 2.5 times more likely (Dixon, Tethr 2020), and 62% of the
customers in CEB's survey had to contact the company repeatedly (HBR 2010).
SQM's industry average is 1.5 contacts per resolution (67% first-contact
resolution); world class is 1.2 (80%). In the ISP case (seed 001) the
customer needs 5 paid calls and 7 messages over 11 days. The expected number
of contacts is the exact Markov expectation of visits to `contact` steps
(docs/metrics.md); the finding stands at the journey's start.

## Example

```yaml
  fix_wait:
    type: delay
    next:
      - {to: fixed, p: 0.1}
      - {to: call_support, p: 0.9, when: "still broken: call again"}
```

Use instead:

```yaml
  fix_wait:
    type: delay
    next:
      - {to: fixed, p: 0.7}
      - {to: expert, p: 0.3, when: "still broken: the expert calls back"}
```

## Options

- `max_contacts` (default `1.5`): the most contacts a customer should need on
  average (SQM's industry average; world class is 1.2).
"""

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..findings import Hit
from ..text import Figure, words
from .base import Context, rule


class RepeatContactOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_contacts: float = Field(
        default=1.5,
        ge=0,
        description="Most expected contacts per customer: 1.5 is SQM's industry average "
        "(67% FCR), world class is 1.2 (80% FCR).",
    )


@rule(
    "repeat-contact",
    severity="warning",
    family="metrics",
    options=RepeatContactOptions,
    harm=3,  # evidence.md section 8: REPEAT_CONTACTS 3-4
    advice=(
        "Resolve at the first contact: anticipate the next issue and close the loop proactively."
    ),
    metric=True,
)
def check(ctx: Context, options: RepeatContactOptions) -> Iterator[Hit]:
    metrics = ctx.metrics
    if metrics.expected_contacts <= options.max_contacts:
        return
    contacts = [s for s in ctx.journey.steps if ctx.facts(s).is_contact]
    busiest = max(contacts, key=lambda s: metrics.step_visits[s])
    yield Hit(
        ctx.start,
        words(
            "customers have to contact the company {contacts} times on average, more than "
            "{max_contacts} (SQM's industry average; world class is {world_class}), most often "
            "through {step} ({visits} times)",
            contacts=Figure(f"{metrics.expected_contacts:.2f}"),
            max_contacts=Figure(f"{options.max_contacts:g}"),
            world_class=Figure("1.2"),
            step=ctx.quoted(busiest),
            visits=Figure(f"{metrics.step_visits[busiest]:.2f}"),
        ),
        steps=(busiest,),
        evidence={
            "expected_contacts": metrics.expected_contacts,
            "max_contacts": options.max_contacts,
        },
    )
