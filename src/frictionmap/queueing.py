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

Hang-ups (a queue's `patience`, issue 12): with the wait W and the caller's
patience P both exponential (means w and p, Erlang A's M/M/N+M), the caller
hangs up when P < W, with probability w / (w + p) (`hang_up_share`), and holds
min(W, P), whose mean is w p / (w + p) (`time_held`) whether they are answered
or hang up (the minimum of two exponentials is independent of which comes first).
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


def hang_up_share(wait: float, patience: float) -> float:
    """The share of callers who hang up before an answer (module docstring)."""
    return wait / (wait + patience) if wait > 0 else 0.0


def time_held(wait: float, patience: float) -> float:
    """The minutes every caller holds, answered or not (module docstring)."""
    return wait * patience / (wait + patience) if wait > 0 else 0.0


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


# -- Erlang A: callers who hang up ------------------------------------------------


@dataclass(frozen=True)
class AbandonForecast:
    """What Erlang A (M/M/N+M) predicts for a queue whose callers hang up."""

    agents: int
    offered_load: float  # Erlangs
    patience_minutes: float
    p_wait: float  # share of callers who wait at all
    p_abandon: float  # share who hang up before an agent answers
    mean_wait_minutes: float  # over all callers, those who hang up included


#: Erlang A sums the chain up to this many callers in queue at most.
ERLANG_A_MAX_QUEUE = 10_000_000


def erlang_a(
    agents: int, calls_per_hour: float, handle_minutes: float, patience_minutes: float
) -> AbandonForecast:
    """Erlang A (Palm 1943; Garnett, Mandelbaum & Reiman 2002) by its birth-death chain.

    States k = callers in the system; births at rate lambda, deaths at
    min(k, N)·mu + max(k - N, 0)·theta with mu = 1 / handle time and
    theta = 1 / mean patience (exponential). The stationary distribution is
    summed term by term, each term the previous one times
    lambda / death(k), rescaled as it grows so that nothing overflows, until
    the terms past N fall below 1e-16 of the sum (they fall at least
    geometrically once theta·(k - N) > lambda). Callers see the stationary
    state (PASTA): P(wait) = P(k >= N); P(abandon) = theta·E[queue] / lambda;
    mean wait = E[queue] / lambda (Little). Stable for any N: impatience
    bounds the queue.
    """
    if agents < 1 or handle_minutes <= 0 or patience_minutes <= 0 or calls_per_hour <= 0:
        raise ValueError("Erlang A needs agents >= 1 and positive rate, handle and patience")
    arrival = calls_per_hour / 60.0
    service = 1.0 / handle_minutes
    impatience = 1.0 / patience_minutes
    term, total, waiting, queued = 1.0, 1.0, 0.0, 0.0
    k = 0
    while True:
        k += 1
        if k > agents + ERLANG_A_MAX_QUEUE:
            raise ValueError("patience too long against the load for Erlang A; use Erlang C")
        death = min(k, agents) * service + max(k - agents, 0) * impatience
        term *= arrival / death
        total += term
        if k >= agents:
            waiting += term
            queued += (k - agents) * term
        if total > 1e250:  # rescale: only ratios matter
            term, total, waiting, queued = (x / 1e250 for x in (term, total, waiting, queued))
        if k > agents and term < 1e-16 * total and arrival < death:
            break
    mean_queue = queued / total
    return AbandonForecast(
        agents=agents,
        offered_load=offered_load(calls_per_hour, handle_minutes),
        patience_minutes=patience_minutes,
        p_wait=waiting / total,
        p_abandon=impatience * mean_queue / arrival,
        mean_wait_minutes=mean_queue / arrival,
    )


def agents_for_abandonment(
    calls_per_hour: float, handle_minutes: float, patience_minutes: float, max_abandon: float
) -> int | None:
    """The fewest agents whose Erlang A abandonment is at most `max_abandon`, or None."""
    load = offered_load(calls_per_hour, handle_minutes)
    if not load < MAX_AGENTS:
        return None
    # Abandonment falls as agents are added: bisect between 1 and load + margin.
    low, high = 1, min(int(load) + MAX_EXTRA_AGENTS, MAX_AGENTS)
    if erlang_a(high, calls_per_hour, handle_minutes, patience_minutes).p_abandon > max_abandon:
        return None
    while low < high:
        middle = (low + high) // 2
        forecast = erlang_a(middle, calls_per_hour, handle_minutes, patience_minutes)
        if forecast.p_abandon <= max_abandon:
            high = middle
        else:
            low = middle + 1
    return low
