"""Lowering: the neutral graph of an export set -> a journey (plain data).

Blocks the customer does not experience (attribute sets, function and Lambda
calls, compares, hours checks, logging, percentage splits, loop counters,
flow hand-offs) are contracted: their ways out are joined to their
predecessors', conditions kept as branch labels, probabilities multiplied.
A TransferToFlow / run-subflow / call activity naming a flow of the same
export set is spliced in (a module returns to its caller). A queue becomes
queue -> agent -> outcome. Unknown quantities come from the overlay or stay
at their documented defaults, each reported as an assumption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .neutral import Block, Flow, Transition
from .overlay import DEFAULTS, Overlay

CONTRACTED = {"logic", "percent", "loop", "subflow", "return"}
# Calls that come back: a module, a bot, a sub-process; a transfer to a flow does not.
RETURNING = {
    "InvokeFlowModule",
    "callCommonModule",
    "callBotFlow",
    "callDigitalBotFlow",
    "run-subflow",
    "callActivity",
}
VOICE = {"phone"}
MAX_SPLICE_DEPTH = 6
MAX_LABEL = 90


@dataclass(frozen=True)
class Node:
    """A block in a context: `caller` is the module call site a `return` goes back to."""

    flow: int
    block: str
    caller: Node | None = None

    def depth(self) -> int:
        return 0 if self.caller is None else 1 + self.caller.depth()


@dataclass
class Edge:
    target: Node | None  # None: the contact ends here
    p: float
    label: str
    failure: bool  # an error or timeout was on the way


@dataclass
class Lowered:
    journey: dict[str, Any]
    comments: dict[str, list[str]]  # step id -> comment lines
    # step id -> where its block stands in the export (line, column)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return text[:48].strip("_") or "step"


class _Lowering:
    def __init__(self, flows: list[Flow], overlay: Overlay) -> None:
        self.flows = flows
        self.overlay = overlay
        self.by_name: dict[str, int] = {}
        for index, flow in enumerate(flows):
            for key in (flow.name, _stem(flow.file), *flow.aliases):
                self.by_name.setdefault(key.lower(), index)
        # The journey starts in the first contact flow of the set (not a whisper or queue flow).
        self.main = next(
            (
                i
                for i, f in enumerate(flows)
                if f.kind.upper().replace("_", "") in ("CONTACTFLOW", "INBOUNDCALL")
            ),
            0,
        )
        self.ids: dict[Any, str] = {}
        self.used: set[str] = set()
        self.steps: dict[str, dict[str, Any]] = {}
        self.comments: dict[str, list[str]] = {}
        self.positions: dict[str, tuple[int, int]] = {}
        self.assumptions: list[str] = []
        self.teams: dict[str, dict[str, Any]] = {}
        self.data: dict[str, dict[str, Any]] = {}
        self.resolved: dict[Node, list[Edge]] = {}
        self.in_progress: set[Node] = set()

    # -- ids -------------------------------------------------------------
    def step_id(self, key: Any, wanted: str) -> str:
        if key in self.ids:
            return self.ids[key]
        base = slug(wanted)
        candidate, serial = base, 2
        while candidate in self.used:
            candidate = f"{base}_{serial}"
            serial += 1
        self.used.add(candidate)
        self.ids[key] = candidate
        return candidate

    def block(self, node: Node) -> Block | None:
        return self.flows[node.flow].blocks.get(node.block)

    def where(self, node: Node) -> str:
        flow = self.flows[node.flow]
        block = flow.blocks[node.block]
        return f"{_base(flow.file)}:{block.position[0]}:{block.position[1]}"

    # -- probabilities -----------------------------------------------------
    def probabilities(self, flow: Flow, block: Block) -> list[float]:
        transitions = block.transitions
        given = self.overlay.branches(flow, block)
        result: list[float | None] = []
        for key, transition in zip(block.branch_keys(), transitions, strict=True):
            if key in given:
                result.append(given[key])
            elif transition.p is not None:
                result.append(transition.p)
            else:
                result.append(None)
        if block.kind == "loop" and not given:
            count = _number(block.params.get("count"), 3)
            for index, transition in enumerate(transitions):
                retry = transition.label == "retry"
                result[index] = count / (count + 1) if retry else 1 / (count + 1)
            self.assume(
                f"{block.title}: a loop of {count:g} retries is left "
                f"with p {1 / (count + 1):.2f} per pass"
            )
        missing = [i for i, value in enumerate(result) if value is None]
        known = sum(v for v in result if v is not None)
        if missing:
            failures = [i for i in missing if transitions[i].kind in ("error", "timeout")]
            others = [i for i in missing if i not in failures]
            rest = max(0.0, 1.0 - known)
            failure_p = (
                min(DEFAULTS["failure_p"], rest / (2 * max(1, len(failures))))
                if others
                else (rest / len(failures) if failures else 0.0)
            )
            for i in failures:
                result[i] = failure_p
            rest -= failure_p * len(failures)
            for i in others:
                result[i] = rest / len(others)
            if len(transitions) > 1:
                self.assume_block(
                    flow,
                    block,
                    "branch probabilities assumed (errors and timeouts "
                    f"{DEFAULTS['failure_p']:g} each, the rest shared evenly)",
                )
        return [float(v or 0.0) for v in result]

    def assume(self, text: str) -> None:
        if text not in self.assumptions:
            self.assumptions.append(text)

    def assume_block(self, flow: Flow, block: Block, text: str) -> None:
        self.assume(f"{block.title} ({block.id}): {text}")

    # -- contraction -------------------------------------------------------
    def target_node(self, node: Node, transition: Transition) -> Node | None:
        if transition.target is None:
            return None
        return Node(node.flow, transition.target, node.caller)

    def splice(self, node: Node) -> int | None:
        block = self.block(node)
        assert block is not None
        name = block.params.get("flow", "").lower()
        index = self.by_name.get(name)
        if index is None or node.depth() >= MAX_SPLICE_DEPTH:
            return None
        return index

    def out_edges(self, node: Node) -> list[Edge]:
        """Edges from `node` to visible nodes (or the end), through contracted blocks."""
        block = self.block(node)
        if block is None:
            return []
        flow = self.flows[node.flow]
        if block.kind == "subflow":
            index = self.splice(node)
            if index is not None:
                target = self.flows[index]
                returns = block.type in RETURNING
                caller = node if returns else node.caller
                if target.start is None:
                    return [Edge(None, 1.0, "", False)]
                return [Edge(Node(index, target.start, caller), 1.0, f"flow {target.name}", False)]
            if block.type in RETURNING:  # a call outside the set: passed through, as it returns
                self.assume_block(
                    flow,
                    block,
                    f"calls {block.params.get('flow') or '?'}, "
                    "outside the export set: passed through",
                )
                return self._edges_of(node, block, flow)
            return []  # a transfer outside the export set: a visible end (see emit)
        if block.kind == "return":
            if node.caller is None:
                return [Edge(None, 1.0, "", False)]
            caller_block = self.block(node.caller)
            assert caller_block is not None
            return self._edges_of(
                Node(node.caller.flow, node.caller.block, node.caller.caller),
                caller_block,
                self.flows[node.caller.flow],
                returning=True,
            )
        return self._edges_of(node, block, flow)

    def _edges_of(
        self, node: Node, block: Block, flow: Flow, returning: bool = False
    ) -> list[Edge]:
        transitions = block.transitions
        if returning:  # back from a module: its successful way on
            transitions = [t for t in transitions if t.kind not in ("error", "timeout")][
                :1
            ] or transitions[:1]
            if not transitions:
                return [Edge(None, 1.0, "", False)]
            return [Edge(self.target_node(node, transitions[0]), 1.0, transitions[0].label, False)]
        if block.kind == "queue":  # only its failures leave the queue; success goes to the agent
            transitions = [t for t in transitions if t.kind in ("error", "timeout")]
        if not transitions:
            return (
                []
                if block.kind in ("end", "queue", "agent", "callback", "voicemail")
                else [Edge(None, 1.0, "", False)]
            )
        probabilities = (
            self.probabilities(flow, block)
            if block.kind != "queue"
            else [self.overlay.queue_failure(flow, block, len(transitions))] * len(transitions)
        )
        edges = []
        for transition, p in zip(transitions, probabilities, strict=True):
            # A "no match" that leads nowhere ends the contact without a word, as a failure does.
            failure = transition.kind in ("error", "timeout") or (
                transition.kind == "default" and transition.target is None
            )
            edges.append(Edge(self.target_node(node, transition), p, transition.label, failure))
        return edges

    def resolve(self, node: Node) -> list[Edge]:
        """Edges from a visible node to the next visible nodes, contracted blocks skipped."""
        return _merge(self._expand(self.out_edges(node)))

    def _expand(self, edges: list[Edge]) -> list[Edge]:
        result: list[Edge] = []
        for edge in edges:
            if edge.target is None or self.is_visible(edge.target):
                result.append(edge)
                continue
            for inner in self.through(edge.target):
                label = _join(edge.label, inner.label)
                result.append(
                    Edge(inner.target, edge.p * inner.p, label, edge.failure or inner.failure)
                )
        return result

    def is_visible(self, node: Node) -> bool:
        block = self.block(node)
        if block is None:
            return True
        if block.kind == "subflow":
            return self.splice(node) is None and block.type not in RETURNING
        return block.kind not in CONTRACTED

    def through(self, node: Node) -> list[Edge]:
        """Where a contracted block leads, memoised; a loop of contracted blocks only is cut."""
        if node in self.resolved:
            return self.resolved[node]
        if node in self.in_progress:
            return []
        self.in_progress.add(node)
        edges = self.out_edges(node)
        expanded = self._expand(edges)
        total = sum(e.p for e in expanded)
        if expanded and 0 < total < 0.999999:
            expanded = [Edge(e.target, e.p / total, e.label, e.failure) for e in expanded]
        self.in_progress.discard(node)
        self.resolved[node] = expanded
        return expanded

    # -- steps -------------------------------------------------------------
    def lower(self) -> Lowered:
        main = self.flows[self.main]
        if main.start is None or main.start not in main.blocks:
            start_node = None
        else:
            start_node = Node(self.main, main.start)
        channel = self.overlay.channel(main)
        contact = self.step_id("contact", "contact")
        self.steps[contact] = {"type": "contact", "label": f"{main.name}", "channel": channel}
        self.comments[contact] = [f"{main.platform} flow '{main.name}' ({_base(main.file)})"]
        start_at = main.blocks[main.start].position if main.start in main.blocks else main.position
        self.positions[contact] = start_at
        queue: list[Node] = []
        first: list[Edge]
        start_block = self.block(start_node) if start_node is not None else None
        if start_node is None or start_block is None:
            first = [Edge(None, 1.0, "", False)]
        elif start_block.kind == "start":
            first = self.resolve(start_node)
        elif self.is_visible(start_node):
            first = [Edge(start_node, 1.0, "", False)]
        else:
            first = _merge(self._expand([Edge(start_node, 1.0, "", False)]))
        self.steps[contact]["next"] = self.branches(first, queue)
        seen: set[Node] = set()
        while queue:
            node = queue.pop(0)
            if node in seen:
                continue
            seen.add(node)
            self.emit(node, queue, channel)
        journey: dict[str, Any] = {
            "frictionmap": 1,
            "name": self.overlay.name or (main.name if "{{" not in main.name else _stem(main.file)),
            "description": f"Imported from {main.platform} export {_base(main.file)}.",
            "source": ", ".join(sorted({_base(f.file) for f in self.flows})),
        }
        if self.overlay.currency:
            journey["currency"] = self.overlay.currency
        if self.teams:
            journey["teams"] = dict(sorted(self.teams.items()))
        if self.data:
            journey["data"] = dict(sorted(self.data.items()))
        journey["start"] = contact
        journey["steps"] = self.steps
        return Lowered(journey, self.comments, self.positions, self.assumptions)

    def branches(self, edges: list[Edge], queue: list[Node]) -> list[dict[str, Any]]:
        return _round(_merge_branches(self.raw_branches(edges, queue)))

    def raw_branches(self, edges: list[Edge], queue: list[Node]) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = []
        for edge in edges:
            target, dropped = self.edge_target(edge, queue)
            branch: dict[str, Any] = {"to": target}
            branch["p"] = edge.p
            if edge.label:
                branch["when"] = edge.label[:MAX_LABEL]
            if dropped:
                branch["dropped"] = True
            result.append(branch)
        return result

    def edge_target(self, edge: Edge, queue: list[Node]) -> tuple[str, bool]:
        if edge.target is None:
            if edge.failure:
                return self.cut_off(), True
            return self.ends(edge.label), False
        block = self.block(edge.target)
        if block is None:
            return self.cut_off(), True
        if block.kind == "end" and edge.failure:
            return self.cut_off(block), True
        queue.append(edge.target)
        return self.step_id(edge.target, _wanted(block)), False

    def cut_off(self, block: Block | None = None) -> str:
        key = ("cut", block.id if block else "")
        new = key not in self.ids
        step = self.step_id(key, f"{block.title} after error" if block else "cut_off")
        if new:
            self.steps[step] = {
                "type": "outcome",
                "label": "the contact is ended after an error",
                "outcome": "unresolved",
            }
            self.comments[step] = ["an error or timeout branch ends the contact (dropped)"]
            self.positions[step] = block.position if block else self.flows[self.main].position
        return step

    def ends(self, label: str) -> str:
        key = ("ends", "")
        new = key not in self.ids
        step = self.step_id(key, "contact_ends")
        if new:
            outcome = DEFAULTS["end_outcome"]
            self.steps[step] = {"type": "outcome", "label": "the contact ends", "outcome": outcome}
            self.comments[step] = [f"no next block: the flow ends; outcome '{outcome}' assumed"]
            self.positions[step] = self.flows[self.main].position
            self.assume(f"{step}: outcome '{outcome}' assumed")
        return step

    def emit(self, node: Node, queue: list[Node], channel: str) -> None:
        flow = self.flows[node.flow]
        block = self.block(node)
        assert block is not None
        step_id = self.step_id(node, _wanted(block))
        voice = channel in VOICE
        comment = [f"{block.type} {block.id} at {self.where(node)}"]
        settings = self.overlay.block(flow, block)
        step, label = self.fields(flow, block, settings, voice, comment)
        kind = block.kind
        if kind != "start":
            step["label"] = label.strip()[:MAX_LABEL] or block.type
        for key in ("cost",):
            if key in settings:
                step[key] = settings[key]
        self.steps[step_id] = {"type": step.pop("type"), **step}
        self.comments[step_id] = comment
        self.positions[step_id] = block.position
        if kind in ("end", "subflow"):
            return
        if kind == "queue":
            self.queue_agent(node, step_id, block, settings, queue)
            return
        edges = self.resolve(node)
        if not edges:
            self.flow_end(node, step_id, block, label, settings)
            return
        self.steps[step_id]["next"] = self.branches(edges, queue)

    def fields(
        self,
        flow: Flow,
        block: Block,
        settings: dict[str, Any],
        voice: bool,
        comment: list[str],
    ) -> tuple[dict[str, Any], str]:
        """The step a block becomes (its type and what the overlay says), and its label;
        what was assumed goes into `comment`."""
        step: dict[str, Any] = {}
        label = _label(block)
        kind = block.kind
        if kind in ("prompt", "menu", "input"):
            step["type"] = "ivr" if voice and not block.params.get("bot") else "bot"
            if kind == "input" or block.params.get("stores"):
                datum = self.datum(flow, block, settings)
                step["asks"] = [datum]
            step["minutes"] = settings.get("minutes", DEFAULTS["automated_minutes"])
            if "minutes" not in settings:
                comment.append(f"minutes {DEFAULTS['automated_minutes']} assumed")
        elif kind == "queue":
            step["type"] = "queue"
            step["team"] = self.team(flow, block, settings)
            if "wait" in settings:
                step["wait"] = settings["wait"]
            else:
                comment.append("queue wait unknown: set it in the overlay")
                self.assume_block(flow, block, "queue wait unknown")
            if "staffing" in settings:
                step["staffing"] = settings["staffing"]
        elif kind == "agent":
            step["type"] = "agent"
            step["team"] = self.team(flow, block, settings)
            if "minutes" in settings:
                step["minutes"] = settings["minutes"]
        elif kind in ("callback", "voicemail"):
            step["type"] = "callback"
            if kind == "voicemail":
                label = block.name or "leave a voicemail"
        elif kind == "message":
            step["type"] = "message"
            step["reply"] = False
        elif kind == "self_service":
            step["type"] = "self_service"
        elif kind == "wait":
            step["type"] = "delay"
            if "hours" in settings:
                step["hours"] = settings["hours"]
        elif kind == "end":
            step["type"] = "outcome"
            default = block.params.get("outcome", DEFAULTS["end_outcome"])
            step["outcome"] = settings.get("outcome", default)
            if "outcome" not in settings:
                comment.append(f"outcome '{step['outcome']}' assumed")
        elif kind == "subflow":  # a flow outside the export set
            target = block.params.get("flow") or "another flow"
            step["type"] = "outcome"
            step["outcome"] = settings.get("outcome", DEFAULTS["end_outcome"])
            label = f"continues in {target} (not in the export set)"
            comment.append(
                f"import that flow too to follow it; outcome '{step['outcome']}' assumed"
            )
            self.assume_block(flow, block, f"continues in {target}, outside the export set")
        elif kind == "start":
            step["type"] = "ivr"
        else:  # pragma: no cover - every kind is handled above
            step["type"] = "ivr"
        return step, label

    def queue_agent(
        self, node: Node, step_id: str, block: Block, settings: dict[str, Any], queue: list[Node]
    ) -> None:
        """A queue is answered by an agent of its team, whose case ends in an outcome:
        the agent part after the queue made explicit (overlay: `agent`)."""
        agent_id = self.step_id(("agent", node), f"{step_id}_agent")
        done_id = self.step_id(("done", node), f"{step_id}_done")
        failure_edges = self.resolve(node)
        stay = 1.0 - sum(e.p for e in failure_edges)
        self.steps[step_id]["next"] = _round(
            _merge_branches(
                [{"to": agent_id, "p": stay, "when": "answered"}]
                + self.raw_branches(failure_edges, queue)
            )
        )
        team_name = self.teams[self.steps[step_id]["team"]]["name"]
        agent: dict[str, Any] = {
            "type": "agent",
            "label": f"agent of {team_name}",
            "team": self.steps[step_id]["team"],
        }
        agent_settings = settings.get("agent", {})
        if "minutes" in agent_settings:
            agent["minutes"] = agent_settings["minutes"]
        if "asks" in agent_settings:
            agent["asks"] = [self.declare(a) for a in agent_settings["asks"]]
        agent["next"] = done_id
        self.steps[agent_id] = agent
        self.comments[agent_id] = [f"the agent part after queue {block.id} (overlay: agent)"]
        self.positions[agent_id] = self.positions[done_id] = block.position
        outcome = agent_settings.get("outcome", DEFAULTS["agent_outcome"])
        self.steps[done_id] = {
            "type": "outcome",
            "label": "handled by an agent",
            "outcome": outcome,
        }
        self.comments[done_id] = [
            f"outcome '{outcome}'" + ("" if "outcome" in agent_settings else " assumed")
        ]

    def flow_end(
        self, node: Node, step_id: str, block: Block, label: str, settings: dict[str, Any]
    ) -> None:
        """A block with no way on: the flow ends there, in an outcome (assumed unless
        the overlay says it)."""
        done_id = self.step_id(("done", node), f"{step_id}_done")
        outcome = settings.get("outcome", DEFAULTS["agent_outcome"])
        self.steps[done_id] = {
            "type": "outcome",
            "label": f"after {label.strip()[:60]}",
            "outcome": outcome,
        }
        self.positions[done_id] = block.position
        self.comments[done_id] = [
            f"the flow ends at {block.id}; outcome '{outcome}'"
            + ("" if "outcome" in settings else " assumed")
        ]
        self.steps[step_id]["next"] = done_id

    def team(self, flow: Flow, block: Block, settings: dict[str, Any]) -> str:
        name = str(
            settings.get("team")
            or block.params.get("queue")
            or block.params.get("team")
            or (_queue_set_before(flow, block) if block.kind == "queue" else "")
            or ("external number" if block.kind == "agent" else "queue")
        )
        team_id = slug(name)
        entry = self.teams.setdefault(team_id, {"name": name})
        if block.kind == "agent" and not block.params.get("team") and "team" not in settings:
            entry["external"] = bool(settings.get("external", True))
        elif "external" in settings:
            entry["external"] = bool(settings["external"])
        return team_id

    def datum(self, flow: Flow, block: Block, settings: dict[str, Any]) -> str:
        asked = settings.get("asks")
        if isinstance(asked, dict):
            return self.declare(asked)
        name = block.params.get("stores") or "input"
        if block.kind == "menu":
            name = f"choice at {block.title}"
        return self.declare({"id": slug(name), "label": name})

    def declare(self, asked: Any) -> str:
        if isinstance(asked, str):
            asked = {"id": slug(asked), "label": asked}
        datum_id = slug(str(asked.get("id") or asked.get("label") or "input"))
        entry = self.data.setdefault(datum_id, {"label": str(asked.get("label") or datum_id)})
        for key in ("characters", "sensitive"):
            if key in asked:
                entry[key] = asked[key]
        return datum_id


def _queue_set_before(flow: Flow, block: Block) -> str:
    """The queue a set-queue block before this transfer names (the nearest one back)."""
    before: dict[str, list[str]] = {}
    for other in flow.blocks.values():
        for transition in other.transitions:
            if transition.target:
                before.setdefault(transition.target, []).append(other.id)
    seen = {block.id}
    frontier = [block.id]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for previous in before.get(node, []):
                if previous in seen:
                    continue
                seen.add(previous)
                queue = flow.blocks[previous].params.get("queue")
                if queue:
                    return queue
                following.append(previous)
        frontier = sorted(following)
    return ""


def _number(text: str | None, default: float) -> float:
    try:
        return float(text) if text else default
    except ValueError:
        return default


def _cap(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def _join(first: str, second: str) -> str:
    """The label of a way through a contracted block: both conditions, in order."""
    if first and second:
        return _cap(f"{first}; {second}")
    return first or second


def _merge(edges: list[Edge]) -> list[Edge]:
    """One edge per (target, failure): probabilities summed, labels joined with "or".

    An unconditional way (no label) to the same place makes the labels moot.
    """
    merged: dict[tuple[Node | None, bool], tuple[float, list[str], bool]] = {}
    for edge in edges:
        key = (edge.target, edge.failure)
        p, labels, unconditional = merged.get(key, (0.0, [], False))
        if not edge.label:
            unconditional = True
        elif edge.label not in labels and len(labels) < 8:
            labels.append(edge.label)
        merged[key] = (p + edge.p, labels, unconditional)
    return [
        Edge(target, p, "" if unconditional else _cap(" or ".join(labels)), failure)
        for (target, failure), (p, labels, unconditional) in merged.items()
    ]


def _merge_branches(branches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for branch in branches:
        old = merged.get(branch["to"])
        if old is None:
            merged[branch["to"]] = dict(branch)
            continue
        old["p"] += branch["p"]
        if old.get("when") and branch.get("when"):
            old["when"] = " or ".join(dict.fromkeys([old["when"], branch["when"]]))[:MAX_LABEL]
        else:
            old.pop("when", None)
        if branch.get("dropped") and not old.get("dropped"):
            old["dropped"] = True
    return [b for b in merged.values() if b["p"] > 0] or list(merged.values())[:1]


def _round(branches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Probabilities to 4 decimals, summing to exactly 1 (the remainder on the largest)."""
    if not branches:
        return branches
    total = sum(b["p"] for b in branches) or 1.0
    for branch in branches:
        branch["p"] = round(branch["p"] / total, 4)
    largest = max(branches, key=lambda b: b["p"])
    largest["p"] = round(largest["p"] + 1.0 - sum(b["p"] for b in branches), 4)
    if len(branches) == 1:
        del branches[0]["p"]
        branches[0].pop("when", None)
    return branches


def _label(block: Block) -> str:
    """What reports show: what the customer hears or reads where the export says,
    else the block's readable name, else its type."""
    text = " ".join(block.text.split())
    if text and not text.startswith(("$.", "{{")):
        return _cap(text)
    return block.name or block.type


def _wanted(block: Block) -> str:
    if block.name and not re.fullmatch(r"[0-9a-f-]{20,}", block.name):
        return block.name.rsplit("/", 1)[-1]
    return f"{block.type}_{block.id[:8]}"


def _stem(file: str) -> str:
    base = _base(file)
    base = base.rsplit("__", 1)[-1]
    return base.rsplit(".", 1)[0]


def _base(file: str) -> str:
    return file.replace("\\", "/").rsplit("/", 1)[-1]


def lower(flows: list[Flow], overlay: Overlay) -> Lowered:
    return _Lowering(flows, overlay).lower()
