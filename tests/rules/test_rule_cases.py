"""Runs every case of tests/rules/cases/<rule-id>.yaml.

A case is a short journey (`frictionmap: 1` and `name` are filled in) with
either `pass: true` (the rule reports nothing) or `fail: [step ids]` (the rule
reports exactly these steps, once each, in any order). `options:` sets the
rule's options for that case; `messages:` are texts some finding must contain,
`no_messages:` texts none may contain.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from frictionmap.analysis import analyse
from frictionmap.config import Config, RuleSetting
from frictionmap.loader import loads
from frictionmap.rules import RULES_BY_ID

CASES = Path(__file__).parent / "cases"


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
