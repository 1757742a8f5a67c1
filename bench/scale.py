"""Scale benchmark: `frictionmap check --format json` on 1k, 10k and 100k steps.

For each size, on a journey from bench/generate.py (deterministic for a seed):

- `parse`: libyaml alone, `yaml.load(text, Loader=yaml.CSafeLoader)`, the
  floor any YAML tool pays (reading the file included);
- `library`: the whole check through the library, as the CLI does it (read,
  load, graph, every rule, the metrics, the JSON rendering), in a process
  that has already checked a small journey (imports and lazy imports done);
- `cli`: one `python -m frictionmap check --format json FILE` subprocess,
  start-up and imports included, with its peak resident memory (`os.wait4`).

Every timing runs in a fresh child process, parse and library runs
alternating, and each figure is the best of `--repeat` runs at every size:
a 100k-step parse leaves a fragmented 2 GB heap that would slow whatever
ran after it in the same process, and the best of several runs at one size
against a single run at another would bias the growth factor. Ratios are to
the bare parse measured in the same run. The targets (issue 4): at 100k
steps within 10x the bare parse and under 2 GB; from 10k to 100k steps,
time grows no more than 12x.

Usage: PYTHONPATH=src python bench/scale.py [--sizes 1000 10000 100000]
       [--repeat 3] [--dir DIR]
       PYTHONPATH=src python bench/scale.py --profile SIZE   (cProfile, top functions)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TIME_RATIO_TARGET = 10.0
MEMORY_TARGET_MB = 2048.0
GROWTH_TARGET = 12.0
# ru_maxrss is in kilobytes on Linux, bytes on macOS.
_RSS_UNIT = 1024 * 1024 if sys.platform == "darwin" else 1024


@dataclass(frozen=True)
class Measure:
    steps: int
    megabytes: float
    parse: float
    library: float
    library_cpu: float  # CPU seconds of the same best run: robust on a busy machine
    library_peak_mb: float
    cli: float
    cli_peak_mb: float
    findings: int

    @property
    def library_ratio(self) -> float:
        return self.library / self.parse

    @property
    def cli_ratio(self) -> float:
        return self.cli / self.parse


# -- what the child processes run ----------------------------------------------


def bare_parse(path: Path) -> object:
    import yaml

    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def library_check(path: Path) -> tuple[int, int, str]:
    """What `frictionmap check --format json FILE` does, minus the process.

    Returns the journey's steps, its findings and the JSON text.
    """
    from frictionmap.analysis import paused_gc
    from frictionmap.inputs import check_paths
    from frictionmap.render import renderer

    report = check_paths([str(path)])
    (result,) = report.journeys
    if not result.valid or result.journey is None:
        raise SystemExit(f"{path}: rejected: {result.findings[0].message}")
    with paused_gc():  # as the CLI renders
        text = renderer("json")(report, width=100, color=False)
    return len(result.journey.steps), len(result.findings), text


def warm_up(directory: Path) -> None:
    """Check a small journey: imports, lazy imports (numpy, scipy), first-call caches."""
    warm = directory / "warm-up.yaml"
    if not warm.exists():
        warm.write_text(generate(60, 0), encoding="utf-8")
    library_check(warm)


def child(kind: str, path: Path) -> None:
    """Time one run of `kind` on `path`; print seconds, CPU seconds, steps, findings."""
    steps = findings = 0
    if kind == "library":
        warm_up(path.parent)
        start, cpu = time.perf_counter(), time.process_time()
        steps, findings, _ = library_check(path)
    else:
        import yaml  # noqa: F401 - imported before the clock starts

        start, cpu = time.perf_counter(), time.process_time()
        bare_parse(path)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"seconds": seconds, "cpu": cpu, "steps": steps, "findings": findings}))


# -- the parent ------------------------------------------------------------------


def _environment() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT / "src"))


def run_child(command: list[str]) -> tuple[str, float]:
    """Run a child to completion: (its stdout, its peak resident MB)."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_environment()
    )
    # Read before waiting, so a large output cannot fill the pipe and block.
    out = process.stdout.read() if process.stdout else b""
    err = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit {code}: {err.decode()}")
    return out.decode(), usage.ru_maxrss / _RSS_UNIT


def timed_child(kind: str, path: Path) -> tuple[tuple[float, float], dict[str, int], float]:
    """((seconds, CPU seconds), {"steps", "findings"}, peak resident MB) of one child run."""
    out, peak = run_child([sys.executable, __file__, "--child", kind, str(path)])
    data = json.loads(out)
    times = (float(data["seconds"]), float(data["cpu"]))
    return times, {k: int(data[k]) for k in ("steps", "findings")}, peak


def cli_check(path: Path) -> tuple[float, float]:
    """One CLI run, start-up included: (seconds, peak resident MB)."""
    command = [sys.executable, "-m", "frictionmap", "check", "--format", "json", str(path)]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_environment()
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"CLI failed on {path} with exit {process.returncode}: {error}")
    return elapsed, usage.ru_maxrss / _RSS_UNIT


def journey_file(directory: Path, steps: int, seed: int) -> Path:
    path = directory / f"generated-{steps}-{seed}.yaml"
    if not path.exists():
        path.write_text(generate(steps, seed), encoding="utf-8")
    return path


def measure(path: Path, repeat: int) -> Measure:
    parses: list[float] = []
    libraries: list[tuple[float, float]] = []
    peaks: list[float] = []
    counts: dict[str, int] = {}
    for _ in range(repeat):  # alternate, so drift in machine load hits both sides
        parses.append(timed_child("parse", path)[0][0])
        times, counts, peak = timed_child("library", path)
        libraries.append(times)
        peaks.append(peak)
    cli, cli_peak = cli_check(path)
    best = min(libraries)
    return Measure(
        counts["steps"],
        path.stat().st_size / 1e6,
        min(parses),
        best[0],
        best[1],
        max(peaks),
        cli,
        cli_peak,
        counts["findings"],
    )


def table(measures: list[Measure]) -> str:
    lines = [
        f"{'steps':>8} {'MB':>6} {'parse s':>8} {'library s':>10} {'ratio':>6} {'lib cpu':>8} "
        f"{'lib MB':>7} "
        f"{'CLI s':>8} {'ratio':>6} {'CLI MB':>7} {'findings':>8}"
    ]
    for m in measures:
        lines.append(
            f"{m.steps:>8} {m.megabytes:>6.1f} {m.parse:>8.2f} {m.library:>10.2f} "
            f"{m.library_ratio:>6.2f} {m.library_cpu:>8.2f} {m.library_peak_mb:>7.0f} "
            f"{m.cli:>8.2f} {m.cli_ratio:>6.2f} {m.cli_peak_mb:>7.0f} {m.findings:>8}"
        )
    return "\n".join(lines)


def verdict(measures: list[Measure]) -> str:
    by_size = {round(m.steps, -3): m for m in measures}
    lines = []
    if 10_000 in by_size and 100_000 in by_size:
        small, large = by_size[10_000], by_size[100_000]
        growth = large.library / small.library
        ok = growth <= GROWTH_TARGET
        lines.append(
            f"10k -> 100k: library time x{growth:.2f} (target <= {GROWTH_TARGET:g}): "
            f"{'met' if ok else 'MISSED'}; CPU time x{large.library_cpu / small.library_cpu:.2f}, "
            f"CLI x{large.cli / small.cli:.2f}, "
            f"bare parse x{large.parse / small.parse:.2f}"
        )
    if 100_000 in by_size:
        large = by_size[100_000]
        ok_time = large.library_ratio <= TIME_RATIO_TARGET
        ok_memory = large.cli_peak_mb < MEMORY_TARGET_MB
        lines.append(
            f"100k: {large.library_ratio:.2f}x the bare parse through the library, "
            f"{large.cli_ratio:.2f}x by the CLI (target <= {TIME_RATIO_TARGET:g}x): "
            f"{'met' if ok_time else 'MISSED'}; CLI peak {large.cli_peak_mb:.0f} MB "
            f"(target < {MEMORY_TARGET_MB:.0f} MB): {'met' if ok_memory else 'MISSED'}"
        )
    return "\n".join(lines)


def profile(path: Path, top: int) -> str:
    warm_up(path.parent)
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
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs, at every size")
    parser.add_argument("--dir", help="where generated journeys are kept (default: a temp dir)")
    parser.add_argument("--profile", type=int, metavar="SIZE", help="cProfile one size instead")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    directory = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="frictionmap-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    if args.profile:
        print(profile(journey_file(directory, args.profile, args.seed), args.top))
        return 0
    measures = []
    for size in args.sizes:
        measures.append(measure(journey_file(directory, size, args.seed), args.repeat))
        print(table(measures[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, seed {args.seed}")
    print(table(measures))
    print(verdict(measures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
