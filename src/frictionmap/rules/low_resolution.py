"""Too few customers get their problem solved at the first contact.

## Why it hurts

93% of customers expect their issue solved at the first contact, and each
point of first-contact resolution (FCR) brings about a point of customer
satisfaction and 1% lower operating cost (SQM 2021). Customers resolved at
the first contact defect least (5%), those who needed two or more contacts
more (9%), unresolved ones five times as often (25%; SQM 2022). SQM's bands:
80% or more is world class, 70-79% good, 69% or less the low end. In the ISP
case (seed 001) a single contact almost never fixes the line. FCR is the
exact probability of ending `resolved` with at most one visit to a `contact`
step (docs/metrics.md, on the chain step x contacts so far); the finding
stands at the journey's start.

## Example

```yaml
  agent:
    type: agent
    next:
      - {to: fixed, p: 0.5}
      - {to: call_again, p: 0.5, when: "try this and call back"}
```

Use instead:

```yaml
  agent:
    type: agent
    next:
      - {to: fixed, p: 0.5}
      - {to: expert, p: 0.5, when: "not solved: warm transfer to an expert, same call"}
```

## Options

- `min_fcr` (default `0.7`): the lowest acceptable first-contact resolution
  (the bottom of SQM's "good" band).
"""

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..findings import Hit
from ..text import Figure, words
from .base import Context, rule


class LowResolutionOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min_fcr: float = Field(
        default=0.7,
        ge=0,
        le=1,
        description="Lowest acceptable first-contact resolution: 70% is the bottom of SQM's "
        "'good' band (80% is world class).",
    )


@rule(
    "low-resolution",
    severity="warning",
    family="metrics",
    options=LowResolutionOptions,
    harm=3,  # evidence.md section 8: SQM FCR bands; like REPEAT_CONTACTS
    advice=(
        "Empower the first contact to resolve (skills, tools, authority), and measure "
        "resolution, not speed."
    ),
    metric=True,
)
def check(ctx: Context, options: LowResolutionOptions) -> Iterator[Hit]:
    metrics = ctx.metrics
    fcr = metrics.first_contact_resolution
    if fcr >= options.min_fcr:
        return
    yield Hit(
        ctx.start,
        words(
            "only {fcr} of customers are resolved at the first contact, below {min_fcr} "
            "(SQM's 'good' band; {resolved} are resolved at all)",
            fcr=Figure(f"{fcr:.0%}"),
            min_fcr=Figure(f"{options.min_fcr:.0%}"),
            resolved=Figure(f"{metrics.p_resolved:.0%}"),
        ),
        evidence={
            "first_contact_resolution": fcr,
            "min_fcr": options.min_fcr,
            "p_resolved": metrics.p_resolved,
        },
    )
