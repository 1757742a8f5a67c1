"""A team that does not speak the customer's language handles the customer.

## Why it hurts

A customer who cannot explain the problem in their own language spends more
effort and gets "robotic or generic service", one of CEB's drivers of
disloyalty (*The Effortless Experience*, 2013): explanations become laborious
and the issue is misunderstood, so it has to be explained again (56% already
had to re-explain, HBR 2010). In the Sephora case (seed 004) an agent with very
limited French can only say "not us, a subcontractor"; in the licence-audit
case (seed 002) the Microsoft agent's French was not good enough to help.

The finding stands at each reachable team-owned step whose team's `language`
differs from `customer.language`. Only the primary language subtags are
compared, case-insensitively (`fr-FR` and `fr` agree); nothing is reported
when either language is unset.

## Example

```yaml
customer: {language: fr}
teams:
  offshore: {name: Offshore support, language: en}
steps:
  agent: {type: agent, team: offshore, next: done}
```

Use instead:

```yaml
teams:
  offshore: {name: Offshore support, language: en}
  support_fr: {name: French-speaking support, language: fr}
steps:
  agent: {type: agent, team: support_fr, next: done}
```

## Options

None.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Hit
from ..text import words
from .base import Context, NoOptions, rule


def primary_language(tag: str) -> str:
    """The primary subtag of a BCP 47 tag, lower-cased: `fr-FR` -> `fr`."""
    return tag.replace("_", "-").split("-", 1)[0].strip().lower()


@rule(
    "language-mismatch",
    severity="warning",
    family="effort",
    harm=3,  # evidence.md section 8: like a transfer the customer cannot follow
    advice="Route the customer to a team that speaks their language, or offer it as a choice.",
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    spoken = ctx.journey.customer.language
    if not spoken:
        return
    for step in ctx.journey.steps:
        team = ctx.facts(step).team
        spec = ctx.journey.teams.get(team) if team is not None else None
        if step not in ctx.reachable or spec is None or not spec.language:
            continue
        if primary_language(spec.language) == primary_language(spoken):
            continue
        name = spec.name or team
        yield Hit(
            step,
            words(
                "at {step} the customer, who speaks '{spoken}', is handled by '{team}' in "
                "'{language}'",
                step=ctx.quoted(step),
                spoken=spoken,
                team=str(name),
                language=spec.language,
            ),
            evidence={
                "team": team,
                "team_language": spec.language,
                "customer_language": spoken,
            },
        )
