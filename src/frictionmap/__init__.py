"""frictionmap: audit customer-support journeys for worst practices.

The library API the CLI uses too: `load` a journey file, `analyse` it.
Importing the package imports nothing else: the names below load their
module on first use, so that `frictionmap.loader` (or the command's entry
point) does not pay for the whole analysis.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# The one place the version is written (pyproject.toml reads it from here);
# importlib.metadata would cost every start-up ~20 ms.
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .analysis import analyse, check_file, check_text
    from .loader import InvalidJourney, load, loads

_LAZY = {
    "analyse": "analysis",
    "check_file": "analysis",
    "check_text": "analysis",
    "InvalidJourney": "loader",
    "load": "loader",
    "loads": "loader",
}

__all__ = ["InvalidJourney", "__version__", "analyse", "check_file", "check_text", "load", "loads"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
