"""The LLM engine: written summaries over any OpenAI-compatible server, every id checked.

plan (tiktoken; stories packed into as few one-call briefings as the context allows,
map-reduce for a story too big for one call; refuse over ``--max-tokens``) ->
calls (``summarizer.llm.brief``, ``summarizer.llm.mapreduce``) -> statements whose
citations are built from the real sentences the model named. Verification
(``summarizer.briefing``) then removes invented ids and flags unsupported sentences.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from summarizer.engines.base import Engine, EngineOutput
from summarizer.engines.extractive import ExtractiveEngine
from summarizer.independence import is_independent
from summarizer.labels import count
from summarizer.llm.brief import brief_pack
from summarizer.llm.cache import ReplyCache
from summarizer.llm.client import ChatBackend, LLMError, OpenAIChatBackend
from summarizer.llm.mapreduce import Draft, Stages, run_pool
from summarizer.llm.plan import Pack, Plan, make_plan, pack_stories, plan_stories
from summarizer.llm.schemas import Point
from summarizer.llm.structured import BudgetExceeded, InvalidReply, StructuredCaller
from summarizer.models import Document, Usage
from summarizer.progress import ProgressCallback
from summarizer.settings import Settings

log = logging.getLogger("summarizer.llm")


class LLMEngine(Engine):
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
        """Plan, check the budget, run the calls, and return cited statements for one story."""
        return self.summarize_stories([docs], settings, progress)[0]

    def summarize_stories(
        self, stories: list[list[Document]], settings: Settings, progress: ProgressCallback | None = None
    ) -> list[EngineOutput]:
        """One output per story, from as few calls as the context allows.

        Round 1 packs every story that fits one call into ``brief_points`` calls
        (``plan.pack_stories``) and runs them concurrently. Stories a shared reply left
        out, or whose shared reply was unusable, get one more round, packed differently.
        Then a story too big for one call, or whose reply stayed unusable, is map-reduced
        (smaller asks); a story the model wrote nothing for, or whose call failed at the
        server after the client's retries, gets extracted key points with a warning. When
        the server failed every story, its error is raised. All calls share one caller:
        its usage is booked on the first story, so the sum over the stories is what was spent.
        """
        backend = self.backend or OpenAIChatBackend(settings)  # fails fast without a key or URL
        plan, packs, too_big = plan_stories(stories, settings)
        self._announce(plan, settings)
        cache = ReplyCache(settings.cache_dir) if settings.use_cache else None
        caller = StructuredCaller(backend, settings, cache)
        report = progress or (lambda stage, frac: None)
        run = _PackRun(stories, caller, settings, report)
        try:
            run.brief(packs)
            run.brief(run.second_round())
            down = [e for e in run.failed.values() if not isinstance(e, InvalidReply)]
            if down and len(down) == len(stories):  # the server, not the model: nothing to fall back to
                raise down[0]
            outputs = [self._story_output(i, docs, run, too_big, backend, settings, progress)
                       for i, docs in enumerate(stories)]
        finally:
            if cache is not None:
                cache.close()
        notes = self._call_notes(caller, run)
        outputs[0].warnings[:0] = notes
        outputs[0].usage = caller.usage
        return outputs

    def _story_output(
        self, i: int, docs: list[Document], run: _PackRun, too_big: list[int], backend: ChatBackend,
        settings: Settings, progress: ProgressCallback | None,
    ) -> EngineOutput:
        """Story ``i``'s output: from its points, map-reduced, or extracted (see summarize_stories)."""
        caller = run.caller
        points = run.points.get(i, [])
        failure = None if points else run.failed.get(i)
        if failure is not None and not isinstance(failure, InvalidReply):  # server trouble, after retries
            return _extracted(docs, settings, f"the LLM call for this story failed ({failure})")
        if i in too_big or failure is not None:  # too big, or the model's reply was unusable: smaller asks
            stages = Stages(docs, settings, caller, progress)
            draft = stages.map_reduce(make_plan(docs, settings, force_map_reduce=True))
            if failure is not None:
                draft.warnings.insert(0, f"one-call briefing failed ({failure}); fell back to map-reduce")
            return self._output(draft, stages, backend, caller)
        if not points:
            return _extracted(docs, settings, "the model wrote no point for this story")
        stages = Stages(docs, settings, caller, progress)
        out = self._output(stages.from_points(points), stages, backend, caller)
        _fill_uncited_sources(out, docs, settings)
        return out

    @staticmethod
    def _call_notes(caller: StructuredCaller, run: _PackRun) -> list[str]:
        """Run-wide notes: replies cut at their cap."""
        notes: list[str] = []
        if caller.salvaged:
            notes.append(
                f"{len(caller.salvaged)} LLM replies were cut at their reply cap (a share of each call's input, "
                f"at most {caller.settings.llm_output_tokens} tokens); their unfinished last items were left out"
            )
        return notes

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

    @staticmethod
    def _output(draft: Draft, stages: Stages, backend: ChatBackend, caller: StructuredCaller) -> EngineOutput:
        """The engine output of one story's ``draft``."""
        notes: list[str] = []
        invented = stages.resolver.invented
        if invented:
            sample = ", ".join(dict.fromkeys(invented[:5]))
            one = len(invented) == 1
            notes.append(f"{count(len(invented), 'passage id')} the model gave {'names' if one else 'name'} no passage "
                         f"and {'was' if one else 'were'} removed ({sample})")
        return EngineOutput(
            bottom_line=draft.bottom_line,
            key_points=draft.key_points,
            source_summaries=draft.summaries,
            contested=draft.contested,
            timeline=draft.timeline,
            model=backend.model,
            embedder="",
            prompt_versions=dict(sorted(caller.prompt_versions.items())),
            usage=Usage(),
            warnings=notes + draft.warnings,
        )


class _PackRun:
    """The one-call rounds of a run: which story got which points, which calls failed."""

    def __init__(
        self, stories: list[list[Document]], caller: StructuredCaller, settings: Settings, report: ProgressCallback
    ) -> None:
        self.stories = stories
        self.caller = caller
        self.settings = settings
        self.report = report
        self.points: dict[int, list[Point]] = {}
        self.failed: dict[int, LLMError] = {}  # story -> why its last call failed
        self.pack_of: dict[int, Pack] = {}

    def second_round(self) -> list[Pack]:
        """Packs for the stories a shared call left out or failed, never the same prompt again.

        A story that was alone in its call is not asked again: the same prompt would get
        the same answer (it is map-reduced or extracted instead).
        """
        retry = [i for i, pack in self.pack_of.items() if len(pack.stories) > 1 and not self.points.get(i)
                 and isinstance(self.failed.get(i, InvalidReply("")), InvalidReply)]
        packs: list[Pack] = []
        for p in pack_stories(self.stories, self.settings, only=retry):
            if p.stories == self.pack_of[p.stories[0]].stories:  # the same prompt again: halve it
                half = len(p.stories) // 2
                packs += pack_stories(self.stories, self.settings, only=p.stories[:half])
                packs += pack_stories(self.stories, self.settings, only=p.stories[half:])
            else:
                packs.append(p)
        return packs

    def brief(self, packs: list[Pack]) -> None:
        """Run ``packs`` concurrently (one round) and record their points or failures."""
        if not packs:
            return
        with self.caller.timed("brief"):
            results = run_pool(lambda p: brief_pack(self.caller, self.stories, p), packs,
                               self.settings.max_concurrency, self.report, "summarize")
        for pack, result in zip(packs, results, strict=True):
            for i in pack.stories:
                self.pack_of[i] = pack
            if isinstance(result, LLMError):
                log.warning("one-call briefing of %d %s failed: %s", len(pack.stories),
                            "story" if len(pack.stories) == 1 else "stories", result)
                self.failed.update({i: result for i in pack.stories})
                continue
            for i, points in result.items():
                if points:
                    self.points[i] = points
                    self.failed.pop(i, None)


def _extracted(docs: list[Document], settings: Settings, why: str) -> EngineOutput:
    """The extractive engine's output for a story the LLM gave nothing for, saying so."""
    out = ExtractiveEngine().summarize(docs, settings)
    out.warnings.insert(0, f"{why}; its key points and summaries are extracted sentences (extractive engine)")
    return out


def _fill_uncited_sources(out: EngineOutput, docs: list[Document], settings: Settings) -> None:
    """Give each source no LLM point cites its extracted summary instead of none, saying so."""
    empty = [s.source_id for s in out.source_summaries if not s.statements]
    live = {d.id for d in docs if is_independent(d)}
    missing = [sid for sid in empty if sid in live]
    if not missing:
        return
    extracted = {s.source_id: s for s in ExtractiveEngine().summarize(docs, settings).source_summaries}
    out.source_summaries = [extracted.get(s.source_id, s) if s.source_id in missing else s
                            for s in out.source_summaries]
    out.warnings.append(f"no LLM point cites {', '.join(missing)}; their summaries are extracted sentences")
