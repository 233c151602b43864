"""URL fetching: the address policy, and real fetches against a loopback server.

The loopback server is refused by default (that is the point); tests of the
size, time and redirect limits opt in with ``allow_private=True``, which
lifts only the loopback/private rule.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from summarizer.errors import SummarizerError
from summarizer.fetch import FetchError, address_problem, check_url, fetch_url

PAGE = b"<html><head><title>Dam report</title></head><body><article><h1>Dam report</h1>" + (
    b"<p>The Merrow Dam failed late on Thursday after four days of rain, officials said.</p>" * 5
) + b"</article></body></html>"


@pytest.mark.parametrize(
    ("ip", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("100.100.100.200", "metadata"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("192.0.2.10", "reserved"),  # documentation range
        ("100.64.0.1", "carrier-grade NAT"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6
        ("::ffff:169.254.169.254", "metadata"),
        ("2002:7f00:1::", "loopback"),  # 6to4 wrapping 127.0.0.1
    ],
)
def test_non_public_addresses_are_refused(ip: str, reason: str) -> None:
    problem = address_problem(ipaddress.ip_address(ip))
    assert problem is not None and reason in problem


@pytest.mark.parametrize("ip", ["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111", "8.8.8.8"])
def test_public_addresses_pass(ip: str) -> None:
    assert address_problem(ipaddress.ip_address(ip)) is None


def test_allow_private_lifts_only_loopback_and_private() -> None:
    for ip in ("127.0.0.1", "10.1.2.3", "fd12::1"):
        assert address_problem(ipaddress.ip_address(ip), allow_private=True) is None
    for ip in ("169.254.169.254", "fd00:ec2::254", "169.254.3.3", "0.0.0.0", "224.0.0.1"):
        assert address_problem(ipaddress.ip_address(ip), allow_private=True) is not None


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("ftp://example.org/x", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://example.org/", "only http and https"),
        ("example.org/news", "only http and https"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http://", "no host name"),
        ("http://example.org:99999/", "not a valid URL"),
        ("http://127.0.0.1:8501/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://10.0.0.1/admin", "private"),
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://[fd00:ec2::254]/latest/", "metadata"),
        ("http://2130706433/", "loopback"),  # 127.0.0.1 as one decimal number
    ],
)
def test_bad_urls_are_refused_with_a_reason(url: str, needle: str) -> None:
    with pytest.raises(FetchError, match=needle) as e:
        check_url(url)
    assert isinstance(e.value, SummarizerError)
    assert "\n" not in str(e.value)


def test_host_names_are_checked_by_every_address_they_resolve_to() -> None:
    def resolver(host: str, port: int) -> list[str]:
        return {"good.example": ["93.184.215.14"], "mixed.example": ["93.184.215.14", "10.0.0.7"]}[host]

    target = check_url("https://good.example/a?b=1", resolver=resolver)
    assert target.pinned_url == "https://93.184.215.14/a?b=1"
    assert target.host_header == "good.example"
    with pytest.raises(FetchError, match=r"private address \(mixed.example resolves to 10.0.0.7\)"):
        check_url("https://mixed.example/", resolver=resolver)


def test_localhost_resolves_to_loopback_and_is_refused() -> None:
    with pytest.raises(FetchError, match="loopback"):
        check_url("http://localhost/")


def test_unresolvable_host_is_one_line() -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise OSError("name not found")

    with pytest.raises(FetchError, match="cannot resolve host 'nowhere.example'"):
        check_url("http://nowhere.example/", resolver=resolver)


class _Handler(BaseHTTPRequestHandler):
    """Routes for the loopback test server."""

    seen_hosts: list[str] = []
    clock: FakeClock | None = None

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, code: int, body: bytes = b"", ctype: str = "text/html", headers: dict[str, str] | None = None,
              length: bool = True) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        _Handler.seen_hosts.append(self.headers.get("Host", ""))
        port = self.server.server_address[1]
        routes = {
            "/page": lambda: self._send(200, PAGE, "text/html; charset=utf-8"),
            "/big": lambda: self._send(200, b"x" * 50_000, "text/plain"),
            "/big-unsized": lambda: self._send(200, b"y" * 50_000, "text/plain", length=False),
            "/image": lambda: self._send(200, b"\x89PNG....", "image/png"),
            "/missing": lambda: self._send(404, b"no"),
            "/to-page": lambda: self._send(302, headers={"Location": "/page"}),
            "/to-metadata": lambda: self._send(302, headers={"Location": "http://169.254.169.254/latest/"}),
            "/to-ftp": lambda: self._send(301, headers={"Location": "ftp://127.0.0.1/x"}),
            "/loop": lambda: self._send(302, headers={"Location": f"http://127.0.0.1:{port}/loop"}),
        }
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(20):
                try:
                    self.wfile.write(b"drip ")
                    self.wfile.flush()
                except OSError:  # the client gave up
                    return
                if _Handler.clock is not None:  # each drip costs 0.3 s of the fetcher's (fake) time
                    _Handler.clock.advance(0.3)
                time.sleep(0.05)
            return
        routes.get(self.path, lambda: self._send(404, b"unknown"))()


@pytest.fixture
def server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 (loopback only, started and stopped by the test)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.seen_hosts = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_loopback_server_is_refused_by_default(server: str) -> None:
    with pytest.raises(FetchError, match="refused: loopback address"):
        fetch_url(f"{server}/page")
    assert _Handler.seen_hosts == []  # refused before any connection


def test_fetch_with_private_allowed_returns_the_page(server: str) -> None:
    page = fetch_url(f"{server}/page", allow_private=True)
    assert page.data == PAGE
    assert page.content_type == "text/html"
    assert page.extension == ".html"


def test_redirects_are_followed_and_rechecked(server: str) -> None:
    page = fetch_url(f"{server}/to-page", allow_private=True)
    assert page.final_url == f"{server}/page"
    with pytest.raises(FetchError, match="cloud metadata address.*redirect from"):
        fetch_url(f"{server}/to-metadata", allow_private=True)
    with pytest.raises(FetchError, match="only http and https"):
        fetch_url(f"{server}/to-ftp", allow_private=True)
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch_url(f"{server}/loop", allow_private=True)


def test_size_limit_declared_and_streamed(server: str) -> None:
    with pytest.raises(FetchError, match="page too large"):
        fetch_url(f"{server}/big", allow_private=True, max_bytes=10_000)
    with pytest.raises(FetchError, match="page too large"):
        fetch_url(f"{server}/big-unsized", allow_private=True, max_bytes=10_000)
    assert len(fetch_url(f"{server}/big", allow_private=True, max_bytes=60_000).data) == 50_000


class FakeClock:
    """A monotonic clock that moves only when the test server says time passed."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.lock = threading.Lock()

    def monotonic(self) -> float:
        with self.lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


def test_time_limit_covers_the_whole_fetch(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that keeps dripping bytes is cut off at the overall deadline (no wall clock involved)."""
    import summarizer.fetch as fetch_module

    clock = FakeClock()
    monkeypatch.setattr(_Handler, "clock", clock)
    monkeypatch.setattr(fetch_module, "time", SimpleNamespace(monotonic=clock.monotonic))
    with pytest.raises(FetchError, match="timed out"):
        fetch_url(f"{server}/slow", allow_private=True, timeout=1.0)
    assert clock.monotonic() - 1000.0 > 1.0  # the deadline had passed on the fake clock


def test_http_errors_and_non_text_are_one_line(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(f"{server}/missing", allow_private=True)
    with pytest.raises(FetchError, match="content type image/png"):
        fetch_url(f"{server}/image", allow_private=True)


def test_connection_goes_to_the_checked_address(server: str) -> None:
    """The host name is resolved once; the request goes to that IP with the real name as Host."""
    port = int(server.rsplit(":", 1)[1])
    calls: list[str] = []

    def resolver(host: str, p: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    page = fetch_url(f"http://news.example:{port}/page", allow_private=True, resolver=resolver)
    assert page.data == PAGE
    assert calls == ["news.example"]
    assert _Handler.seen_hosts == [f"news.example:{port}"]
