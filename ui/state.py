"""The UI's one piece of session state: a small typed object kept in st.session_state.

The API key is deliberately not here: it lives only in its password widget's
session-state slot and is handed to the library for the one call that needs it.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from summarizer.models import Briefing, Citation, IngestWarning
from summarizer.service import SourceDraft

STATE_KEY = "summarizer_ui"


@dataclass
class CitationRef:
    """Which cited passage the reader opened."""

    source_id: str
    passage_id: str
    start: int
    end: int

    @classmethod
    def of(cls, c: Citation) -> CitationRef:
        """The reference for citation ``c``."""
        return cls(c.source_id, c.passage_id, c.start, c.end)


@dataclass
class UIState:
    """Everything one browser session remembers between reruns."""

    sources: list[SourceDraft] = field(default_factory=list)
    add_warnings: list[IngestWarning] = field(default_factory=list)
    add_errors: list[str] = field(default_factory=list)
    briefing: Briefing | None = None
    downloads: dict[str, str] = field(default_factory=dict)  # format -> rendered text of `briefing`
    selected: CitationRef | None = None
    selected_where: str | None = None  # which statement's (or matrix row's) chips opened it: shown there
    selected_key: str | None = None  # the chip's widget key, where Escape returns the focus
    focus_row: str | None = None  # a claim-matrix row a "see Cn" link asked to show
    opened: int = 0  # bumped per chip click: the focus script runs again for a new click
    scroll_to_results: bool = False  # set by a finished run: the page scrolls to the briefing once
    error_stale: bool = False  # the shown briefing is from an earlier run than the one that failed
    run_error: str | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)
    sources_changed: bool = False  # sources edited since the briefing was made
    upload_generation: int = 0  # bumped to give the uploader a fresh, empty widget
    runs: int = 0  # finished runs (a new Sources panel, collapsed, after each)

    def start_over(self) -> None:
        """Forget every source, the briefing and the messages (a button callback)."""
        fresh = UIState(upload_generation=self.upload_generation + 1, runs=self.runs + 1)
        self.__dict__.update(fresh.__dict__)

    def remove_source(self, key: str) -> None:
        """Drop the draft with this key."""
        self.sources = [d for d in self.sources if d.key != key]
        self.sources_changed = True


def get_state(session: MutableMapping[Any, Any]) -> UIState:
    """The session's UIState, created on first use (``session`` is st.session_state)."""
    if STATE_KEY not in session:
        session[STATE_KEY] = UIState()
    state = session[STATE_KEY]
    assert isinstance(state, UIState)
    return state
