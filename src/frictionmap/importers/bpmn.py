"""BPMN 2.0 process models (XML, read with defusedxml: no entity expansion,
no external entities, no DTD retrieval).

Each process is a flow; the journey follows the customer's one (a pool named
like the customer, else the first process with a start event). Lanes give
team names. Boundary events are ways out of their activity (a timer is a
timeout, an error an error); event sub-processes start on an event: neither
is "never reached". Parallel gateways are linearised (each branch after the
other, up to their join), with a note; message flows between pools are not
followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..loader import Limits
from .neutral import Block, Flow, Position, Transition
from .text import broken

ELEMENT_KINDS = {
    "startEvent": "start",
    "endEvent": "end",
    "task": "agent",
    "userTask": "agent",
    "manualTask": "agent",
    "serviceTask": "logic",
    "scriptTask": "logic",
    "businessRuleTask": "logic",
    "sendTask": "message",
    "receiveTask": "wait",
    "callActivity": "subflow",
    "subProcess": "logic",
    "transaction": "logic",
    "adHocSubProcess": "logic",
    "exclusiveGateway": "logic",
    "inclusiveGateway": "logic",
    "eventBasedGateway": "logic",
    "complexGateway": "logic",
    "parallelGateway": "logic",
    "intermediateCatchEvent": "wait",
    "intermediateThrowEvent": "logic",
    "boundaryEvent": "logic",
}
CONTAINERS = {"process", "subProcess", "transaction", "adHocSubProcess"}


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    position: Position
    children: list[_Element] = field(default_factory=list)
    text: str = ""


def _parse(text: str, file: str, limits: Limits) -> _Element:
    import xml.sax

    import defusedxml.sax

    class Handler(xml.sax.handler.ContentHandler):
        def __init__(self) -> None:
            super().__init__()
            self.root = _Element("", {}, (1, 1))
            self.stack = [self.root]
            self.locator: Any = None

        def setDocumentLocator(self, locator: Any) -> None:  # noqa: N802 - SAX API
            self.locator = locator

        def startElement(self, name: str, attrs: Any) -> None:  # noqa: N802
            if len(self.stack) > limits.max_depth:
                raise _TooDeep((self.locator.getLineNumber(), self.locator.getColumnNumber() + 1))
            line = self.locator.getLineNumber() if self.locator else 1
            column = (self.locator.getColumnNumber() + 1) if self.locator else 1
            element = _Element(name.rsplit(":", 1)[-1], dict(attrs.items()), (line, column))
            self.stack[-1].children.append(element)
            self.stack.append(element)

        def endElement(self, name: str) -> None:  # noqa: N802
            self.stack.pop()

        def characters(self, content: str) -> None:
            element = self.stack[-1]
            if len(element.text) < limits.max_string:
                element.text += content

    handler = Handler()
    try:
        defusedxml.sax.parseString(text.encode("utf-8"), handler)
    except _TooDeep as deep:
        raise broken(
            file, deep.position, f"nesting deeper than {limits.max_depth} levels (the limit)"
        ) from None
    except xml.sax.SAXParseException as error:
        where = (error.getLineNumber() or 1, (error.getColumnNumber() or 0) + 1)
        raise broken(file, where, f"invalid XML: {error.getMessage()}") from None
    except Exception as error:  # defusedxml refusals: entities, DTDs, external references
        raise broken(file, (1, 1), f"refused XML: {type(error).__name__}: {error}") from None
    return handler.root


class _TooDeep(Exception):
    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position


def read(text: str, file: str, limits: Limits) -> list[Flow]:
    root = _parse(text, file, limits)
    definitions = next((c for c in root.children if c.tag == "definitions"), None)
    if definitions is None:
        raise broken(file, (1, 1), "not BPMN: no <definitions> element")
    participants: dict[str, str] = {}
    for element in _walk(definitions):
        if element.tag == "participant" and element.attrs.get("processRef"):
            participants[element.attrs["processRef"]] = element.attrs.get("name", "")
    processes = [c for c in definitions.children if c.tag == "process"]
    if not processes:
        raise broken(file, definitions.position, "the BPMN file holds no <process>")
    flows = [_process(p, participants.get(p.attrs.get("id", ""), ""), file) for p in processes]

    # The customer's process first: the journey is lowered from the first flow.
    def rank(flow: Flow) -> tuple[int, int]:
        customer = (
            0 if re.match(r"(the )?(customer|client|employee|caller)s?\b", flow.name, re.I) else 1
        )
        return (customer, 0 if flow.start else 1)

    flows.sort(key=rank)
    return flows


def _walk(element: _Element) -> list[_Element]:
    found: list[_Element] = []
    stack = [element]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(reversed(node.children))
    return found


def _process(process: _Element, pool: str, file: str) -> Flow:
    name = pool or process.attrs.get("name") or process.attrs.get("id", "process")
    flow = Flow(file, "bpmn", name, None, kind="process")
    flow.position = process.position
    flow.aliases.append(process.attrs.get("id", ""))
    flow.channel = "web"
    lanes: dict[str, str] = {}
    for element in _walk(process):
        if element.tag == "lane":
            for child in element.children:
                if child.tag == "flowNodeRef":
                    lanes[child.text.strip()] = element.attrs.get("name", "")
    exits: dict[str, str] = {}
    _container(process, flow, lanes, name, None, exits)
    for parent, exit_id in exits.items():
        # A sub-process's own sequence flows leave from its exit, not its entry.
        parent_block = flow.blocks[parent]
        flow.blocks[exit_id].transitions.extend(parent_block.transitions[1:])
        del parent_block.transitions[1:]
    _linearise_parallel(flow)
    return flow


def _container(
    container: _Element,
    flow: Flow,
    lanes: dict[str, str],
    pool: str,
    parent: str | None,
    exits: dict[str, str],
) -> str | None:
    flows: list[_Element] = []
    starts: list[str] = []
    ends: list[str] = []
    defaults: dict[str, str] = {}
    for element in container.children:
        if element.tag == "sequenceFlow":
            flows.append(element)
            continue
        kind = ELEMENT_KINDS.get(element.tag)
        if kind is None:
            continue
        identifier = element.attrs.get("id", "")
        if not identifier:
            continue
        block = Block(
            identifier,
            kind,
            element.tag,
            element.position,
            name=element.attrs.get("name", "").strip(),
        )
        team = lanes.get(identifier) or pool
        if team:
            block.params["team"] = team
        if element.attrs.get("default"):
            defaults[identifier] = element.attrs["default"]
        definitions = {c.tag for c in element.children}
        if element.tag == "callActivity":
            block.params["flow"] = element.attrs.get("calledElement", "")
        timed = element.tag in ("intermediateCatchEvent", "boundaryEvent", "startEvent")
        if timed and "timerEventDefinition" in definitions:
            block.params["timer"] = "true"
        if element.tag == "intermediateThrowEvent" and "messageEventDefinition" in definitions:
            block.kind = "message"
        if (
            element.tag == "endEvent"
            and parent is not None
            and container.attrs.get("triggeredByEvent") != "true"
        ):
            block.kind = "logic"  # the end of an embedded sub-process: back to its parent
            ends.append(identifier)
        flow.add(block)
        if element.tag == "startEvent":
            starts.append(identifier)
        if element.tag == "boundaryEvent":
            _attach_boundary(flow, element, block, definitions)
        if element.tag in CONTAINERS and not any(c.tag in ELEMENT_KINDS for c in element.children):
            block.kind = "agent"  # a collapsed sub-process with no body: one activity
        elif element.tag in CONTAINERS:
            event_sub = element.attrs.get("triggeredByEvent") == "true"
            inner_start = _container(
                element, flow, lanes, team, None if event_sub else identifier, exits
            )
            if event_sub:
                block.kind = "logic"
                flow.entries.append(identifier)
                block.transitions.append(Transition(inner_start, "event", "next", element.position))
                block.params["event_subprocess"] = "true"
            else:
                block.transitions.insert(0, Transition(inner_start, "", "next", element.position))
    _wire_sequence_flows(flow, flows, defaults)
    return _entered(container, flow, parent, starts, ends, flows, exits)


def _attach_boundary(
    flow: Flow, element: _Element, block: Block, definitions: set[str]
) -> None:
    """A boundary event: an entry of its own, and a way out of the activity it is
    attached to (a timeout, an error or a condition)."""
    host = element.attrs.get("attachedToRef", "")
    flow.entries.append(block.id)
    label = block.name or ("timer" if "timerEventDefinition" in definitions else "event")
    kind = (
        "timeout"
        if "timerEventDefinition" in definitions
        else "error"
        if ("errorEventDefinition" in definitions)
        else "condition"
    )
    flow.blocks.setdefault(host, Block(host, "logic", "missing", element.position))
    flow.blocks[host].transitions.append(Transition(block.id, label, kind, element.position))


def _wire_sequence_flows(flow: Flow, flows: list[_Element], defaults: dict[str, str]) -> None:
    """Each sequence flow as a transition of its source (a missing source is kept
    as a `missing` block, for the structural checks to report)."""
    for element in flows:
        source = element.attrs.get("sourceRef", "")
        target = element.attrs.get("targetRef", "") or None
        label = element.attrs.get("name", "").strip()
        condition = next(
            (c.text.strip() for c in element.children if c.tag == "conditionExpression"), ""
        )
        kind = (
            "default"
            if defaults.get(source) == element.attrs.get("id")
            else ("condition" if (label or condition) else "next")
        )
        found = flow.blocks.get(source)
        if found is None:
            found = Block(source, "logic", "missing", element.position)
            flow.blocks[source] = found
        found.transitions.append(
            Transition(target, label or condition[:60], kind, element.position)
        )


def _entered(
    container: _Element,
    flow: Flow,
    parent: str | None,
    starts: list[str],
    ends: list[str],
    flows: list[_Element],
    exits: dict[str, str],
) -> str | None:
    """Where a process or sub-process is entered; a sub-process's ends lead to its
    exit block, which leads back to its parent."""
    if parent is None and container.tag == "process":
        if starts:
            flow.start = starts[0]
            flow.entries.extend(starts[1:])
    elif parent is not None:
        exit_id = f"{parent}/exit"
        exit_block = Block(
            exit_id, "logic", "subProcessExit", container.position, name="end of sub-process"
        )
        flow.add(exit_block)
        for end in ends:
            flow.blocks[end].transitions.append(
                Transition(exit_id, "", "next", flow.blocks[end].position)
            )
        exits[parent] = exit_id
    if not starts and parent is not None:
        # A sub-process without a start event starts at its nodes no flow leads to.
        targets = {f.attrs.get("targetRef") for f in flows}
        nodes = [c.attrs.get("id", "") for c in container.children if c.tag in ELEMENT_KINDS]
        starts = [n for n in nodes if n and n not in targets and n in flow.blocks]
        starts = [n for n in starts if flow.blocks[n].type != "boundaryEvent"]
    return starts[0] if starts else None


def _linearise_parallel(flow: Flow) -> None:
    """Each parallel fork's branches one after the other, up to their join."""
    incoming: dict[str, int] = {}
    for block in flow.blocks.values():
        for transition in block.transitions:
            if transition.target:
                incoming[transition.target] = incoming.get(transition.target, 0) + 1
    for block in list(flow.blocks.values()):
        if block.type != "parallelGateway" or len(block.transitions) < 2:
            continue
        branches = [t.target for t in block.transitions if t.target]
        join = _common_join(flow, branches, incoming)
        if join is None:
            flow.notes.append(
                f"parallel gateway {block.title}: its branches have no common join; "
                "they are read as alternatives"
            )
            continue
        for number, start in enumerate(branches[:-1]):
            following = branches[number + 1]
            for node in _branch_nodes(flow, start, join):
                for transition in flow.blocks[node].transitions:
                    if transition.target == join:
                        transition.target = following
        block.transitions = [Transition(branches[0], "", "next", block.position)]
        flow.notes.append(
            f"parallel gateway {block.title}: its {len(branches)} branches are read one after "
            "the other (linearised)"
        )


def _branch_nodes(flow: Flow, start: str, join: str) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node in seen or node == join or node not in flow.blocks:
            continue
        seen.add(node)
        stack.extend(t.target for t in flow.blocks[node].transitions if t.target)
    return seen


def _common_join(flow: Flow, branches: list[str], incoming: dict[str, int]) -> str | None:
    reach: list[set[str]] = []
    for start in branches:
        if start is None:
            return None
        seen: set[str] = set()
        stack = [start]
        while stack:
            node = stack.pop()
            if node in seen or node not in flow.blocks:
                continue
            seen.add(node)
            block = flow.blocks[node]
            if block.type == "parallelGateway" and incoming.get(node, 0) > 1:
                continue  # a join: do not look past it
            stack.extend(t.target for t in block.transitions if t.target)
        reach.append(seen)
    common = set.intersection(*reach) if reach else set()
    joins = [
        n for n in common if flow.blocks[n].type == "parallelGateway" and incoming.get(n, 0) > 1
    ]
    return sorted(joins)[0] if joins else None
