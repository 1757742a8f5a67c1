"""Every document that src/, docs/ and the README cite ships with the project.

A reference is a name ending in `.md` (`docs/format.md`, `evidence.md`,
`[x](../FORMAT.md)`); it resolves when that file exists relative to the
citing file, the project root or docs/. A citation of `evidence.md` section N
(or `sections N and M`) must name a numbered section of docs/evidence.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
CITING = sorted(
    [*(ROOT / "src").rglob("*.py"), *(ROOT / "src").rglob("*.yaml"), *DOCS.rglob("*.md")]
) + [ROOT / "README.md"]

# A .md name, not part of a URL or of a longer word; `--output x.md` in a
# command example names a file the user writes, not a document.
REFERENCE = re.compile(r"(?<![\w./:-])(?<!--output )([\w./-]*[\w-]\.md)\b")
SECTIONS = re.compile(r"evidence\.md`?\)?,?\s+(sections?\s+\d+(?:(?:,\s+|\s+and\s+)\d+)*)")


def _references(text: str) -> list[str]:
    return REFERENCE.findall(text)


def _resolves(reference: str, citing: Path) -> bool:
    bases = (citing.parent, ROOT, DOCS)
    return any((base / reference).resolve().is_file() for base in bases)


def _evidence_sections() -> set[int]:
    text = (DOCS / "evidence.md").read_text(encoding="utf-8")
    return {int(n) for n in re.findall(r"^## (\d+)\. ", text, re.M)}


def _cited_sections(text: str) -> list[int]:
    return [int(n) for m in SECTIONS.findall(text) for n in re.findall(r"\d+", m)]


@pytest.mark.parametrize("citing", CITING, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_cited_document_exists(citing: Path) -> None:
    text = citing.read_text(encoding="utf-8")
    missing = sorted({r for r in _references(text) if not _resolves(r, citing)})
    assert not missing, f"{citing.relative_to(ROOT)} cites {missing}, which do not exist"


@pytest.mark.parametrize("citing", CITING, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_cited_evidence_section_exists(citing: Path) -> None:
    text = citing.read_text(encoding="utf-8")
    unknown = sorted(set(_cited_sections(text)) - _evidence_sections())
    assert not unknown, f"{citing.relative_to(ROOT)} cites evidence.md sections {unknown}"


def test_the_reader_finds_references_and_sections() -> None:
    # What the two tests above rely on: a bare name, a path, a link; not a URL,
    # not an output file; one section, two sections.
    text = (
        "see FORMAT.md, docs/format.md and [m](../docs/metrics.md); "
        "https://example.org/a.md; --output comment.md; "
        "`evidence.md` section 6, evidence.md sections 1 and 3, `evidence.md`\nsection 9."
    )
    assert _references(text) == [
        "FORMAT.md",
        "docs/format.md",
        "../docs/metrics.md",
        "evidence.md",
        "evidence.md",
        "evidence.md",
    ]
    assert _cited_sections(text) == [6, 1, 3, 9]
    assert not _resolves("nowhere.md", ROOT / "README.md")
    assert _resolves("evidence.md", ROOT / "src" / "frictionmap" / "score.py")


def test_evidence_catalogue_lists_every_rule_as_declared() -> None:
    # docs/evidence.md section 8 is read by people choosing a preset: it must
    # say what the registry declares.
    from frictionmap.rules import RULES

    text = (DOCS / "evidence.md").read_text(encoding="utf-8")
    catalogue = text.split("## 8. ", 1)[1]
    for rule in RULES:
        row = re.search(rf"^\| `{rule.id}`[^|]*\| (\d) \| (\w+) \| (\w+) \|", catalogue, re.M)
        assert row, f"docs/evidence.md section 8 has no row for {rule.id}"
        assert row.groups() == (str(rule.harm), rule.severity.value, rule.strict.value), rule.id
        assert ("(unlawful)" in row.group(0)) == rule.unlawful, rule.id
