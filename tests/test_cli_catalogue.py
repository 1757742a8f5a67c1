"""`frictionmap rules` and `frictionmap explain` through the CLI, and their rendering."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from frictionmap.cli import app
from frictionmap.render.catalogue import _demote, rule_markdown, rules_document
from frictionmap.rules import RULES, RULES_BY_ID


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_rules_table_lists_every_rule_in_catalogue_order() -> None:
    code, out, err = run("rules")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"frictionmap rules ({len(RULES)})"
    assert lines[1].split() == ["id", "family", "default", "summary"]
    rows = [line.split()[:3] for line in lines[2:] if line and not line.startswith(" ")]
    assert rows[: len(RULES)] == [[r.id, r.family, r.severity.value] for r in RULES]
    assert "wide-menu              automation     note     An automated menu offers more" in out


def test_rules_json() -> None:
    code, out, _ = run("rules", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [entry["id"] for entry in data] == [r.id for r in RULES]
    (long_wait,) = [entry for entry in data if entry["id"] == "long-wait"]
    assert long_wait == {
        "id": "long-wait",
        "family": "waiting",
        "severity": "warning",
        "summary": "A customer waits longer than most customers accept.",
        "options": {
            "max_wait_minutes": {
                "default": 0.5,
                "description": "Longest acceptable wait, in minutes: 86% of ING Direct "
                "customers expect at most 30 s (evidence.md section 2).",
            }
        },
    }
    (dead_end,) = [entry for entry in data if entry["id"] == "dead-end"]
    assert dead_end["options"] == {}


def test_rules_unknown_format() -> None:
    code, out, err = run("rules", "--format", "xml")
    assert (code, out) == (2, "")
    assert err == "frictionmap: unknown format 'xml'; choose from terminal, json\n"


def test_explain_renders_the_docstring() -> None:
    code, out, err = run("explain", "long-wait")
    assert code == 0 and err == ""
    lines = [line.strip() for line in out.splitlines()]
    assert lines[0] == "long-wait"
    assert "warning by default · family: waiting" in lines
    assert "A customer waits longer than most customers accept." in lines
    for heading in ("Why it hurts", "Example", "Use instead:", "Options"):
        assert heading in lines
    assert "wait: 15" in lines  # the bad example, as code
    assert "```" not in out and "##" not in out  # rendered, not raw Markdown
    assert any(
        line.startswith("• max_wait_minutes (default 0.5): the longest acceptable wait.")
        for line in lines
    )


def test_explain_unknown_rule_suggests() -> None:
    code, out, err = run("explain", "long-wai")
    assert (code, out) == (2, "")
    assert err == "frictionmap: unknown rule 'long-wai'; did you mean 'long-wait'?\n"


def test_explain_unknown_rule_without_a_close_one() -> None:
    code, _, err = run("explain", "qqq")
    assert code == 2
    assert err == "frictionmap: unknown rule 'qqq'; `frictionmap rules` lists them\n"


def test_demote_leaves_code_alone() -> None:
    text = "## Example\n\n```yaml\n# a comment\nsteps: {}\n```\n\n## Options"
    assert _demote(text, "##") == (
        "### Example\n\n```yaml\n# a comment\nsteps: {}\n```\n\n### Options"
    )


def test_rule_page_and_document() -> None:
    page = rule_markdown(RULES_BY_ID["wide-menu"], heading="##")
    assert page.startswith(
        "## wide-menu\n\n*note by default · family: automation*\n\n"
        "An automated menu offers more options than a caller can keep in mind.\n\n"
        "### Why it hurts\n"
    )
    document = rules_document(RULES)
    assert document.count("\n## ") == len(RULES) + 2  # Configuration, Index, one per rule
    assert "| [`wide-menu`](#wide-menu) | automation | note | An automated menu offers" in document
