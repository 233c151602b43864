"""The engine interface: one story's segmented documents in, cited statements out.

An engine implements :meth:`Engine.summarize` for one story; the base class's
:meth:`Engine.summarize_stories` runs it once per story, and an engine that can
brief several stories in one call (the LLM engine) overrides it. Engines are
named in the registry of ``summarizer.engines``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from summarizer.models import (
    ContestedPoint,
    Document,
    KeyPoint,
    SourceSummary,
    Statement,
    TimelineEntry,
    Usage,
)
from summarizer.passages import cite
from summarizer.progress import ProgressCallback
from summarizer.settings import Settings

__all__ = ["Engine", "EngineOutput", "ProgressCallback", "cite"]


@dataclass
class EngineOutput:
    """What an engine hands to the reconcile and verify stages (one story).

    ``timeline`` is the engine's own dated timeline (the LLM engine writes one);
    when it is empty the pipeline uses the story analysis' timeline instead.
    """

    bottom_line: list[Statement]
    key_points: list[KeyPoint]
    source_summaries: list[SourceSummary]
    contested: list[ContestedPoint] = field(default_factory=list)
    model: str = ""
    embedder: str = ""
    prompt_versions: dict[str, str] = field(default_factory=dict)
    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)


class Engine(ABC):
    """Turns one story's segmented documents into an :class:`EngineOutput`."""

    name: str = ""

    @abstractmethod
    def summarize(
        self, docs: list[Document], settings: Settings, progress: ProgressCallback | None = None
    ) -> EngineOutput:
        """Cited bottom line, key points and per-source summaries of one story's ``docs``."""

    def summarize_stories(
        self, stories: list[list[Document]], settings: Settings, progress: ProgressCallback | None = None
    ) -> list[EngineOutput]:
        """One output per story, in order; by default one :meth:`summarize` call each."""
        return [self.summarize(docs, settings, progress) for docs in stories]
