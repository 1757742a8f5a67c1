"""Scale benchmark: `frictionmap check --format json` on 1k, 10k and 100k steps.

For each size, on a journey from bench/generate.py (deterministic for a seed):

- `parse`: libyaml alone, `yaml.load(text, Loader=yaml.CSafeLoader)`, the
  floor any YAML tool pays;
- `library`: the whole check in this process through the library, as the CLI
  does it (read, load, graph, every rule, the metrics, the JSON rendering);
- `cli`: one `python -m frictionmap check --format json FILE` subprocess,
  start-up and imports included, with its peak resident memory (`os.wait4`).

Times are the best of `--repeat` runs (one run at 100k steps). Ratios are
to the bare parse measured in the same run, so a busy machine slows both
sides alike. The targets (issue 4): at 100k steps within 10x the bare parse
and under 2 GB; from 10k to 100k steps, time grows no more than 12x.

Usage: PYTHONPATH=src python bench/scale.py [--sizes 1000 10000 100000]
       [--profile SIZE]   (cProfile of the library run, top functions)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TIME_RATIO_TARGET = 10.0
MEMORY_TARGET_MB = 2048.0
GROWTH_TARGET = 12.0


@dataclass(frozen=True)
class Measure:
    steps: int
    megabytes: float
    parse: float
    library: float
    cli: float
    cli_peak_mb: float
    findings: int

    @property
    def library_ratio(self) -> float:
        return self.library / self.parse

    @property
    def cli_ratio(self) -> float:
        return self.cli / self.parse


def best_of(repeat: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def bare_parse(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def library_check(path: Path) -> str:
    """What `frictionmap check --format json FILE` does, minus the process."""
    from frictionmap.inputs import check_paths
    from frictionmap.render import renderer

    report = check_paths([str(path)])
    if any(not j.valid for j in report.journeys):
        raise SystemExit(f"{path}: rejected: {report.journeys[0].findings[0].message}")
    return renderer("json")(report, width=100, color=False)


def cli_check(path: Path) -> tuple[float, float]:
    """One CLI run: (seconds, peak resident MB of the child)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    command = [sys.executable, "-m", "frictionmap", "check", "--format", "json", str(path)]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        error = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"CLI failed on {path} with exit {child.returncode}: {error}")
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return elapsed, usage.ru_maxrss / scale


def journey_file(directory: Path, steps: int, seed: int) -> Path:
    path = directory / f"generated-{steps}-{seed}.yaml"
    if not path.exists():
        path.write_text(generate(steps, seed), encoding="utf-8")
    return path


def measure(path: Path, repeat: int) -> Measure:
    import json

    steps = len(bare_parse(path)["steps"])  # type: ignore[index]
    parse = best_of(repeat, lambda: bare_parse(path))
    output: list[str] = []
    library = best_of(repeat, lambda: output.append(library_check(path)))
    findings = len(json.loads(output[-1])["journeys"][0]["findings"])
    cli, peak = cli_check(path)
    return Measure(steps, path.stat().st_size / 1e6, parse, library, cli, peak, findings)


def table(measures: list[Measure]) -> str:
    lines = [
        f"{'steps':>8} {'MB':>6} {'parse s':>8} {'library s':>10} {'ratio':>6} "
        f"{'CLI s':>8} {'ratio':>6} {'peak MB':>8} {'findings':>8}"
    ]
    for m in measures:
        lines.append(
            f"{m.steps:>8} {m.megabytes:>6.1f} {m.parse:>8.2f} {m.library:>10.2f} "
            f"{m.library_ratio:>6.2f} {m.cli:>8.2f} {m.cli_ratio:>6.2f} {m.cli_peak_mb:>8.0f} "
            f"{m.findings:>8}"
        )
    return "\n".join(lines)


def verdict(measures: list[Measure]) -> str:
    by_size = {round(m.steps, -3): m for m in measures}
    lines = []
    if 10_000 in by_size and 100_000 in by_size:
        small, large = by_size[10_000], by_size[100_000]
        growth = large.library / small.library
        parse_growth = large.parse / small.parse
        lines.append(
            f"10k -> 100k: library time x{growth:.2f} (target <= {GROWTH_TARGET:g}), "
            f"CLI x{large.cli / small.cli:.2f}, bare parse x{parse_growth:.2f}"
        )
    if 100_000 in by_size:
        large = by_size[100_000]
        ok_time = large.library_ratio <= TIME_RATIO_TARGET
        ok_memory = large.cli_peak_mb < MEMORY_TARGET_MB
        lines.append(
            f"100k: {large.library_ratio:.2f}x the bare parse in-process, {large.cli_ratio:.2f}x "
            f"by the CLI (target <= {TIME_RATIO_TARGET:g}x): {'met' if ok_time else 'MISSED'}; "
            f"peak {large.cli_peak_mb:.0f} MB (target < {MEMORY_TARGET_MB:.0f} MB): "
            f"{'met' if ok_memory else 'MISSED'}"
        )
    return "\n".join(lines)


def profile(path: Path, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    library_check(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="best of N below 100k steps")
    parser.add_argument("--dir", help="where generated journeys are kept (default: a temp dir)")
    parser.add_argument("--profile", type=int, metavar="SIZE", help="cProfile one size instead")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    directory = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="frictionmap-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    if args.profile:
        print(profile(journey_file(directory, args.profile, args.seed), args.top))
        return 0
    measures = []
    for size in args.sizes:
        path = journey_file(directory, size, args.seed)
        repeat = 1 if size >= 100_000 else args.repeat
        measures.append(measure(path, repeat))
        print(table(measures[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, seed {args.seed}")
    print(table(measures))
    print(verdict(measures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
