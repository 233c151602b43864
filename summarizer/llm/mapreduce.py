"""The LLM engine's stages: drafts from one-call points, or map -> reduce per source -> collapse -> merge.

Calls of one stage run concurrently (``settings.max_concurrency``), so the critical
path is the number of rounds (map, reduce, collapse rounds, merge), not the number
of articles. A call that fails for good (after the client's retries and the
caller's repairs) costs only its own part: the source is reported in the warnings
and the rest completes. Only a blown token budget or a Ctrl-C stops the run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TypeVar

from summarizer.independence import is_independent
from summarizer.llm.build import Resolver, first_index, select_points
from summarizer.llm.client import LLMError
from summarizer.llm.plan import (
    Part,
    Plan,
    live_docs,
    number_passages,
    passage_budget,
    reply_cap,
    reply_words,
    source_header,
)
from summarizer.llm.prompts import fence, load_prompt
from summarizer.llm.schemas import Claims, Merged, Point, SourceSummaryReply
from summarizer.llm.structured import StructuredCaller
from summarizer.models import ContestedPoint, Document, KeyPoint, SourceSummary, Statement, TimelineEntry
from summarizer.progress import ProgressCallback
from summarizer.settings import Settings
from summarizer.tokens import count_tokens

I = TypeVar("I")  # noqa: E741
R = TypeVar("R")


@dataclass
class Draft:
    """Everything the engine writes, before verification."""

    bottom_line: list[Statement] = field(default_factory=list)
    key_points: list[KeyPoint] = field(default_factory=list)
    contested: list[ContestedPoint] = field(default_factory=list)
    summaries: list[SourceSummary] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def format_claims(points: Sequence[Point], short_ids: bool = False) -> str:
    """Claims one per line, ``- (date) text [S2.4, S3.1]`` (or ``[4, 7]`` within one source)."""
    lines = []
    for p in points:
        ids = [i.rsplit(".", 1)[-1] for i in p.ids] if short_ids else p.ids
        date = f"({fence(p.date)}) " if p.date else ""
        lines.append(f"- {date}{fence(p.text)} [{', '.join(ids)}]")
    return "\n".join(lines)


def run_pool(
    fn: Callable[[I], R], items: Sequence[I], workers: int, report: ProgressCallback, stage: str
) -> list[R | LLMError]:
    """``fn`` over ``items`` on ``workers`` threads; an LLMError is returned in place of its result.

    Any other exception (budget exceeded, Ctrl-C) cancels what has not started and
    propagates; calls in flight finish and are cached, so a re-run resumes.
    """
    results: list[R | LLMError] = [LLMError("not run")] * len(items)
    done = 0
    executor = ThreadPoolExecutor(max_workers=workers)
    try:
        futures: dict[Future[R], int] = {executor.submit(fn, item): n for n, item in enumerate(items)}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for f in finished:
                error = f.exception()
                if isinstance(error, LLMError):
                    results[futures[f]] = error
                elif error is not None:
                    raise error
                else:
                    results[futures[f]] = f.result()
                done += 1
            report(stage, done / len(items))
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
    return results


class Stages:
    """One run's stages over a fixed document set, caller and resolver."""

    def __init__(
        self, docs: list[Document], settings: Settings, caller: StructuredCaller,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.docs = docs
        self.live = live_docs(docs)
        self.settings = settings
        self.caller = caller
        self.resolver = Resolver(docs)
        self.report = progress or (lambda stage, frac: None)
        self.draft = Draft()

    def pool(self, fn: Callable[[I], R], items: Sequence[I], stage: str) -> list[R | LLMError]:
        """``fn`` over ``items`` concurrently (see :func:`run_pool`)."""
        return run_pool(fn, items, self.settings.max_concurrency, self.report, stage)

    # -- one call ----------------------------------------------------------------------
    def from_points(self, points: list[Point]) -> Draft:
        """The draft from a brief_points reply's points for these documents (ids already resolved).

        Everything is derived from the citations: a point is consensus when it cites two
        or more independent sources, a source's summary is the points citing it (only its
        own passages), and the bottom line is the model's first two points (it was asked
        for the most important first).
        """
        n = len(self.live)
        key_points = [self.resolver.key_point(p, n) for p in points]
        real = self.resolver.sentences
        self.draft.bottom_line = [
            Statement(text=k.text, citations=[c for c in k.citations if c.passage_id in real])
            for k in key_points[:2]
        ]
        self.draft.key_points = sorted(key_points, key=lambda k: -k.corroboration)  # stable: model order within
        for d in self.docs:
            own = [] if not is_independent(d) else [
                p.model_copy(update={"ids": mine}) for p in points
                if (mine := [i for i in p.ids if i in real and real[i].source_id == d.id])
            ]
            self._add_summary(d, own)
        return self.draft

    # -- map-reduce --------------------------------------------------------------------
    def map_reduce(self, plan: Plan) -> Draft:
        """Map every chunk, reduce each source, collapse if needed, merge."""
        parts = [p for doc_parts in plan.parts.values() for p in doc_parts]
        self.report("summarize", 0.0)
        with self.caller.timed("map"):
            mapped = self.pool(self._map_one, parts, "summarize")
        claims: dict[str, list[Point]] = {d.id: [] for d in self.live}
        failures: dict[str, list[str]] = {}
        for part, result in zip(parts, mapped, strict=True):
            if isinstance(result, LLMError):
                failures.setdefault(part.source_id, []).append(str(result))
            else:
                claims[part.source_id].extend(result)
        for sid, errors in failures.items():
            n_parts = len(plan.parts[sid])
            what = "left out" if len(errors) == n_parts else f"{len(errors)} of {n_parts} parts left out"
            self.draft.warnings.append(f"{sid}: {what}; its LLM calls failed ({errors[0]})")
        if all(not c for c in claims.values()) and failures:
            first = next(iter(failures.values()))[0]
            raise LLMError(f"every source failed: {first}")

        multi = [d for d in self.live if len(plan.parts.get(d.id, [])) > 1 and claims[d.id]]
        digests: dict[str, list[Point]] = dict(claims)
        if multi:
            with self.caller.timed("reduce"):
                reduced = self.pool(lambda d: self._reduce_one(d, claims[d.id]), multi, "summarize")
            for d, result in zip(multi, reduced, strict=True):
                if isinstance(result, LLMError):
                    self.draft.warnings.append(f"{d.id}: summary built from its claims; reduce failed ({result})")
                else:
                    digests[d.id] = result
        for d in self.docs:
            self._add_summary(d, digests.get(d.id, []) if is_independent(d) else [])

        merge_input = [p for d in self.live for p in select_points(digests[d.id], 2 * self.settings.source_words)]
        budget = passage_budget(self.settings, "merge_sources")
        merge_input = self.collapse(merge_input, budget)
        self.report("merge", 0.0)
        claims_text = format_claims(merge_input)
        cap = reply_cap(self.settings, "merge", count_tokens(claims_text, self.settings.encoding))
        values = {
            "sources": "\n".join(source_header(d) for d in self.live),
            "claims": claims_text,
            "words": str(reply_words(cap, 0.6, self.settings.words, floor=30)),
        }
        with self.caller.timed("merge"):
            try:
                merged = self.caller.call("merge", load_prompt("merge_sources"), values, Merged, cap)
            except LLMError as e:
                self.draft.warnings.append(f"merged summary left out: the merge call failed ({e})")
                merged = Merged()
        self.report("merge", 1.0)
        self._merged(merged)
        return self.draft

    def _map_one(self, part: Part) -> list[Point]:
        passages, numbers = number_passages(part.passages)
        values = {
            "source_header": source_header(next(d for d in self.live if d.id == part.source_id)),
            "passages": passages,
            "max_claims": str(max(3, min(40, part.n_tokens // 50))),
        }
        cap = reply_cap(self.settings, "map", part.n_tokens)
        reply = self.caller.call("map", load_prompt("map_claims"), values, Claims, cap)
        return self.resolver.points(reply.claims, numbers, part.source_id)

    def _reduce_one(self, doc: Document, claims: list[Point]) -> list[Point]:
        budget = passage_budget(self.settings, "reduce_source")
        claims = self.collapse(claims, budget)
        claims_text = format_claims(claims, short_ids=True)
        cap = reply_cap(self.settings, "reduce", count_tokens(claims_text, self.settings.encoding))
        values = {
            "source_header": source_header(doc),
            "claims": claims_text,
            "words": str(reply_words(cap, 0.7, 2 * self.settings.source_words)),
        }
        reply = self.caller.call("reduce", load_prompt("reduce_source"), values, SourceSummaryReply, cap)
        return [p.model_copy(update={"ids": self.resolver.ids(p.ids, doc.id)}) for p in reply.summary]

    # -- collapse ----------------------------------------------------------------------
    def collapse(self, points: list[Point], budget: int) -> list[Point]:
        """Condense ``points`` until their listing fits ``budget`` tokens, in bounded rounds.

        Each round packs the claims into batches that fit and condenses every batch
        concurrently. A batch whose call fails is kept as it was. If the claims still do
        not fit after ``llm_max_depth`` rounds (or a round makes no progress), the most
        important ones that fit are kept and the rest are reported, never silently dropped.
        """
        enc = self.settings.encoding
        depth = 0
        while count_tokens(format_claims(points), enc) > budget:
            if depth >= self.settings.llm_max_depth:
                return self._fit(points, budget, depth)
            batches = self._pack(points, budget)
            with self.caller.timed("collapse"):
                results = self.pool(self._collapse_one, batches, "merge")
            condensed: list[Point] = []
            for batch, result in zip(batches, results, strict=True):
                condensed.extend(batch if isinstance(result, LLMError) else result)
            depth += 1
            if len(condensed) >= len(points):  # no progress: stop rather than loop
                return self._fit(condensed, budget, depth)
            points = condensed
        return points

    def _collapse_one(self, batch: list[Point]) -> list[Point]:
        claims_text = format_claims(batch)
        cap = reply_cap(self.settings, "collapse", count_tokens(claims_text, self.settings.encoding))
        values = {"claims": claims_text, "max_claims": str(max(2, len(batch) // 2))}
        reply = self.caller.call("collapse", load_prompt("collapse_claims"), values, Claims, cap)
        return [p.model_copy(update={"ids": self.resolver.ids(p.ids)}) for p in reply.claims]

    def _pack(self, points: list[Point], budget: int) -> list[list[Point]]:
        batches: list[list[Point]] = [[]]
        used = 0
        for p in points:
            n = count_tokens(format_claims([p]), self.settings.encoding) + 1
            if batches[-1] and used + n > budget:
                batches.append([])
                used = 0
            batches[-1].append(p)
            used += n
        return batches

    def _fit(self, points: list[Point], budget: int, depth: int) -> list[Point]:
        kept: list[Point] = []
        used = 0
        for p in sorted(points, key=lambda q: -q.importance):
            n = count_tokens(format_claims([p]), self.settings.encoding) + 1
            if used + n <= budget:
                kept.append(p)
                used += n
        if len(kept) < len(points):
            self.draft.warnings.append(
                f"{len(points) - len(kept)} of {len(points)} claims did not fit the merge after "
                f"{depth} collapse rounds and were left out (raise llm_context_tokens)"
            )
        return kept

    # -- building ----------------------------------------------------------------------
    def _add_summary(self, doc: Document, points: list[Point]) -> None:
        chosen = select_points(points, self.settings.source_words)
        statements = [self.resolver.statement(p, doc.id) for p in chosen]
        statements.sort(key=lambda s: first_index(s, self.resolver.sentences))
        if not is_independent(doc):
            self.draft.warnings.append(f"{doc.id}: a copy of {doc.duplicate_of}; summarized with it")
        self.draft.summaries.append(SourceSummary(source_id=doc.id, statements=statements))

    def _merged(self, merged: Merged) -> None:
        n = len(self.live)
        self.draft.bottom_line = [self.resolver.statement(p) for p in merged.bottom_line]
        consensus = [self.resolver.key_point(p, n) for p in merged.consensus]
        single = [self.resolver.key_point(p, n) for p in merged.single_source]
        points = sorted(consensus, key=lambda k: -k.corroboration) + single
        self.draft.key_points = points
        for item in merged.contested:
            c = self.resolver.contested(item, n)
            if c is not None:
                self.draft.contested.append(c)
            else:  # one-sided "dispute": keep its sides as points, not as a contest
                self.draft.key_points.extend(self.resolver.key_point(p, n) for p in item.sides)
        self.draft.timeline = [self.resolver.timeline(p) for p in merged.timeline]
