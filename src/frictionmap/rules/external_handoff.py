"""The customer is handed over to another company, a subcontractor or partner.

## Why it hurts

"It's not us, it's the subcontractor" does not hold in law: for a distance
contract the trader is fully liable ("de plein droit") for its proper
performance even when other service providers perform it (French Code de la
consommation, art. L221-15). For the customer a hand-off adds a transfer
(SQM 2021: 12% lower satisfaction, 14% lower first-contact resolution), often
a channel switch and repeated information. In the Sephora case (seed 004) the
agent blames the e-gift-card subcontractor, which then takes up to 72 hours
for a card sold as "immediate".

The finding stands at the first step of the external team (a team marked
`external: true`) on each transfer into it; a journey that starts with the
external team has no transfer into it.

## Example

```yaml
teams:
  cc: {name: Customer service}
  giftcards: {name: Gift-card subcontractor, external: true}
steps:
  agent: {type: agent, team: cc, next: delivery}
  delivery: {type: delay, team: giftcards, hours: 72, next: done}
```

Use instead:

```yaml
  agent:
    type: agent
    team: cc
    label: Agent re-issues the card from the trader's own system
    next: done
```

## Options

None.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Hit
from ..law import liability
from ..text import listed, words
from .base import Context, NoOptions, rule


@rule(
    "external-handoff",
    severity="warning",
    family="ownership",
    harm=4,  # evidence.md section 8: SUBCONTRACTOR_HANDOFF 4
    advice=(
        "Keep the customer with you and deal with the subcontractor yourself: the "
        "trader stays liable for its partners."
    ),
    strict="error",
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    # into-step -> (external team, teams handing over, steps handing over)
    handoffs: dict[str, tuple[str, set[str], set[str]]] = {}
    teams = ctx.journey.teams
    for from_step, into, from_team, to_team in ctx.transfers:
        spec = teams.get(to_team)
        if spec is None or not spec.outside:
            continue
        before = teams.get(from_team)
        # Two departments of one outside company are one company (issue 12).
        if before is not None and before.company_key(from_team) == spec.company_key(to_team):
            continue
        _, from_teams, from_steps = handoffs.setdefault(into, (to_team, set(), set()))
        from_teams.add(from_team)
        from_steps.add(from_step)
    for into in ctx.in_reading_order(set(handoffs)):
        to_team, from_teams, from_steps = handoffs[into]
        # The citation is said as one phrase: French cites the article its own way.
        law = liability(ctx.journey)
        yield Hit(
            into,
            words(
                "at {step} the customer is handed over from {sources} to {team}, another "
                "company: the trader stays liable for the contract{law}",
                step=ctx.quoted(into),
                sources=listed((_team_name(ctx, t) for t in sorted(from_teams)), " or "),
                team=_team_name(ctx, to_team),
                law=words(law) if law else "",
            ),
            steps=tuple(ctx.in_reading_order(from_steps)),
            evidence={"team": to_team, "from_teams": sorted(from_teams)},
        )


def _team_name(ctx: Context, team: str) -> str:
    spec = ctx.journey.teams.get(team)
    return f"'{spec.name}'" if spec is not None and spec.name else f"'{team}'"
