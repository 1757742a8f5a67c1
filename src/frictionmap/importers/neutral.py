"""The small neutral graph every platform reader produces.

A reader turns one export (a Connect flow, a Twilio Studio flow, an Archy
flow, a BPMN process) into `Flow`s of `Block`s joined by `Transition`s, each
block keeping where it stands in the export (`file:line:column`) and its
platform type. Structural checks (structure.py), lowering to the journey
format (lower.py) and the overlay (overlay.py) only ever see this graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Position = tuple[int, int]

# What a block is to the customer; lower.py maps each kind to journey steps.
KINDS = (
    "start",  # the contact begins (entry point, trigger, start event)
    "prompt",  # the customer hears or reads something
    "input",  # the customer is asked for something (digits, speech, a reply)
    "menu",  # the customer picks an option
    "logic",  # invisible to the customer: attributes, functions, compares, hours, logging
    "percent",  # invisible random split (Connect DistributeByPercentage)
    "loop",  # a retry counter (Connect Loop): continue / done
    "queue",  # the customer waits for a human of a team
    "agent",  # a human handles the customer (transfer to a number, a user)
    "callback",  # the company will call back
    "voicemail",  # the customer leaves a message
    "message",  # the company sends something (SMS, email)
    "self_service",  # the customer acts alone (a form, a web page, a bot hand-off)
    "subflow",  # continue in another flow (TransferToFlow, call activity)
    "return",  # end of a module/sub-flow: back to the caller
    "end",  # the contact ends (disconnect, hang up, end event)
    "wait",  # calendar time passes (timers, waits)
)

# Transition kinds: an error or timeout path is how the platform says "it failed".
TRANSITION_KINDS = ("next", "condition", "default", "error", "timeout", "option")


@dataclass
class Transition:
    """One way out of a block; `target` None means none is set (the contact ends)."""

    target: str | None
    label: str = ""
    kind: str = "next"
    position: Position | None = None
    # A probability the export itself gives (Connect DistributeByPercentage).
    p: float | None = None


@dataclass
class Block:
    id: str
    kind: str
    type: str  # the platform's own name of the block type
    position: Position
    name: str = ""
    text: str = ""  # what the customer hears or reads, if the export says
    transitions: list[Transition] = field(default_factory=list)
    # Platform facts lowering uses: queue/team, target flow, loop count, data stored...
    params: dict[str, str] = field(default_factory=dict)

    def branch_keys(self) -> list[str]:
        """How the overlay names each way out: its label, else its target, else
        `#n`; a key met again gets ` (2)`, ` (3)`... so that each names one way."""
        keys: list[str] = []
        for index, transition in enumerate(self.transitions):
            key = transition.label or transition.target or f"#{index + 1}"
            base, serial = key, 2
            while key in keys:
                key = f"{base} ({serial})"
                serial += 1
            keys.append(key)
        return keys

    @property
    def title(self) -> str:
        """The readable name where the export has one, else the type."""
        return self.name or self.type


@dataclass
class Flow:
    """One flow of an export: blocks in export order, a start, other entries."""

    file: str
    platform: str  # connect | twilio | genesys | bpmn
    name: str
    start: str | None
    blocks: dict[str, Block] = field(default_factory=dict)
    # Blocks entered by the platform, not by a transition (event sub-processes,
    # boundary events, other triggers): never "unreachable".
    entries: list[str] = field(default_factory=list)
    channel: str = "phone"  # the channel kind the contact comes in on
    position: Position = (1, 1)
    notes: list[str] = field(default_factory=list)
    kind: str = ""  # the platform's flow type (CONTACT_FLOW, inboundCall, ...)
    aliases: list[str] = field(default_factory=list)  # other names calls use (a process id)

    def add(self, block: Block) -> None:
        """Add a block; a second block with the same id keeps both (renamed)."""
        key = block.id
        serial = 2
        while key in self.blocks:
            key = f"{block.id}#{serial}"
            serial += 1
        block.id = key
        self.blocks[key] = block


@dataclass(frozen=True)
class StructuralFinding:
    """A problem of the export itself, before any lowering."""

    file: str
    line: int
    column: int
    code: str  # unreachable | missing-target | no-target | error-hangs-up | loop-without-exit
    block: str
    message: str

    def render(self) -> str:
        from ..escapes import location, printable

        where = location(self.file, self.line, self.column)
        return f"{where}: {printable(self.message)} [{self.code}]"
