"""The `frictionmap` command's entry point (and `python -m frictionmap`).

A command is a short-lived process: reference counting frees what it makes,
and cyclic garbage collection would only cost time, during the imports too
(typer, pydantic, networkx, rich: ~15 ms of a cold `check`) and during the
analysis (a third of a 50k-step one). So it is off before anything is
imported; the library (`import frictionmap`) leaves it alone.
"""

import gc


def main() -> None:
    gc.disable()
    from .cli import main as run

    run()


if __name__ == "__main__":
    main()
