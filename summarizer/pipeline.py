"""The one orchestrator: inputs in, a verified Briefing out.

Stages, in order (each a plain function over typed models; nothing calls back here):

1. ingest   ``summarizer.ingest.ingest``          inputs -> IngestResult (Documents, warnings)
2. segment  ``summarizer.segment.segment_document`` Document -> Document with Sentences (char spans)
3. story    ``summarizer.story.analyze_stories``    Documents -> StoryAnalysis (stories, timelines)
4. engine   ``summarizer.engines`` (registry)       one story's Documents -> EngineOutput
5. reconcile ``summarizer.reconcile.reconcile``     EngineOutput + Documents -> Reconciled (claim matrix)
6. verify   ``summarizer.briefing.verify_output``   EngineOutput -> one story's Briefing
7. combine  ``summarizer.briefing.combine_stories`` per-story Briefings -> Briefing

Reconcile runs before verify so the verifier scores exactly the citations a
point keeps (a contradicting source's passage is no longer cited as support).
The CLI and the web UI call ``brief`` (or ``brief_ingested`` for already
ingested text) and only render what comes back.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import BinaryIO

from summarizer.briefing import combine_stories, story_part, verify_output
from summarizer.embed import Embedder, use_embedder
from summarizer.engines import Engine, EngineOutput, get_engine
from summarizer.errors import NoUsableDocumentsError
from summarizer.ingest import IngestResult, ingest
from summarizer.llm.client import ChatBackend
from summarizer.models import Briefing, IngestWarning, Story
from summarizer.progress import ProgressCallback, no_progress
from summarizer.reconcile import merge_timeline, reconcile
from summarizer.segment import segment_document
from summarizer.settings import Settings
from summarizer.story import StoryAnalysis, analyze_stories


def resolve_engine(settings: Settings) -> str:
    """'auto' means the LLM engine when a key or base URL is configured, else extractive."""
    if settings.engine != "auto":
        return settings.engine
    from summarizer.llm.credentials import current_api_key

    if settings.base_url or current_api_key():
        return "llm"
    return "extractive"


def brief(
    inputs: Sequence[str],
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
    stdin: BinaryIO | None = None,
    *,
    engine: Engine | str | None = None,
    backend: ChatBackend | None = None,
    embedder: Embedder | None = None,
) -> Briefing:
    """Ingest ``inputs`` (paths, dirs, globs, '-') and return a verified briefing.

    ``engine``, ``backend`` and ``embedder`` replace what ``settings`` names (see
    ``brief_ingested``). Raises NoUsableDocumentsError when every input was skipped.
    """
    settings = settings or Settings()
    report = progress or no_progress
    report("ingest", 0.0)
    result = ingest(inputs, settings, stdin=stdin)
    report("ingest", 1.0)
    return brief_ingested(result, settings, progress, engine=engine, backend=backend, embedder=embedder)


def brief_ingested(
    result: IngestResult,
    settings: Settings,
    progress: ProgressCallback | None = None,
    *,
    engine: Engine | str | None = None,
    backend: ChatBackend | None = None,
    embedder: Embedder | None = None,
) -> Briefing:
    """Briefing for documents that were already ingested (the UI's uploads, tests).

    ``engine``: an Engine instance or a registered name (default: ``settings.engine``,
    'auto' resolved by ``resolve_engine``). ``backend``: the chat backend a named LLM
    engine uses instead of the OpenAI client. ``embedder``: used wherever
    ``settings.embedder`` is asked for. Raises NoUsableDocumentsError when there is
    no document, ConfigError for an unknown engine, LLMError when the server fails.
    """
    started = time.perf_counter()
    report = progress or no_progress
    if not result.documents:
        reasons = "; ".join(str(w) for w in result.warnings[:5]) or "no inputs given"
        raise NoUsableDocumentsError(f"no usable document among the inputs ({reasons})")

    report("segment", 0.0)
    docs = [segment_document(d, settings.encoding) for d in result.documents]
    report("segment", 1.0)

    with use_embedder(settings.embedder, embedder):
        analysis = analyze_stories(docs, split=settings.group_stories)
        briefing = brief_analysis(analysis, settings, progress, engine=engine, backend=backend,
                                  warnings=result.warnings)
    briefing.usage.input_tokens = sum(d.n_tokens for d in docs)
    briefing.usage.wall_seconds = round(time.perf_counter() - started, 3)
    return briefing


def brief_analysis(
    analysis: StoryAnalysis,
    settings: Settings,
    progress: ProgressCallback | None = None,
    *,
    engine: Engine | str | None = None,
    backend: ChatBackend | None = None,
    embedder: Embedder | None = None,
    warnings: list[IngestWarning] | None = None,
) -> Briefing:
    """Stages 4-7 (engine, reconcile, verify, combine) for segmented documents already grouped.

    ``brief_ingested`` calls it after segmenting and grouping; ``summarizer.batch``
    calls it once per story of a feed (a StoryAnalysis holding that one story),
    so a batch briefing goes through exactly the stages of a single one.
    ``warnings`` are the ingest warnings the briefing lists. Arguments as in
    ``brief_ingested``; ``usage.wall_seconds`` and ``input_tokens`` are the
    caller's to fill.
    """
    report = progress or no_progress
    if isinstance(engine, Engine):
        engine_name = engine.name or type(engine).__name__
        chosen = engine
    else:
        engine_name = engine or resolve_engine(settings)
        chosen = get_engine(engine_name, backend=backend)

    with use_embedder(settings.embedder, embedder):
        outputs = run_engine(chosen, analysis, settings, progress)
        parts: list[tuple[Story, Briefing]] = []
        rows = 0
        for analyzed, output in zip(analysis.stories, outputs, strict=True):
            story_docs = analyzed.documents
            done = reconcile(output, story_docs, analyzed.story.id, row_offset=rows)
            rows += len(done.claim_matrix)
            out = done.output
            if not out.timeline:  # the engine's own timeline (LLM) wins when it wrote one
                out.timeline = analyzed.timeline
            out.timeline = merge_timeline(out.timeline, done.claim_matrix)  # one entry per event, citing every source
            part = verify_output(story_docs, out, engine_name, settings, warnings if warnings is not None else [],
                                 done.claim_matrix)
            parts.append(story_part(analyzed.story, part, done.claim_matrix, done.updates))
    briefing = combine_stories(parts, analysis.documents)
    report("verify", 1.0)
    return briefing


def run_engine(
    engine: Engine, analysis: StoryAnalysis, settings: Settings, progress: ProgressCallback | None = None
) -> list[EngineOutput]:
    """The engine stage: one output per story of ``analysis``, in order.

    Several stories go to ``summarize_stories`` together when ``settings.llm_batch_stories``
    is on (the LLM engine packs them into few calls); otherwise each is summarized alone.
    """
    stories = [s.documents for s in analysis.stories]
    if settings.llm_batch_stories and len(stories) > 1:
        return engine.summarize_stories(stories, settings, progress)
    return [engine.summarize(docs, settings, progress) for docs in stories]
