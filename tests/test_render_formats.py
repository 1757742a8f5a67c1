"""The machine formats (SARIF, JUnit, GitHub), the drawings (SVG, Mermaid, DOT) and HTML.

Golden files live in tests/golden/formats-*; regenerate them on purpose only,
with `FRICTIONMAP_REGEN=1`. The report is built from the formats-* fixtures
with a pinned rule list, so a rule added later does not change the goldens.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from report_golden import at_root
from typer.testing import CliRunner

from frictionmap.cli import app
from frictionmap.config import Config, RuleSetting
from frictionmap.findings import Severity
from frictionmap.inputs import check_paths
from frictionmap.render import FORMATS, renderer
from frictionmap.render.dot import digraph, dot_string
from frictionmap.render.github import escape_data, escape_property
from frictionmap.render.html import CSP
from frictionmap.render.mermaid import flowchart, mermaid_text, node_ids
from frictionmap.render.sarif import artifact_uri, sarif_log
from frictionmap.render.svg import diagram, drawing, wrap
from frictionmap.report import Report
from frictionmap.rules import RULES
from frictionmap.text import percent

ROOT = Path(__file__).parent.parent
GOLDEN = Path(__file__).parent / "golden"
BASIC = "tests/fixtures/formats-basic.yaml"
HOSTILE = "tests/fixtures/formats-hostile.yaml"
INVALID = "tests/fixtures/formats-invalid.yaml"
FILES = (BASIC, HOSTILE, INVALID)
# The rules of the goldens, with `long-wait` lowered to a note to show that the
# configured severity, not the default, reaches every format.
PINNED = {
    "dead-end": None,
    "unreachable-step": None,
    "trap-loop": None,
    "no-resolution": None,
    "repeated-entry": None,
    "dropped-contact": None,
    "long-wait": Severity.NOTE,
    "closure-without-cause": None,
}
SVG_NS = "{http://www.w3.org/2000/svg}"


def pinned_config() -> Config:
    settings = {}
    for rule in RULES:
        if rule.id in PINNED:
            settings[rule.id] = RuleSetting(PINNED[rule.id] or rule.severity, rule.options())
        else:
            settings[rule.id] = RuleSetting(None, rule.options())
    return Config(settings)


def make_report(*paths: str) -> Report:
    with at_root():
        return check_paths(list(paths), pinned_config())


@pytest.fixture(scope="module")
def report() -> Report:
    return make_report(*FILES)


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("FRICTIONMAP_REGEN") == "1":
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden {path}: run with FRICTIONMAP_REGEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs; FRICTIONMAP_REGEN=1 to accept"
    )


# -- goldens -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("sarif", "formats-report.sarif"),
        ("junit", "formats-report.junit.xml"),
        ("github", "formats-report.github.txt"),
        ("html", "formats-report.html"),
    ],
)
def test_report_formats_match_their_goldens(report: Report, fmt: str, golden: str) -> None:
    text = renderer(fmt)(report)
    assert text == renderer(fmt)(report), "same report, same bytes"
    assert_golden(golden, text)


@pytest.mark.parametrize("fixture", ["basic", "hostile"])
@pytest.mark.parametrize(("module", "suffix"), [("svg", "svg"), ("mermaid", "mmd"), ("dot", "dot")])
def test_drawings_match_their_goldens(
    report: Report, fixture: str, module: str, suffix: str
) -> None:
    from frictionmap.render import diagram as diagram_of

    result = report.journeys[0 if fixture == "basic" else 1]
    assert_golden(f"formats-{fixture}.{suffix}", diagram_of(module)(result))


def test_every_format_is_registered() -> None:
    assert {"sarif", "junit", "github", "html"} <= set(FORMATS)


# -- SARIF -------------------------------------------------------------------


# The official schema, OASIS SARIF v2.1.0 errata 01 (its "id" says where it is
# published), kept here so that the tests need no package to fetch it.
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"


def sarif_schema() -> dict[str, object]:
    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def assert_valid_sarif(text: str) -> None:
    schema = sarif_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(json.loads(text)), key=str)
    assert errors == []


def test_sarif_is_valid_against_the_official_schema(report: Report) -> None:
    assert_valid_sarif(renderer("sarif")(report))


def test_sarif_of_the_seed_journeys_is_valid() -> None:
    with at_root():
        report = check_paths(["journeys"])
    assert len(report.journeys) >= 8
    assert_valid_sarif(renderer("sarif")(report))


def test_sarif_lists_every_enabled_rule_and_the_invalid_file_pseudo_rule(report: Report) -> None:
    run = sarif_log(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    enabled = [r.id for r in RULES if r.id in PINNED]
    assert [r["id"] for r in rules] == [*enabled, "invalid-file"]
    by_id = {r["id"]: r for r in rules}
    assert by_id["long-wait"]["defaultConfiguration"] == {"level": "note"}
    assert by_id["dead-end"]["defaultConfiguration"] == {"level": "error"}
    dead_end = next(r for r in RULES if r.id == "dead-end")
    assert by_id["dead-end"]["name"] == "DeadEnd"
    assert by_id["dead-end"]["shortDescription"] == {"text": dead_end.summary}
    assert by_id["dead-end"]["help"]["markdown"] == dead_end.doc.strip()
    assert by_id["dead-end"]["fullDescription"]["text"].startswith("The customer is stranded")
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_with_the_default_config_lists_all_rules() -> None:
    with at_root():
        report = check_paths([BASIC])
    ids = [r["id"] for r in sarif_log(report)["runs"][0]["tool"]["driver"]["rules"]]
    assert ids == [r.id for r in RULES] + ["invalid-file"]


def test_sarif_results(report: Report) -> None:
    results = sarif_log(report)["runs"][0]["results"]
    basic = [
        r
        for r in results
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == BASIC
    ]
    dropped = next(r for r in basic if r["ruleId"] == "dropped-contact")
    assert dropped["level"] == "error"
    assert dropped["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 33,
        "startColumn": 3,
    }
    assert dropped["locations"][0]["logicalLocations"] == [{"name": "hold", "kind": "step"}]
    assert dropped["partialFingerprints"] == {
        "frictionmap/v1": hashlib.sha256(b"dropped-contact:hold").hexdigest()
    }
    assert "suppressions" not in dropped
    allowed = next(r for r in basic if r["ruleId"] == "repeated-entry" and "suppressions" in r)
    assert allowed["suppressions"] == [
        {"kind": "inSource", "justification": "the agent must confirm the number for fraud checks"}
    ]
    invalid = [r for r in results if r["ruleId"] == "invalid-file"]
    assert len(invalid) == 1
    assert invalid[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == INVALID
    assert invalid[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 7,
        "startColumn": 11,
    }


def test_sarif_fingerprints_survive_an_edit_that_moves_every_line(tmp_path: Path) -> None:
    original = (ROOT / BASIC).read_text(encoding="utf-8")
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    before.write_text(original, encoding="utf-8")
    after.write_text(
        "# a new comment\n# and another\n" + original.replace("minutes: 5", "minutes: 6"),
        encoding="utf-8",
    )

    def prints(path: Path) -> list[tuple[str, str, int]]:
        results = sarif_log(check_paths([str(path)], pinned_config()))["runs"][0]["results"]
        return [
            (
                r["ruleId"],
                r["partialFingerprints"]["frictionmap/v1"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in results
        ]

    old, new = prints(before), prints(after)
    assert [(rule, fp) for rule, fp, _ in old] == [(rule, fp) for rule, fp, _ in new]
    assert [line + 2 for _, _, line in old] == [line for _, _, line in new]
    # Two findings of one file never share a fingerprint.
    assert len({fp for _, fp, _ in old}) == len(old)


def test_artifact_uris() -> None:
    assert artifact_uri("journeys/a b.yaml") == "journeys/a%20b.yaml"
    assert artifact_uri("journeys\\win.yaml") == "journeys/win.yaml"
    assert artifact_uri("/abs/x.yaml") == "file:///abs/x.yaml"
    assert artifact_uri("C:\\j\\x.yaml") == "file:///C:/j/x.yaml"
    assert artifact_uri("<stdin>") == "stdin"  # code scanning refuses %3Cstdin%3E


# -- JUnit -------------------------------------------------------------------


def test_junit_parses_back_with_the_expected_counts(report: Report) -> None:
    root = ET.fromstring(renderer("junit")(report))
    suites = root.findall("testsuite")
    assert [s.get("file") for s in suites] == list(FILES)
    enabled = [r.id for r in RULES if r.id in PINNED]
    basic, hostile, invalid = suites
    assert basic.get("name") == "Parcel claim by phone"
    assert [c.get("name") for c in basic.findall("testcase")] == enabled
    assert {c.get("classname") for c in basic.findall("testcase")} == {
        "tests/fixtures/formats-basic"
    }
    failed = {
        c.get("name"): c.find("failure")
        for c in basic.findall("testcase")
        if c.find("failure") is not None
    }
    # Errors and warnings fail; the note (long-wait) and the allowed repeat at the agent do not.
    assert sorted(failed) == ["dropped-contact", "repeated-entry", "unreachable-step"]
    assert failed["dropped-contact"].get("type") == "error"
    assert failed["dropped-contact"].get("message") == "dropped-contact: 1 error"
    assert failed["repeated-entry"].get("type") == "warning"
    assert failed["repeated-entry"].text.startswith(f"{BASIC}:24:3: warning: ")
    cases = {c.get("name"): c for c in basic.findall("testcase")}
    assert cases["long-wait"].find("failure") is None
    assert cases["long-wait"].findtext("system-out").startswith(f"{BASIC}:33:3: note: ")
    out = cases["repeated-entry"].findtext("system-out")
    assert out.endswith("(allowed: the agent must confirm the number for fraud checks)\n")
    assert (basic.get("tests"), basic.get("failures"), basic.get("errors")) == (
        str(len(enabled)),
        "3",
        "0",
    )
    # The hostile name comes back exactly.
    assert (
        hostile.get("name") == "<script>document.title='PWNED'</script> & \"quoted\" ]] %% :: name"
    )
    assert [c.get("name") for c in invalid.findall("testcase")] == ["invalid-file"]
    error = invalid.find("testcase/error")
    assert error is not None and error.get("type") == "invalid-file"
    assert error.get("message") == "step 'call' goes to unknown step 'agnet'; did you mean 'agent'?"
    assert (invalid.get("tests"), invalid.get("failures"), invalid.get("errors")) == ("1", "0", "1")
    total_failures = sum(int(s.get("failures")) for s in suites)
    assert root.get("tests") == str(2 * len(enabled) + 1)
    assert root.get("failures") == str(total_failures)
    assert root.get("errors") == "1"


def test_junit_shows_characters_xml_cannot_hold_as_escapes(tmp_path: Path) -> None:
    journey = tmp_path / "ctrl.yaml"
    journey.write_text(
        'frictionmap: 1\nname: "bell \\a here"\nstart: a\nsteps:\n'
        '  a: {type: agent, label: "x", next: a}\n',
        encoding="utf-8",
    )
    root = ET.fromstring(renderer("junit")(check_paths([str(journey)], pinned_config())))
    assert root.find("testsuite").get("name") == "bell \\x07 here"


# -- GitHub ------------------------------------------------------------------


def test_github_escaping_rules() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations(report: Report) -> None:
    lines = renderer("github")(report).splitlines()
    active = sum(len(j.active) for j in report.journeys)
    assert len(lines) == active  # one per active finding, none split by a newline
    assert all(
        re.match(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[a-z-]+::", line)
        for line in lines
    )
    assert f"::error file={BASIC},line=33,col=3,title=dropped-contact::" in "\n".join(lines)
    assert f"::notice file={BASIC},line=33,col=3,title=long-wait::" in "\n".join(lines)
    assert lines[-1] == (
        f"::error file={INVALID},line=7,col=11,title=invalid-file::"
        "step 'call' goes to unknown step 'agnet'; did you mean 'agent'?"
    )
    hostile = [line for line in lines if HOSTILE in line]
    assert hostile and all("%0A" in line or "\n" not in line for line in hostile)
    assert any("100%25 done %25%25 ::error file=x::" in line for line in hostile)


# -- SVG ---------------------------------------------------------------------


def test_svg_node_per_step_with_title_and_friction(report: Report) -> None:
    result = report.journeys[0]
    root = ET.fromstring(drawing(result))
    steps = root.findall(f".//{SVG_NS}g[@class]")
    nodes = [g for g in steps if "fm-step" in g.get("class", "").split()]
    assert [g.get("id") for g in nodes] == [f"step-{s}" for s in result.graph.nodes]
    hold = next(g for g in nodes if g.get("id") == "step-hold")
    assert "fm-friction-2" in hold.get("class", "").split()
    assert hold.findtext(f"{SVG_NS}title").splitlines()[:3] == [
        "Wait for an agent (hold)",
        "queue · wait 12 min",
        "team: Customer care",
    ]
    untouched = next(g for g in nodes if g.get("id") == "step-gave_up")
    assert "fm-friction-0" in untouched.get("class", "").split()
    dropped = [g for g in root.iter(f"{SVG_NS}g") if "fm-dropped" in g.get("class", "")]
    assert [(g.get("data-from"), g.get("data-to")) for g in dropped] == [("hold", "call")]
    path = dropped[0].find(f"{SVG_NS}path")
    assert path.get("stroke-dasharray") == "6 4" and path.get("stroke") == "#c92a2a"
    assert "line cut" in dropped[0].findtext(f"{SVG_NS}title")


def test_svg_escapes_every_hostile_text(report: Report) -> None:
    result = report.journeys[1]
    text = diagram(result)
    root = ET.fromstring(text.split("\n", 1)[1])  # parses: nothing broke out
    assert not list(root.iter(f"{SVG_NS}script"))
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    start = next(g for g in root.iter(f"{SVG_NS}g") if g.get("id") == "step-start")
    assert start.findtext(f"{SVG_NS}title").startswith("<script>alert(1)</script> (start)")
    # A word longer than a line is broken over lines in the box, never elided.
    labels = [t.text for t in start.iter(f"{SVG_NS}text") if t.get("class") == "fm-label"]
    assert len(labels) == 2 and "".join(labels) == "<script>alert(1)</script>"
    ask = next(g for g in root.iter(f"{SVG_NS}g") if g.get("id") == "step-ask")
    assert ask.findtext(f"{SVG_NS}title").startswith(
        'Line one\nLine "two" ] & [x] 100% done %% ::error file=x:: (ask)'
    )


def test_svg_helpers() -> None:
    assert percent(0.65) == "65%"
    assert percent(0.025) == "2.5%"
    assert percent(0.0004) == "<0.1%"
    assert percent(1.0) == "100%"
    assert wrap("Agent asks for the order number again") == [
        "Agent asks for the",
        "order number again",
    ]
    assert wrap("one two three four five six seven eight nine ten", 10) == [
        "one two",
        "three fou\u2026",
    ]


# -- Mermaid and DOT -----------------------------------------------------------


def test_mermaid_text_encodes_syntax() -> None:
    assert (
        mermaid_text('a"b]<c>\n%%{x};|`#&')
        == "a#quot;b#93;#lt;c#gt; #37;#37;#123;x#125;#59;#124;#96;#35;#amp;"
    )


def test_mermaid_node_ids_avoid_keywords_and_collisions() -> None:
    assert node_ids(["end", "a-b", "a_b", "graph"]) == {
        "end": "s_end",
        "a-b": "s_a_b",
        "a_b": "s_a_b_2",
        "graph": "s_graph",
    }


def test_mermaid_flowchart(report: Report) -> None:
    chart = flowchart(report.journeys[0], highlight={"agent": "changed", "old_form": "added"})
    lines = chart.splitlines()
    assert lines[0] == "flowchart LR"
    assert '    s_hold[("Wait for an agent<br/>queue · wait 12 min")]' in lines
    assert '    s_hold -.->|"20#37; · line cut"| s_call' in lines
    dropped_index = [line for line in lines if "-->" in line or "-.->" in line].index(
        '    s_hold -.->|"20#37; · line cut"| s_call'
    )
    assert f"    linkStyle {dropped_index} stroke:#c92a2a,color:#c92a2a" in lines
    assert "    class s_hold friction2" in lines
    assert lines[-2:] == ["    class s_old_form added", "    class s_agent changed"]
    with pytest.raises(ValueError, match="unknown highlight class"):
        flowchart(report.journeys[0], highlight={"agent": "evil;click"})


def test_mermaid_hostile_labels_stay_inside_their_quotes(report: Report) -> None:
    chart = flowchart(report.journeys[1])
    for line in chart.splitlines()[1:]:
        # Every quoted label holds no quote, no bracket, no tag, no directive.
        for label in re.findall(r'"([^"]*)"', line):
            plain = re.sub(r"#\w+;", "", label.replace("<br/>", " "))
            assert not set(plain) & set('"[]{}<>%;|`#&'), line
        assert line.count('"') % 2 == 0
    assert "%%" not in chart
    assert "s_end" in chart


def test_dot_strings_are_escaped() -> None:
    assert dot_string('say "hi" \\N\nnext') == '"say \\"hi\\" \\\\N\\nnext"'
    assert dot_string("&lt; & co") == '"&amp;lt; &amp; co"'


def test_dot_parses_with_graphviz_when_installed(report: Report) -> None:
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("Graphviz `dot` is not installed; the golden test covers the text")
    for result in report.journeys[:2]:
        svg = subprocess.run(
            [dot, "-Tsvg"], input=digraph(result), capture_output=True, text=True, check=True
        ).stdout
        root = ET.fromstring(svg)
        groups = {g.get("id"): g for g in root.iter(f"{SVG_NS}g")}
        assert {f"step-{s}" for s in result.graph.nodes} <= set(groups)
        assert not list(root.iter(f"{SVG_NS}script"))
        # Graphviz shows each label as written: first line the label, second the type.
        for step, node in result.graph.nodes(data=True):
            texts = [t.text for t in groups[f"step-{step}"].iter(f"{SVG_NS}text")]
            if "\n" not in node["facts"].label:
                assert texts[0] == node["facts"].label


# -- HTML --------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            if name == "href" and value:
                self.links.append(value)
            if name in ("src", "srcset", "data", "action", "xlink:href"):
                self.sources.append(value or "")


def test_html_is_self_contained_and_escaped(report: Report) -> None:
    text = renderer("html")(report)
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in text
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    page = _Page()
    page.feed(text)
    assert "script" not in page.tags and "img" not in page.tags and "iframe" not in page.tags
    assert "link" not in page.tags and page.sources == []
    assert len(page.ids) == len(set(page.ids)), "ids are unique"
    # Every link is an anchor in the page.
    assert page.links and all(link.startswith("#") for link in page.links)
    assert {link[1:] for link in page.links} <= set(page.ids)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script" not in text.lower()


def test_html_links_findings_and_steps_both_ways(report: Report) -> None:
    text = renderer("html")(make_report(BASIC))
    assert '<g id="step-hold" class="fm-step fm-friction-2"' in text
    number = re.search(
        r'<li id="finding-(\d+)"><span class="sev sev-error">error</span> '
        r"<code>dropped-contact</code>",
        text,
    )
    assert number is not None
    hold = text[text.index('<g id="step-hold"') :]
    # The box links to the step's first finding, and its numbered marker to the same.
    box = hold.split("</g>")[0]
    assert box.count(f'<a href="#finding-{number.group(1)}">') == 2
    assert f'class="fm-badge" text-anchor="middle">{number.group(1)}</text>' in box
    finding = text[number.start() :].split("</li>")[0]
    assert '<a href="#step-hold">Wait for an agent</a>' in finding


def test_html_prefixes_ids_with_several_journeys(report: Report) -> None:
    text = renderer("html")(report)
    assert '<g id="j1-step-hold"' in text and '<g id="j2-step-start"' in text
    assert 'id="step-' not in text


# -- CLI ---------------------------------------------------------------------


def test_graph_command(tmp_path: Path) -> None:
    runner = CliRunner()
    with at_root():
        mermaid = runner.invoke(app, ["graph", BASIC])
        assert mermaid.exit_code == 0
        assert mermaid.stdout.startswith("flowchart LR\n")
        out = tmp_path / "basic.svg"
        svg = runner.invoke(app, ["graph", BASIC, "--format", "svg", "--output", str(out)])
        assert svg.exit_code == 0 and svg.stdout == ""
        assert ET.parse(out).getroot().tag == f"{SVG_NS}svg"
        dot = runner.invoke(app, ["graph", BASIC, "-f", "dot"])
        assert dot.exit_code == 0 and dot.stdout.startswith('digraph "Parcel claim by phone" {')
        invalid = runner.invoke(app, ["graph", INVALID])
        assert invalid.exit_code == 2
        assert (
            invalid.stderr
            == f"{INVALID}:7:11: step 'call' goes to unknown step 'agnet'; did you mean 'agent'?\n"
        )
        unknown = runner.invoke(app, ["graph", BASIC, "--format", "png"])
        assert unknown.exit_code == 2 and "choose from mermaid, dot, svg" in unknown.stderr
        folder = runner.invoke(app, ["graph", "tests/fixtures"])
        assert folder.exit_code == 2 and "directory" in folder.stderr


def test_check_writes_several_formats_in_one_run(tmp_path: Path) -> None:
    runner = CliRunner()
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    with at_root():
        result = runner.invoke(
            app,
            [
                "check",
                BASIC,
                "--format",
                "github",
                "--output",
                f"sarif={sarif}",
                "--output",
                f"junit={junit}",
            ],
        )
    assert result.exit_code == 1  # dropped-contact is an error
    assert result.stdout.startswith("::")
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert ET.parse(junit).getroot().tag == "testsuites"


# -- ecosystem: pre-commit hook and GitHub Action -------------------------------


def test_pre_commit_hook() -> None:
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "frictionmap",
        "frictionmap check",
        "python",
    )
    pattern = re.compile(hook["files"])
    assert pattern.search("journeys/ups.yaml") and pattern.search("support/journeys/a/b.yml")
    assert not pattern.search("src/config.yaml") and not pattern.search("journeys/notes.md")


def test_action_check_step_runs_frictionmap(tmp_path: Path) -> None:
    """The action's check step, run as GitHub would: annotations out, SARIF written,
    the exit code saved for the last step; inputs reach it only through the environment."""
    import sys

    import yaml

    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {"paths", "fail-on", "config", "sarif-file", "upload-sarif"} <= set(action["inputs"])
    steps = {step.get("id") or step["name"]: step for step in action["runs"]["steps"]}
    assert steps["Upload SARIF to code scanning"]["uses"].startswith(
        "github/codeql-action/upload-sarif@"
    )
    check = steps["check"]
    assert "${{" not in check["run"], "inputs must not be pasted into the script"
    shim = tmp_path / "bin" / "frictionmap"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m frictionmap "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    output = tmp_path / "github_output"
    sarif = tmp_path / "out dir" / "f.sarif"
    sarif.parent.mkdir()
    env = {
        **os.environ,
        "PATH": f"{shim.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "PATHS": f"{BASIC}\n  {HOSTILE}",
        "FAIL_ON": "error",
        "CONFIG": "",
        "SARIF": str(sarif),
        "GITHUB_OUTPUT": str(output),
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", check["run"]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8") == "exit-code=1\nsarif-written=true\n"
    assert f"::error file={BASIC},line=33,col=3,title=dropped-contact::" in done.stdout
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    }
    assert uris == {BASIC, HOSTILE}


def test_step_friction_sums_the_impacts_of_active_findings(report: Report) -> None:
    basic = report.journeys[0]
    impacts = {(r.finding.rule, r.finding.step): r.impact for r in basic.ranked}
    friction = basic.step_friction()
    # hold: dropped-contact (error, harm 5: 3 x 5 / 3) x 20% of callers ever cut off, plus
    # long-wait configured as a note (1 x 3 / 3) x the 87.5% who reach the queue (issue 12:
    # exposure is the probability of meeting the problem, not of reaching the step).
    assert friction["hold"] == impacts[("dropped-contact", "hold")] + impacts[("long-wait", "hold")]
    assert friction["hold"] == pytest.approx(5 * 0.203488 + 0.875, abs=1e-5)
    # The allowed repeat at the agent carries nothing; the unreachable form is met by
    # no customer (impact 0) and still shows as low friction.
    assert "agent" not in friction
    assert friction["old_form"] == 0.0
    assert basic.friction_levels() == {"found": 1, "hold": 2, "menu": 1, "old_form": 1}
