"""Property: deleting blocks and retargeting transitions in real exports gives
"missing target" findings for exactly the dangling transitions, and never a crash."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frictionmap.importers import import_flows, read_text, structural
from frictionmap.loader import loads

EXPORTS = Path(__file__).parent.parent / "fixtures" / "exports"
TWILIO = json.loads(
    (
        EXPORTS / "twilio" / "twilio-labs__function-templates__vaccine-standby-list-sms.json"
    ).read_text()
)
CONNECT = json.loads(
    (
        EXPORTS / "connect" / "aws-samples__amazon-connect-rules-engine__RulesEngineQueue.json"
    ).read_text()
)
LEGACY = json.loads(
    (
        EXPORTS / "connect" / "amazon-connect__amazon-connect-snippets__ContextTracking-Main.json"
    ).read_text()
)


def _twilio_edges(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (s["name"], t["next"])
        for s in data["states"]
        for t in s.get("transitions", [])
        if "next" in t
    ]


def _connect_edges(data: dict[str, Any]) -> list[tuple[str, str]]:
    edges = []
    for action in data["Actions"]:
        transitions = action.get("Transitions", {})
        targets = [transitions.get("NextAction")]
        targets += [c.get("NextAction") for c in transitions.get("Conditions", [])]
        targets += [e.get("NextAction") for e in transitions.get("Errors", [])]
        edges += [(action["Identifier"], t) for t in targets if t]
    return edges


def _legacy_edges(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (m["id"], b["transition"])
        for m in data["modules"]
        for b in m["branches"]
        if b.get("transition")
    ]


CASES = {
    "twilio": (TWILIO, "states", "name", _twilio_edges),
    "connect": (CONNECT, "Actions", "Identifier", _connect_edges),
    "legacy": (LEGACY, "modules", "id", _legacy_edges),
}


def _retarget(data: dict[str, Any], kind: str, index: int, name: str) -> None:
    """Point the index-th transition of the export at `name`."""
    seen = 0
    if kind == "twilio":
        for state in data["states"]:
            for transition in state.get("transitions", []):
                if "next" in transition:
                    if seen == index:
                        transition["next"] = name
                        return
                    seen += 1
    elif kind == "connect":
        for action in data["Actions"]:
            transitions = action.get("Transitions", {})
            for holder in [
                transitions,
                *transitions.get("Conditions", []),
                *transitions.get("Errors", []),
            ]:
                if holder.get("NextAction"):
                    if seen == index:
                        holder["NextAction"] = name
                        return
                    seen += 1
    else:
        for module in data["modules"]:
            for branch in module["branches"]:
                if branch.get("transition"):
                    if seen == index:
                        branch["transition"] = name
                        return
                    seen += 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(CASES)),
    deletions=st.lists(st.integers(min_value=1, max_value=200), max_size=6),
    retargets=st.lists(
        st.tuples(st.integers(0, 400), st.text("abcxyz-_ 0123456789", min_size=1, max_size=12)),
        max_size=4,
    ),
)
def test_dangling_transitions_are_missing_targets_never_crashes(
    kind: str, deletions: list[int], retargets: list[tuple[int, str]]
) -> None:
    original, key, ident, edges_of = CASES[kind]
    data = copy.deepcopy(original)
    blocks = data[key]
    for number in deletions:  # never the first block (often the start)
        if len(blocks) > 1:
            del blocks[1 + number % (len(blocks) - 1)]
    total = len(edges_of(data))
    for index, name in retargets:
        if total:
            _retarget(data, kind, index % total, name)
    names = {b[ident] for b in blocks}
    expected = {(source, target) for source, target in edges_of(data) if target not in names}

    flows = read_text(json.dumps(data, indent=1), f"mutated-{kind}.json")
    found = structural(flows)
    missing = {
        (f.block, f.message.split("goes to '")[1].split("'")[0])
        for f in found
        if f.code == "missing-target" and "goes to" in f.message
    }
    assert missing == expected
    # Whatever was deleted, the import still yields a journey the loader accepts.
    loads(import_flows(flows).text, "<mutated>")


ALL = sorted(p for p in EXPORTS.glob("*/*") if p.suffix in (".json", ".yaml", ".bpmn", ".tf"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, len(ALL) - 1),
    cut=st.floats(0.0, 1.0),
    platform=st.sampled_from(["auto", "connect", "twilio", "genesys", "bpmn"]),
)
def test_a_truncated_or_misread_export_is_a_clear_error_never_a_crash(
    index: int, cut: float, platform: str
) -> None:
    from frictionmap.loader import InvalidJourney

    text = ALL[index].read_text(encoding="utf-8")
    text = text[: int(len(text) * cut)]
    try:
        flows = read_text(text, ALL[index].name, platform)
    except InvalidJourney as error:
        assert error.problems and error.problems[0].line >= 1
        return
    loads(import_flows(flows).text, "<truncated>")
