"""Renders a `Simulation` (simulate.py): a terminal table (`render_terminal`), or JSON.

Pure functions of the simulation: nothing is computed here beyond formatting.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ..simulate import OUTCOMES, QUANTITIES, Distribution, Simulation
from .json_format import dumps
from .terminal import console

_UNITS = {"minutes": "min", "hours": "h", "contacts": ""}


def render(
    simulation: Simulation, fmt: str = "terminal", *, width: int = 100, color: bool = False
) -> str:
    """The simulation in a `simulate` format of the registry (render/__init__.py)."""
    from . import formats

    text = formats("simulate")[fmt].render(simulation, width=width, color=color)
    assert isinstance(text, str)
    return text


def render_json(simulation: Simulation, *, width: int = 100, color: bool = False) -> str:
    """The simulation as JSON (width and colour do not apply)."""
    return dumps(simulation.to_dict())


def _number(value: float, quantity: str) -> str:
    if quantity == "contacts":
        return f"{value:.2f}"
    if quantity == "cost":
        return f"{value:,.2f}"
    return f"{value:,.1f}"


def _unit(simulation: Simulation, quantity: str) -> str:
    return simulation.currency if quantity == "cost" else _UNITS[quantity]


def _row(simulation: Simulation, quantity: str, summary: Distribution) -> list[str]:
    unit = _unit(simulation, quantity)
    return [
        f"{quantity} ({unit})" if unit else quantity,
        f"{_number(summary.mean, quantity)} ± {_number(1.96 * summary.std_error, quantity)}",
        _number(summary.p50, quantity),
        _number(summary.p90, quantity),
        _number(summary.p99, quantity),
    ]


def quantities_table(simulation: Simulation) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("per walk")
    for heading in ("mean (95% CI)", "P50", "P90", "P99"):
        table.add_column(heading, justify="right")
    for quantity in QUANTITIES:
        table.add_row(*_row(simulation, quantity, simulation.quantities[quantity]))
    return table


def outcomes_table(simulation: Simulation) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("outcome")
    table.add_column("share of walks", justify="right")
    for kind in OUTCOMES:
        share = simulation.outcomes[kind]
        if share > 0:
            table.add_row(kind, f"{share:.1%}")
    if simulation.capped:
        table.add_row("stopped (capped)", f"{simulation.capped / simulation.runs:.1%}")
    return table


def render_terminal(simulation: Simulation, *, width: int = 100, color: bool = False) -> str:
    out = console(width, color)
    title = Text(simulation.name, style="bold")
    if simulation.file:
        title.append(f"  {simulation.file}", style="dim")
    out.print(title)
    out.print(f"{simulation.runs:,} simulated walks, seed {simulation.seed}")
    out.print()
    out.print(quantities_table(simulation))
    out.print()
    out.print(outcomes_table(simulation))
    if simulation.capped:
        out.print()
        out.print(
            Text(
                f"{simulation.capped:,} walk(s) were still going after {simulation.max_steps:,} "
                "steps and were stopped; their totals so far are included above",
                style="yellow",
            )
        )
    return out.file.getvalue()  # type: ignore[attr-defined,no-any-return]
