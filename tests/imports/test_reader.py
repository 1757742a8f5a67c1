"""reader.py: exports recognised from their first characters and read as journeys
whose source map points into the export (for check, report, diff and graph)."""

from __future__ import annotations

from pathlib import Path

from frictionmap.importers.reader import parse, sniff
from frictionmap.loader import DEFAULT_LIMITS, Journey

ROOT = Path(__file__).parent.parent.parent
EXPORTS = sorted(
    p for p in (ROOT / "tests" / "fixtures" / "exports").glob("*/*") if p.name != "NOTICE.md"
)


def test_every_vendored_export_is_sniffed_from_its_head() -> None:
    for path in EXPORTS:
        assert sniff(path.name, path.read_text(encoding="utf-8")[:4096]), path.name


def test_journey_files_are_not_claimed() -> None:
    journeys = sorted((ROOT / "journeys").glob("*.yaml")) + sorted(
        (ROOT / "tests" / "golden" / "imports").glob("*.yaml")
    )
    assert journeys
    for path in journeys:
        assert not sniff(path.name, path.read_text(encoding="utf-8")[:4096]), path.name


def test_parse_gives_a_journey_and_positions_in_the_export() -> None:
    path = next(
        p for p in EXPORTS if p.name.startswith("twilio-labs__function-templates__vaccine-standby")
    )
    text = path.read_text(encoding="utf-8")
    data, source_map = parse(text, str(path), DEFAULT_LIMITS)
    journey = Journey.model_validate(data)
    assert "goodbye" in journey.steps
    line, column = source_map.step("goodbye")
    assert text.splitlines()[line - 1][column - 1 :].startswith('"name": "Goodbye"')
