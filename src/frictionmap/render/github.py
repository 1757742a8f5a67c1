"""GitHub Actions workflow commands: one annotation per active finding.

    ::error file=journeys/ups.yaml,line=12,col=5,title=repeated-entry::'Agent' asks again...

`error` findings are `::error`, warnings `::warning`, notes `::notice`; a file
that breaks the format is an `::error` titled `invalid-file`. Allowed
(suppressed) findings are left out: they are decisions, not problems.

Escaping follows the runner's rules (actions/toolkit `command.ts`): in the
message `%`, `\\r` and `\\n` become `%25`, `%0D`, `%0A`; in property values
`:` and `,` are also escaped (`%3A`, `%2C`), so that a label cannot end the
message early, start a second command or add properties. Any other control,
bidi or zero-width character is shown as an escape (`escapes.printable`).
"""

from __future__ import annotations

from ..escapes import printable
from ..findings import Severity
from ..report import Report

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def escape_data(text: str) -> str:
    text = printable(text, keep="\r\n")  # no terminal escape reaches the log
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(command: str, properties: dict[str, str], message: str) -> str:
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{command} {props}::{escape_data(message)}"


def render(report: Report, *, width: int = 100, color: bool = False) -> str:
    lines = []
    for journey in report.journeys:
        file = journey.file.replace("\\", "/")
        for finding in journey.findings:
            if finding.suppressed is not None:
                continue
            properties = {
                "file": file,
                "line": str(max(1, finding.line)),
                "col": str(max(1, finding.column)),
                "title": finding.rule,
            }
            lines.append(annotation(COMMANDS[finding.severity], properties, finding.text))
    if report.config:  # a plain log line, not an annotation
        lines.append(f"frictionmap config: {printable(report.config)}")
    return "".join(line + "\n" for line in lines)
