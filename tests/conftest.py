"""Test-wide settings.

Property tests (hypothesis) draw the same examples on every run, so that CI never
fails on a rare draw it cannot show again; `HYPOTHESIS_PROFILE=explore` draws new
ones (with more examples) when looking for counter-examples on purpose.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
