"""Runs the enabled rules on a journey and stamps their findings.

Rules only detect; here each hit gets its rule id, configured severity,
`file:line:column`, suppression and advice (what to do instead), and the findings are sorted.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .config import Config, default_config
from .findings import Finding, Hit, Severity, Suppression
from .graph import build_graph
from .loader import DEFAULT_LIMITS, InvalidJourney, Limits, Loaded
from .report import INVALID_FILE, JourneyResult
from .rules import Context
from .score import score_experience
from .sources import load_path, load_text
from .text import Words


def analyse(loaded: Loaded, config: Config | None = None) -> JourneyResult:
    """Every enabled rule's findings on one valid journey."""
    config = config or default_config()
    journey, source_map = loaded.journey, loaded.source_map
    graph = build_graph(journey)
    context = Context(journey, graph)
    findings: list[Finding] = []
    for rule, setting in config.enabled():
        assert setting.severity is not None
        for hit in rule.check(context, setting.options):
            findings.append(_stamp(rule.id, setting.severity, hit, loaded, rule.advice))
    findings.sort(key=Finding.sort_key)
    assumed = tuple(n for n in journey.steps if graph.nodes[n]["assumed_p"])
    # The metrics the rules used (Context caches them): computed once per journey.
    metrics = context.metrics
    scored = score_experience(journey, graph, metrics)
    # The report's walks, ranking, key figures and verdict are computed on first
    # use (JourneyResult.ranked...): `check` shows none of them.
    return JourneyResult(
        file=loaded.file,
        name=journey.name,
        valid=True,
        findings=tuple(findings),
        journey=journey,
        graph=graph,
        source_map=source_map,
        assumed_probabilities=assumed,
        metrics=metrics,
        score=scored.value,
        grade=scored.grade,
        breakdown=scored,
    )


def _stamp(
    rule_id: str, severity: Severity, hit: Hit, loaded: Loaded, advice: str
) -> Finding:
    """The hit as a finding; its advice is the hit's own, else its rule's."""
    journey = loaded.journey
    line, column = loaded.source_map.step(hit.step)
    suppressed = None
    step = journey.steps.get(hit.step)
    if step is not None and rule_id in step.allow:
        suppressed = Suppression(step.allow[rule_id], "step")
    elif rule_id in journey.allow:
        suppressed = Suppression(journey.allow[rule_id], "journey")
    if hit.severity is not None and hit.severity.rank < severity.rank:
        severity = hit.severity  # a hit may escalate, never lower, the configured severity
    return Finding(
        rule=rule_id,
        severity=severity,
        step=hit.step,
        message=str(hit.message),
        line=line,
        column=column,
        to=hit.to,
        steps=hit.steps,
        evidence=hit.evidence,
        suppressed=suppressed,
        advice=hit.advice or advice,
        wording=hit.message if isinstance(hit.message, Words) else None,
    )


def rejected(error: InvalidJourney) -> JourneyResult:
    """A file that broke the format, as `invalid-file` findings."""
    findings = tuple(
        Finding(INVALID_FILE, Severity.ERROR, None, p.message, p.line, p.column)
        for p in error.problems
    )
    return JourneyResult(file=error.file, name=None, valid=False, findings=findings)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for an allocation-heavy phase.

    Loading and analysing a journey allocates millions of objects that live
    on, and almost no reference cycles; each full collection rescans all of
    them, which cost a third of the time at 50k steps and grows faster than
    the journey (bench/scale.py). Reference counting still frees memory;
    cycles wait until the phase ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_loaded(load: Callable[[], Loaded], config: Config | None = None) -> JourneyResult:
    """Analyse what `load()` returns; a broken input becomes an `invalid-file` result.

    The garbage collector is paused for both (see `paused_gc`).
    """
    try:
        with paused_gc():
            return analyse(load(), config)
    except InvalidJourney as error:
        return rejected(error)


def check_file(
    path: str, config: Config | None = None, limits: Limits = DEFAULT_LIMITS
) -> JourneyResult:
    """Load and analyse one file; a broken file becomes an `invalid-file` result."""
    return check_loaded(lambda: load_path(Path(path), limits), config)


def check_text(
    text: str, file: str = "<stdin>", config: Config | None = None, limits: Limits = DEFAULT_LIMITS
) -> JourneyResult:
    """Load and analyse journey text; a broken one becomes an `invalid-file` result."""
    return check_loaded(lambda: load_text(text, file, limits), config)
