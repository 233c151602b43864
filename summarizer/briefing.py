"""Verify and assemble: reconciled engine outputs in, one :class:`~summarizer.models.Briefing` out.

:func:`verify_output` runs the verifier over every statement of one story's
output and builds that story's Briefing; :func:`combine_stories` joins the
per-story Briefings into one (the main story's sections on top, every story in
``Briefing.stories``, per-source summaries and sources covering every input).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TypeVar

from summarizer.engines.base import EngineOutput
from summarizer.independence import independence_notes
from summarizer.lead import choose_bottom_line, drop_repeats, merge_repeats, story_title
from summarizer.models import (
    Briefing,
    ClaimRow,
    Document,
    FigureUpdate,
    IngestWarning,
    Method,
    StageUsage,
    Statement,
    Story,
    Usage,
    Verification,
)
from summarizer.settings import Settings
from summarizer.story.claims import cited_support
from summarizer.verify import verify_statements
from summarizer.verify.check import lead_with_supported

S = TypeVar("S", bound=Statement)


def _same_fact(a: str, b: str) -> bool:
    """Two key points state one fact: both give a figure (``story.quantities``) and ``story.compare.same_fact``
    finds them the same. Precision first: between two points without figures, that judgement merged
    different facts ('Kessarian drones hit a power substation near Dorvik on Sunday' / 'Vardonian drones
    struck a fuel depot near Oskel on Sunday'), so such points are never merged."""
    from summarizer.story.compare import states_same
    from summarizer.story.quantities import quantities_of

    return bool(quantities_of(a)) and bool(quantities_of(b)) and states_same(a, b)


def verify_output(
    docs: list[Document], output: EngineOutput, engine_name: str, settings: Settings,
    warnings: list[IngestWarning], claim_matrix: Sequence[ClaimRow] = (),
) -> Briefing:
    """Verify every statement of one story's ``output`` against ``docs`` and build its Briefing.

    The bottom line and the title are chosen after verification (``summarizer.lead``):
    the main event of ``claim_matrix`` and its disputed figures, flagged statements never leading.
    """
    total = Verification()

    def trial(statements: list[Statement]) -> list[Statement]:
        return verify_statements(statements, docs, threshold=settings.support_threshold, strict=False)[0]

    def check(statements: Sequence[S]) -> list[S]:
        kept, figures = verify_statements(
            statements, docs, threshold=settings.support_threshold, strict=settings.strict
        )
        for name in Verification.model_fields:
            setattr(total, name, getattr(total, name) + getattr(figures, name))
        return kept

    # uncounted trial: which points verify, so a repeat drops the point that repeats a verified one
    tried = [(k, (trial([k]) or [k])[0]) for k in output.key_points]
    unique = {id(t) for t in drop_repeats([t for _, t in tried])}
    key_points = check(merge_repeats([k for k, t in tried if id(t) in unique], trial, _same_fact, docs))
    key_points = [k for k in key_points if not k.flagged] + [k for k in key_points if k.flagged]  # never leads
    contested = [c.model_copy(update={"sides": check(c.sides)}) for c in output.contested]
    bottom_line = check(choose_bottom_line(
        trial(list(output.bottom_line)), key_points, contested, claim_matrix, docs, trial,
        verbatim=engine_name == "extractive",
    ))
    bottom_line = lead_with_supported(bottom_line, key_points)  # a flagged sentence never leads
    summaries = [s.model_copy(update={"statements": check(s.statements)}) for s in output.source_summaries]
    timeline = check(output.timeline)
    notices = [str(w) for w in warnings] + output.warnings
    return Briefing(
        title=story_title(docs, claim_matrix, key_points, contested),
        generated_at=datetime.now(timezone.utc).replace(microsecond=0),
        bottom_line=bottom_line,
        key_points=key_points,
        contested=contested,
        source_summaries=summaries,
        sources=docs,
        method=Method(
            engine=engine_name,
            model=output.model,
            embedder=output.embedder,
            prompt_versions=output.prompt_versions,
            words_target=settings.words,
            warnings=notices,
        ),
        timeline=timeline,
        verification=total,
        usage=output.usage,
        skipped=warnings,
    )


def story_part(story: Story, part: Briefing, claim_matrix: list[ClaimRow],
               updates: Sequence[FigureUpdate] = ()) -> tuple[Story, Briefing]:
    """``story`` filled with its verified sections, and its Briefing with the claim matrix (and the
    figure updates the reconcile stage found) attached.

    A key-point row whose point the verifier dropped (a meta-comment, a repeat) or flagged (its
    passages do not support it) is left out: its cells judge the passage the point cites, so they
    would show a source asserting what the point says although nothing checked that it does."""
    shown = {k.text: k for k in part.key_points if not k.flagged}
    claim_matrix = [cited_support(r, shown[r.claim]) if r.kind == "key_point" else r
                    for r in claim_matrix if r.kind != "key_point" or r.claim in shown]
    rows = {r.id for r in claim_matrix}
    if any(k.claim_row and k.claim_row not in rows for k in part.key_points):  # no link to a row not shown
        part = part.model_copy(update={"key_points": [
            k.model_copy(update={"claim_row": None}) if k.claim_row and k.claim_row not in rows else k
            for k in part.key_points]})
    filled = story.model_copy(update={
        "title": part.title, "bottom_line": part.bottom_line, "key_points": part.key_points, "contested": part.contested,
        "claim_matrix": claim_matrix, "timeline": part.timeline, "verification": part.verification,
        "updates": list(updates),
    })
    return filled, part.model_copy(update={"claim_matrix": claim_matrix, "updates": list(updates)})


def combine_stories(parts: list[tuple[Story, Briefing]], docs: list[Document]) -> Briefing:
    """One Briefing from the per-story ones (``parts``: main story first); ``docs`` are all inputs."""
    main_story, main = parts[0]
    notes = independence_notes(docs)
    if len(parts) > 1:
        notes.append(
            f"The inputs cover {len(parts)} different events; the key points are {main_story.id}'s "
            f"({', '.join(main_story.document_ids)}). "
            + "; ".join(f"{s.id} ({', '.join(s.document_ids)}{', ' + str(s.start) if s.start else ''}) is "
                        f"{'background' if s.role == 'background' else 'a separate story'}" for s, _ in parts[1:])
            + "."
        )
    prompts = {k: v for _, p in parts for k, v in p.method.prompt_versions.items()}
    method = main.method.model_copy(update={
        "prompt_versions": prompts,
        "warnings": list(dict.fromkeys([*main.method.warnings, *(w for _, p in parts[1:] for w in p.method.warnings),
                                        *notes]))
    })
    if len(parts) == 1:
        return main.model_copy(update={"stories": [main_story], "sources": docs, "method": method})
    order = {d.id: n for n, d in enumerate(docs)}
    summaries = sorted((s for _, p in parts for s in p.source_summaries), key=lambda s: order.get(s.source_id, 0))
    return main.model_copy(update={
        "stories": [s for s, _ in parts],
        "source_summaries": summaries,
        "sources": docs,
        "method": method,
        "verification": _sum_verification([p.verification for _, p in parts]),
        "usage": _sum_usage([p.usage for _, p in parts]),
    })


def _sum_verification(items: list[Verification]) -> Verification:
    total = Verification()
    for v in items:
        for f in Verification.model_fields:
            setattr(total, f, getattr(total, f) + getattr(v, f))
    return total


def _sum_usage(items: list[Usage]) -> Usage:
    total = Usage()
    for u in items:
        for name, st in u.stages.items():
            acc = total.stages.setdefault(name, StageUsage())
            for f in StageUsage.model_fields:
                setattr(acc, f, getattr(acc, f) + getattr(st, f))
    return total
