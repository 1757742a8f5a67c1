"""Twilio Studio: a flow definition as JSON, as a JavaScript module
(`module.exports = {...}`) or as a Terraform template (`${...}` placeholders,
quoted or not).

A transition without `next` ends the execution: on a success event that is
the normal end of the call; on a failure or timeout event the call is cut
without a word (structure.py reports it). Menus are a gather widget followed
by a split on its Digits or SpeechResult: the split is contracted into the
gather, its conditions becoming the menu options.
"""

from __future__ import annotations

import re
from typing import Any

from ..loader import Limits
from .neutral import Block, Flow, Transition
from .text import Locator, as_dict, as_list, broken, load_json, parse_literal

WIDGET_KINDS = {
    "trigger": "start",
    "say-play": "prompt",
    "gather-input-on-call": "menu",
    "split-based-on": "logic",
    "run-function": "logic",
    "make-http-request": "logic",
    "set-variables": "logic",
    "add-twiml-redirect": "logic",
    "fork-stream": "logic",
    "send-message": "message",
    "send-and-wait-for-reply": "input",
    "send-to-flex": "queue",
    "enqueue-call": "queue",
    "connect-call-to": "agent",
    "make-outgoing-call-v2": "agent",
    "record-voicemail": "voicemail",
    "record": "voicemail",
    "hangup": "end",
    "send-to-auto-pilot": "menu",
    "capture-payments": "input",
    "run-subflow": "subflow",
}

# Events by what they mean; anything else is a normal way on.
FAILURE_EVENTS = {
    "fail",
    "failed",
    "failure",
    "deliveryFailure",
    "callFailure",
    "failedToEnqueue",
    "noAudio",
    "busy",
    "noAnswer",
    "hangup",
}
TIMEOUT_EVENTS = {"timeout"}
DEFAULT_EVENTS = {"noMatch"}

EVENT_LABELS = {
    "keypress": "pressed a key",
    "speech": "spoke",
    "timeout": "no answer (timeout)",
    "noMatch": "no match",
    "fail": "function failed",
    "failed": "failed",
    "failure": "failed",
    "deliveryFailure": "message not delivered",
    "incomingMessage": "replied",
    "callFailure": "call failed",
    "failedToEnqueue": "could not be queued",
    "noAudio": "no message recorded",
    "hangup": "caller hung up",
    "recordingComplete": "message recorded",
    "sessionEnded": "bot session ended",
}


def read(text: str, file: str, limits: Limits) -> list[Flow]:
    locator = Locator(text)
    data = _definition(text, file, locator, limits)
    if not isinstance(data, dict) or not isinstance(data.get("states"), list):
        raise broken(file, (1, 1), "not a Twilio Studio flow: no 'states' list")
    # A REST API flow resource holds the definition under "definition".
    return [_flow(data, file, locator)]


def _definition(text: str, file: str, locator: Locator, limits: Limits) -> Any:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = load_json(text, file, limits)
        except Exception:
            if "${" not in text:
                raise
            # A Terraform template: `${...}` written bare where a value goes.
            data = load_json(_quote_placeholders(text), file, limits)
        if isinstance(data, dict) and isinstance(data.get("definition"), dict):
            return data["definition"]
        return data
    # A JavaScript module: the object literal after `module.exports =`,
    # `export default` or the first assignment.
    match = re.search(r"(?:module\.exports\s*=|export\s+default|=)\s*(?=\{)", text)
    if match is None:
        raise broken(file, (1, 1), "no flow object found (JSON, or a JS module exporting one)")
    return parse_literal(text, match.end(), file, locator, limits)


_BARE = re.compile(r'(?<!["\w])\$\{[^{}"\n]*\}(?!["\w])')


def _quote_placeholders(text: str) -> str:
    return _BARE.sub(lambda m: '"' + m.group().replace('"', "'") + '"', text)


def _flow(data: dict[str, Any], file: str, locator: Locator) -> Flow:
    description = data.get("description") if isinstance(data.get("description"), str) else ""
    initial = data.get("initial_state") if isinstance(data.get("initial_state"), str) else None
    flow = Flow(file, "twilio", description or "Twilio Studio flow", initial)
    for state in data["states"]:
        if not isinstance(state, dict) or not isinstance(state.get("name"), str):
            raise broken(file, (1, 1), "a widget has no name")
        name = state["name"]
        kind_name = str(state.get("type", ""))
        at = locator.pair_index("name", name)
        position = locator.at(at) if at >= 0 else (1, 1)
        kind = WIDGET_KINDS.get(kind_name, "logic")
        block = Block(name, kind, kind_name, position, name=name)
        properties = as_dict(state.get("properties"))
        block.text = str(properties.get("say") or properties.get("body") or "")
        if kind_name not in WIDGET_KINDS:
            block.params["unknown"] = kind_name
        if kind_name in ("send-to-flex", "enqueue-call"):
            block.params["queue"] = str(
                properties.get("workflow") or properties.get("queue_name") or ""
            )
        if kind_name == "connect-call-to":
            block.params["number"] = str(properties.get("to") or "")
        if kind_name == "run-subflow":
            block.params["flow"] = str(properties.get("flow_sid") or "")
        if kind_name == "send-to-auto-pilot":
            block.params["bot"] = "true"
        if kind_name == "send-and-wait-for-reply":
            block.params["stores"] = "reply"
        subject = str(properties.get("input") or "")
        transitions = as_list(state.get("transitions"))
        for transition in transitions:
            if not isinstance(transition, dict):
                continue
            event = str(transition.get("event") or "next")
            target = transition.get("next") if isinstance(transition.get("next"), str) else None
            event_at = locator.index_of(rf'"event"\s*:\s*"{re.escape(event)}"', max(at, 0))
            where = locator.at(event_at) if event_at >= 0 else position
            block.transitions.append(_transition(block, event, target, transition, subject, where))
        if kind == "start":  # a trigger's unwired events are entries the flow does not take
            block.transitions = [t for t in block.transitions if t.target is not None]
        if kind_name == "gather-input-on-call":
            _unused_input(block)
        if kind == "start":
            flow.channel = _trigger_channel(block)
            flow.entries.append(name)
            if flow.start is None:
                flow.start = name
        flow.add(block)
    return flow


def _transition(
    block: Block, event: str, target: str | None, raw: dict[str, Any], subject: str, where: Any
) -> Transition:
    if event in FAILURE_EVENTS:
        return Transition(target, EVENT_LABELS.get(event, event), "error", where)
    if event in TIMEOUT_EVENTS:
        return Transition(target, EVENT_LABELS[event], "timeout", where)
    if event in DEFAULT_EVENTS:
        return Transition(target, EVENT_LABELS[event], "default", where)
    if event == "match":
        return Transition(
            target,
            _match_label(raw, subject),
            "option" if _is_menu(subject) else "condition",
            where,
        )
    label = EVENT_LABELS.get(
        event, "" if event in ("next", "success", "sent", "audioComplete") else event
    )
    if block.type == "trigger":
        label = event
    return Transition(target, label, "next", where)


def _unused_input(block: Block) -> None:
    """A gather with keypress wired and speech not (or the reverse) takes one input only."""
    wired = {t.label: t.target is not None for t in block.transitions}
    for used, unused in (("pressed a key", "spoke"), ("spoke", "pressed a key")):
        if wired.get(used) and wired.get(unused) is False:
            block.transitions = [t for t in block.transitions if t.label != unused]


def _is_menu(subject: str) -> bool:
    return bool(re.search(r"\.(Digits|SpeechResult|Body|CurrentTask)\b", subject))


def _match_label(raw: dict[str, Any], subject: str) -> str:
    conditions = as_list(raw.get("conditions"))
    values = []
    for condition in conditions:
        if isinstance(condition, dict):
            value = str(condition.get("value", ""))
            kind = str(condition.get("type", "equal_to")).replace("_", " ")
            values.append(value if kind == "equal to" else f"{kind} {value}")
    text = " or ".join(values) or "match"
    if ".Digits" in subject:
        return f"pressed {text}"
    if ".SpeechResult" in subject or "CurrentTask" in subject:
        return f"said {text}"
    if ".Body" in subject:
        return f"replied {text}"
    field = re.sub(r"[{}]", "", subject).rsplit(".", 1)[-1] if subject else "value"
    return f"{field} = {text}" if text != "match" else text


def _trigger_channel(block: Block) -> str:
    used = [t.label for t in block.transitions if t.target]
    if "incomingCall" in used:
        return "phone"
    if "incomingMessage" in used or "incomingConversationMessage" in used:
        return "sms"
    if "incomingRequest" in used:
        return "sms"
    return "phone"
