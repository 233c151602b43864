"""Reconcile stage: the engine's key points against the sources' own figures.

Input: one story's :class:`~summarizer.engines.base.EngineOutput` and its
documents. The story analysis' claim matrix (``summarizer.story.compare_story``)
says which sources assert or contradict each key point; this stage adds the
contested points it found, stops counting a contradicting source as support
(``disputed_by``), and lets the bottom line make way for undisputed points.
Output: the reconciled EngineOutput (a copy) and the story's claim matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from summarizer.engines.base import EngineOutput
from summarizer.models import ClaimRow, Document, FigureUpdate, KeyPoint, Statement
from summarizer.story import compare_story
from summarizer.story.claims import restated_support


@dataclass
class Reconciled:
    """One story's engine output after reconciling, with the claim matrix it was checked against."""

    output: EngineOutput
    claim_matrix: list[ClaimRow]
    updates: list[FigureUpdate] = field(default_factory=list)


def reconcile(output: EngineOutput, docs: list[Document], story_id: str | None = None,
              row_offset: int = 0) -> Reconciled:
    """Compare the sources on ``output``'s key points and apply the comparison (see module doc).

    Claim rows are numbered from ``row_offset + 1`` (C1, C2, ... across the stories of a briefing).
    """
    comparison = compare_story(docs, output.key_points, story_id, row_offset=row_offset)
    out = replace(output, key_points=list(output.key_points), bottom_line=list(output.bottom_line),
                  contested=[*output.contested, *comparison.contested])
    reconcile_with_matrix(out, comparison.claim_matrix, docs)
    return Reconciled(out, comparison.claim_matrix, comparison.updates)


def reconcile_with_matrix(output: EngineOutput, rows: list[ClaimRow], docs: list[Document]) -> None:
    """Stop counting a source as support for a point whose figures it contradicts (in place).

    The engine groups sentences that report the same event; the claim matrix
    then compares their figures. A source whose cell contradicts the point
    keeps its side in the contested section, but its passage is no longer
    cited as support and it no longer counts towards corroboration; a cited
    source whose cell is silent (its passage does not state the point) is
    dropped from the support too (``story.claims.restated_support``).
    """
    by_claim = {r.claim: r for r in rows if r.kind == "key_point"}
    fixed: dict[str, KeyPoint] = {}
    for n, kp in enumerate(output.key_points):
        row = by_claim.get(kp.text)
        update = restated_support(kp, row, docs) if row is not None else None  # issue 12: support = asserting cells
        if update is None:
            continue
        output.key_points[n] = kp.model_copy(update=update)
        if update["disputed_by"]:
            fixed[kp.text] = output.key_points[n]
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
