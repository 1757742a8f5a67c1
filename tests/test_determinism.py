"""Same input, same bytes: every output format across PYTHONHASHSEED values (issue 7).

Each hash seed gets its own processes, run side by side:

- `frictionmap check` and `frictionmap report` on every seed journey (16 files:
  enough for the process pool), every format at once through repeatable
  `--output FORMAT=PATH`;
- one Python process that runs the CLI in-process (typer's CliRunner) for
  `graph` of every journey, `diff` of every journey against its redesign,
  `simulate --seed 7` and `rules`, each in every format: a process per
  command would cost a minute, and what varies with the hash seed is the
  process, which this still is.

The formats are the registry's (frictionmap.render.OUTPUTS): a format added
there is run here, and `test_every_registered_format_is_run` fails if a
command of the registry is not.

Set iteration order, dicts built from sets and float formatting are what
such a test catches; `random` means a fresh seed each run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from frictionmap.render import OUTPUTS, formats

ROOT = Path(__file__).resolve().parent.parent
HASH_SEEDS = ("0", "1", "12345", "random")
#: The commands this test runs, each in every format of the registry.
COMMANDS = ("check", "report", "graph", "simulate", "diff", "rules")
JOURNEYS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "journeys").glob("*.yaml"))
REDESIGNED = sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / "journeys" / "redesigned").glob("*.yaml")
)

# Runs inside each hash seed's process: argv[1] is the output directory.
DRIVER = r"""
import sys
from pathlib import Path
from typer.testing import CliRunner
from frictionmap.cli import app
from frictionmap.render import formats

out = Path(sys.argv[1])
journeys, redesigned = sys.argv[2].split(","), sys.argv[3].split(",")
runner = CliRunner()

def run(name, args):
    result = runner.invoke(app, args, catch_exceptions=False)
    if result.exit_code not in (0, 1):
        sys.exit(f"{args}: exit {result.exit_code}: {result.stderr}")
    (out / name).write_text(result.stdout, encoding="utf-8")

for index, journey in enumerate(journeys + redesigned):
    for fmt in formats("graph"):
        run(f"graph-{index}.{fmt}", ["graph", journey, "--format", fmt])
    for fmt in formats("simulate"):
        run(f"simulate-{index}.{fmt}", ["simulate", journey, "--seed", "7", "--runs", "2000",
                                        "--format", fmt])
after = {Path(p).name: p for p in redesigned}
for index, journey in enumerate(journeys):
    if Path(journey).name in after:
        for fmt in formats("diff"):
            run(f"diff-{index}.{fmt}", ["diff", journey, after[Path(journey).name],
                                        "--format", fmt])
for fmt in formats("rules"):
    run(f"rules-0.{fmt}", ["rules", "--format", fmt])
"""


def _environment(hash_seed: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "COLUMNS")}
    env.update(PYTHONHASHSEED=hash_seed, PYTHONPATH=str(ROOT / "src"), NO_COLOR="1")
    return env


def _commands(out: Path) -> list[list[str]]:
    python = [sys.executable, "-m", "frictionmap"]
    commands = []
    for command in ("check", "report"):
        outputs = [f"--output={fmt}={out / f'{command}.{fmt}'}" for fmt in formats(command)]
        commands.append([*python, command, *JOURNEYS, *REDESIGNED, *outputs])
    commands.append(
        [sys.executable, "-c", DRIVER, str(out), ",".join(JOURNEYS), ",".join(REDESIGNED)]
    )
    return commands


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Hash seed -> output file name -> bytes, every process started at once."""
    running = []
    for hash_seed in HASH_SEEDS:
        out = tmp_path_factory.mktemp(f"hash-{hash_seed}")
        for command in _commands(out):
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=_environment(hash_seed),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            running.append((hash_seed, out, command, process))
    results: dict[str, dict[str, bytes]] = {}
    for hash_seed, out, command, process in running:
        _, stderr = process.communicate(timeout=300)
        # check exits 1 on the seed journeys' errors; anything else is a failure.
        assert process.returncode in (0, 1), (command[:4], stderr.decode()[-2000:])
        results[hash_seed] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    return results


def test_every_registered_format_is_run() -> None:
    assert {output.command for output in OUTPUTS} <= set(COMMANDS)


def test_every_command_and_format_was_written(outputs: dict[str, dict[str, bytes]]) -> None:
    names = set(outputs["0"])
    for command in ("check", "report"):
        assert {f"{command}.{fmt}" for fmt in formats(command)} <= names
    pairs = sum(1 for j in JOURNEYS if Path(j).name in {Path(r).name for r in REDESIGNED})
    count = len(JOURNEYS) + len(REDESIGNED)
    for command, inputs in (("graph", count), ("simulate", count), ("diff", pairs), ("rules", 1)):
        written = {n for n in names if n.startswith(f"{command}-")}
        assert {n.rsplit(".", 1)[1] for n in written} == set(formats(command)), command
        assert len(written) == len(formats(command)) * inputs, command
    assert all(outputs["0"][name] for name in names)


@pytest.mark.parametrize("hash_seed", HASH_SEEDS[1:])
def test_same_bytes_whatever_the_hash_seed(
    outputs: dict[str, dict[str, bytes]], hash_seed: str
) -> None:
    reference, other = outputs[HASH_SEEDS[0]], outputs[hash_seed]
    assert sorted(other) == sorted(reference)
    differing = sorted(name for name in reference if reference[name] != other[name])
    assert differing == []
