"""ping-pong's bitset dataflows agree with the definition, computed plainly.

At a team-owned step v of team A, the rule fires with the teams B that some
walk had the customer last with before coming back: a walk x (team A) ...
y (team B != A) ... -> v where every step strictly between y and v is
team-less. The reference below computes exactly that with networkx
(reachability from each step, and team-less paths from each owner), on
random journeys: few and many teams, team-less hubs, loops.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest
import yaml

from frictionmap.analysis import check_text


def _journey(rng: random.Random, size: int, teams: int) -> dict[str, object]:
    steps: dict[str, dict[str, object]] = {}
    for i in range(size):
        step: dict[str, object] = {"type": "contact"}
        if rng.random() < 0.7:
            step = {"type": "agent", "team": f"t{rng.randrange(teams)}"}
        step["next"] = sorted({f"s{rng.randrange(size)}" for _ in range(rng.randint(1, 3))}
                              | ({"done"} if rng.random() < 0.3 else set()))
        steps[f"s{i}"] = step
    steps["done"] = {"type": "outcome", "outcome": "resolved"}
    return {
        "frictionmap": 1,
        "name": "random",
        "start": "s0",
        "teams": {f"t{i}": {} for i in range(teams)},
        "steps": steps,
    }


def _reference(journey: dict[str, object]) -> dict[str, tuple[str, list[str]]]:
    steps: dict[str, dict[str, object]] = journey["steps"]  # type: ignore[assignment]
    graph = nx.DiGraph()
    graph.add_nodes_from(steps)
    for sid, step in steps.items():
        graph.add_edges_from((sid, t) for t in step.get("next", []))  # type: ignore[union-attr]
    reach = nx.descendants(graph, "s0") | {"s0"}
    sub = graph.subgraph(reach)
    team = {s: steps[s].get("team") for s in reach}
    # The teams of the steps reaching y in one step or more.
    before = {y: {team[x] for x in nx.ancestors(sub, y) | _on_cycle(sub, y) if team[x]}
              for y in reach}
    found: dict[str, set[str]] = {}
    for y in reach:
        if team[y] is None:
            continue
        # Team-owned steps v that y reaches through team-less steps only.
        seen, stack = set(), list(sub.successors(y))
        while stack:
            v = stack.pop()
            if v in seen:
                continue
            seen.add(v)
            if team[v] is None:
                stack.extend(sub.successors(v))
            elif team[v] != team[y] and team[v] in before[y]:
                found.setdefault(v, set()).add(team[y])  # type: ignore[arg-type]
    return {v: (team[v], sorted(b)) for v, b in found.items()}  # type: ignore[misc]


def _on_cycle(graph: nx.DiGraph, node: str) -> set[str]:
    """`node` itself when it reaches itself (nx.ancestors leaves it out)."""
    return {node} if any(node in nx.descendants(graph, s) for s in graph.successors(node)) or (
        graph.has_edge(node, node)
    ) else set()


@pytest.mark.parametrize("teams", [1, 2, 3, 8, 40])
def test_ping_pong_is_the_definition(teams: int) -> None:
    rng = random.Random(teams)
    for _ in range(60):
        journey = _journey(rng, rng.randint(2, 30), teams)
        result = check_text(yaml.safe_dump(journey, sort_keys=False), "random.yaml")
        assert result.valid, result.findings
        got = {
            f.step: (f.evidence["team"], f.evidence["away_teams"])
            for f in result.findings
            if f.rule == "ping-pong"
        }
        assert got == _reference(journey)
