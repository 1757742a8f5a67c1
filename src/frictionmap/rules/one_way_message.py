"""The company sends a message the customer cannot answer.

## Why it hurts

Outreach raises questions: 66% of B2C and 82% of B2B customers contact the
company after proactive outreach (Gartner, April 2022); every e-mail should
offer at least one means of contact, no-reply ones included (Opquast rule
111); the trader must give a way to communicate quickly and efficiently
(CRD art. 6(1)(c), CJEU C-649/17), see `evidence.md` section 6. In the
Microsoft Office case (seed 000) the customer got 15 days of follow-up calls
and voicemails she had no way to answer.

## Example

```yaml
  follow_up:
    type: message
    channel: email
    reply: false
    next: done
```

Use instead:

```yaml
  follow_up:
    type: message
    channel: email
    next:
      - {to: done, p: 0.7}
      - {to: agent, p: 0.3, when: "customer replies"}
```

## Options

None.
"""

from collections.abc import Iterator

from ..findings import Hit
from ..text import words
from .base import Context, NoOptions, rule


@rule(
    "one-way-message",
    severity="warning",
    family="communication",
    harm=3,  # evidence.md section 8: OUTBOUND_NO_REPLY 3
    advice=(
        "Let the customer reply to every message, or give a way to reach you in it "
        "(Opquast rule 111)."
    ),
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    for step in ctx.journey.steps:
        facts = ctx.facts(step)
        if facts.type != "message" or facts.reply:
            continue
        yield Hit(
            step,
            words(
                "{step} cannot be answered: a customer with a question about it has to find "
                "another way in",
                step=ctx.quoted(step),
            ),
        )
