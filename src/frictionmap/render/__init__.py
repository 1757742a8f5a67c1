"""One module per output format, each a pure `render(report) -> str`.

Modules are imported only when their format is asked for, so that a plain
`frictionmap check` does not pay for the HTML renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Protocol

from ..report import JourneyResult, Report


class Renderer(Protocol):
    def __call__(self, report: Report, *, width: int = 100, color: bool = False) -> str: ...


class RenderUnavailable(RuntimeError):
    """A format that needs what this machine lacks (PDF without Chromium): a usage error."""


FORMATS: dict[str, str] = {
    "terminal": "listing",
    "json": "json_format",
    "markdown": "markdown",
    "html": "html",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
}

# Formats whose render returns bytes, not text: the PDF, printed by headless
# Chromium (render/pdf.py). Kept apart so that what walks FORMATS (the fuzzer,
# the determinism test) meets text only and starts no browser.
BINARY_FORMATS: dict[str, str] = {
    "pdf": "pdf",
}

# Formats written in the report's language (`--lang`, i18n.py): their render
# takes `lang`; the others are English.
LANG_FORMATS = frozenset({"html", "pdf"})

# Drawings of one journey (`frictionmap graph`): module -> `diagram(result) -> str`.
DIAGRAMS: dict[str, str] = {
    "mermaid": "mermaid",
    "dot": "dot",
    "svg": "svg",
}


def diagram(name: str) -> Callable[[JourneyResult], str]:
    module = import_module(f".{DIAGRAMS[name]}", __name__)
    return module.diagram  # type: ignore[no-any-return]


# Formats whose `frictionmap report` differs from `check`: module -> `render_report`
# (the terminal's worst-practices report, where `check` prints a compact listing).
REPORTS: dict[str, str] = {
    "terminal": "terminal",
}


def renderer(name: str, *, full: bool = False) -> Renderer:
    """The format's `render`; with `full`, its `render_report` where it has one."""
    if full and name in REPORTS:
        return import_module(f".{REPORTS[name]}", __name__).render_report  # type: ignore[no-any-return]
    module = FORMATS.get(name) or BINARY_FORMATS[name]
    return import_module(f".{module}", __name__).render  # type: ignore[no-any-return]
