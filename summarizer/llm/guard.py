"""Limits on LLM calls that a slow, huge or failing server cannot stretch.

- **Per-call deadline.** Each attempt gets ``timeout`` seconds of wall-clock
  time for connect, request, headers and body together (the openai client's
  own timeout is per socket read, so a server dripping one byte every few
  seconds never trips it). Enforced on the sockets by
  :class:`summarizer.netio.DeadlineBackend`, reading this thread's deadline.
- **Run deadline.** ``run_timeout`` seconds for the whole run; every call's
  deadline is capped by it and calls after it fail at once.
- **Reply size.** At most ``llm_max_reply_bytes`` are read from the server per
  attempt, counted while the reply streams in (no 1.5 GB buffer).
- **Circuit breaker.** After ``llm_breaker_failures`` calls in a row failed
  (each after its retries), the server is not asked again this run: the
  remaining calls fail at once with the reason.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from summarizer.netio import DeadlineBackend, deadline_transport


class ReplyTooLarge(Exception):
    """Raised inside a socket read when a reply passes its byte limit."""


_call = threading.local()


def _thread_deadline() -> float | None:
    return getattr(_call, "deadline", None)


def _count(n: int) -> None:
    limit = getattr(_call, "limit", None)
    if limit is None:
        return
    _call.read += n
    if _call.read > limit:
        _call.too_large = True
        raise ReplyTooLarge(f"reply larger than {limit:,} bytes")


@contextmanager
def call_limits(deadline: float | None, max_bytes: int | None) -> Iterator[None]:
    """Within the block, this thread's LLM sockets stop at ``deadline`` (monotonic) and after ``max_bytes``."""
    previous = (getattr(_call, "deadline", None), getattr(_call, "limit", None))
    _call.deadline, _call.limit, _call.read, _call.too_large = deadline, max_bytes, 0, False
    try:
        yield
    finally:
        _call.deadline, _call.limit = previous


def reply_was_too_large() -> bool:
    """True when the last call on this thread was cut off by its byte limit."""
    return bool(getattr(_call, "too_large", False))


def guarded_http_client(timeout: float, max_connections: int) -> Any:
    """An ``httpx2.Client`` (the HTTP library the openai client uses) whose sockets obey :func:`call_limits`."""
    import httpcore2
    import httpx2

    backend = DeadlineBackend(_thread_deadline, on_read=_count, core=httpcore2)
    transport = deadline_transport(backend, max_connections=max_connections, trust_env=True, http=httpx2)
    return httpx2.Client(transport=transport, timeout=timeout, follow_redirects=True)


class CircuitBreaker:
    """Counts failed calls in a row; once ``threshold`` is reached it stays open for the run."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self._lock = threading.Lock()
        self._failures = 0
        self._last = ""

    @property
    def open(self) -> bool:
        with self._lock:
            return self._failures >= self.threshold

    def reason(self) -> str:
        with self._lock:
            return f"the server failed {self._failures} calls in a row (last: {self._last}); not asked again this run"

    def failed(self, why: str) -> None:
        with self._lock:
            self._failures += 1
            self._last = why

    def succeeded(self) -> None:
        with self._lock:
            if self._failures < self.threshold:  # once open, it stays open for the run
                self._failures = 0


class RunClock:
    """The run's deadline (or none) and the deadline of one call attempt."""

    def __init__(self, run_timeout: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.run_timeout = run_timeout
        self.run_deadline = clock() + run_timeout if run_timeout else None

    def passed(self) -> bool:
        return self.run_deadline is not None and self.clock() >= self.run_deadline

    def call_deadline(self, timeout: float) -> float:
        """``time.monotonic()`` value at which an attempt starting now must end."""
        left = timeout
        if self.run_deadline is not None:
            left = min(left, self.run_deadline - self.clock())
        return time.monotonic() + max(0.0, left)

    def room_for(self, wait: float) -> bool:
        """True when waiting ``wait`` seconds still leaves time before the run deadline."""
        return self.run_deadline is None or self.clock() + wait < self.run_deadline
