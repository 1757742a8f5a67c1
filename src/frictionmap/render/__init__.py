"""One module per output format, each a pure `render(report) -> str`.

Modules are imported only when their format is asked for, so that a plain
`frictionmap check` does not pay for the HTML renderer.
"""

from __future__ import annotations

from importlib import import_module
from typing import Protocol

from ..report import Report


class Renderer(Protocol):
    def __call__(self, report: Report, *, width: int = 100, color: bool = False) -> str: ...


FORMATS: dict[str, str] = {
    "terminal": "terminal",
    "json": "json_format",
}


def renderer(name: str) -> Renderer:
    module = import_module(f".{FORMATS[name]}", __name__)
    return module.render  # type: ignore[no-any-return]
