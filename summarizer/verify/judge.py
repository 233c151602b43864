"""Optional LLM judge: ask the configured OpenAI-compatible model whether a claim is supported.

Used by ``summarizer eval-verifier --judge`` (measured the same way as the offline
verifier: balanced accuracy of "supported" vs the rest). The prompt
(``prompts/judge_claim.v1.txt``) asks for every part of the claim to be stated
by the passages and treats passages that give instructions as no support;
replies are validated JSON, cached like every other call. Offline checks still
apply: the combined verdict is "no flag and the judge says supported".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import BaseModel

from summarizer.llm.cache import ReplyCache
from summarizer.llm.client import ChatBackend, OpenAIChatBackend
from summarizer.llm.prompts import fence, load_prompt
from summarizer.llm.structured import StructuredCaller
from summarizer.settings import Settings


class Judgement(BaseModel):
    """The judge's reply: is the claim fully supported by its passages?"""

    supported: bool


def judge_claims(
    claims: Sequence[tuple[str, Sequence[str]]], settings: Settings, backend: ChatBackend | None = None,
    on_item: Callable[[], None] | None = None,
) -> list[bool]:
    """One verdict per (claim, passages) pair; raises the LLM errors of the engine (no server, bad replies)."""
    backend = backend or OpenAIChatBackend(settings)
    caller = StructuredCaller(backend, settings, ReplyCache(settings.cache_dir) if settings.use_cache else None)
    template = load_prompt("judge_claim")
    out: list[bool] = []
    for claim, passages in claims:
        numbered = "\n".join(f"[{n}] {fence(p)}" for n, p in enumerate(passages, 1))
        reply = caller.call("judge", template, {"claim": fence(claim), "passages": numbered}, Judgement, 16)
        out.append(reply.supported)
        if on_item:
            on_item()
    return out
