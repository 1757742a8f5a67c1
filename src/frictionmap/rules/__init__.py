"""The explicit rule registry: every rule module, in catalogue order."""

from . import (
    ambiguous_channel,
    broken_promise,
    callback_unreliable,
    channel_switch,
    closure_without_cause,
    customer_as_messenger,
    dead_end,
    deep_menu,
    dropped_contact,
    external_handoff,
    identity_demand,
    language_mismatch,
    long_wait,
    low_resolution,
    missed_appointment,
    no_human,
    no_resolution,
    obstruction_loop,
    one_way_message,
    paid_wait,
    ping_pong,
    repeat_contact,
    repeated_entry,
    retry_loop,
    transfer_chain,
    trap_loop,
    understaffed_queue,
    unfixed_closure,
    unknown_allow,
    unreachable_step,
    wide_menu,
)
from .base import Context, NoOptions, Rule, rule

RULES: tuple[Rule, ...] = (
    dead_end.check,
    unreachable_step.check,
    trap_loop.check,
    no_resolution.check,
    ambiguous_channel.check,
    unknown_allow.check,
    # catalogue A: ownership, effort (issue table order)
    repeated_entry.check,
    obstruction_loop.check,
    ping_pong.check,
    external_handoff.check,
    customer_as_messenger.check,
    # catalogue B: waiting, promises, automation, messages
    paid_wait.check,
    long_wait.check,
    broken_promise.check,
    dropped_contact.check,
    callback_unreliable.check,
    missed_appointment.check,
    no_human.check,
    deep_menu.check,
    wide_menu.check,
    one_way_message.check,
    # catalogue A, continued: compliance, closure, channels
    identity_demand.check,
    language_mismatch.check,
    unfixed_closure.check,
    channel_switch.check,
    closure_without_cause.check,
    # metrics: what the journey costs on average (metrics.py)
    transfer_chain.check,
    repeat_contact.check,
    retry_loop.check,
    low_resolution.check,
    understaffed_queue.check,
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
# Rules whose finding is a set of steps met as a whole (a loop): the customer
# meets it with whichever of its steps comes first (`@rule(whole_set=True)`).
WHOLE_SET: frozenset[str] = frozenset(r.id for r in RULES if r.whole_set)

__all__ = ["RULES", "RULES_BY_ID", "WHOLE_SET", "Context", "NoOptions", "Rule", "rule"]
