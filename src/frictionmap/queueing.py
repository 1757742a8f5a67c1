"""Queue staffing: Erlang C forecasts of waiting for a staffed `queue` step.

With A = calls_per_hour x handle_minutes / 60 the offered load in Erlangs and
N the agents (evidence.md section 4), for N > A:

- Erlang B by the numerically stable recursion B(0) = 1,
  B(k) = A·B(k-1) / (k + A·B(k-1)) (no factorials, no powers: no overflow
  at 500 agents or more);
- probability of waiting (Erlang C) C = N·B / (N - A·(1 - B));
- service level SL(t) = 1 - C·exp(-(N - A)·t / AHT), t and AHT in one unit;
- average speed of answer ASA = C·AHT / (N - A);
- occupancy A / N.

When N <= A the queue is unstable: calls arrive faster than the agents can
answer them and the wait grows without bound. Then every caller waits
(P(wait) = 1), the service level is 0 and the ASA is `None` with `unstable`
set: an infinite wait is never emitted as a number.

Assumptions (evidence.md): Poisson arrivals, exponential handle times, no
abandonment, steady state; Erlang C over-estimates waits where callers hang up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .model import MAX_AGENTS, Staffing

#: Staffing searches stop this many agents past the load (then: not reachable).
MAX_EXTRA_AGENTS = 100_000


@dataclass(frozen=True)
class QueueForecast:
    """What Erlang C predicts for one staffed queue."""

    agents: int
    offered_load: float  # Erlangs
    handle_minutes: float
    target_seconds: float
    unstable: bool
    p_wait: float  # Erlang C; 1.0 when unstable
    asa_minutes: float | None  # None when unstable
    service_level: float  # share answered within target_seconds; 0.0 when unstable

    @property
    def occupancy(self) -> float:
        """Offered load per agent; 1 or more means the queue is unstable."""
        return self.offered_load / self.agents

    @property
    def asa_seconds(self) -> float | None:
        return None if self.asa_minutes is None else self.asa_minutes * 60.0


def offered_load(calls_per_hour: float, handle_minutes: float) -> float:
    """Traffic in Erlangs: arrivals per minute times minutes per call."""
    return calls_per_hour * handle_minutes / 60.0


def erlang_b(agents: int, load: float) -> float:
    """Blocking probability of an M/M/N/N system, by the stable recursion."""
    if agents < 0:
        raise ValueError("agents must be >= 0")
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = load * blocking / (k + load * blocking)
        if blocking == 0.0:  # underflowed: every later step stays 0
            break
    return blocking


def erlang_c(agents: int, load: float) -> float:
    """Probability that a caller waits; 1.0 when agents <= load (unstable)."""
    if agents <= load:
        return 1.0
    blocking = erlang_b(agents, load)
    return _c_from_b(agents, load, blocking)


def _c_from_b(agents: int, load: float, blocking: float) -> float:
    return agents * blocking / (agents - load * (1.0 - blocking))


def _service_level(
    agents: int, load: float, p_wait: float, handle_minutes: float, target_seconds: float
) -> float:
    exponent = -(agents - load) * (target_seconds / 60.0) / handle_minutes
    return 1.0 - p_wait * math.exp(exponent)


def forecast(staffing: Staffing) -> QueueForecast:
    """The Erlang C forecast of a queue's `staffing`."""
    return forecast_for(
        staffing.agents, staffing.calls_per_hour, staffing.handle_minutes, staffing.target_seconds
    )


def forecast_for(
    agents: int, calls_per_hour: float, handle_minutes: float, target_seconds: float = 30.0
) -> QueueForecast:
    """The Erlang C forecast from plain numbers (see `forecast`)."""
    load = offered_load(calls_per_hour, handle_minutes)
    if agents <= load:
        return QueueForecast(agents, load, handle_minutes, target_seconds, True, 1.0, None, 0.0)
    p_wait = erlang_c(agents, load)
    asa = p_wait * handle_minutes / (agents - load)
    level = _service_level(agents, load, p_wait, handle_minutes, target_seconds)
    return QueueForecast(agents, load, handle_minutes, target_seconds, False, p_wait, asa, level)


def agents_needed(
    calls_per_hour: float,
    handle_minutes: float,
    target_seconds: float,
    target_service_level: float,
) -> int | None:
    """The fewest agents whose service level reaches the target, or None.

    One pass of the Erlang B recursion: B(k) for each k is a step of the same
    recursion, so trying N = 1, 2, ... costs O(answer), not O(answer squared).
    None when the target is not reached within `MAX_EXTRA_AGENTS` past the load,
    or needs more than `MAX_AGENTS` (an overflowing load included).
    """
    load = offered_load(calls_per_hour, handle_minutes)
    if not load < MAX_AGENTS:  # also inf and NaN
        return None
    blocking = 1.0
    limit = min(int(load) + MAX_EXTRA_AGENTS, MAX_AGENTS)
    for agents in range(1, limit + 1):
        blocking = load * blocking / (agents + load * blocking)
        if agents <= load:
            continue
        p_wait = _c_from_b(agents, load, blocking)
        level = _service_level(agents, load, p_wait, handle_minutes, target_seconds)
        if level >= target_service_level:
            return agents
    return None


def predicted_wait(staffing: Staffing) -> float | None:
    """The average speed of answer in minutes, or None for an unstable queue."""
    return forecast(staffing).asa_minutes
