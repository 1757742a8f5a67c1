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
from ..text import Words, words
from .base import Context, NoOptions, declared_rule_ids, rule


def _suggestion(name: str, known: list[str]) -> str | None:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _message(where: Words, name: str, suggestion: str | None) -> Words:
    return words(
        "{where} names '{name}', which is not a frictionmap rule, so it suppresses nothing",
        where=where,
        name=name,
    )


def _advice(suggestion: str | None) -> str | None:
    """The fix when a known rule id is close to the name: write that one."""
    if suggestion is None:
        return None  # the rule's own advice
    return f"Write '{suggestion}' if that is the rule you meant, or remove the suppression."


@rule(
    "unknown-allow",
    severity="warning",
    family="configuration",
    harm=1,  # evidence.md section 8: a configuration slip
    advice=(
        "Name an existing rule id in `allow` (see `frictionmap rules`), or remove the "
        "suppression."
    ),
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
                _message(
                    words("the `allow` of {step}", step=ctx.quoted(step_id)), name, suggestion
                ),
                evidence={"rule": name, "scope": "step", "suggestion": suggestion},
                advice=_advice(suggestion),
            )
    for name in ctx.journey.allow:
        if name in RULES_BY_ID:
            continue
        suggestion = _suggestion(name, known)
        yield Hit(
            ctx.start,
            _message(words("the journey-level `allow`"), name, suggestion),
            evidence={"rule": name, "scope": "journey", "suggestion": suggestion},
            advice=_advice(suggestion),
        )
