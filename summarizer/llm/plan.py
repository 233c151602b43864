"""Plan an LLM run before spending: one call or map-reduce, estimated tokens and cost.

Everything is counted with tiktoken. All sources go in one call when their
passages, the prompt and the reply fit ``settings.llm_context_tokens``; otherwise
each source is cut into chunks that fit (``segment.chunk_document``), mapped to
claims, reduced per source and merged. A sentence longer than a whole chunk is
split into pieces that keep its passage id, so no text is dropped. The estimate
is conservative (cache hits are not subtracted); ``--max-tokens`` refuses a run
whose estimate exceeds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from summarizer.errors import ConfigError
from summarizer.independence import independent_sources
from summarizer.llm.prompts import fence, load_prompt
from summarizer.models import Document, Sentence
from summarizer.segment import chunk_document, split_long_text
from summarizer.settings import Settings
from summarizer.tokens import count_tokens

# USD per million (prompt, completion) tokens; models not listed get no cost line.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
}
TOKENS_PER_WORD_OUT = 2.5  # JSON keys, ids and prose together, per written word
TAG_TOKENS = 3  # "[14] " before each passage (map prompts)
POINT_TOKENS = 50  # one brief_points item: {"text": at most POINT_CHARS, "ids": [...]}
POINT_CHARS = 140  # longest point text a grammar-constrained server may write (~22 words)
CONTEXT_SAFETY = 0.9  # share of llm_context_tokens a plan fills (see usable_context)
# Reply caps follow the input of each call (a summary is shorter than its text), never
# above ``llm_output_tokens``: (share of the call's input tokens, floor) per stage.
REPLY_SHARE: dict[str, tuple[float, int]] = {
    "map": (0.35, 128),
    "reduce": (0.5, 128),
    "collapse": (0.6, 128),
    "merge": (0.5, 160),
}


def reply_cap(settings: Settings, stage: str, input_tokens: int) -> int:
    """Most completion tokens one ``stage`` call over ``input_tokens`` tokens of text may use."""
    share, floor = REPLY_SHARE[stage]
    return max(16, min(settings.llm_output_tokens, max(floor, int(share * input_tokens))))


def reply_words(cap: int, share: float, cap_words: int, floor: int = 15) -> int:
    """Words to ask for so that ``share`` of a ``cap``-token reply holds them (at most ``cap_words``)."""
    return max(floor, min(cap_words, int(cap / TOKENS_PER_WORD_OUT * share)))


@dataclass
class Part:
    """One map unit: consecutive passages of one source, as (passage id, text) pairs."""

    source_id: str
    index: int
    passages: list[tuple[str, str]]
    n_tokens: int


@dataclass
class Plan:
    """What a run will do and roughly what it will cost."""

    mode: Literal["single", "map_reduce"]
    input_tokens: int
    calls: int
    prompt_tokens: int
    completion_tokens: int
    parts: dict[str, list[Part]] = field(default_factory=dict)
    cost_usd: float | None = None
    packs: int = 0  # one-call briefings (brief_points calls) among ``calls``

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def describe(self, model: str) -> str:
        """One line for the terminal: mode, calls, tokens, cost when known."""
        chunks = sum(map(len, self.parts.values()))
        if self.mode == "single":
            mode = "all sources in one prompt" if self.calls == 1 else f"stories packed into {self.calls} prompts"
        elif self.packs:
            mode = f"{self.packs} packed prompt{'s' if self.packs != 1 else ''} + map-reduce over {chunks} chunks"
        else:
            mode = f"map-reduce over {chunks} chunks"
        cost = f", about ${self.cost_usd:.4f} on {model}" if self.cost_usd is not None else ""
        return (
            f"LLM plan: {mode}, ~{self.calls} call{'s' if self.calls != 1 else ''}, ~{self.total_tokens:,} tokens "
            f"({self.input_tokens:,} input tokens){cost}"
        )


def cost(model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
    """USD for the given tokens if ``model`` is in the price table, else None."""
    price = PRICES.get(model)
    if price is None:
        return None
    return (prompt_tokens * price[0] + completion_tokens * price[1]) / 1_000_000


def overhead_tokens(name: str, encoding: str) -> int:
    """Tokens of a prompt template's fixed text (system + user, variables empty)."""
    t = load_prompt(name)
    return count_tokens(t.system + t.user, encoding) + 12  # role markers


def passage_budget(settings: Settings, prompt: str) -> int:
    """Tokens of passages one call of ``prompt`` may carry."""
    budget = settings.llm_context_tokens - settings.llm_output_tokens - overhead_tokens(prompt, settings.encoding)
    if budget < 64:
        raise ConfigError(
            f"llm_context_tokens {settings.llm_context_tokens} leaves no room for text after the prompt "
            f"and the {settings.llm_output_tokens}-token reply; raise it or lower llm_output_tokens"
        )
    return budget


def split_sentence(sentence: Sentence, budget: int, encoding: str) -> list[tuple[str, str]]:
    """A sentence longer than ``budget`` tokens as pieces of at most ``budget`` tokens, same id."""
    return [(sentence.id, piece) for piece in split_long_text(sentence.text, budget, encoding)]


def make_parts(doc: Document, settings: Settings, budget: int) -> list[Part]:
    """Cut ``doc`` into map units whose passages (with tags) fit ``budget`` tokens."""
    target = max(32, int(budget / 1.15))
    overlap = min(settings.chunk_overlap, target // 4)
    by_id = {s.id: s for s in doc.sentences}
    parts: list[Part] = []
    for chunk in chunk_document(doc, max_tokens=target, overlap_tokens=overlap):
        sents = [by_id[i] for i in chunk.sentence_ids]
        pieces: list[tuple[str, str]] = []
        for s in sents:
            if s.n_tokens + TAG_TOKENS > target:
                pieces.extend(split_sentence(s, target - TAG_TOKENS, settings.encoding))
            else:
                pieces.append((s.id, s.text))
        # an oversized sentence may have been split: re-pack the pieces into parts that fit
        current: list[tuple[str, str]] = []
        used = 0
        for pid, text in pieces:
            n = count_tokens(text, settings.encoding) + TAG_TOKENS
            if current and used + n > target:
                parts.append(Part(doc.id, len(parts), current, used))
                current, used = [], 0
            current.append((pid, text))
            used += n
        if current:
            parts.append(Part(doc.id, len(parts), current, used))
    return parts


def source_blocks(docs: list[Document], start: int = 1) -> tuple[str, dict[str, str]]:
    """Each source's header line followed by its passages, numbered across the call.

    Returns the text and the numbering (n -> passage id) that resolves the model's ids.
    Each passage line starts with its bare number (``12 text``): in SmolLM2's
    tokenizer that costs 2 tokens against 4 for ``[12] `` and 7 for ``[S2.14] ``.
    """
    blocks: list[str] = []
    numbers: dict[str, str] = {}
    for d in docs:
        text, shown = number_passages([(s.id, s.text) for s in d.sentences], start=start + len(numbers), bare=True)
        numbers.update(shown)
        blocks.append(source_header(d) + "\n" + text)
    return "\n".join(blocks), numbers


def live_docs(docs: list[Document]) -> list[Document]:
    """The documents an LLM is shown: copies (``duplicate_of``) are left out."""
    return independent_sources(docs)


def story_blocks(stories: list[list[Document]]) -> tuple[str, list[dict[str, str]]]:
    """One or more stories in one prompt: a ``Story k`` line (when several), then its sources.

    Passages are numbered from 1 within each story (short numbers: each digit is a
    token for some models); returns the text and each story's numbering (n -> passage id).
    """
    parts: list[str] = []
    numbering: list[dict[str, str]] = []
    for k, docs in enumerate(stories, 1):
        text, shown = source_blocks(live_docs(docs))
        numbering.append(shown)
        parts.append(f"Story {k}\n{text}" if len(stories) > 1 else text)
    return "\n".join(parts), numbering


def usable_context(settings: Settings) -> int:
    """The part of ``llm_context_tokens`` a plan fills: tiktoken counts differ from the server's own.

    SmolLM2's tokenizer, for one, reads the same news text as ~8% more tokens than cl100k.
    """
    return int(settings.llm_context_tokens * CONTEXT_SAFETY)


def story_points(passage_tokens: int, n_sources: int) -> int:
    """Most points one story's briefing may have: one per ~400 tokens of passages, at least
    one per source up to three, at most 8."""
    return max(1, min(8, max(passage_tokens // 400, min(n_sources, 3))))


@dataclass
class Pack:
    """Stories (by index) briefed together in one brief_points call, and that call's size."""

    stories: list[int]
    story_tokens: list[int]  # passage tokens of each story, with its "Story k" line
    story_sources: list[int]  # sources shown per story (copies left out)
    points: list[int]  # most points per story (``story_points``)
    reply_cap: int

    @property
    def passage_tokens(self) -> int:
        return sum(self.story_tokens)


def make_pack(settings: Settings, stories: list[int], story_tokens: list[int], story_sources: list[int]) -> Pack:
    """A pack of ``stories``: each gets its points, the reply cap holds them all (within llm_output_tokens)."""
    points = [story_points(n, k) for n, k in zip(story_tokens, story_sources, strict=True)]
    return Pack(stories, story_tokens, story_sources, points, min(settings.llm_output_tokens, reply_tokens(points)))


def reply_tokens(points: list[int]) -> int:
    """Completion tokens that ``points`` allowed points (per story) may take."""
    return POINT_TOKENS * sum(points) + 8


def pack_stories(stories: list[list[Document]], settings: Settings, only: list[int] | None = None) -> list[Pack]:
    """Stories (by index, in order) packed into brief_points calls that fit the context.

    A story joins the current call while the prompt, all passages and the call's reply
    cap fit :func:`usable_context` and the reply cap stays within ``llm_output_tokens``.
    A story too big for a call of its own is left out of every pack (it goes through
    map-reduce). ``only``: pack just these stories.
    """
    enc = settings.encoding
    room = usable_context(settings) - overhead_tokens("brief_points", enc)
    packs: list[Pack] = []
    current: list[int] = []
    sizes: list[int] = []
    sources: list[int] = []
    for i in only if only is not None else range(len(stories)):
        live = live_docs(stories[i])
        n_in = count_tokens(source_blocks(live)[0], enc) + 4  # + its "Story k" line
        if n_in + make_pack(settings, [i], [n_in], [len(live)]).reply_cap > room:
            continue
        grown = make_pack(settings, [*current, i], [*sizes, n_in], [*sources, len(live)])
        full = grown.passage_tokens + grown.reply_cap > room or reply_tokens(grown.points) > settings.llm_output_tokens
        if current and full:
            packs.append(make_pack(settings, current, sizes, sources))
            current, sizes, sources = [], [], []
        current.append(i)
        sizes.append(n_in)
        sources.append(len(live))
    if current:
        packs.append(make_pack(settings, current, sizes, sources))
    return packs


def number_passages(
    passages: list[tuple[str, str]], start: int | None = None, bare: bool = False
) -> tuple[str, dict[str, str]]:
    """Passages one per line tagged ``[n]`` (``bare``: ``n ``), and the numbering n -> passage id.

    ``start=None``: n is the passage's own number within its source (one source per call,
    e.g. ``[14]`` for S2.14); otherwise passages are numbered ``start, start+1, ...``.
    """
    lines = []
    numbers: dict[str, str] = {}
    n = start
    for pid, text in passages:
        if n is None:
            tag = pid.rsplit(".", 1)[-1]
        else:
            tag = str(n)
            n += 1
        numbers[tag] = pid
        lines.append(f"{tag} {fence(text)}" if bare else f"[{tag}] {fence(text)}")
    return "\n".join(lines), numbers


def source_header(doc: Document) -> str:
    """One line naming a source for the prompt: id, title, outlet, date.

    The title is left out when the text's first passage already is the title (it is
    shown there, numbered, once).
    """
    bits = [b for b in (doc.outlet, doc.published.isoformat() if doc.published else None) if b]
    extra = f" ({', '.join(bits)})" if bits else ""
    first = doc.sentences[0].text.strip() if doc.sentences else ""
    title = "" if first and first == doc.title.strip() else f": {doc.title}"
    return fence(f"Source {doc.id}{title}{extra}")


def make_plan(docs: list[Document], settings: Settings, force_map_reduce: bool = False) -> Plan:
    """Choose single call or map-reduce for ``docs`` and estimate the run's tokens."""
    enc = settings.encoding
    live = independent_sources(docs)
    input_tokens = sum(d.n_tokens for d in live)
    single_in = count_tokens(source_blocks(live)[0], enc)
    single_prompt = overhead_tokens("brief_points", enc) + single_in
    single_cap = make_pack(settings, [0], [single_in], [len(live)]).reply_cap
    if not force_map_reduce and single_prompt + single_cap <= usable_context(settings):
        return Plan("single", input_tokens, 1, single_prompt, single_cap,
                    cost_usd=cost(settings.model, single_prompt, single_cap))

    budget = passage_budget(settings, "map_claims")
    parts = {d.id: make_parts(d, settings, budget) for d in live}
    map_over = overhead_tokens("map_claims", enc) + 20
    calls = prompt = completion = 0
    digest_tokens = 0
    for doc_parts in parts.values():
        map_out = [min(reply_cap(settings, "map", p.n_tokens), int(p.n_tokens * 0.35) + 60) for p in doc_parts]
        calls += len(doc_parts)
        prompt += sum(map_over + p.n_tokens for p in doc_parts)
        completion += sum(map_out)
        if len(doc_parts) > 1:  # reduce
            calls += 1
            prompt += overhead_tokens("reduce_source", enc) + sum(map_out)
            completion += min(reply_cap(settings, "reduce", sum(map_out)), int(TOKENS_PER_WORD_OUT * 2 * settings.source_words))
        digest_tokens += int(TOKENS_PER_WORD_OUT * 2 * settings.source_words)
    merge_budget = passage_budget(settings, "merge_sources")
    while digest_tokens > merge_budget:  # collapse rounds
        batches = -(-digest_tokens // merge_budget)
        calls += batches
        prompt += digest_tokens + batches * overhead_tokens("collapse_claims", enc)
        digest_tokens //= 2
        completion += digest_tokens
    calls += 1
    prompt += overhead_tokens("merge_sources", enc) + digest_tokens
    completion += min(reply_cap(settings, "merge", digest_tokens), int(TOKENS_PER_WORD_OUT * settings.words * 1.6))
    return Plan("map_reduce", input_tokens, calls, prompt, completion, parts,
                cost_usd=cost(settings.model, prompt, completion))


def plan_stories(stories: list[list[Document]], settings: Settings) -> tuple[Plan, list[Pack], list[int]]:
    """The whole run's plan: stories packed into one-call briefings, the rest map-reduced.

    Returns the plan (its totals cover every call), the packs, and the indexes of the
    stories too big for one call.
    """
    enc = settings.encoding
    packs = pack_stories(stories, settings)
    packed = {i for p in packs for i in p.stories}
    big = [i for i in range(len(stories)) if i not in packed]
    overhead = overhead_tokens("brief_points", enc)
    prompt = sum(overhead + p.passage_tokens for p in packs)
    completion = sum(p.reply_cap for p in packs)
    calls = len(packs)
    parts: dict[str, list[Part]] = {}
    for i in big:
        sub = make_plan(stories[i], settings, force_map_reduce=True)
        prompt += sub.prompt_tokens
        completion += sub.completion_tokens
        calls += sub.calls
        parts.update(sub.parts)
    input_tokens = sum(d.n_tokens for docs in stories for d in live_docs(docs))
    mode: Literal["single", "map_reduce"] = "map_reduce" if big else "single"
    plan = Plan(mode, input_tokens, calls, prompt, completion, parts,
                cost_usd=cost(settings.model, prompt, completion), packs=len(packs))
    return plan, packs, big
