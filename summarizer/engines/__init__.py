"""Engines turn segmented documents into summaries; all share one call signature."""

from __future__ import annotations

from summarizer.engines.base import Engine, EngineOutput, ProgressCallback, get_engine

__all__ = ["Engine", "EngineOutput", "ProgressCallback", "get_engine"]
