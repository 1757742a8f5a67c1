"""Configuration: discovery, presets, overrides and every error, library and CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frictionmap.analysis import check_text
from frictionmap.cli import app
from frictionmap.config import (
    Config,
    ConfigError,
    config_from_table,
    default_config,
    find_config,
    load_config,
    preset_config,
)
from frictionmap.findings import Severity
from frictionmap.rules import RULES

# A 15-minute wait on a 0.35 EUR/min line, and a five-option menu.
JOURNEY = """\
frictionmap: 1
name: Paid hotline with a wide menu
channels:
  hotline: {kind: phone, cost_per_minute: 0.35}
start: call
steps:
  call: {type: contact, channel: hotline, next: menu}
  menu: {type: ivr, next: [hold, hold, hold, hold, hold]}
  hold: {type: queue, wait: 15, next: agent}
  agent: {type: agent, next: done}
  done: {type: outcome, outcome: resolved}
"""


def reported(config: Config) -> dict[tuple[str, str], str]:
    """(rule, step) -> severity of every finding on JOURNEY under `config`."""
    result = check_text(JOURNEY, "journey.yaml", config)
    return {(f.rule, f.step or ""): f.severity.value for f in result.findings}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- presets ---------------------------------------------------------------------


def test_recommended_is_every_rule_at_its_default() -> None:
    config = preset_config("recommended")
    assert config.preset == "recommended" and config.source is None
    assert {k: s.severity for k, s in config.rules.items()} == {r.id: r.severity for r in RULES}


def test_all_is_computed_from_the_registry() -> None:
    assert {k: s.severity for k, s in preset_config("all").rules.items()} == {
        k: s.severity for k, s in default_config().rules.items()
    }


def test_strict_extends_recommended() -> None:
    strict = preset_config("strict")
    recommended = preset_config("recommended")
    assert strict.rules["paid-wait"].severity is Severity.ERROR
    assert strict.rules["wide-menu"].severity is Severity.WARNING
    # Not listed in strict.yaml: inherited from recommended.
    assert strict.rules["long-wait"].severity is recommended.rules["long-wait"].severity


def test_presets_change_what_is_reported() -> None:
    assert reported(preset_config("recommended")) == {
        ("wide-menu", "menu"): "note",
        ("long-wait", "hold"): "warning",
        ("paid-wait", "hold"): "warning",
    }
    assert reported(config_from_table({"extends": "strict"}, "frictionmap.toml")) == {
        ("wide-menu", "menu"): "warning",
        ("long-wait", "hold"): "warning",
        ("paid-wait", "hold"): "error",
    }


# -- overrides -------------------------------------------------------------------


def test_severity_off_and_error() -> None:
    table = {"rules": {"wide-menu": "off", "long-wait": "error"}}
    assert reported(config_from_table(table, "frictionmap.toml")) == {
        ("long-wait", "hold"): "error",
        ("paid-wait", "hold"): "warning",
    }


def test_options_override_keeps_the_inherited_severity() -> None:
    table = {"rules": {"long-wait": {"options": {"max_wait_minutes": 15}}}}
    config = config_from_table(table, "frictionmap.toml")
    assert config.rules["long-wait"].severity is Severity.WARNING
    assert ("long-wait", "hold") not in reported(config)
    table = {"rules": {"long-wait": {"options": {"max_wait_minutes": 14}}}}
    assert reported(config_from_table(table, "frictionmap.toml"))[("long-wait", "hold")] == (
        "warning"
    )


def test_severity_and_options_together_over_strict() -> None:
    table = {
        "extends": "strict",
        "rules": {
            "paid-wait": "note",
            "wide-menu": {"severity": "error", "options": {"max_options": 5}},
        },
    }
    config = config_from_table(table, "frictionmap.toml")
    assert config.rules["wide-menu"].severity is Severity.ERROR
    assert reported(config) == {
        ("long-wait", "hold"): "warning",
        ("paid-wait", "hold"): "note",
    }


# -- discovery -------------------------------------------------------------------


def test_found_from_a_subdirectory_upwards(tmp_path: Path) -> None:
    found = write(tmp_path / "frictionmap.toml", '[rules]\nwide-menu = "off"\n')
    deep = tmp_path / "journeys" / "billing"
    deep.mkdir(parents=True)
    assert find_config(deep) == found.resolve()
    config = load_config(cwd=deep)
    assert config.source == str(found.resolve())
    assert config.rules["wide-menu"].severity is None


def test_pyproject_table_and_nearest_wins(tmp_path: Path) -> None:
    write(tmp_path / "frictionmap.toml", 'extends = "strict"\n')
    near = write(
        tmp_path / "project" / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.frictionmap.rules]\nlong-wait = "error"\n',
    )
    config = load_config(cwd=near.parent)
    assert config.source == "pyproject.toml"
    assert config.preset == "recommended"
    assert config.rules["long-wait"].severity is Severity.ERROR
    assert config.rules["paid-wait"].severity is Severity.WARNING


def test_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    top = write(tmp_path / "frictionmap.toml", 'extends = "strict"\n')
    write(tmp_path / "project" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "project") == top.resolve()


def test_frictionmap_toml_before_pyproject_in_one_directory(tmp_path: Path) -> None:
    first = write(tmp_path / "frictionmap.toml", 'extends = "strict"\n')
    write(tmp_path / "pyproject.toml", '[tool.frictionmap]\nextends = "all"\n')
    assert find_config(tmp_path) == first.resolve()
    assert load_config(cwd=tmp_path).preset == "strict"


def test_explicit_file_overrides_discovery(tmp_path: Path) -> None:
    write(tmp_path / "frictionmap.toml", 'extends = "strict"\n')
    other = write(tmp_path / "elsewhere" / "audit.toml", '[rules]\npaid-wait = "off"\n')
    config = load_config(other, cwd=tmp_path)
    assert config.source == str(other) and config.preset == "recommended"
    assert config.rules["paid-wait"].severity is None


def test_explicit_pyproject_reads_its_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[tool.frictionmap]\nextends = "strict"\n')
    assert load_config(path).preset == "strict"


# -- errors ----------------------------------------------------------------------

ERRORS = [
    (
        'extends = "strit"\n',
        "extends: unknown preset 'strit'; did you mean 'strict'? "
        "(presets: all, recommended, strict)",
    ),
    (
        '[rules]\nwide-menus = "off"\n',
        "rules.wide-menus: unknown rule 'wide-menus'; did you mean 'wide-menu'? "
        "(`frictionmap rules` lists them)",
    ),
    (
        '[rules]\nlong-wait = "fatal"\n',
        "rules.long-wait: unknown severity 'fatal' (use one of error, warning, note, off)",
    ),
    (
        '[rules]\nlong-wait = "Error"\n',
        "rules.long-wait: unknown severity 'Error'; did you mean 'error'? "
        "(use one of error, warning, note, off)",
    ),
    (
        "[rules]\nlong-wait = {options = {max_wait = 1}}\n",
        "rules.long-wait.options.max_wait: unknown option; did you mean 'max_wait_minutes'? "
        "(options of long-wait: max_wait_minutes)",
    ),
    (
        "[rules]\ndead-end = {options = {max = 1}}\n",
        "rules.dead-end.options.max: unknown option: dead-end has no options",
    ),
    (
        "[rules]\nlong-wait = {options = {max_wait_minutes = -1}}\n",
        "rules.long-wait.options.max_wait_minutes: input should be greater than or equal "
        "to 0 (got -1)",
    ),
    (
        "[rules]\nlong-wait = {options = 3}\n",
        "rules.long-wait.options: must be a table of option values",
    ),
    (
        '[rules]\nlong-wait = {level = "error"}\n',
        "rules.long-wait.level: unknown key (a rule takes 'severity' and 'options')",
    ),
    (
        '[rules]\nlong-wait = {severity = "loud"}\n',
        "rules.long-wait.severity: unknown severity 'loud' (use one of error, warning, note, off)",
    ),
    (
        "[rules]\nlong-wait = true\n",
        "rules.long-wait: unknown severity True (use one of error, warning, note, off)",
    ),
    (
        'rule = "x"\n',
        "rule: unknown key; did you mean 'rules'? (use 'extends', 'rules', 'limits' and 'company')",
    ),
    ("rules = 3\n", "rules: must be a table of rule ids"),
    (
        "[rules\n",
        "invalid TOML: Expected ']' at the end of a table declaration (at line 1, column 7)",
    ),
]


@pytest.mark.parametrize(("text", "message"), ERRORS, ids=[e[1].split(":")[0] for e in ERRORS])
def test_library_error_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "frictionmap.toml", text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.file == str(path)
    assert error.value.message == message


@pytest.mark.parametrize(("text", "message"), ERRORS, ids=[e[1].split(":")[0] for e in ERRORS])
def test_cli_error_exits_two_with_file_and_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    write(tmp_path / "frictionmap.toml", text)
    journey = write(tmp_path / "journey.yaml", JOURNEY)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", str(journey)])
    assert result.exit_code == 2
    assert result.stderr == f"frictionmap.toml: {message}\n"
    assert result.stdout == ""


def test_pyproject_errors_name_the_tool_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[tool.frictionmap.rules]\nwide-menus = "off"\n')
    with pytest.raises(ConfigError, match=r"tool\.frictionmap\.rules\.wide-menus: unknown rule"):
        load_config(cwd=tmp_path)
    assert path.exists()


def test_explicit_pyproject_without_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}: no [tool.frictionmap] table"


def test_cli_missing_config_file(tmp_path: Path) -> None:
    journey = write(tmp_path / "journey.yaml", JOURNEY)
    missing = str(tmp_path / "nope.toml")
    result = CliRunner().invoke(app, ["check", str(journey), "--config", missing])
    assert result.exit_code == 2
    assert result.stderr == f"{missing}: no such file\n"


# -- the CLI honours the configuration -------------------------------------------


def _cli_findings(*args: str) -> dict[tuple[str, str], str]:
    result = CliRunner().invoke(app, ["check", *args, "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.stderr
    (journey,) = json.loads(result.stdout)["journeys"]
    return {(f["rule"], f["step"]): f["severity"] for f in journey["findings"]}


def test_cli_discovers_and_config_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "frictionmap.toml", 'extends = "strict"\n[rules]\nlong-wait = "off"\n')
    other = write(tmp_path / "other.toml", '[rules]\nwide-menu = "off"\npaid-wait = "error"\n')
    journey = write(tmp_path / "journeys" / "j.yaml", JOURNEY)
    monkeypatch.chdir(journey.parent)
    assert _cli_findings(str(journey)) == {
        ("wide-menu", "menu"): "warning",
        ("paid-wait", "hold"): "error",
    }
    assert _cli_findings(str(journey), "--config", str(other)) == {
        ("long-wait", "hold"): "warning",
        ("paid-wait", "hold"): "error",
    }
