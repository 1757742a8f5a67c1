"""The grades of the verdict cases and the seed journeys, against tests/verdict/expectations.yaml.

    python tests/verdict/grades.py            # markdown table on stdout
    python tests/verdict/grades.py --strip    # drop format-v1 additions first (for a model
                                              # that does not know them: the "before" table)

The checks themselves are tests/verdict/test_verdict.py; this script prints the table for
the closing note and docs/metrics.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
GRADES = "ABCDEF"

# Keys added by issue 12 (docs/format.md "Format v1 additions").
NEW_TOP = ("jurisdiction",)
NEW_CUSTOMER = ("request", "claim")
NEW_TEAM = ("company", "backoffice")
NEW_STEP = ("initiated_by", "compensation", "other_options", "note", "source", "patience")
NEW_BRANCH = ("missed", "note", "source")
NEW_WAIT = ("floor", "note", "source")
NEW_CHANNEL = ("note", "source")


def case_files() -> dict[str, Path]:
    """Expectation key -> journey file."""
    files = {p.stem: p for p in sorted((HERE / "cases").glob("*.yaml"))}
    for p in sorted((ROOT / "journeys").glob("*.yaml")):
        files[f"seed:{p.stem}"] = p
    for p in sorted((ROOT / "journeys" / "redesigned").glob("*.yaml")):
        files[f"redesigned:{p.stem}"] = p
    return files


def expectations() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((HERE / "expectations.yaml").read_text(encoding="utf-8"))
    return dict(data["cases"])


def strip_new_keys(text: str) -> str:
    """The journey without the issue-12 additions, for a model that rejects them."""
    doc = yaml.safe_load(text)
    for key in NEW_TOP:
        doc.pop(key, None)
    for key in NEW_CUSTOMER:
        doc.get("customer", {}).pop(key, None)
    for team in doc.get("teams", {}).values():
        for key in NEW_TEAM:
            team.pop(key, None)
    for channel in doc.get("channels", {}).values():
        for key in NEW_CHANNEL:
            channel.pop(key, None)
    for step in doc["steps"].values():
        for key in NEW_STEP:
            step.pop(key, None)
        if isinstance(step.get("wait"), dict):
            for key in NEW_WAIT:
                step["wait"].pop(key, None)
        nxt = step.get("next")
        if isinstance(nxt, list):
            for branch in nxt:
                if isinstance(branch, dict):
                    for key in NEW_BRANCH:
                        branch.pop(key, None)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def analyse(path: Path, strip: bool = False) -> Any:
    from frictionmap.analysis import check_text

    text = path.read_text(encoding="utf-8")
    if strip:
        text = strip_new_keys(text)
    return check_text(text, file=str(path.relative_to(ROOT)))


def in_band(grade: str | None, band: list[str]) -> bool:
    if grade is None:
        return False
    return GRADES.index(band[0]) <= GRADES.index(grade) <= GRADES.index(band[1])


def table(strip: bool = False) -> str:
    files = case_files()
    rows = ["| case | expected | grade (score) | in band |", "|---|---|---|---|"]
    for key, expect in expectations().items():
        result = analyse(files[key], strip)
        band = expect["band"]
        shown = f"{band[0]}" if band[0] == band[1] else f"{band[0]}-{band[1]}"
        if not result.valid:
            rows.append(f"| {key} | {shown} | rejected | no |")
            continue
        ok = "yes" if in_band(result.grade, band) else "**no**"
        rows.append(f"| {key} | {shown} | {result.grade} ({result.score:.1f}) | {ok} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table(strip="--strip" in sys.argv))
