"""Input limits (issue 7): refused in bounded time and memory, configurable, documented.

`loader.Limits`: file size (checked before reading, reads never past it),
steps, nesting depth, string length; the `[limits]` config table and the
`--max-file-size` / `--max-steps` options move them.
"""

from __future__ import annotations

import io
import json
import time
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frictionmap.analysis import check_file
from frictionmap.cli import app
from frictionmap.config import ConfigError, config_from_table, limits_from_table, parse_size
from frictionmap.loader import InvalidJourney, Limits, load, loads, read_stream

MB = 1024 * 1024
LIMIT = Limits().max_bytes
JOURNEY = """\
frictionmap: 1
name: Four steps
start: call
steps:
  call: {type: contact, channel: phone, next: menu}
  menu: {type: ivr, next: agent}
  agent: {type: agent, next: done}
  done: {type: outcome, outcome: resolved}
"""


def test_default_limits_are_the_documented_ones() -> None:
    assert Limits() == Limits(max_bytes=100 * MB, max_depth=64, max_string=100_000,
                              max_steps=200_000)
    docs = (Path(__file__).parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
    assert (
        "100 MB per\nfile, 64 levels of nesting, 100,000 characters per value, 200,000 steps"
        in docs
    )
    assert "[limits]\nmax_file_size" in docs


def test_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # sparse: 100 MB + 1 byte that take no disk
        handle.truncate(LIMIT + 1)
    tracemalloc.start()
    try:
        with pytest.raises(InvalidJourney) as caught:
            load(big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == (
        f"{big}:1:1: the file is 104,857,601 bytes, over the limit of 104,857,600 bytes; "
        "raise it with --max-file-size or [limits] max_file_size"
    )
    assert peak < 1 * MB  # the file was never read


def test_cli_refuses_a_big_file_and_checks_the_others(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(LIMIT + 1)
    good = tmp_path / "good.yaml"
    good.write_text(JOURNEY, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(big), str(good), "--format", "json"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{big}:1:1: the file is 104,857,601 bytes, over the limit")
    data = json.loads(result.stdout)
    assert [j["valid"] for j in data["journeys"]] == [False, True]


def test_file_just_under_the_limit_of_comments_is_handled_in_bounded_time_and_memory(
    tmp_path: Path,
) -> None:
    """99.99 MB of comments: analysed in seconds, holding the text about twice at most.

    Twice: the bytes while they are decoded, then the text and libyaml's UTF-8
    copy of it. Holding the bytes while parsing too would be three times.
    """
    path = tmp_path / "comments.yaml"
    line = b"# " + b"x" * 97 + b"\n"
    with path.open("wb") as handle:
        handle.write(JOURNEY.encode())
        handle.write(line * ((LIMIT - len(JOURNEY) - 1000) // len(line)))
    size = path.stat().st_size
    assert LIMIT - 1100 < size <= LIMIT
    began = time.monotonic()
    tracemalloc.start()
    try:
        result = check_file(str(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - began
    assert result.valid and result.name == "Four steps"
    assert elapsed < 20, elapsed
    assert peak < 2.3 * size, peak / size


class _Endless(io.RawIOBase):
    """A stream of zero bytes that never ends (a pipe from /dev/zero), counting reads."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        count = len(buffer)
        buffer[:count] = bytes(count)
        self.given += count
        return count


def test_a_stream_is_read_no_further_than_the_limit() -> None:
    stream = _Endless()
    with pytest.raises(InvalidJourney) as caught:
        endless = io.BufferedReader(stream)  # type: ignore[type-var]  # a RawIOBase is fine
        read_stream(endless, "<stdin>", Limits(max_bytes=10_000))
    assert caught.value.problems[0].message.startswith(
        "the input is over the limit of 10,000 bytes"
    )
    assert stream.given <= 10_001 + io.DEFAULT_BUFFER_SIZE


def test_steps_depth_and_string_limits_refuse_with_position() -> None:
    with pytest.raises(InvalidJourney) as caught:
        loads(JOURNEY, "j.yaml", Limits(max_steps=3))
    assert str(caught.value) == (
        "j.yaml:4:1: the journey has more than 3 steps, the limit; "
        "raise it with --max-steps or [limits] max_steps"
    )
    loads(JOURNEY, "j.yaml", Limits(max_steps=4))  # at the limit: fine
    # Every other table and list is held to the step limit too (at least 1,000
    # entries): memory grows with entries, and data, teams or a list of asks
    # could otherwise hold millions in 100 MB.
    data = "".join(f"  d{i}: {{}}\n" for i in range(1_001))
    with pytest.raises(InvalidJourney) as caught:
        loads(JOURNEY + "data:\n" + data, "j.yaml", Limits(max_steps=4))
    assert str(caught.value) == (
        "j.yaml:1010:3: 'data' has more than 1,000 entries, the limit (no table or list may be "
        "longer than the step limit, or 1,000); raise it with --max-steps or [limits] max_steps"
    )
    asks = JOURNEY.replace("{type: ivr, next: agent}", f"{{type: ivr, asks: [{'x, ' * 1_001}x]}}")
    with pytest.raises(InvalidJourney) as caught:
        loads(asks, "j.yaml", Limits(max_steps=4))
    assert "'steps.menu.asks' has more than 1,000 entries" in str(caught.value)
    # Refused as the step past the limit is read: what follows is never parsed.
    with pytest.raises(InvalidJourney) as caught:
        loads(JOURNEY + "  broken: [\n", "j.yaml", Limits(max_steps=3))
    assert "more than 3 steps" in str(caught.value)


# -- configuration -----------------------------------------------------------------


def test_sizes_read_as_bytes_or_with_units() -> None:
    assert parse_size(1000) == 1000
    assert parse_size("200MB") == 200 * MB
    assert parse_size("1.5 GB") == 1536 * MB
    assert parse_size("512k") == 512 * 1024
    assert parse_size("10MiB") == 10 * MB
    for bad in ("lots", "1e3", "-5MB", True, 2.5):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_limits_table_sets_every_limit() -> None:
    table = {"max_file_size": "1MB", "max_steps": 10, "max_depth": 8, "max_string_length": 50}
    assert limits_from_table(table, "frictionmap.toml") == Limits(
        max_bytes=MB, max_steps=10, max_depth=8, max_string=50
    )
    config = config_from_table({"limits": {"max_steps": 3}}, "frictionmap.toml")
    assert config.limits == Limits(max_steps=3)
    assert config_from_table({}, "frictionmap.toml").limits == Limits()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"max_step": 3}, "limits.max_step: unknown limit; did you mean 'max_steps'? "
         "(limits: max_file_size, max_steps, max_depth, max_string_length)"),
        ({"max_file_size": "big"}, "limits.max_file_size: 'big' is not a size; "
         'write bytes or a size such as "200MB"'),
        ({"max_steps": 0}, "limits.max_steps: must be between 1 and 100,000,000, not 0"),
        ({"max_depth": 5000}, "limits.max_depth: must be between 1 and 1,000, not 5,000"),
        ({"max_steps": "10"}, "limits.max_steps: must be a whole number, not '10'"),
    ],
)
def test_limits_table_mistakes(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config_from_table({"limits": table}, "frictionmap.toml")
    assert str(caught.value) == f"frictionmap.toml: {message}"


def test_config_limits_apply_and_the_command_line_overrides_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "frictionmap.toml").write_text("[limits]\nmax_steps = 3\n", encoding="utf-8")
    (tmp_path / "j.yaml").write_text(JOURNEY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    refused = runner.invoke(app, ["check", "j.yaml"])
    assert refused.exit_code == 2
    assert refused.stderr == (
        "j.yaml:4:1: the journey has more than 3 steps, the limit; "
        "raise it with --max-steps or [limits] max_steps\n"
    )
    for command in (["check", "j.yaml"], ["report", "j.yaml"], ["graph", "j.yaml"]):
        assert runner.invoke(app, [*command, "--max-steps", "4"]).exit_code in (0, 1)
    small = runner.invoke(app, ["graph", "j.yaml", "--max-steps", "4", "--max-file-size", "100"])
    assert small.exit_code == 2
    assert small.stderr.startswith(
        f"j.yaml:1:1: the file is {len(JOURNEY)} bytes, over the limit of 100 bytes"
    )


@pytest.mark.parametrize("command", ["simulate", "diff"])
def test_simulate_and_diff_take_the_limits_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    (tmp_path / "j.yaml").write_text(JOURNEY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["simulate", "j.yaml"] if command == "simulate" else ["diff", "j.yaml", "j.yaml"]
    assert CliRunner().invoke(app, args).exit_code == 0
    refused = CliRunner().invoke(app, [*args, "--max-steps", "2"])
    assert refused.exit_code == 2
    assert "the journey has more than 2 steps, the limit" in refused.stderr


def test_bad_command_line_limit_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "j.yaml").write_text(JOURNEY, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "j.yaml"), "--max-file-size", "x"])
    assert result.exit_code == 2
    assert result.stderr == (
        "frictionmap: --max-file-size: 'x' is not a size; write bytes or a size such as \"200MB\"\n"
    )
