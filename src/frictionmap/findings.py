"""What the analysis reports: findings, their severity and where they stand."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .text import Words


class Severity(str, Enum):
    """SARIF's levels, most severe first in `RANK`."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        """0 for error, 1 for warning, 2 for note."""
        return _RANK[self]

    def at_least(self, threshold: Severity) -> bool:
        return self.rank <= threshold.rank


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


@dataclass(frozen=True)
class Hit:
    """What a rule detects: a step (and optionally a branch) and why.

    `evidence` holds plain values the message was built from (for JSON and
    reports); `steps` lists other steps the finding involves. `severity`, when
    set, is the least severity this hit deserves (e.g. `understaffed-queue` is
    an error when the queue is unstable): the engine keeps the more severe of
    it and the configured severity, so a hit can raise, never lower, what the
    configuration says; a rule turned `off` still reports nothing.

    `message` says what was detected and why it hurts, never what to do: the
    fix is the rule's `@rule(advice=...)`, which the engine attaches. `advice`,
    when set, replaces it for this hit, where the fix depends on the case
    (a threshold from the options, a suggested rule id). A message written as
    `text.words(...)` can be said in the report's language (`--lang`); the
    English sentence is the same either way.
    """

    step: str
    message: str | Words
    to: str | None = None
    steps: tuple[str, ...] = ()
    evidence: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None
    advice: str | None = None


@dataclass(frozen=True)
class Suppression:
    reason: str
    scope: str  # "step" or "journey"


@dataclass(frozen=True)
class Finding:
    """A hit stamped by the engine with rule id, severity, location, suppression
    and advice (what to do instead: the hit's own, else its rule's)."""

    rule: str
    severity: Severity
    step: str | None
    message: str
    line: int
    column: int
    to: str | None = None
    steps: tuple[str, ...] = ()
    evidence: dict[str, Any] = field(default_factory=dict)
    suppressed: Suppression | None = None
    advice: str = ""
    #: The message as `text.Words` (its template and fields), which a report in
    #: another language says in its own words; None for a rejected file's problems.
    wording: Words | None = field(default=None, compare=False, repr=False)

    @property
    def text(self) -> str:
        """Message and advice in one line, as the one-line formats show a finding.

        The only place the two are joined: "<message>. <Advice>" (a rejected
        file's problems have no advice and stay their message).
        """
        return f"{self.message}. {self.advice}" if self.advice else self.message

    @property
    def fingerprint(self) -> str:
        """Stable across edits that move or reformat the step: rule and step ids."""
        return f"{self.rule}:{self.step or ''}" + (f"->{self.to}" if self.to else "")

    def sort_key(self) -> tuple[int, int, str, str, str]:
        return (self.line, self.column, self.rule, self.step or "", self.to or "")
