"""The rule catalogue as text: the `rules` table, `explain` pages, docs/rules.md.

Pure functions from rules to strings; the docs are the rule modules'
docstrings (one-line summary, `## Why it hurts`, `## Example`, `Use instead:`,
`## Options`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from io import StringIO
from typing import Any

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from ..findings import Severity
from ..rules.base import Rule
from .terminal import console

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}
GENERATED = (
    "<!-- Generated from the rule docstrings by `python -m frictionmap.docs docs/rules.md`;"
    " do not edit by hand. -->"
)


def _text(console: Console) -> str:
    """What was printed, without rich's padding at the end of lines."""
    file = console.file
    assert isinstance(file, StringIO)
    return "".join(line.rstrip() + "\n" for line in file.getvalue().splitlines())


def rule_options(rule: Rule) -> dict[str, dict[str, Any]]:
    """Each option's default and description, from the rule's options model."""
    return {
        name: {"default": field.default, "description": field.description or ""}
        for name, field in rule.options.model_fields.items()
    }


def rules_table(rules: Sequence[Rule], *, width: int = 100, color: bool = False) -> str:
    """`frictionmap rules`: one row per rule, in catalogue order."""
    table = Table(
        title=f"frictionmap rules ({len(rules)})",
        title_justify="left",
        header_style="bold",
        box=None,
        pad_edge=False,
        expand=True,
    )
    table.add_column("id", no_wrap=True)
    table.add_column("family", no_wrap=True)
    table.add_column("default", no_wrap=True)
    table.add_column("summary", ratio=1)
    for rule in rules:
        table.add_row(
            rule.id,
            rule.family,
            Text(rule.severity.value, style=STYLES[rule.severity]),
            rule.summary,
        )
    out = console(width, color)
    out.print(table)
    out.print(Text("frictionmap explain RULE shows a rule's documentation.", style="dim"))
    return _text(out)


def rules_json(rules: Sequence[Rule]) -> str:
    """The catalogue as JSON: id, family, default severity, summary, options."""
    data = [
        {
            "id": rule.id,
            "family": rule.family,
            "severity": rule.severity.value,
            "summary": rule.summary,
            "options": rule_options(rule),
        }
        for rule in rules
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _body(rule: Rule) -> str:
    """The docstring without its summary line."""
    lines = rule.doc.strip().splitlines()
    return "\n".join(lines[1:]).strip()


def rule_markdown(rule: Rule, heading: str = "#") -> str:
    """One rule's page in Markdown, its sections one level below `heading`."""
    body = _demote(_body(rule), heading) if heading != "#" else _body(rule)
    return (
        f"{heading} {rule.id}\n\n"
        f"*{rule.severity.value} by default · family: {rule.family}*\n\n"
        f"{rule.summary}\n\n"
        f"{body}\n"
    )


_FENCE = re.compile(r"^\s*```")


def _demote(markdown: str, heading: str) -> str:
    """Headings one level below `heading` (e.g. `## Example` -> `### Example`), not in code."""
    extra = "#" * (len(heading) - 1)
    lines, in_code = [], False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            line = extra + line
        lines.append(line)
    return "\n".join(lines)


def explain(rule: Rule, *, width: int = 100, color: bool = False) -> str:
    """`frictionmap explain RULE`: the rule's page rendered by rich."""
    out = console(width, color)
    out.print(Markdown(rule_markdown(rule), code_theme="ansi_dark" if color else "bw"))
    return _text(out)


CONFIGURATION = """## Configuration

A project sets rules in `frictionmap.toml`, or in `[tool.frictionmap]` of
`pyproject.toml`; frictionmap uses the first one found from the current
directory upwards (`--config FILE` names one explicitly):

```toml
extends = "strict"            # the preset: recommended (default), strict or all

[rules]                       # [tool.frictionmap.rules] in pyproject.toml
wide-menu = "off"
one-way-message = "error"
long-wait = {severity = "error", options = {max_wait_minutes = 1}}
```

Severities are `error`, `warning`, `note` and `off`. `recommended` runs every rule at
its default severity; `strict` makes what may be unlawful an error and every note a
warning; `all` runs every rule at its default severity, whatever the presets say. A
journey accepts a finding with `allow: {rule-id: reason}`, on the step or at the top
level; an `allow` naming an unknown rule is itself reported (`unknown-allow`)."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rules_document(rules: Sequence[Rule]) -> str:
    """docs/rules.md: an index table, then every rule's page."""
    parts = [
        "# Rules",
        "",
        GENERATED,
        "",
        f"frictionmap checks journeys against {len(rules)} rules. The severity shown is each "
        "rule's default, which the `recommended` preset keeps. `frictionmap explain RULE` "
        "shows the same page in the terminal.",
        "",
        CONFIGURATION,
        "",
        "## Index",
        "",
        "| id | family | default | summary |",
        "|---|---|---|---|",
    ]
    for rule in rules:
        parts.append(
            f"| [`{rule.id}`](#{rule.id}) | {rule.family} | {rule.severity.value} "
            f"| {_cell(rule.summary)} |"
        )
    text = "\n".join(parts) + "\n"
    for rule in rules:
        text += "\n" + rule_markdown(rule, heading="##")
    return text
