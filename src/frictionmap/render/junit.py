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
- a case whose only findings are allowed (suppressed) ones is `<skipped>`,
  the reasons in its message: a decision, neither a pass nor a failure;
- `note` findings leave the case passed, listed in its `<system-out>` (as are
  the allowed findings of a case that also fails);
- a rejected file is a suite with one test case `invalid-file` holding an
  `<error>` (the file could not be tested), its problems as the text.

The output is valid against the common `junit-10.xsd` (Jenkins xUnit; the
copy in tests/schemas): no `file` attribute on a test case (the suite holds
it; `render(..., testcase_file=True)` adds it for tools that read it there),
suite names unique (a journey name shared by two files is followed by the
file), no `skipped` on `<testsuites>`. File names and messages are made
printable (`escapes.printable`). Durations are 0: the checks are static, and the
output stays the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import PurePosixPath

from ..escapes import location, printable
from ..findings import Finding, Severity
from ..report import INVALID_FILE, JourneyResult, Report
from ._shared import xml_clean


def _line(result: JourneyResult, finding: Finding) -> str:
    where = location(result.file, finding.line, finding.column)
    return f"{where}: {finding.severity.value}: {finding.text}"


def _classname(file: str) -> str:
    path = PurePosixPath(printable(file).replace("\\", "/"))
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


def _case_attributes(result: JourneyResult, rule: str, testcase_file: bool) -> dict[str, str]:
    attributes = {"classname": _classname(result.file), "name": rule}
    if testcase_file:
        attributes["file"] = printable(result.file)
    attributes["time"] = "0"
    return attributes


def _case(result: JourneyResult, rule: str, testcase_file: bool) -> tuple[ET.Element, str]:
    """The test case of one rule on one journey, and how it ended:
    `failed`, `skipped` (only allowed findings) or `passed`."""
    case = _element("testcase", _case_attributes(result, rule, testcase_file))
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
    allowed = [f for f in passed if f.suppressed is not None]
    if not failing and allowed and len(allowed) == len(findings):
        reasons = sorted({f.suppressed.reason for f in allowed if f.suppressed is not None})
        case.append(
            _element(
                "skipped",
                {"message": f"{rule}: allowed: {'; '.join(reasons)}"},
                "\n".join(
                    f"{_line(result, f)} (allowed: {f.suppressed.reason})"
                    for f in allowed
                    if f.suppressed is not None
                )
                + "\n",
            )
        )
        return case, "skipped"
    if passed:
        lines = []
        for finding in passed:
            line = _line(result, finding)
            if finding.suppressed is not None:
                line += f" (allowed: {finding.suppressed.reason})"
            lines.append(line)
        case.append(_element("system-out", {}, "\n".join(lines) + "\n"))
    return case, "failed" if failing else "passed"


def _suite(
    result: JourneyResult, name: str, rules: list[str], testcase_file: bool, config: str = ""
) -> tuple[ET.Element, int, int, int, int]:
    """A journey's suite, with its test, failure, error and skipped counts; the
    configuration the run used is its `config` property."""
    suite = _element("testsuite", {"name": name, "file": printable(result.file)})
    if config:
        properties = _element("properties", {})
        properties.append(_element("property", {"name": "config", "value": printable(config)}))
        suite.append(properties)
    tests = failures = errors = skipped = 0
    if not result.valid:
        case = _element("testcase", _case_attributes(result, INVALID_FILE, testcase_file))
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
            case, ended = _case(result, rule, testcase_file)
            suite.append(case)
            tests += 1
            failures += ended == "failed"
            skipped += ended == "skipped"
    suite.attrib.update(
        tests=str(tests),
        failures=str(failures),
        errors=str(errors),
        skipped=str(skipped),
        time="0",
    )
    return suite, tests, failures, errors, skipped


def suite_names(report: Report) -> list[str]:
    """One unique name per journey: its name, followed by its file where two share it."""
    names = [printable(r.name or r.file) for r in report.journeys]
    counts = Counter(names)
    unique = [
        name if counts[name] == 1 else f"{name} ({printable(r.file)})"
        for name, r in zip(names, report.journeys, strict=True)
    ]
    seen: Counter[str] = Counter()
    for index, name in enumerate(unique):  # the same file given twice
        seen[name] += 1
        if seen[name] > 1:
            unique[index] = f"{name} #{seen[name]}"
    return unique


def junit_tree(report: Report, *, testcase_file: bool = False) -> ET.Element:
    rules = _rule_ids(report)
    root = _element("testsuites", {"name": "frictionmap"})
    totals = [0, 0, 0]
    for result, name in zip(report.journeys, suite_names(report), strict=True):
        suite, tests, failures, errors, _ = _suite(
            result, name, rules, testcase_file, report.config
        )
        root.append(suite)
        totals = [a + b for a, b in zip(totals, (tests, failures, errors), strict=True)]
    # junit-10.xsd has no `skipped` on <testsuites>: the suites count theirs.
    root.attrib.update(
        tests=str(totals[0]), failures=str(totals[1]), errors=str(totals[2]), time="0"
    )
    return root


def render(
    report: Report, *, width: int = 100, color: bool = False, testcase_file: bool = False
) -> str:
    """JUnit XML; `testcase_file` adds the file to each test case as well as the suite."""
    root = junit_tree(report, testcase_file=testcase_file)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
