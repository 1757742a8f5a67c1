"""What a rule is, and the context every rule reads.

A rule is one module: its docstring is its documentation, `check` is a
function decorated with `@rule` that yields `Hit`s naming steps by id. The
engine (analysis.py) stamps rule id, severity, location and suppression.

Everything else the library knows about a rule is declared on `@rule`, in the
rule's module, and read from the registry by the rest of the library:

- `harm` (1-5): evidence.md's per-practice severity (section 8: 5 blocks
  resolution or is unlawful, 1 is cosmetic); impact.py ranks by it.
- `advice`: what to do instead, one line, as the report says it (the intent
  of the docstring's `Use instead:` example).
- `unlawful`: the practice breaks a statute, a regulator's guideline or a
  court ruling (evidence.md section 6); the report flags it whatever its score.
- `metric`: the rule restates a metric the score already counts
  (score.py leaves its findings out of the findings factor).
- `whole_set`: a finding concerns a set of steps met as a whole (a loop); the
  customer meets it with the likeliest of its steps.
- `strict`: its severity in the `strict` preset; by default a note becomes a
  warning and any other severity stays. `severity` is its default, which is
  also the `recommended` preset (presets/*.yaml are checked against both).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import networkx as nx
from pydantic import BaseModel, ConfigDict

from .. import graph as graph_helpers
from ..facts import StepFacts
from ..findings import Hit, Severity
from ..model import Journey
from ..step_types import OUTCOME

if TYPE_CHECKING:
    from ..metrics import Metrics


class NoOptions(BaseModel):
    """This rule has no options."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Context:
    """A journey, its graph and the derived facts rules share, each computed once."""

    def __init__(self, journey: Journey, graph: nx.DiGraph) -> None:
        self.journey = journey
        self.graph = graph
        self.start = journey.start

    def label(self, step: str) -> str:
        return self.facts(step).label

    def quoted(self, step: str) -> str:
        """A step as messages name it: its label in quotes."""
        return f"'{self.label(step)}'"

    def facts(self, step: str) -> StepFacts:
        """What the step is and costs (facts.StepFacts), built once with the graph."""
        return self.graph.nodes[step]["facts"]  # type: ignore[no-any-return]

    @cached_property
    def reachable(self) -> set[str]:
        """Steps some walk from `start` reaches."""
        return graph_helpers.reachable(self.graph, [self.start])

    @cached_property
    def resolving(self) -> set[str]:
        """Steps from which a `resolved` outcome can still be reached."""
        return graph_helpers.reaching(self.graph, graph_helpers.outcomes(self.graph, "resolved"))

    @cached_property
    def traps(self) -> list[set[str]]:
        """Closed sets of steps without an outcome that the customer can enter.

        Attracting strongly connected components that hold a cycle (a dead end
        alone is not a loop) and no outcome, reachable from `start`.
        """
        found = []
        for component in nx.attracting_components(self.graph):
            if any(self.facts(n).type in OUTCOME for n in component):
                continue
            if len(component) == 1:
                (only,) = component
                if not self.graph.has_edge(only, only):
                    continue
            if component & self.reachable:
                found.append(set(component))
        return sorted(found, key=lambda c: min(self._order[n] for n in c))

    @cached_property
    def _order(self) -> dict[str, int]:
        return {sid: i for i, sid in enumerate(self.journey.steps)}

    def in_reading_order(self, steps: set[str] | list[str]) -> list[str]:
        return sorted(steps, key=self._order.__getitem__)

    @cached_property
    def transfers(self) -> list[tuple[str, str, str, str]]:
        """(from_step, into_step, from_team, to_team) for every possible transfer."""
        return graph_helpers.transfers(self.graph, self.start)

    @cached_property
    def metrics(self) -> Metrics:
        """The exact Markov metrics (computed on first use)."""
        from ..metrics import compute_metrics

        return compute_metrics(self.journey, self.graph)


Check = Callable[[Context, Any], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: id, default severity, family, options model, check, docs,
    and what the report and the score need to know about it (see the module docs)."""

    id: str
    severity: Severity
    family: str
    options: type[BaseModel]
    check: Check
    doc: str
    harm: int
    advice: str
    unlawful: bool = False
    metric: bool = False
    whole_set: bool = False
    strict: Severity = Severity.WARNING

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else ""


def rule(
    id: str,
    severity: Severity | str,
    family: str,
    options: type[BaseModel] = NoOptions,
    *,
    harm: int,
    advice: str,
    unlawful: bool = False,
    metric: bool = False,
    whole_set: bool = False,
    strict: Severity | str | None = None,
) -> Callable[[Check], Rule]:
    """Declare a rule; the docs are the module's docstring."""
    default = Severity(severity)
    if strict is None:
        strict = Severity.WARNING if default == Severity.NOTE else default
    if not 1 <= harm <= 5:
        raise ValueError(f"{id}: harm must be 1 to 5, not {harm}")

    def wrap(check: Check) -> Rule:
        doc = sys.modules[check.__module__].__doc__ or ""
        declared = Rule(
            id,
            default,
            family,
            options,
            check,
            doc,
            harm=harm,
            advice=advice,
            unlawful=unlawful,
            metric=metric,
            whole_set=whole_set,
            strict=Severity(strict),
        )
        _DECLARED[id] = declared
        return declared

    return wrap


# Every rule declared so far, by id: filled as the rule modules are imported
# (rules/__init__.py imports them all). `unknown-allow` reads the known ids
# here rather than from the registry, which imports it.
_DECLARED: dict[str, Rule] = {}


def declared_rule_ids() -> list[str]:
    """The ids of every rule declared with `@rule`, sorted."""
    return sorted(_DECLARED)
