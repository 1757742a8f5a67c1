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
    "terminal": "terminal",
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


def renderer(name: str, *, full: bool = False) -> Renderer:
    """The format's `render`; with `full`, its `render_report` where it has one.

    `render_report` is the fuller form `frictionmap report` prints (the
    terminal's worst-practices report, where `check` prints a compact list).
    """
    module = import_module(f".{FORMATS[name]}", __name__)
    if full and hasattr(module, "render_report"):
        return module.render_report  # type: ignore[no-any-return]
    return module.render  # type: ignore[no-any-return]
