"""Content decoding for fetch that never outgrows a small buffer (the deadline is :mod:`summarizer.netio`).

Decoding (``Content-Encoding``): httpx decodes a whole network chunk at once,
so 64 KB of gzip can become 64 MB before any size check runs, and stacked
encodings (``gzip, gzip``) multiply that. Here each encoding is a generator
that yields at most :data:`OUT_CHUNK` bytes per step and pulls more input only
when asked, so the caller's running total stops a bomb after a few chunks,
whatever the ratio or the nesting. Supported: gzip (``x-gzip``), deflate
(zlib-wrapped or raw), zstd (window capped at 8 MB, as RFC 8878 asks of HTTP)
and br (when the ``brotli`` package is installed).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

OUT_CHUNK = 64 * 1024
"""Most bytes one decoding step may produce."""
MAX_LAYERS = 3
"""Most content encodings stacked on one response."""
ZSTD_MAX_WINDOW = 8 * 1024 * 1024

Decoder = Callable[[Iterator[bytes]], Iterator[bytes]]


class DecodeProblem(ValueError):
    """A body that cannot be decoded; ``str(err)`` is the short reason."""


def _zlib_stream(chunks: Iterator[bytes], wbits: int | None, name: str) -> Iterator[bytes]:
    """gzip (wbits 31) or deflate (None: zlib or raw, from the first bytes), in bounded steps."""
    d: Any = None
    finished = False
    for chunk in chunks:
        data = b"" if finished else chunk
        while data:
            if d is None:
                if wbits is None:  # "deflate" is zlib-wrapped by the spec, raw in practice too
                    zlib_header = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
                    d = zlib.decompressobj(15 if zlib_header else -15)
                else:
                    d = zlib.decompressobj(wbits)
            try:
                out = d.decompress(data, OUT_CHUNK)
            except zlib.error as e:
                raise DecodeProblem(f"invalid {name} data ({e})") from None
            if out:
                yield out
            data = d.unconsumed_tail
            if d.eof:
                data = d.unused_data if wbits == 31 else b""  # gzip may hold several members
                finished = wbits != 31
                d = None
                continue
            if not data and len(out) == OUT_CHUNK:
                data = b""
                while True:  # drain output still held inside the decompressor
                    more = d.decompress(b"", OUT_CHUNK)
                    if more:
                        yield more
                    if len(more) < OUT_CHUNK:
                        break


def _gzip(chunks: Iterator[bytes]) -> Iterator[bytes]:
    return _zlib_stream(chunks, 31, "gzip")


def _deflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    return _zlib_stream(chunks, None, "deflate")


class _IterReader(io.RawIOBase):
    """A read-only file over an iterator of byte chunks (what zstandard's stream_reader wants)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            try:
                self._buf = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def _zstd(chunks: Iterator[bytes]) -> Iterator[bytes]:
    import zstandard

    dctx = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
    source: Any = _IterReader(chunks)
    reader = dctx.stream_reader(source, read_size=16 * 1024, read_across_frames=True)
    try:
        while True:
            out = reader.read(OUT_CHUNK)
            if not out:
                return
            yield out
    except zstandard.ZstdError as e:
        raise DecodeProblem(f"invalid zstd data ({e})") from None


def _brotli(chunks: Iterator[bytes]) -> Iterator[bytes]:
    import brotli

    d = brotli.Decompressor()
    try:
        for chunk in chunks:
            out = d.process(chunk, output_buffer_limit=OUT_CHUNK)
            if out:
                yield out
            while not d.can_accept_more_data():
                out = d.process(b"", output_buffer_limit=OUT_CHUNK)
                if not out:
                    break
                yield out
            if d.is_finished():
                return
    except brotli.error as e:
        raise DecodeProblem(f"invalid br data ({e})") from None


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


DECODERS: dict[str, Decoder] = {"gzip": _gzip, "x-gzip": _gzip, "deflate": _deflate}
if _has("zstandard"):
    DECODERS["zstd"] = _zstd
if _has("brotli"):
    DECODERS["br"] = _brotli


def accept_encoding() -> str:
    """The ``Accept-Encoding`` header for the decoders available here."""
    return ", ".join(k for k in ("gzip", "deflate", "br", "zstd") if k in DECODERS)


def decoded(raw: Iterable[bytes], content_encoding: str) -> Iterator[bytes]:
    """The body of ``raw`` chunks with ``content_encoding`` (e.g. ``"gzip, gzip"``) undone, in bounded steps.

    Raises DecodeProblem for an unsupported encoding, more than :data:`MAX_LAYERS`
    layers, or corrupt data.
    """
    layers = [e.strip().lower() for e in content_encoding.split(",") if e.strip()]
    layers = [e for e in layers if e != "identity"]
    if len(layers) > MAX_LAYERS:
        raise DecodeProblem(f"{len(layers)} stacked content encodings (at most {MAX_LAYERS})")
    stream: Iterator[bytes] = iter(raw)
    for name in reversed(layers):  # the last encoding applied is undone first
        decoder = DECODERS.get(name)
        if decoder is None:
            raise DecodeProblem(f"unsupported content encoding {name!r}")
        stream = decoder(stream)
    return stream
