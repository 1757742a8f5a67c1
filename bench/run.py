"""Start-up and many-files benchmarks (issue 7), as ratios measured in one run.

    python bench/run.py [--files 1000] [--repeat 15]

1. Cold start: `frictionmap check <one seed journey>` in a new process, against
   `python -c "import typer, pydantic, networkx, rich, yaml"` (target <= 1.6x).
2. Many files: `frictionmap check DIR` on N journeys (copies of the seeds),
   against `yamllint` on the same files (target <= 1.0x). yamllint must be
   installed (`pip install yamllint`); without it that line is skipped.
Times are the best of --repeat runs, so that a busy machine hurts less.

The command measured is the installed `frictionmap` next to this Python when
there is one (as `pip install .` leaves it: bytecode compiled), else
`python -m frictionmap` from src/, its bytecode compiled first so that both
sides of the ratio load compiled modules.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "journeys").glob("*.yaml"))


def frictionmap_command() -> tuple[list[str], dict[str, str]]:
    """The command to time, and its environment."""
    env = {**os.environ, "NO_COLOR": "1"}
    # An editable install runs src/ too: compiled, as pip compiles an installed package.
    compileall.compile_dir(ROOT / "src", quiet=1)
    installed = Path(sys.executable).parent / "frictionmap"
    if installed.exists():
        print(f"measuring the installed command {installed}")
        return [str(installed)], env
    print("measuring python -m frictionmap from src/")
    return [sys.executable, "-m", "frictionmap"], {**env, "PYTHONPATH": str(ROOT / "src")}


def best_of(command: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    env = env or {**os.environ, "NO_COLOR": "1"}
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    seed = str(ROOT / "journeys" / "ups-redelivery.yaml")

    frictionmap, env = frictionmap_command()
    # In turns, so that a change in the machine's load hits both sides alike.
    bare = [python, "-c", "import typer, pydantic, networkx, rich, yaml"]
    imports, check = float("inf"), float("inf")
    for _ in range(args.repeat):
        imports = min(imports, best_of(bare, 1))
        check = min(check, best_of([*frictionmap, "check", seed], 1, env))
    print(f"cold start      check one journey {check:7.3f} s | bare imports {imports:7.3f} s "
          f"| ratio {check / imports:5.2f} (target <= 1.60)")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.files):
            source = SEEDS[i % len(SEEDS)]
            shutil.copy(source, folder / f"{source.stem}-{i:04d}.yaml")
        rounds = max(1, args.repeat // 5)
        ours = best_of([*frictionmap, "check", str(folder), "-f", "json"], rounds, env)
        yamllint = shutil.which("yamllint") or str(Path(python).parent / "yamllint")
        if Path(yamllint).exists():
            theirs = best_of([yamllint, "-d", "relaxed", str(folder)], rounds)
            print(f"{args.files} files      check {ours:7.3f} s | yamllint {theirs:7.3f} s "
                  f"| ratio {ours / theirs:5.2f} (target <= 1.00), {os.cpu_count()} cores")
        else:
            print(f"{args.files} files      check {ours:7.3f} s | yamllint not installed: no ratio")


if __name__ == "__main__":
    main()
