"""An automated menu offers more options than a caller can keep in mind.

## Why it hurts

A spoken menu is held in auditory memory: ISO/IEC 13714 asks for at most 4
commands per menu wherever possible, Avaya's guidelines for no more than 4-5,
and 70% of Fortune 500 IVRs keep their top menu at 5 options or fewer
(Software Advice 2014), see `evidence.md` section 3. Broad menus still beat
deep ones, so this is only a note.

## Example

```yaml
  menu:
    type: ivr
    next: [billing, orders, delivery, returns, technical, other]
```

Use instead:

```yaml
  menu:
    type: ivr
    next: [orders_and_delivery, billing_and_returns, technical, adviser]
```

## Options

Options the journey does not follow are listed in `other_options:` on the
menu step: they count here, and are never walked.

- `max_options` (default `4`): the most branches a menu may offer. ISO/IEC
  13714: at most 4 commands per menu.
"""

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..findings import Hit
from ..text import Figure, words
from .base import Context, rule


class WideMenuOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_options: int = Field(
        default=4,
        ge=1,
        description="Most options per menu: ISO/IEC 13714 asks for at most 4 "
        "(evidence.md section 3).",
    )


@rule(
    "wide-menu",
    severity="note",
    family="automation",
    options=WideMenuOptions,
    harm=1,  # evidence.md section 8: WIDE_MENU 1-2
    advice="Keep four or five options per menu, the most used first.",
)
def check(ctx: Context, options: WideMenuOptions) -> Iterator[Hit]:
    for step_id, step in ctx.journey.steps.items():
        # Branches as written: two options to the same place are still two to hear;
        # options this journey does not follow (`other_options`) are heard too.
        count = len(step.next) + len(step.other_options)
        if not ctx.facts(step_id).is_menu or count <= options.max_options:
            continue
        yield Hit(
            step_id,
            words(
                "{step} reads out {count} options, more than the {limit} a caller can keep in "
                "mind (ISO/IEC 13714)",
                step=ctx.quoted(step_id),
                count=Figure(str(count)),
                limit=Figure(str(options.max_options)),
            ),
            evidence={"options": count, "max_options": options.max_options},
        )
