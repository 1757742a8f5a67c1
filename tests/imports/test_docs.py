"""docs/import.md names every block type each reader maps."""

from __future__ import annotations

from pathlib import Path

from frictionmap.importers import bpmn, connect, genesys, twilio

DOC = (Path(__file__).parent.parent.parent / "docs" / "import.md").read_text(encoding="utf-8")


def test_every_mapped_block_type_is_in_the_table() -> None:
    types = [
        *connect.ACTION_KINDS,
        *connect.MODULE_KINDS,
        *twilio.WIDGET_KINDS,
        *genesys.ACTION_KINDS,
        *genesys.JUMPS,
        *bpmn.ELEMENT_KINDS,
    ]
    missing = [t for t in types if f"| `{t}` |" not in DOC]
    assert not missing, f"docs/import.md lacks {missing}"
