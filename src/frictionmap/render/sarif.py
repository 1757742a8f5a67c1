"""SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps, IDE viewers).

One run, tool `frictionmap`:
- `tool.driver.rules` lists every enabled rule (`Report.rules`, in catalogue
  order) with its summary, the "Why it hurts" section as full description, its
  whole docstring as help (text and Markdown) and its configured severity as
  default level; then the pseudo-rule `invalid-file`, under which files that
  break the format are reported. A rule that reported a finding but is not in
  `Report.rules` (a caller that did not fill it) is appended, so that every
  `ruleIndex` points at its rule.
- each finding is a result with its level, message, file, line and column,
  and `partialFingerprints["frictionmap/v1"]`: the SHA-256 of the rule and
  step ids (`Finding.fingerprint`, plus `#n` for the n-th repeat within one
  file), so an alert keeps its identity when the file is edited around it.
- a suppressed finding carries `suppressions: [{kind: inSource, justification}]`
  with the `allow:` reason.

File paths are written as given (forward slashes, percent-encoded as URI
references); an absolute path becomes a `file://` URI.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from urllib.parse import quote

from ..findings import Finding, Severity
from ..report import INVALID_FILE, Report, RuleInfo

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "frictionmap/v1"

INVALID_FILE_RULE = RuleInfo(
    id=INVALID_FILE,
    severity=Severity.ERROR,
    summary="The file breaks the journey format and was not analysed.",
    doc=(
        "The file breaks the journey format and was not analysed.\n\n"
        "## Why it hurts\n\n"
        "A journey that cannot be read cannot be audited: none of its worst "
        "practices are found and its metrics are not computed.\n\n"
        "## What to do\n\n"
        "Fix the key or value at the line and column given; the message names "
        "the closest valid choices where there are some. The format is "
        "described in docs/format.md, and `frictionmap schema` prints its JSON "
        "Schema for editors.\n"
    ),
    family="format",
)


def artifact_uri(path: str) -> str:
    """A file path as a SARIF URI reference: relative as given, or `file://` when absolute."""
    posix = path.replace("\\", "/")
    if re.match(r"^[A-Za-z]:/", posix):  # a Windows drive
        return "file:///" + quote(posix, safe="/:")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    return quote(posix, safe="/")


def pascal_case(rule_id: str) -> str:
    """SARIF's `name` is an identifier-like word: `dead-end` -> `DeadEnd`."""
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule_id) if part)


def section(doc: str, title: str) -> str:
    """The text of one `## title` section of a rule docstring ('' when absent)."""
    match = re.search(
        rf"^##\s+{re.escape(title)}\s*$(.*?)(?=^##\s|^Use instead:|\Z)", doc, re.M | re.S
    )
    return " ".join(match.group(1).split()) if match else ""


def rule_descriptor(rule: RuleInfo) -> dict[str, Any]:
    doc = rule.doc.strip()
    summary = rule.summary or (doc.splitlines()[0] if doc else rule.id)
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": pascal_case(rule.id),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": section(doc, "Why it hurts") or summary},
        "defaultConfiguration": {"level": rule.severity.value},
    }
    if doc:
        descriptor["help"] = {"text": doc, "markdown": doc}
    properties: dict[str, Any] = {"tags": ["customer-experience"]}
    if rule.family:
        properties["tags"].append(rule.family)
    descriptor["properties"] = properties
    return descriptor


def _rules(report: Report) -> list[RuleInfo]:
    """Enabled rules, then any rule that reported without being listed, then invalid-file."""
    rules = [r for r in report.rules if r.id != INVALID_FILE]
    known = {r.id for r in rules}
    for journey in report.journeys:
        for finding in journey.findings:
            if finding.rule not in known and finding.rule != INVALID_FILE:
                known.add(finding.rule)
                rules.append(RuleInfo(finding.rule, finding.severity))
    return [*rules, INVALID_FILE_RULE]


def fingerprint(finding: Finding, occurrence: int) -> str:
    """Stable identity of a finding in its file: rule and step ids, not the line.

    A rejected file's problems have no step; their message stands in.
    """
    key = (
        finding.fingerprint if finding.rule != INVALID_FILE else f"{INVALID_FILE}:{finding.message}"
    )
    if occurrence > 1:
        key += f"#{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _result(finding: Finding, uri: str, index: int, occurrence: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": finding.severity.value,
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": max(1, finding.line),
                        "startColumn": max(1, finding.column),
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint(finding, occurrence)},
    }
    if finding.step is not None:
        logical: dict[str, Any] = {"name": finding.step, "kind": "step"}
        result["locations"][0]["logicalLocations"] = [logical]
    if finding.suppressed is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed.reason}]
    return result


def sarif_log(report: Report) -> dict[str, Any]:
    rules = _rules(report)
    index = {rule.id: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for journey in report.journeys:
        uri = artifact_uri(journey.file)
        seen: dict[str, int] = {}
        for finding in journey.findings:
            key = finding.fingerprint if finding.rule != INVALID_FILE else finding.message
            seen[key] = seen.get(key, 0) + 1
            results.append(_result(finding, uri, index[finding.rule], seen[key]))
    driver: dict[str, Any] = {
        "name": "frictionmap",
        "rules": [rule_descriptor(rule) for rule in rules],
    }
    if report.version:
        driver["version"] = report.version
        driver["semanticVersion"] = report.version
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                # Columns count characters, as the YAML parser does.
                "columnKind": "unicodeCodePoints",
                "results": results,
                **({"properties": {"config": report.config}} if report.config else {}),
            }
        ],
    }


def render(report: Report, *, width: int = 100, color: bool = False) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
