"""One module per output format, each a pure function of what a command computed.

`OUTPUTS` is the one registry of formats: which command writes it, its name
(`--format NAME`, `--output NAME=PATH`), the renderer module and function,
and the file suffixes `--output PATH` infers it from. To add a format, write
its module here and add its line; tests/test_render_registry.py fails if a
line names no function, and tests/test_determinism.py runs every line.

Modules are imported only when their format is asked for, so that a plain
`frictionmap check` does not pay for the HTML renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol

from ..report import JourneyResult, Report


class Renderer(Protocol):
    def __call__(self, report: Report, *, width: int = 100, color: bool = False) -> str: ...


class RenderUnavailable(RuntimeError):
    """A format that needs what this machine lacks (PDF without Chromium): a usage error."""


@dataclass(frozen=True)
class Output:
    """One output format of one command.

    `command`: `check` (whose formats `report` shares), `report` (where a
    report differs from a check), `diff`, `graph`, `simulate` or `rules`. `function`
    is called as `function(value, width=..., color=...)`, or `function(value)`
    where `styled` is false (drawings have neither width nor colour).
    A format with `languages` also takes the report's language (`lang`, i18n.py).
    """

    command: str
    name: str
    module: str
    function: str = "render"
    suffixes: tuple[str, ...] = ()
    styled: bool = True
    languages: bool = False

    def load(self) -> Callable[..., Any]:
        """The rendering function (its module is imported now, not before)."""
        return getattr(import_module(f".{self.module}", __name__), self.function)  # type: ignore[no-any-return]

    def render(
        self, value: Any, *, width: int = 100, color: bool = False, lang: str = "en"
    ) -> str | bytes:
        """`value` in this format (in `lang` where the format has languages): text, or
        bytes for a binary format."""
        function = self.load()
        words = {"lang": lang} if self.languages and lang != "en" else {}
        result: str | bytes = (
            function(value, width=width, color=color, **words) if self.styled else function(value)
        )
        return result


OUTPUTS: tuple[Output, ...] = (
    Output("check", "terminal", "listing", suffixes=(".txt",)),
    Output("check", "json", "json_format", suffixes=(".json",)),
    Output("check", "markdown", "markdown", suffixes=(".md", ".markdown"), languages=True),
    Output("check", "html", "html", suffixes=(".html", ".htm"), languages=True),
    Output("check", "sarif", "sarif", suffixes=(".sarif",)),
    Output("check", "junit", "junit", suffixes=(".xml",)),
    Output("check", "github", "github"),
    Output("report", "terminal", "terminal", "render_report", (".txt",)),
    # The client's document: not cut to fit a pull-request comment.
    Output("report", "markdown", "markdown", "render_report", (".md", ".markdown"), languages=True),
    # The HTML report printed by headless Chromium (render/pdf.py): bytes.
    Output("report", "pdf", "pdf", suffixes=(".pdf",), languages=True),
    Output("diff", "terminal", "diff_terminal", suffixes=(".txt",)),
    Output("diff", "json", "diff_json", suffixes=(".json",)),
    Output("diff", "markdown", "diff_markdown", suffixes=(".md", ".markdown")),
    Output("graph", "mermaid", "mermaid", "diagram", (".mmd", ".mermaid"), styled=False),
    Output("graph", "dot", "dot", "diagram", (".dot", ".gv"), styled=False),
    Output("graph", "svg", "svg", "diagram", (".svg",), styled=False),
    Output("simulate", "terminal", "simulation", "render_terminal", (".txt",)),
    Output("simulate", "json", "simulation", "render_json", (".json",)),
    Output("rules", "terminal", "catalogue", "rules_table", (".txt",)),
    Output("rules", "json", "catalogue", "rules_json", (".json",), styled=False),
)

#: Commands whose formats are another's, with their own lines on top.
_SHARES = {"report": "check"}


def formats(command: str) -> dict[str, Output]:
    """The formats `command` writes, by name, in registry order."""
    found: dict[str, Output] = {}
    base = _SHARES.get(command)
    if base is not None:
        found.update(formats(base))
    found.update((o.name, o) for o in OUTPUTS if o.command == command)
    return found


def format_names(command: str) -> str:
    """`terminal, json or markdown`: the formats of a command, for help texts."""
    names = list(formats(command))
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


# The older names, derived from the registry.
FORMATS: dict[str, str] = {name: o.module for name, o in formats("check").items()}
DIAGRAMS: dict[str, str] = {name: o.module for name, o in formats("graph").items()}


def diagram(name: str) -> Callable[[JourneyResult], str]:
    """The drawing function of a `graph` format."""
    return formats("graph")[name].load()


def renderer(name: str, *, full: bool = False) -> Renderer:
    """The `check` format's `render`; with `full`, the `report` one where it differs."""
    return formats("report" if full else "check")[name].load()
