"""Contrived shapes against plain journeys of the same size (issue 15, item 6).

Two small legal shapes used to take minutes and gigabytes:

- `fan-in`: N teams each leading into one chain of N team-less steps (4,002
  steps at N = 2,000: 99 s, ~5 GB), since transfers are followed on (step,
  last team) pairs;
- `asked-loop`: a loop of N steps, each asking for two of N data (133 s at
  N = 2,000), since each datum that can be asked twice costs a solve.

For each N, the shape and a `plain` journey with as many steps (the same
chain, every step owned by one team, nothing asked) are checked through the
library in a fresh child process (imports done before the clock starts), and
the script prints the time, the peak memory and their ratios to the plain
journey, with the work `bounds.py` counts. Past the bounds the shape is
refused (`refused` in the table), in time near the plain journey's; under
them, the work is at most 16 states per step (+10,000) or 64 solves per step
(+50,000 pairs). Target: every ratio under 10.

Usage: PYTHONPATH=src python bench/hostile.py [--sizes 100 500 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

RATIO_TARGET = 10.0
_RSS_UNIT = 1024 * 1024 if sys.platform == "darwin" else 1024


def fan_in(n: int) -> str:
    lines = ["frictionmap: 1", "name: fan-in", "teams:"]
    lines += [f"  t{i}: {{}}" for i in range(n)]
    lines += ["start: s", "steps:"]
    lines.append("  s: {type: contact, next: [" + ", ".join(f"a{i}" for i in range(n)) + "]}")
    lines += [f"  a{i}: {{type: agent, team: t{i}, next: c0}}" for i in range(n)]
    lines += [f"  c{i}: {{type: message, next: c{i + 1}}}" for i in range(n - 1)]
    back = "[{to: end, p: 0.5}, {to: s}]"
    lines.append(f"  c{n - 1}: {{type: agent, team: t0, next: {back}}}")
    lines.append("  end: {type: outcome, outcome: resolved}")
    return "\n".join(lines) + "\n"


def asked_loop(n: int) -> str:
    lines = ["frictionmap: 1", "name: asked loop", "data:"]
    lines += [f"  d{i}: {{}}" for i in range(n)]
    lines += ["start: s0", "steps:"]
    for i in range(n):
        after = f"s{i + 1}" if i < n - 1 else "[{to: end, p: 0.5}, {to: s0}]"
        lines.append(f"  s{i}: {{type: agent, asks: [d{i}, d{(i + n // 2) % n}], next: {after}}}")
    lines.append("  end: {type: outcome, outcome: resolved}")
    return "\n".join(lines) + "\n"


def plain(steps: int) -> str:
    """`steps` steps: a fan of contacts into a chain, every step owned by one team."""
    lines = ["frictionmap: 1", "name: plain", "teams:", "  t: {}", "start: s0", "steps:"]
    for i in range(steps - 1):
        after = f"s{i + 1}" if i < steps - 2 else "[{to: end, p: 0.5}, {to: s0}]"
        lines.append(f"  s{i}: {{type: agent, team: t, next: {after}}}")
    lines.append("  end: {type: outcome, outcome: resolved}")
    return "\n".join(lines) + "\n"


SHAPES = {"fan-in": (fan_in, lambda n: 2 * n + 2), "asked-loop": (asked_loop, lambda n: n + 1)}

_CHILD = """
import json, sys, time, resource
from frictionmap.analysis import check_text
from frictionmap import bounds
from frictionmap.loader import loads
check_text(open(sys.argv[2]).read(), "warm.yaml")  # imports and lazy imports
text = open(sys.argv[1]).read()
began = time.perf_counter()
result = check_text(text, "j.yaml")
seconds = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
work = {}
if result.valid:
    journey = loads(text).journey
    work = {"states": bounds.team_states(journey, 10**9),
            "pairs": bounds.repeatable_data(journey) * len(journey.steps)}
print(json.dumps({"seconds": seconds, "peak": peak, "valid": result.valid, "work": work}))
"""


def measure(text: str, directory: Path) -> dict[str, object]:
    path = directory / "j.yaml"
    warm = directory / "warm.yaml"
    path.write_text(text, encoding="utf-8")
    warm.write_text(plain(5), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(warm)],
        capture_output=True, text=True, check=True, env=env,
    ).stdout
    data: dict[str, object] = json.loads(out)
    data["mb"] = float(data.pop("peak")) / _RSS_UNIT  # type: ignore[arg-type]
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    args = parser.parse_args()
    worst = 0.0
    print(f"{'shape':<11} {'n':>5} {'steps':>6} {'result':<8} {'s':>7} {'MB':>7} "
          f"{'plain s':>8} {'plain MB':>8} {'t ratio':>7} {'m ratio':>7}  work")
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for name, (make, size) in SHAPES.items():
            for n in args.sizes:
                shape = measure(make(n), directory)
                reference = measure(plain(size(n)), directory)
                time_ratio = float(shape["seconds"]) / max(float(reference["seconds"]), 1e-3)  # type: ignore[arg-type]
                memory_ratio = float(shape["mb"]) / float(reference["mb"])  # type: ignore[arg-type]
                worst = max(worst, time_ratio, memory_ratio)
                print(
                    f"{name:<11} {n:>5} {size(n):>6} "
                    f"{'checked' if shape['valid'] else 'refused':<8} "
                    f"{shape['seconds']:>7.2f} {shape['mb']:>7.0f} "
                    f"{reference['seconds']:>8.2f} {reference['mb']:>8.0f} "
                    f"{time_ratio:>7.1f} {memory_ratio:>7.1f}  {shape['work']}",
                    flush=True,
                )
    verdict = "within" if worst <= RATIO_TARGET else "OVER"
    print(f"worst ratio {worst:.1f}: {verdict} the target of {RATIO_TARGET:g}")
    return 0 if worst <= RATIO_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
