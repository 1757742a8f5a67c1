"""The loader: every rejection of FORMAT.md, with line, column and suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from frictionmap.loader import DEFAULT_LIMITS, InvalidJourney, Limits, load, loads

EXAMPLE = (Path(__file__).parent / "fixtures" / "format-example.yaml").read_text(encoding="utf-8")


def problems(text: str, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    with pytest.raises(InvalidJourney) as caught:
        loads(text, "j.yaml", limits)
    return [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]


def edit(old: str, new: str) -> str:
    assert old in EXAMPLE, old
    return EXAMPLE.replace(old, new, 1)


def test_example_of_format_md_loads_with_defaults() -> None:
    loaded = loads(EXAMPLE, "ex.yaml")
    journey = loaded.journey
    assert journey.currency == "EUR"
    assert list(journey.steps) == [
        "call", "ivr_tracking", "ivr_notice", "queue", "agent", "rebooked"
    ]
    queue = journey.steps["queue"]
    assert queue.wait is not None and queue.wait.announced == 2 and queue.wait.minutes == 15
    assert [(b.to, b.p, b.dropped) for b in queue.next] == [
        ("agent", 0.8, False),
        ("call", 0.2, True),
    ]
    assert journey.steps["call"].next[0].to == "ivr_tracking"
    assert journey.steps["agent"].reply is True
    assert loaded.source_map.step("agent") == (47, 3)
    assert loaded.source_map.value(("steps", "queue", "next", 1, "to")) == (46, 14)


def test_wait_number_is_actual_and_announced_alone_is_actual() -> None:
    text = edit("wait: {announced: 2, actual: 15}", "wait: 7")
    assert loads(text).journey.steps["queue"].wait.minutes == 7  # type: ignore[union-attr]
    text = edit("wait: {announced: 2, actual: 15}", "wait: {announced: 3}")
    assert loads(text).journey.steps["queue"].wait.minutes == 3  # type: ignore[union-attr]


def test_yaml_syntax_error_has_position_not_traceback() -> None:
    assert problems("frictionmap: 1\nname: [a\nstart: x\n") == [
        "3:6: YAML syntax error: did not find expected ',' or ']'"
    ]


def test_duplicate_key_points_at_second_occurrence() -> None:
    text = edit("    minutes: 4\n", "    minutes: 4\n    minutes: 5\n")
    assert problems(text) == [
        "52:5: duplicate key 'minutes' (first at line 51); "
        "YAML keeps only one: merge them or rename one"
    ]


def test_duplicate_step_id() -> None:
    text = EXAMPLE + "  agent:\n    type: outcome\n    outcome: resolved\n"
    assert problems(text)[0].startswith("56:3: duplicate key 'agent' (first at line 47)")


def test_unknown_next_target_suggests_closest_ids() -> None:
    text = edit("next: queue", "next: queu")
    assert problems(text) == [
        "39:11: step 'ivr_notice' goes to unknown step 'queu'; did you mean 'queue'?"
    ]


def test_unknown_branch_to_points_at_the_value() -> None:
    text = edit("{to: agent, p: 0.8}", "{to: agnet, p: 0.8}")
    assert problems(text) == [
        "45:14: step 'queue' goes to unknown step 'agnet'; did you mean 'agent'?"
    ]


def test_unknown_start() -> None:
    text = edit("start: call ", "start: cal ")
    assert problems(text) == ["23:8: start names unknown step 'cal'; did you mean 'call'?"]


def test_undeclared_data_team_and_channel_with_suggestions() -> None:
    text = edit("asks: [tracking_number]", "asks: [tracking_nummer]")
    text = text.replace("    team: ups_support\n    asks", "    team: ups_suport\n    asks")
    text = text.replace("channel: hotline\n", "channel: hotlin\n")
    assert problems(text) == [
        "28:14: step 'call' names channel 'hotlin', which is neither declared under 'channels' "
        "nor a channel kind; did you mean 'hotline'?",
        "32:12: step 'ivr_tracking' asks for undeclared data 'tracking_nummer'; "
        "did you mean 'tracking_number'?",
        "49:11: step 'agent' names undeclared team 'ups_suport'; did you mean 'ups_support'?",
    ]


def test_channel_kind_is_accepted_without_declaration() -> None:
    loaded = loads(edit("channel: hotline\n", "channel: email\n"))
    assert loaded.journey.steps["call"].channel == "email"


def test_bad_step_id() -> None:
    text = edit("  agent:\n", "  Agent:\n").replace("{to: agent, p", "{to: Agent, p")
    assert problems(text) == [
        "47:3: step id 'Agent' must match ^[a-z0-9][a-z0-9_-]*$ "
        "(lower-case letters, digits, '_' and '-')"
    ]


def test_unknown_key_suggests_closest_known_key() -> None:
    assert problems(edit("    next: rebooked", "    nxt: rebooked")) == [
        "52:5: unknown key 'nxt' in steps.agent; did you mean 'next'?"
    ]
    assert problems(edit("currency: EUR", "curency: EUR"))[0] == (
        "5:1: unknown key 'curency'; did you mean 'currency'?"
    )


def test_wrong_types() -> None:
    text = edit("minutes: 4", "minutes: four").replace(
        "type: ivr\n    asks: [notice", "type: ivrr\n    asks: [notice"
    )
    assert problems(text) == [
        "36:11: steps.ivr_notice.type: 'ivrr' is not one of contact, ivr, bot, self_service, "
        "queue, agent, message, callback, delay, outcome; did you mean 'ivr'?",
        "51:14: steps.agent.minutes must be a number, not 'four'",
    ]


def test_negative_and_nan_numbers() -> None:
    assert problems(edit("minutes: 4", "minutes: -4")) == [
        "51:14: steps.agent.minutes must be >= 0, not '-4'"
    ]
    assert problems(edit("minutes: 4", "minutes: .nan")) == [
        "51:14: steps.agent.minutes must be a finite number, not 'nan'"
    ]


def test_probabilities_over_one_or_negative() -> None:
    assert problems(edit("p: 0.8", "p: 0.9")) == [
        "44:5: the probabilities of step 'queue' sum to 1.1, over 1"
    ]
    # 1.2 - 0.2 sums to 1: only the negative probability is wrong.
    assert problems(edit("p: 0.2", "p: -0.2").replace("p: 0.8", "p: 1.2")) == [
        "46:23: probability -0.2 is negative"
    ]


def test_probabilities_all_given_must_sum_to_one() -> None:
    assert problems(edit("p: 0.8", "p: 0.7")) == [
        "44:5: the probabilities of step 'queue' sum to 0.9, not 1; "
        "fix them or leave one out to take the rest"
    ]


def test_missing_probabilities_share_the_rest() -> None:
    from frictionmap.graph import build_graph

    text = edit("{to: agent, p: 0.8}", "{to: agent}")
    graph = build_graph(loads(text).journey)
    assert graph.edges["queue", "agent"]["p"] == pytest.approx(0.8)
    assert graph.nodes["queue"]["assumed_p"] is True


def test_outcome_needs_outcome_and_no_next() -> None:
    assert problems(edit("    outcome: resolved", "    next: call")) == [
        "53:3: outcome step 'rebooked' needs 'outcome:' "
        "(one of resolved, refunded, unresolved, abandoned)",
        "55:5: outcome step 'rebooked' ends the journey and cannot have 'next'",
    ]


def test_anchors_and_aliases_are_refused() -> None:
    assert problems("frictionmap: 1\nname: &n a\nstart: *n\n") == [
        "2:7: YAML anchors and aliases are not allowed in journeys; write the value out"
    ]
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert problems(bomb)[0].startswith("1:4: YAML anchors")


def test_empty_file_non_mapping_and_version() -> None:
    assert problems("") == ["1:1: the file is empty; a journey is a YAML mapping"]
    assert problems("# only a comment\n") == ["1:1: the file is empty; a journey is a YAML mapping"]
    assert problems("- a\n- b\n") == ["1:1: a journey is a YAML mapping of keys, not a list"]
    assert problems("just text\n") == ["1:1: a journey is a YAML mapping of keys, not 'just text'"]
    assert problems(edit("frictionmap: 1", "frictionmap: 2")) == [
        "1:14: unsupported format version '2'; this frictionmap reads version 1"
    ]


def test_missing_required_keys() -> None:
    assert problems("frictionmap: 1\nname: x\n") == [
        "1:1: missing required key 'start'",
        "1:1: missing required key 'steps'",
    ]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("frictionmap: 1\nname: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(InvalidJourney) as caught:
        load(path)
    assert str(caught.value) == f"{path}:2:10: the file is not UTF-8 (byte 0xe9); save it as UTF-8"


def test_suppression_needs_a_reason() -> None:
    text = edit("    minutes: 4\n", "    minutes: 4\n    allow: {repeated-entry: ''}\n")
    assert problems(text) == ["52:29: suppression of 'repeated-entry' needs a reason"]


def test_limits_refuse_deep_nesting_and_long_strings() -> None:
    deep = "a: " + "[" * 100 + "]" * 100 + "\n"
    assert problems(deep, Limits(max_depth=64))[0].endswith(
        "nesting deeper than 64 levels (the limit; [limits] max_depth raises it)"
    )
    long = "frictionmap: 1\nname: " + "x" * 50 + "\n"
    assert problems(long, Limits(max_string=20)) == [
        "2:7: value longer than 20 characters (the limit; [limits] max_string_length raises it)"
    ]


def test_several_problems_are_all_reported_in_order() -> None:
    text = edit("next: queue", "next: queu").replace("minutes: 4", "minutes: x")
    found = problems(text)
    assert len(found) == 1  # shape errors come first; references are checked on a valid shape
    assert found[0].startswith("51:14:")


def test_multiple_documents_refused() -> None:
    assert problems("frictionmap: 1\n---\nname: x\n") == [
        "2:1: a journey file holds one YAML document only"
    ]


def test_a_file_with_very_many_problems_lists_the_first_hundred() -> None:
    # Was: every problem spelled out, each with a did-you-mean over every step
    # id: 20,000 broken references took over five minutes.
    steps = "".join(f"  s{i}: {{type: ivr, next: [t{i}]}}\n" for i in range(150))
    found = problems(f"frictionmap: 1\nname: x\nstart: s0\nsteps:\n{steps}")
    assert len(found) == 101
    assert found[0] == "5:26: step 's0' goes to unknown step 't0'"
    assert found[99] == "104:27: step 's99' goes to unknown step 't99'; did you mean 's99'?"
    assert found[100] == "104:27: and 50 more problems, not listed: fix these and check again"
    # Unknown keys (pydantic's errors) are counted the same way.
    keys = "".join(f"  k{i}: 1\n" for i in range(120))
    found = problems(
        "frictionmap: 1\nname: x\nstart: a\nsteps: {a: {type: outcome, outcome: resolved}}\n"
        f"customer:\n{keys}"
    )
    assert len(found) == 101 and found[-1].endswith("and 20 more problems, not listed: "
                                                    "fix these and check again")


def test_did_you_mean_among_thousands_of_steps() -> None:
    steps = "".join(f"  step-{i}: {{type: outcome, outcome: resolved}}\n" for i in range(3_000))
    text = f"frictionmap: 1\nname: x\nstart: step-2999x\nsteps:\n{steps}"
    assert problems(text) == [
        "3:8: start names unknown step 'step-2999x'; "
        "did you mean 'step-2999' or 'step-999' or 'step-299'?"
    ]
