"""Amazon Connect: the flow language (2019-10-30) and the older "modules" export.

Accepted wrappers: a bare flow; DescribeContactFlow's `{"ContactFlow": {...}}`
or `{Name, Type, Content}` where Content is the flow as a JSON string inside
the JSON; a CloudFormation template (JSON or YAML) with
`AWS::Connect::ContactFlow(Module)` resources whose Content may be a `!Sub`
(`Fn::Sub`) with `${...}` placeholders; a Terraform file with
`aws_connect_contact_flow(_module)` resources whose `content` is
`jsonencode({...})`, a heredoc or a string. Readable names live only in the
layout metadata (`isFriendlyName`, the queue/flow/prompt `text`).
"""

from __future__ import annotations

import re
from typing import Any

from ..loader import Limits
from .neutral import Block, Flow, Transition
from .text import (
    Locator,
    YamlTree,
    as_dict,
    broken,
    load_json,
    load_yaml,
    parse_literal,
)

# Flow-language action type -> neutral kind (docs/import.md holds the same table).
ACTION_KINDS = {
    "MessageParticipant": "prompt",
    "MessageParticipantIteratively": "prompt",
    "GetParticipantInput": "menu",
    "ConnectParticipantWithLexBot": "menu",
    "DisconnectParticipant": "end",
    "EndFlowExecution": "return",
    "EndFlowModuleExecution": "return",
    "TransferContactToQueue": "queue",
    "TransferContactToAgent": "queue",
    "TransferParticipantToThirdParty": "agent",
    "TransferToFlow": "subflow",
    "InvokeFlowModule": "subflow",
    "CreateCallbackContact": "callback",
    "Loop": "loop",
    "DistributeByPercentage": "percent",
    "SendMessage": "message",
    "CreateTask": "logic",
    "Compare": "logic",
    "CheckHoursOfOperation": "logic",
    "CheckMetricData": "logic",
    "CheckStaffing": "logic",
    "GetMetricData": "logic",
    "InvokeLambdaFunction": "logic",
    "InvokeExternalResource": "logic",
    "UpdateContactAttributes": "logic",
    "UpdateFlowAttributes": "logic",
    "UpdateContactData": "logic",
    "UpdateContactEventHooks": "logic",
    "UpdateContactRecordingBehavior": "logic",
    "UpdateContactRoutingBehavior": "logic",
    "UpdateContactRoutingCriteria": "logic",
    "UpdateContactTargetQueue": "logic",
    "UpdateContactTextToSpeechVoice": "logic",
    "UpdateContactCallbackNumber": "logic",
    "UpdateFlowLoggingBehavior": "logic",
    "UpdateContactMediaProcessing": "logic",
    "Wait": "logic",
}

# Legacy "modules" type -> neutral kind.
MODULE_KINDS = {
    "PlayPrompt": "prompt",
    "LoopPrompts": "prompt",
    "GetUserInput": "menu",
    "StoreUserInput": "input",
    "Disconnect": "end",
    "Resume": "return",
    "Loop": "loop",
    "CheckAttribute": "logic",
    "InvokeExternalResource": "logic",
    "SetAttributes": "logic",
    "SetLoggingBehavior": "logic",
    "SetRecordingBehavior": "logic",
    "SetVoice": "logic",
    "SetEventHook": "logic",
    "SetQueue": "logic",
    "SetContactFlow": "logic",
    "SetCallbackNumber": "logic",
    "CheckHoursOfOperation": "logic",
    "CheckStaffing": "logic",
    "CheckQueueStatus": "logic",
    "Wait": "logic",
}

ERROR_KINDS = {
    "NoMatchingCondition": ("default", "no match"),
    "InputTimeLimitExceeded": ("timeout", "no input (timeout)"),
    "QueueAtCapacity": ("error", "queue at capacity"),
    "CallFailed": ("error", "call failed"),
    "ConnectionTimeLimitExceeded": ("timeout", "no answer"),
    "NoMatchingError": ("error", "error"),
}

LEGACY_BRANCHES = {
    "Success": ("next", ""),
    "Error": ("error", "error"),
    "NoMatch": ("default", "no match"),
    "Timeout": ("timeout", "no input (timeout)"),
    "AtCapacity": ("error", "queue at capacity"),
    "True": ("condition", "true"),
    "False": ("condition", "false"),
    "Looping": ("condition", "retry"),
    "Complete": ("condition", "retries exhausted"),
    "CheckQueueTime": ("condition", "queue time"),
}


def read(text: str, file: str, limits: Limits) -> list[Flow]:
    """Every Connect flow the export holds."""
    locator = Locator(text)
    stripped = text.lstrip()
    if re.search(r'^\s*resource\s+"aws_connect_contact_flow', text, re.M):
        return _terraform(text, file, locator, limits)
    if stripped.startswith("{") or stripped.startswith("["):
        data = load_json(text, file, limits)
        return _from_data(data, file, locator, limits, 0, "")
    tree = load_yaml(text, file, limits)
    return _cloudformation(tree, file, locator, limits)


def _from_data(
    data: Any, file: str, locator: Locator, limits: Limits, start: int, name: str
) -> list[Flow]:
    if not isinstance(data, dict):
        raise broken(file, locator.at(start), "a Connect export is a JSON object")
    if "ContactFlow" in data and isinstance(data["ContactFlow"], dict):
        data = data["ContactFlow"]
    if "ContactFlowModule" in data and isinstance(data["ContactFlowModule"], dict):
        data = data["ContactFlowModule"]
    if "Resources" in data and isinstance(data["Resources"], dict):
        return _resources(data["Resources"], None, file, locator, limits)
    if "Content" in data:
        content = _content(data["Content"])
        if content is None:
            raise broken(file, locator.at(start), "Content is not a flow (a JSON string or object)")
        name = str(data.get("Name") or name)
        index = locator.index_of(r'"Content"', start)
        inner = _parse_content(content, file, locator, limits, max(index, start))
        flows = _from_data(inner, file, locator, limits, max(index, start), name)
        for flow in flows:
            flow.kind = str(data.get("Type") or flow.kind)
            # DescribeContactFlow gives the flow's id and ARN: transfers may name either.
            for key in ("Id", "Arn"):
                if isinstance(data.get(key), str):
                    flow.aliases.append(_short(data[key]))
        return flows
    if "modules" in data:
        return [_legacy(data, file, locator, start, name)]
    if "Actions" in data:
        return [_flow_language(data, file, locator, start, name)]
    raise broken(
        file,
        locator.at(start),
        "not a Connect flow: no 'Actions' (flow language), 'modules' (older export) "
        "or 'Content' (API, Terraform, CloudFormation)",
    )


def _content(value: Any) -> Any:
    """Content as written: a string, `!Sub [string, vars]`, `{Fn::Sub: ...}` or an object."""
    if isinstance(value, dict) and "Fn::Sub" in value:
        value = value["Fn::Sub"]
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, (str, dict)):
        return value
    return None


def _parse_content(content: Any, file: str, locator: Locator, limits: Limits, at: int) -> Any:
    if isinstance(content, dict):
        return content
    where = locator.at(at)
    return load_json(content, file, limits, offset=where)


def _cloudformation(tree: YamlTree, file: str, locator: Locator, limits: Limits) -> list[Flow]:
    data = tree.data
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        raise broken(
            file, (1, 1), "not a Connect export: a YAML file needs CloudFormation Resources"
        )
    return _resources(data["Resources"], tree, file, locator, limits)


def _resources(
    resources: dict[str, Any], tree: YamlTree | None, file: str, locator: Locator, limits: Limits
) -> list[Flow]:
    flows: list[Flow] = []
    for logical, resource in resources.items():
        if not isinstance(resource, dict):
            continue
        kind = str(resource.get("Type", ""))
        if kind not in ("AWS::Connect::ContactFlow", "AWS::Connect::ContactFlowModule"):
            continue
        properties = resource.get("Properties") or {}
        content = _content(properties.get("Content")) if isinstance(properties, dict) else None
        start = max(locator.index_of(rf"(?m)^\s*\"?{re.escape(logical)}\"?\s*:"), 0)
        if content is None:
            raise broken(file, locator.at(start), f"resource {logical} has no readable Content")
        content_at = max(locator.index_of(r"Content", start), start)
        inner = _parse_content(content, file, locator, limits, content_at)
        name = properties.get("Name")
        name = name if isinstance(name, str) else logical
        for flow in _from_data(inner, file, locator, limits, content_at, name):
            flow.kind = str(properties.get("Type") or ("MODULE" if "Module" in kind else ""))
            flows.append(flow)
    if not flows:
        raise broken(file, (1, 1), "the template holds no AWS::Connect::ContactFlow resource")
    return flows


_TF_RESOURCE = re.compile(
    r'^\s*resource\s+"(aws_connect_contact_flow(?:_module)?)"\s+"([^"]+)"', re.M
)


def _terraform(text: str, file: str, locator: Locator, limits: Limits) -> list[Flow]:
    flows: list[Flow] = []
    for match in _TF_RESOURCE.finditer(text):
        body_at = text.index("{", match.end())
        content = re.compile(r"^\s*content\s*=\s*", re.M).search(text, body_at)
        name_match = re.compile(r'^\s*name\s*=\s*"([^"]*)"', re.M).search(text, body_at)
        name = name_match.group(1) if name_match else match.group(2)
        if content is None:
            raise broken(file, locator.at(match.start()), "the resource has no 'content'")
        value_at = content.end()
        rest = text[value_at:]
        if rest.startswith("jsonencode("):
            inner = parse_literal(text, value_at + len("jsonencode("), file, locator, limits)
        elif rest.startswith("<<"):
            heredoc = re.match(r"<<-?(\w+)\n(.*?)\n\s*\1\b", rest, re.S)
            if heredoc is None:
                raise broken(file, locator.at(value_at), "unterminated heredoc")
            inner = load_json(heredoc.group(2), file, limits, locator.at(value_at + 1))
        elif rest.startswith('"'):
            string = parse_literal(text, value_at, file, locator, limits)
            inner = load_json(str(string), file, limits, locator.at(value_at))
        else:
            raise broken(
                file,
                locator.at(value_at),
                "content is neither jsonencode({...}), a heredoc nor a string "
                "(a file() or templatefile() cannot be followed: import that file instead)",
            )
        for flow in _from_data(inner, file, locator, limits, value_at, name):
            flow.kind = "MODULE" if match.group(1).endswith("_module") else "CONTACT_FLOW"
            flows.append(flow)
    return flows


# -- flow language ------------------------------------------------------------


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _operands(condition: Any) -> str:
    if not isinstance(condition, dict):
        return ""
    operands = condition.get("Operands")
    if isinstance(operands, list):
        return ", ".join(str(o) for o in operands)
    return str(operands or "")


def _attribute_name(expression: str) -> str:
    """`$.Attributes.vmx3_flag` -> `vmx3_flag`, as a label reads."""
    return expression.rsplit(".", 1)[-1] if expression.startswith("$.") else expression


def _flow_language(
    data: dict[str, Any], file: str, locator: Locator, start: int, name: str
) -> Flow:
    metadata = as_dict(data.get("Metadata"))
    layout = metadata.get("ActionMetadata") if isinstance(metadata, dict) else {}
    layout = layout if isinstance(layout, dict) else {}
    flow_name = name or str(metadata.get("name") or "Connect flow")
    flow = Flow(file, "connect", flow_name, _text(data.get("StartAction")) or None)
    flow.position = locator.at(start)
    actions = data.get("Actions")
    if not isinstance(actions, list):
        raise broken(file, locator.at(start), "'Actions' is not a list")
    if metadata.get("type") or data.get("Type"):
        flow.kind = str(metadata.get("type") or data.get("Type"))
    for action in actions:
        if not isinstance(action, dict) or not isinstance(action.get("Identifier"), str):
            raise broken(file, locator.at(start), "an action has no Identifier")
        identifier = action["Identifier"]
        kind_name = str(action.get("Type", ""))
        parameters = as_dict(action.get("Parameters"))
        meta = as_dict(layout.get(identifier))
        position = locator.find_pair("Identifier", identifier, start, locator.at(start))
        kind = ACTION_KINDS.get(kind_name, "logic")
        block = Block(identifier, kind, kind_name, position)
        if meta.get("isFriendlyName"):
            block.name = identifier
        block.text = _text(parameters.get("Text") or parameters.get("SSML") or "")
        if not block.text and isinstance(meta.get("audio"), list) and meta["audio"]:
            block.text = _text(
                meta["audio"][0].get("text") if isinstance(meta["audio"][0], dict) else ""
            )
        _action_params(block, kind_name, parameters, meta)
        if kind_name not in ACTION_KINDS:
            block.params["unknown"] = kind_name
        transitions = as_dict(action.get("Transitions"))
        _action_transitions(block, transitions, locator, position)
        flow.add(block)
    return flow


def _action_params(
    block: Block, kind: str, parameters: dict[str, Any], meta: dict[str, Any]
) -> None:
    if kind in ("UpdateContactTargetQueue", "TransferContactToQueue"):
        queue = _display(meta, "queue") or _text(parameters.get("QueueId"))
        if queue:
            block.params["queue"] = _short(queue)
    elif kind in ("TransferToFlow", "InvokeFlowModule"):
        target = (
            _display(meta, "ContactFlow")
            or _display(meta, "contactFlow")
            or _text(meta.get("contactFlowModuleName"))
            or _text(parameters.get("ContactFlowId") or parameters.get("FlowModuleId"))
        )
        block.params["flow"] = _flow_reference(target)
    elif kind == "Loop":
        block.params["count"] = str(parameters.get("LoopCount", ""))
    elif kind == "GetParticipantInput":
        if str(parameters.get("StoreInput", "")).lower() == "true":
            block.kind = "input"
            block.params["stores"] = "customer input"
            validation = parameters.get("InputValidation")
            if isinstance(validation, dict) and "PhoneNumberValidation" in validation:
                block.params["stores"] = "phone number"
        block.params["timeout"] = str(parameters.get("InputTimeLimitSeconds", ""))
    elif kind == "TransferParticipantToThirdParty":
        block.params["number"] = _text(parameters.get("ThirdPartyPhoneNumber"))
        if str(parameters.get("ContinueFlowExecution", "")).lower() == "true":
            block.params["continues"] = "true"
    elif kind == "ConnectParticipantWithLexBot":
        block.params["bot"] = "true"
    elif kind == "CheckHoursOfOperation":
        block.params["hours"] = "true"


def _display(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    if isinstance(value, dict):
        return _text(value.get("text") or value.get("displayName"))
    parameters = meta.get("parameters")
    if isinstance(parameters, dict):
        for item in parameters.values():
            if isinstance(item, dict) and item.get("displayName"):
                return _text(item["displayName"])
    return ""


def _short(reference: str) -> str:
    """A readable queue or flow name from an ARN, an attribute or a placeholder."""
    placeholder = re.search(r"\$\{[A-Z]:([^:}]+):[A-Z]\}", reference)
    if placeholder:
        return placeholder.group(1)
    template = re.search(r"\{\{\s*\w+\.([^.}]+)\.\w+\s*\}\}", reference)
    if template:
        return template.group(1)
    if reference.startswith("$."):
        return _attribute_name(reference)
    return reference.rsplit("/", 1)[-1]


def _flow_reference(reference: str) -> str:
    return _short(reference)


def _action_transitions(
    block: Block, transitions: dict[str, Any], locator: Locator, position: tuple[int, int]
) -> None:
    conditions = transitions.get("Conditions")
    for item in conditions if isinstance(conditions, list) else []:
        if not isinstance(item, dict):
            continue
        condition = item.get("Condition")
        operands = _operands(condition)
        operator = condition.get("Operator", "") if isinstance(condition, dict) else ""
        target = _text(item.get("NextAction")) or None
        if block.type == "Loop":
            label = "retry" if "Continue" in operands else "retries exhausted"
            block.transitions.append(Transition(target, label, "condition", position))
            continue
        if block.type == "DistributeByPercentage":
            block.transitions.append(
                Transition(target, f"below {operands}%", "condition", position)
            )
            continue
        if block.kind in ("menu", "input") and operator == "Equals" and not block.params.get("bot"):
            block.transitions.append(Transition(target, f"pressed {operands}", "option", position))
            continue
        if block.params.get("bot"):
            block.transitions.append(Transition(target, f"said {operands}", "option", position))
            continue
        if operands.strip().lower() == "timeout":  # StoreInput stores "Timeout" on no input
            block.transitions.append(Transition(target, "no input (timeout)", "timeout", position))
            continue
        symbol = {"Equals": "=", "NumberGreaterThan": ">", "NumberLessThan": "<"}.get(
            operator, operator
        )
        subject = "in hours" if block.type == "CheckHoursOfOperation" else ""
        label = f"{subject or 'value'} {symbol} {operands}".strip()
        if block.type == "CheckHoursOfOperation":
            label = "in hours" if operands.lower() == "true" else "out of hours"
        block.transitions.append(Transition(target, label, "condition", position))
    errors = transitions.get("Errors")
    for item in errors if isinstance(errors, list) else []:
        if not isinstance(item, dict):
            continue
        error_type = str(item.get("ErrorType", "error"))
        kind, label = ERROR_KINDS.get(error_type, ("error", error_type))
        if block.type == "DistributeByPercentage":
            kind, label = "default", "the rest"
        block.transitions.append(
            Transition(_text(item.get("NextAction")) or None, label, kind, position)
        )
    nxt = _text(transitions.get("NextAction"))
    if nxt:
        label = "input stored (or 'Timeout')" if block.kind == "input" else ""
        kind = "next"
        if block.kind == "logic" and any(t.kind == "condition" for t in block.transitions):
            label, kind = "no match", "default"  # a compare's way on when no condition holds
        if block.type == "DistributeByPercentage":
            label = "the rest"
        block.transitions.insert(0, Transition(nxt, label, kind, position))
    if block.type == "DistributeByPercentage":
        _percentages(block)


def _percentages(block: Block) -> None:
    """DistributeByPercentage: each condition's threshold is cumulative ("below 70%"
    after "below 20%" is 50%); the rest goes to the default way."""
    previous = 0.0
    for transition in block.transitions:
        if transition.label.startswith("below "):
            try:
                threshold = float(transition.label[6:].rstrip("%"))
            except ValueError:
                continue
            transition.p = max(0.0, min(threshold, 100.0) - previous) / 100.0
            previous = max(previous, min(threshold, 100.0))
    rest = [t for t in block.transitions if not t.label.startswith("below ")]
    for index, transition in enumerate(rest):
        transition.p = (100.0 - previous) / 100.0 if index == 0 else 0.0


def _legacy(data: dict[str, Any], file: str, locator: Locator, start: int, name: str) -> Flow:
    metadata = as_dict(data.get("metadata"))
    flow_name = name or str(metadata.get("name") or "Connect flow")
    flow = Flow(file, "connect", flow_name, _text(data.get("start")) or None)
    flow.position = locator.at(start)
    flow.kind = str(data.get("type") or metadata.get("type") or "")
    modules = data.get("modules")
    if not isinstance(modules, list):
        raise broken(file, locator.at(start), "'modules' is not a list")
    for module in modules:
        if not isinstance(module, dict) or not isinstance(module.get("id"), str):
            raise broken(file, locator.at(start), "a module has no id")
        identifier = module["id"]
        kind_name = str(module.get("type", ""))
        position = locator.find_pair("id", identifier, start, locator.at(start))
        parameters: dict[str, Any] = {}
        resources: dict[str, str] = {}
        for item in module.get("parameters") or []:
            if isinstance(item, dict) and "name" in item:
                parameters[str(item["name"])] = item.get("value")
                if item.get("resourceName"):
                    resources[str(item["name"])] = str(item["resourceName"])
        kind = MODULE_KINDS.get(kind_name, "logic")
        if kind_name == "Transfer":
            target = str(module.get("target", ""))
            kind = {"Queue": "queue", "Flow": "subflow", "PhoneNumber": "agent"}.get(
                target, "queue"
            )
        block = Block(identifier, kind, kind_name, position)
        block.text = _text(parameters.get("Text"))
        if kind == "subflow":
            block.params["flow"] = resources.get("ContactFlowId") or _short(
                _text(parameters.get("ContactFlowId"))
            )
        if kind_name == "SetQueue":
            queue = resources.get("Queue") or _text(parameters.get("Queue"))
            if queue:
                block.params["queue"] = _short(queue)
        if kind_name == "Loop":
            block.params["count"] = str(parameters.get("LoopCount", ""))
        if kind_name == "StoreUserInput":
            block.params["stores"] = "customer input"
        if kind_name == "GetUserInput" and parameters.get("BotName"):
            block.params["bot"] = "true"
        if kind_name == "CheckHoursOfOperation":
            block.params["hours"] = "true"
        if kind_name not in MODULE_KINDS and kind_name != "Transfer":
            block.params["unknown"] = kind_name
        for branch in module.get("branches") or []:
            if not isinstance(branch, dict):
                continue
            condition = str(branch.get("condition", ""))
            branch_target: str | None = _text(branch.get("transition")) or None
            if condition == "Evaluate":
                value = str(branch.get("conditionValue", ""))
                if block.kind == "menu":
                    verb = "said" if block.params.get("bot") else "pressed"
                    block.transitions.append(
                        Transition(branch_target, f"{verb} {value}", "option", position)
                    )
                elif value.strip().lower() == "timeout":
                    block.transitions.append(
                        Transition(branch_target, "no input (timeout)", "timeout", position)
                    )
                else:
                    attribute = _text(parameters.get("Attribute"))
                    operator = {"Equals": "="}.get(str(branch.get("conditionType")), "")
                    operator = operator or str(branch.get("conditionType", "="))
                    label = f"{attribute or 'value'} {operator} {value}"
                    block.transitions.append(
                        Transition(branch_target, label, "condition", position)
                    )
                continue
            kind_label = LEGACY_BRANCHES.get(condition, ("condition", condition))
            kind2, label = kind_label
            if kind_name in ("CheckStaffing", "CheckHoursOfOperation") and kind2 == "condition":
                what = "in hours" if kind_name == "CheckHoursOfOperation" else "agents staffed"
                label = (
                    what
                    if condition == "True"
                    else f"not {what}".replace("not in hours", "out of hours")
                )
            if kind_name == "StoreUserInput" and condition == "Success":
                label = "input stored (or 'Timeout')"
            block.transitions.append(Transition(branch_target, label, kind2, position))
        flow.add(block)
    return flow
