"""Structured calls: render a prompt, consult the cache, call, validate, repair, account.

The reply is the contract (as in instructor): it must parse as JSON and validate
against a pydantic model; otherwise the model is re-asked, at most
``settings.llm_repairs`` times, with the validation error. Only a reply that
validated is cached, so a later run never replays a broken one. Every call and
cache hit is booked in the per-stage usage ledger; the hard token budget
(``settings.max_tokens``) is enforced before each call.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from summarizer.errors import SummarizerError
from summarizer.llm.cache import CacheKey, ReplyCache, input_hash
from summarizer.llm.client import ChatBackend, LLMError, Message, Reply
from summarizer.llm.prompts import PromptTemplate, load_prompt
from summarizer.llm.schemas import response_schema
from summarizer.models import StageUsage, Usage
from summarizer.settings import Settings

T = TypeVar("T", bound=BaseModel)
_FENCED = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


class BudgetExceeded(SummarizerError):
    """The run's hard token budget (--max-tokens) would be exceeded."""


class InvalidReply(LLMError):
    """A reply stayed invalid after every repair attempt."""


def parse_json_reply(text: str, model: type[T]) -> T:
    """Parse ``text`` (possibly fenced or with prose around it) as JSON and validate it."""
    fenced = _FENCED.search(text)
    body = fenced.group(1) if fenced else text
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise ValueError("no JSON object in the reply")
    try:
        data = json.loads(body[start : end + 1])
    except json.JSONDecodeError as e:
        raise ValueError(f"invalid JSON ({e.msg} at character {e.pos})") from None
    except RecursionError:  # a hostile server's deeply nested reply
        raise ValueError("invalid JSON (nested too deeply)") from None
    return model.model_validate(data)


def salvage_json(text: str, model: type[T], tries: int = 60) -> T | None:
    """The longest prefix of a reply cut off mid-JSON that closes into a valid ``model``.

    Cuts after each complete object (latest first), closes the brackets still open
    there, and validates. Only whole items survive; a cut item is dropped, not guessed.
    """
    start = text.find("{")
    if start < 0:
        return None
    stack: list[str] = []
    cuts: list[tuple[int, str]] = []
    in_string = escaped = False
    for i in range(start, len(text)):
        ch = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]" and stack:
            stack.pop()
            if ch == "}":
                cuts.append((i + 1, "".join(reversed(stack))))
    for end, closing in reversed(cuts[-tries:]):
        try:
            return model.model_validate(json.loads(text[start:end] + closing))
        except (json.JSONDecodeError, ValidationError, RecursionError):
            continue
    return None


def _short(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"field {where or '(root)'}: {first['msg']}"[:300]
    return str(error)[:300]


class StructuredCaller:
    """Makes validated, cached, accounted calls through one ChatBackend."""

    def __init__(self, backend: ChatBackend, settings: Settings, cache: ReplyCache | None) -> None:
        self.backend = backend
        self.settings = settings
        self.cache = cache
        self.usage = Usage()
        self.prompt_versions: dict[str, str] = {}
        self._lock = threading.Lock()
        self._spent = 0
        self.salvaged: list[str] = []  # stages whose reply was cut at max_tokens and kept in part

    def _stage(self, stage: str) -> StageUsage:
        return self.usage.stages.setdefault(stage, StageUsage())

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the wall time of the ``with`` block to ``stage`` in the ledger."""
        started = time.perf_counter()
        try:
            yield
        finally:
            with self._lock:
                s = self._stage(stage)
                s.seconds = round(s.seconds + time.perf_counter() - started, 3)

    def _book(self, stage: str, reply: Reply | None, hit: bool) -> None:
        with self._lock:
            s = self._stage(stage)
            if hit:
                s.cache_hits += 1
                return
            s.calls += 1
            if reply is not None:
                s.prompt_tokens += reply.prompt_tokens
                s.completion_tokens += reply.completion_tokens
                self._spent += reply.prompt_tokens + reply.completion_tokens

    def _reserve(self, max_tokens: int) -> None:
        budget = self.settings.max_tokens
        if budget is None:
            return
        with self._lock:
            if self._spent + max_tokens > budget:
                raise BudgetExceeded(
                    f"LLM token budget {budget:,} reached ({self._spent:,} tokens spent); "
                    "stopping before the next call (raise --max-tokens)"
                )

    def call(
        self, stage: str, template: PromptTemplate, values: dict[str, str], model: type[T], max_tokens: int,
        schema: dict[str, Any] | None = None,
    ) -> T:
        """One validated call of ``template`` with ``values``; cached replies cost nothing.

        ``schema``: the JSON schema to send instead of ``model``'s own (a tighter one the
        reply must still validate against ``model``).
        """
        with self._lock:
            self.prompt_versions[template.name] = template.version
        messages = template.render(**values)
        schema = schema if schema is not None else response_schema(model)
        key = CacheKey(
            self.backend.model,
            self.backend.base_url,
            template.label,
            input_hash(
                {"messages": messages, "schema": schema, "max_tokens": max_tokens,
                 "temperature": self.settings.temperature, "mode": self.settings.llm_structured}
            ),
        )
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                try:
                    parsed = parse_json_reply(cached.text, model)
                except (ValueError, ValidationError):
                    parsed = None
                if parsed is not None:
                    self._book(stage, cached, hit=True)
                    return parsed
        use_schema = None if self.settings.llm_structured == "none" else schema
        convo: list[Message] = list(messages)
        repair = load_prompt("repair_json")
        error: Exception | None = None
        for _ in range(self.settings.llm_repairs + 1):
            self._reserve(max_tokens)
            reply = self.backend.complete(
                convo, json_schema=use_schema, schema_name=model.__name__.lower(), max_tokens=max_tokens
            )
            self._book(stage, reply, hit=False)
            try:
                parsed = parse_json_reply(reply.text, model)
            except (ValueError, ValidationError) as e:
                salvaged = salvage_json(reply.text, model) if reply.truncated else None
                if salvaged is not None:  # keep the whole items of a reply cut at max_tokens
                    with self._lock:
                        self.salvaged.append(stage)
                    if self.cache is not None:
                        self.cache.put(key, Reply(salvaged.model_dump_json(), reply.prompt_tokens,
                                                  reply.completion_tokens))
                    return salvaged
                if reply.truncated:  # nothing whole in it: re-asking would pay for the whole prompt again
                    raise InvalidReply(
                        f"{template.label}: reply cut off at {max_tokens} tokens before any whole item "
                        "(raise llm_output_tokens)"
                    ) from None
                error = e
                with self._lock:
                    self.prompt_versions[repair.name] = repair.version
                convo = [*convo, {"role": "assistant", "content": reply.text[:4000]},
                         repair.render(error=_short(error))[1]]
                continue
            if self.cache is not None:
                self.cache.put(key, reply)
            return parsed
        raise InvalidReply(
            f"{template.label}: reply still invalid after {self.settings.llm_repairs} repairs "
            f"({_short(error) if error else 'unknown error'})"
        )

    @property
    def spent(self) -> int:
        """Tokens spent on real calls so far (cache hits cost nothing)."""
        return self._spent


