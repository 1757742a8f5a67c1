"""A step demands an identity document from the customer.

## Why it hurts

Personal data must be "adequate, relevant and limited to what is necessary"
(GDPR art. 5(1)(c)), and extra identification may be asked only on reasonable
doubts about who the person is (art. 12(6)). The EDPB (Guidelines 01/2022)
accepts an ID copy only where strictly necessary; the Dutch DPA fined DPG
Media 525,000 EUR (2022) for demanding an ID copy where a verification e-mail
would have done. For the customer it is an extra task, a privacy risk, and a
delay. In the Sephora case (seed 004) an "immediate" e-gift card, already
paid, is held back until the buyer sends a passport scan.

The finding stands at each reachable step that asks for data marked
`sensitive: identity`.

## Example

```yaml
data:
  passport_scan: {label: Passport scan, sensitive: identity}
steps:
  fraud_check: {type: self_service, asks: [passport_scan], next: delivery}
```

Use instead:

```yaml
data:
  order_email: {label: E-mail address of the order}
steps:
  fraud_check:
    type: self_service
    label: Confirm the order from the link sent to the order e-mail
    asks: [order_email]
    next: delivery
```

## Options

None.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Hit
from ..law import data_protection
from ..text import Words, listed, words
from .base import Context, NoOptions, rule


@rule(
    "identity-demand",
    severity="warning",
    family="compliance",
    harm=4,  # evidence.md section 8: EXCESSIVE_ID_DEMAND 4
    advice=(
        "Authenticate with what you already hold (account, e-mail, order); ask for an "
        "ID document only on real doubt."
    ),
    unlawful=True,
    strict="error",
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    data = ctx.journey.data
    for step in ctx.journey.steps:
        if step not in ctx.reachable:
            continue
        demanded = [
            d
            for d in dict.fromkeys(ctx.facts(step).asks)
            if d in data and data[d].sensitive == "identity"
        ]
        if not demanded:
            continue
        yield Hit(
            step,
            words(
                "{step} demands {documents} to identify the customer: {allowed}",
                step=ctx.quoted(step),
                documents=listed((_document(data[d].label or d) for d in demanded), " and "),
                allowed=_allowed(data_protection(ctx.journey)),
            ),
            evidence={"data": demanded},
        )


def _allowed(law: str | None) -> Words:
    """What the law allows ("GDPR art. 5(1)(c), 12(6)": the act, then its articles)."""
    if law is None:
        return words("it is proportionate only where lighter checks leave a reasonable doubt")
    act, articles = law.split(" art.", 1)
    return words(
        "{law} allows it only where lighter checks leave a reasonable doubt (art.{articles})",
        # The act by name, as a report's language calls it (GDPR, in French RGPD).
        law=words(act),
        articles=articles,
    )


def _document(label: str) -> Words:
    """A demanded document: "the passport scan"."""
    return words("the {document}", document=_label(label))


def _label(label: str) -> str:
    """A label as it reads inside a sentence ("the passport scan", "the ID card")."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() and len(first) > 1 else label[:1].lower() + label[1:]
