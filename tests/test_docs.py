"""docs/rules.md is generated from the rule docstrings and must not go stale."""

from __future__ import annotations

from pathlib import Path

from frictionmap.docs import main, rules_markdown

RULES_MD = Path(__file__).parent.parent / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date() -> None:
    assert RULES_MD.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `python -m frictionmap.docs docs/rules.md`"
    )


def test_main_writes_and_checks(tmp_path: Path) -> None:
    path = tmp_path / "rules.md"
    assert main(["--check", str(path)]) == 1  # missing
    assert main([str(path)]) == 0
    assert path.read_text(encoding="utf-8") == rules_markdown()
    assert main(["--check", str(path)]) == 0
    path.write_text(rules_markdown() + "edited by hand\n", encoding="utf-8")
    assert main(["--check", str(path)]) == 1
