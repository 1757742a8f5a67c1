"""frictionmap: audit customer-support journeys for worst practices.

The library API the CLI uses too: `load` a journey file, `analyse` it.
"""

# The one place the version is written (pyproject.toml reads it from here);
# importlib.metadata would cost every start-up ~20 ms.
__version__ = "0.1.0"

from .analysis import analyse, check_file, check_text
from .loader import InvalidJourney, load, loads

__all__ = ["InvalidJourney", "__version__", "analyse", "check_file", "check_text", "load", "loads"]
