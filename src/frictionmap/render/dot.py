"""The journey as Graphviz DOT (`frictionmap graph FILE --format dot`).

The same drawing as the SVG: left to right, shape and border colour by step
type, fill by friction, probabilities and `when` on the edges, dropped
branches dashed red, `id="step-<id>"` on each node so Graphviz's SVG output
can be styled and linked like ours. Every text is a double-quoted DOT string
with `\\` and `"` escaped, `&` written `&amp;` and line breaks `\\n`, so a
label can neither end its string, use Graphviz's `\\N`/`\\G` substitutions nor
an HTML entity: it shows as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..report import JourneyResult
from ..text import percent, shorten
from ._shared import DROPPED, EDGE, FRICTION_FILL, step_colour, step_figure

# Shape by step type (every type: tests/test_step_types.py).
SHAPES = {
    "contact": "box",
    "ivr": "component",
    "bot": "component",
    "self_service": "parallelogram",
    "queue": "cylinder",
    "agent": "box",
    "message": "note",
    "callback": "hexagon",
    "delay": "trapezium",
    "outcome": "box",
}
ROUNDED = frozenset({"contact", "agent", "outcome"})


def dot_string(text: object) -> str:
    """A quoted DOT string: backslashes doubled, quotes escaped, and `&` as `&amp;`
    (Graphviz decodes HTML entities in labels, tooltips and ids, so a label
    `&lt;` would otherwise show as `<`)."""
    value = str(text).replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{value}"'


def _attributes(pairs: Sequence[tuple[str, object]]) -> str:
    return ", ".join(f"{key}={dot_string(value)}" for key, value in pairs)


def digraph(result: JourneyResult) -> str:
    """A DOT `digraph` of one valid journey."""
    if result.graph is None:
        raise ValueError(f"{result.file}: a rejected file has no graph")
    graph = result.graph
    levels = result.friction_levels()
    name = result.name or result.file
    font = ("fontname", "Helvetica")
    graph_attributes = [("rankdir", "LR"), ("label", name), ("labelloc", "t"), font]
    lines = [
        f"digraph {dot_string(name)} {{",
        f"    graph [{_attributes(graph_attributes)}];",
        f"    node [{_attributes([font, ('fontsize', '11')])}];",
        f"    edge [{_attributes([font, ('fontsize', '9'), ('color', EDGE)])}];",
    ]
    for step, facts in graph.nodes(data="facts"):
        style = "filled,rounded" if facts.type in ROUNDED else "filled"
        attributes: list[tuple[str, object]] = [
            ("id", f"step-{step}"),
            ("label", f"{facts.label}\n{step_figure(facts)}"),
            ("tooltip", f"{facts.label} ({step})"),
            ("shape", SHAPES[facts.type]),
            ("style", style),
            ("color", step_colour(facts)),
            ("fillcolor", FRICTION_FILL[levels.get(step, 0)]),
        ]
        if facts.is_outcome:
            attributes.append(("peripheries", "2"))
        lines.append(f"    {dot_string(step)} [{_attributes(attributes)}];")
    for source, target, data in graph.edges(data=True):
        p = float(data["p"])
        parts = [percent(p)] if p < 1.0 - 1e-9 else []
        when = data.get("when")
        if when:
            parts.append(shorten(str(when), 30))
        attributes = [("label", "\n".join(parts))] if parts else []
        tooltip = f"{percent(p)}" + (f", when: {when}" if when else "")
        attributes.append(("tooltip", tooltip))
        if data.get("dropped"):
            attributes += [("style", "dashed"), ("color", DROPPED), ("fontcolor", DROPPED)]
        lines.append(
            f"    {dot_string(source)} -> {dot_string(target)} [{_attributes(attributes)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def diagram(result: JourneyResult) -> str:
    """`frictionmap graph --format dot`."""
    return digraph(result)
