"""Issue 15, the CLI items: each test failed before its fix.

-o never writes over an input (folder members, hard links); the format of
-o comes from its extension; `diff` honours the project config and every
output names it; odd file names, full disks and unreadable folders are
diagnosed, not tracebacks; the conventions users expect (--version, -q,
completion, clean help, `diff -`, TERM=dumb).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frictionmap import __version__, cli
from frictionmap.cli import app

ROOT = Path(__file__).parent.parent
GOOD = ROOT / "tests" / "fixtures" / "format-example.yaml"
BEFORE = ROOT / "tests" / "fixtures" / "diff-parcel" / "before.yaml"
AFTER = ROOT / "tests" / "fixtures" / "diff-parcel" / "after.yaml"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def command(*args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """The real command in a new process (for what CliRunner cannot show)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "frictionmap", *args],
        cwd=cwd,
        env=env,
        capture_output="stdout" not in kwargs,
        timeout=120,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


# -- item 2: -o never writes over a file the run reads -----------------------------


@pytest.mark.parametrize("name", ["check", "report"])
def test_output_refuses_a_journey_inside_a_folder_input(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "j"
    folder.mkdir()
    journey = folder / "a.yaml"
    shutil.copy(GOOD, journey)
    before = journey.read_bytes()
    code, _, err = run(name, str(folder), "-f", "json", "-o", str(journey))
    assert code == 2 and "refusing to write over input file" in err
    code, _, err = run(name, str(folder), "-o", f"json={journey}")
    assert code == 2 and "refusing to write over input file" in err
    assert journey.read_bytes() == before


def _hard_link(tmp_path: Path) -> tuple[Path, Path]:
    journey = tmp_path / "a.yaml"
    shutil.copy(GOOD, journey)
    link = tmp_path / "link.json"
    os.link(journey, link)
    return journey, link


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{j}", "-f", "json", "-o", "{link}"],
        ["report", "{j}", "-o", "json={link}"],
        ["graph", "{j}", "-f", "svg", "-o", "{link}"],
        ["simulate", "{j}", "-f", "json", "-o", "{link}"],
        ["diff", "{j}", "{j}", "-f", "json", "-o", "{link}"],
        # The commands of issues 13 and 14 share the same glue (cliio.py).
        ["import", "{j}", "-o", "{link}"],
        ["import", "{j}", "--emit-overlay", "{link}"],
        ["calibrate", "{j}", "--log", "{j}", "-o", "{link}"],
        ["conform", "{j}", "--log", "{j}", "-o", "{link}"],
    ],
)
def test_output_refuses_a_hard_link_to_an_input(tmp_path: Path, args: list[str]) -> None:
    journey, link = _hard_link(tmp_path)
    before = journey.read_bytes()
    code, _, err = run(*(a.format(j=journey, link=link) for a in args))
    assert code == 2 and f"refusing to write over input file '{link}'" in err
    assert journey.read_bytes() == before


# -- item 13: the format of -o --------------------------------------------------------


def test_output_format_comes_from_the_extension(tmp_path: Path) -> None:
    page, drawing, listing = tmp_path / "out.html", tmp_path / "g.svg", tmp_path / "x.sarif"
    code, out, _ = run("check", str(GOOD), "-o", str(page), "-o", f"sarif={listing}")
    assert code in (0, 1) and out == ""
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert json.loads(listing.read_text(encoding="utf-8"))["version"] == "2.1.0"
    code, out, _ = run("graph", str(GOOD), "-o", str(drawing))
    assert code == 0 and out == "" and "<svg" in drawing.read_text(encoding="utf-8")[:200]
    # An explicit --format wins over the extension.
    text = tmp_path / "report.txt"
    run("check", str(GOOD), "-f", "json", "-o", str(text))
    assert json.loads(text.read_text(encoding="utf-8"))["journeys"]


def test_unknown_format_prefix_and_extension_are_refused(tmp_path: Path) -> None:
    code, _, err = run("check", str(GOOD), "-o", f"sarf={tmp_path / 'out.sarif'}")
    assert code == 2 and "unknown format 'sarf'" in err and "sarif (.sarif)" in err
    code, _, err = run("check", str(GOOD), "-o", str(tmp_path / "out.weird"))
    assert code == 2 and "cannot tell the format" in err and "html (.html, .htm)" in err
    code, _, err = run("diff", str(BEFORE), str(AFTER), "-o", str(tmp_path / "d.html"))
    assert code == 2 and "markdown (.md, .markdown)" in err
    assert list(tmp_path.iterdir()) == []


# -- item 7: diff honours the project's config, and outputs name it ---------------------


def _project(tmp_path: Path) -> Path:
    (tmp_path / "frictionmap.toml").write_text('[rules]\nrepeated-entry = "off"\n', "utf-8")
    shutil.copy(BEFORE, tmp_path / "before.yaml")
    shutil.copy(AFTER, tmp_path / "after.yaml")
    return tmp_path


def _diff_rules(data: dict[str, object]) -> set[str]:
    (diff,) = data["diffs"]  # type: ignore[misc]
    findings = diff["findings"]
    return {f["rule"] for kind in ("fixed", "new", "kept") for f in findings.get(kind, [])}


def test_diff_uses_the_project_config_and_says_so(tmp_path: Path) -> None:
    project = _project(tmp_path)
    done = command("diff", "before.yaml", "after.yaml", "-f", "json", cwd=project)
    data = json.loads(done.stdout)
    assert data["config"] == "frictionmap.toml"
    assert "repeated-entry" not in _diff_rules(data)
    # The same score as `report` with that config.
    report = json.loads(command("report", "before.yaml", "-f", "json", cwd=project).stdout)
    (score,) = [m for m in data["diffs"][0]["metrics"] if m["name"] == "score"]
    assert score["before"] == report["journeys"][0]["score"]
    assert report["config"] == "frictionmap.toml"


def test_diff_has_config_option(tmp_path: Path) -> None:
    project = _project(tmp_path)
    config = str(project / "frictionmap.toml")
    code, out, _ = run(
        "diff", str(project / "before.yaml"), str(project / "after.yaml"), "--config", config
    )
    assert code == 0 and out.rstrip().endswith(f"config: {config}")
    code, out, _ = run("diff", str(BEFORE), str(AFTER), "-f", "json", "--config", config)
    assert "repeated-entry" not in _diff_rules(json.loads(out))
    code, _, err = run("diff", str(BEFORE), str(AFTER), "--config", str(tmp_path / "none.toml"))
    assert code == 2 and "no such file" in err


def test_every_check_output_names_the_config(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _project(project)
    sarif = json.loads(command("check", "before.yaml", "-f", "sarif", cwd=project).stdout)
    assert sarif["runs"][0]["properties"]["config"] == "frictionmap.toml"
    listing = command("check", "before.yaml", cwd=project).stdout.decode()
    assert listing.endswith("config: frictionmap.toml\n")
    report = command("report", "before.yaml", cwd=project).stdout.decode()
    assert report.rstrip().endswith("config: frictionmap.toml")
    junit = command("check", "before.yaml", "-f", "junit", cwd=project).stdout.decode()
    assert '<property name="config" value="frictionmap.toml" />' in junit
    github = command("check", "before.yaml", "-f", "github", cwd=project).stdout.decode()
    assert github.endswith("\nfrictionmap config: frictionmap.toml\n")
    markdown = command("check", "before.yaml", "-f", "markdown", cwd=project).stdout.decode()
    assert "_Config: frictionmap.toml._" in markdown.split("\n\n")[1]
    html = command("report", "before.yaml", "-f", "html", cwd=project).stdout.decode()
    assert "Config: frictionmap.toml.</footer>" in html
    comment = command(
        "diff", "before.yaml", "before.yaml", "-f", "markdown", cwd=project
    ).stdout.decode()
    assert "_config: frictionmap.toml_" in comment
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copy(BEFORE, bare / "j.yaml")
    out = json.loads(command("check", "j.yaml", "-f", "json", cwd=bare).stdout)
    assert out["config"] == "no config file, preset recommended"


# -- item 9: file names that are not UTF-8 -------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
@pytest.mark.parametrize("fmt", ["sarif", "json", "junit", "html", "markdown", "github"])
def test_non_utf8_file_names_do_not_crash_outputs(tmp_path: Path, fmt: str) -> None:
    (tmp_path / os.fsdecode(b"caf\xe9.yaml")).write_bytes(GOOD.read_bytes())
    done = command("check", ".", "-f", fmt, cwd=tmp_path)
    assert done.returncode in (0, 1) and b"Traceback" not in done.stderr
    text = done.stdout.decode("utf-8")  # every output is valid UTF-8
    if fmt == "json":  # the name as outputs show it: the byte as an escape
        assert json.loads(text)["journeys"][0]["file"] == "caf\\xe9.yaml"
    target = os.fsdecode(b"out\xe9") + (".sarif" if fmt == "sarif" else ".x")
    done = command("check", ".", "-o", f"{fmt}={target}", cwd=tmp_path)
    assert done.returncode in (0, 1) and b"Traceback" not in done.stderr
    (tmp_path / target).read_bytes().decode("utf-8")


# -- item 10: an output that cannot be written ----------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["terminal", "json"])
def test_full_disk_on_stdout_is_exit_2_with_a_message(tmp_path: Path, fmt: str) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "frictionmap", "check", str(GOOD), "-f", fmt],
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "frictionmap: cannot write the output: No space left on device\n"
    )


# -- item 12: what a folder input could not read -------------------------------------


def test_dangling_symlink_in_a_folder_is_reported(tmp_path: Path) -> None:
    shutil.copy(GOOD, tmp_path / "a.yaml")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "gone-folder").symlink_to(tmp_path / "nowhere")
    (tmp_path / "notes.txt").symlink_to(tmp_path / "nowhere.txt")  # not a journey: ignored
    code, out, err = run("check", str(tmp_path), "-f", "json")
    assert code == 2
    assert err.splitlines() == [
        f"{tmp_path / 'gone-folder'}:1:1: a symbolic link to '{tmp_path / 'nowhere'}', "
        "which does not exist",
        f"{tmp_path / 'gone.yaml'}:1:1: a symbolic link to '{tmp_path / 'nowhere.yaml'}', "
        "which does not exist",
    ]
    summary = json.loads(out)["summary"]
    assert summary["files"] == 3 and summary["invalid"] == 2


def test_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(GOOD, tmp_path / "a.yaml")
    private = tmp_path / "private"
    private.mkdir()
    shutil.copy(GOOD, private / "b.yaml")
    scandir = os.scandir

    def refusing(path: object = ".") -> object:  # as for a folder without read permission
        if Path(os.fspath(path)) == private:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refusing)
    code, out, err = run("check", str(tmp_path), "-f", "json")
    assert code == 2
    assert err == (
        f"{private}:1:1: cannot read this folder (Permission denied): "
        "the journeys in it are not checked\n"
    )
    data = json.loads(out)
    assert [j["valid"] for j in data["journeys"]] == [True, False]


# -- conventions ------------------------------------------------------------------------


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out == f"frictionmap {__version__}\n"


def test_quiet_prints_nothing_but_keeps_the_exit_code(tmp_path: Path) -> None:
    code, out, _ = run("check", str(BEFORE))
    assert code == 1 and out
    code, out, _ = run("check", str(BEFORE), "-q")
    assert code == 1 and out == ""
    target = tmp_path / "out.json"
    code, out, _ = run("report", str(BEFORE), "--quiet", "-o", f"json={target}")
    assert out == "" and json.loads(target.read_text(encoding="utf-8"))["journeys"]
    code, out, _ = run("diff", str(BEFORE), str(AFTER), "-q")
    assert code == 0 and out == ""


def test_shell_completion_is_offered() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "--install-completion" in out and "--show-completion" in out


@pytest.mark.parametrize(
    "name",
    ["check", "report", "diff", "graph", "simulate", "rules", "explain", "schema", "import"]
    + ["calibrate", "conform"],
)
def test_help_metavars_are_clean(name: str) -> None:
    code, out, _ = run(name, "--help")
    assert code == 0
    for typer_default in ("<list[str]>", "<str>", "<int>", "{", "<error|"):
        assert typer_default not in out, (name, typer_default)


def test_diff_reads_one_side_from_standard_input() -> None:
    code, out, err = run(
        "diff", "-", str(AFTER), "-f", "json", input=BEFORE.read_text(encoding="utf-8")
    )
    assert code == 0, err
    (diff,) = json.loads(out)["diffs"]
    assert diff["before"]["file"] == "<stdin>"
    code, _, err = run("diff", "-", "-")
    assert code == 2 and "standard input (-) for one side only" in err


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_term_dumb_means_no_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    assert cli._color(_Terminal())
    monkeypatch.setenv("TERM", "dumb")
    assert not cli._color(_Terminal())
    monkeypatch.setenv("FORCE_COLOR", "1")  # an explicit request still wins
    assert cli._color(_Terminal())
