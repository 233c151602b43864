"""An in-process chat backend that answers from a queue of canned replies (tests, demos).

Like simonw/llm's ``MockModel``: enqueue replies, run the real engine, then read
what it asked. No HTTP server and no network; the scripted HTTP server in the
tests stays for the OpenAI client itself and for transport faults::

    fake = FakeBackend(['{"s1": [{"text": "...", "ids": [1]}]}'])
    briefing = summarizer.brief(paths, engine="llm", backend=fake)
    fake.requests[0].messages  # what the engine sent
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from summarizer.llm.client import LLMError, Message, Reply

# responder(messages, json_schema) -> reply text or Reply; used when the queue is empty
Responder = Callable[[list[Message], dict[str, Any] | None], "str | Reply"]
Canned = str | Reply | Exception


@dataclass(frozen=True)
class FakeRequest:
    """One call the engine made: its messages, the JSON schema it asked for and its token cap."""

    messages: list[Message]
    json_schema: dict[str, Any] | None
    schema_name: str
    max_tokens: int


class FakeBackend:
    """A :class:`~summarizer.llm.client.ChatBackend` that answers from a queue, then a responder.

    Each reply is a string (the model's text), a :class:`Reply` (text plus token
    counts), or an exception to raise (e.g. ``LLMError`` for a failing server).
    With the queue empty, ``responder`` answers; without one, the call raises
    ``LLMError`` (non-retryable) saying the queue ran out. Thread-safe: the
    engine runs calls concurrently.
    """

    def __init__(
        self, replies: Iterable[Canned] = (), *, responder: Responder | None = None, model: str = "fake-model",
    ) -> None:
        self.model = model
        self.base_url = "fake://in-process"
        self.queue: deque[Canned] = deque(replies)
        self.responder = responder
        self.requests: list[FakeRequest] = []
        self._lock = threading.Lock()

    def enqueue(self, *replies: Canned) -> None:
        """Add replies to the end of the queue."""
        with self._lock:
            self.queue.extend(replies)

    def complete(
        self, messages: list[Message], *, json_schema: dict[str, Any] | None = None, schema_name: str = "reply",
        max_tokens: int,
    ) -> Reply:
        """The next canned reply (or the responder's), counting tokens as whitespace-separated words."""
        with self._lock:
            self.requests.append(FakeRequest(list(messages), json_schema, schema_name, max_tokens))
            item: Canned | None = self.queue.popleft() if self.queue else None
        if item is None:
            if self.responder is None:
                raise LLMError("fake backend: no canned reply left in the queue")
            item = self.responder(messages, json_schema)
        if isinstance(item, Exception):
            raise item
        if isinstance(item, Reply):
            return item
        prompt = sum(len(m.get("content", "").split()) for m in messages)
        return Reply(text=item, prompt_tokens=prompt, completion_tokens=len(item.split()))
