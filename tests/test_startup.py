"""What keeps a cold `frictionmap check` fast (issue 7; bench/run.py measures it).

Timing belongs to the benchmark; these tests pin the structure it relies on:
what a plain check imports, and that the command runs without cyclic GC.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import frictionmap

SEED = Path(__file__).parent.parent / "journeys" / "ups-redelivery.yaml"


def _run(script: str) -> dict[str, object]:
    """Run `script` in a new Python process; its last line of output, as JSON."""
    src = Path(__file__).parent.parent / "src"
    env = {**os.environ, "PYTHONPATH": str(src), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]  # no finding / some
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def test_importing_the_package_imports_no_dependency() -> None:
    seen = _run(
        "import json, sys\n"
        "import frictionmap\n"
        "print(json.dumps(sorted(m for m in sys.modules\n"
        "    if m.split('.')[0] in ('pydantic', 'networkx', 'typer', 'rich', 'yaml')\n"
        "    or m.startswith('frictionmap.'))))\n"
    )
    assert seen == []


def test_the_library_names_load_on_first_use() -> None:
    result = frictionmap.check_text(
        "frictionmap: 1\nname: one\nstart: a\nsteps:\n  a: {type: outcome, outcome: resolved}\n"
    )
    assert result.valid and result.grade == "A"
    assert frictionmap.load is frictionmap.loader.load
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        frictionmap.nothing  # noqa: B018


def test_check_runs_without_gc_and_imports_no_heavy_part() -> None:
    # The command's own entry point, as the console script calls it.
    seen = _run(
        "import atexit, gc, json, sys\n"
        "def report():\n"
        "    heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'scipy',\n"
        "        'duckdb', 'pyspark', 'sqlglot')\n"
        "        or (m.startswith('frictionmap.observed.')\n"
        "            and m not in ('frictionmap.observed.commands',\n"
        "                          'frictionmap.observed.settings'))\n"
        "        or m in ('rich.console', 'rich.table', 'frictionmap.render.terminal',\n"
        "                 'frictionmap.impact', 'frictionmap.walks', 'frictionmap.simulate',\n"
        "                 'frictionmap.revisions', 'frictionmap.render.html'))\n"
        "    print(json.dumps({'gc': gc.isenabled(), 'heavy': heavy}))\n"
        "atexit.register(report)\n"
        f"sys.argv = ['frictionmap', 'check', {str(SEED)!r}]\n"
        "from frictionmap.__main__ import main\n"
        "main()\n"
    )
    assert seen == {"gc": False, "heavy": []}
