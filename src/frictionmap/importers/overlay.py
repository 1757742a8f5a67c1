"""The overlay: what an export does not hold, keyed by stable block id.

An overlay is a YAML file:

    journey: {name: ..., currency: EUR, channel: phone}
    blocks:
      <block id or widget name>:
        branches: {<branch label or target id>: 0.3, ...}
        minutes: 0.5                 # the customer's time at an automated step
        wait: {announced: 2, actual: 12}   # queues
        staffing: {agents: 4, calls_per_hour: 30, handle_minutes: 6}
        team: Billing                # team name (queue ARN, TaskRouter workflow...)
        external: false
        asks: {id: account_number, label: Account number, characters: 10}
        agent: {minutes: 6, asks: [...], outcome: resolved}   # after a queue
        outcome: resolved            # resolved | refunded | unresolved | abandoned
        cost: 0

Keys are block ids (Connect Identifier, Twilio widget name, Archy
`container/action name`, BPMN element id), never layout positions, so that
a re-export keeps them. A key that names no block of the export is an error
with did-you-mean. `--emit-overlay` writes every key with its default.
Connect's DistributeByPercentage gives its own probabilities (its thresholds
are cumulative) and needs none.
"""

from __future__ import annotations

import difflib
from typing import Any

from ..loader import DEFAULT_LIMITS, InvalidJourney, Limits, Problem
from .neutral import Block, Flow
from .text import load_yaml

# The defaults every assumption falls back to (docs/import.md lists them).
DEFAULTS: dict[str, Any] = {
    "failure_p": 0.02,  # each error or timeout branch
    "automated_minutes": 0.5,  # each prompt, menu or input
    "end_outcome": "resolved",  # the flow ends normally
    "agent_outcome": "resolved",  # after the agent
    "queue_failure_p": 0.02,  # each way out of a queue other than an agent answering
}
BLOCK_KEYS = (
    "branches",
    "minutes",
    "wait",
    "staffing",
    "team",
    "external",
    "asks",
    "agent",
    "outcome",
    "cost",
    "hours",
)
OUTCOMES = ("resolved", "refunded", "unresolved", "abandoned")
CHANNELS = ("phone", "email", "chat", "web", "app", "sms", "letter", "store", "social")


class Overlay:
    def __init__(self, data: dict[str, Any] | None = None) -> None:
        data = data or {}
        journey = data.get("journey") or {}
        given = {k: v for k, v in journey.items() if v not in (None, "null", "~", "")}
        self.name: str | None = given.get("name")
        self.currency: str | None = given.get("currency")
        self.channel_kind: str | None = given.get("channel")
        self.blocks: dict[str, dict[str, Any]] = data.get("blocks") or {}

    def channel(self, flow: Flow) -> str:
        return self.channel_kind or flow.channel

    def block(self, flow: Flow, block: Block) -> dict[str, Any]:
        return self.blocks.get(f"{flow.name}::{block.id}") or self.blocks.get(block.id) or {}

    def branches(self, flow: Flow, block: Block) -> dict[str, float]:
        given = self.block(flow, block).get("branches") or {}
        return {str(k): float(v) for k, v in given.items()}

    def queue_failure(self, flow: Flow, block: Block, count: int) -> float:
        given = self.branches(flow, block)
        if given:
            return sum(given.values()) / max(1, count)
        return float(DEFAULTS["queue_failure_p"])


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def load(path: str, flows: list[Flow], limits: Limits = DEFAULT_LIMITS) -> Overlay:
    """Read and check an overlay against the flows it is for."""
    from pathlib import Path

    from ..loader import decode, read_file

    text = decode(read_file(Path(path), path, limits), path)
    tree = load_yaml(text, path, limits)
    data = tree.data if isinstance(tree.data, dict) else {}
    problems: list[Problem] = []

    def problem(node: Any, message: str) -> None:
        line, column = tree.where(node)
        problems.append(Problem(line, column, message))

    known: dict[str, Block] = {}
    for flow in flows:
        for block in flow.blocks.values():
            known.setdefault(block.id, block)
            known[f"{flow.name}::{block.id}"] = block
    for key in data:
        if key not in ("journey", "blocks"):
            problem(data, f"unknown overlay key '{key}' (expected journey, blocks)")
    journey = data.get("journey") or {}
    if isinstance(journey, dict) and journey.get("channel") not in (None, "null", "~", *CHANNELS):
        problem(journey, f"unknown channel kind '{journey['channel']}'")
    blocks = data.get("blocks") or {}
    if not isinstance(blocks, dict):
        problem(data, "'blocks' must be a mapping of block id -> settings")
        blocks = {}
    clean: dict[str, dict[str, Any]] = {}
    for key, settings in blocks.items():
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=2, cutoff=0.6)
            hint = "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?" if close else ""
            problem(
                blocks,
                f"overlay key '{key}' names no block of the export (stale after a "
                f"re-export?){hint}",
            )
            continue
        if not isinstance(settings, dict):
            problem(blocks, f"'{key}' must be a mapping of settings")
            continue
        clean[key] = _settings(key, settings, known[key], lambda m, s=settings: problem(s, m))
    if problems:
        raise InvalidJourney(path, problems)
    return Overlay({"journey": journey if isinstance(journey, dict) else {}, "blocks": clean})


def _settings(key: str, settings: dict[str, Any], block: Block, problem: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in settings.items():
        if value is None or value in ("null", "~", ""):
            continue  # left at its default (as --emit-overlay writes it)
        if name not in BLOCK_KEYS:
            close = difflib.get_close_matches(name, BLOCK_KEYS, n=1)
            problem(
                f"'{key}': unknown setting '{name}'"
                + (f"; did you mean '{close[0]}'?" if close else "")
            )
            continue
        if name in ("minutes", "cost", "hours"):
            number = _number(value)
            if number is None or number < 0:
                problem(f"'{key}': {name} must be a number >= 0")
                continue
            result[name] = number
        elif name == "branches":
            if not isinstance(value, dict):
                problem(f"'{key}': branches must map a branch label or target to a probability")
                continue
            labels = set(block.branch_keys())
            branches = {}
            for label, p in value.items():
                if p in ("null", "~", "", None):
                    continue
                number = _number(p)
                if label not in labels:
                    close = difflib.get_close_matches(label, sorted(labels), n=1, cutoff=0.5)
                    problem(
                        f"'{key}': no branch '{label}'"
                        + (f"; did you mean '{close[0]}'?" if close else "")
                    )
                elif number is None or not 0 <= number <= 1:
                    problem(f"'{key}': the probability of '{label}' must be between 0 and 1")
                else:
                    branches[label] = number
            total = sum(branches.values())
            if total > 1 + 1e-6:
                problem(f"'{key}': branch probabilities sum to {total:g}, over 1")
            elif len(branches) == len(labels) and abs(total - 1) > 1e-6:
                problem(f"'{key}': every branch is given and they sum to {total:g}, not 1")
            result[name] = branches
        elif name == "wait":
            wait = _number(value)
            if wait is not None:
                result[name] = wait
            elif isinstance(value, dict) and all(
                _number(v) is not None for v in value.values() if v not in ("null", "~", "")
            ):
                waits = {k: _number(v) for k, v in value.items() if v not in ("null", "~", "")}
                if waits:
                    result[name] = waits
            else:
                problem(f"'{key}': wait is minutes or {{announced, actual}}")
        elif name == "staffing":
            if isinstance(value, dict):
                staffing = {k: v for k, v in value.items() if v not in ("null", "~", "")}
                numbers = {k: _number(v) for k, v in staffing.items()}
                if any(v is None for v in numbers.values()):
                    problem(f"'{key}': staffing values are numbers")
                elif numbers:
                    result[name] = {
                        k: (int(v or 0) if k == "agents" else v) for k, v in numbers.items()
                    }
            else:
                problem(f"'{key}': staffing is {{agents, calls_per_hour, handle_minutes}}")
        elif name == "outcome":
            if value not in OUTCOMES:
                problem(f"'{key}': outcome is one of {', '.join(OUTCOMES)}")
            else:
                result[name] = value
        elif name == "external":
            result[name] = str(value).lower() in ("true", "yes", "1")
        elif name == "agent":
            if not isinstance(value, dict):
                problem(f"'{key}': agent is {{minutes, asks, outcome}}")
                continue
            agent: dict[str, Any] = {}
            if "minutes" in value and _number(value["minutes"]) is not None:
                agent["minutes"] = _number(value["minutes"])
            if value.get("outcome") in OUTCOMES:
                agent["outcome"] = value["outcome"]
            if isinstance(value.get("asks"), list):
                agent["asks"] = [_datum(a) for a in value["asks"]]
            result[name] = agent
        elif name == "asks":
            result[name] = _datum(value)
        else:
            result[name] = value
    return result


def _datum(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if v not in ("null", "~", "")}
        datum: dict[str, Any] = {
            "id": str(value.get("id") or value.get("label") or "input"),
            "label": str(value.get("label") or value.get("id") or "input"),
        }
        if _number(value.get("characters")) is not None:
            datum["characters"] = int(float(value["characters"]))
        if value.get("sensitive") in ("identity", "payment"):
            datum["sensitive"] = value["sensitive"]
        return datum
    return {"id": str(value), "label": str(value)}


def skeleton(flows: list[Flow], reached: dict[str, set[str]]) -> str:
    """Every overlay key of the blocks a contact can reach, each left at its default
    (`null`, the default in the comment beside it), as YAML (deterministic).

    Read back unchanged, it gives the same journey as no overlay."""
    import json

    lines = [
        "# frictionmap import overlay: what the export does not hold (docs/import.md).",
        "# Every value is null: the default named in its comment. Fill in what you know.",
        "journey:",
        f"  name: null   # default: the flow's name ({_one_line(flows[0].name)})",
        "  currency: null   # default: EUR",
        f"  channel: null   # default: {flows[0].channel} (phone, sms, chat, email, web...)",
        "blocks:",
    ]
    names = [flow.name for flow in flows]
    for flow in flows:
        for block in flow.blocks.values():
            if block.id not in reached.get(flow.name, set()):
                continue
            settings = _block_defaults(block)
            if not settings:
                continue
            key = block.id if len(set(names)) == len(names) == 1 else f"{flow.name}::{block.id}"
            title = _one_line(f"{block.type} '{block.title}'")[:100]
            lines.append(f"  {json.dumps(key)}:   # {title}")
            lines.extend(f"    {line}" for line in settings)
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _block_defaults(block: Block) -> list[str]:
    import json

    lines: list[str] = []
    labels = block.branch_keys()
    if block.kind not in ("queue", "end", "percent") and len(labels) > 1:
        lines.append("branches:   # probability of each way out")
        for transition, label in zip(block.transitions, labels, strict=True):
            failure = transition.kind in ("error", "timeout")
            default = (
                f"{DEFAULTS['failure_p']} (error or timeout)" if failure else "share of the rest"
            )
            lines.append(f"  {json.dumps(label)}: null   # default: {default}")
    if block.kind in ("prompt", "menu", "input"):
        lines.append(f"minutes: null   # default: {DEFAULTS['automated_minutes']}")
    if block.kind == "input":
        stores = json.dumps(block.params.get("stores", "input"))
        lines.append(f"asks: null   # default: {{id: {stores}}}; add label, characters, sensitive")
    if block.kind == "queue":
        lines.append(
            f"team: null   # default: {json.dumps(block.params.get('queue') or 'the queue')}"
        )
        lines.append("wait: null   # minutes, or {announced, actual}; default: unknown")
        lines.append("staffing: null   # {agents, calls_per_hour, handle_minutes}")
        lines.append(
            "agent: null   # {minutes, asks, outcome}; "
            f"default outcome {DEFAULTS['agent_outcome']}"
        )
    if block.kind == "agent":
        number = json.dumps(block.params.get("number") or "external number")
        lines.append(f"team: null   # default: {number}")
        lines.append("external: null   # default: true")
        lines.append("minutes: null")
    if block.kind in ("end", "subflow"):
        outcome = block.params.get("outcome", DEFAULTS["end_outcome"])
        lines.append(f"outcome: null   # default: {outcome}")
    return lines
