"""The journey drawn as SVG: steps in layers left to right, coloured by friction.

Used on its own (`frictionmap graph FILE --format svg`) and inside the HTML
report. The layout comes from `layout.py` (pure Python, no Graphviz binary).

- A step is a box with its label, its type and a key figure; its border colour
  and shape say its type, its fill how much friction it carries (the summed
  impact of its active findings, `JourneyResult.friction_levels`). Each step is
  a `<g id="step-<id>">` with a `<title>` tooltip.
- An edge is a curve with its probability; its `when` text is written small
  under it and in its tooltip. A branch where the company ends the contact
  (`dropped`) is dashed red. A loop back runs under the boxes.

Every text that comes from the journey file is escaped (`xml_text`,
`xml_attr`): a label like `<script>` is drawn as text. Characters XML 1.0
cannot carry are replaced, so the standalone file always parses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

from ..facts import StepFacts
from ..findings import Finding
from ..layout import Box, Layout, Route, layered_layout
from ..report import JourneyResult
from ..text import percent, shorten
from ._shared import (
    DROPPED,
    EDGE,
    FRICTION_FILL,
    FRICTION_NAMES,
    step_colour,
    step_figure,
    xml_attr,
    xml_text,
)

# Corner radius by type (every type: tests/test_step_types.py): contacts and outcomes
# are pills, people soft, machines square.
TYPE_RADIUS = {
    "contact": 28.0,
    "ivr": 6.0,
    "bot": 6.0,
    "self_service": 6.0,
    "queue": 6.0,
    "agent": 14.0,
    "message": 6.0,
    "callback": 14.0,
    "delay": 6.0,
    "outcome": 28.0,
}
LABEL_CHARS = 22  # per line of a step label, two lines at most
WHEN_CHARS = 20
LEGEND_HEIGHT = 34.0


def number(value: float) -> str:
    """A coordinate: at most one decimal, no trailing `.0` (stable bytes)."""
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def wrap(text: str, limit: int = LABEL_CHARS, lines: int = 2) -> list[str]:
    """Words into at most `lines` lines of `limit` characters; the rest is elided."""
    words = text.split()
    out: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[index:])
            break
    if current:
        out.append(current)
    out = [shorten(line, limit) for line in out[:lines]] or [""]
    return out




def _step_title(result: JourneyResult, step: str, findings: Sequence[Finding]) -> str:
    """The tooltip: label, figures, team, and the step's own findings (`findings`)."""
    assert result.graph is not None
    facts: StepFacts = result.graph.nodes[step]["facts"]
    lines = [f"{facts.label} ({step})", step_figure(facts)]
    if facts.team_name is not None:
        lines.append(f"team: {facts.team_name}")
    for finding in findings:
        state = "allowed" if finding.suppressed is not None else finding.severity.value
        lines.append(f"{finding.rule} ({state})")
    return "\n".join(lines)


def _node(
    result: JourneyResult,
    step: str,
    box: Box,
    level: int,
    prefix: str,
    link: str | None,
    findings: Sequence[Finding] = (),
) -> list[str]:
    """A step's box; `findings` are the step's own, in the report's order."""
    assert result.graph is not None
    facts: StepFacts = result.graph.nodes[step]["facts"]
    colour = step_colour(facts)
    radius = TYPE_RADIUS[facts.type]
    count = sum(1 for f in findings if f.suppressed is None)
    label_lines = wrap(facts.label)
    out = [
        f'<g id={xml_attr(f"{prefix}step-{step}")} class="fm-step fm-friction-{level}" '
        f"data-step={xml_attr(step)} data-type={xml_attr(facts.type)}>",
        f"<title>{xml_text(_step_title(result, step, findings))}</title>",
    ]
    if link is not None:
        out.append(f"<a href={xml_attr(link)}>")
    out.append(
        f'<rect x="{number(box.x)}" y="{number(box.y)}" width="{number(box.width)}" '
        f'height="{number(box.height)}" rx="{number(radius)}" fill="{FRICTION_FILL[level]}" '
        f'stroke="{colour}" stroke-width="2"/>'
    )
    if facts.is_outcome:
        # A second border: where the journey ends.
        out.append(
            f'<rect x="{number(box.x + 4)}" y="{number(box.y + 4)}" '
            f'width="{number(box.width - 8)}" height="{number(box.height - 8)}" '
            f'rx="{number(radius - 4)}" fill="none" stroke="{colour}" stroke-width="1"/>'
        )
    top = box.cy - (len(label_lines) - 1) * 7.5 - 6
    for index, line in enumerate(label_lines):
        out.append(
            f'<text x="{number(box.cx)}" y="{number(top + index * 15)}" class="fm-label" '
            f'text-anchor="middle">{xml_text(line)}</text>'
        )
    out.append(
        f'<text x="{number(box.cx)}" y="{number(box.y + box.height - 8)}" class="fm-type" '
        f'text-anchor="middle" fill="{colour}">{xml_text(shorten(step_figure(facts), 30))}</text>'
    )
    if count:
        cx, cy = box.x + box.width - 4, box.y + 4
        out.append(
            f'<circle cx="{number(cx)}" cy="{number(cy)}" r="9" fill="#343a40"/>'
            f'<text x="{number(cx)}" y="{number(cy + 4)}" class="fm-badge" '
            f'text-anchor="middle">{count}</text>'
        )
    if link is not None:
        out.append("</a>")
    out.append("</g>")
    return out


def _path(route: Route) -> tuple[str, tuple[float, float]]:
    """SVG path data for a route, and where its label goes."""
    points = route.points
    if route.self_loop:
        (x0, y0), (x1, y1) = points
        d = (
            f"M{number(x0)},{number(y0)} C{number(x0 - 16)},{number(y0 - 30)} "
            f"{number(x1 + 16)},{number(y1 - 30)} {number(x1)},{number(y1)}"
        )
        return d, ((x0 + x1) / 2, y0 - 26)
    if route.back and len(points) == 2:
        # Between neighbouring columns: leave and enter by the bottom, dipping under.
        (x0, y0), (x1, y1) = points
        dip = min(70.0, 30.0 + 0.05 * abs(x0 - x1))
        d = (
            f"M{number(x0)},{number(y0)} C{number(x0)},{number(y0 + dip)} "
            f"{number(x1)},{number(y1 + dip)} {number(x1)},{number(y1)}"
        )
        return d, ((x0 + x1) / 2, (y0 + y1) / 2 + dip * 0.75 + 10)
    parts = [f"M{number(points[0][0])},{number(points[0][1])}"]
    for (xa, ya), (xb, yb) in pairwise(points):
        dx = (xb - xa) / 2
        parts.append(
            f"C{number(xa + dx)},{number(ya)} {number(xb - dx)},{number(yb)} "
            f"{number(xb)},{number(yb)}"
        )
    (xa, ya), (xb, yb) = points[0], points[1]
    return " ".join(parts), ((xa + xb) / 2, (ya + yb) / 2)


def _edge(result: JourneyResult, route: Route, prefix: str) -> list[str]:
    assert result.graph is not None
    graph = result.graph
    data = graph.edges[route.source, route.target]
    p = float(data["p"])
    when = data.get("when")
    dropped = bool(data.get("dropped"))
    d, (lx, ly) = _path(route)
    source = graph.nodes[route.source]["facts"].label
    target = graph.nodes[route.target]["facts"].label
    title = f"{source} \u2192 {target}: {percent(p)}"
    if when:
        title += f"\nwhen: {when}"
    if dropped:
        title += f"\ndropped: the company ends the contact ({percent(float(data['p_dropped']))})"
    colour = DROPPED if dropped else EDGE
    marker = f"{prefix}fm-arrow-dropped" if dropped else f"{prefix}fm-arrow"
    dash = ' stroke-dasharray="6 4"' if dropped else ""
    kind = " fm-dropped" if dropped else ""
    kind += " fm-back" if route.back or route.self_loop else ""
    out = [
        f'<g class="fm-edge{kind}" data-from={xml_attr(route.source)} '
        f"data-to={xml_attr(route.target)}>",
        f"<title>{xml_text(title)}</title>",
        f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.5"{dash} '
        f'marker-end="url(#{marker})"/>',
    ]
    # A certain branch needs no number; an uncertain one shows its probability.
    if p < 1.0 - 1e-9 or when:
        text = percent(p) if p < 1.0 - 1e-9 else ""
        if text:
            out.append(
                f'<text x="{number(lx)}" y="{number(ly - 4)}" class="fm-p" '
                f'text-anchor="middle" fill="{colour}">{xml_text(text)}</text>'
            )
        if when:
            short = xml_text(shorten(str(when), WHEN_CHARS))
            out.append(
                f'<text x="{number(lx)}" y="{number(ly + 8)}" class="fm-when" '
                f'text-anchor="middle" fill="{colour}">{short}</text>'
            )
    out.append("</g>")
    return out


def _defs(prefix: str) -> list[str]:
    arrows = []
    for name, colour in (("fm-arrow", EDGE), ("fm-arrow-dropped", DROPPED)):
        arrows.append(
            f'<marker id={xml_attr(prefix + name)} viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    return ["<defs>", *arrows, "</defs>"]


STYLE = (
    "<style>"
    ".fm-drawing text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}"
    ".fm-label{font-size:12px;fill:#212529}"
    ".fm-type{font-size:10px}"
    ".fm-badge{font-size:10px;fill:#fff;font-weight:bold}"
    ".fm-p{font-size:11px;font-weight:600}"
    ".fm-when{font-size:9.5px}"
    ".fm-legend{font-size:11px;fill:#495057}"
    "</style>"
)


def _legend(layout: Layout) -> list[str]:
    y = layout.height + 8
    out = ['<g class="fm-legend-box">']
    x = 24.0
    for level in range(4):
        out.append(
            f'<rect x="{number(x)}" y="{number(y)}" width="14" height="14" rx="3" '
            f'fill="{FRICTION_FILL[level]}" stroke="#868e96"/>'
            f'<text x="{number(x + 20)}" y="{number(y + 11)}" class="fm-legend">'
            f"{FRICTION_NAMES[level]}</text>"
        )
        x += 120
    out.append(
        f'<path d="M{number(x)},{number(y + 7)} L{number(x + 30)},{number(y + 7)}" '
        f'stroke="{DROPPED}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        f'<text x="{number(x + 36)}" y="{number(y + 11)}" class="fm-legend">'
        "contact dropped by the company</text>"
    )
    out.append("</g>")
    return out


def journey_layout(result: JourneyResult) -> Layout:
    """The layered layout of a valid journey's graph, in reading order."""
    assert result.graph is not None
    graph = result.graph
    return layered_layout(list(graph.nodes), list(graph.edges), graph.graph.get("start"))


def drawing(
    result: JourneyResult,
    *,
    id_prefix: str = "",
    links: Mapping[str, str] | None = None,
) -> str:
    """The `<svg>` element of one valid journey.

    `id_prefix` keeps ids unique when several drawings share a page; `links`
    maps step ids to the href their box links to (the HTML report's findings).
    """
    if result.graph is None:
        raise ValueError(f"{result.file}: a rejected file has no drawing")
    layout = journey_layout(result)
    levels = result.friction_levels()
    width, height = layout.width, layout.height + LEGEND_HEIGHT
    name = result.name or result.file
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fm-drawing" '
        f'width="{number(width)}" height="{number(height)}" '
        f'viewBox="0 0 {number(width)} {number(height)}" role="img" '
        f"aria-label={xml_attr(f'Journey: {name}')}>",
        f"<title>{xml_text(name)}</title>",
        STYLE,
        *_defs(id_prefix),
        '<g class="fm-edges">',
    ]
    for route in layout.routes:
        out.extend(_edge(result, route, id_prefix))
    out.append("</g>")
    out.append('<g class="fm-steps">')
    # Each step's findings, gathered once: a scan per step grows with steps x findings.
    by_step: dict[str | None, list[Finding]] = {}
    for finding in result.findings:
        by_step.setdefault(finding.step, []).append(finding)
    for step, box in layout.boxes.items():
        link = links.get(step) if links is not None else None
        out.extend(
            _node(result, step, box, levels.get(step, 0), id_prefix, link, by_step.get(step, ()))
        )
    out.append("</g>")
    out.extend(_legend(layout))
    out.append("</svg>")
    return "\n".join(out)


def diagram(result: JourneyResult) -> str:
    """A standalone SVG file of one journey."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + drawing(result) + "\n"
