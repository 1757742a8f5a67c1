"""Write what a log observed into a copy of the journey (`frictionmap calibrate`).

For every step the log visits:

- branch probabilities: p(s -> t) = transitions s -> t / transitions from s
  to designed steps (a designed branch never taken gets p 0; two branches to
  one step share its count in proportion to their designed p). Steps with one
  designed branch keep it as it is. Transitions the design does not have are
  left out of p and counted in `observed.transitions` (`conform` lists them);
- time: the mean time until the next event of the case is the step's elapsed
  time; it is written where the step type keeps it, less the step's other
  designed parts: a queue's (a callback's) `wait.actual`, a delay's (a
  message's) `hours`, every other step's `minutes`. The mean, the 90th
  percentile and the sample size go to `observed.time`;
- `observed`: visits (the sample size of the probabilities), cases, the
  transitions as counted, cases whose log ends at the step (abandonment
  where the step is no outcome), cases that came back to it, and a note
  with the log and its period;
- the journey: `volume` (cases per month over the log's period) and
  `observed` (log, period, cases, events, repeat contacts, warnings).

The file is rewritten from its parsed YAML: keys keep their order, comments
are not kept. The input is never written over (the command refuses).
"""

from __future__ import annotations

from typing import Any

from ..model import Journey
from .observe import Observation

#: Step types whose observed time is a wait, calendar hours, or the customer's minutes.
_WAITS = ("queue", "callback")
_HOURS = ("delay", "message")
DIGITS = 4


def _r(value: float) -> float:
    """Rounded for the file: 4 significant digits past the point is plenty for a guess."""
    return float(f"{value:.{DIGITS}g}") if abs(value) < 1e4 else float(round(value))


def calibrated_data(data: dict[str, Any], journey: Journey, seen: Observation) -> dict[str, Any]:
    """The journey's parsed YAML `data` with the observation written in (a new dict)."""
    out = dict(data)
    steps = dict(out.get("steps", {}))
    note = f"{seen.log}, {seen.period}" if seen.period else seen.log
    for step_id, raw in steps.items():
        observation = seen.steps.get(step_id)
        if not isinstance(raw, dict):
            continue
        if observation is None:
            # Not in this log: an `observed` of an earlier calibration would mislead.
            if "observed" in raw:
                steps[step_id] = {k: v for k, v in raw.items() if k != "observed"}
            continue
        step = journey.steps[step_id]
        updated = dict(raw)
        _branches(updated, step_id, journey, observation.next)
        _time(updated, step.type, observation.mean_minutes)
        observed: dict[str, Any] = {"visits": observation.visits, "cases": observation.cases}
        observed["transitions"] = {to: n for to, n in sorted(observation.next.items()) if to}
        if observation.ended and step.type != "outcome":
            observed["ended"] = observation.ended
        if observation.looped:
            observed["looped"] = observation.looped
        if observation.timed and observation.mean_minutes is not None:
            observed["time"] = {
                "n": observation.timed,
                "mean": _r(observation.mean_minutes),
                "p90": _r(observation.p90_minutes or 0.0),
            }
        observed["note"] = note
        updated["observed"] = observed
        steps[step_id] = updated
    out["steps"] = steps
    if seen.cases_per_month is not None:
        out["volume"] = round(seen.cases_per_month)
    journey_observed: dict[str, Any] = {
        "source": seen.log,
        "period": seen.period,
        "cases": seen.cases,
        "events": seen.events,
    }
    if seen.repeat_share is not None:
        journey_observed["repeat_days"] = seen.repeat_days
        journey_observed["repeat_share"] = _r(seen.repeat_share)
    if seen.warnings:
        journey_observed["warnings"] = [w.message for w in seen.warnings]
    out["observed"] = journey_observed
    return out


def _branches(raw: dict[str, Any], step_id: str, journey: Journey, counts: dict[str, int]) -> None:
    branches = journey.steps[step_id].next
    targets = {b.to for b in branches}
    if len(targets) < 2:
        return
    designed_total = sum(n for to, n in counts.items() if to in targets)
    if designed_total == 0:
        return
    # Branches to one step share its count as their designed p does (evenly without p).
    share: dict[str, float] = {}
    for branch in branches:
        share[branch.to] = share.get(branch.to, 0.0) + (branch.p if branch.p is not None else 1.0)
    written = []
    for branch, original in zip(branches, _raw_branches(raw.get("next")), strict=True):
        weight = (
            (branch.p if branch.p is not None else 1.0) / share[branch.to]
            if share[branch.to]
            else 1.0 / sum(1 for b in branches if b.to == branch.to)
        )
        p = counts.get(branch.to, 0) * weight / designed_total
        written.append({**original, "p": _r(p)})
    # Rounding must not break the sum-to-1 check: the largest branch takes the rest.
    largest = max(range(len(written)), key=lambda i: written[i]["p"])
    rest = sum(b["p"] for i, b in enumerate(written) if i != largest)
    written[largest]["p"] = float(f"{1.0 - rest:.12g}")
    raw["next"] = written


def _raw_branches(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        return [{"to": value}]
    return [{"to": item} if isinstance(item, str) else dict(item) for item in value or []]


def _time(raw: dict[str, Any], step_type: str, mean: float | None) -> None:
    if mean is None or step_type == "outcome":
        return
    minutes = float(raw.get("minutes") or 0.0)
    hours = float(raw.get("hours") or 0.0)
    wait_value = raw.get("wait")
    wait = _wait_minutes(wait_value)
    if step_type in _WAITS and (step_type == "queue" or wait_value is not None):
        actual = max(mean - minutes - 60.0 * hours, 0.0)
        if isinstance(wait_value, dict):
            raw["wait"] = {**wait_value, "actual": _r(actual)}
        else:
            raw["wait"] = _r(actual)
    elif step_type in _HOURS or (step_type == "callback" and wait_value is None):
        rest = max(mean - minutes - wait, 0.0) / 60.0
        if rest > 0 or "hours" in raw:
            raw["hours"] = _r(rest)
    else:
        rest = max(mean - wait - 60.0 * hours, 0.0)
        if rest > 0 or "minutes" in raw:
            raw["minutes"] = _r(rest)


def _wait_minutes(value: Any) -> float:
    if isinstance(value, dict):
        return float(value.get("actual", value.get("announced")) or 0.0)
    return float(value or 0.0)


def dump(data: dict[str, Any]) -> str:
    """The calibrated journey as YAML, keys in their order."""
    import yaml

    class _NoAliases(yaml.SafeDumper):  # type: ignore[misc]
        # The loader refuses anchors and aliases: never write one for a shared value.
        def ignore_aliases(self, data: Any) -> bool:
            return True

    header = "# Calibrated by `frictionmap calibrate`: see `observed:` for each value's sample.\n"
    text: str = yaml.dump(
        data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100
    )
    return header + text
