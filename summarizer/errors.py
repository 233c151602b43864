"""Errors a user can cause. The CLI and UI print them as one line, never a traceback."""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class for expected, user-facing failures (bad input, bad config)."""


class InputError(SummarizerError):
    """An input could not be used; the message names the input and the reason."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class NoUsableDocumentsError(SummarizerError):
    """Every input was skipped, so there is nothing to summarize."""


class ConfigError(SummarizerError):
    """A setting is invalid or missing."""
