"""Where the LLM client gets its API key: the environment or a per-session override.

The key is read only through :func:`current_api_key`; it is never written to logs,
the cache, outputs, or error messages. The Streamlit UI passes a user's key for one
call with ``with use_api_key(session_key): brief_ingested(...)``; the override is a
``contextvars.ContextVar`` so concurrent sessions (threads) never see each other's key.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_OVERRIDE: ContextVar[str | None] = ContextVar("summarizer_api_key_override", default=None)


@contextmanager
def use_api_key(key: str | None) -> Iterator[None]:
    """Use ``key`` as the API key inside the ``with`` block (``None`` or blank: keep the environment's)."""
    token = _OVERRIDE.set(key.strip() if key and key.strip() else None)
    try:
        yield
    finally:
        _OVERRIDE.reset(token)


def current_api_key() -> str | None:
    """The API key in force: the session override if set, else ``OPENAI_API_KEY`` from the environment."""
    override = _OVERRIDE.get()
    if override:
        return override
    env = os.environ.get("OPENAI_API_KEY", "").strip()
    return env or None
