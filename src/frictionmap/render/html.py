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

A report of several journeys opens with an executive summary (the portfolio
and the changes that would help most customers), and every report ends with
the method appendix; each journey lists its assumptions (`render/method.py`).

It reads on a phone (tables become stacked rows under 700 px, a wide drawing
is scaled to the width, whole, to be zoomed; the page never scrolls sideways) and prints: A4, each
journey from a new page, each drawing whole on one page (`render/pdf.py`
prints it to PDF with headless Chromium). Its own words and numbers follow
`lang` (i18n.py).

Every text from a journey file goes through `xml_text` / `xml_attr`: a label
like `<script>alert(1)</script>` is shown as text and runs nothing.
"""

from __future__ import annotations

import re

from ..escapes import location, printable
from ..findings import Finding, Severity
from ..i18n import ENGLISH, Localiser, localiser
from ..impact import (
    RankedFinding,
    outcome_shares,
    summary_figures,
    walk_ending,
    walk_totals,
    worst_first,
)
from ..report import JourneyResult, Report
from ..text import format_value, listed, plural, type_words, words
from ..walks import Walk
from ._shared import xml_attr, xml_text
from .method import (
    assumptions,
    change_reach,
    method_sections,
    portfolio,
    rule_evidence,
    score_breakdown,
)
from .svg import drawing, numbered_findings


def _file(result: JourneyResult) -> str:
    """A file name as HTML text, made printable (`escapes.printable`)."""
    return xml_text(printable(result.file))


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
.drawing{border:1px solid var(--line);border-radius:8px;background:#fff;padding:4px}
.drawing svg{display:block;max-width:100%;height:auto;margin:0 auto}
body{overflow-wrap:break-word}
@media (max-width:700px){
  header,main,footer{padding:0 12px}.card{padding:14px 12px}
  table,tbody,tr,td{display:block;width:100%}thead{display:none}
  tr{border-bottom:1px solid var(--line);padding:6px 0}td{border:none;padding:1px 0}
  td.num{text-align:left}td[data-label]::before{content:attr(data-label) ": ";
  color:var(--muted);font-size:13px}code{overflow-wrap:anywhere}}
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
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.tile{border:1px solid var(--line);border-radius:8px;padding:8px 12px;min-width:130px}
.tile strong{font-size:20px}
.changes li{margin:0 0 10px}
.appendix pre{white-space:pre-wrap;background:#f8f9fa;padding:8px 10px;border-radius:6px;
  font:13px ui-monospace,Menlo,Consolas,monospace}
.breakdown{max-width:720px}.evidence h4{margin:16px 0 4px}
.assumptions li{margin:2px 0}
@page{size:A4;margin:12mm}
@media print{body{background:#fff;font-size:10.5pt}header,main,footer{max-width:none;padding:0}
  .card{border:none;border-radius:0;padding:0;margin:0 0 6mm}
  main>section.journey,main>section.appendix{break-before:page}
  h2,h3{break-after:avoid}tr,.findings li,.walk li,.outcomes{break-inside:avoid}
  .drawing{border:none;padding:0;overflow:visible;break-inside:avoid}
  .drawing svg{max-width:100%;max-height:255mm;width:auto;height:auto}
  a{color:inherit;text-decoration:none}}
"""


def _counts(result: JourneyResult, loc: Localiser = ENGLISH) -> str:
    if loc.lang == "en":
        return ", ".join(plural(result.count(s), s.value) for s in Severity)
    return loc.t(
        "{errors} error(s), {warnings} warning(s), {notes} note(s)",
        errors=result.count(Severity.ERROR),
        warnings=result.count(Severity.WARNING),
        notes=result.count(Severity.NOTE),
    )


def _prefix(report: Report, number: int) -> str:
    """Id prefix of a journey's anchors: none when the file holds one journey."""
    return "" if len(report.journeys) == 1 else f"j{number}-"


def _grade_badge(result: JourneyResult, loc: Localiser = ENGLISH) -> str:
    if result.grade is None or result.score is None:
        return (
            '<div class="grade grade-none" title="not graded">?'
            f"<small>{loc.t('no score')}</small></div>"
        )
    grade = xml_text(result.grade)
    # The score is friction: 0 is frictionless, 100 the worst.
    title = loc.t(
        "grade {grade}, friction score {score}/100 (0 is frictionless)",
        grade=grade,
        score=f"{result.score:.0f}",
    )
    return (
        f'<div class="grade grade-{grade}" title={xml_attr(title)}>{grade}'
        f"<small>{loc.t('friction')} {result.score:.0f}</small></div>"
    )


def _summary(report: Report, loc: Localiser = ENGLISH) -> str:
    t = loc.t
    rows = []

    def problems(count: int) -> str:
        return (
            plural(count, "problem") if loc.lang == "en" else t("{count} problem(s)", count=count)
        )

    numbers = {id(result): n for n, result in enumerate(report.journeys, start=1)}
    for result in worst_first(report):
        number = numbers[id(result)]
        anchor = f"#journey-{number}"
        name = xml_text(printable(result.name or result.file))
        if not result.valid:
            rows.append(
                f'<tr><td><a href="{anchor}"><code>{_file(result)}</code></a></td>'
                f'<td data-label="{t("Grade")}">{t("rejected")}</td><td></td><td></td><td></td>'
                f'<td data-label="{t("Findings")}">{problems(len(result.findings))}</td></tr>'
            )
            continue
        figures = tuple(loc.figure(v) for v in summary_figures(result))
        grade = (
            f"{xml_text(result.grade)} ({result.score:.0f})"
            if result.grade is not None and result.score is not None
            else "-"
        )
        cells = "".join(
            f'<td class="num" data-label="{t(head)}">{xml_text(v)}</td>'
            for head, v in zip(("Resolved", "Contacts", "Cost"), figures, strict=True)
        )
        rows.append(
            f'<tr><td><a href="{anchor}">{name}</a><br><code>{_file(result)}</code></td>'
            f'<td data-label="{t("Grade")}">{grade}</td>{cells}'
            f'<td data-label="{t("Findings")}">{xml_text(_counts(result, loc))}</td></tr>'
        )
    return (
        f'<section class="card"><h2>{t("Journeys, worst first")}</h2><table>'
        + "<thead><tr>"
        + "".join(
            f"<th>{t(head)}</th>"
            for head in ("Journey", "Grade", "Resolved", "Contacts", "Cost", "Findings")
        )
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></section>"
    )


def _figures(result: JourneyResult, loc: Localiser = ENGLISH) -> str:
    t = loc.t
    parts = []
    if result.figures:
        rows = "".join(
            f"<tr><td>{xml_text(t(f.name))}</td>"
            f'<td class="num" data-label="{t("Value")}">{xml_text(loc.figure(f.text))}</td>'
            f'<td class="status-{xml_text(f.status or "none")}">'
            f"{xml_text(t(f.status) if f.status else '')}</td>"
            f'<td class="muted" data-label="{t("Benchmark")}">{xml_text(t(f.benchmark))}</td></tr>'
            for f in result.figures
        )
        parts.append(
            f"<h3>{t('Key figures')}</h3><table><thead><tr><th>{t('Figure')}</th>"
            f"<th>{t('Value')}</th><th></th><th>{t('Benchmark')}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    shares = outcome_shares(result.metrics)
    if shares:
        items = "".join(
            f"<li>{xml_text(t(kind))} <strong>{xml_text(loc.figure(format_value(p, '%')))}"
            "</strong></li>"
            for kind, p in shares
        )
        parts.append(f'<h3>{t("How it ends")}</h3><ul class="outcomes">{items}</ul>')
    if result.metrics is None:
        parts.append(
            f'<p class="muted">{t("No metrics for this journey: figures from the graph only.")}</p>'
        )
    return "".join(parts)


def _ranked(result: JourneyResult) -> list[tuple[Finding, RankedFinding | None]]:
    """Active findings in report order, numbered as on the drawing's markers."""
    return numbered_findings(result)


def _step_link(result: JourneyResult, step: str, prefix: str) -> str:
    assert result.journey is not None
    label = result.journey.label(step) if step in result.journey.steps else step
    return f"<a href={xml_attr(f'#{prefix}step-{step}')}>{xml_text(label)}</a>"


def _where(result: JourneyResult, finding: Finding, prefix: str, loc: Localiser = ENGLISH) -> str:
    assert result.journey is not None
    known = result.journey.steps
    # dict.fromkeys: first-seen order without duplicates, linear in a large loop.
    steps = dict.fromkeys(
        s for s in (finding.step, *finding.steps, finding.to) if s is not None and s in known
    )
    links = ", ".join(_step_link(result, s, prefix) for s in steps)
    position = loc.t("line {line}, column {column}", line=finding.line, column=finding.column)
    return (
        f'<div class="where">{loc.t("at")} {links} <span class="muted">({position})</span></div>'
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


def _practices(result: JourneyResult, prefix: str, loc: Localiser = ENGLISH) -> str:
    t = loc.t
    items = []
    for number, (finding, ranked) in enumerate(_ranked(result), start=1):
        severity = finding.severity.value
        head = [
            f'<span class="sev sev-{severity}">{t(severity)}</span>',
            f"<code>{xml_text(finding.rule)}</code>",
        ]
        if ranked is not None:
            if ranked.unlawful:
                head.append(
                    f'<span class="unlawful">{xml_text(loc.say(ranked.compliance_words))}</span>'
                )
            head.append(
                f'<span class="muted">{t("impact")} {loc.figure(f"{ranked.impact:.2f}")} · '
                f"{xml_text(loc.say(ranked.exposure_words))}</span>"
            )
        body = [
            " ".join(head),
            _where(result, finding, prefix, loc),
            f"<div>{xml_text(loc.message(finding))}</div>",
        ]
        if ranked is not None:
            advice = xml_text(t(ranked.advice))
            body.append(f'<p class="advice"><strong>{t("Instead:")}</strong> {advice}</p>')
        items.append(f"<li id={xml_attr(f'{prefix}finding-{number}')}>{''.join(body)}</li>")
    title = t("Worst practices, by impact")
    if not items:
        return f"<h3>{title}</h3><p>{t('No worst practice found.')}</p>"
    return f'<h3>{title}</h3><ol class="findings">{"".join(items)}</ol>'


def _allowed(result: JourneyResult, prefix: str, loc: Localiser = ENGLISH) -> str:
    t = loc.t
    allowed = [f for f in result.findings if f.suppressed is not None]
    if not allowed:
        return ""
    items = []
    for finding in allowed:
        assert finding.suppressed is not None
        items.append(
            f'<li><span class="sev sev-allowed">{t("allowed")}</span> '
            f"<code>{xml_text(finding.rule)}</code>"
            f"{_where(result, finding, prefix, loc)}<div>{xml_text(loc.message(finding))}</div>"
            f'<p class="advice"><strong>{t("Reason")} ({xml_text(finding.suppressed.scope)}):'
            f"</strong> {xml_text(finding.suppressed.reason)}</p></li>"
        )
    return (
        f'<h3>{t("Allowed by")} <code>allow</code></h3><ul class="findings">{"".join(items)}</ul>'
    )


def _walk(
    result: JourneyResult, title: str, walk: Walk | None, prefix: str, loc: Localiser = ENGLISH
) -> str:
    title = loc.t(title)
    if walk is None:
        return f"<h3>{title}</h3><p>{loc.t('No walk leads there.')}</p>"
    assert result.journey is not None
    end, afterword = walk_ending(walk)
    totals = walk_totals(walk, result.journey.currency)
    items = []
    for step in walk.steps:
        details = [loc.t(type_words(step.type))]
        if step.team_name:
            details.append(step.team_name)
        if step.time_text:
            details.append(loc.figure(step.time_text))
        via = (
            f' <span class="muted">{loc.t("via")} {xml_text(loc.figure(step.branch_text))}</span>'
            if step.branch_text
            else ""
        )
        items.append(
            f"<li>{_step_link(result, step.step, prefix)} "
            f'<span class="muted">({xml_text(", ".join(details))})</span>{via}</li>'
        )
    after = f"<p>… {afterword}.</p>" if afterword else ""
    return (
        f"<h3>{title}: {xml_text(loc.t(end))}</h3><p>{xml_text(loc.figure(totals))}.</p>"
        f'<ol class="walk">{"".join(items)}</ol>{after}'
    )


def _rejected(result: JourneyResult, number: int, loc: Localiser = ENGLISH) -> str:
    lines = "\n".join(
        f"{location(result.file, f.line, f.column)}: {f.message}" for f in result.findings
    )
    return (
        f'<section class="card journey" id="journey-{number}">'
        f"<h2><code>{_file(result)}</code>: {loc.t('rejected')}</h2>"
        f"<p>{loc.t('The file breaks the journey format; nothing was analysed.')}</p>"
        f'<div class="problems">{xml_text(lines)}</div></section>'
    )


def journey_section(
    report: Report, result: JourneyResult, number: int, loc: Localiser = ENGLISH
) -> str:
    t = loc.t
    if not result.valid or result.journey is None:
        return _rejected(result, number, loc)
    journey = result.journey
    prefix = _prefix(report, number)
    facts = [f"<code>{_file(result)}</code>"]
    if journey.source:
        facts.append(f"{loc.colon(t('Source'))} {xml_text(journey.source)}")
    if journey.customer.goal:
        goal = t("Customer's goal")
        facts.append(f"{loc.colon(xml_text(goal))} {xml_text(journey.customer.goal)}")
    parts = [
        f'<section class="card journey" id="journey-{number}">',
        f'<div class="title">{_grade_badge(result, loc)}<div><h2>{xml_text(journey.name)}</h2>',
        f'<div class="muted">{" · ".join(facts)}</div></div></div>',
    ]
    if result.verdict:
        parts.append(f'<p class="verdict">{xml_text(loc.say(result.verdict))}</p>')
    if result.points:
        points = words("What took the points: {points}.", points=listed(result.points, "; "))
        parts.append(f'<p class="muted">{xml_text(loc.say(points))}</p>')
    parts.append(f'<p class="muted">{xml_text(_counts(result, loc))}</p>')
    if journey.description:
        parts.append(f"<p>{xml_text(journey.description)}</p>")
    parts.append(_figures(result, loc))
    parts.append(f"<h3>{t('The journey')}</h3>")
    if len(journey.steps) <= MAX_DRAWN_STEPS:
        svg = drawing(
            result,
            id_prefix=prefix,
            links=finding_anchors(result, prefix),
            finding_links=True,
            lang=loc.lang,
        )
        parts.append(f'<div class="drawing">{svg}</div>')
    else:
        parts.append(
            '<p class="muted">'
            + t(
                "{count} steps are too many to draw in a page (at most {limit}); "
                "<code>frictionmap graph</code> draws it alone.",
                count=len(journey.steps),
                limit=MAX_DRAWN_STEPS,
            )
            + "</p>"
        )
    parts.append(_practices(result, prefix, loc))
    parts.append(_allowed(result, prefix, loc))
    walks = result.walks
    resolution, failure = (walks.resolution, walks.failure) if walks else (None, None)
    parts.append(_walk(result, "Most likely walk to resolution", resolution, prefix, loc))
    parts.append(_walk(result, "Most likely walk to failure", failure, prefix, loc))
    parts.append(_observed(result, loc))
    parts.append(_assumptions(result, loc))
    parts.append("</section>")
    return "".join(parts)


def _observed(result: JourneyResult, loc: Localiser = ENGLISH) -> str:
    """Designed vs observed (`report --log`): conform's deviations; empty without a log."""
    found = result.conformance
    if found is None:
        return ""
    seen = found.observation
    cases, events = loc.figure(f"{seen.cases:,}"), loc.figure(f"{seen.events:,}")
    read = loc.t("{cases} cases, {events} events, read from {log}.", cases=cases, events=events,
                 log=seen.log)
    out = [f"<h3>{loc.t('Designed vs observed')}</h3><p>{xml_text(read)}</p>"]
    if not found.deviations:
        out.append(f"<p>{xml_text(loc.t('No deviation: the log follows the design.'))}</p>")
        return "".join(out)
    count = loc.t("{count} deviation(s) from the design:", count=len(found.deviations))
    out.append(f'<p>{xml_text(count)}</p><ul class="deviations">')
    out += [
        f"<li><code>{xml_text(d.kind)}</code> ({xml_text(d.severity)}) "
        f"<code>{xml_text(d.step)}</code>: {xml_text(d.message)}</li>"
        for d in found.deviations
    ]
    out.append("</ul>")
    return "".join(out)


def _assumptions(result: JourneyResult, loc: Localiser = ENGLISH) -> str:
    items = "".join(f"<li>{xml_text(line)}</li>" for line in assumptions(result, loc.t))
    head = loc.t("Assumptions")
    if not items:
        return f"<h3>{head}</h3><p>{loc.t('None: every figure is given in the journey file.')}</p>"
    return f'<h3>{head}</h3><ul class="assumptions">{items}</ul>'


# -- the executive summary and the method appendix ------------------------------------

_INLINE_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    text = xml_text(text)
    text = _INLINE_CODE.sub(lambda m: f"<code>{m.group(1)}</code>", text)
    return _BOLD.sub(lambda m: f"<strong>{m.group(1)}</strong>", text)


def markdown_html(text: str) -> str:
    """The small Markdown of docstrings as HTML: paragraphs, `- ` lists, indented or
    fenced blocks, `## ` headings, `code` and **bold**; every text escaped."""
    out: list[str] = []
    fenced: list[str] | None = None
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = block.split("\n")
        if fenced is not None or lines[0].startswith("```"):
            fenced = (fenced or []) + (["", *lines] if fenced else lines)
            if len(fenced) > 1 and fenced[-1].startswith("```"):
                out.append(f"<pre>{xml_text(chr(10).join(fenced[1:-1]))}</pre>")
                fenced = None
            continue
        if all(line.startswith("    ") for line in lines):
            body = "\n".join(line[4:] for line in lines)
            out.append(f"<pre>{xml_text(body)}</pre>")
        elif lines[0].startswith("## "):
            out.append(f"<h4>{_inline(lines[0][3:])}</h4>")
            if lines[1:]:
                out.append(f"<p>{_inline(' '.join(lines[1:]))}</p>")
        elif lines[0].startswith("- "):
            items: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:])
                elif items:
                    items[-1] += " " + line.strip()
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
        else:
            out.append(f"<p>{_inline(' '.join(line.strip() for line in lines))}</p>")
    if fenced is not None:
        out.append(f"<pre>{xml_text(chr(10).join(fenced[1:]))}</pre>")
    return "".join(out)


def _executive(report: Report, loc: Localiser = ENGLISH) -> str:
    t = loc.t
    whole = portfolio(report)
    tiles = [("Journeys", str(whole.journeys))]
    if whole.volume is not None:
        tiles.append(("Customers per period", f"{whole.volume:,.0f}"))
    if whole.resolved is not None:
        tiles.append(("Resolved", format_value(whole.resolved, "%")))
    if whole.contacts is not None:
        tiles.append(("Contacts per customer", f"{whole.contacts:.2f}"))
    if whole.minutes is not None:
        tiles.append(("Customer's time", format_value(whole.minutes, "min")))
    if whole.cost is not None and whole.currency is not None:
        tiles.append(("Cost to the customer", format_value(whole.cost, whole.currency)))
    if whole.score is not None:
        tiles.append(("Friction score", f"{whole.score:.0f}/100"))
    grades = ", ".join(f"{count} {grade}" for grade, count in whole.grades.items())
    basis = t(
        "weighted by each journey's volume"
        if whole.weighted
        else "each journey counts the same (no volumes given)"
    )
    if loc.lang == "en":
        averages = (
            f"Averages over {whole.graded} analysed "
            f"journey{'s' if whole.graded != 1 else ''}, {basis}."
        )
    else:
        averages = t(
            "Averages over {count} analysed journey(s), {basis}.", count=whole.graded, basis=basis
        )
    parts = [
        f'<section class="card executive"><h2>{t("Executive summary")}</h2>',
        f'<p class="muted">{xml_text(averages)}'
        + (f" {xml_text(t('Grades: {grades}.', grades=grades))}" if grades else "")
        + "</p>",
        '<div class="tiles">',
        *(
            f'<div class="tile"><div class="muted">{xml_text(t(name))}</div>'
            f"<strong>{xml_text(loc.figure(value))}</strong></div>"
            for name, value in tiles
        ),
        "</div>",
    ]
    if whole.changes:
        numbers = {id(result): n for n, result in enumerate(report.journeys, start=1)}
        items = []
        for change in whole.changes:
            number = numbers[id(change.result)]
            ranked = change.ranked
            name = printable(change.result.name or change.result.file)
            where = f" {t('at')} {xml_text(ranked.where[0])}" if ranked.where else ""
            saving = ""
            if change.score_after is not None and change.result.score is not None:
                saving = "; " + t(
                    "friction score {before} \u2192 {after}",
                    before=f"{change.result.score:.0f}",
                    after=f"{change.score_after:.0f}",
                )
            reach = t("met by {reach}", reach=loc.figure(change_reach(change, t)))
            items.append(
                f"<li><strong>{xml_text(t(ranked.advice))}</strong><br>"
                f'<a href="#journey-{number}">{xml_text(name)}</a>{where}: '
                f"<code>{xml_text(ranked.finding.rule)}</code>, "
                f"{xml_text(reach)}{xml_text(saving)}.</li>"
            )
        parts.append(
            f"<h3>{t('The changes that would help most customers')}</h3>"
            f'<ol class="changes">{"".join(items)}</ol>'
        )
    parts.append("</section>")
    return "".join(parts)


def _appendix(report: Report, loc: Localiser = ENGLISH) -> str:
    t = loc.t
    parts = [f'<section class="card appendix" id="method"><h2>{t("Method")}</h2>']
    if loc.lang != "en":
        note = t("The method is written in English, in the library's own documentation.")
        parts.append(f'<p class="muted">{xml_text(note)}</p>')
    for section in method_sections(t):
        parts.append(f"<h3>{xml_text(section.title)}</h3>{markdown_html(section.text)}")
    breakdowns = []
    for number, result in enumerate(report.journeys, start=1):
        rows = score_breakdown(result, t)
        if rows:
            cells = "".join(
                f"<tr><td>{xml_text(part)}</td>"
                f'<td class="num">{xml_text(loc.figure(value))}</td></tr>'
                for part, value in rows
            )
            name = xml_text(printable(result.name or result.file))
            breakdowns.append(
                f'<h4><a href="#journey-{number}">{name}</a></h4>'
                f'<table class="breakdown"><tbody>{cells}</tbody></table>'
            )
    if breakdowns:
        parts.append(f"<h3>{t('Score of each journey')}</h3>" + "".join(breakdowns))
    evidence = rule_evidence(report)
    if evidence:
        items = "".join(
            f'<div class="evidence" id="rule-{xml_text(e.rule)}">'
            f"<h4><code>{xml_text(e.rule)}</code>: "
            f"{_inline(e.summary)}</h4>"
            + (f'<p class="muted">{t("harm")} {e.harm}/5</p>' if e.harm is not None else "")
            + f"{markdown_html(e.why)}</div>"
            for e in evidence
        )
        parts.append(f"<h3>{t('The evidence behind each rule that fired')}</h3>{items}")
    parts.append("</section>")
    return "".join(parts)


def render(report: Report, *, width: int = 100, color: bool = False, lang: str = "en") -> str:
    """The whole report as one HTML page, in `lang` (i18n.LANGUAGES); `width` and
    `color` do not apply."""
    loc = localiser(lang)
    t = loc.t
    if len(report.journeys) == 1:
        only = report.journeys[0]
        title = f"frictionmap: {printable(only.name or only.file)}"
    elif lang == "en":
        title = f"frictionmap: {plural(len(report.journeys), 'journey')}"
    else:
        title = "frictionmap: " + t("{count} journeys", count=len(report.journeys))
    summary = report.summary()
    if lang == "en":
        overview = (
            f"{plural(summary['files'], 'file')}, {summary['invalid']} rejected: "
            f"{plural(summary['errors'], 'error')}, {plural(summary['warnings'], 'warning')}, "
            f"{plural(summary['notes'], 'note')}, {summary['suppressed']} allowed"
        )
    else:
        overview = t(
            "{count} file(s), {invalid} rejected: {errors} error(s), {warnings} warning(s), "
            "{notes} note(s), {allowed} allowed",
            count=summary["files"],
            invalid=summary["invalid"],
            errors=summary["errors"],
            warnings=summary["warnings"],
            notes=summary["notes"],
            allowed=summary["suppressed"],
        )
    body = [
        f"<header><h1>{t('Worst-practices report')}</h1>",
        f'<p class="muted">{xml_text(overview)}</p></header>',
        "<main>",
    ]
    if len(report.journeys) > 1:
        body.append(_executive(report, loc))
        body.append(_summary(report, loc))
    body.extend(
        journey_section(report, result, number, loc)
        for number, result in enumerate(report.journeys, start=1)
    )
    if any(result.valid for result in report.journeys):
        body.append(_appendix(report, loc))
    body.append("</main>")
    version = f" {report.version}" if report.version else ""
    made = t("Made by frictionmap{version}. No script, no network.", version=version)
    if report.config:
        made += " " + t("Config: {config}.", config=report.config)
    body.append(f"<footer>{xml_text(made)}</footer>")
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
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
