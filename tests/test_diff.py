"""`frictionmap diff`: the library comparison, git revisions as inputs, the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from frictionmap.analysis import analyse
from frictionmap.cli import app
from frictionmap.config import Config, RuleSetting
from frictionmap.diff import (
    METRICS,
    BranchChange,
    EntityChange,
    RenameError,
    StepRef,
    ValueChange,
    diff_journeys,
)
from frictionmap.findings import Severity
from frictionmap.loader import loads
from frictionmap.report import JourneyResult
from frictionmap.revisions import InputError, diff_base, diff_sides, resolve_side
from frictionmap.rules import RULES_BY_ID

FIXTURES = Path(__file__).parent / "fixtures" / "diff-parcel"
BEFORE = FIXTURES / "before.yaml"
AFTER = FIXTURES / "after.yaml"
REORDERED = FIXTURES / "reordered.yaml"

# Three rules with known hits on the fixtures, so that these tests do not move
# when another rule of the catalogue is tuned.
RULE_IDS = ("repeated-entry", "external-handoff", "dropped-contact")


def config(*rule_ids: str) -> Config:
    """Only these rules, at their default severity; every other rule off."""
    wanted = rule_ids or RULE_IDS
    return Config(
        {
            rule.id: RuleSetting(rule.severity if rule.id in wanted else None, rule.options())
            for rule in RULES_BY_ID.values()
        }
    )


def result(text: str, name: str = "j.yaml", cfg: Config | None = None) -> JourneyResult:
    return analyse(loads(text, name), cfg or config())


def from_file(path: Path, cfg: Config | None = None) -> JourneyResult:
    return result(path.read_text(encoding="utf-8"), str(path), cfg)


def fingerprints(findings: Any) -> list[str]:
    return [f.fingerprint for f in findings]


# -- structure and findings ------------------------------------------------------


def test_every_change_of_the_parcel_redesign_is_reported() -> None:
    diff = diff_journeys(from_file(BEFORE), from_file(AFTER), {})
    structure = diff.structure
    assert structure.journey == ()
    assert structure.renamed == ()
    assert structure.steps_added == (StepRef("callback", "callback", "Support calls back"),)
    assert structure.steps_removed == (StepRef("courier_desk", "agent", "Courier desk"),)
    assert [(c.id, c.attributes) for c in structure.steps_changed] == [
        ("agent", (ValueChange("asks", ["tracking"], []),)),
        ("hold", (ValueChange("wait.actual", 10.0, 3.0),)),
    ]
    assert structure.branches == (
        BranchChange("agent", "courier_desk", "removed", 0.5, None),
        BranchChange("agent", "done", "changed", 0.5, 1.0, (ValueChange("p", 0.5, 1.0),)),
        BranchChange("callback", "agent", "added", None, 1.0),
        BranchChange("courier_desk", "done", "removed", 1.0, None),
        BranchChange("hold", "agent", "changed", 0.8, 0.95, (ValueChange("p", 0.8, 0.95),)),
        BranchChange("hold", "call", "removed", 0.2, None),
        BranchChange("hold", "callback", "added", None, 0.05),
    )
    assert structure.entities == (
        EntityChange("teams", "courier", "removed", "Courier subcontractor"),
        EntityChange(
            "channels", "hotline", "changed", "hotline", (ValueChange("cost_per_minute", 0.5, 0.0),)
        ),
    )
    assert diff.highlight == {"agent": "changed", "callback": "added", "hold": "changed"}


def test_metrics_of_the_parcel_redesign() -> None:
    """Worked by hand: before, 1.25 rounds of call-IVR-hold (a 20% line cut), 12 minutes
    each, then 4 minutes of agent and half the time 6 at the courier, all at 0.50 EUR/min;
    after, one round of 5 minutes, 4 of agent, and a callback for 5% (its wait is not the
    customer's time, but elapsed: 0.05 x 30 min)."""
    diff = diff_journeys(from_file(BEFORE), from_file(AFTER), {})
    rows = {m.name: (m.before, m.after, m.change) for m in diff.metrics}
    assert rows["expected_contacts"] == (1.25, 1.0, "better")
    assert rows["first_contact_resolution"] == (0.8, 1.0, "better")
    assert rows["expected_transfers"] == (0.5, 0.0, "better")
    assert rows["expected_repeated_entries"] == (1.25, 0.0, "better")
    assert rows["expected_minutes"] == (22.0, 9.0, "better")
    assert rows["expected_cost"] == (11.0, 0.0, "better")
    assert rows["expected_hours"] == (pytest.approx(22 / 60), pytest.approx(0.175), "better")
    assert rows["p_resolved"] == (1.0, 1.0, "same")
    assert rows["grade"] == ("C", "A", "better")
    assert rows["score"][2] == "better"
    assert {m.name for m in diff.metrics}.isdisjoint({"step_visits", "transfer_traversals"})


def test_findings_are_matched_by_fingerprint() -> None:
    diff = diff_journeys(from_file(BEFORE), from_file(AFTER), {})
    # The IVR that asks again on a new call is no repeated entry (issue 12): the
    # agent who asks what the IVR took is.
    assert fingerprints(diff.findings.fixed) == [
        "dropped-contact:hold",
        "repeated-entry:agent",
        "external-handoff:courier_desk",
    ]
    assert diff.findings.new == ()
    assert diff.findings.unchanged == ()
    assert diff.findings.allowed == ()
    assert not diff.regressed(Severity.NOTE)


def test_the_reverse_diff_mirrors_it_and_is_a_regression() -> None:
    diff = diff_journeys(from_file(AFTER), from_file(BEFORE), {})
    assert [r.id for r in diff.structure.steps_added] == ["courier_desk"]
    assert [r.id for r in diff.structure.steps_removed] == ["callback"]
    assert sorted(fingerprints(diff.findings.new)) == sorted(
        [
            "dropped-contact:hold",
            "repeated-entry:agent",
            "external-handoff:courier_desk",
        ]
    )
    assert diff.findings.fixed == ()
    assert diff.regressed(Severity.ERROR)  # dropped-contact is an error
    assert diff.verdict.kind == "worse"


def test_reordering_and_reformatting_change_nothing() -> None:
    """Steps, keys and branches reordered, flow style, comments, shorthands, 4 vs 4.0."""
    before, after = from_file(BEFORE), from_file(REORDERED)
    assert [f.line for f in before.findings] != [f.line for f in after.findings]
    diff = diff_journeys(before, after, {})
    assert diff.structure.empty
    assert diff.findings.fixed == diff.findings.new == diff.findings.allowed == ()
    assert len(diff.findings.unchanged) == len(after.active) == 3
    assert all(m.change == "same" for m in diff.metrics)
    assert diff.highlight == {}
    assert diff.verdict.kind == "unchanged"


def test_whitespace_and_comments_only_change_nothing() -> None:
    text = BEFORE.read_text(encoding="utf-8")
    noisy = "\n# a new comment\n\n" + text.replace("\n", "   # trailing comment\n", 3)
    noisy = noisy.replace("  hold:\n", "\n\n  hold:      \n")
    diff = diff_journeys(result(text), result(noisy), {})
    assert diff.structure.empty and diff.findings.fixed == diff.findings.new == ()
    assert diff.verdict.kind == "unchanged"


SMALL = """\
frictionmap: 1
name: Small
start: call
teams:
  a: {name: Team A}
steps:
  call: {type: contact, channel: phone, next: hold}
  hold:
    type: queue
    team: a
    wait: 5
    next: [agent, gone]
  agent: {type: agent, team: a, minutes: 3, next: done}
  done: {type: outcome, outcome: resolved}
  gone: {type: outcome, outcome: abandoned}
"""


def small(**edits: str) -> JourneyResult:
    text = SMALL
    for old, new in edits.items():
        old_text = old.replace("__", " ")
        assert old_text in text, old_text
        text = text.replace(old_text, new)
    return result(text)


def test_equal_shares_and_explicit_probabilities_are_the_same_branches() -> None:
    explicit = SMALL.replace(
        "next: [agent, gone]", "next: [{to: gone, p: 0.5}, {to: agent, p: 0.5}]"
    )
    diff = diff_journeys(result(SMALL), result(explicit), {})
    assert diff.structure.empty


def test_a_reweighted_branch_within_tolerance_is_not_a_change() -> None:
    nearly = SMALL.replace(
        "next: [agent, gone]", "next: [{to: agent, p: 0.5000000000001}, {to: gone}]"
    )
    assert diff_journeys(result(SMALL), result(nearly), {}).structure.empty
    moved = SMALL.replace("next: [agent, gone]", "next: [{to: agent, p: 0.6}, {to: gone}]")
    branches = diff_journeys(result(SMALL), result(moved), {}).structure.branches
    assert [
        (b.source, b.target, b.attributes[0].before, b.attributes[0].after) for b in branches
    ] == [
        ("hold", "agent", 0.5, 0.6),
        ("hold", "gone", 0.5, pytest.approx(0.4)),
    ]


def test_branch_conditions_and_dropped_flags_are_compared() -> None:
    edited = SMALL.replace(
        "next: [agent, gone]",
        "next: [{to: agent, when: answered}, {to: gone, dropped: true}]",
    )
    (agent, gone) = diff_journeys(result(SMALL), result(edited), {}).structure.branches
    assert agent == BranchChange(
        "hold", "agent", "changed", 0.5, 0.5, (ValueChange("when", [], ["answered"]),)
    )
    assert gone == BranchChange(
        "hold", "gone", "changed", 0.5, 0.5, (ValueChange("dropped", False, True),)
    )


def test_journey_keys_teams_data_and_channels() -> None:
    edited = SMALL.replace("name: Small", "name: Small, redesigned\ncurrency: GBP")
    edited = edited.replace(
        "teams:\n  a: {name: Team A}",
        "teams:\n  a: {name: Team A, external: true}\n  b: {name: Team B}\n"
        "data:\n  ref: {label: Reference}\nchannels:\n  line: {kind: phone, cost: 1}",
    )
    diff = diff_journeys(result(SMALL), result(edited), {})
    assert diff.structure.journey == (
        ValueChange("name", "Small", "Small, redesigned"),
        ValueChange("currency", "EUR", "GBP"),
    )
    assert diff.structure.entities == (
        EntityChange("teams", "a", "changed", "Team A", (ValueChange("external", False, True),)),
        EntityChange("teams", "b", "added", "Team B"),
        EntityChange("data", "ref", "added", "Reference"),
        EntityChange("channels", "line", "added", "line"),
    )
    assert diff.structure.steps_changed == ()


def test_step_attributes_old_and_new_values() -> None:
    edited = SMALL.replace(
        "  agent: {type: agent, team: a, minutes: 3, next: done}",
        "  agent:\n    type: agent\n    label: Agent who owns the case\n    team: a\n"
        "    minutes: 2\n    allow: {long-wait: staffed to the peak}\n    next: done",
    ).replace("wait: 5", "wait: {announced: 5, actual: 9}")
    diff = diff_journeys(result(SMALL), result(edited), {})
    assert [(c.id, c.label, c.attributes) for c in diff.structure.steps_changed] == [
        (
            "agent",
            "Agent who owns the case",
            (
                ValueChange("label", "agent", "Agent who owns the case"),
                ValueChange("minutes", 3.0, 2.0),
                ValueChange("allow", {}, {"long-wait": "staffed to the peak"}),
            ),
        ),
        (
            "hold",
            "hold",
            (ValueChange("wait.announced", None, 5.0), ValueChange("wait.actual", 5.0, 9.0)),
        ),
    ]


RENAMED = SMALL.replace("hold", "queue")


def test_a_rename_without_rename_is_removed_plus_added() -> None:
    diff = diff_journeys(result(SMALL), result(RENAMED), {})
    assert [r.id for r in diff.structure.steps_removed] == ["hold"]
    assert [r.id for r in diff.structure.steps_added] == ["queue"]
    assert [(b.source, b.target, b.kind) for b in diff.structure.branches] == [
        ("call", "hold", "removed"),
        ("call", "queue", "added"),
        ("hold", "agent", "removed"),
        ("hold", "gone", "removed"),
        ("queue", "agent", "added"),
        ("queue", "gone", "added"),
    ]


def test_a_rename_matches_the_step_its_branches_and_its_findings() -> None:
    cfg = config("long-wait")
    before, after = result(SMALL, cfg=cfg), result(RENAMED, cfg=cfg)
    assert fingerprints(before.findings) == ["long-wait:hold"]
    unmatched = diff_journeys(before, after, {})
    assert fingerprints(unmatched.findings.fixed) == ["long-wait:hold"]
    assert fingerprints(unmatched.findings.new) == ["long-wait:queue"]
    diff = diff_journeys(before, after, {"hold": "queue"})
    assert diff.structure.renamed == (("hold", "queue"),)
    assert diff.structure.steps_added == diff.structure.steps_removed == ()
    assert diff.structure.steps_changed == diff.structure.branches == ()
    assert diff.findings.fixed == diff.findings.new == ()
    assert fingerprints(diff.findings.unchanged) == ["long-wait:queue"]
    assert diff.highlight == {"queue": "changed"}


def test_renames_that_do_not_fit_are_refused() -> None:
    with pytest.raises(RenameError, match="'nope' is not a step of j.yaml"):
        diff_journeys(result(SMALL), result(RENAMED), {"nope": "queue"})
    with pytest.raises(RenameError, match="'queue' is not a step of j.yaml"):
        diff_journeys(result(SMALL), result(SMALL), {"hold": "queue"})
    with pytest.raises(RenameError, match="'agent' and 'hold' of j.yaml one step 'agent'"):
        diff_journeys(result(SMALL), result(SMALL), {"hold": "agent"})
    # A swap is two renames at once, not a collision.
    swapped = diff_journeys(result(SMALL), result(SMALL), {"done": "gone", "gone": "done"})
    assert [c.id for c in swapped.structure.steps_changed] == ["done", "gone"]


def test_an_allowed_finding_is_not_fixed() -> None:
    cfg = config("long-wait")
    allowed = SMALL.replace("wait: 5", "wait: 5\n    allow: {long-wait: staffed to the peak}")
    diff = diff_journeys(result(SMALL, cfg=cfg), result(allowed, cfg=cfg), {})
    assert diff.findings.fixed == diff.findings.new == ()
    assert fingerprints(diff.findings.allowed) == ["long-wait:hold"]
    # The score measures the customer's experience (issue 12): allowing a finding
    # changes none of it, and the verdict says so.
    assert diff.verdict.text == (
        "unchanged: grade D (score 56.2), 0 worst practices fixed, 1 allowed, 0 new, "
        "no measurable effect"
    )
    back = diff_journeys(result(allowed, cfg=cfg), result(SMALL, cfg=cfg), {})
    assert fingerprints(back.findings.new) == ["long-wait:hold"]


def test_an_added_and_a_removed_journey() -> None:
    added = diff_journeys(None, from_file(BEFORE), {})
    assert added.status == "added" and added.verdict.kind == "added"
    assert len(added.structure.steps_added) == 6 and added.structure.steps_removed == ()
    assert len(added.findings.new) == 3
    assert set(added.highlight.values()) == {"added"}
    assert added.regressed(Severity.ERROR)
    removed = diff_journeys(from_file(BEFORE), None, {})
    assert removed.status == "removed" and removed.verdict.kind == "removed"
    assert len(removed.findings.fixed) == 3 and removed.findings.new == ()
    assert not removed.regressed(Severity.NOTE)


# -- metrics, score and verdict ---------------------------------------------------


class FakeMetrics:
    """Stands for `Metrics`: the diff reads nothing but `to_dict()`."""

    def __init__(self, **values: Any) -> None:
        self.values = values

    def to_dict(self) -> dict[str, Any]:
        return self.values


def unscored(base: JourneyResult, metrics: bool = False) -> JourneyResult:
    """The result without score (and metrics): the verdict falls back on findings, metrics."""
    return replace(base, metrics=base.metrics if metrics else None, score=None, grade=None)


def scored(base: JourneyResult, score: float, grade: str, **metrics: Any) -> JourneyResult:
    return replace(base, metrics=FakeMetrics(**metrics), score=score, grade=grade)


def test_metric_directions_judge_each_change() -> None:
    base = result(SMALL)
    before = scored(
        base,
        60.0,
        "D",
        p_outcomes={"resolved": 0.5, "refunded": 0.1, "abandoned": 0.4},
        p_resolved=0.5,
        expected_cost=4.0,
        expected_minutes=20.0,
        step_visits={"call": 1.0},
        transfer_traversals={},
        expected_contacts=1.2,
    )
    after = scored(
        base,
        35.5,
        "B",
        p_outcomes={"resolved": 0.8, "refunded": 0.15, "abandoned": 0.05},
        p_resolved=0.8,
        expected_cost=5.0,
        expected_minutes=20.0,
        step_visits={"call": 2.0},
        transfer_traversals={},
        expected_contacts=1.2,
    )
    diff = diff_journeys(before, after, {})
    rows = {m.name: (m.before, m.after, m.delta, m.better, m.change) for m in diff.metrics}
    assert list(rows) == [
        "score",
        "grade",
        "p_resolved",
        "p_outcomes.resolved",
        "p_outcomes.refunded",
        "p_outcomes.abandoned",
        "expected_contacts",
        "expected_minutes",
        "expected_cost",
    ]
    assert rows["score"] == (60.0, 35.5, -24.5, "lower", "better")
    assert rows["grade"] == ("D", "B", None, "higher", "better")
    assert rows["p_resolved"] == (0.5, 0.8, pytest.approx(0.3), "higher", "better")
    assert rows["p_outcomes.refunded"][3:] == (None, "changed")
    assert rows["p_outcomes.abandoned"][3:] == ("lower", "better")
    assert rows["expected_cost"] == (4.0, 5.0, 1.0, "lower", "worse")
    assert rows["expected_minutes"][4] == "same"
    assert diff.verdict.text == (
        "better: grade D -> B (score 60.0 -> 35.5), 0 worst practices fixed, 0 new"
    )
    back = diff_journeys(after, before, {})
    assert back.verdict.kind == "worse" and back.regressed(None)


def test_every_metric_of_the_interface_has_a_direction() -> None:
    names = [
        "p_resolved",
        "first_contact_resolution",
        "expected_contacts",
        "expected_transfers",
        "expected_repeated_entries",
        "expected_channel_switches",
        "expected_minutes",
        "expected_hours",
        "expected_cost",
    ] + [f"p_outcomes.{k}" for k in ("resolved", "unresolved", "abandoned", "stuck", "trapped")]
    assert all(METRICS[name].better is not None for name in names)
    assert METRICS["p_outcomes.refunded"].better is None


def test_the_score_decides_before_the_findings() -> None:
    base = result(SMALL)
    cfg = config("long-wait")
    with_finding = result(SMALL, cfg=cfg)
    # Score up, yet a new finding: the score decides.
    diff = diff_journeys(scored(base, 60.0, "C"), scored(with_finding, 50.0, "C"), {})
    assert (
        diff.verdict.text == "better: grade C (score 60.0 -> 50.0), 0 worst practices fixed, 1 new"
    )
    assert diff.regressed(Severity.WARNING) and not diff.regressed(Severity.ERROR)
    # Score unmoved: the findings decide.
    same = diff_journeys(scored(base, 50.0, "C"), scored(with_finding, 50.0, "C"), {})
    assert same.verdict.text == "worse: grade C (score 50.0), 0 worst practices fixed, 1 new"


def test_verdicts_by_findings_then_metrics() -> None:
    cfg = config("long-wait", "dropped-contact")
    one = SMALL.replace("next: [agent, gone]", "next: [agent, {to: gone, dropped: true}]")
    two = (
        SMALL.replace("wait: 5", "wait: 0.1")
        .replace(
            "  agent: {type: agent, team: a, minutes: 3, next: done}",
            "  agent: {type: agent, team: a, minutes: 3, next: done}\n"
            "  wait_more: {type: queue, team: a, wait: 30, next: agent}",
        )
        .replace("next: [agent, gone]", "next: [agent, gone, wait_more]")
    )
    diff = diff_journeys(unscored(result(one, cfg=cfg)), unscored(result(two, cfg=cfg)), {})
    assert fingerprints(diff.findings.fixed) == ["dropped-contact:hold", "long-wait:hold"]
    assert fingerprints(diff.findings.new) == ["long-wait:wait_more"]
    assert diff.verdict.text == "mixed: 2 worst practices fixed, 1 new"
    # No score and no finding moved: the metrics decide.
    quicker = SMALL.replace("minutes: 3", "minutes: 2")
    faster = diff_journeys(unscored(result(SMALL), True), unscored(result(quicker), True), {})
    assert [m.name for m in faster.metrics if m.change != "same"] == [
        "goodwill",
        "expected_minutes",
        "expected_hours",
    ]
    assert faster.verdict.text == "better: 0 worst practices fixed, 0 new"
    label_only = SMALL.replace("  done: {type: outcome", "  done: {label: Done, type: outcome")
    quiet = diff_journeys(result(SMALL), result(label_only), {})
    assert quiet.verdict.text == (
        "unchanged: grade D (score 56.2), 0 worst practices fixed, 0 new, no measurable effect"
    )


# -- revisions ------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch repository: commit 1 holds a.yaml, b.yaml, c.yaml, notes.txt."""
    root = tmp_path / "repo"
    (root / "journeys").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    shutil.copy(BEFORE, root / "journeys" / "a.yaml")
    (root / "journeys" / "b.yaml").write_text(SMALL, encoding="utf-8")
    (root / "journeys" / "c.yaml").write_text(SMALL, encoding="utf-8")
    (root / "notes.txt").write_text("v1\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "one")
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    return root


def run(*args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(app, list(args))
    return outcome.exit_code, outcome.stdout, outcome.stderr


def test_rev_path_reads_the_committed_version(repo: Path) -> None:
    shutil.copy(AFTER, repo / "journeys" / "a.yaml")
    run_ = diff_sides("main:journeys/a.yaml", "journeys/a.yaml", config=config())
    assert run_.errors == ()
    (diff,) = run_.report.diffs
    assert diff.before is not None and diff.before.file == "main:journeys/a.yaml"
    assert [r.id for r in diff.structure.steps_added] == ["callback"]
    assert run_.inputs == (repo / "journeys" / "a.yaml",)


def test_sides_are_files_first_then_revisions(repo: Path) -> None:
    odd = repo / "main:odd.yaml"  # a file whose name looks like REV:PATH stays a file
    odd.write_text(SMALL, encoding="utf-8")
    assert resolve_side("main:odd.yaml").path == odd
    side = resolve_side("HEAD:journeys/b.yaml")
    assert (side.revision, side.git_path, side.path) == ("HEAD", "journeys/b.yaml", None)
    with pytest.raises(InputError, match=r"C:\\j.yaml: no such file, and 'C' is not a revision"):
        resolve_side("C:\\j.yaml")
    with pytest.raises(InputError, match="'-p' is not a revision"):
        resolve_side("-p:journeys/b.yaml")


def test_base_compares_every_changed_journey(repo: Path) -> None:
    (repo / "journeys" / "c.yaml").write_text(SMALL.replace("hold", "line"), encoding="utf-8")
    (repo / "journeys" / "d.yaml").write_text(SMALL, encoding="utf-8")
    git(repo, "add", "journeys/d.yaml")
    git(repo, "commit", "-q", "-m", "two")
    shutil.copy(AFTER, repo / "journeys" / "a.yaml")  # modified, not committed
    (repo / "journeys" / "b.yaml").unlink()  # deleted in the working tree
    (repo / "journeys" / "e.yml").write_text(SMALL, encoding="utf-8")  # untracked
    (repo / "notes.txt").write_text("v2\n", encoding="utf-8")  # not a journey
    (repo / ".hidden").mkdir()
    (repo / ".hidden" / "ci.yaml").write_text("not: a journey\n", encoding="utf-8")
    status_before = git(repo, "status", "--porcelain")
    run_ = diff_base("HEAD~1", [], config=config())
    assert run_.errors == ()
    rows = [
        (d.status, d.before.file if d.before else None, d.after.file if d.after else None)
        for d in run_.report.diffs
    ]
    assert rows == [
        ("modified", "HEAD~1:journeys/a.yaml", "journeys/a.yaml"),
        ("removed", "HEAD~1:journeys/b.yaml", None),
        ("modified", "HEAD~1:journeys/c.yaml", "journeys/c.yaml"),
        ("added", None, "journeys/d.yaml"),
        ("added", None, "journeys/e.yml"),
    ]
    assert [d.verdict.kind for d in run_.report.diffs] == [
        "better",
        "removed",
        "unchanged",
        "added",
        "added",
    ]
    (gone,) = diff_base("HEAD~1", ["journeys/b.yaml"], config=config()).report.diffs
    assert gone.status == "removed" and len(gone.structure.steps_removed) == 5
    renamed = diff_base("HEAD~1", ["journeys/c.yaml"], {"hold": "line"}, config=config())
    (c,) = renamed.report.diffs
    assert c.structure.renamed == (("hold", "line"),) and c.structure.steps_added == ()
    assert git(repo, "status", "--porcelain") == status_before  # nothing written


def test_base_within_paths_and_moved_files(repo: Path) -> None:
    (repo / "other").mkdir()
    git(repo, "mv", "journeys/c.yaml", "other/c2.yaml")  # moved: deleted plus added
    shutil.copy(AFTER, repo / "journeys" / "a.yaml")

    def rows(paths: list[str]) -> list[tuple[str, str]]:
        diffs = diff_base("main", paths, config=config()).report.diffs
        return [(d.status, (d.after or d.before).file) for d in diffs]  # type: ignore[union-attr]

    assert rows(["other"]) == [("added", "other/c2.yaml")]
    assert rows(["journeys/a.yaml", "other/"]) == [
        ("modified", "journeys/a.yaml"),
        ("added", "other/c2.yaml"),
    ]
    assert rows([]) == [
        ("modified", "journeys/a.yaml"),
        ("removed", "main:journeys/c.yaml"),
        ("added", "other/c2.yaml"),
    ]
    os.chdir(repo / "journeys")  # paths are relative to where the command runs
    assert rows(["."]) == [("modified", "a.yaml"), ("removed", "main:journeys/c.yaml")]


def test_invalid_journey_at_a_revision_names_rev_path(repo: Path) -> None:
    (repo / "journeys" / "b.yaml").write_text(SMALL.replace("next: done", "next: dne"))
    git(repo, "commit", "-q", "-am", "broken")
    code, out, err = run("diff", "HEAD:journeys/b.yaml", "journeys/c.yaml")
    assert code == 2 and out == ""
    assert err == (
        "frictionmap: HEAD:journeys/b.yaml:13:51: step 'agent' goes to unknown step 'dne'; "
        "did you mean 'done'?\n"
    )


def test_bad_inputs_exit_two_with_precise_messages(repo: Path, tmp_path: Path) -> None:
    cases = [
        (
            ("diff", "nope:journeys/a.yaml", "journeys/a.yaml"),
            "frictionmap: nope:journeys/a.yaml: no such file, and 'nope' is not a revision "
            "of this repository\n",
        ),
        (
            ("diff", "HEAD:journeys/zz.yaml", "journeys/a.yaml"),
            "frictionmap: HEAD:journeys/zz.yaml: no file 'journeys/zz.yaml' in revision 'HEAD'\n",
        ),
        (
            ("diff", "journeys/missing.yaml", "journeys/a.yaml"),
            "frictionmap: journeys/missing.yaml: no such file or directory\n",
        ),
        (
            ("diff", "--base", "nope"),
            "frictionmap: --base: 'nope' is not a revision of this repository\n",
        ),
        (
            ("diff", "--base", "HEAD", "nowhere"),
            "frictionmap: nowhere: no such file or directory, here or in 'HEAD'\n",
        ),
        (
            ("diff", "HEAD:journeys", "journeys/a.yaml"),
            "frictionmap: HEAD:journeys: is not a file in revision 'HEAD'\n",
        ),
        (
            ("diff", "journeys/a.yaml"),
            "frictionmap: diff needs BEFORE and AFTER (files or REV:PATH), "
            "or --base REV [PATH...]\n",
        ),
        (
            ("diff", "journeys/a.yaml", "journeys/b.yaml", "--rename", "hold"),
            "frictionmap: --rename 'hold': write it as old=new (two step ids)\n",
        ),
        (
            ("diff", "journeys/b.yaml", "journeys/c.yaml", "--rename", "hold=line"),
            "frictionmap: --rename: rename hold=line: 'line' is not a step of journeys/c.yaml\n",
        ),
    ]
    for args, message in cases:
        code, out, err = run(*args)
        assert (code, out, err) == (2, "", message), args
    outside = tmp_path / "plain"
    outside.mkdir()
    os.chdir(outside)
    code, _, err = run("diff", "--base", "HEAD")
    assert (
        code == 2 and err == f"frictionmap: --base HEAD: '{outside}' is not in a git repository\n"
    )


def test_one_bad_journey_does_not_stop_the_others(repo: Path) -> None:
    (repo / "journeys" / "b.yaml").write_text("frictionmap: 1\nname: x\n", encoding="utf-8")
    (repo / "journeys" / "c.yaml").write_text(SMALL.replace("wait: 5", "wait: 6"), encoding="utf-8")
    code, out, err = run("diff", "--base", "HEAD", "--format", "json")
    assert code == 2
    assert err == (
        "frictionmap: journeys/b.yaml:1:1: missing required key 'start'\n"
        "frictionmap: journeys/b.yaml:1:1: missing required key 'steps'\n"
    )
    assert [d["after"]["file"] for d in json.loads(out)["diffs"]] == ["journeys/c.yaml"]


# -- CLI ---------------------------------------------------------------------------------


def test_exit_codes_with_and_without_fail_on_regression(tmp_path: Path) -> None:
    worse = ("diff", str(AFTER), str(BEFORE))
    better = ("diff", str(BEFORE), str(AFTER))
    assert run(*worse)[0] == 0
    assert run(*worse, "--fail-on-regression")[0] == 1
    # The redesign adds a callback that keeps the customer waiting: a new warning.
    assert run(*better, "--fail-on-regression")[0] == 1
    assert run(*better, "--fail-on-regression", "--fail-on", "error")[0] == 0
    # Lifting an `allow`: the finding is new; the score, which measures the customer's
    # experience and not the findings (issue 12), stays.
    allowed = tmp_path / "allowed.yaml"
    allowed.write_text(SMALL.replace("wait: 5", "wait: 5\n    allow: {long-wait: peak}"))
    lifted = tmp_path / "lifted.yaml"
    lifted.write_text(SMALL)
    args = ("diff", str(allowed), str(lifted), "--format", "json")
    code, out, _ = run(*args, "--fail-on-regression", "--fail-on", "error")
    data = json.loads(out)["diffs"][0]
    assert [f["fingerprint"] for f in data["findings"]["new"]] == ["long-wait:hold"]
    assert [m["change"] for m in data["metrics"] if m["name"] == "score"] == ["same"]
    assert code == 0  # long-wait is below --fail-on error, and the score did not move
    assert run(*args, "--fail-on-regression", "--fail-on", "warning")[0] == 1
    assert run(*args)[0] == 0
    # Same journey on both sides: nothing to fail on.
    same = ("diff", str(BEFORE), str(REORDERED), "--fail-on-regression", "--fail-on", "note")
    assert run(*same)[0] == 0


def test_json_shape(tmp_path: Path) -> None:
    code, out, err = run("diff", str(BEFORE), str(AFTER), "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"frictionmap", "shape", "diffs", "summary", "config"}
    assert data["shape"] == "diff/1"
    (diff,) = data["diffs"]
    assert list(diff) == [
        "status",
        "before",
        "after",
        "verdict",
        "metrics",
        "findings",
        "structure",
        "highlight",
    ]
    assert list(diff["findings"]) == ["fixed", "new", "allowed", "unchanged"]
    assert list(diff["structure"]) == [
        "journey",
        "renamed",
        "steps",
        "branches",
        "teams",
        "data",
        "channels",
    ]
    assert diff["structure"]["teams"] == {
        "added": [],
        "removed": [{"id": "courier", "label": "Courier subcontractor"}],
        "changed": [],
    }
    assert diff["structure"]["steps"]["changed"][1] == {
        "id": "hold",
        "before_id": "hold",
        "label": "hold",
        "changes": [{"attribute": "wait.actual", "before": 10.0, "after": 3.0}],
    }
    assert diff["highlight"] == {"agent": "changed", "callback": "added", "hold": "changed"}
    # Same input, same bytes.
    assert run("diff", str(BEFORE), str(AFTER), "--format", "json")[1] == out


def test_terminal_output_reads_at_80_columns_without_colour() -> None:
    from frictionmap.diff import DiffReport
    from frictionmap.render.diff_terminal import render

    diff = diff_journeys(from_file(BEFORE), from_file(AFTER), {})
    text = render(DiffReport((diff,)), width=80, color=False)
    assert "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Fixed findings (3)" in text and "New findings (0)" in text
    assert "  - agent step 'Courier desk' (courier_desk)\n" in text
    assert "  ~ step 'hold': wait.actual 10 -> 3\n" in text
    assert "  ~ branch hold -> agent: p 0.80 -> 0.95\n" in text
    assert "  ~ channel hotline: cost_per_minute 0.5 -> 0\n" in text
    assert text.count("✓ ") == 3


def test_markdown_has_the_verdict_findings_structure_and_diagram() -> None:
    from frictionmap.diff import DiffReport
    from frictionmap.render.diff_markdown import render

    diff = diff_journeys(from_file(BEFORE), from_file(AFTER), {})
    out = render(DiffReport((diff,)))
    assert out.startswith(
        "## frictionmap diff\n\n1 journey: 1 better; 3 finding(s) fixed, 0 new.\n"
    )
    verdict = "better: grade C -&gt; A (score 50.4 -&gt; 12.6), 3 worst practices fixed, 0 new"
    assert f"**{verdict}**" in out
    assert "| customer cost | 11.00 EUR | 0.00 EUR | ▼ -11.00 ✅ better |" in out
    assert "| ends resolved | 100.0% | 100.0% | = |" in out
    assert "**Fixed findings (3)**" in out and "**New findings (0)**" in out
    assert "```diff\n" in out and "+ callback step 'Support calls back' (callback)\n" in out
    assert "```mermaid\nflowchart LR" in out


def test_output_file_and_inputs_untouched(tmp_path: Path) -> None:
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    shutil.copy(BEFORE, before)
    shutil.copy(AFTER, after)
    target = tmp_path / "out.json"
    code, out, _ = run("diff", str(before), str(after), "-f", "json", "-o", str(target))
    assert code == 0 and out == "" and json.loads(target.read_text())["diffs"]
    code, _, err = run("diff", str(before), str(after), "-o", str(after))
    assert code == 2 and "refusing to write over input file" in err
    assert after.read_text() == AFTER.read_text() and before.read_text() == BEFORE.read_text()


# -- the redesigned seed journeys ------------------------------------------------------

JOURNEYS = Path(__file__).parent.parent / "journeys"
SEEDS = sorted(p.name for p in (JOURNEYS / "redesigned").glob("*.yaml"))


def test_every_seed_journey_has_a_redesign() -> None:
    assert sorted(p.name for p in JOURNEYS.glob("*.yaml")) == SEEDS
    assert len(SEEDS) == 8


@pytest.mark.parametrize("name", SEEDS)
def test_a_redesign_is_better(name: str) -> None:
    """With the whole default catalogue: the redesign fixes findings and brings none."""
    run_ = diff_sides(str(JOURNEYS / name), str(JOURNEYS / "redesigned" / name))
    assert run_.errors == ()
    (diff,) = run_.report.diffs
    assert diff.verdict.kind == "better", diff.verdict.text
    assert diff.findings.fixed and not diff.findings.new
    # The redesign keeps the seed's step ids where the step survives.
    assert diff.structure.steps_changed or diff.structure.branches
    text = (JOURNEYS / "redesigned" / name).read_text(encoding="utf-8")
    assert text.startswith(f"# Redesign of journeys/{name}")
