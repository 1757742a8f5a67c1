"""Issue 15: the holes found when frictionmap was tried as an attacker would.

One test (or a few) per item of the issue; each failed before its fix. The
expected behaviour: exit 2 with `file:line:col: message`, no traceback, the
other files of the run still checked, nothing printed that a terminal, a CI
log or GitHub would act on.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frictionmap import bounds
from frictionmap.analysis import check_text
from frictionmap.cli import app
from frictionmap.config import ConfigError, load_config, parse_size
from frictionmap.escapes import _JSON_HIDDEN, hidden, json_printable, location, printable
from frictionmap.loader import MAX_INTEGER, InvalidJourney, loads
from frictionmap.render import markdown
from frictionmap.report import Report


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidJourney) as caught:
        loads(text, "j.yaml")
    return [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]


OK = """\
frictionmap: 1
name: ok
start: a
data:
  x: {characters: 10}
steps:
  a: {type: agent, minutes: 1, asks: [x], next: b}
  b: {type: outcome, outcome: resolved}
"""


# -- 1. huge integers in any base ---------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "0x" + "f" * 3600,
        "0b" + "1" * 20_000,
        "0" + "7" * 5000,  # YAML 1.1 octal
        "1" + ":59" * 3000,  # base 60
        "9" * 5000,
        "!!int " + "1" * 100,
        str(MAX_INTEGER + 1),
    ],
    ids=["hex", "binary", "octal", "base60", "decimal", "tagged", "2^53+1"],
)
def test_huge_integers_are_refused_in_every_base(number: str) -> None:
    text = OK.replace("minutes: 1", f"minutes: {number}")
    (message,) = problems(text)
    assert message.startswith("7:29: the number '") and "is too large" in message
    assert len(message) < 200


def test_a_huge_integer_in_data_cannot_reach_diff(tmp_path: Path) -> None:
    before = tmp_path / "before.yaml"
    after = tmp_path / "after.yaml"
    before.write_text(OK, encoding="utf-8")
    after.write_text(OK.replace("characters: 10", "characters: 0x" + "f" * 3600), "utf-8")
    code, _, err = run("diff", str(before), str(after))
    assert code == 2 and "after.yaml:5:19: the number '0xffff" in err
    assert "Traceback" not in err


def test_a_huge_integer_does_not_stop_the_other_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    good = tmp_path / "good.yaml"
    bad.write_text(OK.replace("minutes: 1", "minutes: 0b" + "1" * 9000), "utf-8")
    good.write_text(OK, encoding="utf-8")
    code, out, err = run("check", str(bad), str(good), "-f", "json")
    assert code == 2 and "is too large" in err
    files = {Path(j["file"]).name: j["valid"] for j in json.loads(out)["journeys"]}
    assert files == {"bad.yaml": False, "good.yaml": True}


def test_ordinary_numbers_in_other_bases_still_read() -> None:
    text = OK.replace("minutes: 1", "minutes: 0x1f").replace("characters: 10", "characters: 1:30")
    journey = loads(text).journey
    assert journey.steps["a"].minutes == 31 and journey.data["x"].characters == 90


# -- 3. file names ----------------------------------------------------------------------

FORGED = "x\n::stop-commands::tok\n::error file=a::forged\x1b]52;c;eA==\x07\u202e.yaml"


def _lines_start_clean(text: str) -> None:
    for line in text.splitlines():
        assert not line.startswith("::stop-commands"), line
        assert not line.startswith("::error file=a"), line
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text


@pytest.mark.skipif(sys.platform == "win32", reason="file names with line breaks")
def test_a_file_name_cannot_forge_lines_or_control_the_terminal(tmp_path: Path) -> None:
    bad = tmp_path / FORGED
    bad.write_text(OK.replace("start: a", "start: zz"), encoding="utf-8")
    good = tmp_path / "good\x1b[2J.yaml"
    good.write_text(OK, encoding="utf-8")
    for fmt in ("terminal", "github", "markdown", "json", "sarif", "junit", "html"):
        code, out, err = run("check", str(tmp_path), "-f", fmt)
        assert code == 2, fmt
        _lines_start_clean(err)
        _lines_start_clean(out)
        # The rejected file's diagnostic is one line, the name shown escaped.
        (line,) = [x for x in err.splitlines() if "start names unknown step" in x]
        assert "x\\n::stop-commands::tok\\n::error file=a::forged\\x1b]52;c;eA==" in line
    code, out, err = run("report", str(tmp_path))
    _lines_start_clean(out)
    _lines_start_clean(err)
    code, out, err = run("graph", str(bad))
    assert code == 2
    _lines_start_clean(err)
    code, out, err = run("diff", str(bad), str(good))
    assert code == 2
    _lines_start_clean(err)


def test_location_is_the_one_way_to_print_a_file_name() -> None:
    assert location("a\nb\x1b.yaml", 3, 4) == "a\\nb\\x1b.yaml:3:4"
    error = InvalidJourney("a\nb.yaml", [])  if False else None  # noqa: F841
    with pytest.raises(InvalidJourney) as caught:
        loads("frictionmap: 2\n", "evil\n::error::x.yaml")
    assert "\n" not in str(caught.value)


# -- 4. the pull-request comment -----------------------------------------------------

LABELS = """\
frictionmap: 1
name: "Hi @octocat see #123 and GH-7 ![pixel](https://e.vil/p.png) [x](https://e.vil)"
start: a
steps:
  a: {type: agent, minutes: 1, next: b,
      label: "```\\n</details><h1>owned</h1>\\n# Heading www.e.vil"}
  b: {type: outcome, outcome: resolved}
"""


def _diff_markdown(tmp_path: Path, before: str, after: str) -> str:
    (tmp_path / "before.yaml").write_text(before, encoding="utf-8")
    (tmp_path / "after.yaml").write_text(after, encoding="utf-8")
    code, out, err = run(
        "diff", str(tmp_path / "before.yaml"), str(tmp_path / "after.yaml"), "-f", "markdown"
    )
    assert code == 0, err
    return out


def _outside_fences(text: str) -> str:
    return re.sub(r"(`{3,})[^\n]*\n.*?\n\1(?=\n|$)", "", text, flags=re.S)


def test_the_diff_comment_escapes_everything_from_the_journey(tmp_path: Path) -> None:
    after = LABELS.replace("minutes: 1,", "minutes: 5,")
    out = _diff_markdown(tmp_path, LABELS, after)
    # Every fence opened is closed by a fence of its own length: no label closed one.
    fences = re.findall(r"^(`{3,})", out, flags=re.M)
    assert len(fences) % 2 == 0
    outside = _outside_fences(out)
    assert "<h1>" not in outside and "</details><" not in outside
    assert "](https://" not in outside  # no link or image
    assert not re.search(r"(?<![\w&])@octocat", outside)  # no mention
    assert not re.search(r"(?<!&)#123", outside) and "GH-7" not in outside
    assert "https://e.vil" not in outside and "www.e.vil" not in outside  # no autolink
    assert not re.search(r"^#+ Heading", out, flags=re.M)
    # The text is still there, shown.
    assert "@&#8203;octocat" in outside and "#&#8203;123" in outside


def test_the_structure_fence_holds_a_label_with_backticks(tmp_path: Path) -> None:
    after = LABELS.replace("label: \"```", "label: \"````` new")
    out = _diff_markdown(tmp_path, LABELS, after)
    block = re.search(r"^(`{3,})diff\n(.*?)\n\1$", out, flags=re.M | re.S)
    assert block is not None and len(block.group(1)) >= 6
    assert "\n" not in block.group(2).split("~ step")[-1].split("label")[0]


def test_the_comment_fits_github(tmp_path: Path) -> None:
    journeys = Path(__file__).parent.parent / "journeys"
    code, out, _ = run("check", str(journeys), str(journeys / "redesigned"), "-f", "markdown")
    assert code == 1
    assert len(out) <= markdown.GITHUB_LIMIT
    assert "do not fit in a GitHub comment" in out and "_Not shown:" in out
    assert len(re.findall(r"^(`{3,})", out, flags=re.M)) % 2 == 0
    text = "\n\n".join(f"## j{i}\n\n" + "x" * 1000 for i in range(200)) + "\n"
    capped = markdown.cap(text)
    assert len(capped) <= markdown.GITHUB_LIMIT
    kept = len(re.findall(r"^## j\d+$", capped, flags=re.M))
    assert f"_Not shown: j{kept}, j{kept + 1}," in capped
    assert f"and {200 - kept - 20} more._" in capped


# -- 5. journey text on terminals and in logs ----------------------------------------

BAD = "A\x1b[2J\x1b]8;;http://e.vil\x07L\x1b]8;;\x07\x1b]52;c;ZXZpbA==\x07\x9b31m\u202eevil\u200b\u2066Z"


def _hostile(text: str) -> str:
    q = json.dumps
    return f"""frictionmap: 1
name: {q("Name " + text)}
description: {q("Desc " + text)}
source: {q("Src " + text)}
customer: {{goal: {q("Goal " + text)}}}
teams:
  {q("t" + text)}: {{name: {q("Team " + text)}}}
  other: {{name: {q("Other " + text)}}}
data:
  {q("d" + text)}: {{label: {q("Data " + text)}}}
channels:
  {q("c" + text)}: {{kind: phone, label: {q("Chan " + text)}, cost_per_minute: 0.5}}
start: a
steps:
  a: {{type: contact, label: {q("Start " + text)}, channel: {q("c" + text)}, next: q}}
  q: {{type: queue, label: {q("Queue " + text)}, wait: 30, team: {q("t" + text)}, next: b}}
  b: {{type: agent, label: {q("Agent " + text)}, team: {q("t" + text)}, asks: [{q("d" + text)}],
      next: [{{to: c, p: 0.5, when: {q("When " + text)}}}, {{to: z}}]}}
  c: {{type: agent, label: {q("Agent2 " + text)}, team: other, asks: [{q("d" + text)}],
      next: [{{to: b, p: 0.3}}, {{to: z}}]}}
  z: {{type: outcome, outcome: resolved, label: {q("End " + text)}}}
"""


_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _leaks(text: str) -> list[str]:
    text = _SGR.sub("", text)
    return sorted({f"U+{ord(c):04X}" for c in text if c != "\n" and hidden(c)})


def test_journey_text_never_reaches_a_terminal_as_control(tmp_path: Path) -> None:
    one = tmp_path / "one.yaml"
    two = tmp_path / "two.yaml"
    one.write_text(_hostile(BAD), encoding="utf-8")
    two.write_text(_hostile(BAD).replace("wait: 30", "wait: 40"), encoding="utf-8")
    commands: list[list[str]] = []
    for fmt in ("terminal", "json", "markdown", "html", "sarif", "junit", "github"):
        commands += [["check", str(one), "-f", fmt], ["report", str(one), "-f", fmt]]
    for fmt in ("terminal", "json", "markdown"):
        commands.append(["diff", str(one), str(two), "-f", fmt])
    for fmt in ("terminal", "json"):
        commands.append(["simulate", str(one), "-n", "50", "-f", fmt])
    for fmt in ("mermaid", "dot", "svg"):
        commands.append(["graph", str(one), "-f", fmt])
    for command in commands:
        code, out, err = run(*command)
        assert code in (0, 1), (command, err)
        assert _leaks(out) == [] and _leaks(err) == [], command
    # And the text is shown, not dropped.
    _, out, _ = run("check", str(one))
    assert "A\\x1b[2J" in out


def test_the_coloured_report_sends_only_its_own_codes() -> None:
    from frictionmap.render.terminal import render_report

    result = check_text(_hostile(BAD), "hostile.yaml")
    coloured = render_report(Report((result,)), width=100, color=True)
    assert "\x1b[" in coloured and _leaks(coloured) == []
    # Only SGR codes remain, and none of them from the file: `[2J` shows escaped.
    assert "\\x1b[2J" in coloured


def test_json_output_escapes_what_a_terminal_would_act_on() -> None:
    dumped = json.dumps({"a": "x\x9b\u202e\U000e0041"}, ensure_ascii=False)
    safe = json_printable(dumped)
    assert json.loads(safe) == json.loads(dumped) and _leaks(safe) == []


def test_the_json_escape_covers_every_hidden_character() -> None:
    missed = [
        f"U+{c:04X}" for c in range(0x20, 0x110000)
        if hidden(chr(c)) and not _JSON_HIDDEN.match(chr(c))
    ]
    assert missed == []


def test_printable_keeps_ordinary_text_and_spaces() -> None:
    assert printable("Café — 19:30\u00a0h 日本") == "Café — 19:30\u00a0h 日本"
    assert printable("a\tb\nc", keep="\n") == "a\\tb\nc"
    assert printable("\u200b\u2028\ud800") == "\\u200b\\u2028\\ud800"
    assert all(
        unicodedata.category(c) not in ("Cc", "Cf") for c in printable(BAD)
    )


# -- 6. contrived shapes: bounded work ------------------------------------------------


def fan_in(teams: int) -> str:
    """`teams` team steps all leading into one chain of `teams` team-less steps."""
    lines = ["frictionmap: 1", "name: fan-in", "teams:"]
    lines += [f"  t{i}: {{}}" for i in range(teams)]
    lines += ["start: s", "steps:"]
    lines.append("  s: {type: contact, next: [" + ", ".join(f"a{i}" for i in range(teams)) + "]}")
    lines += [f"  a{i}: {{type: agent, team: t{i}, next: c0}}" for i in range(teams)]
    lines += [f"  c{i}: {{type: message, next: c{i + 1}}}" for i in range(teams - 1)]
    back = "[{to: end, p: 0.5}, {to: s}]"
    lines.append(f"  c{teams - 1}: {{type: agent, team: t0, next: {back}}}")
    lines.append("  end: {type: outcome, outcome: resolved}")
    return "\n".join(lines) + "\n"


def asked_loop(steps: int) -> str:
    """A loop of `steps` steps, each asking for two of `steps` data."""
    lines = ["frictionmap: 1", "name: asked loop", "data:"]
    lines += [f"  d{i}: {{}}" for i in range(steps)]
    lines += ["start: s0", "steps:"]
    for i in range(steps):
        after = f"s{i + 1}" if i < steps - 1 else "[{to: end, p: 0.5}, {to: s0}]"
        lines.append(
            f"  s{i}: {{type: agent, asks: [d{i}, d{(i + steps // 2) % steps}], next: {after}}}"
        )
    lines.append("  end: {type: outcome, outcome: resolved}")
    return "\n".join(lines) + "\n"


def test_the_team_fan_in_is_refused_after_bounded_work() -> None:
    journey = loads(fan_in(3)).journey  # small: accepted
    # s twice (no team yet; t0 after the loop), a0-a2, c0 and c1 with each of
    # the 3 teams, c2 (owned), end: 2 + 3 + 6 + 1 + 1.
    assert bounds.team_states(journey, 10**9) == 13
    # 2,000 teams into a chain of 2,000: 4,000,000 states; counting stops at the bound.
    with pytest.raises(InvalidJourney) as caught:
        loads(fan_in(2000), "fan.yaml")
    (problem,) = caught.value.problems
    assert "(step, last team) combinations" in problem.message
    big = loads(fan_in(2000).replace("type: message,", "type: message, team: t1,")).journey
    limit = bounds.states_bound(len(big.steps))
    plain_states = bounds.team_states(big, 10**9)  # the same size, every step owned
    assert plain_states <= 2 * len(big.steps)
    assert bounds.states_bound(len(big.steps)) < 20 * plain_states
    assert limit < 4_000_000


def test_the_state_count_grows_quadratically_and_stops_at_the_bound() -> None:
    # The measure of work: states counted. n teams -> ~n^2 states without the bound.
    counts = {n: bounds.team_states(loads(fan_in(n)).journey, 10**9) for n in (20, 40)}
    assert counts[40] > 3.5 * counts[20]
    journey = loads(fan_in(40)).journey
    assert bounds.team_states(journey, 100) == 101


def test_data_asked_around_a_long_loop_are_refused() -> None:
    assert bounds.repeatable_data(loads(asked_loop(10)).journey) == 10
    with pytest.raises(InvalidJourney) as caught:
        loads(asked_loop(2000), "loop.yaml")
    assert "data may be asked twice" in caught.value.problems[0].message
    acyclic = loads(
        asked_loop(50).replace("[{to: end, p: 0.5}, {to: s0}]", "end")
    ).journey
    assert bounds.repeatable_data(acyclic) == 50  # each datum asked at two steps
    once = loads(
        asked_loop(50)
        .replace("[{to: end, p: 0.5}, {to: s0}]", "end")
        .replace(", d", ", x")
        .replace("data:", "data:\n" + "\n".join(f"  x{i}: {{}}" for i in range(50)))
    ).journey
    assert bounds.repeatable_data(once) == 0  # each asked once, no loop


def test_the_seed_journeys_are_far_below_the_bounds() -> None:
    from frictionmap.loader import load

    for path in sorted((Path(__file__).parent.parent / "journeys").rglob("*.yaml")):
        journey = load(path).journey
        steps = len(journey.steps)
        assert bounds.team_states(journey, 10**9) <= 4 * steps, path
        assert bounds.repeatable_data(journey) * steps <= bounds.pairs_bound(steps) // 10


# -- 8. config files ----------------------------------------------------------------


def test_a_non_utf8_pyproject_of_another_tool_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.black]\nx = "\xff"\n')
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    assert load_config(cwd=inner).source is None
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.frictionmap]\nx = "\xff"\n')
    with pytest.raises(ConfigError, match=r"line 2: not UTF-8 \(byte 0xff\)"):
        load_config(cwd=inner)


def test_deeply_nested_toml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "frictionmap.toml").write_text("x = " + "[" * 5000 + "]" * 5000)
    with pytest.raises(ConfigError, match="nesting too deep"):
        load_config(cwd=tmp_path)
    (tmp_path / "frictionmap.toml").unlink()
    (tmp_path / "pyproject.toml").write_text("x = " + "[" * 5000 + "]" * 5000)
    assert load_config(cwd=tmp_path).source is None  # not ours, not read


def test_a_309_digit_size_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="too large a size"):
        parse_size("9" * 309 + "MB")
    (tmp_path / "frictionmap.toml").write_text(f'[limits]\nmax_file_size = "{"9" * 309}"\n')
    with pytest.raises(ConfigError, match="too large a size"):
        load_config(cwd=tmp_path)


def test_every_config_mistake_is_reported(tmp_path: Path) -> None:
    (tmp_path / "frictionmap.toml").write_text(
        'extends = "strct"\n[rules]\nwide-menus = "off"\nlong-wait = "eror"\n'
        '[limits]\nmax_step = 3\nmax_depth = 0\n[foo]\n'
    )
    with pytest.raises(ConfigError) as caught:
        load_config(cwd=tmp_path)
    keys = [m.split(":")[0] for m in caught.value.messages]
    assert keys == [
        "foo", "extends", "rules.wide-menus", "rules.long-wait", "limits.max_step",
        "limits.max_depth",
    ]
    assert str(caught.value).count("frictionmap.toml: ") == 6
    code, _, err = run("check", "--config", str(tmp_path / "frictionmap.toml"), "x.yaml")
    assert code == 2 and err.count("frictionmap.toml: ") == 6 and "Traceback" not in err


# -- 11. strict types -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("frictionmap: 1", "frictionmap: true"),
         "1:14: unsupported format version 'true'; this frictionmap reads version 1"),
        (("minutes: 1", "minutes: '3'"),
         "7:29: steps.a.minutes must be a number, not '3' (it is quoted, so it is text: "
         "remove the quotes)"),
        (("minutes: 1", "minutes: true"),
         "7:29: steps.a.minutes must be a number, not 'true' (YAML reads true, false, yes, "
         "no, on and off as true or false)"),
        (("next: b", "next: [{to: b, p: '0.5'}]"),
         "7:61: steps.a.next[0].p must be a number, not '0.5' (it is quoted, so it is text: "
         "remove the quotes)"),
        (("next: b", "next: [{to: b, p: true}]"),
         "7:61: steps.a.next[0].p must be a number, not 'true' (YAML reads true, false, yes, "
         "no, on and off as true or false)"),
        (("minutes: 1", "minutes: 1, wait: 1e3"),
         "7:38: steps.a.wait must be a number, not '1e3' (YAML 1.1 reads 1e3 as text: write "
         "it with a dot and a signed exponent, 1.0e+3, or in full, 1000)"),
        (("next: b", "next: [{to: b, when: no}]"),
         "7:64: steps.a.next[0].when must be a text, not 'false' (YAML 1.1 reads yes, no, "
         "on, off, true and false as true or false: quote the text, 'no')"),
        (("minutes: 1", "minutes: 1, label: Hello, world"),
         "7:46: unknown key 'world' in steps.a; if 'world' belongs to the value before it, "
         "quote that value: in a { } mapping a comma separates entries"),
        (("characters: 10", "characters: 10.0"),
         "5:19: data.x.characters must be a whole number, not '10.0'"),
    ],
)
def test_types_are_strict_with_yaml_hints(change: tuple[str, str], expected: str) -> None:
    assert problems(OK.replace(*change)) == [expected]


def test_a_strict_message_is_printed_once(tmp_path: Path) -> None:
    path = tmp_path / "j.yaml"
    path.write_text(OK.replace("minutes: 1", "minutes: 1, wait: 1e3"), encoding="utf-8")
    code, out, err = run("check", str(path), "-f", "json")
    assert code == 2 and err.count("must be a number") == 1 and out.count("must be a number") == 1


def test_numbers_written_as_numbers_still_read() -> None:
    text = OK.replace("minutes: 1", "minutes: 1.0e+3, wait: 30, hours: 2").replace(
        "next: b", "next: [{to: b, p: 1}]"
    )
    journey = loads(text).journey
    assert journey.steps["a"].minutes == 1000.0 and journey.steps["a"].next[0].p == 1.0


# -- conventions: JUnit against junit-10.xsd -------------------------------------------

JUNIT_XSD = Path(__file__).parent / "schemas" / "junit-10.xsd"


def _junit(*paths: str) -> str:
    code, out, err = run("check", *paths, "-f", "junit")
    assert code in (1, 2), err
    return out


def test_junit_is_valid_against_the_common_xsd(tmp_path: Path) -> None:
    from xsd_check import validate

    journeys = Path(__file__).parent.parent / "journeys"
    fixtures = Path(__file__).parent / "fixtures"
    bad = tmp_path / "bad.yaml"
    bad.write_text("frictionmap: 1\nname: x\n", encoding="utf-8")
    text = _junit(str(journeys), str(journeys / "redesigned"), str(fixtures / "formats-basic.yaml"),
                  str(bad))
    assert validate(text, JUNIT_XSD) == []
    # The checker does reject what the schema forbids.
    broken = text.replace("<testcase ", '<testcase file="x" ', 1)
    assert any("attribute 'file' not allowed" in e for e in validate(broken, JUNIT_XSD))
    broken = text.replace("<testsuites ", '<testsuites skipped="0" ', 1)
    assert validate(broken, JUNIT_XSD) != []
    try:
        from lxml import etree
    except ImportError:
        return
    schema = etree.XMLSchema(etree.parse(str(JUNIT_XSD)))  # pragma: no cover - optional
    assert schema.validate(etree.fromstring(text.encode()))  # pragma: no cover


def test_junit_suite_names_are_unique_and_allowed_findings_skipped(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    journeys = Path(__file__).parent.parent / "journeys"
    root = ET.fromstring(_junit(str(journeys), str(journeys / "redesigned")))
    names = [suite.get("name") for suite in root]
    assert len(names) == 16 and len(set(names)) == 16
    assert all(case.get("file") is None for case in root.iter("testcase"))
    allowed = tmp_path / "allowed.yaml"
    allowed.write_text(
        OK.replace("minutes: 1,", "minutes: 1, wait: 30,").replace(
            "next: b}", "next: b, allow: {long-wait: the wait is announced}}"
        ),
        encoding="utf-8",
    )
    root = ET.fromstring(run("check", str(allowed), "-f", "junit")[1])
    (case,) = [c for c in root.iter("testcase") if c.get("name") == "long-wait"]
    skipped = case.find("skipped")
    assert skipped is not None and "the wait is announced" in (skipped.get("message") or "")
    assert root[0].get("skipped") == "1"
    from frictionmap.render.junit import render

    rejected = check_text("frictionmap: 1\n", "j.yaml")
    assert 'name="invalid-file" file="j.yaml" time="0"' in render(
        Report((rejected,)), testcase_file=True
    )


# -- conventions: the GitHub Action ---------------------------------------------------


def test_the_action_pins_its_actions_and_leaves_the_callers_python() -> None:
    import yaml

    action = yaml.safe_load(
        (Path(__file__).parent.parent / "action.yml").read_text(encoding="utf-8")
    )
    steps = action["runs"]["steps"]
    uses = [step for step in steps if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", s["uses"]) for s in uses)
    (python,) = [s for s in uses if s["uses"].startswith("actions/setup-python@")]
    assert python["with"]["update-environment"] is False
    (upload,) = [s for s in uses if "upload-sarif" in s["uses"]]
    assert "head.repo.full_name != github.repository" in upload["continue-on-error"]
    text = (Path(__file__).parent.parent / "action.yml").read_text(encoding="utf-8")
    assert "# v4." in text and "GITHUB_PATH" not in text and "GITHUB_ENV" not in text


# -- conventions: the JSON Schema --------------------------------------------------------


def test_the_schema_describes_every_property_and_has_the_loaders_bounds() -> None:
    import jsonschema
    import yaml

    from frictionmap.model import json_schema

    schema = json_schema()
    assert schema["$id"].startswith("urn:frictionmap:")
    jsonschema.Draft202012Validator.check_schema(schema)
    models = [("Journey", schema), *schema["$defs"].items()]
    missing = [
        f"{name}.{key}"
        for name, model in models
        for key, value in model.get("properties", {}).items()
        if not value.get("description")
    ]
    assert missing == []
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((Path(__file__).parent.parent / "journeys").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == [], path
    data = yaml.safe_load(OK)
    data["steps"]["a"]["next"] = [{"to": "b", "p": 1.5}]
    assert not validator.is_valid(data)  # the loader refuses p over 1 too
    data = yaml.safe_load(OK)
    del data["steps"]["b"]["outcome"]
    assert not validator.is_valid(data)  # an outcome step needs `outcome`
    with pytest.raises(InvalidJourney):
        loads(yaml.safe_dump(data))


# -- conventions: JSON as docs/output.md says ---------------------------------------------


def test_json_keeps_every_key_for_a_rejected_file_and_unique_fingerprints(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "frictionmap: 1\nname: x\nstart: a\nsteps:\n  a: {type: agent, next: [b, c]}\n", "utf-8"
    )
    good = tmp_path / "good.yaml"
    good.write_text(OK, encoding="utf-8")
    code, out, _ = run("check", str(bad), str(good), "-f", "json")
    assert code == 2
    rejected, accepted = json.loads(out)["journeys"]
    keys = ["file", "name", "valid", "score", "grade", "score_breakdown", "findings",
            "assumed_probabilities", "metrics"]
    assert list(rejected) == keys and list(accepted) == keys
    assert rejected["score"] is None and rejected["grade"] is None and rejected["metrics"] is None
    assert rejected["score_breakdown"] is None and accepted["score_breakdown"]["parts"]
    prints = [f["fingerprint"] for f in rejected["findings"]]
    assert len(prints) == 2 and len(set(prints)) == 2


def test_json_evidence_is_rounded_to_12_digits() -> None:
    from frictionmap.findings import Finding, Severity
    from frictionmap.render.json_format import finding_to_dict

    finding = Finding(
        rule="long-wait", severity=Severity.WARNING, step="a", line=1, column=1, message="m",
        evidence={"p": 0.1 + 0.2, "nested": [1 / 3], "n": 3},
    )
    evidence = finding_to_dict(finding)["evidence"]
    assert evidence == {"p": 0.3, "nested": [0.333333333333], "n": 3}
