"""Candidate blocks for story grouping at feed scale (no all-pairs matrix).

Story grouping (``events.py``) scores document pairs and merges them by
average linkage. Over n documents that is n^2 pairs; past a few thousand
documents it no longer fits in memory. This module cuts the documents into
blocks so the exact rules run only inside each block:

1. TF-IDF content vectors with the same weighting as ``events._scores``
   (unigrams and bigrams, English stop words, sublinear tf, smooth idf, l2),
   but hashed (2^20 features) and with document frequencies counted in
   chunks, so no vocabulary of the whole feed is held in memory.
2. Each document's key terms (its TOP_TERMS highest-weighted features that
   another document also has: mostly names and rare words) go in an inverted index; documents sharing a key
   term are candidate pairs, each document paired with its NEIGHBOURS nearest
   in publication date per term (nearest neighbours within a date window).
   Pairs whose known dates lie more than ``max_days`` apart are dropped (they
   can never share a story); a copy and its original are always a pair.
3. Candidate pairs whose content cosine is at least EDGE_MIN are edges;
   connected components of the edges are blocks. A block larger than
   BLOCK_MAX is cut again with a higher cosine cutoff, and past that in
   input order.

Cost: linear in documents plus the candidate pairs plus sum(block^2), not
n^2. Merges that average linkage would make through many weak links (pair
cosines under EDGE_MIN) can be missed; docs/scale.md has the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from scipy import sparse

from summarizer.models import Document

N_FEATURES = 2**20
TOP_TERMS = 25
NEIGHBOURS = 30
"""Per key term, each document is paired with this many next documents in date order."""
EDGE_MIN = 0.08
"""Content cosine from which a candidate pair links two documents into one block."""
BLOCK_MAX = 300


def _hasher():  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        n_features=N_FEATURES, ngram_range=(1, 2), stop_words="english", alternate_sign=False, norm=None
    )


def content_vectors(texts: Sequence[str], chunk: int = 2000) -> sparse.csr_matrix:
    """l2-normalized TF-IDF rows (sublinear tf, smooth idf) of ``texts`` over hashed uni- and bigrams."""
    hasher = _hasher()
    parts = [hasher.transform(texts[lo : lo + chunk]) for lo in range(0, len(texts), chunk)]
    counts = sparse.vstack(parts).tocsr() if parts else sparse.csr_matrix((0, N_FEATURES))
    df = np.bincount(counts.indices, minlength=N_FEATURES)
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    counts.data = (1.0 + np.log(counts.data)) * idf[counts.indices]
    # row norms in chunks of rows (no squared copy of the feed's vectors); the scaling is the
    # product itself, whose per-row entry order the cosines' sums follow
    norms = np.concatenate([np.empty(0)] + [
        np.sqrt(np.asarray(part.multiply(part).sum(axis=1)).ravel())
        for part in (counts[lo : lo + chunk] for lo in range(0, counts.shape[0], chunk))
    ])
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ counts)


def _key_terms(row_indices: np.ndarray, row_data: np.ndarray, shared: np.ndarray) -> list[int]:
    """The row's TOP_TERMS highest-weighted features among those some other document also has."""
    keep = shared[row_indices]
    row_indices, row_data = row_indices[keep], row_data[keep]
    if row_data.size <= TOP_TERMS:
        return row_indices.tolist()
    top = np.argpartition(-row_data, TOP_TERMS)[:TOP_TERMS]
    return row_indices[top].tolist()


def candidate_pairs(
    tf: sparse.csr_matrix, dates: Sequence[date | None], max_days: int, linked: Sequence[tuple[int, int]] = ()
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) of rows of ``tf`` that share a key term and lie close in publication date.

    Each document's key terms are its TOP_TERMS highest-weighted features. For
    each term, the documents having it as a key term are ordered by date (then
    input order) and each is paired with the next NEIGHBOURS of them: nearest
    neighbours in a publication-date window, so a term many documents share
    costs NEIGHBOURS pairs per document, not its square. Pairs whose known
    dates lie more than ``max_days`` apart are dropped; ``linked`` pairs
    (copy, original) are always kept, and copies do not count when deciding
    that a term is shared.
    """
    n = tf.shape[0]
    # a term only one independent document has links nothing (a copy repeats its original's terms)
    is_copy = np.zeros(n, dtype=bool)
    is_copy[[a for a, _ in linked]] = True
    rows = np.flatnonzero(~is_copy)
    shared = np.bincount(tf[rows].indices, minlength=tf.shape[1]) >= 2
    terms: list[list[int]] = []
    for r in range(n):
        lo, hi = tf.indptr[r], tf.indptr[r + 1]
        terms.append(_key_terms(tf.indices[lo:hi], tf.data[lo:hi], shared))
    owner = np.repeat(np.arange(n, dtype=np.int64), [len(t) for t in terms])
    term = np.fromiter((t for ts in terms for t in ts), dtype=np.int64, count=len(owner))
    del terms
    day = np.array([d.toordinal() if d else 0 for d in dates], dtype=np.int64)
    # postings: each term's documents by (date, input order), unknown dates first
    order = np.lexsort((owner, day[owner], term))
    term, owner = term[order], owner[order]
    codes = [np.array([min(a, b) * n + max(a, b) for a, b in linked if a != b], dtype=np.int64)]
    for step in range(1, NEIGHBOURS + 1):
        a, b = owner[:-step], owner[step:]
        same = term[:-step] == term[step:]
        # sorted by date within a term, so a pair too far apart ends the walk (as every later one is)
        near = (day[a] == 0) | (day[b] == 0) | (day[b] - day[a] <= max_days)
        keep = same & near
        a, b = a[keep], b[keep]
        codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    pairs = np.unique(np.concatenate(codes))
    return pairs // max(n, 1), pairs % max(n, 1)


def pair_cosines(tf: sparse.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 4000) -> np.ndarray:
    """Content cosine of rows ``i[k]`` and ``j[k]`` of ``tf`` (l2-normalized), for each pair k.

    In chunks of pairs: the rows gathered for a chunk are ~7 KB each, so gathering every pair's
    rows at once would hold the candidate pairs times that (GBs at 100,000 documents).
    """
    out = np.zeros(len(i), dtype=np.float64)
    for lo in range(0, len(i), chunk):
        hi = lo + chunk
        out[lo:hi] = np.asarray(tf[i[lo:hi]].multiply(tf[j[lo:hi]]).sum(axis=1)).ravel()
    return out


def _components(n: int, i: np.ndarray, j: np.ndarray) -> list[list[int]]:
    from scipy.sparse.csgraph import connected_components

    graph = sparse.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    return [part.tolist() for part in np.split(order, bounds)]


def blocks(
    docs: Sequence[Document], texts: Sequence[str], dates: Sequence[date | None], max_days: int
) -> tuple[list[list[int]], sparse.csr_matrix]:
    """Blocks of document indexes (each sorted, at most BLOCK_MAX) and the content vectors of ``texts``.

    ``texts`` are the documents' texts as the content score reads them (one per document).
    """
    n = len(docs)
    tf = content_vectors(texts)
    index = {d.id: k for k, d in enumerate(docs)}
    linked = [(k, index[d.duplicate_of]) for k, d in enumerate(docs) if d.duplicate_of in index]  # (copy, original)
    i, j = candidate_pairs(tf, dates, max_days, linked)
    cos = pair_cosines(tf, i, j)
    copy_codes = np.array([min(a, b) * n + max(a, b) for a, b in linked], dtype=np.int64)
    forced = np.isin(i * n + j, copy_codes)
    out: list[list[int]] = []

    def cut(members: list[int], cutoff: float) -> None:
        if len(members) <= BLOCK_MAX:
            out.append(sorted(members))
            return
        if cutoff > 1.0:
            out.extend(sorted(members[k : k + BLOCK_MAX]) for k in range(0, len(members), BLOCK_MAX))
            return
        inside = np.zeros(n, dtype=bool)
        inside[members] = True
        keep = inside[i] & inside[j] & ((cos >= cutoff) | forced)
        local = {g: k for k, g in enumerate(members)}
        li = np.array([local[g] for g in i[keep].tolist()], dtype=np.int64)
        lj = np.array([local[g] for g in j[keep].tolist()], dtype=np.int64)
        for comp in _components(len(members), li, lj):
            cut([members[k] for k in comp], cutoff + 0.05)

    keep = (cos >= EDGE_MIN) | forced
    for comp in _components(n, i[keep], j[keep]):
        cut(comp, EDGE_MIN + 0.05)
    out.sort(key=lambda b: b[0])
    return out, tf
