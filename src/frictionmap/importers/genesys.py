"""Genesys Cloud Architect flows as Archy YAML.

Archy files are templates: `{{substitution}}` may stand unquoted where YAML
would read a flow mapping, so each `{{`/`}}` is swapped for a same-length
placeholder before parsing and restored in every string after. Keys such as
`yes:`/`no:` are YAML 1.1 booleans to a plain YAML reader; here every scalar
stays the text written (text.load_yaml). Actions run in order; an action's
outputs (`yes`, `no`, `success`, `failure`, `timeout`, `loop`...) hold their own
action lists that continue, when they end, with the action after it. A
`callTask` runs a task and comes back: it is inlined at each call.
"""

from __future__ import annotations

import re
from typing import Any

from ..loader import Limits
from .neutral import Block, Flow, Transition
from .text import YamlTree, as_dict, broken, load_yaml

OPEN, CLOSE = "\u2983\u2983", "\u2984\u2984"

CHANNELS = {
    "inboundCall": "phone",
    "inqueueCall": "phone",
    "outboundCall": "phone",
    "secureCall": "phone",
    "inboundShortMessage": "sms",
    "inboundChat": "chat",
    "inqueueShortMessage": "sms",
    "inboundEmail": "email",
    "inqueueEmail": "email",
    "workflow": "web",
    "commonModule": "phone",
    "bot": "chat",
    "digitalBot": "chat",
}

ACTION_KINDS = {
    "playAudio": "prompt",
    "sendResponse": "prompt",
    "playEstimatedWaitTime": "prompt",
    "playAudioOnSilence": "prompt",
    "sendAutoReply": "message",
    "sendSms": "message",
    "sendEmail": "message",
    "collectInput": "input",
    "askForIntent": "menu",
    "askForSlot": "input",
    "transferToAcd": "queue",
    "transferToGroup": "queue",
    "transferToUser": "agent",
    "transferToNumber": "agent",
    "transferToVoicemail": "voicemail",
    "createCallback": "callback",
    "transferToFlow": "subflow",
    "transferToFlowSecure": "subflow",
    "callBotFlow": "subflow",
    "callDigitalBotFlow": "subflow",
    "callCommonModule": "subflow",
    "disconnect": "end",
    "endWorkflow": "end",
    "endState": "end",
    "exitBotFlow": "end",
    "loop": "loop",
}
TERMINAL = {
    "disconnect",
    "endWorkflow",
    "endState",
    "exitBotFlow",
    "jumpToMenu",
    "jumpToTask",
    "changeState",
    "jumpToReusableTask",
    "transferToFlow",
    "endTask",
}
JUMPS = {
    "jumpToMenu": "targetMenuRef",
    "jumpToTask": "targetTaskRef",
    "changeState": "targetStateRef",
    "jumpToReusableTask": "targetTaskRef",
}
# Outputs that mean it went wrong.
ERROR_OUTPUTS = {"failure", "error", "notFound", "notfound"}
TIMEOUT_OUTPUTS = {"timeout", "noInput", "noinput"}
MAX_INLINE = 8


def read(text: str, file: str, limits: Limits) -> list[Flow]:
    tree = load_yaml(text.replace("{{", OPEN).replace("}}", CLOSE), file, limits)
    _restore(tree.data)
    data = tree.data
    if not isinstance(data, dict) or len(data) != 1:
        raise broken(file, (1, 1), "an Archy flow is one top-level key naming the flow type")
    flow_type, body = next(iter(data.items()))
    if not isinstance(body, dict):
        raise broken(file, (1, 1), f"'{flow_type}' holds no flow")
    return [_Reader(tree, file, flow_type, body).flow]


def _restore(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(OPEN, "{{").replace(CLOSE, "}}")
    if isinstance(value, dict):
        items = list(value.items())
        value.clear()
        for key, item in items:
            value[_restore(key)] = _restore(item)
        return value
    if isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = _restore(item)
    return value


def _ref(path: Any) -> str:
    """`/inboundCall/menus/menu[Main Menu_10]` -> `Main Menu_10`."""
    text = str(path or "")
    match = re.search(r"\[([^\]]*)\]\s*$", text)
    return match.group(1) if match else text


def _lit(value: Any) -> str:
    """The text of an Archy value: `{lit: x}`, `{lit: {name: x}}`, `{exp: ...}`, `{tts: ...}`."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("lit", "tts", "name", "exp", "var"):
            if key in value:
                return _lit(value[key])
        if len(value) == 1:  # `{{queue}}: {...}` style: the key is the value
            key = next(iter(value))
            return key if key.startswith("{{") else _lit(value[key])
    return ""


class _Reader:
    def __init__(self, tree: YamlTree, file: str, flow_type: str, body: dict[str, Any]) -> None:
        self.tree = tree
        self.file = file
        self.flow_type = flow_type
        self.body = body
        name = str(body.get("name") or flow_type)
        self.flow = Flow(file, "genesys", name, None, kind=flow_type)
        self.flow.channel = CHANNELS.get(flow_type, "phone")
        self.flow.position = tree.where(body)
        self.tasks: dict[str, dict[str, Any]] = {}
        containers: list[tuple[str, str, dict[str, Any]]] = []
        for group, item_key in (
            ("menus", "menu"),
            ("tasks", "task"),
            ("states", "state"),
            ("reusableTasks", "task"),
        ):
            for item in body.get(group) or []:
                if isinstance(item, dict) and isinstance(item.get(item_key), dict):
                    container = item[item_key]
                    ref = str(container.get("refId") or container.get("name") or f"{item_key}")
                    containers.append((item_key, ref, container))
                    if item_key == "task":
                        self.tasks[ref] = container
        called = self._called_tasks(body)
        start = self.flow.add
        entry = Block("start", "start", flow_type, self.flow.position, name=f"{name} ({flow_type})")
        start(entry)
        self.flow.start = "start"
        first: str | None = _ref(body.get("startUpRef")) or None
        greeting = body.get("initialGreeting")
        if "startUpTaskActions" in body:
            first = self._sequence(body.get("startUpTaskActions"), "startup", None, 0)
        if isinstance(greeting, dict) and _lit(greeting):
            block = Block(
                "initial greeting",
                "prompt",
                "initialGreeting",
                tree.where(greeting, self.flow.position),
            )
            block.text = _lit(greeting)
            block.transitions.append(Transition(first, "", "next", block.position))
            start(block)
            first = block.id
        entry.transitions.append(Transition(first, "", "next", entry.position))
        for item_key, ref, container in containers:
            if item_key == "task" and ref in called:
                continue  # inlined at each callTask
            if item_key == "menu":
                self._menu(ref, container, ref)
            else:
                block = Block(
                    ref,
                    "logic",
                    item_key,
                    tree.where(container),
                    name=str(container.get("name") or ref),
                )
                start(block)
                target = self._sequence(container.get("actions"), ref, None, 0)
                block.transitions.append(Transition(target, "", "next", block.position))

    def _called_tasks(self, body: Any) -> set[str]:
        called: set[str] = set()
        jumped: set[str] = {_ref(body.get("startUpRef"))}
        stack = [body]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "callTask" and isinstance(value, dict):
                        called.add(_ref(value.get("targetTaskRef")))
                    elif key in ("targetTaskRef",) and isinstance(value, str):
                        jumped.add(_ref(value))
                    stack.append(value)
            elif isinstance(node, list):
                stack.extend(node)
        # Only called: inlined at each call; also jumped to: its own blocks as well.
        return called - jumped - {""}

    def _block(self, prefix: str, action_type: str, body: dict[str, Any]) -> Block:
        name = str(body.get("name") or action_type)
        kind = ACTION_KINDS.get(action_type, "logic")
        block = Block(
            f"{prefix}/{name}",
            kind,
            action_type,
            self.tree.where(body, self.flow.position),
            name=name,
        )
        if kind in ("prompt", "message"):
            block.text = _lit(
                body.get("audio") or body.get("messageBody") or body.get("body") or ""
            )
        if kind == "queue":
            block.params["queue"] = (
                _lit(body.get("targetQueue")) or _lit(body.get("targetGroup")) or "queue"
            )
        if kind == "subflow":
            block.params["flow"] = _lit(body.get("targetFlow") or body.get("targetFlowInfo") or "")
        if kind == "agent":
            block.params["number"] = _lit(body.get("targetAddress") or body.get("targetUser") or "")
        if action_type == "collectInput":
            block.params["stores"] = _lit(body.get("inputData")) or "digits"
        if action_type in ("evaluateScheduleGroup", "evaluateSchedule"):
            block.params["hours"] = "true"
        if action_type == "loop":
            block.params["count"] = _lit(body.get("loopCount"))
        if (
            action_type not in ACTION_KINDS
            and action_type not in JUMPS
            and action_type not in ("callTask", "endTask", "decision", "switch")
        ):
            block.params["logic"] = action_type
        self.flow.add(block)
        return block

    def _sequence(self, actions: Any, prefix: str, after: str | None, depth: int) -> str | None:
        """Blocks for a list of actions; returns the first one's id (or `after`)."""
        made: list[tuple[Block, str, dict[str, Any]]] = []
        for action in actions if isinstance(actions, list) else []:
            if not isinstance(action, dict) or len(action) != 1:
                continue
            action_type, body = next(iter(action.items()))
            body = body if isinstance(body, dict) else {}
            made.append((self._block(prefix, str(action_type), body), str(action_type), body))
        for index, (block, action_type, body) in enumerate(made):
            following = made[index + 1][0].id if index + 1 < len(made) else after
            self._wire(block, action_type, body, following, prefix, depth)
        return made[0][0].id if made else after

    def _wire(
        self,
        block: Block,
        action_type: str,
        body: dict[str, Any],
        after: str | None,
        prefix: str,
        depth: int,
    ) -> None:
        at = block.position
        add = block.transitions.append
        if action_type in JUMPS:
            add(Transition(_ref(body.get(JUMPS[action_type])), "", "next", at))
            return
        if action_type == "callTask":
            ref = _ref(body.get("targetTaskRef"))
            task = self.tasks.get(ref)
            if task is None or depth >= MAX_INLINE:
                add(Transition(ref, "", "next", at))  # a missing task is reported
                return
            target = self._sequence(task.get("actions"), f"{block.id}>{ref}", after, depth + 1)
            add(Transition(target, f"task {task.get('name') or ref}", "next", at))
            return
        if action_type == "endTask":
            add(Transition(after if prefix.count(">") else None, "", "next", at))
            return
        outputs = as_dict(body.get("outputs"))
        if action_type == "decision":
            condition = _lit(body.get("condition"))
            for answer in ("yes", "no"):
                branch = outputs.get(answer)
                target = (
                    self._sequence(branch.get("actions"), f"{block.id}/{answer}", after, depth)
                    if isinstance(branch, dict)
                    else after
                )
                add(
                    Transition(
                        target, f"{answer}: {condition}" if condition else answer, "condition", at
                    )
                )
            return
        if action_type == "switch":
            for number, case in enumerate(body.get("cases") or []):
                case = case.get("case") if isinstance(case, dict) else None
                if isinstance(case, dict):
                    target = self._sequence(
                        case.get("actions"), f"{block.id}/case {number + 1}", after, depth
                    )
                    add(
                        Transition(
                            target, _lit(case.get("value")) or f"case {number + 1}", "condition", at
                        )
                    )
            default = outputs.get("default")
            target = (
                self._sequence(default.get("actions"), block.id, after, depth)
                if isinstance(default, dict)
                else after
            )
            add(Transition(target, "default", "default", at))
            return
        if action_type == "loop":
            body_loop = outputs.get("loop")
            target = (
                self._sequence(body_loop.get("actions"), block.id, block.id, depth)
                if isinstance(body_loop, dict)
                else block.id
            )
            add(Transition(target, "retry", "condition", at))
            add(Transition(after, "retries exhausted", "condition", at))
            return
        covered: set[str] = set()
        for output, branch in outputs.items():
            if not isinstance(branch, dict):
                continue
            target = self._sequence(branch.get("actions"), f"{block.id}/{output}", after, depth)
            kind = (
                "error"
                if output in ERROR_OUTPUTS
                else "timeout"
                if output in TIMEOUT_OUTPUTS
                else "condition"
            )
            add(Transition(target, output, kind, at))
            covered.add(output)
        if action_type in TERMINAL or block.kind == "end":
            return
        if block.kind in ("queue", "agent", "voicemail"):
            if "failure" not in covered:
                add(Transition(after, "transfer failed", "error", at))
            return
        add(Transition(after, "otherwise" if covered else "", "next", at))

    def _menu(self, block_id: str, menu: dict[str, Any], prefix: str) -> str:
        block = Block(
            block_id,
            "menu",
            "menu",
            self.tree.where(menu, self.flow.position),
            name=str(menu.get("name") or block_id),
        )
        block.text = _lit(menu.get("audio"))
        self.flow.add(block)
        for choice in menu.get("choices") or []:
            if not isinstance(choice, dict) or len(choice) != 1:
                continue
            choice_type, body = next(iter(choice.items()))
            body = body if isinstance(body, dict) else {}
            name = str(body.get("name") or choice_type)
            digit = str(body.get("dtmf") or "").replace("digit_", "")
            label = f"pressed {digit}: {name}" if digit else name
            where = self.tree.where(body, block.position)
            target: str | None
            if choice_type == "menuDisconnect":
                end = Block(f"{prefix}/{name}", "end", choice_type, where, name=name)
                end.params["outcome"] = "abandoned"  # the caller chose to hang up
                self.flow.add(end)
                target = end.id
            elif choice_type in (
                "menuTransferToAcd",
                "menuTransferToUser",
                "menuTransferToNumber",
                "menuTransferToVoicemail",
                "menuTransferToGroup",
            ):
                action = choice_type[4].lower() + choice_type[5:]
                transfer = self._block(prefix, action, body)
                transfer.transitions.append(Transition(block.id, "transfer failed", "error", where))
                target = transfer.id
            elif choice_type == "menuTask":
                task = body.get("task")
                if isinstance(task, dict):
                    target = self._sequence(task.get("actions"), f"{prefix}/{name}", None, 0)
                else:
                    target = _ref(body.get("targetTaskRef"))
            elif choice_type == "menuJumpToMenu":
                target = _ref(body.get("targetMenuRef"))
            elif choice_type == "menuJumpToTask":
                target = _ref(body.get("targetTaskRef"))
            elif choice_type == "menuSubMenu":
                sub = as_dict(body.get("menu")) or body
                target = self._menu(f"{prefix}/{name}", sub, f"{prefix}/{name}")
            elif choice_type in ("menuRepeat", "menuPreviousMenu"):
                target = block.id
            else:
                target = None
            block.transitions.append(Transition(target, label, "option", where))
        return block.id
