"""Engines turn segmented documents into summaries; all share one interface (``Engine``).

The registry maps a name to a factory, so the CLI, the settings and a library
caller name engines the same way; ``register_engine`` adds one (a plugin, a test).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from summarizer.engines.base import Engine, EngineOutput
from summarizer.errors import ConfigError
from summarizer.progress import ProgressCallback

# factory() -> Engine; factory(backend=...) when the caller gives a ChatBackend (engines that call an LLM)
EngineFactory = Callable[..., Engine]


def _extractive(backend: Any = None) -> Engine:
    from summarizer.engines.extractive import ExtractiveEngine

    return ExtractiveEngine()


def _llm(backend: Any = None) -> Engine:
    try:
        from summarizer.engines.llm import LLMEngine
    except ImportError:
        raise ConfigError("the llm engine is not available in this build") from None
    return LLMEngine(backend=backend)


ENGINES: dict[str, EngineFactory] = {"extractive": _extractive, "llm": _llm}


def register_engine(name: str, factory: EngineFactory) -> None:
    """Make ``factory`` available as engine ``name`` (replacing one of that name)."""
    ENGINES[name] = factory


def get_engine(name: str, backend: Any = None) -> Engine:
    """A new engine by registered name ('auto' is resolved by the pipeline first).

    ``backend`` (a ``summarizer.llm.client.ChatBackend``) replaces the LLM engine's
    OpenAI client. Raises ConfigError for an unknown name.
    """
    factory = ENGINES.get(name)
    if factory is None:
        raise ConfigError(f"unknown engine {name!r}: choose auto, {', '.join(ENGINES)}")
    return factory(backend=backend) if backend is not None else factory()


__all__ = ["ENGINES", "Engine", "EngineFactory", "EngineOutput", "ProgressCallback", "get_engine",
           "register_engine"]
