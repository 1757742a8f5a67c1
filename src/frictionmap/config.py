"""Which rules run, at which severity, with which options."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .findings import Severity
from .rules import RULES, Rule


@dataclass(frozen=True)
class RuleSetting:
    """A rule as configured: its severity (None when off) and its options."""

    severity: Severity | None
    options: BaseModel


@dataclass(frozen=True)
class Config:
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    source: str | None = None

    def setting(self, rule: Rule) -> RuleSetting:
        return self.rules.get(rule.id) or RuleSetting(rule.severity, rule.options())

    def enabled(self) -> list[tuple[Rule, RuleSetting]]:
        """The rules that run, in catalogue order."""
        pairs = [(rule, self.setting(rule)) for rule in RULES]
        return [(rule, setting) for rule, setting in pairs if setting.severity is not None]


def default_config() -> Config:
    """Every rule at its default severity with its default options."""
    return Config({r.id: RuleSetting(r.severity, r.options()) for r in RULES})


def options_for(rule: Rule, values: dict[str, Any]) -> BaseModel:
    return rule.options.model_validate(values)
