"""Sockets with a deadline: no connect, TLS handshake, read or write may wait past it.

httpx's timeouts apply to each operation, so a server that sends one byte a
second (headers or body) never trips them. :class:`DeadlineBackend` is an
httpcore network backend that gives every socket operation ``min(its own
timeout, time left)``, and can count the bytes read so a caller can stop a
reply that grows past a bound while it streams. The deadline is a fixed
``time.monotonic()`` value (one fetch) or a function read at each operation
(a thread's current LLM call).

Works with httpx/httpcore (fetch) and with the httpx2/httpcore2 fork that the
openai client uses: pass the ``core`` and ``http`` modules.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

import httpcore
import httpx

DeadlineFn = Callable[[], "float | None"]


class _DeadlineStream:
    def __init__(self, inner: Any, backend: DeadlineBackend) -> None:
        self._inner = inner
        self._backend = backend
        self._left = backend._left

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._inner.read(max_bytes, self._left(timeout))
        self._backend.counted(len(data))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> _DeadlineStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._left(timeout))
        return _DeadlineStream(inner, self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend:
    """Synchronous sockets where no operation may wait past the deadline (``time.monotonic()`` seconds).

    ``deadline`` is a number or a function returning one (None: no deadline);
    ``on_read(n)`` is called with the size of every read and may raise to stop it;
    ``core`` is the httpcore module (or its fork) whose exceptions are raised; ``clock`` is the
    clock the deadline is read against.
    """

    def __init__(self, deadline: float | DeadlineFn, on_read: Callable[[int], None] | None = None,
                 core: ModuleType = httpcore, clock: Callable[[], float] = time.monotonic) -> None:
        self._deadline: DeadlineFn = deadline if callable(deadline) else (lambda: deadline)  # type: ignore[assignment,return-value]
        self._on_read = on_read
        self.core = core
        self.clock = clock
        self._inner = importlib.import_module(f"{core.__name__}._backends.sync").SyncBackend()

    def _left(self, timeout: float | None) -> float | None:
        deadline = self._deadline()
        if deadline is None:
            return timeout
        left = deadline - self.clock()
        if left <= 0:
            raise self.core.ReadTimeout("deadline passed")
        return left if timeout is None else min(timeout, left)

    def counted(self, n: int) -> None:
        if self._on_read is not None:
            self._on_read(n)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> _DeadlineStream:
        inner = self._inner.connect_tcp(host, port, self._left(timeout), local_address, socket_options)
        return _DeadlineStream(inner, self)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> _DeadlineStream:
        raise self.core.ConnectError("unix sockets are not used")

    def sleep(self, seconds: float) -> None:
        left = self._left(seconds)
        time.sleep(seconds if left is None else left)


def deadline_transport(backend: DeadlineBackend, *, max_connections: int = 10, trust_env: bool = False,
                       http: ModuleType = httpx) -> Any:
    """An ``http.HTTPTransport`` whose connection pool uses ``backend`` (httpx has no parameter for it).

    ``http`` is httpx or its fork httpx2, matching ``backend.core``.
    """
    transport = http.HTTPTransport(verify=True, trust_env=trust_env, retries=0)
    transport._pool = backend.core.ConnectionPool(
        ssl_context=http.create_ssl_context(verify=True, trust_env=trust_env),
        max_connections=max_connections,
        network_backend=backend,
    )
    return transport
