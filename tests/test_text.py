"""The wording module: numbers and counts in words, shared by the library and renderers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from frictionmap import text


def test_plural_counts_one_and_many() -> None:
    assert text.plural(1, "finding") == "1 finding"
    assert text.plural(0, "finding") == "0 findings"
    assert text.plural(3, "error") == "3 errors"


@pytest.mark.parametrize(
    ("p", "words"),
    [(0.65, "65%"), (0.025, "2.5%"), (0.0004, "<0.1%"), (0.5, "50%"), (0.1234, "12%")],
)
def test_percent_of_a_branch(p: float, words: str) -> None:
    assert text.percent(p) == words


@pytest.mark.parametrize(
    ("exposure", "measured", "words"),
    [
        (1.0, True, "every customer meets it"),
        (0.0, True, "no customer meets it"),
        (0.075, True, "8% of customers meet it"),
        (1.0, False, "on a reachable step"),
        (0.0, False, "on an unreachable step"),
    ],
)
def test_exposure_in_words(exposure: float, measured: bool, words: str) -> None:
    assert text.exposure_text(exposure, measured) == words


def test_shorten_and_type_words() -> None:
    assert text.shorten("a  b\nc", 10) == "a b c"
    assert text.shorten("abcdefghijkl", 5) == "abcd\u2026"
    assert text.type_words("self_service") == "self service"


def test_text_imports_nothing_from_frictionmap() -> None:
    # It sits under everything: any module may import it without a cycle.
    tree = ast.parse(Path(text.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0 and not (node.module or "").startswith("frictionmap")
        if isinstance(node, ast.Import):
            assert not any(a.name.startswith("frictionmap") for a in node.names)
