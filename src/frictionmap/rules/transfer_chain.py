"""The customer is passed from team to team more than once on average.

## Why it hurts

Every transfer makes the customer wait again, explain again and wonder who
owns the problem: SQM (2021) measured -12% customer satisfaction and -14%
first-contact resolution per transfer, 59% of the customers in CEB's survey
had been transferred (Dixon, Freeman & Toman, HBR 2010), and transfers are
one of Gartner's effort drivers of disloyalty (2019). Good practice is no
more than one transfer. In the Office case (seed 000) technical support sends
the customer to commercial support, which sends her back. The expected
number of transfers is the exact Markov expectation (docs/metrics.md: a
change of team across team-less steps, counted on the chain step x last
team); the finding stands at the step the customer is most often transferred
into.

## Example

```yaml
  tech_agent:
    type: agent
    team: tech
    next: sales_queue
  sales_queue:
    type: queue
    team: sales
    next: sales_agent
  sales_agent:
    type: agent
    team: sales
    next:
      - {to: tech_queue, p: 0.5, when: "call tech again"}
      - {to: done, p: 0.5}
```

Use instead:

```yaml
  tech_agent:
    type: agent
    team: tech
    label: Tech agent owns the case and gets the account reset done
    next: done
```

## Options

- `max_transfers` (default `1`): the most transfers a customer should meet on
  average (SQM: each costs 12% CSAT; "no more than one transfer").
"""

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..findings import Hit
from ..text import Figure, listed, words
from .base import Context, rule


class TransferChainOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_transfers: float = Field(
        default=1.0,
        ge=0,
        description="Most expected transfers per customer: each costs 12% CSAT and 14% FCR "
        "(SQM 2021); good practice is no more than one.",
    )


@rule(
    "transfer-chain",
    severity="warning",
    family="metrics",
    options=TransferChainOptions,
    harm=3,  # evidence.md section 8: TRANSFER_CHAIN 3-4
    advice="Route to the right team first time, and let the first person keep the case.",
    metric=True,
)
def check(ctx: Context, options: TransferChainOptions) -> Iterator[Hit]:
    metrics = ctx.metrics
    if metrics.expected_transfers <= options.max_transfers:
        return
    into: dict[str, float] = {}
    sources: dict[str, list[str]] = {}
    for (source, target), amount in metrics.transfer_traversals.items():
        into[target] = into.get(target, 0.0) + amount
        sources.setdefault(target, []).append(source)
    # The most-used transfer target; ties go to the first in reading order.
    step = max(ctx.in_reading_order(list(into)), key=lambda s: into[s], default=None)
    if step is None:
        return
    froms = ctx.in_reading_order(sources[step])
    yield Hit(
        step,
        words(
            "customers are transferred {transfers} times on average, more than {limit}; most "
            "often into {step} ({into} times per customer, from {sources})",
            transfers=Figure(f"{metrics.expected_transfers:.2f}"),
            limit=Figure(f"{options.max_transfers:g}"),
            step=ctx.quoted(step),
            into=Figure(f"{into[step]:.2f}"),
            sources=listed((ctx.quoted(s) for s in froms), ", "),
        ),
        steps=tuple(froms),
        evidence={
            "expected_transfers": metrics.expected_transfers,
            "max_transfers": options.max_transfers,
            "into_expected": into[step],
        },
    )
