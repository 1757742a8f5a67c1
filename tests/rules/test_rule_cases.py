"""Runs every case of tests/rules/cases/<rule-id>.yaml.

A case is a short journey (`frictionmap: 1` and `name` are filled in) with
either `pass: true` (the rule reports nothing) or `fail: [step ids]` (the rule
reports exactly these steps, once each, in any order). `options:` sets the
rule's options for that case. `messages:` and `advice:` list texts that some
finding's message, or advice, must contain; `no_messages:` texts no message may
contain.

A finding's message says what was detected and why it hurts; what to do
instead is its advice (the rule's `@rule(advice=...)`, or the hit's own), which
the engine attaches: no message may carry a fix of its own.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from frictionmap.analysis import analyse
from frictionmap.config import Config, RuleSetting
from frictionmap.findings import Finding
from frictionmap.i18n import CATALOGUE, LANGUAGES, localiser
from frictionmap.loader import loads
from frictionmap.rules import RULES_BY_ID

CASES = Path(__file__).parent / "cases"

# A clause that tells the reader what to do: `...; use a basic-rate number`,
# `...: add an exit`. The verbs are those the fixes start with (every rule's
# advice starts with one; test_fix_verbs_cover_every_advice keeps it so).
FIX_VERBS = (
    "add|announce|authenticate|book|cap|close|confirm|contact|do|empower|explain|fix|flatten|give|"
    "group|hand|keep|let|link|make|move|name|never|offer|pass|put|remove|resolve|route|solve|"
    "staff|switch|tell|use|write"
)
FIX_CLAUSE = re.compile(rf"(^|[;:.]\s+)({FIX_VERBS})\b", re.IGNORECASE)


def assert_no_fix_in(message: str, advice: str) -> None:
    """The message states the detection only; the advice is attached, non-empty."""
    assert advice.strip(), f"no advice for: {message}"
    assert advice[0].isupper() and advice.endswith((".", "?")), advice
    assert not message.endswith((".", "?", "!")), f"a message ends mid-sentence: {message}"
    assert advice.rstrip(".") not in message, f"the advice is repeated in: {message}"
    found = FIX_CLAUSE.search(message)
    assert found is None, f"a hand-written fix ({found.group(0) if found else ''!r}): {message}"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(pytest.param(path.stem, case, id=f"{path.stem}::{case['name']}"))
    return params


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_rule_case(rule_id: str, case: dict[str, Any]) -> None:
    rule = RULES_BY_ID[rule_id]
    journey = {"frictionmap": 1, "name": case["name"], **case["journey"]}
    loaded = loads(yaml.safe_dump(journey, sort_keys=False), f"{rule_id}.yaml")
    options = rule.options.model_validate(case.get("options", {}))
    config = Config({rule_id: RuleSetting(rule.severity, options)})
    only_this_rule = Config(
        {r: s for r, s in config.rules.items()}
        | {
            other: RuleSetting(None, RULES_BY_ID[other].options())
            for other in RULES_BY_ID
            if other != rule_id
        }
    )
    result = analyse(loaded, only_this_rule)
    reported = sorted(f.step for f in result.findings if f.suppressed is None)
    assert all(f.rule == rule_id for f in result.findings)
    if case.get("pass"):
        assert reported == [], [f.message for f in result.findings]
    else:
        assert reported == sorted(case["fail"]), [f.message for f in result.findings]
    for needle in case.get("messages", []):
        assert any(needle in f.message for f in result.findings), needle
    for needle in case.get("no_messages", []):
        assert not any(needle in f.message for f in result.findings), needle
    for needle in case.get("advice", []):
        assert any(needle in f.advice for f in result.findings), needle
    for finding in result.findings:
        assert_no_fix_in(finding.message, finding.advice)
        assert_said_in_every_language(finding)


def assert_said_in_every_language(finding: Finding) -> None:
    """The message is kept as words (template and fields) whose every template
    and separator has its translation, and says the English message word for word."""
    wording = finding.wording
    assert wording is not None, f"{finding.rule}: a message not written as text.words(...)"
    assert str(wording) == finding.message
    for lang in LANGUAGES:
        if lang == "en":
            continue
        missing = [t for t in wording.templates() if t not in CATALOGUE[lang]]
        assert not missing, f"{finding.rule}: no {lang} for {missing}"
        assert localiser(lang).message(finding)


def test_the_engine_attaches_the_rules_advice() -> None:
    """A hit without its own advice gets its rule's, word for word."""
    loaded = loads(
        "frictionmap: 1\nname: x\nstart: a\nsteps:\n  a: {type: agent}\n", "x.yaml"
    )
    (finding,) = [f for f in analyse(loaded).findings if f.rule == "dead-end"]
    assert finding.advice == RULES_BY_ID["dead-end"].advice
    assert finding.text == f"{finding.message}. {finding.advice}"


@pytest.mark.parametrize("rule", sorted(RULES_BY_ID), ids=str)
def test_fix_verbs_cover_every_advice(rule: str) -> None:
    """The check above knows the verb each rule's fix starts with."""
    first = RULES_BY_ID[rule].advice.split()[0].strip(",:").lower()
    assert re.fullmatch(FIX_VERBS, first), f"{rule}: add {first!r} to FIX_VERBS"


@pytest.mark.parametrize(
    "message",
    [
        "'hold' costs 3 EUR; use a basic-rate number or offer a free callback",
        "'x' is in a loop: add an exit to a person",
        "'menu' reads out 9 options. Group them",
    ],
)
def test_a_hand_written_fix_in_a_message_is_caught(message: str) -> None:
    with pytest.raises(AssertionError):
        assert_no_fix_in(message, "Do something else.")


def test_a_detection_only_message_passes() -> None:
    assert_no_fix_in(
        "'hold': 10 minutes on hold at 0.80 EUR/min costs the customer 8.00 EUR for one "
        "wait; an after-sales line may not cost more than a basic-rate call (CRD art. 21)",
        "Use a basic-rate number for after-sales.",
    )
