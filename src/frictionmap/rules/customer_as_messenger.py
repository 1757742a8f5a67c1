"""The customer is sent away to contact someone again themselves.

## Why it hurts

When a team's step ends with the customer starting a new contact, the
customer carries the case to the next desk: an ad hoc touchpoint the company
did not plan (Halvorsrud, Kvale & Følstad 2016), a repeat contact that makes
disloyalty 2.5 times more likely (Dixon, Tethr 2020) and often a channel
switch (HBR 2010: 57% had to switch from the web to the phone). In the Office
case (seed 000) technical support gives the customer the commercial line to
call herself; in the DVD-software case (seed 003) e-mail support tells the
customer to phone US technical support, internationally and at his cost.

The finding stands at the team-owned step that sends the customer away: an
`agent`, `ivr`, `bot`, `message` or `self_service` step whose branch (not
`dropped`: a cut line is `dropped-contact`'s) leads to a `contact` step,
directly or through team-less `message`, `ivr`, `bot` or `delay` steps (an
agent, then a message "call this number", then the call). A team's `queue`,
`callback` or `delay` sends nobody away: the customer only waits there. A
team-less self-service step in between is the customer trying alone, so a
contact after it is their own next try, and so is a contact after a
team-less `delay` with several branches (time passes, the problem comes
back, and the customer chooses to call again, write elsewhere or give up):
a repeat-call loop is `repeat-contact`'s. A branch back to the first contact
after an agent counts: the customer has to call again.

## Example

```yaml
  tech_agent:
    type: agent
    team: tech
    next: call_sales              # "call commercial support on this number"
  call_sales: {type: contact, channel: phone, next: sales_agent}
```

Use instead:

```yaml
  tech_agent:
    type: agent
    team: tech
    next: sales_agent             # warm transfer: the agent hands the case over
```

## Options

None.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from ..findings import Hit
from ..text import listed, words
from .base import Context, NoOptions, rule

# How many contacts a finding names.
MAX_NAMED = 3


def _join(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(sorted(set(a) | set(b))[:MAX_NAMED])


def _sent_to(ctx: Context, step: str) -> bool:
    """A contact the customer is sent to: not one they chose to make themselves
    (`initiated_by: customer`, e.g. calling their own bank; issue 12)."""
    facts = ctx.facts(step)
    return facts.is_contact and not facts.own_choice


def _first_teams(ctx: Context, contact: str) -> set[str | None]:
    """The teams of the first team-owned steps a contact leads to (None: an end first)."""
    found: set[str | None] = set()
    seen = {contact}
    stack = [contact]
    while stack:
        step = stack.pop()
        for succ in ctx.graph.successors(step):
            if succ in seen:
                continue
            seen.add(succ)
            facts = ctx.facts(succ)
            if facts.transfer_team is not None:
                found.add(facts.transfer_team)
            elif facts.is_outcome or facts.is_contact:
                found.add(None)
            else:
                stack.append(succ)
    return found


def _kept_branches(ctx: Context) -> dict[str, list[str]]:
    """Each step's targets over branches that are not `dropped`, in reading order."""
    kept: dict[str, list[str]] = {}
    for step_id, step in ctx.journey.steps.items():
        targets = [b.to for b in step.next if not b.dropped]
        kept[step_id] = list(dict.fromkeys(targets))
    return kept


def _relayed_contacts(
    ctx: Context, kept: dict[str, list[str]], order: dict[str, int]
) -> dict[str, tuple[int, ...]]:
    """For every relay step, the first contacts (reading order) it leads to via relays.

    A backward fixpoint on capped sets (the first MAX_NAMED of a union are the
    first of the first of each part, so capping is exact); linear-ish.
    """
    relays = {
        s
        for s in ctx.journey.steps
        if ctx.facts(s).team is None
        and ctx.facts(s).relays
        # Time passing with a choice (call again, write elsewhere, give up) is the
        # customer's own next try after a failure: a repeat contact, not an errand.
        and not (ctx.facts(s).type == "delay" and len(kept[s]) > 1)
    }
    relay_preds: dict[str, list[str]] = {s: [] for s in relays}
    value: dict[str, tuple[int, ...]] = {}
    for relay in relays:
        direct = [order[t] for t in kept[relay] if _sent_to(ctx, t)]
        value[relay] = _join((), tuple(direct))
        for target in kept[relay]:
            if target in relays:
                relay_preds[target].append(relay)
    queue = deque(sorted((r for r in relays if value[r]), key=order.__getitem__))
    queued = set(queue)
    while queue:
        relay = queue.popleft()
        queued.discard(relay)
        for pred in relay_preds[relay]:
            joined = _join(value[pred], value[relay])
            if joined != value[pred]:
                value[pred] = joined
                if pred not in queued:
                    queue.append(pred)
                    queued.add(pred)
    return value


@rule(
    "customer-as-messenger",
    severity="warning",
    family="ownership",
    harm=4,  # evidence.md section 8: CUSTOMER_AS_MESSENGER 4
    advice=(
        "Contact the other department or company yourself and come back to the customer "
        "with the answer."
    ),
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    steps = list(ctx.journey.steps)
    order = {s: i for i, s in enumerate(steps)}
    kept = _kept_branches(ctx)
    relayed = _relayed_contacts(ctx, kept, order)
    for step in steps:
        facts = ctx.facts(step)
        if step not in ctx.reachable or facts.team is None or not facts.instructs:
            continue
        contacts: tuple[int, ...] = ()
        for target in kept[step]:
            if _sent_to(ctx, target):
                contacts = _join(contacts, (order[target],))
            elif target in relayed:
                contacts = _join(contacts, relayed[target])
        # Answering a message by calling the very team that wrote it (a bill, then
        # its billing line) is no errand: the customer carries nothing across.
        if facts.type == "message":
            team = facts.transfer_team
            contacts = tuple(i for i in contacts if _first_teams(ctx, steps[i]) != {team})
        if not contacts:
            continue
        named = [steps[i] for i in contacts]
        yield Hit(
            step,
            words(
                "{step} sends the customer away: the journey goes on at {contacts}, a contact "
                "the customer has to make again themselves, carrying the case",
                step=ctx.quoted(step),
                contacts=listed((ctx.quoted(c) for c in named), " or "),
            ),
            steps=tuple(named),
            evidence={"contacts": named},
        )
