"""The company misses an appointment, a deadline or a promise it made.

## Why it hurts

A missed appointment is a broken promise the customer planned around: a day
off for an engineer who does not come, a free-cancellation window that
passes while the customer is on hold. Perceived waits and broken
expectations weigh more than the time itself (Maister 1985); "deliver what
was promised" is one of *The Effortless Experience*'s rules, and missed
engineer appointments were common enough in the UK for Ofcom to make
compensation automatic (2019). The Canal+ callback that never came (seed
004) is the same failure.

The finding stands at each step with a branch marked `missed:`
(`appointment`, `deadline` or `promise`); its exposure is the probability of
taking such a branch at least once, and the message says how often it
happens.

## Example

```yaml
  visit:
    type: delay
    team: field
    next:
      - {to: installed, p: 0.75}
      - {to: call, p: 0.25, when: "the engineer does not come", missed: appointment}
```

Use instead:

```yaml
  visit:
    type: delay
    team: field
    label: Engineer confirms the slot the day before; a missed slot is rebooked by the company
    next:
      - {to: installed, p: 0.97}
      - {to: rebooked_by_company, p: 0.03, when: "rebooked before the day", missed: appointment}
```

## Options

None.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Hit
from ..text import Words, conditions, listed, share_of_cases, words
from .base import Context, NoOptions, rule

WORDS: dict[str, Words] = {
    "appointment": words("misses the appointment"),
    "deadline": words("lets the deadline pass"),
    "promise": words("breaks its promise"),
}


@rule(
    "missed-appointment",
    severity="warning",
    family="reliability",
    harm=4,  # like CALLBACK_NOT_HONOURED (4-5): a broken promise
    advice="Confirm appointments ahead; when one slips, rebook and compensate without being "
    "asked.",
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    for step in ctx.journey.steps:
        if step not in ctx.reachable:
            continue
        missed = [
            (target, data)
            for _, target, data in ctx.graph.out_edges(step, data=True)
            if data["missed"]
        ]
        if not missed:
            continue
        share = sum(data["p_missed"] for _, data in missed)
        kinds = list(dict.fromkeys(str(data["missed"]) for _, data in missed))
        whens = [data["when"] for _, data in missed if data["when"]]
        yield Hit(
            step,
            words(
                "at {step} the company {what} in {share} of cases{why}: the customer's plans "
                "fall through and they must chase it",
                step=ctx.quoted(step),
                what=listed((WORDS[k] for k in kinds), " and "),
                share=share_of_cases(share),
                why=conditions(whens),
            ),
            steps=tuple(target for target, _ in missed),
            evidence={"p_missed": share, "kinds": kinds, "to": [t for t, _ in missed]},
        )
