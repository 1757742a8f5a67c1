"""`frictionmap report` through the CLI: exit codes, formats, outputs."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from frictionmap.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
TRAP = str(FIXTURES / "report-trap.yaml")  # two trap-loop errors
INVALID = str(FIXTURES / "report-invalid.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_report_is_for_reading_and_exits_zero_on_findings() -> None:
    code, out, err = run("report", TRAP)
    assert code == 0 and err == ""
    assert "Worst practices, by impact" in out
    assert "Most likely walk to failure: trapped (no outcome)" in out
    assert "\x1b[" not in out


def test_fail_on_makes_report_a_gate() -> None:
    assert run("report", TRAP, "--fail-on", "error")[0] == 1
    assert run("report", TRAP, "--fail-on", "never")[0] == 0


def test_rejected_file_exits_two_and_is_diagnosed_on_stderr() -> None:
    code, out, err = run("report", INVALID, TRAP)
    assert code == 2
    assert f"{INVALID}:7:11: step 'call' goes to unknown step 'agnet'" in err
    assert "rejected: the file breaks the journey format" in out
    assert "Password reset loop" in out  # the other file is still reported


def test_check_prints_the_compact_listing_not_the_report() -> None:
    code, out, _ = run("check", TRAP)
    assert code == 1
    assert "trap-loop" in out and "Worst practices, by impact" not in out


def test_markdown_format_and_several_outputs(tmp_path: Path) -> None:
    code, out, _ = run("report", TRAP, "--format", "markdown")
    assert code == 0 and out.startswith("# Worst-practices report\n")
    target = tmp_path / "report.md"
    code, out, _ = run("report", TRAP, "--output", f"markdown={target}")
    assert code == 0
    assert "Worst practices, by impact" in out  # the terminal report stays on stdout
    assert target.read_text(encoding="utf-8").startswith("# Worst-practices report\n")
    terminal = tmp_path / "report.txt"
    code, out, _ = run("report", TRAP, "-o", str(terminal))
    assert code == 0 and out == ""
    assert "Most likely walk to resolution: resolved" in terminal.read_text(encoding="utf-8")


def test_markdown_is_a_check_format_too() -> None:
    code, out, _ = run("check", TRAP, "--format", "markdown")
    assert code == 1 and out.startswith("# Worst-practices report\n")


def test_unknown_format() -> None:
    code, _, err = run("report", TRAP, "--format", "yamlish")
    assert code == 2 and "unknown format 'yamlish'" in err
