"""The LLM engine: written summaries over any OpenAI-compatible server, every id checked.

plan (tiktoken; one call when everything fits, map-reduce otherwise; refuse over
``--max-tokens``) -> stages (``summarizer.llm.mapreduce``) -> statements whose
citations are built from the real sentences the model named. Verification
(``pipeline.assemble``) then removes invented ids and flags unsupported sentences.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from summarizer.engines.base import EngineOutput, ProgressCallback
from summarizer.llm.cache import ReplyCache
from summarizer.llm.client import ChatBackend, OpenAIChatBackend
from summarizer.llm.mapreduce import Draft, Stages
from summarizer.llm.plan import Plan, make_plan
from summarizer.llm.structured import BudgetExceeded, InvalidReply, StructuredCaller
from summarizer.models import Document, TimelineEntry
from summarizer.settings import Settings

log = logging.getLogger("summarizer.llm")


@dataclass
class LLMEngineOutput(EngineOutput):
    """EngineOutput plus the dated timeline (read by ``pipeline.assemble``)."""

    timeline: list[TimelineEntry] = field(default_factory=list)


class LLMEngine:
    """Engine 'llm'. ``backend`` replaces the OpenAI client (tests, other providers)."""

    name = "llm"

    def __init__(
        self, backend: ChatBackend | None = None, on_plan: Callable[[Plan], None] | None = None
    ) -> None:
        self.backend = backend
        self.on_plan = on_plan
        self.last_plan: Plan | None = None

    def summarize(
        self, docs: list[Document], settings: Settings, progress: ProgressCallback | None = None
    ) -> EngineOutput:
        """Plan, check the budget, run the stages, and return cited statements."""
        backend = self.backend or OpenAIChatBackend(settings)  # fails fast without a key or URL
        plan = make_plan(docs, settings)
        self.last_plan = plan
        log.info(plan.describe(settings.model))
        if self.on_plan is not None:
            self.on_plan(plan)
        if settings.max_tokens is not None and plan.total_tokens > settings.max_tokens:
            raise BudgetExceeded(
                f"estimated {plan.total_tokens:,} LLM tokens exceed --max-tokens {settings.max_tokens:,}; "
                "nothing was sent (raise the budget, or brief fewer or shorter inputs)"
            )
        cache = ReplyCache(settings.cache_dir) if settings.use_cache else None
        caller = StructuredCaller(backend, settings, cache)
        notes: list[str] = []
        try:
            stages = Stages(docs, settings, caller, progress)
            if plan.mode == "single":
                try:
                    draft = stages.single()
                except InvalidReply as e:
                    notes.append(f"one-call briefing failed ({e}); fell back to map-reduce")
                    stages = Stages(docs, settings, caller, progress)
                    draft = stages.map_reduce(make_plan(docs, settings, force_map_reduce=True))
            else:
                draft = stages.map_reduce(plan)
        finally:
            if cache is not None:
                cache.close()
        return self._output(draft, stages, caller, backend, notes)

    @staticmethod
    def _output(
        draft: Draft, stages: Stages, caller: StructuredCaller, backend: ChatBackend, notes: list[str]
    ) -> LLMEngineOutput:
        if caller.salvaged:
            notes.append(
                f"{len(caller.salvaged)} LLM replies were cut at their reply cap (a share of each call's input, "
                f"at most {caller.settings.llm_output_tokens} tokens); their unfinished last items were left out"
            )
        invented = stages.resolver.invented
        if invented:
            sample = ", ".join(dict.fromkeys(invented[:5]))
            notes.append(f"{len(invented)} passage ids the model gave name no passage and were removed ({sample})")
        return LLMEngineOutput(
            bottom_line=draft.bottom_line,
            key_points=draft.key_points,
            source_summaries=draft.summaries,
            contested=draft.contested,
            timeline=draft.timeline,
            model=backend.model,
            embedder="",
            prompt_versions=dict(sorted(caller.prompt_versions.items())),
            usage=caller.usage,
            warnings=notes + draft.warnings,
        )
