"""Reconcile stage: the engine's key points against the sources' own figures.

Input: one story's :class:`~summarizer.engines.base.EngineOutput` and its
documents. The story analysis' claim matrix (``summarizer.story.compare_story``)
says which sources assert or contradict each key point; this stage adds the
contested points it found, stops counting a contradicting source as support
(``disputed_by``), and lets the bottom line make way for undisputed points.
Output: the reconciled EngineOutput (a copy) and the story's claim matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from summarizer.engines.base import EngineOutput
from summarizer.independence import count_independent
from summarizer.models import ClaimCell, ClaimRow, Document, KeyPoint, Statement
from summarizer.story import compare_story


@dataclass
class Reconciled:
    """One story's engine output after reconciling, with the claim matrix it was checked against."""

    output: EngineOutput
    claim_matrix: list[ClaimRow]


def reconcile(output: EngineOutput, docs: list[Document], story_id: str | None = None,
              row_offset: int = 0) -> Reconciled:
    """Compare the sources on ``output``'s key points and apply the comparison (see module doc).

    Claim rows are numbered from ``row_offset + 1`` (C1, C2, ... across the stories of a briefing).
    """
    comparison = compare_story(docs, output.key_points, story_id, row_offset=row_offset)
    out = replace(output, key_points=list(output.key_points), bottom_line=list(output.bottom_line),
                  contested=[*output.contested, *comparison.contested])
    reconcile_with_matrix(out, comparison.claim_matrix, docs)
    return Reconciled(out, comparison.claim_matrix)


def reconcile_with_matrix(output: EngineOutput, rows: list[ClaimRow], docs: list[Document]) -> None:
    """Stop counting a source as support for a point whose figures it contradicts (in place).

    The engine groups sentences that report the same event; the claim matrix
    then compares their figures. A source whose cell contradicts the point
    keeps its side in the contested section, but its passage is no longer
    cited as support and it no longer counts towards corroboration.
    """
    by_claim = {r.claim: r for r in rows if r.kind == "key_point" and r.contradicting}
    fixed: dict[str, KeyPoint] = {}
    for n, kp in enumerate(output.key_points):
        row = by_claim.get(kp.text)
        if row is None:
            continue
        against = [c.source_id for c in row.cells if c.cell == ClaimCell.contradicts]
        sources = [s for s in kp.sources if s not in against]
        independent = count_independent(sources, docs)
        fixed[kp.text] = output.key_points[n] = kp.model_copy(update={
            "citations": [c for c in kp.citations if c.source_id not in against],
            "sources": sources,
            "corroboration": max(len(independent), 1),
            "single_source": len(independent) <= 1,
            "disputed_by": against,
            "claim_row": row.id,
        })
    if not fixed:
        return
    # The bottom line states what the sources agree on: disputed points make way for the
    # best-corroborated undisputed ones (the dispute itself is in the contested section).
    bottom = [st for st in output.bottom_line if st.text not in fixed]
    shown = {st.text for st in bottom}
    for kp in sorted(output.key_points, key=lambda k: (-k.corroboration, -k.score)):
        if len(bottom) >= max(2, len(output.bottom_line)):
            break
        if not kp.disputed_by and kp.text not in shown:
            bottom.append(Statement(text=kp.text, citations=kp.citations))
            shown.add(kp.text)
    output.bottom_line = bottom
