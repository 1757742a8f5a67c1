"""An automated menu that every walk reaches only after too many menus in a row.

## Why it hurts

Each extra menu level adds time and a new chance of misrouting; depth hurts
more than breadth (broad single menus beat deep ones: HFES 1997, Commarford,
Lewis et al., *Human Factors* 2008). Software Advice's study of 50 Fortune
500 IVRs (2014) recommends offering the agent by the third menu at the
latest; 28% of companies needed about three menus, see `evidence.md`
section 3.

The depth of an `ivr` step is the fewest consecutive `ivr` steps ending at
it on any walk from `start` (a step that is not an `ivr` resets the count);
the rule fires where even the shortest way in is deeper than `max_depth`,
once per deep menu: at its first menu past the limit, naming the deeper
menus that follow it.

## Example

```yaml
  menu_1: {type: ivr, next: menu_2}
  menu_2: {type: ivr, next: menu_3}
  menu_3: {type: ivr, next: menu_4}
  menu_4: {type: ivr, next: hold}
```

Use instead:

```yaml
  menu_1: {type: ivr, next: menu_2}
  menu_2:
    type: ivr
    next:
      - {to: hold, p: 0.5, when: "0: speak to an adviser"}
      - {to: menu_3, p: 0.5}
  menu_3: {type: ivr, next: hold}
```

## Options

- `max_depth` (default `3`): the deepest acceptable menu. Software Advice
  (2014): offer the agent by the third menu at the latest.
"""

from collections import deque
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..findings import Hit
from ..text import Figure, Words, words
from .base import Context, rule


class DeepMenuOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_depth: int = Field(
        default=3,
        ge=1,
        description="Deepest acceptable run of menus: Software Advice 2014 recommends the "
        "agent by the third menu at the latest (evidence.md section 3).",
    )


def menu_depths(ctx: Context) -> dict[str, int]:
    """For each reachable `ivr` step, the fewest consecutive `ivr` steps ending at it.

    A multi-source BFS over ivr -> ivr edges: an ivr step entered from a
    reachable step that is not an ivr (or the start itself) has depth 1.
    """
    graph = ctx.graph

    def is_menu(step: str) -> bool:
        return ctx.facts(step).is_menu

    depth: dict[str, int] = {}
    queue: deque[str] = deque()
    for step in ctx.journey.steps:
        if step not in ctx.reachable or not is_menu(step):
            continue
        entered_fresh = step == ctx.start or any(
            p in ctx.reachable and not is_menu(p) for p in graph.predecessors(step)
        )
        if entered_fresh:
            depth[step] = 1
            queue.append(step)
    while queue:
        step = queue.popleft()
        for succ in graph.successors(step):
            if is_menu(succ) and succ not in depth:
                depth[succ] = depth[step] + 1
                queue.append(succ)
    return depth


def _ordinal(n: int) -> Words:
    """An ordinal (2nd, 11th, 23rd): one template per English suffix, 1st its own."""
    if n == 1:
        return words("1st")
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return words("{n}" + suffix, n=Figure(str(n)))


def _more(count: int) -> Words | str:
    """The menus past the limit after the first one, if any."""
    if count == 0:
        return ""
    if count == 1:
        return words(", and 1 more menu after it")
    return words(", and {count} more menus after it", count=Figure(str(count)))


def _menus(count: int) -> Words:
    """The menus before (English says "1 menus" too, as it always has)."""
    if count == 1:
        return words("1 menus")
    return words("{count} menus", count=Figure(str(count)))


@rule(
    "deep-menu",
    severity="warning",
    family="automation",
    options=DeepMenuOptions,
    harm=3,  # evidence.md section 8: DEEP_IVR 3
    advice="Flatten the menus: reach a person by the third menu at the latest.",
)
def check(ctx: Context, options: DeepMenuOptions) -> Iterator[Hit]:
    depths = menu_depths(ctx)
    for step in ctx.journey.steps:
        depth = depths.get(step)
        # One deep menu, one finding: at the first menu past the limit. Every
        # deeper menu follows one at the limit (depths are shortest runs).
        if depth is None or depth != options.max_depth + 1:
            continue
        deeper = _deeper(ctx, step, depths)
        yield Hit(
            step,
            words(
                "{step} is at best the {ordinal} automated menu in a row{more}: the customer "
                "gets through {menus} before it",
                step=ctx.quoted(step),
                ordinal=_ordinal(depth),
                more=_more(len(deeper)),
                menus=_menus(depth - 1),
            ),
            steps=tuple(deeper),
            evidence={
                "depth": depth,
                "deepest": max([depth, *(depths[d] for d in deeper)]),
                "max_depth": options.max_depth,
            },
            advice=f"Flatten the menus to at most {options.max_depth} "
            f"level{'' if options.max_depth == 1 else 's'}, and offer a person by the third.",
        )


def _deeper(ctx: Context, step: str, depths: dict[str, int]) -> list[str]:
    """The menus past the limit reached from `step` through menus only, in reading order."""
    found: set[str] = set()
    stack = [step]
    while stack:
        here = stack.pop()
        for succ in ctx.graph.successors(here):
            if succ in depths and depths[succ] > depths[step] and succ not in found:
                found.add(succ)
                stack.append(succ)
    return ctx.in_reading_order(found)
