"""One Briefing per story, for renderings that show each story on its own (``brief --split``)."""

from __future__ import annotations

from summarizer.models import Briefing, Verification


def split_briefing(b: Briefing) -> list[Briefing]:
    """One Briefing per story (the briefing itself when it has at most one story)."""
    if len(b.stories) <= 1:
        return [b]
    out = []
    for s in b.stories:
        ids = set(s.document_ids)
        out.append(b.model_copy(update={
            "title": s.title,
            "bottom_line": s.bottom_line, "key_points": s.key_points, "contested": s.contested,
            "claim_matrix": s.claim_matrix, "timeline": s.timeline,
            "source_summaries": [x for x in b.source_summaries if x.source_id in ids],
            "sources": [d for d in b.sources if d.id in ids],
            "verification": s.verification if s.verification != Verification() else b.verification,
            "stories": [s],
        }))
    return out
