"""Generates docs/rules.md from the rule docstrings.

`python -m frictionmap.docs [PATH]` writes the document to stdout, or to PATH;
`--check PATH` exits 1 when PATH is not up to date (tests/test_docs.py does the
same comparison).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def rules_markdown() -> str:
    """The text of docs/rules.md, for the registered rules in catalogue order."""
    from .render.catalogue import rules_document
    from .rules import RULES

    return rules_document(RULES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m frictionmap.docs", description=__doc__)
    parser.add_argument("path", nargs="?", help="where to write docs/rules.md (default stdout)")
    parser.add_argument("--check", action="store_true", help="exit 1 if PATH is not up to date")
    args = parser.parse_args(argv)
    text = rules_markdown()
    if args.path is None:
        if args.check:
            parser.error("--check needs a PATH")
        sys.stdout.write(text)
        return 0
    path = Path(args.path)
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            sys.stderr.write(f"{path} is stale: run python -m frictionmap.docs {path}\n")
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
