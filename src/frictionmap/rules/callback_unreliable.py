"""A promised callback may never reach a person.

## Why it hurts

A callback is a promise; one that never comes breaks it and forces a new
contact, and destroys the trust that made the customer accept it: only 37%
of callers accept a callback offer at all (Emadi, Deshpande & Hathaway,
*Management Science*), and "deliver what was promised" is a core lever of
*The Effortless Experience* (2013), see `evidence.md` sections 1 and 3. In
the Canal+ case (seed 004) the callback requested online never came and the
customer had to phone the paid hotline.

A branch of a `callback` step fails when, from where it leads, no `agent`
or `queue` can be reached without the customer starting a new contact; a
branch straight to an agent or a queue succeeds.

## Example

```yaml
  callback:
    type: callback
    hours: 24
    next:
      - {to: agent, p: 0.05}
      - {to: call_again, p: 0.95, when: "nobody calls back"}
```

Use instead:

```yaml
  callback:
    type: callback
    hours: 2
    next:
      - {to: agent, p: 0.9}
      - {to: retry_callback, p: 0.1, when: "no answer: retried at a second slot"}
```

## Options

None.
"""

from collections.abc import Iterator

from ..findings import Hit
from ..text import conditions, listed, share_of_cases, words
from .base import Context, NoOptions, rule


def _reaches_a_person(ctx: Context) -> set[str]:
    """Steps from which an agent or queue is reachable without a new `contact`.

    One backward search from every agent and queue that never steps onto a
    `contact` step: linear in the size of the graph.
    """
    graph = ctx.graph
    found = {n for n in graph if ctx.facts(n).reaches_person}
    stack = list(found)
    while stack:
        step = stack.pop()
        for pred in graph.predecessors(step):
            if pred not in found and not ctx.facts(pred).is_contact:
                found.add(pred)
                stack.append(pred)
    return found


@rule(
    "callback-unreliable",
    severity="warning",
    family="reliability",
    harm=5,  # evidence.md section 8: CALLBACK_NOT_HONOURED 5
    advice=(
        "Make callbacks certain: a fixed slot, a retry when unanswered, and a check "
        "that it happened."
    ),
)
def check(ctx: Context, options: NoOptions) -> Iterator[Hit]:
    callbacks = [s for s in ctx.journey.steps if ctx.facts(s).type == "callback"]
    if not callbacks:
        return
    ok = _reaches_a_person(ctx)
    for step in callbacks:
        # In branch order, as written (networkx keeps insertion order).
        failing = [t for t in ctx.graph.successors(step) if t not in ok]
        if not failing:
            continue
        p_fail = sum(ctx.graph.edges[step, t]["p"] for t in failing)
        whens = [w for t in failing if (w := ctx.graph.edges[step, t]["when"])]
        yield Hit(
            step,
            words(
                "{step} never puts the customer through to a person in {share} of cases{why}: "
                "they go on to {targets} and must start again",
                step=ctx.quoted(step),
                share=share_of_cases(p_fail),
                why=conditions(whens),
                targets=listed((ctx.quoted(t) for t in failing), ", "),
            ),
            steps=tuple(failing),
            evidence={"p_fails": p_fail, "to": failing},
        )
