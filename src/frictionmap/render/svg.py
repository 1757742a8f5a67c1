"""The journey drawn as SVG: a service blueprint, steps in lanes, coloured by friction.

Used on its own (`frictionmap graph FILE --format svg`) and inside the HTML
report (the same drawing). The layout comes from `layout.py` (pure Python, no
Graphviz binary).

- **Lanes** say who acts (`step_lanes`): the customer, self-service and IVR,
  the front line, the back office, outside companies; only the lanes in use
  are drawn. **Time** runs along the lanes, left to right while the drawing
  fits the page's width, else top to bottom, so that it never grows sideways.
- A **step** is a box with its key figure (type, time, wait) and its label,
  wrapped to the box's width over as many lines as it takes (measured with
  DejaVu Sans's advance widths, wider than the usual UI fonts: `text_width`),
  never cut. Its border colour and shape say its type, its fill how much
  friction it carries (`JourneyResult.friction_levels`), and numbered markers
  (coloured by severity) are its findings' numbers in the report's list
  (`numbered_findings`), linking to them in the HTML report. Each step is a
  `<g id="step-<id>">` with a `<title>` tooltip.
- An **edge** is an orthogonal line in its own track (`layout.py`), with its
  probability on the stretch out of its port, which no other line crosses;
  its `when` text is in its tooltip. A branch where the company ends the
  contact (`dropped`) is dashed red, a loop back violet.
- The legend wraps into rows within the drawing's width.

The drawing's own words follow the report's language (`lang`, i18n.py).
Every text that comes from the journey file is escaped (`xml_text`,
`xml_attr`): a label like `<script>` is drawn as text. Characters XML 1.0
cannot carry are replaced, so the standalone file always parses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..escapes import printable
from ..facts import StepFacts
from ..findings import Finding
from ..i18n import ENGLISH, Localiser, localiser
from ..layout import Box, Layout, Route, blueprint_layout
from ..report import JourneyResult
from ..step_types import MACHINE
from ..text import percent, shorten, type_words
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

if TYPE_CHECKING:
    from ..impact import RankedFinding

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


# -- text measure -----------------------------------------------------------------

# Advance widths in em of DejaVu Sans (what system-ui falls back to on Linux,
# and wider than the usual UI fonts elsewhere), so that a line measured here
# fits its box in any of them.
_WIDTHS = {
    **dict.fromkeys("abdeghnopqu", 0.635),
    **dict.fromkeys("cksvxyz", 0.59),
    **dict.fromkeys("ijl'|", 0.28),
    **dict.fromkeys("frt", 0.41),
    **dict.fromkeys("mw", 0.98),
    **dict.fromkeys("0123456789$€£#+=<>~^_", 0.64),
    **dict.fromkeys(" .,:;!·", 0.32),
    **dict.fromkeys("-()[]{}/\\", 0.40),
    **dict.fromkeys("IJ", 0.30),
    **dict.fromkeys("MW%&@", 1.0),
    '"': 0.46,
    "\u2026": 1.0,
}
_UPPER = 0.75
_OTHER = 0.8  # any other character (accented, CJK...): generous
BOLD = 1.08


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A conservative width of `text` at font size `size`, in px."""
    total = 0.0
    for char in text:
        width = _WIDTHS.get(char)
        if width is None:
            width = _UPPER if "A" <= char <= "Z" else (0.62 if char.isascii() else _OTHER)
            if ord(char) > 0x2E80 and not char.isspace():
                width = 1.0  # wide East Asian characters
        total += width
    return total * size * (BOLD if bold else 1.0) * 1.04


def fit_lines(text: str, room: float, size: float, *, bold: bool = False) -> list[str]:
    """`text` in as many lines as it takes, each at most `room` px wide: words
    are kept whole, and a word wider than a line is broken, never elided."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= room:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while text_width(word, size, bold=bold) > room:
            cut = 1
            while cut < len(word) and text_width(word[: cut + 1], size, bold=bold) <= room:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


# -- lanes --------------------------------------------------------------------------

# The lanes of a service blueprint, in order: who acts at the step.
LANES = ("customer", "self_service", "front_line", "back_office", "outside")
LANE_NAMES = {
    "customer": "Customer",
    "self_service": "Self-service and IVR",
    "front_line": "Front line",
    "back_office": "Back office",
    "outside": "Outside companies",
}


def step_lanes(result: JourneyResult) -> dict[str, str]:
    """Each step's lane, from its type and its team.

    A step of an external team is an outside company's, whatever its type; an
    IVR, bot or self-service step is self-service; a contact, an outcome and a
    step no team owns are the customer's. A team's `delay` is back-office work
    the customer does not see. A team is the front line when the customer
    reaches one of its steps straight from their own or a self-service step
    (or it owns a queue or a callback); any other team is back office, reached
    only through a colleague.
    """
    assert result.graph is not None
    graph = result.graph
    journey = result.journey
    external = {
        name
        for name, team in (journey.teams.items() if journey is not None else ())
        if team.external
    }

    def own(step: str) -> str | None:
        facts: StepFacts = graph.nodes[step]["facts"]
        if facts.external or facts.team in external:
            return "outside"
        if facts.type in MACHINE:
            return "self_service"
        if facts.type in {"contact", "outcome"} or facts.team is None:
            return "customer"
        return None

    front: set[str] = set()
    for step in graph.nodes:
        facts: StepFacts = graph.nodes[step]["facts"]
        team = facts.team
        if own(step) is not None or team is None or facts.type == "delay":
            continue
        reached_by_customer = any(
            own(p) in {"customer", "self_service"} for p in graph.predecessors(step)
        )
        at_start = step == graph.graph.get("start")
        if facts.type in {"queue", "callback"} or at_start or reached_by_customer:
            front.add(str(team))
    lanes: dict[str, str] = {}
    for step in graph.nodes:
        lane = own(step)
        if lane is None:
            facts = graph.nodes[step]["facts"]
            is_front = str(facts.team) in front and facts.type != "delay"
            lane = "front_line" if is_front else "back_office"
        lanes[step] = lane
    return lanes


# -- findings, numbered as the report lists them ------------------------------------


def numbered_findings(result: JourneyResult) -> list[tuple[Finding, RankedFinding | None]]:
    """Active findings in report order: by impact where ranked, else by severity.
    Their rank (from 1) is their number in the report's list and on the drawing."""
    if result.ranked:
        return [(r.finding, r) for r in result.ranked]
    active = sorted(result.active, key=lambda f: (f.severity.rank, f.sort_key()))
    return [(f, None) for f in active]


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


# -- boxes ----------------------------------------------------------------------------

BOX_WIDTH = 160.0
PAD = 8.0
LABEL_SIZE = 12.0
LABEL_LINE = 15.0
FIGURE_SIZE = 10.0
FIGURE_LINE = 13.0
MARKER_SIZE = 10.0
MARKER_HEIGHT = 16.0
MARKER_GAP = 4.0
EDGE_LABEL_SIZE = 10.0
SEVERITY_COLOUR = {"error": "#c92a2a", "warning": "#d9480f", "note": "#1c7ed6"}
BACK = "#7950f2"


@dataclass(frozen=True)
class StepText:
    """What a box holds, measured: its figure, label lines and finding markers."""

    figure: list[str]
    label: list[str]
    markers: list[tuple[int, str]]  # (number, severity)

    def marker_width(self, number: int) -> float:
        return max(MARKER_HEIGHT, text_width(str(number), MARKER_SIZE, bold=True) + 8)

    def marker_rows(self, room: float) -> list[list[tuple[int, str]]]:
        rows: list[list[tuple[int, str]]] = []
        used = room
        for marker in self.markers:
            width = self.marker_width(marker[0])
            if used + width > room:
                rows.append([])
                used = 0.0
            rows[-1].append(marker)
            used += width + MARKER_GAP
        return rows

    def height(self) -> float:
        rows = len(self.marker_rows(BOX_WIDTH - 2 * PAD))
        markers = rows * (MARKER_HEIGHT + MARKER_GAP) + (2 if rows else 0)
        return 2 * PAD + len(self.figure) * FIGURE_LINE + 3 + len(self.label) * LABEL_LINE + markers


def figure_words(facts: StepFacts, loc: Localiser = ENGLISH) -> str:
    """The step's key figure (`step_figure`) in the report's language."""
    if loc.lang == "en":
        return step_figure(facts)
    if facts.is_outcome:
        return loc.t("outcome: {kind}", kind=loc.t(str(facts.outcome)))
    parts = [loc.t(type_words(facts.type))]
    if facts.queued:
        parts.append(loc.t("wait {minutes} min", minutes=f"{facts.queued:g}"))
    if facts.minutes:
        parts.append(f"{facts.minutes:g} min")
    if facts.hours:
        parts.append(f"{facts.hours:g} h")
    return loc.figure(" \u00b7 ".join(parts))


def _step_text(
    facts: StepFacts, markers: list[tuple[int, str]], loc: Localiser = ENGLISH
) -> StepText:
    room = BOX_WIDTH - 2 * PAD
    return StepText(
        fit_lines(figure_words(facts, loc), room, FIGURE_SIZE),
        fit_lines(facts.label, room, LABEL_SIZE, bold=True),
        markers,
    )


def _node(
    step: str,
    facts: StepFacts,
    box: Box,
    level: int,
    text: StepText,
    title: str,
    prefix: str,
    link: str | None,
    marker_links: Mapping[int, str],
) -> list[str]:
    """A step's box: figure on top, label, then its findings' numbered markers."""
    colour = step_colour(facts)
    radius = TYPE_RADIUS[facts.type]
    out = [
        f'<g id={xml_attr(f"{prefix}step-{step}")} class="fm-step fm-friction-{level}" '
        f"data-step={xml_attr(step)} data-type={xml_attr(facts.type)}>",
        f"<title>{xml_text(title)}</title>",
    ]
    if link is not None:
        out.append(f"<a href={xml_attr(link)}>")
    out.append(
        f'<rect class="fm-box" x="{number(box.x)}" y="{number(box.y)}" '
        f'width="{number(box.width)}" height="{number(box.height)}" rx="{number(radius)}" '
        f'fill="{FRICTION_FILL[level]}" stroke="{colour}" stroke-width="2"/>'
    )
    if facts.is_outcome:
        # A second border: where the journey ends.
        out.append(
            f'<rect x="{number(box.x + 4)}" y="{number(box.y + 4)}" '
            f'width="{number(box.width - 8)}" height="{number(box.height - 8)}" '
            f'rx="{number(max(radius - 4, 2))}" fill="none" stroke="{colour}" stroke-width="1"/>'
        )
    # The content is centred in the box (which the layout may have made larger).
    top = box.y + (box.height - text.height()) / 2 + PAD
    for line in text.figure:
        out.append(
            f'<text x="{number(box.cx)}" y="{number(top + FIGURE_SIZE * 0.95)}" '
            f'class="fm-type" text-anchor="middle" fill="{colour}">{xml_text(line)}</text>'
        )
        top += FIGURE_LINE
    top += 3
    for line in text.label:
        out.append(
            f'<text x="{number(box.cx)}" y="{number(top + LABEL_SIZE * 0.95)}" class="fm-label" '
            f'text-anchor="middle">{xml_text(line)}</text>'
        )
        top += LABEL_LINE
    if link is not None:
        out.append("</a>")
    top += 2
    for row in text.marker_rows(BOX_WIDTH - 2 * PAD):
        widths = [text.marker_width(n) for n, _ in row]
        x = box.cx - (sum(widths) + MARKER_GAP * (len(row) - 1)) / 2
        for (count, severity), width in zip(row, widths, strict=True):
            href = marker_links.get(count)
            if href is not None:
                out.append(f"<a href={xml_attr(href)}>")
            out.append(
                f'<rect class="fm-marker" x="{number(x)}" y="{number(top)}" '
                f'width="{number(width)}" height="{number(MARKER_HEIGHT)}" '
                f'rx="{number(MARKER_HEIGHT / 2)}" fill="{SEVERITY_COLOUR[severity]}"/>'
                f'<text x="{number(x + width / 2)}" y="{number(top + 11.5)}" class="fm-badge" '
                f'text-anchor="middle">{count}</text>'
            )
            if href is not None:
                out.append("</a>")
            x += width + MARKER_GAP
        top += MARKER_HEIGHT + MARKER_GAP
    out.append("</g>")
    return out


# -- edges ------------------------------------------------------------------------------


def _path(route: Route) -> str:
    """SVG path data of an orthogonal route, corners slightly rounded."""
    points = [p for i, p in enumerate(route.points) if i == 0 or p != route.points[i - 1]]
    parts = [f"M{number(points[0][0])},{number(points[0][1])}"]
    for i in range(1, len(points) - 1):
        (xa, ya), (xb, yb), (xc, yc) = points[i - 1], points[i], points[i + 1]
        before = max(abs(xb - xa), abs(yb - ya))
        after = max(abs(xc - xb), abs(yc - yb))
        r = min(4.0, before / 2, after / 2)
        if r <= 0:
            continue
        ux, uy = ((xb - xa) / before, (yb - ya) / before)
        vx, vy = ((xc - xb) / after, (yc - yb) / after)
        parts.append(f"L{number(xb - ux * r)},{number(yb - uy * r)}")
        parts.append(f"Q{number(xb)},{number(yb)} {number(xb + vx * r)},{number(yb + vy * r)}")
    parts.append(f"L{number(points[-1][0])},{number(points[-1][1])}")
    return " ".join(parts)


def _edge(
    result: JourneyResult, route: Route, prefix: str, downwards: bool, loc: Localiser = ENGLISH
) -> list[str]:
    assert result.graph is not None
    graph = result.graph
    data = graph.edges[route.source, route.target]
    p = float(data["p"])
    when = data.get("when")
    dropped = bool(data.get("dropped"))
    source = graph.nodes[route.source]["facts"].label
    target = graph.nodes[route.target]["facts"].label
    title = f"{source} \u2192 {target}: {percent(p)}"
    if when:
        title += f"\nwhen: {when}"
    if dropped:
        title += f"\ndropped: the company ends the contact ({percent(float(data['p_dropped']))})"
    colour = DROPPED if dropped else BACK if route.back else EDGE
    marker = f"{prefix}fm-arrow-dropped" if dropped else f"{prefix}fm-arrow"
    marker = f"{prefix}fm-arrow-back" if route.back and not dropped else marker
    dash = ' stroke-dasharray="6 4"' if dropped else ""
    kind = " fm-dropped" if dropped else ""
    kind += " fm-back" if route.back or route.self_loop else ""
    out = [
        f'<g class="fm-edge{kind}" data-from={xml_attr(route.source)} '
        f"data-to={xml_attr(route.target)}>",
        f"<title>{xml_text(title)}</title>",
        f'<path d="{_path(route)}" fill="none" stroke="{colour}" stroke-width="1.5"{dash} '
        f'stroke-linejoin="round" marker-end="url(#{marker})"/>',
    ]
    # A certain branch needs no number; an uncertain one shows its probability
    # on the stretch out of its port, which the layout keeps for it.
    if p < 1.0 - 1e-9:
        x, y = route.points[0]
        at = (x + 4, y + 11) if downwards else (x + 4, y - 3.5)
        out.append(
            f'<text x="{number(at[0])}" y="{number(at[1])}" class="fm-p" '
            f'fill="{colour}">{xml_text(loc.figure(percent(p)))}</text>'
        )
    out.append("</g>")
    return out


def _defs(prefix: str) -> list[str]:
    arrows = []
    for name, colour in (
        ("fm-arrow", EDGE),
        ("fm-arrow-dropped", DROPPED),
        ("fm-arrow-back", BACK),
    ):
        arrows.append(
            f'<marker id={xml_attr(prefix + name)} viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    return ["<defs>", *arrows, "</defs>"]


STYLE = (
    "<style>"
    ".fm-drawing text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}"
    ".fm-label{font-size:12px;font-weight:600;fill:#212529}"
    ".fm-type{font-size:10px}"
    ".fm-badge{font-size:10px;fill:#fff;font-weight:bold}"
    ".fm-p{font-size:10px;font-weight:600}"
    ".fm-lane-name{font-size:11px;font-weight:700;fill:#495057}"
    ".fm-legend{font-size:11px;fill:#495057}"
    "</style>"
)
LANE_FILL = ("#f8f9fa", "#f1f3f5")
LANE_NAME_SIZE = 11.0
LEGEND_SIZE = 11.0
LEGEND_ROW = 22.0


def _bands(layout: Layout, loc: Localiser = ENGLISH) -> list[str]:
    out = ['<g class="fm-lanes">']
    for index, band in enumerate(layout.bands):
        name = loc.t(LANE_NAMES[LANES[band.lane]])
        out.append(
            f'<rect class="fm-lane" x="{number(band.x)}" y="{number(band.y)}" '
            f'width="{number(band.width)}" height="{number(band.height)}" '
            f'fill="{LANE_FILL[index % 2]}"/>'
        )
        hx, hy, hw, hh = band.header
        lines = fit_lines(name, hw - 12, LANE_NAME_SIZE, bold=True)
        top = hy + (hh - len(lines) * 14) / 2
        for line in lines:
            out.append(
                f'<text x="{number(hx + 6)}" y="{number(top + 11)}" class="fm-lane-name">'
                f"{xml_text(line)}</text>"
            )
            top += 14
    out.append("</g>")
    return out


def _legend_items(downwards: bool) -> list[tuple[str, str]]:
    items = [(f"fill-{level}", FRICTION_NAMES[level]) for level in range(4)]
    items += [
        ("dropped", "contact dropped by the company"),
        ("back", "loop back"),
        ("marker", "finding number in the list"),
        ("time", "time runs downwards" if downwards else "time runs left to right"),
    ]
    return items


def _legend(layout: Layout, width: float, loc: Localiser = ENGLISH) -> tuple[list[str], float]:
    """The key, in as many rows as the drawing's width needs; and its height."""
    out = ['<g class="fm-legend-box">']
    x, y = 12.0, layout.height + 4
    for kind, english in _legend_items(layout.downwards):
        text = loc.t(english)
        size = 30.0 + text_width(text, LEGEND_SIZE) + 16
        if x + size > width - 12 and x > 12:
            x, y = 12.0, y + LEGEND_ROW
        if kind.startswith("fill-"):
            out.append(
                f'<rect x="{number(x)}" y="{number(y)}" width="22" height="14" rx="3" '
                f'fill="{FRICTION_FILL[int(kind[5:])]}" stroke="#868e96"/>'
            )
        elif kind in {"dropped", "back", "time"}:
            colour = {"dropped": DROPPED, "back": BACK, "time": EDGE}[kind]
            dash = ' stroke-dasharray="6 4"' if kind == "dropped" else ""
            out.append(
                f'<path d="M{number(x)},{number(y + 7)} L{number(x + 22)},{number(y + 7)}" '
                f'stroke="{colour}" stroke-width="1.5"{dash}/>'
            )
        else:
            out.append(
                f'<rect x="{number(x + 3)}" y="{number(y - 1)}" width="16" height="16" rx="8" '
                f'fill="{SEVERITY_COLOUR["warning"]}"/><text x="{number(x + 11)}" '
                f'y="{number(y + 10.5)}" class="fm-badge" text-anchor="middle">1</text>'
            )
        out.append(
            f'<text x="{number(x + 30)}" y="{number(y + 11)}" class="fm-legend">'
            f"{xml_text(text)}</text>"
        )
        x += size
    out.append("</g>")
    return out, y + LEGEND_ROW - layout.height


def journey_layout(result: JourneyResult, texts: Mapping[str, StepText] | None = None) -> Layout:
    """The blueprint layout of a valid journey's graph, in reading order."""
    assert result.graph is not None
    graph = result.graph
    if texts is None:
        texts = {s: _step_text(graph.nodes[s]["facts"], []) for s in graph.nodes}
    lanes = step_lanes(result)
    return blueprint_layout(
        list(graph.nodes),
        list(graph.edges),
        lanes={s: LANES.index(lane) for s, lane in lanes.items()},
        box_sizes={s: (BOX_WIDTH, texts[s].height()) for s in graph.nodes},
        start=graph.graph.get("start"),
    )


def drawing(
    result: JourneyResult,
    *,
    id_prefix: str = "",
    links: Mapping[str, str] | None = None,
    finding_links: bool = False,
    lang: str = "en",
) -> str:
    """The `<svg>` element of one valid journey, as a service blueprint.

    `id_prefix` keeps ids unique when several drawings share a page; `links`
    maps step ids to the href their box links to (the HTML report's findings);
    with `finding_links`, each numbered marker links to `#<prefix>finding-<n>`;
    `lang` is the language of the drawing's own words (lanes, legend, figures).
    """
    loc = localiser(lang)
    if result.graph is None:
        raise ValueError(f"{result.file}: a rejected file has no drawing")
    graph = result.graph
    markers: dict[str, list[tuple[int, str]]] = {}
    for count, (finding, _) in enumerate(numbered_findings(result), start=1):
        if finding.step is not None and finding.step in graph.nodes:
            markers.setdefault(finding.step, []).append((count, finding.severity.value))
    texts = {s: _step_text(graph.nodes[s]["facts"], markers.get(s, []), loc) for s in graph.nodes}
    layout = journey_layout(result, texts)
    levels = result.friction_levels()
    legend, legend_height = _legend(layout, layout.width, loc)
    width, height = layout.width, layout.height + legend_height
    name = printable(result.name or result.file)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fm-drawing" '
        f'width="{number(width)}" height="{number(height)}" '
        f'viewBox="0 0 {number(width)} {number(height)}" role="img" '
        f"aria-label={xml_attr(loc.t('Journey: {name}', name=name))}>",
        f"<title>{xml_text(name)}</title>",
        STYLE,
        *_defs(id_prefix),
        *_bands(layout, loc),
        '<g class="fm-edges">',
    ]
    for route in layout.routes:
        out.extend(_edge(result, route, id_prefix, layout.downwards, loc))
    out.append("</g>")
    out.append('<g class="fm-steps">')
    # Each step's findings, gathered once: a scan per step grows with steps x findings.
    by_step: dict[str | None, list[Finding]] = {}
    for finding in result.findings:
        by_step.setdefault(finding.step, []).append(finding)
    marker_links = (
        {n: f"#{id_prefix}finding-{n}" for n in range(1, len(result.findings) + 1)}
        if finding_links
        else {}
    )
    for step, box in layout.boxes.items():
        link = links.get(step) if links is not None else None
        title = _step_title(result, step, by_step.get(step, ()))
        out.extend(
            _node(
                step,
                graph.nodes[step]["facts"],
                box,
                levels.get(step, 0),
                texts[step],
                title,
                id_prefix,
                link,
                marker_links,
            )
        )
    out.append("</g>")
    out.extend(legend)
    out.append("</svg>")
    return "\n".join(out)


def diagram(result: JourneyResult) -> str:
    """A standalone SVG file of one journey."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + drawing(result) + "\n"
