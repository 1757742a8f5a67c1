"""The one registry of output formats (frictionmap.render.OUTPUTS) is complete and consistent.

A newcomer adds a format by writing a renderer module and one registry line;
these tests fail if the line names no function, or if a renderer module was
written but not registered. tests/test_determinism.py runs every line.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import frictionmap.render as render
from frictionmap.render import OUTPUTS, Output, formats

RENDER = Path(render.__file__).parent


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: f"{o.command}-{o.name}")
def test_every_registered_format_has_its_function(output: Output) -> None:
    function = output.load()
    assert callable(function)
    parameters = inspect.signature(function).parameters
    if output.styled:  # called as function(value, width=..., color=...)
        assert {"width", "color"} <= set(parameters), output
    else:
        assert len([p for p in parameters.values() if p.default is p.empty]) == 1, output


def _entry_points(module: Path) -> set[str]:
    """The module's top-level `render*` / `diagram` / `rules_*` functions."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and (node.name in ("render", "diagram", "render_report") or node.name.startswith("render_"))
    }


def test_every_renderer_module_is_registered() -> None:
    registered = {o.module for o in OUTPUTS}
    # Modules with a top-level render()/diagram() are formats; helpers have neither.
    formats_ = {
        p.stem
        for p in RENDER.glob("*.py")
        if p.stem != "__init__" and _entry_points(p) & {"render", "diagram", "render_report"}
    }
    assert formats_ - registered == set()


def test_names_and_suffixes_are_unique_per_command() -> None:
    for command in {o.command for o in OUTPUTS}:
        own = [o for o in OUTPUTS if o.command == command]
        assert len({o.name for o in own}) == len(own), command
        suffixes = [s for o in formats(command).values() for s in o.suffixes]
        assert len(set(suffixes)) == len(suffixes), command
        assert all(s.startswith(".") and s == s.lower() for s in suffixes), command


def test_report_shares_the_check_formats_with_its_own_terminal_report() -> None:
    # ... and adds the PDF, a report only (render/pdf.py).
    assert list(formats("report")) == [*formats("check"), "pdf"]
    assert formats("report")["terminal"].function == "render_report"
    assert formats("report")["json"] is formats("check")["json"]
