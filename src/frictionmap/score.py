"""The friction score (0 = frictionless, 100 = worst) and its grade, A to F.

The score is the share of the customer's goodwill that the journey destroys:

    score = 100 x (1 - goodwill x findings_factor)

**goodwill** (`Metrics.goodwill`, computed exactly in metrics.py) is the
expectation, over the walks of the journey, of

    outcome_value x 0.8516^(contacts - 1)+ x 0.88^transfers x 0.90^channel_switches
                  x (1 - 0.10 x (1 - 2^(-customer_minutes / 60)))

with these evidence-based factors (docs/evidence.md):

- outcome_value: `resolved` with `root_cause: true` 1, without 0.95 (the
  customer may fear the problem comes back: about half of repeat contacts come
  from issues nobody explained, CEB via Challenger); `refunded` 0.37, or 0.73
  with `root_cause: true` (CCMC Rage Study 2015: 37% of complainants satisfied
  by a monetary remedy alone, 73% with an explanation or apology added); any
  failure (`unresolved`, `abandoned`, `stuck`, `trapped`) 0: the customer did
  not get what they came for, and no saving of effort makes up for it.
- each contact after the first: 0.8516 = (1 - 2.5 x 0.09) / (1 - 0.09). Having
  to recontact makes disloyalty 2.5x more likely (Dixon, Tethr 2020) from the
  9% disloyalty of a low-effort interaction (Gartner 2019).
- each transfer: 0.88 (SQM 2021: -12% CSAT per transfer).
- each forced channel switch: 0.90 (The Effortless Experience, fig. 2.2:
  customers forced to switch are 10% more disloyal).
- the customer's time: at most 10% of the goodwill, half of what remains of
  that 10% lost per hour. Effort is about 1/3 "do" and 2/3 "feel"
  (The Effortless Experience), and Gartner's effort drivers are the events
  above, not the clock; waits also weigh through `long-wait`, `paid-wait`,
  `broken-promise` findings.

Repeated entries are not in the walk factor (their exact joint law over
several data needs one chain state per set of data already given); they
weigh through the `repeated-entry` findings.

**findings_factor** is the product, over the unsuppressed findings, of 0.90
per error, 0.95 per warning and 0.99 per note: each worst practice found costs
a tenth, a twentieth or a hundredth of what goodwill remains. The metric rules
(`transfer-chain`, `repeat-contact`, `retry-loop`, `low-resolution`) restate
the metrics already in goodwill and are left out, so that nothing counts
twice and a journey made worse can never lose a finding that helped its
score (a loop that gets a hang-up exit may drop below `retry-loop`'s
threshold).

Why this shape. Goodwill is a per-walk product of factors in [0, 1], with 0
for a failed walk, so adding a worst practice never lowers the score:
diverting probability to a failure outcome (a dropped branch to `abandoned`),
an extra contact, transfer or channel switch on a walk, more customer time,
or one more finding, each lowers a factor of some walks and raises none. A
journey resolved on first contact with no findings keeps goodwill >= 0.95
(no root cause) x 0.88 (at most one expected transfer, else `transfer-chain`
fires; E[0.88^T] >= 0.88^E[T] by Jensen) x 0.90 (time) = 0.7524 (no channel
switch: `channel-switch` would report it), i.e. a score <= 24.8: grade A.

**Grades**: A <= 25, B <= 40, C <= 55, D <= 70, E <= 85, F above.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .findings import Finding, Severity
from .rules import RULES

if TYPE_CHECKING:
    from .metrics import Metrics

# Gartner 2019: 9% of customers become more disloyal after a low-effort interaction.
BASE_DISLOYALTY = 0.09
# Tethr (Dixon, 2020): recontacting makes disloyalty 2.5x more likely.
RECONTACT_DISLOYALTY = 2.5


@dataclass(frozen=True)
class Friction:
    """The per-event factors of a walk's goodwill (module docstring)."""

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

FINDING_FACTORS = {Severity.ERROR: 0.90, Severity.WARNING: 0.95, Severity.NOTE: 0.99}

# Rules that restate metrics already in goodwill (see the module docstring):
# those declared `@rule(..., metric=True)`.
METRIC_RULES = frozenset(r.id for r in RULES if r.metric)

# (upper bound of the score, grade), best first; above the last bound: F.
GRADES: tuple[tuple[float, str], ...] = (
    (25.0, "A"),
    (40.0, "B"),
    (55.0, "C"),
    (70.0, "D"),
    (85.0, "E"),
)


def findings_factor(findings: Iterable[Finding]) -> float:
    """Product of the severity factors of the unsuppressed, non-metric findings."""
    factor = 1.0
    for finding in findings:
        if finding.suppressed is None and finding.rule not in METRIC_RULES:
            factor *= FINDING_FACTORS[finding.severity]
    return factor


def grade(score: float) -> str:
    """The grade of a score: A (<= 25) to F (> 85)."""
    for bound, letter in GRADES:
        if score <= bound:
            return letter
    return "F"


def score_journey(metrics: Metrics, findings: Iterable[Finding]) -> tuple[float, str]:
    """(score, grade): score = 100 x (1 - goodwill x findings_factor), see the module docs.

    The score is rounded to 0.1 (after the grade is taken from the exact value
    rounded the same way, so that the two always agree).
    """
    goodwill = min(1.0, max(0.0, float(metrics.goodwill)))
    score = round(100.0 * (1.0 - goodwill * findings_factor(findings)), 1)
    score = min(100.0, max(0.0, score)) + 0.0  # no -0.0
    return score, grade(score)
