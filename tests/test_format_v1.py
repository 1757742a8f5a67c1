"""Format v1 additions (issue 12): accepted, in the JSON Schema, and read by the analysis."""

from __future__ import annotations

import json

from frictionmap.analysis import check_text
from frictionmap.law import citation, inferred, jurisdiction
from frictionmap.model import json_schema
from frictionmap.render.json_format import report_to_dict
from frictionmap.render.method import assumptions
from frictionmap.report import Report

JOURNEY = """\
frictionmap: 1
name: v1 additions
currency: GBP
customer: {goal: Get a line installed, request: problem, note: "a first-time customer"}
teams:
  field: {name: Field engineers, company: Network operator, source: "Ofcom 2019"}
  ops: {name: Scheduling, backoffice: true}
start: visit
steps:
  visit:
    type: delay
    team: field
    hours: 5
    note: "25% missed: this author's estimate"
    next:
      - {to: installed, p: 0.75}
      - {to: call, p: 0.25, when: "the engineer does not come", missed: appointment}
  call: {type: contact, channel: phone, initiated_by: company, next: menu}
  menu:
    type: ivr
    other_options: ["billing", "moving home", "new line", "anything else"]
    next: hold
  hold: {type: queue, wait: {announced: 10, actual: 20, floor: true}, next: agent}
  agent: {type: agent, team: ops, compensation: 30, next: installed}
  installed: {type: outcome, outcome: resolved}
"""


def test_the_additions_are_in_the_json_schema() -> None:
    schema = json.dumps(json_schema())
    for key in (
        "jurisdiction", "initiated_by", "compensation", "other_options", "backoffice",
        "company", "floor", "missed", "request", "claim", "note",
    ):
        assert f'"{key}"' in schema, key


def test_the_analysis_reads_them() -> None:
    result = check_text(JOURNEY)
    assert result.valid, [f.message for f in result.findings]
    rules = {f.rule for f in result.active}
    assert "missed-appointment" in rules  # the missed branch
    assert "wide-menu" in rules  # 1 branch + 4 options not followed
    assert "broken-promise" not in rules  # "more than 10 minutes" is kept by 20
    parts = {p.key: p for p in result.breakdown.parts}
    assert parts["missed"].amount == 0.25
    assert parts["money"].amount == 0.0  # nothing paid; the compensation is a credit
    # The assumptions of the model: the inferred jurisdiction, then every note and source.
    lines = assumptions(result)
    assert lines[:3] == [
        "customer: a first-time customer",
        "teams.field: Ofcom 2019",
        "steps.visit: 25% missed: this author's estimate",
    ]
    assert lines[-1] == (
        "jurisdiction: UK (inferred from the currency GBP; set `jurisdiction:` to say)"
    )
    data = report_to_dict(Report((result,)))["journeys"][0]
    assert data["score_breakdown"]["parts"][0]["points"] > 0
    assert all(0.0 <= f["exposure"] <= 1.0 for f in data["findings"])


def test_jurisdiction_is_said_or_inferred_and_law_cited_only_where_it_applies() -> None:
    assert inferred("USD", "en") == "US" and inferred("GBP", None) == "UK"
    assert inferred("CAD", "fr") == "CA" and inferred("EUR", "fr-FR") == "FR"
    assert inferred("EUR", "de") == "DE" and inferred("EUR", "en") == "EU"
    assert inferred("JPY", "ja") == "none"
    result = check_text(JOURNEY.replace("currency: GBP", "currency: EUR\njurisdiction: US"))
    journey = result.journey
    assert jurisdiction(journey) == "US"
    assert citation("paid-wait", journey) is None
    assert citation("identity-demand", journey) is None
    france = check_text(JOURNEY.replace("currency: GBP", "currency: EUR\njurisdiction: FR"))
    assert "L121-16" in str(citation("paid-wait", france.journey))
