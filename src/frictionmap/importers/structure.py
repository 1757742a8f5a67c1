"""Structural findings of an export itself, before any lowering.

Each names the export's own `file:line:column` and block id or name:
blocks never reached, transitions to a missing block, failure or timeout
transitions with no target (the call is cut without a word), error branches
that just hang up, menus with no way out when the customer says nothing or
presses a wrong key, and loops with no way out. Graph algorithms only
(reachability, strongly connected components).
"""

from __future__ import annotations

import difflib

from .neutral import Flow, StructuralFinding

# In-queue and hold flows loop on purpose until an agent answers.
_QUEUE_FLOWS = {
    "CUSTOMER_QUEUE",
    "customerQueue",
    "CUSTOMER_HOLD",
    "AGENT_HOLD",
    "inqueueCall",
    "inqueueEmail",
    "inqueueShortMessage",
}
_EXITS = {"end", "queue", "agent", "return", "subflow", "callback", "voicemail"}


def check(flow: Flow) -> list[StructuralFinding]:
    findings: list[StructuralFinding] = []

    def add(position: tuple[int, int], code: str, block: str, message: str) -> None:
        findings.append(
            StructuralFinding(flow.file, position[0], position[1], code, block, message)
        )

    blocks = flow.blocks
    for block in blocks.values():
        for transition in block.transitions:
            where = transition.position or block.position
            label = f" '{transition.label}'" if transition.label else ""
            if transition.target is not None and transition.target not in blocks:
                close = difflib.get_close_matches(transition.target, list(blocks), n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                add(
                    where,
                    "missing-target",
                    block.id,
                    f"{block.type} '{block.title}': transition{label} goes to "
                    f"'{transition.target}', which is not in the flow{hint}",
                )
            elif transition.target is None and transition.kind in ("error", "timeout"):
                add(
                    where,
                    "no-target",
                    block.id,
                    f"{block.type} '{block.title}': the{label} transition has no target: "
                    "the contact is cut without a word",
                )
            elif transition.target is not None and transition.kind in ("error", "timeout"):
                target = blocks[transition.target]
                if target.kind == "end":
                    add(
                        where,
                        "error-hangs-up",
                        block.id,
                        f"{block.type} '{block.title}': the{label} branch just hangs up "
                        f"('{target.title}')",
                    )
        if block.kind == "menu" and block.type not in ("send-to-auto-pilot",):
            fallback = any(t.kind in ("default", "timeout", "error") for t in block.transitions)
            if not fallback and block.transitions:
                add(
                    block.position,
                    "menu-no-fallback",
                    block.id,
                    f"{block.type} '{block.title}': no branch for no input or a wrong key",
                )
    reached = reachable(flow)
    for block in blocks.values():
        if block.id not in reached and block.type != "missing":
            add(
                block.position,
                "unreachable",
                block.id,
                f"{block.type} '{block.title}' is never reached from the start",
            )
    if flow.kind not in _QUEUE_FLOWS:
        for component in closed_loops(flow, reached):
            first = min(component, key=lambda b: blocks[b].position)
            add(
                blocks[first].position,
                "loop-without-exit",
                first,
                f"{blocks[first].type} '{blocks[first].title}': a loop of {len(component)} "
                "blocks with no way out",
            )
    if flow.start is not None and flow.start not in blocks:
        add(
            flow.position,
            "missing-target",
            flow.start,
            f"the flow starts at '{flow.start}', which is not in the flow",
        )
    return sorted(findings, key=lambda f: (f.line, f.column, f.code, f.block))


def reachable(flow: Flow) -> set[str]:
    seen: set[str] = set()
    stack = [b for b in [flow.start, *flow.entries] if b is not None and b in flow.blocks]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(
            t.target
            for t in flow.blocks[node].transitions
            if t.target is not None and t.target in flow.blocks
        )
    return seen


def closed_loops(flow: Flow, reached: set[str]) -> list[set[str]]:
    """Strongly connected components (Tarjan, iterative) that nothing leaves."""
    import networkx as nx

    graph = nx.DiGraph()
    for node in reached:
        graph.add_node(node)
        for transition in flow.blocks[node].transitions:
            if transition.target in reached:
                graph.add_edge(node, transition.target)
    loops = []
    for component in nx.strongly_connected_components(graph):
        if len(component) == 1:
            (only,) = component
            if not graph.has_edge(only, only):
                continue
        leaves = False
        for node in component:
            block = flow.blocks[node]
            if block.kind in _EXITS:
                leaves = True
                break
            for transition in block.transitions:
                if transition.target is None or transition.target not in component:
                    leaves = True
                    break
            if leaves:
                break
        if not leaves:
            loops.append(set(component))
    return sorted(loops, key=lambda c: sorted(c))
