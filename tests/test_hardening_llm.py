"""LLM calls against hostile servers: deadlines, reply size, Retry-After, circuit breaker, run deadline.

A tiny OpenAI-compatible server on 127.0.0.1 plays each fault; sleeps between
retries go through an injected function, so nothing here waits on a backoff.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from summarizer.llm.client import CircuitOpenError, LLMError, OpenAIChatBackend
from summarizer.settings import Settings

MSG = [{"role": "user", "content": "hi"}]


def _completion(text: str) -> bytes:
    return json.dumps({
        "id": "c1", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
    }).encode()


class _State:
    mode = "ok"
    calls = 0
    retry_after = "1"
    fail_first = 0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a: Any) -> None:
        return

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        _State.calls += 1
        mode = _State.mode
        try:
            if mode == "ok" or (mode == "429-then-ok" and _State.calls > _State.fail_first):
                self._send(200, _completion("fine"))
            elif mode in ("429", "429-then-ok"):
                self._send(429, b'{"error": {"message": "slow down"}}', {"Retry-After": _State.retry_after})
            elif mode == "500":
                self._send(500, b'{"error": {"message": "boom"}}')
            elif mode == "drip":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                for _ in range(1000):  # one byte every 0.2 s: every read is fast, the whole is not
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            elif mode == "huge":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b'{"id":"' + b"A" * (1 << 20)
                for _ in range(50):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
        except OSError:
            return


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def _backend(base_url: str, mode: str, sleeps: list[float] | None = None, clock: Any = time.monotonic,
             **kw: Any) -> OpenAIChatBackend:
    _State.mode, _State.calls = mode, 0
    values: dict[str, Any] = {"base_url": base_url, "model": "m", "timeout": 5.0, "llm_retries": 1,
                              "llm_backoff": 0.0, "llm_structured": "none"}
    values.update(kw)
    record = sleeps.append if sleeps is not None else (lambda s: None)
    return OpenAIChatBackend(Settings(**values), api_key="sk-test-key-123456", clock=clock, sleep=record)


def test_a_good_reply_passes(base_url: str) -> None:
    assert _backend(base_url, "ok").complete(MSG, max_tokens=5).text == "fine"


def test_dripping_server_is_cut_at_the_call_deadline(base_url: str) -> None:
    backend = _backend(base_url, "drip", timeout=1.0, llm_retries=1)
    started = time.monotonic()
    with pytest.raises(LLMError, match=r"timed out \(no complete reply within 1 s\) after 2 attempts"):
        backend.complete(MSG, max_tokens=5)
    assert _State.calls == 2
    assert time.monotonic() - started < 20  # per-read timeouts alone would wait 200 s per attempt


def test_huge_reply_is_cut_while_streaming(base_url: str) -> None:
    import tracemalloc

    backend = _backend(base_url, "huge", llm_max_reply_bytes=200_000)
    tracemalloc.start()
    try:
        with pytest.raises(LLMError, match="reply larger than 200,000 bytes"):
            backend.complete(MSG, max_tokens=5)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _State.calls == 1  # not retried
    assert peak < 10_000_000


def test_retry_after_is_honoured_within_the_cap(base_url: str) -> None:
    sleeps: list[float] = []
    backend = _backend(base_url, "429-then-ok", sleeps, llm_retries=2)
    _State.retry_after, _State.fail_first = "7", 1
    assert backend.complete(MSG, max_tokens=5).text == "fine"
    assert sleeps == [7.0]


def test_retry_after_over_the_cap_ends_the_call_at_once(base_url: str) -> None:
    sleeps: list[float] = []
    backend = _backend(base_url, "429", sleeps, llm_retries=3, llm_retry_after_cap=60)
    _State.retry_after = "3600"
    with pytest.raises(LLMError, match=r"retry after 3600 s \(more than the 60 s cap\)") as err:
        backend.complete(MSG, max_tokens=5)
    assert _State.calls == 1 and sleeps == []
    assert "sk-test-key" not in str(err.value)


def test_server_errors_back_off_then_the_breaker_opens(base_url: str) -> None:
    sleeps: list[float] = []
    backend = _backend(base_url, "500", sleeps, llm_retries=1, llm_backoff=0.5, llm_breaker_failures=2)
    for _ in range(2):
        with pytest.raises(LLMError, match="HTTP 500 after 2 attempts"):
            backend.complete(MSG, max_tokens=5)
    assert _State.calls == 4 and len(sleeps) == 2 and all(0.25 <= s <= 0.5 for s in sleeps)
    with pytest.raises(CircuitOpenError, match="failed 2 calls in a row"):
        backend.complete(MSG, max_tokens=5)
    assert _State.calls == 4  # not asked again


def test_a_success_resets_the_breaker(base_url: str) -> None:
    backend = _backend(base_url, "500", llm_retries=0, llm_breaker_failures=2)
    with pytest.raises(LLMError):
        backend.complete(MSG, max_tokens=5)
    _State.mode = "ok"
    backend.complete(MSG, max_tokens=5)
    _State.mode = "500"
    with pytest.raises(LLMError, match="HTTP 500"):
        backend.complete(MSG, max_tokens=5)
    assert not backend.breaker.open


def test_run_deadline_stops_every_later_call(base_url: str) -> None:
    now = [100.0]
    backend = _backend(base_url, "ok", clock=lambda: now[0], run_timeout=30)
    assert backend.complete(MSG, max_tokens=5).text == "fine"
    now[0] += 31
    with pytest.raises(CircuitOpenError, match=r"run deadline \(30 s\) has passed"):
        backend.complete(MSG, max_tokens=5)
    assert _State.calls == 1


def test_no_retry_wait_past_the_run_deadline(base_url: str) -> None:
    now = [0.0]
    sleeps: list[float] = []
    backend = _backend(base_url, "429", sleeps, clock=lambda: now[0], run_timeout=10, llm_retries=3)
    _State.retry_after = "20"
    with pytest.raises(LLMError, match="run deadline"):
        backend.complete(MSG, max_tokens=5)
    assert sleeps == [] and _State.calls == 1


def test_deeply_nested_reply_is_a_reason_not_a_recursion_error() -> None:
    from pydantic import BaseModel

    from summarizer.llm.structured import parse_json_reply, salvage_json

    class Shape(BaseModel):
        a: list[Any]

    deep = '{"a":' + "[" * 200_000 + "]" * 200_000 + "}"
    with pytest.raises(ValueError, match="nested too deeply"):
        parse_json_reply(deep, Shape)
    assert salvage_json(deep[:-3], Shape) is None
