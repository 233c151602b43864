"""Exact and near-duplicate detection over ingested documents.

Syndicated copies (wire stories reprinted with a new intro line, an outlet
footer, or extra paragraphs; trimmed and lightly edited under a new headline)
must not count as independent corroboration, so they are kept but marked
``duplicate_of``. Two rules: whole-text shingle overlap (Jaccard or
containment), and the sentence rule of ``copy_evidence`` for edited copies. Exact copies add nothing and are
dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

SHINGLE_WORDS = 5
"""Shingles are runs of this many consecutive words (lower-cased, punctuation ignored)."""
MIN_CONTAINMENT_SHINGLES = 20
"""Containment only counts when the smaller document has at least this many shingles (~24 words)."""
LSH_MIN_TEXTS = 200
"""From this many texts on, candidate pairs come from MinHash LSH instead of all pairs (below it: exact)."""
LSH_PERM, LSH_BANDS, LSH_ROWS = 128, 64, 2
"""128 permutations in 64 bands of 2 rows: a pair with shingle Jaccard 0.3 becomes a candidate with
probability 1 - (1 - 0.3**2)**64 = 0.998, at 0.2 with 0.93; unrelated texts (Jaccard ~0) almost never."""
LSH_BUCKET_CAP = 500
SENTENCE_CANDIDATE_MIN_WORDS, SENTENCE_CANDIDATE_SHARED, SENTENCE_CANDIDATE_CAP = 8, 2, 50
"""Sentence candidates (added to LSH's): two texts sharing at least 2 identical sentences of 8+ words
(lower-cased, punctuation ignored); a sentence found in more than 50 texts (boilerplate) proposes no
pair. They catch edited copies whose whole-text Jaccard (~0.18-0.2) is at LSH's edge: on 2,000
generated articles LSH alone found 301 of the 309 copies all pairs find, with these 309
(docs/decisions.md)."""
"""A band bucket holding more texts pairs each member with only the first this-many (the earliest)."""
_BASE = np.uint64(1_000_003)
_WORD_RE = re.compile(r"\w+")


def exact_key(text: str) -> str:
    """Key under which two texts are exact duplicates: the text with all whitespace runs as one space."""
    return " ".join(text.split())


@dataclass(frozen=True)
class NearDuplicate:
    """Document ``index`` copies the earlier document ``original`` (indexes into the input list)."""

    index: int
    original: int
    matched: int
    jaccard: float
    containment: float
    by_containment: bool
    """True when only the containment rule (not Jaccard) made this a copy."""
    shared_sentences: int = 0
    """Set when the sentence rule (``copy_evidence``) made this a copy: sentences of the copy found in the original."""


def _shingle_keys(words: list[int]) -> np.ndarray:
    """Distinct 64-bit keys of the SHINGLE_WORDS-word windows of a sequence of word ids."""
    ids = np.asarray(words, dtype=np.uint64)
    n = len(ids) - SHINGLE_WORDS + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    keys = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE_WORDS):  # polynomial rolling key, wrapping modulo 2**64
        keys = keys * _BASE + ids[k : k + n]
    return np.unique(keys)


def shingle_matrix(texts: Sequence[str]) -> sparse.csr_matrix:
    """Binary document x shingle matrix: one row per text, one column per distinct shingle.

    Words are ``\\w+`` runs of the lower-cased text, so punctuation, case and
    line breaks do not matter. Built with numpy rather than scikit-learn's
    HashingVectorizer: about 3x faster here and it avoids a 2 s import.
    """
    vocab: dict[str, int] = {}
    per_text = [
        _shingle_keys([vocab.setdefault(w, len(vocab)) for w in _WORD_RE.findall(t.lower())]) for t in texts
    ]
    del vocab
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(k) for k in per_text])
    if indptr[-1] == 0:
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
    keys = np.concatenate(per_text)
    del per_text
    # column = rank of the shingle among the feed's distinct shingles (np.unique's inverse, with
    # 4-byte columns and no 8-byte temporaries of every shingle beyond the sorted copy)
    distinct = np.sort(keys)
    distinct = distinct[np.concatenate(([True], distinct[1:] != distinct[:-1]))]
    columns = np.empty(len(keys), dtype=np.int32)
    for lo in range(0, len(keys), 1 << 22):
        columns[lo : lo + (1 << 22)] = np.searchsorted(distinct, keys[lo : lo + (1 << 22)])
    del keys
    data = np.ones(len(columns), dtype=np.float32)  # counts of shared shingles are exact in float32
    return sparse.csr_matrix((data, columns, indptr), shape=(len(texts), len(distinct)))


COPY_SENTENCE_SHARE = 0.5
"""Share of the later text's sentences found (after trimming) in the earlier one that makes it a copy."""
COPY_SENTENCE_SHARE_CREDITED = 0.3
"""The same share when the later text credits the wire service the earlier one is from."""
MIN_COPY_SENTENCES = 4
"""Fewest shared sentences for the sentence rule: two reports quoting one statement are not copies."""
SENTENCE_MATCH = 0.7
"""A sentence is found in the other text when this share of its word 3-grams occurs there."""
CANDIDATE_CONTAINMENT = 0.2
"""Shingle containment from which a pair is checked with the sentence rule (bounds its cost)."""

_SENTENCE_RE = re.compile(r"(?<=[.!?\"”])\s+(?=[\"“A-Z0-9ÁÉÍÓÚÑ])|\n\s*\n")
_CREDIT_RE = re.compile(
    r"\((?P<a>[A-Z][\w&.'’ -]{1,40}?)\)\s*[—–-]|(?:material from|contributed to this report|reporting by|"
    r"according to a report by|with files from|from)\s+(?P<b>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})"
)
_WIRES = ("Wire", "Press", "News", "Agency", "Agencia", "Presse", "Reuters", "AP", "AFP", "dpa", "EFE")


def wire_credits(text: str) -> set[str]:
    """Wire services a text credits: a dateline credit "CASTLEBROOK (Valley Wire) —" or a
    tagline "This report contains material from Valley Wire." (lower-cased names)."""
    out = set()
    for m in _CREDIT_RE.finditer(text):
        name = (m.group("a") or m.group("b") or "").strip(" .")
        if any(w in name.split() for w in _WIRES):
            out.add(name.lower())
    return out


def _sentence_grams(text: str) -> list[set[tuple[str, ...]]]:
    """Word 3-grams of each sentence of ``text`` with eight words or more (datelines trimmed)."""
    out = []
    for sent in _SENTENCE_RE.split(text):
        sent = re.sub(r"^[^—–]{0,80}[—–]\s*", "", sent) if re.match(r"^[A-Z][A-Z ,.'()0-9]+", sent) else sent
        words = _WORD_RE.findall(sent.lower())
        if len(words) >= 8:
            out.append({tuple(words[k:k + 3]) for k in range(len(words) - 2)})
    return out


# texts whose sentence 3-grams the copy rule keeps at once: a bound on memory at feed scale (about
# 80 KB a text of 800 words), large enough that a 1,000-article run reads each text once (a cache
# emptied for every original read each later text again: 34,281 reads for 1,000 articles)
GRAM_CACHE_TEXTS = 1024


class _GramCache(OrderedDict[str, list[set[tuple[str, ...]]]]):
    """A dict that forgets its oldest entry past ``limit`` entries."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: str, value: list[set[tuple[str, ...]]]) -> None:
        super().__setitem__(key, value)
        if len(self) > self.limit:
            self.popitem(last=False)


def copy_evidence(original: str, later: str, grams: dict[str, list[set[tuple[str, ...]]]] | None = None) -> int:
    """The copy decision for one pair: how many of ``later``'s sentences it shares with ``original``
    (after trimming datelines and credits), or 0 when ``later`` is not a copy.

    ``later`` copies ``original`` when at least MIN_COPY_SENTENCES of its sentences, and at least
    COPY_SENTENCE_SHARE of them (COPY_SENTENCE_SHARE_CREDITED when both credit the same wire service),
    each have SENTENCE_MATCH of their word 3-grams in ``original``: a trimmed, lightly edited copy with
    a new headline and a new first paragraph. Candidate pairs come from ``find_near_duplicates``; this
    function is the rule alone, so another candidate generator (MinHash LSH) can call it unchanged.
    """
    cache = grams if grams is not None else {}
    for t in (original, later):
        if t not in cache:
            cache[t] = _sentence_grams(t)
    mine = cache[later]
    if len(mine) < MIN_COPY_SENTENCES:
        return 0
    theirs: set[tuple[str, ...]] = set().union(*cache[original]) if cache[original] else set()
    shared = sum(1 for g in mine if g and len(g & theirs) / len(g) >= SENTENCE_MATCH)
    credited = bool(wire_credits(later) & wire_credits(original))
    need = COPY_SENTENCE_SHARE_CREDITED if credited else COPY_SENTENCE_SHARE
    return shared if shared >= MIN_COPY_SENTENCES and shared / len(mine) >= need else 0


def minhash_signatures(x: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """(rows, signatures): the rows of the shingle matrix ``x`` that have a shingle, and each one's
    LSH_PERM MinHash values (datasketch ``MinHash`` of the row's shingle column ids) as one array row.

    Only the compact values are kept (LSH_PERM x 4 or 8 bytes per text), not datasketch objects.
    """
    from datasketch import MinHash

    base = MinHash(num_perm=LSH_PERM, seed=1, hashfunc=int)
    rows = np.flatnonzero(np.diff(x.indptr) > 0)
    signatures = np.empty((len(rows), LSH_PERM), dtype=base.hashvalues.dtype)
    for k, r in enumerate(rows.tolist()):
        m = MinHash(num_perm=LSH_PERM, permutations=base.permutations, hashfunc=int, scheme=base.scheme)
        m.update_batch(x.indices[x.indptr[r] : x.indptr[r + 1]].tolist())
        signatures[k] = m.hashvalues
    return rows, signatures


def _group_pairs(order: np.ndarray, starts: np.ndarray, sizes: np.ndarray, n: int, cap: int) -> np.ndarray:
    """Codes ``a * n + b`` of the pairs inside each group of ``order[starts[g] : starts[g] + sizes[g]]``
    (members ascending): each member with every earlier one, or only the first ``cap`` of them."""
    out = [np.empty(0, dtype=np.int64)]
    for size in np.unique(sizes[sizes >= 2]).tolist():
        members = order[starts[sizes == size][:, None] + np.arange(size)]  # groups x size, ascending rows
        first, second = np.triu_indices(size, k=1)
        if size > cap + 1:
            keep = first < np.minimum(second, cap)
            first, second = first[keep], second[keep]
        out.append((members[:, first] * n + members[:, second]).ravel())
    return np.unique(np.concatenate(out))


def _runs(keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order, starts, sizes) of the runs of equal key tuples; ``order`` sorts by key, then by index."""
    order = np.lexsort([*keys[::-1]]) if len(keys) > 1 else np.argsort(keys[0], kind="stable")
    change = np.zeros(len(order), dtype=bool)
    if len(order):
        change[0] = True
        for k in keys:
            change[1:] |= k[order][1:] != k[order][:-1]
    starts = np.flatnonzero(change)
    sizes = np.diff(np.append(starts, len(order)))
    return order.astype(np.int64), starts, sizes


def lsh_candidate_pairs(x: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j, sorted) of rows of the shingle matrix ``x`` that share a MinHash LSH band bucket.

    The rows' MinHash signatures (``minhash_signatures``) are cut into
    LSH_BANDS bands of LSH_ROWS values; rows with equal values in a band share
    that band's bucket (as in ``datasketch.MinHashLSH``, done here with numpy
    sorts so the index is arrays, not objects). Every bucket with two or more
    rows yields its pairs (a bucket over LSH_BUCKET_CAP pairs each member with
    only the first LSH_BUCKET_CAP). Cost is linear in texts plus the candidate
    pairs, not all n^2 pairs.
    """
    n = x.shape[0]
    rows, signatures = minhash_signatures(x)
    codes = [np.empty(0, dtype=np.int64)]
    for band in range(LSH_BANDS):
        cols = signatures[:, band * LSH_ROWS : (band + 1) * LSH_ROWS]
        order, starts, sizes = _runs([cols[:, c] for c in range(cols.shape[1])])
        local = _group_pairs(order, starts, sizes, len(rows), LSH_BUCKET_CAP)
        codes.append(rows[local // max(len(rows), 1)] * n + rows[local % max(len(rows), 1)])
    pairs = np.unique(np.concatenate(codes))
    return pairs // max(n, 1), pairs % max(n, 1)


def sentence_candidate_pairs(texts: Sequence[str]) -> set[tuple[int, int]]:
    """Pairs (i < j) of texts sharing SENTENCE_CANDIDATE_SHARED identical sentences (see the constants).

    An inverted index of sentence hashes (numpy arrays of 8-byte hashes and text numbers, sorted):
    linear in the sentences, plus at most SENTENCE_CANDIDATE_CAP^2 / 2 pairs per distinct sentence.
    """
    i, j = _sentence_pair_arrays(texts)
    return set(zip(i.tolist(), j.tolist(), strict=True))


def _sentence_pair_arrays(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    from array import array

    keys, owners = array("Q"), array("q")
    for r, text in enumerate(texts):
        mine = set()
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            words = _WORD_RE.findall(sentence.lower())
            if len(words) >= SENTENCE_CANDIDATE_MIN_WORDS:
                mine.add(int.from_bytes(hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()))
        keys.extend(sorted(mine))
        owners.extend([r] * len(mine))
    n = len(texts)
    key_arr, owner_arr = np.frombuffer(keys, dtype=np.uint64), np.frombuffer(owners, dtype=np.int64)
    order, starts, sizes = _runs([key_arr])
    sizes = np.where(sizes <= SENTENCE_CANDIDATE_CAP, sizes, 0)  # boilerplate proposes nothing
    codes = _pair_codes_with_repeats(owner_arr[order], starts, sizes, n)
    pairs, counts = np.unique(codes, return_counts=True)
    pairs = pairs[counts >= SENTENCE_CANDIDATE_SHARED]
    return pairs // max(n, 1), pairs % max(n, 1)


def _pair_codes_with_repeats(members: np.ndarray, starts: np.ndarray, sizes: np.ndarray, n: int) -> np.ndarray:
    """Codes ``a * n + b`` of every pair (a < b) inside each group, one per group it occurs in."""
    out = [np.empty(0, dtype=np.int64)]
    for size in np.unique(sizes[sizes >= 2]).tolist():
        group = members[starts[sizes == size][:, None] + np.arange(size)]
        group.sort(axis=1)
        first, second = np.triu_indices(size, k=1)
        out.append((group[:, first] * n + group[:, second]).ravel())
    return np.concatenate(out)


def shared_shingles(x: sparse.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 20_000) -> np.ndarray:
    """Exact count of shingles rows ``i[k]`` and ``j[k]`` of ``x`` have in common, for each pair k."""
    out = np.zeros(len(i), dtype=np.float64)
    for lo in range(0, len(i), chunk):
        hi = lo + chunk
        out[lo:hi] = np.asarray(x[i[lo:hi]].multiply(x[j[lo:hi]]).sum(axis=1)).ravel()
    return out


SCORE_CHUNK = 1 << 20
"""Candidate pairs scored at once (LSH path)."""


def _score_pairs(
    i: np.ndarray, j: np.ndarray, shared: np.ndarray, sizes: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, jaccard, containment, hit) of the pairs that share a shingle and are a copy by the
    shingle rules (``hit``) or may be one by the sentence rule (containment >= CANDIDATE_CONTAINMENT);
    the other pairs can never be copies and are dropped here."""
    shared = np.asarray(shared, dtype=np.float64)
    keep = shared > 0
    i, j, shared = i[keep], j[keep], shared[keep]
    smaller = np.minimum(sizes[i], sizes[j])
    jaccard = shared / (sizes[i] + sizes[j] - shared)
    containment = shared / np.maximum(smaller, 1.0)
    hit = (jaccard >= threshold) | ((containment >= threshold) & (smaller >= MIN_CONTAINMENT_SHINGLES))
    worth = hit | (containment >= CANDIDATE_CONTAINMENT)
    return i[worth], j[worth], jaccard[worth], containment[worth], hit[worth]


def find_near_duplicates(
    texts: Sequence[str], threshold: float, *, candidates: str = "auto"
) -> list[NearDuplicate]:
    """Mark each text that copies an earlier one.

    The rule, for a later text B and an earlier text A, with S(x) the set of
    word 5-gram shingles of x:

    * Jaccard(A, B) = |S(A) & S(B)| / |S(A) | S(B)|, and
    * containment(A, B) = |S(A) & S(B)| / min(|S(A)|, |S(B)|);

    B is a near-duplicate of A when Jaccard >= ``threshold``, or when
    containment >= ``threshold`` and the smaller text has at least
    MIN_CONTAINMENT_SHINGLES shingles (so an article that reprints another
    whole and adds its own paragraphs is caught, but two texts that share one
    quoted sentence are not). Texts with no shingle (fewer than five words)
    never match here; exact copies are handled separately.

    When B matches several earlier texts, the best Jaccard among those that
    are not themselves copies wins; if all are copies, B points to the
    original of the best match, so ``original`` is always an independent text.

    Which pairs are scored (``candidates``): "all" scores every pair with one
    sparse matrix product (1,000 texts of 800 words in a fraction of a
    second); "lsh" scores only the pairs MinHash LSH proposes
    (``lsh_candidate_pairs``) and the texts sharing two identical sentences
    (``sentence_candidate_pairs``), exactly, with the same rules; "auto" (default)
    is "all" below LSH_MIN_TEXTS texts, else "lsh". LSH proposes pairs from a
    shingle Jaccard of about 0.2; a short text reprinted inside one five times
    its size (containment high, Jaccard low) can escape it.
    """
    n = len(texts)
    if n < 2:
        return []
    x = shingle_matrix(texts)
    sizes = np.diff(x.indptr).astype(np.float64)
    if candidates == "all" or (candidates == "auto" and n < LSH_MIN_TEXTS):
        inter = sparse.triu(x @ x.T, k=1).tocoo()
        i, j, jaccard, containment, hit = _score_pairs(inter.row, inter.col, inter.data, sizes, threshold)
    else:
        li, lj = lsh_candidate_pairs(x)
        si, sj = _sentence_pair_arrays(texts)
        codes = np.union1d(li * n + lj, si * n + sj)  # sorted by (i, j), as the all-pairs path
        del li, lj, si, sj
        parts = []
        for lo in range(0, max(len(codes), 1), SCORE_CHUNK):  # in chunks: memory O(chunk + pairs kept)
            ci, cj = codes[lo : lo + SCORE_CHUNK] // n, codes[lo : lo + SCORE_CHUNK] % n
            parts.append(_score_pairs(ci, cj, shared_shingles(x, ci, cj), sizes, threshold))
        del codes
        i, j, jaccard, containment, hit = (np.concatenate(column) for column in zip(*parts, strict=True))
    by_sentences: dict[tuple[int, int], int] = {}
    grams = _GramCache(GRAM_CACHE_TEXTS)  # each text's sentences read once while it stays in the cache
    check = np.flatnonzero(~hit & (containment >= CANDIDATE_CONTAINMENT))
    for k in check[np.argsort(i[check], kind="stable")].tolist():
        shared_n = copy_evidence(texts[int(i[k])], texts[int(j[k])], grams)
        if shared_n:
            hit[k] = True
            by_sentences[(int(i[k]), int(j[k]))] = shared_n
    i, j, jaccard, containment = i[hit], j[hit], jaccard[hit], containment[hit]
    order = np.lexsort((-jaccard, j))
    i, j, jaccard, containment = i[order], j[order], jaccard[order], containment[order]

    original = np.full(n, -1, dtype=np.int64)
    found: list[NearDuplicate] = []
    later, starts = np.unique(j, return_index=True)
    bounds = [*starts.tolist(), len(j)]
    for k, b in enumerate(later.tolist()):
        lo, hi = bounds[k], bounds[k + 1]
        cand = i[lo:hi]
        roots = np.flatnonzero(original[cand] < 0)
        pick = lo + (int(roots[0]) if roots.size else 0)  # rows are sorted by Jaccard, best first
        a = int(i[pick])
        root = a if original[a] < 0 else int(original[a])
        original[b] = root
        jac = float(jaccard[pick])
        found.append(NearDuplicate(b, root, a, jac, float(containment[pick]), jac < threshold,
                                   by_sentences.get((a, b), 0)))
    return found
