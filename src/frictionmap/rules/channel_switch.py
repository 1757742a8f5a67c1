"""The customer has to start again on another kind of channel.

## Why it hurts

57% of customers had to switch from the web to the phone (HBR 2010), and
channel switching is one of CEB's drivers of disloyalty (*The Effortless
Experience*, 2013; Gartner 2019 lists it first among its effort indicators):
customers who tried self-service but had to phone are 10% more disloyal than
those served in the channel they chose. SQM finds one-contact resolution
across channels (59%) well below call-centre FCR (70%). In the ISP case
(seed 001) the customer alternates between the website, support e-mails and a
paid hotline; in the DVD-software case (seed 003) e-mail support sends the
customer to an international phone call.

A channel switch is a branch into a `contact` step whose channel kind differs
from that of the step before it (FORMAT.md); a step before it with no channel
(its own predecessors disagree) is no switch. A contact the customer chose
to make (`initiated_by: customer`: calling their own bank, writing to the
press) is no forced switch; one the company asked for (`initiated_by:
company`: its own e-mail says "please call us") is, and the evidence says so.
A chat opened from the web page or app the customer is on is no switch
either: it keeps the customer where they are, with the page's context.
The finding stands at the contact step, once, naming every switch that leads
into it.

## Example

```yaml
  faq: {type: self_service, channel: website, next: [done, call]}
  call: {type: contact, channel: hotline, next: agent}
```

Use instead:

```yaml
  faq: {type: self_service, channel: website, next: [done, chat]}
  chat:
    type: contact
    label: Chat inside the help page
    channel: website              # same channel: the customer stays where they are
    next: agent
```

## Options

None.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Hit
from ..graph import is_channel_switch
from ..text import listed, words
from .base import Context, NoOptions, rule


@rule(
    "channel-switch",
    severity="note",
    family="effort",
    harm=2,  # evidence.md section 8: CHANNEL_SWITCH 2
    advice=(
        "Resolve in the channel the customer chose, or carry the case over (call them "
        "back, reply by mail)."
    ),
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    for step in ctx.journey.steps:
        facts = ctx.facts(step)
        kind = facts.channel_kind
        if not facts.is_contact or kind is None or step not in ctx.reachable:
            continue
        if facts.own_choice:  # the customer chose this channel (issue 12)
            continue
        # predecessor kind -> the predecessors of that kind
        switches: dict[str, list[str]] = {}
        for pred in ctx.in_reading_order(list(ctx.graph.predecessors(step))):
            before = ctx.facts(pred).channel_kind
            if pred in ctx.reachable and before is not None and is_channel_switch(before, facts):
                switches.setdefault(before, []).append(pred)
        if not switches:
            continue
        kinds = sorted(switches)
        froms = [p for k in kinds for p in switches[k]]
        yield Hit(
            step,
            words(
                "at {step} the customer has to start again on another channel ({switches})",
                step=ctx.quoted(step),
                switches=listed((f"{k} -> {kind}" for k in kinds), ", "),
            ),
            steps=tuple(ctx.in_reading_order(froms)),
            evidence={
                "from_kinds": kinds,
                "to_kind": kind,
                "asked_by_company": facts.initiated_by == "company",
            },
        )
