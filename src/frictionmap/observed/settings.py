"""The `[company]` table of frictionmap.toml: what a contact costs the company.

Read at every config load, so it imports nothing but the standard library.

```toml
[company]
cost_per_agent_minute = 0.75   # loaded cost of one agent minute (wage, overhead, tools)
cost_per_contact = 0.40        # per contact: telephony, licences, the IVR's own cost
fte_hours_per_month = 120      # productive hours of one full-time agent (after shrinkage)
open_hours_per_month = 220     # hours the lines are open (arrival rate for staffing)
service_level = 0.8            # Erlang C target: this share answered within ...
target_seconds = 20            # ... this many seconds (the 80/20 rule)
max_abandonment = 0.05         # Erlang A target: at most this share hangs up
patience_minutes = 3           # callers' mean patience, where the journey has no log
volume = 130000                # walks per month, where the journey has no `volume:`
```
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class CompanySettings:
    cost_per_agent_minute: float | None = None
    cost_per_contact: float | None = None
    fte_hours_per_month: float = 120.0
    open_hours_per_month: float = 220.0
    service_level: float = 0.8
    target_seconds: float = 20.0
    max_abandonment: float = 0.05
    patience_minutes: float | None = None
    volume: float | None = None


#: Keys whose value is a share, in [0, 1].
_SHARES = ("service_level", "max_abandonment")
KEYS = tuple(f.name for f in fields(CompanySettings))


def company_settings(table: Any, prefix: str = "company") -> CompanySettings:
    """Settings from a `[company]` table; ValueError('key: message') on a mistake."""
    if not isinstance(table, Mapping):
        raise ValueError(f"{prefix}: must be a table")
    values: dict[str, float] = {}
    for key, value in table.items():
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f" (keys: {', '.join(KEYS)})"
            raise ValueError(f"{prefix}.{key}: unknown key{hint}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
            value
        ):
            raise ValueError(f"{prefix}.{key}: must be a number, not {value!r}")
        if value < 0 or (key in _SHARES and value > 1):
            bound = "between 0 and 1" if key in _SHARES else "0 or more"
            raise ValueError(f"{prefix}.{key}: must be {bound}, not {value!r}")
        if value == 0 and key in (
            "fte_hours_per_month", "open_hours_per_month", "target_seconds", "patience_minutes"
        ):
            raise ValueError(f"{prefix}.{key}: must be more than 0")
        values[str(key)] = float(value)
    return CompanySettings(**values)
