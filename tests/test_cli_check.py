"""`frictionmap check` through the CLI: exit codes, streams, JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frictionmap.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "format-example.yaml"

DEAD_END = """\
frictionmap: 1
name: Reset e-mail never comes
start: login
steps:
  login:
    type: self_service
    channel: web
    next: [done, reset_mail]
  reset_mail:
    type: message
  done:
    type: outcome
    outcome: resolved
"""


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def only(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_clean_journey_exits_zero() -> None:
    code, out, _ = run("check", str(GOOD), "--format", "json", "--fail-on", "error")
    data = json.loads(out)
    assert set(data) == {"frictionmap", "journeys", "summary", "config"}
    (journey,) = data["journeys"]
    assert journey["file"] == str(GOOD) and journey["valid"] is True
    assert code == (1 if data["summary"]["errors"] else 0)


def test_error_finding_exits_one_and_json_contract(tmp_path: Path) -> None:
    path = only(tmp_path / "dead.yaml", DEAD_END)
    code, out, _ = run("check", path, "--format", "json")
    assert code == 1
    data = json.loads(out)
    findings = [f for f in data["journeys"][0]["findings"] if f["rule"] == "dead-end"]
    assert findings == [
        {
            "rule": "dead-end",
            "severity": "error",
            "step": "reset_mail",
            "line": 9,
            "column": 3,
            "message": findings[0]["message"],
            "suppressed": None,
            "advice": "Give the step a way on: to a person who can help, or to an outcome.",
            "fingerprint": "dead-end:reset_mail",
            # How likely the customer meets it (issue 12): half the walks reach the dead end.
            "exposure": 0.5,
        }
    ]
    # The detection and the fix are two keys: the advice is not repeated in the message.
    assert findings[0]["advice"] not in findings[0]["message"]
    assert data["summary"]["files"] == 1 and data["summary"]["errors"] >= 1


def test_fail_on_never_and_note(tmp_path: Path) -> None:
    path = only(tmp_path / "dead.yaml", DEAD_END)
    assert run("check", path, "--fail-on", "never")[0] == 0
    assert run("check", path, "--fail-on", "note")[0] == 1


def test_suppressed_finding_stays_in_json_and_does_not_count(tmp_path: Path) -> None:
    text = DEAD_END.replace(
        "  reset_mail:\n    type: message\n",
        "  reset_mail:\n    type: message\n"
        "    allow:\n      dead-end: the mail service is out of scope\n",
    )
    path = only(tmp_path / "allowed.yaml", text)
    code, out, _ = run("check", path, "--format", "json", "--fail-on", "error")
    data = json.loads(out)
    (dead,) = [f for f in data["journeys"][0]["findings"] if f["rule"] == "dead-end"]
    assert dead["suppressed"] == {"reason": "the mail service is out of scope", "scope": "step"}
    assert data["summary"]["suppressed"] >= 1
    errors = [
        f
        for f in data["journeys"][0]["findings"]
        if f["severity"] == "error" and not f["suppressed"]
    ]
    assert code == (1 if errors else 0)


def test_journey_level_allow(tmp_path: Path) -> None:
    text = DEAD_END.replace("start: login\n", "start: login\nallow:\n  dead-end: known gap\n")
    data = json.loads(run("check", only(tmp_path / "j.yaml", text), "-f", "json")[1])
    (dead,) = [f for f in data["journeys"][0]["findings"] if f["rule"] == "dead-end"]
    assert dead["suppressed"] == {"reason": "known gap", "scope": "journey"}


def test_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = only(
        tmp_path / "a-bad.yaml",
        "frictionmap: 1\nname: x\nstart: a\nsteps:\n  a: {type: agent, next: b}\n",
    )
    good = only(tmp_path / "b-good.yaml", GOOD.read_text(encoding="utf-8"))
    code, out, err = run("check", bad, good, "--format", "json")
    assert code == 2
    data = json.loads(out)
    assert [j["valid"] for j in data["journeys"]] == [False, True]
    (invalid,) = data["journeys"][0]["findings"]
    assert invalid["rule"] == "invalid-file" and invalid["severity"] == "error"
    assert (invalid["line"], invalid["column"]) == (5, 26)
    assert "unknown step 'b'" in invalid["message"]
    assert "Traceback" not in out + err
    assert data["journeys"][1]["file"] == good and data["summary"]["invalid"] == 1


def test_terminal_output_of_invalid_file_names_position(tmp_path: Path) -> None:
    bad = only(tmp_path / "bad.yaml", "frictionmap: 1\nname: [x\n")
    code, out, err = run("check", bad)
    assert code == 2
    assert "2:7" in out or "3:1" in out
    assert "\x1b[" not in out  # not a terminal: no colour
    assert "Traceback" not in out + err


def test_directory_is_searched_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    only(tmp_path / "sub" / "b.yml", DEAD_END)
    only(tmp_path / "a.yaml", DEAD_END)
    only(tmp_path / "notes.txt", "not a journey")
    data = json.loads(run("check", str(tmp_path), "-f", "json")[1])
    assert [Path(j["file"]).relative_to(tmp_path).as_posix() for j in data["journeys"]] == [
        "a.yaml",
        "sub/b.yml",
    ]


def test_a_folder_without_journeys_is_a_usage_error(tmp_path: Path) -> None:
    # A wrong path in a CI job must not pass silently.
    only(tmp_path / "notes.txt", "not a journey")
    (tmp_path / "empty").mkdir()
    code, out, err = run("check", str(tmp_path), str(tmp_path / "empty"))
    assert code == 2 and out == ""
    where = f"{tmp_path}, {tmp_path / 'empty'}"
    assert err == f"frictionmap: no journey files (.yaml, .yml) in {where}\n"
    # With one journey somewhere, the empty folder is no error.
    only(tmp_path / "empty" / "a.yaml", DEAD_END)
    assert run("check", str(tmp_path), "-f", "json")[0] == 1


def test_stdin() -> None:
    code, out, _ = run("check", "-", "-f", "json", input=DEAD_END)
    data = json.loads(out)
    assert data["journeys"][0]["file"] == "<stdin>" and code == 1


def test_missing_file_is_rejected_with_exit_two(tmp_path: Path) -> None:
    code, out, _ = run("check", str(tmp_path / "nope.yaml"), "-f", "json")
    assert code == 2
    assert json.loads(out)["journeys"][0]["findings"][0]["message"] == "no such file or directory"


def test_output_file_and_never_over_an_input(tmp_path: Path) -> None:
    path = only(tmp_path / "dead.yaml", DEAD_END)
    target = tmp_path / "out.json"
    code, out, _ = run("check", path, "-f", "json", "-o", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["files"] == 1
    code, _, err = run("check", path, "-f", "json", "-o", path)
    assert code == 2 and "refusing to write over input" in err
    assert Path(path).read_text(encoding="utf-8") == DEAD_END


def test_output_format_equals_path_keeps_terminal_on_stdout(tmp_path: Path) -> None:
    path = only(tmp_path / "dead.yaml", DEAD_END)
    target = tmp_path / "out.json"
    code, out, _ = run("check", path, "--output", f"json={target}")
    assert "dead-end" in out
    assert json.loads(target.read_text(encoding="utf-8"))["journeys"][0]["valid"] is True


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("check", str(GOOD), "--format", "yamlish")
    assert code == 2 and "unknown format 'yamlish'" in err


def test_same_input_same_bytes(tmp_path: Path) -> None:
    path = only(tmp_path / "dead.yaml", DEAD_END)
    assert run("check", path, "-f", "json")[1] == run("check", path, "-f", "json")[1]


@pytest.mark.parametrize("name", ["schema"])
def test_schema_validates_the_example(name: str) -> None:
    import jsonschema
    import yaml

    code, out, _ = run(name)
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(yaml.safe_load(GOOD.read_text(encoding="utf-8")))
    bad = yaml.safe_load(GOOD.read_text(encoding="utf-8"))
    bad["steps"]["queue"]["typo"] = 1
    assert list(validator.iter_errors(bad))


def test_rejected_file_is_diagnosed_on_stderr(tmp_path: Path) -> None:
    bad = only(tmp_path / "bad.yaml", "frictionmap: 1\nname: x\nname: y\n")
    code, out, err = run("check", bad, "-f", "json")
    assert code == 2
    assert err == (
        f"{bad}:3:1: duplicate key 'name' (first at line 2); "
        "YAML keeps only one: merge them or rename one\n"
    )
    assert json.loads(out)["summary"]["invalid"] == 1
