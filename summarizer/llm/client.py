"""The one narrow LLM interface: ``ChatBackend.complete(messages, ...) -> Reply``.

:class:`OpenAIChatBackend` implements it with langchain-openai's ``ChatOpenAI`` over
the ``openai`` package, so OpenAI, Azure OpenAI, vLLM, Ollama, LM Studio and the
llama.cpp server all work through ``base_url``. Retries (429, 5xx, timeouts,
connection errors) go through tenacity, bounded by ``llm_retries``: a server's
``Retry-After`` is honoured up to ``llm_retry_after_cap`` seconds (asking for
more ends the call with that reason), otherwise exponential backoff with full
jitter; the openai client's own retries are off so the bound is exact. Each
attempt has a wall-clock deadline, replies a byte limit, the run an optional
deadline, and a circuit breaker stops asking a server that keeps failing
(:mod:`summarizer.llm.guard`). The completion limit is sent
both as ``max_completion_tokens`` and as ``max_tokens`` in the body for servers
(llama.cpp) that ignore the former: a server is never trusted to stop by itself.

The API key is read once, through :func:`~summarizer.llm.credentials.current_api_key`,
when a backend is built; it is never logged and is scrubbed from every error message.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from summarizer.errors import ConfigError, SummarizerError
from summarizer.llm.credentials import current_api_key
from summarizer.llm.guard import (
    CircuitBreaker,
    RunClock,
    call_limits,
    guarded_http_client,
    reply_was_too_large,
)
from summarizer.settings import Settings

Message = dict[str, str]
StructuredMode = Literal["json_schema", "json_object", "none"]
RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
# Placeholder key for local servers that need none; never a real secret.
NO_KEY = "no-key-needed"


@dataclass(frozen=True)
class Reply:
    """A model's text reply and the tokens it cost."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    truncated: bool = False  # the server stopped at max_tokens


class LLMError(SummarizerError):
    """An LLM call failed for good (after retries, or with a non-retryable error)."""

    def __init__(self, message: str, *, retryable: bool = False, attempts: int = 1) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.attempts = attempts
        self.reason = message


class CircuitOpenError(LLMError):
    """The server failed too many calls in a row (or the run deadline passed): not asked again."""


class ChatBackend(Protocol):
    """Anything that turns chat messages into a reply (the engine needs nothing more)."""

    model: str
    base_url: str

    def complete(
        self,
        messages: list[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        schema_name: str = "reply",
        max_tokens: int,
    ) -> Reply:
        """One chat completion; with ``json_schema`` the reply is asked to be JSON of that shape."""
        ...


def structured_mode(settings: Settings) -> StructuredMode:
    """How to ask for JSON: OpenAI's json_schema on api.openai.com/Azure, JSON mode elsewhere."""
    if settings.llm_structured != "auto":
        return settings.llm_structured
    url = (settings.base_url or "").lower()
    if not url or "openai.com" in url or "azure" in url:
        return "json_schema"
    return "json_object"


def scrub(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of ``secret`` (and its first/last 8 characters) masked."""
    if not secret or secret == NO_KEY:
        return text
    for piece in {secret, secret[:8], secret[-8:]}:
        if len(piece) >= 6:
            text = text.replace(piece, "***")
    return text


class OpenAIChatBackend:
    """ChatBackend over langchain-openai's ChatOpenAI (any OpenAI-compatible server)."""

    def __init__(
        self, settings: Settings, api_key: str | None = None, *,
        clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        from langchain_openai import ChatOpenAI
        from pydantic import SecretStr

        key = api_key or current_api_key()
        if not key and not settings.base_url:
            raise ConfigError(
                "the llm engine needs an API key (set OPENAI_API_KEY) or --base-url of a local server"
            )
        self._key = key or NO_KEY
        self.model = settings.model
        self.base_url = settings.base_url or "https://api.openai.com/v1"
        self.mode = structured_mode(settings)
        self.retries = settings.llm_retries
        self.backoff = settings.llm_backoff
        self.timeout = settings.timeout
        self.retry_after_cap = settings.llm_retry_after_cap
        self.max_reply_bytes = settings.llm_max_reply_bytes
        self.breaker = CircuitBreaker(settings.llm_breaker_failures)
        self.run = RunClock(settings.run_timeout, clock)
        self._sleep = sleep
        self._send_body_max_tokens = settings.base_url is not None
        self._llm = ChatOpenAI(
            model=settings.model,
            base_url=settings.base_url,
            api_key=SecretStr(self._key),
            temperature=settings.temperature,
            timeout=settings.timeout,
            max_retries=0,
            use_responses_api=False,
            http_client=guarded_http_client(settings.timeout, max(4, settings.max_concurrency * 2)),
        )

    def complete(
        self,
        messages: list[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        schema_name: str = "reply",
        max_tokens: int,
    ) -> Reply:
        """One completion with bounded retries; raises LLMError (key scrubbed) when it gives up."""
        kwargs: dict[str, Any] = {"max_tokens": max_tokens}
        if self._send_body_max_tokens:
            kwargs["extra_body"] = {"max_tokens": max_tokens}
        if json_schema is not None and self.mode == "json_schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": json_schema, "strict": True},
            }
        elif json_schema is not None and self.mode == "json_object":
            # llama.cpp's server turns "schema" into a grammar; other servers ignore it.
            kwargs["response_format"] = {"type": "json_object", "schema": json_schema}
        lc_messages = [(m["role"], m["content"]) for m in messages]
        if self.breaker.open:
            raise CircuitOpenError(scrub(f"LLM call to {self.base_url} skipped: {self.breaker.reason()}", self._key))
        if self.run.passed():
            raise CircuitOpenError(f"LLM call to {self.base_url} skipped: {self._run_over()}")
        retrying = Retrying(
            stop=stop_after_attempt(self.retries + 1),
            wait=self._wait,
            retry=retry_if_exception(self._should_retry),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    reply = self._attempt(lc_messages, kwargs)
        except Exception as e:  # classified below; nothing else escapes
            n = int(retrying.statistics.get("attempt_number", 1))
            error = self._error(e, n)
            self.breaker.failed(error.reason)
            raise error from None
        self.breaker.succeeded()
        return reply

    def _attempt(self, lc_messages: list[tuple[str, str]], kwargs: dict[str, Any]) -> Reply:
        """One request under this attempt's deadline and byte limit."""
        if self.run.passed():
            raise _RunOver()
        with call_limits(self.run.call_deadline(self.timeout), self.max_reply_bytes):
            try:
                result = self._llm.invoke(lc_messages, **kwargs)
            except Exception as e:
                cut = _truncated_reply(e)
                if cut is not None:  # a reply cut at max_tokens is a reply; the caller repairs it
                    return cut
                if reply_was_too_large():
                    raise _TooLarge() from None
                if self.run.passed():
                    raise _RunOver() from None
                raise
        return _to_reply(result)

    def _should_retry(self, error: BaseException) -> bool:
        if isinstance(error, (_RunOver, _TooLarge)) or self.run.passed() or self.breaker.open:
            return False
        retryable, _ = classify(error)
        wait = retry_after(error)
        return retryable and (wait is None or wait <= self.retry_after_cap)

    def _wait(self, state: RetryCallState) -> float:
        """Retry-After when the server sent one (within the cap), else exponential backoff with jitter."""
        error = state.outcome.exception() if state.outcome else None
        asked = retry_after(error) if error is not None else None
        delay = asked if asked is not None else backoff_delay(state.attempt_number, self.backoff)
        if not self.run.room_for(delay):
            raise _RunOver()
        return max(0.0, delay)

    def _run_over(self) -> str:
        return f"the run deadline ({self.run.run_timeout:g} s) has passed"

    def _error(self, e: BaseException, attempts: int) -> LLMError:
        """The one-line LLMError for a call that failed for good (the API key scrubbed)."""
        if isinstance(e, _RunOver):
            why, retryable = self._run_over(), False
        elif isinstance(e, _TooLarge):
            why, retryable = f"reply larger than {self.max_reply_bytes:,} bytes (cut off)", False
        else:
            retryable, why = classify(e)
            if why == "timed out":
                why = f"timed out (no complete reply within {self.timeout:g} s)"
            asked = retry_after(e)
            if asked is not None and asked > self.retry_after_cap:
                why += f"; the server asks to retry after {asked:g} s (more than the {self.retry_after_cap:g} s cap)"
        suffix = f" after {attempts} attempts" if attempts > 1 else ""
        err = LLMError(
            scrub(f"LLM call to {self.base_url} failed: {why}{suffix}", self._key),
            retryable=retryable, attempts=attempts,
        )
        err.reason = why
        return err


class _RunOver(Exception):
    """The run deadline passed (or would pass while waiting to retry)."""


class _TooLarge(Exception):
    """The reply passed its byte limit."""


def retry_after(error: BaseException | None) -> float | None:
    """Seconds a 429/503 response asked us to wait (``retry-after-ms`` or ``Retry-After``), else None."""
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) / scale)
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            continue
        return max(0.0, when.timestamp() - time.time())
    return None


def _to_reply(result: Any) -> Reply:
    content = result.content
    if isinstance(content, list):  # content blocks
        content = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    usage = getattr(result, "usage_metadata", None) or {}
    return Reply(
        text=str(content),
        prompt_tokens=int(usage.get("input_tokens", 0) or 0),
        completion_tokens=int(usage.get("output_tokens", 0) or 0),
    )


def _truncated_reply(error: BaseException) -> Reply | None:
    """The partial reply inside openai's LengthFinishReasonError, else None."""
    import openai

    completion = getattr(error, "completion", None)
    if not isinstance(error, openai.LengthFinishReasonError) or completion is None:
        return None
    usage = completion.usage
    text = completion.choices[0].message.content if completion.choices else ""
    return Reply(
        text=text or "",
        prompt_tokens=usage.prompt_tokens if usage else 0,
        completion_tokens=usage.completion_tokens if usage else 0,
        truncated=True,
    )


def classify(error: BaseException) -> tuple[bool, str]:
    """(retryable?, short reason) for an exception raised by a chat call; never the server's body."""
    import openai

    if isinstance(error, openai.APITimeoutError):
        return True, "timed out"
    if isinstance(error, openai.APIConnectionError):
        return True, "could not connect"
    if isinstance(error, openai.APIStatusError):
        code = error.status_code
        hint = {401: " (check OPENAI_API_KEY)", 404: " (check --model and --base-url)"}.get(code, "")
        return code in RETRYABLE_STATUS, f"HTTP {code}{hint}"
    return False, f"{type(error).__name__}"


def backoff_delay(attempt: int, base: float, cap: float = 20.0) -> float:
    """Exponential backoff with full jitter: uniform in [base*2^(n-1)/2, base*2^(n-1)], capped."""
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)
