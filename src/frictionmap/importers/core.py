"""The importers' library API (re-exported, on first use, by the package)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the loader (pydantic, yaml) is imported when a command needs it
    from ..loader import Limits
    from .lower import Lowered
    from .neutral import Flow, StructuralFinding

#: Each platform and the module whose `read(text, file, limits)` reads its exports,
#: imported on first use: the one list of platforms (`--from` offers these,
#: tests/imports/test_docs.py checks docs/import.md names each).
PLATFORMS = {"connect": ".connect", "twilio": ".twilio", "genesys": ".genesys", "bpmn": ".bpmn"}


@dataclass
class Imported:
    """An import: the journey text, the flows read and what was found in them."""

    text: str
    flows: list[Flow]
    findings: list[StructuralFinding] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)


def read_text(
    text: str, file: str, platform: str = "auto", limits: Limits | None = None
) -> list[Flow]:
    """The flows of one export; `InvalidJourney` (file:line:column) when broken."""
    from importlib import import_module

    from ..loader import DEFAULT_LIMITS, InvalidJourney, Problem
    from .detect import detect

    if platform == "auto":
        found = detect(text)
        if found is None or found == "journey":
            what = "a journey file, not an export" if found == "journey" else "not a known export"
            raise InvalidJourney(
                file,
                [
                    Problem(
                        1,
                        1,
                        f"{what} (Amazon Connect, Twilio Studio, "
                        "Genesys Archy YAML or BPMN); use --from to say which",
                    )
                ],
            )
        platform = found
    limits = limits or DEFAULT_LIMITS
    if platform not in PLATFORMS:
        raise InvalidJourney(file, [Problem(1, 1, f"unknown platform '{platform}'")])
    read = import_module(PLATFORMS[platform], __package__).read
    try:
        flows: list[Flow] = read(text, file, limits)
    except InvalidJourney:
        raise
    except RecursionError:
        raise InvalidJourney(file, [Problem(1, 1, "nesting too deep")]) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        # A shape no reader expected: still a file:line:column message, never a traceback.
        raise InvalidJourney(
            file,
            [Problem(1, 1, f"cannot read this {platform} export: {type(error).__name__}: {error}")],
        ) from None
    if not flows:
        raise InvalidJourney(file, [Problem(1, 1, "the export holds no flow")])
    blocks = sum(len(flow.blocks) for flow in flows)
    if blocks > limits.max_steps:  # each block may become a step: the step limit applies
        message = (
            f"the export has {blocks:,} blocks, more than the step limit "
            f"({limits.max_steps:,}); raise it with [limits] max_steps"
        )
        raise InvalidJourney(file, [Problem(1, 1, message)])
    _name_flows(flows, file)
    return flows


def _name_flows(flows: list[Flow], file: str) -> None:
    stem = Path(file).name.rsplit("__", 1)[-1].rsplit(".", 1)[0]
    for flow in flows:
        if flow.name in ("Connect flow", "Twilio Studio flow", "") or "{{" in flow.name:
            flow.name = stem if len(flows) == 1 else f"{stem} {flow.name}"


def read_file(path: str, platform: str = "auto", limits: Limits | None = None) -> list[Flow]:
    """The flows of one export file (read within the size limit, UTF-8)."""
    from ..loader import DEFAULT_LIMITS, decode
    from ..loader import read_file as read_bytes

    limits = limits or DEFAULT_LIMITS
    text = decode(read_bytes(Path(path), path, limits), path)
    return read_text(text, path, platform, limits)


def structural(flows: list[Flow]) -> list[StructuralFinding]:
    from .structure import check

    findings: list[StructuralFinding] = []
    for flow in flows:
        findings.extend(check(flow))
    return findings


def import_flows(
    flows: list[Flow], overlay: object | None = None, limits: Limits | None = None
) -> Imported:
    """Lower flows (the first is the journey's start) to journey YAML, validated."""
    from ..loader import DEFAULT_LIMITS, loads
    from .emit import to_yaml

    lowered = lower_flows(flows, overlay)
    text = to_yaml(lowered)
    loads(text, "<import>", limits or DEFAULT_LIMITS)  # the same validation as any journey
    return Imported(text, flows, structural(flows), lowered.assumptions)


def lower_flows(flows: list[Flow], overlay: object | None = None) -> Lowered:
    """Lowering, where an export shape no reader foresaw is a clear error, not a traceback."""
    from ..loader import InvalidJourney, Problem
    from .lower import lower
    from .overlay import Overlay

    try:
        return lower(flows, overlay if isinstance(overlay, Overlay) else Overlay())
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as error:
        file = flows[0].file if flows else "<import>"
        message = f"cannot lower this export: {type(error).__name__}: {error}; please report it"
        raise InvalidJourney(file, [Problem(1, 1, message)]) from None


def import_paths(
    paths: list[str],
    platform: str = "auto",
    overlay_path: str | None = None,
    limits: Limits | None = None,
) -> Imported:
    """Read every export of a set (the first holds the start), apply the overlay, lower."""
    flows: list[Flow] = []
    for path in paths:
        flows.extend(read_file(path, platform, limits))
    overlay = None
    if overlay_path:
        from ..loader import DEFAULT_LIMITS
        from .overlay import load

        overlay = load(overlay_path, flows, limits or DEFAULT_LIMITS)
    return import_flows(flows, overlay, limits)


def journey_text(text: str, file: str, limits: Limits | None = None) -> str:
    """An export's text -> journey YAML text (for commands reading exports directly)."""
    return import_flows(read_text(text, file, "auto", limits)).text


__all__ = [
    "Imported",
    "import_flows",
    "import_paths",
    "journey_text",
    "read_file",
    "read_text",
    "structural",
]
