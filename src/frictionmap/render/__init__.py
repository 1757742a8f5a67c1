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


FORMATS: dict[str, str] = {
    "terminal": "listing",
    "json": "json_format",
    "markdown": "markdown",
    "html": "html",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
}

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
    return import_module(f".{FORMATS[name]}", __name__).render  # type: ignore[no-any-return]
