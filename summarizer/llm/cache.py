"""Persistent SQLite cache of LLM replies, shared safely by concurrent runs.

Keyed by model, base URL, prompt version and a hash of everything sent (messages,
schema, reply limit, temperature), so changing any of them is a miss. WAL mode and
a busy timeout let two processes read and write at once; every write is its own
transaction (``INSERT OR REPLACE`` under autocommit), so an interrupted run leaves
only complete rows behind and the next run resumes from them. Only reply text and
token counts are stored: never headers, never the API key.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError
from summarizer.llm.client import Reply

_SCHEMA = """
CREATE TABLE IF NOT EXISTS replies (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    base_url TEXT NOT NULL,
    prompt TEXT NOT NULL,
    text TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    created REAL NOT NULL
)
"""


@dataclass(frozen=True)
class CacheKey:
    """What identifies one call: the model, the server, the prompt version, the input."""

    model: str
    base_url: str
    prompt: str
    input_hash: str

    @property
    def digest(self) -> str:
        raw = "\x1f".join([self.model, self.base_url, self.prompt, self.input_hash])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def input_hash(payload: Any) -> str:
    """Stable SHA-256 of a JSON-serializable payload (messages, schema, limits)."""
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


class ReplyCache:
    """The cache file ``<cache_dir>/llm_cache.sqlite3``; thread-safe within a process."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = Path(cache_dir) / "llm_cache.sqlite3"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                self.path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA busy_timeout=30000")
            self._conn.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise ConfigError(f"{self.path}: cannot open the LLM cache ({e})") from None
        self._lock = threading.Lock()

    def get(self, key: CacheKey) -> Reply | None:
        """The stored reply for ``key``, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT text, prompt_tokens, completion_tokens FROM replies WHERE key = ?", (key.digest,)
            ).fetchone()
        return Reply(row[0], row[1], row[2]) if row else None

    def put(self, key: CacheKey, reply: Reply) -> None:
        """Store ``reply`` under ``key`` in one atomic write."""
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO replies VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key.digest, key.model, key.base_url, key.prompt, reply.text,
                    reply.prompt_tokens, reply.completion_tokens, time.time(),
                ),
            )

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM replies").fetchone()[0])

    def close(self) -> None:
        """Close the connection (the file stays)."""
        with self._lock:
            self._conn.close()
