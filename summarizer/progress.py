"""The progress callback every stage accepts (the library never imports a UI toolkit).

``progress(stage, fraction_done)``: stage names are ingest, segment, embed,
summarize, merge, verify, render; fraction_done runs from 0.0 to 1.0.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[str, float], None]


def no_progress(stage: str, fraction: float) -> None:
    """The callback used when the caller gives none."""
