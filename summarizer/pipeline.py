"""The one library entry point: inputs in, a verified Briefing out.

ingest -> segment -> engine -> verify -> Briefing. The CLI and the web UI
both call ``brief`` (or ``brief_documents`` for already-ingested text) and
only render what comes back.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import BinaryIO, TypeVar

from summarizer.engines import EngineOutput, ProgressCallback, get_engine
from summarizer.errors import NoUsableDocumentsError
from summarizer.ingest import IngestResult, ingest
from summarizer.models import Briefing, Document, IngestWarning, Method, Statement, Verification
from summarizer.segment import segment_document
from summarizer.settings import Settings
from summarizer.verify import verify_statements
from summarizer.verify.check import lead_with_supported
from summarizer.verify.content import is_instruction

S = TypeVar("S", bound=Statement)


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
) -> Briefing:
    """Ingest ``inputs`` (paths, dirs, globs, '-') and return a verified briefing.

    Raises NoUsableDocumentsError when every input was skipped.
    """
    settings = settings or Settings()
    report = progress or (lambda stage, frac: None)
    report("ingest", 0.0)
    result = ingest(inputs, settings, stdin=stdin)
    report("ingest", 1.0)
    return brief_ingested(result, settings, progress)


def brief_ingested(
    result: IngestResult, settings: Settings, progress: ProgressCallback | None = None
) -> Briefing:
    """Briefing for documents that were already ingested (the UI's uploads, tests)."""
    started = time.perf_counter()
    report = progress or (lambda stage, frac: None)
    if not result.documents:
        reasons = "; ".join(str(w) for w in result.warnings[:5]) or "no inputs given"
        raise NoUsableDocumentsError(f"no usable document among the inputs ({reasons})")

    report("segment", 0.0)
    docs = [segment_document(d, settings.encoding) for d in result.documents]
    report("segment", 1.0)

    engine_name = resolve_engine(settings)
    # story intelligence: group into events, run the engine and the verifier (``assemble``) per story
    from summarizer.story.assemble import brief_stories

    briefing = brief_stories(
        docs, get_engine(engine_name), engine_name, settings, result.warnings, assemble, progress
    )
    report("verify", 1.0)
    briefing.usage.input_tokens = sum(d.n_tokens for d in docs)
    briefing.usage.wall_seconds = round(time.perf_counter() - started, 3)
    return briefing


def assemble(
    docs: list[Document],
    output: EngineOutput,
    engine_name: str,
    settings: Settings,
    warnings: list[IngestWarning],
) -> Briefing:
    """Verify every statement of an engine's output and build the Briefing."""
    total = Verification()

    def check(statements: Sequence[S]) -> list[S]:
        kept, figures = verify_statements(
            statements, docs, threshold=settings.support_threshold, strict=settings.strict
        )
        for field in Verification.model_fields:
            setattr(total, field, getattr(total, field) + getattr(figures, field))
        return kept

    bottom_line = check(output.bottom_line)
    key_points = check(output.key_points)
    bottom_line = lead_with_supported(bottom_line, key_points)  # a flagged sentence never leads
    contested = [c.model_copy(update={"sides": check(c.sides)}) for c in output.contested]
    summaries = [s.model_copy(update={"statements": check(s.statements)}) for s in output.source_summaries]
    timeline = check(getattr(output, "timeline", []))  # only the LLM engine writes one
    notices = [str(w) for w in warnings] + output.warnings
    return Briefing(
        title=_title(docs),
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


def _title(docs: list[Document]) -> str:
    """The briefing's title: the earliest independent source's title."""
    independent = [d for d in docs if d.duplicate_of is None] or docs
    # a title that reads as an instruction to a model never leads
    independent = [d for d in independent if not is_instruction(d.title)] or independent
    return f"Briefing: {independent[0].title}" if len(docs) == 1 else (
        f"Briefing: {independent[0].title} (+{len(docs) - 1} more sources)"
    )
