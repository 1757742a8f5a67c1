"""Which platform an export comes from, read from its content.

The extension is never enough: a `.json` may be Connect or Twilio, a `.yaml`
may be Archy, CloudFormation or a journey, a `.tf` or `.js` wraps either.
"""

from __future__ import annotations

import re

_ARCHY_TYPES = (
    "inboundCall|inqueueCall|outboundCall|secureCall|inboundShortMessage|inboundChat|"
    "inboundEmail|inqueueEmail|inqueueShortMessage|workflow|commonModule|bot|digitalBot|"
    "inboundMessage|inqueueMessage|voicemail|surveyInvite"
)


def detect(text: str) -> str | None:
    """`connect`, `twilio`, `genesys`, `bpmn`, `journey`, or None when unknown."""
    head = text[:4096]
    if re.search(r"<(\w+:)?definitions\b", head) and "bpmn" in head.lower():
        return "bpmn"
    if re.search(r"^\s*frictionmap\s*:", text[:20000], re.M):
        return "journey"
    if re.search(r'"?(Actions|modules)"?\s*[:=]', text) and re.search(
        r'\\*"?(StartAction|start)\\*"?\s*[:=]', text
    ):
        return "connect"
    if re.search(r"AWS::Connect::ContactFlow|aws_connect_contact_flow", text):
        return "connect"
    if re.search(r"\\*\"(Identifier|StartAction)\\*\"", text):
        return "connect"
    if re.search(r'"?states"?\s*:', text) and re.search(r'"?initial_state"?\s*:', text):
        return "twilio"
    if re.search(rf"^({_ARCHY_TYPES})\s*:\s*$", text, re.M) and re.search(
        r"^\s+(startUpRef|startUpTaskActions|menus|states|tasks)\s*:", text, re.M
    ):
        return "genesys"
    return None
