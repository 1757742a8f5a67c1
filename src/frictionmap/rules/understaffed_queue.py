"""A staffed queue answers too few callers within the target time.

## Why it hurts

Waiting for a human is effort, and callers abandon as the wait grows: in the
Erlang-A model the share who hang up is proportional to the average wait
(Mandelbaum & Zeltyn 2005, evidence.md section 2). A queue's `staffing`
(agents, calls per hour, handle minutes) gives the offered load
A = calls_per_hour x handle_minutes / 60 Erlangs and, by Erlang C
(evidence.md section 4), the probability of waiting, the average speed of
answer (ASA) and the service level: the share answered within
`target_seconds` (default 30 s: 86% of ING Direct customers say a wait
should not exceed 30 s). The default target of 80% answered in time follows
the 80/20 convention; it is a convention traced to AT&T, not a standard, so
set `target_service_level` to your own commitment. With as many agents as
Erlangs of load or fewer the queue is unstable: calls arrive faster than
they are answered and the wait grows without bound; that is reported as an
error whatever the configured severity below error. Erlang C assumes
nobody hangs up, so it over-estimates waits where callers abandon.

## Example

```yaml
  hotline_queue:
    type: queue
    team: support
    staffing: {agents: 3, calls_per_hour: 120, handle_minutes: 1}
    next: agent
```

Use instead:

```yaml
  hotline_queue:
    type: queue
    team: support
    staffing: {agents: 4, calls_per_hour: 120, handle_minutes: 1}
    next: agent
```

## Options

- `target_service_level` (default 0.8): the share of callers to answer within
  the queue's `staffing.target_seconds` (the 80/20 convention).
"""

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..findings import Hit, Severity
from ..queueing import QueueForecast, agents_needed, forecast
from ..text import Figure, Words, words
from .base import Context, rule


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    target_service_level: float = Field(
        default=0.8,
        ge=0,
        le=1,
        description=(
            "Share of callers to answer within the queue's target_seconds; 0.8 is the "
            "80/20 convention (evidence.md section 2), a convention rather than a standard."
        ),
    )


@rule(
    "understaffed-queue",
    severity="warning",
    family="metrics",
    options=Options,
    harm=3,  # evidence.md section 8: the cause of LONG_WAIT 2-4
    advice="Staff the queue to its target (Erlang C) or offer a callback in peaks.",
)
def check(ctx: Context, options: Options) -> Iterator[Hit]:
    for step_id, step in ctx.journey.steps.items():
        if step.type != "queue" or step.staffing is None:
            continue
        staffing = step.staffing
        predicted = forecast(staffing)
        target = options.target_service_level
        if not predicted.unstable and predicted.service_level >= target:
            continue
        needed = agents_needed(
            staffing.calls_per_hour, staffing.handle_minutes, staffing.target_seconds, target
        )
        yield Hit(
            step_id,
            _message(ctx.quoted(step_id), staffing.calls_per_hour, predicted, target),
            evidence=_evidence(predicted, target, needed),
            advice=_advice(needed),
            severity=Severity.ERROR if predicted.unstable else None,
        )


def _message(where: str, calls_per_hour: float, predicted: QueueForecast, target: float) -> Words:
    load = words(
        (
            "{queue}: {agents} agents for an offered load of {erlangs} Erlangs ({calls} calls/h "
            "x {minutes} min)"
        )
        if predicted.agents != 1
        else (
            "{queue}: {agents} agent for an offered load of {erlangs} Erlangs ({calls} calls/h "
            "x {minutes} min)"
        ),
        queue=where,
        agents=Figure(str(predicted.agents)),
        erlangs=Figure(f"{predicted.offered_load:.2f}"),
        calls=Figure(f"{calls_per_hour:g}"),
        minutes=Figure(f"{predicted.handle_minutes:g}"),
    )
    within = Figure(f"{predicted.target_seconds:g} s")
    if predicted.unstable:
        return words(
            "{load}: calls arrive faster than they are answered, so every caller waits and the "
            "wait grows without bound (service level {level} within {within}, target {target})",
            load=load,
            level=Figure("0%"),
            within=within,
            target=Figure(_percent(target)),
        )
    return words(
        "{load}: {waiting} of callers wait, {asa} on average; {answered} are answered within "
        "{within}, below the {target} target",
        load=load,
        waiting=Figure(_percent(predicted.p_wait)),
        asa=Figure(_duration(predicted)),
        answered=Figure(_percent(predicted.service_level)),
        within=within,
        target=Figure(_percent(target)),
    )


def _advice(needed: int | None) -> str:
    """The fix from the forecast: how many agents reach the target, if any do."""
    if needed is not None:
        return (
            f"Staff the queue with {needed} agents to reach the target, or offer a callback "
            "in peaks."
        )
    return "No staffing reaches that target: lower it, or offer a callback in peaks."


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _duration(predicted: QueueForecast) -> str:
    seconds = predicted.asa_seconds or 0.0
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min"


def _evidence(predicted: QueueForecast, target: float, needed: int | None) -> dict[str, object]:
    return {
        "agents": predicted.agents,
        "offered_load": round(predicted.offered_load, 6),
        "occupancy": round(predicted.occupancy, 6),
        "p_wait": round(predicted.p_wait, 6),
        "asa_seconds": None if predicted.asa_seconds is None else round(predicted.asa_seconds, 3),
        "service_level": round(predicted.service_level, 6),
        "target_seconds": predicted.target_seconds,
        "target_service_level": target,
        "unstable": predicted.unstable,
        "agents_needed": needed,
    }
