"""The worst-practices report as one self-contained HTML file.

No network: no script, font, stylesheet or image is fetched, and a strict
Content-Security-Policy (`default-src 'none'; style-src 'unsafe-inline';
img-src data:`) forbids any, scripts included. The page has no JavaScript.

Per journey: grade and score, the verdict, the key figures beside their
benchmarks, how the journey ends, the journey drawn as SVG (`render/svg.py`)
with its steps coloured by friction, the worst practices ranked by impact
(`impact.py`) with what to do instead, the allowed findings, and the most
likely walks to resolution and to failure. Findings link to their step in the
drawing (`#step-<id>`) and each step with findings links back to the first
of them (`#finding-<n>`); `:target` styles show where a link landed. When a
file holds several journeys, ids are prefixed with `j<n>-` to stay unique.

Every text from a journey file goes through `xml_text` / `xml_attr`: a label
like `<script>alert(1)</script>` is shown as text and runs nothing.
"""

from __future__ import annotations

from ..findings import Finding, Severity
from ..impact import (
    RankedFinding,
    outcome_shares,
    summary_figures,
    walk_ending,
    walk_totals,
    worst_first,
)
from ..report import JourneyResult, Report
from ..text import format_value, plural, type_words
from ..walks import Walk
from ._shared import xml_attr, xml_text
from .svg import drawing

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
# Past this many steps a drawing is too large to read in a page (and to load
# quickly): the report says so and points to `frictionmap graph`.
MAX_DRAWN_STEPS = 400

STYLE = """
:root{--ink:#212529;--muted:#6c757d;--line:#dee2e6;--error:#c92a2a;--warning:#e8590c;
  --note:#1c7ed6}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  color:var(--ink);background:#f8f9fa}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 24px}
header{padding-top:24px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:21px;margin:0}
h3{font-size:16px;margin:24px 0 8px}
a{color:#1864ab}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f3f5;
  padding:1px 4px;border-radius:3px}
.muted{color:var(--muted)}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:20px 24px;
  margin:20px 0}
.title{display:flex;gap:16px;align-items:center}
.grade{flex:none;width:64px;height:64px;border-radius:12px;color:#fff;display:flex;
  flex-direction:column;align-items:center;justify-content:center;font-weight:700;
  font-size:28px;line-height:1}
.grade small{font-size:11px;font-weight:400;margin-top:4px}
.grade-A{background:#2f9e44}.grade-B{background:#66a80f}.grade-C{background:#f08c00}
.grade-D{background:#e8590c}.grade-E{background:#d9480f}.grade-F{background:#c92a2a}
  .grade-none{background:#868e96}
.verdict{font-size:16px;margin:12px 0 4px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:13px;color:var(--muted);font-weight:600}
td.num{text-align:right;white-space:nowrap}
.status-good{color:#2f9e44;font-weight:600}.status-fair{color:#e67700;
  font-weight:600}.status-poor{color:var(--error);font-weight:700}
.outcomes{display:flex;flex-wrap:wrap;gap:8px;padding:0;list-style:none}
.outcomes li{border:1px solid var(--line);border-radius:14px;padding:2px 12px;font-size:14px}
.drawing{overflow-x:auto;border:1px solid var(--line);border-radius:8px;background:#fff}
.drawing svg{display:block}
.findings{padding-left:28px}
.findings li{margin:0 0 14px;padding:6px 8px;border-radius:6px}
.findings li:target{background:#fff3bf;outline:2px solid #f59f00}
.sev{display:inline-block;font-size:12px;font-weight:700;text-transform:uppercase;padding:0 6px;
  border-radius:4px;color:#fff}
.sev-error{background:var(--error)}.sev-warning{background:var(--warning)}
  .sev-note{background:var(--note)}
.sev-allowed{background:#868e96}
.unlawful{color:var(--error);font-weight:700}
.advice{margin:4px 0 0}
.where{font-size:14px}
g.fm-step:target rect:first-of-type{stroke:#f59f00;stroke-width:5}
.walk{padding-left:28px}
.walk li{margin:2px 0}
.problems{background:#fff5f5;border:1px solid #ffc9c9;border-radius:6px;padding:10px 14px;
  white-space:pre-wrap;font:13px ui-monospace,Menlo,Consolas,monospace}
footer{padding-bottom:32px;font-size:13px;color:var(--muted)}
@media print{body{background:#fff}.card{border:none;padding:0}.drawing{overflow:visible}}
"""


def _counts(result: JourneyResult) -> str:
    return ", ".join(plural(result.count(s), s.value) for s in Severity)


def _prefix(report: Report, number: int) -> str:
    """Id prefix of a journey's anchors: none when the file holds one journey."""
    return "" if len(report.journeys) == 1 else f"j{number}-"


def _grade_badge(result: JourneyResult) -> str:
    if result.grade is None or result.score is None:
        return '<div class="grade grade-none" title="not graded">?<small>no score</small></div>'
    grade = xml_text(result.grade)
    # The score is friction: 0 is frictionless, 100 the worst.
    return (
        f'<div class="grade grade-{grade}" title="grade {grade}, friction score '
        f'{result.score:.0f}/100 (0 is frictionless)">{grade}'
        f"<small>friction {result.score:.0f}</small></div>"
    )


def _summary(report: Report) -> str:
    rows = []
    numbers = {id(result): n for n, result in enumerate(report.journeys, start=1)}
    for result in worst_first(report):
        number = numbers[id(result)]
        anchor = f"#journey-{number}"
        name = xml_text(result.name or result.file)
        if not result.valid:
            rows.append(
                f'<tr><td><a href="{anchor}"><code>{xml_text(result.file)}</code></a></td>'
                f"<td>rejected</td><td></td><td></td><td></td>"
                f"<td>{plural(len(result.findings), 'problem')}</td></tr>"
            )
            continue
        figures = summary_figures(result)
        grade = (
            f"{xml_text(result.grade)} ({result.score:.0f})"
            if result.grade is not None and result.score is not None
            else "-"
        )
        cells = "".join(f'<td class="num">{xml_text(v)}</td>' for v in figures)
        rows.append(
            f'<tr><td><a href="{anchor}">{name}</a><br><code>{xml_text(result.file)}</code></td>'
            f"<td>{grade}</td>{cells}<td>{xml_text(_counts(result))}</td></tr>"
        )
    return (
        '<section class="card"><h2>Journeys, worst first</h2><table>'
        "<thead><tr><th>Journey</th><th>Grade</th><th>Resolved</th><th>Contacts</th>"
        "<th>Cost</th><th>Findings</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></section>"
    )


def _figures(result: JourneyResult) -> str:
    parts = []
    if result.figures:
        rows = "".join(
            f'<tr><td>{xml_text(f.name)}</td><td class="num">{xml_text(f.text)}</td>'
            f'<td class="status-{xml_text(f.status or "none")}">{xml_text(f.status or "")}</td>'
            f'<td class="muted">{xml_text(f.benchmark)}</td></tr>'
            for f in result.figures
        )
        parts.append(
            "<h3>Key figures</h3><table><thead><tr><th>Figure</th><th>Value</th><th></th>"
            f"<th>Benchmark</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    shares = outcome_shares(result.metrics)
    if shares:
        items = "".join(
            f"<li>{xml_text(kind)} <strong>{xml_text(format_value(p, '%'))}</strong></li>"
            for kind, p in shares
        )
        parts.append(f'<h3>How it ends</h3><ul class="outcomes">{items}</ul>')
    if result.metrics is None:
        parts.append(
            '<p class="muted">No metrics for this journey: figures from the graph only.</p>'
        )
    return "".join(parts)


def _ranked(result: JourneyResult) -> list[tuple[Finding, RankedFinding | None]]:
    """Active findings in report order: by impact where ranked, else by severity."""
    if result.ranked:
        return [(r.finding, r) for r in result.ranked]
    active = sorted(result.active, key=lambda f: (f.severity.rank, f.sort_key()))
    return [(f, None) for f in active]


def _step_link(result: JourneyResult, step: str, prefix: str) -> str:
    assert result.journey is not None
    label = result.journey.label(step) if step in result.journey.steps else step
    return f"<a href={xml_attr(f'#{prefix}step-{step}')}>{xml_text(label)}</a>"


def _where(result: JourneyResult, finding: Finding, prefix: str) -> str:
    assert result.journey is not None
    known = result.journey.steps
    # dict.fromkeys: first-seen order without duplicates, linear in a large loop.
    steps = dict.fromkeys(
        s for s in (finding.step, *finding.steps, finding.to) if s is not None and s in known
    )
    links = ", ".join(_step_link(result, s, prefix) for s in steps)
    position = f"line {finding.line}, column {finding.column}"
    return (
        f'<div class="where">at {links} <span class="muted">({position})</span></div>'
        if links
        else (f'<div class="where muted">{position}</div>')
    )


def finding_anchors(result: JourneyResult, prefix: str) -> dict[str, str]:
    """Each step with active findings -> the anchor of its first finding in the list."""
    anchors: dict[str, str] = {}
    for number, (finding, _) in enumerate(_ranked(result), start=1):
        if finding.step is not None and finding.step not in anchors:
            anchors[finding.step] = f"#{prefix}finding-{number}"
    return anchors


def _practices(result: JourneyResult, prefix: str) -> str:
    items = []
    for number, (finding, ranked) in enumerate(_ranked(result), start=1):
        severity = finding.severity.value
        head = [
            f'<span class="sev sev-{severity}">{severity}</span>',
            f"<code>{xml_text(finding.rule)}</code>",
        ]
        if ranked is not None:
            if ranked.unlawful:
                head.append(f'<span class="unlawful">{xml_text(ranked.compliance_text)}</span>')
            head.append(
                f'<span class="muted">impact {ranked.impact:.2f} · '
                f"{xml_text(ranked.exposure_text)}</span>"
            )
        body = [
            " ".join(head),
            _where(result, finding, prefix),
            f"<div>{xml_text(finding.message)}</div>",
        ]
        if ranked is not None:
            body.append(
                f'<p class="advice"><strong>Instead:</strong> {xml_text(ranked.advice)}</p>'
            )
        items.append(f"<li id={xml_attr(f'{prefix}finding-{number}')}>{''.join(body)}</li>")
    if not items:
        return "<h3>Worst practices, by impact</h3><p>No worst practice found.</p>"
    return f'<h3>Worst practices, by impact</h3><ol class="findings">{"".join(items)}</ol>'


def _allowed(result: JourneyResult, prefix: str) -> str:
    allowed = [f for f in result.findings if f.suppressed is not None]
    if not allowed:
        return ""
    items = []
    for finding in allowed:
        assert finding.suppressed is not None
        items.append(
            '<li><span class="sev sev-allowed">allowed</span> '
            f"<code>{xml_text(finding.rule)}</code>"
            f"{_where(result, finding, prefix)}<div>{xml_text(finding.message)}</div>"
            f'<p class="advice"><strong>Reason ({xml_text(finding.suppressed.scope)}):</strong> '
            f"{xml_text(finding.suppressed.reason)}</p></li>"
        )
    return f'<h3>Allowed by <code>allow</code></h3><ul class="findings">{"".join(items)}</ul>'


def _walk(result: JourneyResult, title: str, walk: Walk | None, prefix: str) -> str:
    if walk is None:
        return f"<h3>{title}</h3><p>No walk leads there.</p>"
    assert result.journey is not None
    end, afterword = walk_ending(walk)
    totals = walk_totals(walk, result.journey.currency)
    items = []
    for step in walk.steps:
        details = [type_words(step.type)]
        if step.team_name:
            details.append(step.team_name)
        if step.time_text:
            details.append(step.time_text)
        via = (
            f' <span class="muted">via {xml_text(step.branch_text)}</span>'
            if step.branch_text
            else ""
        )
        items.append(
            f"<li>{_step_link(result, step.step, prefix)} "
            f'<span class="muted">({xml_text(", ".join(details))})</span>{via}</li>'
        )
    after = f"<p>… {afterword}.</p>" if afterword else ""
    return (
        f"<h3>{title}: {xml_text(end)}</h3><p>{xml_text(totals)}.</p>"
        f'<ol class="walk">{"".join(items)}</ol>{after}'
    )


def _rejected(result: JourneyResult, number: int) -> str:
    lines = "\n".join(f"{result.file}:{f.line}:{f.column}: {f.message}" for f in result.findings)
    return (
        f'<section class="card" id="journey-{number}"><h2><code>{xml_text(result.file)}</code>: '
        "rejected</h2><p>The file breaks the journey format; nothing was analysed.</p>"
        f'<div class="problems">{xml_text(lines)}</div></section>'
    )


def journey_section(report: Report, result: JourneyResult, number: int) -> str:
    if not result.valid or result.journey is None:
        return _rejected(result, number)
    journey = result.journey
    prefix = _prefix(report, number)
    facts = [f"<code>{xml_text(result.file)}</code>"]
    if journey.source:
        facts.append(f"Source: {xml_text(journey.source)}")
    if journey.customer.goal:
        facts.append(f"Customer's goal: {xml_text(journey.customer.goal)}")
    parts = [
        f'<section class="card" id="journey-{number}">',
        f'<div class="title">{_grade_badge(result)}<div><h2>{xml_text(journey.name)}</h2>',
        f'<div class="muted">{" · ".join(facts)}</div></div></div>',
    ]
    if result.verdict:
        parts.append(f'<p class="verdict">{xml_text(result.verdict)}</p>')
    if result.points:
        parts.append(
            f'<p class="muted">What took the points: {xml_text("; ".join(result.points))}.</p>'
        )
    parts.append(f'<p class="muted">{xml_text(_counts(result))}</p>')
    if journey.description:
        parts.append(f"<p>{xml_text(journey.description)}</p>")
    parts.append(_figures(result))
    parts.append("<h3>The journey</h3>")
    if len(journey.steps) <= MAX_DRAWN_STEPS:
        svg = drawing(result, id_prefix=prefix, links=finding_anchors(result, prefix))
        parts.append(f'<div class="drawing">{svg}</div>')
    else:
        parts.append(
            f'<p class="muted">{len(journey.steps)} steps are too many to draw in a page '
            f"(at most {MAX_DRAWN_STEPS}); <code>frictionmap graph</code> draws it alone.</p>"
        )
    parts.append(_practices(result, prefix))
    parts.append(_allowed(result, prefix))
    walks = result.walks
    parts.append(
        _walk(result, "Most likely walk to resolution", walks.resolution if walks else None, prefix)
    )
    parts.append(
        _walk(result, "Most likely walk to failure", walks.failure if walks else None, prefix)
    )
    if result.assumed_probabilities:
        labels = ", ".join(_step_link(result, s, prefix) for s in result.assumed_probabilities)
        parts.append(f'<p class="muted">Branch probabilities assumed equal at {labels}.</p>')
    if result.assumptions:
        items = "".join(f"<li>{xml_text(line)}</li>" for line in result.assumptions)
        parts.append(
            f'<p class="muted">Assumptions of the model:</p><ul class="muted">{items}</ul>'
        )
    parts.append("</section>")
    return "".join(parts)


def render(report: Report, *, width: int = 100, color: bool = False) -> str:
    """The whole report as one HTML page; `width` and `color` do not apply."""
    if len(report.journeys) == 1:
        only = report.journeys[0]
        title = f"frictionmap: {only.name or only.file}"
    else:
        title = f"frictionmap: {plural(len(report.journeys), 'journey')}"
    summary = report.summary()
    overview = (
        f"{plural(summary['files'], 'file')}, {summary['invalid']} rejected: "
        f"{plural(summary['errors'], 'error')}, {plural(summary['warnings'], 'warning')}, "
        f"{plural(summary['notes'], 'note')}, {summary['suppressed']} allowed"
    )
    body = [
        "<header><h1>Worst-practices report</h1>",
        f'<p class="muted">{xml_text(overview)}</p></header>',
        "<main>",
    ]
    if len(report.journeys) > 1:
        body.append(_summary(report))
    body.extend(
        journey_section(report, result, number)
        for number, result in enumerate(report.journeys, start=1)
    )
    body.append("</main>")
    version = f" {report.version}" if report.version else ""
    body.append(f"<footer>Made by frictionmap{xml_text(version)}. No script, no network.</footer>")
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content={xml_attr("frictionmap" + version)}>',
        f"<title>{xml_text(title)}</title>",
        f"<style>{STYLE.strip()}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"
