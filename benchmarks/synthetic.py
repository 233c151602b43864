"""Synthetic-but-realistic news articles for benchmarks, built offline from examples/articles.

Every content sentence of the bundled example articles goes into a pool.
Articles are grouped into stories: each story renames the proper nouns of the
pool with its own invented names (so stories differ), and each article draws
its own mix of pool sentences (about 800 words) and nudges the numbers, so
articles of one story overlap the way real coverage does without being
copies. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

from summarizer.engines.extractive import is_content
from summarizer.ingest import ingest
from summarizer.segment import segment_document
from summarizer.settings import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
_NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")
_NUMBER = re.compile(r"\b\d+\b")
_SYLLABLES = ["ka", "lo", "ver", "mon", "dri", "sa", "tel", "ori", "bast", "qui", "ne", "rho", "fal", "wen"]


@lru_cache(maxsize=1)
def sentence_pool() -> tuple[str, ...]:
    """Content sentences of the example articles."""
    docs = ingest([str(EXAMPLES)], Settings()).documents
    return tuple(s.text for d in docs for s in segment_document(d).sentences if is_content(s))


def _invented(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def articles(n: int, words: int = 800, per_story: int = 5, seed: int = 0) -> list[tuple[str, bytes]]:
    """``n`` articles as (file name, UTF-8 bytes) pairs, ``per_story`` articles per story."""
    pool = sentence_pool()
    names = sorted({m for s in pool for m in _NAME.findall(s)})
    rng = random.Random(seed)
    out: list[tuple[str, bytes]] = []
    mapping: dict[str, str] = {}
    for i in range(n):
        if i % per_story == 0:
            mapping = {name: _invented(rng) for name in names}
        body: list[str] = []
        count = 0
        while count < words:
            s = rng.choice(pool)
            s = _NAME.sub(lambda m, names=mapping: names.get(m.group(), m.group()) if m.start() else m.group(), s)
            s = _NUMBER.sub(lambda m: str(max(1, int(m.group()) + rng.randint(-3, 3))), s)
            body.append(s)
            count += len(s.split())
        paragraphs = [" ".join(body[k : k + 3]) for k in range(0, len(body), 3)]
        title = f"{mapping.get(names[0], 'Town')} report {i + 1}"
        text = f"---\ntitle: \"{title}\"\nsource: \"Outlet {i % 17 + 1}\"\n---\n\n" + "\n\n".join(paragraphs)
        out.append((f"article_{i + 1:04d}.md", text.encode("utf-8")))
    return out
