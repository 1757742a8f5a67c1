"""Importers: structural findings in real exports, the format traps, the overlay, the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frictionmap.cli import app
from frictionmap.importers import import_flows, read_file, read_text, structural
from frictionmap.importers.detect import detect
from frictionmap.loader import InvalidJourney, Limits, loads

ROOT = Path(__file__).parent.parent.parent
EXPORTS = ROOT / "tests" / "fixtures" / "exports"
# The whole corpus sits beside the checkout in CI (shared/corpus); FRICTIONMAP_CORPUS overrides.
CORPUS = Path(os.environ.get("FRICTIONMAP_CORPUS") or ROOT.parent / "shared" / "corpus")


def export(name: str) -> str:
    return str(next(EXPORTS.glob(f"*/{name}")))


def codes(path: str) -> list[tuple[str, str, int]]:
    return [(f.code, f.block, f.line) for f in structural(read_file(path))]


# -- structural findings in the real files ----------------------------------


def test_unreachable_widget_found_in_the_volunteer_line_flow() -> None:
    found = structural(
        read_file(export("twilio-labs__function-templates__volunteer-cc-chatbot.json"))
    )
    unreachable = [f for f in found if f.code == "unreachable"]
    assert [f.block for f in unreachable] == ["send_to_flex_2"]
    assert (unreachable[0].line, unreachable[0].column) == (174, 7)


def test_transition_to_a_missing_widget_in_the_sms_flow() -> None:
    path = export("twilio-labs__function-templates__vaccine-standby-list-sms.json")
    missing = [f for f in structural(read_file(path)) if f.code == "missing-target"]
    assert len(missing) == 1
    assert missing[0].block == "Goodbye"
    assert "'SaveToAirtable'" in missing[0].message
    assert missing[0].render().startswith(f"{path}:377:11: ")


def test_twilio_failure_transitions_without_target_are_counted() -> None:
    path = export("twilio-labs__function-templates__vaccine-standby-list-sms.json")
    cut = [f for f in structural(read_file(path)) if f.code == "no-target"]
    # Counted plainly from the JSON: failure and timeout events written without `next`.
    failing = {"timeout", "deliveryFailure", "failed", "fail", "failure", "callFailure"}
    states = json.loads(Path(path).read_text())["states"]
    expected = sum(
        1 for s in states for t in s["transitions"] if t.get("event") in failing and "next" not in t
    )
    assert expected > 20
    assert len(cut) == expected
    assert all("cut without a word" in f.message for f in cut)


def test_unreachable_menu_in_an_archy_flow() -> None:
    found = codes(export("GenesysCloudBlueprints__dr-fallback-ivr__DR-Fallback-Ivr.yaml"))
    assert ("unreachable", "Main Menu_10", 85) in found


def test_error_branch_that_hangs_up() -> None:
    found = codes(export("aws-samples__amazon-connect-gitlab-cicd-terraform__acme_main_AUTO.json"))
    assert any(code == "error-hangs-up" for code, _, _ in found)


def test_loop_without_exit() -> None:
    flow = {
        "description": "loop",
        "initial_state": "Trigger",
        "states": [
            {
                "name": "Trigger",
                "type": "trigger",
                "transitions": [{"event": "incomingCall", "next": "a"}],
            },
            {
                "name": "a",
                "type": "say-play",
                "transitions": [{"event": "audioComplete", "next": "b"}],
            },
            {"name": "b", "type": "set-variables", "transitions": [{"event": "next", "next": "a"}]},
        ],
    }
    found = structural(read_text(json.dumps(flow, indent=1), "loop.json"))
    assert [f.code for f in found] == ["loop-without-exit"]


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the shared corpus (../shared/corpus) is not beside the checkout"
)
def test_whole_corpus_imports_and_each_journey_is_valid() -> None:
    files = sorted(p for p in CORPUS.glob("*/*") if p.name != "SOURCES.md")
    assert len(files) >= 90
    twilio_cut = 0
    twilio_flows_cut = 0
    for path in files:
        flows = read_file(str(path))
        imported = import_flows(flows)
        loads(imported.text, str(path))  # check accepts it
        if path.parent.name == "twilio-studio":
            cut = sum(f.code == "no-target" for f in imported.findings)
            twilio_cut += cut
            twilio_flows_cut += cut > 0
    assert twilio_cut > 100 and twilio_flows_cut >= 10


# -- format traps -------------------------------------------------------------


def test_connect_content_as_a_json_string_inside_json_keeps_file_positions() -> None:
    path = export("aws-samples__amazon-connect-gitlab-cicd-terraform__acme_main_AUTO.json")
    (flow,) = read_file(path)
    assert flow.name == "acme_main_AUTO"
    block = flow.blocks["d72fa272-5878-49b0-8e9e-b9327f967cb9"]
    line, column = block.position
    text = Path(path).read_text().splitlines()[line - 1]
    assert text[column - 1 :].startswith('\\"Identifier\\":\\"d72fa272')


def test_connect_cloudformation_with_sub_placeholders() -> None:
    flows = read_file(
        export("amazon-connect__voicemail-express-amazon-connect__vmx3-contactflows.yaml")
    )
    assert len(flows) == 8
    names = {f.name for f in flows}
    assert "VMXCoreFlowModule" in names or any("Module" in n for n in names)
    for flow in flows:
        assert flow.start in flow.blocks


def test_connect_terraform_jsonencode() -> None:
    (flow,) = read_file(
        export("hashicorp__terraform-provider-aws__connect_contact_flow_doc_example.tf")
    )
    assert flow.name == "Test"
    assert [b.kind for b in flow.blocks.values()] == ["prompt", "end"]
    assert (
        flow.blocks["12345678-1234-1234-1234-123456789012"].text
        == "Thanks for calling the sample flow!"
    )


def test_connect_legacy_modules_and_readable_names_from_layout() -> None:
    (legacy,) = read_file(
        export("amazon-connect__amazon-connect-snippets__ContextTracking-Main.json")
    )
    assert legacy.name == "001 Context Tracking - Main"
    assert {b.kind for b in legacy.blocks.values()} >= {"menu", "loop", "subflow"}
    flows = read_file(
        export("amazon-connect__voicemail-express-amazon-connect__vmx3-contactflows.yaml")
    )
    named = [b for f in flows for b in f.blocks.values() if b.name == "Check for the vmx3_flag"]
    assert named and named[0].type == "Compare"


def test_store_input_timeout_value_is_a_timeout_branch() -> None:
    flow = {
        "Version": "2019-10-30",
        "StartAction": "ask",
        "Actions": [
            {
                "Identifier": "ask",
                "Type": "GetParticipantInput",
                "Parameters": {"StoreInput": "True", "Text": "Your account number?"},
                "Transitions": {
                    "NextAction": "cmp",
                    "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Identifier": "cmp",
                "Type": "Compare",
                "Parameters": {"ComparisonValue": "$.StoredCustomerInput"},
                "Transitions": {
                    "NextAction": "bye",
                    "Conditions": [
                        {
                            "NextAction": "bye",
                            "Condition": {"Operator": "Equals", "Operands": ["Timeout"]},
                        }
                    ],
                    "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingCondition"}],
                },
            },
            {
                "Identifier": "bye",
                "Type": "DisconnectParticipant",
                "Parameters": {},
                "Transitions": {},
            },
        ],
    }
    (read,) = read_text(json.dumps(flow), "store.json")
    assert read.blocks["ask"].kind == "input"
    kinds = {t.label: t.kind for t in read.blocks["cmp"].transitions}
    assert kinds["no input (timeout)"] == "timeout"


def test_distribute_by_percentage_thresholds_are_cumulative() -> None:
    flow = {
        "Version": "2019-10-30",
        "StartAction": "split",
        "Actions": [
            {
                "Identifier": "split",
                "Type": "DistributeByPercentage",
                "Parameters": {},
                "Transitions": {
                    "NextAction": "c",
                    "Conditions": [
                        {
                            "NextAction": "a",
                            "Condition": {"Operator": "NumberLessThan", "Operands": ["20"]},
                        },
                        {
                            "NextAction": "b",
                            "Condition": {"Operator": "NumberLessThan", "Operands": ["70"]},
                        },
                    ],
                    "Errors": [{"NextAction": "c", "ErrorType": "NoMatchingCondition"}],
                },
            },
            *(
                {
                    "Identifier": x,
                    "Type": "MessageParticipant",
                    "Parameters": {"Text": x},
                    "Transitions": {"NextAction": "bye"},
                }
                for x in "abc"
            ),
            {
                "Identifier": "bye",
                "Type": "DisconnectParticipant",
                "Parameters": {},
                "Transitions": {},
            },
        ],
    }
    journey = loads(import_flows(read_text(json.dumps(flow), "split.json")).text).journey
    branches = {b.to: b.p for b in journey.steps["contact"].next}
    assert branches == pytest.approx(
        {"messageparticipant_a": 0.2, "messageparticipant_b": 0.5, "messageparticipant_c": 0.3}
    )


def test_twilio_js_module_and_terraform_template() -> None:
    path = export("mbarry-owl__OrderLookupIVR__OrderLookupIVR.json")
    text = Path(path).read_text()
    as_module = "// Studio flow\nmodule.exports = " + text + ";\n"
    (from_js,) = read_text(as_module, "flow.js")
    (from_json,) = read_text(text, "flow.json")
    assert list(from_js.blocks) == list(from_json.blocks)
    template = text.replace(
        '"initial_state": "Trigger"', '"initial_state": "Trigger", "x": ${jsonencode(v)}'
    )
    (from_tf,) = read_text(template, "flow.json.tftpl")
    assert list(from_tf.blocks) == list(from_json.blocks)


def test_twilio_gather_and_split_become_one_menu() -> None:
    text = import_flows(read_file(export("mbarry-owl__OrderLookupIVR__OrderLookupIVR.json"))).text
    journey = loads(text).journey
    menus = [
        s
        for s in journey.steps.values()
        if any((b.when or "").startswith("pressed") for b in s.next)
    ]
    assert menus and all(s.type == "ivr" for s in menus)


def test_twilio_missing_next_on_success_ends_the_call() -> None:
    (flow,) = read_file(export("ConnieML__connieRTC-flex__template_example_callback_flow.json"))
    ends = [
        t
        for b in flow.blocks.values()
        for t in b.transitions
        if t.target is None and t.kind == "next"
    ]
    assert ends  # normal ends, not findings
    assert not [f for f in structural([flow]) if f.code == "missing-target"]


def test_archy_substitutions_and_yes_no_keys() -> None:
    text = "\n".join(
        [
            "workflow:",
            "  name: {{flow_name}}",
            "  startUpRef: /workflow/states/state[S_1]",
            "  states:",
            "    - state:",
            "        name: S",
            "        refId: S_1",
            "        actions:",
            "          - decision:",
            "              name: Check",
            "              condition:",
            "                exp: Flow.x",
            "              outputs:",
            "                yes:",
            "                  actions:",
            "                    - endWorkflow:",
            "                        name: Done",
            "                no:",
            "                  actions:",
            "                    - playAudio:",
            "                        name: Say",
            "                        audio:",
            "                          tts: {{greeting}}",
            "",
        ]
    )
    assert detect(text) == "genesys"
    (flow,) = read_text(text, "flow.yaml")
    decision = flow.blocks["S_1/Check"]
    assert [t.label.split(":")[0] for t in decision.transitions] == ["yes", "no"]
    assert flow.blocks["S_1/Check/no/Say"].text == "{{greeting}}"
    assert flow.name == "flow"  # a {{substitution}} name falls back to the file name


def test_bpmn_event_subprocess_and_boundary_event_are_not_unreachable() -> None:
    xml = """<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <process id="p">
    <startEvent id="s"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <userTask id="t" name="Handle"/>
    <sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
    <endEvent id="e"/>
    <boundaryEvent id="b" attachedToRef="t" name="2 hours"><timerEventDefinition/></boundaryEvent>
    <sequenceFlow id="f3" sourceRef="b" targetRef="e2"/>
    <endEvent id="e2"/>
    <subProcess id="sp" triggeredByEvent="true">
      <startEvent id="ss"><messageEventDefinition/></startEvent>
      <sequenceFlow id="f4" sourceRef="ss" targetRef="se"/>
      <endEvent id="se"/>
    </subProcess>
  </process>
</definitions>"""
    (flow,) = read_text(xml, "p.bpmn")
    assert [f.code for f in structural([flow])] == []
    assert any(t.kind == "timeout" and t.target == "b" for t in flow.blocks["t"].transitions)


def test_bpmn_parallel_gateway_is_linearised_with_a_note() -> None:
    (flow, *_) = read_file(export("bpmn-miwg__bpmn-miwg-test-suite__C.5.0.bpmn"))
    assert any("linearised" in note for note in flow.notes)


def test_bpmn_refuses_entities() -> None:
    xml = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><definitions>&a;</definitions>'
    with pytest.raises(InvalidJourney) as error:
        read_text(xml, "bomb.bpmn", "bpmn")
    assert "refused XML" in str(error.value)


def test_format_is_detected_from_content_not_extension() -> None:
    twilio = Path(export("mbarry-owl__OrderLookupIVR__OrderLookupIVR.json")).read_text()
    connect = Path(
        export("amazon-connect__amazon-connect-snippets__CallerHistory.json")
    ).read_text()
    assert detect(twilio) == "twilio"
    assert detect(connect) == "connect"
    (flow,) = read_text(twilio, "misnamed.yaml")
    assert flow.platform == "twilio"


def test_limits_apply_to_exports() -> None:
    deep = '{"Actions": ' + "[" * 100 + "]" * 100 + ', "StartAction": "x"}'
    with pytest.raises(InvalidJourney) as error:
        read_text(deep, "deep.json", "connect", Limits(max_depth=20))
    assert "nesting deeper" in str(error.value)


def test_invalid_json_is_file_line_column() -> None:
    with pytest.raises(InvalidJourney) as error:
        read_text('{"Version": "2019-10-30",\n  "Actions": [,]}', "bad.json", "connect")
    assert str(error.value).startswith("bad.json:2:")


# -- overlay --------------------------------------------------------------------


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def test_emit_overlay_then_overlay_sets_waits_teams_and_outcomes(tmp_path: Path) -> None:
    source = export("amazon-connect__amazon-connect-snippets__CallerHistory.json")
    skeleton = tmp_path / "overlay.yaml"
    out = tmp_path / "journey.yaml"
    result = run("import", source, "--emit-overlay", str(skeleton), "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    text = skeleton.read_text()
    # Every reachable block with something to set is a key, each value at its default.
    for block in read_file(source)[0].blocks.values():
        if block.kind in ("prompt", "menu", "input", "queue", "end"):
            assert f'"{block.id}":' in text
    assert "minutes: null   # default: 0.5" in text
    # Read back unchanged, the skeleton gives the very same journey, byte for byte.
    again = tmp_path / "again.yaml"
    assert run("import", source, "--overlay", str(skeleton), "-o", str(again)).exit_code == 0  # type: ignore[attr-defined]
    assert again.read_text() == out.read_text()


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the shared corpus (../shared/corpus) is not beside the checkout"
)
def test_every_skeleton_of_the_corpus_reads_back_to_the_same_journey(tmp_path: Path) -> None:
    from frictionmap.importers.overlay import load, skeleton
    from frictionmap.importers.structure import reachable

    for path in sorted(p for p in CORPUS.glob("*/*") if p.name != "SOURCES.md"):
        flows = read_file(str(path))
        overlay = tmp_path / "o.yaml"
        overlay.write_text(skeleton(flows, {f.name: reachable(f) for f in flows}))
        assert import_flows(flows, load(str(overlay), flows)).text == import_flows(flows).text, (
            path.name
        )


def test_overlay_values_reach_the_journey(tmp_path: Path) -> None:
    source = export("amazon-connect__amazon-connect-snippets__ContextTracking-Main.json")
    flows = read_file(source)
    queue = next(b for b in flows[0].blocks.values() if b.kind == "queue")
    overlay = tmp_path / "o.yaml"
    overlay.write_text(
        "journey: {name: Payments line}\n"
        f"blocks:\n  {queue.id}:\n    team: Payments\n    wait: {{announced: 2, actual: 12}}\n"
        "    agent: {minutes: 6, outcome: unresolved}\n"
    )
    out = tmp_path / "j.yaml"
    assert run("import", source, "--overlay", str(overlay), "-o", str(out)).exit_code == 0  # type: ignore[attr-defined]
    journey = loads(out.read_text()).journey
    assert journey.name == "Payments line"
    queue_step = next(s for s in journey.steps.values() if s.type == "queue")
    assert (
        queue_step.team == "payments"
        and queue_step.wait is not None
        and queue_step.wait.actual == 12
    )
    assert any(s.type == "outcome" and s.outcome == "unresolved" for s in journey.steps.values())


def test_stale_overlay_key_is_an_error_with_did_you_mean(tmp_path: Path) -> None:
    source = export("mbarry-owl__OrderLookupIVR__OrderLookupIVR.json")
    widget = next(iter(read_file(source)[0].blocks.values().__iter__()))
    assert widget.id == "Trigger"
    overlay = tmp_path / "o.yaml"
    overlay.write_text("blocks:\n  Triger:\n    minutes: 1\n")
    result = run("import", source, "--overlay", str(overlay))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert f"{overlay}:2:3:" in result.output  # type: ignore[attr-defined]
    assert "did you mean 'Trigger'" in result.output  # type: ignore[attr-defined]


# -- CLI --------------------------------------------------------------------------


def test_cli_broken_export_is_exit_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "flow.json"
    bad.write_text(
        '{"Version": "2019-10-30", "StartAction": "a", "Actions": [\n  {"Identifier": }\n]}'
    )
    result = run("import", str(bad), "--from", "connect")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert f"{bad}:2:" in result.output and "Traceback" not in result.output  # type: ignore[attr-defined]


def test_cli_structural_findings_on_stderr_and_a_valid_journey(tmp_path: Path) -> None:
    source = export("twilio-labs__function-templates__vaccine-standby-list-sms.json")
    out = tmp_path / "j.yaml"
    result = run("import", source, "-o", str(out))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert f"{source}:377:11: send-message 'Goodbye'" in result.output  # type: ignore[attr-defined]
    assert run("check", str(out)).exit_code in (0, 1)  # type: ignore[attr-defined]


def test_cli_refuses_to_write_over_an_input() -> None:
    source = export("mbarry-owl__OrderLookupIVR__OrderLookupIVR.json")
    result = run("import", source, "-o", source)
    assert result.exit_code == 2  # type: ignore[attr-defined]


# -- lowering -----------------------------------------------------------------------


def _connect(start: str, *actions: dict[str, object], name: str = "") -> str:
    flow: dict[str, object] = {
        "Version": "2019-10-30",
        "StartAction": start,
        "Actions": list(actions),
    }
    if name:
        return json.dumps({"Name": name, "Type": "CONTACT_FLOW", "Content": json.dumps(flow)})
    return json.dumps(flow)


def _action(
    ident: str, kind: str, nxt: str | None = None, **parameters: object
) -> dict[str, object]:
    transitions: dict[str, object] = {"NextAction": nxt} if nxt else {}
    return {"Identifier": ident, "Type": kind, "Parameters": parameters, "Transitions": transitions}


def test_transfer_to_flow_of_the_same_set_is_spliced() -> None:
    files = [
        "aws-samples__amazon-connect-gitlab-cicd-terraform__acme_main_AUTO.json",
        "aws-samples__amazon-connect-gitlab-cicd-terraform__acme_queue_transfer_AUTO.json",
    ]
    flows = [f for name in files for f in read_file(export(name))]
    text = import_flows(flows).text
    assert "acme_queue_transfer_AUTO.json:" in text  # a step of the second flow
    assert "continues in acme_queue_transfer" not in text
    alone = import_flows(flows[:1]).text
    assert "continues in acme_queue_transfer_AUTO (not in the export set)" in alone


def test_a_module_returns_to_the_block_after_its_call() -> None:
    main = _connect(
        "hello",
        _action("hello", "MessageParticipant", "call", Text="Hello"),
        _action("call", "InvokeFlowModule", "bye", FlowModuleId="verify"),
        _action("bye", "MessageParticipant", "end", Text="Goodbye"),
        _action("end", "DisconnectParticipant"),
        name="main",
    )
    module = _connect(
        "ask",
        {**_action("ask", "GetParticipantInput", "done", StoreInput="True", Text="Your PIN?")},
        _action("done", "EndFlowModuleExecution"),
        name="verify",
    )
    flows = read_text(main, "main.json") + read_text(module, "verify.json")
    journey = loads(import_flows(flows).text).journey
    order = []
    step = journey.start
    while journey.steps[step].next:
        step = journey.steps[step].next[0].to
        order.append(journey.steps[step].label)
    assert order == ["Hello", "Your PIN?", "Goodbye", "DisconnectParticipant"]


def test_logic_blocks_are_contracted_with_their_conditions_as_labels() -> None:
    text = _connect(
        "hours",
        {
            "Identifier": "hours",
            "Type": "CheckHoursOfOperation",
            "Parameters": {},
            "Transitions": {
                "NextAction": "closed",
                "Conditions": [
                    {
                        "NextAction": "lambda",
                        "Condition": {"Operator": "Equals", "Operands": ["True"]},
                    },
                    {
                        "NextAction": "closed",
                        "Condition": {"Operator": "Equals", "Operands": ["False"]},
                    },
                ],
            },
        },
        _action("lambda", "InvokeLambdaFunction", "open"),
        _action("open", "MessageParticipant", "end", Text="We are open"),
        _action("closed", "MessageParticipant", "end", Text="We are closed"),
        _action("end", "DisconnectParticipant"),
    )
    journey = loads(import_flows(read_text(text, "hours.json")).text).journey
    labels = {journey.steps[b.to].label: b.when for b in journey.steps["contact"].next}
    assert labels["We are open"] == "in hours"
    assert "out of hours" in (labels["We are closed"] or "")
    assert all(
        s.label not in ("InvokeLambdaFunction", "CheckHoursOfOperation")
        for s in journey.steps.values()
    )


def test_overlay_branch_probabilities_are_used_and_checked(tmp_path: Path) -> None:
    source = export(
        "GenesysCloudBlueprints__simple-ivr-deploy-with-cx-as-code-blueprint__SimpleFinancialIvr_v2-0.yaml"
    )
    overlay = tmp_path / "o.yaml"
    overlay.write_text(
        "blocks:\n  Main Menu_10:\n    branches:\n"
        "      'pressed 1: SimpleFinancial401K': 0.7\n      'pressed 2: SimpleFinancialIRA': 0.2\n"
    )
    out = tmp_path / "j.yaml"
    assert run("import", source, "--overlay", str(overlay), "-o", str(out)).exit_code == 0  # type: ignore[attr-defined]
    menu = loads(out.read_text()).journey.steps["main_menu"]
    assert {b.to: b.p for b in menu.next} == pytest.approx(
        {"simplefinancial401k": 0.7, "simplefinancialira": 0.2, "disconnect": 0.1}
    )
    overlay.write_text(
        "blocks:\n  Main Menu_10:\n    branches:\n      'pressed 1: SimpleFinancial401K': 0.7\n"
        "      'pressed 2: SimpleFinancialIRA': 0.5\n"
    )
    result = run("import", source, "--overlay", str(overlay))
    assert result.exit_code == 2 and "sum to 1.2, over 1" in result.output  # type: ignore[attr-defined]
    overlay.write_text("blocks:\n  Main Menu_10:\n    branches:\n      'pressed 3': 0.7\n")
    result = run("import", source, "--overlay", str(overlay))
    assert result.exit_code == 2 and "no branch 'pressed 3'" in result.output  # type: ignore[attr-defined]


def test_check_report_graph_and_diff_read_exports_directly(tmp_path: Path) -> None:
    ivr = export("mbarry-owl__OrderLookupIVR__OrderLookupIVR.json")
    result = run("check", "-f", "github", ivr)
    assert result.exit_code in (0, 1)  # type: ignore[attr-defined]
    # Findings point into the export itself: the Trigger widget stands at 5:7.
    assert f"file={ivr},line=5,col=7," in result.output  # type: ignore[attr-defined]
    bpmn = export("bpmn-miwg__bpmn-miwg-test-suite__C.3.0.bpmn")
    report = run("report", "-f", "json", bpmn)
    assert json.loads(report.output)["journeys"][0]["valid"] is True  # type: ignore[attr-defined]
    graph = run("graph", export("GenesysCloudBlueprints__ani-blacklist__blacklist.yaml"))
    assert graph.exit_code == 0 and graph.output.startswith("flowchart")  # type: ignore[attr-defined]
    legacy = export("amazon-connect__amazon-connect-snippets__CallerHistory.json")
    assert run("diff", legacy, legacy).exit_code in (0, 1)  # type: ignore[attr-defined]


def test_a_broken_export_read_by_check_is_rejected_with_its_position(tmp_path: Path) -> None:
    bad = tmp_path / "flow.json"
    bad.write_text(
        '{"Version": "2019-10-30", "StartAction": "a", "Actions": [\n  {"Identifier": }\n]}'
    )
    result = run("check", str(bad))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert f"{bad}:2:" in result.output  # type: ignore[attr-defined]


def test_the_step_limit_applies_to_blocks() -> None:
    path = export("twilio-labs__function-templates__vaccine-standby-list-sms.json")
    with pytest.raises(InvalidJourney) as error:
        read_text(Path(path).read_text(), path, "auto", Limits(max_steps=10))
    assert "more than the step limit" in str(error.value)
    result = run("import", path, "--max-steps", "10")
    assert result.exit_code == 2 and "step limit" in result.output  # type: ignore[attr-defined]


def test_archy_unquoted_yes_key_in_a_real_flow_keeps_its_branch() -> None:
    # `yes:` is written bare at line 146; read as YAML 1.1 it would be the boolean True.
    path = export(
        "GenesysCloudBlueprints__automated-callback-blueprint__Proactive_callback_offer.yaml"
    )
    assert Path(path).read_text().splitlines()[145].strip() == "yes:"
    (flow,) = read_file(path)
    decision = flow.blocks["startup/Collect Input/success/Decision"]
    yes, no = decision.transitions
    assert (
        yes.label.startswith("yes")
        and yes.target == "startup/Collect Input/success/Decision/yes/Set Participant Data"
    )
    assert no.label.startswith("no") and no.target == "startup/Hold Music"


def test_hostile_names_and_texts_still_give_a_valid_journey() -> None:
    flow = {
        "description": "evil\x1b[31m flow\u202e",
        "initial_state": "Trigger",
        "states": [
            {
                "name": "Trigger",
                "type": "trigger",
                "transitions": [{"event": "incomingCall", "next": "a\x1b"}],
            },
            {
                "name": "a\x1b",
                "type": "say-play",
                "properties": {"say": "hi\x00 there\n# not: a key\u2028"},
                "transitions": [{"event": "audioComplete"}],
            },
        ],
    }
    text = import_flows(read_text(json.dumps(flow), "evil.json")).text
    assert "\x1b" not in text and "\x00" not in text
    loads(text)


def test_a_transfer_by_arn_finds_the_flow_by_its_describe_id() -> None:
    arn = "arn:aws:connect:eu-west-1:111122223333:instance/i-1/contact-flow/9f0c-flow"
    main = _connect(
        "go",
        _action("go", "TransferToFlow", None, ContactFlowId=arn),
        name="main",
    )
    target = json.loads(
        _connect(
            "hi",
            _action("hi", "MessageParticipant", "bye", Text="Billing here"),
            _action("bye", "DisconnectParticipant"),
            name="billing",
        )
    )
    target["Id"] = "9f0c-flow"
    flows = read_text(main, "main.json") + read_text(json.dumps(target), "billing.json")
    journey = loads(import_flows(flows).text).journey
    assert any(s.label == "Billing here" for s in journey.steps.values())
