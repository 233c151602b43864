"""Story analysis: everything computed from the documents themselves.

Before any engine runs, :func:`analyze_stories` groups the segmented documents
into stories (events) and dates each story's timeline from its documents. After
the engine, :func:`compare_story` compares the sources' own figures, stances and
speakers on the engine's key points (the claim matrix and the contested points
it finds); ``summarizer.reconcile`` applies that comparison. Nothing here
imports an engine, the verifier or a renderer. docs/story.md documents the
fields and rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.independence import independence_notes
from summarizer.models import ClaimRow, ContestedPoint, Document, FigureUpdate, KeyPoint, Story, TimelineEntry
from summarizer.story.claims import StoryText, build_claim_matrix, mark_cell, shown_rows
from summarizer.story.disputes import contested_points, figure_updates
from summarizer.story.events import group_documents
from summarizer.story.timeline import build_timeline
from summarizer.textrules import is_instruction

__all__ = [
    "AnalyzedStory", "Comparison", "StoryAnalysis", "analyze_stories", "compare_story", "group_documents",
    "independence_notes", "mark_cell",
]


@dataclass
class AnalyzedStory:
    """One story before the engine: its metadata, its documents and their timeline."""

    story: Story
    documents: list[Document]
    timeline: list[TimelineEntry] = field(default_factory=list)


@dataclass
class StoryAnalysis:
    """The story stage's output: every document (``story_id`` set) and the stories, main first."""

    documents: list[Document]
    stories: list[AnalyzedStory]


@dataclass
class Comparison:
    """How the sources of one story stand on the engine's key points."""

    claim_matrix: list[ClaimRow] = field(default_factory=list)
    contested: list[ContestedPoint] = field(default_factory=list)
    updates: list[FigureUpdate] = field(default_factory=list)


def analyze_stories(docs: list[Document], *, split: bool = True) -> StoryAnalysis:
    """Group segmented ``docs`` into stories (one story when ``split`` is False) and date each one's events."""
    docs, stories = group_documents(docs, split=split)
    analyzed = []
    for story in stories:
        story_docs = [d for d in docs if d.story_id == story.id]
        analyzed.append(AnalyzedStory(story, story_docs, build_timeline(story_docs)))
    return StoryAnalysis(docs, analyzed)


def compare_story(docs: Sequence[Document], key_points: Sequence[KeyPoint], story_id: str | None = None,
                  row_offset: int = 0) -> Comparison:
    """Claim matrix (rows numbered from ``row_offset + 1``), contested points and figure updates of one story."""
    ctx = StoryText.build(docs)
    # text that reads as an instruction to a model is never evidence, in the matrix either
    key_points = [kp.model_copy(update={"citations": [c for c in kp.citations if not is_instruction(c.quote)]})
                  for kp in key_points]
    matrix = build_claim_matrix(ctx, key_points)
    contested = contested_points(ctx, matrix)
    rows = [
        r.model_copy(update={"id": f"C{row_offset + n}", "story_id": story_id})
        for n, r in enumerate(shown_rows(matrix), 1)
    ]
    return Comparison(rows, contested, figure_updates(ctx, matrix))
