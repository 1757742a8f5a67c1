"""A suppression names a rule that does not exist.

## Why it hurts

An `allow` whose rule id is misspelt (`repeated-entries` for
`repeated-entry`) suppresses nothing: the finding it was meant to accept
still shows, or worse, the author believes a reviewed exception is recorded
when it is not. Like a linter's unknown `noqa` code, it is reported so that
the journey's documented exceptions stay true. Journey-level `allow` entries
are reported at the `start` step.

## Example

```yaml
  agent:
    type: agent
    asks: [account_number]
    allow:
      repeated-entries: security check required by the bank regulator
```

Use instead:

```yaml
  agent:
    type: agent
    asks: [account_number]
    allow:
      repeated-entry: security check required by the bank regulator
```

## Options

None.
"""

import difflib
from collections.abc import Iterator

from ..findings import Hit
from .base import Context, NoOptions, declared_rule_ids, rule


def _suggestion(name: str, known: list[str]) -> str | None:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _message(where: str, name: str, suggestion: str | None) -> str:
    hint = f"did you mean '{suggestion}'?" if suggestion else "see `frictionmap rules`."
    return (
        f"{where} names '{name}', which is not a frictionmap rule, so it suppresses nothing; {hint}"
    )


@rule(
    "unknown-allow",
    severity="warning",
    family="configuration",
    harm=1,  # evidence.md section 8: a configuration slip
    advice="Name an existing rule id in `allow`, or remove the suppression.",
    strict="error",
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    known = declared_rule_ids()
    RULES_BY_ID = set(known)
    for step_id, step in ctx.journey.steps.items():
        for name in step.allow:
            if name in RULES_BY_ID:
                continue
            suggestion = _suggestion(name, known)
            yield Hit(
                step_id,
                _message(f"the `allow` of {ctx.quoted(step_id)}", name, suggestion),
                evidence={"rule": name, "scope": "step", "suggestion": suggestion},
            )
    for name in ctx.journey.allow:
        if name in RULES_BY_ID:
            continue
        suggestion = _suggestion(name, known)
        yield Hit(
            ctx.start,
            _message("the journey-level `allow`", name, suggestion),
            evidence={"rule": name, "scope": "journey", "suggestion": suggestion},
        )
