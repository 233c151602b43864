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
from summarizer.llm.client import ChatBackend, LLMError, OpenAIChatBackend
from summarizer.llm.mapreduce import Draft, Stages
from summarizer.llm.plan import (
    Plan,
    cost,
    live_docs,
    make_plan,
    overhead_tokens,
    pack_stories,
    reply_words,
    story_blocks,
    story_reply_cap,
)
from summarizer.llm.prompts import load_prompt
from summarizer.llm.schemas import BriefStories, StoryBlock
from summarizer.llm.structured import BudgetExceeded, InvalidReply, StructuredCaller
from summarizer.models import Document, StageUsage, TimelineEntry, Usage
from summarizer.settings import Settings
from summarizer.tokens import count_tokens

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

    def summarize_stories(
        self, stories: list[list[Document]], settings: Settings, progress: ProgressCallback | None = None
    ) -> list[EngineOutput]:
        """One output per story; small stories share calls (one instruction block, one reply).

        ``plan.pack_stories`` groups the stories whose passages and reply caps fit one
        call; a group of several is briefed with one ``brief_stories`` call, any other
        story (too big, alone, or left out of the shared reply) with :meth:`summarize`.
        A shared call's usage is booked on the first story of its group, so the sum over
        the stories is what was spent.
        """
        outputs: list[EngineOutput | None] = [None] * len(stories)
        spent: dict[int, Usage] = {}
        shared: set[int] = set()
        for group in pack_stories(stories, settings):
            if len(group) > 1:
                shared.update(group)
                done, usage = self._brief_group([stories[i] for i in group], settings, progress)
                spent[group[0]] = usage
                for i, out in zip(group, done, strict=True):
                    outputs[i] = out
        final: list[EngineOutput] = []
        for i, out in enumerate(outputs):
            if out is None:
                out = self.summarize(stories[i], settings, progress)
                if i in shared:
                    out.warnings.insert(0, "this story was left out of the shared LLM reply; briefed on its own")
            if i in spent:
                out.usage = _add_usage(out.usage, spent[i])
            final.append(out)
        return final

    def _brief_group(
        self, stories: list[list[Document]], settings: Settings, progress: ProgressCallback | None
    ) -> tuple[list[EngineOutput | None], Usage]:
        """Brief ``stories`` in one call; None for a story the reply left out (or all, if the call failed)."""
        backend = self.backend or OpenAIChatBackend(settings)
        enc = settings.encoding
        passages, numbers = story_blocks(stories)
        caps = [story_reply_cap(settings, docs, count_tokens(story_blocks([docs])[0], enc)) for docs in stories]
        cap = min(settings.llm_output_tokens, sum(caps))
        prompt = overhead_tokens("brief_stories", enc) + count_tokens(passages, enc)
        plan = Plan("single", sum(d.n_tokens for docs in stories for d in live_docs(docs)), 1, prompt, cap,
                    cost_usd=cost(settings.model, prompt, cap))
        self._announce(plan, settings)
        n_sources = sum(len(live_docs(docs)) for docs in stories)
        values = {
            "passages": passages,
            "words": str(reply_words(min(caps), 0.35, settings.words, floor=15)),
            "source_words": str(reply_words(cap, 0.35 / n_sources, settings.source_words, floor=10)),
        }
        cache = ReplyCache(settings.cache_dir) if settings.use_cache else None
        caller = StructuredCaller(backend, settings, cache)
        report = progress or (lambda stage, frac: None)
        try:
            report("summarize", 0.0)
            with caller.timed("brief"):
                reply = caller.call("brief", load_prompt("brief_stories"), values, BriefStories, cap)
            report("summarize", 1.0)
        except LLMError as e:  # each story then gets its own call
            log.warning("shared briefing of %d stories failed (%s); briefing them one by one", len(stories), e)
            return [None] * len(stories), caller.usage
        finally:
            if cache is not None:
                cache.close()
        blocks: dict[str, StoryBlock] = {}
        for pos, block in enumerate(reply.stories, 1):  # a block without its story number is taken in order
            blocks.setdefault("".join(ch for ch in block.story if ch.isdigit()).lstrip("0") or str(pos), block)
        outputs: list[EngineOutput | None] = []
        for k, docs in enumerate(stories, 1):
            found = blocks.get(str(k))
            if found is None or not (found.sources or found.bottom_line or found.consensus or found.single_source):
                outputs.append(None)
                continue
            stages = Stages(docs, settings, caller, progress)
            draft = stages.build_brief(found, numbers)
            out = self._output(draft, stages, caller, backend, [] if k == 1 else None)
            out.usage = Usage()
            outputs.append(out)
        return outputs, caller.usage

    def _announce(self, plan: Plan, settings: Settings) -> None:
        """Record and report the plan, and refuse before any call when it exceeds --max-tokens."""
        self.last_plan = plan
        log.info(plan.describe(settings.model))
        if self.on_plan is not None:
            self.on_plan(plan)
        if settings.max_tokens is not None and plan.total_tokens > settings.max_tokens:
            raise BudgetExceeded(
                f"estimated {plan.total_tokens:,} LLM tokens exceed --max-tokens {settings.max_tokens:,}; "
                "nothing was sent (raise the budget, or brief fewer or shorter inputs)"
            )

    def summarize(
        self, docs: list[Document], settings: Settings, progress: ProgressCallback | None = None
    ) -> EngineOutput:
        """Plan, check the budget, run the stages, and return cited statements."""
        backend = self.backend or OpenAIChatBackend(settings)  # fails fast without a key or URL
        plan = make_plan(docs, settings)
        self._announce(plan, settings)
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
        draft: Draft, stages: Stages, caller: StructuredCaller, backend: ChatBackend, notes: list[str] | None
    ) -> LLMEngineOutput:
        """The engine output of ``draft``; ``notes=None``: leave out the call-wide notes (shared calls)."""
        call_wide = notes is not None
        notes = notes if notes is not None else []
        if caller.salvaged and call_wide:
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


def _add_usage(a: Usage, b: Usage) -> Usage:
    """The per-stage sum of two ledgers."""
    total = a.model_copy(deep=True)
    for name, st in b.stages.items():
        acc = total.stages.setdefault(name, StageUsage())
        for f in StageUsage.model_fields:
            setattr(acc, f, getattr(acc, f) + getattr(st, f))
    return total
