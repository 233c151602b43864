"""A scripted OpenAI-compatible chat server for tests: real HTTP on 127.0.0.1, in a thread.

The product's real openai client talks to it unchanged. A ``responder`` decides
each reply from the request body; ``echo_responder`` plays a faithful model that
answers every prompt of the LLM engine by quoting the passages it was shown.
Faults are scripted with :class:`Act` (status codes, delays, raw bodies).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_HEADER = re.compile(r"^Source (S\d+)\b")
_STORY = re.compile(r"^Story (\d+)$")
_SHORT = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)
_BARE = re.compile(r"^(\d+) (.*)$")
_CLAIM = re.compile(r"^- (?:\((.*?)\) )?(.*) \[(.*?)\]$", re.MULTILINE)


@dataclass
class Act:
    """One scripted answer: a JSON reply text, or a fault."""

    content: str | None = None
    status: int = 200
    delay: float = 0.0
    hold: threading.Event | None = None  # answer only once the test sets it (a server that hangs)
    raw: bytes | None = None  # sent as the body instead of a chat completion
    prompt_tokens: int = 100
    completion_tokens: int = 20
    finish_reason: str = "stop"  # "length": the reply was cut at max_tokens


Responder = Callable[[dict[str, Any], int], Act]


def stage_of(body: dict[str, Any], repair: bool = True) -> str:
    """Which engine prompt a request carries: brief, map, reduce, collapse, merge, or repair."""
    messages = body["messages"]
    if repair and "Your reply was not valid" in messages[-1]["content"]:
        return "repair"
    system = messages[0]["content"]
    for marker, stage in [
        ("extract atomic factual claims", "map"), ("summary of one news article", "reduce"),
        ("condense a list of claims", "collapse"), ("merge claims from several", "merge"),
        ("news passages as short cited points", "brief"),
    ]:
        if marker in system:
            return stage
    return "unknown"


def user_text(body: dict[str, Any]) -> str:
    """The first user message (the rendered prompt)."""
    return next(m["content"] for m in body["messages"] if m["role"] == "user")


def numbered_passages(text: str) -> list[tuple[int, str, int, str]]:
    """(story, source id, number, text) of every passage line of a brief_points prompt.

    Passage lines (``12 text``) follow their ``Source S2: ...`` header; ``Story k`` lines
    start a story (a prompt of one story has none: everything is story 1).
    """
    out: list[tuple[int, str, int, str]] = []
    source, story = "", 1
    for line in text.splitlines():
        if m := _STORY.match(line):
            story = int(m.group(1))
        elif m := _HEADER.match(line):
            source = m.group(1)
        elif (m := _BARE.match(line)) and source:
            out.append((story, source, int(m.group(1)), m.group(2)))
    return out


def echo_reply(body: dict[str, Any]) -> dict[str, Any]:
    """What a faithful model would answer: every point quotes a passage or claim it was shown."""
    stage = stage_of(body, repair=False)
    text = user_text(body)
    if stage == "map":
        return {"claims": [{"text": t, "ids": [n], "date": None, "importance": 3 if i < 2 else 2}
                           for i, (n, t) in enumerate(_SHORT.findall(text))]}
    if stage == "reduce":
        return {"summary": [{"text": t, "ids": ids.split(", "), "date": d or None, "importance": 2}
                            for d, t, ids in _CLAIM.findall(text)]}
    if stage == "collapse":
        claims = _CLAIM.findall(text)
        half = claims[: max(1, len(claims) // 2)]
        return {"claims": [{"text": t, "ids": ids.split(", "), "date": d or None, "importance": 2}
                           for d, t, ids in half]}
    if stage == "merge":
        claims = _CLAIM.findall(text)
        by_source: dict[str, list[tuple[str, str]]] = {}
        for _, t, ids in claims:
            first = ids.split(", ")[0]
            by_source.setdefault(first.split(".")[0], []).append((t, first))
        firsts = [v[0] for v in by_source.values()]
        return {
            "bottom_line": [{"text": firsts[0][0], "ids": [firsts[0][1]]}] if firsts else [],
            "consensus": [{"text": firsts[0][0], "ids": [f[1] for f in firsts]}] if firsts else [],
            "contested": [],
            "single_source": [{"text": v[1][0], "ids": [v[1][1]]} for v in by_source.values() if len(v) > 1],
            "timeline": [],
        }
    if stage == "brief":
        return points_of(text)
    raise AssertionError(f"echo model cannot answer a {stage} request")


def points_of(text: str) -> dict[str, list[dict[str, Any]]]:
    """A faithful brief_points reply: per story (key ``s1``...), a point citing every source's
    first passage (quoting the first), then each source's first two passages on their own."""
    stories: dict[int, dict[str, list[tuple[int, str]]]] = {}
    for story, sid, n, t in numbered_passages(text):
        stories.setdefault(story, {}).setdefault(sid, []).append((n, t))
    reply: dict[str, list[dict[str, Any]]] = {}
    for k, sources in stories.items():
        firsts = [v[0] for v in sources.values()]
        points = [{"text": firsts[0][1], "ids": [n for n, _ in firsts]}] if len(firsts) > 1 else []
        points.extend({"text": t, "ids": [n]} for v in sources.values() for n, t in v[:2])
        reply[f"s{k}"] = points
    return reply


def echo_responder(body: dict[str, Any], n: int) -> Act:
    """A responder that always answers like a faithful model."""
    return Act(json.dumps(echo_reply(body)))


class ScriptedServer:
    """``with ScriptedServer(responder) as server: ... server.base_url ... server.requests``."""

    def __init__(self, responder: Responder = echo_responder) -> None:
        self.responder = responder
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                return

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with outer._lock:
                    outer.requests.append(body)
                    outer.headers.append({k.lower(): v for k, v in self.headers.items()})
                    n = len(outer.requests)
                act = outer.responder(body, n)
                if act.delay:
                    time.sleep(act.delay)
                if act.hold is not None:
                    act.hold.wait(timeout=120)
                if act.raw is not None:
                    payload = act.raw
                elif act.status != 200:
                    payload = json.dumps({"error": {"message": f"scripted {act.status}", "type": "x"}}).encode()
                else:
                    payload = json.dumps({
                        "id": f"chatcmpl-{n}", "object": "chat.completion", "created": int(time.time()),
                        "model": body.get("model", "scripted"),
                        "choices": [{"index": 0, "finish_reason": act.finish_reason,
                                     "message": {"role": "assistant", "content": act.content or ""}}],
                        "usage": {"prompt_tokens": act.prompt_tokens, "completion_tokens": act.completion_tokens,
                                  "total_tokens": act.prompt_tokens + act.completion_tokens},
                    }).encode()
                try:
                    self.send_response(act.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def calls(self) -> int:
        return len(self.requests)

    def stages(self) -> list[str]:
        """The stage of every request received, in arrival order."""
        return [stage_of(b) for b in self.requests]

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
