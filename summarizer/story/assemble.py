"""Run the engine once per story and assemble one Briefing with a section per story.

Called by ``pipeline.brief_ingested`` after segmentation. With one story the
Briefing is exactly what the engine and verifier made, plus the story
fields (stories, claim_matrix, timeline, contested figures). With several,
the top-level sections are the main story's, each other story lives in
``Briefing.stories``, and per-source summaries and sources cover every input.
"""

from __future__ import annotations

from collections.abc import Callable

from summarizer.engines import Engine, EngineOutput, ProgressCallback
from summarizer.models import (
    Briefing,
    ClaimRow,
    Document,
    IngestWarning,
    KeyPoint,
    StageUsage,
    Statement,
    Story,
    Usage,
    Verification,
)
from summarizer.settings import Settings
from summarizer.story import analyze_story, group_documents, independence_notes
from summarizer.story.claims import restated_support

AssembleFn = Callable[[list[Document], EngineOutput, str, Settings, list[IngestWarning]], Briefing]


def brief_stories(
    docs: list[Document], engine: Engine, engine_name: str, settings: Settings,
    warnings: list[IngestWarning], assemble: AssembleFn, progress: ProgressCallback | None = None,
) -> Briefing:
    """Group ``docs`` into stories, summarize and verify each, and combine them (see module doc)."""
    docs, stories = group_documents(docs, split=settings.group_stories)
    parts: list[tuple[Story, Briefing]] = []
    rows = 0
    by_story = [[d for d in docs if d.story_id == story.id] for story in stories]
    # an engine that can brief several stories per call, when the user turned that on
    batch = getattr(engine, "summarize_stories", None) if settings.llm_batch_stories else None
    outputs = batch(by_story, settings, progress) if batch is not None and len(stories) > 1 else None
    for n, story in enumerate(stories):
        story_docs = by_story[n]
        output = outputs[n] if outputs is not None else engine.summarize(story_docs, settings, progress)
        analysis = analyze_story(story_docs, output.key_points, story.id, row_offset=rows)
        rows += len(analysis.claim_matrix)
        output.contested = [*output.contested, *analysis.contested]
        reconcile_with_matrix(output, analysis.claim_matrix, story_docs)
        if not getattr(output, "timeline", None):  # the engine's own timeline (LLM) wins when it wrote one
            setattr(output, "timeline", analysis.timeline)  # noqa: B010 - verified by assemble like the rest
        part = assemble(story_docs, output, engine_name, settings, warnings)
        timeline = part.timeline
        filled = story.model_copy(update={
            "bottom_line": part.bottom_line, "key_points": part.key_points, "contested": part.contested,
            "claim_matrix": analysis.claim_matrix, "timeline": timeline, "verification": part.verification,
            "updates": analysis.updates,
        })
        parts.append((filled, part.model_copy(update={"claim_matrix": analysis.claim_matrix, "timeline": timeline,
                                                      "updates": analysis.updates})))
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
    others = len(parts) - 1
    return main.model_copy(update={
        "title": f"{main.title} (+{others} other {'story' if others == 1 else 'stories'})",
        "stories": [s for s, _ in parts],
        "source_summaries": summaries,
        "sources": docs,
        "method": method,
        "verification": _sum_verification([p.verification for _, p in parts]),
        "usage": _sum_usage([p.usage for _, p in parts]),
    })


def reconcile_with_matrix(output: EngineOutput, rows: list[ClaimRow], docs: list[Document]) -> None:
    """Stop counting a source as support for a point whose figures it contradicts.

    The engine groups sentences that report the same event; the claim matrix
    then compares their figures. A source whose cell contradicts the point
    keeps its side in the contested section, but its passage is no longer
    cited as support and it no longer counts towards corroboration.
    """
    copies = {d.id for d in docs if d.duplicate_of}
    by_claim = {r.claim: r for r in rows if r.kind == "key_point"}
    fixed: dict[str, KeyPoint] = {}
    for n, kp in enumerate(output.key_points):
        row = by_claim.get(kp.text)
        update = restated_support(kp, row, copies) if row is not None else None
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
