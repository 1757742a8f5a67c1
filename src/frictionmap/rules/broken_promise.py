"""A step takes longer than the company announced or promised.

## Why it hurts

An announced wait sets the customer's expectation; missing it by far is
worse than saying nothing: told "30 minutes" and served in 35, customers
"feel cheated" (Maister, *The Psychology of Waiting Lines*, 1985), and
"deliver what was promised" is a core lever of *The Effortless Experience*
(2013), see `evidence.md` sections 1 and 3. In the Canal+ case (seed 004)
the IVR announced under 2 minutes and the customer held for 30, and the IT
system "back within an hour" was still down four hours later.

The rule compares a queue's actual wait with its announced wait
(`wait: {announced, actual}`; an announcement that is a floor, `floor:
true` for "more than 15 minutes", is kept by any longer wait) and with
`promised` (minutes, for a queue); on
other steps it compares the calendar time that passes there (`hours`, plus
any `wait` in hours) with `promised` (hours).

## Example

```yaml
  hold:
    type: queue
    wait: {announced: 2, actual: 30}
    next: agent
```

Use instead:

```yaml
  hold:
    type: queue
    wait: {announced: 30, actual: 30}   # announce the real wait, and offer a callback
    next: agent
```

## Options

- `tolerance` (default `1.2`): how far the actual time may exceed the
  promise before the rule fires (actual > 1.2 x promised). Maister (1985):
  served in 35 minutes after being told 30 (x1.17), customers already feel
  cheated; x1.2 leaves room only for that.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..facts import StepFacts
from ..findings import Hit
from ..text import Figure, Words, listed, words
from .base import Context, rule


class BrokenPromiseOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tolerance: float = Field(
        default=1.2,
        ge=1,
        description="Fires when actual > tolerance x promised. Maister 1985: told 30 minutes "
        "and served in 35 (x1.17), customers feel cheated (evidence.md section 3).",
    )


# What a step does, by its promise's kind: a template with the promised and the
# actual time (and how many times as long, if anything was promised).
_SAID = {
    "announced": "announces a wait of {promised} but the customer waits {actual}{times}",
    "promised wait": "promises a wait of {promised} but the customer waits {actual}{times}",
    "promised delay": "promises {promised} but it takes {actual}{times}",
}


@dataclass
class _Promise:
    kind: str  # "announced", "promised wait" (minutes) or "promised delay" (hours)
    promised: float
    actual: float
    unit: str  # "minute" or "hour"

    def text(self) -> Words:
        times: Words | str = (
            words(" ({ratio} times as long)", ratio=Figure(_number(self.actual / self.promised)))
            if self.promised
            else ""
        )
        return words(
            _SAID[self.kind],
            promised=Figure(_amount(self.promised, self.unit)),
            actual=Figure(_amount(self.actual, self.unit)),
            times=times,
        )

    def evidence(self) -> dict[str, Any]:
        return {"promised": self.promised, "actual": self.actual, "unit": f"{self.unit}s"}


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _amount(value: float, unit: str) -> str:
    number = _number(value)
    return f"{number} {unit}{'' if number == '1' else 's'}"


def _promises(facts: StepFacts) -> list[_Promise]:
    """What the step announced or promised, against what it takes."""
    found = []
    wait, announced, promised = facts.queued, facts.wait_announced, facts.promised
    # "More than 15 minutes" is a floor, not a promise: a longer wait keeps it.
    if wait is not None and announced is not None and not facts.wait_floor:
        found.append(_Promise("announced", announced, wait, "minute"))
    if promised is not None:
        if facts.is_on_hold:  # a queue promises its wait, other steps a delay
            if wait is not None:
                found.append(_Promise("promised wait", promised, wait, "minute"))
        elif facts.hours is not None or wait is not None:
            elapsed = (facts.hours or 0.0) + (wait or 0.0) / 60
            found.append(_Promise("promised delay", promised, elapsed, "hour"))
    return found


@rule(
    "broken-promise",
    severity="warning",
    family="reliability",
    options=BrokenPromiseOptions,
    harm=4,  # evidence.md section 8: BROKEN_WAIT_PROMISE 4, PROMISE_DELIVERY_GAP 2-4
    advice="Announce the real wait or delay, and keep the promise you make.",
)
def check(ctx: Context, options: BrokenPromiseOptions) -> Iterator[Hit]:
    for step in ctx.journey.steps:
        promises = _promises(ctx.facts(step))
        broken = [p for p in promises if p.actual > options.tolerance * p.promised]
        if not broken:
            continue
        yield Hit(
            step,
            words(
                "{step} {promises}: the customer feels cheated",
                step=ctx.quoted(step),
                promises=listed((p.text() for p in broken), ", and "),
            ),
            evidence={"broken": [p.evidence() for p in broken], "tolerance": options.tolerance},
        )
