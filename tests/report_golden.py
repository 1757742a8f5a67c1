"""Shared by the report renderers' golden tests: a fixed report, and golden files.

The report is built from the `report-*` fixtures and one seed journey, with a
pinned list of rules so that a rule added later does not change the goldens
(a change in a pinned rule's message, or in the metrics, does: regenerate on
purpose with `FRICTIONMAP_REGEN=1`).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from frictionmap.config import Config, RuleSetting
from frictionmap.inputs import check_paths
from frictionmap.report import Report
from frictionmap.rules import RULES

ROOT = Path(__file__).parent.parent
GOLDEN = Path(__file__).parent / "golden"
FILES = (
    "tests/fixtures/report-billing.yaml",
    "tests/fixtures/report-trap.yaml",
    "tests/fixtures/report-invalid.yaml",
    "journeys/ups-redelivery.yaml",
)
PINNED = (
    "dead-end",
    "unreachable-step",
    "trap-loop",
    "no-resolution",
    "repeated-entry",
    "channel-switch",
    "paid-wait",
    "long-wait",
    "unfixed-closure",
)


def pinned_config() -> Config:
    return Config(
        {r.id: RuleSetting(r.severity if r.id in PINNED else None, r.options()) for r in RULES}
    )


@contextmanager
def at_root() -> Iterator[None]:
    """File names in the report relative to the repository, wherever pytest runs."""
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


def fixed_report(files: tuple[str, ...] = FILES) -> Report:
    with at_root():
        return check_paths(list(files), pinned_config())


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; FRICTIONMAP_REGEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("FRICTIONMAP_REGEN") == "1":
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden {path}: run with FRICTIONMAP_REGEN=1"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), text.splitlines(), "golden", "rendered", lineterm="", n=1
        )
        shown = "\n".join(list(diff)[:60])
        raise AssertionError(f"{name} differs (FRICTIONMAP_REGEN=1 to accept):\n{shown}")
