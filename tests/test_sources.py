"""The one input path (issue 11): parse and validate apart, readers by content, one loader.

An importer hands plain data and its own source map to `loader.validate`
and gets the same `file:line:column` problems as YAML; a `Reader` registered
in `sources.READERS` is used by every command for a file it recognises.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from frictionmap import sources
from frictionmap.cli import app
from frictionmap.inputs import check_one
from frictionmap.loader import (
    DEFAULT_LIMITS,
    InvalidJourney,
    Limits,
    SourceMap,
    loads,
    parse,
    validate,
)

SRC = Path(sources.__file__).parent

JOURNEY = """\
frictionmap: 1
name: Two steps
start: ask
steps:
  ask:
    type: self_service
    channel: web
    next: done
  done:
    type: outcome
    outcome: resolved
"""


def test_loads_is_parse_then_validate() -> None:
    data, source_map = parse(JOURNEY, "j.yaml")
    assert data["steps"]["ask"]["next"] == "done"
    assert source_map.step("done") == (9, 3)
    loaded = validate(data, source_map, "j.yaml")
    assert loaded.journey == loads(JOURNEY, "j.yaml").journey
    assert loaded.file == "j.yaml"


def test_parse_reports_yaml_problems_with_their_place() -> None:
    with pytest.raises(InvalidJourney) as caught:
        parse("a: 1\na: 2\n", "dup.yaml")
    assert caught.value.lines() == [
        "dup.yaml:2:1: duplicate key 'a' (first at line 1); "
        "YAML keeps only one: merge them or rename one"
    ]


def _data() -> dict[str, Any]:
    return {
        "frictionmap": 1,
        "name": "Imported",
        "start": "ask",
        "steps": {
            "ask": {"type": "self_service", "next": [{"to": "gone"}]},
            "done": {"type": "outcome", "outcome": "resolved"},
        },
    }


def test_validate_reports_problems_at_a_hand_built_source_map() -> None:
    source_map = SourceMap.from_positions(
        {("steps", "ask"): (40, 7), ("steps", "ask", "next", 0, "to"): (44, 19)},
        keys={("steps", "ask"): (40, 5)},
    )
    data = _data()
    data["steps"]["ask"]["colour"] = "blue"
    with pytest.raises(InvalidJourney) as caught:
        validate(data, source_map, "flow.json")
    # An unknown key is placed at its closest recorded parent's key.
    assert caught.value.lines()[0].startswith("flow.json:40:5: unknown key 'colour'")
    del data["steps"]["ask"]["colour"]
    with pytest.raises(InvalidJourney) as caught:
        validate(data, source_map, "flow.json")
    assert caught.value.lines() == [
        "flow.json:44:19: step 'ask' goes to unknown step 'gone'; did you mean 'done'?"
    ]


def test_validate_refuses_importer_data_past_the_step_limit() -> None:
    data = _data()
    data["steps"]["ask"]["next"] = "done"
    with pytest.raises(InvalidJourney, match="more than 1 steps, the limit"):
        validate(data, SourceMap.from_positions({}), "big.json", Limits(max_steps=1))
    assert validate(data, SourceMap.from_positions({}), "ok.json").journey.name == "Imported"


# -- a reader of another format, by content -------------------------------------


def _json_parse(text: str, file: str, limits: Limits) -> tuple[Any, SourceMap]:
    """A toy importer: JSON with a `toy-export` key, steps placed at their line."""
    data = json.loads(text)["toy-export"]
    positions = {}
    for number, line in enumerate(text.splitlines(), 1):
        found = re.match(r'\s*"([a-z_]+)": \{"type"', line)
        if found:
            positions[("steps", found.group(1))] = (number, line.index('"') + 1)
    return data, SourceMap.from_positions(positions)


TOY = sources.Reader("toy", lambda file, head: '"toy-export"' in head, _json_parse)


def _toy(steps: dict[str, Any]) -> str:
    body = {"frictionmap": 1, "name": "Toy", "start": "ask", "steps": steps}
    lines = ['{"toy-export": {']
    lines += [f'  "{k}": {json.dumps(v)},' for k, v in body.items() if k != "steps"]
    lines.append('  "steps": {')
    lines.append(",\n".join(f'    "{k}": {json.dumps(v)}' for k, v in steps.items()))
    lines.append("}}}")
    return "\n".join(lines) + "\n"


GOOD_STEPS = {
    "ask": {"type": "self_service", "channel": "web", "next": "done"},
    "done": {"type": "outcome", "outcome": "resolved"},
}


@pytest.fixture
def toy_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "READERS", [TOY])


def test_reader_is_chosen_by_content_and_yaml_is_the_fallback(toy_reader: None) -> None:
    assert sources.reader_for("x.txt", _toy(GOOD_STEPS)) is TOY
    assert sources.reader_for("x.json", JOURNEY) is sources.YAML_READER


def test_a_reader_given_by_module_name_is_imported_when_it_reads() -> None:
    lazy = sources.Reader("lazy", lambda f, h: True, "frictionmap.loader:parse")
    data, _ = lazy.read(JOURNEY, "j.yaml", DEFAULT_LIMITS)
    assert data["name"] == "Two steps"


def test_every_command_reads_an_imported_file(toy_reader: None, tmp_path: Path) -> None:
    export = tmp_path / "flow.json"
    export.write_text(_toy(GOOD_STEPS), encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(_toy({**GOOD_STEPS, "ask": {**GOOD_STEPS["ask"], "minutes": 3}}), "utf-8")
    runner = CliRunner()
    for args in (
        ["check", str(export), "-f", "json"],
        ["report", str(export), "-f", "json"],
        ["graph", str(export)],
        ["simulate", str(export), "--runs", "50"],
        ["diff", str(export), str(other), "-f", "json"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1), (args, result.stderr)
        assert result.stderr == "", args
    assert check_one(str(export)).name == "Toy"


def test_an_imported_file_s_problems_point_into_the_export(
    toy_reader: None, tmp_path: Path
) -> None:
    export = tmp_path / "flow.json"
    export.write_text(_toy({"ask": {"type": "self_service", "next": "gone"}}), "utf-8")
    result = CliRunner().invoke(app, ["check", str(export)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{export}:6:5: step 'ask' goes to unknown step 'gone'")


def test_suffixes_and_hidden_rule_are_written_once() -> None:
    # Which files are inputs is decided in sources.py only (renderers may
    # still shorten a journey's file name for display).
    texts = {p.name: p.read_text(encoding="utf-8") for p in SRC.glob("*.py")}
    spelled = sorted(n for n, t in texts.items() if '".yml"' in t or 'startswith(".")' in t)
    assert spelled == ["sources.py"]
    assert sources.is_journey_name("a/b.yml") and not sources.is_journey_name("b.json")
    assert sources.is_hidden(".git/x.yaml") and not sources.is_hidden("a/x.yaml")
