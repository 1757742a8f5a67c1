"""frictionmap: audit customer-support journeys for worst practices.

The library API the CLI uses too: `load` a journey file, `analyse` it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("frictionmap")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

from .analysis import analyse, check_file, check_text
from .loader import InvalidJourney, load, loads

__all__ = ["InvalidJourney", "__version__", "analyse", "check_file", "check_text", "load", "loads"]
