"""Golden journeys for representative vendored exports (tests/fixtures/exports).

Each golden is the exact output of `frictionmap import` on one export (or an
export set): regenerate on purpose only, with `FRICTIONMAP_REGEN=1`, when the
mapping is meant to change (docs/import.md).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from frictionmap.importers import import_paths
from frictionmap.loader import loads

ROOT = Path(__file__).parent.parent.parent
EXPORTS = ROOT / "tests" / "fixtures" / "exports"
GOLDEN = ROOT / "tests" / "golden" / "imports"

CASES = {
    "connect-legacy-caller-history": [
        "connect/amazon-connect__amazon-connect-snippets__CallerHistory.json"
    ],
    "connect-legacy-context-main": [
        "connect/amazon-connect__amazon-connect-snippets__ContextTracking-Main.json"
    ],
    "connect-legacy-cable-tv": ["connect/bemer__amazon-connect-workshop__CableTVContactFlow.json"],
    "connect-describe-wrapper-splice": [
        "connect/aws-samples__amazon-connect-gitlab-cicd-terraform__acme_main_AUTO.json",
        "connect/aws-samples__amazon-connect-gitlab-cicd-terraform__acme_queue_transfer_AUTO.json",
    ],
    "connect-flow-language-rules-engine": [
        "connect/aws-samples__amazon-connect-rules-engine__RulesEngineMain.json",
        "connect/aws-samples__amazon-connect-rules-engine__RulesEngineError.json",
    ],
    "connect-cloudformation": [
        "connect/amazon-connect__voicemail-express-amazon-connect__vmx3-contactflows.yaml"
    ],
    "connect-terraform": [
        "connect/hashicorp__terraform-provider-aws__connect_contact_flow_doc_example.tf"
    ],
    "twilio-order-lookup-ivr": ["twilio/mbarry-owl__OrderLookupIVR__OrderLookupIVR.json"],
    "twilio-vaccine-sms": ["twilio/twilio-labs__function-templates__vaccine-standby-list-sms.json"],
    "twilio-template-callback": [
        "twilio/ConnieML__connieRTC-flex__template_example_callback_flow.json"
    ],
    "genesys-simple-ivr": [
        "genesys/GenesysCloudBlueprints__simple-ivr-deploy-with-cx-as-code-blueprint__SimpleFinancialIvr_v2-0.yaml"
    ],
    "genesys-blacklist-workflow": ["genesys/GenesysCloudBlueprints__ani-blacklist__blacklist.yaml"],
    "bpmn-fridge-repair": ["bpmn/bpmn-miwg__bpmn-miwg-test-suite__C.3.0.bpmn"],
    "bpmn-bank-parallel": ["bpmn/bpmn-miwg__bpmn-miwg-test-suite__C.5.0.bpmn"],
}


def imported(files: list[str]) -> str:
    return import_paths([str(EXPORTS / f) for f in files]).text


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_journey(name: str) -> None:
    text = imported(CASES[name])
    golden = GOLDEN / f"{name}.yaml"
    if os.environ.get("FRICTIONMAP_REGEN"):
        golden.write_text(text, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True)))
    assert text == expected, f"import of {name} changed:\n{diff[:4000]}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_is_a_valid_journey_on_its_own(name: str) -> None:
    loaded = loads((GOLDEN / f"{name}.yaml").read_text(encoding="utf-8"), name)
    assert loaded.journey.steps[loaded.journey.start].type == "contact"


def test_import_is_deterministic() -> None:
    files = CASES["connect-cloudformation"]
    assert imported(files) == imported(files)
