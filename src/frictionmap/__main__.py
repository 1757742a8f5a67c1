"""The `frictionmap` command's entry point (and `python -m frictionmap`).

A command is a short-lived process: reference counting frees what it makes,
and cyclic garbage collection would only cost time, during the imports too
(typer, pydantic, networkx, rich: ~15 ms of a cold `check`) and during the
analysis (a third of a 50k-step one). So it is off before anything is
imported; the library (`import frictionmap`) leaves it alone.

Pydantic plugins (observability hooks found by scanning every installed
package's entry points, 1-3 ms and more in a large environment) have nothing
to observe in a one-shot command; they stay off unless the user set
PYDANTIC_DISABLE_PLUGINS themselves.
"""

import gc
import os


def main() -> None:
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from .cli import main as run

    run()


if __name__ == "__main__":
    main()
