"""The journey as a Mermaid flowchart (`graph --format mermaid`, Markdown reports).

`flowchart(result, highlight=...)` returns a `flowchart LR` for one valid
journey: one node per step (its shape says its type), one link per branch
with its probability and `when`, dropped branches dotted red, and steps
coloured by friction (`classDef friction1..3`). `highlight` maps step ids to
`added` or `changed` (the diff report's classes).

Mermaid reads its own syntax inside labels, so every text from the journey is
quoted (`["..."]`) and the characters that could end the quote, open a
directive (`%%{init}%%`), start markdown or HTML are written as Mermaid entity
codes (`#quot;`, `#35;`...). Node ids are made from step ids, never from labels.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..report import JourneyResult
from ..text import percent, shorten
from ._shared import DROPPED, FRICTION_FILL, OUTCOME_COLOUR, step_figure

HIGHLIGHTS = ("added", "changed")

# Shape by step type: (opening, closing) around the quoted label (every type:
# tests/test_step_types.py).
SHAPES = {
    "contact": (">", "]"),
    "ivr": ("[[", "]]"),
    "bot": ("[[", "]]"),
    "self_service": ("[/", "/]"),
    "queue": ("[(", ")]"),
    "agent": ("(", ")"),
    "message": ("[", "]"),
    "callback": ("{{", "}}"),
    "delay": ("[/", "\\]"),
    "outcome": ("([", "])"),
}

# Characters written as entity codes: those Mermaid could read as syntax
# inside or around a quoted label, and those HTML labels would interpret.
_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
    "%": "#37;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
    "|": "#124;",
    ";": "#59;",
    "\\": "#92;",
}
_SPECIAL = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")


def mermaid_text(text: object) -> str:
    """Text for inside a quoted Mermaid label: one line, syntax characters encoded."""
    flat = " ".join(str(text).split())
    return _SPECIAL.sub(lambda m: _ENTITIES[m.group()], flat)


def node_ids(steps: list[str]) -> dict[str, str]:
    """Mermaid node ids for step ids: `s_` + the id with `-` as `_`, made unique.

    The prefix keeps ids clear of Mermaid keywords (`end`, `graph`, `style`...).
    """
    ids: dict[str, str] = {}
    used: set[str] = set()
    for step in steps:
        base = "s_" + re.sub(r"[^A-Za-z0-9_]", "_", step)
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}_{n}", n + 1
        used.add(candidate)
        ids[step] = candidate
    return ids


def _class_defs() -> list[str]:
    lines = [
        f"    classDef friction{level} fill:{FRICTION_FILL[level]},color:#212529"
        for level in (1, 2, 3)
    ]
    lines += [
        f"    classDef outcome_{kind} stroke:{colour},stroke-width:2px"
        for kind, colour in OUTCOME_COLOUR.items()
    ]
    lines += [
        "    classDef added stroke:#2f9e44,stroke-width:4px",
        "    classDef changed stroke:#1c7ed6,stroke-width:4px,stroke-dasharray:5 3",
    ]
    return lines


def flowchart(result: JourneyResult, *, highlight: Mapping[str, str] | None = None) -> str:
    """A Mermaid `flowchart LR` of one valid journey (no code fence)."""
    if result.graph is None:
        raise ValueError(f"{result.file}: a rejected file has no flowchart")
    graph = result.graph
    for step, name in (highlight or {}).items():
        if name not in HIGHLIGHTS:
            raise ValueError(f"unknown highlight class {name!r} for step {step!r}")
    ids = node_ids(list(graph.nodes))
    lines = ["flowchart LR", *_class_defs()]
    for step, facts in graph.nodes(data="facts"):
        opening, closing = SHAPES[facts.type]
        label = f"{mermaid_text(facts.label)}<br/>{mermaid_text(step_figure(facts))}"
        lines.append(f'    {ids[step]}{opening}"{label}"{closing}')
    dropped: list[int] = []
    for index, (source, target, data) in enumerate(graph.edges(data=True)):
        p = float(data["p"])
        parts = [percent(p)] if p < 1.0 - 1e-9 else []
        if data.get("when"):
            parts.append(shorten(str(data["when"]), 40))
        arrow = "-.->" if data.get("dropped") else "-->"
        text = f'|"{mermaid_text(" · ".join(parts))}"|' if parts else ""
        lines.append(f"    {ids[source]} {arrow}{text} {ids[target]}")
        if data.get("dropped"):
            dropped.append(index)
    if dropped:
        lines.append(
            f"    linkStyle {','.join(map(str, dropped))} stroke:{DROPPED},color:{DROPPED}"
        )
    lines.extend(_class_lines(result, ids, highlight or {}))
    return "\n".join(lines) + "\n"


def _class_lines(
    result: JourneyResult, ids: dict[str, str], highlight: Mapping[str, str]
) -> list[str]:
    assert result.graph is not None
    classes: dict[str, list[str]] = {}
    levels = result.friction_levels()
    for step, facts in result.graph.nodes(data="facts"):
        if step in levels:
            classes.setdefault(f"friction{levels[step]}", []).append(ids[step])
        if facts.is_outcome and facts.outcome in OUTCOME_COLOUR:
            classes.setdefault(f"outcome_{facts.outcome}", []).append(ids[step])
    # Highlights last: their border wins over the outcome's.
    for step in result.graph.nodes:
        if step in highlight:
            classes.setdefault(highlight[step], []).append(ids[step])
    order = [f"friction{n}" for n in (1, 2, 3)] + [f"outcome_{k}" for k in OUTCOME_COLOUR]
    order += list(HIGHLIGHTS)
    return [f"    class {','.join(classes[name])} {name}" for name in order if name in classes]


def diagram(result: JourneyResult) -> str:
    """`frictionmap graph --format mermaid`."""
    return flowchart(result)
