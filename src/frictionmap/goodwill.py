"""The goodwill factors of one event of a walk: what a transfer, a recontact, a
channel switch or an ending leaves of the customer's goodwill (sources in
docs/evidence.md; the score's losses are -ln of these, score.py).

Beneath both metrics.py (the `goodwill` metric) and score.py, so that neither
imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

# Gartner 2019: 9% of customers become more disloyal after a low-effort interaction.
BASE_DISLOYALTY = 0.09
# Tethr (Dixon, 2020): recontacting makes disloyalty 2.5x more likely.
RECONTACT_DISLOYALTY = 2.5


@dataclass(frozen=True)
class Friction:
    """The per-event goodwill factors of a walk (metrics.py's `goodwill` metric uses them)."""

    repeat_contact: float = (1 - RECONTACT_DISLOYALTY * BASE_DISLOYALTY) / (1 - BASE_DISLOYALTY)
    transfer: float = 0.88
    channel_switch: float = 0.90
    unexplained: float = 0.95
    refunded: float = 0.37
    refunded_explained: float = 0.73
    time_share: float = 0.10
    time_half_life_minutes: float = 60.0

    def outcome_value(self, kind: str, root_cause: bool) -> float:
        """What an ending is worth: resolved 1 (0.95 unexplained), refunded 0.73
        (0.37 unexplained), any failure 0."""
        if kind == "resolved":
            return 1.0 if root_cause else self.unexplained
        if kind == "refunded":
            return self.refunded_explained if root_cause else self.refunded
        return 0.0


FRICTION = Friction()
