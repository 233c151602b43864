"""An in-process chat backend that answers from a queue of canned replies (tests, demos).

Like simonw/llm's ``MockModel``: enqueue replies, run the real engine, then read
what it asked. No HTTP server and no network; the scripted HTTP server in the
tests stays for the OpenAI client itself and for transport faults::

    fake = FakeBackend(['{"s1": [{"text": "...", "ids": [1]}]}'])
    briefing = summarizer.brief(paths, engine="llm", backend=fake)
    fake.requests[0].messages  # what the engine sent

A ``responder`` answers once the queue is empty; it sees the prompt, so one
responder can play a whole model (the tests' echo model) or fail on some
prompts only (return or raise an exception). ``fake.replies`` holds every
:class:`Reply` it gave, so token counts can be checked against the briefing's
usage.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from summarizer.llm.client import LLMError, Message, Reply

Canned = str | Reply | Exception
# responder(messages, json_schema) -> reply text, Reply, or an exception to raise; used when the queue is empty
Responder = Callable[[list[Message], dict[str, Any] | None], Canned]


@dataclass(frozen=True)
class FakeRequest:
    """One call the engine made: its messages, the JSON schema it asked for and its token cap.

    ``schema_name`` is the reply model's name (``storypoints``, ``claimlist``...);
    ``json_schema`` is ``None`` when the engine asked for plain text.
    """

    messages: list[Message]
    json_schema: dict[str, Any] | None
    schema_name: str
    max_tokens: int


class FakeBackend:
    """A :class:`~summarizer.llm.client.ChatBackend` that answers from a queue, then a responder.

    Each reply is a string (the model's text), a :class:`Reply` (text plus token
    counts), or an exception to raise (e.g. ``LLMError`` for a failing server).
    With the queue empty, ``responder`` answers (it may also return or raise an
    exception); without one, the call raises ``LLMError`` (non-retryable) saying
    the queue ran out. A string reply costs its prompt's and its own
    whitespace-separated words as tokens; a ``Reply`` carries its own counts (and
    ``truncated=True`` plays a reply cut at the token limit).

    Attributes: ``requests`` (every :class:`FakeRequest`, in call order, failed
    calls included), ``replies`` (every :class:`Reply` returned, in the order
    returned), ``queue`` (what is left). Thread-safe: the engine runs calls
    concurrently.
    """

    def __init__(
        self, replies: Iterable[Canned] = (), *, responder: Responder | None = None, model: str = "fake-model",
    ) -> None:
        self.model = model
        self.base_url = "fake://in-process"
        self.queue: deque[Canned] = deque(replies)
        self.responder = responder
        self.requests: list[FakeRequest] = []
        self.replies: list[Reply] = []
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
        if not isinstance(item, Reply):
            prompt = sum(len(m.get("content", "").split()) for m in messages)
            item = Reply(text=item, prompt_tokens=prompt, completion_tokens=len(item.split()))
        with self._lock:
            self.replies.append(item)
        return item

    @property
    def calls(self) -> int:
        """How many calls the engine made (failed ones included)."""
        return len(self.requests)
