"""One typed record per step: what rules, metrics, walks and the simulator read.

graph.build_graph builds the records once per journey and stores each on its
node (`graph.nodes[step]["facts"]`); rules read them with `ctx.facts(step)`.
What the format leaves implicit is settled here, once:

- `channel`: the step's channel after FORMAT.md's inheritance (graph.resolve_channels),
  `channel_kind` its kind;
- `wait`: the actual wait; for a staffed queue without one, the Erlang C
  average speed of answer (queueing.py); where callers hang up (`patience`),
  the minutes a caller holds, and `queue_wait` the queue's own wait;
- the customer's time and money per visit (docs/metrics.md), which the
  metrics, the walks and the simulator all sum:

  customer_minutes = minutes + the wait of a queue (on hold; a callback's
                     wait is not customer time)
  elapsed_hours    = (minutes + any wait) / 60 + hours
  customer_cost    = cost + the channel's cost_per_minute x customer_minutes
                     + the channel's per-contact `cost` at a contact step

  Absurd inputs (1e308 minutes) give the largest float, never infinity.

A NamedTuple, not a frozen dataclass: immutable all the same, and the class
costs 0.3 ms to create at start-up against 2 ms for a frozen slots dataclass
of this many fields; an instance 0.7 us against 2.1 us (200,000 steps: 0.1 s).
"""

from __future__ import annotations

import math
import sys
from typing import NamedTuple

from . import step_types
from .model import Journey, Step
from .queueing import predicted_wait, time_held
from .step_types import CONTACT, ON_HOLD


class StepFacts(NamedTuple):
    """What a step is and costs, settled once (module docstring)."""

    id: str
    type: str
    label: str  # the step's label, or its id
    team: str | None
    team_name: str | None  # the team's declared name, or its id
    external: bool  # the team is a subcontractor or another company
    channel: str | None  # after inheritance; None where unknown or conflicting
    channel_kind: str | None
    asks: tuple[str, ...]
    minutes: float  # the customer's active minutes (0 where not given)
    wait: float | None  # actual (or predicted) wait in minutes
    wait_announced: float | None
    hours: float | None  # calendar hours
    promised: float | None  # hours promised
    cost: float  # the step's own cost (0 where not given)
    outcome: str | None
    reply: bool
    root_cause: bool
    customer_minutes: float
    elapsed_hours: float
    customer_cost: float
    # Format v1 additions (issue 12); defaults keep hand-built facts short.
    initiated_by: str | None = None  # contacts: 'customer' or 'company'
    compensation: float = 0.0  # money paid to the customer at this step
    other_options: int = 0  # menu options this journey does not follow
    wait_floor: bool = False  # the announced wait is a floor ("more than 15 minutes")
    # The team a transfer is counted against: none for back-office work, which
    # the customer never deals with.
    transfer_team: str | None = None
    company: str | None = None  # 'ours', an outside company's name, or team:<id>
    # The queue's own wait before anyone hangs up; `wait` is what a caller holds
    # (the same without a `patience`; queueing.time_held with one).
    queue_wait: float | None = None

    @property
    def queued(self) -> float | None:
        """The queue's own wait, before anyone hangs up (`wait` where not set): what
        an announcement promises and what a wait is judged by."""
        return self.queue_wait if self.queue_wait is not None else self.wait

    # The step type's traits (step_types.py), so that readers need no type list.
    @property
    def own_choice(self) -> bool:
        """A contact the customer chose to make (their own bank, the press): a new
        leg of the journey, never the company's transfer, hand-off or switch."""
        return self.type in step_types.CONTACT and self.initiated_by == "customer"

    @property
    def is_contact(self) -> bool:
        return self.type in step_types.CONTACT

    @property
    def is_outcome(self) -> bool:
        return self.type in step_types.OUTCOME

    @property
    def is_on_hold(self) -> bool:
        return self.type in step_types.ON_HOLD

    @property
    def hold_minutes(self) -> float:
        """The minutes on hold at one visit: a queue's `wait` (the rest of
        `customer_minutes` is the customer's own time)."""
        return float(self.wait or 0.0) if self.is_on_hold else 0.0

    @property
    def waiting_minutes(self) -> float:
        """The minutes spent waiting to be served at one visit: on hold, or in a
        menu (IVR), where the customer listens to options, keys or spells what
        it asks for, before anyone helps. Whatever a menu asks, its minutes are
        waiting: a menu that asks for more must never cost less."""
        if self.is_menu:
            return float(self.customer_minutes)
        return self.hold_minutes

    @property
    def is_automated(self) -> bool:
        return self.type in step_types.AUTOMATED

    @property
    def is_menu(self) -> bool:
        return self.type in step_types.MENU

    @property
    def is_agent(self) -> bool:
        return self.type in step_types.AGENT

    @property
    def reaches_person(self) -> bool:
        return self.type in step_types.PERSON

    @property
    def instructs(self) -> bool:
        return self.type in step_types.INSTRUCTS

    @property
    def relays(self) -> bool:
        return self.type in step_types.RELAYS


def finite(value: float) -> float:
    """Absurdly large inputs (1e308 minutes) give the largest float, not infinity."""
    return value if math.isfinite(value) else sys.float_info.max


def actual_wait(step: Step) -> float | None:
    """A step's actual wait in minutes (FORMAT.md), or None.

    Where a staffed queue has no `wait.actual`, the Erlang C average speed of
    answer stands for it (issue 4); an unstable queue has no finite ASA, so
    the announced wait (or None) stays and `understaffed-queue` reports it.
    """
    if step.wait is not None and step.wait.actual is not None:
        return step.wait.actual
    if step.type == "queue" and step.staffing is not None:
        predicted = predicted_wait(step.staffing)
        if predicted is not None:
            return predicted
    return step.wait.minutes if step.wait is not None else None


def step_facts(
    journey: Journey, step_id: str, channel: str | None, channel_kind: str | None
) -> StepFacts:
    """The facts of one step, given its inherited channel and that channel's kind."""
    step = journey.steps[step_id]
    team = step.team
    declared = journey.teams.get(team) if team is not None else None
    minutes = step.minutes or 0.0
    queue_wait = actual_wait(step)
    wait = queue_wait
    if step.patience is not None and queue_wait is not None and step.type in ON_HOLD:
        wait = time_held(queue_wait, step.patience)
    on_hold = wait if step.type in ON_HOLD and wait is not None else 0.0
    customer_minutes = finite(float(minutes) + float(on_hold))
    cost = step.cost or 0.0
    customer_cost = float(cost)
    spec = journey.channels.get(channel) if channel is not None else None
    if spec is not None:
        customer_cost += spec.cost_per_minute * customer_minutes
        if step.type in CONTACT:
            customer_cost += spec.cost
    return StepFacts(
        id=step_id,
        type=step.type,
        label=step.label or step_id,
        team=team,
        team_name=((declared.name if declared is not None else None) or team),
        external=declared is not None and declared.external,
        channel=channel,
        channel_kind=channel_kind,
        asks=tuple(step.asks),
        minutes=minutes,
        wait=wait,
        wait_announced=step.wait.announced if step.wait is not None else None,
        hours=step.hours,
        promised=step.promised,
        cost=cost,
        outcome=step.outcome,
        reply=step.reply,
        root_cause=step.root_cause,
        customer_minutes=customer_minutes,
        elapsed_hours=finite((minutes + (wait or 0.0)) / 60.0 + (step.hours or 0.0)),
        customer_cost=finite(customer_cost),
        initiated_by=step.initiated_by,
        compensation=finite(float(step.compensation or 0.0)),
        other_options=len(step.other_options),
        wait_floor=step.wait.floor if step.wait is not None else False,
        transfer_team=team if declared is None or not declared.backoffice else None,
        company=declared.company_key(team) if declared is not None and team else None,
        queue_wait=queue_wait,
    )
