"""The company's side of the money: what a journey costs to serve, and its staffing.

From the journey's exact metrics (expected visits per walk, `metrics.py`),
its volume and the `[company]` settings (settings.py):

- volume V (walks per month): the journey's `volume:` (a calibrated journey
  has the log's), else the `[company] volume`;
- agent minutes per walk a = sum of v(s) x `minutes` over `agent` and
  `callback` steps; contacts per walk c = expected contacts; repeat contacts
  per walk r = c - 1 (contacts past the first, never below 0);
- cost to serve per walk = a x cost_per_agent_minute + c x cost_per_contact;
  per month x V, per year x 12 V;
- agent hours per month = a V / 60; FTEs = agent hours / fte_hours_per_month;
- repeat contacts per year = 12 r V; where the journey was calibrated with
  customer ids, the share of walks that are a customer back within the
  repeat window is reported beside it (those walks are already in V);
- per staffed or visited queue q: calls per hour = V v(q) /
  open_hours_per_month; handle minutes = the queue's `staffing.handle_minutes`,
  else the mean `minutes` of the agent steps it leads to (by branch
  probability); Erlang C agents for the service level (queueing.py), and
  Erlang A agents for `max_abandonment` with the callers' mean patience:
  from the log (a calibrated queue: its total observed wait / its callers who
  hung up, the maximum-likelihood estimate for exponential patience), else
  `[company] patience_minutes`.

A redesign's saving (`saving`) compares two journeys at the before volume:
yearly saving, repeat contacts avoided per year, agent hours and FTEs freed.

Plain data and `to_dict()`; every figure that lacks an input is None and
`missing` names the input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..model import Journey
from .settings import CompanySettings

_AGENT_TYPES = ("agent", "callback")


def _r(value: float | None) -> float | None:
    return None if value is None else float(f"{value:.12g}") + 0.0


@dataclass(frozen=True)
class QueueStaffing:
    step: str
    calls_per_hour: float
    handle_minutes: float
    erlang_c_agents: int | None
    patience_minutes: float | None
    patience_from: str | None  # "log" or "config"
    erlang_a_agents: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "calls_per_hour": _r(self.calls_per_hour),
            "handle_minutes": _r(self.handle_minutes),
            "erlang_c_agents": self.erlang_c_agents,
            "patience_minutes": _r(self.patience_minutes),
            "patience_from": self.patience_from,
            "erlang_a_agents": self.erlang_a_agents,
        }


@dataclass(frozen=True)
class CompanyFigures:
    currency: str
    volume_per_month: float | None
    volume_from: str | None  # "journey" or "config"
    agent_minutes_per_walk: float
    contacts_per_walk: float
    repeat_contacts_per_walk: float
    repeat_case_share: float | None
    cost_per_walk: float | None
    cost_per_month: float | None
    cost_per_year: float | None
    agent_hours_per_month: float | None
    ftes: float | None
    repeat_contacts_per_year: float | None
    queues: tuple[QueueStaffing, ...]
    missing: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "volume_per_month": _r(self.volume_per_month),
            "volume_from": self.volume_from,
            "agent_minutes_per_walk": _r(self.agent_minutes_per_walk),
            "contacts_per_walk": _r(self.contacts_per_walk),
            "repeat_contacts_per_walk": _r(self.repeat_contacts_per_walk),
            "repeat_case_share": _r(self.repeat_case_share),
            "cost_per_walk": _r(self.cost_per_walk),
            "cost_per_month": _r(self.cost_per_month),
            "cost_per_year": _r(self.cost_per_year),
            "agent_hours_per_month": _r(self.agent_hours_per_month),
            "ftes": _r(self.ftes),
            "repeat_contacts_per_year": _r(self.repeat_contacts_per_year),
            "queues": [q.to_dict() for q in self.queues],
            "missing": list(self.missing),
        }


def company_figures(
    journey: Journey,
    step_visits: dict[str, float],
    expected_contacts: float,
    settings: CompanySettings,
    volume: float | None = None,
) -> CompanyFigures:
    """The company's figures of one journey (module docstring).

    `step_visits` and `expected_contacts` are the journey's exact metrics
    (`metrics.compute_metrics(...).step_visits`, `.expected_contacts`);
    `volume` overrides the journey's own (a diff compares at one volume).
    """
    missing: list[str] = []
    volume_from: str | None = None
    if volume is None and journey.volume is not None:
        volume, volume_from = journey.volume, "journey"
    elif volume is None and settings.volume is not None:
        volume, volume_from = settings.volume, "config"
    elif volume is not None:
        volume_from = "given"
    if volume is None:
        missing.append("volume")
    agent_minutes = math.fsum(
        step_visits.get(s, 0.0) * (step.minutes or 0.0)
        for s, step in journey.steps.items()
        if step.type in _AGENT_TYPES
    )
    repeats = max(expected_contacts - 1.0, 0.0)
    if settings.cost_per_agent_minute is None:
        missing.append("cost_per_agent_minute")
    if settings.cost_per_contact is None:
        missing.append("cost_per_contact")
    cost = None
    if settings.cost_per_agent_minute is not None or settings.cost_per_contact is not None:
        cost = agent_minutes * (settings.cost_per_agent_minute or 0.0) + expected_contacts * (
            settings.cost_per_contact or 0.0
        )
    per_month = None if cost is None or volume is None else cost * volume
    hours = None if volume is None else agent_minutes * volume / 60.0
    observed = journey.observed
    return CompanyFigures(
        currency=journey.currency,
        volume_per_month=volume,
        volume_from=volume_from,
        agent_minutes_per_walk=agent_minutes,
        contacts_per_walk=expected_contacts,
        repeat_contacts_per_walk=repeats,
        repeat_case_share=observed.repeat_share if observed is not None else None,
        cost_per_walk=cost,
        cost_per_month=per_month,
        cost_per_year=None if per_month is None else 12.0 * per_month,
        agent_hours_per_month=hours,
        ftes=None if hours is None else hours / settings.fte_hours_per_month,
        repeat_contacts_per_year=None if volume is None else 12.0 * repeats * volume,
        queues=_queues(journey, step_visits, settings, volume) if volume else (),
        missing=tuple(missing),
    )


def _handle_minutes(journey: Journey, queue: str) -> float | None:
    step = journey.steps[queue]
    if step.staffing is not None:
        return step.staffing.handle_minutes
    weights = [(b.p if b.p is not None else 1.0, journey.steps[b.to]) for b in step.next]
    agents = [(w, s.minutes) for w, s in weights if s.type == "agent" and s.minutes]
    total = math.fsum(w for w, _ in agents)
    if total <= 0:
        return None
    return math.fsum(w * (m or 0.0) for w, m in agents) / total


def patience_from_log(journey: Journey, queue: str) -> float | None:
    """Mean patience of a calibrated queue's callers: total wait / callers who hung up."""
    observed = journey.steps[queue].observed
    if observed is None or observed.time is None:
        return None
    abandoned = observed.ended + sum(
        n
        for to, n in observed.transitions.items()
        if to in journey.steps and journey.steps[to].outcome == "abandoned"
    )
    if abandoned == 0:
        return None
    return observed.time.mean * observed.time.n / abandoned


def _queues(
    journey: Journey, step_visits: dict[str, float], settings: CompanySettings, volume: float
) -> tuple[QueueStaffing, ...]:
    from ..queueing import agents_for_abandonment, agents_needed

    found = []
    for step_id, step in journey.steps.items():
        visits = step_visits.get(step_id, 0.0)
        if step.type != "queue" or visits <= 0:
            continue
        handle = _handle_minutes(journey, step_id)
        if handle is None:
            continue
        calls = volume * visits / settings.open_hours_per_month
        patience, source = patience_from_log(journey, step_id), "log"
        if patience is None:
            patience, source = settings.patience_minutes, "config"
        erlang_a = None
        if patience is not None and calls > 0:
            try:
                erlang_a = agents_for_abandonment(calls, handle, patience, settings.max_abandonment)
            except ValueError:
                erlang_a = None
        found.append(
            QueueStaffing(
                step=step_id,
                calls_per_hour=calls,
                handle_minutes=handle,
                erlang_c_agents=agents_needed(
                    calls, handle, settings.target_seconds, settings.service_level
                )
                if calls > 0
                else 0,
                patience_minutes=patience,
                patience_from=source if patience is not None else None,
                erlang_a_agents=erlang_a,
            )
        )
    return tuple(found)


@dataclass(frozen=True)
class Saving:
    """What a redesign saves the company, at the before journey's volume."""

    currency: str
    volume_per_month: float | None
    saving_per_walk: float | None
    yearly_saving: float | None
    repeat_contacts_avoided_per_year: float | None
    agent_hours_freed_per_month: float | None
    ftes_freed: float | None
    before: CompanyFigures
    after: CompanyFigures

    def to_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "volume_per_month": _r(self.volume_per_month),
            "saving_per_walk": _r(self.saving_per_walk),
            "yearly_saving": _r(self.yearly_saving),
            "repeat_contacts_avoided_per_year": _r(self.repeat_contacts_avoided_per_year),
            "agent_hours_freed_per_month": _r(self.agent_hours_freed_per_month),
            "ftes_freed": _r(self.ftes_freed),
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
        }


def saving(before: CompanyFigures, after: CompanyFigures) -> Saving:
    """Before minus after; `after` must be computed at `before`'s volume."""

    def minus(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else a - b

    return Saving(
        currency=before.currency,
        volume_per_month=before.volume_per_month,
        saving_per_walk=minus(before.cost_per_walk, after.cost_per_walk),
        yearly_saving=minus(before.cost_per_year, after.cost_per_year),
        repeat_contacts_avoided_per_year=minus(
            before.repeat_contacts_per_year, after.repeat_contacts_per_year
        ),
        agent_hours_freed_per_month=minus(
            before.agent_hours_per_month, after.agent_hours_per_month
        ),
        ftes_freed=minus(before.ftes, after.ftes),
        before=before,
        after=after,
    )


def company_terminal_lines(figures: CompanyFigures) -> list[str]:
    """The company's figures as plain lines (report terminal output)."""
    money = figures.currency
    out = []
    if figures.volume_per_month is not None:
        out.append(f"Volume: {figures.volume_per_month:,.0f} walks a month ({figures.volume_from})")
    out.append(
        f"Per walk: {figures.agent_minutes_per_walk:.1f} agent minutes, "
        f"{figures.contacts_per_walk:.2f} contacts ({figures.repeat_contacts_per_walk:.2f} repeat)"
    )
    if figures.cost_per_walk is not None:
        line = f"Cost to serve: {figures.cost_per_walk:,.2f} {money} a walk"
        if figures.cost_per_year is not None:
            line += f", {figures.cost_per_year:,.0f} {money} a year"
        out.append(line)
    if figures.agent_hours_per_month is not None and figures.ftes is not None:
        out.append(
            f"Agents: {figures.agent_hours_per_month:,.0f} hours a month, {figures.ftes:,.1f} FTE"
        )
    if figures.repeat_contacts_per_year is not None:
        out.append(f"Repeat contacts: {figures.repeat_contacts_per_year:,.0f} a year")
    if figures.repeat_case_share is not None:
        out.append(f"Customers back within the repeat window: {figures.repeat_case_share:.1%}")
    for queue in figures.queues:
        erlang_a = (
            f", Erlang A {queue.erlang_a_agents} for the abandonment target "
            f"(patience {queue.patience_minutes:.1f} min, {queue.patience_from})"
            if queue.erlang_a_agents is not None and queue.patience_minutes is not None
            else ""
        )
        out.append(
            f"Queue {queue.step}: {queue.calls_per_hour:,.1f} calls an hour, "
            f"{queue.handle_minutes:.1f} min handled: Erlang C {queue.erlang_c_agents} agents"
            f"{erlang_a}"
        )
    if figures.missing:
        out.append(
            f"Missing for the rest: {', '.join(figures.missing)} ([company] in frictionmap.toml)"
        )
    return out


def saving_terminal_lines(result: Saving) -> list[str]:
    money = result.currency
    out = []
    if result.saving_per_walk is not None:
        out.append(f"Saving per walk: {result.saving_per_walk:,.2f} {money}")
    if result.yearly_saving is not None:
        out.append(
            f"Yearly saving: {result.yearly_saving:,.0f} {money} "
            f"at {result.volume_per_month or 0:,.0f} walks a month"
        )
    if result.repeat_contacts_avoided_per_year is not None:
        out.append(
            f"Repeat contacts avoided: {result.repeat_contacts_avoided_per_year:,.0f} a year"
        )
    if result.agent_hours_freed_per_month is not None and result.ftes_freed is not None:
        out.append(
            f"Agent time freed: {result.agent_hours_freed_per_month:,.0f} hours a month "
            f"({result.ftes_freed:,.1f} FTE)"
        )
    if not out:
        out.append("No saving figure: set a volume and [company] costs in frictionmap.toml")
    elif result.volume_per_month is None:
        out.append("For yearly figures: a `volume:` on the journey or [company] volume")
    return out


# -- for the report and diff ------------------------------------------------------


def _shown(journey: Journey, settings: CompanySettings) -> bool:
    """Whether there is anything the company figures can add: a volume or a cost."""
    return (
        journey.volume is not None
        or settings.volume is not None
        or settings.cost_per_agent_minute is not None
        or settings.cost_per_contact is not None
    )


def figures_of(result: Any, settings: CompanySettings | None) -> CompanyFigures | None:
    """A report's journey (`report.JourneyResult`) -> its figures, or None.

    None for a rejected journey, and where neither the journey nor the
    settings give a volume or a cost: the report then shows nothing new.
    """
    settings = settings or CompanySettings()
    journey, metrics = result.journey, result.metrics
    if journey is None or metrics is None or not _shown(journey, settings):
        return None
    return company_figures(journey, metrics.step_visits, metrics.expected_contacts, settings)


def saving_of(diff: Any, settings: CompanySettings | None) -> Saving | None:
    """A diff (`diff.JourneyDiff`) -> the redesign's saving, at the before volume."""
    settings = settings or CompanySettings()
    before, after = diff.before, diff.after
    if before is None or after is None:
        return None
    first = figures_of(before, settings)
    if first is None:
        first = figures_of(after, settings)
        if first is None:
            return None
        first = company_figures(
            before.journey,
            before.metrics.step_visits,
            before.metrics.expected_contacts,
            settings,
            first.volume_per_month,
        )
    if after.metrics is None or after.journey is None:
        return None
    second = company_figures(
        after.journey,
        after.metrics.step_visits,
        after.metrics.expected_contacts,
        settings,
        first.volume_per_month,
    )
    return saving(first, second)
