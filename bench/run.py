"""Start-up and many-files benchmarks (issue 7), as ratios measured in one run.

    python bench/run.py [--files 1000] [--repeat 5]

1. Cold start: `frictionmap check <one seed journey>` in a new process, against
   `python -c "import typer, pydantic, networkx, rich, yaml"` (target <= 1.6x).
2. Many files: `frictionmap check DIR` on N journeys (copies of the seeds),
   against `yamllint` on the same files (target <= 1.0x). yamllint must be
   installed (`pip install yamllint`); without it that line is skipped.
Times are the best of --repeat runs, so that a busy machine hurts less.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "journeys").glob("*.yaml"))


def best_of(command: list[str], repeat: int, cwd: Path | None = None) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    python = sys.executable
    seed = str(ROOT / "journeys" / "ups-redelivery.yaml")

    imports = best_of([python, "-c", "import typer, pydantic, networkx, rich, yaml"], args.repeat)
    check = best_of([python, "-m", "frictionmap", "check", seed], args.repeat)
    print(f"cold start      check one journey {check:7.3f} s | bare imports {imports:7.3f} s "
          f"| ratio {check / imports:5.2f} (target <= 1.60)")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.files):
            source = SEEDS[i % len(SEEDS)]
            shutil.copy(source, folder / f"{source.stem}-{i:04d}.yaml")
        ours = best_of([python, "-m", "frictionmap", "check", str(folder), "-f", "json"], max(1, args.repeat // 2))
        yamllint = shutil.which("yamllint") or str(Path(python).parent / "yamllint")
        if Path(yamllint).exists():
            theirs = best_of([yamllint, "-d", "relaxed", str(folder)], max(1, args.repeat // 2))
            print(f"{args.files} files      check {ours:7.3f} s | yamllint {theirs:7.3f} s "
                  f"| ratio {ours / theirs:5.2f} (target <= 1.00), {os.cpu_count()} cores")
        else:
            print(f"{args.files} files      check {ours:7.3f} s | yamllint not installed: no ratio")


if __name__ == "__main__":
    main()
