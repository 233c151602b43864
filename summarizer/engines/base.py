"""The engine interface: documents in, cited statements out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from summarizer.errors import ConfigError
from summarizer.models import (
    Citation,
    ContestedPoint,
    Document,
    KeyPoint,
    Sentence,
    SourceSummary,
    Statement,
    Usage,
)
from summarizer.settings import Settings

# progress(stage, fraction_done) — stage names: ingest, segment, embed, summarize, merge, verify, render
ProgressCallback = Callable[[str, float], None]


@dataclass
class EngineOutput:
    """What an engine hands to the verifier and renderers."""

    bottom_line: list[Statement]
    key_points: list[KeyPoint]
    source_summaries: list[SourceSummary]
    contested: list[ContestedPoint] = field(default_factory=list)
    model: str = ""
    embedder: str = ""
    prompt_versions: dict[str, str] = field(default_factory=dict)
    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)


class Engine(Protocol):
    name: str

    def summarize(
        self, docs: list[Document], settings: Settings, progress: ProgressCallback | None = None
    ) -> EngineOutput: ...


def cite(sentence: Sentence) -> Citation:
    """A citation of one whole sentence; its quote is the sentence text itself."""
    return Citation(
        source_id=sentence.source_id,
        passage_id=sentence.id,
        start=sentence.start,
        end=sentence.end,
        quote=sentence.text,
    )


def get_engine(name: str) -> Engine:
    """Engine by name: 'extractive' or 'llm' ('auto' is resolved by the pipeline)."""
    if name == "extractive":
        from summarizer.engines.extractive import ExtractiveEngine

        return ExtractiveEngine()
    if name == "llm":
        try:
            from summarizer.engines.llm import LLMEngine  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            raise ConfigError("the llm engine is not available in this build") from None
        engine: Engine = LLMEngine()
        return engine
    raise ConfigError(f"unknown engine {name!r}: choose auto, extractive or llm")
