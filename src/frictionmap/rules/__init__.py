"""The explicit rule registry: every rule module, in catalogue order."""

from . import (
    ambiguous_channel,
    dead_end,
    no_resolution,
    trap_loop,
    unreachable_step,
)
from .base import Context, NoOptions, Rule, rule

RULES: tuple[Rule, ...] = (
    dead_end.check,
    unreachable_step.check,
    trap_loop.check,
    no_resolution.check,
    ambiguous_channel.check,
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

__all__ = ["RULES", "RULES_BY_ID", "Context", "NoOptions", "Rule", "rule"]
