"""Fetch under hostile servers: decoded size bounded while streaming for every encoding; one deadline."""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from summarizer.fetch import FetchError, fetch_url
from summarizer.fetch_stream import DECODERS, decoded

PAGE = b"<html><body><article><p>" + b"The dam held on Tuesday. " * 40 + b"</p></article></body></html>"
ZEROS = 20_000_000  # decoded size of every bomb; the limit in these tests is 200 KB


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, 9)


def _zlib(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def _raw_deflate(data: bytes) -> bytes:
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    return co.compress(data) + co.flush()


def _zstd(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor(level=19).compress(data)


def _br(data: bytes) -> bytes:
    import brotli

    return brotli.compress(data, quality=5)


BODIES: dict[str, tuple[str, bytes]] = {}


def _build() -> None:
    zeros = bytes(ZEROS)
    BODIES["/gzip"] = ("gzip", _gzip(PAGE))
    BODIES["/gzip-members"] = ("gzip", _gzip(PAGE[:50]) + _gzip(PAGE[50:]))
    BODIES["/deflate"] = ("deflate", _zlib(PAGE))
    BODIES["/raw-deflate"] = ("deflate", _raw_deflate(PAGE))
    BODIES["/gzip-bomb"] = ("gzip", _gzip(zeros))
    BODIES["/gzip2-bomb"] = ("gzip, gzip", _gzip(_gzip(zeros)))
    BODIES["/deflate-bomb"] = ("deflate", _zlib(zeros))
    BODIES["/mixed-bomb"] = ("deflate, gzip", _gzip(_zlib(zeros)))
    BODIES["/unknown"] = ("compress", b"xx")
    BODIES["/stacked4"] = ("gzip, gzip, gzip, gzip", _gzip(_gzip(_gzip(_gzip(PAGE)))))
    BODIES["/corrupt"] = ("gzip", b"\x1f\x8b\x08\x00garbage-garbage")
    if "zstd" in DECODERS:
        BODIES["/zstd"] = ("zstd", _zstd(PAGE))
        BODIES["/zstd-bomb"] = ("zstd", _zstd(zeros))
        BODIES["/zstd-gzip-bomb"] = ("zstd, gzip", _gzip(_zstd(zeros)))
    if "br" in DECODERS:
        BODIES["/br"] = ("br", _br(PAGE))
        BODIES["/br-bomb"] = ("br", _br(zeros))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    drip = 0.1  # seconds between dripped bytes

    def log_message(self, *a: object) -> None:
        return

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/drip-headers":
            try:
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(self.drip)
            except OSError:
                return
            return
        enc, body = BODIES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", enc)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            return


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _build()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("path", ["/gzip", "/gzip-members", "/deflate", "/raw-deflate", "/zstd", "/br"])
def test_each_encoding_decodes(server: str, path: str) -> None:
    if path not in BODIES:
        pytest.skip("decoder not installed")
    page = fetch_url(server + path, allow_private=True, max_bytes=200_000)
    assert page.data == PAGE


@pytest.mark.parametrize("path", ["/gzip-bomb", "/gzip2-bomb", "/deflate-bomb", "/mixed-bomb", "/zstd-bomb",
                                  "/zstd-gzip-bomb", "/br-bomb"])
def test_bombs_refused_with_bounded_memory(server: str, path: str) -> None:
    if path not in BODIES:
        pytest.skip("decoder not installed")
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="page too large"):
            fetch_url(server + path, allow_private=True, max_bytes=200_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, f"peak {peak:,} bytes while refusing a {ZEROS:,}-byte bomb"


@pytest.mark.parametrize(("path", "why"), [("/unknown", "unsupported content encoding"),
                                          ("/stacked4", "stacked"), ("/corrupt", "invalid gzip")])
def test_bad_encodings_are_one_line(server: str, path: str, why: str) -> None:
    with pytest.raises(FetchError, match=why) as err:
        fetch_url(server + path, allow_private=True)
    assert "\n" not in str(err.value)


def test_one_deadline_covers_dripped_headers(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch_url(server + "/drip-headers", allow_private=True, timeout=1.0)
    assert time.monotonic() - started < 15  # per-read timeouts alone would never end


def test_deadline_covers_a_hanging_resolver() -> None:
    release = threading.Event()

    def stuck(host: str, port: int) -> list[str]:
        release.wait(30)
        return ["93.184.216.34"]

    try:
        with pytest.raises(FetchError, match="timed out"):
            fetch_url("http://slow-dns.example/", timeout=0.5, resolver=stuck)
    finally:
        release.set()


def test_decoder_steps_are_small() -> None:
    steps = list(decoded([_gzip(_gzip(bytes(3_000_000)))], "gzip, gzip"))
    assert sum(map(len, steps)) == 3_000_000
    assert max(map(len, steps)) <= 64 * 1024
