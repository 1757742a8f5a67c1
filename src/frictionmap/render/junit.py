"""JUnit XML for CI test reports (GitLab `artifacts:reports:junit`, Jenkins).

- one `<testsuite>` per journey file, named after the journey;
- in it, one `<testcase>` per enabled rule (`Report.rules`, in catalogue order,
  plus any rule that reported without being listed), `classname` the file path
  without its suffix (as ESLint's JUnit formatter does), `name` the rule id;
- a test case **fails** when the rule has active (unsuppressed) findings of
  severity `error` or `warning`: one `<failure>` whose `type` is the worst of
  them, whose `message` counts them, and whose text lists each as
  `file:line:column: severity: message`. Warnings fail too, because a JUnit
  report has no "passed with a warning", and CI dashboards should show them;
  whether the pipeline fails stays the job of `--fail-on` and the exit code;
- `note` findings and allowed (suppressed) findings leave the case passed and
  are listed in its `<system-out>`;
- a rejected file is a suite with one test case `invalid-file` holding an
  `<error>` (the file could not be tested), its problems as the text.

Durations are 0: the checks are static, and the output stays the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

from ..findings import Finding, Severity
from ..report import INVALID_FILE, JourneyResult, Report
from ._shared import xml_clean


def _line(result: JourneyResult, finding: Finding) -> str:
    where = f"{result.file}:{finding.line}:{finding.column}"
    return f"{where}: {finding.severity.value}: {finding.message}"


def _classname(file: str) -> str:
    path = PurePosixPath(file.replace("\\", "/"))
    return str(path.with_suffix("")) if path.suffix in (".yaml", ".yml") else str(path)


def _element(tag: str, attributes: dict[str, str], text: str | None = None) -> ET.Element:
    element = ET.Element(tag, {k: xml_clean(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_clean(text)
    return element


def _rule_ids(report: Report) -> list[str]:
    ids = [r.id for r in report.rules if r.id != INVALID_FILE]
    for journey in report.journeys:
        for finding in journey.findings:
            if finding.rule not in ids and finding.rule != INVALID_FILE:
                ids.append(finding.rule)
    return ids


def _case(result: JourneyResult, rule: str) -> tuple[ET.Element, bool]:
    """The test case of one rule on one journey, and whether it failed."""
    case = _element(
        "testcase",
        {"classname": _classname(result.file), "name": rule, "file": result.file, "time": "0"},
    )
    findings = [f for f in result.findings if f.rule == rule]
    failing = [f for f in findings if f.suppressed is None and f.severity is not Severity.NOTE]
    if failing:
        worst = min(failing, key=lambda f: f.severity.rank).severity
        counts = [
            f"{n} {s.value}{'s' if n != 1 else ''}"
            for s in (Severity.ERROR, Severity.WARNING)
            if (n := sum(1 for f in failing if f.severity is s))
        ]
        failure = _element(
            "failure",
            {"type": worst.value, "message": f"{rule}: {', '.join(counts)}"},
            "\n".join(_line(result, f) for f in failing) + "\n",
        )
        case.append(failure)
    # The complement of `failing`, by the same test (`not in` would compare every pair).
    passed = [f for f in findings if f.suppressed is not None or f.severity is Severity.NOTE]
    if passed:
        lines = []
        for finding in passed:
            line = _line(result, finding)
            if finding.suppressed is not None:
                line += f" (allowed: {finding.suppressed.reason})"
            lines.append(line)
        case.append(_element("system-out", {}, "\n".join(lines) + "\n"))
    return case, bool(failing)


def _suite(result: JourneyResult, rules: list[str]) -> tuple[ET.Element, int, int, int]:
    """A journey's suite, with its test, failure and error counts."""
    suite = _element("testsuite", {"name": result.name or result.file, "file": result.file})
    tests = failures = errors = 0
    if not result.valid:
        case = _element(
            "testcase",
            {
                "classname": _classname(result.file),
                "name": INVALID_FILE,
                "file": result.file,
                "time": "0",
            },
        )
        first = result.findings[0].message if result.findings else "the file is not a journey"
        case.append(
            _element(
                "error",
                {"type": INVALID_FILE, "message": first},
                "\n".join(_line(result, f) for f in result.findings) + "\n",
            )
        )
        suite.append(case)
        tests, errors = 1, 1
    else:
        for rule in rules:
            case, failed = _case(result, rule)
            suite.append(case)
            tests += 1
            failures += failed
    suite.attrib.update(
        tests=str(tests), failures=str(failures), errors=str(errors), skipped="0", time="0"
    )
    return suite, tests, failures, errors


def junit_tree(report: Report) -> ET.Element:
    rules = _rule_ids(report)
    root = _element("testsuites", {"name": "frictionmap"})
    totals = [0, 0, 0]
    for result in report.journeys:
        suite, *counts = _suite(result, rules)
        root.append(suite)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    root.attrib.update(
        tests=str(totals[0]), failures=str(totals[1]), errors=str(totals[2]), skipped="0", time="0"
    )
    return root


def render(report: Report, *, width: int = 100, color: bool = False) -> str:
    root = junit_tree(report)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
