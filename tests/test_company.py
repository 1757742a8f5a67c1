"""The company's side of the money (issue 14): cost to serve, FTEs, staffing, saving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frictionmap.cli import app
from frictionmap.config import ConfigError, config_from_table
from frictionmap.graph import build_graph
from frictionmap.loader import loads
from frictionmap.metrics import compute_metrics
from frictionmap.observed.company import company_figures, patience_from_log, saving
from frictionmap.observed.settings import CompanySettings
from frictionmap.queueing import agents_for_abandonment, erlang_a, erlang_c

# One walk in five calls back: 1.25 contacts per walk, 1.25 agent visits of
# 6 minutes: 7.5 agent minutes per walk.
BEFORE = """\
frictionmap: 1
name: Refund line
volume: 1000 per month
start: call
steps:
  call: {type: contact, channel: phone, next: queue}
  queue:
    type: queue
    wait: 4
    next: agent
  agent:
    type: agent
    minutes: 6
    next:
      - {to: done, p: 0.8}
      - {to: call, p: 0.2}
  done: {type: outcome, outcome: resolved}
"""
AFTER = BEFORE.replace("{to: done, p: 0.8}", "{to: done, p: 1.0}").replace(
    "      - {to: call, p: 0.2}\n", ""
)
SETTINGS = CompanySettings(cost_per_agent_minute=1.0, cost_per_contact=0.5)


def _figures(text: str, settings: CompanySettings = SETTINGS, volume: float | None = None):  # type: ignore[no-untyped-def]
    journey = loads(text, "j.yaml").journey
    metrics = compute_metrics(journey, build_graph(journey))
    return company_figures(
        journey, metrics.step_visits, metrics.expected_contacts, settings, volume
    )


def test_cost_to_serve_agent_hours_and_ftes_by_hand() -> None:
    figures = _figures(BEFORE)
    assert figures.volume_per_month == 1000 and figures.volume_from == "journey"
    assert figures.contacts_per_walk == pytest.approx(1.25)
    assert figures.agent_minutes_per_walk == pytest.approx(7.5)
    assert figures.cost_per_walk == pytest.approx(7.5 * 1.0 + 1.25 * 0.5)
    assert figures.cost_per_year == pytest.approx(12 * 1000 * 8.125)
    assert figures.agent_hours_per_month == pytest.approx(7.5 * 1000 / 60)
    assert figures.ftes == pytest.approx(125 / 120)
    assert figures.repeat_contacts_per_year == pytest.approx(0.25 * 1000 * 12)
    (queue,) = figures.queues
    # 1.25 queue visits per walk x 1000 walks over 220 open hours.
    assert queue.calls_per_hour == pytest.approx(1250 / 220)
    assert queue.handle_minutes == 6
    assert figures.missing == ()


def test_missing_inputs_are_named_not_guessed() -> None:
    figures = _figures(BEFORE.replace("volume: 1000 per month\n", ""), CompanySettings())
    assert figures.cost_per_walk is None and figures.cost_per_year is None
    assert figures.volume_per_month is None and figures.ftes is None
    assert figures.missing == ("volume", "cost_per_agent_minute", "cost_per_contact")


def test_redesign_saving_at_the_before_volume() -> None:
    before, after = _figures(BEFORE), _figures(AFTER, volume=1000)
    saved = saving(before, after)
    assert saved.saving_per_walk == pytest.approx(8.125 - (6 + 0.5))
    assert saved.yearly_saving == pytest.approx(12 * 1000 * (8.125 - 6.5))
    assert saved.repeat_contacts_avoided_per_year == pytest.approx(3000)
    assert saved.ftes_freed == pytest.approx((7.5 - 6) * 1000 / 60 / 120)


def test_erlang_a_tends_to_erlang_c_without_hang_ups() -> None:
    patient = erlang_a(10, 480, 1.0, 1e7)
    assert patient.p_wait == pytest.approx(erlang_c(10, 8.0), rel=1e-6)
    assert patient.p_abandon < 1e-6
    impatient = erlang_a(10, 480, 1.0, 2.0)
    assert impatient.p_wait < patient.p_wait and 0 < impatient.p_abandon < 0.1
    # Overloaded (12 Erlangs on 10 agents) is still stable: impatience bounds the queue.
    overloaded = erlang_a(10, 720, 1.0, 2.0)
    assert 0 < overloaded.p_abandon < 1
    needed = agents_for_abandonment(720, 1.0, 2.0, 0.05)
    assert needed is not None
    assert erlang_a(needed, 720, 1.0, 2.0).p_abandon <= 0.05
    assert erlang_a(needed - 1, 720, 1.0, 2.0).p_abandon > 0.05


def test_patience_from_a_calibrated_queue() -> None:
    text = BEFORE.replace(
        "    wait: 4\n",
        "    wait: 4\n    observed: {visits: 100, ended: 10, transitions: {agent: 90},"
        " time: {n: 100, mean: 3.0}}\n",
    )
    journey = loads(text, "j.yaml").journey
    # 300 minutes waited in all, 10 callers hung up: 30 minutes of mean patience.
    assert patience_from_log(journey, "queue") == pytest.approx(30.0)
    queue = _figures(text).queues[0]
    assert queue.patience_from == "log" and queue.patience_minutes == pytest.approx(30.0)
    assert queue.erlang_a_agents is not None


def test_company_table_is_checked() -> None:
    config = config_from_table({"company": {"cost_per_agent_minute": 0.8}}, "frictionmap.toml")
    assert config.company.cost_per_agent_minute == 0.8
    with pytest.raises(ConfigError, match="company.cost_per_agent_minit: unknown key; did you"):
        config_from_table({"company": {"cost_per_agent_minit": 1}}, "frictionmap.toml")
    with pytest.raises(ConfigError, match="company.service_level: must be between 0 and 1"):
        config_from_table({"company": {"service_level": 80}}, "frictionmap.toml")
    with pytest.raises(ConfigError, match="company.volume: must be a number"):
        config_from_table({"company": {"volume": "lots"}}, "frictionmap.toml")


def test_volume_field_reads_units() -> None:
    journey = loads(BEFORE.replace("1000 per month", "12000 per year"), "j.yaml").journey
    assert journey.volume == pytest.approx(1000)
    bad = BEFORE.replace("1000 per month", "lots")
    with pytest.raises(Exception, match="volume"):
        loads(bad, "j.yaml")


def test_report_and_diff_show_the_company_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "frictionmap.toml").write_text(
        "[company]\ncost_per_agent_minute = 1.0\ncost_per_contact = 0.5\n"
    )
    (tmp_path / "before.yaml").write_text(BEFORE)
    (tmp_path / "after.yaml").write_text(AFTER)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    report = json.loads(runner.invoke(app, ["report", "before.yaml", "-f", "json"]).stdout)
    assert report["journeys"][0]["company"]["cost_per_year"] == pytest.approx(97500)
    text = runner.invoke(app, ["report", "before.yaml"]).stdout
    assert "What it costs the company" in text and "97,500 EUR a year" in text
    diff = json.loads(
        runner.invoke(app, ["diff", "before.yaml", "after.yaml", "-f", "json"]).stdout
    )
    assert diff["diffs"][0]["company"]["yearly_saving"] == pytest.approx(19500)
    text = runner.invoke(app, ["diff", "before.yaml", "after.yaml"]).stdout
    assert "Yearly saving: 19,500 EUR" in text


def test_no_company_section_without_volume_or_costs(tmp_path: Path) -> None:
    (tmp_path / "j.yaml").write_text(BEFORE.replace("volume: 1000 per month\n", ""))
    done = CliRunner().invoke(
        app, ["report", str(tmp_path / "j.yaml"), "-f", "json", "--config", str(_empty(tmp_path))]
    )
    assert "company" not in json.loads(done.stdout)["journeys"][0]


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.toml"
    path.write_text("")
    return path
