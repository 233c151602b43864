"""Hostile and slow inputs: each must end in seconds with a one-line reason, memory bounded.

Builds its own small hostile inputs in a temporary folder (YAML alias bomb,
deep JSON under several names and on stdin, a FIFO named directly and inside
a folder, a folder with self-symlinks walked by ``**``, file names with ANSI
escapes), runs the real CLI on each next to one good article, and starts
local servers on 127.0.0.1 for fetch bombs (gzip twice, zstd, br) and for LLM
faults (a reply dripped one byte every 2 s, a server that never answers
under map-reduce, a 300 MB reply); bombs decode to 256 MB of zeros. Each case runs in its own process so its
peak memory (``ru_maxrss`` via ``os.wait4``) is its own. Prints a Markdown
table: case, seconds, peak MB, outcome (the first stderr line that names it).

    .venv/bin/python benchmarks/bench_hostile.py [--skip-llm]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ART = ("The Merrow Dam on the Orrin River failed late on Thursday, flooding the town of Castlebrook. "
       "Mayor Ilsa Brandt declared a local state of emergency at 2 a.m. on Friday. "
       "Officials said three people died and about 400 residents were evacuated.\n")


def build_inputs(d: Path) -> None:
    (d / "good.md").write_text("---\ntitle: Dam fails\nsource: Valley Wire\n---\n\n" + ART, encoding="utf-8")
    lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for c in "bcdefghi":
        lol.append(f"{c}: &{c} [" + ",".join(["*" + prev] * 9) + "]")
        prev = c
    (d / "laughs.md").write_text("---\n" + "\n".join(lol) + "\ndate: *i\n---\n\n" + ART, encoding="utf-8")
    deep = "[" * 100_000 + "]" * 100_000
    for name in ("deep.json", "deep.dat", "deep.jsonl"):
        (d / name).write_text(deep, encoding="utf-8")
    os.mkfifo(d / "fifo.txt")
    (d / "fifodir").mkdir()
    (d / "fifodir" / "a.txt").write_text(ART.replace("Thursday", "Wednesday"), encoding="utf-8")
    os.mkfifo(d / "fifodir" / "b.txt")
    (d / "loop").mkdir()
    (d / "loop" / "a.txt").write_text(ART.replace("Thursday", "Tuesday"), encoding="utf-8")
    for name in ("x", "y"):
        os.symlink(".", d / "loop" / name)
    (d / "esc").mkdir()
    (d / "esc" / "evil\n\x1b[2J\x1b]0;pwned\x07.txt").write_text("", encoding="utf-8")
    (d / "esc" / "title.md").write_text('---\ntitle: "\\e[2J\\e[41mHIJACK\\e]0;pwned\\a"\n---\n\n' + ART,
                                        encoding="utf-8")


def measure(cmd: list[str], env: dict[str, str] | None = None, stdin: Path | None = None,
            limit: float = 300) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, stderr) of one child process."""
    started = time.monotonic()
    with open(stdin or os.devnull, "rb") as inp, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=err,
                                env={**os.environ, **(env or {})}, cwd=ROOT)
        timer = threading.Timer(limit, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return time.monotonic() - started, usage.ru_maxrss / 1024, proc.returncode, text


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from summarizer.cli import main; main()", "brief", *args]


def pick(stderr: str, *keys: str) -> str:
    for line in stderr.splitlines():
        if any(k in line for k in keys):
            return line.strip()[:150]
    return (stderr.strip().splitlines() or ["(no message)"])[-1][:150]


class _Fetch(BaseHTTPRequestHandler):
    bodies: dict[str, tuple[str, bytes]] = {}

    def log_message(self, *a: object) -> None:
        return

    def do_GET(self) -> None:  # noqa: N802
        enc, body = self.bodies[self.path]
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", enc)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _completion_head() -> bytes:
    return b'{"id":"x","object":"chat.completion","created":0,"model":"m","choices":[{"index":0,' \
           b'"finish_reason":"stop","message":{"role":"assistant","content":"'


class _LLM(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    mode = "drip"

    def log_message(self, *a: object) -> None:
        return

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            if self.mode == "hang":
                time.sleep(3600)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if self.mode == "drip":
                self.send_header("Content-Length", "100000")
                self.end_headers()
                while True:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(2)
            self.send_header("Transfer-Encoding", "chunked")  # huge: 300 MB of content, fast
            self.end_headers()
            parts = [_completion_head()] + [b"A" * (1 << 20)] * 300
            for p in parts:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(p), p))
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            return


def serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, httpd.server_address[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-llm", action="store_true")
    args = parser.parse_args()
    rows: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        build_inputs(d)
        good = str(d / "good.md")
        base = ["-q", "--engine", "extractive", "-o", str(d / "out.md")]
        cases = [
            ("baseline: one good article", cli(*base, good), None, ("error",)),
            ("YAML alias bomb under date:", cli(*base, str(d / "laughs.md"), good), None, ("laughs",)),
            ("deep JSON, .json", cli(*base, str(d / "deep.json"), good), None, ("deep.json",)),
            ("deep JSON, .dat (sniffed)", cli(*base, str(d / "deep.dat"), good), None, ("deep.dat",)),
            ("deep JSON, .jsonl", cli(*base, str(d / "deep.jsonl"), good), None, ("deep.jsonl",)),
            ("deep JSON on stdin", cli(*base, "-", good), d / "deep.dat", ("stdin",)),
            ("FIFO named directly", cli(*base, str(d / "fifo.txt"), good), None, ("fifo",)),
            ("FIFO inside a folder", cli(*base, str(d / "fifodir")), None, ("b.txt",)),
            ("'loop/**/*.txt', two self-symlinks", cli(*base, f"{d}/loop/**/*.txt", good), None, ("error",)),
            ("ANSI escapes in file name and title", cli("--engine", "extractive", "-o", str(d / "o.md"),
                                                       str(d / "esc")), None, ("evil",)),
        ]
        for name, cmd, stdin, keys in cases:
            secs, mb, code, err = measure(cmd, stdin=stdin, limit=120)
            raw_escape = "\x1b" in err
            outcome = f"exit {code}; " + pick(err, *keys) + ("; RAW ESCAPE ON STDERR" if raw_escape else "")
            rows.append((name, secs, mb, outcome))

        zeros = bytes(256 << 20)
        import zstandard

        _Fetch.bodies = {
            "/gzip2": ("gzip, gzip", gzip.compress(gzip.compress(zeros, 9), 9)),
            "/zstd": ("zstd", zstandard.ZstdCompressor(level=3).compress(zeros)),
        }
        try:
            import brotli

            _Fetch.bodies["/br"] = ("br", brotli.compress(zeros, quality=5))
        except ImportError:
            pass
        del zeros
        base_secs, base_mb, _, _ = measure([sys.executable, "-c", "import summarizer.fetch"])
        fetch_srv, fport = serve(_Fetch)
        for path, (enc, body) in _Fetch.bodies.items():
            script = ("import sys; from summarizer.fetch import fetch_url, FetchError\n"
                    f"try:\n    fetch_url('http://127.0.0.1:{fport}{path}', allow_private=True)\n"
                    "except FetchError as e:\n    print(e, file=sys.stderr)\n")
            secs, mb, _, err = measure([sys.executable, "-c", script], limit=120)
            rows.append((f"fetch bomb {enc} ({len(body):,} B -> 256 MB)", secs,
                         mb, f"+{mb - base_mb:.0f} MB over import baseline; " + pick(err, "page")))
        fetch_srv.shutdown()

        if not args.skip_llm:
            llm_base = ["--engine", "llm", "--model", "m", "--no-cache", "-q", "-o", str(d / "l.md")]
            arts = [str(p) for p in sorted((ROOT / "examples" / "articles").iterdir())]
            llm_cases: list[tuple[str, list[str], dict[str, str], list[str]]] = [
                ("drip", ["--timeout", "10"], {"SUMMARIZER_LLM_RETRIES": "1"}, arts[:2]),
                ("hang", ["--timeout", "10", "--run-timeout", "30"],
                 {"SUMMARIZER_LLM_CONTEXT_TOKENS": "1200", "SUMMARIZER_LLM_OUTPUT_TOKENS": "200"}, arts),
                ("huge", ["--timeout", "30"], {}, arts[:2]),
            ]
            for mode, extra, env, files in llm_cases:
                _LLM.mode = mode
                srv, port = serve(_LLM)
                secs, mb, code, err = measure(
                    cli(*llm_base, "--base-url", f"http://127.0.0.1:{port}/v1", *extra, *files), env=env, limit=300)
                srv.shutdown()
                label = {"drip": "LLM reply dripped 1 byte / 2 s (timeout 10 s, 1 retry)",
                         "hang": "LLM server never answers, map-reduce, --run-timeout 30",
                         "huge": "LLM reply of 300 MB"}[mode]
                rows.append((label, secs, mb, f"exit {code}; " + pick(err, "error")))

    print("| case | seconds | peak MB | outcome |")
    print("|---|---|---|---|")
    for name, secs, mb, outcome in rows:
        print(f"| {name} | {secs:.1f} | {mb:.0f} | {outcome.replace('|', '/')} |")
    print(json.dumps({"machine": os.uname().machine, "cpus": os.cpu_count()}))


if __name__ == "__main__":
    main()
