"""Generate large, realistic journeys for the scale benchmark.

A journey of about `--steps` steps, deterministic for a `--seed`: a phone line
whose voice menu (an IVR tree with retry loops and "go back" options) routes
callers to thousands of service segments. Each segment is what a contact-centre
export holds for one product or region:

- its own IVR menu and sub-menus asking for some of the dozens of data items,
  with retries ("not understood") and a "0 for an operator" option;
- a queue and an agent for each of three or four teams drawn from a pool of
  40, with warm transfers between them and a few transfers forward to the next
  segments' teams; agents ask again for data the IVR already took;
- queues with announced and actual waits, some with Erlang C staffing instead;
- dropped calls and broken callbacks that make the customer call again (a
  recontact loop back to the segment's menu), a letter, a back-office delay;
- a switch to chat with a bot, a web form, paid phone lines.

Loops stay inside a segment (plus forward transfers), as in real exports where
a recontact goes back to the same department, so the chain has thousands of
small strongly connected components.

Usage: python bench/generate.py --steps 10000 --seed 1 --output big.yaml
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

TEAMS = 40
DATA = 36
SEGMENT_STEPS = 19  # steps per segment, see `_segment`
FAN_OUT = 5  # options per menu of the routing tree
DROPPED = {"line cut"}


def _p(values: list[float]) -> list[str]:
    """Probabilities written so that they sum to 1 within 1e-9."""
    rounded = [round(v, 4) for v in values[:-1]]
    return [f"{v:g}" for v in rounded] + [f"{round(1 - sum(rounded), 4):g}"]


def _branches(items: list[tuple[str, float, str | None]]) -> list[str]:
    """`next:` lines; items are (to, p, when); a cut line is a dropped branch."""
    lines = ["    next:"]
    for (to, _, when), p in zip(items, _p([p for _, p, _ in items]), strict=True):
        text = f"      - {{to: {to}, p: {p}"
        if when:
            text += f', when: "{when}"'
        if when in DROPPED:
            text += ", dropped: true"
        lines.append(text + "}")
    return lines


def _header(rng: random.Random) -> list[str]:
    lines = [
        "frictionmap: 1",
        "name: Generated contact centre",
        "description: A generated journey for the scale benchmark (bench/generate.py).",
        "currency: EUR",
        "customer: {language: fr, goal: Get a problem solved}",
        "channels:",
        "  hotline: {kind: phone, cost_per_minute: 0.15, label: Paid customer line}",
        "  premium: {kind: phone, cost_per_minute: 0.35, cost: 0.5, label: Premium line}",
        "  webchat: {kind: chat}",
        "  website: {kind: web}",
        "  mail: {kind: email}",
        "teams:",
    ]
    for t in range(TEAMS):
        external = ", external: true" if t % 9 == 8 else ""
        lines.append(f"  team{t:02d}: {{name: Team {t}, language: fr{external}}}")
    lines.append("data:")
    for d in range(DATA):
        sensitive = ", sensitive: identity" if d % 17 == 16 else ""
        lines.append(
            f"  d{d:02d}: {{label: Data item {d}, characters: {rng.randint(4, 20)}{sensitive}}}"
        )
    return lines


def _segment(k: int, segments: int, rng: random.Random) -> list[str]:
    """One segment's steps (SEGMENT_STEPS of them), ids prefixed with s<k>_."""
    s = f"s{k:06d}_"
    teams = rng.sample(range(TEAMS), 4)
    data = rng.sample(range(DATA), 5)
    line = "premium" if k % 7 == 3 else "hotline"
    out: list[str] = []

    def step(name: str, body: list[str], next_lines: list[str]) -> None:
        out.append(f"  {s}{name}:")
        out.extend(f"    {b}" for b in body)
        out.extend(next_lines)

    step(
        "menu",
        [
            "type: ivr",
            f'label: "Segment {k}: main menu"',
            f"asks: [d{data[0]:02d}]",
            "minutes: 1.5",
        ],
        _branches(
            [
                (f"{s}sub1", 0.3, "1"),
                (f"{s}sub2", 0.25, "2"),
                (f"{s}sub3", 0.25, "3"),
                (f"{s}q0", 0.08, "0 for an operator"),
                (f"{s}menu", 0.07, "not understood"),
                ("hung_up", 0.05, "hangs up"),
            ]
        ),
    )
    for j in (1, 2, 3):
        asks = f"asks: [d{data[j]:02d}]"
        choices = [
            (f"{s}q{j}", 0.75, None),
            (f"{s}menu", 0.1, "back"),
            (f"{s}sub{j}", 0.1, "not understood"),
            ("hung_up", 0.05, "gives up"),
        ]
        if j == 2:
            choices[0] = (f"{s}q{j}", 0.6, None)
            choices.append((f"{s}chat", 0.15, "chat is faster"))
        if j == 3:
            choices[0] = (f"{s}q{j}", 0.55, None)
            choices.append((f"{s}form", 0.2, "use the website"))
        step(f"sub{j}", ["type: ivr", asks, "minutes: 1"], _branches(choices))
    for j in range(4):
        team = f"team{teams[j]:02d}"
        if k % 5 == 0:
            agents = rng.randint(3, 12)
            load = agents * rng.uniform(0.6, 0.98)
            wait = (
                f"staffing: {{agents: {agents}, calls_per_hour: {load * 12:.1f}, "
                "handle_minutes: 5}"
            )
        else:
            wait = f"wait: {{announced: {rng.randint(1, 5)}, actual: {rng.randint(2, 40)}}}"
        step(
            f"q{j}",
            ["type: queue", f"team: {team}", wait],
            _branches(
                [
                    (f"{s}a{j}", 0.85, None),
                    (f"{s}recall", 0.1, "line cut"),
                    ("hung_up", 0.05, "hangs up"),
                ]
            ),
        )
    for j in range(4):
        team = f"team{teams[j]:02d}"
        again = f"d{data[0]:02d}, d{data[4]:02d}"
        forward = k + 1 + rng.randint(0, 2)
        transfer_out = f"s{forward:06d}_q{rng.randint(0, 3)}" if forward < segments else "resolved"
        step(
            f"a{j}",
            ["type: agent", f"team: {team}", f"asks: [{again}]", f"minutes: {rng.randint(3, 12)}"],
            _branches(
                [
                    ("resolved", 0.5, "fixed"),
                    (f"{s}q{(j + 1) % 4}", 0.13, "transfer"),
                    (transfer_out, 0.04, "other department"),
                    (f"{s}callback", 0.1, "will call back"),
                    (f"{s}letter", 0.1, "sends a letter"),
                    ("refunded", 0.05, "goodwill refund"),
                    ("closed_unresolved", 0.05, "closes the case"),
                    (f"{s}recall", 0.03, "call again later"),
                ]
            ),
        )
    step(
        "callback",
        ["type: callback", "wait: 90", "hours: 4", "promised: 2"],
        _branches([(f"{s}a0", 0.6, "calls back"), (f"{s}recall", 0.4, "never calls")]),
    )
    step(
        "letter",
        ["type: message", "channel: mail", "hours: 24", f"reply: {'false' if k % 3 else 'true'}"],
        [f"    next: {s}backoffice"],
    )
    step(
        "backoffice",
        ["type: delay", "hours: 72", "promised: 48"],
        _branches([("resolved", 0.7, "done"), (f"{s}recall", 0.3, "nothing happens")]),
    )
    step(
        "recall",
        ["type: contact", f"channel: {line}", "label: Call again"],
        [f"    next: {s}menu"],
    )
    step("chat", ["type: contact", "channel: webchat"], [f"    next: {s}bot"])
    step(
        "bot",
        ["type: bot", f"asks: [d{data[1]:02d}]", "minutes: 3"],
        _branches(
            [
                ("resolved", 0.3, "answered"),
                (f"{s}bot", 0.2, "rephrase"),
                (f"{s}q2", 0.4, "agent please"),
                ("hung_up", 0.1, "gives up"),
            ]
        ),
    )
    step(
        "form",
        ["type: self_service", "channel: website", "minutes: 8", f"asks: [d{data[2]:02d}]"],
        _branches([("resolved", 0.6, "form accepted"), (f"{s}recall", 0.4, "form error: call us")]),
    )
    return out


def _routing_tree(entries: list[str], rng: random.Random) -> tuple[list[str], str]:
    """IVR menus of FAN_OUT options over `entries`; returns (lines, root id)."""
    out: list[str] = []
    level = 0
    nodes = entries
    while len(nodes) > 1:
        parents = []
        for i in range(0, len(nodes), FAN_OUT):
            name = f"route{level}_{i // FAN_OUT:05d}"
            children = nodes[i : i + FAN_OUT]
            out.append(f"  {name}:")
            out.extend(["    type: ivr", "    minutes: 0.5"])
            share = 0.94 / len(children)
            items = [(c, share, str(n + 1)) for n, c in enumerate(children)]
            items += [(name, 0.04, "repeat the options"), ("hung_up", 0.02, "hangs up")]
            out.extend(_branches(items))
            parents.append(name)
        nodes = parents
        level += 1
    return out, nodes[0]


def generate(steps: int, seed: int = 1) -> str:
    """A journey of about `steps` steps, as YAML text."""
    rng = random.Random(seed)
    # Each segment brings SEGMENT_STEPS steps and about 1/(FAN_OUT-1) routing menus.
    segments = max(1, round((steps - 5) / (SEGMENT_STEPS + 1 / (FAN_OUT - 1))))
    lines = _header(rng)
    body: list[str] = []
    for k in range(segments):
        body.extend(_segment(k, segments, rng))
    tree, root = _routing_tree([f"s{k:06d}_menu" for k in range(segments)], rng)
    lines += ["start: call", "steps:"]
    lines += ["  call:", "    type: contact", "    channel: hotline", f"    next: {root}"]
    lines += tree + body
    for outcome, kind in (
        ("resolved", "resolved"),
        ("refunded", "refunded"),
        ("closed_unresolved", "unresolved"),
        ("hung_up", "abandoned"),
    ):
        lines += [f"  {outcome}:", "    type: outcome", f"    outcome: {kind}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10_000, help="about this many steps")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", "-o", help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    text = generate(args.steps, args.seed)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
