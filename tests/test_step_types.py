"""Every step type of the format is classified once and drawn by every diagram.

Adding a type to model.StepType without a line in step_types.TRAITS, or without a
shape in render/_shared.py (colour), render/svg.py, render/dot.py and
render/mermaid.py, fails here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from frictionmap import step_types
from frictionmap.analysis import check_text
from frictionmap.model import STEP_TYPES
from frictionmap.render import _shared, dot, mermaid, svg

TYPES = set(STEP_TYPES)
# The traits step_types.py documents; a misspelt trait would classify nothing.
KNOWN_TRAITS = {
    "contact", "outcome", "on_hold", "automated", "machine", "menu", "agent", "person", "instructs",
    "relays", "timed",
}


def test_every_step_type_is_classified() -> None:
    assert set(step_types.TRAITS) == TYPES, "give each step type a line in step_types.TRAITS"


def test_traits_are_the_documented_ones() -> None:
    used = set().union(*step_types.TRAITS.values())
    assert used <= KNOWN_TRAITS, used - KNOWN_TRAITS
    for trait in KNOWN_TRAITS:
        assert f"`{trait}`" in (step_types.__doc__ or ""), trait
        assert step_types.with_trait(trait), f"no step type is {trait}"


def test_contact_and_outcome_are_exclusive() -> None:
    # Metrics count a contact on entering a step and absorb at an outcome: one step
    # cannot be both, nor an outcome anything else.
    assert not step_types.CONTACT & step_types.OUTCOME
    for kind in step_types.OUTCOME:
        assert step_types.TRAITS[kind] == {"outcome"}


@pytest.mark.parametrize(
    ("table", "name"),
    [
        (_shared.TYPE_COLOUR, "render/_shared.py TYPE_COLOUR (svg, dot, mermaid)"),
        (svg.TYPE_RADIUS, "render/svg.py TYPE_RADIUS"),
        (dot.SHAPES, "render/dot.py SHAPES"),
        (mermaid.SHAPES, "render/mermaid.py SHAPES"),
    ],
)
def test_every_renderer_has_a_shape_for_every_type(table: dict[str, object], name: str) -> None:
    assert set(table) == TYPES, f"{name}: give each step type an entry"


def _every_type() -> str:
    """A journey with one step of every type, in a chain ending at the outcome."""
    kinds = [k for k in STEP_TYPES if k != "outcome"] + ["outcome"]
    lines = ["frictionmap: 1", "name: every type", f"start: s_{kinds[0]}", "steps:"]
    for kind, after in zip(kinds, [*kinds[1:], None], strict=True):
        if kind == "outcome":
            lines.append(f"  s_{kind}: {{type: outcome, outcome: resolved}}")
        else:
            lines.append(f"  s_{kind}: {{type: {kind}, next: s_{after}}}")
    return "\n".join(lines) + "\n"


def test_every_type_is_drawn_with_its_own_shape() -> None:
    result = check_text(_every_type())
    assert result.valid, result.findings
    drawn = dot.digraph(result)
    for kind in STEP_TYPES:
        (line,) = [x for x in drawn.splitlines() if x.startswith(f'    "s_{kind}" [')]
        assert f'shape="{dot.SHAPES[kind]}"' in line
        assert f'color="{_shared.TYPE_COLOUR[kind]}"' in line or kind == "outcome"
    chart = mermaid.flowchart(result)
    for kind in STEP_TYPES:
        opening, closing = mermaid.SHAPES[kind]
        assert re.search(
            rf'{re.escape(opening)}"[^"]*s_{kind}[^"]*"{re.escape(closing)}$', chart, re.M
        ), kind
    root = ET.fromstring(svg.drawing(result))
    types = {
        g.get("data-step"): g.get("data-type")
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if g.get("data-step")
    }
    assert types == {f"s_{kind}": kind for kind in STEP_TYPES}
