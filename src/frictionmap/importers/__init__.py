"""Import contact-centre exports (Amazon Connect, Twilio Studio, Genesys
Architect, BPMN) as journeys.

    read -> neutral graph -> structural findings -> lower (+ overlay) -> journey YAML

One reader per platform (connect.py, twilio.py, genesys.py, bpmn.py) turns an
export into `neutral.Flow`s; structure.py reports the export's own problems
with its file:line:column; lower.py contracts what the customer does not
experience and writes the journey; overlay.py brings what exports do not
hold. The journey text goes through the same validation as any YAML journey
(loader.loads).
"""

from __future__ import annotations

from typing import Any

# The API lives in core.py and is imported on first use: `check` imports this
# package for `reader.sniff` on every input, and must not pay for the rest.
_API = (
    "Imported",
    "import_flows",
    "import_paths",
    "journey_text",
    "lower_flows",
    "read_file",
    "read_text",
    "structural",
)


def __getattr__(name: str) -> Any:
    if name in _API:
        from . import core

        return getattr(core, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = list(_API)
