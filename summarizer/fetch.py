"""Fetch one web page for ingest, safely: http(s) only, public addresses only, bounded size and time.

A URL typed into the web UI is fetched by the server, so it must not become a
way to reach the server's own network (SSRF). The rules:

- only ``http`` and ``https``; no ``user:password@`` in the URL;
- the host is resolved once and *every* address it resolves to must be
  public: loopback, private, link-local, multicast, reserved, unspecified,
  shared (CGNAT) and cloud metadata addresses (169.254.169.254,
  fd00:ec2::254, ...) are refused with a one-line reason;
- the connection goes to the address that was checked (the URL's host is
  replaced by the pinned IP, the Host header and TLS SNI/certificate check
  keep the real name), so a DNS answer that changes between check and
  connect (DNS rebinding) cannot redirect it;
- redirects are followed by hand, at most :data:`MAX_REDIRECTS`, and each
  new location goes through the same checks;
- the body is streamed and cut off past ``max_bytes`` of *decoded* bytes,
  decoded in bounded steps (gzip, deflate, br, zstd, stacked or not: see
  :mod:`summarizer.fetch_stream`), so a compression bomb is refused after a
  few small chunks;
- one deadline, ``timeout`` seconds, covers the whole fetch: name resolution,
  every connect, TLS handshake, header and body read of every redirect hop (a
  server dripping one byte a second cannot stretch it).

``allow_private=True`` lifts the loopback/private rule (for tests against a
local server, or an intranet deployment that wants it); metadata, link-local
and the other special ranges stay refused even then.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from summarizer.errors import SummarizerError
from summarizer.fetch_stream import DecodeProblem, accept_encoding, decoded
from summarizer.netio import DeadlineBackend, deadline_transport

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_TIMEOUT = 15.0
USER_AGENT = "summarizer/0.1 (+multi-document briefing; fetches one page on a user's request)"

METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.169.123",  # AWS time sync
        "fd00:ec2::254",  # AWS IMDS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud (legacy)
    )
)
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown", "application/json")
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(SummarizerError):
    """A URL was refused or could not be fetched; the message says which and why."""


@dataclass(frozen=True)
class FetchedPage:
    """The body of one fetched page and where it ended up."""

    url: str  # the URL that was asked for
    final_url: str  # after redirects
    content_type: str
    data: bytes

    @property
    def extension(self) -> str:
        """The file extension that picks the right ingest reader for this page ('.html' by default)."""
        return {"text/plain": ".txt", "text/markdown": ".md", "application/json": ".json"}.get(
            self.content_type, ".html"
        )


def address_problem(ip: IPAddress, allow_private: bool = False) -> str | None:
    """Why ``ip`` may not be fetched from ('loopback address', ...), or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            return address_problem(embedded, allow_private)
    if ip in METADATA_ADDRESSES:
        return "cloud metadata address"
    if ip.is_unspecified:
        return "unspecified address"
    if ip.is_loopback:
        return None if allow_private else "loopback address"
    if ip.is_link_local:
        return "link-local address"
    if ip.is_multicast:
        return "multicast address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return "shared (carrier-grade NAT) address"
    if ip.is_private:
        # is_private also covers documentation, benchmarking and other special ranges
        if allow_private and _is_plain_private(ip):
            return None
        return "private address" if _is_plain_private(ip) else "reserved address"
    if ip.is_reserved:
        return "reserved address"
    if not ip.is_global:
        return "non-public address"
    return None


def _is_plain_private(ip: IPAddress) -> bool:
    """RFC 1918 (IPv4) or unique-local fc00::/7 (IPv6): the ordinary private LAN ranges."""
    nets = (
        ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
        if isinstance(ip, ipaddress.IPv4Address)
        else ("fc00::/7",)
    )
    return any(ip in ipaddress.ip_network(n) for n in nets)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, via the system resolver."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class _Target:
    url: str  # URL as given (after normalization)
    host: str  # the name for Host/SNI
    host_header: str
    pinned_url: str  # same URL with the host replaced by the checked IP


def check_url(url: str, *, allow_private: bool = False, resolver: Resolver = system_resolver) -> _Target:
    """Validate ``url`` and resolve its host; raise FetchError naming the URL and the reason.

    Returns the target with the one address that was checked, for the caller to connect to.
    """
    shown = url if len(url) <= 120 else url[:117] + "..."
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as e:
        raise FetchError(f"{shown}: not a valid URL ({e})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        what = f"'{scheme}:' URLs" if scheme else "URLs without http:// or https://"
        raise FetchError(f"{shown}: refused: only http and https URLs can be fetched ({what} are not)")
    if parts.username is not None or parts.password is not None:
        raise FetchError(f"{shown}: refused: URLs with a user name or password are not fetched")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError(f"{shown}: not a valid URL (no host name)")
    port = port or (443 if scheme == "https" else 80)
    addresses = _addresses(host, port, resolver, shown)
    for ip in addresses:
        problem = address_problem(ip, allow_private)
        if problem:
            via = "" if _is_ip_literal(host) else f" ({host} resolves to {ip})"
            raise FetchError(f"{shown}: refused: {problem}{via}; only public web addresses can be fetched")
    pinned = addresses[0]
    ip_text = f"[{pinned}]" if pinned.version == 6 else str(pinned)
    default_port = parts.port is None or parts.port == (443 if scheme == "https" else 80)
    host_header = host if default_port else f"{host}:{port}"
    netloc = ip_text if parts.port is None else f"{ip_text}:{port}"
    path = parts.path or "/"
    pinned_url = urlunsplit((scheme, netloc, path, parts.query, ""))
    clean = urlunsplit((scheme, parts.netloc, path, parts.query, ""))
    return _Target(url=clean, host=host, host_header=host_header, pinned_url=pinned_url)


def _addresses(host: str, port: int, resolver: Resolver, shown: str) -> list[IPAddress]:
    """The host itself when it is an IP literal, else every address the resolver gives."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = [ipaddress.ip_address(a.split("%", 1)[0]) for a in resolver(host, port)]
    except (OSError, UnicodeError, ValueError) as e:
        raise FetchError(f"{shown}: cannot resolve host {host!r} ({_reason(e)})") from None
    if not found:
        raise FetchError(f"{shown}: cannot resolve host {host!r}")
    return found


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _reason(e: BaseException) -> str:
    if isinstance(e, socket.gaierror):
        return e.strerror or "name not found"
    return str(e) or type(e).__name__


def fetch_url(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    allow_private: bool = False,
    resolver: Resolver = system_resolver,
) -> FetchedPage:
    """Fetch ``url`` under the rules in the module docstring and return its body.

    Raises FetchError (a SummarizerError) with a one-line message for a refused
    address, a bad URL, too many redirects, an HTTP error, a non-text content
    type, a body over ``max_bytes`` or a fetch slower than ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    current = url.strip()
    backend = DeadlineBackend(deadline, clock=lambda: time.monotonic())  # this module's clock (tests fake it)
    transport = deadline_transport(backend, max_connections=1)
    bounded = _resolver_with_deadline(resolver, deadline, url)
    with httpx.Client(transport=transport, trust_env=False, follow_redirects=False) as client:
        for hop in range(MAX_REDIRECTS + 1):
            try:
                target = check_url(current, allow_private=allow_private, resolver=bounded)
            except FetchError as e:
                if hop:
                    raise FetchError(f"{e} (reached by a redirect from {url})") from None
                raise
            status, location, ctype, data = _get_once(client, target, max_bytes, deadline, url)
            if status in _REDIRECTS and location:
                current = urljoin(target.url, location)
                continue
            if status >= 400:
                raise FetchError(f"{target.url}: the server answered HTTP {status}")
            if status != 200:
                raise FetchError(f"{target.url}: unexpected HTTP status {status}")
            return FetchedPage(url=url, final_url=target.url, content_type=ctype, data=data)
    raise FetchError(f"{url}: refused: more than {MAX_REDIRECTS} redirects")


def _resolver_with_deadline(resolver: Resolver, deadline: float, original: str) -> Resolver:
    """``resolver`` run in a daemon thread, given up on (FetchError 'timed out') when the deadline passes."""

    def resolve(host: str, port: int) -> list[str]:
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["ok"] = resolver(host, port)
            except BaseException as e:  # noqa: BLE001 - handed to the caller below
                box["err"] = e

        t = threading.Thread(target=work, daemon=True, name="fetch-resolve")
        t.start()
        t.join(max(0.0, deadline - time.monotonic()))
        if t.is_alive():
            raise FetchError(f"{original}: timed out (resolving {host})")
        if "err" in box:
            raise box["err"]
        return list(box["ok"])

    return resolve


def _get_once(
    client: httpx.Client, target: _Target, max_bytes: int, deadline: float, original: str
) -> tuple[int, str | None, str, bytes]:
    """One GET to the pinned address: (status, Location, content type, body or b'')."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"{original}: timed out")
    extensions = {"sni_hostname": target.host} if target.pinned_url.startswith("https") else {}
    headers = {
        "Host": target.host_header, "User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.1",
        "Accept-Encoding": accept_encoding(),
    }
    try:
        with client.stream(
            "GET", target.pinned_url, headers=headers, extensions=extensions, timeout=httpx.Timeout(remaining)
        ) as resp:
            if resp.status_code in _REDIRECTS or resp.status_code != 200:
                return resp.status_code, resp.headers.get("location"), "", b""
            ctype = resp.headers.get("content-type", "").split(";", 1)[0].strip().lower()
            if ctype and ctype not in _TEXT_TYPES:
                raise FetchError(f"{target.url}: not a web page or text (content type {ctype})")
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{target.url}: page too large ({int(declared):,} bytes > {max_bytes:,} limit)")
            body = bytearray()
            raw_total = 0

            def raw_chunks() -> Iterator[bytes]:
                nonlocal raw_total
                for raw in resp.iter_raw(16 * 1024):
                    raw_total += len(raw)
                    if raw_total > max_bytes:  # compressed bytes count too: no endless empty blocks
                        raise FetchError(f"{target.url}: page too large (more than {max_bytes:,} bytes sent)")
                    yield raw

            try:
                for chunk in decoded(raw_chunks(), resp.headers.get("content-encoding", "")):
                    body.extend(chunk)
                    if len(body) > max_bytes:
                        raise FetchError(f"{target.url}: page too large (more than {max_bytes:,} bytes)")
                    if time.monotonic() > deadline:
                        raise FetchError(f"{original}: timed out")
            except DecodeProblem as e:
                raise FetchError(f"{target.url}: cannot decode the page ({e})") from None
            return 200, None, ctype or "text/html", bytes(body)
    except httpx.TimeoutException:
        raise FetchError(f"{original}: timed out") from None
    except httpx.HTTPError as e:
        raise FetchError(f"{target.url}: cannot fetch ({type(e).__name__}: {_reason(e)})") from None
