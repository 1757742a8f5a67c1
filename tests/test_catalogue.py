"""Every rule is complete: a new rule module fails here until it is registered, declares
its harm and advice on `@rule`, has its line in each preset, its case file with pass and
fail cases, and every docstring section."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import frictionmap.rules as rules_package
from frictionmap.rules import RULES, Rule

CASES = Path(__file__).parent / "rules" / "cases"
SECTIONS = ("## Why it hurts", "## Example", "Use instead:", "## Options")


def _rule_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(rules_package.__path__) if m.name != "base")


def test_every_rule_module_is_registered() -> None:
    registered = {r.check.__module__.rsplit(".", 1)[-1] for r in RULES}
    assert set(_rule_modules()) == registered


@pytest.mark.parametrize("module_name", _rule_modules())
def test_module_defines_one_rule_named_after_it(module_name: str) -> None:
    module = importlib.import_module(f"frictionmap.rules.{module_name}")
    found = [v for v in vars(module).values() if isinstance(v, Rule)]
    assert len(found) == 1
    assert found[0].id == module_name.replace("_", "-")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_docs_have_every_section(rule: Rule) -> None:
    assert rule.summary and rule.summary.endswith(".")
    for section in SECTIONS:
        assert section in rule.doc, f"{rule.id} lacks {section}"
    assert re.match(r"^[a-z]+(-[a-z]+)*$", rule.id)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_pass_and_fail_cases(rule: Rule) -> None:
    import yaml

    path = CASES / f"{rule.id}.yaml"
    assert path.exists(), f"missing {path}"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    assert any(c.get("pass") for c in cases)
    assert any(c.get("fail") for c in cases)


def test_rule_ids_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


def _preset_lines(name: str) -> dict[str, object]:
    import yaml

    path = Path(rules_package.__file__).parent.parent / "presets" / f"{name}.yaml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8"))["rules"])


def _preset(name: str) -> dict[str, str]:
    """A preset's effective severities, its `extends` chain resolved."""
    import yaml

    path = Path(rules_package.__file__).parent.parent / "presets" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    base = _preset(data["extends"]) if "extends" in data else {}
    return {**base, **{str(k): str(v) for k, v in data["rules"].items()}}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_a_line_in_recommended_at_its_default_severity(rule: Rule) -> None:
    # `frictionmap rules` shows the default severity: it must be what runs by default.
    assert _preset_lines("recommended").get(rule.id) == rule.severity.value


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_runs_in_strict_at_its_declared_strict_severity(rule: Rule) -> None:
    assert _preset("strict").get(rule.id) == rule.strict.value


def test_strict_lists_only_what_differs_from_recommended() -> None:
    # A line that repeats recommended hides which rules strict really changes.
    recommended = _preset("recommended")
    for rule_id, severity in _preset_lines("strict").items():
        assert recommended.get(rule_id) != severity, f"strict repeats {rule_id}: {severity}"


def test_preset_lines_name_registered_rules() -> None:
    registered = {r.id for r in RULES}
    for preset in ("recommended", "strict"):
        assert set(_preset_lines(preset)) <= registered, preset


def test_presets_match_the_registry_both_ways() -> None:
    registered = {r.id: r for r in RULES}
    assert _preset("recommended") == {i: r.severity.value for i, r in registered.items()}
    assert _preset("strict") == {i: r.strict.value for i, r in registered.items()}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_declares_harm_and_advice(rule: Rule) -> None:
    assert 1 <= rule.harm <= 5, rule.id
    # One line a consultant can say: a sentence, short enough for the report.
    assert rule.advice[0].isupper() and rule.advice.endswith("."), rule.id
    assert len(rule.advice) <= 140 and "\n" not in rule.advice, rule.id


def test_rule_facts_the_score_and_report_read() -> None:
    # What impact and score read from the registry, as the evidence sets it.
    from frictionmap import impact, rules, score

    restating = {"transfer-chain", "repeat-contact", "retry-loop", "low-resolution"}
    assert restating == score.METRIC_RULES
    assert {"paid-wait", "identity-demand"} == impact.UNLAWFUL
    assert {"trap-loop"} == rules.WHOLE_SET
    assert {r.id: r.harm for r in RULES} == impact.HARM
    assert all(r.family == "metrics" for r in RULES if r.metric)


def test_declaring_a_rule_without_harm_or_advice_fails() -> None:
    from frictionmap.rules.base import rule

    with pytest.raises(TypeError):
        rule("made-up", severity="note", family="effort")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="harm must be 1 to 5"):
        rule("made-up", severity="note", family="effort", harm=7, advice="Do it.")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_option_is_documented_with_its_evidence(rule: Rule) -> None:
    options_section = rule.doc.split("## Options", 1)[1]
    for name, field in rule.options.model_fields.items():
        assert f"`{name}`" in options_section, f"{rule.id}: option {name} not in ## Options"
        assert field.description, f"{rule.id}: option {name} has no description"
    if not rule.options.model_fields:
        assert "None." in options_section
