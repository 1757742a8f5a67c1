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


def test_the_platforms_are_listed_once_and_offered_by_import() -> None:
    """core.PLATFORMS is the one list: each has a reader, is a `--from` choice and is
    named in docs/import.md."""
    from importlib import import_module

    from frictionmap.importers.command import Platform
    from frictionmap.importers.core import PLATFORMS

    assert [p.value for p in Platform] == ["auto", *PLATFORMS]
    option = next(line for line in DOC.splitlines() if "`--from " in line)
    offered = option.split("`--from ", 1)[1].split("`", 1)[0].split("|")
    assert offered == ["auto", *PLATFORMS], "docs/import.md's --from line"
    for platform, module in PLATFORMS.items():
        assert callable(import_module(module, "frictionmap.importers").read), platform
