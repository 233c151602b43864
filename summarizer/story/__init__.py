"""Story intelligence: event grouping, claim matrix, contested points, attribution, timeline.

``group_documents`` splits inputs into stories; ``analyze_story`` gives one
story's claim matrix, contested points and timeline from its documents and
the engine's key points; ``split_briefing`` turns a multi-story Briefing
into one Briefing per story. docs/story.md documents the fields and rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.models import (
    Briefing,
    ClaimRow,
    ContestedPoint,
    Document,
    FigureUpdate,
    KeyPoint,
    TimelineEntry,
    Verification,
)
from summarizer.story.claims import (
    StoryText,
    build_claim_matrix,
    contested_points,
    figure_updates,
    mark_cell,
    shown_rows,
)
from summarizer.story.events import group_documents
from summarizer.story.timeline import build_timeline

__all__ = [
    "StoryAnalysis", "analyze_story", "group_documents", "independence_notes", "mark_cell", "split_briefing",
]


@dataclass
class StoryAnalysis:
    """What the story stage adds to one story's engine output."""

    claim_matrix: list[ClaimRow] = field(default_factory=list)
    contested: list[ContestedPoint] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    updates: list[FigureUpdate] = field(default_factory=list)


def analyze_story(docs: Sequence[Document], key_points: Sequence[KeyPoint], story_id: str | None = None,
                  row_offset: int = 0) -> StoryAnalysis:
    """Claim matrix, contested points and timeline of one story (documents must be segmented)."""
    ctx = StoryText.build(docs)
    matrix = build_claim_matrix(ctx, key_points)
    contested = contested_points(ctx, matrix)
    rows = [
        r.model_copy(update={"id": f"C{row_offset + n}", "story_id": story_id})
        for n, r in enumerate(shown_rows(matrix), 1)
    ]
    return StoryAnalysis(rows, contested, build_timeline(docs), figure_updates(ctx, matrix))


def independence_notes(docs: Sequence[Document]) -> list[str]:
    """One line per copy: which source it copies and that it counts once."""
    return [
        f"{d.id} ({d.outlet or d.title}) copies {d.duplicate_of}: counted once for corroboration."
        for d in docs
        if d.duplicate_of
    ]


def split_briefing(b: Briefing) -> list[Briefing]:
    """One Briefing per story (the briefing itself when it has at most one story)."""
    if len(b.stories) <= 1:
        return [b]
    out = []
    for s in b.stories:
        ids = set(s.document_ids)
        out.append(b.model_copy(update={
            "title": f"Briefing: {s.title}" + (f" (+{len(ids) - 1} more sources)" if len(ids) > 1 else ""),
            "bottom_line": s.bottom_line, "key_points": s.key_points, "contested": s.contested,
            "claim_matrix": s.claim_matrix, "timeline": s.timeline,
            "source_summaries": [x for x in b.source_summaries if x.source_id in ids],
            "sources": [d for d in b.sources if d.id in ids],
            "verification": s.verification if s.verification != Verification() else b.verification,
            "stories": [s],
        }))
    return out
