"""A customer waits longer than most customers accept.

## Why it hurts

Waiting is effort, and abandonment grows with the wait: in the Erlang-A
model the share of callers who hang up is proportional to the average wait
(Mandelbaum & Zeltyn 2005), and callers abandoned after 45 s on average in
the Dimension Data benchmark. 86% of ING Direct customers say a wait should
not exceed 30 seconds, consistent with the 20-30 s service-level conventions
(`evidence.md` section 2). The UPS case (seed 004) kept the customer on hold
for 15 minutes, the Canal+ case for 30.

Waits for a callback count too: the customer still waits for the company;
a callback that comes within the time it promised (`promised`, in hours) is
the remedy this rule asks for, and does not count.

## Example

```yaml
  hold:
    type: queue
    wait: 15
    next: agent
```

Use instead:

```yaml
  hold:
    type: queue
    wait: 0.5
    next:
      - {to: agent, p: 0.8}
      - {to: callback, p: 0.2, when: "wait over 30 s: callback offered"}
```

## Options

- `max_wait_minutes` (default `0.5`): the longest acceptable wait. 86% of
  ING Direct customers expect at most 30 seconds (`evidence.md` section 2).
"""

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..facts import StepFacts
from ..findings import Hit
from ..text import Figure, words
from .base import Context, rule


class LongWaitOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_wait_minutes: float = Field(
        default=0.5,
        ge=0,
        description="Longest acceptable wait, in minutes: 86% of ING Direct customers "
        "expect at most 30 s (evidence.md section 2).",
    )


def _duration(minutes: float) -> str:
    """30 seconds, 1 minute, 2.5 minutes."""
    if 0 < minutes < 1:
        seconds = f"{minutes * 60:.1f}".rstrip("0").rstrip(".")
        return f"{seconds} second{'' if seconds == '1' else 's'}"
    number = f"{minutes:.2f}".rstrip("0").rstrip(".")
    return f"{number} minute{'' if number == '1' else 's'}"


_HOW = {"queue": words(" on hold"), "callback": words(" for the call back")}


def _kept_callback(facts: StepFacts, wait: float) -> bool:
    """A callback at the time it promised: the remedy this rule asks for, not a wait."""
    promised = facts.promised
    return facts.type == "callback" and promised is not None and wait <= promised * 60.0


@rule(
    "long-wait",
    severity="warning",
    family="waiting",
    options=LongWaitOptions,
    harm=3,  # evidence.md section 8: LONG_WAIT 2-4
    advice="Staff the queue, or announce the wait and offer a callback beyond 30 s.",
)
def check(ctx: Context, options: LongWaitOptions) -> Iterator[Hit]:
    for step in ctx.journey.steps:
        facts = ctx.facts(step)
        wait = facts.queued
        if wait is None or wait <= options.max_wait_minutes:
            continue
        if _kept_callback(facts, wait):
            continue
        yield Hit(
            step,
            words(
                "{step} keeps the customer waiting {wait}{how}, beyond the {limit} customers "
                "accept",
                step=ctx.quoted(step),
                wait=Figure(_duration(wait)),
                how=_HOW.get(facts.type, ""),
                limit=Figure(_duration(options.max_wait_minutes)),
            ),
            evidence={"wait_minutes": wait, "max_wait_minutes": options.max_wait_minutes},
        )
