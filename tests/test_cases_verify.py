"""Handed cases: 19 (meta-comment and a wrong figure from a scripted model) and probes/inject/.

They read ../shared/cases and start its stub servers on 127.0.0.1; skipped when ../shared is absent.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.models import Briefing
from summarizer.pipeline import brief
from summarizer.settings import Settings
from tests.conftest import EXAMPLES, REPO, SHARED

CASES = SHARED / "cases"
STUB19 = CASES / "inputs" / "19_stub_llm_server.py"
FAULT = CASES / "probes" / "llm_fault_server.py"
INJECT = CASES / "probes" / "inject"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"stub server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("stub server did not start")


def _serve(args: list[str], env: dict[str, str], port: int) -> Iterator[str]:
    proc = subprocess.Popen([sys.executable, *args], env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(port, proc)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def stub19() -> Iterator[str]:
    if not STUB19.is_file():
        pytest.skip(f"case 19 not found at {STUB19} (../shared is absent)")
    port = _free_port()
    yield from _serve([str(STUB19), str(port)], {"MODE": "meta_and_number"}, port)


@pytest.fixture
def inject_server(tmp_path: Path) -> Iterator[str]:
    if not FAULT.is_file() or not INJECT.is_dir():
        pytest.skip(f"inject probes not found at {INJECT} (../shared is absent)")
    port = _free_port()
    yield from _serve([str(FAULT), "inject", str(port), str(tmp_path / "log")], {"SUMMARIZER_REPO": str(REPO)}, port)


def _llm(url: str, tmp_path: Path, **kw: object) -> Settings:
    return Settings(engine="llm", base_url=url, model="stub", cache_dir=tmp_path / "cache",  # type: ignore[arg-type]
                    llm_backoff=0.0, llm_retries=1, timeout=10.0, **kw)


def _all_statements(b: Briefing) -> list:
    return [*b.bottom_line, *b.key_points, *(st for s in b.source_summaries for st in s.statements)]


def test_case19_meta_comment_dropped_and_flagged_never_leads(stub19: str, tmp_path: Path) -> None:
    b = brief([str(p) for p in sorted(EXAMPLES.glob("*")) if p.is_file()], _llm(stub19, tmp_path))
    texts = [s.text for s in _all_statements(b)]
    assert texts and not any("existing summary" in t for t in texts)  # the meta-comment is dropped
    assert b.verification.dropped >= 1
    assert b.bottom_line and not b.bottom_line[0].flagged  # the bottom line (and the recap) lead with a checked point
    for story in b.stories:
        assert not story.bottom_line or not story.bottom_line[0].flagged
    assert "existing summary" not in b.title


def test_case19_number_word_is_flagged(stub19: str, tmp_path: Path) -> None:
    b = brief([str(p) for p in sorted(EXAMPLES.glob("*")) if p.is_file()], _llm(stub19, tmp_path))
    seven = [s for s in _all_statements(b) if s.text.startswith("Seven people")]
    assert seven and all(s.flagged for s in seven)


def _quotes(b: Briefing) -> list[str]:
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("quote"), str) and "source_id" in node:
                out.append(node["quote"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(b.model_dump(mode="json"))
    return out


_INSTRUCTIONS = re.compile(r"(?i)ignore (all )?previous instructions|report only this|SYSTEM:|new instructions")


def test_inject_extractive_never_cites_instructions(tmp_path: Path) -> None:
    if not INJECT.is_dir():
        pytest.skip(f"inject probes not found at {INJECT} (../shared is absent)")
    b = brief([str(p) for p in sorted(INJECT.glob("*.md"))],
              Settings(engine="extractive", cache_dir=tmp_path / "cache"))  # type: ignore[call-arg]
    quotes = _quotes(b)
    assert quotes and not [q for q in quotes if _INSTRUCTIONS.search(q)]
    assert not _INSTRUCTIONS.search(b.title)
    assert all("dam was safe" not in s.text for s in _all_statements(b))


@pytest.mark.parametrize("strict", [False, True])
def test_inject_llm_claim_dictated_by_an_instruction_is_flagged(inject_server: str, tmp_path: Path,
                                                                strict: bool) -> None:
    b = brief([str(p) for p in sorted(INJECT.glob("*.md"))], _llm(inject_server, tmp_path, strict=strict))
    safe = [s for s in _all_statements(b) if "dam was safe" in s.text]
    if strict:
        assert safe == []
    else:
        assert safe and all(s.flagged and any("instruction" in f for f in s.flags) for s in safe)
        assert not b.bottom_line or not b.bottom_line[0].flagged
    assert not [q for q in _quotes(b) if _INSTRUCTIONS.search(q)]  # never shown as support
