"""The worst-practices report as GitHub-flavoured Markdown (PR comments, deliverables).

The same content as the terminal report: a summary table when there are
several journeys (worst first), then per journey its grade and verdict, the
key figures beside their benchmarks, the worst practices ranked by impact
with what to do instead, the most likely walks to resolution and to failure,
and the journey as a Mermaid flowchart whose steps are coloured by the
friction they carry (`render/mermaid.py`).

Every text that comes from a journey file is escaped, so a label cannot open
a link, an HTML tag or a new table cell.
"""

from __future__ import annotations

import re

from ..escapes import location, printable
from ..findings import Severity
from ..i18n import ENGLISH, Localiser, localiser
from ..impact import (
    IMPACT_NOTE,
    TOP_FINDINGS,
    RankedFinding,
    outcome_shares,
    summary_figures,
    walk_ending,
    walk_totals,
    worst_first,
)
from ..report import JourneyResult, Report
from ..text import format_value, listed, plural, words
from ..walks import Walk
from .method import (
    assumptions,
    change_reach,
    method_sections,
    portfolio,
    rule_evidence,
    score_breakdown,
)

# Markdown's inline metacharacters, and `|` which would split a table cell;
# `<`, `>` and `&` become entities, so no HTML (or entity) gets through.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# What would start a list, a quote or a heading at the start of a line.
_LEADING = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+#=>])(?=\s|$)")
# What GitHub turns into a link or a notification after rendering: @mentions,
# #123 / GH-123 references, bare URLs and www. addresses. A zero-width space
# (written as an entity, so the text holds no invisible character) breaks
# them, as Renovate and Dependabot do in their pull-request bodies.
_AUTOLINKS = re.compile(r"(@)(?=\w)|(#)(?=\d)|(GH)(?=-\d)|(:)(?=//)|(www)(?=\.)", re.I)
_BREAK = "&#8203;"

# GitHub refuses a comment, an issue or a pull-request body past this many
# characters ("Body is too long (maximum is 65536 characters)").
GITHUB_LIMIT = 65_536


def escape(text: str) -> str:
    """Plain text as inert Markdown: no emphasis, link, image, HTML, mention,
    issue reference or cell break; one line, invisible characters shown."""
    text = printable(" ".join(text.split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    text = _AUTOLINKS.sub(lambda m: f"{m.group()}{_BREAK}", text)
    return _LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def code(text: str, *, in_table: bool = False) -> str:
    """A code span around any text: backslashes stay literal, backticks are fenced out.

    In a table cell GitHub splits on `|` even inside code, so it is escaped there.
    """
    text = printable(" ".join(text.split()))
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`"):
        text = f" {text} "
    if in_table:
        text = text.replace("|", "\\|")
    return f"{ticks}{text}{ticks}"


def _quoted(label: str) -> str:
    return f"'{escape(label)}'"


def fence(text: str, info: str = "") -> str:
    """A fenced block longer than any run of backticks inside it (so no line of
    `text` can close it), its lines made printable."""
    text = "\n".join(printable(line) for line in text.split("\n"))
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{text}\n{ticks}"


_fence = fence


def _length(text: str) -> int:
    """Characters as GitHub counts them (UTF-16 code units, to be safe)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def _blocks(text: str) -> list[str]:
    """`text` in blocks separated by blank lines, never splitting a fenced
    block or a <details> element, so that any prefix of them is whole Markdown."""
    blocks: list[str] = []
    current: list[str] = []
    fence_open = ""
    details = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if fence_open:
            if stripped.startswith(fence_open) and not stripped.strip("`"):
                fence_open = ""
        else:
            run = re.match(r"`{3,}", stripped)
            if run:
                fence_open = run.group()
            details += stripped.count("<details>") - stripped.count("</details>")
        if not line and not fence_open and details <= 0 and current:
            blocks.append("\n".join(current))
            current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def cap(text: str, heading: str = "## ", limit: int = GITHUB_LIMIT) -> str:
    """`text`, cut at a block boundary to fit a GitHub comment of `limit` characters,
    with a note of what was cut: the sections (headings starting with `heading`,
    one per journey) left out or cut short, and how to get the whole text."""
    if _length(text) <= limit:
        return text
    blocks = _blocks(text.rstrip("\n"))
    kept: list[str] = []
    used = 0
    reserve = 2_000  # the note
    for block in blocks:
        size = _length(block) + 2
        if used + size > limit - reserve:
            break
        kept.append(block)
        used += size

    def title(block: str) -> str:
        return block.split("\n", 1)[0][len(heading) :].strip()

    sections = [title(b) for b in blocks[len(kept) :] if b.startswith(heading)]
    opened = [title(b) for b in kept if b.startswith(heading)]
    cut_short = (
        opened[-1:]
        if len(kept) < len(blocks) and not blocks[len(kept)].startswith(heading)
        else []
    )
    note = (
        f"_Cut: {_length(text) - used:,} more characters do not fit in a GitHub comment "
        f"({limit:,} characters at most); for the whole report, write it as HTML "
        "(`-f html -o report.html`) or JSON._"
    )
    if cut_short:
        note += f"\n\n_Cut short: {cut_short[0]}._"
    if sections:
        shown = ", ".join(sections[:20])
        more = f" and {len(sections) - 20} more" if len(sections) > 20 else ""
        note += f"\n\n_Not shown: {shown}{more}._"
    if _length(note) > reserve:  # long names: shorten the list
        note = note[: reserve - 10].rstrip("\\") + "…_"
    return "\n\n".join([*kept, note]) + "\n"


def _grade(result: JourneyResult) -> str:
    if result.grade is None or result.score is None:
        return "not graded"
    return f"**{result.grade}** ({result.score:.0f}/100)"


def _counts(result: JourneyResult, loc: Localiser = ENGLISH) -> str:
    if loc.lang == "en":
        return ", ".join(plural(result.count(s), s.value) for s in Severity)
    return loc.t(
        "{errors} error(s), {warnings} warning(s), {notes} note(s)",
        errors=result.count(Severity.ERROR),
        warnings=result.count(Severity.WARNING),
        notes=result.count(Severity.NOTE),
    )


def _summary(report: Report, loc: Localiser = ENGLISH) -> str:
    t = loc.t
    heads = ("Journey", "Grade", "Resolved", "Contacts", "Cost", "Findings")
    rows = [
        "| " + " | ".join(t(h) for h in heads) + " |",
        "|---|---|---:|---:|---:|---|",
    ]
    for result in worst_first(report):
        name = f"**{escape(result.name or result.file)}**<br>{code(result.file, in_table=True)}"
        if not result.valid:
            name = code(result.file, in_table=True)
            problems = (
                plural(len(result.findings), "problem")
                if loc.lang == "en"
                else t("{count} problem(s)", count=len(result.findings))
            )
            rows.append(f"| {name} | {t('rejected')} | | | | {problems} |")
            continue
        figures = [loc.figure(f) for f in summary_figures(result)]
        rows.append(
            f"| {name} | {_grade(result)} | {' | '.join(figures)} | {_counts(result, loc)} |"
        )
    return "\n".join([f"## {t('Journeys, worst first')}", "", *rows])


def _rejected(result: JourneyResult) -> str:
    lines = "\n".join(
        f"{location(result.file, f.line, f.column)}: {f.message}" for f in result.findings
    )
    return "\n\n".join(
        [
            f"## {code(result.file)}: rejected",
            "The file breaks the journey format; nothing was analysed.",
            _fence(lines, "text"),
        ]
    )


def _header(result: JourneyResult, loc: Localiser = ENGLISH) -> str:
    journey = result.journey
    assert journey is not None
    facts = [code(result.file)]
    if journey.source:
        facts.append(f"{loc.colon(loc.t('Source'))} {escape(journey.source)}")
    if journey.customer.goal:
        goal = loc.t("Customer's goal")
        facts.append(f"{loc.colon(escape(goal))} {escape(journey.customer.goal)}")
    return "\n\n".join(
        [
            f"## {escape(journey.name)}",
            (
                f"{loc.t('Grade')} {_grade(result)}. {escape(loc.say(result.verdict))}"
                if result.grade is not None and result.score is not None
                else f"{escape(loc.say(result.verdict))} ({loc.t('Not graded.')})"
            ),
            " · ".join(facts),
            *(
                [escape(loc.say(words("What took the points: {points}.", points=points)))]
                if (points := listed(result.points, "; ")).items
                else []
            ),
        ]
    )


def _figures(result: JourneyResult, loc: Localiser = ENGLISH) -> str:
    t = loc.t
    parts = [f"### {t('Key figures')}"]
    if result.figures:
        rows = [
            f"| {t('Figure')} | {t('Value')} | | {t('Benchmark')} |",
            "|---|---:|---|---|",
        ]
        for figure in result.figures:
            status = t(figure.status) if figure.status else ""
            if figure.status == "poor":
                status = f"**{status}**"
            rows.append(
                f"| {t(figure.name)} | {escape(loc.figure(figure.text))} | {status} "
                f"| {escape(t(figure.benchmark))} |"
            )
        parts.append("\n".join(rows))
    shares = outcome_shares(result.metrics)
    if shares:
        ends = " · ".join(f"{t(kind)} {loc.figure(format_value(p, '%'))}" for kind, p in shares)
        parts.append(f"{loc.colon(t('How it ends'))} {ends}.")
    if result.metrics is None:
        parts.append(f"_{t('No metrics for this journey: figures from the graph only.')}_")
    return "\n\n".join(parts)


def _practice(
    result: JourneyResult, rank: int, ranked: RankedFinding, loc: Localiser = ENGLISH
) -> str:
    finding = ranked.finding
    tags = loc.t(finding.severity.value) + (
        f", **{escape(loc.say(ranked.compliance_words))}**" if ranked.unlawful else ""
    )
    lines = [
        f"{rank}. **{finding.rule}** ({tags}) · {loc.t('impact')} "
        f"{loc.figure(f'{ranked.impact:.2f}')} · {escape(loc.say(ranked.exposure_words))}",
    ]
    if ranked.where:
        at = ", ".join(_quoted(label) for label in ranked.where)
        lines.append(loc.t("At {steps}.", steps=at))
    lines.append(escape(loc.message(finding)))
    lines.append(f"**{loc.t('Instead:')}** {escape(loc.t(ranked.advice))}")
    # Two trailing spaces: a line break inside the list item.
    return "  \n   ".join(lines)


def _practices(result: JourneyResult, loc: Localiser = ENGLISH) -> str:
    parts = [f"### {loc.t('Worst practices, by impact')}"]
    if not result.ranked:
        parts.append(loc.t("No worst practice found."))
        return "\n\n".join(parts)
    parts.append(f"_{loc.t(IMPACT_NOTE)}._")
    items = [
        _practice(result, rank, ranked, loc)
        for rank, ranked in enumerate(result.ranked[:TOP_FINDINGS], start=1)
    ]
    parts.append("\n".join(items))
    hidden = len(result.ranked) - TOP_FINDINGS
    if hidden > 0:
        parts.append(
            f"… and {plural(hidden, 'more finding')} of lower impact "
            "(`frictionmap check` lists them all)."
        )
    allowed = len(result.findings) - len(result.active)
    if allowed:
        parts.append(f"{plural(allowed, 'finding')} allowed by `allow`.")
    return "\n\n".join(parts)


def _walk(result: JourneyResult, title: str, walk: Walk | None, loc: Localiser = ENGLISH) -> str:
    title = loc.t(title)
    if walk is None:
        return f"### {title}\n\n{loc.t('No walk leads there.')}"
    assert result.journey is not None
    end, afterword = walk_ending(walk)
    totals = walk_totals(walk, result.journey.currency)
    rows = ["| # | Step | Type | Team | Time | Reached by |", "|---:|---|---|---|---|---|"]
    for number, step in enumerate(walk.steps, start=1):
        kind = step.type if step.type != "outcome" else f"outcome: {walk.end}"
        rows.append(
            f"| {number} | {escape(step.label)} | {escape(kind)} | {escape(step.team_name or '')} "
            f"| {step.time_text} | {escape(step.branch_text)} |"
        )
    after = f"\n\n… {afterword}." if afterword else ""
    return f"### {title}: {loc.t(end)}\n\n{loc.figure(totals)}.\n\n" + "\n".join(rows) + after


def _diagram(result: JourneyResult, loc: Localiser = ENGLISH) -> str:
    from .mermaid import flowchart

    head = f"### {loc.t('The journey')}\n\n"
    return head + _fence(flowchart(result).rstrip("\n"), "mermaid")


def _notes(result: JourneyResult, loc: Localiser = ENGLISH) -> str | None:
    lines = assumptions(result, loc.t)
    if not lines:
        return None
    head = f"### {loc.t('Assumptions')}\n\n"
    return head + "\n".join(f"- {escape(line)}" for line in lines)


def _executive(report: Report, loc: Localiser = ENGLISH) -> str:
    t = loc.t
    whole = portfolio(report)
    basis = t(
        "weighted by each journey's volume"
        if whole.weighted
        else "each journey counts the same (no volumes given)"
    )
    rows = [("Journeys", str(whole.journeys))]
    if whole.volume is not None:
        rows.append(("Customers per period", f"{whole.volume:,.0f}"))
    if whole.resolved is not None:
        rows.append(("Resolved", format_value(whole.resolved, "%")))
    if whole.contacts is not None:
        rows.append(("Contacts per customer", f"{whole.contacts:.2f}"))
    if whole.minutes is not None:
        rows.append(("Customer's time", format_value(whole.minutes, "min")))
    if whole.cost is not None and whole.currency is not None:
        rows.append(("Cost to the customer", format_value(whole.cost, whole.currency)))
    if whole.score is not None:
        rows.append(("Friction score", f"{whole.score:.0f}/100"))
    if whole.grades:
        rows.append(("Grades", ", ".join(f"{n} {g}" for g, n in whole.grades.items())))
    averages = (
        f"Averages over {plural(whole.graded, 'analysed journey')}, {basis}."
        if loc.lang == "en"
        else t(
            "Averages over {count} analysed journey(s), {basis}.", count=whole.graded, basis=basis
        )
    )
    table = "\n".join(f"| {t(a)} | {loc.figure(b)} |" for a, b in rows)
    parts = [
        f"## {t('Executive summary')}",
        averages,
        f"| {t('Portfolio')} | |\n|---|---:|\n{table}",
    ]
    if whole.changes:
        items = []
        for number, change in enumerate(whole.changes, start=1):
            ranked = change.ranked
            where = f" {t('at')} {_quoted(ranked.where[0])}" if ranked.where else ""
            saving = ""
            if change.score_after is not None and change.result.score is not None:
                saving = "; " + t(
                    "friction score {before} → {after}",
                    before=f"{change.result.score:.0f}",
                    after=f"{change.score_after:.0f}",
                )
            reach = t("met by {reach}", reach=loc.figure(change_reach(change, t)))
            items.append(
                f"{number}. **{escape(t(ranked.advice))}** "
                f"{escape(change.result.name or change.result.file)}{where}: "
                f"{code(ranked.finding.rule)}, {escape(reach)}{saving}."
            )
        head = t("The changes that would help most customers")
        parts.append(f"### {head}\n\n" + "\n".join(items))
    return "\n\n".join(parts)


def _appendix(report: Report, loc: Localiser = ENGLISH) -> str:
    """The method, each journey's score breakdown and the evidence of the rules that
    fired; the texts are the library's own Markdown (its docstrings)."""
    t = loc.t
    parts = [f"## {t('Method')}"]
    if loc.lang != "en":
        note = t("The method is written in English, in the library's own documentation.")
        parts.append(f"_{note}_")
    for section in method_sections(t):
        parts.append(f"### {section.title}\n\n{section.text}")
    for result in report.journeys:
        rows = score_breakdown(result, t)
        if rows:
            table = "\n".join(f"| {escape(part)} | {loc.figure(value)} |" for part, value in rows)
            parts.append(
                f"#### {t('Score')}: {escape(result.name or result.file)}\n\n"
                f"| {t('Part')} | {t('Value')} |\n|---|---:|\n{table}"
            )
    evidence = rule_evidence(report)
    if evidence:
        parts.append(f"### {t('The evidence behind each rule that fired')}")
        parts.extend(
            f"#### {code(e.rule)}: {e.summary}\n\n"
            + (f"_{t('harm')} {e.harm}/5_\n\n" if e.harm is not None else "")
            + e.why
            for e in evidence
        )
    return "\n\n".join(parts)


def _observed(result: JourneyResult, loc: Localiser = ENGLISH) -> str | None:
    """Designed vs observed (`report --log`): conform's deviations, one a line."""
    found = result.conformance
    if found is None:
        return None
    seen = found.observation
    head = f"### {loc.t('Designed vs observed')}\n\n"
    cases, events = loc.figure(f"{seen.cases:,}"), loc.figure(f"{seen.events:,}")
    read = loc.t("{cases} cases, {events} events, read from {log}.", cases=cases, events=events,
                 log=seen.log)
    lines = [escape(read)]
    if not found.deviations:
        lines.append(escape(loc.t("No deviation: the log follows the design.")))
        return head + "\n\n".join(lines)
    count = len(found.deviations)
    lines.append(escape(loc.t("{count} deviation(s) from the design:", count=count)))
    items = [
        f"- {code(d.kind)} ({d.severity}) {code(d.step)}: {escape(d.message)}"
        for d in found.deviations
    ]
    return head + "\n\n".join(lines) + "\n\n" + "\n".join(items)


def journey_report(result: JourneyResult, loc: Localiser = ENGLISH) -> str:
    """One journey's section of the report."""
    if not result.valid:
        return _rejected(result)
    walks = result.walks
    resolution, failure = (walks.resolution, walks.failure) if walks else (None, None)
    parts = [
        _header(result, loc),
        _figures(result, loc),
        _practices(result, loc),
        _walk(result, "Most likely walk to resolution", resolution, loc),
        _walk(result, "Most likely walk to failure", failure, loc),
        _diagram(result, loc),
    ]
    observed = _observed(result, loc)
    if observed is not None:
        parts.append(observed)
    notes = _notes(result, loc)
    if notes is not None:
        parts.append(notes)
    return "\n\n".join(parts)


def render_report(
    report: Report, *, width: int = 100, color: bool = False, lang: str = "en"
) -> str:
    """The whole report in `lang` (i18n.py: the report's own words and numbers), as
    `report -f markdown` writes it for a client: nothing cut. `width` and `color`
    do not apply to Markdown."""
    loc = localiser(lang)
    parts = [f"# {loc.t('Worst-practices report')}"]
    if report.config:
        parts.append(f"_{escape(loc.t('Config: {config}.', config=report.config))}_")
    if len(report.journeys) > 1:
        parts.append(_executive(report, loc))
        parts.append(_summary(report, loc))
    parts.extend(journey_report(result, loc) for result in report.journeys)
    if any(result.valid for result in report.journeys):
        parts.append(_appendix(report, loc))
    return "\n\n".join(parts) + "\n"


def render(report: Report, *, width: int = 100, color: bool = False, lang: str = "en") -> str:
    """The report as `check -f markdown` writes it, a pull-request comment: cut to
    fit GitHub's limit, with a note of what was cut (`cap`)."""
    return cap(render_report(report, width=width, color=color, lang=lang))
